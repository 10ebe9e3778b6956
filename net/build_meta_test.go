//dlfs:teacher

package net

// Tests of the graders of ch0N_build_exercise.go, run by checkGraders with the
// cases of exercise_meta_test.go. Some exercises get more than one wrong
// answer: a gradient check or an initialization can go wrong in several
// ways that a grader must each catch.

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

// extraGraderCases holds, per package, the grader cases kept outside
// exercise_meta_test.go; checkGraders adds them to its own.
var extraGraderCases = map[string][]graderCase{"net": buildGraderCases()}

// usedTwiceBug is UsedTwice with a Backward that forgets one of x's paths.
type usedTwiceBug struct {
	UsedTwice
	keepAdd bool // keep the path through the sum (else the one into the product)
}

func (g *usedTwiceBug) Backward(dout float64) (dx, dy float64) {
	da, dxMul := g.mul.Backward(dout)
	dxAdd, dy := g.add.Backward(da)
	if g.keepAdd {
		return dxAdd, dy
	}
	return dxMul, dy
}

// checkLayerSumOut is a gradient check whose loss is Σ out: dout = 1.
func checkLayerSumOut(l Layer, x *tensor.Tensor) float64 {
	num := NumericalGradient(func(x *tensor.Tensor) float64 { return tensor.Sum(l.Forward(x)) }, x)
	out := l.Forward(x)
	return tensor.MaxAbsDiff(num, l.Backward(tensor.Fill(tensor.New(out.Shape()...), 1)))
}

// checkLayerStale is a gradient check that runs Backward on the state the
// last step of the numerical gradient left.
func checkLayerStale(l Layer, x *tensor.Tensor) float64 {
	w := tensor.RandN(rand.New(rand.NewPCG(1, 2)), 1, l.Forward(x).Shape()...)
	num := NumericalGradient(func(x *tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, w, l.Forward(x))) }, x)
	return tensor.MaxAbsDiff(num, l.Backward(w))
}

