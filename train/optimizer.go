package train

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"dlfs/net"
	"dlfs/tensor"
)

// An Optimizer updates parameters in place from their gradients, given in
// the same order (the order of the model's Params). Optimizers with state
// (velocity, sums of squares) keep one state tensor per parameter, created
// on the first Update; use one optimizer per network.
//
// Each update rule below is written as the book's optimizer.py writes it,
// operation for operation, so the numbers agree with the book's to the last
// digit. W is a parameter, ∂L/∂W its gradient, η the learning rate.
type Optimizer interface {
	Update(params []net.Param, grads []*tensor.Tensor)
}

// state returns one zero tensor per parameter, allocated on first use.
func state(s []*tensor.Tensor, params []net.Param) []*tensor.Tensor {
	if len(s) != len(params) {
		s = net.ZerosLike(params)
	}
	return s
}

// each runs f over every element of every parameter, with its gradient and
// the optimizer's state at the same position. All tensors are contiguous.
func each(params []net.Param, grads []*tensor.Tensor, f func(i int, w, g []float64)) {
	for i, p := range params {
		w, g := p.Value.Data(), grads[i].Contiguous().Data()
		f(i, w, g[:len(w)])
	}
}

// SGD is stochastic gradient descent (随机梯度下降法):
//
//	W ← W - η·∂L/∂W
type SGD struct {
	LR float64 // η (the book's default: 0.01)
}

// Update applies one SGD step to every parameter.
//
//dlfs:exercise train.SGD.Update
func (o *SGD) Update(params []net.Param, grads []*tensor.Tensor) {
	for i, p := range params {
		tensor.AddScaled(p.Value, p.Value, -o.LR, grads[i])
	}
}

// Momentum is SGD with a velocity v that keeps moving in the direction of
// past gradients, like a ball rolling downhill (α is the friction):
//
//	v ← α·v - η·∂L/∂W
//	W ← W + v
type Momentum struct {
	LR, Momentum float64 // η and α (the book's defaults: 0.01 and 0.9)
	v            []*tensor.Tensor
}

// Update applies one Momentum step to every parameter.
//
//dlfs:exercise train.Momentum.Update
func (o *Momentum) Update(params []net.Param, grads []*tensor.Tensor) {
	o.v = state(o.v, params)
	each(params, grads, func(i int, w, g []float64) {
		v := o.v[i].Data()[:len(w)]
		for k := range w {
			v[k] = float64(o.Momentum*v[k]) - float64(o.LR*g[k])
			w[k] += v[k]
		}
	})
}

// Nesterov is Nesterov's accelerated gradient in the form the book's code
// uses (after arXiv:1212.0901): the momentum step is taken as if looking
// ahead along the velocity. W moves first, with the velocity of the step
// before, and only then is v updated:
//
//	W ← W + α·α·v - (1+α)·η·∂L/∂W
//	v ← α·v - η·∂L/∂W
//
// This is the book's optimizer.py as corrected in January 2021 ("Fix
// Nesterov update function", commit 89eadd0). The printed book and the
// code before the fix updated v first and moved W with the new v.
type Nesterov struct {
	LR, Momentum float64 // the book's defaults: 0.01 and 0.9
	v            []*tensor.Tensor
}

// Update applies one Nesterov step to every parameter, in the order of the
// book's code since its 2021 fix: W moves with the old v, then v is updated.
//
//dlfs:exercise train.Nesterov.Update
func (o *Nesterov) Update(params []net.Param, grads []*tensor.Tensor) {
	o.v = state(o.v, params)
	each(params, grads, func(i int, w, g []float64) {
		v := o.v[i].Data()[:len(w)]
		for k := range w {
			w[k] += float64(o.Momentum * o.Momentum * v[k]) // the old v
			w[k] -= float64((1 + o.Momentum) * o.LR * g[k])
			v[k] = float64(o.Momentum*v[k]) - float64(o.LR*g[k])
		}
	})
}

// AdaGrad gives each weight its own learning rate, shrinking as its squared
// gradients add up (学习率衰减): weights that moved a lot slow down.
//
//	h ← h + ∂L/∂W ⊙ ∂L/∂W
//	W ← W - η·∂L/∂W / (√h + 1e-7)
type AdaGrad struct {
	LR float64 // the book's default: 0.01
	h  []*tensor.Tensor
}

// Update applies one AdaGrad step to every parameter.
//
//dlfs:exercise train.AdaGrad.Update
func (o *AdaGrad) Update(params []net.Param, grads []*tensor.Tensor) {
	o.h = state(o.h, params)
	each(params, grads, func(i int, w, g []float64) {
		h := o.h[i].Data()[:len(w)]
		for k := range w {
			h[k] += float64(g[k] * g[k])
			w[k] -= o.LR * g[k] / (math.Sqrt(h[k]) + 1e-7)
		}
	})
}

