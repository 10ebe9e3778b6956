package crmath

import (
	"math"
	"math/big"
	"math/bits"
)

// π/2 in pieces for the reduction of |x| < 2^20·π/2: the first three have at
// most 33 bits, so k·P for k < 2^20 is exact; together they hold about 160
// bits of π/2.
const (
	pio2P1 = 0x1.921fb544p+00
	pio2P2 = 0x1.0b4611a6p-34
	pio2P3 = 0x1.3198a2ep-69
	pio2P4 = 0x1.b839a252049c1p-104

	pio2Hi = 0x1.921fb54442d18p+00 // π/2 as a double-double
	pio2Lo = 0x1.1a62633145c07p-54

	twoOverPi = 0x1.45f306dc9c883p-01
	piOver4   = 0x1.921fb54442d18p-01 // just above π/4

	// trigRel bounds the kernels' relative error (about 2^-69 by analysis;
	// 2^-66 leaves room), trigBigK the largest k reduced by pieces.
	trigRel  = 0x1p-66
	trigBigK = 1 << 20
)

// trigTab[j] holds sin and cos of j/256 as double-doubles; |r - j/256| <=
// 1/512 keeps the series short.
type trigEntry struct {
	sh, sl, ch, cl float64
}

var trigTab = buildTrigTab()

const trigTabN = 204 // covers |r| up to π/4 plus the slack of a rounded k

func buildTrigTab() *[trigTabN]trigEntry {
	// Angle addition from sin and cos of 1/256 at 192 bits: 200 steps lose
	// about 8 bits, far below the 106 kept.
	const prec = 192
	h := new(big.Float).SetPrec(prec).SetFloat64(1.0 / 256)
	sh, ch := trBigSinCos(h, prec)
	s := new(big.Float).SetPrec(prec)
	c := new(big.Float).SetPrec(prec).SetInt64(1)
	t1 := new(big.Float).SetPrec(prec)
	t2 := new(big.Float).SetPrec(prec)
	tab := new([trigTabN]trigEntry)
	for j := range tab {
		e := &tab[j]
		e.sh, e.sl = trBigToDD(s)
		e.ch, e.cl = trBigToDD(c)
		// (s, c) <- (s·ch + c·sh, c·ch - s·sh)
		t1.Mul(s, ch)
		t2.Mul(c, sh)
		t2.Add(t1, t2)
		t1.Mul(c, ch)
		c.Mul(s, sh)
		c.Sub(t1, c)
		s.Set(t2)
	}
	return tab
}

// trBigToDD rounds v to a double-double.
func trBigToDD(v *big.Float) (hi, lo float64) {
	hi, _ = v.Float64()
	r := new(big.Float).SetPrec(v.Prec()).Sub(v, new(big.Float).SetFloat64(hi))
	lo, _ = r.Float64()
	return hi, lo
}

// Sin returns the sine of x, correctly rounded, with math.Sin's special
// cases: Sin(±0) = ±0, Sin(±Inf) = NaN, Sin(NaN) = NaN.
func Sin(x float64) float64 {
	ax := math.Abs(x)
	if ax < 0x1p-26 {
		// |sin x - x| < |x|^3/6 is below half an ulp of x, even at a power of 2.
		return x
	}
	if ax > math.MaxFloat64 || x != x {
		return math.NaN()
	}
	k, rh, rl, errR := trigReduce(ax)
	hi, lo := sinCosKernel(k, rh, rl)
	y, ok := trRound(hi, lo, float64(trigRel*math.Abs(hi))+errR)
	if !ok {
		y = trigSlow(ax, false)
	}
	if x < 0 {
		return -y
	}
	return y
}

// Cos returns the cosine of x, correctly rounded, with math.Cos's special
// cases: Cos(±Inf) = NaN, Cos(NaN) = NaN.
func Cos(x float64) float64 {
	ax := math.Abs(x)
	if ax < 0x1p-27 {
		// 1 - x²/2 is within a quarter ulp (below 1) of 1.
		return 1
	}
	if ax > math.MaxFloat64 || x != x {
		return math.NaN()
	}
	k, rh, rl, errR := trigReduce(ax)
	hi, lo := sinCosKernel(k+1, rh, rl)
	y, ok := trRound(hi, lo, float64(trigRel*math.Abs(hi))+errR)
	if !ok {
		y = trigSlow(ax, true)
	}
	return y
}

// trigReduce writes ax = k·π/2 + r with r = rh+rl, |r| <= π/4 (a little
// more when the quotient rounds down), and bounds the absolute error of r.
func trigReduce(ax float64) (k uint64, rh, rl, errR float64) {
	if ax <= piOver4 {
		return 0, ax, 0, 0
	}
	if ax < trigBigK*pio2P1 {
		n := int(float64(ax*twoOverPi) + 0.5)
		kf := float64(n)
		// ax and k·P1 are within a factor 2 of each other (k >= 1), so the
		// difference is exact (Sterbenz); each k·P below is exact too.
		t := ax - float64(kf*pio2P1)
		s1, e1 := trTwoSum(t, -float64(kf*pio2P2))
		p3 := float64(kf * pio2P3)
		s2, e2 := trTwoSum(s1, -p3)
		p4 := float64(kf * pio2P4)
		rl = (e1 + e2) - p4
		rh, rl = trFastTwoSum(s2, rl)
		// The three roundings in rl, and the ≈2^-160 left off π/2 times k.
		errR = float64(0x1p-50*(math.Abs(e1)+math.Abs(e2)+math.Abs(p4))) + 0x1p-130
		return uint64(n), rh, rl, errR
	}
	return payneHanek(ax)
}

