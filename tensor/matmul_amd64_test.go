//go:build !purego

package tensor

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// awkward returns n values: normal, with about a third zeros (of both
// signs) and, if special, a few Inf and NaN.
func awkward(rng *rand.Rand, n int, special bool) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch r := rng.IntN(12); {
		case r < 3:
			x[i] = 0
		case r == 3:
			x[i] = math.Copysign(0, -1)
		case r == 4 && special:
			x[i] = []float64{math.Inf(1), math.Inf(-1), math.NaN()}[rng.IntN(3)]
		default:
			x[i] = rng.NormFloat64()
		}
	}
	return x
}

// TestKernelBlocksMatchBlockRef runs each block kernel alone against
// blockRef: every row count, every column mask width, strided and packed
// a, accumulating or not, with zeros, Inf and NaN in the operands.
func TestKernelBlocksMatchBlockRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	for _, e := range engines[1:] {
		mr, nr := 8, 16
		if e == avx2 {
			mr, nr = 4, 8
		}
		for _, k := range []int{0, 1, 2, 7, 33} {
			for rows := 1; rows <= mr; rows++ {
				for cols := 1; cols <= nr; cols++ {
					for _, acc := range []bool{false, true} {
						special := rng.IntN(2) == 0
						// a is (mr, k) inside a larger matrix, read with
						// one of the three layouts the engine uses.
						rs, cs := k+3, 1
						switch rng.IntN(3) {
						case 1:
							rs, cs = 1, mr+1
						case 2:
							rs, cs = 1, mr
						}
						a := awkward(rng, mr*rs+k*cs+1, special)
						ldb, ldc := cols+rng.IntN(3), cols+rng.IntN(3)
						b := awkward(rng, max(k, 1)*ldb, special)
						c0 := awkward(rng, mr*ldc, false)
						want := append([]float64(nil), c0...)
						got := append([]float64(nil), c0...)
						mask := uint64(1)<<cols - 1
						blockRef(want, ldc, a, rs, cs, b, ldb, k, rows, mask, acc)
						bp := &b[0]
						if e == avx512 {
							mulBlock8x16(&got[0], ldc, &a[0], rs, cs, bp, ldb, k, rows, mask, acc)
						} else {
							mulBlock4x8(&got[0], ldc, &a[0], rs, cs, bp, ldb, k, rows, &avx2Masks[cols], acc)
						}
						if i, ok := sameBits(got, want); !ok {
							t.Fatalf("%v block k=%d rows=%d cols=%d acc=%v strides (%d,%d): element %d = %v, blockRef %v",
								e, k, rows, cols, acc, rs, cs, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestKernelSparseBlockMatchesRef runs mulBlock16x8Sparse alone against
// blockSparseRef8:
// panels listing some rows of b, every row count and column mask width,
// accumulating or not.
func TestKernelSparseBlockMatchesRef(t *testing.T) {
	if active != avx512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(13, 4))
	for _, shape := range []struct{ mr, nr int }{{16, 8}} {
		mr, nr := shape.mr, shape.nr
		for _, k := range []int{1, 2, 9, 40} {
			for rows := 1; rows <= mr; rows++ {
				for cols := 1; cols <= nr; cols++ {
					acc := rng.IntN(2) == 0
					var idx []int
					for p := range k {
						if rng.IntN(3) != 0 {
							idx = append(idx, p)
						}
					}
					idx = append(idx, 0) // room for a pointer when the list is empty
					cnt := len(idx) - 1
					rs, cs := k+1, 1
					if rng.IntN(2) == 0 {
						rs, cs = 1, mr
					}
					a := awkward(rng, mr*rs+k*cs+1, true)
					b := awkward(rng, nr*(cnt+1), true)
					c0 := awkward(rng, mr*20, false)
					want := append([]float64(nil), c0...)
					got := append([]float64(nil), c0...)
					mask := uint64(1)<<cols - 1
					blockSparseRef8(want, 20, a, rs, cs, b, idx, cnt, rows, mask, acc)
					mulBlock16x8Sparse(&got[0], 20, &a[0], rs, cs, &b[0], &idx[0], cnt, rows, mask, acc)
					if i, ok := sameBits(got, want); !ok {
						t.Fatalf("%d×%d sparse block k=%d (%d rows listed) rows=%d cols=%d acc=%v: element %d = %v, want %v",
							mr, nr, k, cnt, rows, cols, acc, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestKernelPackMatchesRef runs packPanel8 alone against packPanelRef8:
// row-major and transposed b, every column count, with and without skip.
func TestKernelPackMatchesRef(t *testing.T) {
	if active != avx512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(13, 5))
	for _, nr := range []int{8} {
		for _, k := range []int{1, 3, 30} {
			for cols := 1; cols <= nr; cols++ {
				for _, skip := range []bool{false, true} {
					rs, cs := nr+rng.IntN(3), 1
					if rng.IntN(2) == 0 {
						rs, cs = 1, k+rng.IntN(3)
					}
					b := awkward(rng, k*rs+nr*cs, true)
					for i := 0; i < len(b); i += 3 + rng.IntN(5) { // rows of zeros
						b[i] = 0
					}
					if cs == 1 {
						for p := 0; p < k; p += 2 {
							clear(b[p*rs : p*rs+nr])
						}
					}
					p0 := rng.IntN(k)
					mask := uint64(1)<<cols - 1
					got, wantv := make([]float64, nr*(k+1)), make([]float64, nr*(k+1))
					gi, wi := make([]int, k+1), make([]int, k+1)
					n := packPanel8(&got[0], &gi[0], &b[0], rs, cs, p0, k, mask, skip)
					want := packPanelRef8(wantv, wi, b, rs, cs, p0, k, mask, skip)
					if i, ok := sameBits(got[:nr*n], wantv[:nr*want]); n != want || !ok || !slices.Equal(gi[:n], wi[:want]) {
						t.Fatalf("pack %d wide k=%d p0=%d cols=%d skip=%v strides (%d,%d): %d entries %v, want %d (first difference %d)",
							nr, k, p0, cols, skip, rs, cs, n, gi[:n], want, i)
					}
				}
			}
		}
	}
}

// TestKernelSparseRowMatchesRef runs compressRow and mulRowSparse56 alone
// against compressRef and rowSparseRef (finite b, as the engine
// guarantees; Inf and NaN in a are kept, not skipped), for every width up
// to 56 columns, contiguous and strided rows.
func TestKernelSparseRowMatchesRef(t *testing.T) {
	if active != avx512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(13, 2))
	for _, k := range []int{0, 1, 5, 8, 9, 64, 100} {
		for cols := 1; cols <= 56; cols++ {
			step := 1 + rng.IntN(3)*rng.IntN(40)
			a := awkward(rng, max(k, 1)*step, true)
			for i := 0; i < len(a) && cols%2 == 0; i += 16 + rng.IntN(8) { // runs of zeros, as in images
				clear(a[i:min(i+8+rng.IntN(16), len(a))])
			}
			if cols%3 == 0 { // and a long one, so that a strided row has eight zeros in a row too
				clear(a[len(a)/4 : len(a)*3/4])
			}
			vals, idx := make([]float64, k+8), make([]int, k+8)
			wv, wi := make([]float64, k+8), make([]int, k+8)
			nnz, want := compressRow(&vals[0], &idx[0], &a[0], step, k), compressRef(wv, wi, a, step, k)
			if i, ok := sameBits(vals[:nnz], wv[:want]); !ok || nnz != want || !slices.Equal(idx[:nnz], wi[:want]) {
				t.Fatalf("compressRow k=%d step=%d: %d values %v at %v; compressRef %d (first difference %d)", k, step, nnz, vals[:nnz], idx[:nnz], want, i)
			}
			ldb := cols + rng.IntN(3)
			b := awkward(rng, max(k, 1)*ldb, false)
			wc := awkward(rng, cols+8, false)
			got := append([]float64(nil), wc...)
			mask := uint64(1)<<cols - 1
			rowSparseRef(wc, wv, wi, want, b, ldb, mask)
			mulRowSparse56(&got[0], &vals[0], &idx[0], nnz, &b[0], ldb, mask)
			if i, ok := sameBits(got, wc); !ok {
				t.Fatalf("row k=%d cols=%d step=%d: element %d = %v, rowSparseRef %v", k, cols, step, i, got[i], wc[i])
			}
		}
	}
}

func TestKernelScanMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	for _, e := range engines {
		prev := active
		active = e
		for n := range 140 {
			for _, special := range []bool{false, true} {
				x := awkward(rng, n, special && rng.IntN(2) == 0)
				z, f := scan(x)
				wz, wf := scanRef(x)
				if z != wz || f != wf {
					t.Errorf("%v scan of %d values: %d zeros, finite %v; scanRef %d, %v", e, n, z, f, wz, wf)
				}
				if got := finite(x); got != wf {
					t.Errorf("%v finite of %d values: %v; scanRef %v", e, n, got, wf)
				}
			}
		}
		active = prev
	}
}
