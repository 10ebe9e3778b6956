package lesson

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/tensor"
)

func TestCh05_4_1_Apples(t *testing.T) {
	a := apples()
	same(t, "5.4.1", "price", a.Price, 220.00000000000003, 0)
	same(t, "5.4.1", "dapple", a.DApple, 2.2, 0)
	same(t, "5.4.1", "dapple_num", a.DAppleNum, 110.00000000000001, 0)
	same(t, "5.4.1", "dtax", a.DTax, 200, 0)
}

func TestCh05_4_2_ApplesOranges(t *testing.T) {
	f := applesOranges()
	same(t, "5.4.2", "price", f.Price, 715.0000000000001, 0)
	same(t, "5.4.2", "dapple_num", f.DAppleNum, 110.00000000000001, 0)
	same(t, "5.4.2", "dapple", f.DApple, 2.2, 0)
	same(t, "5.4.2", "dorange", f.DOrange, 3.3000000000000003, 0)
	same(t, "5.4.2", "dorange_num", f.DOrangeNum, 165, 0)
	same(t, "5.4.2", "dtax", f.DTax, 650, 0)
}

func TestCh05_5_ActivationReplay(t *testing.T) {
	x := activationInput
	for _, a := range activationLayers() {
		_, dx, d := layerCheck(a.Layer, tensorOf(x), tensorOf([]float64{1, 1, 1, 1}))
		if d > 1e-8 {
			t.Errorf("§5.5 %s: max |backward - numerical| = %g", a.Name, d)
		}
		if a.Name == "ReLU" && (dx.Data()[0] != 0 || dx.Data()[3] != 1) {
			t.Errorf("§5.5 ReLU backward: got %v, want [0 0 1 1]", dx)
		}
	}
}

func TestCh05_6_SoftmaxExample(t *testing.T) {
	y, loss, dx := softmaxExample()
	// The book's softmax example prints [0.01821127 0.24519181 0.73659691].
	for i, w := range []float64{0.01821127, 0.24519181, 0.73659691} {
		same(t, "5.6", "softmax", y.Data()[i], w, 5e-9)
	}
	same(t, "5.6", "loss", loss, -math.Log(y.Data()[2]+1e-7), 1e-15)
	same(t, "5.6", "dx[2] = y - 1", dx.Data()[2], y.Data()[2]-1, 1e-15)
}

// TestCh05_6_SoftmaxGraph checks the two nodes of the Softmax-with-Loss
// graph one at a time, and that the picture shows the computed numbers.
func TestCh05_6_SoftmaxGraph(t *testing.T) {
	g := softmaxGraph()
	y := g.Y
	// The cross-entropy node: ∂L/∂y = -t/y, 0 where t is 0.
	for k, want := range []float64{0, 0, -1 / y[2]} {
		same(t, "5.6", fmt.Sprintf("∂L/∂y%d = -t/y", k+1), g.DY[k], want, 0)
		if math.Signbit(g.DY[k]) != (want < 0) {
			t.Errorf("§5.6 ∂L/∂y%d = %v: want %v, sign included", k+1, g.DY[k], want)
		}
	}
	// The softmax node turns -t/y into y - t, as the fused layer does.
	for k := range y {
		same(t, "5.6", fmt.Sprintf("layer's ∂L/∂a%d = y - t", k+1), g.DA[k], y[k]-g.T[k], 0)
		same(t, "5.6", fmt.Sprintf("softmax node's ∂L/∂a%d", k+1), g.DANode[k], g.DA[k], 1e-16)
	}
	d := softmaxDiagram(g)
	if len(d.Nodes) != 2 || len(d.Edges) != 8 {
		t.Fatalf("§5.6 the graph has %d nodes and %d edges, want 2 (Softmax, Cross Entropy Error) and 8 (a, y, t, L)", len(d.Nodes), len(d.Edges))
	}
	labels := map[string]bool{}
	for _, e := range d.Edges {
		labels[e.Forward], labels[e.Backward] = true, true
	}
	for _, want := range []string{
		"a₃ = 4", "y₁ = " + fmt.Sprintf("%.4g", y[0]), "L = " + fmt.Sprintf("%.4g", g.L), "∂L/∂L = 1", "t = (0, 0, 1)",
		"−t₃/y₃ = −" + fmt.Sprintf("%.4g", 1/y[2]), "y₃ − t₃ = −" + fmt.Sprintf("%.4g", 1-y[2]), "−t₁/y₁ = 0",
	} {
		if !labels[want] {
			t.Errorf("§5.6 the graph has no label %q: %v", want, labels)
		}
	}
}

