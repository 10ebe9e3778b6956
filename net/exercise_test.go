package net

// The graders of the exercises in package net (tutorial/exercises.md). They
// run on whatever the build holds: the reference solutions by default, the
// student's code with -tags exercise. Every expected value here is worked
// out independently of the code under test (the book's printed numbers, or
// a few lines of arithmetic in this file), so that the graders also work
// when the rest of the package is still stubs.

import (
	"math"
	"slices"
	"testing"

	"dlfs/internal/exercise/grade"
	"dlfs/tensor"
)

// close reports whether got and want agree to tol, relative to |want|
// when that exceeds 1.
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func checkSlice(t testing.TB, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %d: %v", what, len(got), got, len(want), want)
	}
	for i := range want {
		if !closeTo(got[i], want[i], tol) || math.IsNaN(got[i]) != math.IsNaN(want[i]) {
			t.Fatalf("%s: element %d is %v, want %v (all: got %v, want %v)", what, i, got[i], want[i], got, want)
		}
	}
}

func checkShape(t testing.TB, what string, got *tensor.Tensor, want ...int) {
	t.Helper()
	if got == nil || !slices.Equal(got.Shape(), want) {
		var shape []int
		if got != nil {
			shape = got.Shape()
		}
		t.Fatalf("%s: got shape %v, want %v", what, shape, want)
	}
}

// ---- Chapter 4 ----

func checkCrossEntropyLabels(t testing.TB, cel func(y *tensor.Tensor, labels []int) float64) {
	// The notes' two predictions for an image of a 2 (§4.2.1), as a batch.
	y := tensor.FromRows([][]float64{
		{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0},
		{0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0},
	})
	if got, want := cel(y, []int{2, 2}), (0.510825457099338+2.302584092994546)/2; !closeTo(got, want, 1e-12) {
		t.Errorf("batch of the notes' y1 and y2, labels [2 2]: got %v, want %v (the mean of 0.510825457099338 and 2.302584092994546)", got, want)
	}
	if got, want := cel(y, []int{7, 7}), (2.302584092994546+0.510825457099338)/2; !closeTo(got, want, 1e-12) {
		t.Errorf("labels [7 7]: got %v, want %v", got, want)
	}
	if got, want := cel(y, []int{3, 2}), (-math.Log(1e-7)+2.302584092994546)/2; !closeTo(got, want, 1e-12) {
		t.Errorf("labels [3 2], where y[0][3] = 0: got %v, want %v (log(0 + 1e-7), not log 0)", got, want)
	}
}

func TestCh04_2_3_Exercise_CrossEntropyLabels(t *testing.T) {
	grade.Exercise(t, "net.crossEntropyLabels", func(t testing.TB) { checkCrossEntropyLabels(t, crossEntropyLabels) })
}

func checkNumericalDiff(t testing.TB, diff func(f func(float64) float64, x float64) float64) {
	f := func(x float64) float64 { return 0.01*x*x + 0.1*x } // the book's function_1
	for _, c := range []struct{ x, want float64 }{{5, 0.1999999999990898}, {10, 0.2999999999986347}} {
		if got := diff(f, c.x); !closeTo(got, c.want, 1e-9) {
			why := ""
			if forward := (f(c.x+H) - f(c.x)) / H; closeTo(got, forward, 1e-12) {
				why = ": that is the forward difference (f(x+h) - f(x))/h; the book's is the central one, (f(x+h) - f(x-h))/2h"
			}
			t.Errorf("function_1 at %v: got %v, want the book's %v (true slope %.15g)%s", c.x, got, c.want, 0.02*c.x+0.1, why)
		}
	}
	// cos is flat at 0: a central difference gives 0 exactly, a forward
	// one about -h/2.
	if got := diff(math.Cos, 0); got != 0 {
		t.Errorf("cos at 0: got %v, want 0 (a central difference is exact here; (f(x+h) - f(x))/h, a forward one, gives -h/2)", got)
	}
}

func TestCh04_3_1_Exercise_NumericalDiff(t *testing.T) {
	grade.Exercise(t, "net.NumericalDiff", func(t testing.TB) { checkNumericalDiff(t, NumericalDiff) })
}

