package mnist

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"dlfs/tensor"
)

// tinySet returns n images of 2x3 pixels; pixel j of image i is 10·i+j,
// and image i shows the digit i%10.
func tinySet(n int) *Set {
	s := &Set{Pixels: make([]byte, n*6), Labels: make([]uint8, n), Rows: 2, Cols: 3}
	for i := range n {
		s.Labels[i] = uint8(i % 10)
		for j := range 6 {
			s.Pixels[i*6+j] = byte(10*i + j)
		}
	}
	return s
}

func TestMNISTBatch(t *testing.T) {
	s := tinySet(5)
	x := s.Batch(nil, []int{3, 0, 3})
	if got := fmt.Sprint(x.Shape()); got != "[3 6]" {
		t.Fatalf("shape %s, want [3 6]", got)
	}
	for k, i := range []int{3, 0, 3} {
		for j := range 6 {
			if got, want := x.At(k, j), float64(10*i+j)/255; got != want {
				t.Errorf("x[%d,%d] = %v, want %v", k, j, got, want)
			}
		}
	}
	// The table must give exactly float64(p)/255 for every byte.
	all := &Set{Pixels: make([]byte, 256), Labels: []uint8{0}, Rows: 16, Cols: 16}
	for p := range 256 {
		all.Pixels[p] = byte(p)
	}
	v := all.Batch(nil, []int{0}).Data()
	for p := range 256 {
		if v[p] != float64(p)/255 {
			t.Fatalf("pixel %d -> %v, want %v", p, v[p], float64(p)/255)
		}
	}
	if v[0] != 0 || v[255] != 1 {
		t.Errorf("0 and 255 must map to exactly 0 and 1, got %v and %v", v[0], v[255])
	}
	raw := all.BatchRaw(nil, []int{0}).Data()
	for p := range 256 {
		if raw[p] != float64(p) {
			t.Fatalf("BatchRaw: pixel %d -> %v", p, raw[p])
		}
	}
}

func TestMNISTBatchReusesDst(t *testing.T) {
	s := tinySet(5)
	dst := tensor.New(2, 6)
	got := s.Batch(dst, []int{4, 1})
	if got != dst {
		t.Fatal("Batch must return the dst it was given")
	}
	if dst.At(0, 5) != 45.0/255 || dst.At(1, 0) != 10.0/255 {
		t.Errorf("dst not filled: %v", dst)
	}
	idx := []int{1, 2}
	if allocs := testing.AllocsPerRun(100, func() { s.Batch(dst, idx) }); allocs != 0 {
		t.Errorf("Batch with a dst allocates %v times, want 0", allocs)
	}
	onehot := tensor.New(2, 10)
	if allocs := testing.AllocsPerRun(100, func() { s.OneHot(onehot, idx) }); allocs != 0 {
		t.Errorf("OneHot with a dst allocates %v times, want 0", allocs)
	}
	img := tensor.New(2, 1, 2, 3)
	if allocs := testing.AllocsPerRun(100, func() { s.BatchImages(img, idx) }); allocs != 0 {
		t.Errorf("BatchImages with a dst allocates %v times, want 0", allocs)
	}
}

func TestMNISTBatchImages(t *testing.T) {
	s := tinySet(4)
	x := s.BatchImages(nil, []int{2, 3})
	if got := fmt.Sprint(x.Shape()); got != "[2 1 2 3]" {
		t.Fatalf("shape %s, want [2 1 2 3] (N, C, H, W)", got)
	}
	// Row 1, column 2 of image 3 is pixel 1·3+2 = 5.
	if got, want := x.At(1, 0, 1, 2), float64(35)/255; got != want {
		t.Errorf("x[1,0,1,2] = %v, want %v", got, want)
	}
	flat := s.Batch(nil, []int{2, 3}).Data()
	for i, v := range x.Data() {
		if v != flat[i] {
			t.Fatalf("BatchImages and Batch differ at %d", i)
		}
	}
}

func TestMNISTOneHotAndLabels(t *testing.T) {
	s := tinySet(12)
	idx := []int{11, 0, 7}
	y := s.OneHot(nil, idx)
	if got := fmt.Sprint(y.Shape()); got != "[3 10]" {
		t.Fatalf("shape %s", got)
	}
	for k, i := range idx {
		for c := range 10 {
			want := 0.0
			if c == s.Label(i) {
				want = 1
			}
			if y.At(k, c) != want {
				t.Errorf("onehot[%d,%d] = %v, want %v", k, c, y.At(k, c), want)
			}
		}
	}
	// Reusing a dst clears the old ones.
	s.OneHot(y, []int{1, 1, 1})
	if sum := sumOf(y.Data()); sum != 3 || y.At(0, 1) != 1 {
		t.Errorf("reused OneHot has sum %v: %v", sum, y)
	}

	labels := s.LabelsOf(nil, idx)
	if fmt.Sprint(labels) != "[1 0 7]" {
		t.Errorf("LabelsOf = %v", labels)
	}
	buf := make([]int, 0, 8)
	got := s.LabelsOf(buf, []int{2, 3})
	if &got[0] != &buf[:1][0] || fmt.Sprint(got) != "[2 3]" {
		t.Errorf("LabelsOf should reuse dst with room: %v", got)
	}
}

func sumOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func TestMNISTSubset(t *testing.T) {
	s := tinySet(10)
	sub := s.Subset(4)
	if sub.Len() != 4 || len(sub.Pixels) != 24 || sub.Rows != 2 || sub.Cols != 3 {
		t.Fatalf("Subset(4): len %d, %d pixels", sub.Len(), len(sub.Pixels))
	}
	if &sub.Pixels[0] != &s.Pixels[0] {
		t.Error("Subset must share storage")
	}
	if s.Subset(100).Len() != 10 {
		t.Error("Subset(n > Len) should return everything")
	}
	if s.Subset(0).Len() != 0 {
		t.Error("Subset(0) should be empty")
	}
	if got := s.Image(2); len(got) != 6 || got[0] != 20 || cap(got) != 6 {
		t.Errorf("Image(2) = %v (cap %d)", got, cap(got))
	}
}

// panicValue runs f and returns what it panicked with, or nil.
func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestMNISTBatchPanics(t *testing.T) {
	s := tinySet(5)
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"wrong rows", func() { s.Batch(tensor.New(3, 6), []int{0, 1}) }, "shapes [3 6] and [2 6]"},
		{"wrong cols", func() { s.Batch(tensor.New(2, 5), []int{0, 1}) }, "shapes [2 5] and [2 6]"},
		{"4-d for Batch", func() { s.Batch(tensor.New(2, 1, 2, 3), []int{0, 1}) }, "shapes [2 1 2 3] and [2 6]"},
		{"2-d for BatchImages", func() { s.BatchImages(tensor.New(2, 6), []int{0, 1}) }, "shapes [2 6] and [2 1 2 3]"},
		{"OneHot", func() { s.OneHot(tensor.New(2, 9), []int{0, 1}) }, "shapes [2 9] and [2 10]"},
		{"transposed", func() { s.Batch(tensor.New(6, 6).T(), make([]int, 6)) }, "must be contiguous"},
	} {
		v := panicValue(c.f)
		err, ok := v.(error)
		var se *tensor.ShapeError
		if !ok || !errors.As(err, &se) {
			t.Errorf("%s: panicked with %v (%T), want a *tensor.ShapeError", c.name, v, v)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %q does not contain %q", c.name, err, c.want)
		}
	}
	for _, f := range []func(){
		func() { s.Batch(nil, []int{5}) },
		func() { s.Batch(nil, []int{-1}) },
		func() { s.OneHot(nil, []int{7}) },
		func() { s.LabelsOf(nil, []int{9}) },
	} {
		if v := panicValue(f); v == nil || !strings.Contains(fmt.Sprint(v), "out of range [0, 5)") {
			t.Errorf("bad index: panic %v", v)
		}
	}
}

func TestMNISTNewSet(t *testing.T) {
	if _, err := NewSet(make([]byte, 784*2), []uint8{3, 9}, 28, 28); err != nil {
		t.Errorf("valid set: %v", err)
	}
	for _, c := range []struct {
		pixels []byte
		labels []uint8
		r, c   int
		want   string
	}{
		{make([]byte, 10), []uint8{1}, 28, 28, "10 pixels do not make 1 images of 28x28"},
		{make([]byte, 784), []uint8{10}, 28, 28, "label 10 at index 0 is not a digit"},
		{nil, nil, 0, 28, "not positive"},
	} {
		if _, err := NewSet(c.pixels, c.labels, c.r, c.c); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewSet: got %v, want %q", err, c.want)
		}
	}
}

func BenchmarkBatch(b *testing.B) {
	s := Synthetic(1000, 0).Train
	idx := make([]int, 100)
	for i := range idx {
		idx[i] = (i * 37) % s.Len()
	}
	dst := tensor.New(100, 784)
	b.SetBytes(100 * 784)
	for b.Loop() {
		s.Batch(dst, idx)
	}
}

func BenchmarkOneHot(b *testing.B) {
	s := Synthetic(1000, 0).Train
	idx := make([]int, 100)
	for i := range idx {
		idx[i] = (i * 37) % s.Len()
	}
	dst := tensor.New(100, 10)
	for b.Loop() {
		s.OneHot(dst, idx)
	}
}
