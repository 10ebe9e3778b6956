package net

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"dlfs/tensor"
)

// WeightInit chooses the standard deviation of a layer's initial weights
// from the number of inputs of the layer (its fan-in).
type WeightInit struct {
	Name  string
	scale func(fanIn int) float64
}

// Std returns a WeightInit with the same standard deviation everywhere.
func Std(s float64) WeightInit {
	return WeightInit{Name: strconv.FormatFloat(s, 'g', -1, 64), scale: func(int) float64 { return s }}
}

var (
	// He is √(2/n) for n inputs: the scale that keeps ReLU activations
	// spread out layer after layer (He et al., 2015).
	He = WeightInit{Name: "He", scale: func(n int) float64 { return math.Sqrt(2 / float64(n)) }}
	// Xavier is √(1/n) for n inputs: the scale for sigmoid and tanh
	// (Glorot & Bengio, 2010), in the book's simplified form.
	Xavier = WeightInit{Name: "Xavier", scale: func(n int) float64 { return math.Sqrt(1 / float64(n)) }}
)

// Scale returns the standard deviation for a layer with fanIn inputs.
func (w WeightInit) Scale(fanIn int) float64 { return w.scale(fanIn) }

// ParseWeightInit reads the book's weight_init_std: "he" or "relu", "xavier"
// or "sigmoid" (any case), or a number such as "0.01".
func ParseWeightInit(s string) (WeightInit, error) {
	switch strings.ToLower(s) {
	case "he", "relu":
		return He, nil
	case "xavier", "sigmoid":
		return Xavier, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return WeightInit{}, fmt.Errorf("weight init %q: want he, relu, xavier, sigmoid or a positive number such as 0.01", s)
	}
	return Std(v), nil
}

// HeInit returns a (nIn, nOut) weight matrix drawn from N(0, 2/nIn).
//
//dlfs:exercise net.HeInit
func HeInit(rng *rand.Rand, nIn, nOut int) *tensor.Tensor {
	// A unit sums nIn terms w·z; ReLU zeroes half of z, so Var(w) = 2/nIn
	// keeps the variance of the activations from layer to layer.
	return tensor.RandN(rng, math.Sqrt(2/float64(nIn)), nIn, nOut)
}

// MultiLayerNet is the fully connected network of chapter 6
// (multi_layer_net.py): any number of hidden Affine layers, each followed by
// ReLU or sigmoid, then an Affine output layer and SoftmaxWithLoss. With
// weight decay λ > 0 the loss gains ½λ·ΣW² over every weight matrix, and
// each weight gradient gains λ·W.
//
// Built by NewMultiLayerNetExtend it is also the book's MultiLayerNetExtend
// (multi_layer_net_extend.py): each hidden layer becomes Affine, then
// BatchNormalization if asked, the activation, then Dropout if asked.
// Those two layers behave differently while training, so Predict, Loss and
// Accuracy run in test mode, as the book's do by default, and PredictMode
// and LossMode take the mode; Gradient and NumericalGradient run in
// training mode, as the book's do.
type MultiLayerNet struct {
	Sizes       []int // input, hidden..., output
	Activation  Activation
	WeightDecay float64 // λ
	Extend      Extend  // the MultiLayerNetExtend options it was built with

	params  []Param // W1, b1, [gamma1, beta1,] W2, b2, ...
	layers  []Layer // in order, as the book's OrderedDict
	affines []*Affine
	norms   []*BatchNormalization // one per hidden layer, with UseBatchNorm
	last    *SoftmaxWithLoss
}

// Extend holds the options MultiLayerNetExtend adds to MultiLayerNet.
type Extend struct {
	UseDropout   bool
	DropoutRatio float64    // the book's dropout_ration (0.5 in the book's default)
	DropoutRand  *rand.Rand // draws the dropout masks
	UseBatchNorm bool
}

// NewMultiLayerNet returns a network input → hidden[0] → ... → output whose
// weights are drawn from N(0, s²) by rng, layer by layer, with s from init,
// and whose biases are zero.
func NewMultiLayerNet(rng *rand.Rand, input int, hidden []int, output int, act Activation, init WeightInit, weightDecay float64) *MultiLayerNet {
	return NewMultiLayerNetExtend(rng, input, hidden, output, act, init, weightDecay, Extend{})
}

