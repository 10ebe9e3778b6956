package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func trCbrtCmp(x float64) func(m *big.Float) int {
	v := new(big.Float).SetFloat64(x)
	return func(m *big.Float) int {
		c := new(big.Float).SetPrec(300).Mul(m, m)
		return c.Mul(c, m).Cmp(v)
	}
}

// trCbrtRef: Newton's iteration at 300 bits from math.Cbrt's guess.
func trCbrtRef(x float64) *big.Float {
	v := new(big.Float).SetPrec(300).SetFloat64(x)
	y := new(big.Float).SetPrec(300).SetFloat64(math.Cbrt(x))
	t := new(big.Float).SetPrec(300)
	for range 4 {
		t.Mul(y, y)
		t.Quo(v, t)
		t.Sub(t, y)
		t.Quo(t, big.NewFloat(3))
		y.Add(y, t)
	}
	return y
}

func trRandCbrt(r *rand.Rand) float64 {
	var x float64
	switch r.IntN(4) {
	case 0:
		x = math.Float64frombits(r.Uint64() % (0x7ff << 52))
	case 1:
		x = 1 + float64(r.Float64()*7)
	case 2:
		n := float64(1 + r.IntN(1<<17))
		x = math.Ldexp(float64(float64(n*n)*n), r.IntN(600)-300)
		x = math.Float64frombits(math.Float64bits(x) + uint64(r.IntN(5)) - 2)
	case 3:
		x = math.Float64frombits(r.Uint64() % (1 << 52))
	}
	if r.IntN(2) == 0 {
		x = -x
	}
	return x
}

func TestCbrtRandom(t *testing.T) {
	res := trParallel(trSweepN(), func(i int, a *trStats) {
		r := rand.New(rand.NewPCG(uint64(i), 0xcb47))
		x := trRandCbrt(r)
		ax := math.Abs(x)
		y := Cbrt(x)
		a.n++
		if math.Signbit(y) != math.Signbit(x) || !trIsNearest(math.Abs(y), trCbrtCmp(ax)) {
			a.bad++
			if u := trUlpErr(math.Abs(y), trCbrtRef(ax)); u > a.maxErr {
				a.maxErr, a.worstA = u, x
			}
		}
		if g := math.Cbrt(x); g != y && i < 100_000 {
			a.goMax = max(a.goMax, trUlpErr(math.Abs(g), trCbrtRef(ax)))
		}
	})
	tot := trFold(res)
	t.Logf("%d inputs; math.Cbrt up to %.3g ulp (on the first 1e5)", tot.n, tot.goMax)
	if tot.bad != 0 {
		t.Errorf("%d not correctly rounded, worst %.3g ulp at Cbrt(%v)", tot.bad, tot.maxErr, tot.worstA)
	}
}

func TestCbrtEdges(t *testing.T) {
	inf := math.Inf(1)
	for _, x := range []float64{0, math.Copysign(0, -1), inf, -inf, math.NaN(), 5e-324, -5e-324, 0x1p-1022,
		0x1p-1023, math.MaxFloat64, -math.MaxFloat64, 1, -1, 8, 27, -27, 1e-300, 0.001, 1e300, 0x1p-1074 * 27} {
		y, want := Cbrt(x), math.Cbrt(x)
		if math.IsNaN(y) != math.IsNaN(want) || !math.IsNaN(y) && (y == 0 || math.IsInf(y, 0)) &&
			math.Float64bits(y) != math.Float64bits(want) {
			t.Errorf("Cbrt(%v) = %v, math says %v", x, y, want)
		}
		if ax := math.Abs(x); ax > 0 && ax <= math.MaxFloat64 && !trIsNearest(math.Abs(y), trCbrtCmp(ax)) {
			t.Errorf("Cbrt(%v) = %v, not the nearest", x, y)
		}
	}
}

func BenchmarkCbrt(b *testing.B) {
	xs := trBenchInputs(0, 100)
	b.Run("crmath", func(b *testing.B) { trBench(b, xs, Cbrt) })
	b.Run("math", func(b *testing.B) { trBench(b, xs, math.Cbrt) })
}
