package crmath

import (
	"math"
	"math/big"
	"testing"
)

// The accurate and math/big paths are reached by few random inputs, so
// these tests call them directly on inputs of their own.

func slowCount() int {
	if testing.Short() {
		return 300
	}
	return 3000
}

func TestCrmathSlowPaths(t *testing.T) {
	n := slowCount()
	for _, c := range []struct {
		name string
		xs   []float64
		f    func(float64) float64
		ref  func(testing.TB, float64) float64
	}{
		{"expSlow", expInputs(n, 21), expSlow, refExpF},
		{"logSlow", logInputs(n, 22), func(x float64) float64 { return logSlow(x, 0) }, refLogF},
		{"expm1Slow", expInputs(n, 23), expm1Slow, refExpm1F},
		{"tanhSlow", tanhInputs(n, 24), tanhSlow, refTanhF},
		{"log10Slow", logInputs(n, 25), log10Slow, refLog10F},
	} {
		var xs []float64
		for _, x := range c.xs {
			if x != 0 && x != 1 && math.Abs(x) < 709 && !(c.name == "expm1Slow" && x < -37) {
				xs = append(xs, x)
			}
		}
		if bad, _ := sweep(t, xs, c.f, c.ref); bad > 0 {
			t.Errorf("%s: %d of %d wrong", c.name, bad, len(xs))
		}
	}
	in := powInputs(n, 26)
	for _, p := range in {
		x, y := p[0], p[1]
		if !(x > 0 && x <= math.MaxFloat64) || x == 1 || math.IsInf(y, 0) || y == 0 {
			continue
		}
		if _, exact := powExact(x, y); exact {
			continue
		}
		t0, _ := new(big.Float).Mul(refLog(bf(x), 128), bf(y)).Float64()
		if got, want := powHard(x, y, t0), refPowF(t, x, y); !sameFloat(got, want) {
			t.Errorf("powHard(%v, %v) = %v, want %v", x, y, got, want)
		}
	}
}

// TestCrmathAccuratePaths checks the double-double paths wherever their
// rounding test passes, and counts how often the fast paths defer to them.
func TestCrmathAccuratePaths(t *testing.T) {
	n := 20 * slowCount()
	xs := expInputs(n, 31)
	var ex []float64
	fastFail := 0
	for _, x := range xs {
		if math.Abs(x) >= expFast {
			continue
		}
		s, rest, _ := expCore(x)
		if s+(rest-expErr) != s+(rest+expErr) {
			fastFail++
		}
		ex = append(ex, x)
	}
	accExp := func(x float64) float64 {
		y, e, ok := expAcc(x)
		if !ok {
			return refExpF(t, x)
		}
		return math.Float64frombits(math.Float64bits(y) + uint64(e)<<52)
	}
	if bad, _ := sweep(t, ex, accExp, refExpF); bad > 0 {
		t.Errorf("expAcc: %d of %d wrong", bad, len(ex))
	}
	t.Logf("exp: the fast path deferred %d of %d", fastFail, len(ex))

	ls := logInputs(n, 32)
	fastFail = 0
	var lx []float64
	for _, x := range ls {
		if x < 0x1p-1022 || x == 1 {
			continue
		}
		hi, lo := logCore(math.Float64bits(x), 0)
		err := float64(math.Abs(hi) * logErr)
		if hi+(lo-err) != hi+(lo+err) {
			fastFail++
		}
		lx = append(lx, x)
	}
	accLog := func(x float64) float64 {
		hi, lo := logAccDD(math.Float64bits(x), 0)
		if y, ok := ddRound(hi, lo, float64(math.Abs(hi)*logAccErr)); ok {
			return y
		}
		return refLogF(t, x)
	}
	if bad, _ := sweep(t, lx, accLog, refLogF); bad > 0 {
		t.Errorf("logAccDD: %d of %d wrong", bad, len(lx))
	}
	t.Logf("log: the fast path deferred %d of %d", fastFail, len(lx))

	tx := tanhInputs(n, 33)
	hard := func(x float64) float64 { return tanhHard(x) }
	if bad, _ := sweep(t, tx, func(x float64) float64 {
		if math.Abs(x) < 0x1.4p-27 || math.Abs(x) > tanhOne {
			return Tanh(x)
		}
		return hard(x)
	}, refTanhF); bad > 0 {
		t.Errorf("tanhHard: %d wrong", bad)
	}
	em := func(x float64) float64 {
		if math.Abs(x) < 0x1p-20 || x < expm1NegOne || x >= expFast {
			return Expm1(x)
		}
		hi, lo, err := expm1Acc(x)
		if y, ok := ddRound(hi, lo, err); ok {
			return y
		}
		return refExpm1F(t, x)
	}
	if bad, _ := sweep(t, expInputs(n, 34), em, refExpm1F); bad > 0 {
		t.Errorf("expm1Acc: %d wrong", bad)
	}
}
