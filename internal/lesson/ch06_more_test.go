package lesson

import (
	"math"
	"slices"
	"testing"

	"dlfs/net"
)

// TestCh06_3_1_BNGradientCheck runs the book's check on a smaller net
// (784-10-10-10; the book's is 784-100-100-10): with one image only β2 is
// off, by ReLU's kink at 0, and b3's difference is the book's printed
// number to the last digit, for it depends on nothing but the loss at
// uniform scores. On 3 images every difference is tiny.
func TestCh06_3_1_BNGradientCheck(t *testing.T) {
	r := smallRunner(t)
	diffs, err := bnGradientCheck(r, []int{10, 10}, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		switch d.Name {
		case "beta2":
			if d.Mean < 1e-3 {
				t.Errorf("§6.3.1 one image: beta2's mean difference %g, want far off (ReLU's kink)", d.Mean)
			}
		case "b3":
			if d.Mean != 1.7990357854824612e-07 {
				t.Errorf("§6.3.1 one image: b3's mean difference %v, want the book's 1.7990357854824612e-07", d.Mean)
			}
		default:
			if d.Max != 0 {
				t.Errorf("§6.3.1 one image: %s differs by %g, want exactly 0 (BN outputs β whatever its input)", d.Name, d.Max)
			}
		}
	}
	if diffs, err = bnGradientCheck(r, []int{10, 10}, 3); err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		// 5e-5: the central difference's own error on a 10-unit BN net
		// (about 1e-5 on the generated digits); a wrong backward pass is
		// off by 1e-2 and more.
		if d.Max > 5e-5 {
			t.Errorf("§6.3.1 three images: %s differs by up to %g", d.Name, d.Max)
		}
	}
}

// TestCh06_3_2_BNLearnsAtSmallScales checks the book's finding on smaller
// layers and fewer epochs: at weight scale ~0.001 the plain net stays at
// chance while the BN net learns.
func TestCh06_3_2_BNLearnsAtSmallScales(t *testing.T) {
	r := smallRunner(t)
	data, err := r.MNIST()
	if err != nil {
		t.Fatal(err)
	}
	set := data.Train.Subset(1000)
	res := bnTrain(r, 11, set, []int{40, 40, 40, 40, 40}, bnScales()[11], 8)
	if len(res.BN) != 8 || len(res.Plain) != 8 {
		t.Fatalf("§6.3.2 %d and %d measurements, want one per epoch (8)", len(res.BN), len(res.Plain))
	}
	bn, plain := res.BN[7], res.Plain[7]
	if plain > 0.2 || bn < plain+0.3 {
		t.Errorf("§6.3.2 scale %v after 8 epochs: BN train acc %v, plain %v; want plain near chance and BN far above", res.Scale, bn, plain)
	}
	if s := bnScales(); s[0] != 1 || math.Abs(s[15]-1e-4) > 1e-19 || math.Abs(s[1]-0.5411695265464637) > 1e-16 {
		t.Errorf("§6.3.2 scales %v, want np.logspace(0, -4, 16)", s)
	}
}

// TestCh06_4_3_DropoutTrainer checks the Trainer's bookkeeping on the
// dropout net and that the same seed gives the same numbers.
func TestCh06_4_3_DropoutTrainer(t *testing.T) {
	a, err := dropoutTrainer(smallRunner(t), 0.2, 4, 200)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dropoutTrainer(smallRunner(t), 0.2, 4, 200)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.TrainAccList) != 4 || len(a.TestAccList) != 4 || len(a.TrainLossList) != 12 {
		t.Errorf("§6.4.3 4 epochs of 300 images: %d, %d accuracies and %d losses, want 4, 4, 12", len(a.TrainAccList), len(a.TestAccList), len(a.TrainLossList))
	}
	if !slices.Equal(a.TrainLossList, b.TrainLossList) || !slices.Equal(a.TestAccList, b.TestAccList) || a.FinalTestAcc != b.FinalTestAcc {
		t.Errorf("§6.4.3 the same seed gave different runs: losses %v and %v", a.TrainLossList, b.TrainLossList)
	}
}

