package plot

import (
	"fmt"
	"math"
)

// A Series is one named set of points, drawn as a line, as markers, or
// both.
type Series struct {
	Name string
	// X and Y are the coordinates. If X is nil, Y is drawn against its
	// indices 0, 1, 2, ... (as plt.plot(y) does). If both are given and
	// their lengths differ, the extra values of the longer are ignored.
	X, Y []float64
	// Dashed draws the line dashed (the book draws test accuracy so).
	Dashed bool
	// Marker is drawn at the points: "" none, "o" circle, "." dot,
	// "s" square, "D" diamond, "^" and "v" triangles, "*" star,
	// "x" and "+" crosses.
	Marker string
	// MarkEvery puts a marker on every MarkEvery-th point only (0 or 1:
	// every point), which keeps markers readable on long series.
	MarkEvery int
	// Points draws markers only, no line (a scatter plot). The marker is
	// "o" unless Marker says otherwise.
	Points bool
	// Color overrides the palette colour, e.g. "#D55E00" or "red".
	Color string
}

// len returns the number of points of s.
func (s *Series) len() int {
	if s.X == nil {
		return len(s.Y)
	}
	return min(len(s.X), len(s.Y))
}

// at returns the i-th point of s.
func (s *Series) at(i int) (x, y float64) {
	if s.X == nil {
		return float64(i), s.Y[i]
	}
	return s.X[i], s.Y[i]
}

// marker returns the marker to draw, taking Points into account.
func (s *Series) marker() string {
	if s.Points && s.Marker == "" {
		return "o"
	}
	return s.Marker
}

func (s *Series) check() error {
	if !validMarker(s.Marker) {
		return fmt.Errorf("plot: series %q: unknown marker %q", s.Name, s.Marker)
	}
	return nil
}

// addToExtents widens ex and ey by the usable points of s: on a log axis
// (logX, logY) only those whose coordinate there is positive.
func (s *Series) addToExtents(ex, ey *extent, logX, logY bool) {
	for i := range s.len() {
		x, y := s.at(i)
		if !isFinite(x) || !isFinite(y) || (logX && x <= 0) || (logY && y <= 0) {
			continue
		}
		ex.add(x)
		ey.add(y)
	}
}

// pixelRuns maps the points of s to pixels, split into runs at points
// that cannot be drawn (NaN, ±Inf, or off a log axis).
func (s *Series) pixelRuns(a *axes) [][]pt {
	var runs [][]pt
	var cur []pt
	for i := range s.len() {
		p := a.point(s.at(i))
		if !p.finite() {
			if len(cur) > 0 {
				runs = append(runs, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, p)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

// decimate thins a run of pixel points for output. Consecutive points in
// the same one-pixel column are replaced by the first, the lowest, the
// highest and the last of them, in their original order: the drawn shape
// is unchanged at screen resolution, spikes included.
func decimate(ps []pt) []pt {
	if len(ps) <= 4 {
		return ps
	}
	out := make([]pt, 0, min(len(ps), 1024))
	for i := 0; i < len(ps); {
		col := math.Floor(ps[i].x)
		lo, hi, j := i, i, i+1
		for ; j < len(ps) && math.Floor(ps[j].x) == col; j++ {
			if ps[j].y < ps[lo].y {
				lo = j
			}
			if ps[j].y > ps[hi].y {
				hi = j
			}
		}
		keep := [4]int{i, min(lo, hi), max(lo, hi), j - 1}
		for k, idx := range keep {
			if k > 0 && idx == keep[k-1] {
				continue
			}
			out = append(out, ps[idx])
		}
		i = j
	}
	return out
}

// clipSegment clips the segment p-q to r (Liang-Barsky). ok is false if
// nothing of it is inside.
func clipSegment(p, q pt, r rect) (a, b pt, ok bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := q.x-p.x, q.y-p.y
	for _, c := range [4][2]float64{
		{-dx, p.x - r.x}, {dx, r.right() - p.x},
		{-dy, p.y - r.y}, {dy, r.bottom() - p.y},
	} {
		pp, qq := c[0], c[1]
		if pp == 0 {
			if qq < 0 {
				return a, b, false
			}
			continue
		}
		t := qq / pp
		if pp < 0 {
			if t > t1 {
				return a, b, false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return a, b, false
			}
			t1 = math.Min(t1, t)
		}
	}
	a, b = p, q
	if t0 > 0 {
		a = pt{p.x + float64(t0*dx), p.y + float64(t0*dy)}
	}
	if t1 < 1 {
		b = pt{p.x + float64(t1*dx), p.y + float64(t1*dy)}
	}
	return a, b, true
}

// clipPolyline returns the parts of the polyline ps inside r.
func clipPolyline(ps []pt, r rect) [][]pt {
	var out [][]pt
	var cur []pt
	flush := func() {
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i := 1; i < len(ps); i++ {
		a, b, ok := clipSegment(ps[i-1], ps[i], r)
		if !ok {
			flush()
			continue
		}
		if len(cur) == 0 || cur[len(cur)-1] != a {
			flush()
			cur = []pt{a}
		}
		cur = append(cur, b)
	}
	flush()
	return out
}

// drawLine writes the line of s as one polyline per visible piece.
func drawLine(c *canvas, a *axes, s *Series, color string, width float64) {
	clip := rect{a.plot.x - 1, a.plot.y - 1, a.plot.w + 2, a.plot.h + 2}
	for _, run := range s.pixelRuns(a) {
		for _, piece := range clipPolyline(decimate(run), clip) {
			c.put(`<polyline fill="none" stroke="`, color, `" stroke-width="`, num(width),
				`" stroke-linejoin="round" stroke-linecap="round"`)
			if s.Dashed {
				c.put(` stroke-dasharray="6 4"`)
			}
			c.put(` points="`, pointsAttr(piece), `"/>`, "\n")
		}
	}
}

// markerPoints returns the pixel positions where s gets markers: every
// MarkEvery-th drawable point inside the plot area, each pixel once.
func markerPoints(a *axes, s *Series) []pt {
	every := max(s.MarkEvery, 1)
	seen := make(map[[2]int64]bool)
	var out []pt
	for i := 0; i < s.len(); i += every {
		p := a.point(s.at(i))
		if !p.finite() || !a.plot.contains(p, 0.5) {
			continue
		}
		key := [2]int64{int64(math.Round(p.x)), int64(math.Round(p.y))}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, p)
	}
	return out
}

// crowdPoints samples the drawn points of all series, for "best" legend
// placement.
func crowdPoints(a *axes, series []Series) []pt {
	var out []pt
	for i := range series {
		for _, run := range series[i].pixelRuns(a) {
			out = append(out, decimate(run)...)
		}
	}
	return out
}
