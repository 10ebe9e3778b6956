package net

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

// near reports whether got is within tol of want, relative to |want| when
// |want| > 1. Book values printed to 17 digits are checked with tol 1e-15:
// the same float64 operations in the same order give the same bits.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func check(t *testing.T, section, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("§%s %s: got %.17g, want %.17g (tolerance %g)", section, what, got, want, tol)
	}
}

func TestCh04_2_1_Activations(t *testing.T) {
	x := tensor.Vector(-1, 0, 2)
	if got := Step(nil, x).Data(); got[0] != 0 || got[1] != 0 || got[2] != 1 {
		t.Errorf("Step: got %v, want [0 0 1]", got)
	}
	if got := ReLU(nil, x).Data(); got[0] != 0 || got[2] != 2 {
		t.Errorf("ReLU: got %v, want [0 0 2]", got)
	}
	s := Sigmoid(nil, x).Data()
	check(t, "3.2", "sigmoid(0)", s[1], 0.5, 0)
	check(t, "3.2", "sigmoid(-1)", s[0], 0.2689414213699951, 1e-15)
	g := SigmoidGrad(nil, x).Data()
	check(t, "5.7.3", "sigmoid'(0)", g[1], 0.25, 0)
	// Softmax is overflow-safe and row-wise for batches.
	y := Softmax(nil, tensor.Vector(1010, 1000, 990)).Data()
	check(t, "3.5", "softmax([1010 1000 990])[0]", y[0], 0.999954600070331, 1e-15)
	b := Softmax(nil, tensor.FromRows([][]float64{{0.3, 2.9, 4.0}, {1010, 1000, 990}})).Data()
	check(t, "3.5", "batched softmax row 0", b[2], 0.73659691, 1e-8)
	check(t, "3.5", "batched softmax row 1", b[3], 0.999954600070331, 1e-15)
	for r := 0; r < 2; r++ {
		check(t, "3.5", fmt.Sprintf("row %d sums to 1", r), b[3*r]+b[3*r+1]+b[3*r+2], 1, 1e-15)
	}
}

