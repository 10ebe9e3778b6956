package net

import (
	"path/filepath"
	"testing"

	"dlfs/internal/npz"
	"dlfs/tensor"
)

// bookCase loads ../testdata/twolayer_case.npz: what the book's own code
// computed for TwoLayerNet(784, 50, 10) on the first three training images
// (../testdata/README.md). Its W1 is the book's but for the rows of pixels
// that are 0 in all three images, stored as 0: bookCase checks that so, since
// no prediction, loss or gradient depends on those rows.
func bookCase(t *testing.T) map[string]*tensor.Tensor {
	t.Helper()
	arrays, _, err := npz.ReadNPZ(filepath.Join("..", "testdata", "twolayer_case.npz"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*tensor.Tensor{}
	for name, a := range arrays {
		m[name] = a.Tensor()
	}
	w1, x := m["W1"], m["x"]
	for i := range w1.Dim(0) {
		zero := true
		for j := range w1.Dim(1) {
			zero = zero && w1.At(i, j) == 0
		}
		for k := range x.Dim(0) {
			if zero && x.At(k, i) != 0 {
				t.Fatalf("the reference's W1 row %d is 0, but pixel %d of image %d is %v: the file is not the book's case", i, i, k, x.At(k, i))
			}
		}
	}
	return m
}

// TestCh04_5_1_BookReference builds the network from the book's initial
// parameters and checks its prediction, loss and both gradients against the
// book's NumPy results.
func TestCh04_5_1_BookReference(t *testing.T) {
	checkBook(t, "4.5.1", SigmoidActivation, "", func(n *TwoLayerNet, x *tensor.Tensor) *tensor.Tensor { return n.Probabilities(nil, x) })
}

// checkBook compares TwoLayerNet with the book's results for one chapter:
// its predict (softmax in chapter 4, scores in chapter 5), loss, numerical
// gradient (keys prefix+"num_W1"...) and analytic gradient (prefix+"bp_W1"...).
func checkBook(t *testing.T, section string, act Activation, prefix string, predict func(*TwoLayerNet, *tensor.Tensor) *tensor.Tensor) {
	ref := bookCase(t)
	n := NewTwoLayerNetFrom(ref["W1"], ref["b1"], ref["W2"], ref["b2"], act)
	x, tt := ref["x"], ref["t"] // x: float32 pixel/255, as the book computes it, widened
	chapter := "ch0" + section[:1] + "_"
	if d := tensor.MaxAbsDiff(predict(n, x), ref[chapter+"predict"]); d > 1e-15 {
		t.Errorf("§%s predict: max |Go - book| = %g, want <= 1e-15", section, d)
	}
	if got, want := n.Loss(x, tt), ref[chapter+"loss"].Item(); !near(got, want, 1e-14) {
		t.Errorf("§%s loss: got %.17g, book %.17g", section, got, want)
	}
	num := n.NumericalGradient(x, tt)
	ana, _ := n.Gradient(nil, x, tt)
	formula := n.GradientFormula(x, tt)
	for i, p := range n.Params() {
		if d := tensor.MaxAbsDiff(formula[i], ref[prefix+"bp_"+p.Name]); d > 1e-12 {
			t.Errorf("§%s note 000's gradient formula for %s: max |Go - book| = %g, want <= 1e-12", section, p.Name, d)
		}
		if d := tensor.MaxAbsDiff(num[i], ref[prefix+"num_"+p.Name]); d > 1e-9 {
			t.Errorf("§%s numerical gradient of %s: max |Go - book| = %g, want <= 1e-9", section, p.Name, d)
		}
		if d := tensor.MaxAbsDiff(ana[i], ref[prefix+"bp_"+p.Name]); d > 1e-12 {
			t.Errorf("§%s analytic gradient of %s: max |Go - book| = %g, want <= 1e-12", section, p.Name, d)
		}
	}
}
