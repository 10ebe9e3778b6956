//go:build exercise

// An exercise of chapter 6 that builds rather than retells: He's
// initialization (tutorial/exercises.md, "Exercises that build"). Replace
// the panic with your code; grade it with
//
//	go test -tags exercise ./net -run Ch06_Exercise_HeInit

package net

import (
	"math/rand/v2"

	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// HeInit returns the weight matrix (nIn, nOut) of a layer with nIn inputs
// and nOut outputs followed by ReLU: normal random numbers with mean 0 and
// He's standard deviation (§6.2), drawn from rng only, so that the same
// seed gives the same matrix.
//
// Hint: choose the deviation so that a unit's input keeps the variance of
// the layer before it. The unit sums how many products w·z, and what does
// ReLU do to half of the z? Note 001 puts the wrong n under the root (see
// InitColumns). tensor.RandN draws the numbers.
func HeInit(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
	panic(exercise.Todo("net.HeInit"))
}
