package net

import "dlfs/tensor"

// ForwardMode returns x ⊙ mask with a new mask while training, and
// x·(1 − Ratio) at test time.
//dlfs:exercise net.Dropout.ForwardMode
func (l *Dropout) ForwardMode(x *tensor.Tensor, train bool) *tensor.Tensor {
	xs := x.Contiguous().Data()
	l.out = like(l.out, x)
	out := l.out.Data()
	if !train {
		for i, v := range xs {
			out[i] = v * (1 - l.Ratio)
		}
		return l.out
	}
	if len(l.mask) != len(xs) {
		l.mask = make([]bool, len(xs))
	}
	for i, v := range xs {
		l.mask[i] = l.Rand.Float64() > l.Ratio // np.random.rand(*x.shape) > self.dropout_ratio
		if l.mask[i] {
			out[i] = v
		} else {
			out[i] = 0
		}
	}
	return l.out
}

// Backward lets dout through where the mask of the last training Forward
// kept the element, and stops it elsewhere.
//dlfs:exercise net.Dropout.Backward
func (l *Dropout) Backward(dout *tensor.Tensor) *tensor.Tensor {
	d := dout.Contiguous().Data()
	l.dx = like(l.dx, dout)
	dx := l.dx.Data()
	for i, g := range d {
		if l.mask[i] {
			dx[i] = g
		} else {
			dx[i] = 0
		}
	}
	return l.dx
}

// Backward is the book's backward pass through the normalization, column
// by column: β and γ first, then back through xn = xc/std, std = √(var + ε),
// var = mean(xc²) and xc = x − μ.
//dlfs:exercise net.BatchNormalization.Backward
func (l *BatchNormalization) Backward(dout *tensor.Tensor) *tensor.Tensor {
	dout = dout.Contiguous()
	if dout.NDim() != 2 {
		dout = dout.Reshape(dout.Dim(0), -1)
	}
	n, d := l.batchSize, l.Gamma.Dim(0)
	do, g, xc, xn, std := dout.Data(), l.Gamma.Data(), l.xc.Data(), l.xn.Data(), l.std.Data()
	dbeta, dgamma := l.DBeta.Data(), l.DGamma.Data()
	l.dxc, l.dx = like(l.dxc, dout), like(l.dx, dout)
	dxc, dx := l.dxc.Data(), l.dx.Data()
	dstd, dmu := make([]float64, d), make([]float64, d)
	clear(dbeta)
	clear(dgamma)
	for i := range n {
		for j := range d {
			k := i*d + j
			dbeta[j] += do[k]                            // dbeta = dout.sum(axis=0)
			dgamma[j] += float64(xn[k] * do[k])          // dgamma = np.sum(xn * dout, axis=0)
			dxn := g[j] * do[k]                          // dxn = gamma * dout
			dxc[k] = dxn / std[j]                        // dxc = dxn / std
			dstd[j] -= (dxn * xc[k]) / (std[j] * std[j]) // dstd = -np.sum((dxn * xc) / (std * std), axis=0)
		}
	}
	for i := range n {
		for j := range d {
			k := i*d + j
			dvar := 0.5 * dstd[j] / std[j]                       // dvar = 0.5 * dstd / std
			dxc[k] += float64((2.0 / float64(n)) * xc[k] * dvar) // dxc += (2.0 / N) * xc * dvar
			dmu[j] += dxc[k]                                     // dmu = np.sum(dxc, axis=0)
		}
	}
	for i := range n {
		for j := range d {
			k := i*d + j
			dx[k] = dxc[k] - dmu[j]/float64(n) // dx = dxc - dmu / N
		}
	}
	if l.inShape != nil {
		return l.dx.Reshape(l.inShape...)
	}
	return l.dx
}

// weightDecay returns the loss term ½λ·ΣW² summed over the weight
// matrices ws.
//dlfs:exercise net.weightDecay
func weightDecay(lambda float64, ws []*tensor.Tensor) float64 {
	s := 0.0
	for _, w := range ws {
		s += float64(0.5 * lambda * tensor.Sum(tensor.Mul(nil, w, w)))
	}
	return s
}

// addWeightDecay sets dst = dW + λ·W, the gradient of the loss with its
// decay term, and returns dst.
//dlfs:exercise net.addWeightDecay
func addWeightDecay(dst, dW *tensor.Tensor, lambda float64, w *tensor.Tensor) *tensor.Tensor {
	return tensor.AddScaled(dst, dW, lambda, w)
}
