package net

import (
	"math/rand/v2"

	"dlfs/tensor"
)

// Param is one named parameter of a network. Networks keep their parameters
// in a slice, in a fixed order (W1, b1, W2, b2, ...), so that every loop over
// them — an update, a gradient check, a save — visits them in the same
// order on every run. (The book uses a dict; Go maps have no order.)
type Param struct {
	Name  string
	Value *tensor.Tensor
}

// Activation chooses the hidden layer's activation function.
type Activation int

const (
	// SigmoidActivation is chapter 4's choice (two_layer_net.py of ch04).
	SigmoidActivation Activation = iota
	// ReLUActivation is chapter 5's choice (two_layer_net.py of ch05).
	ReLUActivation
)

func (a Activation) String() string {
	if a == ReLUActivation {
		return "ReLU"
	}
	return "sigmoid"
}

func (a Activation) layer() Layer {
	if a == ReLUActivation {
		return &ReluLayer{}
	}
	return &SigmoidLayer{}
}

// TwoLayerNet is the network of chapters 4 and 5: input → Affine (W1, b1) →
// activation → Affine (W2, b2) → softmax, 784-50-10 for MNIST. Chapter 4
// uses sigmoid and chapter 5 ReLU; the gradient is backpropagation through
// the layers either way (chapter 4 takes its formula on trust, chapter 5
// derives it).
//
// Its layers keep their buffers from one call to the next, so a training
// step allocates almost nothing. A TwoLayerNet is not safe for concurrent
// use; Clone gives an independent copy.
type TwoLayerNet struct {
	W1, B1, W2, B2 *tensor.Tensor // (in, hidden), (hidden), (hidden, out), (out)
	Activation     Activation
	params         []Param // the same tensors, in that order
	affine1        *Affine
	act            Layer
	affine2        *Affine
	last           *SoftmaxWithLoss
}

// NewTwoLayerNet returns a network with weights drawn from N(0, std²) by rng
// (W1 first, then W2, row by row) and zero biases, as the book's constructor
// does with weight_init_std = std (the book uses 0.01).
func NewTwoLayerNet(rng *rand.Rand, input, hidden, output int, std float64, act Activation) *TwoLayerNet {
	w1 := tensor.RandN(rng, std, input, hidden)
	w2 := tensor.RandN(rng, std, hidden, output)
	return NewTwoLayerNetFrom(w1, tensor.New(hidden), w2, tensor.New(output), act)
}

// NewTwoLayerNetFrom builds a network around the given parameters (kept, not
// copied), e.g. the book's own initial weights for a comparison. It panics if
// their shapes do not chain.
func NewTwoLayerNetFrom(w1, b1, w2, b2 *tensor.Tensor, act Activation) *TwoLayerNet {
	if w1.NDim() != 2 || w2.NDim() != 2 || b1.NDim() != 1 || b2.NDim() != 1 ||
		w1.Dim(1) != b1.Dim(0) || w1.Dim(1) != w2.Dim(0) || w2.Dim(1) != b2.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.NewTwoLayerNetFrom", A: w1.Shape(), B: w2.Shape(),
			Why: "need W1 (in, hidden), b1 (hidden), W2 (hidden, out), b2 (out)"})
	}
	n := &TwoLayerNet{
		W1: w1, B1: b1, W2: w2, B2: b2, Activation: act,
		params:  []Param{{"W1", w1}, {"b1", b1}, {"W2", w2}, {"b2", b2}},
		affine1: NewAffine(w1, b1), act: act.layer(), affine2: NewAffine(w2, b2),
		last: &SoftmaxWithLoss{},
	}
	n.affine1.NoInputGrad = true // the gradient of the input image is never used
	return n
}

// Params returns the parameters in their fixed order: W1, b1, W2, b2. The
// tensors are the network's own: updating them updates the network.
func (n *TwoLayerNet) Params() []Param { return n.params }

// Layers returns the layers in forward order: Affine, activation, Affine.
// (The SoftmaxWithLoss output layer is used by Loss and Gradient.)
func (n *TwoLayerNet) Layers() []Layer { return []Layer{n.affine1, n.act, n.affine2} }

