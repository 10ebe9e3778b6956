package net

// The graders of chapter 6's exercises in package net: dropout, batch
// normalization's backward pass and the weight-decay terms. Each sets up
// the layer's fields itself and works the expected values out here, so it
// also grades a package whose other exercises are still stubs.

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/exercise/grade"
	"dlfs/tensor"
)

func checkDropoutForward(t testing.TB, forward func(l *Dropout, x *tensor.Tensor, train bool) *tensor.Tensor) {
	x := tensor.FromRows([][]float64{{1, -2, 3, 0.5}, {4, 5, -6, 7}, {0.25, 8, 9, -1}})
	for _, ratio := range []float64{0.2, 0.5} {
		l := &Dropout{Ratio: ratio, Rand: rand.New(rand.NewPCG(5, 6))}
		draws := rand.New(rand.NewPCG(5, 6))
		for pass := 1; pass <= 2; pass++ { // a new mask on every training pass
			want := make([]float64, x.Size())
			for i, v := range x.Data() {
				if draws.Float64() > ratio {
					want[i] = v
				}
			}
			out := forward(l, x, true)
			if out == nil {
				t.Fatalf("ForwardMode(x, true) returned nil")
			}
			checkSlice(t, "training pass "+string(rune('0'+pass))+" with Ratio "+tensor.Vector(ratio).String()+
				" (keep x where Rand.Float64() > Ratio, one draw per element in order)", out.Data(), want, 0)
			if s := out.Shape(); len(s) != 2 || s[0] != 3 || s[1] != 4 {
				t.Fatalf("ForwardMode's shape: got %v, want [3 4]", s)
			}
		}
		want := make([]float64, x.Size())
		for i, v := range x.Data() {
			want[i] = v * (1 - ratio)
		}
		checkSlice(t, "test pass (x·(1 − Ratio))", forward(l, x, false).Data(), want, 1e-15)
	}
}

func TestCh06_4_3_Exercise_DropoutForward(t *testing.T) {
	grade.Exercise(t, "net.Dropout.ForwardMode", func(t testing.TB) { checkDropoutForward(t, (*Dropout).ForwardMode) })
}

func checkDropoutBackward(t testing.TB, backward func(l *Dropout, dout *tensor.Tensor) *tensor.Tensor) {
	l := &Dropout{Ratio: 0.4, mask: []bool{true, false, false, true, true, false}}
	dx := backward(l, tensor.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}}))
	if dx == nil {
		t.Fatalf("Backward returned nil")
	}
	checkSlice(t, "Backward of dout [[1 2 3] [4 5 6]] through the mask [[kept dropped dropped] [kept kept dropped]]", dx.Data(), []float64{1, 0, 0, 4, 5, 0}, 0)
	if s := dx.Shape(); len(s) != 2 || s[0] != 2 || s[1] != 3 {
		t.Errorf("Backward's shape: got %v, want [2 3]", s)
	}
}

func TestCh06_4_3_Exercise_DropoutBackward(t *testing.T) {
	grade.Exercise(t, "net.Dropout.Backward", func(t testing.TB) { checkDropoutBackward(t, (*Dropout).Backward) })
}

// bnLayer returns a BatchNormalization layer in the state a training
// Forward of x leaves it in, worked out here.
func bnLayer(x *tensor.Tensor, gamma []float64) *BatchNormalization {
	n, d := x.Dim(0), x.Dim(1)
	l := NewBatchNormalization(tensor.FromSlice(append([]float64(nil), gamma...), d), tensor.New(d))
	l.batchSize = n
	l.xc, l.xn, l.std = tensor.New(n, d), tensor.New(n, d), tensor.New(d)
	for j := range d {
		mu, v := 0.0, 0.0
		for i := range n {
			mu += x.At(i, j) / float64(n)
		}
		for i := range n {
			v += (x.At(i, j) - mu) * (x.At(i, j) - mu) / float64(n)
		}
		l.std.Set(math.Sqrt(v+10e-7), j)
		for i := range n {
			l.xc.Set(x.At(i, j)-mu, i, j)
			l.xn.Set((x.At(i, j)-mu)/math.Sqrt(v+10e-7), i, j)
		}
	}
	return l
}

