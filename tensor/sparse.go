package tensor

import "dlfs/internal/parallel"

// Sparse is a matrix kept as its non-zero entries, row by row. A batch of
// MNIST images is about four fifths zeros; compressed once, it takes part in
// both products of a training step (the forward W·X and the weight gradient
// δ·Xᵀ) at about a fifth of the dense cost, with no zeros to skip.
//
// The zero value is an empty matrix; Set fills it, reusing its storage.
type Sparse struct {
	rows, cols int
	s          sparseRows
}

// Set makes s a compressed copy of the 2-D t (any strides) and returns s.
// Later changes to t do not reach s.
func (s *Sparse) Set(t *Tensor) *Sparse {
	if t.NDim() != 2 {
		panic(shapeErr("Sparse.Set", t.shape, nil, "want a matrix"))
	}
	s.rows, s.cols = t.shape[0], t.shape[1]
	s.s.build(t.Contiguous().data, s.rows, s.cols)
	return s
}

// Shape returns (rows, cols).
func (s *Sparse) Shape() []int { return []int{s.rows, s.cols} }

// NonZeros returns how many entries are stored.
func (s *Sparse) NonZeros() int { return len(s.s.col) }

// Dense returns s as an ordinary tensor.
func (s *Sparse) Dense() *Tensor {
	t := New(s.rows, s.cols)
	for r := range s.rows {
		for e := s.s.start[r]; e < s.s.start[r+1]; e++ {
			t.data[r*s.cols+int(s.s.col[e])] = s.s.val[e]
		}
	}
	return t
}

// MatMulSparse sets dst = a · s for a (m, k) and s (k, n), returns dst (a
// nil dst allocates), and gives the same result as MatMul(dst, a,
// s.Dense()). a may be a transposed view. For each non-zero a[i][p] it adds
// a[i][p] times the stored entries of row p of s, in increasing p.
func MatMulSparse(dst, a *Tensor, s *Sparse) *Tensor {
	return mulSparse("MatMulSparse", dst, a, s, false)
}

// MatMulSparseT sets dst = a · sᵀ for a (m, k) and s (n, k), returns dst (a
// nil dst allocates), and gives the same result as MatMul(dst, a,
// s.Dense().T()): each element is a dot product over the stored entries of
// one row of s, in increasing column order.
func MatMulSparseT(dst, a *Tensor, s *Sparse) *Tensor {
	return mulSparse("MatMulSparseT", dst, a, s, true)
}

func mulSparse(op string, dst, a *Tensor, s *Sparse, trans bool) *Tensor {
	k, n := s.rows, s.cols
	if trans {
		k, n = n, k
	}
	if a.NDim() != 2 || a.shape[1] != k {
		panic(shapeErr(op, a.shape, s.Shape(), "inner dimensions differ"))
	}
	m := a.shape[0]
	dst = prepare(op, dst, []int{m, n})
	if dst.Size() > 0 && a.Size() > 0 && &dst.data[0] == &a.data[0] {
		panic(shapeErr(op, dst.shape, nil, "dst shares storage with an operand"))
	}
	_, finA := scan(a.data) // for a view, more than a: only ever too careful
	if _, finS := scan(s.s.val); !finA || !finS {
		// 0·Inf is NaN: with a non-finite operand no term may be left
		// out, so take the dense product, which adds every one.
		d := s.Dense()
		if trans {
			d = d.T()
		}
		return MatMul(dst, a, d)
	}
	if active == avx512 { // the vector engine, on s expanded into scratch space
		d := getScratch(s.rows * s.cols)
		clear(*d)
		for r := range s.rows {
			for e := s.s.start[r]; e < s.s.start[r+1]; e++ {
				(*d)[r*s.cols+int(s.s.col[e])] = s.s.val[e]
			}
		}
		sb := operand{data: *d, rs: s.cols, cs: 1}
		if trans {
			sb = operand{data: *d, rs: 1, cs: s.cols}
		}
		a2, aT := a, m > 1 && k > 1 && isTransposed(a)
		if !aT && !a.IsContiguous() {
			a2 = a.Clone()
		}
		c := out(dst)
		vectorMatMul(c, operandOf(a2, aT), sb, m, k, n)
		putScratch(d)
		return finish(dst, c)
	}
	kind := kindNN
	switch {
	case trans:
		kind = kindNT
		if !a.IsContiguous() {
			a = a.Clone()
		}
	case m > 1 && k > 1 && isTransposed(a):
		kind = kindTN
	case !a.IsContiguous():
		a = a.Clone()
	}
	c := out(dst)
	run(kind, c, a.data, nil, &s.s, m, k, n, true)
	return finish(dst, c)
}

// sparseRows holds a matrix's non-zero entries row by row ("compressed
// sparse rows"): row r's entries are col[start[r]:start[r+1]] and the same
// range of val, in increasing column order.
type sparseRows struct {
	start []int
	col   []int32
	val   []float64
	job   *buildJob
}

