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
// into n.grads (dW1, dB1, dW2, ...), and returns the loss: note 001's
// backward (§fcn.1). Everything has one sample per column:
//
//	dA[L] = softmax(A[L]) - y                  (CrossEntropyLossColumns)
//	dW[l] = dA[l]·Z[l-1]ᵀ / N, dB[l] = Σcols dA[l] / N   (Z[0] is x)
//	dA[l-1] = (W[l]ᵀ·dA[l]) where A[l-1] > 0, and 0 elsewhere
//
// Hint: count the L = len(n.params)/2 layers from 0 here. Layer l has
// W = n.params[2*l].Value and B = n.params[2*l+1].Value, its gradients go
// into n.grads[2*l] and n.grads[2*l+1], and Forward kept its A in n.A[l]
// and its Z in n.Z[l]. Start with loss, dA := CrossEntropyLossColumns(
// n.A[L-1], y) and walk l from L-1 down to 0. tensor.MatMul(dst, a, b.T())
// reads a transpose in place; tensor.SumAxis(nil, dA, 1) sums the columns;
// tensor.Scale divides; ReLUBackward(nil, dz, n.A[l-1]) is relu_backward.
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
