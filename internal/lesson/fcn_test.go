package lesson

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dlfs/internal/npz"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
)

func TestFCN_1_Dimensions(t *testing.T) {
	r := &Runner{Config: Defaults(), Ctx: context.Background()}
	for _, c := range []struct {
		sizes []int
		i     int
		want  []string
	}{
		{[]int{4, 8, 8, 4, 1}, 5, []string{"[4 5]", "W1 [8 4]  B1 [8 1]", "A2 [8 5]", "W4 [1 4]", "A4 [1 5]", "dW3 [4 8]"}},
		{[]int{784, 256, 128, 10}, 128, []string{"[784 128]", "W1 [256 784]  B1 [256 1]", "A1 [256 128]", "dW1 [256 784]", "A3 [10 128]"}},
	} {
		rows, err := walkShapes(r, c.sizes, c.i)
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, row := range rows {
			all.WriteString(strings.Join(row[:], " | ") + "\n")
		}
		for _, w := range c.want {
			if !strings.Contains(all.String(), w) {
				t.Errorf("§fcn.1 %v: the shape table lacks %q:\n%s", c.sizes, w, all.String())
			}
		}
	}
}

func TestFCN_2_Parts(t *testing.T) {
	r := &Runner{Config: Defaults(), Ctx: context.Background()}
	for name, d := range partsCheck(r) {
		if d > 1e-8 {
			t.Errorf("§fcn.2 %s backward: max |analytic - numerical| = %g", name, d)
		}
	}
	rng := r.Rand(1)
	w, _ := net.InitColumns(rng, "rand", 256, 784)
	if m, _ := meanStd(w); tensor.Max(tensor.Scale(nil, -1, w)) > 0 || math.Abs(m-0.005) > 1e-4 {
		t.Errorf("§fcn.2 \"rand\" init: want only positive weights with mean 0.005, got mean %v", m)
	}
	w, _ = net.InitColumns(rng, "xavier", 256, 784)
	if _, s := meanStd(w); math.Abs(s-math.Sqrt(2.0/256)) > 0.002 {
		t.Errorf("§fcn.2 note 001's \"xavier\" for W (256, 784): std %v, want √(2/256) = %v", s, math.Sqrt(2.0/256))
	}
	if _, err := net.InitColumns(rng, "he", 2, 2); err == nil {
		t.Error("§fcn.2 InitColumns accepted an init the note does not define")
	}
}

// fcnRunner trains for one epoch on the real MNIST when MNIST_DIR names it,
// otherwise on generated digits.
func fcnRunner(t *testing.T) *Runner {
	r := smallRunner(t)
	r.Epochs, r.Out = 1, t.TempDir()
	if r.Data == "" { // 3000 generated digits: an epoch is only 23 updates
		r.Epochs = 10
	}
	return r
}

// sharedFCN trains one network for the §fcn.3–§fcn.5 tests.
var sharedFCN struct {
	once sync.Once
	r    *Runner
	res  *fcnResult
	err  error
}

func trainedFCN(t *testing.T) (*Runner, *fcnResult) {
	sharedFCN.once.Do(func() {
		sharedFCN.r = fcnRunner(t)
		sharedFCN.res, sharedFCN.err = fcnTrain(sharedFCN.r)
	})
	if sharedFCN.err != nil {
		t.Fatal(sharedFCN.err)
	}
	return sharedFCN.r, sharedFCN.res
}

func TestFCN_3_Training(t *testing.T) {
	r, res := trainedFCN(t)
	data, _ := r.MNIST()
	if want := r.Epochs * data.Train.Len() / 128; len(res.Iters) != (want+199)/200 {
		t.Errorf("§fcn.3 recorded %d points for %d updates, want one per 200", len(res.Iters), want)
	}
	if res.Loss[len(res.Loss)-1] > res.Loss[0]/2 {
		t.Errorf("§fcn.3 loss went from %v to %v: it should fall", res.Loss[0], res.Loss[len(res.Loss)-1])
	}
	if res.Test < 0.85 {
		t.Errorf("§fcn.3 after one epoch test accuracy is %v, want at least 0.85", res.Test)
	}
}

