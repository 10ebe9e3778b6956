package tensor

import (
	"math"
	"slices"

	"dlfs/internal/parallel"
)

// prepare returns dst ready to receive a result of the given shape: a new
// tensor when dst is nil, otherwise dst itself after checking its shape.
func prepare(op string, dst *Tensor, shape []int) *Tensor {
	if dst == nil {
		return New(shape...)
	}
	if !slices.Equal(dst.shape, shape) {
		panic(shapeErr(op, dst.shape, shape, "dst does not have the result's shape (dst, result)"))
	}
	return dst
}

func checkSame(op string, a, b *Tensor) {
	if !slices.Equal(a.shape, b.shape) {
		panic(shapeErr(op, a.shape, b.shape, "element-wise operands must have the same shape"))
	}
}

// flat returns the elements of t in row-major order: the backing slice
// itself when t is contiguous, otherwise a copy.
func flat(t *Tensor) []float64 { return t.Contiguous().data }

// store writes src (row-major) into dst, following dst's strides.
func store(dst *Tensor, src []float64) {
	if len(src) == 0 {
		return
	}
	if dst.IsContiguous() {
		if &dst.data[0] != &src[0] {
			copy(dst.data, src)
		}
		return
	}
	it, i := dst.Iter(), 0
	for it.Next() {
		it.Set(src[i])
		i++
	}
}

// out returns a row-major slice to compute into for dst: dst's own storage
// when contiguous, otherwise scratch space that finish copies back.
func out(dst *Tensor) []float64 {
	if dst.IsContiguous() {
		return dst.data
	}
	return make([]float64, dst.Size())
}

func finish(dst *Tensor, o []float64) *Tensor {
	if len(o) > 0 {
		store(dst, o)
	}
	return dst
}

// Add sets dst = a + b element-wise and returns dst. a and b must have the
// same shape (use AddRow to broadcast a bias over rows).
func Add(dst, a, b *Tensor) *Tensor {
	checkSame("Add", a, b)
	dst = prepare("Add", dst, a.shape)
	x, y, o := flat(a), flat(b), out(dst)
	addVec(o, x, y)
	return finish(dst, o)
}

// Sub sets dst = a - b element-wise and returns dst.
func Sub(dst, a, b *Tensor) *Tensor {
	checkSame("Sub", a, b)
	dst = prepare("Sub", dst, a.shape)
	x, y, o := flat(a), flat(b), out(dst)
	x, y = x[:len(o)], y[:len(o)] // one bounds check here, none in the loop
	for i := range o {
		o[i] = x[i] - y[i]
	}
	return finish(dst, o)
}

// Mul sets dst = a * b element-wise (NumPy's a * b, not a matrix product)
// and returns dst.
func Mul(dst, a, b *Tensor) *Tensor {
	checkSame("Mul", a, b)
	dst = prepare("Mul", dst, a.shape)
	x, y, o := flat(a), flat(b), out(dst)
	x, y = x[:len(o)], y[:len(o)] // one bounds check here, none in the loop
	for i := range o {
		o[i] = x[i] * y[i]
	}
	return finish(dst, o)
}

// Div sets dst = a / b element-wise and returns dst.
func Div(dst, a, b *Tensor) *Tensor {
	checkSame("Div", a, b)
	dst = prepare("Div", dst, a.shape)
	x, y, o := flat(a), flat(b), out(dst)
	x, y = x[:len(o)], y[:len(o)] // one bounds check here, none in the loop
	for i := range o {
		o[i] = x[i] / y[i]
	}
	return finish(dst, o)
}

// Scale sets dst = s * a and returns dst.
func Scale(dst *Tensor, s float64, a *Tensor) *Tensor {
	dst = prepare("Scale", dst, a.shape)
	x, o := flat(a), out(dst)
	scaleVec(o, s, x)
	return finish(dst, o)
}

