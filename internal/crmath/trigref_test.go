package crmath

import (
	"flag"
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// The references here share no code with the package: π comes from the
// Gauss–Legendre iteration (the package uses Machin's formula), the
// reduction and the series run in big.Int fixed point.

var trLong = flag.Bool("crmath.trigsweep", false, "sweep Sin, Cos, Hypot and Cbrt on 20 times more random inputs")

// trSweepN is the number of random inputs per function: a million normally,
// a thousandth under -short (emulators), twenty million with -crmath.trigsweep.
func trSweepN() int {
	switch {
	case *trLong:
		return 20_000_000
	case testing.Short() || raceEnabled:
		return 1000
	}
	return 1_000_000
}

const trRefQmax = 2200 // fraction bits of trRefPio2

var trRefPio2 = func() *big.Int {
	const prec = trRefQmax + 128
	a := new(big.Float).SetPrec(prec).SetInt64(1)
	b := new(big.Float).SetPrec(prec).Sqrt(new(big.Float).SetPrec(prec).SetFloat64(0.5))
	t := new(big.Float).SetPrec(prec).SetFloat64(0.25)
	p := new(big.Float).SetPrec(prec).SetInt64(1)
	an := new(big.Float).SetPrec(prec)
	d := new(big.Float).SetPrec(prec)
	for i := 0; i < 14; i++ {
		an.Add(a, b)
		an.Quo(an, big.NewFloat(2))
		b.Mul(a, b)
		b.Sqrt(b)
		d.Sub(a, an)
		d.Mul(d, d)
		d.Mul(d, p)
		t.Sub(t, d)
		p.Add(p, p)
		a.Set(an)
	}
	pi := new(big.Float).SetPrec(prec).Add(a, b)
	pi.Mul(pi, pi)
	pi.Quo(pi, t)
	pi.Quo(pi, big.NewFloat(4))
	pi.SetMantExp(pi, trRefQmax-1) // π/2 · 2^trRefQmax
	z, _ := pi.Int(nil)
	return z
}()

// trRefTab holds sin(i/256) and cos(i/256) in 320-bit fixed point.
var trRefTab = func() (tab [208][2]*big.Int) {
	for i := range tab {
		s, c := trRefSeries(new(big.Int).Lsh(big.NewInt(int64(i)), 320-8), 320)
		tab[i] = [2]*big.Int{s, c}
	}
	return tab
}()

// trRefSeries returns sin r and cos r in P-bit fixed point for 0 <= r <= 1
// (R = r·2^P) by their Taylor series, each term truncated.
func trRefSeries(R *big.Int, P int) (S, C *big.Int) {
	S, C = new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(P))
	t := new(big.Int).Set(C)
	u, nb, rem := new(big.Int), new(big.Int), new(big.Int)
	for n := int64(1); ; n++ {
		u.Mul(t, R)
		u.Rsh(u, uint(P))
		t.QuoRem(u, nb.SetInt64(n), rem)
		if t.Sign() == 0 {
			return S, C
		}
		switch n % 4 {
		case 1:
			S.Add(S, t)
		case 2:
			C.Sub(C, t)
		case 3:
			S.Sub(S, t)
		case 0:
			C.Add(C, t)
		}
	}
}

