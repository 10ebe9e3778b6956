package crmath

// Exact double-double steps for Sin, Cos, Hypot and Cbrt. Every product
// that meets an addition is converted with float64() so that no compiler
// fuses it into an FMA: the same bits must come out on every GOARCH.

// trTwoSum returns s = fl(a+b) and the exact error e, a+b = s+e.
func trTwoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// trFastTwoSum is trTwoSum for |a| >= |b| (or a == 0).
func trFastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// trSplit cuts a into a 26-bit high part and the rest (Veltkamp); |a| must
// stay below about 2^995 so the scaled copy cannot overflow.
func trSplit(a float64) (hi, lo float64) {
	c := float64(134217729 * a)
	hi = c - (c - a)
	lo = a - hi
	return hi, lo
}

// trTwoProd returns p = fl(a*b) and the exact error e (Dekker), with no
// FMA, whose speed varies between machines (software on wasm).
func trTwoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	ah, al := trSplit(a)
	bh, bl := trSplit(b)
	e = ((float64(ah*bh) - p) + float64(ah*bl) + float64(al*bh)) + float64(al*bl)
	return p, e
}

// trTwoProdSplit is trTwoProd with a already split into ah+al.
func trTwoProdSplit(a, ah, al, b float64) (p, e float64) {
	p = float64(a * b)
	bh, bl := trSplit(b)
	e = ((float64(ah*bh) - p) + float64(ah*bl) + float64(al*bh)) + float64(al*bl)
	return p, e
}

// trRound returns the float64 nearest hi+lo when every value within err of
// it rounds the same way, and ok=false when the error interval straddles a
// rounding boundary and a more precise evaluation is needed (Ziv).
func trRound(hi, lo, err float64) (y float64, ok bool) {
	hi, lo = trFastTwoSum(hi, lo)
	a := hi + (lo + err)
	b := hi + (lo - err)
	return a, a == b
}