// AddScaled sets dst = a + s*b and returns dst. With dst == a it is the
// in-place update of gradient descent: AddScaled(w, w, -lr, grad) is
// w -= lr * grad.
func AddScaled(dst, a *Tensor, s float64, b *Tensor) *Tensor {
	checkSame("AddScaled", a, b)
	dst = prepare("AddScaled", dst, a.shape)
	x, y, o := flat(a), flat(b), out(dst)
	addScaledVec(o, x, s, y)
	return finish(dst, o)
}

// splitElems is the size from which element-wise work is shared between
// the CPUs (package parallel): about 20 µs of work, several times the cost
// of handing a block over.
const splitElems = 1 << 15

// Maximum sets dst[i] = max(a[i], s), NumPy's np.maximum(a, s), and
// returns dst. A NaN in a stays the same NaN, a NaN s gives NaN, and
// max(-0, 0) is 0, as with Go's max.
func Maximum(dst, a *Tensor, s float64) *Tensor {
	dst = prepare("Maximum", dst, a.shape)
	x, o := flat(a), out(dst)
	maxScalarVec(o, x, s)
	return finish(dst, o)
}

// WherePositive sets dst = a where z > 0 and 0 elsewhere, NumPy's
// np.where(z > 0, a, 0), and returns dst: how a gradient passes back
// through ReLU. z and a must have the same shape; where z is NaN, dst is 0.
func WherePositive(dst, z, a *Tensor) *Tensor {
	checkSame("WherePositive", z, a)
	dst = prepare("WherePositive", dst, a.shape)
	zs := flat(z)
	if !a.IsContiguous() && dst.IsContiguous() && !sameStorage(dst, z) {
		// A transposed a (a backward pass's dz.T()) is copied into dst in
		// tiles, then masked in place: no temporary copy.
		Copy(dst, a)
		wherePositiveVec(dst.data, zs, dst.data)
		return dst
	}
	x, o := flat(a), out(dst)
	wherePositiveVec(o, zs, x)
	return finish(dst, o)
}

// Apply sets dst[i] = f(a[i]) for every element and returns dst.
func Apply(dst, a *Tensor, f func(float64) float64) *Tensor {
	dst = prepare("Apply", dst, a.shape)
	x, o := flat(a), out(dst)
	x = x[:len(o)]
	for i := range o {
		o[i] = f(x[i])
	}
	return finish(dst, o)
}

// Fill sets every element of dst to v and returns dst.
func Fill(dst *Tensor, v float64) *Tensor {
	it := dst.Iter()
	for it.Next() {
		it.Set(v)
	}
	return dst
}

// Copy sets dst = a and returns dst.
func Copy(dst, a *Tensor) *Tensor {
	dst = prepare("Copy", dst, a.shape)
	if dst.IsContiguous() && a.IsContiguous() {
		copy(dst.data, a.data)
		return dst
	}
	if dst.IsContiguous() && a.NDim() == 2 && isTransposed(a) && !sameStorage(dst, a) {
		transpose(dst.data, a.data, a.shape[0], a.shape[1])
		return dst
	}
	return finish(dst, append([]float64(nil), flat(a)...))
}

// sameStorage reports whether a and b are views of the same backing array
// (slices of one array end at the same place), as Copy(w, w.T()) would be.
func sameStorage(a, b *Tensor) bool {
	if cap(a.data) == 0 || cap(b.data) == 0 {
		return false
	}
	return &a.data[:cap(a.data)][cap(a.data)-1] == &b.data[:cap(b.data)][cap(b.data)-1]
}

// transpose sets the row-major dst (r, c) to the transpose of the row-major
// src (c, r). It works in square tiles, so that the rows of src being read
// and those of dst being written all stay in the cache; a plain double loop
// would take each element of one side from a different cache line.
func transpose(dst, src []float64, r, c int) {
	// Measured: shared between two CPUs, a 256·128 transpose took longer
	// than on one, so only much larger ones are split.
	if len(dst) < 4*splitElems {
		transposeRows(dst, src, r, c, 0, r)
	} else {
		parallel.For(r, func(lo, hi int) { transposeRows(dst, src, r, c, lo, hi) })
	}
}

