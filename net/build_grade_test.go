package net

// The graders of the exercises that build (ch0N_build_exercise.go). As in
// exercise_test.go, every expected value is worked out here, without the
// code under test; the layers the gradient check is tried on are written
// here too.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/exercise/grade"
	"dlfs/tensor"
)

// ---- §4.5.2: accuracy ----

func checkAccuracy(t testing.TB, acc func(y, t *tensor.Tensor) float64) {
	y := tensor.FromRows([][]float64{
		{0.1, 0.8, 0.1}, // predicts 1
		{0.3, 0.3, 0.4}, // predicts 2
		{0.6, 0.2, 0.2}, // predicts 0
		{0.2, 0.5, 0.3}, // predicts 1
	})
	oneHot := tensor.FromRows([][]float64{{0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {1, 0, 0}})
	if got := acc(y, oneHot); got != 0.5 {
		t.Errorf("4 rows, 2 right, one-hot targets: got %v, want 0.5", got)
	}
	if got := acc(y, tensor.Vector(1, 2, 0, 1)); got != 1 {
		t.Errorf("4 rows, all right, label targets [1 2 0 1]: got %v, want 1", got)
	}
	if got := acc(y, tensor.Vector(1, 2, 0, 0)); got != 0.75 {
		t.Errorf("4 rows, 3 right, label targets [1 2 0 0]: got %v, want 0.75 (a fraction: in Go, 3/4 is 0)", got)
	}
	ties := tensor.FromRows([][]float64{{0.4, 0.4, 0.2}, {0.1, 0.45, 0.45}, {0.5, 0.5, 0.0}})
	if got := acc(ties, tensor.Vector(0, 1, 1)); !closeTo(got, 2.0/3, 1e-15) {
		t.Errorf("ties [[0.4 0.4 0.2] [0.1 0.45 0.45] [0.5 0.5 0]], labels [0 1 1]: got %v, want 2/3 (np.argmax picks the first largest)", got)
	}
	// Scores of note 001's column layout, (classes, N), read through a transpose.
	cols := tensor.FromRows([][]float64{{0.9, 0.1, 0.2, 0.6}, {0.05, 0.7, 0.1, 0.3}, {0.05, 0.2, 0.7, 0.1}})
	if got := acc(cols.T(), tensor.Vector(0, 1, 2, 0)); got != 1 {
		t.Errorf("the view y = cols.T() of cols = [[0.9 0.1 0.2 0.6] [0.05 0.7 0.1 0.3] [0.05 0.2 0.7 0.1]] (one sample per column), labels [0 1 2 0]: got %v, want 1 (the view's rows are cols' columns)", got)
	}
}

func TestCh04_5_2_Exercise_Accuracy(t *testing.T) {
	grade.Exercise(t, "net.accuracy", func(t testing.TB) { checkAccuracy(t, accuracy) })
}

// ---- §5.4.2: a graph where x is used twice ----

type scalarGraph interface {
	Forward(x, y float64) float64
	Backward(dout float64) (dx, dy float64)
}

func checkUsedTwice(t testing.TB, newGraph func() scalarGraph) {
	for _, c := range []struct{ x, y, dout float64 }{{3, 4, 1}, {3, 4, 2.5}, {-1.5, 0.5, 1}, {0.25, -2, -3}} {
		g := newGraph()
		if got, want := g.Forward(c.x, c.y), (c.x+c.y)*c.x; !closeTo(got, want, 1e-15) {
			t.Fatalf("Forward(%v, %v): got %v, want (x + y)·x = %v", c.x, c.y, got, want)
		}
		dx, dy := g.Backward(c.dout)
		wantDx, wantDy := c.dout*(2*c.x+c.y), c.dout*c.x
		if !closeTo(dx, wantDx, 1e-14) || !closeTo(dy, wantDy, 1e-14) {
			t.Fatalf("Forward(%v, %v), Backward(%v): got (%v, %v), want (%v, %v): x reaches f along two paths, through the sum and straight into the product; its gradient is the sum of both",
				c.x, c.y, c.dout, dx, dy, wantDx, wantDy)
		}
	}
	// Two graphs at once: each keeps its own values.
	g1, g2 := newGraph(), newGraph()
	g1.Forward(3, 4)
	g2.Forward(-1, 5)
	if dx, dy := g1.Backward(1); dx != 10 || dy != 3 {
		t.Errorf("g1.Forward(3, 4), g2.Forward(-1, 5), g1.Backward(1): got (%v, %v), want (10, 3): each graph must keep its own nodes", dx, dy)
	}
}

func TestCh05_4_2_Exercise_UsedTwice(t *testing.T) {
	grade.Exercise(t, "net.UsedTwice", func(t testing.TB) {
		checkUsedTwice(t, func() scalarGraph { return new(UsedTwice) })
	})
}

// ---- §5.5: LeakyReLU's backward ----

func checkLeakyReLU(t testing.TB, backward func(l *LeakyReLULayer, dout *tensor.Tensor) *tensor.Tensor) {
	for _, alpha := range []float64{0.01, 0.2} {
		l := &LeakyReLULayer{Alpha: alpha}
		x := tensor.FromRows([][]float64{{1, -0.5}, {-2, 3}, {0, 0.25}})
		l.Forward(x)
		x.Data()[0] = -1 // the layer must not depend on the caller's x staying put
		dx := backward(l, tensor.FromRows([][]float64{{5, 6}, {7, 8}, {9, 10}}))
		checkShape(t, fmt.Sprintf("α = %v: Backward's result", alpha), dx, 3, 2)
		checkSlice(t, fmt.Sprintf("α = %v: Backward of x = [[1 -0.5] [-2 3] [0 0.25]] with dout [[5 6] [7 8] [9 10]] (x = 0 takes the slope α)", alpha),
			dx.Data(), []float64{5, 6 * alpha, 7 * alpha, 8, 9 * alpha, 10}, 1e-15)
	}
	// Another batch size through the same layer.
	l := &LeakyReLULayer{Alpha: 0.1}
	l.Forward(tensor.FromRows([][]float64{{1, -1}}))
	backward(l, tensor.FromRows([][]float64{{1, 1}}))
	l.Forward(tensor.Vector(-3, 2, -1))
	dx := backward(l, tensor.Vector(2, 2, -4))
	checkShape(t, "after a (1, 2) batch, Backward of a vector of 3", dx, 3)
	checkSlice(t, "α = 0.1, x = [-3 2 -1], dout = [2 2 -4]", dx.Data(), []float64{0.2, 2, -0.4}, 1e-15)
}

func TestCh05_5_Exercise_LeakyReLU(t *testing.T) {
	grade.Exercise(t, "net.LeakyReLULayer.Backward", func(t testing.TB) { checkLeakyReLU(t, (*LeakyReLULayer).Backward) })
}

// ---- §5.7.3: a gradient check ----

// gradeTanh is a tanh layer whose Backward can be broken on purpose.
type gradeTanh struct {
	out, dx *tensor.Tensor
	bug     string
}

func (l *gradeTanh) Forward(x *tensor.Tensor) *tensor.Tensor {
	if l.out == nil || l.out.Size() != x.Size() {
		l.out = tensor.New(x.Shape()...)
	}
	for i, v := range x.Contiguous().Data() {
		l.out.Data()[i] = math.Tanh(v)
	}
	return l.out
}

func (l *gradeTanh) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = tensor.New(dout.Shape()...)
	d, o := dout.Contiguous().Data(), l.out.Data()
	for i := range d {
		switch l.bug {
		case "":
			l.dx.Data()[i] = d[i] * (1 - o[i]*o[i])
		case "dout ignored":
			l.dx.Data()[i] = 1 - o[i]*o[i]
		case "1 - out":
			l.dx.Data()[i] = d[i] * (1 - o[i])
		case "last element":
			l.dx.Data()[i] = d[i] * (1 - o[i]*o[i])
			if i == len(d)-1 {
				l.dx.Data()[i] = d[i]
			}
		}
	}
	return l.dx
}

