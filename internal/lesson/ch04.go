package lesson

import (
	"dlfs/internal/crmath"
	"fmt"
	"math"
	"time"

	"dlfs/internal/plot"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
	"dlfs/train"
)

// The seed notes this chapter retells (../shared/seeds in the project).
const (
	note000 = "000_4a8f09ffdec851c2.txt"
	note002 = "002_9e1e0e62eda0c279.txt"
	note003 = "003_1dcbbfad25182f13.txt"
)

var ch04 = &Chapter{
	ID:       "4",
	Title:    "How a neural network learns (神经网络的学习)",
	Tutorial: "tutorial/ch04.md",
	Sections: []Section{
		{"4.2.1", "Loss functions: mean squared and cross-entropy error", note002 + ` "损失函数" (均方误差, 交叉熵误差)`, "Ch04_2_1_", runLossFunctions},
		{"4.2.3", "Mini-batch learning", note002 + ` "mini-batch 学习"`, "Ch04_2_3_", runMiniBatch},
		{"4.3.1", "Numerical differentiation", note002 + ` "数值微分" (导数)`, "Ch04_3_1_", runNumericalDiff},
		{"4.3.3", "Partial derivatives", note002 + ` "偏导数"`, "Ch04_3_3_", runPartial},
		{"4.4", "The gradient", note002 + ` "梯度"`, "Ch04_4_[A-Z]", runGradient},
		{"4.4.1", "Gradient descent", note002 + ` "梯度法"`, "Ch04_4_1_", runGradientDescent},
		{"4.4.2", "The gradient of a network: simpleNet", note002 + ` "神经网络的梯度"`, "Ch04_4_2_", runSimpleNet},
		{"4.5.1", "TwoLayerNet and its numerical gradient", note002 + ` "2层神经网络的类"; ` + note003 + ` "Gradient calculation"; ` + note000 + ` numerical_grandient / gradient`, "Ch04_5_1_", runTwoLayerGradient},
		{"4.5.2", "Training with mini-batches, evaluated on test data", note002 + ` "mini-batch 的实现", "基于测试数据的评价"; ` + note003 + ` "Calculation of accuracy"; ` + note000 + ` 步骤1-4`, "Ch04_5_2_", runTraining},
	},
}

// The two predictions of the notes for an image of a 2: the first puts 0.6
// on class 2, the second puts 0.6 on class 7.
var (
	exampleT  = []float64{0, 0, 1, 0, 0, 0, 0, 0, 0, 0}
	exampleY1 = []float64{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0}
	exampleY2 = []float64{0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0}
)

// lossExamples computes both losses for both predictions.
func lossExamples() (mse1, mse2, cee1, cee2 float64) {
	t, y1, y2 := tensor.Vector(exampleT...), tensor.Vector(exampleY1...), tensor.Vector(exampleY2...)
	return net.MeanSquaredError(y1, t), net.MeanSquaredError(y2, t),
		net.CrossEntropyError(y1, t), net.CrossEntropyError(y2, t)
}

func runLossFunctions(r *Runner) error {
	mse1, mse2, cee1, cee2 := lossExamples()
	r.printf("t  = %v   (one-hot: the image is a 2)\n", tensor.Vector(exampleT...))
	r.printf("y1 = %v   (most probability on 2: right)\n", tensor.Vector(exampleY1...))
	r.printf("y2 = %v   (most probability on 7: wrong)\n\n", tensor.Vector(exampleY2...))
	r.printf("mean_squared_error(y1, t)  = %v\n", mse1)
	r.printf("mean_squared_error(y2, t)  = %v\n", mse2)
	r.printf("cross_entropy_error(y1, t) = %v\n", cee1)
	r.printf("cross_entropy_error(y2, t) = %v\n", cee2)
	r.printf("\nBoth losses are smaller for the right guess; cross-entropy only looks at the\nprobability of the correct class: -log(0.6+1e-7) and -log(0.1+1e-7).\n")
	// The book's figure of y = log x: why -log y punishes a small
	// probability of the right class without bound.
	var xs, ys []float64
	for x := 0.01; x <= 1+1e-9; x += 0.01 {
		xs, ys = append(xs, x), append(ys, crmath.Log(x))
	}
	return r.picture("ch04_log.svg", &plot.LineChart{
		Title: "y = log x: cross-entropy is -log of the right class's probability", XLabel: "x", YLabel: "y",
		Series: []plot.Series{{Name: "log x", X: xs, Y: ys}}, YMin: new(-5.0), YMax: new(0.5), Legend: "lower right",
	})
}