type numericalGradient func(f func(*tensor.Tensor) float64, x *tensor.Tensor) *tensor.Tensor

func checkNumericalGradient(t testing.TB, ng numericalGradient) {
	sumSq := func(x *tensor.Tensor) float64 { // function_2, on any shape
		s := 0.0
		it := x.Iter()
		for it.Next() {
			s += it.Value() * it.Value()
		}
		return s
	}
	for _, c := range []struct{ x, want []float64 }{
		{[]float64{3, 4}, []float64{6.00000000000378, 7.999999999999119}},
		{[]float64{0, 2}, []float64{0, 4.000000000004}},
		{[]float64{3, 0}, []float64{6.00000000000378, 0}},
	} {
		x := tensor.Vector(c.x...)
		grad := ng(sumSq, x)
		checkShape(t, "the gradient of x0² + x1² at "+tensor.Vector(c.x...).String(), grad, 2)
		checkSlice(t, "the gradient of x0² + x1² at "+tensor.Vector(c.x...).String(), grad.Data(), c.want, 1e-9)
		checkSlice(t, "x after the gradient (it must be restored)", x.Data(), c.x, 0)
	}
	// A matrix: the gradient has its shape.
	x := tensor.FromRows([][]float64{{1, -2, 3}, {0.5, 7, -1}})
	grad := ng(sumSq, x)
	checkShape(t, "the gradient of Σx² for [[1 -2 3] [0.5 7 -1]]", grad, 2, 3)
	checkSlice(t, "the gradient of Σx² for [[1 -2 3] [0.5 7 -1]]", grad.Data(), []float64{2, -4, 6, 1, 14, -2}, 1e-8)
	checkSlice(t, "x after the gradient (it must be restored)", x.Data(), []float64{1, -2, 3, 0.5, 7, -1}, 0)
	// A transposed view: the iterator walks it in its own row-major order.
	xt := tensor.FromRows([][]float64{{1, 2}, {3, 4}}).T() // [[1 3] [2 4]]
	gt := ng(sumSq, xt)
	checkSlice(t, "the gradient of Σx² for the view [[1 3] [2 4]]", gt.Data(), []float64{2, 6, 4, 8}, 1e-8)
}

func TestCh04_4_Exercise_NumericalGradient(t *testing.T) {
	grade.Exercise(t, "net.NumericalGradient", func(t testing.TB) { checkNumericalGradient(t, NumericalGradient) })
}

type descent func(f func(x *tensor.Tensor) float64, init *tensor.Tensor, lr float64, steps int) (*tensor.Tensor, []*tensor.Tensor)

func checkGradientDescent(t testing.TB, gd descent) {
	f := func(x *tensor.Tensor) float64 { d := x.Data(); return d[0]*d[0] + d[1]*d[1] }
	init := tensor.Vector(-3, 4)
	x, path := gd(f, init, 0.1, 100)
	// The book: [-6.11110793e-10  8.14814391e-10].
	checkSlice(t, "gradient descent on x0² + x1² from (-3, 4), lr 0.1, 100 steps", x.Data(), []float64{-6.111107928998789e-10, 8.148143905314271e-10}, 1e-6)
	checkSlice(t, "init after gradient descent (it must not change)", init.Data(), []float64{-3, 4}, 0)
	if len(path) != 101 {
		t.Fatalf("path: got %d points, want 101 (init, then one per step)", len(path))
	}
	checkSlice(t, "path[0]", path[0].Data(), []float64{-3, 4}, 0)
	checkSlice(t, "path[1] (one step: x - 0.1·2x = 0.8x)", path[1].Data(), []float64{-2.4, 3.2}, 1e-9)
	checkSlice(t, "path[100] (the final point)", path[100].Data(), x.Data(), 0)
	// lr = 10 diverges and lr = 1e-10 hardly moves, as the book shows.
	if x, _ := gd(f, init, 10, 100); math.Abs(x.Data()[0]) < 1e10 {
		t.Errorf("lr = 10: x0 ended at %v; the book gets about -2.6e12", x.Data()[0])
	}
	if x, _ := gd(f, init, 1e-10, 100); !closeTo(x.Data()[0], -2.99999994, 1e-8) {
		t.Errorf("lr = 1e-10: x0 ended at %v, want the book's -2.99999994", x.Data()[0])
	}
}

