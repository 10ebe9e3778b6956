//go:build exercise

// Chapter 6's exercises in package net: dropout, batch normalization's
// backward pass and the weight-decay terms (tutorial/exercises.md). Replace
// each panic with your code; grade them with
//
//	go test -tags exercise ./net -run Ch06_Exercise
//
// and watch them work with go run -tags exercise . -chapter=6.

package net

import (
	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// ForwardMode returns the dropout of x (§6.4.3). While training (train),
// draw a new mask, one l.Rand.Float64() per element in order, keeping the
// element where the draw is greater than l.Ratio, and return x where the
// mask keeps it and 0 elsewhere. At test time return x·(1 − l.Ratio).
//
// Hint: keep the mask in l.mask (a []bool of x's size) for Backward. Write
// the result into l.out = like(l.out, x), through l.out.Data();
// x.Contiguous().Data() gives x's elements in order.
func (l *Dropout) ForwardMode(x *tensor.Tensor, train bool) *tensor.Tensor {
	panic(exercise.Todo("net.Dropout.ForwardMode"))
}

// Backward returns ∂L/∂x for ∂L/∂out = dout (§6.4.3): dout where the mask of
// the last training ForwardMode kept the element, 0 elsewhere.
//
// Hint: as ReluLayer.Backward, with l.mask in place of out > 0; write into
// l.dx = like(l.dx, dout).
func (l *Dropout) Backward(dout *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.Dropout.Backward"))
}

// Backward returns ∂L/∂x for ∂L/∂out = dout, of shape (N, D), and sets
// l.DGamma and l.DBeta (§6.3). Forward kept l.batchSize = N and, of shape
// (N, D), l.xc = x − μ and l.xn = xc / std, and std = √(σ² + ε) in l.std
// (shape (D)). Column by column, as the book writes it:
//
//	dbeta  = Σrows dout
//	dgamma = Σrows xn ⊙ dout
//	dxn    = γ ⊙ dout
//	dxc    = dxn / std
//	dstd   = −Σrows (dxn ⊙ xc) / (std ⊙ std)
//	dvar   = 0.5 · dstd / std
//	dxc   += (2 / N) · xc ⊙ dvar
//	dmu    = Σrows dxc
//	dx     = dxc − dmu / N
//
// Hint: element (i, j) of an (N, D) tensor's Data() is at i·D + j. Fill
// l.DBeta.Data() and l.DGamma.Data() (clear them first), and return a new
// or reused (N, D) tensor, such as l.dx = like(l.dx, dout).
func (l *BatchNormalization) Backward(dout *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.BatchNormalization.Backward"))
}

// weightDecay returns the loss term of weight decay (§6.4.2): ½λ·ΣW², the
// sum running over every element of every weight matrix in ws.
//
// Hint: tensor.Sum(tensor.Mul(nil, w, w)) is ΣW² for one matrix.
func weightDecay(lambda float64, ws []*tensor.Tensor) float64 {
	panic(exercise.Todo("net.weightDecay"))
}

// addWeightDecay sets dst = dW + λ·W, the gradient of the loss with its
// weight-decay term, and returns dst (§6.4.2).
//
// Hint: tensor.AddScaled(dst, a, s, b) is dst = a + s·b.
func addWeightDecay(dst, dW *tensor.Tensor, lambda float64, w *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.addWeightDecay"))
}
