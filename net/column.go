package net

import (
	"fmt"
	"math"
	"math/rand/v2"

	"dlfs/internal/parallel"
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
	s := Sigmoid(nil, z)
	return tensor.Mul(dst, tensor.Mul(s, s, tensor.Apply(nil, s, func(v float64) float64 { return 1 - v })), nextDz)
}

// Tanh returns tanh(z) element-wise (note 001's tanh_forward).
func Tanh(dst, z *tensor.Tensor) *tensor.Tensor { return tensor.Apply(dst, z, math.Tanh) }

// ReLUBackward returns nextDz where z > 0 and 0 elsewhere (note 001's
// relu_backward, np.where(np.greater(z, 0), next_dz, 0)).
func ReLUBackward(dst, nextDz, z *tensor.Tensor) *tensor.Tensor {
	mask := Step(nil, z)
	return tensor.Mul(dst, nextDz, mask)
}

// ELU returns z where z > 0 and α(eᶻ - 1) elsewhere (note 001's elu_forward,
// α = 0.1 there).
func ELU(dst, z *tensor.Tensor, alpha float64) *tensor.Tensor {
	return tensor.Apply(dst, z, func(v float64) float64 {
		if v > 0 {
			return v
		}
		return alpha * (math.Exp(v) - 1)
	})
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
				s += float64(-td[j] * math.Log(pd[j]))
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
	return nil, fmt.Errorf("init %q: note 001 knows rand, normal and xavier", kind)
}

// ColumnNet is note 001's fully connected ReLU network in the column layout:
// W[l] (n[l], n[l-1]), B[l] (n[l], 1); A[l] = W[l]·Z[l-1] + B[l],
// Z[l] = relu(A[l]); the prediction is the argmax of the last A.
type ColumnNet struct {
	Sizes  []int
	params []Param // W1, B1, W2, B2, ...
	A, Z   []*tensor.Tensor
	grads  []*tensor.Tensor
	dZ     []*tensor.Tensor // scratch for Backward
	xs     tensor.Sparse    // the last Forward's input, compressed when mostly zeros
	sparse bool
	// Copies in the transposed layout, one row per sample (see Forward):
	// wT[l] = W[l]ᵀ, zT[l] = Z[l]ᵀ, aT[l] = A[l]ᵀ, and dT[l] = dA[l-1]ᵀ for
	// Backward.
	wT, zT, aT, dT []*tensor.Tensor
	pT             *tensor.Tensor // softmax of the last layer, then its gradient
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
		return nil, fmt.Errorf("need W1, B1, W2, B2, ...: got %d arrays", len(params))
	}
	n := &ColumnNet{Sizes: []int{}}
	for l := 0; l < len(params); l += 2 {
		w, b := params[l].Value, params[l+1].Value
		switch {
		case w.NDim() != 2:
			return nil, fmt.Errorf("%s has shape %v: want a matrix (outputs, inputs)", params[l].Name, w.Shape())
		case b.Size() != w.Dim(0):
			return nil, fmt.Errorf("%s has %d entries but %s %v has %d rows: W must be (outputs, inputs) with one bias per output (a transposed W, the book's row layout, looks like this)",
				params[l+1].Name, b.Size(), params[l].Name, w.Shape(), w.Dim(0))
		case l > 0 && w.Dim(1) != n.Sizes[len(n.Sizes)-1]:
			return nil, fmt.Errorf("%s %v takes %d inputs but the layer before it has %d outputs", params[l].Name, w.Shape(), w.Dim(1), n.Sizes[len(n.Sizes)-1])
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
// A and Z for Backward, and returns the predicted class of each column.
//
// Half of each Z is zeros (ReLU), and MatMul skips the zeros of its left
// operand, not its right; so the product of a hidden layer, A = W·Z, is
// computed as Aᵀ = Zᵀ·Wᵀ, with one row per sample. Each element is the same
// sum in the same order, so the result is the same to the last bit (for
// finite weights: a skipped 0·Inf would have been NaN), at about half the
// cost. Backward works in that layout too.
func (n *ColumnNet) Forward(x *tensor.Tensor) []int {
	layers := len(n.params) / 2
	if len(n.A) != layers || n.A[0].Dim(1) != x.Dim(1) {
		n.buffers(x.Dim(1))
	}
	// An image batch is mostly zeros: compressed once here (one sample per
	// row), it serves both W1·X now and dA1·Xᵀ in Backward.
	n.xs.Set(x.T())
	n.sparse = 3*n.xs.NonZeros() <= x.Size()
	for l := range layers {
		w, b := n.params[2*l].Value, n.params[2*l+1].Value
		a, z := n.A[l], n.Z[l] // fc_forward: np.dot(w, x) + b, then relu
		if l == 0 {
			if n.sparse {
				tensor.MatMulSparseT(a, w, &n.xs)
			} else {
				tensor.MatMul(a, w, x)
			}
			addCol(a, b)
			ReLU(z, a)
			tensor.Copy(n.zT[l], z.T())
			continue
		}
		aT := n.aT[l]
		if n.wT[l] == nil {
			// A narrow layer, such as the 10 outputs: Zᵀ·Wᵀ as dot products
			// of rows (the same sums), rather than rows of Wᵀ only 10 long.
			tensor.MatMul(aT, n.zT[l-1], w.T())
		} else {
			tensor.MatMul(aT, n.zT[l-1], tensor.Copy(n.wT[l], w.T()))
		}
		tensor.AddRow(aT, aT, b.Reshape(b.Size()))
		ReLU(n.zT[l], aT)
		tensor.Copy(a, aT.T())
		tensor.Copy(z, n.zT[l].T())
	}
	if layers > 1 { // np.argmax(A3, axis=0), read from A3ᵀ's rows
		return tensor.ArgmaxAxis(nil, n.aT[layers-1], 1)
	}
	return tensor.ArgmaxAxis(nil, n.A[0], 0)
}

// buffers makes A, Z and the scratch matrices for batches of N columns.
// The transposed copies exist only where Forward and Backward use them:
// wT and dT from the second layer on (wT not for a narrow layer), pT for
// the last.
func (n *ColumnNet) buffers(N int) {
	layers := len(n.params) / 2
	n.A, n.Z, n.dZ = make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers)
	n.wT, n.zT, n.aT, n.dT = make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers), make([]*tensor.Tensor, layers)
	for l := range layers {
		out, in := n.params[2*l].Value.Dim(0), n.params[2*l].Value.Dim(1)
		n.A[l], n.Z[l], n.dZ[l] = tensor.New(out, N), tensor.New(out, N), tensor.New(in, N)
		n.zT[l], n.aT[l] = tensor.New(N, out), tensor.New(N, out)
		if l > 0 {
			n.dT[l] = tensor.New(N, in)
			if out >= 32 {
				n.wT[l] = tensor.New(in, out)
			}
		}
	}
	n.pT = tensor.New(N, n.params[2*layers-2].Value.Dim(0))
}