func TestCh04_4_1_Exercise_GradientDescent(t *testing.T) {
	grade.Exercise(t, "net.GradientDescent", func(t testing.TB) { checkGradientDescent(t, GradientDescent) })
}

func checkSoftmax(t testing.TB, rows func(dst, src []float64, n int)) {
	naive := func(in []float64) []float64 {
		m := in[0]
		for _, v := range in {
			m = math.Max(m, v)
		}
		out, s := make([]float64, len(in)), 0.0
		for i, v := range in {
			out[i] = math.Exp(v - m)
			s += out[i]
		}
		for i := range out {
			out[i] /= s
		}
		return out
	}
	for _, c := range []struct {
		src  []float64
		n    int
		want []float64
	}{
		{[]float64{0.3, 2.9, 4.0}, 3, []float64{0.01821127329554753, 0.24519181293507392, 0.7365969137693786}}, // the book's example
		{[]float64{1010, 1000, 990}, 3, naive([]float64{1010, 1000, 990})},                                     // exp(1010) overflows
		{[]float64{1, 2, 3, -1, 0, 1}, 3, append(naive([]float64{1, 2, 3}), naive([]float64{-1, 0, 1})...)},    // two rows
		{[]float64{-5, 7}, 1, []float64{1, 1}},                                                                 // rows of one
	} {
		dst := make([]float64, len(c.src))
		rows(dst, c.src, c.n)
		checkSlice(t, "softmax of "+tensor.Vector(c.src...).String()+" in rows of "+string(rune('0'+c.n)), dst, c.want, 1e-12)
	}
}

func TestCh04_4_2_Exercise_Softmax(t *testing.T) {
	grade.Exercise(t, "net.softmaxRows", func(t testing.TB) { checkSoftmax(t, softmaxRows) })
}

// ---- Chapter 5 ----

func checkMulLayer(t testing.TB, backward func(l *MulLayer, dout float64) (dx, dy float64)) {
	var l MulLayer
	l.Forward(100, 2) // the apple: price 100, 2 apples
	if dx, dy := backward(&l, 1.1); !closeTo(dx, 2.2, 1e-15) || !closeTo(dy, 110, 1e-15) {
		t.Errorf("Forward(100, 2), Backward(1.1): got (%v, %v), want (2.2, 110): each input gets dout times the other", dx, dy)
	}
	l.Forward(3, -5)
	if dx, dy := backward(&l, 2); dx != -10 || dy != 6 {
		t.Errorf("Forward(3, -5), Backward(2): got (%v, %v), want (-10, 6)", dx, dy)
	}
}

func TestCh05_4_1_Exercise_MulLayer(t *testing.T) {
	grade.Exercise(t, "net.MulLayer.Backward", func(t testing.TB) { checkMulLayer(t, (*MulLayer).Backward) })
}

func checkAddLayer(t testing.TB, backward func(l AddLayer, dout float64) (dx, dy float64)) {
	var l AddLayer
	l.Forward(3, 4)
	if dx, dy := backward(l, 1.5); dx != 1.5 || dy != 1.5 {
		t.Errorf("Backward(1.5): got (%v, %v), want (1.5, 1.5)", dx, dy)
	}
}

func TestCh05_4_2_Exercise_AddLayer(t *testing.T) {
	grade.Exercise(t, "net.AddLayer.Backward", func(t testing.TB) { checkAddLayer(t, AddLayer.Backward) })
}

func checkRelu(t testing.TB, backward func(l *ReluLayer, dout *tensor.Tensor) *tensor.Tensor) {
	var l ReluLayer
	l.Forward(tensor.FromRows([][]float64{{1, -0.5}, {-2, 3}, {0, 0.25}}))
	dx := backward(&l, tensor.FromRows([][]float64{{5, 6}, {7, 8}, {9, 10}}))
	if dx == nil {
		t.Fatalf("Backward returned nil")
	}
	checkSlice(t, "Backward of x = [[1 -0.5] [-2 3] [0 0.25]] with dout [[5 6] [7 8] [9 10]]", dx.Data(), []float64{5, 0, 0, 8, 0, 10}, 0)
	if s := dx.Shape(); len(s) != 2 || s[0] != 3 || s[1] != 2 {
		t.Errorf("Backward's shape: got %v, want [3 2]", s)
	}
}

