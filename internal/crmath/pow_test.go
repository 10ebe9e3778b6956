package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

func refLog10F(t testing.TB, x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	for k := 0; k <= 22; k++ {
		if x == math.Pow10(k) {
			return float64(k)
		}
	}
	refInit()
	return refEval(t, func(p uint) *big.Float {
		l := refLog(bf(x), p)
		return l.Quo(l, ref.ln10)
	})
}

// refPowF is x**y for finite x > 0 and finite y whose result is not exact.
func refPowF(t testing.TB, x, y float64) float64 {
	return refEval(t, func(p uint) *big.Float {
		l := refLog(bf(x), p)
		l.Mul(l, bf(y))
		if l.Cmp(big.NewFloat(800)) > 0 {
			return new(big.Float).SetInf(false)
		}
		if l.Cmp(big.NewFloat(-800)) < 0 {
			return new(big.Float)
		}
		return refExp(l, p)
	})
}

func TestLog10Random(t *testing.T) {
	xs := logInputs(sweepSize(30_000_000), 5)
	sweepReport(t, "Log10", xs, Log10, math.Log10, refLog10F, 2) // math.Log10 is log(x)*(1/ln10)
}

func TestLog10Edges(t *testing.T) {
	xs := logEdges()
	for k := -30; k <= 30; k++ {
		p := math.Pow10(k)
		xs = append(xs, p, math.Nextafter(p, 0), math.Nextafter(p, math.Inf(1)))
	}
	if bad, _ := sweep(t, xs, Log10, refLog10F); bad > 0 {
		t.Errorf("%d edge inputs wrong", bad)
	}
	for k := 0; k <= 22; k++ {
		if got := Log10(math.Pow10(k)); got != float64(k) {
			t.Errorf("Log10(1e%d) = %v", k, got)
		}
	}
	for _, c := range []struct{ x, want float64 }{
		{math.NaN(), math.NaN()}, {math.Inf(1), math.Inf(1)}, {-1, math.NaN()}, {0, math.Inf(-1)}, {1, 0},
	} {
		if got := Log10(c.x); !sameFloat(got, c.want) {
			t.Errorf("Log10(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// powInputs: the lessons' β^t (Adam), 10^k and 10^u, then x log-uniform
// over the whole range with y chosen so that x**y mostly stays finite,
// and random bit patterns for both.
func powInputs(n int, seed uint64) [][2]float64 {
	r := rand.New(rand.NewPCG(seed, 6))
	in := make([][2]float64, n)
	for i := range in {
		var x, y float64
		switch i % 5 {
		case 0:
			x, y = []float64{0.9, 0.999, 0.99, 0.5}[r.IntN(4)], float64(1+r.IntN(20000))
		case 1:
			x, y = 10, -10+20*r.Float64()
			if r.IntN(2) == 0 {
				y = math.Round(y)
			}
		case 2:
			x = math.Exp2(-1074 + 2097*r.Float64())
			y = (r.Float64()*2 - 1) * 745 / math.Abs(math.Log(x))
		case 3:
			x = math.Float64frombits(r.Uint64() >> 1)
			y = math.Float64frombits(r.Uint64()>>2 | 0x3e00000000000000*uint64(r.IntN(2)))
			if r.IntN(2) == 0 {
				y = -y
			}
		default:
			x, y = 1+(r.Float64()*2-1)*math.Exp2(-30*r.Float64()), (r.Float64()*2-1)*math.Exp2(40*r.Float64())
		}
		in[i] = [2]float64{x, y}
	}
	return in
}

func TestPowRandom(t *testing.T) {
	in := powInputs(sweepSize(10_000_000)/2, 7)
	workers := runtime.GOMAXPROCS(0)
	var mu sync.Mutex
	var wg sync.WaitGroup
	bad, mathBad, mathMax := 0, 0, 0.0
	for w := range workers {
		wg.Go(func() {
			lbad, lmath, lmax := 0, 0, 0.0
			for i := w; i < len(in); i += workers {
				x, y := in[i][0], in[i][1]
				if !(x > 0 && x <= math.MaxFloat64) || x == 1 || math.IsInf(y, 0) || y != y {
					continue
				}
				if _, exact := powExact(x, y); exact {
					continue // TestPowExact
				}
				got, want := Pow(x, y), refPowF(t, x, y)
				if !sameFloat(got, want) {
					lbad++
					if lbad <= 5 {
						t.Errorf("Pow(%v, %v) = %v, want %v", x, y, got, want)
					}
				}
				if m := math.Pow(x, y); !sameFloat(m, want) {
					lmath++
					if x >= 0x1p-1022 { // math.Pow takes math.Log of x, wrong for subnormals on amd64
						lmax = max(lmax, ulpDiff(m, want))
					}
				}
			}
			mu.Lock()
			bad += lbad
			mathBad += lmath
			mathMax = max(mathMax, lmax)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("Pow: %d inputs, %d not correctly rounded; math.Pow on %s: %d not correctly rounded, max %v ulp for normal x", len(in), bad, runtime.GOARCH, mathBad, mathMax)
}

func TestPowExact(t *testing.T) {
	for _, c := range []struct{ x, y, want float64 }{
		{0.9, 4, 0.6561},              // math.Pow says 0.6561000000000001
		{0.999, 6, 0.994014980014994}, // math.Pow says 0.9940149800149941
		{10, 2, 100}, {10, 22, 1e22}, {10, -1, 0.1}, {10, -7, 1e-7}, {10, 23, 1e23}, {10, 308, 1e308}, {10, -308, 1e-308},
		{10, 309, math.Inf(1)}, {10, -324, 0}, {10, -323, 1e-323},
		{2, 0.5, math.Sqrt2}, {4, 0.5, 2}, {9, 1.5, 27}, {16, 0.25, 2}, {16, 0.75, 8}, {0.25, -0.5, 2},
		{3, 33, 5559060566555523}, {3, 34, 16677181699666568}, // 3^34 = 16677181699666569 rounds to even
		{1<<27 - 1, 2, 18014398241046528}, // (2^27-1)^2 = 2^54 - 2^28 + 1 is half-way: ties to even
		{2, -1074, 5e-324}, {2, -1075, 0}, {2, 1023, 0x1p1023}, {2, 1024, math.Inf(1)}, {0.5, 1074, 5e-324},
		{1.5, 2, 2.25}, {-2, 3, -8}, {-2, 2, 4}, {-3, -1, -1.0 / 3}, {-8, 1.0 / 3, math.NaN()},
		{math.SmallestNonzeroFloat64, 0.5, 0x1p-537}, {math.SmallestNonzeroFloat64, -1, math.Inf(1)},
		{math.MaxFloat64, 2, math.Inf(1)}, {math.MaxFloat64, -1, 5.562684646268003e-309},
	} {
		if got := Pow(c.x, c.y); !sameFloat(got, c.want) {
			t.Errorf("Pow(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	// Near-misses of e and 1/e, and others checked against the reference.
	for _, c := range [][2]float64{
		{1 + 0x1p-52, 1 << 52}, {1 - 0x1p-53, 1 << 53}, {1 + 0x1p-52, -(1 << 52)}, {0.9, 10000}, {0.999, 20000},
		{10, 0.5}, {10, -4.5}, {2, 0.1}, {math.MaxFloat64, 0.5}, {5e-324, 0.01}, {1e-300, -1.02},
	} {
		if got, want := Pow(c[0], c[1]), refPowF(t, c[0], c[1]); !sameFloat(got, want) {
			t.Errorf("Pow(%v, %v) = %v, want %v", c[0], c[1], got, want)
		}
	}
	if math.Pow(0.9, 4) == 0.6561 || math.Pow(0.999, 6) == 0.994014980014994 {
		t.Logf("math.Pow now rounds 0.9^4 or 0.999^6 correctly")
	}
}

// TestPowSpecial checks the special cases against math.Pow, which follows
// C99 Annex F.
func TestPowSpecial(t *testing.T) {
	vals := []float64{math.NaN(), math.Inf(-1), -3, -2, -1, -0.5, math.Copysign(0, -1), 0, 0.5, 1, 2, 3, math.Inf(1),
		-2.5, 2.5, 1 << 53, -(1 << 53), 1<<53 + 2, 1e300, -1e300, 5e-324, -5e-324}
	for _, x := range vals {
		for _, y := range vals {
			got, want := Pow(x, y), math.Pow(x, y)
			special := x != x || y != y || math.IsInf(x, 0) || math.IsInf(y, 0) || x == 0 || y == 0 || x == 1 || y == 1 || x == -1 ||
				x < 0 && math.Trunc(y) != y
			if special && !sameFloat(got, want) {
				t.Errorf("Pow(%v, %v) = %v, math.Pow says %v", x, y, got, want)
			}
			if !special {
				ax := math.Abs(x)
				want, exact := powExact(ax, y)
				if !exact {
					want = refPowF(t, ax, y)
				}
				if x < 0 && isOddInt(y) {
					want = -want
				}
				if !sameFloat(got, want) {
					t.Errorf("Pow(%v, %v) = %v, want %v", x, y, got, want)
				}
			}
		}
	}
}
