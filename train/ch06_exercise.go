//go:build exercise

// Chapter 6's exercises: the optimizers' update rules
// (tutorial/exercises.md). Replace each panic with your code; grade them
// with
//
//	go test -tags exercise ./train -run Ch06_Exercise
//
// and watch them race with go run -tags exercise . -chapter=6 -section=6.1.
//
// Each Update changes every parameter in place: params[i].Value.Data() is
// the weight's storage and grads[i].Data() its gradient, element for
// element. Optimizers with state keep one tensor per parameter; state(s,
// params) creates them (zeros) on the first call, and each(params, grads,
// f) runs f(i, w, g) over every parameter's weights and gradient.

package train

import (
	"dlfs/internal/exercise"
	"dlfs/net"
	"dlfs/tensor"
)

// Update applies W ← W - η·∂L/∂W to every parameter (§6.1).
//
// Hint: tensor.AddScaled(w, w, -lr, g) is w -= lr·g.
func (o *SGD) Update(params []net.Param, grads []*tensor.Tensor) {
	panic(exercise.Todo("train.SGD.Update"))
}

// Update applies v ← α·v - η·∂L/∂W, W ← W + v (§6.1), with α =
// o.Momentum and η = o.LR, and v in o.v.
//
// Hint: o.v = state(o.v, params) first.
func (o *Momentum) Update(params []net.Param, grads []*tensor.Tensor) {
	panic(exercise.Todo("train.Momentum.Update"))
}

// Update applies W ← W + α·α·v - (1+α)·η·∂L/∂W, then v ← α·v - η·∂L/∂W
// (§6.1): W moves with the old v, as the book's code does since its 2021
// fix.
//
// Hint: as Momentum, with a different step for W, taken before v changes.
func (o *Nesterov) Update(params []net.Param, grads []*tensor.Tensor) {
	panic(exercise.Todo("train.Nesterov.Update"))
}

// Update applies h ← h + ∂L/∂W ⊙ ∂L/∂W, W ← W - η·∂L/∂W / (√h + 1e-7)
// (§6.1), with h in o.h.
//
// Hint: the 1e-7 keeps the first step finite where h is still 0.
func (o *AdaGrad) Update(params []net.Param, grads []*tensor.Tensor) {
	panic(exercise.Todo("train.AdaGrad.Update"))
}

// Update applies h ← ρ·h + (1-ρ)·∂L/∂W ⊙ ∂L/∂W, W ← W - η·∂L/∂W / (√h + 1e-7)
// (§6.1), with ρ = o.DecayRate.
func (o *RMSprop) Update(params []net.Param, grads []*tensor.Tensor) {
	panic(exercise.Todo("train.RMSprop.Update"))
}

// Update applies one Adam step (§6.1): with t the number of this update
// (count them in o.iter, starting at 1),
//
//	ηt ← η·√(1-β2^t) / (1-β1^t)
//	m  ← m + (1-β1)·(∂L/∂W - m)
//	v  ← v + (1-β2)·(∂L/∂W ⊙ ∂L/∂W - v)
//	W  ← W - ηt·m / (√v + 1e-7)
//
// Hint: ηt is computed once per Update, before the loop over weights.
func (o *Adam) Update(params []net.Param, grads []*tensor.Tensor) {
	panic(exercise.Todo("train.Adam.Update"))
}
