package net

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

func TestCh06_1_8_MultiLayerGradient(t *testing.T) {
	for _, c := range []struct {
		act    Activation
		init   WeightInit
		lambda float64
	}{{ReLUActivation, He, 0}, {ReLUActivation, He, 0.1}, {SigmoidActivation, Xavier, 0}, {SigmoidActivation, Std(0.3), 0.05}} {
		rng := rand.New(rand.NewPCG(21, 21))
		n := NewMultiLayerNet(rng, 12, []int{7, 6, 5}, 4, c.act, c.init, c.lambda)
		x, tt := tensor.RandN(rng, 1, 5, 12), tensor.New(5, 4)
		for i := range 5 {
			tt.Set(1, i, (3*i)%4)
		}
		num := n.NumericalGradient(x, tt)
		bp, loss := n.Gradient(nil, x, tt)
		if want := n.Loss(x, tt); loss != want {
			t.Errorf("§6.1.8 %v λ=%v: Gradient's loss %v, Loss %v", c.act, c.lambda, loss, want)
		}
		for _, d := range CompareGradients(n.Params(), num, bp) {
			// 1e-5: the deep ReLU net puts tiny probabilities on some
			// classes, where the 1e-7 inside the log shows in the numerical
			// gradient; a wrong backward is off by far more.
			if d.Max > 1e-5 {
				t.Errorf("§6.1.8 %v %s λ=%v %s: max |numerical - backprop| = %g", c.act, c.init.Name, c.lambda, d.Name, d.Max)
			}
		}
	}
}

func TestCh06_4_2_WeightDecayLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 22))
	a := NewMultiLayerNet(rng, 6, []int{5}, 3, ReLUActivation, He, 0)
	b := a.Clone()
	b.WeightDecay = 0.5
	x, tt := tensor.RandN(rng, 1, 2, 6), tensor.FromRows([][]float64{{1, 0, 0}, {0, 0, 1}})
	sq := 0.0
	for _, p := range a.Params() {
		if p.Name[0] == 'W' {
			sq += tensor.Sum(tensor.Mul(nil, p.Value, p.Value))
		}
	}
	if got, want := b.Loss(x, tt)-a.Loss(x, tt), 0.25*sq; math.Abs(got-want) > 1e-12 {
		t.Errorf("§6.4.2 weight decay adds %v to the loss, want ½λΣW² = %v", got, want)
	}
}

func TestCh06_2_ParseWeightInit(t *testing.T) {
	for s, want := range map[string]float64{"he": math.Sqrt(2.0 / 100), "ReLU": math.Sqrt(2.0 / 100), "xavier": 0.1, "Sigmoid": 0.1, "0.01": 0.01} {
		w, err := ParseWeightInit(s)
		if err != nil || math.Abs(w.Scale(100)-want) > 1e-15 {
			t.Errorf("§6.2 ParseWeightInit(%q).Scale(100) = %v, %v; want %v", s, w.Scale(100), err, want)
		}
	}
	for _, bad := range []string{"", "-1", "kaiming", "NaN"} {
		if _, err := ParseWeightInit(bad); err == nil {
			t.Errorf("§6.2 ParseWeightInit(%q) accepted", bad)
		}
	}
}
