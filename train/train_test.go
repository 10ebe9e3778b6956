package train

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
)

func TestCh04_5_2_SGDUpdate(t *testing.T) {
	w := tensor.Vector(1, 2, 3)
	g := tensor.Vector(0.5, -1, 0)
	(&SGD{LR: 0.1}).Update([]net.Param{{Name: "w", Value: w}}, []*tensor.Tensor{g})
	for i, want := range []float64{1 - 0.1*0.5, 2 + 0.1, 3} {
		if got := w.Data()[i]; got != want {
			t.Errorf("§4.5.2 SGD: w[%d] = %v, want %v", i, got, want)
		}
	}
}

var synth = mnist.Synthetic(1000, 300)

// TestCh04_5_2_StepWithoutOptimizer checks that chapters 4 and 5's in-line
// step, params -= lr·grad (no Optimizer), gives SGD's bits exactly.
func TestCh04_5_2_StepWithoutOptimizer(t *testing.T) {
	a, b := newNet(4), newNet(4)
	ha, err := Run(context.Background(), a, synth, Config{Iters: 30, Batch: 20, LR: 0.3, Seed: 5, EvalEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	hb, err := Run(context.Background(), b, synth, Config{Iters: 30, Batch: 20, Optimizer: &SGD{LR: 0.3}, Seed: 5, EvalEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range ha.Loss {
		if ha.Loss[i] != hb.Loss[i] {
			t.Fatalf("§4.5.2 update %d: loss %v with the in-line step, %v with SGD{LR: 0.3}; want the same bits", i, ha.Loss[i], hb.Loss[i])
		}
	}
	for k, p := range a.Params() {
		if d := tensor.MaxAbsDiff(p.Value, b.Params()[k].Value); d != 0 {
			t.Errorf("§4.5.2 %s differs by %v between the in-line step and SGD, want 0", p.Name, d)
		}
	}
}

func newNet(seed uint64) *net.TwoLayerNet {
	return net.NewTwoLayerNet(rand.New(rand.NewPCG(seed, 1)), 784, 20, 10, 0.01, net.SigmoidActivation)
}

func TestCh04_5_2_RunLearns(t *testing.T) {
	n := newNet(1)
	before := Accuracy(n, synth.Test, 0)
	var seen []Eval
	h, err := Run(context.Background(), n, synth, Config{Iters: 400, Batch: 50, Optimizer: &SGD{LR: 0.5}, Seed: 3,
		OnEval: func(e Eval) { seen = append(seen, e) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Loss) != 400 {
		t.Errorf("§4.5.2 recorded %d losses, want 400", len(h.Loss))
	}
	// One epoch is 1000/50 = 20 updates: measurements before updates 0, 20, ..., 380.
	if len(h.Evals) != 20 || len(seen) != 20 || h.Evals[1].Iter != 20 || h.Evals[19].Epoch != 19 {
		t.Errorf("§4.5.2 measurements: got %d (%d reported), want 20 at every 20th update; %+v", len(h.Evals), len(seen), h.Evals)
	}
	after := Accuracy(n, synth.Test, 0)
	if after < 0.6 || after < before+0.3 {
		t.Errorf("§4.5.2 test accuracy went from %v to %v: the network did not learn", before, after)
	}
	if h.Loss[len(h.Loss)-1] > h.Loss[0]/2 {
		t.Errorf("§4.5.2 the loss went from %v to %v: it should fall", h.Loss[0], h.Loss[len(h.Loss)-1])
	}
}

// TestCh04_5_2_SameSeedSameNumbers checks that a run is a function of its
// seed, and that OnStep sees every update.
func TestCh04_5_2_SameSeedSameNumbers(t *testing.T) {
	steps := 0
	cfg := Config{Iters: 120, Batch: 25, Seed: 5, OnStep: func(done, total int) {
		if steps++; done != steps || total != 120 {
			t.Errorf("§4.5.2 OnStep(%d, %d) at update %d of 120", done, total, steps)
		}
	}}
	a, err := Run(context.Background(), newNet(2), synth, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if steps != 120 {
		t.Errorf("§4.5.2 OnStep was called %d times, want 120", steps)
	}
	cfg.OnStep = nil
	b, err := Run(context.Background(), newNet(2), synth, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Evals) != len(b.Evals) {
		t.Fatalf("§4.5.2 %d measurements, then %d", len(a.Evals), len(b.Evals))
	}
	for i := range a.Evals {
		if a.Evals[i] != b.Evals[i] {
			t.Errorf("§4.5.2 measurement %d: %+v, then %+v", i, a.Evals[i], b.Evals[i])
		}
	}
	for i := range a.Loss {
		if a.Loss[i] != b.Loss[i] {
			t.Fatalf("§4.5.2 loss %d: %v then %v", i, a.Loss[i], b.Loss[i])
		}
	}
}

// nanAfter is a model whose loss turns NaN at a given update, as a network's
// does when its weights overflow.
type nanAfter struct {
	*net.TwoLayerNet
	calls, at int
}

func (m *nanAfter) Gradient(g []*tensor.Tensor, x, t *tensor.Tensor) ([]*tensor.Tensor, float64) {
	g, loss := m.TwoLayerNet.Gradient(g, x, t)
	if m.calls++; m.calls > m.at {
		loss = math.NaN()
	}
	return g, loss
}

func TestCh04_5_2_Diverged(t *testing.T) {
	m := &nanAfter{TwoLayerNet: newNet(3), at: 7}
	h, err := Run(context.Background(), m, synth, Config{Iters: 50, Batch: 10})
	var d *DivergedError
	if !errors.As(err, &d) || d.Iter != 7 {
		t.Fatalf("§4.5.2 a NaN loss at update 7: got %v, want a DivergedError at update 7", err)
	}
	if !strings.Contains(err.Error(), "-lr") || len(h.Loss) != 8 {
		t.Errorf("§4.5.2 divergence report: %q after %d losses, want advice on -lr after 8", err, len(h.Loss))
	}
}

func TestCh04_5_2_Cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, newNet(4), synth, Config{Iters: 10})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("§4.5.2 a cancelled run returned %v, want context.Canceled", err)
	}
}
