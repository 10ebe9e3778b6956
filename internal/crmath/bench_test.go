package crmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

var benchSink float64

// Inputs typical of the lessons: exp of [-30, 30] (sigmoid), of softmax's
// non-positive differences, log of probabilities in (1e-7, 1].
var (
	benchExpIn = func() []float64 {
		r := rand.New(rand.NewPCG(11, 12))
		s := make([]float64, 4096)
		for i := range s {
			if i%2 == 0 {
				s[i] = r.Float64()*60 - 30
			} else {
				s[i] = -r.ExpFloat64() * 5
			}
		}
		return s
	}()
	benchLogIn = func() []float64 {
		r := rand.New(rand.NewPCG(13, 14))
		s := make([]float64, 4096)
		for i := range s {
			switch i % 3 {
			case 0:
				s[i] = math.Pow(10, -7*r.Float64())
			case 1:
				s[i] = 1 - r.Float64()*0.01
			default:
				s[i] = r.Float64()
			}
			if s[i] < 1e-7 {
				s[i] = 1e-7
			}
		}
		return s
	}()
	benchTanhIn = func() []float64 {
		r := rand.New(rand.NewPCG(15, 16))
		s := make([]float64, 4096)
		for i := range s {
			s[i] = r.NormFloat64() * 2
		}
		return s
	}()
)

func benchmark(b *testing.B, in []float64, f func(float64) float64) {
	s := 0.0
	for i := 0; b.Loop(); i++ {
		s += f(in[i&4095])
	}
	benchSink = s
}

func BenchmarkExp(b *testing.B)     { benchmark(b, benchExpIn, Exp) }
func BenchmarkMathExp(b *testing.B) { benchmark(b, benchExpIn, math.Exp) }
func BenchmarkLog(b *testing.B)     { benchmark(b, benchLogIn, Log) }
func BenchmarkMathLog(b *testing.B) { benchmark(b, benchLogIn, math.Log) }

func BenchmarkTanh(b *testing.B)      { benchmark(b, benchTanhIn, Tanh) }
func BenchmarkMathTanh(b *testing.B)  { benchmark(b, benchTanhIn, math.Tanh) }
func BenchmarkExpm1(b *testing.B)     { benchmark(b, benchTanhIn, Expm1) }
func BenchmarkMathExpm1(b *testing.B) { benchmark(b, benchTanhIn, math.Expm1) }

// Pow as the lessons call it: Adam's β^t, 10^k ticks and 10^u draws.
func BenchmarkPow(b *testing.B) {
	in := powInputs(4096, 8)
	for i := range in {
		switch i % 3 {
		case 0:
			in[i] = [2]float64{0.999, float64(1 + i)}
		case 1:
			in[i] = [2]float64{10, float64(i%21 - 10)}
		default:
			in[i] = [2]float64{10, -6 + 8*float64(i)/4096}
		}
	}
	s := 0.0
	for i := 0; b.Loop(); i++ {
		s += Pow(in[i&4095][0], in[i&4095][1])
	}
	benchSink = s
}

func BenchmarkMathPow(b *testing.B) {
	s := 0.0
	for i := 0; b.Loop(); i++ {
		s += math.Pow(0.999, float64(1+i&4095))
	}
	benchSink = s
}

func BenchmarkLog10(b *testing.B)     { benchmark(b, benchLogIn, Log10) }
func BenchmarkMathLog10(b *testing.B) { benchmark(b, benchLogIn, math.Log10) }
