package tensor

import (
	"math"
	"sync"

	"dlfs/internal/parallel"
)

// matmulShapes checks a (m, k) · b (k, n) and returns m, k, n and the result
// shape. A 1-D a is a row vector (1, k) and a 1-D b a column (k, 1), and the
// matching axis is dropped from the result, as np.dot does.
func matmulShapes(op string, a, b *Tensor, buf *[2]int) (m, k, n int, shape []int) {
	shape = buf[:0]
	if a.NDim() < 1 || a.NDim() > 2 || b.NDim() < 1 || b.NDim() > 2 {
		panic(shapeErr(op, a.shape, b.shape, "operands must be vectors or matrices"))
	}
	m, k = 1, a.shape[len(a.shape)-1]
	if a.NDim() == 2 {
		m = a.shape[0]
		shape = append(shape, m)
	}
	kb, n := b.shape[0], 1
	if b.NDim() == 2 {
		n = b.shape[1]
		shape = append(shape, n)
	}
	if k != kb {
		panic(shapeErr(op, a.shape, b.shape, "inner dimensions differ"))
	}
	return m, k, n, shape
}

// MatMulNaive is the reference matrix product dst = a · b, written as the
// definition dst[i][j] = Σp a[i][p]·b[p][j] with At, for any strides. It is
// slow on purpose: tests check MatMul against it.
func MatMulNaive(dst, a, b *Tensor) *Tensor {
	m, k, n, shape := matmulShapes("MatMulNaive", a, b, new([2]int))
	dst = prepare("MatMulNaive", dst, shape)
	a2, b2, d2 := a.Reshape(m, k), b.Reshape(k, n), dst.Reshape(m, n)
	res := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += float64(a2.At(i, p) * b2.At(p, j))
			}
			res[i*n+j] = s
		}
	}
	store(d2, res)
	return dst
}

// MatMul sets dst = a · b (np.dot for vectors and matrices) and returns dst;
// a nil dst allocates. dst must not share storage with a or b.
//
// Every element is the textbook sum dst[i][j] = Σp a[i][p]·b[p][j], added
// over p in increasing order from +0 with each product rounded (no fused
// multiply-add), so MatMul gives the same bits as MatMulNaive, with every
// engine (pure Go, AVX2, AVX-512), every layout and any number of CPUs. How
// it gets there faster:
//   - The pure-Go kernels of this file run i-p-j: row i of dst is built by
//     adding a[i][p] times row p of b, so the inner loop runs over two
//     contiguous rows, eight values of p at a time (rowTimes). A transposed
//     b is read by dot products instead (mulNT).
//   - Terms with a[i][p] == 0 are skipped when b is finite: about four in
//     five MNIST pixels are zero, so x · W1 and xᵀ · δ cost about a fifth
//     of the dense products. A skipped term would have added ±0, which
//     leaves a sum unchanged (a sum that starts at +0 is never -0); with
//     an Inf or NaN in b it would not (0·Inf is NaN), so MatMul scans b
//     first and skips nothing then. For a mostly-zero b (images in
//     columns) and a finite a, the product is computed as (bᵀ·aᵀ)ᵀ, so
//     that the zeros skipped are b's (mulRightSparse).
//   - On amd64 a vector engine (matmul_amd64.go and .s) computes many
//     elements side by side, each still by that sum: 8×16 register blocks
//     that leave out the all-zero rows of b's panels (a mostly-zero right
//     operand), or the zero-skipping row loop for a mostly-zero left one,
//     with the same rule about Inf and NaN. -tags purego leaves only the
//     pure-Go kernels.
//   - Large products are split by rows of dst into one contiguous block
//     per CPU (package parallel); each element is still computed by one
//     goroutine in a fixed order, so results do not depend on the number
//     of CPUs.
//
// A transposed operand (a view from T) is read in place or packed into
// pooled scratch space: with a dst, MatMul allocates nothing.
func MatMul(dst, a, b *Tensor) *Tensor {
	var buf [2]int
	m, k, n, shape := matmulShapes("MatMul", a, b, &buf)
	dst = prepare("MatMul", dst, shape)
	if dst.Size() > 0 && ((a.Size() > 0 && &dst.data[0] == &a.data[0]) || (b.Size() > 0 && &dst.data[0] == &b.data[0])) {
		panic(shapeErr("MatMul", dst.shape, nil, "dst shares storage with an operand"))
	}
	a2, b2 := a, b
	if a.NDim() == 1 {
		a2 = a.Reshape(1, k)
	}
	if b.NDim() == 1 {
		b2 = b.Reshape(k, 1)
	}
	aT, bT := isTransposed(a2), isTransposed(b2)
	// AVX2 has no zero-skipping kernel: for a mostly-zero a, the pure-Go
	// one is faster.
	if active == avx512 || active == avx2 && sampleZeros(a2.data) < 0.5 {
		if !aT && !a2.IsContiguous() {
			a2, aT = a2.Clone(), false
		}
		if !bT && !b2.IsContiguous() {
			b2, bT = b2.Clone(), false
		}
		c := out(dst)
		vectorMatMul(c, operandOf(a2, aT), operandOf(b2, bT), m, k, n)
		return finish(dst, c)
	}
	if !aT && !a2.IsContiguous() || aT && bT {
		a2, aT = a2.Clone(), false
	}
	if !bT && !b2.IsContiguous() {
		b2 = b2.Clone()
	}
	kind := kindNN
	switch {
	case aT:
		kind = kindTN
	case bT:
		kind = kindNT
	}
	c := out(dst)
	if m >= 32 && n >= 8 && k > 0 && sampleZeros(b2.data) >= 0.7 && sampleZeros(a2.data) < 0.5 {
		if _, finA := scan(a2.data); finA {
			mulRightSparse(c, a2, b2, aT, bT, m, k, n)
			return finish(dst, c)
		}
	}
	_, finite := scan(b2.data)
	run(kind, c, a2.data, b2.data, nil, m, k, n, finite)
	return finish(dst, c)
}

