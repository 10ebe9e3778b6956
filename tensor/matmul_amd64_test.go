//go:build !purego

package tensor

import (
	"math"
	"math/rand/v2"
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

// TestKernelRowSkipMatchesRef runs mulRowSkip56 alone against rowSkipRef
// (finite b, as the engine guarantees), for every width up to 56 columns.
func TestKernelRowSkipMatchesRef(t *testing.T) {
	if active != avx512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(13, 2))
	for _, k := range []int{0, 1, 5, 64} {
		for cols := 1; cols <= 56; cols++ {
			step := 1 + rng.IntN(3)
			a := awkward(rng, max(k, 1)*step, true) // Inf and NaN in a are added, not skipped
			ldb := cols + rng.IntN(3)
			b := awkward(rng, max(k, 1)*ldb, false)
			want := awkward(rng, cols+8, false)
			got := append([]float64(nil), want...)
			mask := uint64(1)<<cols - 1
			rowSkipRef(want, a, step, k, b, ldb, mask)
			mulRowSkip56(&got[0], &a[0], step, k, &b[0], ldb, mask)
			if i, ok := sameBits(got, want); !ok {
				t.Fatalf("row k=%d cols=%d step=%d: element %d = %v, rowSkipRef %v", k, cols, step, i, got[i], want[i])
			}
		}
	}
}

func TestKernelScanMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	for _, e := range engines {
		prev := active
		active = e
		for n := range 70 {
			for _, special := range []bool{false, true} {
				x := awkward(rng, n, special && rng.IntN(2) == 0)
				z, f := scan(x)
				wz, wf := scanRef(x)
				if z != wz || f != wf {
					t.Errorf("%v scan of %d values: %d zeros, finite %v; scanRef %d, %v", e, n, z, f, wz, wf)
				}
			}
		}
		active = prev
	}
}
