package exercise

// StudentMode reports whether this is a students' copy (tutorial/teaching.md,
// "Handing out"), whose exercises are stubs for the student to write: the
// replay then runs the graders of what each section uses and says which
// exercises it still needs. The copy's generator turns the line below to
// true; nothing else may.
const StudentMode = false
