package plot

import (
	"io"
)

// LineChart draws series as lines and/or markers on common axes, as
// plt.plot does: loss curves, accuracy per epoch, activation functions.
type LineChart struct {
	Title, XLabel, YLabel string
	Series                []Series
	// XMin, XMax, YMin and YMax fix an end of an axis; nil chooses it
	// from the data, rounded out to a nice tick. Write new(0.0) for a
	// fixed 0.
	XMin, XMax, YMin, YMax *float64
	// Width and Height are the size in pixels; 0 means 640×420 (or the
	// cell size inside a Grid).
	Width, Height int
	// LogX and LogY draw the x or y axis on a base-10 logarithmic
	// scale (both: a log-log plot); points whose coordinate on such an
	// axis is not > 0 are skipped, and so is a fixed end that is not > 0.
	LogX, LogY bool
	// Legend places the legend of the named series: "upper right" (the
	// default, also ""), "upper left", "lower left", "lower right",
	// "best" (the corner hiding the fewest points) or "none".
	Legend string
}

// WriteSVG renders the chart as an SVG document.
func (c *LineChart) WriteSVG(w io.Writer) error { return writePanel(w, c) }

func (c *LineChart) size() (int, int) {
	if c == nil {
		return 0, 0
	}
	return c.Width, c.Height
}

func (c *LineChart) draw(cv *canvas, r rect) error {
	if c == nil {
		return errNilPanel
	}
	if err := checkLegend(c.Legend); err != nil {
		return err
	}
	ex, ey := newExtent(), newExtent()
	for i := range c.Series {
		if err := c.Series[i].check(); err != nil {
			return err
		}
		c.Series[i].addToExtents(&ex, &ey, c.LogX, c.LogY)
	}
	a := layoutAxes(r, c.Title, c.XLabel, c.YLabel,
		axisSpec{dataLo: ex.lo, dataHi: ex.hi, fixLo: c.XMin, fixHi: c.XMax, log: c.LogX},
		axisSpec{dataLo: ey.lo, dataHi: ey.hi, fixLo: c.YMin, fixHi: c.YMax, log: c.LogY})
	a.drawGrid(cv)
	// Lines are clipped geometrically (see drawLine), not with a clip
	// path, so a line running along the frame keeps its full width.
	for i := range c.Series {
		s := &c.Series[i]
		if !s.Points {
			drawLine(cv, a, s, seriesColor(s.Color, i), lineWidth)
		}
	}
	a.drawFrame(cv)
	var entries []legendEntry
	for i := range c.Series {
		s := &c.Series[i]
		color := seriesColor(s.Color, i)
		if m := s.marker(); m != "" {
			markerElement(cv, "markers", m, color, markerPoints(a, s), markerSize, true)
		}
		if s.Name != "" {
			entries = append(entries, legendEntry{name: s.Name, color: color, line: !s.Points, dashed: s.Dashed, marker: s.marker()})
		}
	}
	var crowd []pt
	if c.Legend == "best" {
		crowd = crowdPoints(a, c.Series)
	}
	drawLegend(cv, a, c.Legend, entries, crowd)
	return nil
}
