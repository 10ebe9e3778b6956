package plot

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// render writes p to a buffer, failing the test on error, and checks that
// the result is well-formed XML whose root is an svg element.
func render(t *testing.T, p interface{ WriteSVG(io.Writer) error }) string {
	t.Helper()
	var buf bytes.Buffer
	if err := p.WriteSVG(&buf); err != nil {
		t.Fatalf("WriteSVG: %v", err)
	}
	checkXML(t, buf.Bytes())
	return buf.String()
}

// checkXML decodes every token of doc and checks the root element.
func checkXML(t *testing.T, doc []byte) {
	t.Helper()
	if !bytes.HasPrefix(doc, []byte("<svg ")) {
		t.Fatalf("document does not start with <svg: %.40q", doc)
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("invalid XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg" {
					t.Fatalf("root element is %v", tok.Name)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("want one balanced root element, got %d roots, depth %d", roots, depth)
	}
}

// renderTwice renders p twice and checks the bytes are identical.
func renderTwice(t *testing.T, p interface{ WriteSVG(io.Writer) error }) string {
	t.Helper()
	a, b := render(t, p), render(t, p)
	if a != b {
		t.Fatal("two renderings of the same chart differ")
	}
	return a
}

func accuracyChart() *LineChart {
	ep := []float64{0, 1, 2, 3, 4, 5, 6}
	return &LineChart{
		Title: "Accuracy & loss <per epoch>", XLabel: "epochs", YLabel: "accuracy",
		Series: []Series{
			{Name: "train acc", X: ep, Y: []float64{0.1, 0.6, 0.8, 0.88, 0.9, 0.92, 0.93}, Marker: "o"},
			{Name: "test acc", X: ep, Y: []float64{0.1, 0.55, 0.76, 0.85, 0.87, 0.9, 0.9}, Marker: "s", Dashed: true},
		},
		YMin: new(0.0), YMax: new(1.0), Legend: "lower right",
	}
}

func TestLineChart(t *testing.T) {
	svg := renderTwice(t, accuracyChart())
	for _, want := range []string{
		"Accuracy &amp; loss &lt;per epoch&gt;", // escaped title
		">train acc</text>", ">test acc</text>", ">epochs</text>", ">accuracy</text>",
		`stroke-dasharray="6 4"`, `viewBox="0 0 640 420"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Errorf("got %d polylines, want 2", n)
	}
	// y ticks of a fixed 0..1 axis.
	for _, l := range []string{">0.0<", ">0.2<", ">0.4<", ">0.6<", ">0.8<", ">1.0<"} {
		if !strings.Contains(svg, l) {
			t.Errorf("missing y tick label %s", l)
		}
	}
}

func TestLegendPlacement(t *testing.T) {
	c := accuracyChart()
	legendAt := func() (x, y float64) {
		svg := render(t, c)
		m := regexp.MustCompile(`<g class="legend">\n<rect x="([\d.]+)" y="([\d.]+)"`).FindStringSubmatch(svg)
		if m == nil {
			t.Fatal("no legend")
		}
		f := parseFloats(t, m[1], m[2])
		return f[0], f[1]
	}
	lrX, lrY := legendAt()
	c.Legend = "upper right"
	urX, urY := legendAt()
	if !(urY < lrY) || urX != lrX {
		t.Errorf("upper right legend at %v,%v; lower right at %v,%v", urX, urY, lrX, lrY)
	}
	c.Legend = "upper left"
	ulX, ulY := legendAt()
	if !(ulX < urX) || ulY != urY {
		t.Errorf("upper left legend at %v,%v; upper right at %v,%v", ulX, ulY, urX, urY)
	}
	// Rising curves cover the upper right corner; "best" avoids it and,
	// of the free corners, takes the first in matplotlib's order.
	c.Legend = "best"
	if x, y := legendAt(); x != ulX || y != ulY {
		t.Errorf("best legend at %v,%v, want upper left %v,%v", x, y, ulX, ulY)
	}
	c.Legend = "none"
	if strings.Contains(render(t, c), `class="legend"`) {
		t.Error(`Legend "none" still draws a legend`)
	}
	c.Legend = "middle"
	if err := c.WriteSVG(io.Discard); err == nil {
		t.Error("unknown legend location accepted")
	}
}

func TestLargeSeriesIsSmall(t *testing.T) {
	y := make([]float64, 20000)
	for i := range y {
		y[i] = math.Sin(float64(i)*0.37) + 2*math.Exp(-float64(i)/3000)
	}
	y[12345] = 50 // a single spike must survive thinning
	svg := renderTwice(t, &LineChart{Title: "loss", Series: []Series{{Name: "loss", Y: y}}})
	if len(svg) > 80_000 {
		t.Errorf("SVG of 20000 points is %d bytes", len(svg))
	}
	if n := strings.Count(svg, "<polyline"); n != 1 {
		t.Errorf("got %d polylines, want 1", n)
	}
	// The spike is the top of the y axis (50): some point must be drawn
	// at the top edge of the plot area.
	frame := regexp.MustCompile(`class="frame" x="[\d.]+" y="([\d.]+)"`).FindStringSubmatch(svg)
	if frame == nil || !strings.Contains(svg, ","+frame[1]+" ") {
		t.Error("the spike was lost in thinning")
	}
}

func TestDecimate(t *testing.T) {
	var ps []pt
	for i := range 1000 {
		ps = append(ps, pt{float64(i) / 100, float64(i % 7)})
	}
	out := decimate(ps)
	if len(out) > 40 {
		t.Errorf("1000 points in 10 columns thinned to %d, want at most 40", len(out))
	}
	if out[0] != ps[0] || out[len(out)-1] != ps[len(ps)-1] {
		t.Error("first or last point lost")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range out {
		lo, hi = math.Min(lo, p.y), math.Max(hi, p.y)
	}
	if lo != 0 || hi != 6 {
		t.Errorf("extremes %v..%v, want 0..6", lo, hi)
	}
	for i := 1; i < len(out); i++ {
		if out[i].x < out[i-1].x {
			t.Fatal("thinning changed the order of points")
		}
	}
	short := []pt{{0, 0}, {0.1, 1}, {0.2, 2}}
	if got := decimate(short); len(got) != 3 {
		t.Errorf("short run changed: %v", got)
	}
}

func TestClipSegment(t *testing.T) {
	r := rect{0, 0, 10, 10}
	a, b, ok := clipSegment(pt{-5, 5}, pt{15, 5}, r)
	if !ok || a != (pt{0, 5}) || b != (pt{10, 5}) {
		t.Errorf("horizontal clip: %v %v %v", a, b, ok)
	}
	if _, _, ok := clipSegment(pt{-5, -5}, pt{-1, 20}, r); ok {
		t.Error("segment outside reported inside")
	}
	parts := clipPolyline([]pt{{1, 1}, {5, -5}, {9, 1}, {9, 9}}, r)
	if len(parts) != 2 {
		t.Fatalf("got %d parts, want 2: %v", len(parts), parts)
	}
}

func TestRobustInputs(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	panels := map[string]interface{ WriteSVG(io.Writer) error }{
		"empty line":    &LineChart{},
		"empty series":  &LineChart{Series: []Series{{Name: "a"}, {Name: "b", X: []float64{1}, Y: nil}}},
		"all nan":       &LineChart{Series: []Series{{Name: "n", Y: []float64{nan, nan, inf, -inf}}}},
		"huge":          &LineChart{Series: []Series{{Y: []float64{-math.MaxFloat64, math.MaxFloat64, 1}}}},
		"tiny range":    &LineChart{Series: []Series{{Y: []float64{1, 1 + 1e-12, 1}}}},
		"log nonpos":    &LineChart{LogY: true, Series: []Series{{Y: []float64{-1, 0, 0.001, 10, 1e5, nan}}}},
		"log empty":     &LineChart{LogY: true, Series: []Series{{Y: []float64{-1, 0}}}},
		"fixed nan":     &LineChart{XMin: new(nan), YMax: new(inf), Series: []Series{{Y: []float64{1, 2}}}},
		"inverted":      &LineChart{YMin: new(1.0), YMax: new(0.0), Series: []Series{{Y: []float64{0.5}}}},
		"tiny size":     &LineChart{Width: 1, Height: 1, Title: "t", Series: []Series{{Y: []float64{1, 2}}}},
		"scatter":       &LineChart{Series: []Series{{Points: true, X: []float64{1, nan, 3}, Y: []float64{1, 2, inf}}}},
		"empty quiver":  &Quiver{},
		"nan quiver":    &Quiver{X: []float64{0, 1, nan}, Y: []float64{0, 1, 1}, U: []float64{nan, 0, 1}, V: []float64{1, inf, 1}},
		"zero quiver":   &Quiver{X: []float64{0, 1}, Y: []float64{0, 0}, U: []float64{0, 0}, V: []float64{0, 0}},
		"empty hist":    &Histogram{},
		"nan hist":      &Histogram{Values: []float64{nan, inf, -inf}},
		"constant hist": &Histogram{Values: []float64{3, 3, 3}, YMax: nan},
		"nan contour": &Contour{F: func(x, y float64) float64 {
			if x > 0 {
				return nan
			}
			return x*x + y*y
		}, XMin: -1, XMax: 1, YMin: -1, YMax: 1, Grid: 20,
			Paths: []Series{{X: []float64{nan, 0.5}, Y: []float64{0, inf}}, {}}},
		"flat contour": &Contour{F: func(x, y float64) float64 { return 1 }, XMin: 0, XMax: 1, YMin: 0, YMax: 1},
		"empty grid":   &Grid{},
		"nil panels":   &Grid{Panels: []Panel{nil, &Histogram{}}},
	}
	for name, p := range panels {
		t.Run(name, func(t *testing.T) { renderTwice(t, p) })
	}
}

func TestNaNBreaksLine(t *testing.T) {
	svg := render(t, &LineChart{Series: []Series{{Y: []float64{1, 2, math.NaN(), 3, 4}}}})
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Errorf("a NaN in the middle gives %d polylines, want 2", n)
	}
}

func TestConstantSeriesRange(t *testing.T) {
	for _, v := range []float64{0, 5, -3, 1e-9, 1e9} {
		s := (axisSpec{dataLo: v, dataHi: v}).build(6)
		if !(s.lo < v && v < s.hi) {
			t.Errorf("constant %v: axis %v..%v does not contain it strictly", v, s.lo, s.hi)
		}
		if len(s.ticks) < 2 {
			t.Errorf("constant %v: ticks %v", v, s.ticks)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 6, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 10000, 6, []float64{0, 2000, 4000, 6000, 8000, 10000}},
		{0, 16, 9, []float64{0, 2, 4, 6, 8, 10, 12, 14, 16}},
		{0.13, 2.31, 6, []float64{0, 0.5, 1, 1.5, 2, 2.5}},
		{-2, 2, 9, []float64{-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2}},
		{-7.3, 3.1, 6, []float64{-7.5, -5, -2.5, 0, 2.5, 5}},
		{-7.3, 3.1, 4, []float64{-10, -5, 0, 5}},
		{-3, 7, 2, []float64{-10, 0, 10}}, // at least three ticks
		{0, 0.9, 5, []float64{0, 0.25, 0.5, 0.75, 1}},
		{1e-5, 3.7e-5, 5, []float64{1e-5, 2e-5, 3e-5, 4e-5}},
		{99, 101, 3, []float64{99, 100, 101}},
		{99, 101.5, 3, []float64{98, 100, 102}},
	}
	for _, tt := range tests {
		got := niceTicks(tt.lo, tt.hi, tt.n)
		if len(got) != len(tt.want) {
			t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", tt.lo, tt.hi, tt.n, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] { // exact: ticks are the doubles nearest the decimals
				t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", tt.lo, tt.hi, tt.n, got, tt.want)
				break
			}
		}
	}
}

func TestTickLabels(t *testing.T) {
	s := scaleFor(-1, 1, true, true, 5)
	want := []string{"\u22121.0", "\u22120.5", "0.0", "0.5", "1.0"}
	if strings.Join(s.labels, " ") != strings.Join(want, " ") {
		t.Errorf("labels %q, want %q", s.labels, want)
	}
	s = scaleFor(0, 1, false, false, 5)
	if got := strings.Join(s.labels, " "); got != "0.00 0.25 0.50 0.75 1.00" {
		t.Errorf("labels %q", got)
	}
	l := logScaleFor(0.001, 100, true, true, 8)
	if got := strings.Join(l.labels, " "); got != "0.001 0.01 0.1 1 10 100" {
		t.Errorf("log labels %q", got)
	}
}

func TestNumFormat(t *testing.T) {
	for in, want := range map[float64]string{
		0: "0", -0.001: "0", 1.5: "1.5", 2.345: "2.35", -12: "-12", 100.004: "100",
	} {
		if got := num(in); got != want {
			t.Errorf("num(%v) = %q, want %q", in, got, want)
		}
	}
}

// bookQuiver is the book's figure: the negative gradient of x0² + x1²
// on np.arange(-2, 2.5, 0.25)², shown over [-2, 2]².
func bookQuiver() *Quiver {
	q := &Quiver{Title: "gradient", XLabel: "x0", YLabel: "x1", XMin: -2, XMax: 2, YMin: -2, YMax: 2}
	for i := range 18 {
		for j := range 18 {
			x, y := -2+0.25*float64(i), -2+0.25*float64(j)
			q.X, q.Y = append(q.X, x), append(q.Y, y)
			q.U, q.V = append(q.U, -2*x), append(q.V, -2*y)
		}
	}
	return q
}

var polygonRE = regexp.MustCompile(`<polygon points="([^"]+)"/>`)

func TestQuiver(t *testing.T) {
	q := bookQuiver()
	q.Points = []Series{{Name: "minimum", X: []float64{0}, Y: []float64{0}, Points: true, Marker: "*"}}
	svg := renderTwice(t, q)
	// 17×17 tails lie in [-2, 2]²; the one at the origin is a dot.
	polys := polygonRE.FindAllStringSubmatch(svg, -1)
	if len(polys) != 17*17-1 {
		t.Errorf("got %d arrows, want %d", len(polys), 17*17-1)
	}
	if !strings.Contains(svg, `class="dots"`) || !strings.Contains(svg, ">minimum</text>") {
		t.Error("missing the zero-vector dot or the overlay legend")
	}
	// Every arrow points towards the origin: its tip (the 4th point) is
	// nearer the plot centre than its tail (midpoint of 1st and 7th).
	frame := regexp.MustCompile(`class="frame" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"`).FindStringSubmatch(svg)
	f := parseFloats(t, frame[1:]...)
	cx, cy := f[0]+f[2]/2, f[1]+f[3]/2
	cellX, cellY := f[2]/16, f[3]/16 // 0.25 is 1/16 of each axis
	longest, shortest, reach := 0.0, math.Inf(1), 0.0
	for _, m := range polys {
		p := parseFloats(t, strings.FieldsFunc(m[1], func(r rune) bool { return r == ' ' || r == ',' })...)
		tailX, tailY := (p[0]+p[12])/2, (p[1]+p[13])/2
		tipX, tipY := p[6], p[7]
		if math.Hypot(tipX-cx, tipY-cy) >= math.Hypot(tailX-cx, tailY-cy) {
			t.Fatalf("arrow %v does not point to the origin", m[1])
		}
		l := math.Hypot(tipX-tailX, tipY-tailY)
		longest, shortest = math.Max(longest, l), math.Min(shortest, l)
		reach = math.Max(reach, math.Max(math.Abs(tipX-tailX)/cellX, math.Abs(tipY-tailY)/cellY))
	}
	if !(longest > 5*shortest) {
		t.Errorf("arrow lengths %v..%v: far arrows should be much longer", shortest, longest)
	}
	// The arrow reaching furthest across its cell spans 0.9 of it.
	if math.Abs(reach-0.9) > 0.01 {
		t.Errorf("furthest reach is %v of a cell, want 0.9", reach)
	}
}

func parseFloats(t *testing.T, ss ...string) []float64 {
	t.Helper()
	out := make([]float64, len(ss))
	for i, s := range ss {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("parse %q: %v", s, err)
		}
		out[i] = v
	}
	return out
}

func TestMarchingSquaresCircle(t *testing.T) {
	const n = 200
	f := func(x, y float64) float64 { return x*x + y*y }
	z := sampleGrid(f, -2, 2, -2, 2, n)
	chains := marchingSquares(z, -2, 2, -2, 2, n, 1)
	if len(chains) != 1 {
		t.Fatalf("got %d chains, want one closed circle", len(chains))
	}
	c := chains[0]
	if c[0] != c[len(c)-1] {
		t.Error("the circle is not closed")
	}
	if len(c) < 100 {
		t.Errorf("only %d points on the circle", len(c))
	}
	cell := 4.0 / n
	for _, p := range c {
		if r := math.Hypot(p[0], p[1]); math.Abs(r-1) > cell {
			t.Fatalf("point %v at radius %v, want 1 within %v", p, r, cell)
		}
	}
	// The chain goes all the way round.
	angles := make(map[int]bool)
	for _, p := range c {
		angles[int(math.Floor((math.Atan2(p[1], p[0])+math.Pi)/(2*math.Pi)*36))%36] = true
	}
	if len(angles) != 36 {
		t.Errorf("circle covers %d of 36 sectors", len(angles))
	}
}

func TestMarchingSquaresTwoLoops(t *testing.T) {
	// Two separate discs, and a level through saddle cells between them.
	f := func(x, y float64) float64 {
		return math.Min(math.Hypot(x+1, y), math.Hypot(x-1, y))
	}
	z := sampleGrid(f, -2, 2, -2, 2, 80)
	chains := marchingSquares(z, -2, 2, -2, 2, 80, 0.5)
	if len(chains) != 2 {
		t.Fatalf("got %d chains, want 2", len(chains))
	}
	for _, c := range chains {
		if c[0] != c[len(c)-1] {
			t.Error("a loop is not closed")
		}
	}
	// f = x·y has saddles everywhere along the axes; level 0.5 is two
	// open hyperbola branches ending on the border.
	g := sampleGrid(func(x, y float64) float64 { return x * y }, -2, 2, -2, 2, 41)
	hyp := marchingSquares(g, -2, 2, -2, 2, 41, 0.5)
	if len(hyp) != 2 {
		t.Fatalf("hyperbola: got %d chains, want 2", len(hyp))
	}
	for _, c := range hyp {
		if c[0] == c[len(c)-1] {
			t.Error("a hyperbola branch is closed")
		}
		for _, p := range c {
			if math.Abs(p[0]*p[1]-0.5) > 0.05 {
				t.Fatalf("point %v is off x·y = 0.5", p)
			}
		}
	}
}

func optimizerContour(title string) *Contour {
	var px, py []float64
	x, y := -7.0, 2.0
	for range 30 {
		px, py = append(px, x), append(py, y)
		x, y = x-0.9*x/10, y-0.9*2*y
	}
	return &Contour{
		Title: title, XLabel: "x", YLabel: "y",
		F:    func(x, y float64) float64 { return x*x/20 + y*y },
		XMin: -10, XMax: 10, YMin: -5, YMax: 5,
		Levels: []float64{0.5, 1, 2, 4, 6, 100}, // 100 is never reached
		Paths:  []Series{{Name: title + " path", X: px, Y: py}},
		Mark:   []Series{{X: []float64{0}, Y: []float64{0}}},
	}
}

func TestContour(t *testing.T) {
	svg := renderTwice(t, optimizerContour("SGD"))
	if n := strings.Count(svg, `class="contour"`); n != 5 {
		t.Errorf("got %d contour levels, want 5", n)
	}
	if n := strings.Count(svg, "<polyline"); n != 1 {
		t.Errorf("got %d path lines, want 1", n)
	}
	for _, want := range []string{`class="start"`, `class="end"`, ">SGD path</text>", ">SGD</text>", "#D55E00"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	auto := optimizerContour("auto")
	auto.Levels = nil
	if n := strings.Count(render(t, auto), `class="contour"`); n < 5 || n > 13 {
		t.Errorf("automatic levels drew %d lines", n)
	}
	if err := (&Contour{XMin: 0, XMax: 1, YMin: 0, YMax: 1}).WriteSVG(io.Discard); err == nil {
		t.Error("Contour without F accepted")
	}
	bad := optimizerContour("bad")
	bad.XMax = bad.XMin
	if err := bad.WriteSVG(io.Discard); err == nil {
		t.Error("Contour with an empty rectangle accepted")
	}
}

func TestSimplify(t *testing.T) {
	var ps []pt
	for i := range 101 {
		ps = append(ps, pt{float64(i), 0.01 * float64(i%2)})
	}
	if got := simplify(ps, 0.25); len(got) != 2 {
		t.Errorf("a straight line kept %d points", len(got))
	}
	corner := []pt{{0, 0}, {5, 0}, {10, 0}, {10, 5}, {10, 10}}
	if got := simplify(corner, 0.25); len(got) != 3 {
		t.Errorf("a corner kept %v", got)
	}
}

func TestHistogram(t *testing.T) {
	h := &Histogram{Title: "1-layer", Values: []float64{0, 0.1, 0.5, 0.99, 1, 1.5, -0.2, math.NaN()}, Bins: 4, Min: 0, Max: 1}
	counts, lo, hi := h.counts()
	if lo != 0 || hi != 1 || len(counts) != 4 {
		t.Fatalf("range %v..%v, %d bins", lo, hi, len(counts))
	}
	if want := []int{2, 0, 1, 2}; !slices.Equal(counts, want) {
		t.Errorf("counts %v, want %v", counts, want)
	}
	svg := renderTwice(t, h)
	if n := strings.Count(svg, "Z"); n != 3 { // one closed subpath per non-empty bar
		t.Errorf("got %d bars, want 3", n)
	}
	if !strings.Contains(svg, ">1-layer</text>") {
		t.Error("title missing")
	}
	auto := &Histogram{Values: []float64{2, 4, 6, 8}, Bins: 3}
	c, lo, hi := auto.counts()
	if lo != 2 || hi != 8 || !slices.Equal(c, []int{1, 1, 2}) {
		t.Errorf("auto range %v..%v counts %v", lo, hi, c)
	}
}

func TestGrid(t *testing.T) {
	g := &Grid{Title: "Optimizers", Cols: 2}
	for _, name := range []string{"SGD", "Momentum", "AdaGrad", "Adam"} {
		g.Panels = append(g.Panels, optimizerContour(name))
	}
	svg := renderTwice(t, g)
	if n := strings.Count(svg, `class="panel"`); n != 4 {
		t.Errorf("got %d panels, want 4", n)
	}
	if !strings.Contains(svg, `viewBox="0 0 840 678"`) {
		t.Errorf("unexpected size: %.200s", svg)
	}
	ids := regexp.MustCompile(`id="([^"]+)"`).FindAllStringSubmatch(svg, -1)
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id[1]] {
			t.Errorf("id %q used twice", id[1])
		}
		seen[id[1]] = true
	}
	if len(seen) != 4 {
		t.Errorf("got %d clip paths, want 4", len(seen))
	}

	row := &Grid{Panels: []Panel{&Histogram{}, &Histogram{}, &LineChart{}, bookQuiver(), &Histogram{}}}
	if s := render(t, row); !strings.Contains(s, `viewBox="0 0 1260 640"`) {
		t.Errorf("5 panels should default to 3 columns: %.200s", s)
	}
	bad := &Grid{Panels: []Panel{&LineChart{Legend: "nowhere"}}}
	if err := bad.WriteSVG(io.Discard); err == nil {
		t.Error("an error of a panel was not reported")
	}
}

func TestWriteFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "figs", "ch04")
	path := filepath.Join(dir, "acc.svg")
	c := accuracyChart()
	if err := WriteFile(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != render(t, c) {
		t.Error("file differs from WriteSVG output")
	}
	// A failing chart leaves the old file alone and no temporary behind.
	if err := WriteFile(path, &LineChart{Legend: "nowhere"}); err == nil {
		t.Error("error not reported")
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(again, got) {
		t.Error("a failed write changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1", len(entries))
	}
	if err := WriteFile(path, failing{}); err == nil {
		t.Error("writer error not reported")
	}
}

type failing struct{}

func (failing) WriteSVG(w io.Writer) error {
	io.WriteString(w, "<svg")
	return errors.New("boom")
}

func TestBadMarker(t *testing.T) {
	c := &LineChart{Series: []Series{{Y: []float64{1}, Marker: "?"}}}
	if err := c.WriteSVG(io.Discard); err == nil {
		t.Error("unknown marker accepted")
	}
	for _, m := range []string{"o", ".", "s", "x", "+", "D", "^", "v", "*"} {
		render(t, &LineChart{Series: []Series{{Name: m, Y: []float64{1, 2, 3}, Marker: m}}})
	}
}

func TestViridis(t *testing.T) {
	if viridis(0) != "#440154" || viridis(1) != "#fde725" || viridis(math.NaN()) != "#440154" || viridis(2) != "#fde725" {
		t.Error("viridis ends wrong")
	}
}

func TestNilPanel(t *testing.T) {
	var h *Histogram
	if err := (&Grid{Panels: []Panel{h}}).WriteSVG(io.Discard); err == nil {
		t.Error("a nil panel was accepted")
	}
	if err := h.WriteSVG(io.Discard); err == nil {
		t.Error("a nil histogram was accepted")
	}
}

func TestLineChartLogLog(t *testing.T) {
	h := []float64{1e-1, 1e-3, 0, -1, 1e-6, 1e-9}
	c := &LineChart{LogX: true, LogY: true, Series: []Series{{Name: "h²", X: h, Y: []float64{1e-2, 1e-6, 1, 1, 1e-12, 1e-18}}}}
	svg := renderTwice(t, c)
	// Both axes by decades: the ends are 1e-9 .. 0.1 and 1e-18 .. 0.01.
	for _, want := range []string{">1e-09<", ">0.1<", ">1e-18<", ">0.01<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("log-log chart lacks the tick label %s", want)
		}
	}
	// h = 0 and h = -1 are not on the x axis: the line is broken there,
	// and y = h² is straight on both sides, with the same slope.
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Fatalf("got %d polylines, want 2 (the line broken at h <= 0)", n)
	}
	var pts [][2]float64
	for _, m := range regexp.MustCompile(`points="([^"]*)"`).FindAllStringSubmatch(svg, -1) {
		for _, xy := range strings.Fields(m[1]) {
			x, y, _ := strings.Cut(xy, ",")
			px, _ := strconv.ParseFloat(x, 64)
			py, _ := strconv.ParseFloat(y, 64)
			pts = append(pts, [2]float64{px, py})
		}
	}
	if len(pts) != 4 {
		t.Fatalf("got %d points, want 4: %v", len(pts), pts)
	}
	slope := func(a, b [2]float64) float64 { return (b[1] - a[1]) / (b[0] - a[0]) }
	if s1, s2 := slope(pts[0], pts[1]), slope(pts[2], pts[3]); math.Abs(s1-s2) > 0.02*math.Abs(s1) {
		t.Errorf("y = h² is not one straight line on a log-log chart: pixel slopes %v and %v", s1, s2)
	}
}

