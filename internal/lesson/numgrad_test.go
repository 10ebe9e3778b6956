package lesson

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"dlfs/net"
	"dlfs/tensor"
)

// TestNumericalGradientTwinSameBits checks the replay's parallel numerical
// gradient against the book's loop, TwoLayerNet.NumericalGradient, bit for
// bit, with 1 to 4 CPUs and parameters that do not split evenly.
func TestNumericalGradientTwinSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	n := net.NewTwoLayerNet(rng, 37, 7, 5, 0.3, net.SigmoidActivation)
	x, tt := tensor.RandN(rng, 1, 6, 37), tensor.New(6, 5)
	for i := range 6 {
		tt.Set(1, i, i%5)
	}
	want := n.NumericalGradient(x, tt)
	r := &Runner{}
	for procs := 1; procs <= 4; procs++ {
		prev := runtime.GOMAXPROCS(procs)
		got := r.numericalGradient(n, x, tt)
		runtime.GOMAXPROCS(prev)
		for i, p := range n.Params() {
			for k, v := range want[i].Data() {
				if g := got[i].Data()[k]; g != v {
					t.Fatalf("GOMAXPROCS %d: %s element %d: twin %v, NumericalGradient %v", procs, p.Name, k, g, v)
				}
			}
		}
	}
}