// transposeGo computes rows [lo, hi) of transpose's dst: the reference
// for transposeRows.
func transposeGo(dst, src []float64, r, c, lo, hi int) {
	const tile = 32
	for i0 := lo; i0 < hi; i0 += tile {
		i1 := min(i0+tile, hi)
		for j0 := 0; j0 < c; j0 += tile {
			j1 := min(j0+tile, c)
			for i := i0; i < i1; i++ {
				d := dst[i*c+j0 : i*c+j1]
				for j := range d {
					d[j] = src[(j0+j)*r+i]
				}
			}
		}
	}
}

// AddRow sets dst = a + row, adding the 1-D row to every row of the 2-D a
// (NumPy's broadcasting of x @ W + b). a is (n, m), row is (m), dst (n, m).
func AddRow(dst, a, row *Tensor) *Tensor {
	if a.NDim() != 2 || row.NDim() != 1 || a.shape[1] != row.shape[0] {
		panic(shapeErr("AddRow", a.shape, row.shape, "need a (n, m) matrix and an (m) row"))
	}
	dst = prepare("AddRow", dst, a.shape)
	x, r, o := flat(a), flat(row), out(dst)
	if len(o) < splitElems {
		addRow(o, x, r)
	} else {
		m := len(r)
		parallel.For(a.shape[0], func(lo, hi int) { addRow(o[lo*m:hi*m], x[lo*m:hi*m], r) })
	}
	return finish(dst, o)
}

// addRow sets each row of o (len(r) wide) to that row of x plus r.
func addRow(o, x, r []float64) {
	m := len(r)
	for i := 0; i < len(o); i += m {
		addVec(o[i:i+m], x[i:i+m], r)
	}
}

// Sum returns the sum of all elements. It adds them in the order NumPy's
// np.sum does (see pairwiseSum), so that sums agree with the book to the
// last bit: 0.5·Σ(y-t)² of §4.1 is 0.5975 both ways, where a plain
// left-to-right loop gives 0.5974999999999999.
func Sum(a *Tensor) float64 { return pairwiseSum(flat(a)) }

// pairwiseSum adds x the way NumPy does: under 8 values left to right; up to
// 128 values in 8 interleaved partial sums combined as a tree; beyond that,
// split in two halves (at a multiple of 8) and recurse. Besides matching
// NumPy, the rounding error grows with log n instead of n.
func pairwiseSum(x []float64) float64 {
	n := len(x)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += x[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += x[i]
		}
		return s
	}
	h := n / 2
	h -= h % 8
	return pairwiseSum(x[:h]) + pairwiseSum(x[h:])
}

// Max returns the largest element. It panics on an empty tensor.
func Max(a *Tensor) float64 {
	x := flat(a)
	if len(x) == 0 {
		panic(shapeErr("Max", a.shape, nil, "empty tensor has no maximum"))
	}
	m := x[0]
	for _, v := range x[1:] {
		if v > m || math.IsNaN(v) {
			m = v
		}
	}
	return m
}

// Argmax returns the flat row-major index of the first largest element, as
// np.argmax without an axis does.
func Argmax(a *Tensor) int {
	x := flat(a)
	if len(x) == 0 {
		panic(shapeErr("Argmax", a.shape, nil, "empty tensor has no maximum"))
	}
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// reduceShape is a's shape without axis; it panics if axis is out of range.
func reduceShape(op string, a *Tensor, axis int) []int {
	if axis < 0 {
		axis += a.NDim()
	}
	if axis < 0 || axis >= a.NDim() {
		panic(shapeErr(op, a.shape, []int{axis}, "axis out of range (shape, axis)"))
	}
	s := append([]int{}, a.shape[:axis]...)
	return append(s, a.shape[axis+1:]...)
}

// reduce walks a with axis moved last and calls f once per output element
// with the values along axis.
func reduce(op string, a *Tensor, axis int, f func(o int, vals []float64)) {
	n := a.NDim()
	if axis < 0 {
		axis += n
	}
	perm := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if i != axis {
			perm = append(perm, i)
		}
	}
	perm = append(perm, axis)
	x := flat(a.Transpose(perm...))
	k := a.shape[axis]
	if k == 0 {
		panic(shapeErr(op, a.shape, []int{axis}, "cannot reduce an empty axis (shape, axis)"))
	}
	for o := 0; o*k < len(x); o++ {
		f(o, x[o*k:(o+1)*k])
	}
}

