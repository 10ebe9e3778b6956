package crmath

// Error-free transformations and double-double arithmetic. Every product
// that meets an addition is wrapped in float64() so that no compiler fuses
// it into an FMA, which would break the exactness these rely on.

// crTwoSum returns s = fl(a+b) and the exact error e = a+b-s.
func crTwoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// crFastTwoSum is crTwoSum for |a| >= |b| (or a == 0).
func crFastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = (a - s) + b
	return s, e
}

// crSplit returns Veltkamp's halves of a: a = hi + lo, each of at most 26 bits.
func crSplit(a float64) (hi, lo float64) {
	c := float64(a * crSplitter)
	hi = c - (c - a)
	return hi, a - hi
}

// crTwoProd returns p = fl(a*b) and the exact error e = a*b-p (Dekker).
func crTwoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	ah, al := crSplit(a)
	bh, bl := crSplit(b)
	e = ((float64(ah*bh) - p) + float64(ah*bl) + float64(al*bh)) + float64(al*bl)
	return p, e
}

// crSquare returns p = fl(a*a) and the exact error e = a*a-p.
func crSquare(a float64) (p, e float64) {
	p = float64(a * a)
	ah, al := crSplit(a)
	e = ((float64(ah*ah) - p) + float64(float64(ah+ah)*al)) + float64(al*al)
	return p, e
}

// ddMul returns (ah+al)*(bh+bl) as a double-double, relative error < 2^-104.
func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p, e := crTwoProd(ah, bh)
	e += float64(ah*bl) + float64(al*bh)
	return crFastTwoSum(p, e)
}

// ddMulD returns (ah+al)*b as a double-double.
func ddMulD(ah, al, b float64) (float64, float64) {
	p, e := crTwoProd(ah, b)
	e += float64(al * b)
	return crFastTwoSum(p, e)
}

// ddAdd returns (ah+al)+(bh+bl) as a double-double.
func ddAdd(ah, al, bh, bl float64) (float64, float64) {
	s, e := crTwoSum(ah, bh)
	e += al + bl
	return crFastTwoSum(s, e)
}

// ddRound returns hi+lo rounded when every value within err of it rounds
// the same way; |lo| must be at most half an ulp of hi's binade or so.
func ddRound(hi, lo, err float64) (float64, bool) {
	y := hi + lo
	w := lo - (y - hi)
	y1 := y + (w - err)
	return y1, y1 == y+(w+err)
}

// ddDiv returns (ah+al)/(bh+bl) as a double-double, relative error < 2^-102.
// One division: q = ah*(1/bh) is within 2 ulps, and the residual's
// correction restores the rest.
func ddDiv(ah, al, bh, bl float64) (float64, float64) {
	inv := 1 / bh
	q := float64(ah * inv)
	p := float64(q * bh) // crTwoProd(q, bh), by hand: the compiler does not inline it
	qh, ql := crSplit(q)
	bhh, bhl := crSplit(bh)
	e := ((float64(qh*bhh) - p) + float64(qh*bhl) + float64(ql*bhh)) + float64(ql*bhl)
	r := (((ah - p) - e) + al) - float64(q*bl)
	return crFastTwoSum(q, float64(r*inv))
}
