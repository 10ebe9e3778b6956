//go:build exercise

package exercise

// StudentMode reports whether the program was built with -tags exercise,
// running the student's versions of the exercises instead of the
// reference solutions.
const StudentMode = true
