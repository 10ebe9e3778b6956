package lesson

import (
	"context"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/tensor"
)

// smallRunner returns a runner on the real MNIST when MNIST_DIR names it
// (and the race detector is off), otherwise on the generated digits.
func smallRunner(t *testing.T) *Runner {
	r := &Runner{Config: Defaults(), Ctx: context.Background()}
	if dir := mnistDirOrEmpty(); dir != "" && !raceEnabled {
		r.Data = dir
	} else {
		r.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(3000, 1000), nil }
	}
	return r
}

func TestCh06_1_RacePrinted(t *testing.T) {
	for _, o := range raceOptimizers(Defaults().Race) {
		xs, ys := race(o.Opt)
		if len(xs) != 31 || xs[0] != -7 || ys[0] != 2 {
			t.Errorf("§6.1 %s: path of %d points from (%v, %v), want 31 from (-7, 2)", o.Name, len(xs), xs[0], ys[0])
		}
	}
}

// TestCh06_1_8_OptimizerOrdering checks the book's finding on a shorter run
// with smaller layers: AdaGrad and Adam end well below SGD.
func TestCh06_1_8_OptimizerOrdering(t *testing.T) {
	r := smallRunner(t)
	runs, err := optimizerRuns(r, 300, []int{40, 40})
	if err != nil {
		t.Fatal(err)
	}
	loss := map[string]float64{}
	for _, run := range runs {
		loss[run.Name] = meanLoss(run.H, 100)
	}
	for _, fast := range []string{"AdaGrad", "Adam", "Momentum"} {
		if loss[fast] >= loss["SGD"] {
			t.Errorf("§6.1.8 after 300 updates %s's loss %v is not below SGD's %v", fast, loss[fast], loss["SGD"])
		}
	}
}

func TestCh06_1_8_MultiLayerCheck(t *testing.T) { checkMultiLayer(t, "6.1.8", 0) }
func TestCh06_4_2_MultiLayerCheck(t *testing.T) { checkMultiLayer(t, "6.4.2", bookLambda) }

func checkMultiLayer(t *testing.T, section string, lambda float64) {
	diffs, err := multiLayerCheck(smallRunner(t), lambda)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		if d.Max > 1e-5 {
			t.Errorf("§%s (λ = %v) %s: max |numerical - backprop| = %g, want at most 1e-5", section, lambda, d.Name, d.Max)
		}
	}
}

func TestCh06_2_Histograms(t *testing.T) {
	r := &Runner{Config: Defaults(), Ctx: context.Background()}
	std := map[string]float64{}
	for _, c := range histogramCases {
		a := activations(r, c)
		_, s := meanStd(a[4])
		std[c.Name] = s
	}
	// What the pictures show, in numbers (layer 5):
	checks := []struct {
		what string
		ok   bool
	}{
		{"sigmoid std 1 saturates (spread > 0.4)", std["sigmoid, std 1"] > 0.4},
		{"sigmoid std 0.01 collapses (spread < 0.05)", std["sigmoid, std 0.01"] < 0.05},
		{"sigmoid Xavier in between", std["sigmoid, Xavier"] > 0.05 && std["sigmoid, Xavier"] < 0.4},
		{"ReLU std 0.01 dies out (spread < 1e-3)", std["ReLU, std 0.01"] < 1e-3},
		{"ReLU Xavier fades", std["ReLU, Xavier"] < std["ReLU, He"]/2},
		{"ReLU He keeps its spread (> 0.5)", std["ReLU, He"] > 0.5},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("§6.2 %s: layer-5 spreads %v", c.what, std)
		}
	}
}

func TestCh06_2_4_InitOrdering(t *testing.T) {
	runs, err := initRuns(smallRunner(t), 300, []int{40, 40, 40, 40})
	if err != nil {
		t.Fatal(err)
	}
	small, he := meanLoss(runs[0].H, 50), meanLoss(runs[2].H, 50)
	if small < 2.2 || he > small-0.5 {
		t.Errorf("§6.2.4 after 300 updates: std 0.01 loss %v (want near 2.3), He %v (want far lower)", small, he)
	}
}

func TestCh06_4_2_WeightDecay(t *testing.T) {
	r := smallRunner(t)
	runs, err := decayRuns(r, 20, 1000)
	if err != nil {
		t.Fatal(err)
	}
	norm := func(i int) float64 {
		s := 0.0
		for _, p := range runs[i].Model.Params() {
			if p.Name[0] == 'W' {
				s += tensor.Sum(tensor.Mul(nil, p.Value, p.Value))
			}
		}
		return s
	}
	if norm(1) >= norm(0) {
		t.Errorf("§6.4.2 weight decay did not keep the weights smaller: ΣW² %v with λ=0.1, %v without", norm(1), norm(0))
	}
	if a, b := runs[0].H.Evals[len(runs[0].H.Evals)-1].TrainAcc, runs[1].H.Evals[len(runs[1].H.Evals)-1].TrainAcc; a < b {
		t.Errorf("§6.4.2 the net without decay should fit its 300 images at least as well: train acc %v vs %v", a, b)
	}
	if n := len(runs[0].H.Evals); n != 20 {
		t.Errorf("§6.4.2 %d measurements, want one per epoch (20)", n)
	}
}

func TestCh06_ReplaySynthetic(t *testing.T) {
	cfg := Defaults()
	cfg.Out, cfg.Iters = t.TempDir(), 40
	cfg.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(1000, 300), nil }
	var out strings.Builder
	cfg.Stdout = &out
	r, err := Run(context.Background(), cfg, "6", "")
	if err != nil {
		t.Fatalf("replay of chapter 6: %v\n%s", err, out.String())
	}
	for _, s := range ch06.Sections {
		if !strings.Contains(out.String(), "§"+s.ID+" ") {
			t.Errorf("replay output lacks §%s", s.ID)
		}
	}
	if len(r.Pictures) != 10 {
		t.Errorf("chapter 6 wrote %d pictures, want 10: %v", len(r.Pictures), r.Pictures)
	}
}
