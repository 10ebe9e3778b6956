package tensor

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/crmath"
)

// zigScript is a rand.Source that hands out the given values, then
// zigSentinel forever, and counts the calls.
type zigScript struct {
	vals  []uint64
	calls int
}

// zigSentinel draws strip 5 with j = 1: the fast path, wn[5] at once.
const zigSentinel = 5<<32 | 1

func (s *zigScript) Uint64() uint64 {
	s.calls++
	if len(s.vals) == 0 {
		return zigSentinel
	}
	v := s.vals[0]
	s.vals = s.vals[1:]
	return v
}

// zigU is the Uint64 that draws strip i with the 32-bit integer j.
func zigU(i int, j int32) uint64 { return uint64(i)<<32 | uint64(uint32(j)) }

// goDraw runs rand's NormFloat64 on the script and returns its value and
// the number of source calls.
func goDraw(vals ...uint64) (float64, int) {
	s := &zigScript{vals: vals}
	x := rand.New(s).NormFloat64()
	return x, s.calls
}

// Uint64s whose Float64 is 0, 1/8, 1/4 and 1/2: float32(U)·(fn[i-1]-fn[i])
// is then exact, so the wedge's comparison is the same whether or not the
// standard library's float32 expression is fused.
var zigUs = []struct {
	u uint64
	f float32
}{{0, 0}, {1 << 50, 0.125}, {1 << 51, 0.25}, {1 << 52, 0.5}}

