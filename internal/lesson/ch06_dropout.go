package lesson

import (
	"cmp"
	"dlfs/internal/crmath"
	"fmt"
	"math"
	"slices"

	"dlfs/internal/plot"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/train"
)

// dropoutTrainer is the book's overfit_dropout.py: MultiLayerNetExtend
// 784-100×6-10 (ReLU, He) with dropout of the given ratio after every hidden
// layer, trained by the Trainer on the first 300 training images (SGD lr
// 0.01, batch 100), measured on all 300 and on evalRows test images (0: all)
// every epoch.
func dropoutTrainer(r *Runner, ratio float64, epochs, evalRows int) (*train.Trainer, error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	test := data.Test
	if evalRows > 0 {
		test = test.Subset(evalRows)
	}
	n := net.NewMultiLayerNetExtend(r.Rand(12), 784, []int{100, 100, 100, 100, 100, 100}, 10, net.ReLUActivation, net.He, 0,
		net.Extend{UseDropout: true, DropoutRatio: ratio, DropoutRand: r.Rand(13)})
	tr, err := train.NewTrainer(n, data.Train.Subset(300), test, train.TrainerConfig{Epochs: epochs, MiniBatchSize: 100,
		Optimizer: "sgd", OptimizerParam: map[string]float64{"lr": 0.01}, Seed: r.Seed})
	if err != nil {
		return nil, err
	}
	return tr, tr.Train(r.Ctx)
}

// dropoutEpochs is the book's 301 epochs, shortened by a shorter -iters.
func dropoutEpochs(r *Runner) int {
	if r.Iters < 10000 {
		return max(2, r.Iters/50)
	}
	return 301
}

func runDropout(r *Runner) error {
	epochs := dropoutEpochs(r)
	r.printf("The net of §6.4.1 as MultiLayerNetExtend with dropout (ratio 0.2) after each hidden layer,\n")
	r.printf("trained by the book's Trainer: 300 images, SGD lr 0.01, batch 100, %d epochs\n\n", epochs)
	tr, err := dropoutTrainer(r, 0.2, epochs, 0)
	if err != nil {
		return err
	}
	plain, err := overfitRun(r, overfitEpochs(r), 0)
	if err != nil {
		return err
	}
	// Accuracies to 4 digits: a third of a percent is one of 300 images.
	r.printf("%-10s %-10s %-10s %s\n", "epoch", "train acc", "test acc", "gap")
	for e := 0; e < len(tr.TrainAccList); e += 50 {
		r.printf("%-10d %-#10.4g %-#10.4g %.4f\n", e, tr.TrainAccList[e], tr.TestAccList[e], tr.TrainAccList[e]-tr.TestAccList[e])
	}
	k := len(tr.TrainAccList) - 1
	dGap := tr.TrainAccList[k] - tr.TestAccList[k]
	r.printf("%-10s %-#10.4g %-#10.4g %.4f\n", fmt.Sprintf("last (%d)", k), tr.TrainAccList[k], tr.TestAccList[k], dGap)
	r.printf("final test accuracy (the Trainer's last line): %v\n\n", tr.FinalTestAcc)
	printLast(r, plain)
	pGap := gap(plain.H)
	if dGap < pGap {
		r.printf("\nDropout narrows the gap between training and test accuracy from %.4f (§6.4.1, no\n", pGap)
		r.printf("dropout) to %.4f: a network that loses a random fifth of its units at every step\n", dGap)
		r.printf("cannot memorize 300 images as easily.\n")
	} else {
		r.printf("\nIn this run dropout did not narrow the gap (%.4f without, %.4f with).\n", pGap, dGap)
	}
	ep := make([]float64, len(tr.TrainAccList))
	for i := range ep {
		ep[i] = float64(i)
	}
	return r.picture("ch06_dropout.svg", &plot.Grid{Title: "Overfitting without and with dropout", Cols: 2, Panels: []plot.Panel{
		historyPanel("no dropout (§6.4.1)", plain.H), accuracyPanel("dropout 0.2", ep, tr.TrainAccList, tr.TestAccList)}})
}

// trial is one hyper-parameter setting of §6.5.3 and what it gave.
type trial struct {
	LR, Decay        float64
	ValAcc, TrainAcc []float64 // per epoch
	Err              error
}

func (t *trial) final() float64 { return t.ValAcc[len(t.ValAcc)-1] }

// hyperData is hyperparameter_optimization.py's data: the first 500
// training images, shuffled by shuffle_dataset, the first 20 % of them kept
// apart as validation data.
func hyperData(r *Runner) (trainSet, val *mnist.Set, err error) {
	data, err := r.MNIST()
	if err != nil {
		return nil, nil, err
	}
	s := mnist.ShuffleDataset(r.Rand(14), data.Train.Subset(500))
	val, trainSet = s.Split(int(float64(s.Len()) * 0.20))
	return trainSet, val, nil
}

