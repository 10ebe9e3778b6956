package lesson

import (
	"context"
	"io"
	"testing"

	"dlfs/mnist"
	"dlfs/net"
)

// The workloads of ../shared/bench/numpy_ref.py, for a side-by-side
// comparison on the real MNIST (set MNIST_DIR):
//
//	MNIST_DIR=../shared/mnist go test ./internal/lesson -run '^$' -bench Ch04 -benchtime 1x -count 5
//	MNIST_DIR=../shared/mnist python3 ../shared/bench/numpy_ref.py twolayer numgrad

func benchRunner(b *testing.B) (*Runner, *mnist.Data) {
	cfg := Defaults()
	dir := mnistDir(b)
	cfg.Stdout = io.Discard
	r := &Runner{Config: cfg, Ctx: context.Background()}
	data, err := mnist.Load(r.Ctx, mnist.Options{Dir: dir, NoSynthetic: true})
	if err != nil {
		b.Fatal(err)
	}
	return r, data
}

// BenchmarkCh04_NumericalGradient is numpy_ref.py numgrad: one numerical
// gradient of TwoLayerNet(784, 50, 10) on the first 100 training images.
func BenchmarkCh04_NumericalGradient(b *testing.B) {
	r, data := benchRunner(b)
	for b.Loop() {
		twoLayerGradientCheck(r, data, net.SigmoidActivation)
	}
}

// BenchmarkCh04_Training is numpy_ref.py twolayer: 10000 updates of batch
// 100 at learning rate 0.1, with accuracy on all 70000 images every epoch.
func BenchmarkCh04_Training(b *testing.B) {
	r, data := benchRunner(b)
	for b.Loop() {
		_, h, err := trainTwoLayer(r, data, net.SigmoidActivation, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(h.Evals[len(h.Evals)-1].TestAcc, "test-acc")
	}
}

// BenchmarkCh05_Step is §5.7.2: one gradient of the ReLU TwoLayerNet on 100
// images, numerically and by backpropagation.
func BenchmarkCh05_Step(b *testing.B) {
	r, data := benchRunner(b)
	n := newTwoLayer(r, data, net.ReLUActivation)
	idx := firstN(100)
	x, t := data.Train.Batch(nil, idx), data.Train.OneHot(nil, idx)
	b.Run("backprop", func(b *testing.B) {
		grads, _ := n.Gradient(nil, x, t)
		for b.Loop() {
			grads, _ = n.Gradient(grads, x, t)
		}
	})
	b.Run("numerical", func(b *testing.B) {
		for b.Loop() {
			n.NumericalGradient(x, t)
		}
	})
}

// BenchmarkCh05_Training is §5.7.4: 10000 updates of the ReLU net, batch 100,
// learning rate 0.1, accuracy on all 70000 images every epoch.
func BenchmarkCh05_Training(b *testing.B) {
	r, data := benchRunner(b)
	for b.Loop() {
		_, h, err := trainTwoLayer(r, data, net.ReLUActivation, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(h.Evals[len(h.Evals)-1].TestAcc, "test-acc")
	}
}

// BenchmarkFCN_Epoch is numpy_ref.py fcn: one epoch of note 001's
// 784-256-128-10 network, batch 128, lr 0.01. The epoch-s metric is the
// training loop alone, as numpy_ref.py times it.
//
//	MNIST_DIR=../shared/mnist go test ./internal/lesson -run '^$' -bench FCN -benchtime 1x -count 5
//	MNIST_DIR=../shared/mnist python3 ../shared/bench/numpy_ref.py fcn
func BenchmarkFCN_Epoch(b *testing.B) {
	r, _ := benchRunner(b)
	r.Epochs = 1
	for b.Loop() {
		clear(fcnCache)
		res, err := fcnTrain(r)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.PerEpoch.Seconds(), "epoch-s")
		b.ReportMetric(res.Test, "test-acc")
		// ns/op is the training loop alone too, as numpy_ref.py times it
		// (setting up, shuffling and the final evaluation left out).
		b.ReportMetric(float64(res.PerEpoch.Nanoseconds()), "ns/op")
	}
}
