//go:build !purego

package tensor

import (
	"sync"

	"dlfs/internal/cpu"
	"dlfs/internal/parallel"
)

// The vector engine beneath MatMul on amd64: the Go half (choosing a
// kernel, splitting the product into blocks, packing operands) of the
// kernels in matmul_amd64.s. It computes every element of the product as
// the pure-Go kernels of matmul.go do (see vectorMatMul), so that the
// engine changes the speed and nothing else.

//go:noescape
func mulBlock8x16(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, ldb int, k, rows int, mask uint64, acc bool)

//go:noescape
func mulBlock4x8(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, ldb int, k, rows int, mask *[8]int64, acc bool)

//go:noescape
func mulRowSkip56(c *float64, a *float64, aStep, k int, b *float64, ldb int, mask uint64)

//go:noescape
func scan8(x *float64, n int) (zeros int, finite bool)

func init() {
	if cpu.X86.HasAVX2 {
		engines = append(engines, avx2)
	}
	if cpu.X86.HasAVX512F && cpu.X86.HasPOPCNT {
		engines = append(engines, avx512)
	}
	active = engines[len(engines)-1]
}

// blockRef is what mulBlock8x16 and mulBlock4x8 compute, in Go: a block of
// rows×(set bits of mask) elements of C, each the sum over p in increasing
// order of its rounded products, starting from +0 or, with acc, from the
// value C holds. Tests check the kernels against it.
func blockRef(c []float64, ldc int, a []float64, rowStep, pStep int, b []float64, ldb int, k, rows int, mask uint64, acc bool) {
	for i := range rows {
		for j := range 64 {
			if mask&(1<<j) == 0 {
				continue
			}
			s := 0.0
			if acc {
				s = c[i*ldc+j]
			}
			for p := range k {
				s += float64(a[i*rowStep+p*pStep] * b[p*ldb+j])
			}
			c[i*ldc+j] = s
		}
	}
}

// rowSkipRef is what mulRowSkip56 computes, in Go: rowTimes of matmul.go
// restricted to the columns set in mask.
func rowSkipRef(c []float64, a []float64, aStep, k int, b []float64, ldb int, mask uint64) {
	for j := range 64 {
		if mask&(1<<j) == 0 {
			continue
		}
		s := 0.0
		for p := range k {
			if ap := a[p*aStep]; ap != 0 {
				s += float64(ap * b[p*ldb+j])
			}
		}
		c[j] = s
	}
}

// scan returns how many elements of x are ±0 and whether all are finite.
func scan(x []float64) (zeros int, finite bool) {
	if active != avx512 || len(x) < 8 {
		return scanRef(x)
	}
	n := len(x) &^ 7
	zeros, finite = scan8(&x[0], n)
	z, f := scanRef(x[n:])
	return zeros + z, finite && f
}

// operand is a matrix read in place: element (i, p) is data[i*rs + p*cs].
// A row-major matrix has cs = 1, the transposed view of one rs = 1.
type operand struct {
	data   []float64
	rs, cs int
}

func (o operand) t() operand { return operand{o.data, o.cs, o.rs} }

// Blocking: a product is computed kc values of p at a time (the partial
// sums wait in C, which changes no rounding), over blocks of mc rows, so
// that the rows of a being read and the panel of b stay in the caches.
const (
	kc = 256
	mc = 64
)

// vectorMatMul sets the row-major c (m, n) = a (m, k) · b (k, n) with the
// active vector engine. Each element is the sum over p in increasing order,
// from +0, of the rounded products, as mulNN, mulTN and mulNT compute it;
// the kernels differ only in which elements they compute side by side. Of
// three ways it picks one from the operands (scan costs O(mk + kn)):
//
//   - a mostly zeros and b finite: row by row, skipping a's zeros
//     (rowTimes's loop, mulRowSkip56). A skipped term a·b = ±0 would not
//     have changed the sum, which is never -0, unless b is Inf or NaN.
//   - b mostly zeros and a finite: the same, on cᵀ = bᵀ·aᵀ, then cᵀ
//     transposed into c (a·b = b·a exactly, and the sum order is kept).
//   - otherwise dense register blocks (mulBlock8x16 or mulBlock4x8): every
//     term is added, which gives the same bits as skipping the zeros.
func vectorMatMul(c []float64, a, b operand, m, k, n int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		clear(c)
		return
	}
	zA, finA := scan(a.data[:m*k])
	zB, finB := scan(b.data[:k*n])
	// Skipping a's zeros saves zA·n multiply-adds, skipping b's zB·m.
	skipA := active == avx512 && finB && 2*zA >= m*k
	skipB := active == avx512 && finA && 2*zB >= k*n && m >= 8
	if skipA && skipB {
		skipA, skipB = zA*n >= zB*m, zA*n < zB*m
	}
	switch {
	case skipA:
		rowSkip(c, a, b, m, k, n)
	case skipB:
		s := getScratch(n * m)
		rowSkip(*s, b.t(), a.t(), n, k, m)
		transposeInto(c, *s, m, n)
		putScratch(s)
	default:
		dense(c, a, b, m, k, n)
	}
}

// splitVector is the size (m·k·n) from which the vector engine shares a
// product between the CPUs: a block handed over costs a few microseconds,
// the time of about 10⁵ multiply-adds here.
const splitVector = 1 << 19

func runJob(j parallel.Job, units, work int) {
	if work < splitVector {
		j.Rows(0, units)
	} else {
		parallel.Rows(j, units)
	}
}