// mulRightSparse sets c = a · b for a mostly-zero b and a finite a, in
// pure Go, as cᵀ = bᵀ · aᵀ: rowTimes then skips the zeros of b (each
// element c[i][j] = Σp b[p][j]·a[i][p], the same products in the same
// order). aᵀ must be row-major, so a row-major a is transposed into
// scratch space, and so is the result.
func mulRightSparse(c []float64, a, b *Tensor, aT, bT bool, m, k, n int) {
	at := a.data // aᵀ, row-major (k, m)
	var sa *[]float64
	if !aT {
		sa = getScratch(k * m)
		transposeInto(*sa, a.data, k, m)
		at = *sa
	}
	ct := getScratch(n * m)
	kind := kindTN // rows of bᵀ are the columns of the row-major b
	if bT {
		kind = kindNN // b is the transposed view of a row-major bᵀ
	}
	run(kind, *ct, b.data, at, nil, n, k, m, true)
	transposeInto(c, *ct, m, n)
	putScratch(ct)
	if sa != nil {
		putScratch(sa)
	}
}

// transposeInto sets the row-major dst (r, c) to the transpose of the
// row-major src (c, r), shared between the CPUs when large.
func transposeInto(dst, src []float64, r, c int) {
	j := transposeJobs.Get().(*transposeJob)
	*j = transposeJob{dst, src, r, c}
	if r*c < 4*splitElems {
		j.Rows(0, r)
	} else {
		parallel.Rows(j, r)
	}
	*j = transposeJob{}
	transposeJobs.Put(j)
}

type transposeJob struct {
	dst, src []float64
	r, c     int
}

var transposeJobs = sync.Pool{New: func() any { return new(transposeJob) }}

func (j *transposeJob) Rows(lo, hi int) { transposeRows(j.dst, j.src, j.r, j.c, lo, hi) }

// operandOf describes the (rows, cols) matrix t, contiguous or the
// transposed view of a contiguous matrix, for the vector engine.
func operandOf(t *Tensor, transposed bool) operand {
	r, c := t.shape[0], t.shape[1]
	if transposed {
		return operand{data: t.data, rs: 1, cs: r}
	}
	return operand{data: t.data, rs: c, cs: 1}
}

// engine names a set of matrix-product kernels.
type engine int

const (
	pureGo engine = iota // the kernels of this file, the reference
	avx2                 // matmul_amd64.s: 4×8 register blocks
	avx512               // matmul_amd64.s: 8×16 register blocks, zero-skipping rows
)

