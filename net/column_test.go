package net

import (
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

// TestFCN_2_ColumnNetBackward checks note 001's backward pass (§fcn.2)
// against numerical gradients, for an input that is mostly zeros (as MNIST
// is) and a dense one.
func TestFCN_2_ColumnNetBackward(t *testing.T) {
	for _, zeros := range []float64{0.8, 0} {
		rng := rand.New(rand.NewPCG(3, 3))
		n, err := NewColumnNet(rng, []int{12, 7, 5, 3}, "xavier")
		if err != nil {
			t.Fatal(err)
		}
		x := tensor.RandN(rng, 1, 12, 6)
		for i := range x.Data() {
			if rng.Float64() < zeros {
				x.Data()[i] = 0
			}
		}
		y := tensor.New(3, 6)
		for j := range 6 {
			y.Set(1, j%3, j)
		}
		loss := func() float64 {
			n.Forward(x)
			l, _ := CrossEntropyLossColumns(n.A[len(n.A)-1], y)
			return l
		}
		n.Forward(x)
		got := n.Backward(x, y)
		if want := loss(); got != want {
			t.Errorf("§fcn.2 zeros %.0f%%: Backward returned loss %v, the forward pass gives %v", 100*zeros, got, want)
		}
		for i, p := range n.Params() {
			num := NumericalGradient(func(*tensor.Tensor) float64 { return loss() }, p.Value)
			if d := tensor.MaxAbsDiff(num, n.Grads()[i]); d > 1e-7 {
				t.Errorf("§fcn.2 zeros %.0f%%: d%s: max |numerical - backprop| = %g, want <= 1e-7", 100*zeros, p.Name, d)
			}
		}
	}
}
