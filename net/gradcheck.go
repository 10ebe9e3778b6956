package net

import (
	"math"
	"math/rand/v2"

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

// CheckLayer returns max |backprop - numerical| of ∂L/∂x at x, for the
// loss L = Σ w ⊙ l.Forward(x) with fixed random weights w.
//
//dlfs:exercise net.CheckLayer
func CheckLayer(l Layer, x *tensor.Tensor) float64 {
	// With L = Σ out, dout would be all ones, and a Backward that forgot
	// to multiply by dout would pass. Weights all different catch it.
	w := tensor.RandN(rand.New(rand.NewPCG(1, 2)), 1, l.Forward(x).Shape()...)
	loss := func(x *tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, w, l.Forward(x))) }
	num := NumericalGradient(loss, x)
	l.Forward(x) // the last Forward of NumericalGradient was at a nudged x
	return tensor.MaxAbsDiff(num, l.Backward(w))
}