// NewMultiLayerNetExtend is NewMultiLayerNet with MultiLayerNetExtend's
// options: with ext.UseBatchNorm a BatchNormalization layer (γ = 1, β = 0)
// after each hidden Affine, with ext.UseDropout a Dropout layer of ratio
// ext.DropoutRatio after each hidden activation, its masks drawn by
// ext.DropoutRand (which must then not be nil). The weights are drawn as
// NewMultiLayerNet draws them, so both nets of the same rng start alike.
func NewMultiLayerNetExtend(rng *rand.Rand, input int, hidden []int, output int, act Activation, init WeightInit, weightDecay float64, ext Extend) *MultiLayerNet {
	if ext.UseDropout && ext.DropoutRand == nil {
		panic("net.NewMultiLayerNetExtend: UseDropout needs a DropoutRand for the masks")
	}
	sizes := append(append([]int{input}, hidden...), output)
	n := &MultiLayerNet{Sizes: sizes, Activation: act, WeightDecay: weightDecay, Extend: ext}
	for i := 1; i < len(sizes); i++ {
		w := tensor.RandN(rng, init.Scale(sizes[i-1]), sizes[i-1], sizes[i])
		n.addLayers(i, w, tensor.New(sizes[i]), nil)
	}
	return n
}

// addLayers appends layer i's parameters and layers: Affine on (w, b) and,
// for a hidden layer, [BatchNormalization,] activation[, Dropout]. bn, if
// not nil, is copied into the new BatchNormalization (for Clone).
func (n *MultiLayerNet) addLayers(i int, w, b *tensor.Tensor, bn *BatchNormalization) {
	a := NewAffine(w, b)
	a.NoInputGrad = i == 1
	n.params = append(n.params, Param{fmt.Sprintf("W%d", i), w}, Param{fmt.Sprintf("b%d", i), b})
	n.affines = append(n.affines, a)
	n.layers = append(n.layers, a)
	if i == len(n.Sizes)-1 {
		n.last = &SoftmaxWithLoss{}
		return
	}
	if n.Extend.UseBatchNorm {
		gamma, beta := tensor.Fill(tensor.New(n.Sizes[i]), 1), tensor.New(n.Sizes[i])
		if bn != nil {
			gamma, beta = bn.Gamma.Clone(), bn.Beta.Clone()
		}
		norm := NewBatchNormalization(gamma, beta)
		if bn != nil {
			tensor.Copy(norm.RunningMean, bn.RunningMean)
			tensor.Copy(norm.RunningVar, bn.RunningVar)
		}
		n.params = append(n.params, Param{fmt.Sprintf("gamma%d", i), gamma}, Param{fmt.Sprintf("beta%d", i), beta})
		n.norms = append(n.norms, norm)
		n.layers = append(n.layers, norm)
	}
	n.layers = append(n.layers, n.Activation.layer())
	if n.Extend.UseDropout {
		n.layers = append(n.layers, &Dropout{Ratio: n.Extend.DropoutRatio, Rand: n.Extend.DropoutRand})
	}
}

// Params returns W1, b1, W2, b2, ... in order; with batch normalization
// each hidden layer's gamma and beta follow its W and b.
func (n *MultiLayerNet) Params() []Param { return n.params }

// scores runs every layer but the last and returns the output scores.
func (n *MultiLayerNet) scores(x *tensor.Tensor, train bool) *tensor.Tensor {
	for _, l := range n.layers {
		if m, ok := l.(modeLayer); ok {
			x = m.ForwardMode(x, train)
		} else {
			x = l.Forward(x)
		}
	}
	return x
}

// Predict returns the output scores (batch, out) in test mode. A nil dst
// allocates.
func (n *MultiLayerNet) Predict(dst, x *tensor.Tensor) *tensor.Tensor {
	return n.PredictMode(dst, x, false)
}

// PredictMode returns the output scores in training mode (train) or test
// mode. A nil dst allocates.
func (n *MultiLayerNet) PredictMode(dst, x *tensor.Tensor, train bool) *tensor.Tensor {
	return tensor.Copy(dst, n.scores(x, train))
}

// decay is ½λ·ΣW² over the weight matrices.
func (n *MultiLayerNet) decay() float64 {
	if n.WeightDecay == 0 {
		return 0
	}
	ws := make([]*tensor.Tensor, len(n.affines))
	for i, a := range n.affines {
		ws[i] = a.W
	}
	return weightDecay(n.WeightDecay, ws)
}

