package train

import (
	"math"

	"dlfs/net"
	"dlfs/tensor"
)

// Update applies one SGD step to every parameter.
//dlfs:exercise train.SGD.Update
func (o *SGD) Update(params []net.Param, grads []*tensor.Tensor) {
	for i, p := range params {
		tensor.AddScaled(p.Value, p.Value, -o.LR, grads[i])
	}
}

// Update applies one Momentum step to every parameter.
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

// Update applies one Nesterov step to every parameter, in the order of the
// book's code since its 2021 fix: W moves with the old v, then v is updated.
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

// Update applies one AdaGrad step to every parameter.
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

// Update applies one RMSprop step to every parameter.
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

// Update applies one Adam step to every parameter.
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