// rowSkip sets c = a · b skipping a's zeros, one row of c at a time, 56
// columns per pass (seven vectors of sums in registers). b must be finite.
func rowSkip(c []float64, a, b operand, m, k, n int) {
	var scratch *[]float64
	if b.cs != 1 { // the kernel reads rows of b: make b row-major
		scratch = getScratch(k * n)
		transposeInto(*scratch, b.data[:k*n], k, n)
		b = operand{*scratch, n, 1}
	}
	j := rowJobs.Get().(*rowJob)
	*j = rowJob{c: c, a: a, b: b, k: k, n: n}
	runJob(j, m, m*k*n/4)
	*j = rowJob{}
	rowJobs.Put(j)
	if scratch != nil {
		putScratch(scratch)
	}
}

type rowJob struct {
	c    []float64
	a, b operand
	k, n int
}

var rowJobs = sync.Pool{New: func() any { return new(rowJob) }}

func (j *rowJob) Rows(lo, hi int) {
	a, b, c, k, n := j.a, j.b, j.c, j.k, j.n
	for j0 := 0; j0 < n; j0 += 56 {
		mask := uint64(1)<<min(56, n-j0) - 1
		for i := lo; i < hi; i++ {
			mulRowSkip56(&c[i*n+j0], &a.data[i*a.rs], a.cs, k, &b.data[j0], b.rs, mask)
		}
	}
}

// dense sets c = a · b by register blocks of mr×nr elements.
func dense(c []float64, a, b operand, m, k, n int) {
	mr, nr := 8, 16
	if active == avx2 {
		mr, nr = 4, 8
	}
	j := denseJobs.Get().(*denseJob)
	*j = denseJob{c: c, a: a, b: b, m: m, k: k, n: n, mr: mr, nr: nr}
	// b is read in place when row-major, or packed in panels of nr
	// columns (row p of panel q holds b[p][q·nr : q·nr+nr], zero-filled
	// past n): a transposed b must be, and a large one is better read
	// from consecutive addresses.
	var packed *[]float64
	if b.cs != 1 || k*n >= 1<<15 && m >= 64 {
		panels := (n + nr - 1) / nr
		packed = getScratch(panels * k * nr)
		packB(*packed, b, k, n, nr)
		j.packed = *packed
	}
	runJob(j, (m+mr-1)/mr, m*k*n)
	*j = denseJob{}
	denseJobs.Put(j)
	if packed != nil {
		putScratch(packed)
	}
}

// packB fills dst with b's panels of nr columns (see dense).
func packB(dst []float64, b operand, k, n, nr int) {
	for q := 0; q*nr < n; q++ {
		j0, w := q*nr, min(nr, n-q*nr)
		panel := dst[q*k*nr : (q+1)*k*nr]
		for p := range k {
			row := panel[p*nr : (p+1)*nr]
			src := b.data[p*b.rs+j0*b.cs:]
			for jj := range w {
				row[jj] = src[jj*b.cs]
			}
			clear(row[w:])
		}
	}
}

type denseJob struct {
	c, packed []float64
	a, b      operand
	m, k, n   int
	mr, nr    int
}

var denseJobs = sync.Pool{New: func() any { return new(denseJob) }}

// Rows computes the row blocks [blo, bhi) (of mr rows each) of c.
func (j *denseJob) Rows(blo, bhi int) {
	a, c, m, k, n, mr, nr := j.a, j.c, j.m, j.k, j.n, j.mr, j.nr
	lo, hi := blo*mr, min(bhi*mr, m)
	full := lo + (hi-lo)/mr*mr // rows [full, hi) are a short last block
	var edge *[]float64
	if full < hi {
		edge = getScratch(mr * min(kc, k))
	}
	for pc := 0; pc < k; pc += kc {
		kk := min(kc, k-pc)
		if edge != nil { // the short block, packed with zero rows below
			e := (*edge)[:mr*kk]
			clear(e)
			for r := range hi - full {
				for p := range kk {
					e[p*mr+r] = a.data[(full+r)*a.rs+(pc+p)*a.cs]
				}
			}
		}
		for i0 := lo; i0 < hi; i0 += mc {
			i1 := min(i0+mc, hi)
			for j0 := 0; j0 < n; j0 += nr {
				bp, ldb := &j.b.data[pc*j.b.rs+j0], j.b.rs
				if j.packed != nil {
					bp, ldb = &j.packed[(j0/nr*k+pc)*nr], nr
				}
				cols := min(nr, n-j0)
				for i := i0; i < i1; i += mr {
					ap, rs, cs, rows := &a.data[i*a.rs+pc*a.cs], a.rs, a.cs, mr
					if i >= full {
						ap, rs, cs, rows = &(*edge)[0], 1, mr, hi-i
					}
					if mr == 8 {
						mulBlock8x16(&c[i*n+j0], n, ap, rs, cs, bp, ldb, kk, rows, 1<<cols-1, pc > 0)
					} else {
						mulBlock4x8(&c[i*n+j0], n, ap, rs, cs, bp, ldb, kk, rows, &avx2Masks[cols], pc > 0)
					}
				}
			}
		}
	}
	if edge != nil {
		putScratch(edge)
	}
}

// avx2Masks[w] selects the first w of 8 columns for VMASKMOVPD.
var avx2Masks = func() (m [9][8]int64) {
	for w := range m {
		for j := range w {
			m[w][j] = -1
		}
	}
	return m
}()

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

var scratchPool = sync.Pool{New: func() any { return new([]float64) }}

// getScratch returns a pooled buffer of n values (contents undefined).
func getScratch(n int) *[]float64 {
	s := scratchPool.Get().(*[]float64)
	*s = grow(*s, n)
	return s
}

func putScratch(s *[]float64) { scratchPool.Put(s) }
