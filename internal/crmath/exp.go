package crmath

import "math"

const (
	crShift    = 0x1.8p52              // adding it rounds a double below 2^51 to an integer
	crSplitter = 1<<27 + 1             // Veltkamp: x*crSplitter splits x into two 26-bit halves
	expMax     = 0x1.62e42fefa39efp+09 // largest x with exp(x) finite: 709.78...
	expMin     = -745.2                // exp(x) < 2^-1075 below, so it rounds to 0
	expFast    = 708.3                 // inside ±expFast the result is a normal number
)

// The fast path's polynomial: e**r - 1 - r ≈ r^2*(C2 + C3*r + C4*r^2 + C5*r^3),
// Taylor's to degree 6 with the r^6 term economized (Chebyshev) into the
// lower ones: error below 2^-70.6 for |r| <= ln2/512.
const (
	expC2 = 0x1.fffffffffffd1p-2
	expC3 = 0x1.5555555555555p-3
	expC4 = 0x1.555557621dbbcp-5
	expC5 = 0x1.1111111111111p-7
)

// expErr bounds the fast path's absolute error on s+rest in [0.99, 2.01]:
// the polynomial 2^-69.7, u's roundings 2^-70.1, those of th*u, of rest's
// sum and the dropped rl*rh 2^-72 each, the rest below 2^-74: 2^-68.2 in
// all (2^-70 seen), plus the rounding of rest±expErr.
const expErr = 0x1p-67

// Exp returns e**x correctly rounded.
func Exp(x float64) float64 {
	if !(math.Abs(x) < expFast) {
		return expSpecial(x)
	}
	s, rest, e := expCore(x)
	y := s + (rest - expErr)
	if y == s+(rest+expErr) {
		return math.Float64frombits(math.Float64bits(y) + uint64(e)<<52)
	}
	return expHard(x)
}

// expHard is Exp for the x whose fast path could not decide the rounding.
func expHard(x float64) float64 {
	if y, e, ok := expAcc(x); ok {
		return math.Float64frombits(math.Float64bits(y) + uint64(e)<<52)
	}
	return expSlow(x)
}

// expCore returns s, rest and e with e**x ≈ (s+rest)*2^e to within
// expErr*2^e, for |x| < expFast: s in [0.99, 2.01], |rest| < 2^-18.
func expCore(x float64) (s, rest float64, e int) {
	// x = k*ln2/256 + r, |r| <= ln2/512, k = 256*e + j.
	t := float64(x*expInvL) + crShift
	kd := t - crShift
	k := int(math.Float64bits(t) - math.Float64bits(crShift))
	a := x - float64(kd*expL1) // exact: kd*L1 is exact and close to x
	b := float64(kd * -expL2)
	rh := a + b
	rl := (a - rh) + b
	tab := &expTab[k&255]
	th, tl := tab[0], tab[1]
	rhh, rhl := crSplit(rh)
	r2 := float64(rh * rh)
	p := (expC2 + float64(rh*expC3)) + float64(r2*(expC4+float64(rh*expC5)))
	u := float64(r2*p) + rl // e**r - 1 = rh + u
	// 2^(j/256)*e**r = (th+tl)*(1+rh+u); th*rhh and th*rhl are exact
	// (26-bit factors), and so is the error e1 of th + th*rhh.
	p1 := float64(th * rhh)
	p2 := float64(th * rhl)
	s = th + p1
	e1 := (th - s) + p1
	rest = float64(th*u) + (tl + (p2 + (e1 + float64(tl*(rh+u)))))
	return s, rest, k >> 8
}

