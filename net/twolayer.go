package net

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

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

// TwoLayerNet is the network of chapter 4 (two_layer_net.py): input → Affine
// (W1, b1) → sigmoid → Affine (W2, b2) → softmax. For MNIST it is 784-50-10.
//
// Its methods reuse internal buffers sized for the batch, so a training step
// allocates almost nothing. A TwoLayerNet is not safe for concurrent use.
type TwoLayerNet struct {
	W1, B1, W2, B2 *tensor.Tensor // (in, hidden), (hidden), (hidden, out), (out)
	params         []Param        // the same tensors, in that order
	w2T            *tensor.Tensor // view of W2ᵀ for backward
	bufs           map[int]*buffers
}

// buffers holds the intermediate values of one forward and backward pass
// for a batch of a given size.
type buffers struct {
	a1, z1, z1T, y *tensor.Tensor // (n, hidden), (n, hidden), (hidden, n), (n, out)
	dy, dz1        *tensor.Tensor // (n, out), (n, hidden)
}

// NewTwoLayerNet returns a network with weights drawn from N(0, std²) by rng
// (W1 first, then W2, row by row) and zero biases, as the book's constructor
// does with weight_init_std = std (the book uses 0.01).
func NewTwoLayerNet(rng *rand.Rand, input, hidden, output int, std float64) *TwoLayerNet {
	w1 := tensor.RandN(rng, std, input, hidden)
	w2 := tensor.RandN(rng, std, hidden, output)
	return NewTwoLayerNetFrom(w1, tensor.New(hidden), w2, tensor.New(output))
}

// NewTwoLayerNetFrom builds a network around the given parameters (kept, not
// copied), e.g. the book's own initial weights for a comparison. It panics if
// their shapes do not chain.
func NewTwoLayerNetFrom(w1, b1, w2, b2 *tensor.Tensor) *TwoLayerNet {
	if w1.NDim() != 2 || w2.NDim() != 2 || b1.NDim() != 1 || b2.NDim() != 1 ||
		w1.Dim(1) != b1.Dim(0) || w1.Dim(1) != w2.Dim(0) || w2.Dim(1) != b2.Dim(0) {
		panic(&tensor.ShapeError{Op: "NewTwoLayerNetFrom", A: w1.Shape(), B: w2.Shape(),
			Why: "need W1 (in, hidden), b1 (hidden), W2 (hidden, out), b2 (out)"})
	}
	return &TwoLayerNet{
		params: []Param{{"W1", w1}, {"b1", b1}, {"W2", w2}, {"b2", b2}},
		W1:     w1, B1: b1, W2: w2, B2: b2,
		w2T:  w2.T(),
		bufs: map[int]*buffers{},
	}
}

// Params returns the parameters in their fixed order: W1, b1, W2, b2. The
// tensors are the network's own: updating them updates the network.
func (n *TwoLayerNet) Params() []Param { return n.params }

func (n *TwoLayerNet) buffers(rows int) *buffers {
	b := n.bufs[rows]
	if b == nil {
		h, o := n.W1.Dim(1), n.W2.Dim(1)
		b = &buffers{a1: tensor.New(rows, h), z1: tensor.New(rows, h), y: tensor.New(rows, o),
			dy: tensor.New(rows, o), dz1: tensor.New(rows, h)}
		b.z1T = b.z1.T()
		if len(n.bufs) > 4 { // evaluation with odd batch sizes: don't hoard
			clear(n.bufs)
		}
		n.bufs[rows] = b
	}
	return b
}

// Clone returns a network with copies of n's parameters and buffers of its
// own.
func (n *TwoLayerNet) Clone() *TwoLayerNet {
	return NewTwoLayerNetFrom(n.W1.Clone(), n.B1.Clone(), n.W2.Clone(), n.B2.Clone())
}

func (n *TwoLayerNet) checkInput(op string, x *tensor.Tensor) {
	if x.NDim() != 2 || x.Dim(1) != n.W1.Dim(0) {
		panic(&tensor.ShapeError{Op: "TwoLayerNet." + op, A: x.Shape(), B: n.W1.Shape(), Why: "x must be (batch, inputs) for W1 (inputs, hidden)"})
	}
}

// forward runs the network on x (batch, in) and returns the buffers, with
// b.y holding the softmax probabilities.
func (n *TwoLayerNet) forward(x *tensor.Tensor) *buffers {
	n.checkInput("forward", x)
	b := n.buffers(x.Dim(0))
	tensor.MatMul(b.a1, x, n.W1)
	tensor.AddRow(b.a1, b.a1, n.B1)
	Sigmoid(b.z1, b.a1)
	tensor.MatMul(b.y, b.z1, n.W2)
	tensor.AddRow(b.y, b.y, n.B2)
	Softmax(b.y, b.y)
	return b
}

// Predict returns the softmax probabilities, (batch, out), for x (batch,
// in). A nil dst allocates.
func (n *TwoLayerNet) Predict(dst, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Copy(dst, n.forward(x).y)
}

