package lesson

import (
	"dlfs/internal/crmath"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"

	"dlfs/internal/exercise"
	"dlfs/internal/plot"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
	"dlfs/train"
)

// sideBySide runs job(0), ..., job(n-1) on one goroutine per CPU, each
// taking the next job when done with its last. Every job draws from its own
// random streams and writes its own result, so the results do not depend
// on the number of CPUs or on the order the jobs finish in.
func sideBySide(n int, job func(i int)) {
	var g exercise.Group // a stub reached in one job is reported by Wait
	var next atomic.Int64
	for range min(n, runtime.GOMAXPROCS(0)) {
		g.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				job(i)
			}
		})
	}
	g.Wait()
}

// bnNet is MultiLayerNetExtend with batch normalization (or without) and
// the given weight scale, its weights drawn by rng.
func bnNet(rng *rand.Rand, hidden []int, init net.WeightInit, useBN bool) *net.MultiLayerNet {
	return net.NewMultiLayerNetExtend(rng, 784, hidden, 10, net.ReLUActivation, init, 0, net.Extend{UseBatchNorm: useBN})
}

// bnGradientCheck is the book's batch_norm_gradient_check.py: the mean
// |backprop − numerical| of every parameter of a 784-hidden-10 net with
// batch normalization, on the first `images` training images.
func bnGradientCheck(r *Runner, hidden []int, images int) ([]net.GradientDiff, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	n := bnNet(r.Rand(10), hidden, net.He, true)
	idx := firstN(images)
	x, t := data.Train.Batch(nil, idx), data.Train.OneHot(nil, idx)
	bp, _ := n.Gradient(nil, x, t)
	num := n.NumericalGradient(x, t)
	return net.CompareGradients(n.Params(), num, bp), nil
}

func printDiffs(r *Runner, diffs []net.GradientDiff) {
	r.printf("  param    mean |backprop - numerical|   max\n")
	for _, d := range diffs {
		r.printf("  %-7s  %-29v   %v\n", d.Name, d.Mean, d.Max)
	}
}

func runBNGradientCheck(r *Runner) error {
	hidden := []int{100, 100}
	if r.Iters < 10000 { // a shorter replay (-iters) checks a smaller net
		hidden = []int{10, 10}
	}
	r.printf("MultiLayerNetExtend 784-%d-%d-10 with batch normalization (ReLU, He), the book's check\n", hidden[0], hidden[1])
	r.printf("on ONE training image (x_train[:1]):\n\n")
	diffs, err := bnGradientCheck(r, hidden, 1)
	if err != nil {
		return err
	}
	printDiffs(r, diffs)
	worst := diffs[0]
	for _, d := range diffs {
		if d.Mean > worst.Mean {
			worst = d
		}
	}
	r.printf("\n%s is far off. With one image the batch mean is the image itself, so x − μ = 0: every\n", worst.Name)
	r.printf("normalized value is 0 and each BatchNorm layer outputs β whatever its input. Nothing\n")
	r.printf("before the last BatchNorm changes the loss (their gradients are exactly 0 both ways),\n")
	r.printf("and the last ReLU sees β2 = 0: exactly its kink. Backprop takes ReLU's slope at 0 to be 0;\n")
	r.printf("the central difference (f(0+h) − f(0−h)) / 2h measures half the slope on the right.\n\n")
	r.printf("The same check on the first 3 training images, where the batch statistics are real:\n\n")
	diffs, err = bnGradientCheck(r, hidden, 3)
	if err != nil {
		return err
	}
	printDiffs(r, diffs)
	mx := 0.0
	for _, d := range diffs {
		mx = math.Max(mx, d.Max)
	}
	r.printf("\nThe largest difference is %.2g: backprop through the normalization is right.\n", mx)
	return nil
}

// bnScales are batch_norm_test.py's weight scales, np.logspace(0, -4, 16).
func bnScales() []float64 {
	s := make([]float64, 16)
	for i := range s {
		s[i] = crmath.Pow(10, -4*float64(i)/15)
	}
	return s
}

// bnResult is one scale of §6.3.2: each epoch's training accuracy of the
// net with batch normalization and of the plain one.
type bnResult struct {
	Scale     float64
	BN, Plain []float64
}

