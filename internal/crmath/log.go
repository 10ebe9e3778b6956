package crmath

import (
	"math"
	"math/big"
)

// logErr bounds the fast path's relative error (about 2^-67.8 by analysis).
const logErr = 0x1p-66

// logAccErr bounds the accurate path's relative error (below 2^-100).
const logAccErr = 0x1p-96

// logSplit is the first table segment whose mantissas belong to the next
// binade: (idx+logSplitAdd)>>8 is 1 from there on.
const (
	logSplit    = 106
	logSplitAdd = 256 - logSplit
)

// log1p(z) ≈ z - z^2/2 + z^3*P(z): P is Taylor's 1/3 - z/4 + ... + z^6/9
// with its z^6 term economized (Chebyshev) into the lower ones; the error,
// with the dropped z^10/10, is below 2^-72 relative for |z| <= 2^-8.
const (
	logC3 = 0x1.5555555555556p-2
	logC4 = -0x1p-2
	logC5 = 0x1.999999991999ap-3
	logC6 = -0x1.5555555555555p-3
	logC7 = 0x1.24939e79e79e8p-3
	logC8 = -0x1p-3
)

// Log returns the natural logarithm of x correctly rounded.
func Log(x float64) float64 {
	ix := math.Float64bits(x)
	if ix-0x0010000000000000 >= 0x7fe0000000000000 { // not positive, normal, finite
		return logSpecial(x)
	}
	hi, lo := logCore(ix, 0)
	err := float64(math.Abs(hi) * logErr)
	y := hi + (lo - err)
	if y == hi+(lo+err) {
		return y
	}
	return logHard(ix, 0)
}

// logHard is Log(x * 2^e0), x normal with bits ix, by the accurate paths.
func logHard(ix uint64, e0 int) float64 {
	hi, lo := logAccDD(ix, e0)
	if y, ok := ddRound(hi, lo, float64(math.Abs(hi)*logAccErr)); ok {
		return y
	}
	return logSlow(math.Float64frombits(ix), e0)
}

func logSpecial(x float64) float64 {
	switch {
	case x != x || x == math.Inf(1):
		return x
	case x == 0:
		return math.Inf(-1)
	case x < 0:
		return math.NaN()
	}
	// Subnormal: scale into the normal range.
	ix := math.Float64bits(x * 0x1p52)
	hi, lo := logCore(ix, -52)
	err := float64(math.Abs(hi) * logErr)
	y := hi + (lo - err)
	if y == hi+(lo+err) {
		return y
	}
	return logHard(ix, -52)
}

// logReduce splits x (bits ix, normal) times 2^e0 into ed*ln2 + log(1/c) +
// log1p(z), returning ed, z (exact, |z| < 2^-8) and the table entry of c.
func logReduce(ix uint64, e0 int) (ed, z float64, tab *[4]float64) {
	idx := int(ix>>44) & 255
	e := int(ix>>52) - 1023 + e0 + (idx+logSplitAdd)>>8
	tab = &logTab[idx]
	c := tab[0]
	mbits := ix&(1<<52-1) | 0x3ff<<52
	m := math.Float64frombits(mbits)
	mh := math.Float64frombits(mbits &^ (1<<10 - 1)) // 43 bits: mh*c is exact
	ml := m - mh
	// Both products are exact, mh*c - 1 by Sterbenz, and the sum is a multiple
	// of 2^-61 below 2^-8, hence exact too.
	z = (float64(mh*c) - 1) + float64(ml*c)
	return float64(e), z, tab
}