func TestCh05_5_Exercise_Relu(t *testing.T) {
	grade.Exercise(t, "net.ReluLayer.Backward", func(t testing.TB) { checkRelu(t, (*ReluLayer).Backward) })
}

func checkSigmoid(t testing.TB, backward func(l *SigmoidLayer, dout *tensor.Tensor) *tensor.Tensor) {
	var l SigmoidLayer
	xs := []float64{-2, 0, 0.5, 3}
	l.Forward(tensor.FromSlice(append([]float64(nil), xs...), 2, 2))
	dout := []float64{1, -2, 3, 0.5}
	dx := backward(&l, tensor.FromSlice(append([]float64(nil), dout...), 2, 2))
	if dx == nil {
		t.Fatalf("Backward returned nil")
	}
	want := make([]float64, 4)
	for i, x := range xs {
		s := 1 / (1 + math.Exp(-x))
		want[i] = dout[i] * s * (1 - s) // σ'(x) = σ(x)(1 - σ(x))
	}
	checkSlice(t, "Backward of x = [[-2 0] [0.5 3]] with dout [[1 -2] [3 0.5]]", dx.Data(), want, 1e-12)
}

func TestCh05_5_Exercise_Sigmoid(t *testing.T) {
	grade.Exercise(t, "net.SigmoidLayer.Backward", func(t testing.TB) { checkSigmoid(t, (*SigmoidLayer).Backward) })
}

// matmulNaive is the textbook product of row-major (m, k) and (k, n).
func matmulNaive(a, b []float64, m, k, n int) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			for p := range k {
				c[i*n+j] += a[i*k+p] * b[p*n+j]
			}
		}
	}
	return c
}

func transposed(a []float64, r, c int) []float64 {
	t := make([]float64, r*c)
	for i := range r {
		for j := range c {
			t[j*r+i] = a[i*c+j]
		}
	}
	return t
}

func checkAffine(t testing.TB, backward func(l *Affine, dout *tensor.Tensor) *tensor.Tensor) {
	w := []float64{1, -1, 2, 0.5, 0, 3} // (3, 2)
	b := []float64{0.1, -0.2}
	x := []float64{1, 2, 3, -1, 0, 4, 0.5, 0.5, -2, 2, 1, 0} // (4, 3)
	dout := []float64{1, 0, 0, 1, 2, -1, 0.5, 0.5}           // (4, 2)
	l := NewAffine(tensor.FromSlice(append([]float64(nil), w...), 3, 2), tensor.Vector(b...))
	l.Forward(tensor.FromSlice(append([]float64(nil), x...), 4, 3))
	dx := backward(l, tensor.FromSlice(append([]float64(nil), dout...), 4, 2))
	checkSlice(t, "DW = xᵀ·dout", l.DW.Data(), matmulNaive(transposed(x, 4, 3), dout, 3, 4, 2), 1e-12)
	checkSlice(t, "DB = dout summed over the batch (axis 0)", l.DB.Data(), []float64{1 + 0 + 2 + 0.5, 0 + 1 - 1 + 0.5}, 1e-12)
	if dx == nil {
		t.Fatalf("dx is nil; want dout·Wᵀ (only NoInputGrad returns nil)")
	}
	checkSlice(t, "dx = dout·Wᵀ", dx.Data(), matmulNaive(dout, transposed(w, 3, 2), 4, 2, 3), 1e-12)
	// Images (2, 1, 2, 2) are flattened to (2, 4); dx gets their shape back.
	w4 := tensor.FromSlice([]float64{1, 0, 0, 1, 2, 2, -1, 0.5}, 4, 2)
	img := NewAffine(w4, tensor.New(2))
	img.Forward(tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2))
	if dx := backward(img, tensor.FromRows([][]float64{{1, 2}, {3, 4}})); dx == nil || dx.NDim() != 4 || dx.Dim(0) != 2 || dx.Dim(1) != 1 || dx.Dim(2) != 2 || dx.Dim(3) != 2 {
		var s []int
		if dx != nil {
			s = dx.Shape()
		}
		t.Errorf("dx for an image batch (2, 1, 2, 2): got shape %v, want [2 1 2 2]", s)
	}
	// NoInputGrad: the gradients, but no dx.
	first := NewAffine(tensor.FromSlice(append([]float64(nil), w...), 3, 2), tensor.Vector(b...))
	first.NoInputGrad = true
	first.Forward(tensor.FromSlice(append([]float64(nil), x...), 4, 3))
	if dx := backward(first, tensor.FromSlice(append([]float64(nil), dout...), 4, 2)); dx != nil {
		t.Errorf("with NoInputGrad: got dx %v, want nil", dx)
	}
	checkSlice(t, "DW with NoInputGrad", first.DW.Data(), matmulNaive(transposed(x, 4, 3), dout, 3, 4, 2), 1e-12)
}