func TestCh05_7_3_GradientCheckReplay(t *testing.T) {
	r := &Runner{Config: Defaults(), Ctx: context.Background()}
	r.Hidden = 10
	r.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(100, 10), nil }
	diffs, err := gradientCheckBatch(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		if d.Max > 1e-6 {
			t.Errorf("§5.7.3 %s: max |numerical - backprop| = %g, want <= 1e-6", d.Name, d.Max)
		}
	}
}

// TestCh05_7_4_ReplayRealMNIST replays chapter 5 on the real MNIST with a
// smaller net and fewer updates, and checks that the ReLU net learns.
func TestCh05_7_4_ReplayRealMNIST(t *testing.T) {
	cfg := Defaults()
	cfg.Data, cfg.Out = mnistDir(t), t.TempDir()
	cfg.Iters, cfg.Hidden, cfg.Batch = 1200, 10, 50
	var out strings.Builder
	cfg.Stdout = &out
	r, err := Run(context.Background(), cfg, "5", "")
	if err != nil {
		t.Fatalf("replay of chapter 5: %v\n%s", err, out.String())
	}
	for _, s := range ch05.Sections {
		if !strings.Contains(out.String(), "§"+s.ID+" ") {
			t.Errorf("replay output lacks §%s", s.ID)
		}
	}
	for _, want := range []string{"= 220.00000000000003", "= 715.0000000000001", "dorange = 3.3000000000000003", "faster"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("replay output lacks %q", want)
		}
	}
	if len(r.Pictures) != 3 {
		t.Errorf("chapter 5 wrote %v, want the Softmax-with-Loss graph and the loss and accuracy pictures", r.Pictures)
	}
	if acc := printedTestAcc(t, out.String()); acc < 0.9 {
		t.Errorf("§5.7.4 after 1200 updates (ReLU, hidden 10) test accuracy is %v, want at least 0.9", acc)
	}
}

func TestCh05_7_4_ReplaySynthetic(t *testing.T) {
	cfg := Defaults()
	cfg.Out, cfg.Iters, cfg.Hidden, cfg.Batch = t.TempDir(), 200, 8, 20
	cfg.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(2000, 500), nil }
	var out strings.Builder
	cfg.Stdout = &out
	if _, err := Run(context.Background(), cfg, "5", ""); err != nil {
		t.Fatalf("replay of chapter 5: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "after update   200") {
		t.Errorf("replay of chapter 5 did not train:\n%s", out.String())
	}
}

func tensorOf(v []float64) *tensor.Tensor { return tensor.Vector(v...) }

// TestCh05_7_2_StepTimes checks that §5.7.2 measures both steps (how fast they
// are is for BenchmarkCh05_Step, not for a test).
func TestCh05_7_2_StepTimes(t *testing.T) {
	r := &Runner{Config: Defaults(), Ctx: context.Background()}
	r.Hidden, r.Batch = 4, 10
	r.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(100, 10), nil }
	num, bp, err := stepTimes(r)
	if err != nil || num <= 0 || bp <= 0 {
		t.Errorf("§5.7.2 step times: numerical %v, backprop %v, error %v", num, bp, err)
	}
}