// batchExample stacks the two predictions into a batch of two and returns
// its cross-entropy with one-hot and with label targets.
func batchExample() (oneHot, labels float64) {
	y := tensor.FromRows([][]float64{exampleY1, exampleY2})
	t := tensor.FromRows([][]float64{exampleT, exampleT})
	return net.CrossEntropyError(y, t), net.CrossEntropyErrorLabels(y, []int{2, 2})
}

func runMiniBatch(r *Runner) error {
	oneHot, labels := batchExample()
	r.printf("batch of two rows (y1, y2), targets one-hot:   E = %v\n", oneHot)
	r.printf("batch of two rows (y1, y2), targets as labels: E = %v\n", labels)
	r.printf("(the mean of the two losses of §4.2.1: the loss of a batch is averaged, not summed)\n\n")
	rng := r.Rand(42)
	mask := make([]int, 10)
	for i := range mask {
		mask[i] = rng.IntN(60000)
	}
	r.printf("np.random.choice(60000, 10) -> %v\n", mask)
	r.printf("(drawn by Go's PCG generator with -seed=%d: the same every run, but not NumPy's numbers)\n", r.Seed)
	return nil
}

// function1 is 0.01x² + 0.1x. x² is computed first, as Python's x**2 is:
// 0.01*x*x would round (0.01·x)·x and change the last digits. The float64
// conversions keep a compiler from fusing a product and the sum into one
// instruction (arm64 may), which would change them too.
func function1(x float64) float64 { return float64(0.01*(x*x)) + float64(0.1*x) }

// function2 is x0² + x1².
func function2(x *tensor.Tensor) float64 {
	d := x.Data()
	return float64(d[0]*d[0]) + float64(d[1]*d[1])
}

// derivatives returns numerical_diff(function_1) at 5 and 10, the forward
// difference at 5 with the tiny h = 1e-50 that the book warns about, and
// the forward difference at 5 with h = 1e-4.
func derivatives() (at5, at10, tinyH, forward float64) {
	at5, at10 = net.NumericalDiff(function1, 5), net.NumericalDiff(function1, 10)
	const tiny = 1e-50
	tinyH = (function1(5+tiny) - function1(5)) / tiny
	forward = (function1(5+net.H) - function1(5)) / net.H
	return
}

func runNumericalDiff(r *Runner) error {
	at5, at10, tinyH, forward := derivatives()
	r.printf("numerical_diff(function_1, 5)  = %v   (exact: 0.2)\n", at5)
	r.printf("numerical_diff(function_1, 10) = %v   (exact: 0.3)\n", at10)
	r.printf("\nwhy h = 1e-4 and a central difference:\n")
	r.printf("  forward difference, h = 1e-50: %v   (5 + 1e-50 rounds to 5: every digit lost)\n", tinyH)
	r.printf("  forward difference, h = 1e-4:  %v   (error %.1e)\n", forward, math.Abs(forward-0.2))
	r.printf("  central difference, h = 1e-4:  %v   (error %.1e)\n", at5, math.Abs(at5-0.2))
	// gradient_1d.py: the tangent line y = f'(a)·(x - a) + f(a), with the
	// numerical f'(a), at a = 5 and a = 10.
	var xs, ys, tangent5, tangent10 []float64
	for x := 0.0; x <= 20+1e-9; x += 0.1 {
		xs = append(xs, x)
		ys = append(ys, function1(x))
		tangent5 = append(tangent5, float64(at5*(x-5))+function1(5))
		tangent10 = append(tangent10, float64(at10*(x-10))+function1(10))
	}
	if err := r.picture("ch04_derivative.svg", &plot.LineChart{
		Title: "f(x) = 0.01x² + 0.1x and its tangents at x = 5 and x = 10", XLabel: "x", YLabel: "f(x)",
		Series: []plot.Series{{Name: "f(x)", X: xs, Y: ys},
			{Name: "tangent at 5", X: xs, Y: tangent5, Dashed: true}, {Name: "tangent at 10", X: xs, Y: tangent10, Dashed: true}},
		Legend: "upper left",
	}); err != nil {
		return err
	}
	return runHSweep(r)
}