// bnTrain is batch_norm_test.py's __train for one weight scale: both nets
// (the same initial weights) take SGD steps (lr 0.01) on the same random
// batches of 100 from the training images; at the start of each epoch (10
// steps for 1000 images) both are measured on all of them, and the run ends
// at the epochs-th measurement, as the book's loop does.
func bnTrain(r *Runner, i int, images *mnist.Set, hidden []int, scale float64, epochs int) bnResult {
	res := bnResult{Scale: scale}
	bn := bnNet(r.Rand(100+uint64(i)), hidden, net.Std(scale), true)
	plain := bnNet(r.Rand(100+uint64(i)), hidden, net.Std(scale), false)
	opt := &train.SGD{LR: 0.01}
	rng := r.Rand(200 + uint64(i))
	n := images.Len()
	perEpoch := max(float64(n)/100, 1)
	idx := make([]int, 100)
	x, t := tensor.New(100, images.Size()), tensor.New(100, mnist.NumClasses)
	var gBN, gPlain []*tensor.Tensor
	for it := 0; ; it++ {
		for k := range idx {
			idx[k] = rng.IntN(n)
		}
		images.Batch(x, idx)
		images.OneHot(t, idx)
		gBN, _ = bn.Gradient(gBN, x, t)
		opt.Update(bn.Params(), gBN)
		gPlain, _ = plain.Gradient(gPlain, x, t)
		opt.Update(plain.Params(), gPlain)
		if math.Mod(float64(it), perEpoch) == 0 {
			res.Plain = append(res.Plain, train.Accuracy(plain, images, 0))
			res.BN = append(res.BN, train.Accuracy(bn, images, 0))
			if len(res.BN) >= epochs {
				return res
			}
		}
	}
}

// bnTest runs bnTrain for every scale, side by side.
func bnTest(r *Runner, images int, hidden []int, epochs int) ([]bnResult, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	set := data.Train.Subset(images)
	scales := bnScales()
	res := make([]bnResult, len(scales))
	sideBySide(len(scales), func(i int) { res[i] = bnTrain(r, i, set, hidden, scales[i], epochs) })
	return res, nil
}

func accPanel(title string, epochs int, series ...plot.Series) *plot.LineChart {
	x := make([]float64, epochs)
	for i := range x {
		x[i] = float64(i)
	}
	for i := range series {
		series[i].X = x
	}
	return &plot.LineChart{Title: title, XLabel: "epochs", YLabel: "accuracy", Series: series, YMin: new(0.0), YMax: new(1.0), Legend: "lower right"}
}

func runBNTest(r *Runner) error {
	epochs := 20
	if r.Iters < 10000 { // a shorter replay (-iters) shortens this demo too
		epochs = max(2, r.Iters/100)
	}
	r.printf("1000 training images; MultiLayerNetExtend 784-100×5-10 (ReLU) with and without batch\n")
	r.printf("normalization, the same initial weights N(0, s²), SGD lr 0.01, batch 100, %d epochs;\n", epochs)
	r.printf("training accuracy at the start of each epoch, for the 16 scales s of logspace(0, -4, 16):\n\n")
	res, err := bnTest(r, 1000, []int{100, 100, 100, 100, 100}, epochs)
	if err != nil {
		return err
	}
	var panels []plot.Panel
	for i, c := range res {
		r.printf("s = %-#9.4g BN    %s\n", c.Scale, accRow(c.BN)) // the scale to 4 digits: 1 to 1e-4 in 15 equal ratios
		r.printf("%-13s plain %s\n", "", accRow(c.Plain))
		panels = append(panels, accPanel(fmt.Sprintf("W: %.3g", c.Scale), epochs,
			plot.Series{Name: "Batch Normalization", Y: c.BN}, plot.Series{Name: "Normal (without BatchNorm)", Y: c.Plain, Dashed: true}))
		if i < 15 {
			panels[i].(*plot.LineChart).Legend = "none"
		}
	}
	won := 0
	for _, c := range res {
		if c.BN[epochs-1] > c.Plain[epochs-1] {
			won++
		}
	}
	r.printf("\nAfter %d epochs the BN net is ahead at %d of the 16 scales. Without BN, small weights\n", epochs, won)
	r.printf("make every layer's signal fade (§6.2) and the plain net stays at chance, while BN\n")
	r.printf("rescales each layer's input to mean 0 and variance 1 and learns at once; at large scales\n")
	r.printf("the plain net's activations blow up while BN's stay tame.\n")
	if err := r.picture("ch06_batchnorm_scales.svg", &plot.Grid{Title: "Training accuracy with (solid) and without (dashed) batch normalization", Cols: 4, Panels: panels}); err != nil {
		return err
	}
	last := res[len(res)-1]
	return r.picture("ch06_batchnorm.svg", accPanel(fmt.Sprintf("Batch normalization, weight scale %v", last.Scale), epochs,
		plot.Series{Name: "Batch Normalization", Y: last.BN, Marker: "o", MarkEvery: 2}, plot.Series{Name: "Normal (without BatchNorm)", Y: last.Plain, Dashed: true, Marker: "s", MarkEvery: 2}))
}

// accRow formats accuracies measured on 1000 images, which have three
// decimals exactly.
func accRow(acc []float64) string {
	s := ""
	for i, a := range acc {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%.3f", a)
	}
	return s
}
