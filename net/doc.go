// Package net holds the pieces a neural network is made of, in the order the
// book introduces them, each written the way the book (or the source note it
// retells) writes it.
//
// A reading order, one file at a time:
//
//   - activation.go: Step, Sigmoid and its gradient, ReLU, Softmax (§3, recapped in §4.2).
//   - loss.go: mean squared and cross-entropy error, for one sample and a batch (§4.2).
//   - gradient.go: the numerical derivative and gradient, the
//     loop every network's NumericalGradient shares, gradient descent (§4.3–§4.4.1).
//   - simplenet.go: the 2×3 network of §4.4.2.
//   - layers.go: the computational-graph nodes and layers of chapter 5 (MulLayer,
//     AddLayer, ReluLayer, SigmoidLayer, Affine, SoftmaxWithLoss), each with
//     its forward and backward pass.
//   - usedtwice.go: a graph that uses x twice, built from MulLayer and AddLayer.
//   - twolayer.go: TwoLayerNet, the 784-50-10 classifier of §4.5 and §5.7, with its
//     numerical gradient and its gradient by backpropagation.
//   - multilayer.go: MultiLayerNet, the deeper network of chapter 6, with weight
//     initialization and weight decay.
//   - column.go: ColumnNet, note 001's network in its column
//     layout (one sample per column), with fc_forward and fc_backward.
//   - gradcheck.go: comparing two gradients, the gradient check of §5.7.3.
//   - leaky.go: LeakyReLU, a layer beyond the book's, for an exercise.
//
// A body marked //dlfs:exercise is an exercise: the students' copy holds a
// stub in its place (tutorial/exercises.md).
//
// Every function works on *tensor.Tensor values. Functions that produce a
// tensor take the destination first, as package tensor does: a nil dst
// allocates, a non-nil dst is overwritten and must have the result's shape.
// Batches are rows, x (batch, features), as in the book, except in ColumnNet,
// whose batches are columns, as in note 001. Wrong shapes panic with a
// *tensor.ShapeError naming both shapes. None of this code is about speed:
// the matrix products and element-wise loops beneath it (package tensor)
// are.
package net
