package train

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"dlfs/mnist"
	"dlfs/tensor"
)

// Trainer is the book's Trainer (common/trainer.py): it trains a network
// for a number of epochs with mini-batches drawn with replacement,
// records the loss of every step and, once per epoch, the accuracy on the
// training and test sets, then measures the test accuracy once more.
//
// It runs synchronously on the one network: the gradient in training mode,
// the accuracies in test mode (Model.Correct), as the book's does.
type Trainer struct {
	Network             Model
	TrainData, TestData *mnist.Set // the book's (x_train, t_train) and (x_test, t_test)
	Optimizer           Optimizer
	TrainerConfig

	// What the run recorded, as the book's lists: the loss after each
	// step (Model.Loss on the step's batch, after the update), and each
	// epoch's accuracies.
	TrainLossList, TrainAccList, TestAccList []float64
	// FinalTestAcc is the accuracy on the whole test set after training.
	FinalTestAcc float64

	rng          *rand.Rand
	iterPerEpoch float64
	maxIter      int
	currentIter  int
	currentEpoch int
	x, t         *tensor.Tensor
	idx          []int
	grads        []*tensor.Tensor
}

// TrainerConfig holds the Trainer's settings, with the book's defaults for
// zero fields.
type TrainerConfig struct {
	Epochs        int // 20
	MiniBatchSize int // 100
	// Optimizer names the optimizer, in any case ("SGD"), and
	// OptimizerParam sets its parameters by the book's names
	// ({"lr": 0.01}); see NewOptimizerParam.
	Optimizer      string
	OptimizerParam map[string]float64
	// EvaluateSampleNumPerEpoch, if positive, measures each epoch's
	// accuracies on the first that many images of each set only.
	EvaluateSampleNumPerEpoch int
	// Verbose, if not nil, receives the book's progress lines.
	Verbose io.Writer
	// Seed seeds the choice of mini-batches.
	Seed uint64
}

// NewTrainer returns a Trainer of network on the train and test sets. It
// returns an error for an unknown optimizer or parameter.
func NewTrainer(network Model, train, test *mnist.Set, cfg TrainerConfig) (*Trainer, error) {
	if cfg.Epochs <= 0 {
		cfg.Epochs = 20
	}
	if cfg.MiniBatchSize <= 0 {
		cfg.MiniBatchSize = 100
	}
	if cfg.Optimizer == "" {
		cfg.Optimizer = "SGD"
	}
	if cfg.OptimizerParam == nil {
		cfg.OptimizerParam = map[string]float64{"lr": 0.01}
	}
	opt, err := NewOptimizerParam(cfg.Optimizer, cfg.OptimizerParam)
	if err != nil {
		return nil, err
	}
	if train.Len() == 0 {
		return nil, fmt.Errorf("train: NewTrainer: the training set is empty")
	}
	tr := &Trainer{Network: network, TrainData: train, TestData: test, Optimizer: opt, TrainerConfig: cfg,
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed))}
	tr.iterPerEpoch = max(float64(train.Len())/float64(cfg.MiniBatchSize), 1)
	tr.maxIter = int(float64(cfg.Epochs) * tr.iterPerEpoch)
	tr.x, tr.t = tensor.New(cfg.MiniBatchSize, train.Size()), tensor.New(cfg.MiniBatchSize, mnist.NumClasses)
	tr.idx = make([]int, cfg.MiniBatchSize)
	return tr, nil
}

// MaxIter is the number of steps Train takes: Epochs · max(N / batch, 1).
func (tr *Trainer) MaxIter() int { return tr.maxIter }

// TrainStep takes one step: a random mini-batch, its gradient, one update
// and the loss after it; at the start of each epoch, the accuracies. It
// returns a *DivergedError if the loss is not a finite number.
func (tr *Trainer) TrainStep() error {
	for k := range tr.idx { // np.random.choice(train_size, batch_size)
		tr.idx[k] = tr.rng.IntN(tr.TrainData.Len())
	}
	x, t := tr.TrainData.Batch(tr.x, tr.idx), tr.TrainData.OneHot(tr.t, tr.idx)
	tr.grads, _ = tr.Network.Gradient(tr.grads, x, t)
	tr.Optimizer.Update(tr.Network.Params(), tr.grads)
	loss := tr.Network.Loss(x, t)
	tr.TrainLossList = append(tr.TrainLossList, loss)
	if tr.Verbose != nil {
		fmt.Fprintf(tr.Verbose, "train loss:%v\n", loss)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return &DivergedError{Iter: tr.currentIter, Loss: loss}
	}
	if math.Mod(float64(tr.currentIter), tr.iterPerEpoch) == 0 {
		tr.currentEpoch++
		trainAcc := Accuracy(tr.Network, tr.TrainData, tr.EvaluateSampleNumPerEpoch)
		testAcc := Accuracy(tr.Network, tr.TestData, tr.EvaluateSampleNumPerEpoch)
		tr.TrainAccList = append(tr.TrainAccList, trainAcc)
		tr.TestAccList = append(tr.TestAccList, testAcc)
		if tr.Verbose != nil {
			fmt.Fprintf(tr.Verbose, "=== epoch:%d, train acc:%v, test acc:%v ===\n", tr.currentEpoch, trainAcc, testAcc)
		}
	}
	tr.currentIter++
	return nil
}

// Train takes MaxIter steps, then measures the accuracy on the whole test
// set into FinalTestAcc. It stops early with ctx's error or a
// *DivergedError.
func (tr *Trainer) Train(ctx context.Context) error {
	for range tr.maxIter {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := tr.TrainStep(); err != nil {
			return err
		}
	}
	tr.FinalTestAcc = Accuracy(tr.Network, tr.TestData, 0)
	if tr.Verbose != nil {
		fmt.Fprintf(tr.Verbose, "=============== Final Test Accuracy ===============\ntest acc:%v\n", tr.FinalTestAcc)
	}
	return nil
}
