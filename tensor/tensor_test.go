package tensor

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// mustPanicShape runs f and checks that it panics with a *ShapeError whose
// message mentions every given shape text.
func mustPanicShape(t *testing.T, what string, f func(), mention ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		err, ok := r.(error)
		var se *ShapeError
		if !ok || !errors.As(err, &se) {
			t.Fatalf("%s: got panic %v, want a *ShapeError", what, r)
		}
		for _, m := range mention {
			if !strings.Contains(se.Error(), m) {
				t.Errorf("%s: error %q does not mention %q", what, se.Error(), m)
			}
		}
	}()
	f()
}

func TestTensorLayout(t *testing.T) {
	x := FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	if got := x.Strides(); got[0] != 3 || got[1] != 1 {
		t.Errorf("strides of (2,3): got %v, want [3 1]", got)
	}
	if got := x.At(1, 2); got != 6 {
		t.Errorf("At(1,2): got %v, want 6", got)
	}
	xt := x.T()
	if got := xt.Shape(); got[0] != 3 || got[1] != 2 {
		t.Errorf("T shape: got %v, want [3 2]", got)
	}
	if xt.IsContiguous() {
		t.Error("a transpose view should not be contiguous")
	}
	xt.Set(-5, 1, 1) // element (1,1) of the transpose is (1,1) of x
	if x.At(1, 1) != -5 {
		t.Error("writing through the transpose view did not write the original")
	}
	if got, want := xt.Clone().Data(), []float64{1, 4, 2, -5, 3, 6}; !equal(got, want) {
		t.Errorf("Clone of transpose: got %v, want %v", got, want)
	}
	r := x.Reshape(3, -1)
	if got := r.Shape(); got[0] != 3 || got[1] != 2 {
		t.Errorf("Reshape(3,-1): got %v, want [3 2]", got)
	}
	if got := xt.Reshape(6).Data(); !equal(got, []float64{1, 4, 2, -5, 3, 6}) {
		t.Errorf("Reshape of a transpose must copy in the view's order: got %v", got)
	}
	mustPanicShape(t, "Reshape(4,2)", func() { x.Reshape(4, 2) }, "[2 3]", "[4 2]")
	mustPanicShape(t, "At out of range", func() { x.At(2, 0) }, "[2 3]")
	mustPanicShape(t, "FromSlice", func() { FromSlice(make([]float64, 5), 2, 3) }, "[2 3]", "[5]")
	if got := x.String(); got != "[[1 2 3]\n [4 -5 6]]" {
		t.Errorf("String: got %q", got)
	}
	if got := Vector(0.1999999999990898, 6).String(); got != "[0.1999999999990898 6]" {
		t.Errorf("String keeps full precision: got %q", got)
	}
}

func TestTensorIterator(t *testing.T) {
	x := New(2, 3, 4)
	it := x.Iter()
	n := 0
	for it.Next() {
		i := it.Index()
		it.Set(float64(100*i[0] + 10*i[1] + i[2]))
		n++
	}
	if n != 24 {
		t.Fatalf("visited %d elements, want 24", n)
	}
	if got := x.At(1, 2, 3); got != 123 {
		t.Errorf("At(1,2,3) after iterator writes: got %v, want 123", got)
	}
	// Over a transposed view the iterator follows the view's own indices.
	v := x.Transpose(2, 0, 1)
	it = v.Iter()
	for it.Next() {
		i := it.Index()
		if want := float64(100*i[1] + 10*i[2] + i[0]); it.Value() != want {
			t.Fatalf("view at %v: got %v, want %v", i, it.Value(), want)
		}
	}
	// IterRange visits a slice of the row-major order, from any start.
	for _, r := range [][2]int{{0, 24}, {5, 17}, {23, 24}, {7, 7}} {
		it, want := x.IterRange(r[0], r[1]), r[0]
		for it.Next() {
			i := it.Index()
			if got := 12*i[0] + 4*i[1] + i[2]; got != want {
				t.Fatalf("IterRange(%d, %d): visited flat index %d, want %d", r[0], r[1], got, want)
			}
			want++
		}
		if want != r[1] {
			t.Errorf("IterRange(%d, %d) stopped at %d", r[0], r[1], want)
		}
	}
	mustPanicShape(t, "IterRange", func() { x.IterRange(3, 25) }, "[2 3 4]")
	if New(0, 3).Iter().Next() {
		t.Error("an empty tensor's iterator yielded an element")
	}
	s := New()
	s.Iter().Set(0) // no Next yet: offset 0 is still valid for a scalar
	it = s.Iter()
	if !it.Next() || it.Next() {
		t.Error("a scalar's iterator must yield exactly one element")
	}
}

