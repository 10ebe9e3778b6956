package plot

import (
	"dlfs/internal/crmath"
	"fmt"
	"math"
	"strings"
)

// axisSpec says how one axis chooses its range: from the data (dataLo,
// dataHi, which may be ±Inf when there is no data) unless an end is fixed.
type axisSpec struct {
	dataLo, dataHi float64
	fixLo, fixHi   *float64
	log            bool
}

// build returns the scale of the axis for at most maxTicks ticks.
func (a axisSpec) build(maxTicks int) scale {
	lo, hi := a.dataLo, a.dataHi
	if lo > hi { // no data at all
		lo, hi = 0, 1
		if a.log {
			lo, hi = 1, 10
		}
	}
	snapLo, snapHi := true, true
	if a.fixLo != nil && isFinite(*a.fixLo) && (!a.log || *a.fixLo > 0) {
		lo, snapLo = *a.fixLo, false
	}
	if a.fixHi != nil && isFinite(*a.fixHi) && (!a.log || *a.fixHi > 0) {
		hi, snapHi = *a.fixHi, false
	}
	if a.log {
		return logScaleFor(lo, hi, snapLo, snapHi, maxTicks)
	}
	return scaleFor(lo, hi, snapLo, snapHi, maxTicks)
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// extent tracks the smallest and largest finite values seen.
type extent struct{ lo, hi float64 }

func newExtent() extent { return extent{math.Inf(1), math.Inf(-1)} }

func (e *extent) add(v float64) {
	if isFinite(v) {
		e.lo = math.Min(e.lo, v)
		e.hi = math.Max(e.hi, v)
	}
}

func (e extent) empty() bool { return e.lo > e.hi }

// axes is a laid-out plot area with its two scales.
type axes struct {
	outer  rect // the panel
	plot   rect // the data area inside the frame
	x, y   scale
	title  string
	xlabel string
	ylabel string
}

// px and py map data coordinates to pixels.
func (a *axes) px(v float64) float64 { return a.x.pos(v) }
func (a *axes) py(v float64) float64 { return a.y.pos(v) }
func (a *axes) point(x, y float64) pt {
	return pt{a.px(x), a.py(y)}
}

// layoutAxes places the plot area inside r, leaving room for the title,
// the axis labels and the tick labels, and builds both scales. The y scale
// is built first because the width of its labels decides the left margin;
// the x scale then gets as many ticks as fit without their labels touching.
func layoutAxes(r rect, title, xlabel, ylabel string, xs, ys axisSpec) *axes {
	a := &axes{outer: r, title: title, xlabel: xlabel, ylabel: ylabel}
	top := 14.0
	if title != "" {
		top = 12 + titleSize + 12
	}
	bottom := tickLen + 4 + tickSize + 10
	if xlabel != "" {
		bottom += labelSize + 8
	}
	plotH := math.Max(r.h-top-bottom, 20)
	a.y = ys.build(max(3, int(plotH/42)+1))

	labelW := 0.0
	for _, l := range a.y.labels {
		labelW = math.Max(labelW, textWidth(l, tickSize))
	}
	left := 10 + labelW + tickLen + 5
	if ylabel != "" {
		left += labelSize + 10
	}
	right := 22.0
	plotW := math.Max(r.w-left-right, 20)

	for n := max(3, int(plotW/60)+1); ; n-- {
		a.x = xs.build(n)
		if n <= 2 || xLabelsFit(a.x, plotW) {
			break
		}
	}
	// The last x label is centred on the right edge: keep it inside.
	if k := len(a.x.labels); k > 0 {
		over := float64(textWidth(a.x.labels[k-1], tickSize)/2) + 6
		if over > right {
			plotW -= over - right
		}
	}
	a.plot = rect{r.x + left, r.y + top, plotW, plotH}
	a.x.p0, a.x.p1 = a.plot.x, a.plot.right()
	a.y.p0, a.y.p1 = a.plot.bottom(), a.plot.y
	return a
}

// equalScale shrinks the data area along one axis, keeping it centred,
// so that a unit is as long on x, which spans dx, as on y, which spans dy.
func (a *axes) equalScale(dx, dy float64) {
	if px := a.plot.w / dx; px > a.plot.h/dy {
		w := float64(a.plot.h / dy * dx) // float64(…): rounded, never fused into what follows
		a.plot.x += float64((a.plot.w - w) / 2)
		a.plot.w = w
	} else {
		h := float64(a.plot.w / dx * dy)
		a.plot.y += float64((a.plot.h - h) / 2)
		a.plot.h = h
	}
	a.x.p0, a.x.p1 = a.plot.x, a.plot.right()
	a.y.p0, a.y.p1 = a.plot.bottom(), a.plot.y
}

// xLabelsFit reports whether the x tick labels of s leave a gap between
// each other on an axis plotW pixels wide.
func xLabelsFit(s scale, plotW float64) bool {
	s.p0, s.p1 = 0, plotW
	prev := math.Inf(-1)
	for i, t := range s.ticks {
		w := textWidth(s.labels[i], tickSize)
		x := s.pos(t)
		if x-float64(w/2) < prev+8 {
			return false
		}
		prev = x + float64(w/2)
	}
	return true
}

// drawGrid draws the light grid lines behind the data.
func (a *axes) drawGrid(c *canvas) {
	var d strings.Builder
	for _, t := range a.x.ticks {
		x := a.px(t)
		if math.Abs(x-a.plot.x) < 0.5 || math.Abs(x-a.plot.right()) < 0.5 {
			continue // the frame is there already
		}
		fmt.Fprintf(&d, "M%s %sV%s", num(x), num(a.plot.y), num(a.plot.bottom()))
	}
	for _, t := range a.y.ticks {
		y := a.py(t)
		if math.Abs(y-a.plot.y) < 0.5 || math.Abs(y-a.plot.bottom()) < 0.5 {
			continue
		}
		fmt.Fprintf(&d, "M%s %sH%s", num(a.plot.x), num(y), num(a.plot.right()))
	}
	if d.Len() > 0 {
		c.put(`<path class="grid" d="`, d.String(), `" stroke="`, gridColor,
			`" stroke-width="1" fill="none" shape-rendering="crispEdges"/>`, "\n")
	}
}

// drawFrame draws the frame, the ticks, their labels, the axis labels and
// the title, on top of the data.
func (a *axes) drawFrame(c *canvas) {
	p := a.plot
	c.put(`<rect class="frame" x="`, num(p.x), `" y="`, num(p.y), `" width="`, num(p.w), `" height="`, num(p.h),
		`" fill="none" stroke="`, frameColor, `" stroke-width="1" shape-rendering="crispEdges"/>`, "\n")

	var d strings.Builder
	for _, t := range a.x.ticks {
		fmt.Fprintf(&d, "M%s %sv%s", num(a.px(t)), num(p.bottom()), num(tickLen))
	}
	for _, t := range a.y.ticks {
		fmt.Fprintf(&d, "M%s %sh%s", num(p.x), num(a.py(t)), num(-tickLen))
	}
	if d.Len() > 0 {
		c.put(`<path class="ticks" d="`, d.String(), `" stroke="`, frameColor,
			`" stroke-width="1" fill="none" shape-rendering="crispEdges"/>`, "\n")
	}

	c.put(`<g font-size="`, num(tickSize), `" fill="`, tickColor, `">`, "\n")
	yText := p.bottom() + tickLen + 3 + tickSize
	for i, t := range a.x.ticks {
		c.text(a.px(t), yText, tickSize, "middle", "", a.x.labels[i])
	}
	for i, t := range a.y.ticks {
		c.text(p.x-tickLen-4, a.py(t)+tickSize*0.35, tickSize, "end", "", a.y.labels[i])
	}
	c.put("</g>\n")

	if a.xlabel != "" {
		c.text(p.x+float64(p.w/2), yText+labelSize+8, labelSize, "middle", textColor, a.xlabel)
	}
	if a.ylabel != "" {
		x := a.outer.x + 10 + labelSize*0.8
		y := p.y + float64(p.h/2)
		c.text(x, y, labelSize, "middle", textColor, a.ylabel,
			`transform="rotate(-90 `+num(x)+" "+num(y)+`)"`)
	}
	if a.title != "" {
		c.text(p.x+float64(p.w/2), a.outer.y+12+titleSize, titleSize, "middle", textColor, a.title, `font-weight="bold"`)
	}
}

// beginData opens a group clipped to the plot area; endData closes it.
func (a *axes) beginData(c *canvas) {
	id := c.clipRect(a.plot)
	c.put(`<g clip-path="url(#`, id, `)">`, "\n")
}

func (a *axes) endData(c *canvas) { c.put("</g>\n") }

// validMarker reports whether m is a marker this package draws.
func validMarker(m string) bool {
	switch m {
	case "", "o", ".", "s", "x", "+", "D", "^", "v", "*":
		return true
	}
	return false
}

// filledMarker reports whether marker m is a filled shape rather than
// strokes.
func filledMarker(m string) bool { return m != "x" && m != "+" }

// markerPath returns the path data of marker m centred at (x, y), r being
// its half size.
func markerPath(m string, x, y, r float64) string {
	switch m {
	case "o":
		return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0Z",
			num(x-r), num(y), num(r), num(r), num(2*r), num(r), num(r), num(-2*r))
	case ".":
		return markerPath("o", x, y, r*0.55)
	case "s":
		s := float64(r * 0.9)
		return fmt.Sprintf("M%s %sh%sv%sh%sZ", num(x-s), num(y-s), num(2*s), num(2*s), num(-2*s))
	case "D":
		s := float64(r * 1.2)
		return fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sZ", num(x), num(y-s), num(x+float64(s*0.8)), num(y), num(x), num(y+s), num(x-float64(s*0.8)), num(y))
	case "^", "v":
		s := float64(r * 1.2)
		dir := 1.0
		if m == "v" {
			dir = -1
		}
		return fmt.Sprintf("M%s %sL%s %sL%s %sZ", num(x), num(y-float64(dir*s)), num(x+s), num(y+float64(dir*s*0.75)), num(x-s), num(y+float64(dir*s*0.75)))
	case "*":
		var b strings.Builder
		for i := range 10 {
			rad := r * 1.35
			if i%2 == 1 {
				rad *= 0.45
			}
			ang := math.Pi/2 + float64(i)*math.Pi/5
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&b, "%s%s %s", cmd, num(x+float64(rad*crmath.Cos(ang))), num(y-float64(rad*crmath.Sin(ang))))
		}
		b.WriteString("Z")
		return b.String()
	case "x":
		s := float64(r * 0.9)
		return fmt.Sprintf("M%s %sl%s %sM%s %sl%s %s", num(x-s), num(y-s), num(2*s), num(2*s), num(x-s), num(y+s), num(2*s), num(-2*s))
	case "+":
		s := float64(r * 1.2)
		return fmt.Sprintf("M%s %sh%sM%s %sv%s", num(x-s), num(y), num(2*s), num(x), num(y-s), num(2*s))
	}
	return ""
}

