package net

import "dlfs/tensor"

// MulLayer is the multiplication node of a computational graph (乘法层),
// for scalars, as in the book's shopping example: forward x·y, backward
// sends dout·y to x and dout·x to y.
type MulLayer struct{ x, y float64 }

// Forward returns x·y and remembers x and y for Backward.
func (l *MulLayer) Forward(x, y float64) float64 {
	l.x, l.y = x, y
	return x * y
}

// Backward returns ∂L/∂x and ∂L/∂y given ∂L/∂out = dout: the inputs swap.
//
//dlfs:exercise net.MulLayer.Backward
func (l *MulLayer) Backward(dout float64) (dx, dy float64) {
	return dout * l.y, dout * l.x // the inputs swap places
}

// AddLayer is the addition node (加法层): forward x+y, backward passes dout
// to both inputs unchanged.
type AddLayer struct{}

// Forward returns x + y.
func (AddLayer) Forward(x, y float64) float64 { return x + y }

// Backward returns dout for both inputs.
//
//dlfs:exercise net.AddLayer.Backward
func (AddLayer) Backward(dout float64) (dx, dy float64) {
	return dout, dout
}

// A Layer is one step of a network that runs forward and backward on
// batches (chapter 5). Forward keeps what Backward needs; Backward takes
// ∂L/∂out, of the output's shape, and returns ∂L/∂x, of the input's shape.
// The tensors returned belong to the layer and are overwritten by its next
// call, so a network allocates its buffers once per batch size.
type Layer interface {
	Forward(x *tensor.Tensor) *tensor.Tensor
	Backward(dout *tensor.Tensor) *tensor.Tensor
}

// like returns buf if it has the shape of t, or a new tensor that has.
func like(buf, t *tensor.Tensor) *tensor.Tensor {
	if buf != nil && sameShape(buf, t) {
		return buf
	}
	return tensor.New(t.Shape()...)
}

// ReluLayer is the ReLU layer: out = max(0, x); backward lets the gradient through
// where x > 0 and stops it elsewhere.
type ReluLayer struct{ out, dx *tensor.Tensor }

func (l *ReluLayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.out = ReLU(like(l.out, x), x)
	return l.out
}

// Backward lets dout through where the input was positive and stops it
// elsewhere.
//
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

// SigmoidLayer is the sigmoid layer: out = 1/(1+exp(-x)); backward multiplies by
// σ'(x) = (1 - out)·out, written with the output it kept.
type SigmoidLayer struct{ out, dx *tensor.Tensor }

func (l *SigmoidLayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.out = Sigmoid(like(l.out, x), x)
	return l.out
}

// Backward returns dout ⊙ (1 - out) ⊙ out, from the output Forward kept.
//
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

// TanhLayer is the tanh layer of note 001: out = tanh(x); backward multiplies by
// 1 - tanh²(x) = 1 - out². (Note 001 writes next_dz(1 - ...), calling the
// gradient as a function; it means next_dz * (1 - ...).)
type TanhLayer struct{ out, dx *tensor.Tensor }

func (l *TanhLayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.out = Tanh(like(l.out, x), x)
	return l.out
}

func (l *TanhLayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = like(l.dx, dout)
	d, out := dout.Contiguous().Data(), l.out.Data()
	dx := l.dx.Data()[:len(d)]
	out = out[:len(d)]
	for i, g := range d {
		dx[i] = g * (1 - float64(out[i]*out[i]))
	}
	return l.dx
}

// ELULayer is the exponential linear unit of note 001: out = x for x > 0 and
// α(eˣ - 1) otherwise; backward multiplies by 1 for x > 0 and α·eˣ
// otherwise. Note 001 uses α = 0.1.
type ELULayer struct {
	Alpha      float64
	x, out, dx *tensor.Tensor
}

func (l *ELULayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.x = x.Contiguous()
	l.out = ELU(like(l.out, x), x, l.Alpha)
	return l.out
}

