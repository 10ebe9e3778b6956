//dlfs:teacher

package net

// Tests of the graders themselves, in the default build (where the
// package holds the reference solutions): each grader must pass the
// reference, report an empty stub as "not attempted", and fail a plausible
// wrong answer. A grader that fails any of these is a bug.

import (
	"math"
	"strings"
	"testing"

	"dlfs/internal/exercise"
	"dlfs/internal/exercise/grade"
	"dlfs/tensor"
)

type graderCase struct {
	name                   string
	reference, stub, wrong func(t testing.TB)
	wrongWhy               string
}

func checkGraders(t *testing.T, pkg string, cases []graderCase) {
	t.Helper()
	cases = append(cases, extraGraderCases[pkg]...)
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.name] = true
	}
	for _, e := range exercise.All {
		if strings.HasPrefix(e.Name, pkg+".") && !seen[e.Name] {
			t.Errorf("%s: exercise.All lists it but its grader is not tested here", e.Name)
		}
	}
	for _, c := range cases {
		if _, ok := exercise.Lookup(c.name); !ok {
			t.Errorf("%s: not in exercise.All", c.name)
		}
		if failed, log := grade.Probe(c.reference); failed {
			t.Errorf("%s: the grader fails the reference solution:\n%s", c.name, log)
		}
		if failed, log := grade.Probe(c.stub); !failed || !strings.Contains(log, "not attempted: "+c.name) {
			t.Errorf("%s: on the empty stub the grader says (failed %v):\n%s\nwant a failure saying not attempted", c.name, failed, log)
		}
		failed, log := grade.Probe(c.wrong)
		if !failed {
			t.Errorf("%s: the grader passes a wrong answer (%s)", c.name, c.wrongWhy)
		}
		// Where the grader knows the wrong answer's name, it says it.
		if hint := wrongSays[c.name]; hint != "" && !strings.Contains(log, hint) {
			t.Errorf("%s: on %s the grader does not say %q:\n%s", c.name, c.wrongWhy, hint, log)
		}
	}
}

func todo(name string) { panic(exercise.Todo(name)) }

// wrongSays is what a grader's message must say of the wrong answer it is
// tested with, where it recognizes that answer.
var wrongSays = map[string]string{"net.NumericalDiff": "that is the forward difference"}

