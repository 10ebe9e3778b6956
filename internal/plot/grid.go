package plot

import (
	"errors"
	"io"
	"math"
)

// A Panel is a chart that can be drawn on its own or as one cell of a
// Grid: *LineChart, *Quiver, *Contour and *Histogram.
type Panel interface {
	WriteSVG(w io.Writer) error
	// size returns the Width and Height fields (0 when unset).
	size() (w, h int)
	// draw renders the panel into r of the canvas.
	draw(c *canvas, r rect) error
}

// errNilPanel is returned for a nil *LineChart, *Quiver, ... in a Grid.
var errNilPanel = errors.New("plot: nil panel")

// writePanel renders p alone as a complete document.
func writePanel(w io.Writer, p Panel) error {
	pw, ph := p.size()
	pw, ph = clampSize(pw, ph, defaultW, defaultH)
	c := newCanvas(pw, ph)
	if err := p.draw(c, rect{0, 0, float64(pw), float64(ph)}); err != nil {
		return err
	}
	return c.finish(w)
}

// Grid lays several panels out in rows and columns of one SVG document,
// like plt.subplot: the four optimizers of chapter 6 in a 2×2 grid, or
// the activation histograms of five layers in a row.
type Grid struct {
	Title string
	// Cols is the number of columns; 0 puts up to three panels in one
	// row and otherwise uses a near-square layout.
	Cols   int
	Panels []Panel
	// CellWidth and CellHeight give every cell's size. When 0, the
	// largest Width/Height set on a panel is used, or 420×320 if none
	// is set. Panels are drawn to fill their cell.
	CellWidth, CellHeight int
}

const gridTitleH = 38.0

// WriteSVG renders all panels into one document.
func (g *Grid) WriteSVG(w io.Writer) error {
	n := len(g.Panels)
	cols := g.Cols
	if cols <= 0 {
		cols = n
		if n > 3 {
			cols = int(math.Ceil(math.Sqrt(float64(n))))
		}
	}
	cols = max(min(cols, max(n, 1)), 1)
	rows := max((n+cols-1)/cols, 1)

	cw, ch := g.CellWidth, g.CellHeight
	for _, p := range g.Panels {
		if p == nil {
			continue
		}
		pw, ph := p.size()
		if g.CellWidth <= 0 {
			cw = max(cw, pw)
		}
		if g.CellHeight <= 0 {
			ch = max(ch, ph)
		}
	}
	cw, ch = clampSize(cw, ch, 420, 320)

	top := 0.0
	if g.Title != "" {
		top = gridTitleH
	}
	W := cols * cw
	H := rows*ch + int(top)
	if W > maxSide*4 || H > maxSide*4 {
		W, H = min(W, maxSide*4), min(H, maxSide*4)
	}
	c := newCanvas(W, H)
	if g.Title != "" {
		c.text(float64(W)/2, 26, titleSize+2, "middle", textColor, g.Title, `font-weight="bold"`)
	}
	for i, p := range g.Panels {
		if p == nil {
			continue
		}
		r := rect{float64((i % cols) * cw), top + float64((i/cols)*ch), float64(cw), float64(ch)}
		c.put(`<g class="panel">`, "\n")
		if err := p.draw(c, r); err != nil {
			return err
		}
		c.put("</g>\n")
	}
	return c.finish(w)
}