// weightDecay returns the loss term ½λ·ΣW² summed over the weight
// matrices ws.
//
//dlfs:exercise net.weightDecay
func weightDecay(lambda float64, ws []*tensor.Tensor) float64 {
	s := 0.0
	for _, w := range ws {
		s += float64(0.5 * lambda * tensor.Sum(tensor.Mul(nil, w, w)))
	}
	return s
}

// addWeightDecay sets dst = dW + λ·W, the gradient of the loss with its
// decay term, and returns dst.
//
//dlfs:exercise net.addWeightDecay
func addWeightDecay(dst, dW *tensor.Tensor, lambda float64, w *tensor.Tensor) *tensor.Tensor {
	return tensor.AddScaled(dst, dW, lambda, w)
}

// Loss returns the cross-entropy on (x, one-hot t) plus the weight decay,
// in test mode.
func (n *MultiLayerNet) Loss(x, t *tensor.Tensor) float64 { return n.LossMode(x, t, false) }

// LossMode is Loss in training mode (train) or test mode.
func (n *MultiLayerNet) LossMode(x, t *tensor.Tensor, train bool) float64 {
	return n.last.Forward(n.scores(x, train), t) + n.decay()
}

// Correct counts the rows of x classified as their label, in test mode.
func (n *MultiLayerNet) Correct(x *tensor.Tensor, labels []int) int {
	return countCorrect(n.scores(x, false), labels)
}

// Accuracy returns the fraction of rows of x classified as their label, in
// test mode.
func (n *MultiLayerNet) Accuracy(x *tensor.Tensor, labels []int) float64 {
	return float64(n.Correct(x, labels)) / float64(x.Dim(0))
}

// Gradient returns the gradients of the training-mode loss in Params order
// by backpropagation, and that loss. grads is reused when it fits.
func (n *MultiLayerNet) Gradient(grads []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64) {
	loss := n.LossMode(x, t, true)
	dout := n.last.Backward()
	for i := len(n.layers) - 1; i >= 0; i-- {
		dout = n.layers[i].Backward(dout)
	}
	if len(grads) != len(n.params) {
		grads = ZerosLike(n.params)
	}
	k := 0
	for i, a := range n.affines {
		if n.WeightDecay != 0 {
			addWeightDecay(grads[k], a.DW, n.WeightDecay, a.W) // dW + λ·W
		} else {
			tensor.Copy(grads[k], a.DW)
		}
		tensor.Copy(grads[k+1], a.DB)
		k += 2
		if i < len(n.norms) {
			tensor.Copy(grads[k], n.norms[i].DGamma)
			tensor.Copy(grads[k+1], n.norms[i].DBeta)
			k += 2
		}
	}
	return grads, loss
}

// NumericalGradient returns the gradients of the training-mode loss by
// central differences, one parameter element at a time (slow: for checking
// Gradient). With dropout each loss draws new masks, so the differences
// mean nothing: check such a net with UseDropout off.
func (n *MultiLayerNet) NumericalGradient(x, t *tensor.Tensor) []*tensor.Tensor {
	lossW := func(*tensor.Tensor) float64 { return n.LossMode(x, t, true) }
	return NumericalGradients(lossW, n.params)
}

// Clone returns an independent copy with the same parameters and, with
// batch normalization, the same running averages, so that it predicts
// exactly as n does in test mode. Its dropout layers draw from the same
// DropoutRand as n's: do not train both at once.
func (n *MultiLayerNet) Clone() *MultiLayerNet {
	c := &MultiLayerNet{Sizes: n.Sizes, Activation: n.Activation, WeightDecay: n.WeightDecay, Extend: n.Extend}
	for i, a := range n.affines {
		var bn *BatchNormalization
		if i < len(n.norms) {
			bn = n.norms[i]
		}
		c.addLayers(i+1, a.W.Clone(), a.B.Clone(), bn)
	}
	return c
}

// countCorrect counts the rows of scores whose largest entry is the label.
func countCorrect(scores *tensor.Tensor, labels []int) int {
	if len(labels) != scores.Dim(0) {
		panic(&tensor.ShapeError{Op: "net.Correct", A: scores.Shape(), B: []int{len(labels)}, Why: "need one label per row (scores, labels)"})
	}
	c, k, d := 0, scores.Dim(1), scores.Data()
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