// Clone returns a network with copies of n's parameters and buffers of its
// own.
func (n *TwoLayerNet) Clone() *TwoLayerNet {
	return NewTwoLayerNetFrom(n.W1.Clone(), n.B1.Clone(), n.W2.Clone(), n.B2.Clone(), n.Activation)
}

// scores runs the layers on x (batch, in) and returns the output scores
// (batch, out), a buffer of the last layer.
func (n *TwoLayerNet) scores(x *tensor.Tensor) *tensor.Tensor {
	if x.NDim() != 2 || x.Dim(1) != n.W1.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.TwoLayerNet", A: x.Shape(), B: n.W1.Shape(), Why: "x must be (batch, inputs) for W1 (inputs, hidden)"})
	}
	return n.affine2.Forward(n.act.Forward(n.affine1.Forward(x)))
}

// Predict returns the output scores (batch, out) for x (batch, in): the
// input of the softmax, as the book's chapter 5 predict returns. A nil dst
// allocates.
func (n *TwoLayerNet) Predict(dst, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Copy(dst, n.scores(x))
}

// Probabilities returns the softmax of the scores (batch, out): what the
// book's chapter 4 predict returns. A nil dst allocates.
func (n *TwoLayerNet) Probabilities(dst, x *tensor.Tensor) *tensor.Tensor {
	s := n.scores(x)
	if dst == nil {
		dst = tensor.New(s.Shape()...)
	}
	return Softmax(dst, s)
}

// Loss returns the mean cross-entropy of the predictions for x against the
// one-hot targets t (batch, out).
func (n *TwoLayerNet) Loss(x, t *tensor.Tensor) float64 {
	return n.last.Forward(n.scores(x), t)
}

// Accuracy returns the fraction of rows of x whose largest output is the
// label.
func (n *TwoLayerNet) Accuracy(x *tensor.Tensor, labels []int) float64 {
	return float64(n.Correct(x, labels)) / float64(x.Dim(0))
}

// Correct returns how many rows of x are classified as their label, so that
// accuracy over a large set can be summed batch by batch.
func (n *TwoLayerNet) Correct(x *tensor.Tensor, labels []int) int {
	return countCorrect(n.scores(x), labels)
}

// NumericalGradient returns ∂Loss/∂p for every parameter, in Params() order,
// by central differences (the book's numerical_gradient method): two full
// forward passes per parameter element, 79,520 passes for 784-50-10.
func (n *TwoLayerNet) NumericalGradient(x, t *tensor.Tensor) []*tensor.Tensor {
	lossW := func(*tensor.Tensor) float64 { return n.Loss(x, t) }
	return NumericalGradients(lossW, n.params)
}

// Gradient returns ∂Loss/∂p for every parameter, in Params() order, by
// backpropagation: the loss is computed forward through the layers, then
// ∂L/∂out = 1 flows back through them in reverse order, each layer turning
// the gradient of its output into that of its input (chapter 5). For the
// sigmoid net of chapter 4 this works out to note 000's formulas:
//
//	dy  = (y - t) / N           gradient at the softmax input
//	dW2 = z1ᵀ · dy              db2 = Σrows dy
//	da1 = (dy · W2ᵀ) ⊙ (1 - z1) ⊙ z1   through the sigmoid z1 = σ(a1)
//	dW1 = xᵀ · da1              db1 = Σrows da1
//
// (Note 000 calls the last gradient dz1; it is the gradient at a1.)
//
// If grads holds tensors of the parameters' shapes they are overwritten and
// returned; otherwise new ones are allocated. The loss that the forward pass
// computed on the way is returned too, so a training loop need not run the
// network again to record it.
func (n *TwoLayerNet) Gradient(grads []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64) {
	loss := n.Loss(x, t)
	dout := n.last.Backward()
	dout = n.affine2.Backward(dout)
	dout = n.act.Backward(dout)
	n.affine1.Backward(dout)
	if len(grads) != len(n.params) {
		grads = ZerosLike(n.params)
	}
	for i, g := range []*tensor.Tensor{n.affine1.DW, n.affine1.DB, n.affine2.DW, n.affine2.DB} {
		tensor.Copy(grads[i], g)
	}
	return grads, loss
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
//
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