func expSpecial(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > expMax:
		return math.Inf(1)
	case x < expMin:
		return 0
	}
	s, rest, e := expCore(x)
	if x > 0 || e > -1022 {
		y := s + (rest - expErr)
		switch {
		case y != s+(rest+expErr):
			return expSlow(x)
		case x > 0: // y*2^e may overflow: scale in two steps, the last exact or +Inf
			return float64(y*math.Float64frombits(uint64(e-1+1023)<<52)) * 2
		}
		return math.Float64frombits(math.Float64bits(y) + uint64(e)<<52)
	}
	if e == -1022 && s >= 1.5 { // a normal result: y*2^e is exact
		y := s + (rest - expErr)
		if y != s+(rest+expErr) {
			return expSlow(x)
		}
		return math.Float64frombits(math.Float64bits(y) + uint64(e)<<52)
	}
	// The result (s+rest)*2^e is below 1.51*2^-1022 < 2^-1021, a multiple of
	// 2^-1074 once rounded. In those units, p = 1074+e <= 52, it is
	// u = (s+rest)*2^p (exact scalings) rounded to an integer: s*2^p = sh + sl
	// exactly, sl + rest*2^p = t + terr exactly, and the result is
	// sh + round(t) when t + terr lies farther than the error bound from
	// round(t) ± 1/2.
	p := 1074 + e
	sc := math.Float64frombits(uint64(p+1023) << 52)
	sp := float64(s * sc)
	sh := math.RoundToEven(sp)
	t, terr := crTwoSum(sp-sh, float64(rest*sc))
	rt := math.RoundToEven(t)
	d := math.Abs((t - rt) + terr) // t - rt is exact; the sum errs by < 2^-53
	if d > 0.5-float64(sc*expErr)-0x1p-52 {
		return expSlow(x)
	}
	return (sh + rt) * math.SmallestNonzeroFloat64 // an integer below 2^53 times 2^-1074: exact
}

// expAccErr bounds the accurate path's absolute error on [0.99, 2.01]; the
// double-double evaluation below keeps it under 2^-100.
const expAccErr = 0x1p-97

// 1/n! as double-doubles for n = 3, 4, and as doubles for 5..10.
const (
	expA3h = 0x1.5555555555555p-03
	expA3l = 0x1.5555555555555p-57
	expA4h = 0x1.5555555555555p-05
	expA4l = 0x1.5555555555555p-59
	expA5  = 0x1.1111111111111p-07
	expA6  = 0x1.6c16c16c16c17p-10
	expA7  = 0x1.a01a01a01a01ap-13
	expA8  = 0x1.a01a01a01a01ap-16
	expA9  = 0x1.71de3a556c734p-19
	expA10 = 0x1.27e4fb7789f5cp-22
)

// expAccDD returns hi, lo and e with e**x = (hi+lo)*2^e to within
// expAccErr*2^e, hi in [0.99, 2.01], for |x| < expFast.
func expAccDD(x float64) (hi, lo float64, e int) {
	t := float64(x*expInvL) + crShift
	kd := t - crShift
	k := int(kd)
	a := x - float64(kd*expL1)
	bh, bl := crTwoProd(kd, expL2)
	rh, r1 := crTwoSum(a, -bh)
	rl := r1 - (bl + float64(kd*expL3))
	rh, rl = crFastTwoSum(rh, rl)
	// e**r - 1 = r*(1 + r*(1/2 + r*(1/6 + r*(1/24 + r*q)))), q in doubles.
	q := expA9 + float64(rh*expA10)
	q = expA8 + float64(rh*q)
	q = expA7 + float64(rh*q)
	q = expA6 + float64(rh*q)
	q = expA5 + float64(rh*q)
	ph, pl := ddMulD(rh, rl, q)
	ph, pl = ddAdd(expA4h, expA4l, ph, pl)
	ph, pl = ddMul(rh, rl, ph, pl)
	ph, pl = ddAdd(expA3h, expA3l, ph, pl)
	ph, pl = ddMul(rh, rl, ph, pl)
	ph, pl = ddAdd(0.5, 0, ph, pl)
	ph, pl = ddMul(rh, rl, ph, pl)
	ph, pl = ddAdd(1, 0, ph, pl)
	ph, pl = ddMul(rh, rl, ph, pl) // e**r - 1
	tab := &expTab[k&255]
	// 2^(j/256)*(1 + p) = t0 + t1 + t2 + (t0 + t1)*p
	th, tl := crFastTwoSum(tab[0], tab[1])
	tl += tab[2]
	mh, ml := ddMul(th, tl, ph, pl)
	hi, lo = ddAdd(th, tl, mh, ml)
	return hi, lo, k >> 8
}

func expAcc(x float64) (float64, int, bool) {
	hi, lo, e := expAccDD(x)
	y, ok := ddRound(hi, lo, expAccErr)
	return y, e, ok
}
