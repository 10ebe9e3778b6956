package lesson

import (
	"fmt"
	"strings"
	"time"

	"dlfs/internal/plot"
	"dlfs/net"
	"dlfs/tensor"
)

const (
	note001 = "001_d8a8145b20e5e333.txt"
	note004 = "004_af9723f15b9494a7.txt"
	theBook = "the book, §5.4 (the notes start from the layers)"
)

var ch05 = &Chapter{
	ID:       "5",
	Title:    "Backpropagation (误差反向传播法)",
	Tutorial: "tutorial/ch05.md",
	Sections: []Section{
		{"5.4.1", "A computational graph: buying apples", theBook + ` "乘法层的实现"`, "Ch05_4_1_", runApples},
		{"5.4.2", "Apples and oranges: addition and multiplication nodes", theBook + ` "加法层的实现"`, "Ch05_4_2_", runApplesOranges},
		{"5.5", "Activation layers: ReLU, Sigmoid, Tanh, ELU", note004 + ` "6.5 构造神经网络" (Relu, Sigmoid); ` + note001 + ` "激活函数" (tanh, elu)`, "Ch05_5_", runActivationLayers},
		{"5.6", "Affine and Softmax-with-Loss layers", note004 + ` "6.5 构造神经网络" (Affine, SoftmaxWithLoss); ` + note000 + ` gradient: dy = (y - t) / batch_num`, "Ch05_6_", runAffineSoftmax},
		{"5.7.2", "Why backpropagation: one step, two ways", note000 + ` "利用数值微分法计算参数的梯度,这方法耗时长"`, "Ch05_7_2_", runStepTimes},
		{"5.7.3", "Backpropagation through TwoLayerNet: the gradient check", note004 + ` gradient(): backward through the reversed layers; ` + note000 + ` gradient`, "Ch05_7_3_", runGradientCheck},
		{"5.7.4", "Training with backpropagation", note004 + ` "6.6 opt的对比" (training loop); ` + note000 + ` training loop`, "Ch05_7_4_", runTrainingBackprop},
	},
}

func init() { Chapters = append(Chapters, ch05) }

// apples is the book's first graph: 2 apples at 100 each, 10% tax.
type applesResult struct {
	Price                   float64
	DApple, DAppleNum, DTax float64
}

func apples() applesResult {
	var mulApple, mulTax net.MulLayer
	applePrice := mulApple.Forward(100, 2)
	price := mulTax.Forward(applePrice, 1.1)
	dApplePrice, dTax := mulTax.Backward(1)
	dApple, dAppleNum := mulApple.Backward(dApplePrice)
	return applesResult{price, dApple, dAppleNum, dTax}
}

func runApples(r *Runner) error {
	a := apples()
	r.printf("apple = 100, apple_num = 2, tax = 1.1\n\n")
	r.printf("forward:  price = (apple × apple_num) × tax = %v\n", a.Price)
	r.printf("backward from dprice = 1:\n")
	r.printf("  dapple     = %v   (each yen on the apple price adds 2.2 yen)\n", a.DApple)
	r.printf("  dapple_num = %v\n", a.DAppleNum)
	r.printf("  dtax       = %v\n", a.DTax)
	r.printf("\nA multiplication node sends back the upstream gradient times the *other* input.\n")
	r.printf("(220.00000000000003, not 220: 1.1 has no exact binary form.)\n")
	return nil
}

type fruitResult struct {
	Price                                        float64
	DAppleNum, DApple, DOrange, DOrangeNum, DTax float64
}

func applesOranges() fruitResult {
	var mulApple, mulOrange, mulTax net.MulLayer
	var add net.AddLayer
	applePrice := mulApple.Forward(100, 2)
	orangePrice := mulOrange.Forward(150, 3)
	all := add.Forward(applePrice, orangePrice)
	price := mulTax.Forward(all, 1.1)
	dAll, dTax := mulTax.Backward(1)
	dApplePrice, dOrangePrice := add.Backward(dAll)
	dOrange, dOrangeNum := mulOrange.Backward(dOrangePrice)
	dApple, dAppleNum := mulApple.Backward(dApplePrice)
	return fruitResult{price, dAppleNum, dApple, dOrange, dOrangeNum, dTax}
}