func TestFCN_4_Evaluation(t *testing.T) {
	r, res := trainedFCN(t)
	data, _ := r.MNIST()
	// The test figure, recomputed in one pass over all test columns.
	all := firstN(data.Test.Len())
	labels := data.Test.LabelsOf(nil, all)
	hits := 0
	for k, p := range res.Net.Forward(data.Test.Batch(nil, all).T()) {
		if p == labels[k] {
			hits++
		}
	}
	if got := float64(hits) / float64(len(all)); got != res.Test {
		t.Errorf("§fcn.4 test accuracy: %v in chunks, %v in one pass", res.Test, got)
	}
	// The note's "validation" reads the first 10000 rows of the shuffled
	// training set: redo the shuffle (same random stream, after the same
	// weight draws) and measure those rows.
	rng := r.Rand(14)
	if _, err := net.NewColumnNet(rng, []int{784, 256, 128, 10}, "xavier"); err != nil {
		t.Fatal(err)
	}
	order := rng.Perm(data.Train.Len())
	if want := columnAccuracy(res.Net, data.Train, order[:min(10000, len(order))]); res.Validation != want {
		t.Errorf("§fcn.4 the note's validation figure is %v; the first 10000 shuffled training rows give %v", res.Validation, want)
	}
}

func TestFCN_5_SaveLoad(t *testing.T) {
	r, res := trainedFCN(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "m.npz")
	if err := saveColumnNet(path, res.Net); err != nil {
		t.Fatal(err)
	}
	back, err := loadColumnNet(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range back.Params() {
		if d := tensor.MaxAbsDiff(p.Value, res.Net.Params()[i].Value); d != 0 {
			t.Errorf("§fcn.5 %s changed by %g on the way through the file", p.Name, d)
		}
	}
	// Loading through the replay evaluates without training, to the last digit.
	r2 := fcnRunner(t)
	r2.LoadMNIST, r2.Data, r2.Load = r.LoadMNIST, r.Data, path
	res2, err := fcnTrain(r2)
	if err != nil || res2.Test != res.Test {
		t.Errorf("§fcn.5 -load: test accuracy %v (err %v), want %v", res2.Test, err, res.Test)
	}
	// Bad files say what is wrong.
	raw, _ := os.ReadFile(path)
	trunc := filepath.Join(dir, "trunc.npz")
	os.WriteFile(trunc, raw[:len(raw)/2], 0o644)
	other := filepath.Join(dir, "other.npz")
	npz.WriteNPZ(other, []string{"W1", "B1"}, []*tensor.Tensor{tensor.New(5, 784), tensor.New(5, 1)})
	half := filepath.Join(dir, "half.npz")
	npz.WriteNPZ(half, []string{"W1"}, []*tensor.Tensor{tensor.New(5, 784)})
	for file, want := range map[string]string{
		filepath.Join(dir, "missing.npz"): "no such file",
		trunc:                             "trunc.npz",
		other:                             "MNIST needs 784 inputs and 10 outputs",
		half:                              "has W1 but no B1",
	} {
		if _, err := loadColumnNet(file); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("§fcn.5 loading %s: got %v, want an error mentioning %q", filepath.Base(file), err, want)
		}
	}
}

func TestFCN_ReplaySynthetic(t *testing.T) {
	cfg := Defaults()
	cfg.Out, cfg.Epochs = t.TempDir(), 1
	cfg.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(1500, 300), nil }
	var out strings.Builder
	cfg.Stdout = &out
	r, err := Run(context.Background(), cfg, "fcn", "")
	if err != nil {
		t.Fatalf("replay of the note-001 lesson: %v\n%s", err, out.String())
	}
	for _, s := range fcn.Sections {
		if !strings.Contains(out.String(), "§"+s.ID+" ") {
			t.Errorf("replay output lacks §%s", s.ID)
		}
	}
	if !strings.Contains(out.String(), "reloaded: test accuracy") || len(r.Pictures) != 2 {
		t.Errorf("replay did not save, reload and draw:\n%s", out.String())
	}
}
