package net

import (
	"math"

	"dlfs/tensor"
)

// Step sets dst = 1 where x > 0 and 0 elsewhere: the perceptron's activation,
// whose derivative is zero almost everywhere, which is why learning cannot
// use it.
func Step(dst, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Apply(dst, x, func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return 0
	})
}

// Sigmoid sets dst = 1 / (1 + exp(-x)) element-wise.
func Sigmoid(dst, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Apply(dst, x, sigmoid)
}

func sigmoid(v float64) float64 { return 1 / (1 + exp(-v)) }

// SigmoidGrad sets dst = σ'(x) = (1 - σ(x))·σ(x), the book's sigmoid_grad.
func SigmoidGrad(dst, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Apply(dst, x, func(v float64) float64 {
		s := sigmoid(v)
		return (1 - s) * s
	})
}

// ReLU sets dst = max(0, x) element-wise: the book's np.maximum(0, x). A
// NaN stays NaN (so a diverging network still shows it) and -0 becomes 0.
func ReLU(dst, x *tensor.Tensor) *tensor.Tensor { return tensor.Maximum(dst, x, 0) }

// Softmax sets dst to the softmax of x along its last axis and returns dst:
// for a vector the probabilities of its entries, for a (batch, classes)
// matrix those of each row. The row maximum is subtracted before exp, which
// changes nothing mathematically (it cancels in the ratio) but keeps exp from
// overflowing: softmax of [1010 1000 990] is computed, not NaN.
func Softmax(dst, x *tensor.Tensor) *tensor.Tensor {
	if x.NDim() < 1 {
		panic(&tensor.ShapeError{Op: "net.Softmax", A: x.Shape(), Why: "need at least one axis"})
	}
	src := x.Contiguous()
	if dst == nil {
		dst = tensor.New(x.Shape()...)
	}
	if !dst.IsContiguous() || dst.Size() != x.Size() || dst.NDim() != x.NDim() {
		panic(&tensor.ShapeError{Op: "net.Softmax", A: dst.Shape(), B: x.Shape(), Why: "dst must be contiguous with the input's shape (dst, x)"})
	}
	softmaxRows(dst.Data(), src.Data(), x.Dim(x.NDim()-1))
	return dst
}

// softmaxRows writes the softmax of each length-n row of src into dst. The
// row's maximum is subtracted before exp: the ratio is unchanged and exp
// cannot overflow.
//
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
