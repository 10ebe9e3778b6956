// Package exercise is the classroom mode of dlfs: the functions a student
// writes after reading a section, the "not attempted" signal their empty
// stubs raise, and the helpers that carry that signal out of goroutines so
// that the replay and the graders can report it instead of crashing.
//
// Each exercise exists twice in its package: the reference in a file
// *_solution.go (built by default, //go:build !exercise) and a stub in
// *_exercise.go (built with -tags exercise), whose body is
//
//	panic(exercise.Todo("net.NumericalDiff"))
//
// until the student replaces it. See tutorial/exercises.md.
package exercise
