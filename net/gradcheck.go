package net

import (
	"math"

	"dlfs/tensor"
)

// GradientDiff compares two gradients of one parameter.
type GradientDiff struct {
	Name      string
	Mean, Max float64 // mean and largest |a - b| over the elements
}

// CompareGradients returns, for each parameter, how far the gradients a and
// b (in Params order) are apart: the gradient check of chapter 5, with a a
// numerical gradient and b one from backpropagation. It panics if a shape
// differs.
func CompareGradients(params []Param, a, b []*tensor.Tensor) []GradientDiff {
	out := make([]GradientDiff, len(params))
	for i, p := range params {
		d := tensor.Sub(nil, a[i], b[i])
		sum, mx := 0.0, 0.0
		for _, v := range d.Data() {
			sum += math.Abs(v)
			mx = math.Max(mx, math.Abs(v))
		}
		out[i] = GradientDiff{Name: p.Name, Mean: sum / float64(max(d.Size(), 1)), Max: mx}
	}
	return out
}