// RMSprop is AdaGrad that forgets: old squared gradients decay by ρ each
// step, so the steps never shrink to nothing.
//
//	h ← ρ·h + (1-ρ)·∂L/∂W ⊙ ∂L/∂W
//	W ← W - η·∂L/∂W / (√h + 1e-7)
type RMSprop struct {
	LR, DecayRate float64 // η and ρ (the book's defaults: 0.01 and 0.99)
	h             []*tensor.Tensor
}

// Update applies one RMSprop step to every parameter.
//
//dlfs:exercise train.RMSprop.Update
func (o *RMSprop) Update(params []net.Param, grads []*tensor.Tensor) {
	o.h = state(o.h, params)
	each(params, grads, func(i int, w, g []float64) {
		h := o.h[i].Data()[:len(w)]
		for k := range w {
			h[k] = float64(o.DecayRate*h[k]) + float64((1-o.DecayRate)*g[k]*g[k])
			w[k] -= o.LR * g[k] / (math.Sqrt(h[k]) + 1e-7)
		}
	})
}

// Adam combines Momentum's velocity (m) with RMSprop's per-weight scale (v),
// and corrects both for starting at zero through the step size of step t:
//
//	ηt ← η·√(1-β2^t) / (1-β1^t)
//	m  ← m + (1-β1)·(∂L/∂W - m)
//	v  ← v + (1-β2)·(∂L/∂W ⊙ ∂L/∂W - v)
//	W  ← W - ηt·m / (√v + 1e-7)
type Adam struct {
	LR, Beta1, Beta2 float64 // the book's defaults: 0.001, 0.9, 0.999
	iter             int
	m, v             []*tensor.Tensor
}

// Update applies one Adam step to every parameter.
//
//dlfs:exercise train.Adam.Update
func (o *Adam) Update(params []net.Param, grads []*tensor.Tensor) {
	o.m, o.v = state(o.m, params), state(o.v, params)
	o.iter++
	t := float64(o.iter)
	lrT := o.LR * math.Sqrt(1-pow(o.Beta2, t)) / (1 - pow(o.Beta1, t))
	each(params, grads, func(i int, w, g []float64) {
		m, v := o.m[i].Data()[:len(w)], o.v[i].Data()[:len(w)]
		for k := range w {
			m[k] += float64((1 - o.Beta1) * (g[k] - m[k]))
			v[k] += float64((1 - o.Beta2) * (float64(g[k]*g[k]) - v[k]))
			w[k] -= lrT * m[k] / (math.Sqrt(v[k]) + 1e-7)
		}
	})
}

// NewOptimizer returns the named optimizer ("SGD", "Momentum", "Nesterov",
// "AdaGrad", "RMSprop", "Adam") with the book's default settings, or nil for
// an unknown name.
func NewOptimizer(name string) Optimizer {
	switch name {
	case "SGD":
		return &SGD{LR: 0.01}
	case "Momentum":
		return &Momentum{LR: 0.01, Momentum: 0.9}
	case "Nesterov":
		return &Nesterov{LR: 0.01, Momentum: 0.9}
	case "AdaGrad":
		return &AdaGrad{LR: 0.01}
	case "RMSprop":
		return &RMSprop{LR: 0.01, DecayRate: 0.99}
	case "Adam":
		return &Adam{LR: 0.001, Beta1: 0.9, Beta2: 0.999}
	}
	return nil
}

// OptimizerNames lists the optimizers NewOptimizer knows, in the book's order.
var OptimizerNames = []string{"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"}

// NewOptimizerParam returns the optimizer the book's Trainer builds from a
// name and its parameters (optimizer='sgd', optimizer_param={'lr': 0.01}):
// the name in any case, the parameters by the book's names ("lr",
// "momentum", "decay_rate", "beta1", "beta2"); those not given keep the
// book's defaults. An unknown name or parameter is an error.
func NewOptimizerParam(name string, param map[string]float64) (Optimizer, error) {
	var opt Optimizer
	for _, n := range OptimizerNames {
		if strings.EqualFold(n, name) {
			opt = NewOptimizer(n)
		}
	}
	if opt == nil {
		return nil, fmt.Errorf("train: no optimizer %q: the optimizers are %s", name, strings.Join(OptimizerNames, ", "))
	}
	fields := map[string]*float64{}
	switch o := opt.(type) {
	case *SGD:
		fields["lr"] = &o.LR
	case *Momentum:
		fields["lr"], fields["momentum"] = &o.LR, &o.Momentum
	case *Nesterov:
		fields["lr"], fields["momentum"] = &o.LR, &o.Momentum
	case *AdaGrad:
		fields["lr"] = &o.LR
	case *RMSprop:
		fields["lr"], fields["decay_rate"] = &o.LR, &o.DecayRate
	case *Adam:
		fields["lr"], fields["beta1"], fields["beta2"] = &o.LR, &o.Beta1, &o.Beta2
	}
	for k, v := range param {
		f, ok := fields[k]
		if !ok {
			names := make([]string, 0, len(fields))
			for n := range fields {
				names = append(names, n)
			}
			slices.Sort(names)
			return nil, fmt.Errorf("train: %T has no parameter %q: it takes %s", opt, k, strings.Join(names, ", "))
		}
		*f = v
	}
	return opt, nil
}