// SumAxis sets dst to the sums along axis (NumPy's np.sum(a, axis=axis)) and
// returns it. dst has a's shape without that axis; a negative axis counts
// from the end.
func SumAxis(dst, a *Tensor, axis int) *Tensor {
	if a.NDim() == 2 && (axis == 0 || axis == -2) && a.IsContiguous() && a.shape[0] > 0 &&
		dst != nil && dst.NDim() == 1 && dst.shape[0] == a.shape[1] && dst.IsContiguous() {
		// Column sums of a row-major matrix: add whole rows, in row order,
		// which is the order the general path adds them in.
		x, n, o := a.data, a.shape[1], dst.data
		copy(o, x[:n])
		for i := n; i < len(x); i += n {
			addVec(o, o, x[i:i+n])
		}
		return dst
	}
	if a.NDim() == 2 && (axis == 1 || axis == -1) && a.IsContiguous() && a.shape[1] > 0 &&
		dst != nil && dst.NDim() == 1 && dst.shape[0] == a.shape[0] && dst.IsContiguous() {
		// Row sums of a row-major matrix (a bias gradient in the column
		// layout): each row left to right, as the general path adds it.
		sumRowsVec(dst.data, a.data, a.shape[1])
		return dst
	}
	dst = prepare("SumAxis", dst, reduceShape("SumAxis", a, axis))
	o := out(dst)
	reduce("SumAxis", a, axis, func(i int, vals []float64) {
		s := 0.0
		for _, v := range vals {
			s += v
		}
		o[i] = s
	})
	return finish(dst, o)
}

// MaxAxis sets dst to the maxima along axis and returns it.
func MaxAxis(dst, a *Tensor, axis int) *Tensor {
	dst = prepare("MaxAxis", dst, reduceShape("MaxAxis", a, axis))
	o := out(dst)
	reduce("MaxAxis", a, axis, func(i int, vals []float64) {
		m := vals[0]
		for _, v := range vals[1:] {
			if v > m {
				m = v
			}
		}
		o[i] = m
	})
	return finish(dst, o)
}

// ArgmaxAxis returns, for every position of the other axes in row-major
// order, the index of the first largest value along axis (np.argmax(a,
// axis=axis) flattened). For a (batch, classes) matrix and axis 1 that is the
// predicted class of each row. dst is reused when it has the right length.
func ArgmaxAxis(dst []int, a *Tensor, axis int) []int {
	n := 1
	for _, d := range reduceShape("ArgmaxAxis", a, axis) {
		n *= d
	}
	if len(dst) != n {
		dst = make([]int, n)
	}
	reduce("ArgmaxAxis", a, axis, func(i int, vals []float64) {
		best := 0
		for j, v := range vals {
			if v > vals[best] {
				best = j
			}
		}
		dst[i] = best
	})
	return dst
}

// MaxAbsDiff returns the largest |a[i] - b[i]|, the measure used to compare
// a numerical gradient with an analytic one.
func MaxAbsDiff(a, b *Tensor) float64 {
	checkSame("MaxAbsDiff", a, b)
	x, y := flat(a), flat(b)
	m := 0.0
	for i := range x {
		if d := math.Abs(x[i] - y[i]); d > m || math.IsNaN(d) {
			m = d
		}
	}
	return m
}
