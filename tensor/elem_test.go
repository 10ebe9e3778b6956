package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// elemValues returns n values with the awkward ones the element-wise
// kernels must treat as Go does: ±0, ±Inf, NaNs of both signs and several
// payloads, subnormals, and ordinary values of both signs.
func elemValues(rng *rand.Rand, n int) []float64 {
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		math.Float64frombits(0xfff8000000000001), math.Float64frombits(0x7ff4000000000000), // a negative NaN, a signalling NaN
		5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 1, -1}
	x := make([]float64, n)
	for i := range x {
		if rng.IntN(4) == 0 {
			x[i] = special[rng.IntN(len(special))]
		} else {
			x[i] = rng.NormFloat64()
		}
	}
	return x
}

// identical is sameBits without the NaN exception, for the operations that
// only choose between their inputs (Maximum, WherePositive, transposes):
// they must keep a NaN's sign and payload exactly. Arithmetic on a NaN
// gives "a NaN", whose payload Go leaves to the compiler's choice of
// operand order, so sameBits compares those.
func identical(x, y []float64) (int, bool) {
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return i, false
		}
	}
	return 0, len(x) == len(y)
}

// TestTensorElementwiseKernelsSameBits runs each element-wise operation
// with every engine of this build against its Go loop of elem.go: every
// length up to 70 and a long one, slices starting at odd offsets, special
// values in every operand, and scalars that include ±0, ±Inf and NaN.
func TestTensorElementwiseKernelsSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 1))
	scalars := []float64{0, math.Copysign(0, -1), 1, -2.5, 1.0 / 128, math.Inf(1), math.Inf(-1), math.NaN()}
	prev := active
	defer func() { active = prev }()
	for _, e := range engines {
		active = e
		for _, n := range append(rangeN(71), 1000, 4099) {
			off := rng.IntN(4)
			x, y, z := elemValues(rng, n+off)[off:], elemValues(rng, n+off)[off:], elemValues(rng, n+off)[off:]
			s := scalars[rng.IntN(len(scalars))]
			cases := []struct {
				name     string
				vec, ref func(o []float64)
				same     func(x, y []float64) (int, bool)
			}{
				{"scale", func(o []float64) { scaleVec(o, s, x) }, func(o []float64) { scaleGo(o, s, x) }, sameBits},
				{"addScaled", func(o []float64) { addScaledVec(o, x, s, y) }, func(o []float64) { addScaledGo(o, x, s, y) }, sameBits},
				{"addScalar", func(o []float64) { addScalarVec(o, x, s) }, func(o []float64) { addScalarGo(o, x, s) }, sameBits},
				{"maxScalar", func(o []float64) { maxScalarVec(o, x, s) }, func(o []float64) { maxScalarGo(o, x, s) }, identical},
				{"wherePositive", func(o []float64) { wherePositiveVec(o, z, y) }, func(o []float64) { wherePositiveGo(o, z, y) }, identical},
				{"add", func(o []float64) { addVec(o, x, y) }, func(o []float64) { addGo(o, x, y) }, sameBits},
			}
			for _, c := range cases {
				got, want := make([]float64, n), make([]float64, n)
				c.vec(got)
				c.ref(want)
				if i, ok := c.same(got, want); !ok {
					t.Fatalf("%v %s, n=%d, s=%v: element %d is %v (%#x), the Go loop gives %v (%#x)",
						e, c.name, n, s, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
				}
			}
		}
	}
}

// TestTensorRowSumsSameAsGo checks sumRowsVec, with every engine, against
// sumRowsGo (each row added left to right from +0) for every row count to
// 20 and row lengths with every remainder modulo 4, and SumAxis's row and
// column sums against the general path's.
func TestTensorRowSumsSameAsGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	prev := active
	defer func() { active = prev }()
	for _, e := range engines {
		active = e
		for rows := 0; rows <= 20; rows++ {
			for _, n := range []int{1, 2, 3, 4, 5, 8, 13, 128} {
				x := elemValues(rng, rows*n)
				if rng.IntN(2) == 0 { // sums of ordinary values too, where rounding shows
					for i := range x {
						x[i] = rng.NormFloat64() * 1e3
					}
				}
				got, want := make([]float64, rows), make([]float64, rows)
				sumRowsVec(got, x, n)
				sumRowsGo(want, x, n)
				if i, ok := sameBits(got, want); !ok {
					t.Fatalf("%v row sums of (%d, %d): row %d is %v, sumRowsGo %v", e, rows, n, i, got[i], want[i])
				}
				if rows == 0 {
					continue
				}
				a := New(rows, n)
				copy(a.data, x)
				fast := SumAxis(New(rows), a, 1)
				general := SumAxis(nil, a.T().Clone(), 0) // the same sums through reduce
				if i, ok := sameBits(fast.data, general.data); !ok {
					t.Fatalf("%v SumAxis(a (%d, %d), 1): element %d is %v, the general path gives %v", e, rows, n, i, fast.data[i], general.data[i])
				}
				// Column sums start from the first row, as NumPy's do.
				cols, ref := SumAxis(New(n), a, 0), append([]float64(nil), x[:n]...)
				for r := 1; r < rows; r++ {
					for j := range ref {
						ref[j] += x[r*n+j]
					}
				}
				if i, ok := sameBits(cols.data, ref); !ok {
					t.Fatalf("%v SumAxis(a (%d, %d), 0): element %d is %v, want %v", e, rows, n, i, cols.data[i], ref[i])
				}
			}
		}
	}
}

