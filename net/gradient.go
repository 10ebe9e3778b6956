package net

import "dlfs/tensor"

// H is the step of the numerical derivatives: 1e-4, as the book chooses.
// Much smaller steps lose every digit to rounding: in float64, 5 + 1e-50 is
// exactly 5.
const H = 1e-4

// NumericalDiff returns the central difference (f(x+h) - f(x-h)) / 2h with
// h = H, an estimate of f'(x) (数值微分) whose error shrinks with h².
func NumericalDiff(f func(float64) float64, x float64) float64 {
	return (f(x+H) - f(x-H)) / (2 * H)
}

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
	numericalGradientRange(grad, f, x, 0, total, step)
	return grad
}

// numericalGradientRange fills the elements lo..hi-1 of grad, (row-major
// order) with central differences of f along the same elements of x. It is
// the loop of the book's numerical_gradient, restricted to a range so that
// several goroutines can share one gradient.
func numericalGradientRange(grad *tensor.Tensor, f func(*tensor.Tensor) float64, x *tensor.Tensor, lo, hi int, step func(done int)) {
	g := grad.IterRange(lo, hi)
	it := x.IterRange(lo, hi)
	done := 0
	for it.Next() {
		g.Next()
		tmp := it.Value()
		it.Set(tmp + H)
		fxh1 := f(x) // f(x+h)
		it.Set(tmp - H)
		fxh2 := f(x) // f(x-h)
		g.Set((fxh1 - fxh2) / (2 * H))
		it.Set(tmp) // restore
		done++
		if step != nil {
			step(done)
		}
	}
}

// GradientDescent runs steps updates x ← x - lr·∇f(x) from init, with the
// gradient taken numerically, and returns the final point and the path
// (init first, then the point after each step). init is not modified.
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
