package net

import (
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

// mnistLike returns a (rows, 784) batch in which about four pixels in five
// are zero, in runs, with values k/255 elsewhere, like MNIST digits.
func mnistLike(rng *rand.Rand, rows int) *tensor.Tensor {
	x := tensor.New(rows, 784)
	d := x.Data()
	for r := range rows {
		for i := 0; i < 28; i++ {
			for j := 0; j < 28; j++ {
				if i > 4+rng.IntN(3) && i < 22+rng.IntN(3) && j > 8+rng.IntN(3) && j < 18+rng.IntN(3) {
					d[r*784+i*28+j] = float64(1+rng.IntN(255)) / 255
				}
			}
		}
	}
	return x
}

// BenchmarkTwoLayerStep is one training update of the 784-50-10 net on a
// batch of 100: gradient (with its loss) and SGD step, what train.Run does
// per update.
func BenchmarkTwoLayerStep(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := NewTwoLayerNet(rng, 784, 50, 10, 0.01, SigmoidActivation)
	x, t := mnistLike(rng, 100), tensor.New(100, 10)
	for i := range 100 {
		t.Set(1, i, i%10)
	}
	grads, _ := n.Gradient(nil, x, t)
	for b.Loop() {
		grads, _ = n.Gradient(grads, x, t)
		for i, p := range n.Params() {
			tensor.AddScaled(p.Value, p.Value, -0.1, grads[i])
		}
	}
}

// BenchmarkTwoLayerLoss is one forward pass and loss: the unit of work of
// the numerical gradient, which needs 79,520 of them.
func BenchmarkTwoLayerLoss(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := NewTwoLayerNet(rng, 784, 50, 10, 0.01, SigmoidActivation)
	x, t := mnistLike(rng, 100), tensor.New(100, 10)
	for i := range 100 {
		t.Set(1, i, i%10)
	}
	for b.Loop() {
		n.Loss(x, t)
	}
}

// BenchmarkTwoLayerEval is the accuracy of 1000 images: one chunk of the
// per-epoch evaluation (70 chunks for train and test).
func BenchmarkTwoLayerEval(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := NewTwoLayerNet(rng, 784, 50, 10, 0.01, SigmoidActivation)
	x := mnistLike(rng, 1000)
	labels := make([]int, 1000)
	for b.Loop() {
		n.Correct(x, labels)
	}
}
