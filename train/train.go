package train

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
)

// Model is what the loop needs from a network.
type Model interface {
	// Params lists the parameters in a fixed order.
	Params() []net.Param
	// Gradient returns the gradient of the loss on (x, one-hot t) for every
	// parameter, in Params order, reusing grads when it fits, and the loss
	// itself.
	Gradient(grads []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64)
	// Loss returns the loss on (x, one-hot t).
	Loss(x, t *tensor.Tensor) float64
	// Correct counts the rows of x classified as their label.
	Correct(x *tensor.Tensor, labels []int) int
}

// Config sets up a training run. Zero fields take the book's values.
type Config struct {
	Iters int // number of updates, iters_num (10000)
	Batch int // mini-batch size, batch_size (100)
	// Optimizer is how to step (chapter 6). Without one, each step is
	// chapters 4 and 5's own line, W -= LR·∂L/∂W, written out below, so
	// that those chapters train without chapter 6's exercises.
	Optimizer Optimizer
	LR        float64 // learning_rate of that step, without an Optimizer (0.1)
	Seed      uint64  // seeds the choice of mini-batches
	// EvalEvery is how many updates pass between two accuracy measurements
	// (0: one epoch, iter_per_epoch = max(training-set size / Batch, 1);
	// negative: never). Accuracy is measured before update 0, EvalEvery,
	// 2·EvalEvery, ...
	EvalEvery int
	// EvalRows caps how many images of each set are used to measure accuracy
	// (0: all of them).
	EvalRows int
	// OnEval, if not nil, is called after each accuracy measurement.
	OnEval func(Eval)
	// OnStep, if not nil, is called after each update with the number of
	// updates done and the total, e.g. to draw a progress bar.
	OnStep func(done, total int)
}

// Eval is one accuracy measurement.
type Eval struct {
	Iter     int     // updates done before it
	Epoch    float64 // Iter in epochs
	TrainAcc float64 // accuracy on the training set
	TestAcc  float64 // accuracy on the test set
}

// History is what a run recorded.
type History struct {
	// Loss holds the loss of each mini-batch, as computed by the forward
	// pass of its gradient, just before the update. (The book runs the
	// network again after the update to get it: one more forward pass per
	// update for a curve of the same shape.)
	Loss    []float64
	Evals   []Eval        // the accuracy measurements
	Elapsed time.Duration // wall time of the whole run, evaluations included
}

// DivergedError reports a run stopped because the loss stopped being a
// finite number.
type DivergedError struct {
	Iter int
	Loss float64
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("train: training diverged at update %d: the loss became %v; the learning rate is probably too large for this network: try a smaller -lr", e.Iter, e.Loss)
}

// Run trains m on data.Train with random mini-batches drawn with replacement
// (np.random.choice(train_size, batch_size)), measuring accuracy on
// data.Train and data.Test once per EvalEvery updates: the loop of the
// book's train_neuralnet.py. It returns the history so far together with a
// *DivergedError if the loss turns NaN or infinite, or ctx's error if ctx
// is cancelled.
//
// Two details differ from the book, and neither changes what is learnt:
// the loss recorded is the one the gradient's forward pass computed just
// before the update (the book runs the network once more after it), and
// accuracy is measured before updates 0, iter_per_epoch, ... (the book
// measures after them), so the first figures are those of the untrained
// network.
func Run(ctx context.Context, m Model, data *mnist.Data, cfg Config) (*History, error) {
	if cfg.Iters <= 0 {
		cfg.Iters = 10000
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 100
	}
	if cfg.LR == 0 {
		cfg.LR = 0.1
	}
	trainSize := data.Train.Len()
	iterPerEpoch := max(trainSize/cfg.Batch, 1)
	if cfg.EvalEvery == 0 {
		cfg.EvalEvery = iterPerEpoch
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	width := data.Train.Rows * data.Train.Cols
	xBatch, tBatch := tensor.New(cfg.Batch, width), tensor.New(cfg.Batch, 10)
	batchMask := make([]int, cfg.Batch)
	var grads []*tensor.Tensor
	h := &History{Loss: make([]float64, 0, cfg.Iters)}
	start := time.Now()
	for i := range cfg.Iters {
		if err := ctx.Err(); err != nil {
			return h, err
		}
		if cfg.EvalEvery > 0 && i%cfg.EvalEvery == 0 {
			e := Eval{Iter: i, Epoch: float64(i) / float64(iterPerEpoch),
				TrainAcc: Accuracy(m, data.Train, cfg.EvalRows), TestAcc: Accuracy(m, data.Test, cfg.EvalRows)}
			h.Evals = append(h.Evals, e)
			if cfg.OnEval != nil {
				cfg.OnEval(e)
			}
		}
		for k := range batchMask {
			batchMask[k] = rng.IntN(trainSize)
		}
		data.Train.Batch(xBatch, batchMask)
		data.Train.OneHot(tBatch, batchMask)
		var loss float64
		grads, loss = m.Gradient(grads, xBatch, tBatch)
		if cfg.Optimizer != nil {
			cfg.Optimizer.Update(m.Params(), grads)
		} else {
			for k, p := range m.Params() {
				tensor.AddScaled(p.Value, p.Value, -cfg.LR, grads[k]) // params[key] -= learning_rate * grad[key]
			}
		}
		h.Loss = append(h.Loss, loss)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			h.Elapsed = time.Since(start)
			return h, &DivergedError{Iter: i, Loss: loss}
		}
		if cfg.OnStep != nil {
			cfg.OnStep(i+1, cfg.Iters)
		}
	}
	h.Elapsed = time.Since(start)
	return h, nil
}

// evalChunk is how many images are pushed through the network at once when
// measuring accuracy: enough rows to keep the matrix product busy, few
// enough that their float64 copy (1.25 MB) is still in the CPU's cache when
// the product reads it.
const evalChunk = 200

// Accuracy returns the fraction of the first rows images of s (all of them
// when rows is 0) that m classifies correctly, building float64 batches
// from the stored bytes a chunk at a time.
func Accuracy(m Model, s *mnist.Set, rows int) float64 {
	n := s.Len()
	if rows > 0 && rows < n {
		n = rows
	}
	if n == 0 {
		return 0
	}
	width := s.Rows * s.Cols
	x := tensor.New(min(evalChunk, n), width)
	idx := make([]int, min(evalChunk, n))
	var labels []int
	correct := 0
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		if hi-lo != len(idx) {
			x, idx = tensor.New(hi-lo, width), idx[:hi-lo]
		}
		for k := range idx {
			idx[k] = lo + k
		}
		labels = s.LabelsOf(labels, idx)
		correct += m.Correct(s.Batch(x, idx), labels)
	}
	return float64(correct) / float64(n)
}
