//go:build !purego

package tensor

import "math"

// The Go half of the element-wise kernels in elem_amd64.s: each hands the
// kernel the longest prefix that is a multiple of 16 elements and runs the
// rest through the Go loop of elem.go. They are used whenever the CPU has
// AVX2 (the active engine is not pure Go).

//go:noescape
func scaleAVX2(o, x *float64, n int, s float64)

//go:noescape
func addScaledAVX2(o, x, y *float64, n int, s float64)

//go:noescape
func addScalarAVX2(o, x *float64, n int, v float64)

//go:noescape
func maxScalarAVX2(o, x *float64, n int, s float64)

//go:noescape
func wherePositiveAVX2(o, z, a *float64, n int)

//go:noescape
func addAVX2(o, x, y *float64, n int)

//go:noescape
func sumRows8AVX2(o, x *float64, ld, n int)

//go:noescape
func transposeTile4(dst, src *float64, ldd, lds, h, w int)

// vecLen is how many leading elements of an n-element operation go to a
// vector kernel: none with the pure-Go engine.
func vecLen(n int) int {
	if active == pureGo {
		return 0
	}
	return n &^ 15
}

func scaleVec(o []float64, s float64, x []float64) {
	x = x[:len(o)]
	n := vecLen(len(o))
	if n > 0 {
		scaleAVX2(&o[0], &x[0], n, s)
	}
	scaleGo(o[n:], s, x[n:])
}

func addScaledVec(o, x []float64, s float64, y []float64) {
	x, y = x[:len(o)], y[:len(o)]
	n := vecLen(len(o))
	if n > 0 {
		addScaledAVX2(&o[0], &x[0], &y[0], n, s)
	}
	addScaledGo(o[n:], x[n:], s, y[n:])
}

func addScalarVec(o, x []float64, v float64) {
	x = x[:len(o)]
	n := vecLen(len(o))
	if n > 0 {
		addScalarAVX2(&o[0], &x[0], n, v)
	}
	addScalarGo(o[n:], x[n:], v)
}

func maxScalarVec(o, x []float64, s float64) {
	x = x[:len(o)]
	n := vecLen(len(o))
	if math.IsNaN(s) || math.Signbit(s) && s == 0 {
		n = 0 // see maxScalarAVX2
	}
	if n > 0 {
		maxScalarAVX2(&o[0], &x[0], n, s)
	}
	maxScalarGo(o[n:], x[n:], s)
}

func wherePositiveVec(o, z, a []float64) {
	z, a = z[:len(o)], a[:len(o)]
	n := vecLen(len(o))
	if n > 0 {
		wherePositiveAVX2(&o[0], &z[0], &a[0], n)
	}
	wherePositiveGo(o[n:], z[n:], a[n:])
}

func addVec(o, x, y []float64) {
	x, y = x[:len(o)], y[:len(o)]
	n := vecLen(len(o))
	if n > 0 {
		addAVX2(&o[0], &x[0], &y[0], n)
	}
	addGo(o[n:], x[n:], y[n:])
}

// sumRowsVec is sumRowsGo with eight rows at a time summed side by side by
// sumRows8AVX2 over the first n&^3 values of each; the last few values
// and rows go through Go, continuing the same sums.
func sumRowsVec(o, x []float64, n int) {
	r8, n4 := 0, n&^3
	if active != pureGo && n4 > 0 {
		r8 = len(o) &^ 7
	}
	for r := 0; r < r8; r += 8 {
		sumRows8AVX2(&o[r], &x[r*n], n, n4)
		for i := r; i < r+8; i++ {
			s := o[i]
			for _, v := range x[i*n+n4 : i*n+n] {
				s += v
			}
			o[i] = s
		}
	}
	sumRowsGo(o[r8:], x[r8*n:], n)
}

// transposeRows computes rows [lo, hi) of transpose's dst (r, c) from src
// (c, r), in tiles of 32×32 whose 4×4 blocks transposeTile4 moves; what is
// left at a tile's edges goes through transposeGo's loop.
func transposeRows(dst, src []float64, r, c, lo, hi int) {
	if active == pureGo {
		transposeGo(dst, src, r, c, lo, hi)
		return
	}
	const tile = 32
	for i0 := lo; i0 < hi; i0 += tile {
		i1 := min(i0+tile, hi)
		h := (i1 - i0) &^ 3
		for j0 := 0; j0 < c; j0 += tile {
			j1 := min(j0+tile, c)
			w := (j1 - j0) &^ 3
			if h > 0 && w > 0 {
				transposeTile4(&dst[i0*c+j0], &src[j0*r+i0], c, r, h, w)
			}
			transposeEdge(dst, src, r, c, i0, i0+h, j0+w, j1) // right of the blocks
			transposeEdge(dst, src, r, c, i0+h, i1, j0, j1)   // below them
		}
	}
}

// transposeEdge sets dst[i][j] = src[j][i] for i0 ≤ i < i1, j0 ≤ j < j1.
func transposeEdge(dst, src []float64, r, c, i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		for j := j0; j < j1; j++ {
			dst[i*c+j] = src[j*r+i]
		}
	}
}
