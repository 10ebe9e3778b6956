package plot

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Sizes and colours shared by every chart.
const (
	fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

	titleSize  = 15.0
	labelSize  = 13.0
	tickSize   = 11.5
	legendSize = 12.0

	tickLen = 5.0

	textColor  = "#222222"
	tickColor  = "#444444"
	frameColor = "#555555"
	gridColor  = "#e6e6e6"

	lineWidth   = 1.6
	markerSize  = 3.6 // radius-like half size of a marker, in pixels
	defaultW    = 640
	defaultH    = 420
	minW, minH  = 160, 120
	maxSide     = 20000
	charAdvance = 0.6 // rough width of one glyph, in font sizes
)

// palette is the Okabe-Ito colour-blind-safe palette, reordered so that the
// first colours have good contrast on white (yellow comes last).
var palette = []string{
	"#0072B2", // blue
	"#D55E00", // vermillion
	"#009E73", // bluish green
	"#E69F00", // orange
	"#CC79A7", // reddish purple
	"#56B4E9", // sky blue
	"#000000", // black
	"#F0E442", // yellow
}

// seriesColor gives the colour of the i-th series unless one is set.
func seriesColor(set string, i int) string {
	if set != "" {
		return set
	}
	return palette[i%len(palette)]
}

// viridisStops samples matplotlib's viridis colour map at 0, 0.1, ..., 1.
var viridisStops = [11][3]float64{
	{0x44, 0x01, 0x54}, {0x48, 0x24, 0x75}, {0x41, 0x44, 0x87},
	{0x35, 0x5f, 0x8d}, {0x2a, 0x78, 0x8e}, {0x21, 0x91, 0x8c},
	{0x22, 0xa8, 0x84}, {0x44, 0xbf, 0x70}, {0x7a, 0xd1, 0x51},
	{0xbd, 0xdf, 0x26}, {0xfd, 0xe7, 0x25},
}

// viridis maps t in [0, 1] to a colour by linear interpolation between
// the stops.
func viridis(t float64) string {
	if !(t > 0) { // also catches NaN
		t = 0
	}
	if t > 1 {
		t = 1
	}
	f := float64(t * 10)
	i := int(f)
	if i >= 10 {
		i = 9
	}
	u := f - float64(i)
	a, b := viridisStops[i], viridisStops[i+1]
	var rgb [3]int
	for k := range rgb {
		rgb[k] = int(math.Round(a[k] + float64(u*(b[k]-a[k]))))
	}
	return fmt.Sprintf("#%02x%02x%02x", rgb[0], rgb[1], rgb[2])
}

// num formats a coordinate with at most two decimals. Trailing zeros are
// dropped and negative zero is printed as 0, so equal inputs always give
// equal text.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// esc escapes text for use in character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	// xml.EscapeText only fails when the writer fails; a Builder never does.
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// textWidth estimates the rendered width of s in pixels. SVG cannot measure
// text before it is drawn, so the layout works with an average glyph width.
func textWidth(s string, size float64) float64 {
	return float64(float64(len([]rune(s))) * size * charAdvance)
}

// rect is an axis-aligned rectangle in pixels, y growing downwards.
type rect struct{ x, y, w, h float64 }

func (r rect) right() float64  { return r.x + r.w }
func (r rect) bottom() float64 { return r.y + r.h }

// contains reports whether p lies in r, widened by tol on every side.
func (r rect) contains(p pt, tol float64) bool {
	return p.x >= r.x-tol && p.x <= r.right()+tol && p.y >= r.y-tol && p.y <= r.bottom()+tol
}

// pt is a point in pixels.
type pt struct{ x, y float64 }

func (p pt) finite() bool {
	return !math.IsNaN(p.x) && !math.IsNaN(p.y) && !math.IsInf(p.x, 0) && !math.IsInf(p.y, 0)
}

// canvas accumulates the markup of one SVG document.
type canvas struct {
	b   strings.Builder
	ids int
}

// newCanvas starts a document of the given size with a white background.
func newCanvas(w, h int) *canvas {
	c := &canvas{}
	ws, hs := strconv.Itoa(w), strconv.Itoa(h)
	c.put(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="`, ws, `" height="`, hs,
		`" viewBox="0 0 `, ws, " ", hs, `" font-family="`, fontFamily, `">`, "\n")
	c.put(`<rect width="`, ws, `" height="`, hs, `" fill="#ffffff"/>`, "\n")
	return c
}

// put appends raw markup.
func (c *canvas) put(parts ...string) {
	for _, p := range parts {
		c.b.WriteString(p)
	}
}

// newID returns a document-unique id with the given prefix. Ids are
// numbered in drawing order, which keeps the output deterministic.
func (c *canvas) newID(prefix string) string {
	c.ids++
	return prefix + strconv.Itoa(c.ids)
}

// text draws one line of text. anchor is "start", "middle" or "end".
func (c *canvas) text(x, y, size float64, anchor, fill, s string, extra ...string) {
	c.put(`<text x="`, num(x), `" y="`, num(y), `" font-size="`, num(size), `"`)
	if anchor != "start" {
		c.put(` text-anchor="`, anchor, `"`)
	}
	if fill != "" {
		c.put(` fill="`, fill, `"`)
	}
	for _, e := range extra {
		c.put(" ", e)
	}
	c.put(">", esc(s), "</text>\n")
}

// clipRect defines a clip path for r and returns its id.
func (c *canvas) clipRect(r rect) string {
	id := c.newID("clip")
	c.put(`<clipPath id="`, id, `"><rect x="`, num(r.x), `" y="`, num(r.y), `" width="`, num(r.w),
		`" height="`, num(r.h), `"/></clipPath>`, "\n")
	return id
}

// finish closes the document and writes it to w.
func (c *canvas) finish(w io.Writer) error {
	c.put("</svg>\n")
	_, err := io.WriteString(w, c.b.String())
	return err
}

// pointsAttr formats points for a polyline's points attribute.
func pointsAttr(ps []pt) string {
	var b strings.Builder
	b.Grow(len(ps) * 14)
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.x))
		b.WriteByte(',')
		b.WriteString(num(p.y))
	}
	return b.String()
}

// clampSize applies the default size and sane bounds to a width/height.
func clampSize(w, h, defW, defH int) (int, int) {
	if w <= 0 {
		w = defW
	}
	if h <= 0 {
		h = defH
	}
	w = min(max(w, minW), maxSide)
	h = min(max(h, minH), maxSide)
	return w, h
}