func TestExercise_NetGraders(t *testing.T) {
	checkGraders(t, "net", append(ch06GraderCases(), []graderCase{
		{"net.crossEntropyLabels",
			func(t testing.TB) { checkCrossEntropyLabels(t, crossEntropyLabels) },
			func(t testing.TB) {
				checkCrossEntropyLabels(t, func(*tensor.Tensor, []int) float64 { todo("net.crossEntropyLabels"); return 0 })
			},
			func(t testing.TB) {
				checkCrossEntropyLabels(t, func(y *tensor.Tensor, labels []int) float64 {
					s := 0.0
					for i, l := range labels {
						s -= math.Log(y.At(i, l) + 1e-7)
					}
					return s // the sum, not the mean
				})
			}, "summed over the batch instead of averaged"},
		{"net.NumericalDiff",
			func(t testing.TB) { checkNumericalDiff(t, NumericalDiff) },
			func(t testing.TB) {
				checkNumericalDiff(t, func(func(float64) float64, float64) float64 { todo("net.NumericalDiff"); return 0 })
			},
			func(t testing.TB) {
				checkNumericalDiff(t, func(f func(float64) float64, x float64) float64 { return (f(x+H) - f(x)) / H })
			}, "the forward difference"},
		{"net.NumericalGradient",
			func(t testing.TB) { checkNumericalGradient(t, NumericalGradient) },
			func(t testing.TB) {
				checkNumericalGradient(t, func(func(*tensor.Tensor) float64, *tensor.Tensor) *tensor.Tensor {
					todo("net.NumericalGradient")
					return nil
				})
			},
			func(t testing.TB) {
				checkNumericalGradient(t, func(f func(*tensor.Tensor) float64, x *tensor.Tensor) *tensor.Tensor {
					grad := tensor.New(x.Shape()...)
					g, it := grad.Iter(), x.Iter()
					for it.Next() {
						g.Next()
						v := it.Value()
						it.Set(v + H)
						up := f(x)
						it.Set(v - H)
						g.Set((up - f(x)) / (2 * H)) // x is not restored
					}
					return grad
				})
			}, "x left at x-h"},
		{"net.GradientDescent",
			func(t testing.TB) { checkGradientDescent(t, GradientDescent) },
			func(t testing.TB) {
				checkGradientDescent(t, func(func(*tensor.Tensor) float64, *tensor.Tensor, float64, int) (*tensor.Tensor, []*tensor.Tensor) {
					todo("net.GradientDescent")
					return nil, nil
				})
			},
			func(t testing.TB) {
				checkGradientDescent(t, func(f func(*tensor.Tensor) float64, x *tensor.Tensor, lr float64, steps int) (*tensor.Tensor, []*tensor.Tensor) {
					path := []*tensor.Tensor{x}
					for range steps {
						tensor.AddScaled(x, x, -lr, NumericalGradient(f, x))
						path = append(path, x) // init modified, path aliased
					}
					return x, path
				})
			}, "updates init in place and appends the same tensor"},
		{"net.TwoLayerNet.GradientFormula",
			func(t testing.TB) { checkTwoLayerGradient(t, (*TwoLayerNet).GradientFormula) },
			func(t testing.TB) {
				checkTwoLayerGradient(t, func(*TwoLayerNet, *tensor.Tensor, *tensor.Tensor) []*tensor.Tensor {
					todo("net.TwoLayerNet.GradientFormula")
					return nil
				})
			},
			func(t testing.TB) {
				checkTwoLayerGradient(t, func(n *TwoLayerNet, x, tt *tensor.Tensor) []*tensor.Tensor {
					g := n.GradientFormula(x, tt)
					return []*tensor.Tensor{g[0], g[1], g[2], tensor.Scale(nil, float64(x.Dim(0)), g[3])} // db2 summed, not averaged
				})
			}, "db2 summed over the batch"},
		{"net.softmaxRows",
			func(t testing.TB) { checkSoftmax(t, softmaxRows) },
			func(t testing.TB) { checkSoftmax(t, func([]float64, []float64, int) { todo("net.softmaxRows") }) },
			func(t testing.TB) {
				checkSoftmax(t, func(dst, src []float64, n int) {
					for i := 0; i < len(src); i += n {
						s := 0.0
						for _, v := range src[i : i+n] {
							s += math.Exp(v)
						}
						for j, v := range src[i : i+n] {
							dst[i+j] = math.Exp(v) / s // overflows for 1010
						}
					}
				})
			}, "no max subtracted"},
		{"net.MulLayer.Backward",
			func(t testing.TB) { checkMulLayer(t, (*MulLayer).Backward) },
			func(t testing.TB) {
				checkMulLayer(t, func(*MulLayer, float64) (float64, float64) { todo("net.MulLayer.Backward"); return 0, 0 })
			},
			func(t testing.TB) {
				checkMulLayer(t, func(l *MulLayer, d float64) (float64, float64) { return d * l.x, d * l.y })
			}, "inputs not swapped"},
		{"net.AddLayer.Backward",
			func(t testing.TB) { checkAddLayer(t, AddLayer.Backward) },
			func(t testing.TB) {
				checkAddLayer(t, func(AddLayer, float64) (float64, float64) { todo("net.AddLayer.Backward"); return 0, 0 })
			},
			func(t testing.TB) { checkAddLayer(t, func(_ AddLayer, d float64) (float64, float64) { return d, 0 }) }, "dy dropped"},
		{"net.ReluLayer.Backward",
			func(t testing.TB) { checkRelu(t, (*ReluLayer).Backward) },
			func(t testing.TB) {
				checkRelu(t, func(*ReluLayer, *tensor.Tensor) *tensor.Tensor { todo("net.ReluLayer.Backward"); return nil })
			},
			func(t testing.TB) {
				checkRelu(t, func(l *ReluLayer, d *tensor.Tensor) *tensor.Tensor { return d }) // no mask
			}, "the gradient passed everywhere"},
		{"net.SigmoidLayer.Backward",
			func(t testing.TB) { checkSigmoid(t, (*SigmoidLayer).Backward) },
			func(t testing.TB) {
				checkSigmoid(t, func(*SigmoidLayer, *tensor.Tensor) *tensor.Tensor { todo("net.SigmoidLayer.Backward"); return nil })
			},
			func(t testing.TB) {
				checkSigmoid(t, func(l *SigmoidLayer, d *tensor.Tensor) *tensor.Tensor {
					return tensor.Mul(nil, d, l.out) // σ instead of σ(1-σ)
				})
			}, "multiplied by σ instead of σ'"},
		{"net.Affine.Backward",
			func(t testing.TB) { checkAffine(t, (*Affine).Backward) },
			func(t testing.TB) {
				checkAffine(t, func(*Affine, *tensor.Tensor) *tensor.Tensor { todo("net.Affine.Backward"); return nil })
			},
			func(t testing.TB) {
				checkAffine(t, func(l *Affine, d *tensor.Tensor) *tensor.Tensor {
					tensor.MatMul(l.DW, l.xT, d)
					tensor.SumAxis(l.DB, d, 0)
					return tensor.MatMul(nil, d, l.W.T()) // ignores NoInputGrad and the image shape
				})
			}, "dx always computed, in 2-D"},
		{"net.SoftmaxWithLoss.Backward",
			func(t testing.TB) { checkSoftmaxWithLoss(t, (*SoftmaxWithLoss).Backward) },
			func(t testing.TB) {
				checkSoftmaxWithLoss(t, func(*SoftmaxWithLoss) *tensor.Tensor { todo("net.SoftmaxWithLoss.Backward"); return nil })
			},
			func(t testing.TB) {
				checkSoftmaxWithLoss(t, func(l *SoftmaxWithLoss) *tensor.Tensor { return tensor.Sub(nil, l.y, l.t) }) // no /N, no labels
			}, "y - t without /N"},
		{"net.TanhBackward",
			func(t testing.TB) { checkTanhBackward(t, TanhBackward) },
			func(t testing.TB) {
				checkTanhBackward(t, func(_, _, _ *tensor.Tensor) *tensor.Tensor { todo("net.TanhBackward"); return nil })
			},
			func(t testing.TB) {
				checkTanhBackward(t, func(dst, next, z *tensor.Tensor) *tensor.Tensor {
					return tensor.Mul(dst, next, tensor.Apply(nil, z, func(v float64) float64 { return 1 - math.Tanh(v) }))
				})
			}, "1 - tanh instead of 1 - tanh²"},
		{"net.ELUBackward",
			func(t testing.TB) { checkELUBackward(t, ELUBackward) },
			func(t testing.TB) {
				checkELUBackward(t, func(_, _, _ *tensor.Tensor, _ float64) *tensor.Tensor { todo("net.ELUBackward"); return nil })
			},
			func(t testing.TB) {
				checkELUBackward(t, func(dst, next, z *tensor.Tensor, alpha float64) *tensor.Tensor {
					return tensor.Mul(dst, next, tensor.Apply(nil, z, func(v float64) float64 {
						if v > 0 {
							return 1
						}
						return math.Exp(v) // α forgotten
					}))
				})
			}, "α left out"},
		{"net.ColumnNet.Backward",
			func(t testing.TB) { checkColumnBackward(t, (*ColumnNet).Backward) },
			func(t testing.TB) {
				checkColumnBackward(t, func(*ColumnNet, *tensor.Tensor, *tensor.Tensor) float64 { todo("net.ColumnNet.Backward"); return 0 })
			},
			func(t testing.TB) {
				checkColumnBackward(t, func(n *ColumnNet, x, y *tensor.Tensor) float64 {
					loss := n.Backward(x, y)
					for _, g := range n.Grads() {
						tensor.Scale(g, float64(x.Dim(1)), g) // summed over the batch, not averaged
					}
					return loss
				})
			}, "gradients summed over the batch"},
	}...))
}
