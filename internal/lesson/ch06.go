package lesson

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"dlfs/internal/exercise"
	"dlfs/internal/parallel"
	"dlfs/internal/plot"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
	"dlfs/train"
)

var ch06 = &Chapter{
	ID:       "6",
	Title:    "Learning techniques (与学习相关的技巧)",
	Tutorial: "tutorial/ch06.md",
	Sections: []Section{
		{"6.1", "Optimizers on f(x, y) = x²/20 + y²", note004 + ` "测试SGD" and 6.1–6.5 (SGD, Momentum, AdaGrad, RMSProp, Adam); the book's optimizer_compare_naive.py`, "Ch06_1_[A-Z]", runOptimizerRace},
		{"6.1.8", "MultiLayerNet's gradient check; optimizers on MNIST", note004 + ` "6.5 构造神经网络" (MultiLayerNet) and "6.6 opt的对比(基于mnist数据集)"`, "Ch06_1_8_", runOptimizersMNIST},
		{"6.2", "Weight initialization: activation histograms", note004 + ` __init_weight ('relu'/'he', 'sigmoid'/'xavier'); ` + note001 + ` "参数初始化"; the book's weight_init_activation_histogram.py`, "Ch06_2_[A-Z]", runInitHistograms},
		{"6.2.4", "Weight initialization on MNIST", note004 + ` __init_weight; ` + note001 + ` "参数初始化"; the book's weight_init_compare.py`, "Ch06_2_4_", runInitMNIST},
		{"6.3.1", "Batch normalization: the layer and its gradient check", "the book's common/layers.py BatchNormalization and ch06/batch_norm_gradient_check.py (not in the notes)", "Ch06_3_1_", runBNGradientCheck},
		{"6.3.2", "Batch normalization at 16 weight scales", "the book's ch06/batch_norm_test.py (not in the notes)", "Ch06_3_2_", runBNTest},
		{"6.4.1", "Overfitting", note004 + ` MultiLayerNet; the book's overfit_weight_decay.py with λ = 0`, "Ch06_4_1_", runOverfit},
		{"6.4.2", "Weight decay against overfitting", note004 + ` MultiLayerNet weight_decay_lambda (loss + ½λΣW², dW + λW); the book's overfit_weight_decay.py`, "Ch06_4_2_", runWeightDecay},
		{"6.4.3", "Dropout", "the book's common/layers.py Dropout, common/trainer.py and ch06/overfit_dropout.py (not in the notes)", "Ch06_4_3_", runDropout},
		{"6.5.3", "Hyper-parameter search", "the book's ch06/hyperparameter_optimization.py and common/util.py shuffle_dataset (not in the notes)", "Ch06_5_3_", runHyperParam},
	},
}

func init() { Chapters = append(Chapters, ch06) }

// RaceRates are the learning rates of §6.1's race, one per optimizer.
type RaceRates struct {
	SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam float64
}

// bookRaceRates are the book's rates for the race (RMSprop and Nesterov,
// which the book's race leaves out, at their default 0.01).
var bookRaceRates = RaceRates{SGD: 0.95, Momentum: 0.1, Nesterov: 0.01, AdaGrad: 1.5, RMSprop: 0.01, Adam: 0.3}

// A RateFlag is the command-line flag that sets one optimizer's rate in
// §6.1's race.
type RateFlag struct {
	Flag      string // "lr-sgd"
	Optimizer string // "SGD"
	Rate      *float64
}

// RaceFlags lists the flags of §6.1's race in the race's order, each
// pointing at its rate in c.Race.
func (c *Config) RaceFlags() []RateFlag {
	return []RateFlag{
		{"lr-sgd", "SGD", &c.Race.SGD}, {"lr-momentum", "Momentum", &c.Race.Momentum}, {"lr-nesterov", "Nesterov", &c.Race.Nesterov},
		{"lr-adagrad", "AdaGrad", &c.Race.AdaGrad}, {"lr-rmsprop", "RMSprop", &c.Race.RMSprop}, {"lr-adam", "Adam", &c.Race.Adam},
	}
}