func TestTensorOps(t *testing.T) {
	a := FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	b := FromRows([][]float64{{6, 5, 4}, {3, 2, 1}})
	checks := []struct {
		name string
		got  *Tensor
		want []float64
	}{
		{"Add", Add(nil, a, b), []float64{7, 7, 7, 7, 7, 7}},
		{"Sub", Sub(nil, a, b), []float64{-5, -3, -1, 1, 3, 5}},
		{"Mul", Mul(nil, a, b), []float64{6, 10, 12, 12, 10, 6}},
		{"Div", Div(nil, a, b), []float64{1.0 / 6, 2.0 / 5, 3.0 / 4, 4.0 / 3, 5.0 / 2, 6}},
		{"Scale", Scale(nil, 2, a), []float64{2, 4, 6, 8, 10, 12}},
		{"AddScaled", AddScaled(nil, a, -0.5, b), []float64{-2, -0.5, 1, 2.5, 4, 5.5}},
		{"AddRow", AddRow(nil, a, Vector(10, 20, 30)), []float64{11, 22, 33, 14, 25, 36}},
		{"Apply", Apply(nil, a, math.Sqrt), []float64{1, math.Sqrt2, math.Sqrt(3), 2, math.Sqrt(5), math.Sqrt(6)}},
		{"SumAxis0", SumAxis(nil, a, 0), []float64{5, 7, 9}},
		{"SumAxis1", SumAxis(nil, a, 1), []float64{6, 15}},
		{"SumAxis-1", SumAxis(nil, a, -1), []float64{6, 15}},
		{"MaxAxis0", MaxAxis(nil, b, 0), []float64{6, 5, 4}},
		{"MaxAxis1", MaxAxis(nil, b, 1), []float64{6, 3}},
		{"Add on views", Add(nil, a.T(), b.T()), []float64{7, 7, 7, 7, 7, 7}},
		{"Mul on a view", Mul(nil, a.T(), a.T()), []float64{1, 16, 4, 25, 9, 36}},
	}
	for _, c := range checks {
		if !equal(c.got.Data(), c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got.Data(), c.want)
		}
	}
	if got := ArgmaxAxis(nil, FromRows([][]float64{{0.1, 0.8, 0.1}, {0.3, 0.1, 0.6}, {0.5, 0.5, 0}}), 1); got[0] != 1 || got[1] != 2 || got[2] != 0 {
		t.Errorf("ArgmaxAxis: got %v, want [1 2 0] (ties go to the first)", got)
	}
	if got := Sum(a); got != 21 {
		t.Errorf("Sum: got %v, want 21", got)
	}
	if got, gi := Max(b), Argmax(b); got != 6 || gi != 0 {
		t.Errorf("Max, Argmax: got %v %v, want 6 0", got, gi)
	}
	// A transposed destination is written in its own index order.
	d := New(3, 2)
	Add(d.T(), a, b)
	if !equal(d.T().Clone().Data(), []float64{7, 7, 7, 7, 7, 7}) {
		t.Errorf("Add into a transposed dst: got %v", d)
	}
	mustPanicShape(t, "Add", func() { Add(nil, a, a.T()) }, "[2 3]", "[3 2]")
	mustPanicShape(t, "AddRow", func() { AddRow(nil, a, Vector(1, 2)) }, "[2 3]", "[2]")
	mustPanicShape(t, "dst", func() { Add(New(3, 2), a, b) }, "[3 2]", "[2 3]")
	mustPanicShape(t, "SumAxis", func() { SumAxis(nil, a, 2) }, "[2 3]")
}

func TestTensorRandN(t *testing.T) {
	x := RandN(rand.New(rand.NewPCG(1, 2)), 0.01, 100, 50)
	y := RandN(rand.New(rand.NewPCG(1, 2)), 0.01, 100, 50)
	if !equal(x.Data(), y.Data()) {
		t.Error("the same seed gave different numbers")
	}
	mean := Sum(x) / float64(x.Size())
	v := 0.0
	for _, e := range x.Data() {
		v += (e - mean) * (e - mean)
	}
	std := math.Sqrt(v / float64(x.Size()))
	if math.Abs(mean) > 0.001 || math.Abs(std-0.01) > 0.001 {
		t.Errorf("RandN(std 0.01): got mean %g std %g", mean, std)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && math.Abs(a[i]-b[i]) > 1e-15*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

// Copy and Clone of a transposed view take the tiled path; they must agree
// with At on shapes that do not divide into tiles.
func TestTensor_TransposeCopy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sh := range [][2]int{{2, 3}, {1, 5}, {5, 1}, {31, 33}, {32, 64}, {100, 7}, {70, 129}} {
		a := RandN(rng, 1, sh[0], sh[1])
		v := a.T()
		for name, got := range map[string]*Tensor{"Clone": v.Clone(), "Copy": Copy(New(sh[1], sh[0]), v)} {
			if !got.IsContiguous() {
				t.Fatalf("%s of %v transposed: not contiguous", name, sh)
			}
			for i := range sh[1] {
				for j := range sh[0] {
					if g, w := got.At(i, j), a.At(j, i); g != w {
						t.Fatalf("%s of %v transposed: [%d %d] = %v, want %v", name, sh, i, j, g, w)
					}
				}
			}
		}
	}
}

// Copy of a matrix into its own transpose, and AddRow on empty rows: the
// fast paths must not change what these mean.
func TestTensor_CopyOwnTransposeAndEmptyRows(t *testing.T) {
	w := FromRows([][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})
	Copy(w, w.T())
	if want := []float64{1, 4, 7, 2, 5, 8, 3, 6, 9}; !equal(w.Data(), want) {
		t.Errorf("Copy(w, w.T()): got %v, want %v", w.Data(), want)
	}
	if got := AddRow(nil, New(3, 0), New(0)); got.Size() != 0 {
		t.Errorf("AddRow of (3, 0): got %v", got.Shape())
	}
}