// markerElement writes one path holding the markers at ps.
// Filled markers get a thin white edge when edge is set, which keeps
// overlapping markers apart.
func markerElement(c *canvas, class, m, color string, ps []pt, r float64, edge bool) {
	if len(ps) == 0 || m == "" {
		return
	}
	var d strings.Builder
	for _, p := range ps {
		d.WriteString(markerPath(m, p.x, p.y, r))
	}
	c.put(`<path class="`, class, `" d="`, d.String(), `"`)
	if filledMarker(m) {
		c.put(` fill="`, color, `"`)
		if edge {
			c.put(` stroke="#ffffff" stroke-width="0.6"`)
		}
	} else {
		c.put(` fill="none" stroke="`, color, `" stroke-width="1.6" stroke-linecap="round"`)
	}
	c.put("/>\n")
}

// legendEntry is one row of a legend.
type legendEntry struct {
	name   string
	color  string
	line   bool // a line sample
	dashed bool
	marker string
	patch  bool // a filled box (histograms)
}

// legendLocations are the accepted Legend values; "" is "upper right".
var legendLocations = []string{"upper right", "upper left", "lower left", "lower right"}

// checkLegend validates a Legend field.
func checkLegend(loc string) error {
	switch loc {
	case "", "best", "none":
		return nil
	}
	for _, l := range legendLocations {
		if loc == l {
			return nil
		}
	}
	return fmt.Errorf("plot: unknown legend location %q (want upper/lower left/right, best or none)", loc)
}

