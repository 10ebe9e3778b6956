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
func mulBlock16x8Sparse(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, idx *int, cnt, rows int, mask uint64, acc bool)

//go:noescape
func packPanel8(dst *float64, idx *int, b *float64, rs, cs, p0, p1 int, mask uint64, skip bool) (entries int)

//go:noescape
func mulBlock4x8(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, ldb int, k, rows int, mask *[8]int64, acc bool)

//go:noescape
func compressRow(vals *float64, idx *int, a *float64, aStep, k int) (nnz int)

//go:noescape
func mulRowSparse56(c *float64, vals *float64, idx *int, nnz int, b *float64, ldb int, mask uint64)

//go:noescape
func scan8(x *float64, n int) (zeros int, finite bool)

//go:noescape
func finite32(x *float64, n int) bool

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

// blockSparseRef8 is what mulBlock16x8Sparse computes, in Go: blockRef
// over the cnt listed rows of b only (entry e: row idx[e], values
// b[8e:8e+8]).
func blockSparseRef8(c []float64, ldc int, a []float64, rowStep, pStep int, b []float64, idx []int, cnt, rows int, mask uint64, acc bool) {
	for i := range rows {
		for j := range 8 {
			if mask&(1<<j) == 0 {
				continue
			}
			s := 0.0
			if acc {
				s = c[i*ldc+j]
			}
			for e := range cnt {
				s += float64(a[i*rowStep+idx[e]*pStep] * b[8*e+j])
			}
			c[i*ldc+j] = s
		}
	}
}

// packPanelRef8 is what packPanel8 computes, in Go: rows p0 ≤ p < p1 of
// the panel of b whose column jj (set in mask) is b[p*rs + jj*cs], as
// entries of 8 values from dst[8e], zero past the mask, with p in idx[e];
// with skip, a row of zeros gets no entry.
func packPanelRef8(dst []float64, idx []int, b []float64, rs, cs, p0, p1 int, mask uint64, skip bool) (entries int) {
	for p := p0; p < p1; p++ {
		row, zero := dst[8*entries:8*entries+8], true
		for jj := range 8 {
			row[jj] = 0
			if mask&(1<<jj) != 0 {
				row[jj] = b[p*rs+jj*cs]
				zero = zero && row[jj] == 0
			}
		}
		idx[entries] = p
		if !skip || !zero {
			entries++
		}
	}
	return entries
}

// compressRef is what compressRow computes, in Go: the values a[p*aStep]
// (p < k) that are not ±0, and their p, in increasing p.
func compressRef(vals []float64, idx []int, a []float64, aStep, k int) (nnz int) {
	for p := range k {
		if v := a[p*aStep]; v != 0 {
			vals[nnz], idx[nnz] = v, p
			nnz++
		}
	}
	return nnz
}

