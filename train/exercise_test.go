package train

// The graders of chapter 6's exercises, the optimizers' update rules
// (tutorial/exercises.md). The expected values come from a scalar
// simulation of each rule written out below, run on two parameters of
// different shapes for three updates, so that state kept per parameter and
// per step is checked too.

import (
	"fmt"
	"math"
	"testing"

	"dlfs/internal/exercise/grade"
	"dlfs/net"
	"dlfs/tensor"
)

// rule is one update of one weight w with gradient g, state s (zeros at
// first) and step number t (1, 2, ...).
type rule func(w, g float64, s []float64, t int) float64

var rules = map[string]rule{
	"SGD": func(w, g float64, _ []float64, _ int) float64 { return w - 0.1*g },
	"Momentum": func(w, g float64, s []float64, _ int) float64 {
		s[0] = 0.9*s[0] - 0.1*g
		return w + s[0]
	},
	"Nesterov": func(w, g float64, s []float64, _ int) float64 {
		w += 0.9*0.9*s[0] - (1+0.9)*0.1*g // the old v
		s[0] = 0.9*s[0] - 0.1*g
		return w
	},
	"AdaGrad": func(w, g float64, s []float64, _ int) float64 {
		s[0] += g * g
		return w - 0.1*g/(math.Sqrt(s[0])+1e-7)
	},
	"RMSprop": func(w, g float64, s []float64, _ int) float64 {
		s[0] = 0.9*s[0] + (1-0.9)*g*g
		return w - 0.1*g/(math.Sqrt(s[0])+1e-7)
	},
	"Adam": func(w, g float64, s []float64, t int) float64 {
		lrT := 0.1 * math.Sqrt(1-math.Pow(0.999, float64(t))) / (1 - math.Pow(0.9, float64(t)))
		s[0] += (1 - 0.9) * (g - s[0])
		s[1] += (1 - 0.999) * (g*g - s[1])
		return w - lrT*s[0]/(math.Sqrt(s[1])+1e-7)
	},
}

// newOptimizers are the optimizers under test, with the settings the rules
// above use.
var newOptimizers = map[string]func() Optimizer{
	"SGD":      func() Optimizer { return &SGD{LR: 0.1} },
	"Momentum": func() Optimizer { return &Momentum{LR: 0.1, Momentum: 0.9} },
	"Nesterov": func() Optimizer { return &Nesterov{LR: 0.1, Momentum: 0.9} },
	"AdaGrad":  func() Optimizer { return &AdaGrad{LR: 0.1} },
	"RMSprop":  func() Optimizer { return &RMSprop{LR: 0.1, DecayRate: 0.9} },
	"Adam":     func() Optimizer { return &Adam{LR: 0.1, Beta1: 0.9, Beta2: 0.999} },
}

// checkOptimizer runs three updates of opt on a matrix and a vector whose
// gradients change every step, and compares every weight with the rule.
func checkOptimizer(t testing.TB, name string, opt Optimizer) {
	w0 := [][]float64{{1, -2, 0.5, 3, -0.25, 0}, {4, -1}}
	shapes := [][]int{{2, 3}, {2}}
	params := make([]net.Param, len(w0))
	want := make([][]float64, len(w0))
	state := make([][][]float64, len(w0))
	for i, w := range w0 {
		params[i] = net.Param{Name: fmt.Sprint("W", i+1), Value: tensor.FromSlice(append([]float64(nil), w...), shapes[i]...)}
		want[i] = append([]float64(nil), w...)
		state[i] = make([][]float64, len(w))
		for e := range w {
			state[i][e] = make([]float64, 2)
		}
	}
	for step := 1; step <= 3; step++ {
		grads := make([]*tensor.Tensor, len(w0))
		for i, w := range w0 {
			g := make([]float64, len(w))
			for e := range g {
				g[e] = math.Sin(float64(3*step+5*i+e)) * float64(e+1) // varies with step, parameter and element
				want[i][e] = rules[name](want[i][e], g[e], state[i][e], step)
			}
			grads[i] = tensor.FromSlice(g, shapes[i]...)
		}
		opt.Update(params, grads)
		for i := range w0 {
			got := params[i].Value.Data()
			for e := range got {
				if math.Abs(got[e]-want[i][e]) > 1e-12*math.Max(1, math.Abs(want[i][e])) {
					t.Fatalf("update %d, %s element %d: got %v, want %v (all of %s: got %v, want %v)",
						step, params[i].Name, e, got[e], want[i][e], params[i].Name, got, want[i])
				}
			}
		}
	}
}

func gradeOptimizer(t *testing.T, name string) {
	grade.Exercise(t, "train."+name+".Update", func(t testing.TB) { checkOptimizer(t, name, newOptimizers[name]()) })
}

func TestCh06_1_Exercise_SGD(t *testing.T)      { gradeOptimizer(t, "SGD") }
func TestCh06_1_Exercise_Momentum(t *testing.T) { gradeOptimizer(t, "Momentum") }
func TestCh06_1_Exercise_Nesterov(t *testing.T) { gradeOptimizer(t, "Nesterov") }
func TestCh06_1_Exercise_AdaGrad(t *testing.T)  { gradeOptimizer(t, "AdaGrad") }
func TestCh06_1_Exercise_RMSprop(t *testing.T)  { gradeOptimizer(t, "RMSprop") }
func TestCh06_1_Exercise_Adam(t *testing.T)     { gradeOptimizer(t, "Adam") }