// cube is x³, the simplest function whose third derivative is not 0. At
// x = 1, in exact arithmetic, its central difference is 3 + h² and its
// forward difference 3 + 3h + h²: their truncation errors are h² and
// 3h + h², with nothing else mixed in.
func cube(x float64) float64 { return float64(x * x * x) }

// forwardDiff and centralDiff are §4.3.1's two difference quotients with
// the step h as a parameter (net.H is a constant).
func forwardDiff(f func(float64) float64, x, h float64) float64 { return (f(x+h) - f(x)) / h }
func centralDiff(f func(float64) float64, x, h float64) float64 { return (f(x+h) - f(x-h)) / (2 * h) }

// epsilon is the machine epsilon of float64, 2⁻⁵²: the gap between 1 and
// the next double.
const epsilon = 0x1p-52

// hSweep holds the errors of the numerical derivative for steps h from
// 10⁻¹ down to 10⁻¹³, four per decade.
type hSweep struct {
	H                []float64
	Forward, Central []float64 // |difference - 3| for x³ at 1
	Book             []float64 // |central difference - 0.2| for function_1 at 5
}

// sweepH computes the errors at every step.
func sweepH() hSweep {
	var s hSweep
	for k := 4; k <= 52; k++ {
		h := crmath.Pow(10, -float64(k)/4)
		if k%4 == 0 {
			h = math.Pow10(-k / 4) // the double nearest 10⁻ⁿ, as 1e-4 is written
		}
		s.H = append(s.H, h)
		s.Forward = append(s.Forward, math.Abs(forwardDiff(cube, 1, h)-3))
		s.Central = append(s.Central, math.Abs(centralDiff(cube, 1, h)-3))
		s.Book = append(s.Book, math.Abs(centralDiff(function1, 5, h)-0.2))
	}
	return s
}

// argmin returns the index of the smallest of errs.
func argmin(errs []float64) int {
	best := 0
	for i, e := range errs {
		if e < errs[best] {
			best = i
		}
	}
	return best
}

func runHSweep(r *Runner) error {
	s := sweepH()
	r.printf("\nthe error |numerical - exact| against h (x³ at 1, exact 3; function_1 at 5, exact 0.2):\n\n")
	r.printf("  h       forward, x³   central, x³   central, function_1\n")
	book := -1 // the index of h = 1e-4
	for i, h := range s.H {
		if i%4 != 0 {
			continue // the table shows one step per decade, the picture four
		}
		if h == net.H {
			book = i
		}
		r.printf("  %.0e   %-12.1e  %-12.1e  %.1e\n", h, s.Forward[i], s.Central[i], s.Book[i])
	}
	f, c := argmin(s.Forward), argmin(s.Central)
	r.printf("\nsmallest error of the %d steps: forward %.1e at h = %.1e, central %.1e at h = %.1e\n",
		len(s.H), s.Forward[f], s.H[f], s.Central[c], s.H[c])
	r.printf("where truncation meets rounding (ε = 2⁻⁵² ≈ %.1e): forward h ≈ √(ε/3) = %.1e, central h ≈ ∛(ε/2) = %.1e\n",
		epsilon, math.Sqrt(epsilon/3), crmath.Cbrt(epsilon/2))
	r.printf("the book's h = 1e-4: central %.1e on x³ (its truncation h² alone), %.1e on function_1 (rounding alone)\n",
		s.Central[book], s.Book[book])

	// The picture: the three errors; the slopes h², 3h and ε/h, each drawn
	// a little past where the other part of the error takes over, so that
	// the errors can be seen to leave them; and the book's h.
	var square, triple, rounding plot.Series
	for _, h := range s.H {
		if h >= 1e-8 {
			square.X, square.Y = append(square.X, h), append(square.Y, h*h)
		}
		if h >= 1e-9 {
			triple.X, triple.Y = append(triple.X, h), append(triple.Y, 3*h)
		}
		rounding.X, rounding.Y = append(rounding.X, h), append(rounding.Y, epsilon/h)
	}
	const blue, vermillion, green = "#0072B2", "#D55E00", "#009E73"
	square.Name, square.Color, square.Dashed = "h² (central's truncation)", blue, true
	triple.Name, triple.Color, triple.Dashed = "3h (forward's truncation)", vermillion, true
	rounding.Name, rounding.Color, rounding.Dashed = "ε/h (rounding)", "#000000", true
	return r.picture("ch04_h_sweep.svg", &plot.LineChart{
		Title: "Error of the numerical derivative against the step h", XLabel: "h", YLabel: "|numerical − exact|",
		Series: []plot.Series{
			{Name: "the book's h = 1e-4", X: []float64{net.H, net.H}, Y: []float64{1e-17, 1}, Color: "#bbbbbb"},
			{Name: "central, x³ at 1", X: s.H, Y: s.Central, Marker: "o", MarkEvery: 4, Color: blue},
			{Name: "forward, x³ at 1", X: s.H, Y: s.Forward, Marker: "s", MarkEvery: 4, Color: vermillion},
			{Name: "central, function_1 at 5", X: s.H, Y: s.Book, Marker: "^", MarkEvery: 4, Color: green},
			square, triple, rounding,
		},
		LogX: true, LogY: true, YMin: new(1e-17), YMax: new(1.0), Legend: "lower left", Width: 760, Height: 500,
	})
}