// drawLegend draws a boxed legend in a corner of the plot area. For
// "best" it picks the corner covering the fewest of the points crowd.
func drawLegend(c *canvas, a *axes, loc string, entries []legendEntry, crowd []pt) {
	if len(entries) == 0 || loc == "none" {
		return
	}
	const (
		pad    = 8.0
		sample = 26.0
		rowH   = legendSize + 7
	)
	nameW := 0.0
	for _, e := range entries {
		nameW = math.Max(nameW, textWidth(e.name, legendSize))
	}
	w := pad + sample + 7 + nameW + pad
	h := pad*2 - 4 + float64(rowH*float64(len(entries)))
	box := func(l string) rect {
		p := a.plot
		x, y := p.right()-w-8, p.y+8
		if strings.HasSuffix(l, "left") {
			x = p.x + 8
		}
		if strings.HasPrefix(l, "lower") {
			y = p.bottom() - h - 8
		}
		return rect{x, y, w, h}
	}
	if loc == "" {
		loc = "upper right"
	}
	if loc == "best" {
		best, bestN := legendLocations[0], -1
		for _, l := range legendLocations {
			r, n := box(l), 0
			for _, p := range crowd {
				if r.contains(p, 4) {
					n++
				}
			}
			if bestN < 0 || n < bestN {
				best, bestN = l, n
			}
		}
		loc = best
	}
	b := box(loc)
	c.put(`<g class="legend">`, "\n")
	c.put(`<rect x="`, num(b.x), `" y="`, num(b.y), `" width="`, num(b.w), `" height="`, num(b.h),
		`" rx="3" fill="#ffffff" fill-opacity="0.88" stroke="#cccccc" stroke-width="1"/>`, "\n")
	for i, e := range entries {
		cy := b.y + pad - 2 + float64(rowH*(float64(i)+0.5))
		x0, x1 := b.x+pad, b.x+pad+sample
		switch {
		case e.patch:
			c.put(`<rect x="`, num(x0+4), `" y="`, num(cy-5), `" width="`, num(sample-8), `" height="10" fill="`, e.color, `"/>`, "\n")
		case e.line:
			c.put(`<line x1="`, num(x0), `" y1="`, num(cy), `" x2="`, num(x1), `" y2="`, num(cy), `" stroke="`, e.color,
				`" stroke-width="`, num(lineWidth), `"`)
			if e.dashed {
				c.put(` stroke-dasharray="6 4"`)
			}
			c.put("/>\n")
		}
		if e.marker != "" {
			markerElement(c, "legend-marker", e.marker, e.color, []pt{{(x0 + x1) / 2, cy}}, markerSize, false)
		}
		c.text(x1+7, cy+legendSize*0.35, legendSize, "start", textColor, e.name)
	}
	c.put("</g>\n")
}