// trRefSinCos returns sin x and cos x to at least 256 bits.
func trRefSinCos(x float64) (s, c *big.Float) {
	ax := math.Abs(x)
	b := math.Float64bits(ax)
	m, e := b&(1<<52-1), int(b>>52)
	if e == 0 {
		e = 1
	} else {
		m |= 1 << 52
	}
	e -= 1075 // ax = m·2^e
	var R *big.Int
	var Q int
	k := new(big.Int)
	if ax < 0.78 {
		R, Q = new(big.Int).SetUint64(m), -e
	} else {
		Q = 300 + max(0, e+53)
		X := new(big.Int).SetUint64(m)
		X.Lsh(X, uint(e+Q))
		p := new(big.Int).Rsh(trRefPio2, uint(trRefQmax-Q))
		k.Rsh(p, 1)
		k.Add(k, X)
		k.Quo(k, p)
		R = X.Sub(X, new(big.Int).Mul(k, p))
	}
	neg := R.Sign() < 0
	R.Abs(R)
	var S, C *big.Int
	var P int
	if R.BitLen() > Q-8 {
		// r >= 1/256: r = a + b with a = i/256, 320 bits, and the angle
		// sum on a table of sin a and cos a halves the series.
		P = 320
		if Q > P {
			R.Rsh(R, uint(Q-P))
		} else {
			R.Lsh(R, uint(P-Q))
		}
		i := new(big.Int).Rsh(R, uint(P-8))
		R.Sub(R, new(big.Int).Lsh(i, uint(P-8)))
		sb, cb := trRefSeries(R, P)
		e := &trRefTab[i.Int64()]
		S = new(big.Int).Mul(e[0], cb)
		S.Add(S, new(big.Int).Mul(e[1], sb)).Rsh(S, uint(P))
		C = new(big.Int).Mul(e[1], cb)
		C.Sub(C, new(big.Int).Mul(e[0], sb)).Rsh(C, uint(P))
	} else {
		// Keep 300 bits below r's leading one.
		P = max(Q, 300+Q-R.BitLen())
		R.Lsh(R, uint(P-Q))
		S, C = trRefSeries(R, P)
	}
	if neg {
		S.Neg(S)
	}
	s = new(big.Float).SetInt(S)
	s.SetMantExp(s, -P)
	c = new(big.Float).SetInt(C)
	c.SetMantExp(c, -P)
	switch k.Bit(0) | k.Bit(1)<<1 {
	case 1:
		s, c = c, s.Neg(s)
	case 2:
		s.Neg(s)
		c.Neg(c)
	case 3:
		s, c = c.Neg(c), s
	}
	if x < 0 {
		s.Neg(s)
	}
	return s, c
}

// trUlpErr returns |y - ref| in ulps of the float64 nearest ref.
func trUlpErr(y float64, ref *big.Float) float64 {
	cr, _ := ref.Float64()
	if y == cr {
		return 0
	}
	if math.IsInf(y, 0) || math.IsNaN(y) {
		return math.Inf(1)
	}
	d := new(big.Float).SetPrec(400).SetFloat64(y)
	d.Sub(d, ref)
	u := math.Abs(cr)
	u = math.Nextafter(u, math.Inf(1)) - u
	if u == 0 || math.IsInf(u, 0) {
		u = math.SmallestNonzeroFloat64
	}
	f, _ := d.Float64()
	return math.Abs(f) / u
}

// trRelErr returns |hi+lo - ref| / |ref|.
func trRelErr(hi, lo float64, ref *big.Float) float64 {
	d := new(big.Float).SetPrec(400).SetFloat64(hi)
	d.Add(d, new(big.Float).SetFloat64(lo))
	d.Sub(d, ref)
	f, _ := d.Float64()
	r, _ := ref.Float64()
	return math.Abs(f / r)
}

// trParallel runs f(i) for i in [0, n) on every CPU; each worker folds its
// results into its own *T, and the workers' values are returned.
func trParallel[T any](n int, f func(i int, acc *T)) []T {
	w := runtime.GOMAXPROCS(0)
	out := make([]T, w)
	var wg sync.WaitGroup
	for g := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += w {
				f(i, &out[g])
			}
		}()
	}
	wg.Wait()
	return out
}

// randTrigArg draws an argument from a mix that covers the fast reduction,
// its boundary, Payne–Hanek, tiny values and near-multiples of π/2.
func randTrigArg(r *rand.Rand) float64 {
	var x float64
	switch r.IntN(10) {
	case 0, 1, 2, 3:
		x = float64(r.Float64()*4*math.Pi) - 2*math.Pi
	case 4, 5:
		x = math.Ldexp(1+r.Float64(), -30+r.IntN(33))
	case 6, 7:
		x = math.Ldexp(1+r.Float64(), 2+r.IntN(21))
	case 8:
		x = math.Float64frombits(r.Uint64() &^ (1 << 63))
		if math.IsInf(x, 0) || math.IsNaN(x) {
			x = 1
		}
	case 9:
		k := float64(1 + r.IntN(1<<20))
		x = float64(k * (math.Pi / 2))
		for n := r.IntN(9) - 4; n != 0; {
			if n > 0 {
				x, n = math.Nextafter(x, math.Inf(1)), n-1
			} else {
				x, n = math.Nextafter(x, 0), n+1
			}
		}
	}
	if r.IntN(2) == 0 {
		x = -x
	}
	return x
}

