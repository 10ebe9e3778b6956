package net

import "dlfs/tensor"

// H is the step of the numerical derivatives: 1e-4, as the book chooses.
// Much smaller steps lose every digit to rounding: in float64, 5 + 1e-50 is
// exactly 5.
const H = 1e-4

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
		grads[i] = NumericalGradient(lossW, p.Value) // an exercise: ch04_solution.go
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
