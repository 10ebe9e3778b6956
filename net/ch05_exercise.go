//go:build exercise

// Chapter 5's exercises: the backward passes (tutorial/exercises.md).
// Replace each panic with your code; grade them with
//
//	go test -tags exercise ./net -run Ch05_Exercise
//
// and watch them work with go run -tags exercise . -chapter=5.

package net

import (
	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// Backward returns ∂L/∂x and ∂L/∂y given ∂L/∂out = dout (§5.4.1).
//
// Hint: Forward kept l.x and l.y. out = x·y, so ∂out/∂x = y.
func (l *MulLayer) Backward(dout float64) (dx, dy float64) {
	panic(exercise.Todo("net.MulLayer.Backward"))
}

// Backward returns ∂L/∂x and ∂L/∂y given ∂L/∂out = dout (§5.4.2).
//
// Hint: out = x + y.
func (AddLayer) Backward(dout float64) (dx, dy float64) {
	panic(exercise.Todo("net.AddLayer.Backward"))
}

// Backward returns ∂L/∂x for ∂L/∂out = dout (§5.5): dout where the input
// was positive, 0 elsewhere.
//
// Hint: Forward kept its output in l.out; out > 0 exactly where x > 0.
// l.dx = like(l.dx, dout) gives a buffer of the right shape; fill it
// through l.dx.Data() and return it.
func (l *ReluLayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.ReluLayer.Backward"))
}

// Backward returns ∂L/∂x = dout ⊙ (1 - out) ⊙ out (§5.5).
//
// Hint: as ReluLayer.Backward, with l.out the sigmoid's output.
func (l *SigmoidLayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.SigmoidLayer.Backward"))
}

// Backward sets l.DW = xᵀ·dout and l.DB = Σrows dout, and returns
// dx = dout·Wᵀ in the input's shape, or nil when l.NoInputGrad (§5.6).
//
// Hint: Forward kept x (flattened to 2-D) in l.x and its transpose in l.xT;
// tensor.MatMul(l.DW, l.xT, dout) and tensor.SumAxis(l.DB, dout, 0) fill
// the gradients in place. For dx use l.dx = like(l.dx, l.x) and l.W.T().
// If l.inShape is not nil the input had more axes: return
// l.dx.Reshape(l.inShape...).
func (l *Affine) Backward(dout *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.Affine.Backward"))
}

// Backward returns ∂L/∂x for dout = 1: (y - t) / N, where y = l.y are the
// softmax probabilities of Forward and N the batch size (1 for a 1-D y)
// (§5.6). The targets are one-hot rows in l.t, or, after ForwardLabels,
// class labels in l.labels (then l.t is nil).
//
// Hint: with labels, t is 1 at (row r, column labels[r]) and 0 elsewhere.
// Use l.dx = like(l.dx, l.y) for the result.
func (l *SoftmaxWithLoss) Backward() *tensor.Tensor {
	panic(exercise.Todo("net.SoftmaxWithLoss.Backward"))
}
