package crmath

import (
	"math"
	"math/big"
	"sync"
)

// The slow paths: Ziv's strategy in math/big. Each function below returns
// an approximation with relative error below 2^-w; ziv raises w until the
// rounding to float64 is decided. They are only reached when a fast path's
// error bound straddles a rounding boundary, or for rare arguments.

var ln2Cache struct {
	sync.Mutex
	v *big.Float
}

func bfNew(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

// bigLn2 returns ln 2 with at least prec correct bits.
func bigLn2(prec uint) *big.Float {
	ln2Cache.Lock()
	defer ln2Cache.Unlock()
	if ln2Cache.v == nil || ln2Cache.v.Prec() < prec+16 {
		p := max(2*prec, 512)
		third := bfNew(p).Quo(big.NewFloat(1), big.NewFloat(3))
		v := atanhSeries(third, p)
		ln2Cache.v = v.Mul(v, big.NewFloat(2))
	}
	return ln2Cache.v
}

// atanhSeries returns atanh(u) for |u| <= 1/2 with relative error about
// 2^-(p-4): the terms shrink geometrically and all have u's sign.
func atanhSeries(u *big.Float, p uint) *big.Float {
	sum := bfNew(p).Set(u)
	if u.Sign() == 0 {
		return sum
	}
	u2 := bfNew(p).Mul(u, u)
	pow := bfNew(p).Set(u)
	term := bfNew(p)
	k := bfNew(p)
	limit := u.MantExp(nil) - int(p) - 4
	for n := int64(3); ; n += 2 {
		pow.Mul(pow, u2)
		term.Quo(pow, k.SetInt64(n))
		sum.Add(sum, term)
		if term.MantExp(nil) < limit {
			return sum
		}
	}
}

// bigExp returns e**x with relative error below 2^-w, for |x| < 2^11.
func bigExp(x *big.Float, w uint) *big.Float {
	const halvings = 12
	p := w + halvings + 40
	xf, _ := x.Float64()
	k := math.Round(xf / math.Ln2)
	r := bfNew(p).Mul(bigLn2(p), new(big.Float).SetFloat64(k))
	r.Sub(bfNew(p).Set(x), r)
	r.SetMantExp(r, -halvings)
	// Taylor series of e**r - 1 for |r| < 2^-12; the -1 keeps the squarings
	// below exact in relative terms: (1+s)^2 - 1 = s*(2+s).
	sum := bfNew(p).Set(r)
	term := bfNew(p).Set(r)
	n := bfNew(p)
	if r.Sign() != 0 {
		limit := r.MantExp(nil) - int(p) - 4
		for i := int64(2); ; i++ {
			term.Mul(term, r)
			term.Quo(term, n.SetInt64(i))
			sum.Add(sum, term)
			if term.Sign() == 0 || term.MantExp(nil) < limit {
				break
			}
		}
	}
	two := big.NewFloat(2)
	tmp := bfNew(p)
	for i := 0; i < halvings; i++ {
		tmp.Add(sum, two)
		sum.Mul(sum, tmp)
	}
	sum.Add(sum, big.NewFloat(1))
	return sum.SetMantExp(sum, int(k))
}

// bigExpm1 returns e**x - 1 with relative error below 2^-w, for |x| < 2^11.
func bigExpm1(x *big.Float, w uint) *big.Float {
	if x.Sign() == 0 {
		return bfNew(w)
	}
	if x.MantExp(nil) > -1 { // |x| >= 1/2: e**x - 1 has no cancellation
		v := bigExp(x, w+4)
		return v.Sub(v, big.NewFloat(1))
	}
	p := w + 40
	sum := bfNew(p).Set(x)
	term := bfNew(p).Set(x)
	n := bfNew(p)
	limit := x.MantExp(nil) - int(p) - 4
	for i := int64(2); ; i++ {
		term.Mul(term, x)
		term.Quo(term, n.SetInt64(i))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < limit {
			return sum
		}
	}
}

// bigLog returns log(x) with relative error below 2^-w, for x > 0, x != 1.
func bigLog(x *big.Float, w uint) *big.Float {
	p := w + 40
	m := bfNew(p).Set(x)
	e := m.MantExp(m) // m in [1/2, 1)
	if m.Cmp(big.NewFloat(0.75)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	// m in [3/4, 3/2): log(m) = 2*atanh((m-1)/(m+1)) with m-1 exact.
	d := bfNew(p).Sub(m, big.NewFloat(1))
	den := bfNew(p).Add(m, big.NewFloat(1))
	u := bfNew(p).Quo(d, den)
	l := atanhSeries(u, p)
	l.SetMantExp(l, 1)
	if e != 0 {
		l.Add(l, bfNew(p).Mul(bigLn2(p+12), new(big.Float).SetInt64(int64(e))))
	}
	return l
}

// ziv returns f's value rounded to float64: f(w) must be within a relative
// 2^-w of a value that is not itself a float64 or a midpoint between two.
func zivRound(f func(w uint) *big.Float) float64 {
	for w := uint(128); ; w *= 2 {
		z := f(w)
		if z.Sign() == 0 {
			return 0
		}
		d := bfNew(z.Prec()).SetMantExp(z, -int(w))
		d.Abs(d)
		lo := bfNew(z.Prec()+w+4).Sub(z, d)
		hi := bfNew(z.Prec()+w+4).Add(z, d)
		a, _ := lo.Float64()
		b, _ := hi.Float64()
		if a == b {
			return a
		}
	}
}

func expSlow(x float64) float64 {
	bx := new(big.Float).SetFloat64(x)
	return zivRound(func(w uint) *big.Float { return bigExp(bx, w) })
}
