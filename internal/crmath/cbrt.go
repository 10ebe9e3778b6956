package crmath

import (
	"math"
	"math/big"
)

// Cbrt returns the cube root of x, correctly rounded, with math.Cbrt's
// special cases: Cbrt(±0) = ±0, Cbrt(±Inf) = ±Inf, Cbrt(NaN) = NaN.
func Cbrt(x float64) float64 {
	if x == 0 || x != x || math.IsInf(x, 0) {
		return x
	}
	b := math.Float64bits(x)
	sign := b & (1 << 63)
	b &^= sign
	e := int(b >> 52)
	if e == 0 {
		// Subnormal: scale by 2^54 to normalize.
		b = math.Float64bits(float64(math.Float64frombits(b) * 0x1p54))
		e = int(b>>52) - 54
	}
	e -= 1023
	// x = m·2^(3q+r), m in [1, 2), r in {0, 1, 2}; mm = m·2^r in [1, 8).
	q := e / 3
	if e%3 < 0 {
		q--
	}
	r := e - 3*q
	mm := math.Float64frombits(uint64(1023+r)<<52 | b&(1<<52-1))
	// A line through the ends of [1, 8), then three of Halley's steps,
	// which triple the correct bits each: 2^-3 -> 2^-9 -> 2^-27 -> 2^-53.
	y := float64(mm*(1.0/7)) + 6.0/7
	for range 3 {
		y3 := float64(float64(y*y) * y)
		y = float64(y*(y3+float64(2*mm))) / (float64(2*y3) + mm)
	}
	// One Newton step on the exact residual mm - y³, in double-double.
	a, ae := crTwoProd(y, y)
	c, ce := crTwoProd(a, y)
	ce += float64(ae * y)
	d := (mm - c) - ce
	corr := d / float64(3*a)
	z, ok := trRound(y, corr, float64(0x1p-98*y))
	if !ok {
		z = cbrtSlow(mm, z)
	}
	z = float64(z * math.Float64frombits(uint64(1023+q)<<52))
	return math.Float64frombits(math.Float64bits(z) | sign)
}

// cbrtSlow returns the float64 nearest the cube root of mm in [1, 8),
// from g, by exact cubes of the rounding boundaries (a cube root of a
// double is never a midpoint).
func cbrtSlow(mm, g float64) float64 {
	v := new(big.Float).SetFloat64(mm)
	return bracket(g, func(mid *big.Float) int {
		m := new(big.Float).SetPrec(200).Mul(mid, mid)
		m.Mul(m, mid)
		return m.Cmp(v)
	})
}
