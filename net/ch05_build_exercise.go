//go:build exercise

// Chapter 5's exercises that build something new rather than retell the
// book's code: a graph with a fork (§5.4.2), a layer of your own (§5.5) and
// a gradient check that can catch its bugs (§5.7.3) (tutorial/exercises.md,
// "Exercises that build"). Replace each panic with your code; grade them
// with
//
//	go test -tags exercise ./net -run 'Ch05_Exercise_(UsedTwice|LeakyReLU|CheckLayer)'

package net

import (
	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// UsedTwice is the computational graph of f(x, y) = (x + y)·x, built from
// the nodes of §5.4: an AddLayer and a MulLayer (§5.4.2). Give it the
// fields it needs.
type UsedTwice struct {
}

// Forward returns f(x, y) = (x + y)·x, computed through the graph's nodes.
func (g *UsedTwice) Forward(x, y float64) float64 {
	panic(exercise.Todo("net.UsedTwice.Backward"))
}

// Backward returns dout·∂f/∂x and dout·∂f/∂y at the point of the last
// Forward, by running the nodes backward: no derivative worked out by hand.
//
// Hint: draw the graph first. x goes into two nodes; what reaches x from
// each of them?
func (g *UsedTwice) Backward(dout float64) (dx, dy float64) {
	panic(exercise.Todo("net.UsedTwice.Backward"))
}

// Backward returns ∂L/∂x for ∂L/∂out = dout (§5.5), where Forward computed
// out = x for x > 0 and α·x for x ≤ 0 (α = l.Alpha). Work out ∂out/∂x on
// each side of 0 first.
//
// Hint: Forward kept a copy of its input in l.x; ReluLayer.Backward shows
// how to fill l.dx. Then check it with your CheckLayer (§5.7.3).
func (l *LeakyReLULayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.LeakyReLULayer.Backward"))
}

// CheckLayer is a gradient check of one layer at the input x (§5.7.3):
// for a scalar loss L of the layer's output, of your choosing, it returns
// the largest |backprop - numerical| over the elements of ∂L/∂x, the
// backprop side from l.Backward and the numerical side from
// NumericalGradient. A correct layer must come out near 1e-9 and a broken
// one far above 1e-3, whatever its bug. x must be left as it was.
//
// Hint: with L = Σ out, dout is 1 everywhere: which broken Backward would
// then pass? Which Forward does the layer remember when Backward runs?
// And the output may not have x's shape.
func CheckLayer(l Layer, x *tensor.Tensor) float64 {
	panic(exercise.Todo("net.CheckLayer"))
}