func TestCh05_6_Exercise_Affine(t *testing.T) {
	grade.Exercise(t, "net.Affine.Backward", func(t testing.TB) { checkAffine(t, (*Affine).Backward) })
}

func checkSoftmaxWithLoss(t testing.TB, backward func(l *SoftmaxWithLoss) *tensor.Tensor) {
	y := []float64{0.2, 0.7, 0.1, 0.5, 0.25, 0.25}
	// One-hot targets: (y - t)/N with N = 2.
	l := &SoftmaxWithLoss{y: tensor.FromSlice(append([]float64(nil), y...), 2, 3), t: tensor.FromRows([][]float64{{0, 1, 0}, {1, 0, 0}})}
	want := []float64{0.1, -0.15, 0.05, -0.25, 0.125, 0.125}
	checkSlice(t, "(y - t)/N for y = [[0.2 0.7 0.1] [0.5 0.25 0.25]], t = [[0 1 0] [1 0 0]]", backward(l).Data(), want, 1e-15)
	// The same targets as labels.
	l = &SoftmaxWithLoss{y: tensor.FromSlice(append([]float64(nil), y...), 2, 3), labels: []int{1, 0}}
	checkSlice(t, "(y - t)/N with labels [1 0]", backward(l).Data(), want, 1e-15)
	// A single sample, 1-D: N = 1.
	l = &SoftmaxWithLoss{y: tensor.Vector(0.2, 0.7, 0.1), t: tensor.Vector(0, 0, 1)}
	checkSlice(t, "y - t for one sample y = [0.2 0.7 0.1], t = [0 0 1]", backward(l).Data(), []float64{0.2, 0.7, -0.9}, 1e-15)
}

func TestCh05_6_Exercise_SoftmaxWithLoss(t *testing.T) {
	grade.Exercise(t, "net.SoftmaxWithLoss.Backward", func(t testing.TB) { checkSoftmaxWithLoss(t, (*SoftmaxWithLoss).Backward) })
}

// ---- Note 001 ----

func checkTanhBackward(t testing.TB, tb func(dst, nextDz, z *tensor.Tensor) *tensor.Tensor) {
	z := []float64{-1.5, 0, 0.3, 2}
	next := []float64{1, 2, -3, 0.5}
	want := make([]float64, 4)
	for i := range z {
		th := math.Tanh(z[i])
		want[i] = next[i] * (1 - th*th)
	}
	got := tb(nil, tensor.FromSlice(append([]float64(nil), next...), 2, 2), tensor.FromSlice(append([]float64(nil), z...), 2, 2))
	checkSlice(t, "nextDz ⊙ (1 - tanh²z) for z = [[-1.5 0] [0.3 2]], nextDz = [[1 2] [-3 0.5]]", got.Data(), want, 1e-12)
	dst := tensor.New(2, 2)
	if got := tb(dst, tensor.FromSlice(append([]float64(nil), next...), 2, 2), tensor.FromSlice(append([]float64(nil), z...), 2, 2)); got != dst {
		t.Errorf("with a dst: the result must be dst itself")
	}
	checkSlice(t, "dst after TanhBackward(dst, ...)", dst.Data(), want, 1e-12)
}