func runApplesOranges(r *Runner) error {
	f := applesOranges()
	r.printf("2 apples at 100, 3 oranges at 150, tax 1.1\n\n")
	r.printf("forward:  price = (100×2 + 150×3) × 1.1 = %v\n", f.Price)
	r.printf("backward: dapple_num = %v, dapple = %v\n", f.DAppleNum, f.DApple)
	r.printf("          dorange = %v, dorange_num = %v\n", f.DOrange, f.DOrangeNum)
	r.printf("          dtax = %v\n", f.DTax)
	r.printf("\nAn addition node passes the gradient through unchanged to both inputs.\n")
	return nil
}

// layerCheck runs a layer forward and backward on x with upstream gradient
// dout, and compares its dx with the numerical gradient of Σ out ⊙ dout.
func layerCheck(l net.Layer, x, dout *tensor.Tensor) (out, dx *tensor.Tensor, maxDiff float64) {
	out = l.Forward(x).Clone()
	dx = l.Backward(dout).Clone()
	num := net.NumericalGradient(func(x *tensor.Tensor) float64 {
		return tensor.Sum(tensor.Mul(nil, l.Forward(x), dout))
	}, x)
	return out, dx, tensor.MaxAbsDiff(num, dx)
}

// activationLayers are the layers of §5.5, in the order printed.
func activationLayers() []struct {
	Name  string
	Layer net.Layer
} {
	return []struct {
		Name  string
		Layer net.Layer
	}{{"ReLU", &net.ReluLayer{}}, {"Sigmoid", &net.SigmoidLayer{}}, {"Tanh", &net.TanhLayer{}}, {"ELU(α=0.1)", &net.ELULayer{Alpha: 0.1}}}
}

var activationInput = []float64{-2, -0.5, 0.5, 2}

func runActivationLayers(r *Runner) error {
	x := tensor.Vector(activationInput...)
	dout := tensor.Vector(1, 1, 1, 1)
	r.printf("x = %v, upstream gradient dout = %v\n", x, dout)
	for _, a := range activationLayers() {
		out, dx, d := layerCheck(a.Layer, x, dout)
		r.printf("\n%s\n  forward  %v\n  backward %v\n  max |backward - numerical| = %v\n", a.Name, out, dx, d)
	}
	r.printf("\nNote 001's tanh_backward returns next_dz(1 - np.square(np.tanh(z))): it calls the\n")
	r.printf("gradient as a function and fails. It means next_dz * (1 - tanh(z)²), which TanhLayer\n")
	r.printf("computes from the output it kept: dx = dout · (1 - out²).\n")
	return nil
}

func runAffineSoftmax(r *Runner) error {
	rng := r.Rand(5)
	w, b := tensor.RandN(rng, 1, 3, 2), tensor.Vector(0.1, -0.2)
	aff := net.NewAffine(w, b)
	x := tensor.RandN(rng, 1, 4, 3)
	dout := tensor.RandN(rng, 1, 4, 2)
	out, dx, d := layerCheck(aff, x, dout)
	r.printf("Affine: x (4, 3) · W (3, 2) + b (2) = out %v\n", out.Shape())
	r.printf("  backward: dx %v, dW %v, db %v; max |dx - numerical| = %v\n", dx.Shape(), aff.DW.Shape(), aff.DB.Shape(), d)
	dW := net.NumericalGradient(func(*tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, aff.Forward(x), dout)) }, w)
	aff.Forward(x)
	aff.Backward(dout)
	r.printf("  max |dW - numerical| = %v\n\n", tensor.MaxAbsDiff(dW, aff.DW))

	y, loss, dxs := softmaxExample()
	r.printf("SoftmaxWithLoss: scores %v, the correct class is 2\n", tensor.Vector(softmaxScores...))
	r.printf("  softmax  y = %v\n", y)
	r.printf("  loss       = %v\n", loss)
	r.printf("  backward   = %v   (= y - t: the error itself flows back)\n", dxs)

	g := softmaxGraph()
	r.printf("\nThe same layer as a graph of two nodes, each with its own backward pass:\n")
	r.printf("  cross-entropy node, from ∂L/∂L = 1:  ∂L/∂y   = -t/y                          = %v\n", tensor.Vector(g.DY...))
	r.printf("  softmax node, from ∂L/∂y:            ∂L/∂a_j = Σ_k ∂L/∂y_k · y_k(δ_kj - y_j) = %v\n", tensor.Vector(g.DANode...))
	if d := tensor.MaxAbsDiff(tensor.Vector(g.DANode...), tensor.Vector(g.DA...)); d == 0 {
		r.printf("  the two nodes give the layer's y - t bit for bit: the -t/y need never leave the layer\n")
	} else {
		r.printf("  the two nodes give the layer's y - t to within %.1g: the -t/y need never leave the layer\n", d)
	}
	return r.picture("ch05_softmax_with_loss.svg", softmaxDiagram(g))
}

