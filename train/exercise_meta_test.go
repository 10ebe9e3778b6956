//dlfs:teacher

package train

// Tests of chapter 6's graders, in the default build: each must pass the
// reference, say "not attempted" for an empty stub and fail a wrong rule.

import (
	"math"
	"strings"
	"testing"

	"dlfs/internal/exercise"
	"dlfs/internal/exercise/grade"
	"dlfs/net"
	"dlfs/tensor"
)

// stubOptimizer is what an empty stub does.
type stubOptimizer string

func (s stubOptimizer) Update([]net.Param, []*tensor.Tensor) { panic(exercise.Todo(string(s))) }

// adamNoCorrection is Adam without the bias correction of ηt.
type adamNoCorrection struct{ m, v []*tensor.Tensor }

func (o *adamNoCorrection) Update(params []net.Param, grads []*tensor.Tensor) {
	o.m, o.v = state(o.m, params), state(o.v, params)
	each(params, grads, func(i int, w, g []float64) {
		m, v := o.m[i].Data(), o.v[i].Data()
		for k := range w {
			m[k] += (1 - 0.9) * (g[k] - m[k])
			v[k] += (1 - 0.999) * (g[k]*g[k] - v[k])
			w[k] -= 0.1 * m[k] / (math.Sqrt(v[k]) + 1e-7)
		}
	})
}

// nesterovPrinted is Nesterov as the printed book has it: v updated first,
// W moved with the new v (the book's code before its 2021 fix).
type nesterovPrinted struct{ v []*tensor.Tensor }

func (o *nesterovPrinted) Update(params []net.Param, grads []*tensor.Tensor) {
	o.v = state(o.v, params)
	each(params, grads, func(i int, w, g []float64) {
		v := o.v[i].Data()
		for k := range w {
			v[k] = 0.9*v[k] - 0.1*g[k]
			w[k] += 0.9*0.9*v[k] - (1+0.9)*0.1*g[k]
		}
	})
}

func TestExercise_TrainGraders(t *testing.T) {
	wrong := map[string]Optimizer{
		"SGD":      &Momentum{LR: 0.1, Momentum: 0.9}, // a velocity where none belongs
		"Momentum": &SGD{LR: 0.1},                     // the velocity forgotten
		"Nesterov": &nesterovPrinted{},                // the printed book's order
		"AdaGrad":  &RMSprop{LR: 0.1, DecayRate: 0.9}, // forgets
		"RMSprop":  &AdaGrad{LR: 0.1},                 // does not forget
		"Adam":     &adamNoCorrection{},
	}
	for name := range newOptimizers {
		full := "train." + name + ".Update"
		if _, ok := exercise.Lookup(full); !ok {
			t.Errorf("%s: not in exercise.All", full)
		}
		if failed, log := grade.Probe(func(t testing.TB) { checkOptimizer(t, name, newOptimizers[name]()) }); failed {
			t.Errorf("%s: the grader fails the reference solution:\n%s", full, log)
		}
		if failed, log := grade.Probe(func(t testing.TB) { checkOptimizer(t, name, stubOptimizer(full)) }); !failed || !strings.Contains(log, "not attempted: "+full) {
			t.Errorf("%s: on the empty stub the grader says (failed %v):\n%s", full, failed, log)
		}
		if failed, _ := grade.Probe(func(t testing.TB) { checkOptimizer(t, name, wrong[name]) }); !failed {
			t.Errorf("%s: the grader passes a wrong rule (%T)", full, wrong[name])
		}
	}
	for _, e := range exercise.All {
		if n, ok := strings.CutPrefix(e.Name, "train."); ok && newOptimizers[strings.TrimSuffix(n, ".Update")] == nil {
			t.Errorf("%s: exercise.All lists it but it has no grader here", e.Name)
		}
	}
}