func TestFCN_2_Exercise_TanhBackward(t *testing.T) {
	grade.Exercise(t, "net.TanhBackward", func(t testing.TB) { checkTanhBackward(t, TanhBackward) })
}

func checkELUBackward(t testing.TB, eb func(dst, nextDz, z *tensor.Tensor, alpha float64) *tensor.Tensor) {
	z := []float64{-2, -0.1, 0.5, 3}
	next := []float64{1, 2, -3, 0.5}
	want := []float64{0.1 * 1 * math.Exp(-2), 0.1 * 2 * math.Exp(-0.1), -3, 0.5}
	got := eb(nil, tensor.Vector(next...), tensor.Vector(z...), 0.1)
	checkSlice(t, "ELU backward, α = 0.1, z = [-2 -0.1 0.5 3], nextDz = [1 2 -3 0.5]", got.Data(), want, 1e-12)
	got = eb(nil, tensor.Vector(next...), tensor.Vector(z...), 1)
	checkSlice(t, "ELU backward with α = 1", got.Data()[:2], []float64{math.Exp(-2), 2 * math.Exp(-0.1)}, 1e-12)
}

func TestFCN_2_Exercise_ELUBackward(t *testing.T) {
	grade.Exercise(t, "net.ELUBackward", func(t testing.TB) { checkELUBackward(t, ELUBackward) })
}

// columnLoss is the mean cross-entropy of softmax(A) against one-hot y,
// both (classes, N), written out here so that the grader of the backward
// pass does not lean on the package's own softmax.
func columnLoss(a, y *tensor.Tensor) float64 {
	k, n := a.Dim(0), a.Dim(1)
	loss := 0.0
	for j := range n {
		m := a.At(0, j)
		for i := range k {
			m = math.Max(m, a.At(i, j))
		}
		s := 0.0
		for i := range k {
			s += math.Exp(a.At(i, j) - m)
		}
		for i := range k {
			if y.At(i, j) != 0 {
				loss -= y.At(i, j) * (a.At(i, j) - m - math.Log(s))
			}
		}
	}
	return loss / float64(n)
}

func checkColumnBackward(t testing.TB, backward func(n *ColumnNet, x, y *tensor.Tensor) float64) {
	for _, zeros := range []float64{0.8, 0} { // an image-like input, and a dense one
		n, err := NewColumnNetFrom([]Param{
			{"W1", tensor.FromSlice(seq(7*12, 0.37), 7, 12)}, {"B1", tensor.FromSlice(seq(7, 0.11), 7, 1)},
			{"W2", tensor.FromSlice(seq(5*7, 0.23), 5, 7)}, {"B2", tensor.FromSlice(seq(5, 0.05), 5, 1)},
			{"W3", tensor.FromSlice(seq(3*5, 0.41), 3, 5)}, {"B3", tensor.FromSlice(seq(3, 0.13), 3, 1)},
		})
		if err != nil {
			t.Fatalf("building the test network: %v", err)
		}
		x := tensor.FromSlice(seq(12*6, 0.29), 12, 6)
		for i := range x.Data() {
			if float64(i%10) < 10*zeros {
				x.Data()[i] = 0
			}
		}
		y := tensor.New(3, 6)
		for j := range 6 {
			y.Set(1, (j*2)%3, j)
		}
		loss := func() float64 { n.Forward(x); return columnLoss(n.A[len(n.A)-1], y) }
		want := loss()
		got := backward(n, x, y)
		if !closeTo(got, want, 1e-12) {
			t.Errorf("zeros %.0f%%: Backward returned loss %v, want %v (the mean cross-entropy of the last Forward)", 100*zeros, got, want)
		}
		for i, p := range n.Params() {
			v := p.Value.Data()
			for e := range v {
				keep := v[e]
				v[e] = keep + 1e-5
				up := loss()
				v[e] = keep - 1e-5
				down := loss()
				v[e] = keep
				num := (up - down) / 2e-5
				if g := n.Grads()[i].Data()[e]; math.Abs(g-num) > 1e-7 {
					t.Fatalf("zeros %.0f%%: d%s element %d: backprop %v, numerical %v (dW = dA·Z_prevᵀ/N, dB = Σcols dA/N)", 100*zeros, p.Name, e, g, num)
				}
			}
		}
		n.Forward(x) // put the network back as Backward found it
	}
}

