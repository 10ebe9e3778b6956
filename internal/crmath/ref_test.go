package crmath

import (
	"flag"
	"math"
	"math/big"
	"runtime"
	"sync"
	"testing"
)

// The reference: elementary functions in math/big, written independently
// of the package's own slow paths (a 1024-entry table, a different series,
// Newton's method for log).

var crmathLong = flag.Bool("crmath.long", false, "run the long random sweeps (tens of millions of inputs)")

// e**x = 2^(k/2^16) * e**r, |r| <= 2^-17.5, 2^(k/2^16) from two tables of
// 2^(i/256) and 2^(j/2^16).
const refTabBits = 16

var ref struct {
	once sync.Once
	ln2  *big.Float
	ln10 *big.Float
	tab1 [256]*big.Float // 2^(i/256)
	tab2 [256]*big.Float // 2^(j/2^16)
	inv  []*big.Float    // 1/n!
	// the same rounded to the working precisions of refEval, which keeps
	// the big.Float operations short
	at map[uint]*refConsts
}

// refConsts holds the constants as fixed-point integers scaled by 2^frac.
type refConsts struct {
	frac       uint
	tab1, tab2 []*big.Int
	inv        []*big.Int
	step       *big.Int // ln2/2^16
}

func refInit() {
	ref.once.Do(func() {
		const p = 400
		nf := func() *big.Float { return new(big.Float).SetPrec(p) }
		// atanh(1/u) = sum 1/((2k+1) u^(2k+1)); ln2 = 2 atanh(1/3), ln(5/4) = 2 atanh(1/9).
		atanhInv := func(u int64) *big.Float {
			sum := nf()
			pow := nf().Quo(big.NewFloat(1), nf().SetInt64(u))
			u2 := nf().SetInt64(u * u)
			for k := int64(1); pow.MantExp(nil) > -p-20; k += 2 {
				sum.Add(sum, nf().Quo(pow, nf().SetInt64(k)))
				pow.Quo(pow, u2)
			}
			return sum.Mul(sum, big.NewFloat(2))
		}
		ref.ln2 = atanhInv(3)
		ref.ln10 = nf().Mul(ref.ln2, big.NewFloat(3))
		ref.ln10.Add(ref.ln10, atanhInv(9))
		powers := func(tab *[256]*big.Float, roots int) {
			root := nf().SetInt64(2)
			for i := 0; i < roots; i++ {
				root.Sqrt(root)
			}
			v := nf().SetInt64(1)
			for j := range tab {
				tab[j] = nf().Set(v)
				v.Mul(v, root)
			}
		}
		powers(&ref.tab1, 8)
		powers(&ref.tab2, 16)
		f := nf().SetInt64(1)
		for n := 0; n < 40; n++ {
			if n > 0 {
				f.Quo(f, nf().SetInt64(int64(n)))
			}
			ref.inv = append(ref.inv, nf().Set(f))
		}
		ref.at = map[uint]*refConsts{}
		fix := func(v *big.Float, frac uint) *big.Int {
			i, _ := new(big.Float).SetMantExp(v, int(frac)).Int(nil)
			return i
		}
		for _, q := range []uint{128, 320} {
			f := q + 60
			c := &refConsts{frac: f, step: fix(nf().SetMantExp(ref.ln2, -refTabBits), f)}
			for j := range ref.tab1 {
				c.tab1 = append(c.tab1, fix(ref.tab1[j], f))
				c.tab2 = append(c.tab2, fix(ref.tab2[j], f))
			}
			for _, v := range ref.inv {
				c.inv = append(c.inv, fix(v, f))
			}
			ref.at[q] = c
		}
	})
}

// refExp returns e**x to about prec bits, prec 128 or 320, for |x| < 2^25,
// in fixed point with 60 guard bits.
func refExp(x *big.Float, prec uint) *big.Float {
	refInit()
	c := ref.at[prec]
	f := c.frac
	xf, _ := x.Float64()
	k := int64(math.Round(xf * (1 << refTabBits) / math.Ln2))
	r, _ := new(big.Float).SetMantExp(x, int(f)).Int(nil)
	tmp := new(big.Int).Mul(c.step, big.NewInt(k))
	r.Sub(r, tmp) // |r| <= 2^-17.5 * 2^f
	// Horner on 1/n! until r^n/n! < 2^-f.
	n := 1
	for lg := 0.0; n < len(c.inv)-1; n++ {
		lg += math.Log2(float64(n))
		if float64(n)*17.4+lg > float64(f) {
			break
		}
	}
	sum := new(big.Int).Set(c.inv[n])
	for i := n - 1; i >= 0; i-- {
		tmp.Mul(sum, r)
		sum.Rsh(tmp, f)
		sum.Add(sum, c.inv[i])
	}
	j := k & (1<<refTabBits - 1)
	tmp.Mul(sum, c.tab1[j>>8])
	sum.Rsh(tmp, f)
	tmp.Mul(sum, c.tab2[j&255])
	v := new(big.Float).SetInt(tmp)
	return v.SetMantExp(v, int((k-j)>>refTabBits)-2*int(f))
}

