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

// MultiLayerNet is the fully connected network of chapter 6
// (multi_layer_net.py): any number of hidden Affine layers, each followed by
// ReLU or sigmoid, then an Affine output layer and SoftmaxWithLoss. With
// weight decay λ > 0 the loss gains ½λ·ΣW² over every weight matrix, and
// each weight gradient gains λ·W.
type MultiLayerNet struct {
	Sizes       []int // input, hidden..., output
	Activation  Activation
	WeightDecay float64 // λ

	params  []Param // W1, b1, W2, b2, ...
	affines []*Affine
	acts    []Layer
	last    *SoftmaxWithLoss
}

// NewMultiLayerNet returns a network input → hidden[0] → ... → output whose
// weights are drawn from N(0, s²) by rng, layer by layer, with s from init,
// and whose biases are zero.
func NewMultiLayerNet(rng *rand.Rand, input int, hidden []int, output int, act Activation, init WeightInit, weightDecay float64) *MultiLayerNet {
	sizes := append(append([]int{input}, hidden...), output)
	n := &MultiLayerNet{Sizes: sizes, Activation: act, WeightDecay: weightDecay, last: &SoftmaxWithLoss{}}
	for i := 1; i < len(sizes); i++ {
		w := tensor.RandN(rng, init.Scale(sizes[i-1]), sizes[i-1], sizes[i])
		b := tensor.New(sizes[i])
		n.params = append(n.params, Param{fmt.Sprintf("W%d", i), w}, Param{fmt.Sprintf("b%d", i), b})
		n.affines = append(n.affines, NewAffine(w, b))
		if i < len(sizes)-1 {
			n.acts = append(n.acts, act.layer())
		}
	}
	n.affines[0].NoInputGrad = true
	return n
}

// Params returns W1, b1, W2, b2, ... in order.
func (n *MultiLayerNet) Params() []Param { return n.params }

// scores runs every layer but the last and returns the output scores.
func (n *MultiLayerNet) scores(x *tensor.Tensor) *tensor.Tensor {
	for i, a := range n.affines {
		x = a.Forward(x)
		if i < len(n.acts) {
			x = n.acts[i].Forward(x)
		}
	}
	return x
}

// Predict returns the output scores (batch, out). A nil dst allocates.
func (n *MultiLayerNet) Predict(dst, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Copy(dst, n.scores(x))
}

// decay is ½λ·ΣW² over the weight matrices.
func (n *MultiLayerNet) decay() float64 {
	if n.WeightDecay == 0 {
		return 0
	}
	s := 0.0
	for _, a := range n.affines {
		s += 0.5 * n.WeightDecay * tensor.Sum(tensor.Mul(nil, a.W, a.W))
	}
	return s
}

// Loss returns the cross-entropy on (x, one-hot t) plus the weight decay.
func (n *MultiLayerNet) Loss(x, t *tensor.Tensor) float64 {
	return n.last.Forward(n.scores(x), t) + n.decay()
}

// Correct counts the rows of x classified as their label.
func (n *MultiLayerNet) Correct(x *tensor.Tensor, labels []int) int {
	return countCorrect(n.scores(x), labels)
}

// Accuracy returns the fraction of rows of x classified as their label.
func (n *MultiLayerNet) Accuracy(x *tensor.Tensor, labels []int) float64 {
	return float64(n.Correct(x, labels)) / float64(x.Dim(0))
}

// Gradient returns the gradients of Loss in Params order by backpropagation,
// and the loss. grads is reused when it fits.
func (n *MultiLayerNet) Gradient(grads []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64) {
	loss := n.Loss(x, t)
	dout := n.last.Backward()
	for i := len(n.affines) - 1; i >= 0; i-- {
		dout = n.affines[i].Backward(dout)
		if i > 0 {
			dout = n.acts[i-1].Backward(dout)
		}
	}
	if len(grads) != len(n.params) {
		grads = make([]*tensor.Tensor, len(n.params))
		for i, p := range n.params {
			grads[i] = tensor.New(p.Value.Shape()...)
		}
	}
	for i, a := range n.affines {
		if n.WeightDecay != 0 {
			tensor.AddScaled(grads[2*i], a.DW, n.WeightDecay, a.W) // dW + λ·W
		} else {
			tensor.Copy(grads[2*i], a.DW)
		}
		tensor.Copy(grads[2*i+1], a.DB)
	}
	return grads, loss
}

// NumericalGradient returns the gradients of Loss by central differences,
// one parameter element at a time (slow: for checking Gradient).
func (n *MultiLayerNet) NumericalGradient(x, t *tensor.Tensor) []*tensor.Tensor {
	f := func(*tensor.Tensor) float64 { return n.Loss(x, t) }
	grads := make([]*tensor.Tensor, len(n.params))
	for i, p := range n.params {
		grads[i] = NumericalGradient(f, p.Value)
	}
	return grads
}

// Clone returns an independent copy with the same parameters.
func (n *MultiLayerNet) Clone() *MultiLayerNet {
	c := &MultiLayerNet{Sizes: n.Sizes, Activation: n.Activation, WeightDecay: n.WeightDecay, last: &SoftmaxWithLoss{}}
	for i, a := range n.affines {
		w, b := a.W.Clone(), a.B.Clone()
		c.params = append(c.params, Param{n.params[2*i].Name, w}, Param{n.params[2*i+1].Name, b})
		c.affines = append(c.affines, NewAffine(w, b))
		if i < len(n.acts) {
			c.acts = append(c.acts, n.Activation.layer())
		}
	}
	c.affines[0].NoInputGrad = true
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