func TestDiagram(t *testing.T) {
	d := &Diagram{Title: "x · y", Width: 400, Height: 200,
		Nodes:         []Node{{Label: "×", X: 200, Y: 80, W: 60, H: 60}, {Label: "two\nlines", X: 320, Y: 160, W: 60, H: 40}},
		Edges:         []Edge{{X1: 20, Y1: 80, X2: 170, Y2: 80, Forward: "x = 2", Backward: "dx = 3 < 4"}, {X1: 200, Y1: 190, X2: 200, Y2: 110, Forward: "y = 3"}, {X1: 5, Y1: 5, X2: 5, Y2: 5, Forward: "nothing"}},
		ForwardLegend: "values", BackwardLegend: "gradients",
	}
	svg := renderTwice(t, d)
	for _, want := range []string{`viewBox="0 0 400 200"`, ">x · y</text>", ">×</text>", ">two</text>", ">lines</text>",
		">x = 2</text>", ">dx = 3 &lt; 4</text>", ">y = 3</text>", ">values</text>", ">gradients</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	// Two arrows for the first edge, one for the second, none for the
	// edge of length 0, two in the legend; each arrow a line and a head.
	if n, m := strings.Count(svg, "<line "), strings.Count(svg, "<path "); n != 5 || m != 5 {
		t.Errorf("got %d lines and %d arrow heads, want 5 of each", n, m)
	}
	if n := strings.Count(svg, `stroke="`+backwardColor+`"`); n != 2 {
		t.Errorf("got %d backward arrows, want 2 (the edge's and the legend's)", n)
	}
	// The forward label above the rightward edge, the backward below it;
	// the upward edge's label on its left.
	label := func(s string) (x, y float64, anchor string) {
		m := regexp.MustCompile(`<text x="([-\d.]+)" y="([-\d.]+)" font-size="[\d.]+"(?: text-anchor="(\w+)")?[^>]*>` + regexp.QuoteMeta(s) + `</text>`).FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("no label %q", s)
		}
		x, _ = strconv.ParseFloat(m[1], 64)
		y, _ = strconv.ParseFloat(m[2], 64)
		return x, y, m[3]
	}
	if _, y, _ := label("x = 2"); y >= 80 {
		t.Errorf("forward label at y = %v, want above the edge at 80", y)
	}
	if _, y, _ := label("dx = 3 &lt; 4"); y <= 80 {
		t.Errorf("backward label at y = %v, want below the edge at 80", y)
	}
	if x, _, anchor := label("y = 3"); x >= 200 || anchor != "end" {
		t.Errorf("the upward edge's label at x = %v (anchor %q), want left of 200, ending there", x, anchor)
	}
	rows := readCSV(t, func(b *strings.Builder) error { return d.CSV(b) })
	sameRows(t, "diagram", rows, "part,label\nnode,×\nnode,two lines\nforward,x = 2\nbackward,dx = 3 < 4\nforward,y = 3\nforward,nothing")
}

