package tensor

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Tensor is an n-dimensional array of float64 stored in a flat slice with
// shape and strides. The zero value is not usable; build one with New,
// FromSlice, FromRows, Vector or RandN.
type Tensor struct {
	data    []float64
	shape   []int
	strides []int
}

// ShapeError is the panic value for operands whose shapes do not fit the
// operation. Recover it with errors.As to read the shapes.
type ShapeError struct {
	Op   string // the operation, e.g. "MatMul"
	A, B []int  // the two shapes that disagree (B is nil for a single bad shape)
	Why  string // what was expected
}

func (e *ShapeError) Error() string {
	op := e.Op
	if !strings.Contains(op, ".") {
		op = "tensor." + op
	}
	if e.B == nil {
		return fmt.Sprintf("%s: shape %v: %s", op, e.A, e.Why)
	}
	return fmt.Sprintf("%s: shapes %v and %v: %s", op, e.A, e.B, e.Why)
}

func shapeErr(op string, a, b []int, why string) *ShapeError {
	e := &ShapeError{Op: op, A: append([]int(nil), a...), Why: why}
	if b != nil {
		e.B = append([]int{}, b...)
	}
	return e
}

// rowMajor returns the C-order strides of shape and the element count.
func rowMajor(shape []int) (strides []int, size int) {
	strides = make([]int, len(shape))
	size = 1
	for i := len(shape) - 1; i >= 0; i-- {
		if shape[i] < 0 {
			panic(shapeErr("New", shape, nil, "negative dimension"))
		}
		strides[i] = size
		size *= shape[i]
	}
	return strides, size
}

// New returns a zero-filled tensor of the given shape. No dimensions gives a
// scalar (a 0-d tensor holding one value).
func New(shape ...int) *Tensor {
	strides, size := rowMajor(shape)
	return &Tensor{data: make([]float64, size), shape: append([]int{}, shape...), strides: strides}
}

// FromSlice wraps data, without copying, as a row-major tensor of the given
// shape. It panics if len(data) is not the product of shape.
func FromSlice(data []float64, shape ...int) *Tensor {
	strides, size := rowMajor(shape)
	if size != len(data) {
		panic(shapeErr("FromSlice", shape, []int{len(data)}, "data length is not the product of the shape"))
	}
	return &Tensor{data: data, shape: append([]int{}, shape...), strides: strides}
}

// Vector returns a new 1-D tensor holding a copy of values.
func Vector(values ...float64) *Tensor {
	return FromSlice(append([]float64{}, values...), len(values))
}

// FromRows returns a new 2-D tensor copied from rows, which must all have the
// same length.
func FromRows(rows [][]float64) *Tensor {
	cols := 0
	if len(rows) > 0 {
		cols = len(rows[0])
	}
	t := New(len(rows), cols)
	for i, r := range rows {
		if len(r) != cols {
			panic(shapeErr("FromRows", []int{i, len(r)}, []int{0, cols}, "ragged rows (row index, length) vs (0, length)"))
		}
		copy(t.data[i*cols:], r)
	}
	return t
}

// RandN returns a tensor of the given shape filled with independent normal
// samples of mean 0 and standard deviation std, drawn from rng in row-major
// order (what std * np.random.randn(*shape) does in the book). The samples
// come from NormFloat64(rng), not rng.NormFloat64(), whose math.Exp, math.Log
// and fusable float32 arithmetic differ between GOARCHes: the same seed must
// give the same weights everywhere.
func RandN(rng *rand.Rand, std float64, shape ...int) *Tensor {
	t := New(shape...)
	for i := range t.data {
		t.data[i] = std * NormFloat64(rng)
	}
	return t
}

// Shape returns a copy of the dimensions.
func (t *Tensor) Shape() []int { return append([]int{}, t.shape...) }

// Strides returns a copy of the strides, counted in elements.
func (t *Tensor) Strides() []int { return append([]int{}, t.strides...) }

// Dim returns the length of axis i.
func (t *Tensor) Dim(i int) int { return t.shape[i] }

// NDim returns the number of axes.
func (t *Tensor) NDim() int { return len(t.shape) }

// Size returns the number of elements.
func (t *Tensor) Size() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// Data returns the backing slice, not a copy. For a contiguous tensor it
// holds the elements in row-major order; for a view it is the shared storage
// of the tensor the view was taken from.
func (t *Tensor) Data() []float64 { return t.data }

// IsContiguous reports whether the elements sit in row-major order filling
// the whole backing slice, so that flat loops over Data are valid.
func (t *Tensor) IsContiguous() bool {
	strides, size := rowMajor(t.shape)
	if size != len(t.data) {
		return false
	}
	for i, s := range strides {
		if t.shape[i] > 1 && t.strides[i] != s {
			return false
		}
	}
	return true
}