func (l *ELULayer) Backward(dout *tensor.Tensor) *tensor.Tensor {
	l.dx = like(l.dx, dout)
	d, x := dout.Contiguous().Data(), l.x.Data()
	dx := l.dx.Data()[:len(d)]
	x = x[:len(d)]
	for i, g := range d {
		if x[i] > 0 {
			dx[i] = g
		} else {
			dx[i] = l.Alpha * g * exp(x[i]) // note 001: alpha * next_dz * np.exp(z)
		}
	}
	return l.dx
}

// Affine is the fully connected layer (Affine层): out = x·W + b for a batch x
// of shape (N, in), W (in, out), b (out). Backward sets DW = xᵀ·dout and
// DB = Σrows dout, and returns dx = dout·Wᵀ. An input with more than two axes,
// such as images (N, 1, 28, 28), is flattened to (N, in) and dx gets the
// input's shape back, as the book's Affine does.
type Affine struct {
	W, B   *tensor.Tensor // the parameters, shared with the network
	DW, DB *tensor.Tensor // their gradients after Backward
	// NoInputGrad skips dx, which nobody needs when x is the network's
	// input: for the first layer of 784-50-10 that is a 100·50·784 product
	// saved on every step. Backward then returns nil.
	NoInputGrad bool

	x, xT, out, dx, wT *tensor.Tensor
	inShape            []int
}

// NewAffine returns an Affine layer on the given parameters.
func NewAffine(w, b *tensor.Tensor) *Affine {
	if w.NDim() != 2 || b.NDim() != 1 || w.Dim(1) != b.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.NewAffine", A: w.Shape(), B: b.Shape(), Why: "need W (in, out) and b (out)"})
	}
	return &Affine{W: w, B: b, DW: tensor.New(w.Shape()...), DB: tensor.New(b.Shape()...), wT: w.T()}
}

func (l *Affine) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.NDim() != 2 {
		l.inShape = x.Shape()
		x = x.Reshape(x.Dim(0), -1)
	} else {
		l.inShape = nil
	}
	if x.Dim(1) != l.W.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.Affine.Forward", A: x.Shape(), B: l.W.Shape(), Why: "x must be (batch, in) for W (in, out)"})
	}
	if l.x != x {
		l.x, l.xT = x, x.T()
	}
	if l.out == nil || l.out.Dim(0) != x.Dim(0) {
		l.out = tensor.New(x.Dim(0), l.W.Dim(1))
	}
	tensor.MatMul(l.out, x, l.W)
	return tensor.AddRow(l.out, l.out, l.B)
}

// Backward sets DW = xᵀ·dout and DB = Σrows dout, and returns
// dx = dout·Wᵀ in the input's shape (nil with NoInputGrad).
//
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

// SoftmaxWithLoss is the output layer (Softmax-with-Loss层): softmax, then
// the mean cross-entropy against the targets. Its backward is the neat
// result of chapter 5: ∂L/∂x = (y - t) / N.
type SoftmaxWithLoss struct {
	y, t, dx *tensor.Tensor
	labels   []int
}

// Forward returns the loss of scores x (N, classes) against one-hot t.
func (l *SoftmaxWithLoss) Forward(x, t *tensor.Tensor) float64 {
	l.y = like(l.y, x)
	Softmax(l.y, x)
	l.t, l.labels = t, nil
	return CrossEntropyError(l.y, t)
}

// ForwardLabels returns the loss of scores x against class labels.
func (l *SoftmaxWithLoss) ForwardLabels(x *tensor.Tensor, labels []int) float64 {
	l.y = like(l.y, x)
	Softmax(l.y, x)
	l.t, l.labels = nil, labels
	return CrossEntropyErrorLabels(l.y, labels)
}

// Y returns the softmax probabilities of the last Forward.
func (l *SoftmaxWithLoss) Y() *tensor.Tensor { return l.y }

// Backward returns ∂L/∂x for dout = 1: (y - t)/N.
//
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
