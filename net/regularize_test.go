package net

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

func TestCh06_3_1_BatchNormForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 31))
	x := tensor.RandN(rng, 3, 50, 4)
	l := NewBatchNormalization(tensor.Vector(2, 1, 0.5, -1), tensor.Vector(0, 1, -1, 3))
	out := l.ForwardMode(x, true)
	for j := range 4 {
		m, v := 0.0, 0.0
		for i := range 50 {
			m += l.xn.At(i, j) / 50
		}
		for i := range 50 {
			v += (l.xn.At(i, j) - m) * (l.xn.At(i, j) - m) / 50
		}
		if math.Abs(m) > 1e-12 || math.Abs(v-1) > 1e-5 {
			t.Errorf("§6.3.1 column %d normalized to mean %v, variance %v; want 0 and 1 (less ε's share)", j, m, v)
		}
		if got, want := out.At(7, j), l.Gamma.At(j)*l.xn.At(7, j)+l.Beta.At(j); got != want {
			t.Errorf("§6.3.1 out[7, %d] = %v, want γ·xn + β = %v", j, got, want)
		}
		// One training step from zero running averages: 0.1·μ and 0.1·σ².
		mu, vr := 0.0, 0.0
		for i := range 50 {
			mu += x.At(i, j) / 50
		}
		for i := range 50 {
			vr += (x.At(i, j) - mu) * (x.At(i, j) - mu) / 50
		}
		if !closeTo(l.RunningMean.At(j), 0.1*mu, 1e-12) || !closeTo(l.RunningVar.At(j), 0.1*vr, 1e-12) {
			t.Errorf("§6.3.1 running mean, var of column %d: %v, %v; want 0.1·μ = %v, 0.1·σ² = %v", j, l.RunningMean.At(j), l.RunningVar.At(j), 0.1*mu, 0.1*vr)
		}
	}
	// Test mode uses the running averages and leaves them alone.
	rm := l.RunningMean.Clone()
	test := l.ForwardMode(x, false)
	want := (x.At(3, 1)-rm.At(1))/math.Sqrt(l.RunningVar.At(1)+10e-7)*l.Gamma.At(1) + l.Beta.At(1)
	if !closeTo(test.At(3, 1), want, 1e-12) || tensor.MaxAbsDiff(rm, l.RunningMean) != 0 {
		t.Errorf("§6.3.1 test-mode out[3, 1] = %v, want %v from the running averages (which must not move)", test.At(3, 1), want)
	}
}

// extendNet is a small MultiLayerNetExtend for the tests.
func extendNet(seed uint64, ext Extend, lambda float64) *MultiLayerNet {
	return NewMultiLayerNetExtend(rand.New(rand.NewPCG(seed, seed)), 12, []int{7, 6, 5}, 4, ReLUActivation, He, lambda, ext)
}

func TestCh06_3_1_BatchNormGradient(t *testing.T) {
	for _, lambda := range []float64{0, 0.1} {
		n := extendNet(32, Extend{UseBatchNorm: true}, lambda)
		rng := rand.New(rand.NewPCG(33, 33))
		x, tt := tensor.RandN(rng, 1, 6, 12), tensor.New(6, 4)
		for i := range 6 {
			tt.Set(1, i, (5*i)%4)
		}
		bp, _ := n.Gradient(nil, x, tt)
		num := n.NumericalGradient(x, tt)
		names := ""
		for i, d := range CompareGradients(n.Params(), num, bp) {
			names += d.Name + " "
			// Relative to the gradient's size: the central difference
			// with h = 1e-4 is off by O(h²·f‴), and normalizing by a
			// batch of 6 makes the loss curve sharply.
			if scale := math.Max(1, tensor.Max(tensor.Apply(nil, bp[i], math.Abs))); d.Max > 1e-5*scale {
				t.Errorf("§6.3.1 λ=%v %s: max |numerical - backprop| = %g for gradients up to %g", lambda, d.Name, d.Max, scale)
			}
		}
		if want := "W1 b1 gamma1 beta1 W2 b2 gamma2 beta2 W3 b3 gamma3 beta3 W4 b4 "; names != want {
			t.Errorf("§6.3.1 parameters %q, want %q (the book's order)", names, want)
		}
	}
}

func TestCh06_3_1_CloneKeepsRunningAverages(t *testing.T) {
	n := extendNet(34, Extend{UseBatchNorm: true}, 0)
	rng := rand.New(rand.NewPCG(35, 35))
	x, tt := tensor.RandN(rng, 1, 8, 12), tensor.New(8, 4)
	for i := range 8 {
		tt.Set(1, i%4, i%4)
	}
	for range 3 {
		n.Gradient(nil, x, tt) // moves the running averages
	}
	c := n.Clone()
	if d := tensor.MaxAbsDiff(n.Predict(nil, x), c.Predict(nil, x)); d != 0 {
		t.Errorf("§6.3.1 a clone predicts differently in test mode (by %g): it must carry the running averages", d)
	}
}

func TestCh06_4_3_Dropout(t *testing.T) {
	x := tensor.Fill(tensor.New(200, 50), 1)
	l := &Dropout{Ratio: 0.2, Rand: rand.New(rand.NewPCG(36, 36))}
	kept := tensor.Sum(l.Forward(x)) / 10000
	if math.Abs(kept-0.8) > 0.02 {
		t.Errorf("§6.4.3 dropout 0.2 kept %v of the units, want about 0.8", kept)
	}
	if got := tensor.Sum(l.ForwardMode(x, false)) / 10000; math.Abs(got-0.8) > 1e-12 {
		t.Errorf("§6.4.3 at test time each unit is scaled to %v, want 1 − 0.2", got)
	}
	// The same seed gives the same masks, in a net as in a layer.
	a := extendNet(37, Extend{UseDropout: true, DropoutRatio: 0.5, DropoutRand: rand.New(rand.NewPCG(38, 38))}, 0)
	b := extendNet(37, Extend{UseDropout: true, DropoutRatio: 0.5, DropoutRand: rand.New(rand.NewPCG(38, 38))}, 0)
	xs := tensor.RandN(rand.New(rand.NewPCG(39, 39)), 1, 5, 12)
	if d := tensor.MaxAbsDiff(a.PredictMode(nil, xs, true), b.PredictMode(nil, xs, true)); d != 0 {
		t.Errorf("§6.4.3 two nets of the same seeds differ by %g in training mode", d)
	}
	if d := tensor.MaxAbsDiff(a.PredictMode(nil, xs, true), a.PredictMode(nil, xs, true)); d == 0 {
		t.Errorf("§6.4.3 two training passes gave the same output: the masks must change")
	}
	if d := tensor.MaxAbsDiff(a.Predict(nil, xs), a.Predict(nil, xs)); d != 0 {
		t.Errorf("§6.4.3 test mode must be deterministic, differs by %g", d)
	}
}
