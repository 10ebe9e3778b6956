package plot

import "math"

// Smooth returns y smoothed as the book's smooth_curve does for its loss
// curves: the series is extended by mirroring 10 points at each end, then
// averaged with an 11-point Kaiser window (β = 2), so the result has y's
// length. Series shorter than 11 points are returned as a copy.
func Smooth(y []float64) []float64 {
	const n = 11
	out := make([]float64, len(y))
	if len(y) < n {
		copy(out, y)
		return out
	}
	// np.r_[x[window_len-1:0:-1], x, x[-1:-window_len:-1]]
	s := make([]float64, 0, len(y)+2*(n-1))
	for i := n - 1; i > 0; i-- {
		s = append(s, y[i])
	}
	s = append(s, y...)
	for i := len(y) - 1; i > len(y)-n; i-- {
		s = append(s, y[i])
	}
	w, sum := make([]float64, n), 0.0
	for i := range w { // np.kaiser(11, 2)
		r := 2*float64(i)/(n-1) - 1
		w[i] = besselI0(2*math.Sqrt(1-float64(r*r))) / besselI0(2)
		sum += w[i]
	}
	// np.convolve(w/w.sum(), s, mode='valid')[5:-5]; w is symmetric.
	for k := range out {
		acc := 0.0
		for i, wi := range w {
			acc += float64(wi / sum * s[k+5+i])
		}
		out[k] = acc
	}
	return out
}

// besselI0 is the modified Bessel function of the first kind of order 0,
// by its power series Σ ((x/2)^k / k!)², plenty for the small x of a Kaiser
// window.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / 2) / float64(k)
		sum += float64(term * term)
	}
	return sum
}
