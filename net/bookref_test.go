package net

import (
	"os"
	"path/filepath"
	"testing"

	"dlfs/internal/npz"
	"dlfs/tensor"
)

// bookCase loads ../shared/ref/twolayer_case.npz: what the book's own code
// computed for TwoLayerNet(784, 50, 10) on the first three training images.
func bookCase(t *testing.T) map[string]*tensor.Tensor {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "ref", "twolayer_case.npz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("the book's reference outputs are not at %s (they live in the project's shared folder): %v", path, err)
	}
	arrays, _, err := npz.ReadNPZ(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*tensor.Tensor{}
	for name, a := range arrays {
		m[name] = a.Tensor()
	}
	return m
}

// TestCh04_8_BookReference builds the network from the book's initial
// parameters and checks its prediction, loss and both gradients against the
// book's NumPy results.
func TestCh04_8_BookReference(t *testing.T) {
	ref := bookCase(t)
	n := NewTwoLayerNetFrom(ref["W1"], ref["b1"], ref["W2"], ref["b2"], SigmoidActivation)
	x, tt := ref["x_f64"], ref["t"]
	if d := tensor.MaxAbsDiff(n.Probabilities(nil, x), ref["ch04_predict"]); d > 1e-15 {
		t.Errorf("§4.8 predict: max |Go - book| = %g, want <= 1e-15", d)
	}
	if got, want := n.Loss(x, tt), ref["ch04_loss"].Item(); !close(got, want, 1e-14) {
		t.Errorf("§4.8 loss: got %.17g, book %.17g", got, want)
	}
	num := n.NumericalGradient(x, tt, nil)
	ana, _ := n.Gradient(nil, x, tt)
	for i, p := range n.Params() {
		if d := tensor.MaxAbsDiff(num[i], ref["num_"+p.Name]); d > 1e-9 {
			t.Errorf("§4.8 numerical gradient of %s: max |Go - book| = %g, want <= 1e-9", p.Name, d)
		}
		if d := tensor.MaxAbsDiff(ana[i], ref["bp_"+p.Name]); d > 1e-12 {
			t.Errorf("§4.8 analytic gradient of %s: max |Go - book| = %g, want <= 1e-12", p.Name, d)
		}
	}
}