// partials returns ∂f/∂x0 and ∂f/∂x1 of x0² + x1² at (3, 4), each by
// fixing the other variable.
func partials() (d0, d1 float64) {
	d0 = net.NumericalDiff(func(x0 float64) float64 { return float64(x0*x0) + 4.0*4.0 }, 3)
	d1 = net.NumericalDiff(func(x1 float64) float64 { return 3.0*3.0 + float64(x1*x1) }, 4)
	return
}

func runPartial(r *Runner) error {
	d0, d1 := partials()
	r.printf("f(x0, x1) = x0² + x1² at (3, 4):\n")
	r.printf("∂f/∂x0 = numerical_diff(lambda x0: x0*x0 + 4.0**2, 3.0) = %v   (exact: 6)\n", d0)
	r.printf("∂f/∂x1 = numerical_diff(lambda x1: 3.0**2 + x1*x1, 4.0) = %v   (exact: 8)\n", d1)
	return nil
}

// gradientPoints are the points where the book evaluates the gradient.
var gradientPoints = [][]float64{{3, 4}, {0, 2}, {3, 0}}

func runGradient(r *Runner) error {
	for _, p := range gradientPoints {
		g := net.NumericalGradient(function2, tensor.Vector(p...))
		r.printf("numerical_gradient(function_2, %v) = %v\n", tensor.Vector(p...), g)
	}
	var q plot.Quiver
	for x0 := -2.0; x0 < 2.5-1e-9; x0 += 0.25 {
		for x1 := -2.0; x1 < 2.5-1e-9; x1 += 0.25 {
			g := net.NumericalGradient(function2, tensor.Vector(x0, x1)).Data()
			q.X, q.Y = append(q.X, x0), append(q.Y, x1)
			q.U, q.V = append(q.U, -g[0]), append(q.V, -g[1])
		}
	}
	q.Title, q.XLabel, q.YLabel = "The negative gradient of x0² + x1²", "x0", "x1"
	q.XMin, q.XMax, q.YMin, q.YMax = -2, 2, -2, 2
	q.Points = []plot.Series{{Name: "minimum (0, 0)", X: []float64{0}, Y: []float64{0}, Points: true, Marker: "+"}}
	r.printf("\nThe arrows point to the minimum and grow with the distance from it.\n")
	return r.picture("ch04_gradient_field.svg", &q)
}

// descents runs gradient descent from (-3, 4) for 100 steps with the three
// learning rates of the book.
var descentRates = []float64{0.1, 10, 1e-10}

func descend(lr float64) (*tensor.Tensor, []*tensor.Tensor) {
	return net.GradientDescent(function2, tensor.Vector(-3, 4), lr, 100)
}