// raceOptimizers are §6.1's optimizers at the given rates, in the order of
// RaceFlags, with the book's other settings (momentum 0.9, RMSprop's
// decay 0.99, Adam's β₁ 0.9 and β₂ 0.999).
func raceOptimizers(lr RaceRates) []struct {
	Name string
	Opt  train.Optimizer
} {
	return []struct {
		Name string
		Opt  train.Optimizer
	}{
		{fmt.Sprintf("SGD (lr %v)", lr.SGD), &train.SGD{LR: lr.SGD}},
		{fmt.Sprintf("Momentum (lr %v)", lr.Momentum), &train.Momentum{LR: lr.Momentum, Momentum: 0.9}},
		{fmt.Sprintf("Nesterov (lr %v)", lr.Nesterov), &train.Nesterov{LR: lr.Nesterov, Momentum: 0.9}},
		{fmt.Sprintf("AdaGrad (lr %v)", lr.AdaGrad), &train.AdaGrad{LR: lr.AdaGrad}},
		{fmt.Sprintf("RMSprop (lr %v)", lr.RMSprop), &train.RMSprop{LR: lr.RMSprop, DecayRate: 0.99}},
		{fmt.Sprintf("Adam (lr %v)", lr.Adam), &train.Adam{LR: lr.Adam, Beta1: 0.9, Beta2: 0.999}},
	}
}

// race runs 30 updates of opt on f(x, y) = x²/20 + y² from (-7, 2), with
// the exact gradient (x/10, 2y), and returns the 31 points visited.
func race(opt train.Optimizer) (xs, ys []float64) {
	x, y := tensor.Vector(-7), tensor.Vector(2)
	params := []net.Param{{Name: "x", Value: x}, {Name: "y", Value: y}}
	gx, gy := tensor.New(1), tensor.New(1)
	for range 30 {
		xs, ys = append(xs, x.Data()[0]), append(ys, y.Data()[0])
		gx.Data()[0], gy.Data()[0] = x.Data()[0]/10, 2*y.Data()[0]
		opt.Update(params, []*tensor.Tensor{gx, gy})
	}
	return append(xs, x.Data()[0]), append(ys, y.Data()[0])
}

func raceF(x, y float64) float64 { return float64(x*x)/20 + float64(y*y) }

func runOptimizerRace(r *Runner) error {
	r.printf("f(x, y) = x²/20 + y², gradient (x/10, 2y); start (-7, 2); 30 updates; the minimum is (0, 0)\n\n")
	var panels []plot.Panel
	flags, yours := r.RaceFlags(), false
	for i, o := range raceOptimizers(r.Race) {
		xs, ys := race(o.Opt)
		n := len(xs) - 1
		f, note := raceF(xs[n], ys[n]), ""
		if r.Set[flags[i].Flag] {
			note, yours = "   (your -"+flags[i].Flag+")", true
		}
		if !(f < raceF(xs[0], ys[0])) { // NaN too
			note += "   (no lower than at the start: the steps overshoot)"
		}
		r.printf("%-20s ends at (%v, %v)   f = %v%s\n", o.Name, xs[n], ys[n], f, note)
		panels = append(panels, &plot.Contour{
			Title: o.Name, XLabel: "x", YLabel: "y", F: raceF,
			XMin: -10, XMax: 10, YMin: -5, YMax: 5, Levels: []float64{0.25, 0.5, 1, 2, 3, 4, 5, 6, 7},
			Paths: []plot.Series{{Name: o.Name, X: xs, Y: ys}},
			Mark:  []plot.Series{{Name: "minimum", X: []float64{0}, Y: []float64{0}}},
		})
	}
	if yours {
		b := bookRaceRates
		r.printf("\n(the book's rates: SGD %v, Momentum %v, Nesterov %v, AdaGrad %v, RMSprop %v, Adam %v)\n",
			b.SGD, b.Momentum, b.Nesterov, b.AdaGrad, b.RMSprop, b.Adam)
	} else {
		r.printf("\nSGD zigzags along y, where the function is steep, and crawls along x; Momentum rolls\n")
		r.printf("past the minimum and back; AdaGrad and Adam adapt each coordinate's step.\n")
	}
	return r.picture("ch06_optimizer_race.svg", &plot.Grid{Title: "30 updates from (-7, 2) on x²/20 + y²", Cols: 3, Panels: panels})
}

