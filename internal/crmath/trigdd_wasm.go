//go:build wasm

package crmath

// trTwoProd returns p = fl(a*b) and the exact error e by Dekker's product
// of Veltkamp halves: math.FMA is done in software on wasm, ten times
// slower. |a| and |b| must stay below about 2^995.
func trTwoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	ah, al := trSplit(a)
	bh, bl := trSplit(b)
	e = ((float64(ah*bh) - p) + float64(ah*bl) + float64(al*bh)) + float64(al*bl)
	return p, e
}

// trSplit cuts a into a 26-bit high part and the rest.
func trSplit(a float64) (hi, lo float64) {
	c := float64(134217729 * a)
	hi = c - (c - a)
	lo = a - hi
	return hi, lo
}
