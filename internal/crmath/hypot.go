package crmath

import (
	"math"
	"math/big"
)

// Hypot returns sqrt(p*p + q*q), correctly rounded, without undue overflow
// or underflow, with math.Hypot's special cases: Hypot(±Inf, q) and
// Hypot(p, ±Inf) are +Inf, otherwise a NaN argument gives NaN.
func Hypot(p, q float64) float64 {
	p, q = math.Abs(p), math.Abs(q)
	if p > math.MaxFloat64 || q > math.MaxFloat64 {
		return math.Inf(1)
	}
	if p != p || q != q {
		return math.NaN()
	}
	if p < q {
		p, q = q, p
	}
	if q == 0 {
		return p
	}
	ep := int(math.Float64bits(p)>>52) - 1023
	eq := int(math.Float64bits(q)>>52) - 1023
	if ep-eq > 60 {
		// q²/p² < 2^-118: p·sqrt(1+q²/p²) is within a tiny part of an ulp of p.
		return p
	}
	if ep < -1020 {
		// Subnormal results would be rounded twice by scaling back.
		g := math.Ldexp(Hypot(math.Ldexp(p, 600), math.Ldexp(q, 600)), -600)
		return hypotSlow(p, q, g)
	}
	ps, qs := p, q
	var up float64
	if ep < 1000 {
		ps = float64(p * math.Float64frombits(uint64(1023-ep)<<52))
		qs = float64(q * math.Float64frombits(uint64(1023-ep)<<52))
		up = math.Float64frombits(uint64(1023+ep) << 52)
	} else {
		ps, qs = math.Ldexp(p, -ep), math.Ldexp(q, -ep)
	}
	// ps in [1, 2): s = ps² + qs² as a double-double, then one Newton step
	// from the correctly rounded square root of its high part.
	a, ae := crTwoProd(ps, ps)
	b, be := crTwoProd(qs, qs)
	sh, sl := trTwoSum(a, b)
	sh, sl = trFastTwoSum(sh, sl+(ae+be))
	y0 := math.Sqrt(sh)
	y2, y2e := crTwoProd(y0, y0)
	d := ((sh - y2) - y2e) + sl
	corr := d / float64(2*y0)
	y, ok := trRound(y0, corr, float64(0x1p-98*y0))
	if ep < 1000 {
		y = float64(y * up)
	} else {
		y = math.Ldexp(y, ep)
	}
	if !ok {
		return hypotSlow(p, q, y)
	}
	return y
}

// hypotSlow returns the float64 nearest sqrt(p²+q²), starting from g
// (within a few ulps), by comparing the squares of the rounding boundaries
// around it with p²+q², all exact in math/big; a tie goes to the even one.
func hypotSlow(p, q, g float64) float64 {
	const prec = 400 // p² + q² is exact: p and q are within 2^61 of each other
	s := new(big.Float).SetPrec(prec).SetFloat64(p)
	s.Mul(s, s)
	t := new(big.Float).SetPrec(prec).SetFloat64(q)
	t.Mul(t, t)
	s.Add(s, t)
	return bracket(g, func(mid *big.Float) int {
		m := new(big.Float).SetPrec(prec).Mul(mid, mid)
		return m.Cmp(s)
	})
}

// bracket moves g until the true value lies between the midpoints to its
// neighbours; cmp(mid) tells whether mid lies above (+1), below (-1) or
// exactly at (0) the true value, with f increasing.
func bracket(g float64, cmp func(mid *big.Float) int) float64 {
	g = min(g, math.MaxFloat64)
	for {
		up := math.Nextafter(g, math.Inf(1))
		hi := new(big.Float).SetPrec(60).SetFloat64(g)
		if math.IsInf(up, 0) {
			hi.SetMantExp(big.NewFloat(1), 1024)
			hi.Sub(hi, new(big.Float).SetFloat64(math.MaxFloat64))
			hi.Quo(hi, big.NewFloat(2))
			hi.Add(hi, new(big.Float).SetFloat64(g))
		} else {
			hi.Add(hi, new(big.Float).SetFloat64(up)).Quo(hi, big.NewFloat(2))
		}
		switch c := cmp(hi); {
		case c < 0, c == 0 && math.Float64bits(g)&1 != 0:
			if math.IsInf(up, 0) {
				return up
			}
			g = up
			continue
		}
		dn := math.Nextafter(g, 0)
		lo := new(big.Float).SetPrec(60).SetFloat64(g)
		lo.Add(lo, new(big.Float).SetFloat64(dn)).Quo(lo, big.NewFloat(2))
		switch c := cmp(lo); {
		case c > 0, c == 0 && math.Float64bits(g)&1 != 0:
			g = dn
			continue
		}
		return g
	}
}
