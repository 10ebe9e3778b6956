// Package grade turns the tests of exercises into grades: a stub that is
// still empty reports "not attempted", a wrong answer reports what was
// expected and what came back, and a panic in the student's code reports
// where it happened, without stopping the other graders.
package grade
