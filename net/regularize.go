package net

import (
	"math"
	"math/rand/v2"

	"dlfs/tensor"
)

// Chapter 6's layers with a training mode (the book's layers.py): Dropout
// and BatchNormalization behave differently while the network learns and
// when it is used. Their Forward is the training pass, as the book's
// forward(x, train_flg=True) is by default; ForwardMode(x, false) is the
// test pass. Backward always follows a training Forward.

// A modeLayer is a Layer whose forward pass depends on the mode.
type modeLayer interface {
	Layer
	ForwardMode(x *tensor.Tensor, train bool) *tensor.Tensor
}

// Dropout is the book's dropout layer (Srivastava et al., arXiv:1207.0580).
// While training, each element of x is kept where a uniform draw from Rand
// exceeds Ratio and set to 0 elsewhere; Backward lets the gradient through
// the same mask. At test time every element is kept and scaled by 1 − Ratio,
// so that its expected size matches what the next layer saw while training.
//
// This is not the "inverted" dropout of most frameworks, which divides the
// kept elements by 1 − Ratio while training and does nothing at test time.
// Both give the next layer the same expected input; the book's form puts the
// scaling at test time.
type Dropout struct {
	Ratio float64    // the fraction dropped (the book's dropout_ratio, 0.5 by default)
	Rand  *rand.Rand // draws the masks; the same seed gives the same masks

	mask    []bool // kept elements of the last training Forward
	out, dx *tensor.Tensor
}

// Forward is ForwardMode(x, true): a new mask, and x where it is set.
func (l *Dropout) Forward(x *tensor.Tensor) *tensor.Tensor { return l.ForwardMode(x, true) }

// ForwardMode returns x ⊙ mask with a new mask while training, and
// x·(1 − Ratio) at test time.
//
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
//
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

// BatchNormalization is the book's batch normalization layer (Ioffe and
// Szegedy, arXiv:1502.03167) for a batch x of shape (N, D). While training
// it normalizes each column of x by the batch's own mean μ and variance σ²,
//
//	xn = (x − μ) / √(σ² + 10e-7),   out = γ ⊙ xn + β,
//
// and keeps running averages of μ and σ² (RunningMean ← m·RunningMean +
// (1 − m)·μ, the same for RunningVar, with m = Momentum) for the test
// pass, which normalizes with them instead. ε is written 10e-7 as the book
// writes it: that is 10⁻⁶. γ and β are parameters of the network; Backward
// sets their gradients DGamma and DBeta and returns ∂L/∂x.
type BatchNormalization struct {
	Gamma, Beta             *tensor.Tensor // (D), shared with the network
	DGamma, DBeta           *tensor.Tensor // their gradients after Backward
	Momentum                float64        // of the running averages (0.9)
	RunningMean, RunningVar *tensor.Tensor // (D), zeros at first

	batchSize       int
	xc, xn, std     *tensor.Tensor // training Forward's x − μ, xn and √(σ² + ε)
	out, dx, dxc    *tensor.Tensor
	dstd, dmu, dvar []float64
	inShape         []int
}

// bnEps is the book's 10e-7.
const bnEps = 10e-7

// NewBatchNormalization returns a layer on the parameters gamma and beta
// (both of shape (D)) with momentum 0.9 and zero running averages.
func NewBatchNormalization(gamma, beta *tensor.Tensor) *BatchNormalization {
	if gamma.NDim() != 1 || beta.NDim() != 1 || gamma.Dim(0) != beta.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.NewBatchNormalization", A: gamma.Shape(), B: beta.Shape(), Why: "need gamma (D) and beta (D)"})
	}
	d := gamma.Dim(0)
	return &BatchNormalization{Gamma: gamma, Beta: beta, DGamma: tensor.New(d), DBeta: tensor.New(d),
		Momentum: 0.9, RunningMean: tensor.New(d), RunningVar: tensor.New(d)}
}

// Forward is ForwardMode(x, true).
func (l *BatchNormalization) Forward(x *tensor.Tensor) *tensor.Tensor { return l.ForwardMode(x, true) }

// ForwardMode returns γ ⊙ xn + β, with xn normalized by the batch's mean and
// variance while training (which also moves the running averages), or by
// the running averages at test time. An input with more than two axes is
// flattened to (N, D) and the output gets its shape back.
func (l *BatchNormalization) ForwardMode(x *tensor.Tensor, train bool) *tensor.Tensor {
	l.inShape = nil
	if x.NDim() != 2 {
		l.inShape = x.Shape()
		x = x.Reshape(x.Dim(0), -1)
	}
	n, d := x.Dim(0), x.Dim(1)
	if d != l.Gamma.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.BatchNormalization.Forward", A: x.Shape(), B: l.Gamma.Shape(), Why: "x must be (batch, D) for gamma (D)"})
	}
	xs := x.Contiguous().Data()
	l.out = like(l.out, x)
	out, g, b := l.out.Data(), l.Gamma.Data(), l.Beta.Data()
	rm, rv := l.RunningMean.Data(), l.RunningVar.Data()
	if train {
		l.batchSize = n
		l.xc, l.xn, l.std = like(l.xc, x), like(l.xn, x), like(l.std, l.Gamma)
		xc, xn, std := l.xc.Data(), l.xn.Data(), l.std.Data()
		mu, vr := make([]float64, d), make([]float64, d)
		for i := range n { // mu = x.mean(axis=0)
			for j := range d {
				mu[j] += xs[i*d+j]
			}
		}
		for j := range d {
			mu[j] /= float64(n)
		}
		for i := range n { // xc = x - mu; var = mean(xc**2, axis=0)
			for j := range d {
				xc[i*d+j] = xs[i*d+j] - mu[j]
				vr[j] += float64(xc[i*d+j] * xc[i*d+j])
			}
		}
		for j := range d {
			vr[j] /= float64(n)
			std[j] = math.Sqrt(vr[j] + bnEps)
		}
		for i := range n { // xn = xc / std
			for j := range d {
				xn[i*d+j] = xc[i*d+j] / std[j]
			}
		}
		for j := range d {
			rm[j] = float64(l.Momentum*rm[j]) + float64((1-l.Momentum)*mu[j])
			rv[j] = float64(l.Momentum*rv[j]) + float64((1-l.Momentum)*vr[j])
		}
		for i := range n { // out = gamma * xn + beta
			for j := range d {
				out[i*d+j] = float64(g[j]*xn[i*d+j]) + b[j]
			}
		}
	} else {
		for i := range n {
			for j := range d {
				xn := (xs[i*d+j] - rm[j]) / math.Sqrt(rv[j]+bnEps)
				out[i*d+j] = float64(g[j]*xn) + b[j]
			}
		}
	}
	if l.inShape != nil {
		return l.out.Reshape(l.inShape...)
	}
	return l.out
}

// Backward is the book's backward pass through the normalization, column
// by column: β and γ first, then back through xn = xc/std, std = √(var + ε),
// var = mean(xc²) and xc = x − μ.
//
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