func (e engine) String() string { return [...]string{"pure Go", "AVX2", "AVX-512"}[e] }

// engines lists the engines this build can run on this CPU, best last;
// active is the one MatMul uses (the best, unless a test switches).
var (
	engines = []engine{pureGo}
	active  = pureGo
)

// scanRef returns how many elements of x are ±0 and whether all of them
// are finite (neither Inf nor NaN).
func scanRef(x []float64) (zeros int, finite bool) {
	finite = true
	for _, v := range x {
		if v == 0 {
			zeros++
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			finite = false
		}
	}
	return zeros, finite
}

// run computes c = x·y (or x·ys for a sparse right operand), split
// between the CPUs when the product is large enough, recycling the job.
func run(kind int, c, x, y []float64, ys *sparseRows, m, k, n int, skip bool) {
	job := jobs.Get().(*mmJob)
	job.kind, job.c, job.x, job.y, job.ys, job.m, job.k, job.n, job.skip = kind, c, x, y, ys, m, k, n, skip
	if m*k*n < splitWork {
		job.Rows(0, m)
	} else {
		parallel.Rows(job, m)
	}
	*job = mmJob{}
	jobs.Put(job)
}

// isTransposed reports whether the 2-D t is the transpose view of a
// contiguous (cols, rows) matrix.
func isTransposed(t *Tensor) bool {
	r, c := t.shape[0], t.shape[1]
	return r > 1 && c > 1 && t.strides[0] == 1 && t.strides[1] == r && len(t.data) == r*c
}

const (
	kindNN = iota // a · b
	kindTN        // aᵀ · b, a stored (k, m)
	kindNT        // a · bᵀ, b stored (n, k)
)

// mmJob is one product in flight. Jobs are recycled through a sync.Pool,
// so a product with a destination allocates nothing, however many times it
// runs.
type mmJob struct {
	kind    int
	c, x, y []float64
	m, k, n int
	ys      *sparseRows // a sparse y's non-zero entries, row by row (y is nil)
	skip    bool        // skip the zeros of x (y is finite)
}

var jobs = sync.Pool{New: func() any { return new(mmJob) }}

// Rows computes rows [lo, hi) of the product.
func (j *mmJob) Rows(lo, hi int) {
	if j.ys != nil {
		switch j.kind {
		case kindNN:
			mulSparseB(j.c, j.x, 1, j.k, j.ys, j.n, lo, hi)
		case kindTN:
			mulSparseB(j.c, j.x, j.m, 1, j.ys, j.n, lo, hi)
		default:
			mulNTSparse(j.c, j.x, j.k, j.ys, j.n, lo, hi)
		}
		return
	}
	switch j.kind {
	case kindNN:
		mulNN(j.c, j.x, j.y, j.k, j.n, lo, hi, j.skip)
	case kindTN:
		mulTN(j.c, j.x, j.y, j.m, j.k, j.n, lo, hi, j.skip)
	default:
		mulNT(j.c, j.x, j.y, j.k, j.n, lo, hi)
	}
}

// splitWork is the size (m·k·n multiply-adds) from which a product is split
// among CPUs (package parallel). Handing a block to a helper costs a few
// microseconds, so a product must take a tenth of a millisecond or more for
// the split to pay.
const splitWork = 1 << 18

// mulNN computes rows [lo, hi) of c = a · b for row-major a (m, k) and
// b (k, n).
func mulNN(c, a, b []float64, k, n, lo, hi int, skip bool) {
	for i := lo; i < hi; i++ {
		rowTimes(c[i*n:(i+1)*n:(i+1)*n], a[i*k:(i+1)*k:(i+1)*k], 1, b, n, skip)
	}
}

// mulTN computes rows [lo, hi) of c = sᵀ · b where s is row-major (k, m),
// so row i of a is column i of s, read with stride m.
func mulTN(c, s, b []float64, m, k, n, lo, hi int, skip bool) {
	for i := lo; i < hi; i++ {
		rowTimes(c[i*n:(i+1)*n:(i+1)*n], s[i:], m, b, n, skip)
	}
}

// The float64(...) around each product is Go's way of saying "round the
// product before adding": without it a compiler may fuse a*b+c into one
// instruction (arm64 does), which rounds once instead of twice and changes
// the last digits. Results are then the same on every CPU.

