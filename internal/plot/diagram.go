package plot

import (
	"dlfs/internal/crmath"
	"io"
	"math"
	"strings"
)

// A Diagram draws a computational graph (计算图) the way the book draws
// one: each node a box, each value that flows forward an arrow with the
// value written beside it, and beneath it the gradient that flows back,
// an arrow pointing the other way in another colour with the gradient
// written on its far side. A diagram has no axes: the caller places the
// nodes and edges in pixels, y growing downwards.
type Diagram struct {
	Title string
	// Width and Height are the size in pixels; 0 means 640×420.
	Width, Height int
	Nodes         []Node
	Edges         []Edge
	// ForwardLegend and BackwardLegend, when set, caption a sample of each
	// kind of arrow at the bottom of the picture.
	ForwardLegend, BackwardLegend string
}

// A Node is a box W×H pixels centred at (X, Y), with its label in the
// middle; "\n" in the label starts a new line.
type Node struct {
	Label      string
	X, Y, W, H float64
}

// An Edge is a value that flows forward from (X1, Y1) to (X2, Y2), with
// Forward written beside it: above an edge that runs left to right, on
// the left of one that runs upwards. When Backward is not "", the edge is
// drawn as two arrows side by side, the forward one and, beneath it (or
// on its right), the gradient flowing back with Backward written on that
// side.
type Edge struct {
	X1, Y1, X2, Y2    float64
	Forward, Backward string
}

// Colours and sizes of a diagram.
const (
	diagramFont     = 13.0
	nodeFill        = "#f3f3f3"
	forwardColor    = textColor
	backwardColor   = "#D55E00" // the palette's vermillion
	edgeGap         = 6.0       // between an edge's two arrows and its line
	arrowHeadLength = 9.0
	arrowHeadWidth  = 4.0
)

// WriteSVG renders the diagram as an SVG document.
func (d *Diagram) WriteSVG(w io.Writer) error {
	width, height := clampSize(d.Width, d.Height, defaultW, defaultH)
	c := newCanvas(width, height)
	if d.Title != "" {
		c.text(float64(width)/2, 12+titleSize, titleSize, "middle", textColor, d.Title, `font-weight="bold"`)
	}
	for _, n := range d.Nodes {
		c.put(`<rect class="node" x="`, num(n.X-float64(n.W/2)), `" y="`, num(n.Y-float64(n.H/2)), `" width="`, num(n.W), `" height="`, num(n.H),
			`" rx="6" fill="`, nodeFill, `" stroke="`, frameColor, `" stroke-width="1.2"/>`, "\n")
		lines := strings.Split(n.Label, "\n")
		top := n.Y - float64(float64(len(lines)-1)*diagramFont*0.6)
		for i, l := range lines {
			c.text(n.X, top+float64(float64(i)*diagramFont*1.2)+diagramFont*0.35, diagramFont, "middle", textColor, l, `font-weight="bold"`)
		}
	}
	for _, e := range d.Edges {
		drawEdge(c, e)
	}
	if d.ForwardLegend != "" || d.BackwardLegend != "" {
		y, x := float64(height)-16, 20.0
		for _, l := range []struct {
			caption, color string
			back           bool
		}{{d.ForwardLegend, forwardColor, false}, {d.BackwardLegend, backwardColor, true}} {
			if l.caption == "" {
				continue
			}
			from, to := pt{x, y}, pt{x + 36, y}
			if l.back {
				from, to = to, from
			}
			diagramArrow(c, from, to, l.color)
			c.text(x+44, y+diagramFont*0.35, diagramFont, "start", l.color, l.caption)
			x += 44 + textWidth(l.caption, diagramFont) + 36
		}
	}
	return c.finish(w)
}

// drawEdge draws an edge's arrows and labels.
func drawEdge(c *canvas, e Edge) {
	p, q := pt{e.X1, e.Y1}, pt{e.X2, e.Y2}
	dx, dy := q.x-p.x, q.y-p.y
	length := crmath.Hypot(dx, dy)
	if !(length > 0) || math.IsInf(length, 0) {
		return
	}
	// n is the unit normal on the backward side: below a rightward edge,
	// right of an upward one.
	n := pt{-dy / length, dx / length}
	shift := func(a pt, by float64) pt { return pt{a.x + float64(by*n.x), a.y + float64(by*n.y)} }
	mid := pt{float64((p.x + q.x) / 2), float64((p.y + q.y) / 2)}
	gap := 0.0
	if e.Backward != "" {
		gap = edgeGap
		diagramArrow(c, shift(q, gap), shift(p, gap), backwardColor)
		edgeLabel(c, shift(mid, gap+7), n, e.Backward, backwardColor)
	}
	diagramArrow(c, shift(p, -gap), shift(q, -gap), forwardColor)
	edgeLabel(c, shift(mid, -gap-7), pt{-n.x, -n.y}, e.Forward, forwardColor)
}

// edgeLabel writes s at a, on the side of its edge that the unit vector
// out points to.
func edgeLabel(c *canvas, a pt, out pt, s, color string) {
	if s == "" {
		return
	}
	switch {
	case out.x > 0.5:
		c.text(a.x, a.y+diagramFont*0.35, diagramFont, "start", color, s)
	case out.x < -0.5:
		c.text(a.x, a.y+diagramFont*0.35, diagramFont, "end", color, s)
	case out.y > 0:
		c.text(a.x, a.y+diagramFont*0.8, diagramFont, "middle", color, s)
	default:
		c.text(a.x, a.y, diagramFont, "middle", color, s)
	}
}

// diagramArrow draws a line from p to q with a filled head at q.
func diagramArrow(c *canvas, p, q pt, color string) {
	dx, dy := q.x-p.x, q.y-p.y
	length := crmath.Hypot(dx, dy)
	if !(length > arrowHeadLength) {
		return
	}
	ux, uy := dx/length, dy/length
	base := pt{q.x - float64(arrowHeadLength*ux), q.y - float64(arrowHeadLength*uy)}
	c.put(`<line x1="`, num(p.x), `" y1="`, num(p.y), `" x2="`, num(base.x), `" y2="`, num(base.y),
		`" stroke="`, color, `" stroke-width="1.5"/>`, "\n")
	c.put(`<path d="M`, num(q.x), " ", num(q.y), "L", num(base.x-float64(arrowHeadWidth*uy)), " ", num(base.y+float64(arrowHeadWidth*ux)),
		"L", num(base.x+float64(arrowHeadWidth*uy)), " ", num(base.y-float64(arrowHeadWidth*ux)), `Z" fill="`, color, `"/>`, "\n")
}

// CSV writes what the diagram says: its nodes, then each edge's forward
// and backward labels.
func (d *Diagram) CSV(w io.Writer) error {
	return writeTable(w, func() ([]string, [][]string) {
		var rows [][]string
		for _, n := range d.Nodes {
			rows = append(rows, []string{"node", strings.ReplaceAll(n.Label, "\n", " ")})
		}
		for _, e := range d.Edges {
			rows = append(rows, []string{"forward", e.Forward})
			if e.Backward != "" {
				rows = append(rows, []string{"backward", e.Backward})
			}
		}
		return []string{"part", "label"}, rows
	})
}