func (t *Tensor) offset(op string, idx []int) int {
	if len(idx) != len(t.shape) {
		panic(shapeErr(op, t.shape, idx, "index has the wrong number of axes (shape, index)"))
	}
	off := 0
	for i, k := range idx {
		if k < 0 || k >= t.shape[i] {
			panic(shapeErr(op, t.shape, idx, "index out of range (shape, index)"))
		}
		off += k * t.strides[i]
	}
	return off
}

// At returns the element at the multi-index idx. It panics if idx has the
// wrong length or is out of range.
func (t *Tensor) At(idx ...int) float64 { return t.data[t.offset("At", idx)] }

// Set stores v at the multi-index idx. It panics like At.
func (t *Tensor) Set(v float64, idx ...int) { t.data[t.offset("Set", idx)] = v }

// Item returns the only element of a one-element tensor.
func (t *Tensor) Item() float64 {
	if t.Size() != 1 {
		panic(shapeErr("Item", t.shape, nil, "Item needs exactly one element"))
	}
	it := t.Iter()
	it.Next()
	return it.Value()
}

// Clone returns a contiguous copy of t.
func (t *Tensor) Clone() *Tensor {
	c := New(t.shape...)
	if t.IsContiguous() {
		copy(c.data, t.data)
		return c
	}
	if t.NDim() == 2 && isTransposed(t) {
		transpose(c.data, t.data, t.shape[0], t.shape[1])
		return c
	}
	it, i := t.Iter(), 0
	for it.Next() {
		c.data[i] = it.Value()
		i++
	}
	return c
}

// Contiguous returns t itself when it is already contiguous, otherwise a
// row-major copy.
func (t *Tensor) Contiguous() *Tensor {
	if t.IsContiguous() {
		return t
	}
	return t.Clone()
}

// Reshape returns a view of t with a new shape holding the same elements in
// the same row-major order. One dimension may be -1 and is then inferred.
// A non-contiguous t is copied first (as NumPy does).
func (t *Tensor) Reshape(shape ...int) *Tensor {
	shape = append([]int{}, shape...)
	size, infer := 1, -1
	for i, d := range shape {
		if d == -1 && infer < 0 {
			infer = i
			continue
		}
		size *= d
	}
	if infer >= 0 && size > 0 && t.Size()%size == 0 {
		shape[infer] = t.Size() / size
		size *= shape[infer]
	}
	if size != t.Size() || (infer >= 0 && shape[infer] < 0) {
		panic(shapeErr("Reshape", t.shape, shape, "sizes differ"))
	}
	c := t.Contiguous()
	strides, _ := rowMajor(shape)
	return &Tensor{data: c.data, shape: shape, strides: strides}
}

// Transpose returns a view with the axes permuted: axis i of the result is
// axis axes[i] of t. With no axes it reverses them (a matrix transpose).
// The view shares t's storage.
func (t *Tensor) Transpose(axes ...int) *Tensor {
	n := len(t.shape)
	if len(axes) == 0 {
		axes = make([]int, n)
		for i := range axes {
			axes[i] = n - 1 - i
		}
	}
	if len(axes) != n {
		panic(shapeErr("Transpose", t.shape, axes, "axes must name every axis once"))
	}
	seen := make([]bool, n)
	v := &Tensor{data: t.data, shape: make([]int, n), strides: make([]int, n)}
	for i, a := range axes {
		if a < 0 || a >= n || seen[a] {
			panic(shapeErr("Transpose", t.shape, axes, "axes must name every axis once"))
		}
		seen[a] = true
		v.shape[i], v.strides[i] = t.shape[a], t.strides[a]
	}
	return v
}

// T is Transpose with no arguments: the matrix transpose view.
func (t *Tensor) T() *Tensor { return t.Transpose() }

// Row returns row i of a 2-D contiguous tensor as a 1-D view.
func (t *Tensor) Row(i int) *Tensor {
	if len(t.shape) != 2 || !t.IsContiguous() {
		panic(shapeErr("Row", t.shape, nil, "Row needs a contiguous matrix"))
	}
	if i < 0 || i >= t.shape[0] {
		panic(shapeErr("Row", t.shape, []int{i}, "row out of range (shape, row)"))
	}
	n := t.shape[1]
	return FromSlice(t.data[i*n:(i+1)*n:(i+1)*n], n)
}

// String formats t like NumPy's repr of an array, but with every number at
// full precision (the shortest text that reads back as the same float64),
// because the small errors of numerical methods are part of the lesson.
func (t *Tensor) String() string {
	var b strings.Builder
	var rec func(axis, off int)
	rec = func(axis, off int) {
		if axis == len(t.shape) {
			b.WriteString(strconv.FormatFloat(t.data[off], 'g', -1, 64))
			return
		}
		b.WriteByte('[')
		for i := 0; i < t.shape[axis]; i++ {
			if i > 0 {
				if axis == len(t.shape)-1 {
					b.WriteByte(' ')
				} else {
					b.WriteString("\n" + strings.Repeat(" ", axis+1))
				}
			}
			rec(axis+1, off+i*t.strides[axis])
		}
		b.WriteByte(']')
	}
	rec(0, 0)
	return b.String()
}
