package plot

import (
	"dlfs/internal/crmath"
	"io"
	"math"
	"slices"
	"strings"
)

// Quiver draws a vector field as matplotlib's quiver does: an arrow from
// each point (X[i], Y[i]) in the direction (U[i], V[i]). Chapter 4 uses it
// for the negative gradient of x0² + x1², whose arrows all point to the
// minimum and grow with the distance from it.
type Quiver struct {
	Title, XLabel, YLabel string
	X, Y, U, V            []float64
	// XMin..YMax is the rectangle shown. When XMin >= XMax (or YMin >=
	// YMax, as for the zero values) that axis is fitted to the points
	// with half a grid cell to spare.
	XMin, XMax, YMin, YMax float64
	// Scale sets the arrow length: an arrow spans Scale·(U, V) in data
	// units. When 0, arrows are scaled together so that the longest one
	// spans 0.9 of a grid cell.
	Scale float64
	// Color of the arrows; "" is the book's grey.
	Color         string
	Width, Height int
	// Points are overlays drawn on top, e.g. the minimum as a marker.
	Points []Series
	Legend string
}

// WriteSVG renders the vector field as an SVG document.
func (q *Quiver) WriteSVG(w io.Writer) error { return writePanel(w, q) }

func (q *Quiver) size() (int, int) {
	if q == nil {
		return 0, 0
	}
	return q.Width, q.Height
}

// cellSize returns the typical spacing of the distinct finite values in
// vs, or 0 if there are fewer than two.
func cellSize(vs []float64) float64 {
	var d []float64
	for _, v := range vs {
		if isFinite(v) {
			d = append(d, v)
		}
	}
	slices.Sort(d)
	d = slices.Compact(d)
	if len(d) < 2 {
		return 0
	}
	return (d[len(d)-1] - d[0]) / float64(len(d)-1)
}

func (q *Quiver) draw(cv *canvas, r rect) error {
	if q == nil {
		return errNilPanel
	}
	if err := checkLegend(q.Legend); err != nil {
		return err
	}
	for i := range q.Points {
		if err := q.Points[i].check(); err != nil {
			return err
		}
	}
	n := min(len(q.X), len(q.Y), len(q.U), len(q.V))
	xs, ys := q.X[:n], q.Y[:n]
	cx, cy := cellSize(xs), cellSize(ys)

	spec := func(lo, hi float64, vals []float64, cell float64) axisSpec {
		if lo < hi && isFinite(lo) && isFinite(hi) {
			return axisSpec{fixLo: &lo, fixHi: &hi}
		}
		e := newExtent()
		for _, v := range vals {
			e.add(v)
		}
		if e.empty() {
			return axisSpec{dataLo: 0, dataHi: 1}
		}
		pad := float64(cell / 2)
		a, b := e.lo-pad, e.hi+pad
		return axisSpec{fixLo: &a, fixHi: &b}
	}
	a := layoutAxes(r, q.Title, q.XLabel, q.YLabel, spec(q.XMin, q.XMax, xs, cx), spec(q.YMin, q.YMax, ys, cy))
	a.drawGrid(cv)

	// Pixels per data unit on each axis (y is negative: SVG grows down).
	sx := (a.x.p1 - a.x.p0) / (a.x.hi - a.x.lo)
	sy := (a.y.p1 - a.y.p0) / (a.y.hi - a.y.lo)

	// Grid cell in pixels on each axis (if the points form a grid).
	cellX, cellY := cx*math.Abs(sx), cy*math.Abs(sy)
	if !(cellX > 0) {
		cellX = a.plot.w / 10
	}
	if !(cellY > 0) {
		cellY = a.plot.h / 10
	}
	k := q.Scale
	if !(k > 0) || math.IsInf(k, 0) {
		// Fit the arrows shown into their cells: the arrow that
		// reaches furthest across its cell, horizontally or
		// vertically, spans 0.9 of it.
		reach := 0.0
		for i := range n {
			if !a.plot.contains(a.point(xs[i], ys[i]), 0.5) {
				continue
			}
			r := math.Max(math.Abs(q.U[i]*sx)/cellX, math.Abs(q.V[i]*sy)/cellY)
			if isFinite(r) {
				reach = math.Max(reach, r)
			}
		}
		k = 0
		if reach > 0 {
			k = 0.9 / reach
		}
	}
	cell := math.Min(cellX, cellY)
	color := q.Color
	if color == "" {
		color = "#555555"
	}
	// Shaft width follows the cell size, within readable bounds.
	shaft := math.Min(math.Max(cell*0.06, 1), 3)

	a.beginData(cv)
	cv.put(`<g class="arrows" fill="`, color, `">`, "\n")
	var dots strings.Builder
	for i := range n {
		tail := a.point(xs[i], ys[i])
		dx, dy := q.U[i]*sx*k, q.V[i]*sy*k
		if !tail.finite() || !isFinite(dx) || !isFinite(dy) || !a.plot.contains(tail, 0.5) {
			continue
		}
		if crmath.Hypot(dx, dy) < 0.5 {
			// Like matplotlib, a (near) zero vector is a dot, not an arrow.
			dots.WriteString(markerPath("o", tail.x, tail.y, shaft*0.8))
			continue
		}
		cv.put(`<polygon points="`, pointsAttr(arrow(tail, dx, dy, shaft)), `"/>`, "\n")
	}
	if dots.Len() > 0 {
		cv.put(`<path class="dots" d="`, dots.String(), `"/>`, "\n")
	}
	cv.put("</g>\n")
	a.endData(cv)
	a.drawFrame(cv)

	var entries []legendEntry
	for i := range q.Points {
		s := &q.Points[i]
		col := seriesColor(s.Color, i+1)
		m := s.marker()
		if !s.Points {
			drawLine(cv, a, s, col, lineWidth)
		}
		markerElement(cv, "markers", m, col, markerPoints(a, s), markerSize*1.3, false)
		if s.Name != "" {
			entries = append(entries, legendEntry{name: s.Name, color: col, line: !s.Points, dashed: s.Dashed, marker: m})
		}
	}
	drawLegend(cv, a, q.Legend, entries, nil)
	return nil
}

// arrow returns the outline of a filled arrow from tail along (dx, dy) in
// pixels: a shaft of the given width and a head three shafts wide. Short
// arrows are shrunk as a whole so that the head never exceeds half the
// length.
func arrow(tail pt, dx, dy, shaft float64) []pt {
	l := crmath.Hypot(dx, dy)
	hl, hw, sw := float64(4.2*shaft), float64(3.8*shaft), shaft
	if f := l / (2 * hl); f < 1 {
		hl, hw, sw = float64(hl*f), float64(hw*f), float64(sw*f)
	}
	ux, uy := dx/l, dy/l // along the arrow
	nx, ny := -uy, ux    // across it
	at := func(u, v float64) pt {
		return pt{tail.x + float64(u*ux) + float64(v*nx), tail.y + float64(u*uy) + float64(v*ny)}
	}
	return []pt{
		at(0, -sw/2), at(l-hl, -sw/2), at(l-hl, -hw/2), at(l, 0),
		at(l-hl, hw/2), at(l-hl, sw/2), at(0, sw/2),
	}
}