// TestContourEqual checks that Equal gives one unit the same length on
// both axes, whatever the panel's shape, and keeps the area centred.
func TestContourEqual(t *testing.T) {
	frame := regexp.MustCompile(`<rect class="frame" x="([-0-9.]+)" y="([-0-9.]+)" width="([-0-9.]+)" height="([-0-9.]+)"`)
	for _, size := range [][2]int{{560, 620}, {800, 300}, {300, 800}} {
		c := &Contour{F: func(x, y float64) float64 { return x*x + y*y }, XMin: -3.5, XMax: 3.5, YMin: -4.5, YMax: 4.5,
			Width: size[0], Height: size[1], Equal: true}
		var b bytes.Buffer
		if err := c.WriteSVG(&b); err != nil {
			t.Fatal(err)
		}
		m := frame.FindStringSubmatch(b.String())
		if m == nil {
			t.Fatalf("%v: no frame in the SVG", size)
		}
		w, _ := strconv.ParseFloat(m[3], 64)
		h, _ := strconv.ParseFloat(m[4], 64)
		if ux, uy := w/7, h/9; math.Abs(ux-uy) > 0.02*ux {
			t.Errorf("%v: a unit is %.2f px on x and %.2f px on y, want equal", size, ux, uy)
		}
	}
}
