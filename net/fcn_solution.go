package net

import "dlfs/tensor"

// Backward computes the gradients of the cross-entropy of the last Forward
// (on x, which must be the same batch) against the one-hot y (classes, N),
// into Grads, and returns the loss: note 001's backward. From the last
// layer down, fc_backward turns the gradient at A[l] into dW, dB and the
// gradient at Z[l-1], and relu_backward into the gradient at A[l-1].
//dlfs:exercise net.ColumnNet.Backward
func (n *ColumnNet) Backward(x, y *tensor.Tensor) float64 {
	last := len(n.params)/2 - 1
	loss, dA := CrossEntropyLossColumns(n.A[last], y)
	for l := last; l >= 0; l-- {
		z, dz := x, n.dZ[l]
		if l > 0 {
			z = n.Z[l-1]
		} else {
			dz = nil // the note also computes the gradient at x; nothing uses it
		}
		fcBackward(n.grads[2*l], n.grads[2*l+1], dz, dA, n.params[2*l].Value, z)
		if l > 0 {
			dA = ReLUBackward(n.dA[l-1], dz.T(), n.A[l-1])
		}
	}
	return loss
}

// fcBackward is note 001's fc_backward for a layer A = W·Z + B with N
// samples, given nextDz, the gradient at A (n, N): it sets
//
//	dz = nextDzᵀ·W              the gradient at Z, one row per sample (N, n_prev)
//	dw = nextDz·Zᵀ / N          (the note writes np.dot(z, next_dz.T).T: the same sums)
//	db = Σcols nextDz / N
//
// dz may be nil, and is then not computed.
func fcBackward(dw, db, dz, nextDz, w, z *tensor.Tensor) {
	N := float64(z.Dim(1))
	if dz != nil {
		tensor.MatMul(dz, nextDz.T(), w)
	}
	tensor.Scale(dw, 1/N, tensor.MatMul(dw, nextDz, z.T()))
	tensor.Scale(db, 1/N, tensor.SumAxis(db.Reshape(db.Size()), nextDz, 1).Reshape(db.Shape()...))
}

// TanhBackward returns nextDz ⊙ (1 - tanh²z). Note 001 writes
// next_dz(1 - np.square(np.tanh(z))), calling the gradient like a function;
// the product is what it means.
//dlfs:exercise net.TanhBackward
func TanhBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	d := tensor.Apply(nil, z, func(v float64) float64 { t := tanh(v); return 1 - float64(t*t) })
	return tensor.Mul(dst, nextDz, d)
}

// ELUBackward returns nextDz where z > 0 and α·nextDz·eᶻ elsewhere.
//dlfs:exercise net.ELUBackward
func ELUBackward(dst, nextDz, z *tensor.Tensor, alpha float64) *tensor.Tensor {
	d := tensor.Apply(nil, z, func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return alpha * exp(v)
	})
	return tensor.Mul(dst, nextDz, d)
}
