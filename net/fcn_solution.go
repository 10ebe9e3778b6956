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
// so they are computed at the same time, on two goroutines.
func (n *ColumnNet) Backward(x, y *tensor.Tensor) float64 {
	layers := len(n.params) / 2
	loss, dA := CrossEntropyLossColumns(n.A[layers-1], y)
	tensor.Scale(dA, 1/float64(x.Dim(1)), dA)
	for l := layers - 1; l >= 0; l-- {
		prev := x
		if l > 0 {
			prev = n.Z[l-1]
		}
		dW, dB := n.grads[2*l], n.grads[2*l+1]
		weights := func() {
			if l == 0 && n.sparse { // np.dot(z, next_dz.T).T
				tensor.MatMulSparse(dW, dA, &n.xs)
			} else {
				tensor.MatMul(dW, dA, prev.T())
			}
			tensor.SumAxis(dB.Reshape(dB.Dim(0)), dA, 1) // np.sum(next_dz, axis=1)
		}
		if l == 0 {
			weights()
			break
		}
		dZ := n.dZ[l]
		parallel.Both(weights, func() {
			tensor.MatMul(dZ, n.params[2*l].Value.T(), dA) // Wᵀ·dA, (n[l-1], N)
			// relu_backward: keep dZ where A > 0, in place.
			d, a := dZ.Data(), n.A[l-1].Data()
			for i := range d {
				if !(a[i] > 0) {
					d[i] = 0
				}
			}
		})
		dA = dZ
	}
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