// mnistRun is one network trained in §6.1.8, §6.2.4, §6.4.1 or §6.4.2.
type mnistRun struct {
	Name  string
	Model train.Model
	Cfg   train.Config
	Data  *mnist.Data
	H     *train.History
	Err   error
}

// trainAll trains the runs side by side, each on its own goroutine, sharing
// the CPUs. Each run draws its own batches from its Config.Seed, so runs with
// the same seed see the same batches, and the results do not depend on the
// number of CPUs.
func trainAll(r *Runner, runs []*mnistRun) error {
	var g exercise.Group // a stub reached in one run is reported by Wait
	parallel.Hold()      // the runs keep the CPUs busy: products inside them run whole
	defer parallel.Release()
	for _, run := range runs {
		g.Go(func() {
			run.H, run.Err = train.Run(r.Ctx, run.Model, run.Data, run.Cfg)
		})
	}
	g.Wait()
	for _, run := range runs {
		if run.Err != nil {
			return fmt.Errorf("%s: %w", run.Name, run.Err)
		}
	}
	return nil
}

// deepNet returns the 784-100-100-100-100-10 ReLU net of §6.1.8 and §6.2.4.
func deepNet(r *Runner, init net.WeightInit, hidden []int, lambda float64) *net.MultiLayerNet {
	return net.NewMultiLayerNet(r.Rand(6), 784, hidden, 10, net.ReLUActivation, init, lambda)
}

// mnistOptimizers are §6.1.8's optimizers, with the book's defaults.
var mnistOptimizers = []string{"SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"}

// optimizerRuns trains one 784-100×4-10 net per optimizer on the same
// batches of 128.
func optimizerRuns(r *Runner, iters int, hidden []int) ([]*mnistRun, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	var runs []*mnistRun
	for _, name := range mnistOptimizers {
		runs = append(runs, &mnistRun{Name: name, Model: deepNet(r, net.He, hidden, 0), Data: data,
			Cfg: train.Config{Iters: iters, Batch: 128, Optimizer: train.NewOptimizer(name), Seed: r.Seed, EvalEvery: -1}})
	}
	return runs, trainAll(r, runs)
}

// printLosses prints every run's mini-batch loss every 100 updates, to 4
// significant digits (from one batch to the next the loss changes in its
// first or second digit), and draws the smoothed curves.
func printLosses(r *Runner, runs []*mnistRun, picture, title string, yMax float64) error {
	r.printf("%-9s", "update")
	for _, run := range runs {
		r.printf(" %-9s", run.Name)
	}
	r.printf("\n")
	n := len(runs[0].H.Loss)
	for i := 0; i < n; i += 100 {
		r.printf("%-9d", i)
		for _, run := range runs {
			r.printf(" %-#9.4g", run.H.Loss[i])
		}
		r.printf("\n")
	}
	printRanking(r, runs)
	markers := []string{"o", "x", "s", "D", "^", "v"}
	var series []plot.Series
	for i, run := range runs {
		series = append(series, plot.Series{Name: run.Name, Y: plot.Smooth(run.H.Loss), Marker: markers[i%len(markers)], MarkEvery: 100})
	}
	return r.picture(picture, &plot.LineChart{Title: title, XLabel: "iterations", YLabel: "loss (smoothed)",
		Series: series, YMin: new(0.0), YMax: new(yMax)})
}

// meanLoss is the mean of the last k losses of a run: a steadier figure
// than the last one.
func meanLoss(h *train.History, k int) float64 {
	k = min(k, len(h.Loss))
	s := 0.0
	for _, v := range h.Loss[len(h.Loss)-k:] {
		s += v
	}
	return s / float64(k)
}