// gradeMatMul is out = x·W for a fixed W (in, out): a layer whose output
// has another shape than its input.
type gradeMatMul struct {
	w, x *tensor.Tensor
	bug  string
}

func (l *gradeMatMul) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.x = x.Clone()
	return tensor.FromSlice(matmulNaive(l.x.Data(), l.w.Data(), x.Dim(0), l.w.Dim(0), l.w.Dim(1)), x.Dim(0), l.w.Dim(1))
}

func (l *gradeMatMul) Backward(dout *tensor.Tensor) *tensor.Tensor {
	in, out := l.w.Dim(0), l.w.Dim(1)
	wT := transposed(l.w.Data(), in, out)
	if l.bug == "W not transposed" { // the shapes fit only because W is square
		wT = l.w.Data()
	}
	return tensor.FromSlice(matmulNaive(dout.Contiguous().Data(), wT, dout.Dim(0), out, in), dout.Dim(0), in)
}

func checkCheckLayer(t testing.TB, check func(l Layer, x *tensor.Tensor) float64) {
	x := tensor.FromSlice(seq(12, 0.37), 3, 4)
	keep := append([]float64(nil), x.Data()...)
	wide := tensor.FromSlice(seq(8, 0.29), 4, 2)
	square := tensor.FromSlice(seq(16, 0.43), 4, 4)
	for _, c := range []struct {
		name string
		l    Layer
	}{
		{"a correct tanh layer", &gradeTanh{}},
		{"a correct x·W with W (4, 2), out (3, 2)", &gradeMatMul{w: wide}},
		{"a correct x·W with W (4, 4)", &gradeMatMul{w: square}},
	} {
		got := check(c.l, x)
		if !(got < 1e-6) {
			t.Errorf("%s at x (3, 4): your check returned %v, want below 1e-6 (a numerical gradient with h = 1e-4 is good to about 1e-9; is Backward run after a Forward at x itself?)", c.name, got)
		}
		checkSlice(t, "x after the check (it must be left as it was)", x.Data(), keep, 0)
	}
	for _, c := range []struct {
		name string
		l    Layer
	}{
		{"a tanh layer whose Backward ignores dout", &gradeTanh{bug: "dout ignored"}},
		{"a tanh layer whose Backward multiplies by 1 - out, not 1 - out²", &gradeTanh{bug: "1 - out"}},
		{"a tanh layer whose Backward is wrong in the last element only", &gradeTanh{bug: "last element"}},
		{"x·W whose Backward multiplies by W instead of Wᵀ", &gradeMatMul{w: square, bug: "W not transposed"}},
	} {
		if got := check(c.l, x); !(got > 1e-3) {
			t.Errorf("%s: your check returned %v, want above 1e-3: it missed the bug", c.name, got)
		}
	}
}

