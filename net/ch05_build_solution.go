package net

import (
	"math/rand/v2"

	"dlfs/tensor"
)

// UsedTwice is f(x, y) = (x + y)·x built from an AddLayer and a MulLayer.
//dlfs:exercise net.UsedTwice
type UsedTwice struct {
	add AddLayer
	mul MulLayer
}

// Forward returns f(x, y) = (x + y)·x.
//dlfs:exercise net.UsedTwice
func (g *UsedTwice) Forward(x, y float64) float64 {
	a := g.add.Forward(x, y)
	return g.mul.Forward(a, x)
}

// Backward returns dout·∂f/∂x and dout·∂f/∂y: the nodes in reverse order,
// and x's two gradients summed where it forks.
//dlfs:exercise net.UsedTwice
func (g *UsedTwice) Backward(dout float64) (dx, dy float64) {
	da, dxMul := g.mul.Backward(dout)
	dxAdd, dy := g.add.Backward(da)
	return float64(dxAdd) + float64(dxMul), dy
}

// Backward lets dout through where x > 0 and passes α·dout where x ≤ 0.
//dlfs:exercise net.LeakyReLULayer.Backward
func (l *LeakyReLULayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = like(l.dx, dout)
	d, x := dout.Contiguous().Data(), l.x.Data()
	dx := l.dx.Data()[:len(d)]
	x = x[:len(d)]
	for i, g := range d {
		if x[i] > 0 {
			dx[i] = g
		} else {
			dx[i] = l.Alpha * g // the slope α on the left, 0 included
		}
	}
	return l.dx
}

// CheckLayer returns max |backprop - numerical| of ∂L/∂x at x, for the
// loss L = Σ w ⊙ l.Forward(x) with fixed random weights w.
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
