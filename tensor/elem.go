package tensor

import "math"

// The element-wise loops beneath Add, Scale, AddScaled, AddCol, Maximum,
// WherePositive and SumAxis, in plain Go: the reference. On amd64 the vector kernels
// of elem_amd64.s compute the same elements with the same single IEEE
// operation each, so they give the same bits (elem_test.go checks).

func scaleGo(o []float64, s float64, x []float64) {
	x = x[:len(o)] // one bounds check here, none in the loop
	for i := range o {
		o[i] = s * x[i]
	}
}

func addScaledGo(o, x []float64, s float64, y []float64) {
	x, y = x[:len(o)], y[:len(o)]
	for i := range o {
		o[i] = x[i] + float64(s*y[i]) // float64: no fused multiply-add (see rowTimes)
	}
}

func addScalarGo(o, x []float64, v float64) {
	x = x[:len(o)]
	for i := range o {
		o[i] = x[i] + v
	}
}

// maxScalarGo keeps a NaN of x as it is, bits and all (Go's built-in max
// only promises "a NaN", and its bits vary with the compiler), and else
// follows max: the larger of x and s, +0 for +0 against -0.
func maxScalarGo(o, x []float64, s float64) {
	x = x[:len(o)]
	for i, v := range x {
		if v > s || v != v || v == 0 && s == 0 && !math.Signbit(v) {
			o[i] = v
		} else {
			o[i] = s
		}
	}
}

func addGo(o, x, y []float64) {
	x, y = x[:len(o)], y[:len(o)]
	for i := range o {
		o[i] = x[i] + y[i]
	}
}

// sumRowsGo sets o[r] to the sum of row r of the row-major x (len(o) rows
// of n values), added left to right from +0.
func sumRowsGo(o, x []float64, n int) {
	for r := range o {
		s := 0.0
		for _, v := range x[r*n : r*n+n] {
			s += v
		}
		o[r] = s
	}
}

func wherePositiveGo(o, z, a []float64) {
	z, a = z[:len(o)], a[:len(o)]
	for i := range o {
		if z[i] > 0 {
			o[i] = a[i]
		} else {
			o[i] = 0
		}
	}
}