func TestCh05_7_3_Exercise_CheckLayer(t *testing.T) {
	grade.Exercise(t, "net.CheckLayer", func(t testing.TB) { checkCheckLayer(t, CheckLayer) })
}

// ---- §6.2: He initialization ----

// moments returns the mean, the standard deviation and the fraction of
// values within one deviation of the mean (0.683 for a normal
// distribution, 0.577 for a uniform one).
func moments(v []float64) (mean, std, within float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		std += (x - mean) * (x - mean)
	}
	std = math.Sqrt(std / float64(len(v)))
	for _, x := range v {
		if math.Abs(x-mean) <= std {
			within++
		}
	}
	return mean, std, within / float64(len(v))
}

func checkHeInit(t testing.TB, he func(rng *rand.Rand, nIn, nOut int) *tensor.Tensor) {
	for _, c := range []struct{ in, out int }{{512, 32}, {32, 512}} {
		w := he(rand.New(rand.NewPCG(7, 1)), c.in, c.out)
		checkShape(t, fmt.Sprintf("HeInit(rng, %d, %d)", c.in, c.out), w, c.in, c.out)
		mean, std, within := moments(w.Contiguous().Data())
		want := math.Sqrt(2 / float64(c.in))
		n := float64(c.in * c.out)
		if math.Abs(std-want) > 0.03*want {
			t.Errorf("HeInit(rng, %d, %d): the values' standard deviation is %.4f, want %.4f (nIn = %d, nOut = %d: which one sets the scale, and by what factor?)",
				c.in, c.out, std, want, c.in, c.out)
		}
		if math.Abs(mean) > 5*want/math.Sqrt(n) {
			t.Errorf("HeInit(rng, %d, %d): the values' mean is %.4g, want 0 (within %.2g)", c.in, c.out, mean, 5*want/math.Sqrt(n))
		}
		if math.Abs(within-0.6827) > 0.02 {
			t.Errorf("HeInit(rng, %d, %d): %.3f of the values lie within one deviation of the mean, want 0.683: normal numbers (rng.NormFloat64), not uniform ones (0.577)", c.in, c.out, within)
		}
	}
	a := he(rand.New(rand.NewPCG(7, 1)), 20, 10)
	b := he(rand.New(rand.NewPCG(7, 1)), 20, 10)
	c := he(rand.New(rand.NewPCG(8, 1)), 20, 10)
	if tensor.MaxAbsDiff(a, b) != 0 {
		t.Errorf("two rngs with the same seed gave different matrices: draw from rng only")
	}
	if tensor.MaxAbsDiff(a, c) == 0 {
		t.Errorf("two rngs with different seeds gave the same matrix: draw from rng")
	}
	// What He's scale is for: ReLU activations keep their size through a
	// stack of layers of different widths.
	rng := rand.New(rand.NewPCG(3, 3))
	widths := []int{400, 100, 200, 50, 300, 100}
	z := tensor.RandN(rng, 1, 200, widths[0])
	first := 0.0
	for l := 1; l < len(widths); l++ {
		w := he(rng, widths[l-1], widths[l])
		a := tensor.FromSlice(matmulNaive(z.Data(), w.Contiguous().Data(), 200, widths[l-1], widths[l]), 200, widths[l])
		ms := 0.0
		for _, v := range a.Data() {
			ms += v * v
		}
		ms /= float64(a.Size())
		if l == 1 {
			first = ms
		} else if ms < first/1.5 || ms > first*1.5 {
			t.Errorf("layers of widths %v with ReLU between: the mean square of layer %d's inputs is %.3g, layer 1's %.3g; He's scale keeps them close", widths, l, ms, first)
			break
		}
		z = tensor.Apply(nil, a, func(v float64) float64 { return math.Max(v, 0) })
	}
}

func TestCh06_2_Exercise_HeInit(t *testing.T) {
	grade.Exercise(t, "net.HeInit", func(t testing.TB) { checkHeInit(t, HeInit) })
}