type trigStats struct {
	n, sinBad, cosBad, slow int
	sinMax, cosMax, kerMax  float64
	goSinMax, goCosMax      float64
	worstSin, worstCos      float64
}

func TestSinCosRandom(t *testing.T) {
	n := trSweepN()
	res := trParallel(n, func(i int, a *trigStats) {
		r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
		x := randTrigArg(r)
		rs, rc := trRefSinCos(x)
		s, c := Sin(x), Cos(x)
		a.n++
		if u := trUlpErr(s, rs); u != 0 {
			a.sinBad++
			if u > a.sinMax {
				a.sinMax, a.worstSin = u, x
			}
		}
		if u := trUlpErr(c, rc); u != 0 {
			a.cosBad++
			if u > a.cosMax {
				a.cosMax, a.worstCos = u, x
			}
		}
		a.goSinMax = max(a.goSinMax, trUlpErr(math.Sin(x), rs))
		a.goCosMax = max(a.goCosMax, trUlpErr(math.Cos(x), rc))
		ax := math.Abs(x)
		if ax >= 0x1p-26 {
			k, rh, rl, errR := trigReduce(ax)
			for q, ref := range []*big.Float{rs, rc} {
				hi, lo := sinCosKernel(k+uint64(q), rh, rl)
				if q == 0 && x < 0 {
					hi, lo = -hi, -lo
				}
				if _, ok := trRound(hi, lo, float64(trigRel*math.Abs(hi))+errR); !ok {
					a.slow++
				}
				if errR < 0x1p-90 {
					a.kerMax = max(a.kerMax, trRelErr(hi, lo, ref))
				}
			}
		}
	})
	var tot trigStats
	for _, a := range res {
		tot.n += a.n
		tot.sinBad += a.sinBad
		tot.cosBad += a.cosBad
		tot.slow += a.slow
		if a.sinMax > tot.sinMax {
			tot.sinMax, tot.worstSin = a.sinMax, a.worstSin
		}
		if a.cosMax > tot.cosMax {
			tot.cosMax, tot.worstCos = a.cosMax, a.worstCos
		}
		tot.kerMax = max(tot.kerMax, a.kerMax)
		tot.goSinMax = max(tot.goSinMax, a.goSinMax)
		tot.goCosMax = max(tot.goCosMax, a.goCosMax)
	}
	t.Logf("%d inputs: kernel error up to 2^%.1f (bound 2^%.0f), %d of %d evaluations to math/big; math.Sin up to %.3g ulp, math.Cos %.3g",
		tot.n, math.Log2(tot.kerMax), math.Log2(trigRel), tot.slow, 2*tot.n, tot.goSinMax, tot.goCosMax)
	if tot.sinBad != 0 || tot.cosBad != 0 {
		t.Errorf("not correctly rounded: Sin %d (worst %.3g ulp at %v), Cos %d (worst %.3g ulp at %v)",
			tot.sinBad, tot.sinMax, tot.worstSin, tot.cosBad, tot.cosMax, tot.worstCos)
	}
	if tot.kerMax > trigRel/8 {
		t.Errorf("kernel error 2^%.1f leaves less than a factor 8 to the bound 2^%.0f", math.Log2(tot.kerMax), math.Log2(trigRel))
	}
}