func rangeN(n int) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = i
	}
	return r
}

// TestTensorTransposeSameAsGo checks transposeRows, with every engine,
// against transposeGo: shapes with every remainder modulo 4 and across the
// 32-element tiles, whole and by row ranges.
func TestTensorTransposeSameAsGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 2))
	prev := active
	defer func() { active = prev }()
	for _, e := range engines {
		active = e
		for _, r := range []int{1, 3, 4, 5, 8, 31, 32, 33, 66, 128} {
			for _, c := range []int{1, 2, 4, 7, 16, 35, 64, 97} {
				src := elemValues(rng, r*c)
				got, want := make([]float64, r*c), make([]float64, r*c)
				lo, hi := 0, r
				if r > 4 {
					lo, hi = rng.IntN(r/2), r/2+rng.IntN(r/2+1)
				}
				transposeRows(got, src, r, c, lo, hi)
				transposeGo(want, src, r, c, lo, hi)
				if i, ok := identical(got, want); !ok {
					t.Fatalf("%v transpose to (%d, %d), rows [%d, %d): element %d is %v, transposeGo %v", e, r, c, lo, hi, i, got[i], want[i])
				}
			}
		}
	}
}

// TestTensorMaximumAndWherePositive checks the two operations ReLU's
// forward and backward passes use, on views and in place, against their
// definitions element by element.
func TestTensorMaximumAndWherePositive(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 3))
	x := New(37, 21)
	copy(x.data, elemValues(rng, x.Size()))
	z := New(21, 37)
	copy(z.data, elemValues(rng, z.Size()))
	for _, a := range []*Tensor{x.T(), x.T().Clone()} {
		got := Maximum(nil, a, 0)
		it := a.Iter()
		for i := 0; it.Next(); i++ {
			want := 0.0 // max(v, 0), keeping a NaN's own bits
			if v := it.Value(); v > 0 || math.IsNaN(v) {
				want = v
			}
			if math.Float64bits(got.data[i]) != math.Float64bits(want) {
				t.Fatalf("Maximum(%v, 0): element %d is %v, want %v", it.Value(), i, got.data[i], want)
			}
		}
		for _, dst := range []*Tensor{nil, New(21, 37)} {
			got := WherePositive(dst, z, a)
			it := a.Iter()
			for i := 0; it.Next(); i++ {
				want := 0.0
				if z.data[i] > 0 {
					want = it.Value()
				}
				if math.Float64bits(got.data[i]) != math.Float64bits(want) {
					t.Fatalf("WherePositive: element %d (z %v, a %v) is %v, want %v", i, z.data[i], it.Value(), got.data[i], want)
				}
			}
		}
	}
	// In place, dst being z: the mask is read before it is overwritten.
	zc, ac := z.Clone(), x.T().Clone()
	want := WherePositive(nil, zc, ac)
	if i, ok := identical(WherePositive(zc, zc, x.T()).data, want.data); !ok {
		t.Fatalf("WherePositive(z, z, a): element %d is %v, want %v", i, zc.data[i], want.data[i])
	}
	defer func() {
		msg := fmt.Sprint(recover())
		if !strings.Contains(msg, "WherePositive") || !strings.Contains(msg, "[21 37]") || !strings.Contains(msg, "[37 21]") {
			t.Fatalf("WherePositive with shapes (21, 37) and (37, 21) panicked with %q: want both shapes named", msg)
		}
	}()
	WherePositive(nil, z, x)
}
