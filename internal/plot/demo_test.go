package plot

import (
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestPlotDemo renders the sample figures into $PLOT_DEMO_DIR, to be
// looked at in a browser (or converted with rsvg-convert). It is skipped
// unless that variable is set:
//
//	PLOT_DEMO_DIR=/tmp/plotdemo go test ./internal/plot -run TestPlotDemo
func TestPlotDemo(t *testing.T) {
	dir := os.Getenv("PLOT_DEMO_DIR")
	if dir == "" {
		t.Skip("set PLOT_DEMO_DIR to render the demo figures")
	}
	for name, p := range demoFigures() {
		if err := WriteFile(filepath.Join(dir, name+".svg"), p); err != nil {
			t.Fatal(err)
		}
	}
}

// demoFigures builds the sample figures of the lessons from synthetic
// data (a fixed seed, so they are reproducible).
func demoFigures() map[string]interface{ WriteSVG(io.Writer) error } {
	rng := rand.New(rand.NewPCG(1, 2))
	figs := map[string]interface{ WriteSVG(io.Writer) error }{}

	// A noisy training loss over 10000 iterations.
	loss := make([]float64, 10000)
	for i := range loss {
		base := 0.25 + 2.05*math.Exp(-float64(i)/900)
		loss[i] = base * math.Exp(0.35*rng.NormFloat64())
	}
	figs["loss"] = &LineChart{
		Title: "Training loss", XLabel: "iteration", YLabel: "loss",
		Series: []Series{{Name: "train loss", Y: loss}},
		YMin:   new(0.0),
	}

	// Train and test accuracy over 17 epochs, as the book's figure.
	var ep, tr, te []float64
	for e := range 17 {
		ep = append(ep, float64(e))
		tr = append(tr, 0.97-0.85*math.Exp(-float64(e)/1.6)+0.004*rng.NormFloat64())
		te = append(te, 0.955-0.84*math.Exp(-float64(e)/1.6)+0.004*rng.NormFloat64())
	}
	figs["accuracy"] = &LineChart{
		Title: "Accuracy per epoch", XLabel: "epochs", YLabel: "accuracy",
		Series: []Series{
			{Name: "train acc", X: ep, Y: tr, Marker: "o"},
			{Name: "test acc", X: ep, Y: te, Marker: "s", Dashed: true},
		},
		YMin: new(0.0), YMax: new(1.0), Legend: "lower right",
	}

	// The negative gradient of x0² + x1².
	var qx, qy, qu, qv []float64
	for i := range 18 {
		for j := range 18 {
			x, y := -2+0.25*float64(i), -2+0.25*float64(j)
			qx, qy = append(qx, x), append(qy, y)
			qu, qv = append(qu, -2*x), append(qv, -2*y)
		}
	}
	figs["quiver"] = &Quiver{
		Title: "Negative gradient of x0² + x1²", XLabel: "x0", YLabel: "x1",
		X: qx, Y: qy, U: qu, V: qv,
		XMin: -2, XMax: 2, YMin: -2, YMax: 2,
	}

	// Four optimizers on f(x, y) = x²/20 + y², 30 steps each.
	f := func(x, y float64) float64 { return x*x/20 + y*y }
	grad := func(x, y float64) (float64, float64) { return x / 10, 2 * y }
	type opt func(x, y, gx, gy float64, state []float64) (float64, float64)
	opts := []struct {
		name string
		step opt
	}{
		{"SGD", func(x, y, gx, gy float64, _ []float64) (float64, float64) { return x - 0.95*gx, y - 0.95*gy }},
		{"Momentum", func(x, y, gx, gy float64, s []float64) (float64, float64) {
			s[0] = 0.9*s[0] - 0.1*gx
			s[1] = 0.9*s[1] - 0.1*gy
			return x + s[0], y + s[1]
		}},
		{"AdaGrad", func(x, y, gx, gy float64, s []float64) (float64, float64) {
			s[0] += gx * gx
			s[1] += gy * gy
			return x - 1.5*gx/(math.Sqrt(s[0])+1e-7), y - 1.5*gy/(math.Sqrt(s[1])+1e-7)
		}},
		{"Adam", func(x, y, gx, gy float64, s []float64) (float64, float64) {
			s[4]++
			lr := 0.3 * math.Sqrt(1-math.Pow(0.999, s[4])) / (1 - math.Pow(0.9, s[4]))
			s[0] += (1 - 0.9) * (gx - s[0])
			s[1] += (1 - 0.9) * (gy - s[1])
			s[2] += (1 - 0.999) * (gx*gx - s[2])
			s[3] += (1 - 0.999) * (gy*gy - s[3])
			return x - lr*s[0]/(math.Sqrt(s[2])+1e-7), y - lr*s[1]/(math.Sqrt(s[3])+1e-7)
		}},
	}
	g := &Grid{Title: "Optimizers on f(x, y) = x²/20 + y²", Cols: 2}
	for _, o := range opts {
		x, y := -7.0, 2.0
		state := make([]float64, 5)
		var px, py []float64
		for range 30 {
			px, py = append(px, x), append(py, y)
			gx, gy := grad(x, y)
			x, y = o.step(x, y, gx, gy, state)
		}
		g.Panels = append(g.Panels, &Contour{
			Title: o.name, XLabel: "x", YLabel: "y", F: f,
			XMin: -10, XMax: 10, YMin: -5, YMax: 5,
			Levels: []float64{0.25, 1, 2, 3, 4, 5, 6, 7},
			Paths:  []Series{{X: px, Y: py}},
			Mark:   []Series{{X: []float64{0}, Y: []float64{0}}},
		})
	}
	figs["optimizers"] = g

	// Activation histograms of five layers (sigmoid of a random walk).
	hg := &Grid{Title: "Activation distribution per layer", Cols: 5, CellWidth: 300, CellHeight: 280}
	acts := make([]float64, 2000)
	for i := range acts {
		acts[i] = rng.NormFloat64()
	}
	for l := range 5 {
		for i := range acts {
			acts[i] = 1 / (1 + math.Exp(-(acts[i]*2.2 + 0.3*rng.NormFloat64())))
			acts[i] = (acts[i] - 0.5) * 6
		}
		vals := make([]float64, len(acts))
		for i, a := range acts {
			vals[i] = 1 / (1 + math.Exp(-a))
		}
		hg.Panels = append(hg.Panels, &Histogram{
			Title: strconv.Itoa(l+1) + "-layer", Values: vals, Bins: 30, Min: 0, Max: 1,
		})
	}
	figs["histograms"] = hg

	// Activation functions of chapter 3, with the legend placed by "best".
	var ax, sig, step, relu []float64
	for i := range 201 {
		x := -5 + 0.05*float64(i)
		ax = append(ax, x)
		sig = append(sig, 1/(1+math.Exp(-x)))
		relu = append(relu, math.Max(0, x)/5)
		if x > 0 {
			step = append(step, 1)
		} else {
			step = append(step, 0)
		}
	}
	figs["activations"] = &LineChart{
		Title: "Activation functions", XLabel: "x", YLabel: "y",
		Series: []Series{
			{Name: "sigmoid", X: ax, Y: sig},
			{Name: "step", X: ax, Y: step, Dashed: true},
			{Name: "ReLU / 5", X: ax, Y: relu},
			{Name: "samples", X: []float64{-4, -2, 0, 2, 4}, Y: []float64{0.1, 0.3, 0.5, 0.7, 0.9}, Points: true, Marker: "D"},
		},
		YMin: new(-0.1), YMax: new(1.1), Legend: "best",
	}

	// A loss on a log axis, with a gap (NaN) in it.
	logLoss := make([]float64, 3000)
	for i := range logLoss {
		logLoss[i] = 3 * math.Exp(-float64(i)/400) * math.Exp(0.2*rng.NormFloat64())
	}
	logLoss[1500] = math.NaN()
	figs["logloss"] = &LineChart{
		Title: "Loss (log scale)", XLabel: "iteration", YLabel: "loss",
		Series: []Series{{Name: "loss", Y: logLoss}}, LogY: true, Width: 560, Height: 380,
	}
	return figs
}
