//go:build exercise

// Chapter 4's exercises (tutorial/exercises.md). Replace each panic with
// your code; grade them with
//
//	go test -tags exercise ./net -run Ch04_Exercise
//
// and watch them work with go run -tags exercise . -chapter=4.

package net

import (
	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// crossEntropyLabels returns -(1/N) Σn log(y[n][labels[n]] + 1e-7) for the
// probabilities y (N, classes) and one label per row (§4.2.3).
//
// Hint: only the correct class of each row counts; y.At(n, labels[n]) reads
// it. Add delta (1e-7) inside the log, and divide by N: the mean, not the sum.
func crossEntropyLabels(y *tensor.Tensor, labels []int) float64 {
	panic(exercise.Todo("net.crossEntropyLabels"))
}

// NumericalDiff returns the central difference (f(x+h) - f(x-h)) / 2h with
// h = H (§4.3.1).
//
// Hint: one line. Why H = 1e-4 and not 1e-50? Try it.
func NumericalDiff(f func(float64) float64, x float64) float64 {
	panic(exercise.Todo("net.NumericalDiff"))
}

// NumericalGradient returns ∂f/∂x for every element of x, with x's shape,
// by the central difference along one element at a time; x must be left
// exactly as it was (§4.4). f reads x: it is called with x itself.
//
// Hint: grad := tensor.New(x.Shape()...); it := x.Iter() and g :=
// grad.Iter() walk both in the same order: for it.Next() { g.Next(); ... }.
// Save it.Value(), set it to value+H, call f(x), set value-H, call f(x),
// write the difference with g.Set, and restore the value.
func NumericalGradient(f func(x *tensor.Tensor) float64, x *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.NumericalGradient"))
}

// GradientDescent runs steps updates x ← x - lr·∇f(x) from init, with the
// gradient from NumericalGradient, and returns the final point and the
// path: init first, then the point after each step (§4.4.1). init must not
// change.
//
// Hint: x := init.Clone(); tensor.AddScaled(x, x, -lr, grad) is the update;
// append x.Clone() to the path, not x itself.
func GradientDescent(f func(x *tensor.Tensor) float64, init *tensor.Tensor, lr float64, steps int) (*tensor.Tensor, []*tensor.Tensor) {
	panic(exercise.Todo("net.GradientDescent"))
}

// softmaxRows writes the softmax of each length-n row of src into dst
// (§4.4.2): dst[j] = exp(src[j]) / Σ exp(src[k]) over the row.
//
// Hint: subtract the row's maximum before exp, or softmax of 1010, 1000
// and 990 comes out NaN.
func softmaxRows(dst, src []float64, n int) {
	panic(exercise.Todo("net.softmaxRows"))
}

// GradientFormula returns ∂Loss/∂p for W1, b1, W2, b2, in that order, on
// the batch x (N, in) with one-hot targets t (N, out), by note 000's
// formulas (§4.5.1):
//
//	a1 = x·W1 + b1, z1 = σ(a1), y = softmax(z1·W2 + b2)
//	dy  = (y - t) / N
//	dW2 = z1ᵀ·dy,  db2 = Σrows dy
//	da1 = (dy·W2ᵀ) ⊙ σ'(a1)      (for ReLU: dy·W2ᵀ where a1 > 0)
//	dW1 = xᵀ·da1,  db1 = Σrows da1
//
// Hint: n.W1, n.B1, n.W2, n.B2 are the parameters and n.Activation says
// which activation the net uses. tensor.MatMul, tensor.AddRow (adds b to
// every row), tensor.SumAxis(nil, d, 0) (Σrows), Softmax, Sigmoid,
// SigmoidGrad and Step do the work; a.T() is a transpose. Flatten image
// batches first: x = x.Reshape(x.Dim(0), -1).
func (n *TwoLayerNet) GradientFormula(x, t *tensor.Tensor) []*tensor.Tensor {
	panic(exercise.Todo("net.TwoLayerNet.GradientFormula"))
}
