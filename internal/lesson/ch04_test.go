package lesson

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/net"
)

// same checks got against a book value. tol 0 means bit for bit: the book
// printed 17 digits, and the same float64 operations in the same order give
// the same double.
func same(t *testing.T, section, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) || math.IsNaN(got) {
		t.Errorf("§%s %s: got %.17g, want %.17g (tolerance %g)", section, what, got, want, tol)
	}
}

func TestCh04_2_1_LossExamples(t *testing.T) {
	mse1, mse2, cee1, cee2 := lossExamples()
	same(t, "4.2.1", "mean_squared_error(y1, t)", mse1, 0.097500000000000031, 0)
	same(t, "4.2.1", "mean_squared_error(y2, t)", mse2, 0.59750000000000003, 0)
	same(t, "4.2.1", "cross_entropy_error(y1, t)", cee1, 0.51082545709933802, 0)
	same(t, "4.2.1", "cross_entropy_error(y2, t)", cee2, 2.3025840929945458, 0)
}

func TestCh04_2_3_BatchLoss(t *testing.T) {
	oneHot, labels := batchExample()
	mean := (0.51082545709933802 + 2.3025840929945458) / 2
	same(t, "4.2.3", "batch cross-entropy, one-hot", oneHot, mean, 0)
	same(t, "4.2.3", "batch cross-entropy, labels", labels, mean, 0)
}

func TestCh04_3_1_Derivatives(t *testing.T) {
	at5, at10, tinyH, forward := derivatives()
	same(t, "4.3.1", "numerical_diff(function_1, 5)", at5, 0.1999999999990898, 0)
	same(t, "4.3.1", "numerical_diff(function_1, 10)", at10, 0.2999999999986347, 0)
	same(t, "4.3.1", "forward difference with h = 1e-50", tinyH, 0, 0)
	if math.Abs(forward-0.2) < 100*math.Abs(at5-0.2) {
		t.Errorf("§4.3.1 the forward difference (error %g) should be far worse than the central one (error %g)", math.Abs(forward-0.2), math.Abs(at5-0.2))
	}
}

