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

// trRound returns the float64 nearest hi+lo when every value within err of
// it rounds the same way, and ok=false when the error interval straddles a
// rounding boundary and a more precise evaluation is needed (Ziv).
func trRound(hi, lo, err float64) (y float64, ok bool) {
	hi, lo = trFastTwoSum(hi, lo)
	a := hi + (lo + err)
	b := hi + (lo - err)
	return a, a == b
}
