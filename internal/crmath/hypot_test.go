package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// trIsNearest reports whether y is the float64 nearest the value v that
// cmp describes (cmp(m) = sign of m - v, exactly), ties to even.
func trIsNearest(y float64, cmp func(m *big.Float) int) bool {
	even := math.Float64bits(y)&1 == 0
	mid := func(a, b float64) *big.Float {
		m := new(big.Float).SetPrec(64).SetFloat64(a)
		m.Add(m, new(big.Float).SetFloat64(b))
		return m.Quo(m, big.NewFloat(2))
	}
	if math.IsInf(y, 1) {
		m := new(big.Float).SetMantExp(big.NewFloat(1), 1024)
		m.Add(m, new(big.Float).SetFloat64(math.MaxFloat64)).Quo(m, big.NewFloat(2))
		return cmp(m) <= 0
	}
	up := math.Nextafter(y, math.Inf(1))
	var hi *big.Float
	if math.IsInf(up, 0) {
		hi = new(big.Float).SetMantExp(big.NewFloat(1), 1024)
		hi.Add(hi, new(big.Float).SetFloat64(y)).Quo(hi, big.NewFloat(2))
	} else {
		hi = mid(y, up)
	}
	if c := cmp(hi); c < 0 || c == 0 && !even {
		return false
	}
	if y == 0 {
		return true
	}
	c := cmp(mid(y, math.Nextafter(y, 0)))
	return c < 0 || c == 0 && even
}

func trHypotCmp(p, q float64) func(m *big.Float) int {
	const prec = 4400 // p²+q² exactly, whatever the exponents
	s := new(big.Float).SetPrec(prec).SetFloat64(p)
	s.Mul(s, s)
	t := new(big.Float).SetPrec(prec).SetFloat64(q)
	s.Add(s, t.Mul(t, t))
	return func(m *big.Float) int {
		return new(big.Float).SetPrec(prec).Mul(m, m).Cmp(s)
	}
}

func trHypotRef(p, q float64) *big.Float {
	s := new(big.Float).SetPrec(4400).SetFloat64(p)
	s.Mul(s, s)
	t := new(big.Float).SetPrec(4400).SetFloat64(q)
	s.Add(s, t.Mul(t, t))
	return new(big.Float).SetPrec(300).Sqrt(s)
}

func trRandHypot(r *rand.Rand) (p, q float64) {
	switch r.IntN(8) {
	case 0, 1, 2:
		p = math.Ldexp(1+r.Float64(), r.IntN(41)-20)
		q = math.Ldexp(1+r.Float64(), r.IntN(41)-20)
	case 3:
		p = math.Ldexp(1+r.Float64(), r.IntN(2046)-1022)
		q = math.Ldexp(1+r.Float64(), r.IntN(121)-60+math.Ilogb(p))
	case 4:
		p = math.Float64frombits(r.Uint64() % (0x7ff << 52))
		q = math.Float64frombits(r.Uint64() % (0x7ff << 52))
	case 5:
		p = math.Float64frombits(r.Uint64() % (1 << 54))
		q = math.Float64frombits(r.Uint64() % (1 << 54))
	case 6:
		p, q = float64(r.IntN(1<<26)), float64(r.IntN(1<<26))
	case 7:
		// Legs of Pythagorean triples: exact results.
		m, n := float64(1+r.IntN(1<<20)), float64(1+r.IntN(1<<20))
		p, q = math.Abs(float64(m*m)-float64(n*n)), float64(2*float64(m*n))
		e := r.IntN(400) - 200
		p, q = math.Ldexp(p, e), math.Ldexp(q, e)
	}
	if r.IntN(2) == 0 {
		p = -p
	}
	return p, q
}

type trStats struct {
	n, bad         int
	maxErr, goMax  float64
	worstA, worstB float64
}

func trFold(res []trStats) (tot trStats) {
	for _, a := range res {
		tot.n += a.n
		tot.bad += a.bad
		if a.maxErr > tot.maxErr {
			tot.maxErr, tot.worstA, tot.worstB = a.maxErr, a.worstA, a.worstB
		}
		tot.goMax = max(tot.goMax, a.goMax)
	}
	return tot
}

func TestHypotRandom(t *testing.T) {
	res := trParallel(trSweepN(), func(i int, a *trStats) {
		r := rand.New(rand.NewPCG(uint64(i), 0x4790))
		p, q := trRandHypot(r)
		y := Hypot(p, q)
		a.n++
		cmp := trHypotCmp(math.Abs(p), math.Abs(q))
		if !trIsNearest(y, cmp) {
			a.bad++
			if u := trUlpErr(y, trHypotRef(p, q)); u > a.maxErr {
				a.maxErr, a.worstA, a.worstB = u, p, q
			}
		}
		if g := math.Hypot(p, q); g != y && i < 100_000 {
			a.goMax = max(a.goMax, trUlpErr(g, trHypotRef(p, q)))
		}
	})
	tot := trFold(res)
	t.Logf("%d inputs; math.Hypot up to %.3g ulp (on the first 1e5)", tot.n, tot.goMax)
	if tot.bad != 0 {
		t.Errorf("%d not correctly rounded, worst %.3g ulp at Hypot(%v, %v)", tot.bad, tot.maxErr, tot.worstA, tot.worstB)
	}
}

func TestHypotEdges(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 3, 4, inf, -inf, nan, 5e-324, 0x1p-1022, 0x1p-1000,
		math.MaxFloat64, -math.MaxFloat64, 0x1p1000, 0x1p-60, 1e308}
	for _, p := range vals {
		for _, q := range vals {
			y, want := Hypot(p, q), math.Hypot(p, q)
			if math.IsNaN(y) != math.IsNaN(want) || math.IsInf(want, 0) != math.IsInf(y, 0) ||
				want == 0 && math.Float64bits(y) != math.Float64bits(want) {
				t.Errorf("Hypot(%v, %v) = %v, math says %v", p, q, y, want)
			}
			if !math.IsNaN(y) && !math.IsInf(p, 0) && !math.IsInf(q, 0) && !trIsNearest(y, trHypotCmp(math.Abs(p), math.Abs(q))) {
				t.Errorf("Hypot(%v, %v) = %v, not the nearest", p, q, y)
			}
		}
	}
}

func BenchmarkHypot(b *testing.B) {
	xs := trBenchInputs(-100, 100)
	b.Run("crmath", func(b *testing.B) { trBench(b, xs, func(x float64) float64 { return Hypot(x, 3.5) }) })
	b.Run("math", func(b *testing.B) { trBench(b, xs, func(x float64) float64 { return math.Hypot(x, 3.5) }) })
}