// slope fits log10(err) = a + slope·log10(h) by least squares over the
// steps with lo <= h <= hi.
func slope(s hSweep, errs []float64, lo, hi float64) float64 {
	var n, sx, sy, sxx, sxy float64
	for i, h := range s.H {
		if h < lo || h > hi {
			continue
		}
		x, y := math.Log10(h), math.Log10(errs[i])
		n, sx, sy, sxx, sxy = n+1, sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

// TestCh04_3_1_HSweep checks the h sweep: the truncation errors are h² and
// 3h + h², rounding grows like ε/h, the smallest errors sit where the two
// meet, and the book's h = 1e-4 lies in the valley between them.
func TestCh04_3_1_HSweep(t *testing.T) {
	s := sweepH()
	if len(s.H) != 49 || s.H[0] != 1e-1 || s.H[12] != 1e-4 || s.H[48] != 1e-13 {
		t.Fatalf("§4.3.1 sweep: %d steps from %g to %g (h[12] = %g), want 49 from 1e-1 to 1e-13 with 1e-4 at 12", len(s.H), s.H[0], s.H[len(s.H)-1], s.H[12])
	}
	// Where truncation dominates, the errors are the formulas themselves,
	// up to rounding (a few ε/h).
	for i, h := range s.H {
		if h >= 1e-4 {
			same(t, "4.3.1", fmt.Sprintf("central error on x³ at h = %.2g (h²)", h), s.Central[i], h*h, 10*epsilon/h)
		}
		if h >= 1e-5 {
			same(t, "4.3.1", fmt.Sprintf("forward error on x³ at h = %.2g (3h + h²)", h), s.Forward[i], 3*h+h*h, 10*epsilon/h)
		}
	}
	for _, c := range []struct {
		what   string
		errs   []float64
		lo, hi float64
		want   float64
		tol    float64
	}{
		{"central on x³, truncation side", s.Central, 1e-4, 1e-1, 2, 0.01},
		{"forward on x³, truncation side", s.Forward, 1e-5, 1e-1, 1, 0.05},
		{"central on x³, rounding side", s.Central, 1e-13, 1e-9, -1, 0.3},
		{"forward on x³, rounding side", s.Forward, 1e-13, 1e-9, -1, 0.3},
		{"central on function_1 (rounding only)", s.Book, 1e-13, 1e-1, -1, 0.15},
	} {
		if got := slope(s, c.errs, c.lo, c.hi); math.Abs(got-c.want) > c.tol {
			t.Errorf("§4.3.1 %s: log-log slope %.3f over h from %g to %g, want %g ± %g", c.what, got, c.lo, c.hi, c.want, c.tol)
		}
	}
	// function_1 is quadratic: its central difference has no truncation
	// error, so at a large h it is exact up to rounding.
	if s.Book[0] > 1e-15 {
		t.Errorf("§4.3.1 central error on function_1 at h = 0.1 is %g: a quadratic's should be rounding alone (< 1e-15)", s.Book[0])
	}
	// The smallest errors sit near where truncation meets rounding.
	for _, c := range []struct {
		what      string
		errs      []float64
		predicted float64
	}{
		{"forward", s.Forward, math.Sqrt(epsilon / 3)},
		{"central", s.Central, math.Cbrt(epsilon / 2)},
	} {
		h := s.H[argmin(c.errs)]
		if h < c.predicted/4 || h > c.predicted*4 {
			t.Errorf("§4.3.1 the %s difference is best at h = %g, want within 4× of %.2g", c.what, h, c.predicted)
		}
	}
	// The book's h: the central error there beats every step ten times
	// larger or 10⁵ times smaller, and it is §4.3.1's own number.
	for i, h := range s.H {
		if (h >= 1e-3 || h <= 1e-9) && s.Central[i] <= s.Central[12] {
			t.Errorf("§4.3.1 at h = %g the central error %g is not above the book's h's %g", h, s.Central[i], s.Central[12])
		}
	}
	if got, want := centralDiff(function1, 5, net.H), net.NumericalDiff(function1, 5); got != want {
		t.Errorf("§4.3.1 the sweep's central difference at h = 1e-4 is %v, numerical_diff's %v: want the same bits", got, want)
	}
	at5, _, _, _ := derivatives()
	same(t, "4.3.1", "the sweep's error of numerical_diff(function_1, 5)", s.Book[12], math.Abs(at5-0.2), 0)
}

func TestCh04_3_3_Partials(t *testing.T) {
	d0, d1 := partials()
	same(t, "4.3.3", "∂f/∂x0 at (3,4)", d0, 6.00000000000378, 0)
	same(t, "4.3.3", "∂f/∂x1 at (3,4)", d1, 7.999999999999119, 0)
}

func TestCh04_4_1_Descent(t *testing.T) {
	// The book prints these with NumPy's 9 significant digits.
	want := map[float64][2]float64{
		0.1:   {-6.11110793e-10, 8.14814391e-10},
		10:    {-2.58983747e+13, -1.29524862e+12},
		1e-10: {-2.99999994, 3.99999992},
	}
	for _, lr := range descentRates {
		x, path := descend(lr)
		for i := range 2 {
			w := want[lr][i]
			same(t, "4.4.1", fmt.Sprintf("lr=%g x%d", lr, i), x.Data()[i], w, 5e-9*math.Abs(w)/math.Max(1, math.Abs(w)))
		}
		if len(path) != 101 {
			t.Errorf("§4.4.1 lr=%g: path has %d points, want 101", lr, len(path))
		}
	}
}

func TestCh04_4_2_SimpleNet(t *testing.T) {
	s := simpleNet()
	for i, w := range []float64{1.05414809, 0.63071653, 1.1328074} {
		same(t, "4.4.2", fmt.Sprintf("predict[%d]", i), s.Predict.Data()[i], w, 5e-9)
	}
	if s.Argmax != 2 {
		t.Errorf("§4.4.2 argmax: got %d, want 2", s.Argmax)
	}
	// The book's loss and dW came from its unrounded random W; from the
	// W it prints (8 digits) they agree to 7 digits.
	same(t, "4.4.2", "loss", s.Loss, 0.92806853663411326, 1e-6)
	for i, row := range [][]float64{{0.21924763, 0.14356247, -0.36281009}, {0.32887144, 0.2153437, -0.54421514}} {
		for j, w := range row {
			same(t, "4.4.2", fmt.Sprintf("dW[%d][%d]", i, j), s.DW.At(i, j), w, 1e-6)
		}
	}
}

// mnistDirOrEmpty returns the real MNIST folder named by $MNIST_DIR, or "".
func mnistDirOrEmpty() string {
	d := os.Getenv("MNIST_DIR")
	if d == "" {
		return ""
	}
	for _, c := range []string{d, filepath.Join("..", "..", d)} {
		if _, err := os.Stat(filepath.Join(c, "train-images-idx3-ubyte.gz")); err == nil {
			return c
		}
	}
	return ""
}

// mnistDir returns the real MNIST folder named by $MNIST_DIR (relative to
// the working directory or to the module root), or skips the test.
func mnistDir(t testing.TB) string {
	t.Helper()
	d := os.Getenv("MNIST_DIR")
	if d == "" {
		// The cache that `go run .` fills.
		cache, _ := mnist.DefaultCacheDir()
		if _, err := os.Stat(filepath.Join(cache, mnist.TestLabelsFile)); err == nil {
			return cache
		}
		t.Skipf("real MNIST not found: run `go run . -section=4.9` once (it downloads into %s) or set MNIST_DIR to a folder with the four .gz files", cache)
	}
	cands := []string{d}
	if !filepath.IsAbs(d) {
		if root, err := filepath.Abs("../.."); err == nil {
			cands = append(cands, filepath.Join(root, d))
		}
	}
	for _, c := range cands {
		if _, err := os.Stat(filepath.Join(c, "train-images-idx3-ubyte.gz")); err == nil {
			return c
		}
	}
	t.Skipf("MNIST_DIR=%s has no train-images-idx3-ubyte.gz (looked in %v)", d, cands)
	return ""
}

// replay runs chapter 4 with small settings and returns its output.
func replay(t *testing.T, cfg Config) (string, *Runner) {
	t.Helper()
	var out bytes.Buffer
	cfg.Stdout = &out
	r, err := Run(context.Background(), cfg, "4", "")
	if err != nil {
		t.Fatalf("replay of chapter 4: %v\noutput so far:\n%s", err, out.String())
	}
	return out.String(), r
}

func checkReplay(t *testing.T, out string, r *Runner) {
	t.Helper()
	for _, s := range ch04.Sections {
		if !strings.Contains(out, "§"+s.ID+" ") {
			t.Errorf("replay output lacks section §%s", s.ID)
		}
	}
	// Numbers the book prints, as the replay must print them.
	for _, want := range []string{
		"= 0.09750000000000003", "= 0.5975\n", "= 0.510825457099338\n", "= 2.302584092994546\n",
		"= 0.1999999999990898", "= 0.2999999999986347", "= 6.00000000000378", "= 7.999999999999119",
		"[-6.111107928998789e-10 8.148143905314271e-10]", "np.argmax(p)   = 2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("replay output lacks %q", want)
		}
	}
	if len(r.Pictures) != 7 {
		t.Errorf("replay wrote %d pictures, want 7: %v", len(r.Pictures), r.Pictures)
	}
	for _, p := range r.Pictures {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(b, []byte("<svg")) {
			t.Errorf("picture %s: not an SVG file (err %v)", p, err)
		}
	}
}

// TestCh04_5_2_ReplayRealMNIST replays the whole chapter on the real MNIST
// with a smaller network and fewer updates than the default, and checks that
// it learns.
func TestCh04_5_2_ReplayRealMNIST(t *testing.T) {
	cfg := Defaults()
	cfg.Data, cfg.Out = mnistDir(t), t.TempDir()
	cfg.Iters, cfg.Hidden = 1200, 10
	out, r := replay(t, cfg)
	checkReplay(t, out, r)
	if !strings.Contains(out, "MNIST: ") || strings.Contains(out, "synthetic") {
		t.Errorf("replay did not say it used the real MNIST:\n%s", out)
	}
	// The replay's own figures, read back from its output.
	if acc := printedTestAcc(t, out); acc < 0.8 {
		t.Errorf("§4.5.2 after 1200 updates (hidden 10) test accuracy is %v, want at least 0.8", acc)
	}
	rest := out[strings.Index(out, "largest |numerical - analytic|"):]
	for _, name := range []string{"W1", "b1", "W2", "b2"} {
		var d float64
		i := strings.Index(rest, "\n  "+name+" ")
		if i < 0 {
			t.Fatalf("§4.5.1 output lacks the difference for %s", name)
		}
		if _, err := fmt.Sscan(rest[i+len(name)+3:], &d); err != nil || d > 1e-7 {
			t.Errorf("§4.5.1 %s: max |numerical - analytic| = %v (%v), want <= 1e-7", name, d, err)
		}
	}
}

// printedTestAcc returns the test accuracy the replay printed after its last
// update.
func printedTestAcc(t *testing.T, out string) float64 {
	t.Helper()
	i := strings.LastIndex(out, "after update")
	if i < 0 {
		t.Fatalf("replay output has no final accuracy:\n%s", out)
	}
	line := out[i:]
	line = line[strings.Index(line, "test acc")+len("test acc"):]
	var acc float64
	if _, err := fmt.Sscan(line, &acc); err != nil {
		t.Fatalf("reading the final test accuracy from %q: %v", line[:min(len(line), 40)], err)
	}
	return acc
}

// TestCh04_5_2_ReplaySynthetic replays the chapter on the generated stand-in
// digits, so the replay is exercised even where MNIST is absent.
func TestCh04_5_2_ReplaySynthetic(t *testing.T) {
	cfg := Defaults()
	cfg.Out, cfg.Iters, cfg.Hidden, cfg.Batch = t.TempDir(), 200, 8, 50
	cfg.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(2000, 500), nil }
	out, r := replay(t, cfg)
	checkReplay(t, out, r)
	if !strings.Contains(out, "ynthetic") {
		t.Errorf("replay on synthetic data did not show the banner:\n%s", out)
	}
}

