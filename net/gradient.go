package net

import "dlfs/tensor"

// H is the step of the numerical derivatives: 1e-4, as the book chooses.
// Much smaller steps lose every digit to rounding: in float64, 5 + 1e-50 is
// exactly 5.
const H = 1e-4

// NumericalDiff returns the central difference (f(x+h) - f(x-h)) / 2h with
// h = H, an estimate of f'(x) (数值微分) whose error shrinks with h².
//
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
//
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
//
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

// NumericalGradients returns the numerical gradient of lossW along every
// parameter, in order: the loop of the book's numerical_gradient methods,
//
//	loss_W = lambda W: self.loss(x, t)
//	grads['W1'] = numerical_gradient(loss_W, self.params['W1'])  # and so on
//
// shared by TwoLayerNet and MultiLayerNet. lossW ignores its argument and
// computes the network's loss, which reads the parameter being perturbed.
func NumericalGradients(lossW func(*tensor.Tensor) float64, params []Param) []*tensor.Tensor {
	grads := make([]*tensor.Tensor, len(params))
	for i, p := range params {
		grads[i] = NumericalGradient(lossW, p.Value)
	}
	return grads
}

// ZerosLike returns one zero tensor of each parameter's shape, in order
// (np.zeros_like for every parameter): a set of gradients, or an
// optimizer's state.
func ZerosLike(params []Param) []*tensor.Tensor {
	z := make([]*tensor.Tensor, len(params))
	for i, p := range params {
		z[i] = tensor.New(p.Value.Shape()...)
	}
	return z
}
