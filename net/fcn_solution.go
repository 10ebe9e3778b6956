//go:build !exercise

// The reference solutions of note 001's exercises. With -tags exercise,
// fcn_exercise.go replaces this file (tutorial/exercises.md).

package net

import (
	"math"

	"dlfs/internal/parallel"
	"dlfs/tensor"
)

// Backward computes the gradients of the cross-entropy of the last Forward
// (on x, which must be the same batch) against the one-hot y (classes, N),
// as note 001's backward and fc_backward do: dW = dA·Z_prevᵀ / N,
// dB = Σcols dA / N, dZ_prev = Wᵀ·dA, dA = dZ where A > 0. It returns the
// loss.
//
// The note divides each dW and dB by N; dividing dA by N once, before the
// products, gives the same gradients (every later term is linear in dA) in
// fewer operations, and the same bits when N is a power of two, as 128 is.
// A layer's weight gradient and the gradient it sends down are independent,
// so they are computed at the same time, on two CPUs. weightGrad and
// downGrad work with one row per sample, as Forward does (see there).
func (n *ColumnNet) Backward(x, y *tensor.Tensor) float64 {
	layers := len(n.params) / 2
	loss, dAT := n.lossGrad(y) // CrossEntropyLossColumns, one row per sample
	tensor.Scale(dAT, 1/float64(x.Dim(1)), dAT)
	for l := layers - 1; l > 0; l-- {
		var down *tensor.Tensor
		parallel.Both(func() { n.weightGrad(l, x, dAT) }, func() { down = n.downGrad(l, dAT) })
		dAT = down
	}
	n.weightGrad(0, x, dAT)
	return loss
}

// TanhBackward returns nextDz ⊙ (1 - tanh²z). Note 001 writes
// next_dz(1 - np.square(np.tanh(z))), calling the gradient like a function;
// the product is what it means.
func TanhBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	d := tensor.Apply(nil, z, func(v float64) float64 { t := math.Tanh(v); return 1 - float64(t*t) })
	return tensor.Mul(dst, nextDz, d)
}

// ELUBackward returns nextDz where z > 0 and α·nextDz·eᶻ elsewhere.
func ELUBackward(dst, nextDz, z *tensor.Tensor, alpha float64) *tensor.Tensor {
	d := tensor.Apply(nil, z, func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return alpha * math.Exp(v)
	})
	return tensor.Mul(dst, nextDz, d)
}
