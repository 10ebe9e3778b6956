package net

import "dlfs/tensor"

// H is the step of the numerical derivatives: 1e-4, as the book chooses.
// Much smaller steps lose every digit to rounding: in float64, 5 + 1e-50 is
// exactly 5.
const H = 1e-4

// NumericalGradient returns ∂f/∂x for every element of x, by the central
// difference on one element at a time. It walks x with the multi-index
// iterator, as the book's code walks np.nditer: set x[i] to x[i]+h, call f,
// set it to x[i]-h, call f, restore x[i]. So f is called 2·x.Size() times,
// must read x (or something that shares its storage) and must not keep it.
// x is restored exactly; the result has x's shape.
func NumericalGradient(f func(x *tensor.Tensor) float64, x *tensor.Tensor) *tensor.Tensor {
	return NumericalGradientProgress(f, x, nil)
}

// NumericalGradientProgress is NumericalGradient that calls progress(done,
// total) after each element, for long gradients (progress may be nil).
func NumericalGradientProgress(f func(x *tensor.Tensor) float64, x *tensor.Tensor, progress func(done, total int)) *tensor.Tensor {
	grad := tensor.New(x.Shape()...)
	total := x.Size()
	var step func(int)
	if progress != nil {
		step = func(done int) { progress(done, total) }
	}
	numericalGradientRange(grad, f, x, 0, total, step) // an exercise: ch04_solution.go
	return grad
}