// sinCosKernel returns sin(q·π/2 + r) as hi+lo for r = rh+rl, |r| <= π/4+.
func sinCosKernel(q uint64, rh, rl float64) (hi, lo float64) {
	neg := q&2 != 0
	if rh < 0 {
		rh, rl = -rh, -rl
		if q&1 == 0 {
			// sin(-r) = -sin r; cos is even.
			neg = !neg
		}
	}
	j := int(float64(rh*256) + 0.5)
	e := &trigTab[j]
	bh := rh - float64(float64(j)*(1.0/256)) // exact: j/256 and rh are within a factor 2
	b := bh + rl
	z := float64(b * b)
	// cos b - 1 and sin b - b, to 2^-87 and 2^-90 of b: |b| <= 2^-9.
	c := float64(z * (-0.5 + float64(z*(1.0/24+float64(z*(-1.0/720))))))
	s := float64(float64(b*z) * (-1.0/6 + float64(z*(1.0/120+float64(z*(-1.0/5040))))))
	if q&1 == 0 {
		// sin(a+b) = Sa + Ca·b + Sa·(cos b - 1) + Ca·(sin b - b)
		p, pe := crTwoProd(e.ch, bh)
		var t float64
		hi, t = trFastTwoSum(e.sh, p) // |Ca·b| <= Sa/2, or Sa = 0
		lo = t + pe + e.sl + float64(e.cl*bh) + float64(e.sh*c) + float64(e.ch*(s+rl))
	} else {
		// cos(a+b) = Ca - Sa·b + Ca·(cos b - 1) - Sa·(sin b - b)
		p, pe := crTwoProd(e.sh, bh)
		var t float64
		hi, t = trFastTwoSum(e.ch, -p) // |Sa·b| < Ca/256
		lo = t - pe + e.cl - float64(e.sl*bh) + float64(e.ch*c) - float64(e.sh*(s+rl))
	}
	if neg {
		return -hi, -lo
	}
	return hi, lo
}

// payneHanek reduces ax >= 2^20·π/2 with 256 bits of 2/π taken from where
// ax's exponent puts them (Payne and Hanek): the bits before give whole
// multiples of 4 and drop out.
func payneHanek(ax float64) (k uint64, rh, rl, errR float64) {
	tw := twoOverPiWords()
	b := math.Float64bits(ax)
	m := b&(1<<52-1) | 1<<52
	e := int(b>>52) - 1075 // ax = m·2^e, e >= -32 here
	g := e + 62            // first bit of the window, counted from tw[0]'s top
	w, sh := g/64, uint(g%64)
	var W [4]uint64
	for i := range W {
		W[i] = tw[w+i]<<sh | tw[w+i+1]>>(64-sh)
	}
	// m·W mod 2^256: the top two bits are k mod 4, the rest the fraction.
	h3, r4 := bits.Mul64(m, W[3])
	h2, l2 := bits.Mul64(m, W[2])
	h1, l1 := bits.Mul64(m, W[1])
	_, l0 := bits.Mul64(m, W[0])
	r3, c := bits.Add64(l2, h3, 0)
	r2, c := bits.Add64(l1, h2, c)
	r1, _ := bits.Add64(l0, h1, c)
	k = r1 >> 62
	q := [4]uint64{r1<<2 | r2>>62, r2<<2 | r3>>62, r3<<2 | r4>>62, r4 << 2}
	neg := q[0]>>63 != 0
	if neg {
		// Round to the nearer k: a fraction of 1/2 or more is 1 - (1-f).
		k++
		var br uint64
		for i := 3; i >= 0; i-- {
			q[i], br = bits.Sub64(0, q[i], br)
		}
	}
	// Normalize so the leading one is q[0]'s top bit.
	lz := 0
	for q[0] == 0 && lz < 192 {
		q[0], q[1], q[2], q[3] = q[1], q[2], q[3], 0
		lz += 64
	}
	if q[0] == 0 {
		// ax·2/π within 2^-254 of an integer cannot happen for a double.
		return k, 0, 0, 0x1p-200
	}
	n := uint(bits.LeadingZeros64(q[0]))
	hiw := q[0]<<n | q[1]>>(64-n)
	low := q[1]<<n | q[2]>>(64-n)
	lz += int(n)
	scale := math.Float64frombits(uint64(1023-64-lz) << 52)
	fa := float64(hiw>>11) * 0x1p11 * scale
	fb := (float64(hiw&0x7ff) + float64(float64(low)*0x1p-64)) * scale
	// r = f·π/2
	p, pe := crTwoProd(fa, pio2Hi)
	pe += float64(fa*pio2Lo) + float64(fb*pio2Hi)
	rh, rl = trFastTwoSum(p, pe)
	if neg {
		rh, rl = -rh, -rl
	}
	return k, rh, rl, float64(0x1p-100 * math.Abs(rh))
}
