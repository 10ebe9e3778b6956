package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// sweepSize is the number of random inputs per function: a million, or
// 30 million with -crmath.long; -short (used under emulation) keeps 20000.
func sweepSize(long int) int {
	switch {
	case *crmathLong:
		return long
	case testing.Short() || raceEnabled:
		return 20000
	}
	return 1_000_000
}

// expInputs spreads n inputs over exp's whole domain: uniform on
// [-746, 710], the lessons' [-30, 30], and log-uniform magnitudes from
// 2^-60 to 2^10 of either sign.
func expInputs(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	xs := make([]float64, n)
	for i := range xs {
		switch i % 3 {
		case 0:
			xs[i] = -746 + r.Float64()*1456
		case 1:
			xs[i] = r.Float64()*60 - 30
		default:
			x := math.Exp2(-60 + 70*r.Float64())
			if r.IntN(2) == 0 {
				x = -x
			}
			xs[i] = x
		}
	}
	return xs
}

// logInputs: random bit patterns of positive doubles (every binade,
// subnormals included), probabilities in (1e-7, 1] and numbers near 1.
func logInputs(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 2))
	xs := make([]float64, n)
	for i := range xs {
		switch i % 3 {
		case 0:
			for {
				x := math.Float64frombits(r.Uint64() >> 1)
				if x > 0 && x <= math.MaxFloat64 {
					xs[i] = x
					break
				}
			}
		case 1:
			xs[i] = math.Pow(10, -7*r.Float64())
		default:
			xs[i] = 1 + (r.Float64()*2-1)*math.Exp2(-40*r.Float64())
		}
	}
	return xs
}

func TestExpRandom(t *testing.T) {
	xs := expInputs(sweepSize(30_000_000), 1)
	// math.Exp's amd64 assembly is off by up to 2 ulps: math.Exp(1.723274353356719)
	// = 5.602844153453783, correctly rounded 5.602844153453785.
	sweepReport(t, "Exp", xs, Exp, math.Exp, refExpF, 2)
}

func TestLogRandom(t *testing.T) {
	xs := logInputs(sweepSize(30_000_000), 2)
	sweepReport(t, "Log", xs, Log, math.Log, refLogF, 1)
}

// expEdges are exp's special and boundary inputs, each with its neighbors.
func expEdges() []float64 {
	base := []float64{
		0, math.SmallestNonzeroFloat64, 0x1p-1022, 0x1p-54, 0x1p-53, 0x1p-52, 1, 2, 0.5,
		math.Ln2, 10, 30, 100,
		expFast, 709, 709.782712893384, 709.7827128933841, 710, // overflow threshold
		708.3964185322641,                           // exp(x) near 2^1022
		-708.3964185322641,                          // results turn subnormal
		-708.39641853226412, -709, -720, -744, -745, // subnormal results
		-745.1332191019411, -745.1332191019412, -745.1332191019413, // 2^-1075: rounds to 0 or the smallest subnormal
		-746, math.MaxFloat64, 1e300,
	}
	var xs []float64
	for _, b := range base {
		for _, s := range []float64{b, -b} {
			xs = append(xs, s, math.Nextafter(s, math.Inf(1)), math.Nextafter(s, math.Inf(-1)))
		}
	}
	for i := -745; i <= 710; i++ {
		xs = append(xs, float64(i), float64(i)+0.5)
	}
	for k := -1074; k <= 10; k++ {
		xs = append(xs, math.Ldexp(1, k), -math.Ldexp(1, k))
	}
	return xs
}