func runGradientDescent(r *Runner) error {
	notes := map[float64]string{0.1: "close to the minimum (0, 0)", 10: "too large: it diverges", 1e-10: "too small: it hardly moves"}
	rates := descentRates
	if r.Set["lr"] && notes[r.LR] == "" { // -lr given: its rate too
		rates = append(rates[:len(rates):len(rates)], r.LR)
		notes[r.LR] = "your -lr"
	}
	for _, lr := range rates {
		x, _ := descend(lr)
		r.printf("gradient_descent(function_2, init_x=[-3 4], lr=%v, step_num=100) = %v   (%s)\n", lr, x, notes[lr])
	}
	// The picture is that of the book's gradient_method.py: 20 steps.
	_, path := net.GradientDescent(function2, tensor.Vector(-3, 4), 0.1, 20)
	px, py := make([]float64, len(path)), make([]float64, len(path))
	for i, p := range path {
		px[i], py[i] = p.Data()[0], p.Data()[1]
	}
	return r.picture("ch04_gradient_descent.svg", &plot.Contour{
		Title: "Gradient descent on x0² + x1², lr = 0.1, 20 steps", XLabel: "x0", YLabel: "x1",
		F:    func(x, y float64) float64 { return float64(x*x) + float64(y*y) },
		XMin: -3.5, XMax: 3.5, YMin: -4.5, YMax: 4.5,
		Paths: []plot.Series{{Name: "lr = 0.1", X: px, Y: py, Marker: "o"}},
		Mark:  []plot.Series{{Name: "minimum", X: []float64{0}, Y: []float64{0}}},
		Width: 560, Height: 620, Equal: true, // the book's circles are round
	})
}

// bookSimpleW is the weight matrix the book prints for simpleNet, to the 8
// digits it shows.
var bookSimpleW = [][]float64{{0.47355232, 0.9977393, 0.84668094}, {0.85557411, 0.03563661, 0.69422093}}

type simpleNetResult struct {
	Predict *tensor.Tensor
	Argmax  int
	Loss    float64
	DW      *tensor.Tensor
}

func simpleNet() simpleNetResult {
	n := &net.SimpleNet{W: tensor.FromRows(bookSimpleW)}
	x, t := tensor.Vector(0.6, 0.9), tensor.Vector(0, 0, 1)
	p := n.Predict(x)
	f := func(*tensor.Tensor) float64 { return n.Loss(x, t) }
	return simpleNetResult{Predict: p, Argmax: tensor.Argmax(p), Loss: n.Loss(x, t), DW: net.NumericalGradient(f, n.W)}
}

func runSimpleNet(r *Runner) error {
	s := simpleNet()
	r.printf("W (the book's, as printed) =\n%v\n", tensor.FromRows(bookSimpleW))
	r.printf("x = [0.6 0.9], t = [0 0 1]\n\n")
	r.printf("p = predict(x) = %v\n", s.Predict)
	r.printf("np.argmax(p)   = %d\n", s.Argmax)
	r.printf("loss(x, t)     = %v\n", s.Loss)
	r.printf("dW =\n%v\n", s.DW)
	r.printf("\ndW[0][0] > 0: raising w11 by h raises the loss by about %.2f·h, so w11 should go down;\n", s.DW.At(0, 0))
	r.printf("dW[1][2] < 0: raising w23 lowers the loss, by about %.2f·h, so w23 should go up.\n", -s.DW.At(1, 2))
	return nil
}

// gradientCheck is the outcome of §4.5.1.
type gradientCheck struct {
	Diffs               []net.GradientDiff // per parameter: |numerical - analytic|
	Numerical, Analytic time.Duration
	Elements            int
}

// twoLayerGradientCheck builds the network of §4.5.1 and §4.5.2, takes its
// numerical and analytic gradients on the first batch of training images,
// and compares them.
func twoLayerGradientCheck(r *Runner, data *mnist.Data, act net.Activation) gradientCheck {
	n := newTwoLayer(r, data, act)
	idx := firstN(min(r.Batch, data.Train.Len()))
	x, t := data.Train.Batch(nil, idx), data.Train.OneHot(nil, idx)
	var res gradientCheck
	for _, p := range n.Params() {
		res.Elements += p.Value.Size()
		r.printf("  %-3s %v\n", p.Name, p.Value.Shape())
	}
	start := time.Now()
	num := r.numericalGradient(n, x, t) // n.NumericalGradient(x, t), on every CPU
	res.Numerical = time.Since(start)
	start = time.Now()
	ana := n.GradientFormula(x, t)
	res.Analytic = time.Since(start)
	res.Diffs = net.CompareGradients(n.Params(), num, ana)
	return res
}

