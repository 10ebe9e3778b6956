package crmath

import (
	"math"
	"math/big"
)

const (
	expm1Tiny   = 0x1p-7 // below, the series; above, Exp's reduction
	expm1NegOne = -37.5  // e**x < 2^-54 below: e**x - 1 rounds to -1
)

// Taylor coefficients 1/n!, n = 3..8, for the series path.
const (
	em1C3 = 0x1.5555555555555p-03
	em1C4 = 0x1.5555555555555p-05
	em1C5 = 0x1.1111111111111p-07
	em1C6 = 0x1.6c16c16c16c17p-10
	em1C7 = 0x1.a01a01a01a01ap-13
	em1C8 = 0x1.a01a01a01a01ap-16
)

// Expm1 returns e**x - 1 correctly rounded.
func Expm1(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case ax < 0x1p-54 || x != x: // e**x - 1 = x(1 + x/2 + ...) rounds to x
		return x
	case ax < expm1Tiny:
		hi, lo, err := expm1Series(x)
		if y, ok := ddRound(hi, lo, err); ok {
			return y
		}
		if ax > 0x1p-20 { // where expm1Acc's absolute bound is relatively small
			hi, lo, err = expm1Acc(x)
			if y, ok := ddRound(hi, lo, err); ok {
				return y
			}
		}
		return expm1Slow(x)
	case x < expm1NegOne:
		return -1
	case x > expMax:
		return math.Inf(1)
	case x >= expFast:
		return expm1Slow(x)
	}
	hi, lo, err := expm1Core(x)
	if y, ok := ddRound(hi, lo, err); ok {
		return y
	}
	hi, lo, err = expm1Acc(x)
	if y, ok := ddRound(hi, lo, err); ok {
		return y
	}
	return expm1Slow(x)
}

// expm1Series returns hi+lo = e**x - 1 within err for |x| < expm1Tiny:
// x + x²/2 exactly, the rest by Taylor to x^8. The error is the rounding
// of x³*p (a few ulps of |x|³/6) plus the truncation, |x|^9/9! < 2^-74.5|x|.
func expm1Series(x float64) (hi, lo, err float64) {
	x2, x2l := crSquare(x)
	p := em1C7 + float64(x*em1C8)
	p = em1C6 + float64(x*p)
	p = em1C5 + float64(x*p)
	p = em1C4 + float64(x*p)
	p = em1C3 + float64(x*p)
	hi, t := crFastTwoSum(x, float64(0.5*x2))
	lo = t + (float64(0.5*x2l) + float64(float64(x2*x)*p))
	ax := math.Abs(x)
	return hi, lo, float64(ax * (0x1p-74 + float64(x2*0x1p-52)))
}

// expm1CoreErr is expErr plus the rounding of lo (|lo| < 2^-18 * 2^e).
const expm1CoreErr = expErr + 0x1p-71

// expm1Core returns hi+lo = e**x - 1 within err, for expm1Tiny <= |x| < expFast,
// from the fast path of Exp.
func expm1Core(x float64) (hi, lo, err float64) {
	s, rest, e := expCore(x)
	sc := math.Float64frombits(uint64(e+1023) << 52)
	hi, t := crTwoSum(float64(s*sc), -1)
	lo = t + float64(rest*sc)
	hi, lo = crFastTwoSum(hi, lo) // normalized, as ddDiv wants
	return hi, lo, float64(sc * expm1CoreErr)
}

func expm1Acc(x float64) (hi, lo, err float64) {
	h, l, e := expAccDD(x)
	sc := math.Float64frombits(uint64(e+1023) << 52)
	hi, t := crTwoSum(float64(h*sc), -1)
	lo = t + float64(l*sc)
	hi, lo = crFastTwoSum(hi, lo)
	return hi, lo, float64(sc * (expAccErr + 0x1p-104))
}

func expm1Slow(x float64) float64 {
	bx := new(big.Float).SetFloat64(x)
	return zivRound(func(w uint) *big.Float { return bigExpm1(bx, w) })
}

const tanhOne = 19.1 // 1 - tanh(x) < 2^-54 above: tanh rounds to ±1

// Tanh returns the hyperbolic tangent of x correctly rounded.
func Tanh(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case ax < 0x1.4p-27 || x != x: // tanh(x) = x(1 - x²/3 + ...) rounds to x
		return x
	case ax > tanhOne:
		return math.Copysign(1, x)
	case ax < tanhSmall:
		hi, lo, err := tanhSeries(ax)
		if y, ok := ddRound(hi, lo, err); ok {
			return math.Copysign(y, x)
		}
		return tanhHard(x)
	}
	// tanh = E/(E+2) with E = e**2|x| - 1 >= 0; the relative error of E
	// passes on damped by 2/(E+2) <= 1, so |error| <= errE/(E+2). With
	// errE = 2^e*c that is at most c/2 for e = 0 and c/0.99 above, as
	// E+2 >= 0.99*2^e.
	eh, el, errE := expm1Core(2 * ax)
	dh, dl := crTwoSum(2, eh)
	dl += el
	qh, ql := ddDiv(eh, el, dh, dl)
	if y, ok := ddRound(qh, ql, tanhErr(errE, expm1CoreErr)+float64(qh*0x1p-100)); ok {
		return math.Copysign(y, x)
	}
	return tanhHard(x)
}

// tanhErr bounds errE/(E+2) for errE = 2^e*c.
func tanhErr(errE, c float64) float64 {
	if errE > c {
		return 1.0102 * c
	}
	return 0.5 * errE
}

const tanhSmall = 0x1p-7

// Taylor coefficients of tanh: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835; the
// next term is below 2^-76 |x| for |x| < tanhSmall.
const (
	tanhC3 = -0x1.5555555555555p-02
	tanhC5 = 0x1.1111111111111p-03
	tanhC7 = -0x1.ba1ba1ba1ba1cp-05
	tanhC9 = 0x1.664f4882c10fap-06
)

// tanhSeries returns x + lo and the error bound: the truncation plus a few
// ulps of |lo| < x³/3.
func tanhSeries(x float64) (hi, lo, err float64) {
	x2 := float64(x * x)
	p := tanhC3 + float64(x2*(tanhC5+float64(x2*(tanhC7+float64(x2*tanhC9)))))
	lo = float64(float64(x2*x) * p)
	return x, lo, float64(x * (0x1p-75 + float64(x2*0x1p-51)))
}

// tanhHard is Tanh by the accurate paths.
func tanhHard(x float64) float64 {
	ax := math.Abs(x)
	if ax >= 0x1p-20 {
		eh, el, errE := expm1Acc(2 * ax)
		dh, dl := crTwoSum(2, eh)
		dl += el
		qh, ql := ddDiv(eh, el, dh, dl)
		if y, ok := ddRound(qh, ql, tanhErr(errE, expAccErr+0x1p-104)+float64(qh*0x1p-100)); ok {
			return math.Copysign(y, x)
		}
	}
	return tanhSlow(x)
}

func tanhSlow(x float64) float64 {
	bx := new(big.Float).SetFloat64(2 * math.Abs(x))
	y := zivRound(func(w uint) *big.Float {
		e := bigExpm1(bx, w+4)
		d := bfNew(e.Prec()).Add(e, big.NewFloat(2))
		return e.Quo(e, d)
	})
	return math.Copysign(y, x)
}