// seq returns n deterministic values in [-1, 1) stepping by step (mod 2).
func seq(n int, step float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Mod(float64(i+1)*step, 2) - 1
	}
	return v
}

func TestFCN_1_Exercise_ColumnBackward(t *testing.T) {
	grade.Exercise(t, "net.ColumnNet.Backward", func(t testing.TB) { checkColumnBackward(t, (*ColumnNet).Backward) })
}

// twoLayerLoss is the mean cross-entropy of the net's softmax output
// against one-hot t, computed here from scratch (no 1e-7 inside the log:
// the formula (y - t)/N is the gradient of the exact cross-entropy).
func twoLayerLoss(w1, b1, w2, b2, x, t []float64, in, hid, out, batch int, relu bool) float64 {
	loss := 0.0
	for r := range batch {
		z := make([]float64, hid)
		for j := range hid {
			a := b1[j]
			for i := range in {
				a += x[r*in+i] * w1[i*hid+j]
			}
			if relu {
				z[j] = math.Max(a, 0)
			} else {
				z[j] = 1 / (1 + math.Exp(-a))
			}
		}
		s := make([]float64, out)
		m := math.Inf(-1)
		for k := range out {
			s[k] = b2[k]
			for j := range hid {
				s[k] += z[j] * w2[j*out+k]
			}
			m = math.Max(m, s[k])
		}
		sum := 0.0
		for k := range out {
			sum += math.Exp(s[k] - m)
		}
		for k := range out {
			if t[r*out+k] != 0 {
				loss -= t[r*out+k] * (s[k] - m - math.Log(sum))
			}
		}
	}
	return loss / float64(batch)
}

func checkTwoLayerGradient(t testing.TB, grad func(n *TwoLayerNet, x, t *tensor.Tensor) []*tensor.Tensor) {
	const in, hid, out, batch = 5, 4, 3, 6
	for _, act := range []Activation{SigmoidActivation, ReLUActivation} {
		w1, b1, w2, b2 := seq(in*hid, 0.37), seq(hid, 0.61), seq(hid*out, 0.43), seq(out, 0.29)
		x, tt := seq(batch*in, 0.17), make([]float64, batch*out)
		for r := range batch {
			tt[r*out+(r*2)%out] = 1
		}
		n := NewTwoLayerNetFrom(tensor.FromSlice(w1, in, hid), tensor.FromSlice(b1, hid), tensor.FromSlice(w2, hid, out), tensor.FromSlice(b2, out), act)
		got := grad(n, tensor.FromSlice(append([]float64(nil), x...), batch, in), tensor.FromSlice(append([]float64(nil), tt...), batch, out))
		if len(got) != 4 {
			t.Fatalf("%s net: got %d gradients, want 4 (W1, b1, W2, b2)", act, len(got))
		}
		for i, p := range [][]float64{w1, b1, w2, b2} {
			if got[i] == nil || got[i].Size() != len(p) {
				t.Fatalf("%s net: gradient %d has %v elements, want %d (the shape of %s)", act, i, got[i], len(p), []string{"W1", "b1", "W2", "b2"}[i])
			}
			g := got[i].Contiguous().Data()
			for e := range p {
				keep := p[e]
				p[e] = keep + 1e-6
				up := twoLayerLoss(w1, b1, w2, b2, x, tt, in, hid, out, batch, act == ReLUActivation)
				p[e] = keep - 1e-6
				down := twoLayerLoss(w1, b1, w2, b2, x, tt, in, hid, out, batch, act == ReLUActivation)
				p[e] = keep
				if num := (up - down) / 2e-6; math.Abs(g[e]-num) > 1e-8 {
					t.Fatalf("%s net: d%s element %d: got %v, numerical %v", act, []string{"W1", "b1", "W2", "b2"}[i], e, g[e], num)
				}
			}
		}
	}
}

func TestCh04_5_1_Exercise_TwoLayerGradient(t *testing.T) {
	grade.Exercise(t, "net.TwoLayerNet.GradientFormula", func(t testing.TB) { checkTwoLayerGradient(t, (*TwoLayerNet).GradientFormula) })
}