func runTwoLayerGradient(r *Runner) error {
	data, err := r.MNIST()
	if err != nil {
		return err
	}
	r.printf("TwoLayerNet(input_size=784, hidden_size=%d, output_size=10), weights N(0, 0.01²), seed %d:\n", r.Hidden, r.Seed)
	c := twoLayerGradientCheck(r, data, net.SigmoidActivation)
	r.printf("\nnumerical gradient of the loss on the first %d training images:\n", r.Batch)
	r.printf("  %d parameters × 2 forward passes = %d passes in %.2f s\n", c.Elements, 2*c.Elements, c.Numerical.Seconds())
	r.printf("  (TwoLayerNet.NumericalGradient's loop, shared between the CPUs: the same bits)\n")
	r.printf("analytic gradient (note 000's formula, TwoLayerNet.GradientFormula): %.6f s, %.0f× faster\n",
		c.Analytic.Seconds(), c.Numerical.Seconds()/max(c.Analytic.Seconds(), 1e-9))
	r.printf("\nlargest |numerical - analytic| per parameter:\n")
	for _, d := range c.Diffs {
		r.printf("  %-3s %v\n", d.Name, d.Max)
	}
	r.printf("Both gradients agree to far below the size of the gradients themselves: the\nfast formula is right, and §4.5.2 trains with it. (Chapter 5 computes the same\ngradient through its layers, TwoLayerNet.Gradient.)\n")
	return nil
}

// newTwoLayer returns the TwoLayerNet of §4.5.1, §4.5.2 and chapter 5, with
// the replay's seed and hidden size.
func newTwoLayer(r *Runner, data *mnist.Data, act net.Activation) *net.TwoLayerNet {
	return net.NewTwoLayerNet(r.Rand(1), data.Train.Rows*data.Train.Cols, r.Hidden, 10, 0.01, act)
}

// formulaNet is TwoLayerNet trained by chapter 4's gradient, note 000's
// formulas (GradientFormula, §4.5.1), as the book's ch04/train_neuralnet.py
// trains it, with the loss from a second forward pass: so chapter 4 runs on
// a student's chapter-4 code alone. Chapter 5 trains through the layers.
type formulaNet struct{ *net.TwoLayerNet }

func (n formulaNet) Gradient(_ []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64) {
	return n.GradientFormula(x, t), n.Loss(x, t)
}

// trainTwoLayer runs the training of §4.5.2 (sigmoid, by chapter 4's
// formulas) or §5.7.4 (ReLU, by backpropagation) and returns the network
// and its history.
func trainTwoLayer(r *Runner, data *mnist.Data, act net.Activation, onEval func(train.Eval)) (*net.TwoLayerNet, *train.History, error) {
	n := newTwoLayer(r, data, act)
	var m train.Model = n
	if act == net.SigmoidActivation {
		m = formulaNet{n}
	}
	report, finish := r.progress("training")
	defer finish()
	h, err := train.Run(r.Ctx, m, data, train.Config{
		Iters: r.Iters, Batch: r.Batch, LR: r.LR, Seed: r.Seed,
		OnEval: onEval, OnStep: report,
	})
	return n, h, err
}

func runTraining(r *Runner) error { return replayTraining(r, net.SigmoidActivation, "ch04") }