// hyperSearch trains n MultiLayerNets 784-hidden-10 (ReLU, He) with
// weight decay 10^U(decayLo, decayHi) and learning rate 10^U(lrLo, lrHi)
// (decay drawn first, as the book does), each for `epochs` epochs by the
// Trainer, side by side. purpose separates the random streams of searches.
func hyperSearch(r *Runner, purpose uint64, n, epochs int, hidden []int, lrLo, lrHi, decayLo, decayHi float64) ([]*trial, error) {
	trainSet, val, err := hyperData(r)
	if err != nil {
		return nil, err
	}
	draw := r.Rand(purpose)
	trials := make([]*trial, n)
	for i := range trials {
		decay := crmath.Pow(10, decayLo+float64((decayHi-decayLo)*draw.Float64()))
		lr := crmath.Pow(10, lrLo+float64((lrHi-lrLo)*draw.Float64()))
		trials[i] = &trial{LR: lr, Decay: decay}
	}
	sideBySide(n, func(i int) { runTrial(r, trainSet, val, purpose<<20+uint64(i), epochs, hidden, trials[i]) })
	for _, t := range trials {
		if t.Err != nil {
			return nil, fmt.Errorf("trial lr %v, weight decay %v: %w", t.LR, t.Decay, t.Err)
		}
	}
	best := slices.Clone(trials)
	slices.SortStableFunc(best, func(a, b *trial) int { return cmp.Compare(b.final(), a.final()) })
	return best, nil
}

// runTrial is hyperparameter_optimization.py's __train: one
// MultiLayerNet 784-hidden-10 (ReLU, He; the book's hidden is 100×6) with t's weight decay, trained by
// the Trainer with t's learning rate, measured on val every epoch. seed
// chooses its weights and batches.
func runTrial(r *Runner, trainSet, val *mnist.Set, seed uint64, epochs int, hidden []int, t *trial) {
	nw := net.NewMultiLayerNet(r.Rand(seed), 784, hidden, 10, net.ReLUActivation, net.He, t.Decay)
	tr, err := train.NewTrainer(nw, trainSet, val, train.TrainerConfig{Epochs: epochs, MiniBatchSize: 100,
		Optimizer: "sgd", OptimizerParam: map[string]float64{"lr": t.LR}, Seed: r.Seed ^ seed})
	if err == nil {
		err = tr.Train(r.Ctx)
	}
	t.ValAcc, t.TrainAcc, t.Err = tr.TestAccList, tr.TrainAccList, err
}

func printBest(r *Runner, best []*trial, n int) {
	for i, t := range best[:min(n, len(best))] {
		// 4 digits of each rate: the search is over orders of magnitude.
		r.printf("Best-%-3d val acc %-6v  lr %-#10.4g  weight decay %#.4g\n", i+1, t.final(), t.LR, t.Decay)
	}
}

// deep6 is the hidden layers of §6.4 and §6.5.3: 100×6.
var deep6 = []int{100, 100, 100, 100, 100, 100}

func runHyperParam(r *Runner) error {
	epochs, trials := 50, 100
	if r.Iters < 10000 {
		epochs, trials = max(2, r.Iters/200), 4
	}
	r.printf("500 training images, shuffled (shuffle_dataset); 100 kept apart as validation data.\n")
	r.printf("%d trials of MultiLayerNet 784-100×6-10 (ReLU, He), lr = 10^U(-6, -2), weight decay =\n", trials)
	r.printf("10^U(-8, -4), each %d epochs by the Trainer (SGD, batch 100); the best 20 by their\n", epochs)
	r.printf("last validation accuracy:\n\n")
	best, err := hyperSearch(r, 15, trials, epochs, deep6, -6, -2, -8, -4)
	if err != nil {
		return err
	}
	printBest(r, best, 20)
	var panels []plot.Panel
	for i, t := range best[:min(20, len(best))] {
		panels = append(panels, accPanel(fmt.Sprintf("Best-%d", i+1), len(t.ValAcc),
			plot.Series{Name: "validation", Y: t.ValAcc}, plot.Series{Name: "train", Y: t.TrainAcc, Dashed: true}))
		panels[i].(*plot.LineChart).Legend = "none"
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range best[:min(5, len(best))] {
		lo, hi = math.Min(lo, t.LR), math.Max(hi, t.LR)
	}
	r.printf("\nThe best five learning rates lie between %.3g and %.3g; learning rates much smaller\n", lo, hi)
	r.printf("leave the network near chance after %d epochs. Weight decay matters far less here.\n", epochs)
	if err := r.picture("ch06_hyperparam.svg", &plot.Grid{Title: "The best 20 trials: validation (solid) and training (dashed) accuracy", Cols: 5, Panels: panels}); err != nil {
		return err
	}
	// The narrowed search the book suggests next.
	nTrials := max(2, trials/5)
	r.printf("\nNarrowed, as the book suggests next: %d trials with lr = 10^U(-3, -2), weight decay =\n", nTrials)
	r.printf("10^U(-8, -6); the best 5:\n\n")
	best2, err := hyperSearch(r, 16, nTrials, epochs, deep6, -3, -2, -8, -6)
	if err != nil {
		return err
	}
	printBest(r, best2, 5)
	return nil
}
