package net

import (
	"math"

	"dlfs/tensor"
)

// crossEntropyLabels returns -(1/N) Σn log(y[n][labels[n]] + 1e-7) for the
// probabilities y (N, classes), contiguous, and valid labels: only the
// correct class's probability counts, so one log per row.
//dlfs:exercise net.crossEntropyLabels
func crossEntropyLabels(y *tensor.Tensor, labels []int) float64 {
	yd, k := y.Data(), y.Dim(1)
	s := 0.0
	for i, l := range labels {
		s += log(yd[i*k+l] + delta)
	}
	return -s / float64(len(labels))
}

// NumericalDiff returns the central difference (f(x+h) - f(x-h)) / 2h with
// h = H, an estimate of f'(x) (数值微分) whose error shrinks with h².
//dlfs:exercise net.NumericalDiff
func NumericalDiff(f func(float64) float64, x float64) float64 {
	return (f(x+H) - f(x-H)) / (2 * H)
}

// NumericalGradient returns ∂f/∂x for every element of x (the book's
// numerical_gradient): it walks x with the multi-index iterator, as the
// book walks np.nditer, and takes the central difference along each
// element in turn. f is called 2·x.Size() times and must read x (or
// something that shares its storage); x is restored exactly. The result
// has x's shape.
//dlfs:exercise net.NumericalGradient
func NumericalGradient(f func(x *tensor.Tensor) float64, x *tensor.Tensor) *tensor.Tensor {
	grad := tensor.New(x.Shape()...)
	g := grad.Iter()
	it := x.Iter()
	for it.Next() {
		g.Next()
		tmp := it.Value()
		it.Set(tmp + H)
		fxh1 := f(x) // f(x+h)
		it.Set(tmp - H)
		fxh2 := f(x) // f(x-h)
		g.Set((fxh1 - fxh2) / (2 * H))
		it.Set(tmp) // restore
	}
	return grad
}

// GradientDescent runs steps updates x ← x - lr·∇f(x) from init, with the
// gradient taken numerically, and returns the final point and the path
// (init first, then the point after each step). init is not modified.
//dlfs:exercise net.GradientDescent
func GradientDescent(f func(x *tensor.Tensor) float64, init *tensor.Tensor, lr float64, steps int) (*tensor.Tensor, []*tensor.Tensor) {
	x := init.Clone()
	path := []*tensor.Tensor{x.Clone()}
	for range steps {
		grad := NumericalGradient(f, x)
		tensor.AddScaled(x, x, -lr, grad)
		path = append(path, x.Clone())
	}
	return x, path
}

// softmaxRows writes the softmax of each length-n row of src into dst. The
// row's maximum is subtracted before exp: the ratio is unchanged and exp
// cannot overflow.
//dlfs:exercise net.softmaxRows
func softmaxRows(dst, src []float64, n int) {
	for i := 0; i+n <= len(src); i += n {
		in, o := src[i:i+n], dst[i:i+n]
		m := in[0]
		for _, v := range in[1:] {
			m = math.Max(m, v)
		}
		sum := 0.0
		for j, v := range in {
			e := exp(v - m)
			o[j] = e
			sum += e
		}
		for j := range o {
			o[j] /= sum
		}
	}
}

// GradientFormula returns ∂Loss/∂p for W1, b1, W2, b2 on the batch x (N,
// in) with one-hot targets t (N, out), by note 000's formulas (the book's
// gradient() of chapter 4) written out with matrix products:
//
//	a1 = x·W1 + b1, z1 = σ(a1), y = softmax(z1·W2 + b2)
//	dy  = (y - t) / N
//	dW2 = z1ᵀ·dy,  db2 = Σrows dy
//	da1 = (dy·W2ᵀ) ⊙ σ'(a1)      (for ReLU: dy·W2ᵀ where a1 > 0)
//	dW1 = xᵀ·da1,  db1 = Σrows da1
//
// Gradient computes the same through the layers of chapter 5.
//dlfs:exercise net.TwoLayerNet.GradientFormula
func (n *TwoLayerNet) GradientFormula(x, t *tensor.Tensor) []*tensor.Tensor {
	x = x.Reshape(x.Dim(0), -1)
	batch := float64(x.Dim(0))
	a1 := tensor.AddRow(nil, tensor.MatMul(nil, x, n.W1), n.B1)
	z1 := Sigmoid(nil, a1)
	if n.Activation == ReLUActivation {
		z1 = ReLU(nil, a1)
	}
	y := Softmax(nil, tensor.AddRow(nil, tensor.MatMul(nil, z1, n.W2), n.B2))
	dy := tensor.Apply(nil, tensor.Sub(nil, y, t), func(v float64) float64 { return v / batch })
	dW2, db2 := tensor.MatMul(nil, z1.T(), dy), tensor.SumAxis(nil, dy, 0)
	da1 := tensor.MatMul(nil, dy, n.W2.T())
	if n.Activation == ReLUActivation {
		tensor.Mul(da1, da1, Step(nil, a1))
	} else {
		tensor.Mul(da1, da1, SigmoidGrad(nil, a1))
	}
	dW1, db1 := tensor.MatMul(nil, x.T(), da1), tensor.SumAxis(nil, da1, 0)
	return []*tensor.Tensor{dW1, db1, dW2, db2}
}