// TestCh06_4_3_DropoutNarrowsGap is the book's finding on the real MNIST,
// 100 epochs: dropout narrows the gap between train and test accuracy.
func TestCh06_4_3_DropoutNarrowsGap(t *testing.T) {
	if raceEnabled {
		t.Skip("slow under the race detector; TestCh06_4_3_DropoutTrainer checks the section there")
	}
	r := smallRunner(t)
	if r.Data == "" {
		t.Skip("real MNIST not found: set MNIST_DIR to a folder with the four .gz files (CI uses ../shared/mnist)")
	}
	tr, err := dropoutTrainer(r, 0.2, 100, 2000)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := overfitRun(r, 100, 2000)
	if err != nil {
		t.Fatal(err)
	}
	k := len(tr.TrainAccList) - 1
	if dGap, pGap := tr.TrainAccList[k]-tr.TestAccList[k], gap(plain.H); dGap >= pGap {
		t.Errorf("§6.4.3 after 100 epochs the gap with dropout is %v, without %v: want it narrower", dGap, pGap)
	}
}

// TestCh06_5_3_HyperParam runs a small search (smaller nets) and checks it
// is ordered and deterministic, and that a large learning rate beats a
// small one.
func TestCh06_5_3_HyperParam(t *testing.T) {
	r := smallRunner(t)
	search := func() []*trial {
		best, err := hyperSearch(r, 15, 6, 3, []int{20, 20}, -6, -2, -8, -4)
		if err != nil {
			t.Fatal(err)
		}
		return best
	}
	a, b := search(), search()
	for i := range a {
		if a[i].LR != b[i].LR || !slices.Equal(a[i].ValAcc, b[i].ValAcc) {
			t.Fatalf("§6.5.3 two searches of the same seed differ at rank %d", i+1)
		}
		if i > 0 && a[i].final() > a[i-1].final() {
			t.Errorf("§6.5.3 rank %d (%v) above rank %d (%v)", i+1, a[i].final(), i, a[i-1].final())
		}
		if a[i].LR < 1e-6 || a[i].LR > 1e-2 || a[i].Decay < 1e-8 || a[i].Decay > 1e-4 || len(a[i].ValAcc) != 3 {
			t.Errorf("§6.5.3 trial %+v outside the ranges or not 3 epochs", a[i])
		}
	}
	// The book's finding, cheaply: on the same weights and batches, lr
	// 10⁻² learns in 10 epochs where lr 10⁻⁵ does not.
	trainSet, val, err := hyperData(r)
	if err != nil {
		t.Fatal(err)
	}
	fast, slow := &trial{LR: 1e-2, Decay: 1e-6}, &trial{LR: 1e-5, Decay: 1e-6}
	runTrial(r, trainSet, val, 99, 20, []int{50}, fast)
	runTrial(r, trainSet, val, 99, 20, []int{50}, slow)
	if fast.final() < slow.final()+0.15 {
		t.Errorf("§6.5.3 after 20 epochs: validation accuracy %v with lr 1e-2, %v with lr 1e-5; want the large rate far ahead", fast.final(), slow.final())
	}
	if trainSet.Len() != 400 || val.Len() != 100 {
		t.Errorf("§6.5.3 split %d training and %d validation images, want 400 and 100", trainSet.Len(), val.Len())
	}
}

// TestCh06_4_1_Overfit checks the run §6.4.2 and §6.4.3 draw beside
// theirs: one measurement per epoch, computed once per replay.
func TestCh06_4_1_Overfit(t *testing.T) {
	r := smallRunner(t)
	a, err := overfitRun(r, 5, 500)
	if err != nil {
		t.Fatal(err)
	}
	b, err := overfitRun(r, 5, 500)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("§6.4.1 the run was computed twice")
	}
	if n := len(a.H.Evals); n != 5 || a.H.Evals[4].Epoch != 4 {
		t.Errorf("§6.4.1 %d measurements, want one per epoch (5), the last at epoch 4", n)
	}
	if a.Model.(interface{ Params() []net.Param }).Params()[0].Name != "W1" {
		t.Errorf("§6.4.1 the model is not a MultiLayerNet")
	}
}