func checkBatchNormBackward(t testing.TB, backward func(l *BatchNormalization, dout *tensor.Tensor) *tensor.Tensor) {
	x := tensor.FromRows([][]float64{{1, -2, 0.5}, {3, 0, 0.25}, {-1, 4, 2}, {2, 1, -3}})
	dout := tensor.FromRows([][]float64{{0.5, -1, 2}, {1, 0.25, -0.5}, {-2, 3, 1}, {0.75, -0.5, 0.125}})
	gamma := []float64{1.5, -0.5, 2}
	l := bnLayer(x, gamma)
	n, d := 4, 3
	// The same gradient in its compact form: dx = γ/std · (dout − mean(dout)
	// − xn · mean(dout ⊙ xn)), column by column.
	wantDx, wantDg, wantDb := make([]float64, n*d), make([]float64, d), make([]float64, d)
	for j := range d {
		for i := range n {
			wantDb[j] += dout.At(i, j)
			wantDg[j] += dout.At(i, j) * l.xn.At(i, j)
		}
		for i := range n {
			wantDx[i*d+j] = gamma[j] / l.std.At(j) * (dout.At(i, j) - wantDb[j]/float64(n) - l.xn.At(i, j)*wantDg[j]/float64(n))
		}
	}
	tensor.Fill(l.DGamma, 7) // stale values from an earlier step must go
	tensor.Fill(l.DBeta, 7)
	dx := backward(l, dout)
	if dx == nil {
		t.Fatalf("Backward returned nil")
	}
	checkSlice(t, "dx of the 4×3 batch", dx.Data(), wantDx, 1e-9)
	checkSlice(t, "DGamma", l.DGamma.Data(), wantDg, 1e-12)
	checkSlice(t, "DBeta", l.DBeta.Data(), wantDb, 1e-12)
}

func TestCh06_3_1_Exercise_BatchNormBackward(t *testing.T) {
	grade.Exercise(t, "net.BatchNormalization.Backward", func(t testing.TB) { checkBatchNormBackward(t, (*BatchNormalization).Backward) })
}

func checkWeightDecay(t testing.TB, decay func(lambda float64, ws []*tensor.Tensor) float64) {
	ws := []*tensor.Tensor{tensor.FromRows([][]float64{{1, -2}, {3, 0.5}}), tensor.Vector(-1, 4, 0.25)}
	sq := 1 + 4 + 9 + 0.25 + 1 + 16 + 0.0625
	for _, lambda := range []float64{0, 0.1, 2} {
		if got, want := decay(lambda, ws), 0.5*lambda*sq; !closeTo(got, want, 1e-14) {
			t.Fatalf("weight decay of W1 [[1 -2] [3 0.5]] and W2 [-1 4 0.25] with λ = %v: got %v, want ½λ·ΣW² = %v", lambda, got, want)
		}
	}
	if got := decay(0.1, nil); got != 0 {
		t.Errorf("weight decay of no weights: got %v, want 0", got)
	}
}

func TestCh06_4_2_Exercise_WeightDecayLoss(t *testing.T) {
	grade.Exercise(t, "net.weightDecay", func(t testing.TB) { checkWeightDecay(t, weightDecay) })
}

func checkAddWeightDecay(t testing.TB, add func(dst, dW *tensor.Tensor, lambda float64, w *tensor.Tensor) *tensor.Tensor) {
	w := tensor.FromRows([][]float64{{1, -2, 3}, {0.5, 4, -1}})
	dW := tensor.FromRows([][]float64{{0.1, 0.2, -0.3}, {1, -1, 0}})
	dst := tensor.New(2, 3)
	got := add(dst, dW, 0.5, w)
	if got != dst {
		t.Fatalf("addWeightDecay must fill and return dst")
	}
	checkSlice(t, "dW + λ·W with λ = 0.5", got.Data(), []float64{0.6, -0.8, 1.2, 1.25, 1, -0.5}, 1e-15)
	checkSlice(t, "dW afterwards (unchanged)", dW.Data(), []float64{0.1, 0.2, -0.3, 1, -1, 0}, 0)
}

func TestCh06_4_2_Exercise_WeightDecayGradient(t *testing.T) {
	grade.Exercise(t, "net.addWeightDecay", func(t testing.TB) { checkAddWeightDecay(t, addWeightDecay) })
}
