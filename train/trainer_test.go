package train

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/net"
)

func TestCh06_4_3_NewOptimizerParam(t *testing.T) {
	o, err := NewOptimizerParam("sgd", map[string]float64{"lr": 0.5})
	if s, ok := o.(*SGD); err != nil || !ok || s.LR != 0.5 {
		t.Errorf("NewOptimizerParam(sgd, lr 0.5) = %#v, %v", o, err)
	}
	o, err = NewOptimizerParam("ADAM", map[string]float64{"beta1": 0.8})
	if a, ok := o.(*Adam); err != nil || !ok || a.LR != 0.001 || a.Beta1 != 0.8 || a.Beta2 != 0.999 {
		t.Errorf("NewOptimizerParam(ADAM, beta1 0.8) = %#v, %v; want the other defaults kept", o, err)
	}
	if _, err := NewOptimizerParam("adadelta", nil); err == nil || !strings.Contains(err.Error(), "SGD, Momentum") {
		t.Errorf("unknown optimizer: error %v, want one listing the optimizers", err)
	}
	if _, err := NewOptimizerParam("momentum", map[string]float64{"decay_rate": 0.9}); err == nil || !strings.Contains(err.Error(), "lr, momentum") {
		t.Errorf("unknown parameter: error %v, want one listing lr, momentum", err)
	}
}

// TestCh06_4_3_Trainer checks the book's Trainer's bookkeeping: epochs of
// N/batch steps, accuracy at each epoch's start, the loss of every step,
// and the same numbers from the same seed.
func TestCh06_4_3_Trainer(t *testing.T) {
	data := mnist.Synthetic(300, 120)
	run := func(verbose io.Writer) *Trainer {
		n := net.NewMultiLayerNet(rand.New(rand.NewPCG(3, 3)), 784, []int{20}, 10, net.ReLUActivation, net.He, 0)
		tr, err := NewTrainer(n, data.Train, data.Test, TrainerConfig{Epochs: 3, Optimizer: "sgd", OptimizerParam: map[string]float64{"lr": 0.1}, Seed: 9, Verbose: verbose})
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	var log bytes.Buffer
	a, b := run(&log), run(nil)
	if a.MaxIter() != 9 || len(a.TrainLossList) != 9 || len(a.TrainAccList) != 3 || len(a.TestAccList) != 3 {
		t.Errorf("3 epochs of 300 images in batches of 100: %d steps, %d losses, %d and %d accuracies; want 9, 9, 3, 3",
			a.MaxIter(), len(a.TrainLossList), len(a.TrainAccList), len(a.TestAccList))
	}
	if !slices.Equal(a.TrainLossList, b.TrainLossList) || a.FinalTestAcc != b.FinalTestAcc {
		t.Errorf("the same seed gave different runs")
	}
	if a.TrainLossList[8] >= a.TrainLossList[0] {
		t.Errorf("the loss did not go down: %v", a.TrainLossList)
	}
	if s := log.String(); strings.Count(s, "train loss:") != 9 || strings.Count(s, "=== epoch:") != 3 || !strings.Contains(s, "test acc:") {
		t.Errorf("verbose output:\n%s", s)
	}
	if _, err := NewTrainer(nil, data.Train, data.Test, TrainerConfig{Optimizer: "adamw"}); err == nil {
		t.Errorf("NewTrainer accepted an unknown optimizer")
	}
}