func runOptimizersMNIST(r *Runner) error {
	if err := multiLayerCheckReport(r, 0); err != nil {
		return err
	}
	iters := min(r.Iters, 2000)
	r.printf("\nThe optimizers on MNIST. ")
	r.printf("MultiLayerNet 784-100-100-100-100-10 (ReLU, He init), batch 128, %d updates,\n", iters)
	r.printf("one network per optimizer (the book's default settings), all on the same batches:\n\n")
	runs, err := optimizerRuns(r, iters, []int{100, 100, 100, 100})
	if err != nil {
		return err
	}
	return printLosses(r, runs, "ch06_optimizers_mnist.svg", "Optimizers on MNIST", 1)
}

// printRanking prints the runs from the lowest mean loss over their last 100
// updates to the highest.
func printRanking(r *Runner, runs []*mnistRun) {
	sorted := append([]*mnistRun(nil), runs...)
	slices.SortStableFunc(sorted, func(a, b *mnistRun) int { return cmp.Compare(meanLoss(a.H, 100), meanLoss(b.H, 100)) })
	r.printf("\nmean loss over the last 100 updates, lowest first:\n")
	for _, run := range sorted {
		r.printf("  %-9s %v\n", run.Name, meanLoss(run.H, 100))
	}
}

// multiLayerCheck compares numerical and backprop gradients of a small
// MultiLayerNet with weight decay lambda on the first 3 training images.
func multiLayerCheck(r *Runner, lambda float64) ([]net.GradientDiff, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	n := net.NewMultiLayerNet(r.Rand(7), 784, []int{10, 10}, 10, net.ReLUActivation, net.He, lambda)
	idx := []int{0, 1, 2}
	x, t := data.Train.Batch(nil, idx), data.Train.OneHot(nil, idx)
	num := n.NumericalGradient(x, t)
	bp, _ := n.Gradient(nil, x, t)
	return net.CompareGradients(n.Params(), num, bp), nil
}

// multiLayerCheckReport prints multiLayerCheck: §6.1.8 without weight decay
// (which waits for §6.4.2 and its exercises), §6.4.2 with the book's λ.
func multiLayerCheckReport(r *Runner, lambda float64) error {
	decay := ""
	if lambda != 0 {
		decay = fmt.Sprintf(", weight decay λ = %v", lambda)
	}
	r.printf("First, the network: MultiLayerNet 784-10-10-10 (ReLU, He init%s)\nchecked against its numerical gradient on the first 3 training images:\n\n", decay)
	diffs, err := multiLayerCheck(r, lambda)
	if err != nil {
		return err
	}
	r.printf("  param   mean |numerical - backprop|   max |numerical - backprop|\n")
	for _, d := range diffs {
		r.printf("  %-5s   %-29v   %v\n", d.Name, d.Mean, d.Max)
	}
	r.printf("\nAs in §5.7.3, the differences come from the numerical gradient (mostly the 1e-7 inside\n")
	if lambda == 0 {
		r.printf("the loss's log).\n")
	} else {
		r.printf("the loss's log); the weight-decay terms ½λΣW² and λW agree exactly.\n")
	}
	return nil
}

// histogramCase is one row of §6.2: an activation and a weight scale.
type histogramCase struct {
	Name string
	Act  func() net.Layer
	Init net.WeightInit
	Lo   float64 // left end of the histogram (0, or -1 for tanh)
	// YMax cuts the count axis, as the book's plt.ylim(0, 7000) for ReLU:
	// else the bar of ReLU's zeros (half the activations, 50,000) dwarfs the
	// rest of the range (0, 1).
	YMax float64
}

var histogramCases = []histogramCase{
	{"sigmoid, std 1", func() net.Layer { return &net.SigmoidLayer{} }, net.Std(1), 0, 0},
	{"sigmoid, std 0.01", func() net.Layer { return &net.SigmoidLayer{} }, net.Std(0.01), 0, 0},
	{"sigmoid, Xavier", func() net.Layer { return &net.SigmoidLayer{} }, net.Xavier, 0, 0},
	{"tanh, Xavier", func() net.Layer { return &net.TanhLayer{} }, net.Xavier, -1, 0},
	{"ReLU, std 0.01", func() net.Layer { return &net.ReluLayer{} }, net.Std(0.01), 0, 7000},
	{"ReLU, Xavier", func() net.Layer { return &net.ReluLayer{} }, net.Xavier, 0, 7000},
	{"ReLU, He", func() net.Layer { return &net.ReluLayer{} }, net.He, 0, 7000},
}