// Loss returns the mean cross-entropy of the predictions for x against the
// one-hot targets t (batch, out).
func (n *TwoLayerNet) Loss(x, t *tensor.Tensor) float64 {
	return CrossEntropyError(n.forward(x).y, t)
}

// Accuracy returns the fraction of rows of x whose largest output is the
// label.
func (n *TwoLayerNet) Accuracy(x *tensor.Tensor, labels []int) float64 {
	return float64(n.Correct(x, labels)) / float64(x.Dim(0))
}

// Correct returns how many rows of x are classified as their label, so that
// accuracy over a large set can be summed batch by batch.
func (n *TwoLayerNet) Correct(x *tensor.Tensor, labels []int) int {
	y := n.forward(x).y
	if len(labels) != y.Dim(0) {
		panic(&tensor.ShapeError{Op: "TwoLayerNet.Correct", A: x.Shape(), B: []int{len(labels)}, Why: "need one label per row (x, labels)"})
	}
	c, k, d := 0, y.Dim(1), y.Data()
	for i, l := range labels {
		row, best := d[i*k:(i+1)*k], 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		if best == l {
			c++
		}
	}
	return c
}

// NumericalGradient returns ∂Loss/∂p for every parameter, in Params() order,
// by central differences: two full forward passes per parameter element
// (79,520 passes for 784-50-10). progress, if not nil, is called now and then
// with the number of elements done and the total, one call at a time.
//
// It is the book's numerical_gradient run on every parameter, with one
// difference: the elements are shared among one copy of the network per CPU,
// each perturbing its own copy, so the passes run in parallel with no
// locking. Every element is computed by the same operations as in the
// serial loop, so the result does not depend on the number of CPUs.
func (n *TwoLayerNet) NumericalGradient(x, t *tensor.Tensor, progress func(done, total int)) []*tensor.Tensor {
	total := 0
	grads := make([]*tensor.Tensor, len(n.params))
	for i, p := range n.params {
		total += p.Value.Size()
		grads[i] = tensor.New(p.Value.Shape()...)
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), total/64))
	var done atomic.Int64
	var mu sync.Mutex // progress is called one call at a time
	report := func(d int) {
		mu.Lock()
		defer mu.Unlock()
		progress(d, total)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := n.Clone()
			lossW := func(*tensor.Tensor) float64 { return c.Loss(x, t) }
			var step func(int)
			if progress != nil {
				pending := 0
				step = func(int) {
					if pending++; pending == 64 {
						report(int(done.Add(64)))
						pending = 0
					}
				}
			}
			for i, p := range c.params {
				size := p.Value.Size()
				lo, hi := size*w/workers, size*(w+1)/workers
				numericalGradientRange(grads[i], lossW, p.Value, lo, hi, step)
			}
		}()
	}
	wg.Wait()
	if progress != nil {
		progress(total, total)
	}
	return grads
}

// Gradient returns ∂Loss/∂p for every parameter, in Params() order, by the
// chain rule (note 000's gradient; chapter 5 derives it). For a batch of N
// rows:
//
//	dy  = (y - t) / N           gradient at the softmax input
//	dW2 = z1ᵀ · dy              db2 = Σrows dy
//	dz1 = (dy · W2ᵀ) ⊙ (1 - z1) ⊙ z1    sigmoid' written with its output
//	dW1 = xᵀ · dz1              db1 = Σrows dz1
//
// If grads holds tensors of the parameters' shapes they are overwritten and
// returned; otherwise new ones are allocated. The loss that the forward pass
// computed on the way is returned too, so a training loop need not run the
// network again to record it.
func (n *TwoLayerNet) Gradient(grads []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64) {
	b := n.forward(x)
	if !sameShape(b.y, t) {
		panic(&tensor.ShapeError{Op: "TwoLayerNet.Gradient", A: b.y.Shape(), B: t.Shape(), Why: "t must be one-hot (batch, out) like the output"})
	}
	if len(grads) != len(n.params) {
		grads = make([]*tensor.Tensor, len(n.params))
		for i, p := range n.params {
			grads[i] = tensor.New(p.Value.Shape()...)
		}
	}
	loss := CrossEntropyError(b.y, t)
	rows := float64(x.Dim(0))
	dy, y, tt := b.dy.Data(), b.y.Data(), t.Contiguous().Data()
	for i := range dy {
		dy[i] = (y[i] - tt[i]) / rows
	}
	tensor.MatMul(grads[2], b.z1T, b.dy)
	tensor.SumAxis(grads[3], b.dy, 0)
	tensor.MatMul(b.dz1, b.dy, n.w2T)
	dz, z := b.dz1.Data(), b.z1.Data()
	for i, zv := range z {
		dz[i] *= (1 - zv) * zv
	}
	tensor.MatMul(grads[0], x.T(), b.dz1)
	tensor.SumAxis(grads[1], b.dz1, 0)
	return grads, loss
}