// TestCh04_5_2_Deterministic checks that a fixed seed gives the same training
// numbers twice.
func TestCh04_5_2_Deterministic(t *testing.T) {
	data := mnist.Synthetic(1000, 200)
	run := func() []float64 {
		r := &Runner{Config: Defaults(), Ctx: context.Background()}
		r.Iters, r.Hidden, r.Batch = 50, 6, 20
		_, h, err := trainTwoLayer(r, data, net.SigmoidActivation, nil)
		if err != nil {
			t.Fatal(err)
		}
		return h.Loss
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("§4.5.2 loss at update %d: %v then %v with the same seed", i, a[i], b[i])
		}
	}
}

func TestCh04_Sections(t *testing.T) {
	if _, err := Run(context.Background(), Defaults(), "4", "4.99"); err == nil || !strings.Contains(err.Error(), "4.2.1, 4.2") {
		t.Errorf("unknown section: got %v, want an error listing the sections", err)
	}
	if _, err := Run(context.Background(), Defaults(), "99", ""); err == nil || !strings.Contains(err.Error(), "-list") {
		t.Errorf("unknown chapter: got %v, want an error pointing to -list", err)
	}
	for _, s := range ch04.Sections {
		if !strings.HasPrefix(s.Test, "Ch04_") || s.Source == "" || !strings.Contains(s.Source, ".txt") {
			t.Errorf("§%s: every section names its tests and its source note (got %q, %q)", s.ID, s.Test, s.Source)
		}
	}
}