func buildGraderCases() []graderCase {
	acc := func(f func(y, t *tensor.Tensor) float64) func(testing.TB) {
		return func(t testing.TB) { checkAccuracy(t, f) }
	}
	graph := func(f func() scalarGraph) func(testing.TB) { return func(t testing.TB) { checkUsedTwice(t, f) } }
	leaky := func(f func(*LeakyReLULayer, *tensor.Tensor) *tensor.Tensor) func(testing.TB) {
		return func(t testing.TB) { checkLeakyReLU(t, f) }
	}
	check := func(f func(Layer, *tensor.Tensor) float64) func(testing.TB) {
		return func(t testing.TB) { checkCheckLayer(t, f) }
	}
	he := func(f func(*rand.Rand, int, int) *tensor.Tensor) func(testing.TB) {
		return func(t testing.TB) { checkHeInit(t, f) }
	}
	heScaled := func(std func(nIn, nOut int) float64) func(testing.TB) {
		return he(func(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
			return tensor.RandN(rng, std(nIn, nOut), nIn, nOut)
		})
	}
	leakyStub := leaky(func(*LeakyReLULayer, *tensor.Tensor) *tensor.Tensor { todo("net.LeakyReLULayer.Backward"); return nil })
	return []graderCase{
		{"net.accuracy", acc(accuracy),
			acc(func(*tensor.Tensor, *tensor.Tensor) float64 { todo("net.accuracy"); return 0 }),
			acc(func(y, t *tensor.Tensor) float64 {
				pred, want := tensor.ArgmaxAxis(nil, y, 1), tensor.ArgmaxAxis(nil, t.Reshape(y.Dim(0), -1), 1)
				if t.NDim() == 1 {
					want = want[:0]
					for _, v := range t.Data() {
						want = append(want, int(v))
					}
				}
				c := 0
				for i := range pred {
					if pred[i] == want[i] {
						c++
					}
				}
				return float64(c / len(pred)) // integer division
			}), "correct / N in integers"},
		{"net.accuracy", acc(accuracy), acc(func(*tensor.Tensor, *tensor.Tensor) float64 { todo("net.accuracy"); return 0 }),
			acc(func(y, t *tensor.Tensor) float64 {
				d, k, c := y.Data(), y.Dim(1), 0 // the storage read as rows: wrong for a view
				for r := range y.Dim(0) {
					best := 0
					for j := range k {
						if d[r*k+j] > d[r*k+best] {
							best = j
						}
					}
					if t.NDim() == 2 && t.At(r, best) == 1 || t.NDim() == 1 && int(t.At(r)) == best {
						c++
					}
				}
				return float64(c) / float64(y.Dim(0))
			}), "y.Data() read as rows when y is a transposed view"},
		{"net.UsedTwice", graph(func() scalarGraph { return new(UsedTwice) }),
			graph(func() scalarGraph { todo("net.UsedTwice"); return nil }),
			graph(func() scalarGraph { return &usedTwiceBug{} }), "only the product's gradient for x"},
		{"net.UsedTwice", graph(func() scalarGraph { return new(UsedTwice) }),
			graph(func() scalarGraph { todo("net.UsedTwice"); return nil }),
			graph(func() scalarGraph { return &usedTwiceBug{keepAdd: true} }), "only the sum's gradient for x"},
		{"net.LeakyReLULayer.Backward", leaky((*LeakyReLULayer).Backward), leakyStub,
			leaky(func(l *LeakyReLULayer, d *tensor.Tensor) *tensor.Tensor {
				return tensor.Mul(nil, d, tensor.Apply(nil, l.x, func(v float64) float64 { return math.Max(math.Copysign(1, v), 0) }))
			}), "ReLU's backward: 0 for x ≤ 0"},
		{"net.LeakyReLULayer.Backward", leaky((*LeakyReLULayer).Backward), leakyStub,
			leaky(func(l *LeakyReLULayer, d *tensor.Tensor) *tensor.Tensor {
				return tensor.Mul(nil, d, tensor.Apply(nil, l.x, func(v float64) float64 {
					if v >= 0 {
						return 1 // x = 0 on the wrong side
					}
					return l.Alpha
				}))
			}), "slope 1 at x = 0"},
		{"net.CheckLayer", check(CheckLayer),
			check(func(Layer, *tensor.Tensor) float64 { todo("net.CheckLayer"); return 0 }),
			check(checkLayerSumOut), "L = Σ out, so dout = 1 and a Backward that ignores dout passes"},
		{"net.CheckLayer", check(CheckLayer),
			check(func(Layer, *tensor.Tensor) float64 { todo("net.CheckLayer"); return 0 }),
			check(checkLayerStale), "Backward run on the state of the numerical gradient's last Forward"},
		{"net.HeInit", he(HeInit),
			he(func(*rand.Rand, int, int) *tensor.Tensor { todo("net.HeInit"); return nil }),
			heScaled(func(_, nOut int) float64 { return math.Sqrt(2 / float64(nOut)) }), "√(2/nOut), note 001's side"},
		{"net.HeInit", he(HeInit),
			he(func(*rand.Rand, int, int) *tensor.Tensor { todo("net.HeInit"); return nil }),
			heScaled(func(nIn, _ int) float64 { return 1 / math.Sqrt(float64(nIn)) }), "Xavier's 1/√nIn"},
		{"net.HeInit", he(HeInit),
			he(func(*rand.Rand, int, int) *tensor.Tensor { todo("net.HeInit"); return nil }),
			he(func(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
				w, a := tensor.New(nIn, nOut), math.Sqrt(3*2/float64(nIn)) // uniform [-a, a] has std a/√3
				for i := range w.Data() {
					w.Data()[i] = a * (2*rng.Float64() - 1)
				}
				return w
			}), "uniform numbers of the right deviation"},
		{"net.HeInit", he(HeInit),
			he(func(*rand.Rand, int, int) *tensor.Tensor { todo("net.HeInit"); return nil }),
			he(func(_ *rand.Rand, nIn, nOut int) *tensor.Tensor {
				return tensor.RandN(rand.New(rand.NewPCG(1, 1)), math.Sqrt(2/float64(nIn)), nIn, nOut) // ignores rng
			}), "a fixed source of its own instead of rng"},
		{"net.HeInit", he(HeInit),
			he(func(*rand.Rand, int, int) *tensor.Tensor { todo("net.HeInit"); return nil }),
			he(func(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
				return tensor.RandN(rng, math.Sqrt(2/float64(nIn)), nOut, nIn) // the column layout's shape
			}), "shape (nOut, nIn)"},
	}
}
