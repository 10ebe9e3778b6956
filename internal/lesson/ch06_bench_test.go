package lesson

import (
	"context"
	"testing"

	"dlfs/mnist"
)

// The second half of chapter 6 beside ../shared/bench/numpy_ref.py's
// batchnorm, dropout and hyperparam workloads, on the real MNIST:
//
//	bash ../shared/bench/sidebyside.sh 3 batchnorm dropout hyperparam
//
// Each runs the replay's own code. Where the arithmetic differs from
// numpy_ref.py it is said below.

// ch06BenchRunner is benchRunner whose MNIST is the one it loaded.
func ch06BenchRunner(b *testing.B) *Runner {
	r, data := benchRunner(b)
	r.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return data, nil }
	return r
}

// BenchmarkCh06_BatchNorm is §6.3.2 whole: 16 weight scales, each a net
// with and one without batch normalization, 784-100×5-10, trained on 1000
// images and measured on all of them every epoch, 20 epochs. The book's
// loop (and so dlfs's) stops at the 20th measurement, after 191 updates of
// each net; numpy_ref.py takes 200.
func BenchmarkCh06_BatchNorm(b *testing.B) {
	r := ch06BenchRunner(b)
	for b.Loop() {
		res, err := bnTest(r, 1000, []int{100, 100, 100, 100, 100}, 20)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res[8].BN[19], "bn-acc@0.0074")
	}
}

// BenchmarkCh06_Dropout is §6.4.3's training: 784-100×6-10 with dropout
// 0.2, 301 epochs of 300 images by the Trainer, accuracy on the 300 and on
// all 10000 test images every epoch. The Trainer also measures the test
// set once more at the end, which numpy_ref.py does not.
func BenchmarkCh06_Dropout(b *testing.B) {
	r := ch06BenchRunner(b)
	for b.Loop() {
		tr, err := dropoutTrainer(r, 0.2, 301, 0)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(tr.FinalTestAcc, "test-acc")
	}
}

// BenchmarkCh06_HyperParam is §6.5.3's first search: 100 trials of
// 784-100×6-10, 50 epochs of 400 images each by the Trainer, validation on
// 100 images every epoch. The trials run side by side on the CPUs.
func BenchmarkCh06_HyperParam(b *testing.B) {
	r := ch06BenchRunner(b)
	for b.Loop() {
		best, err := hyperSearch(r, 15, 100, 50, deep6, -6, -2, -8, -4)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(best[0].final(), "best-val-acc")
	}
}
