package net

import (
	"fmt"
	"math"
	"math/rand/v2"

	"dlfs/tensor"
)

// This file is note 001's network, written as the note writes it: a batch
// is a matrix with one column per sample, X (features, batch); layer l has
// W[l] (n[l], n[l-1]) and B[l] (n[l], 1); forward is A = W·X + B, Z = f(A).
// The book's layers (layers.go) use the transposed layout, one row per
// sample; the maths is the same with every product transposed.

// SigmoidBackward returns nextDz ⊙ σ(z)(1 - σ(z)): note 001's
// sigmoid_backward, where nextDz is the gradient at the activation's output
// and z its input. A nil dst allocates.
func SigmoidBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	return tensor.Mul(dst, SigmoidGrad(nil, z), nextDz)
}

// Tanh returns tanh(z) element-wise (note 001's tanh_forward).
func Tanh(dst, z *tensor.Tensor) *tensor.Tensor { return tensor.Apply(dst, z, tanh) }

// TanhBackward returns nextDz ⊙ (1 - tanh²z). Note 001 writes
// next_dz(1 - np.square(np.tanh(z))), calling the gradient like a function;
// the product is what it means.
//
//dlfs:exercise net.TanhBackward
func TanhBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	d := tensor.Apply(nil, z, func(v float64) float64 { t := tanh(v); return 1 - float64(t*t) })
	return tensor.Mul(dst, nextDz, d)
}

// ReLUBackward returns nextDz where z > 0 and 0 elsewhere (note 001's
// relu_backward, np.where(np.greater(z, 0), next_dz, 0)). nextDz may be a
// view (Backward passes a transpose); a nil dst allocates.
func ReLUBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	return tensor.WherePositive(dst, z, nextDz)
}

// ELU returns z where z > 0 and α(eᶻ - 1) elsewhere (note 001's elu_forward,
// α = 0.1 there).
func ELU(dst, z *tensor.Tensor, alpha float64) *tensor.Tensor {
	return tensor.Apply(dst, z, func(v float64) float64 {
		if v > 0 {
			return v
		}
		return alpha * (exp(v) - 1)
	})
}

// ELUBackward returns nextDz where z > 0 and α·nextDz·eᶻ elsewhere.
//
//dlfs:exercise net.ELUBackward
func ELUBackward(dst, nextDz, z *tensor.Tensor, alpha float64) *tensor.Tensor {
	d := tensor.Apply(nil, z, func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return alpha * exp(v)
	})
	return tensor.Mul(dst, nextDz, d)
}

// MeanSquaredLoss returns note 001's mean_squared_loss for predictions and
// targets of shape (N, d): the mean over the N rows of Σ(y - t)², and its
// gradient y - t (the note leaves out the factor 2 and the 1/N).
func MeanSquaredLoss(yPred, yTrue *tensor.Tensor) (float64, *tensor.Tensor) {
	dy := tensor.Sub(nil, yPred, yTrue)
	sq := tensor.Mul(nil, dy, dy)
	return tensor.Sum(tensor.SumAxis(nil, sq, -1)) / float64(yPred.Dim(0)), dy
}

// CrossEntropyLossColumns returns note 001's cross_entropy_loss for scores
// and one-hot targets with one column per sample, (classes, N): the mean
// over samples of -Σ t·log(softmax), and its gradient softmax - t with the
// same shape (the 1/N is left to the caller: ColumnNet.Backward divides dA).
func CrossEntropyLossColumns(scores, yTrue *tensor.Tensor) (float64, *tensor.Tensor) {
	p := Softmax(nil, scores.T()) // (N, classes): softmax of each sample
	loss := crossEntropyRows(p, yTrue.T().Contiguous())
	return loss, p.T().Clone()
}

// crossEntropyRows returns the mean over the rows (samples) of -Σ t·log(p)
// and sets p to its gradient p - t: cross_entropy_loss with one row per
// sample, for p the softmax and t the one-hot targets, both (N, classes).
func crossEntropyRows(p, t *tensor.Tensor) float64 {
	loss := 0.0
	pd, td := p.Data(), t.Data()
	k := p.Dim(1)
	for i := 0; i < len(pd); i += k { // np.mean(np.sum(-y * np.log(p), axis=-1))
		s := 0.0
		for j := i; j < i+k; j++ {
			if td[j] != 0 {
				s += float64(-td[j] * log(pd[j]))
			}
		}
		loss += s
	}
	tensor.Sub(p, p, t)
	return loss / float64(p.Dim(0))
}