// refExpm1 returns e**x - 1 to about prec bits: for |x| < 1/2 from the
// series x + x²/2! + ... (no cancellation), else from refExp.
func refExpm1(x *big.Float, prec uint) *big.Float {
	if x.MantExp(nil) > -1 {
		v := refExp(x, prec)
		return v.Sub(v, big.NewFloat(1))
	}
	p := prec + 24
	sum := new(big.Float).SetPrec(p).Set(x)
	term := new(big.Float).SetPrec(p).Set(x)
	n := new(big.Float).SetPrec(p)
	lim := x.MantExp(nil) - int(p)
	for i := int64(2); term.Sign() != 0 && term.MantExp(nil) > lim; i++ {
		term.Mul(term, x)
		term.Quo(term, n.SetInt64(i))
		sum.Add(sum, term)
	}
	return sum
}

// refLog returns log(x) to about prec bits for x > 0 by Newton's method on
// refExp: l += d - d²/2 with d = x*e**-l - 1 triples the correct bits.
func refLog(x *big.Float, prec uint) *big.Float {
	p := prec + 24
	xf, _ := x.Float64()
	if xf == 1 && x.Cmp(big.NewFloat(1)) == 0 {
		return new(big.Float)
	}
	var l *big.Float
	if xf > 0 && xf <= math.MaxFloat64 && xf >= 0x1p-1022 {
		l = new(big.Float).SetPrec(p).SetFloat64(math.Log(xf))
	} else {
		mant := new(big.Float)
		e := x.MantExp(mant)
		mf, _ := mant.Float64()
		l = new(big.Float).SetPrec(p).SetFloat64(math.Log(mf) + float64(e)*math.Ln2)
	}
	for {
		neg := new(big.Float).SetPrec(p).Neg(l)
		d := refExp(neg, prec)
		d.Mul(d, x)
		d.Sub(d, big.NewFloat(1))
		d2 := new(big.Float).SetPrec(p).Mul(d, d)
		small := d.Sign() == 0 || 3*d.MantExp(nil) < -int(prec)-16 // the new error is below |d|^3/3
		d.Sub(d, d2.SetMantExp(d2, -1))
		l.Add(l, d)
		if small {
			return l
		}
	}
}

// refRound rounds v (relative error below 2^-(prec-40)) to float64, and
// says whether that rounding is certain at this precision.
func refRound(v *big.Float, prec uint) (float64, bool) {
	if v.Sign() == 0 || v.IsInf() {
		f, _ := v.Float64()
		return f, true
	}
	w := prec - 40
	d := new(big.Float).SetMantExp(v, -int(w))
	d.Abs(d)
	lo := new(big.Float).SetPrec(v.Prec()+w+8).Sub(v, d)
	hi := new(big.Float).SetPrec(v.Prec()+w+8).Add(v, d)
	a, _ := lo.Float64()
	b, _ := hi.Float64()
	return a, a == b
}

// refEval returns f's correctly rounded value: f(prec) must approximate it
// to about prec bits; the precision grows until the rounding is certain.
func refEval(t testing.TB, f func(prec uint) *big.Float) float64 {
	for _, p := range []uint{128, 320} {
		if y, ok := refRound(f(p), p); ok {
			return y
		}
	}
	t.Fatalf("reference cannot decide the rounding at 320 bits")
	return 0
}

func bf(x float64) *big.Float { return new(big.Float).SetFloat64(x) }

func refExpF(t testing.TB, x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 710:
		return math.Inf(1)
	case x < -746:
		return 0
	case x == 0:
		return 1
	}
	return refEval(t, func(p uint) *big.Float { return refExp(bf(x), p) })
}

func refLogF(t testing.TB, x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	return refEval(t, func(p uint) *big.Float { return refLog(bf(x), p) })
}