// rowTimes sets ci = Σp a[p·stride]·b[p], the row-vector times matrix at
// the heart of both products, where b[p] is row p of the row-major b with n
// columns. It collects the non-zero a[p] (all of them unless skip) eight at
// a time and adds their eight rows in one pass over ci, in increasing p, so
// the sums are those of the textbook loop with the zero terms left out;
// eight rows per pass means each element of ci is loaded and stored once
// per eight products. Skip only when b is finite (see MatMul).
func rowTimes(ci, a []float64, stride int, b []float64, n int, skip bool) {
	clear(ci)
	var ps [8]int
	var as [8]float64
	cnt := 0
	for p, q := 0, 0; q < len(a); p, q = p+1, q+stride {
		ap := a[q]
		if ap == 0 && skip {
			continue
		}
		ps[cnt], as[cnt] = p, ap
		cnt++
		if cnt < 8 {
			continue
		}
		cnt = 0
		a0, a1, a2, a3, a4, a5, a6, a7 := as[0], as[1], as[2], as[3], as[4], as[5], as[6], as[7]
		b0 := b[ps[0]*n:][:len(ci)]
		b1 := b[ps[1]*n:][:len(ci)]
		b2 := b[ps[2]*n:][:len(ci)]
		b3 := b[ps[3]*n:][:len(ci)]
		b4 := b[ps[4]*n:][:len(ci)]
		b5 := b[ps[5]*n:][:len(ci)]
		b6 := b[ps[6]*n:][:len(ci)]
		b7 := b[ps[7]*n:][:len(ci)]
		for j := range ci {
			ci[j] = ci[j] + float64(a0*b0[j]) + float64(a1*b1[j]) + float64(a2*b2[j]) + float64(a3*b3[j]) +
				float64(a4*b4[j]) + float64(a5*b5[j]) + float64(a6*b6[j]) + float64(a7*b7[j])
		}
	}
	for r := range cnt {
		ap, bp := as[r], b[ps[r]*n:][:len(ci)]
		for j := range ci {
			ci[j] += float64(ap * bp[j])
		}
	}
}

// mulNT computes rows [lo, hi) of c = a · rᵀ where r is row-major (n, k):
// each element is a dot product of two contiguous rows. Four elements are
// computed at once, so that four sums grow side by side instead of one sum
// waiting on each addition; each sum still runs over p in order.
func mulNT(c, a, r []float64, k, n, lo, hi int) {
	for i := lo; i < hi; i++ {
		ai := a[i*k : (i+1)*k : (i+1)*k]
		ci := c[i*n : (i+1)*n : (i+1)*n]
		j := 0
		for ; j+4 <= len(ci); j += 4 {
			r0 := r[j*k:][:len(ai)]
			r1 := r[(j+1)*k:][:len(ai)]
			r2 := r[(j+2)*k:][:len(ai)]
			r3 := r[(j+3)*k:][:len(ai)]
			var s0, s1, s2, s3 float64
			for p, v := range ai {
				s0 += float64(v * r0[p])
				s1 += float64(v * r1[p])
				s2 += float64(v * r2[p])
				s3 += float64(v * r3[p])
			}
			ci[j], ci[j+1], ci[j+2], ci[j+3] = s0, s1, s2, s3
		}
		for ; j < len(ci); j++ {
			rj := r[j*k:][:len(ai)]
			s := 0.0
			for p, v := range ai {
				s += float64(v * rj[p])
			}
			ci[j] = s
		}
	}
}

var scratchPool = sync.Pool{New: func() any { return new([]float64) }}

// getScratch returns a pooled buffer of n values (contents undefined);
// putScratch gives it back.
func getScratch(n int) *[]float64 {
	s := scratchPool.Get().(*[]float64)
	*s = grow(*s, n)
	return s
}

func putScratch(s *[]float64) { scratchPool.Put(s) }

// sampleZeros estimates the fraction of x that is zero from at most 512
// evenly spaced elements. (Which kernel runs never changes a result, so
// the estimate only has to be good enough to choose the faster.)
func sampleZeros(x []float64) float64 {
	step := max(1, len(x)/512)
	zeros, seen := 0, 0
	for i := 0; i < len(x); i += step {
		if x[i] == 0 {
			zeros++
		}
		seen++
	}
	return float64(zeros) / float64(max(seen, 1))
}