// The two examples of the notes: the correct class is 2; the net says 2 with
// probability 0.6, then 7 with 0.6.
var (
	exT  = tensor.Vector(0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
	exY1 = tensor.Vector(0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)
	exY2 = tensor.Vector(0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0)
)

func TestCh04_2_1_LossFunctions(t *testing.T) {
	// The book prints 0.097500000000000031, 0.59750000000000003,
	// 0.51082545709933802 and 2.3025840929945458: 17 digits of the doubles
	// below, which must come out bit for bit. (NumPy 1.22 and later print
	// 2.3025840929945454 for the last: its vectorised log is one unit in the
	// last place off; the correctly rounded log, which the book's NumPy and
	// Go's math.Log give, is the one here.)
	check(t, "4.2.1", "mean squared error, right guess", MeanSquaredError(exY1, exT), 0.097500000000000031, 0)
	check(t, "4.2.1", "mean squared error, wrong guess", MeanSquaredError(exY2, exT), 0.59750000000000003, 0)
	check(t, "4.2.1", "cross-entropy, right guess", CrossEntropyError(exY1, exT), 0.51082545709933802, 0)
	check(t, "4.2.1", "cross-entropy, wrong guess", CrossEntropyError(exY2, exT), 2.3025840929945458, 0)
}

func TestCh04_2_3_BatchCrossEntropy(t *testing.T) {
	y := tensor.FromRows([][]float64{exY1.Data(), exY2.Data()})
	tt := tensor.FromRows([][]float64{exT.Data(), exT.Data()})
	// The mean of the two losses above, as NumPy computes it.
	check(t, "4.2.3", "batch cross-entropy (one-hot)", CrossEntropyError(y, tt), 1.406704775046942, 1e-15)
	check(t, "4.2.3", "batch cross-entropy (labels)", CrossEntropyErrorLabels(y, []int{2, 2}), 1.406704775046942, 1e-15)
	check(t, "4.2.3", "one sample as a batch of one", CrossEntropyErrorLabels(exY1, []int{2}), 0.510825457099338, 0)
}

// function1 is 0.01x² + 0.1x, with x² computed first as Python's x**2 is:
// 0.01*x*x would round differently ((0.01·x)·x) and change the last digits.
func function1(x float64) float64 { return float64(0.01*(x*x)) + float64(0.1*x) }

func TestCh04_3_1_NumericalDiff(t *testing.T) {
	check(t, "4.3.1", "numerical_diff(function_1, 5)", NumericalDiff(function1, 5), 0.1999999999990898, 0)
	check(t, "4.3.1", "numerical_diff(function_1, 10)", NumericalDiff(function1, 10), 0.2999999999986347, 0)
	// The true derivatives are 0.2 and 0.3: the central difference is off by
	// about 1e-12 here, the price of h = 1e-4.
	if d := math.Abs(NumericalDiff(function1, 5) - 0.2); d > 1e-11 || d == 0 {
		t.Errorf("§4.3.1 error of the central difference: got %g, want a tiny non-zero error", d)
	}
}

func TestCh04_3_3_PartialDerivatives(t *testing.T) {
	check(t, "4.3.3", "∂f/∂x0 at (3,4)", NumericalDiff(func(x0 float64) float64 { return float64(x0*x0) + 4.0*4.0 }, 3), 6.00000000000378, 0)
	check(t, "4.3.3", "∂f/∂x1 at (3,4)", NumericalDiff(func(x1 float64) float64 { return 3.0*3.0 + float64(x1*x1) }, 4), 7.999999999999119, 0)
}

func function2(x *tensor.Tensor) float64 {
	d := x.Data()
	return float64(d[0]*d[0]) + float64(d[1]*d[1])
}

func TestCh04_4_Gradient(t *testing.T) {
	for _, c := range []struct{ x, want []float64 }{
		{[]float64{3, 4}, []float64{6, 8}},
		{[]float64{0, 2}, []float64{0, 4}},
		{[]float64{3, 0}, []float64{6, 0}},
	} {
		x := tensor.Vector(c.x...)
		g := NumericalGradient(function2, x).Data()
		for i := range g {
			check(t, "4.4", fmt.Sprintf("gradient at %v [%d]", c.x, i), g[i], c.want[i], 1e-9)
		}
		if x.Data()[0] != c.x[0] || x.Data()[1] != c.x[1] {
			t.Errorf("§4.4 NumericalGradient did not restore x: got %v, want %v", x.Data(), c.x)
		}
	}
	// The iterator version works on any shape: a (2,3) matrix.
	w := tensor.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	g := NumericalGradient(func(w *tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, w, w)) }, w)
	for i, v := range g.Data() {
		check(t, "4.4", fmt.Sprintf("gradient of Σw² at element %d", i), v, 2*w.Data()[i], 1e-8)
	}
}

func TestCh04_4_1_GradientDescent(t *testing.T) {
	init := tensor.Vector(-3, 4)
	// The book prints these to 9 significant digits.
	for _, c := range []struct {
		lr   float64
		want [2]float64
		tol  float64
	}{
		{0.1, [2]float64{-6.11110793e-10, 8.14814391e-10}, 1e-18},
		{10, [2]float64{-2.58983747e+13, -1.29524862e+12}, 1e-8},
		{1e-10, [2]float64{-2.99999994, 3.99999992}, 1e-8},
	} {
		x, path := GradientDescent(function2, init, c.lr, 100)
		for i := range 2 {
			check(t, "4.4.1", fmt.Sprintf("gradient descent lr=%g x%d", c.lr, i), x.Data()[i], c.want[i], c.tol)
		}
		if len(path) != 101 {
			t.Errorf("§4.4.1 path length: got %d, want 101", len(path))
		}
	}
	if init.Data()[0] != -3 {
		t.Error("§4.4.1 GradientDescent modified its starting point")
	}
}

// BookW is the weight matrix the book prints for simpleNet, to 8 digits.
var bookW = [][]float64{{0.47355232, 0.9977393, 0.84668094}, {0.85557411, 0.03563661, 0.69422093}}