// sameFloat says whether a and b are the same float64, all NaNs alike.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
}

// ulpDiff returns the distance of a and b in units in the last place
// (representable numbers between them), for finite same-sign values.
func ulpDiff(a, b float64) float64 {
	if sameFloat(a, b) {
		return 0
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) || a != a || b != b {
		return math.Inf(1)
	}
	ord := func(f float64) int64 {
		u := int64(math.Float64bits(f))
		if u < 0 {
			u = math.MinInt64 - u
		}
		return u
	}
	d := ord(a) - ord(b)
	if d < 0 {
		d = -d
	}
	return float64(d)
}

// sweep checks got against want for every input in xs, spread over the
// CPUs; it returns how many differ and the largest difference in ulps.
func sweep(t *testing.T, xs []float64, got func(float64) float64, want func(testing.TB, float64) float64) (bad int, maxULP float64) {
	t.Helper()
	s := sweepVs(t, xs, got, nil, want)
	return s.bad, s.maxULP
}

type sweepStats struct {
	bad       int     // results of got not correctly rounded
	maxULP    float64 // their largest error
	mathBad   int     // likewise for the math package's function,
	mathMax   float64 // over normal inputs
	mathOff   int     // math's results more than 1 ulp off outside mathDomain
	mathApart float64 // the largest distance of got from math's, in mathDomain
}

// mathDomain says where the math package's functions are within about an
// ulp on this platform. On amd64, Go 1.26's assembly math.Log (and so
// Log10 and Pow) is far off for subnormal inputs (math.Log(5e-324) =
// -709.09, not -744.44), and its math.Exp overflows to +Inf already above
// 709.436139303104 (2^1023.5), not 709.782712893384.
func mathDomain(x float64) bool {
	return (x == 0 || math.Abs(x) >= 0x1p-1022) && !(runtime.GOARCH == "amd64" && x > 709.436139303104)
}

// sweepVs is sweep that also measures mathF, the math package's version,
// against the reference.
func sweepVs(t *testing.T, xs []float64, got, mathF func(float64) float64, want func(testing.TB, float64) float64) sweepStats {
	t.Helper()
	workers := runtime.GOMAXPROCS(0)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var all sweepStats
	for w := range workers {
		wg.Go(func() {
			var s sweepStats
			for i := w; i < len(xs); i += workers {
				x := xs[i]
				g, r := got(x), want(t, x)
				if !sameFloat(g, r) {
					s.bad++
					s.maxULP = max(s.maxULP, ulpDiff(g, r))
					if s.bad <= 5 {
						t.Errorf("f(%v [%#x]) = %v, want %v", x, math.Float64bits(x), g, r)
					}
				}
				if mathF != nil {
					m := mathF(x)
					if !sameFloat(m, r) {
						s.mathBad++
					}
					if !mathDomain(x) {
						if ulpDiff(m, r) > 1 {
							s.mathOff++
						}
					} else {
						s.mathMax = max(s.mathMax, ulpDiff(m, r))
						s.mathApart = max(s.mathApart, ulpDiff(m, g))
					}
				}
			}
			mu.Lock()
			all.bad += s.bad
			all.maxULP = max(all.maxULP, s.maxULP)
			all.mathBad += s.mathBad
			all.mathMax = max(all.mathMax, s.mathMax)
			all.mathOff += s.mathOff
			all.mathApart = max(all.mathApart, s.mathApart)
			mu.Unlock()
		})
	}
	wg.Wait()
	return all
}

// sweepReport runs sweepVs and logs the counts; the functions must agree
// with the math package's to within tol ulps (a sanity check of both) in
// mathDomain.
func sweepReport(t *testing.T, name string, xs []float64, got, mathF func(float64) float64, want func(testing.TB, float64) float64, tol float64) {
	t.Helper()
	s := sweepVs(t, xs, got, mathF, want)
	t.Logf("%s: %d inputs, %d not correctly rounded (max %v ulp); math.%s on %s: %d not correctly rounded (%.4f%%), max %v ulp in mathDomain, %d inputs outside it more than 1 ulp off",
		name, len(xs), s.bad, s.maxULP, name, runtime.GOARCH, s.mathBad, 100*float64(s.mathBad)/float64(len(xs)), s.mathMax, s.mathOff)
	if s.mathApart > tol {
		t.Errorf("%s and math.%s differ by %v ulp", name, name, s.mathApart)
	}
}