// TestCh04_5_2_ShortRunIsNoFailure trains a few updates on the real MNIST:
// the replay must say the network is still learning, not that it failed,
// and its accuracy picture's axis must span those updates, not -1 to 1.
func TestCh04_5_2_ShortRunIsNoFailure(t *testing.T) {
	cfg := Defaults()
	cfg.Data, cfg.Out = mnistDir(t), t.TempDir()
	cfg.Iters, cfg.Hidden = 300, 50
	var out bytes.Buffer
	cfg.Stdout = &out
	if _, err := Run(context.Background(), cfg, "4", "4.5.2"); err != nil {
		t.Fatalf("§4.5.2 with -iters=300: %v", err)
	}
	if s := out.String(); strings.Contains(s, "did not learn") || !strings.Contains(s, "still learning") {
		t.Errorf("§4.5.2 with -iters=300: got\n%s\nwant it to say the network is still learning", s)
	}
	svg, err := os.ReadFile(filepath.Join(cfg.Out, "ch04_accuracy.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(svg), ">-1<") || strings.Contains(string(svg), ">−1<") || !strings.Contains(string(svg), ">0.5<") {
		t.Errorf("§4.5.2 with -iters=300: the accuracy picture's epoch axis does not run from 0 to 0.5")
	}
}

func TestCh04_5_2_LossFell(t *testing.T) {
	first, end := lossFell([]float64{2.3, 2.2, 2.0, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3})
	if first != 2.3 || end != 1.3 {
		t.Errorf("§4.5.2 lossFell: got %v, %v, want 2.3, 1.3", first, end)
	}
}
