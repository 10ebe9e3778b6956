package net

import "dlfs/tensor"

// LeakyReLU returns x where x > 0 and α·x elsewhere. A nil dst allocates.
func LeakyReLU(dst, x *tensor.Tensor, alpha float64) *tensor.Tensor {
	return tensor.Apply(dst, x, func(v float64) float64 {
		if v > 0 {
			return v
		}
		return alpha * v
	})
}

// LeakyReLULayer is ReLU with a leak: out = x for x > 0 and α·x for x ≤ 0
// (Maas et al., 2013, with α = 0.01), so that a unit whose inputs all went
// negative still passes a gradient back and can recover. The book stops at
// ReLU; this layer is an exercise of §5.5 (its Backward), checked with the
// gradient check the student writes for §5.7.3 (CheckLayer).
type LeakyReLULayer struct {
	Alpha      float64
	x, out, dx *tensor.Tensor
}

// Forward returns LeakyReLU(x) and keeps x for Backward. The returned
// tensor belongs to the layer and is overwritten by the next call.
func (l *LeakyReLULayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.x = tensor.Copy(like(l.x, x), x) // a copy: a gradient check changes x in place
	l.out = LeakyReLU(like(l.out, x), x, l.Alpha)
	return l.out
}

// Backward lets dout through where x > 0 and passes α·dout where x ≤ 0.
//
//dlfs:exercise net.LeakyReLULayer.Backward
func (l *LeakyReLULayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = like(l.dx, dout)
	d, x := dout.Contiguous().Data(), l.x.Data()
	dx := l.dx.Data()[:len(d)]
	x = x[:len(d)]
	for i, g := range d {
		if x[i] > 0 {
			dx[i] = g
		} else {
			dx[i] = l.Alpha * g // the slope α on the left, 0 included
		}
	}
	return l.dx
}
