package net

import "dlfs/tensor"

// Backward returns ∂L/∂x and ∂L/∂y given ∂L/∂out = dout: the inputs swap.
//dlfs:exercise net.MulLayer.Backward
func (l *MulLayer) Backward(dout float64) (dx, dy float64) {
	return dout * l.y, dout * l.x // the inputs swap places
}

// Backward returns dout for both inputs.
//dlfs:exercise net.AddLayer.Backward
func (AddLayer) Backward(dout float64) (dx, dy float64) {
	return dout, dout
}

// Backward lets dout through where the input was positive and stops it
// elsewhere.
//dlfs:exercise net.ReluLayer.Backward
func (l *ReluLayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = like(l.dx, dout)
	d, out := dout.Contiguous().Data(), l.out.Data()
	dx := l.dx.Data()[:len(d)]
	out = out[:len(d)]
	for i, g := range d {
		if out[i] > 0 { // out > 0 exactly where x > 0: no mask needed
			dx[i] = g
		} else {
			dx[i] = 0
		}
	}
	return l.dx
}

// Backward returns dout ⊙ (1 - out) ⊙ out, from the output Forward kept.
//dlfs:exercise net.SigmoidLayer.Backward
func (l *SigmoidLayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = like(l.dx, dout)
	d, out := dout.Contiguous().Data(), l.out.Data()
	dx := l.dx.Data()[:len(d)]
	out = out[:len(d)]
	for i, g := range d {
		dx[i] = g * (1 - out[i]) * out[i] // the book's dout * (1.0 - self.out) * self.out
	}
	return l.dx
}

// Backward sets DW = xᵀ·dout and DB = Σrows dout, and returns
// dx = dout·Wᵀ in the input's shape (nil with NoInputGrad).
//dlfs:exercise net.Affine.Backward
func (l *Affine) Backward(dout *tensor.Tensor) *tensor.Tensor {
	tensor.MatMul(l.DW, l.xT, dout)
	tensor.SumAxis(l.DB, dout, 0)
	if l.NoInputGrad {
		return nil
	}
	l.dx = like(l.dx, l.x)
	tensor.MatMul(l.dx, dout, l.wT)
	if l.inShape != nil {
		return l.dx.Reshape(l.inShape...)
	}
	return l.dx
}

// Backward returns ∂L/∂x for dout = 1: (y - t)/N.
//dlfs:exercise net.SoftmaxWithLoss.Backward
func (l *SoftmaxWithLoss) Backward() *tensor.Tensor {
	l.dx = like(l.dx, l.y)
	n := float64(l.y.Dim(0))
	if l.y.NDim() == 1 {
		n = 1
	}
	dx, y := l.dx.Data(), l.y.Data()
	if l.labels == nil {
		t := l.t.Contiguous().Data()
		for i := range dx {
			dx[i] = (y[i] - t[i]) / n
		}
		return l.dx
	}
	copy(dx, y)
	k := l.y.Dim(l.y.NDim() - 1)
	for r, c := range l.labels {
		dx[r*k+c]--
	}
	for i := range dx {
		dx[i] /= n
	}
	return l.dx
}