// activations pushes 1000 random inputs of 100 values through 5 layers of
// 100 units (no bias) and returns each layer's activations, as the book's
// weight_init_activation_histogram.py does.
func activations(r *Runner, c histogramCase) []*tensor.Tensor {
	rng := r.Rand(8)
	x := tensor.RandN(rng, 1, 1000, 100)
	var out []*tensor.Tensor
	for range 5 {
		w := tensor.RandN(rng, c.Init.Scale(100), 100, 100)
		x = c.Act().Forward(tensor.MatMul(nil, x, w)).Clone()
		out = append(out, x)
	}
	return out
}

func meanStd(t *tensor.Tensor) (mean, std float64) {
	d := t.Data()
	mean = tensor.Sum(t) / float64(len(d))
	for _, v := range d {
		std += float64((v - mean) * (v - mean))
	}
	return mean, math.Sqrt(std / float64(len(d)))
}

func runInitHistograms(r *Runner) error {
	r.printf("1000 random inputs through 5 layers of 100 units; mean ± std of each layer's activations:\n\n")
	var panels []plot.Panel
	for _, c := range histogramCases {
		line := fmt.Sprintf("%-18s", c.Name)
		for i, a := range activations(r, c) {
			m, s := meanStd(a)
			line += fmt.Sprintf("  %-18s", fmt.Sprintf("%.3g±%.3g", m, s))
			panels = append(panels, &plot.Histogram{Title: fmt.Sprintf("%s: layer %d", c.Name, i+1), Values: a.Data(), Bins: 30, Min: c.Lo, Max: 1, YMax: c.YMax})
		}
		r.printf("%s\n", strings.TrimRight(line, " "))
	}
	r.printf("\nsigmoid with std 1 piles activations at 0 and 1, where its gradient vanishes; std 0.01\n")
	r.printf("squeezes them all near 0.5, so every unit says the same; Xavier keeps them spread.\n")
	r.printf("ReLU wants He's √(2/n), twice Xavier's variance, because it zeroes half its inputs.\n\n")

	r.printf("The three initializations of note 001, for its first layer W1 (256, 784):\n")
	rng := r.Rand(9)
	for _, c := range []struct {
		name string
		w    *tensor.Tensor
	}{
		{`"rand":   np.random.rand(256, 784) * 0.01`, tensor.Apply(nil, tensor.New(256, 784), func(float64) float64 { return rng.Float64() * 0.01 })},
		{`"normal": np.random.normal(0, 1, (256, 784)) * 0.01`, tensor.RandN(rng, 0.01, 256, 784)},
		{`"xavier": np.random.randn(256, 784) / np.sqrt(256 / 2)`, tensor.RandN(rng, 1/math.Sqrt(256.0/2), 256, 784)},
	} {
		m, s := meanStd(c.w)
		r.printf("  %-52s mean %.5f  std %.5f\n", c.name, m, s)
	}
	r.printf("  for 784 inputs the book's Xavier is std %.5f and He std %.5f\n", net.Xavier.Scale(784), net.He.Scale(784))
	r.printf("\"rand\" draws only positive weights; note 001's \"xavier\" divides by √(n_out/2), with\n")
	r.printf("n_out = 256 outputs: that is He's formula on the wrong side of the layer.\n")
	return r.picture("ch06_activation_histograms.svg", &plot.Grid{Title: "Activations of 5 layers for each initialization", Cols: 5, Panels: panels})
}

