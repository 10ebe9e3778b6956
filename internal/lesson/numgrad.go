package lesson

import (
	"runtime"
	"sync"

	"dlfs/internal/exercise"
	"dlfs/internal/parallel"
	"dlfs/net"
	"dlfs/tensor"
)

// numericalGradient returns what n.NumericalGradient(x, t) returns, to the
// last bit, with a progress bar, in about 1/CPUs of the time. It is the
// replay's faster twin of the book's method (net.NumericalGradients over
// the loss of x and t), and differs from it in one way only: each
// parameter's elements are cut into one contiguous range per CPU, and each
// range is walked by the same net.NumericalGradient, on a copy of the
// network of its own, so the copies can be perturbed at the same time.
// Every element's two losses are computed by the same operations on the
// same values as in the plain loop, so the result does not depend on the
// number of CPUs (TestNumericalGradientTwinSameBits).
func (r *Runner) numericalGradient(n *net.TwoLayerNet, x, t *tensor.Tensor) []*tensor.Tensor {
	params := n.Params()
	total := 0
	for _, p := range params {
		total += p.Value.Size()
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), total/64))
	report, finish := r.progress("numerical gradient")
	defer finish()
	var mu sync.Mutex // report is called one call at a time
	done := 0
	step := func(elements int) {
		if report != nil {
			mu.Lock()
			done += elements
			report(done, total)
			mu.Unlock()
		}
	}
	grads := net.ZerosLike(params)
	var g exercise.Group // a stub reached on a worker is carried to Wait
	parallel.Hold()      // the workers keep the CPUs busy: products inside them run whole
	defer parallel.Release()
	for w := range workers {
		g.Go(func() {
			c := n.Clone()
			calls := 0
			lossW := func(*tensor.Tensor) float64 {
				if calls++; calls%256 == 0 {
					step(128)
				}
				return c.Loss(x, t)
			}
			for i, p := range c.Params() {
				d := p.Value.Contiguous().Data() // a clone's parameters are contiguous: d is p's storage
				lo, hi := len(d)*w/workers, len(d)*(w+1)/workers
				if lo < hi {
					part := net.NumericalGradient(lossW, tensor.FromSlice(d[lo:hi], hi-lo))
					copy(grads[i].Data()[lo:hi], part.Data())
				}
			}
		})
	}
	g.Wait()
	if report != nil {
		report(total, total) // the last partial batch of 128 is counted only here
	}
	return grads
}