func TestCh04_4_2_SimpleNet(t *testing.T) {
	n := &SimpleNet{W: tensor.FromRows(bookW)}
	x, tt := tensor.Vector(0.6, 0.9), tensor.Vector(0, 0, 1)
	p := n.Predict(x)
	for i, want := range []float64{1.05414809, 0.63071653, 1.1328074} {
		check(t, "4.4.2", fmt.Sprintf("predict[%d]", i), p.Data()[i], want, 1e-8)
	}
	if got := tensor.Argmax(p); got != 2 {
		t.Errorf("§4.4.2 argmax: got %d, want 2", got)
	}
	// The book's loss and dW came from the unrounded random W, so they agree
	// with the printed W to about 7 digits.
	check(t, "4.4.2", "loss", n.Loss(x, tt), 0.92806853663411326, 1e-6)
	dW := NumericalGradient(func(*tensor.Tensor) float64 { return n.Loss(x, tt) }, n.W)
	want := [][]float64{{0.21924763, 0.14356247, -0.36281009}, {0.32887144, 0.2153437, -0.54421514}}
	for i := range 2 {
		for j := range 3 {
			check(t, "4.4.2", fmt.Sprintf("dW[%d][%d]", i, j), dW.At(i, j), want[i][j], 1e-6)
		}
	}
}

// TestCh04_5_1_TwoLayerGradientCheck compares the analytic gradient with the
// numerical one on a small net and batch.
func TestCh04_5_1_TwoLayerGradientCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := NewTwoLayerNet(rng, 12, 5, 4, 0.5, SigmoidActivation)
	x := tensor.RandN(rng, 1, 7, 12)
	tt := tensor.New(7, 4)
	for i := range 7 {
		tt.Set(1, i, rng.IntN(4))
	}
	num := n.NumericalGradient(x, tt)
	ana, loss := n.Gradient(nil, x, tt)
	if want := n.Loss(x, tt); loss != want {
		t.Errorf("§4.5.1 the loss returned by Gradient is %v, Loss says %v", loss, want)
	}
	for i, p := range n.Params() {
		if d := tensor.MaxAbsDiff(num[i], ana[i]); d > 1e-6 {
			t.Errorf("§4.5.1 %s: max |numerical - analytic| = %g, want <= 1e-6", p.Name, d)
		}
	}
	// A wrong analytic gradient must be caught: drop the 1/N of dy.
	bad, _ := n.Gradient(nil, x, tt)
	tensor.Scale(bad[0], 7, bad[0])
	if d := tensor.MaxAbsDiff(num[0], bad[0]); d < 1e-4 {
		t.Errorf("§4.5.1 a gradient summed instead of averaged went unnoticed (diff %g)", d)
	}
	// Accuracy counts argmax hits.
	labels := tensor.ArgmaxAxis(nil, n.Predict(nil, x), 1)
	if got := n.Accuracy(x, labels); got != 1 {
		t.Errorf("§4.5.1 accuracy against its own predictions: got %v, want 1", got)
	}
}

func TestCh04_5_1_TwoLayerNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	rng := rand.New(rand.NewPCG(2, 2))
	n := NewTwoLayerNet(rng, 784, 50, 10, 0.01, SigmoidActivation)
	x, tt := tensor.RandN(rng, 1, 100, 784), tensor.New(100, 10)
	for i := range 100 {
		tt.Set(1, i, i%10)
	}
	grads, _ := n.Gradient(nil, x, tt)
	if a := testing.AllocsPerRun(10, func() { n.Loss(x, tt) }); a != 0 {
		t.Errorf("Loss on a batch: %v allocations, want 0", a)
	}
	if a := testing.AllocsPerRun(10, func() { n.Gradient(grads, x, tt) }); a > 3 {
		t.Errorf("Gradient on a batch: %v allocations, want at most 3 (the xᵀ view)", a)
	}
}

// TestReLUSpecialValues pins ReLU's rules on both of its paths (small
// tensors, and large ones shared between CPUs): NaN stays NaN, -0 and
// negatives become +0, positives and +Inf pass.
func TestReLUSpecialValues(t *testing.T) {
	special := []float64{math.NaN(), math.Copysign(0, -1), -2, 0, 3, math.Inf(1), math.Inf(-1)}
	for _, size := range []int{len(special), 1 << 16} {
		x := tensor.New(size)
		for i := range x.Data() {
			x.Data()[i] = special[i%len(special)]
		}
		y := ReLU(tensor.New(size), x)
		for i, v := range y.Data() {
			in := special[i%len(special)]
			want := in
			if !(in > 0) && in == in {
				want = 0
			}
			if math.Float64bits(v) != math.Float64bits(want) && !(v != v && want != want) {
				t.Fatalf("size %d: ReLU(%v) = %v, want %v", size, in, v, want)
			}
		}
	}
}