// The book's Softmax-with-Loss example: three scores, the last class correct.
var (
	softmaxScores = []float64{0.3, 2.9, 4.0}
	softmaxTarget = []float64{0, 0, 1}
)

func softmaxExample() (y *tensor.Tensor, loss float64, dx *tensor.Tensor) {
	var l net.SoftmaxWithLoss
	loss = l.Forward(tensor.FromRows([][]float64{softmaxScores}), tensor.FromRows([][]float64{softmaxTarget}))
	return l.Y().Reshape(3).Clone(), loss, l.Backward().Reshape(3).Clone()
}

// softmaxGraphValues are the numbers on the edges of the Softmax-with-Loss
// graph for the book's example.
type softmaxGraphValues struct {
	A, T, Y []float64 // scores, one-hot target, softmax
	L       float64
	DY      []float64 // ∂L/∂y = -t/y: what the cross-entropy node sends back
	DANode  []float64 // ∂L/∂a: what the softmax node makes of DY
	DA      []float64 // ∂L/∂a as the fused layer computes it: y - t
}

// softmaxGraph splits the layer's backward pass into its two nodes: the
// cross-entropy error L = -Σ t_k log y_k sends back -t/y, and the softmax
// node multiplies that by its Jacobian ∂y_k/∂a_j = y_k(δ_kj - y_j).
func softmaxGraph() softmaxGraphValues {
	y, loss, da := softmaxExample()
	g := softmaxGraphValues{A: softmaxScores, T: softmaxTarget, Y: y.Data(), L: loss, DA: da.Data()}
	n := len(g.Y)
	g.DY, g.DANode = make([]float64, n), make([]float64, n)
	for k := range n {
		g.DY[k] = 0 - g.T[k]/g.Y[k] // 0 - rather than -: t = 0 gives 0, not -0
	}
	for j := range n {
		for k := range n {
			delta := 0.0
			if j == k {
				delta = 1
			}
			g.DANode[j] += float64(g.DY[k] * g.Y[k] * (delta - g.Y[j])) // float64(): no fused multiply-add
		}
	}
	return g
}

// softmaxDiagram draws the graph of the book's figure for the layer: the
// scores into Softmax, y into Cross Entropy Error with t, L out; forward
// values above the arrows, gradients below, to 4 digits.
func softmaxDiagram(g softmaxGraphValues) *plot.Diagram {
	v := func(x float64) string { return strings.Replace(fmt.Sprintf("%.4g", x), "-", "−", 1) }
	sub := []string{"₁", "₂", "₃"}
	d := &plot.Diagram{
		Title: fmt.Sprintf("Softmax-with-Loss for the scores (%s), the third class correct", strings.Join(mapf(g.A, v), ", ")),
		Width: 800, Height: 400,
		Nodes: []plot.Node{
			{Label: "Softmax", X: 300, Y: 175, W: 110, H: 230},
			{Label: "Cross\nEntropy\nError", X: 590, Y: 175, W: 130, H: 230},
		},
		ForwardLegend:  "forward: the values (above the arrows)",
		BackwardLegend: "backward: the gradients ∂L/∂· (below)",
	}
	for k := range g.Y {
		y := float64(95 + 80*k)
		d.Edges = append(d.Edges,
			plot.Edge{X1: 40, Y1: y, X2: 245, Y2: y,
				Forward: "a" + sub[k] + " = " + v(g.A[k]), Backward: "y" + sub[k] + " − t" + sub[k] + " = " + v(g.DANode[k])},
			plot.Edge{X1: 355, Y1: y, X2: 525, Y2: y,
				Forward: "y" + sub[k] + " = " + v(g.Y[k]), Backward: "−t" + sub[k] + "/y" + sub[k] + " = " + v(g.DY[k])})
	}
	d.Edges = append(d.Edges,
		plot.Edge{X1: 590, Y1: 345, X2: 590, Y2: 290, Forward: "t = (" + strings.Join(mapf(g.T, v), ", ") + ")"},
		plot.Edge{X1: 655, Y1: 175, X2: 780, Y2: 175, Forward: "L = " + v(g.L), Backward: "∂L/∂L = 1"})
	return d
}

