package train

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"dlfs/internal/progress"
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
	Iters     int       // number of updates (10000)
	Batch     int       // mini-batch size (100)
	Optimizer Optimizer // how to step (SGD with learning rate 0.1)
	Seed      uint64    // seeds the choice of mini-batches
	// EvalEvery is how many updates pass between two accuracy measurements
	// (0: one epoch, max(training-set size / Batch, 1); negative: never).
	// Accuracy is measured before update 0, EvalEvery, 2·EvalEvery, ...
	EvalEvery int
	// EvalRows caps how many images of each set are used to measure accuracy
	// (0: all of them).
	EvalRows int
	// Progress, if not nil, receives a progress bar (os.Stderr).
	Progress io.Writer
	// OnEval, if not nil, is called after each accuracy measurement, in
	// order, from the goroutine that called Run.
	OnEval func(Eval)
	// EvalModel, if not nil, is a second network of the same shape as the
	// one trained. At each measurement the loop copies the parameters into
	// it and measures it on another goroutine while training goes on, so on
	// a machine with two or more CPUs the measurements cost no training
	// time. The figures are the same either way.
	EvalModel Model
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
	return fmt.Sprintf("training diverged at update %d: the loss became %v; the learning rate is probably too large for this network: try a smaller -lr", e.Iter, e.Loss)
}

// Run trains m on data.Train with random mini-batches drawn with replacement
// (np.random.choice(train_size, batch_size)), measuring accuracy on
// data.Train and data.Test once per EvalEvery updates. It returns the history
// so far together with a *DivergedError if the loss turns NaN or infinite,
// or ctx's error if ctx is cancelled.
func Run(ctx context.Context, m Model, data *mnist.Data, cfg Config) (*History, error) {
	if cfg.Iters <= 0 {
		cfg.Iters = 10000
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 100
	}
	if cfg.Optimizer == nil {
		cfg.Optimizer = &SGD{LR: 0.1}
	}
	trainN := data.Train.Len()
	if cfg.EvalEvery == 0 {
		cfg.EvalEvery = max(trainN/cfg.Batch, 1)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	width := data.Train.Rows * data.Train.Cols
	x, t := tensor.New(cfg.Batch, width), tensor.New(cfg.Batch, 10)
	idx := make([]int, cfg.Batch)
	var grads []*tensor.Tensor
	h := &History{Loss: make([]float64, 0, cfg.Iters)}
	start := time.Now()
	var bar *progress.Bar
	if cfg.Progress != nil {
		bar = progress.New(cfg.Progress, "training", int64(cfg.Iters))
		defer bar.Finish()
	}
	// At most one measurement runs in the background; pending delivers it.
	var pending chan Eval
	collect := func() {
		if pending != nil {
			e := <-pending
			pending = nil
			h.Evals = append(h.Evals, e)
			if cfg.OnEval != nil {
				cfg.OnEval(e)
			}
		}
	}
	defer collect()
	for i := range cfg.Iters {
		if err := ctx.Err(); err != nil {
			return h, err
		}
		if cfg.EvalEvery > 0 && i%cfg.EvalEvery == 0 {
			e := Eval{Iter: i, Epoch: float64(i) / float64(max(trainN/cfg.Batch, 1))}
			collect() // the previous measurement must be done with EvalModel
			if em := cfg.EvalModel; em != nil {
				for k, p := range em.Params() {
					tensor.Copy(p.Value, m.Params()[k].Value)
				}
				pending = make(chan Eval, 1)
				go func() {
					e.TrainAcc, e.TestAcc = Accuracy(em, data.Train, cfg.EvalRows), Accuracy(em, data.Test, cfg.EvalRows)
					pending <- e
				}()
			} else {
				e.TrainAcc, e.TestAcc = Accuracy(m, data.Train, cfg.EvalRows), Accuracy(m, data.Test, cfg.EvalRows)
				pending = make(chan Eval, 1)
				pending <- e
				collect()
			}
		}
		for k := range idx {
			idx[k] = rng.IntN(trainN)
		}
		data.Train.Batch(x, idx)
		data.Train.OneHot(t, idx)
		var loss float64
		grads, loss = m.Gradient(grads, x, t)
		cfg.Optimizer.Update(m.Params(), grads)
		h.Loss = append(h.Loss, loss)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			h.Elapsed = time.Since(start)
			return h, &DivergedError{Iter: i, Loss: loss}
		}
		if bar != nil {
			bar.Set(int64(i + 1))
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
