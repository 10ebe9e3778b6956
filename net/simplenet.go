package net

import "dlfs/tensor"

// SimpleNet is the smallest network of chapter 4 (the book's simpleNet): one
// 2x3 weight matrix, no bias, no hidden layer. Input x has 2 features, the
// output has 3 scores.
type SimpleNet struct {
	W *tensor.Tensor // (2, 3)
}

// Predict returns the scores x · W: (3) for one sample x (2), or (batch, 3).
func (n *SimpleNet) Predict(x *tensor.Tensor) *tensor.Tensor {
	return tensor.MatMul(nil, x, n.W)
}

// Loss returns the cross-entropy of softmax(Predict(x)) against one-hot t.
func (n *SimpleNet) Loss(x, t *tensor.Tensor) float64 {
	z := n.Predict(x)
	return CrossEntropyError(Softmax(z, z), t)
}