// TestTrigConstants checks the π/2 pieces against the reference π: the
// first three short enough for exact products with k < 2^20, all four
// within 2^-150 of π/2, and the double-double π/2 within 2^-106.
func TestTrigConstants(t *testing.T) {
	pio2 := new(big.Float).SetPrec(trRefQmax).SetInt(trRefPio2)
	pio2.SetMantExp(pio2, -trRefQmax)
	sum := new(big.Float).SetPrec(trRefQmax)
	for i, p := range []float64{pio2P1, pio2P2, pio2P3, pio2P4} {
		if i < 3 && 53-bits.TrailingZeros64(math.Float64bits(p)|1<<52) > 33 {
			t.Errorf("piece %d = %x has more than 33 bits", i+1, p)
		}
		sum.Add(sum, new(big.Float).SetFloat64(p))
	}
	d := new(big.Float).Sub(pio2, sum)
	if f, _ := d.Float64(); math.Abs(f) > 0x1p-150 {
		t.Errorf("pieces miss π/2 by %g", f)
	}
	d.SetFloat64(pio2Hi).Add(d, new(big.Float).SetFloat64(pio2Lo)).Sub(pio2, d)
	if f, _ := d.Float64(); math.Abs(f) > 0x1p-106 {
		t.Errorf("pio2Hi+pio2Lo misses π/2 by %g", f)
	}
	if f, _ := pio2.Float64(); f != pio2Hi || float64(f/2) != piOver4 {
		t.Errorf("pio2Hi = %x, π/2 = %x", pio2Hi, f)
	}
	ref := new(big.Float).SetPrec(200).Quo(big.NewFloat(1), pio2)
	if f, _ := ref.Float64(); f != twoOverPi {
		t.Errorf("twoOverPi = %x, want %x", twoOverPi, f)
	}
	// The table of 2/π's bits against the reference.
	w := twoOverPiWords()
	z := new(big.Float).SetPrec(trRefQmax).Quo(big.NewFloat(1), pio2)
	z.SetMantExp(z, 64*23)
	zi, _ := z.Int(nil)
	for i := 23; i >= 1; i-- {
		if w[i] != zi.Uint64() {
			t.Errorf("2/π word %d: %#x, want %#x", i, w[i], zi.Uint64())
		}
		zi.Rsh(zi, 64)
	}
	// The sine and cosine table against the reference.
	for j, e := range trigTab {
		s, c := trRefSinCos(float64(j) / 256)
		if f := 0.0; j > 0 && func() bool { f = trRelErr(e.sh, e.sl, s); return f > 0x1p-104 }() {
			t.Errorf("sin(%d/256) table off by 2^%.1f", j, math.Log2(f))
		}
		if f := trRelErr(e.ch, e.cl, c); f > 0x1p-104 {
			t.Errorf("cos(%d/256) table off by 2^%.1f", j, math.Log2(f))
		}
	}
}

// TestSlowPaths runs the math/big fallbacks on their own, from guesses a
// few ulps off for Hypot and Cbrt, against the references.
func TestSlowPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		x := randTrigArg(r)
		s, c := trRefSinCos(math.Abs(x))
		if y := trigSlow(math.Abs(x), false); trUlpErr(y, s) != 0 {
			t.Errorf("trigSlow(%v, sin) = %v, %.3g ulp off", x, y, trUlpErr(y, s))
		}
		if y := trigSlow(math.Abs(x), true); trUlpErr(y, c) != 0 {
			t.Errorf("trigSlow(%v, cos) = %v, %.3g ulp off", x, y, trUlpErr(y, c))
		}
		p, q := trRandHypot(r)
		p, q = math.Abs(p), math.Abs(q)
		if p < q {
			p, q = q, p
		}
		if q != 0 && math.Ilogb(p)-math.Ilogb(q) <= 60 {
			g := math.Hypot(p, q)
			for range i % 5 {
				g = math.Nextafter(g, 0)
			}
			if y := hypotSlow(p, q, g); !trIsNearest(y, trHypotCmp(p, q)) {
				t.Errorf("hypotSlow(%v, %v) = %v, not the nearest", p, q, y)
			}
		}
		mm := 1 + float64(r.Float64()*7)
		g := math.Cbrt(mm)
		for range i % 5 {
			g = math.Nextafter(g, 3)
		}
		if y := cbrtSlow(mm, g); !trIsNearest(y, trCbrtCmp(mm)) {
			t.Errorf("cbrtSlow(%v) = %v, not the nearest", mm, y)
		}
	}
}
