//dlfs:teacher

package net

import (
	"testing"

	"dlfs/tensor"
)

// ch06GraderCases are the grader checks of chapter 6's exercises in
// package net, run by TestExercise_NetGraders.
func ch06GraderCases() []graderCase {
	return []graderCase{
		{"net.Dropout.ForwardMode",
			func(t testing.TB) { checkDropoutForward(t, (*Dropout).ForwardMode) },
			func(t testing.TB) {
				checkDropoutForward(t, func(*Dropout, *tensor.Tensor, bool) *tensor.Tensor { todo("net.Dropout.ForwardMode"); return nil })
			},
			func(t testing.TB) {
				checkDropoutForward(t, func(l *Dropout, x *tensor.Tensor, train bool) *tensor.Tensor {
					if !train {
						return x.Clone()
					}
					out := (&Dropout{Ratio: l.Ratio, Rand: l.Rand}).Forward(x)
					return tensor.Scale(out, 1/(1-l.Ratio), out)
				})
			}, "inverted dropout: ÷(1 − r) while training, nothing at test time"},
		{"net.Dropout.Backward",
			func(t testing.TB) { checkDropoutBackward(t, (*Dropout).Backward) },
			func(t testing.TB) {
				checkDropoutBackward(t, func(*Dropout, *tensor.Tensor) *tensor.Tensor { todo("net.Dropout.Backward"); return nil })
			},
			func(t testing.TB) {
				checkDropoutBackward(t, func(l *Dropout, d *tensor.Tensor) *tensor.Tensor { return tensor.Scale(nil, 1-l.Ratio, d) })
			}, "the test-time scaling instead of the mask"},
		{"net.BatchNormalization.Backward",
			func(t testing.TB) { checkBatchNormBackward(t, (*BatchNormalization).Backward) },
			func(t testing.TB) {
				checkBatchNormBackward(t, func(*BatchNormalization, *tensor.Tensor) *tensor.Tensor {
					todo("net.BatchNormalization.Backward")
					return nil
				})
			},
			func(t testing.TB) {
				checkBatchNormBackward(t, func(l *BatchNormalization, dout *tensor.Tensor) *tensor.Tensor {
					l.Backward(dout) // right DGamma and DBeta, then
					dx := tensor.New(dout.Shape()...)
					d := l.Gamma.Dim(0)
					for k, g := range dout.Data() { // μ and σ² taken for constants
						dx.Data()[k] = l.Gamma.Data()[k%d] * g / l.std.Data()[k%d]
					}
					return dx
				})
			}, "μ and σ² treated as constants"},
		{"net.weightDecay",
			func(t testing.TB) { checkWeightDecay(t, weightDecay) },
			func(t testing.TB) {
				checkWeightDecay(t, func(float64, []*tensor.Tensor) float64 { todo("net.weightDecay"); return 0 })
			},
			func(t testing.TB) {
				checkWeightDecay(t, func(lambda float64, ws []*tensor.Tensor) float64 { return 2 * weightDecay(lambda, ws) })
			}, "λ·ΣW², the ½ forgotten"},
		{"net.addWeightDecay",
			func(t testing.TB) { checkAddWeightDecay(t, addWeightDecay) },
			func(t testing.TB) {
				checkAddWeightDecay(t, func(_, _ *tensor.Tensor, _ float64, _ *tensor.Tensor) *tensor.Tensor {
					todo("net.addWeightDecay")
					return nil
				})
			},
			func(t testing.TB) {
				checkAddWeightDecay(t, func(dst, dW *tensor.Tensor, lambda float64, w *tensor.Tensor) *tensor.Tensor {
					return tensor.AddScaled(dst, dW, lambda/2, w)
				})
			}, "½λ·W, the derivative of ½λW² taken wrong"},
	}
}