// InitColumns returns a weight matrix (nOut, nIn) initialized as note 001's
// initParam does: "rand" uniform [0, 1)·0.01, "normal" N(0, 1)·0.01, or
// "xavier" N(0, 1)/√(nOut/2) (which is He's scale taken from the wrong side:
// √(2/nOut) instead of √(2/nIn)).
func InitColumns(rng *rand.Rand, kind string, nOut, nIn int) (*tensor.Tensor, error) {
	switch kind {
	case "rand":
		w := tensor.New(nOut, nIn)
		for i := range w.Data() {
			w.Data()[i] = rng.Float64() * 0.01
		}
		return w, nil
	case "normal":
		return tensor.RandN(rng, 0.01, nOut, nIn), nil
	case "xavier":
		return tensor.RandN(rng, 1/math.Sqrt(float64(nOut)/2), nOut, nIn), nil
	}
	return nil, fmt.Errorf("net: init %q: note 001 knows rand, normal and xavier", kind)
}

// ColumnNet is note 001's fully connected ReLU network in the column layout:
// W[l] (n[l], n[l-1]), B[l] (n[l], 1); A[l] = W[l]·Z[l-1] + B[l],
// Z[l] = relu(A[l]); the prediction is the argmax of the last A.
type ColumnNet struct {
	Sizes  []int
	params []Param // W1, B1, W2, B2, ...
	A, Z   []*tensor.Tensor
	grads  []*tensor.Tensor
	// dZ[l] holds fc_backward's dz for layer l: the gradient at Z[l-1], one
	// row per sample (N, n[l-1]), as the note computes it; dA[l] the
	// gradient at A[l].
	dZ, dA []*tensor.Tensor
}

// NewColumnNet returns a network with the given layer sizes (784, 256, 128,
// 10 in the note), weights from InitColumns and zero biases.
func NewColumnNet(rng *rand.Rand, sizes []int, init string) (*ColumnNet, error) {
	n := &ColumnNet{Sizes: sizes}
	for l := 1; l < len(sizes); l++ {
		w, err := InitColumns(rng, init, sizes[l], sizes[l-1])
		if err != nil {
			return nil, err
		}
		b := tensor.New(sizes[l], 1)
		n.params = append(n.params, Param{fmt.Sprintf("W%d", l), w}, Param{fmt.Sprintf("B%d", l), b})
		n.grads = append(n.grads, tensor.New(w.Shape()...), tensor.New(b.Shape()...))
	}
	return n, nil
}

// NewColumnNetFrom builds a network around saved parameters W1, B1, W2, ...
// (kept, not copied), checking that their shapes chain.
func NewColumnNetFrom(params []Param) (*ColumnNet, error) {
	if len(params) == 0 || len(params)%2 != 0 {
		return nil, fmt.Errorf("net: need W1, B1, W2, B2, ...: got %d arrays", len(params))
	}
	n := &ColumnNet{Sizes: []int{}}
	for l := 0; l < len(params); l += 2 {
		w, b := params[l].Value, params[l+1].Value
		switch {
		case w.NDim() != 2:
			return nil, fmt.Errorf("net: %s has shape %v: want a matrix (outputs, inputs)", params[l].Name, w.Shape())
		case b.Size() != w.Dim(0):
			return nil, fmt.Errorf("net: %s has %d entries but %s %v has %d rows: W must be (outputs, inputs) with one bias per output (a transposed W, the book's row layout, looks like this)",
				params[l+1].Name, b.Size(), params[l].Name, w.Shape(), w.Dim(0))
		case l > 0 && w.Dim(1) != n.Sizes[len(n.Sizes)-1]:
			return nil, fmt.Errorf("net: %s %v takes %d inputs but the layer before it has %d outputs", params[l].Name, w.Shape(), w.Dim(1), n.Sizes[len(n.Sizes)-1])
		}
		if l == 0 {
			n.Sizes = append(n.Sizes, w.Dim(1))
		}
		n.Sizes = append(n.Sizes, w.Dim(0))
		b = b.Reshape(w.Dim(0), 1)
		n.params = append(n.params, Param{params[l].Name, w}, Param{params[l+1].Name, b})
		n.grads = append(n.grads, tensor.New(w.Shape()...), tensor.New(b.Shape()...))
	}
	return n, nil
}

