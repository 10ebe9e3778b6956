package plot

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestTextChartGolden(t *testing.T) {
	var b strings.Builder
	err := TextChart(&b, "Accuracy", 34, 8, 0, 1,
		Series{Name: "train", Y: []float64{0.1, 0.5, 0.7, 0.8, 0.85, 0.9, 0.92, 0.93, 0.95}},
		Series{Name: "test", Y: []float64{0.1, 0.45, 0.66, 0.78, 0.82, 0.86, 0.88, 0.9, 0.9}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `Accuracy
1.0 |                             *   *
    |            *    #   #   #   o   o
    |        #   o
0.5 |    *
    |    o
    |
    |#
0.0 |
    +----------------------------------
     0                                8
     * train  o test  # overlap
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTextChartAuto(t *testing.T) {
	var b strings.Builder
	err := TextChart(&b, "", 20, 5, 0, 0,
		Series{X: []float64{10, 20, 30}, Y: []float64{-3, math.NaN(), 7}},
		Series{Name: "flat", Y: []float64{math.Inf(1), 2}})
	if err != nil {
		t.Fatal(err)
	}
	const want = ` 10 |
    |                   *
  0 |o
    |      *
-10 |
    +--------------------
     1                 30
     * series 1  o flat
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTextChartEdgeCases(t *testing.T) {
	for _, series := range [][]Series{
		nil,
		{{}},
		{{Y: []float64{math.NaN()}}},
		{{Y: []float64{5, 5, 5}}},
		{{X: []float64{1, 1}, Y: []float64{1, 2}}},
		{{Y: []float64{-math.MaxFloat64, math.MaxFloat64}}},
	} {
		var b strings.Builder
		if err := TextChart(&b, "t", 0, 0, 0, 0, series...); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(b.String(), "\n") {
			if strings.HasSuffix(l, " ") {
				t.Errorf("trailing space in %q", l)
			}
		}
	}
	if err := TextChart(errWriter{}, "t", 10, 3, 0, 1, Series{Y: []float64{1}}); err == nil {
		t.Error("write error not reported")
	}
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }
