//go:build !exercise

// The reference solution of chapter 6's exercise that builds: He's
// initialization. With -tags exercise, ch06_build_exercise.go replaces this
// file (tutorial/exercises.md, "Exercises that build").

package net

import (
	"math"
	"math/rand/v2"

	"dlfs/tensor"
)

// HeInit returns a (nIn, nOut) weight matrix drawn from N(0, 2/nIn).
func HeInit(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
	// A unit sums nIn terms w·z; ReLU zeroes half of z, so Var(w) = 2/nIn
	// keeps the variance of the activations from layer to layer.
	return tensor.RandN(rng, math.Sqrt(2/float64(nIn)), nIn, nOut)
}
