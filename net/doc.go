// Package net holds the pieces a neural network is made of, in the order the
// book introduces them: activation functions, loss functions, numerical
// differentiation and gradients, gradient descent, and the networks
// themselves (SimpleNet, the 2x3 example of chapter 4, and TwoLayerNet, the
// 784-50-10 MNIST classifier of chapters 4 and 5).
//
// Every function works on *tensor.Tensor values. Functions that produce a
// tensor take the destination first, as package tensor does: a nil dst
// allocates, a non-nil dst is overwritten and must have the result's shape.
// Batches are rows: x is (batch, features), as in the book.
package net