// mapf applies f to every element of xs.
func mapf(xs []float64, f func(float64) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// gradientCheckBatch is the book's gradient_check.py: numerical against
// backprop gradients of the ReLU TwoLayerNet on the first 3 training images.
func gradientCheckBatch(r *Runner) ([]net.GradientDiff, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	n := newTwoLayer(r, data, net.ReLUActivation)
	idx := []int{0, 1, 2}
	x, t := data.Train.Batch(nil, idx), data.Train.OneHot(nil, idx)
	num := n.NumericalGradient(x, t)
	bp, _ := n.Gradient(nil, x, t)
	return net.CompareGradients(n.Params(), num, bp), nil
}

func runGradientCheck(r *Runner) error {
	r.printf("TwoLayerNet 784-%d-10, Affine → ReLU → Affine → SoftmaxWithLoss, first 3 training images\n", r.Hidden)
	r.printf("backprop: loss forward, then dout = 1 backward through SoftmaxWithLoss, Affine2, ReLU, Affine1\n\n")
	diffs, err := gradientCheckBatch(r)
	if err != nil {
		return err
	}
	r.printf("  param   mean |numerical - backprop|   max |numerical - backprop|\n")
	for _, d := range diffs {
		r.printf("  %-5s   %-29v   %v\n", d.Name, d.Mean, d.Max)
	}
	r.printf("\nThe differences come from the numerical gradient, not from backprop: its h² error,\n")
	r.printf("rounding, and the 1e-7 inside the loss's log, which it sees and (y - t)/N leaves out.\n")
	r.printf("A wrong backward pass is off by the size of the gradient itself (go test ./net -run\n")
	r.printf("Ch05_7_3_ breaks ReLU's backward on purpose and checks that the comparison catches it).\n")
	return nil
}

// stepTimes times one numerical-gradient step and one backprop step of the
// ReLU network on the same batch.
func stepTimes(r *Runner) (numerical, backprop time.Duration, err error) {
	data, err := r.MNIST()
	if err != nil {
		return 0, 0, err
	}
	n := newTwoLayer(r, data, net.ReLUActivation)
	idx := firstN(min(r.Batch, data.Train.Len()))
	x, t := data.Train.Batch(nil, idx), data.Train.OneHot(nil, idx)
	start := time.Now()
	r.numericalGradient(n, x, t) // n.NumericalGradient(x, t), on every CPU
	numerical = time.Since(start)
	grads, _ := n.Gradient(nil, x, t) // warm the buffers
	start = time.Now()
	const reps = 20
	for range reps {
		grads, _ = n.Gradient(grads, x, t)
	}
	return numerical, time.Since(start) / reps, nil
}

func runStepTimes(r *Runner) error {
	num, bp, err := stepTimes(r)
	if err != nil {
		return err
	}
	r.printf("gradient of TwoLayerNet 784-%d-10 (ReLU) on the first %d training images:\n", r.Hidden, r.Batch)
	r.printf("  numerical (2 forward passes per parameter): %.2f s\n", num.Seconds())
	r.printf("    (TwoLayerNet.NumericalGradient's loop, shared between the CPUs: the same bits)\n")
	r.printf("  backpropagation (1 forward + 1 backward):   %.3f ms\n", float64(bp.Microseconds())/1000)
	r.printf("  backpropagation is %.0f× faster; the %d training steps of §5.7.4 would take\n", num.Seconds()/bp.Seconds(), r.Iters)
	r.printf("  %.1f hours with numerical gradients.\n", num.Hours()*float64(r.Iters))
	return nil
}

func runTrainingBackprop(r *Runner) error { return replayTraining(r, net.ReLUActivation, "ch05") }