// initRuns trains 784-100×4-10 ReLU nets with three initial weight scales
// on the same batches, with SGD (learning rate 0.01), as the book's
// weight_init_compare.py does.
func initRuns(r *Runner, iters int, hidden []int) ([]*mnistRun, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	var runs []*mnistRun
	for _, init := range []net.WeightInit{net.Std(0.01), net.Xavier, net.He} {
		runs = append(runs, &mnistRun{Name: "std " + init.Name, Model: deepNet(r, init, hidden, 0), Data: data,
			Cfg: train.Config{Iters: iters, Batch: 128, Optimizer: &train.SGD{LR: 0.01}, Seed: r.Seed, EvalEvery: -1}})
	}
	runs[1].Name, runs[2].Name = "Xavier", "He"
	return runs, trainAll(r, runs)
}

func runInitMNIST(r *Runner) error {
	iters := min(r.Iters, 2000)
	r.printf("MultiLayerNet 784-100-100-100-100-10 (ReLU), SGD lr 0.01, batch 128, %d updates, same batches:\n\n", iters)
	runs, err := initRuns(r, iters, []int{100, 100, 100, 100})
	if err != nil {
		return err
	}
	if err := printLosses(r, runs, "ch06_init_mnist.svg", "Weight initialization on MNIST", 2.5); err != nil {
		return err
	}
	r.printf("\nA loss that stays near 2.3 = -log(0.1) means guessing: with std 0.01 the signal\n")
	r.printf("fades layer by layer (§6.2) and so does the gradient.\n")
	return nil
}

// decayLR is the SGD learning rate of §6.4's trainings.
const decayLR = 0.01

// bookLambda is the weight decay of the book's overfit_weight_decay.py.
const bookLambda = 0.1

// maxLambda is the largest weight decay §6.4.2 takes: each update first
// multiplies every weight by 1 - decayLR·λ, which is 0 at λ = 100.
const maxLambda = 1 / decayLR

// decayRun trains the deep 784-100×6-10 net on 300 training images for
// the given epochs with weight decay λ = lambda, as the book's
// overfit_weight_decay.py does (SGD lr 0.01, batch 100). evalRows caps the
// images used for each accuracy measurement (0: all).
func decayRun(r *Runner, lambda float64, epochs, evalRows int) (*mnistRun, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	small := &mnist.Data{Train: data.Train.Subset(300), Test: data.Test, Source: data.Source, Synthetic: data.Synthetic}
	n := deepNet(r, net.He, []int{100, 100, 100, 100, 100, 100}, lambda)
	run := &mnistRun{Name: fmt.Sprintf("λ = %v", lambda), Model: n, Data: small,
		Cfg: train.Config{Iters: 3 * epochs, Batch: 100, Optimizer: &train.SGD{LR: decayLR}, Seed: r.Seed, EvalEvery: 3, EvalRows: evalRows}}
	return run, trainAll(r, []*mnistRun{run})
}

// overfitKey names one §6.4.1 run, which §6.4.2 and §6.4.3 draw beside
// their own.
type overfitKey struct {
	data             *mnist.Data
	seed             uint64
	epochs, evalRows int
}

var (
	overfitMu    sync.Mutex
	overfitCache = map[overfitKey]*mnistRun{}
)

// overfitRun is decayRun with λ = 0, §6.4.1's run, computed once per
// replay and reused by the sections after it.
func overfitRun(r *Runner, epochs, evalRows int) (*mnistRun, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	k := overfitKey{data, r.Seed, epochs, evalRows}
	overfitMu.Lock()
	defer overfitMu.Unlock()
	if run := overfitCache[k]; run != nil {
		return run, nil
	}
	run, err := decayRun(r, 0, epochs, evalRows)
	if err == nil {
		overfitCache[k] = run
	}
	return run, err
}

// decayRuns returns §6.4.1's run without weight decay and §6.4.2's with
// λ = r.Lambda (the book's 0.1, or -lambda).
func decayRuns(r *Runner, epochs, evalRows int) ([]*mnistRun, error) {
	plain, err := overfitRun(r, epochs, evalRows)
	if err != nil {
		return nil, err
	}
	decay, err := decayRun(r, r.Lambda, epochs, evalRows)
	return []*mnistRun{plain, decay}, err
}

// gap is train minus test accuracy at the last measurement.
func gap(h *train.History) float64 {
	e := h.Evals[len(h.Evals)-1]
	return e.TrainAcc - e.TestAcc
}