// replayTraining trains TwoLayerNet with the given activation, prints the
// per-epoch accuracy and draws the pictures (prefix_loss.svg and
// prefix_accuracy.svg): §4.5.2 and §5.7.4.
func replayTraining(r *Runner, act net.Activation, prefix string) error {
	data, err := r.MNIST()
	if err != nil {
		return err
	}
	r.printf("TwoLayerNet 784-%d-10 with %s, iters_num = %d, batch_size = %d, learning_rate = %v\n", r.Hidden, act, r.Iters, r.Batch, r.LR)
	r.printf("one epoch = %d updates; accuracy on all %d training and %d test images:\n\n", max(data.Train.Len()/r.Batch, 1), data.Train.Len(), data.Test.Len())
	n, h, err := trainTwoLayer(r, data, act, func(e train.Eval) {
		r.printf("epoch %2.0f  update %5d   train acc %-18v test acc %v\n", e.Epoch, e.Iter, e.TrainAcc, e.TestAcc)
	})
	if err != nil {
		return err
	}
	// The book's loop measures before the updates of each epoch; measure
	// once more after the last update, so the final figures are the net's.
	last := train.Eval{Iter: len(h.Loss), TrainAcc: train.Accuracy(n, data.Train, 0), TestAcc: train.Accuracy(n, data.Test, 0)}
	r.printf("after update %5d:     train acc %-18v test acc %v\n", last.Iter, last.TrainAcc, last.TestAcc)
	r.printf("\nfinal loss on a mini-batch: %v\n", h.Loss[len(h.Loss)-1])
	r.printf("training took %.2f s (%d updates, %d evaluations)\n", h.Elapsed.Seconds(), len(h.Loss), len(h.Evals))
	first, end := lossFell(h.Loss)
	switch {
	case last.TestAcc < 0.5 && !(end < 0.9*first):
		r.printf("the network did not learn (test accuracy %.4f; chance is 0.1; its loss went from %.3g to %.3g): try a smaller -lr.\n\n", last.TestAcc, first, end)
		r.checkLearned(last.TestAcc, h.Loss)
	case last.TestAcc < 0.5:
		r.printf("after %d updates the network is still learning: its loss fell from %.3g to %.3g (test accuracy %.4f so far); the book trains 10000.\n\n",
			len(h.Loss), first, end, last.TestAcc)
	case math.Abs(last.TrainAcc-last.TestAcc) < 0.02:
		r.printf("train and test accuracy stay close (%.4f vs %.4f): no overfitting.\n\n", last.TrainAcc, last.TestAcc)
	default:
		r.printf("train accuracy %.4f, test accuracy %.4f: the gap is a sign of overfitting.\n\n", last.TrainAcc, last.TestAcc)
	}

	epochs := make([]float64, len(h.Evals))
	trainAcc, testAcc := make([]float64, len(h.Evals)), make([]float64, len(h.Evals))
	for i, e := range h.Evals {
		epochs[i], trainAcc[i], testAcc[i] = e.Epoch, e.TrainAcc, e.TestAcc
	}
	if len(h.Evals) < 2 {
		// A run shorter than two epochs: its end is the picture's second
		// point, so that the axis spans the updates made.
		epochs = append(epochs, float64(last.Iter)/float64(max(data.Train.Len()/r.Batch, 1)))
		trainAcc, testAcc = append(trainAcc, last.TrainAcc), append(testAcc, last.TestAcc)
	}
	if err := plot.TextChart(r.Stdout, "accuracy per epoch", 60, 12, 0, 1,
		plot.Series{Name: "train acc", X: epochs, Y: trainAcc},
		plot.Series{Name: "test acc", X: epochs, Y: testAcc}); err != nil {
		return err
	}
	r.printf("\n")
	if err := r.picture(prefix+"_loss.svg", &plot.LineChart{
		Title: fmt.Sprintf("Mini-batch loss during training (%s)", act), XLabel: "iteration", YLabel: "loss",
		Series: []plot.Series{{Name: "train loss", Y: h.Loss}}, YMin: new(0.0),
	}); err != nil {
		return err
	}
	return r.picture(prefix+"_accuracy.svg", &plot.LineChart{
		Title: fmt.Sprintf("Accuracy per epoch (%s)", act), XLabel: "epochs", YLabel: "accuracy",
		Series: []plot.Series{{Name: "train acc", X: epochs, Y: trainAcc, Marker: "o"},
			{Name: "test acc", X: epochs, Y: testAcc, Dashed: true, Marker: "s"}},
		YMin: new(0.0), YMax: new(1.0), Legend: "lower right",
	})
}

// lossFell returns the loss before the first update and the mean over the
// last tenth of the updates: the network learns while the second is well
// below the first.
func lossFell(losses []float64) (first, end float64) {
	if len(losses) == 0 {
		return 0, 0
	}
	k := max(len(losses)/10, 1)
	return losses[0], mean(losses[len(losses)-k:])
}
