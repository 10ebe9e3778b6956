package plot

import (
	"dlfs/internal/crmath"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
)

// Contour draws contour lines of F over a rectangle, with paths (such as
// the steps of gradient descent) on top, as the book's plt.contour plus
// plt.plot(x, y, 'o-', color="red").
type Contour struct {
	Title, XLabel, YLabel string
	// F is the function drawn; NaN or ±Inf values leave holes.
	F                      func(x, y float64) float64
	XMin, XMax, YMin, YMax float64
	// Levels are the values of F to draw lines at; nil chooses about ten
	// nice levels between the smallest and largest value on the grid.
	Levels []float64
	// Grid is the number of cells per side of the sampling grid
	// (default 200, at most 2000).
	Grid int
	// Paths are drawn as lines with circle markers ('o-'), red unless
	// Color says otherwise; the start point gets a ring and the end
	// point a larger dot.
	Paths []Series
	// Mark holds extra markers, e.g. a "+" at the minimum (the default
	// marker is "+").
	Mark          []Series
	Width, Height int
	Legend        string
	// Equal gives both axes the same scale (matplotlib's
	// axis('equal')), shrinking the data area along one of them, so that
	// circles are drawn round.
	Equal bool
}

// pathColors are the colours of Paths without their own: red first, as
// the book draws them.
var pathColors = []string{"#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#000000"}

// WriteSVG renders the contour plot as an SVG document.
func (c *Contour) WriteSVG(w io.Writer) error { return writePanel(w, c) }

func (c *Contour) size() (int, int) {
	if c == nil {
		return 0, 0
	}
	return c.Width, c.Height
}

// sampleGrid evaluates f at the (n+1)×(n+1) corners of an n×n grid over
// the rectangle; z[j*(n+1)+i] is the value at (x_i, y_j).
func sampleGrid(f func(x, y float64) float64, x0, x1, y0, y1 float64, n int) []float64 {
	z := make([]float64, (n+1)*(n+1))
	for j := 0; j <= n; j++ {
		y := y0 + (y1-y0)*float64(j)/float64(n)
		for i := 0; i <= n; i++ {
			x := x0 + (x1-x0)*float64(i)/float64(n)
			z[j*(n+1)+i] = f(x, y)
		}
	}
	return z
}

// autoLevels picks nice levels strictly between the extremes of z.
func autoLevels(z []float64) []float64 {
	e := newExtent()
	for _, v := range z {
		e.add(v)
	}
	if e.empty() || e.lo == e.hi {
		return nil
	}
	var out []float64
	for _, t := range niceTicks(e.lo, e.hi, 13) {
		if t > e.lo && t < e.hi {
			out = append(out, t)
		}
	}
	return out
}

