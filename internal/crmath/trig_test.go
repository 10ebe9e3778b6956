package crmath

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"
)

func TestTrigEdges(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, x := range []float64{0, math.Copysign(0, -1), inf, -inf, nan, 5e-324, -5e-324, 0x1p-1022,
		0x1p-27, -0x1p-27, 0x1p-26, 0x1p-26 - 0x1p-80, 0x1p-28, piOver4, math.Nextafter(piOver4, 1),
		math.Pi / 2, math.Pi, 2 * math.Pi, trigBigK * pio2P1, math.Nextafter(trigBigK*pio2P1, 0),
		1e22, math.MaxFloat64, -math.MaxFloat64, 6381956970095103 * 0x1p797} {
		for _, f := range []struct {
			name    string
			ours, g func(float64) float64
		}{{"Sin", Sin, math.Sin}, {"Cos", Cos, math.Cos}} {
			y, want := f.ours(x), f.g(x)
			if math.IsNaN(want) != math.IsNaN(y) || !math.IsNaN(y) && (y == 0 || math.IsInf(y, 0)) &&
				math.Float64bits(y) != math.Float64bits(want) {
				t.Errorf("%s(%v) = %v, math says %v", f.name, x, y, want)
			}
			if s, c := trRefSinCos(x); !math.IsNaN(y) && !math.IsInf(x, 0) {
				ref := s
				if f.name == "Cos" {
					ref = c
				}
				if u := trUlpErr(y, ref); u != 0 {
					t.Errorf("%s(%v) = %v, %.3g ulp off", f.name, x, y, u)
				}
			}
		}
	}
}

// trHashInputs returns n reproducible arguments: |x| from 2^-40 to 2^23,
// and every 16th any finite bit pattern; only exact operations make them.
func trHashInputs(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, n)
	for i := range xs {
		u := r.Uint64()
		if i%16 == 15 {
			xs[i] = math.Float64frombits(u&^(0x7ff<<52) | uint64(u>>52%0x7ff)<<52)
			continue
		}
		m := 1 + float64(float64(u>>12)*0x1p-52)
		xs[i] = math.Ldexp(m, int(u&63)-40)
		if u&64 != 0 {
			xs[i] = -xs[i]
		}
	}
	return xs
}

// trHash folds the bits of f over the inputs.
func trHash(xs []float64, f func(x, y float64) float64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for i, x := range xs {
		v := math.Float64bits(f(x, xs[(i+1)%len(xs)]))
		for k := range b {
			b[k] = byte(v >> (8 * k))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

// TestTrigHash pins the bits of 1e5 results of each function, so that a
// run on another GOARCH (or with FMA) shows whether they are the same.
func TestTrigHash(t *testing.T) {
	xs := trHashInputs(100_000)
	for _, c := range []struct {
		name string
		f    func(x, y float64) float64
		want uint64
	}{
		{"Sin", func(x, _ float64) float64 { return Sin(x) }, 0xbbe301de2b602169},
		{"Cos", func(x, _ float64) float64 { return Cos(x) }, 0xbdffc3122a2c736f},
		{"Hypot", Hypot, 0x101896ca2e3746b2},
		{"Cbrt", func(x, _ float64) float64 { return Cbrt(x) }, 0x9a5570c23cca54de},
	} {
		if got := trHash(xs, c.f); got != c.want {
			t.Errorf("%s: hash of 1e5 results %#x, want %#x", c.name, got, c.want)
		}
	}
}

func trBenchInputs(lo, hi float64) []float64 {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = lo + float64(r.Float64()*(hi-lo))
	}
	return xs
}

var trSink float64

func trBench(b *testing.B, xs []float64, f func(float64) float64) {
	s := 0.0
	for i := 0; b.Loop(); i++ {
		s += f(xs[i&1023])
	}
	trSink = s
}

func BenchmarkSin(b *testing.B) {
	xs := trBenchInputs(-math.Pi, math.Pi)
	b.Run("crmath", func(b *testing.B) { trBench(b, xs, Sin) })
	b.Run("math", func(b *testing.B) { trBench(b, xs, math.Sin) })
	big := trBenchInputs(1e6, 1e300)
	b.Run("crmath-huge", func(b *testing.B) { trBench(b, big, Sin) })
	b.Run("math-huge", func(b *testing.B) { trBench(b, big, math.Sin) })
}

func BenchmarkCos(b *testing.B) {
	xs := trBenchInputs(-math.Pi, math.Pi)
	b.Run("crmath", func(b *testing.B) { trBench(b, xs, Cos) })
	b.Run("math", func(b *testing.B) { trBench(b, xs, math.Cos) })
}