// overfitEpochs is the book's 201 epochs, shortened by a shorter -iters.
func overfitEpochs(r *Runner) int {
	if r.Iters < 10000 { // a shorter replay (-iters) shortens this demo too
		return max(2, r.Iters/50)
	}
	return 201
}

// accuracyPanel draws a run's train and test accuracy per epoch.
func accuracyPanel(title string, epochs, trainAcc, testAcc []float64) *plot.LineChart {
	return &plot.LineChart{Title: title, XLabel: "epochs", YLabel: "accuracy",
		Series: []plot.Series{{Name: "train", X: epochs, Y: trainAcc, Marker: "o", MarkEvery: 10}, {Name: "test", X: epochs, Y: testAcc, Marker: "s", MarkEvery: 10, Dashed: true}},
		YMin:   new(0.0), YMax: new(1.0), Legend: "lower right"}
}

// historyPanel is accuracyPanel of a train.Run history.
func historyPanel(title string, h *train.History) *plot.LineChart {
	ep, tr, te := make([]float64, len(h.Evals)), make([]float64, len(h.Evals)), make([]float64, len(h.Evals))
	for i, e := range h.Evals {
		ep[i], tr[i], te[i] = e.Epoch, e.TrainAcc, e.TestAcc
	}
	return accuracyPanel(title, ep, tr, te)
}

func printLast(r *Runner, run *mnistRun) {
	last := run.H.Evals[len(run.H.Evals)-1]
	r.printf("%-9s after epoch %3.0f: train acc %-18v test acc %-8v gap %.4f\n", run.Name, last.Epoch, last.TrainAcc, last.TestAcc, gap(run.H))
}

func runOverfit(r *Runner) error {
	epochs := overfitEpochs(r)
	r.printf("MultiLayerNet 784-100×6-10 (ReLU, He), 300 training images, SGD lr 0.01, batch 100, %d epochs\n\n", epochs)
	run, err := overfitRun(r, epochs, 0)
	if err != nil {
		return err
	}
	printLast(r, run)
	r.printf("\nTrain accuracy far above test accuracy is overfitting (过拟合): the net memorizes its\n")
	r.printf("300 images, which a network with many weights and few examples can do.\n")
	return r.picture("ch06_overfit.svg", historyPanel("Overfitting: 300 images, no regularization", run.H))
}

func runWeightDecay(r *Runner) error {
	epochs := overfitEpochs(r)
	yours := ""
	if r.Set["lambda"] {
		yours = " (your -lambda)"
	}
	if err := multiLayerCheckReport(r, bookLambda); err != nil {
		return err
	}
	r.printf("\nThe net of §6.4.1 again, with weight decay λ = %v%s (300 images, SGD lr %v, batch 100, %d epochs)\n\n", r.Lambda, yours, decayLR, epochs)
	runs, err := decayRuns(r, epochs, 0)
	if err != nil {
		return err
	}
	var panels []plot.Panel
	for _, run := range runs {
		printLast(r, run)
		panels = append(panels, historyPanel("weight decay "+run.Name, run.H))
	}
	g0 := gap(runs[0].H)
	g1 := gap(runs[1].H)
	r.printf("\nPenalizing large weights ")
	if g1 < g0 {
		r.printf("narrows the gap here, from %.4f to %.4f,\n", g0, g1)
	} else {
		r.printf("did not narrow the gap in this run (%.4f, then %.4f),\n", g0, g1)
	}
	t0, t1 := runs[0].H.Evals[len(runs[0].H.Evals)-1].TestAcc, runs[1].H.Evals[len(runs[1].H.Evals)-1].TestAcc
	r.printf("and test accuracy went from %v to %v", t0, t1)
	if t1 < t0 {
		r.printf(": λ = %v holds the weights back so hard that\nthis deep net also fits its training images less well.\n", r.Lambda)
	} else {
		r.printf(".\n")
	}
	return r.picture("ch06_weight_decay.svg", &plot.Grid{Title: "Overfitting, without and with weight decay", Cols: 2, Panels: panels})
}
