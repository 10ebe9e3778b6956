package plot_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"dlfs/internal/plot"
)

func ExampleTextChart() {
	loss := plot.Series{Name: "loss", Y: []float64{2.3, 1.2, 0.8, 0.5, 0.4, 0.35}}
	plot.TextChart(os.Stdout, "Training loss", 24, 6, 0, 2.5, loss)
	// Output:
	// Training loss
	// 2.5 |*
	//     |
	//     |
	// 1.0 |     *   *
	//     |              *   *    *
	// 0.0 |
	//     +------------------------
	//      0                      5
	//      * loss
}

func ExampleLineChart() {
	epochs := []float64{0, 1, 2, 3, 4}
	chart := &plot.LineChart{
		Title:  "Accuracy",
		XLabel: "epochs",
		YLabel: "accuracy",
		Series: []plot.Series{
			{Name: "train acc", X: epochs, Y: []float64{0.2, 0.7, 0.85, 0.9, 0.92}, Marker: "o"},
			{Name: "test acc", X: epochs, Y: []float64{0.2, 0.65, 0.8, 0.86, 0.88}, Marker: "s", Dashed: true},
		},
		YMin:   new(0.0),
		YMax:   new(1.0),
		Legend: "lower right",
	}
	var buf bytes.Buffer
	if err := chart.WriteSVG(&buf); err != nil {
		fmt.Println(err)
		return
	}
	svg := buf.String()
	fmt.Println(strings.HasPrefix(svg, "<svg"))
	fmt.Println(strings.Count(svg, "<polyline"))
	// Output:
	// true
	// 2
}

func ExampleGrid() {
	f := func(x, y float64) float64 { return x*x/20 + y*y }
	g := &plot.Grid{Title: "Optimizers", Cols: 2}
	for _, name := range []string{"SGD", "Momentum", "AdaGrad", "Adam"} {
		g.Panels = append(g.Panels, &plot.Contour{
			Title: name, F: f, XMin: -10, XMax: 10, YMin: -5, YMax: 5,
			Paths: []plot.Series{{X: []float64{-7, -5, -3}, Y: []float64{2, -1.5, 1}}},
		})
	}
	var buf bytes.Buffer
	if err := g.WriteSVG(&buf); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Count(buf.String(), `class="panel"`), "panels")
	// Output: 4 panels
}