// lossGrad returns the cross-entropy of the last Forward against the
// one-hot y (classes, N) and its gradient softmax - y with one row per
// sample, computed as CrossEntropyLossColumns does, into a buffer.
func (n *ColumnNet) lossGrad(y *tensor.Tensor) (float64, *tensor.Tensor) {
	last := len(n.A) - 1
	if last == 0 { // Forward keeps A1ᵀ only for later layers
		tensor.Copy(n.aT[0], n.A[0].T())
	}
	Softmax(n.pT, n.aT[last])
	return crossEntropyRows(n.pT, y.T().Contiguous()), n.pT
}

// weightGrad sets layer l's dW = dA·Z[l-1]ᵀ (x for l = 0) and dB = Σcols dA,
// given dAT = dAᵀ (one row per sample). The left operand dA is read as a
// transpose in place, so that its zeros are skipped; the right one is
// Forward's compressed x or Z[l-1]ᵀ, with contiguous rows.
func (n *ColumnNet) weightGrad(l int, x, dAT *tensor.Tensor) {
	dW, dB := n.grads[2*l], n.grads[2*l+1]
	switch {
	case l == 0 && n.sparse: // np.dot(z, next_dz.T).T
		tensor.MatMulSparse(dW, dAT.T(), &n.xs)
	case l == 0:
		tensor.MatMul(dW, dAT.T(), x.T())
	default:
		tensor.MatMul(dW, dAT.T(), n.zT[l-1])
	}
	tensor.SumAxis(dB.Reshape(dB.Size()), dAT, 0) // np.sum(next_dz, axis=1)
}

// downGrad returns dA[l-1]ᵀ, the gradient for the layer below, one row per
// sample: (dA[l]ᵀ·W[l]) where A[l-1] > 0 and 0 elsewhere (fc_backward's
// np.dot(w.T, next_dz), then relu_backward). A[l-1] > 0 exactly where
// Z[l-1] > 0, which Forward kept in this layout.
func (n *ColumnNet) downGrad(l int, dAT *tensor.Tensor) *tensor.Tensor {
	dT := tensor.MatMul(n.dT[l], dAT, n.params[2*l].Value)
	d, z := dT.Data(), n.zT[l-1].Data()
	z = z[:len(d)]
	for i := range d {
		if !(z[i] > 0) {
			d[i] = 0
		}
	}
	return dT
}

// addCol adds the column b (n, 1) to every column of a (n, N).
func addCol(a, b *tensor.Tensor) {
	d, cols := a.Data(), a.Dim(1)
	add := func(lo, hi int) {
		for i, v := range b.Data()[lo:hi] {
			row := d[(lo+i)*cols : (lo+i+1)*cols]
			for j := range row {
				row[j] += v
			}
		}
	}
	if len(d) < 1<<15 {
		add(0, b.Size())
	} else {
		parallel.For(b.Size(), add)
	}
}

// Step applies W ← W - lr·dW to every parameter (plain SGD, as the note).
func (n *ColumnNet) Step(lr float64) {
	for i, p := range n.params {
		tensor.AddScaled(p.Value, p.Value, -lr, n.grads[i])
	}
}