// Params returns W1, B1, W2, B2, ... in order.
func (n *ColumnNet) Params() []Param { return n.params }

// Grads returns the gradients of the last Backward, in Params order.
func (n *ColumnNet) Grads() []*tensor.Tensor { return n.grads }

// Forward runs the batch x (features, N) through the network, keeping every
// A and Z for Backward, and returns the predicted class of each column: note
// 001's forward.
func (n *ColumnNet) Forward(x *tensor.Tensor) []int {
	layers := len(n.params) / 2
	if len(n.A) != layers || n.A[0].Dim(1) != x.Dim(1) {
		n.buffers(x.Dim(1))
	}
	z := x
	for l := range layers {
		w, b := n.params[2*l].Value, n.params[2*l+1].Value
		fcForward(n.A[l], w, z, b)
		ReLU(n.Z[l], n.A[l])
		z = n.Z[l]
	}
	return tensor.ArgmaxAxis(nil, n.A[layers-1], 0) // np.argmax(A3, axis=0)
}

// fcForward sets dst = w·x + b, b (n, 1) added to every column, and returns
// dst: note 001's fc_forward, np.dot(w, x) + b.
func fcForward(dst, w, x, b *tensor.Tensor) *tensor.Tensor {
	tensor.MatMul(dst, w, x)
	return tensor.AddCol(dst, dst, b)
}

// fcBackward is note 001's fc_backward for a layer A = W·Z + B with N
// samples, given nextDz, the gradient at A (n, N): it sets
//
//	dz = nextDzᵀ·W              the gradient at Z, one row per sample (N, n_prev)
//	dw = nextDz·Zᵀ / N          (the note writes np.dot(z, next_dz.T).T: the same sums)
//	db = Σcols nextDz / N
//
// dz may be nil, and is then not computed.
//
//dlfs:exercise net.ColumnNet.Backward
func fcBackward(dw, db, dz, nextDz, w, z *tensor.Tensor) {
	N := float64(z.Dim(1))
	if dz != nil {
		tensor.MatMul(dz, nextDz.T(), w)
	}
	tensor.Scale(dw, 1/N, tensor.MatMul(dw, nextDz, z.T()))
	tensor.Scale(db, 1/N, tensor.SumAxis(db.Reshape(db.Size()), nextDz, 1).Reshape(db.Shape()...))
}

// buffers makes A, Z and the gradients' matrices for batches of N columns.
func (n *ColumnNet) buffers(N int) {
	layers := len(n.params) / 2
	n.A, n.Z = make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers)
	n.dZ, n.dA = make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers)
	for l := range layers {
		out, in := n.params[2*l].Value.Dim(0), n.params[2*l].Value.Dim(1)
		n.A[l], n.Z[l], n.dA[l] = tensor.New(out, N), tensor.New(out, N), tensor.New(out, N)
		n.dZ[l] = tensor.New(N, in)
	}
}

// Step applies W ← W - lr·dW to every parameter (plain SGD, as the note).
func (n *ColumnNet) Step(lr float64) {
	for i, p := range n.params {
		tensor.AddScaled(p.Value, p.Value, -lr, n.grads[i])
	}
}

// Backward computes the gradients of the cross-entropy of the last Forward
// (on x, which must be the same batch) against the one-hot y (classes, N),
// into Grads, and returns the loss: note 001's backward. From the last
// layer down, fc_backward turns the gradient at A[l] into dW, dB and the
// gradient at Z[l-1], and relu_backward into the gradient at A[l-1].
//
//dlfs:exercise net.ColumnNet.Backward
func (n *ColumnNet) Backward(x, y *tensor.Tensor) float64 {
	last := len(n.params)/2 - 1
	loss, dA := CrossEntropyLossColumns(n.A[last], y)
	for l := last; l >= 0; l-- {
		z, dz := x, n.dZ[l]
		if l > 0 {
			z = n.Z[l-1]
		} else {
			dz = nil // the note also computes the gradient at x; nothing uses it
		}
		fcBackward(n.grads[2*l], n.grads[2*l+1], dz, dA, n.params[2*l].Value, z)
		if l > 0 {
			dA = ReLUBackward(n.dA[l-1], dz.T(), n.A[l-1])
		}
	}
	return loss
}
