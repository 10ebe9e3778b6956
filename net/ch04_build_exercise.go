//go:build exercise

// An exercise of chapter 4 that builds rather than retells: a batch's
// accuracy (tutorial/exercises.md, "Exercises that build"). Replace the
// panic with your code; grade it with
//
//	go test -tags exercise ./net -run Ch04_Exercise_Accuracy

package net

import (
	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// accuracy returns the fraction of rows of y (N, classes) whose largest
// score is at the target class, as the book's accuracy (§4.5.2). t holds
// the targets as one-hot rows (N, classes) or as N class labels (a 1-D
// tensor of 0, 1, 2, ...). A tie goes to the first largest score, as
// np.argmax does. y may be a view, such as the transpose of note 001's
// (classes, N) scores.
//
// Hint: tensor.ArgmaxAxis is np.argmax(·, axis=…). How do you tell the
// two kinds of t apart? And mind what Go does with int / int.
func accuracy(y, t *tensor.Tensor) float64 {
	panic(exercise.Todo("net.accuracy"))
}
