//go:build exercise

// Note 001's exercises (tutorial/exercises.md). Replace each panic with
// your code; grade them with
//
//	go test -tags exercise ./net -run FCN_Exercise
//
// and watch them work with go run -tags exercise . -chapter=fcn.

package net

import (
	"dlfs/internal/exercise"
	"dlfs/tensor"
)

// Backward computes the gradients of the cross-entropy of the last Forward
// (on x, which must be the same batch) against the one-hot y (classes, N),
// into n.grads (dW1, dB1, dW2, ...), and returns the loss (§fcn.1).
// Everything has one sample per column:
//
//	dA[L] = (softmax(A[L]) - y) / N         (CrossEntropyLossColumns, then / N)
//	dW[l] = dA[l]·Z[l-1]ᵀ, dB[l] = Σcols dA[l]   (Z[0] is x)
//	dA[l-1] = (W[l]ᵀ·dA[l]) ⊙ (A[l-1] > 0)
//
// Hint: n.params[2l].Value is W of layer l+1 (counting from 0 here), and
// n.A[l], n.Z[l] its pre-activation and output from Forward. n.dZ[l] is a
// buffer of the shape of W[l]ᵀ·dA[l]. tensor.MatMul(dst, a, b.T()) reads
// a transpose in place; tensor.SumAxis(dB.Reshape(rows), dA, 1) sums
// columns.
func (n *ColumnNet) Backward(x, y *tensor.Tensor) float64 {
	panic(exercise.Todo("net.ColumnNet.Backward"))
}

// TanhBackward returns nextDz ⊙ (1 - tanh²z) (§fcn.2). A nil dst
// allocates.
//
// Hint: note 001 writes next_dz(1 - np.square(np.tanh(z))), calling the
// gradient as if it were a function; it means a product.
// tensor.Apply and tensor.Mul do the element-wise work.
func TanhBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	panic(exercise.Todo("net.TanhBackward"))
}

// ELUBackward returns nextDz where z > 0 and α·nextDz·eᶻ elsewhere
// (§fcn.2). A nil dst allocates.
//
// Hint: the derivative of α(eᶻ - 1) is α·eᶻ.
func ELUBackward(dst, nextDz, z *tensor.Tensor, alpha float64) *tensor.Tensor {
	panic(exercise.Todo("net.ELUBackward"))
}
