package tensor

import (
	"math"
	"math/rand/v2"

	"dlfs/internal/crmath"
)

// The ziggurat of Marsaglia and Tsang (2000) with 128 strips, drawing from
// rng exactly as (*rand.Rand).NormFloat64 does, but with crmath's
// correctly rounded Exp and Log and no fusable products, so that every
// GOARCH gets the same deviates.

const (
	zigR = 3.442619855899      // where the tail begins
	zigV = 9.91256303526217e-3 // the area of each strip
)

var zigK, zigW, zigF = zigTables()

// zigTables builds the strips from the outside in: strip i spans x up to
// x_i; zigW[i] scales a 31-bit integer to x, zigF[i] = exp(-x_i²/2), and
// zigK[i] is the 31-bit threshold below which a point lies in the
// rectangle's part under the next strip, so it is accepted at once.
func zigTables() (k [128]uint32, w, f [128]float32) {
	const m = 1 << 31
	x, prev := zigR, zigR
	g := crmath.Exp(float64(-0.5*x) * x)
	q := zigV / g // the base strip's width, tail included
	k[0] = uint32(float64(x/q) * m)
	k[1] = 0
	w[0] = float32(q / m)
	w[127] = float32(x / m)
	f[0] = 1
	f[127] = float32(g)
	for i := 126; i >= 1; i-- {
		x = math.Sqrt(-2 * crmath.Log(zigV/x+crmath.Exp(float64(-0.5*x)*x)))
		k[i+1] = uint32(float64(x/prev) * m)
		prev = x
		f[i] = float32(crmath.Exp(float64(-0.5*x) * x))
		w[i] = float32(x / m)
	}
	return k, w, f
}

// NormFloat64 returns a standard normal deviate from rng. It consumes rng
// like rng.NormFloat64 and returns the same value, except in the rare draws
// where this machine's math.Exp or math.Log is not correctly rounded; unlike
// rng.NormFloat64 it returns the same bits on every GOARCH.
func NormFloat64(rng *rand.Rand) float64 {
	for {
		u := rng.Uint64()
		j := int32(u)
		i := u >> 32 & 0x7f
		x := float64(j) * float64(zigW[i])
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < zigK[i] {
			return x
		}
		if i == 0 {
			// The tail beyond zigR, by Marsaglia's exponential method.
			for {
				x = float64(-crmath.Log(rng.Float64()) * (1 / zigR))
				y := -crmath.Log(rng.Float64())
				if y+y >= float64(x*x) {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		// The wedge between the strip's rectangle and the curve.
		h := zigF[i] + float32(float32(rng.Float64())*(zigF[i-1]-zigF[i]))
		if h < float32(crmath.Exp(float64(-0.5*x)*x)) {
			return x
		}
	}
}
