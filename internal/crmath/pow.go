package crmath

import (
	"math"
	"math/big"
	"math/bits"
)

// 1/ln10 as a double-double.
const (
	invLn10Hi = 0x1.bcb7b1526e50ep-02
	invLn10Lo = 0x1.95355baaafad3p-57
)

// Log10 returns the decimal logarithm of x correctly rounded; exact powers
// of ten give exact integers.
func Log10(x float64) float64 {
	ix := math.Float64bits(x)
	e0 := 0
	if ix-0x0010000000000000 >= 0x7fe0000000000000 { // not positive, normal, finite
		if !(x > 0 && x < 0x1p-1022) {
			return logSpecial(x)
		}
		ix, e0 = math.Float64bits(x*0x1p52), -52
	}
	hi, lo := logCore(ix, e0)
	hi, lo = ddMul(hi, lo, invLn10Hi, invLn10Lo)
	if y, ok := ddRound(hi, lo, float64(math.Abs(hi)*(logErr+0x1p-100))); ok {
		return y
	}
	hi, lo = logAccDD(ix, e0)
	hi, lo = ddMul(hi, lo, invLn10Hi, invLn10Lo)
	if y, ok := ddRound(hi, lo, float64(math.Abs(hi)*(logAccErr+0x1p-100))); ok {
		return y
	}
	// Only 10^k, k = 0..22, have a rational log10 among the doubles; those are
	// decided above, but the big loop must never meet one.
	if k := math.Round(hi); k >= 0 && k <= 22 && math.Pow10(int(k)) == x {
		return k
	}
	return log10Slow(x)
}

func log10Slow(x float64) float64 {
	bx := new(big.Float).SetFloat64(x)
	return zivRound(func(w uint) *big.Float {
		l := bigLog(bx, w+4)
		return l.Quo(l, bigLog(big.NewFloat(10), w+4))
	})
}

// Pow returns x**y correctly rounded, with the special cases of math.Pow
// (those of C99 Annex F).
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 1:
		return x
	case x != x || y != y:
		return math.NaN()
	case x == 0:
		odd := isOddInt(y)
		switch {
		case y < 0 && odd:
			return math.Copysign(math.Inf(1), x)
		case y < 0:
			return math.Inf(1)
		case odd:
			return x
		}
		return 0
	case math.IsInf(y, 0):
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == (y > 0):
			return 0
		}
		return math.Inf(1)
	case math.IsInf(x, 0):
		if math.IsInf(x, -1) {
			return Pow(1/x, -y) // -0 with y negated
		}
		if y < 0 {
			return 0
		}
		return math.Inf(1)
	}
	neg := false
	if x < 0 {
		if math.Trunc(y) != y {
			return math.NaN()
		}
		neg = isOddInt(y)
		x = -x
	}
	r := powPositive(x, y)
	if neg {
		r = -r
	}
	return r
}

// isOddInt says whether y is an odd integer.
func isOddInt(y float64) bool {
	if math.Abs(y) >= 1<<53 {
		return false // even, or not an integer
	}
	return math.Trunc(y) == y && int64(y)&1 == 1
}

// powPositive returns x**y for finite x > 0, x != 1, finite y != 0.
func powPositive(x, y float64) float64 {
	ix, e0 := math.Float64bits(x), 0
	if x < 0x1p-1022 {
		ix, e0 = math.Float64bits(x*0x1p52), -52
	}
	// x**y = e**t, t = y*log(x) = th + tl with relative error about 2^-99.
	lh, ll := logAccDD(ix, e0)
	th, tl := crTwoProd(y, lh)
	th, tl = crFastTwoSum(th, tl+float64(y*ll))
	if !(math.Abs(th) < expFast) {
		return powHard(x, y, th)
	}
	// e**th * e**tl with e**tl = 1 + tl + tl²/2 (|tl| < 2^-43).
	h, l, e := expAccDD(th)
	ph, pl := ddMulD(h, l, tl+float64(0.5*tl*tl))
	h, l = ddAdd(h, l, ph, pl)
	err := float64(math.Abs(h) * (0x1p-94 + float64(math.Abs(th)*0x1p-95)))
	if r, ok := ddRound(h, l, err); ok {
		return math.Float64frombits(math.Float64bits(r) + uint64(e)<<52)
	}
	return powHard(x, y, th)
}

// powHard is powPositive for the rare cases: results beyond the normal
// range, exact or half-way results, and roundings the fast path left open.
func powHard(x, y, t float64) float64 {
	if r, ok := powExact(x, y); ok {
		return r
	}
	switch {
	case t > 710:
		return math.Inf(1)
	case t < -746:
		return 0
	}
	bx, by := new(big.Float).SetFloat64(x), new(big.Float).SetFloat64(y)
	return zivRound(func(w uint) *big.Float {
		l := bigLog(bx, w+64) // |y*log x| < 746: 10 bits lost at most
		l.Mul(l, by)
		return bigExp(l, w+4)
	})
}

// powExact returns x**y when it is a dyadic number of at most 54 bits
// (so either a double or half-way between two), the only values that
// Ziv's loop could not decide; x > 0, x != 1.
func powExact(x, y float64) (float64, bool) {
	mx, ex := oddMant(x)
	ny, ey := oddMant(y)
	if mx == 1 { // x = 2^ex: x**y = 2^(ex*y), exact when ex*y is an integer
		t := float64(ex) * y // exact unless |t| is far beyond the range
		switch {
		case t > 1100:
			return math.Inf(1), true
		case t < -1100:
			return 0, true
		case ey < 0 && (-ey > 63 || uint64(ex)&(1<<uint(-ey)-1) != 0):
			return 0, false
		}
		return math.Ldexp(1, int(t)), true
	}
	// mx >= 3, so a negative y gives no dyadic value, and y > 64 too many bits.
	if ny < 0 || y > 64 {
		return 0, false
	}
	root, shift := big.NewInt(mx), ex
	n := ny << max(ey, 0)
	if ey < 0 { // y = ny/2^k: mx must be a 2^k-th power and ex a multiple of 2^k
		k := -ey
		if k > 6 || ex&(1<<k-1) != 0 {
			return 0, false
		}
		for range k {
			r := new(big.Int).Sqrt(root)
			if new(big.Int).Mul(r, r).Cmp(root) != 0 {
				return 0, false
			}
			root = r
		}
		shift = ex >> k
	}
	v := new(big.Int).Exp(root, big.NewInt(n), nil)
	if v.BitLen() > 54 {
		return 0, false
	}
	f := new(big.Float).SetInt(v)
	r, _ := f.SetMantExp(f, shift*int(n)).Float64()
	return r, true
}

// oddMant returns m and e with |f| = m*2^e, m odd (f finite, nonzero); the
// sign goes to m as a factor -1 when f < 0.
func oddMant(f float64) (int64, int) {
	fr, e := math.Frexp(math.Abs(f))
	m := uint64(float64(fr * (1 << 53))) // exact; rounded so no CPU fuses the conversion's subtraction
	e -= 53
	tz := bits.TrailingZeros64(m)
	m >>= tz
	e += tz
	if f < 0 {
		return -int64(m), e
	}
	return int64(m), e
}