// build fills s from the row-major x (rows, cols). A large x is done in
// two passes shared between the CPUs: count each row's non-zeros, then,
// knowing where each row starts, copy them.
func (s *sparseRows) build(x []float64, rows, cols int) {
	if rows*cols < splitElems {
		s.start, s.col, s.val = append(s.start[:0], 0), s.col[:0], s.val[:0]
		s.appendRows(x, cols, 0, rows)
		return
	}
	s.start = grow(s.start, rows+1)
	if s.job == nil {
		s.job = new(buildJob)
	}
	j := s.job
	j.s, j.x, j.cols = s, x, cols
	j.fill = false
	parallel.Rows(j, rows)
	s.start[0] = 0
	for r := range rows {
		s.start[r+1] += s.start[r]
	}
	s.col, s.val = grow(s.col, s.start[rows]), grow(s.val, s.start[rows])
	j.fill = true
	parallel.Rows(j, rows)
	j.s, j.x = nil, nil
}

// buildJob is one pass of a parallel build, kept with the matrix so that
// building allocates nothing once the storage is large enough.
type buildJob struct {
	s    *sparseRows
	x    []float64
	cols int
	fill bool // false: count each row's non-zeros into s.start[r+1]
}

func (j *buildJob) Rows(lo, hi int) {
	s, x, cols := j.s, j.x, j.cols
	if j.fill {
		part := sparseRows{col: s.col[s.start[lo]:s.start[lo]], val: s.val[s.start[lo]:s.start[lo]]}
		part.appendRows(x, cols, lo, hi)
		return
	}
	for r := lo; r < hi; r++ {
		n := 0
		for _, v := range x[r*cols : (r+1)*cols] {
			if v != 0 {
				n++
			}
		}
		s.start[r+1] = n
	}
}

// appendRows appends the non-zero entries of rows [lo, hi) of x to s.col and
// s.val, and the end of each row to s.start (if s.start is not nil).
func (s *sparseRows) appendRows(x []float64, cols, lo, hi int) {
	for r := lo; r < hi; r++ {
		for c, v := range x[r*cols : (r+1)*cols] {
			if v != 0 {
				s.col, s.val = append(s.col, int32(c)), append(s.val, v)
			}
		}
		if s.start != nil {
			s.start = append(s.start, len(s.col))
		}
	}
}

// grow returns s resized to n, reusing its storage when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// mulSparseB computes rows [lo, hi) of c = a · b for a sparse b (k, n):
// row i of a is a[i·rowStride + p·colStride]. For each non-zero a[i][p] it
// adds a[i][p] times the non-zero entries of row p of b, in increasing p, so
// each sum is the textbook one without its zero terms.
func mulSparseB(c, a []float64, colStride, rowStride int, b *sparseRows, n, lo, hi int) {
	k := len(b.start) - 1
	for i := lo; i < hi; i++ {
		ci := c[i*n : (i+1)*n : (i+1)*n]
		clear(ci)
		for p := range k {
			ap := a[i*rowStride+p*colStride]
			if ap == 0 {
				continue
			}
			cols, vals := b.col[b.start[p]:b.start[p+1]], b.val[b.start[p]:b.start[p+1]]
			vals = vals[:len(cols)]
			for e, j := range cols {
				ci[j] += float64(ap * vals[e])
			}
		}
	}
}

// mulNTSparse computes rows [lo, hi) of c = a · rᵀ for a sparse r (n, k):
// each element is a dot product over the non-zero entries of a row of r, in
// increasing p. Four rows of a share each pass over r's entries, so four
// sums grow side by side.
func mulNTSparse(c, a []float64, k int, r *sparseRows, n, lo, hi int) {
	i := lo
	for ; i+4 <= hi; i += 4 {
		a0, a1, a2, a3 := a[i*k:][:k], a[(i+1)*k:][:k], a[(i+2)*k:][:k], a[(i+3)*k:][:k]
		for j := range n {
			cols, vals := r.col[r.start[j]:r.start[j+1]], r.val[r.start[j]:r.start[j+1]]
			vals = vals[:len(cols)]
			var s0, s1, s2, s3 float64
			for e, p := range cols {
				v := vals[e]
				s0 += float64(a0[p] * v)
				s1 += float64(a1[p] * v)
				s2 += float64(a2[p] * v)
				s3 += float64(a3[p] * v)
			}
			c[i*n+j], c[(i+1)*n+j], c[(i+2)*n+j], c[(i+3)*n+j] = s0, s1, s2, s3
		}
	}
	for ; i < hi; i++ {
		ai := a[i*k:][:k]
		for j := range n {
			cols, vals := r.col[r.start[j]:r.start[j+1]], r.val[r.start[j]:r.start[j+1]]
			vals = vals[:len(cols)]
			s := 0.0
			for e, p := range cols {
				s += float64(ai[p] * vals[e])
			}
			c[i*n+j] = s
		}
	}
}
