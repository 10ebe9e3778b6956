package net

import (
	"testing"

	"dlfs/tensor"
)

func TestCh05_5_LeakyReLU(t *testing.T) {
	x := tensor.FromRows([][]float64{{2, -3}, {0, -0.5}})
	l := &LeakyReLULayer{Alpha: 0.01}
	out := l.Forward(x)
	checkSlice(t, "§5.5 LeakyReLU of [[2 -3] [0 -0.5]], α = 0.01", out.Data(), []float64{2, -0.03, 0, -0.005}, 1e-15)
	x.Data()[1] = 5 // Forward kept a copy
	dx := l.Backward(tensor.FromRows([][]float64{{1, 1}, {1, 1}}))
	checkSlice(t, "§5.5 LeakyReLU backward after the caller changed x", dx.Data(), []float64{1, 0.01, 0.01, 0.01}, 1e-15)
}

// TestCh05_7_3_CheckLayerOnTheLayers runs the reference gradient check on
// the book's layers and on LeakyReLU: where the two exercises of the
// student meet.
func TestCh05_7_3_CheckLayerOnTheLayers(t *testing.T) {
	x := tensor.FromSlice(seq(12, 0.37), 3, 4) // no element at 0, where ReLU has its kink
	w := tensor.FromSlice(seq(8, 0.29), 4, 2)
	for _, c := range []struct {
		name string
		l    Layer
	}{
		{"LeakyReLU", &LeakyReLULayer{Alpha: 0.01}},
		{"ReLU", &ReluLayer{}},
		{"Sigmoid", &SigmoidLayer{}},
		{"Tanh", &TanhLayer{}},
		{"ELU", &ELULayer{Alpha: 0.1}},
		{"Affine", NewAffine(w, tensor.Vector(0.1, -0.2))},
	} {
		if d := CheckLayer(c.l, x); !(d < 1e-8) {
			t.Errorf("§5.7.3 CheckLayer(%s): max |backprop - numerical| = %v, want below 1e-8", c.name, d)
		}
	}
	// A broken layer is caught: LeakyReLU with the wrong slope in Backward.
	bad := &LeakyReLULayer{Alpha: 0.01}
	bad.Forward(x)
	bad.Alpha = 0.5 // Forward ran with 0.01, Backward with 0.5
	broken := brokenLayer{bad}
	if d := CheckLayer(broken, x); !(d > 1e-3) {
		t.Errorf("§5.7.3 CheckLayer of a LeakyReLU whose Backward uses another α: %v, want above 1e-3", d)
	}
}

// brokenLayer runs Forward with α = 0.01 and Backward with the layer's α.
type brokenLayer struct{ l *LeakyReLULayer }

func (b brokenLayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	keep := b.l.Alpha
	b.l.Alpha = 0.01
	defer func() { b.l.Alpha = keep }()
	return b.l.Forward(x)
}

func (b brokenLayer) Backward(dout *tensor.Tensor) *tensor.Tensor { return b.l.Backward(dout) }
