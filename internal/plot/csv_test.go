package plot

import (
	"encoding/csv"
	"math"
	"strings"
	"testing"
)

func readCSV(t *testing.T, write func(b *strings.Builder) error) [][]string {
	t.Helper()
	var b strings.Builder
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, b.String())
	}
	return rows
}

func sameRows(t *testing.T, what string, got [][]string, want string) {
	t.Helper()
	var lines []string
	for _, r := range got {
		lines = append(lines, strings.Join(r, ","))
	}
	if g := strings.Join(lines, "\n"); g != want {
		t.Errorf("%s CSV:\ngot\n%s\nwant\n%s", what, g, want)
	}
}

func TestCSV_LineChart(t *testing.T) {
	// One series against its indices: the header is x label, y label.
	a, b := 0.1, 0.2 // a+b is not 0.3: the CSV keeps every digit
	loss := &LineChart{XLabel: "iteration", YLabel: "loss", Series: []Series{{Name: "train loss", Y: []float64{2.3, a + b, math.NaN()}}}}
	sameRows(t, "loss", readCSV(t, func(b *strings.Builder) error { return loss.CSV(b) }),
		"iteration,loss\n0,2.3\n1,0.30000000000000004\n2,NaN")
	// Series sharing x: one column each, named for the series.
	acc := &LineChart{XLabel: "epochs", Series: []Series{{Name: "train acc", X: []float64{0, 1}, Y: []float64{0.5, 0.9}}, {Name: "test, acc", Y: []float64{0.4, 0.8}}}}
	sameRows(t, "accuracy", readCSV(t, func(b *strings.Builder) error { return acc.CSV(b) }),
		"epochs,train acc,test, acc\n0,0.5,0.4\n1,0.9,0.8")
	// Different x: long form.
	long := &LineChart{Series: []Series{{Name: "a", X: []float64{0, 1}, Y: []float64{1, 2}}, {X: []float64{5}, Y: []float64{math.Inf(1)}}}}
	sameRows(t, "long", readCSV(t, func(b *strings.Builder) error { return long.CSV(b) }),
		"series,x,y\na,0,1\na,1,2\nseries 2,5,+Inf")
	empty := &LineChart{}
	sameRows(t, "empty", readCSV(t, func(b *strings.Builder) error { return empty.CSV(b) }), "x")
}

func TestCSV_ContourQuiverHistogram(t *testing.T) {
	c := &Contour{XLabel: "x0", YLabel: "x1", Paths: []Series{{Name: "lr = 0.1", X: []float64{-3, -2.4}, Y: []float64{4, 3.2}}},
		Mark: []Series{{Name: "minimum", X: []float64{0}, Y: []float64{0}}}}
	sameRows(t, "contour", readCSV(t, func(b *strings.Builder) error { return c.CSV(b) }),
		"series,step,x0,x1\nlr = 0.1,0,-3,4\nlr = 0.1,1,-2.4,3.2\nminimum,0,0,0")
	q := &Quiver{X: []float64{1, 2}, Y: []float64{3, 4}, U: []float64{-2, -4}, V: []float64{-6}}
	sameRows(t, "quiver", readCSV(t, func(b *strings.Builder) error { return q.CSV(b) }), "x,y,u,v\n1,3,-2,-6")
	h := &Histogram{Values: []float64{0, 0.1, 0.5, 1, 2, math.NaN()}, Bins: 2, Min: 0, Max: 1}
	sameRows(t, "histogram", readCSV(t, func(b *strings.Builder) error { return h.CSV(b) }),
		"bin_start,bin_end,count\n0,0.5,2\n0.5,1,2")
}

func TestCSV_Grid(t *testing.T) {
	var nilChart *LineChart
	g := &Grid{Panels: []Panel{
		&LineChart{Title: "SGD", XLabel: "iterations", Series: []Series{{Name: "loss", Y: []float64{1}}}},
		nilChart,
		&Histogram{Values: []float64{1, 2}, Bins: 1},
	}}
	sameRows(t, "grid", readCSV(t, func(b *strings.Builder) error { return g.CSV(b) }),
		"panel,iterations,loss,bin_start,bin_end,count\nSGD,0,1,,,\npanel 3,,,1,2,2")
}