// rowSparseRef is what mulRowSparse56 computes, in Go: with vals and idx
// from compressRef, rowTimes of matmul.go restricted to the columns set in
// mask.
func rowSparseRef(c []float64, vals []float64, idx []int, nnz int, b []float64, ldb int, mask uint64) {
	for j := range 64 {
		if mask&(1<<j) == 0 {
			continue
		}
		s := 0.0
		for e := range nnz {
			s += float64(vals[e] * b[idx[e]*ldb+j])
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

// finite reports whether no element of x is Inf or NaN (scan's finite,
// without counting zeros).
func finite(x []float64) bool {
	if active != avx512 || len(x) < 32 {
		_, f := scanRef(x)
		return f
	}
	n := len(x) &^ 31
	_, f := scanRef(x[n:])
	return f && finite32(&x[0], n)
}

// operand is a matrix read in place: element (i, p) is data[i*rs + p*cs].
// A row-major matrix has cs = 1, the transposed view of one rs = 1.
type operand struct {
	data   []float64
	rs, cs int
}

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
// the kernels differ only in which elements they compute side by side. It
// picks one of two ways from the operands:
//
//   - a mostly zeros, more so than b, and b finite: row by row, skipping
//     a's zeros (rowTimes's loop: compressRow, then mulRowSparse56).
//   - otherwise register blocks of 16×8 elements (mulBlock16x8Sparse, or
//     4×8 with AVX2) over panels of b 8 columns wide, where a row of zeros
//     of a panel is left out if a is finite: mostly-zero right operands (a
//     batch of images in the column layout, ReLU outputs) take that way.
//     With few rows and a row-major b, 8×16 blocks read b in place
//     (mulBlock8x16).
//
// A term left out is a·b = ±0, which would not have changed the sum (a sum
// that starts at +0 is never -0), unless the other factor is Inf or NaN:
// hence the scans for non-finite values (O(mk) or O(kn), beside O(mkn)).
func vectorMatMul(c []float64, a, b operand, m, k, n int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		clear(c)
		return
	}
	// The zeros are estimated from a sample of each operand; only the
	// finiteness that skipping needs is checked in full.
	if za := sampleZeros(a.data[:m*k]); active == avx512 && za >= 0.5 && za > sampleZeros(b.data[:k*n]) && finite(b.data[:k*n]) {
		rowSkip(c, a, b, m, k, n)
		return
	}
	dense(c, a, b, m, k, n)
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
	vals, idx := getScratch(k+8), getIndex(k+8)
	for i := lo; i < hi; i++ {
		nnz := compressRow(&(*vals)[0], &(*idx)[0], &a.data[i*a.rs], a.cs, k)
		for j0 := 0; j0 < n; j0 += 56 {
			mulRowSparse56(&c[i*n+j0], &(*vals)[0], &(*idx)[0], nnz, &b.data[j0], b.rs, uint64(1)<<min(56, n-j0)-1)
		}
	}
	putScratch(vals)
	indexPool.Put(idx)
}

// dense sets c = a · b by register blocks of mr×nr elements. A row of
// b's panel that is all zeros is left out when a is finite: its terms
// would have added ±0.
func dense(c []float64, a, b operand, m, k, n int) {
	// b is read in place when row-major and used by few rows of a;
	// otherwise it is packed in panels of nr columns (see packPanels),
	// from consecutive addresses, which a transposed b must be.
	packed := b.cs != 1 || m >= 32
	mr, nr := 8, 16
	switch {
	case active == avx2:
		mr, nr = 4, 8
	case packed: // narrow panels: more rows of zeros to leave out
		mr, nr = 16, 8
	}
	j := denseJobs.Get().(*denseJob)
	*j = denseJob{c: c, a: a, b: b, m: m, k: k, n: n, mr: mr, nr: nr}
	var vals *[]float64
	var idx, starts *[]int
	if packed {
		panels, chunks := (n+nr-1)/nr, (k+kc-1)/kc
		vals, idx, starts = getScratch((panels*k+1)*nr), getIndex(panels*k+1), getIndex(panels*(chunks+1))
		j.vals, j.idx, j.starts = *vals, *idx, *starts
		if skipped := packPanels(j, active == avx512); skipped > 0 {
			if !finite(a.data[:m*k]) {
				packPanels(j, false) // 0·Inf is NaN: keep every row
			}
		}
	}
	runJob(j, (m+mr-1)/mr, m*k*n)
	*j = denseJob{}
	denseJobs.Put(j)
	if vals != nil {
		putScratch(vals)
		indexPool.Put(idx)
		indexPool.Put(starts)
	}
}

// packPanels fills j.vals with b's panels of nr columns: panel q holds, for
// each p in increasing order, b[p][q·nr : q·nr+nr] (zero-filled past n) as
// its entry e, from (q·k + e)·nr, with p in j.idx[q·k + e]. With skip,
// rows of zeros get no entry; it returns how many. j.starts[q·(chunks+1) +
// ch] is the first entry of panel q with p ≥ ch·kc.
func packPanels(j *denseJob, skip bool) (skipped int) {
	b, k, n, nr := j.b, j.k, j.n, j.nr
	chunks := (k + kc - 1) / kc
	if active == avx512 { // the same, in assembly (nr is 8)
		for q := 0; q*nr < n; q++ {
			base, e, w := q*k, 0, min(nr, n-q*nr)
			for ch := range chunks {
				j.starts[q*(chunks+1)+ch] = e
				p0, p1 := ch*kc, min(k, (ch+1)*kc)
				got := packPanel8(&j.vals[(base+e)*nr], &j.idx[base+e], &b.data[q*nr*b.cs], b.rs, b.cs, p0, p1, 1<<w-1, skip)
				skipped += p1 - p0 - got
				e += got
			}
			j.starts[q*(chunks+1)+chunks] = e
		}
		return skipped
	}
	for q := 0; q*nr < n; q++ {
		j0, w := q*nr, min(nr, n-q*nr)
		base, e := q*k, 0
		for p := range k {
			if p%kc == 0 {
				j.starts[q*(chunks+1)+p/kc] = e
			}
			row := j.vals[(base+e)*nr : (base+e+1)*nr]
			src := b.data[p*b.rs+j0*b.cs:]
			zero := true
			for jj := range w {
				v := src[jj*b.cs]
				row[jj] = v
				zero = zero && v == 0
			}
			clear(row[w:])
			if skip && zero {
				skipped++
				continue
			}
			j.idx[base+e] = p
			e++
		}
		j.starts[q*(chunks+1)+chunks] = e
	}
	return skipped
}

type denseJob struct {
	c, vals     []float64
	idx, starts []int
	a, b        operand
	m, k, n     int
	mr, nr      int
}

var denseJobs = sync.Pool{New: func() any { return new(denseJob) }}

// Rows computes the row blocks [blo, bhi) (of mr rows each) of c.
func (j *denseJob) Rows(blo, bhi int) {
	a, c, m, k, n, mr, nr := j.a, j.c, j.m, j.k, j.n, j.mr, j.nr
	lo, hi := blo*mr, min(bhi*mr, m)
	full := lo + (hi-lo)/mr*mr // rows [full, hi) are a short last block
	var edge *[]float64
	if full < hi { // the short block, packed with zero rows below
		edge = getScratch(mr * k)
		e := *edge
		clear(e)
		for r := range hi - full {
			for p := range k {
				e[p*mr+r] = a.data[(full+r)*a.rs+p*a.cs]
			}
		}
	}
	chunks := (k + kc - 1) / kc
	for ch := range chunks {
		pc := ch * kc
		kk := min(kc, k-pc)
		for i0 := lo; i0 < hi; i0 += mc {
			i1 := min(i0+mc, hi)
			for j0 := 0; j0 < n; j0 += nr {
				q, cols := j0/nr, min(nr, n-j0)
				for i := i0; i < i1; i += mr {
					ad, at, rs, cs, rows := a.data, i*a.rs, a.rs, a.cs, mr // row i of a starts at ad[at]
					if i >= full {
						ad, at, rs, cs, rows = *edge, 0, 1, mr, hi-i
					}
					ci, ap := &c[i*n+j0], &ad[at+pc*cs]
					switch {
					case j.vals == nil && mr == 8:
						mulBlock8x16(ci, n, ap, rs, cs, &j.b.data[pc*j.b.rs+j0], j.b.rs, kk, rows, 1<<cols-1, pc > 0)
					case j.vals == nil:
						mulBlock4x8(ci, n, ap, rs, cs, &j.b.data[pc*j.b.rs+j0], j.b.rs, kk, rows, &avx2Masks[cols], pc > 0)
					case mr == 16: // the entries of panel q in this chunk; idx holds p from 0
						s := q*(chunks+1) + ch
						e0, e1 := q*k+j.starts[s], q*k+j.starts[s+1]
						mulBlock16x8Sparse(ci, n, &ad[at], rs, cs, &j.vals[e0*nr], &j.idx[e0], e1-e0, rows, 1<<cols-1, pc > 0)
					default: // AVX2 keeps every row of the panel
						mulBlock4x8(ci, n, ap, rs, cs, &j.vals[(q*k+pc)*nr], nr, kk, rows, &avx2Masks[cols], pc > 0)
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

var indexPool = sync.Pool{New: func() any { return new([]int) }}

func getIndex(n int) *[]int {
	s := indexPool.Get().(*[]int)
	*s = grow(*s, n)
	return s
}