// marchingSquares returns the contour lines of level through the sampled
// grid z (as built by sampleGrid) as chains of points in data
// coordinates; a closed chain ends where it starts.
//
// Each cell is classified by which of its corners are >= level. An edge
// whose two corners are classified differently is crossed by the line, at
// the point found by linear interpolation. A cell has zero, two or four
// crossed edges; with four (a saddle) the average of the corners decides
// which pairs belong together. Crossing points live on edges that are
// shared by neighbouring cells, so the segments are finally joined into
// chains through their common edges.
func marchingSquares(z []float64, x0, x1, y0, y1 float64, n int, level float64) [][][2]float64 {
	stride := n + 1
	above := func(i, j int) bool { return z[j*stride+i] >= level }
	// Edge ids: 2·corner for the edge going right from that corner,
	// 2·corner+1 for the edge going up.
	hEdge := func(i, j int) int { return 2 * (j*stride + i) }
	vEdge := func(i, j int) int { return 2*(j*stride+i) + 1 }
	point := func(e int) [2]float64 {
		c := e / 2
		i, j := c%stride, c/stride
		i2, j2 := i+1, j
		if e%2 == 1 {
			i2, j2 = i, j+1
		}
		za, zb := z[j*stride+i], z[j2*stride+i2]
		t := (level - za) / (zb - za)
		fi := float64(i) + float64(t*float64(i2-i))
		fj := float64(j) + float64(t*float64(j2-j))
		return [2]float64{x0 + (x1-x0)*fi/float64(n), y0 + (y1-y0)*fj/float64(n)}
	}

	var segs [][2]int
	for j := range n {
		for i := range n {
			a, b, c, d := z[j*stride+i], z[j*stride+i+1], z[(j+1)*stride+i+1], z[(j+1)*stride+i]
			if !isFinite(a) || !isFinite(b) || !isFinite(c) || !isFinite(d) {
				continue
			}
			ka, kb, kc, kd := above(i, j), above(i+1, j), above(i+1, j+1), above(i, j+1)
			bottom, right, top, left := hEdge(i, j), vEdge(i+1, j), hEdge(i, j+1), vEdge(i, j)
			var crossed []int
			// Edges in order around the cell: bottom, right, top, left.
			if ka != kb {
				crossed = append(crossed, bottom)
			}
			if kb != kc {
				crossed = append(crossed, right)
			}
			if kc != kd {
				crossed = append(crossed, top)
			}
			if kd != ka {
				crossed = append(crossed, left)
			}
			switch len(crossed) {
			case 2:
				segs = append(segs, [2]int{crossed[0], crossed[1]})
			case 4:
				centreAbove := (a+b+c+d)/4 >= level
				// Separate the two corners that are on the centre's
				// other side: the lines cut off their corners.
				if ka == centreAbove { // b and d are cut off
					segs = append(segs, [2]int{bottom, right}, [2]int{top, left})
				} else { // a and c are cut off
					segs = append(segs, [2]int{left, bottom}, [2]int{right, top})
				}
			}
		}
	}

	// Join segments into chains through shared edges. Every edge touches
	// at most two segments, one from each cell beside it.
	at := make(map[int][]int, 2*len(segs))
	for s, sg := range segs {
		at[sg[0]] = append(at[sg[0]], s)
		at[sg[1]] = append(at[sg[1]], s)
	}
	used := make([]bool, len(segs))
	next := func(edge, from int) (int, int, bool) {
		for _, s := range at[edge] {
			if s != from && !used[s] {
				sg := segs[s]
				if sg[0] == edge {
					return s, sg[1], true
				}
				return s, sg[0], true
			}
		}
		return 0, 0, false
	}
	var chains [][][2]float64
	for s := range segs {
		if used[s] {
			continue
		}
		used[s] = true
		fwd := []int{segs[s][0], segs[s][1]}
		for cur, e := s, segs[s][1]; ; {
			ns, ne, ok := next(e, cur)
			if !ok {
				break
			}
			used[ns] = true
			fwd = append(fwd, ne)
			cur, e = ns, ne
		}
		var back []int
		if fwd[len(fwd)-1] != fwd[0] { // open: extend backwards too
			for cur, e := s, segs[s][0]; ; {
				ns, ne, ok := next(e, cur)
				if !ok {
					break
				}
				used[ns] = true
				back = append(back, ne)
				cur, e = ns, ne
			}
		}
		slices.Reverse(back)
		edges := append(back, fwd...)
		chain := make([][2]float64, len(edges))
		for k, e := range edges {
			chain[k] = point(e)
		}
		chains = append(chains, chain)
	}
	return chains
}