func TestExpEdges(t *testing.T) {
	bad, _ := sweep(t, expEdges(), Exp, refExpF)
	if bad > 0 {
		t.Errorf("%d edge inputs wrong", bad)
	}
	for _, c := range []struct{ x, want float64 }{
		{math.NaN(), math.NaN()}, {math.Inf(1), math.Inf(1)}, {math.Inf(-1), 0},
		{0, 1}, {math.Copysign(0, -1), 1}, {1, math.E},
		{710, math.Inf(1)}, {-746, 0},
		{709.782712893384, 1.7976931348622732e308}, {math.Nextafter(709.782712893384, 1000), math.Inf(1)},
		{-745.1332191019411, 5e-324}, {-745.1332191019412, 0},
	} {
		if got := Exp(c.x); !sameFloat(got, c.want) {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func logEdges() []float64 {
	base := []float64{
		math.SmallestNonzeroFloat64, 0x1p-1073, 0x1.ffffffffffffep-1023, 0x1p-1022, 0x1.0000000000001p-1022,
		math.MaxFloat64, 0x1p1023, 1, 2, 0.5, 10, math.E, math.Sqrt2, 1 / math.Sqrt2, 1e-7, 1e-300, 1e300,
		1 + 0x1p-8, 1 - 0x1p-9, 1.4140625, 1.41015625, 0.70703125,
	}
	var xs []float64
	for _, b := range base {
		xs = append(xs, b, math.Nextafter(b, math.Inf(1)), math.Nextafter(b, 0))
		xs = append(xs, math.Nextafter(math.Nextafter(b, 0), 0), math.Nextafter(math.Nextafter(b, 2*b), 2*b))
	}
	for i := 1; i <= 10000; i++ {
		xs = append(xs, float64(i))
	}
	for k := -1074; k <= 1023; k++ {
		xs = append(xs, math.Ldexp(1, k), 3*math.Ldexp(1, k-1))
	}
	// Every table segment's ends.
	for i := 0; i <= 256; i++ {
		m := 1 + float64(i)/256
		xs = append(xs, m, math.Nextafter(m, 0), m/2, math.Nextafter(m/2, 0))
	}
	return xs
}

func TestLogEdges(t *testing.T) {
	bad, _ := sweep(t, logEdges(), Log, refLogF)
	if bad > 0 {
		t.Errorf("%d edge inputs wrong", bad)
	}
	for _, c := range []struct{ x, want float64 }{
		{math.NaN(), math.NaN()}, {math.Inf(1), math.Inf(1)}, {math.Inf(-1), math.NaN()},
		{0, math.Inf(-1)}, {math.Copysign(0, -1), math.Inf(-1)}, {-1, math.NaN()}, {-math.SmallestNonzeroFloat64, math.NaN()},
		{1, 0}, {2, math.Ln2}, {10, math.Ln10}, {math.E, 1},
		{math.SmallestNonzeroFloat64, -744.4400719213812}, {math.MaxFloat64, 709.782712893384},
	} {
		if got := Log(c.x); !sameFloat(got, c.want) {
			t.Errorf("Log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := Log(1); math.Signbit(got) {
		t.Errorf("Log(1) = -0")
	}
}

func refExpm1F(t testing.TB, x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 710:
		return math.Inf(1)
	case x < -40:
		return -1
	case x == 0:
		return x
	}
	return refEval(t, func(p uint) *big.Float { return refExpm1(bf(x), p) })
}

func refTanhF(t testing.TB, x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 20:
		return 1
	case x < -20:
		return -1
	case x == 0:
		return x
	}
	return refEval(t, func(p uint) *big.Float {
		e := refExpm1(bf(2*x), p)
		d := new(big.Float).SetPrec(p+24).Add(e, big.NewFloat(2))
		return e.Quo(e, d)
	})
}

func TestExpm1Random(t *testing.T) {
	xs := expInputs(sweepSize(30_000_000), 3)
	sweepReport(t, "Expm1", xs, Expm1, math.Expm1, refExpm1F, 1)
}

// tanhInputs: the lessons' pre-activations (normal, sd 2), log-uniform
// magnitudes from 2^-40 to 2^5 and uniform on [-20, 20].
func tanhInputs(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 4))
	xs := make([]float64, n)
	for i := range xs {
		switch i % 3 {
		case 0:
			xs[i] = r.NormFloat64() * 2
		case 1:
			x := math.Exp2(-40 + 45*r.Float64())
			if r.IntN(2) == 0 {
				x = -x
			}
			xs[i] = x
		default:
			xs[i] = r.Float64()*40 - 20
		}
	}
	return xs
}

func TestTanhRandom(t *testing.T) {
	xs := tanhInputs(sweepSize(30_000_000), 4)
	sweepReport(t, "Tanh", xs, Tanh, math.Tanh, refTanhF, 1)
}

func tanhEdges() []float64 {
	base := []float64{
		0, math.SmallestNonzeroFloat64, 0x1p-1022, 0x1.4p-27, 0x1.5p-27, 1.2e-8, 1.3e-8, 0x1p-20,
		tanhSmall, expm1Tiny, 0x1.6a09e667f3bcdp-10, 0.25, 0.5, 1, 2, 10, 19, tanhOne, 19.2, 20, 37.5, 40, 700, 708.3, 709.78, 710, 1e300,
	}
	var xs []float64
	for _, b := range base {
		for _, s := range []float64{b, -b} {
			xs = append(xs, s, math.Nextafter(s, math.Inf(1)), math.Nextafter(s, math.Inf(-1)))
		}
	}
	for k := -1074; k <= 10; k++ {
		xs = append(xs, math.Ldexp(1, k), -math.Ldexp(1, k))
	}
	return xs
}

func TestExpm1Edges(t *testing.T) {
	if bad, _ := sweep(t, append(tanhEdges(), expEdges()...), Expm1, refExpm1F); bad > 0 {
		t.Errorf("%d edge inputs wrong", bad)
	}
	for _, c := range []struct{ x, want float64 }{
		{math.NaN(), math.NaN()}, {math.Inf(1), math.Inf(1)}, {math.Inf(-1), -1},
		{0, 0}, {math.Copysign(0, -1), math.Copysign(0, -1)}, {710, math.Inf(1)}, {-40, -1},
		{5e-324, 5e-324}, {-5e-324, -5e-324},
	} {
		if got := Expm1(c.x); !sameFloat(got, c.want) {
			t.Errorf("Expm1(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestTanhEdges(t *testing.T) {
	if bad, _ := sweep(t, append(tanhEdges(), expEdges()...), Tanh, refTanhF); bad > 0 {
		t.Errorf("%d edge inputs wrong", bad)
	}
	for _, c := range []struct{ x, want float64 }{
		{math.NaN(), math.NaN()}, {math.Inf(1), 1}, {math.Inf(-1), -1},
		{0, 0}, {math.Copysign(0, -1), math.Copysign(0, -1)}, {20, 1}, {-20, -1},
		{5e-324, 5e-324}, {-5e-324, -5e-324},
	} {
		if got := Tanh(c.x); !sameFloat(got, c.want) {
			t.Errorf("Tanh(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// TestExpExtremes sweeps the ends of the range, where Exp scales with care:
// subnormal results, results near 2^-1022, and results near overflow.
func TestExpExtremes(t *testing.T) {
	n := sweepSize(3_000_000) / 5
	r := rand.New(rand.NewPCG(9, 9))
	xs := make([]float64, n)
	for i := range xs {
		switch i % 3 {
		case 0:
			xs[i] = -745.2 + r.Float64()*(745.2-708)
		case 1:
			xs[i] = -708.4 + r.Float64()*1.6 // around 2^-1022
		default:
			xs[i] = 708 + r.Float64()*1.8
		}
	}
	if bad, _ := sweep(t, xs, Exp, refExpF); bad > 0 {
		t.Errorf("%d of %d wrong", bad, n)
	}
}