// logCore returns hi+lo = log(x * 2^e0) with relative error below logErr.
func logCore(ix uint64, e0 int) (hi, lo float64) {
	// logReduce, by hand: the compiler does not inline it.
	idx := int(ix>>44) & 255
	ed := float64(int(ix>>52) - 1023 + e0 + (idx+logSplitAdd)>>8)
	tab := &logTab[idx]
	c := tab[0]
	mbits := ix&(1<<52-1) | 0x3ff<<52
	mh := math.Float64frombits(mbits &^ (1<<10 - 1))
	z := (float64(mh*c) - 1) + float64((math.Float64frombits(mbits)-mh)*c)
	zz, zzl := crSquare(z)
	p := (logC3 + float64(z*logC4)) + float64(zz*(logC5+float64(z*logC6)))
	p += float64(float64(zz*zz) * (logC7 + float64(z*logC8)))
	q := float64(float64(zz*z) * p)
	// hi: ed*ln2 + log(1/c) + z - z^2/2 summed without error (Fast2Sum: each
	// first term is the larger, as gen_tables checks for log(1/c) and z).
	s1, t1 := crFastTwoSum(float64(ed*ln2Hi), tab[1])
	s2, t2 := crFastTwoSum(s1, z)
	s3, t3 := crFastTwoSum(s2, float64(-0.5*zz))
	lo = (t1 + t2) + (t3 + float64(ed*ln2Mid)) + (tab[2] + (float64(-0.5*zzl) + q))
	return s3, lo
}

// 1/n for the accurate path: double-doubles where 1/n is inexact.
const (
	logA3h = 0x1.5555555555555p-02
	logA3l = 0x1.5555555555555p-56
	logA5h = 0x1.999999999999ap-03
	logA5l = -0x1.999999999999ap-57
	logA6h = 0x1.5555555555555p-03
	logA6l = 0x1.5555555555555p-57
	logA7h = 0x1.2492492492492p-03
	logA7l = 0x1.2492492492492p-57
	logA9  = 0x1.c71c71c71c71cp-04
	logA10 = 0x1.999999999999ap-04
	logA11 = 0x1.745d1745d1746p-04
	logA12 = 0x1.5555555555555p-04
	logA13 = 0x1.3b13b13b13b14p-04
	logA14 = 0x1.2492492492492p-04
)

// logAccDD returns log(x * 2^e0) as a double-double, relative error < 2^-100.
func logAccDD(ix uint64, e0 int) (hi, lo float64) {
	ed, z, tab := logReduce(ix, e0)
	// log1p(z) = z*(1 - z*(1/2 - z*(1/3 - ... z*(1/7 - z*q)))), q in doubles.
	q := logA13 - float64(z*logA14)
	q = logA12 - float64(z*q)
	q = logA11 - float64(z*q)
	q = logA10 - float64(z*q)
	q = logA9 - float64(z*q)
	q = 0.125 - float64(z*q)
	ph, pl := ddMulD(q, 0, -z)
	ph, pl = ddAdd(logA7h, logA7l, ph, pl)
	ph, pl = ddMulD(ph, pl, -z)
	ph, pl = ddAdd(logA6h, logA6l, ph, pl)
	ph, pl = ddMulD(ph, pl, -z)
	ph, pl = ddAdd(logA5h, logA5l, ph, pl)
	ph, pl = ddMulD(ph, pl, -z)
	ph, pl = ddAdd(0.25, 0, ph, pl)
	ph, pl = ddMulD(ph, pl, -z)
	ph, pl = ddAdd(logA3h, logA3l, ph, pl)
	ph, pl = ddMulD(ph, pl, -z)
	ph, pl = ddAdd(0.5, 0, ph, pl)
	ph, pl = ddMulD(ph, pl, -z)
	ph, pl = ddAdd(1, 0, ph, pl)
	ph, pl = ddMulD(ph, pl, z)
	mh, ml := crTwoProd(ed, ln2Mid)
	hi, lo = ddAdd(float64(ed*ln2Hi), 0, tab[1], tab[2]+tab[3])
	hi, lo = ddAdd(hi, lo, mh, ml+float64(ed*ln2Lo))
	return ddAdd(hi, lo, ph, pl)
}

func logSlow(x float64, e0 int) float64 {
	if x == 1 && e0 == 0 {
		return 0
	}
	bx := new(big.Float).SetFloat64(x)
	bx.SetMantExp(bx, e0)
	return zivRound(func(w uint) *big.Float { return bigLog(bx, w) })
}