// zigThreshold returns the least j in [lo, 1<<31) for which accepts(j) is
// false (1<<31 if none), accepts being true then false as j grows.
func zigThreshold(lo int64, accepts func(j int32) bool) int64 {
	hi := int64(1 << 31)
	for lo < hi {
		mid := (lo + hi) / 2
		if accepts(int32(mid)) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// TestZigguratTables shows, through rand's public API alone, that the
// tables built here are the ones math/rand/v2 uses, bit for bit:
//
//   - wn[i]: strip i with j = 1 returns 1·wn[i] (for strip 1, whose kn is
//     0, via the wedge with U = 0, where exp(-x²/2) ≈ 1 > fn[1]);
//   - kn[i]: j = ±(kn[i]-1) returns after one call, j = ±kn[i] does not;
//   - fn[i]: in strip i's slow range the wedge accepts x = j·wn[i] at the
//     second call iff fn[i] + U·(fn[i-1]-fn[i]) < float32(exp(-x²/2)); for
//     four U the j where acceptance stops is found by bisection and must be
//     the one our fn predicts, and no other float32 within 8 ulps of our
//     fn[i] predicts all four.
func TestZigguratTables(t *testing.T) {
	for i := range 128 {
		var ret float64
		if i == 1 {
			ret, _ = goDraw(zigU(1, 1), 0)
		} else {
			ret, _ = goDraw(zigU(i, 1))
		}
		if w := float32(ret); float64(w) != ret || math.Float32bits(w) != math.Float32bits(zigW[i]) {
			t.Errorf("wn[%d]: rand has %x, ours %x", i, ret, zigW[i])
		}
		k := int32(zigK[i])
		for _, sign := range []int32{1, -1} {
			if k > 0 {
				if _, n := goDraw(zigU(i, sign*(k-1)), 1<<52, 1<<52); n != 1 {
					t.Errorf("kn[%d]: j = %d took %d calls, want 1 (ours %#x)", i, sign*(k-1), n, k)
				}
			}
			if _, n := goDraw(zigU(i, sign*k), 1<<52, 1<<52); n == 1 {
				t.Errorf("kn[%d]: j = %d took the fast path (ours %#x)", i, sign*k, k)
			}
		}
	}
	for i := 1; i < 128; i++ {
		goT := make([]int64, len(zigUs))
		for n, c := range zigUs {
			goT[n] = zigThreshold(int64(zigK[i]), func(j int32) bool {
				_, calls := goDraw(zigU(i, j), c.u)
				return calls == 2
			})
		}
		// ourT: the thresholds that a candidate fn[i] would give.
		ourT := func(fi float32) []int64 {
			ts := make([]int64, len(zigUs))
			for n, c := range zigUs {
				ts[n] = zigThreshold(int64(zigK[i]), func(j int32) bool {
					x := float64(j) * float64(zigW[i])
					h := fi + float32(c.f*(zigF[i-1]-fi))
					return h < float32(math.Exp(-.5*x*x))
				})
			}
			return ts
		}
		same := func(a, b []int64) bool {
			for n := range a {
				if a[n] != b[n] {
					return false
				}
			}
			return true
		}
		if got := ourT(zigF[i]); !same(got, goT) {
			t.Errorf("fn[%d] = %x: acceptance stops at j = %v in rand, %v with ours", i, zigF[i], goT, got)
			continue
		}
		for d := -8; d <= 8; d++ {
			c := math.Float32frombits(uint32(int32(math.Float32bits(zigF[i])) + int32(d)))
			if d != 0 && same(ourT(c), goT) {
				t.Errorf("fn[%d]: %x (%+d ulp from ours) fits rand's behaviour too", i, c, d)
			}
		}
	}
}

// zigFuses computes a*b+c as this build's compiler does, which is how it
// compiled math/rand/v2 too: with an FMA on arm64 and GOAMD64=v3.
//
//go:noinline
func zigFuses(a, b, c float64) float64 { return a*b + c }

// zigCount counts the calls to a PCG.
type zigCount struct {
	p *rand.PCG
	n int
}

func (c *zigCount) Uint64() uint64 { c.n++; return c.p.Uint64() }

// zigTrace is NormFloat64's algorithm with the exponential and logarithm
// passed in; it reports whether any of their results differed from
// crmath's on the same argument.
func zigTrace(rng *rand.Rand, exp, log func(float64) float64) (x float64, differs bool) {
	e := func(v float64) float64 { r := exp(v); differs = differs || r != crmath.Exp(v); return r }
	l := func(v float64) float64 { r := log(v); differs = differs || r != crmath.Log(v); return r }
	for {
		u := rng.Uint64()
		j := int32(u)
		i := u >> 32 & 0x7f
		x = float64(j) * float64(zigW[i])
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < zigK[i] {
			return x, differs
		}
		if i == 0 {
			for {
				x = float64(-l(rng.Float64()) * (1 / zigR))
				if y := -l(rng.Float64()); y+y >= float64(x*x) {
					break
				}
			}
			if j > 0 {
				return zigR + x, differs
			}
			return -zigR - x, differs
		}
		h := zigF[i] + float32(float32(rng.Float64())*(zigF[i-1]-zigF[i]))
		if h < float32(e(float64(-0.5*x)*x)) {
			return x, differs
		}
	}
}

// TestNormFloat64Stream draws millions of deviates from several seeds with
// NormFloat64 and, from the same source state each time, with rand's
// NormFloat64: values and source calls must agree except in draws where
// math.Exp or math.Log on this machine is not crmath's correctly rounded
// result; the stream then continues from our draw.
func TestNormFloat64Stream(t *testing.T) {
	n := 2_000_000
	if testing.Short() {
		n = 50_000
	}
	var draws, valueDiff, callDiff, fusedDiff int
	fusing := zigFuses(1+0x1p-30, 1-0x1p-30, -1) != float64((1+0x1p-30)*(1-0x1p-30))-1
	for seed := range uint64(4) {
		p := rand.NewPCG(seed, 0x9e3779b97f4a7c15)
		for range n {
			st := *p
			ours := &zigCount{p: p}
			x := NormFloat64(rand.New(ours))
			end := *p

			q := st
			theirs := &zigCount{p: &q}
			g := rand.New(theirs).NormFloat64()

			q = st
			tr, _ := zigTrace(rand.New(&q), crmath.Exp, crmath.Log)
			q = st
			em := &zigCount{p: &q}
			emulated, differs := zigTrace(rand.New(em), math.Exp, math.Log)
			draws++
			if math.Float64bits(tr) != math.Float64bits(x) {
				t.Fatalf("seed %d: the trace's %v is not NormFloat64's %v", seed, tr, x)
			}
			switch {
			case ours.n != theirs.n:
				callDiff++
			case math.Float64bits(g) != math.Float64bits(x):
				valueDiff++
			default:
				continue
			}
			if em.n != theirs.n || math.Float64bits(emulated) != math.Float64bits(g) {
				// rand's own arithmetic was not ours with math's Exp and Log.
				fusedDiff++
				if !fusing {
					t.Errorf("seed %d: rand %v (%d calls), its algorithm unfused with math.Exp and math.Log %v (%d calls)", seed, g, theirs.n, emulated, em.n)
				}
			} else if !differs {
				t.Errorf("seed %d: NormFloat64 %v (%d calls), rand %v (%d calls), with the same Exp and Log", seed, x, ours.n, g, theirs.n)
			}
			*p = end
		}
	}
	t.Logf("%d draws: %d values and %d call counts differ from rand's; %d of them where this build fuses rand's products into FMAs (fusing: %v), the rest where math.Exp or math.Log is not correctly rounded",
		draws, valueDiff, callDiff, fusedDiff, fusing)
	if valueDiff+callDiff-fusedDiff > draws/10000 {
		t.Errorf("%d of %d draws differ: more than 1e-4", valueDiff+callDiff, draws)
	}
}

func BenchmarkNormFloat64(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	b.Run("tensor", func(b *testing.B) {
		s := 0.0
		for b.Loop() {
			s += NormFloat64(rng)
		}
		_ = s
	})
	b.Run("rand", func(b *testing.B) {
		s := 0.0
		for b.Loop() {
			s += rng.NormFloat64()
		}
		_ = s
	})
}

// TestNormFloat64Hash pins the bits of 1e5 deviates (and of the source's
// state after them), so that runs on other GOARCHes and with FMA can be
// compared.
func TestNormFloat64Hash(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	h := uint64(14695981039346656037)
	for range 100_000 {
		h = (h ^ math.Float64bits(NormFloat64(rng))) * 1099511628211
	}
	h = (h ^ rng.Uint64()) * 1099511628211
	const want = 0x2c392fcfcad4c79d
	if h != want {
		t.Errorf("hash of 1e5 deviates %#x, want %#x", h, uint64(want))
	}
}