// simplify drops points of a polyline that lie within tol pixels of the
// line through their neighbours that are kept (Ramer-Douglas-Peucker).
func simplify(ps []pt, tol float64) []pt {
	if len(ps) <= 2 {
		return ps
	}
	keep := make([]bool, len(ps))
	keep[0], keep[len(ps)-1] = true, true
	stack := [][2]int{{0, len(ps) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := ps[s[0]], ps[s[1]]
		dx, dy := b.x-a.x, b.y-a.y
		l := crmath.Hypot(dx, dy)
		far, farD := -1, tol
		for i := s[0] + 1; i < s[1]; i++ {
			var d float64
			if l == 0 {
				d = crmath.Hypot(ps[i].x-a.x, ps[i].y-a.y)
			} else {
				d = math.Abs(float64((ps[i].x-a.x)*dy)-float64((ps[i].y-a.y)*dx)) / l
			}
			if d > farD {
				far, farD = i, d
			}
		}
		if far >= 0 {
			keep[far] = true
			stack = append(stack, [2]int{s[0], far}, [2]int{far, s[1]})
		}
	}
	out := make([]pt, 0, len(ps)/4+2)
	for i, k := range keep {
		if k {
			out = append(out, ps[i])
		}
	}
	return out
}

func (c *Contour) draw(cv *canvas, r rect) error {
	if c == nil {
		return errNilPanel
	}
	if c.F == nil {
		return errors.New("plot: Contour needs a function F")
	}
	if !(c.XMin < c.XMax) || !(c.YMin < c.YMax) || !isFinite(c.XMax-c.XMin) || !isFinite(c.YMax-c.YMin) {
		return errors.New("plot: Contour needs XMin < XMax and YMin < YMax")
	}
	if err := checkLegend(c.Legend); err != nil {
		return err
	}
	for _, ss := range [][]Series{c.Paths, c.Mark} {
		for i := range ss {
			if err := ss[i].check(); err != nil {
				return err
			}
		}
	}
	n := c.Grid
	if n <= 0 {
		n = 200
	}
	n = min(max(n, 2), 2000)
	z := sampleGrid(c.F, c.XMin, c.XMax, c.YMin, c.YMax, n)
	levels := c.Levels
	if levels == nil {
		levels = autoLevels(z)
	}
	lv := newExtent()
	for _, l := range levels {
		lv.add(l)
	}

	a := layoutAxes(r, c.Title, c.XLabel, c.YLabel,
		axisSpec{fixLo: &c.XMin, fixHi: &c.XMax}, axisSpec{fixLo: &c.YMin, fixHi: &c.YMax})
	if c.Equal {
		a.equalScale(c.XMax-c.XMin, c.YMax-c.YMin)
	}
	// No grid: the contour lines are guide enough, as in matplotlib.
	a.beginData(cv)
	for _, l := range levels {
		if !isFinite(l) {
			continue
		}
		var d strings.Builder
		for _, ch := range marchingSquares(z, c.XMin, c.XMax, c.YMin, c.YMax, n, l) {
			ps := make([]pt, len(ch))
			for k, p := range ch {
				ps[k] = a.point(p[0], p[1])
			}
			closed := len(ps) > 2 && ps[0] == ps[len(ps)-1]
			ps = simplify(ps, 0.25)
			for k, p := range ps {
				if k == 0 {
					d.WriteString("M")
				} else {
					d.WriteString("L")
				}
				d.WriteString(num(p.x) + " " + num(p.y))
			}
			if closed {
				d.WriteString("Z")
			}
		}
		if d.Len() == 0 {
			continue
		}
		t := 0.0
		if lv.hi > lv.lo {
			t = (l - lv.lo) / (lv.hi - lv.lo)
		}
		// The top of viridis is too pale on white: stop at 0.88.
		cv.put(`<path class="contour" d="`, d.String(), `" fill="none" stroke="`, viridis(t*0.88),
			`" stroke-width="1.3" stroke-linejoin="round"/>`, "\n")
	}
	a.endData(cv)

	var entries []legendEntry
	for i := range c.Paths {
		s := &c.Paths[i]
		col := s.Color
		if col == "" {
			col = pathColors[i%len(pathColors)]
		}
		m := s.Marker
		if m == "" {
			m = "o"
		}
		if !s.Points {
			drawLine(cv, a, s, col, 1.6)
		}
		mp := markerPoints(a, s)
		markerElement(cv, "markers", m, col, mp, 3.0, false)
		// Emphasise where the path starts and ends, if they are shown.
		var first, last *pt
		for k := range s.len() {
			p := a.point(s.at(k))
			if p.finite() {
				if first == nil {
					first = &p
				}
				q := p
				last = &q
			}
		}
		if first != nil && a.plot.contains(*first, 0.5) {
			cv.put(`<path class="start" d="`, markerPath("o", first.x, first.y, 6), `" fill="none" stroke="`, col, `" stroke-width="1.8"/>`, "\n")
		}
		if last != nil && a.plot.contains(*last, 0.5) {
			cv.put(`<path class="end" d="`, markerPath("o", last.x, last.y, 5), `" fill="`, col, `" stroke="#ffffff" stroke-width="1.2"/>`, "\n")
		}
		if s.Name != "" {
			entries = append(entries, legendEntry{name: s.Name, color: col, line: !s.Points, dashed: s.Dashed, marker: m})
		}
	}
	for i := range c.Mark {
		s := &c.Mark[i]
		col := s.Color
		if col == "" {
			col = "#000000"
		}
		m := s.Marker
		if m == "" {
			m = "+"
		}
		markerElement(cv, "markers", m, col, markerPoints(a, s), markerSize*1.6, false)
		if s.Name != "" {
			entries = append(entries, legendEntry{name: s.Name, color: col, marker: m})
		}
	}
	a.drawFrame(cv)
	drawLegend(cv, a, c.Legend, entries, nil)
	return nil
}
