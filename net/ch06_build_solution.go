package net

import (
	"math"
	"math/rand/v2"

	"dlfs/tensor"
)

// HeInit returns a (nIn, nOut) weight matrix drawn from N(0, 2/nIn).
//dlfs:exercise net.HeInit
func HeInit(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
	// A unit sums nIn terms w·z; ReLU zeroes half of z, so Var(w) = 2/nIn
	// keeps the variance of the activations from layer to layer.
	return tensor.RandN(rng, math.Sqrt(2/float64(nIn)), nIn, nOut)
}
