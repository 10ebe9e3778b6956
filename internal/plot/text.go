package plot

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// textGlyphs mark the points of the 1st, 2nd, ... series; textOverlap
// marks a cell where points of different series meet.
const (
	textGlyphs  = "*o+x%&=~"
	textOverlap = '#'
)

// TextChart draws series in a character grid for the terminal: a plot area
// width characters wide and height lines high, a y axis labelled with a
// few values, an x axis labelled with its first and last value, and a
// legend line. Each series has its own glyph ('*', 'o', '+', 'x', ...);
// a cell holding points of more than one series shows '#', which the
// legend then explains.
//
// The y axis spans [yMin, yMax]; points outside it are not drawn. Pass
// yMin >= yMax (e.g. 0, 0) to fit it to the data, widened to nice values.
// The top and bottom lines are labelled with the ends of the axis, and
// lines in between with nice values nearest to them (exact to within
// half a line). Non-positive width or
// height mean 60 and 12. Non-finite points are skipped. The output is
// plain ASCII (apart from what the title and names contain), with no
// trailing spaces.
func TextChart(w io.Writer, title string, width, height int, yMin, yMax float64, series ...Series) error {
	if width <= 0 {
		width = 60
	}
	if height <= 0 {
		height = 12
	}
	width, height = max(width, 2), max(height, 2)

	ex, ey := newExtent(), newExtent()
	for i := range series {
		series[i].addToExtents(&ex, &ey, false, false)
	}
	// The y axis gets nice tick values, as the SVG charts do; a fitted
	// axis is widened to the outer ticks.
	var ys scale
	if yMin < yMax && isFinite(yMin) && isFinite(yMax) {
		ys = scaleFor(yMin, yMax, false, false, height/3+1)
	} else {
		lo, hi := ey.lo, ey.hi
		if ey.empty() {
			lo, hi = 0, 1
		}
		ys = scaleFor(lo, hi, true, true, height/3+1)
		yMin, yMax = ys.lo, ys.hi
	}
	xMin, xMax := ex.lo, ex.hi
	if ex.empty() {
		xMin, xMax = 0, 1
	}

	// cells[row][col] holds -1 (empty), a series index, or -2 (overlap).
	cells := make([][]int, height)
	for r := range cells {
		cells[r] = make([]int, width)
		for c := range cells[r] {
			cells[r][c] = -1
		}
	}
	overlap := false
	for si := range series {
		s := &series[si]
		for i := range s.len() {
			x, y := s.at(i)
			if !isFinite(x) || !isFinite(y) || y < yMin || y > yMax {
				continue
			}
			col := 0
			if xMax > xMin {
				col = int(math.Round((x - xMin) / (xMax - xMin) * float64(width-1)))
			}
			row := height - 1 - int(math.Round((y-yMin)/(yMax-yMin)*float64(height-1)))
			switch cells[row][col] {
			case -1:
				cells[row][col] = si
			case si, -2:
			default:
				cells[row][col] = -2
				overlap = true
			}
		}
	}

	// The top and bottom lines are labelled with the ends of the axis;
	// nice ticks in between label the line nearest to them, unless that
	// would crowd a neighbouring label.
	dec := 0
	if len(ys.labels) > 0 {
		if i := strings.IndexByte(ys.labels[0], '.'); i >= 0 {
			dec = len(ys.labels[0]) - i - 1
		}
	}
	for _, v := range []float64{yMin, yMax} {
		for dec < 6 && math.Abs(roundTo(v, dec)-v) > 1e-9*math.Max(1, math.Abs(v)) {
			dec++
		}
	}
	rowOf := func(v float64) int {
		return height - 1 - int(math.Round((v-yMin)/(yMax-yMin)*float64(height-1)))
	}
	labelVal := make([]float64, height)
	labelled := make([]bool, height)
	labelled[0], labelVal[0] = true, yMax
	labelled[height-1], labelVal[height-1] = true, yMin
	for _, t := range ys.ticks {
		r := rowOf(t)
		if r <= 1 || r >= height-2 || labelled[r-1] || labelled[r] || labelled[r+1] {
			continue
		}
		labelled[r], labelVal[r] = true, t
	}
	labels := make([]string, height)
	labW := 0
	for r, ok := range labelled {
		if !ok {
			continue
		}
		l := strconv.FormatFloat(labelVal[r], 'f', dec, 64)
		if strings.Trim(l, "-0.") == "" {
			l = strings.TrimPrefix(l, "-")
		}
		labels[r] = l
		labW = max(labW, len(l))
	}
	bw := bufio.NewWriter(w)
	line := func(s string) {
		bw.WriteString(strings.TrimRight(s, " "))
		bw.WriteByte('\n')
	}
	if title != "" {
		line(title)
	}
	pad := strings.Repeat(" ", labW)
	var b strings.Builder
	for r := range height {
		b.Reset()
		b.WriteString(strings.Repeat(" ", labW-len(labels[r])))
		b.WriteString(labels[r])
		b.WriteString(" |")
		for _, v := range cells[r] {
			switch {
			case v == -1:
				b.WriteByte(' ')
			case v == -2:
				b.WriteByte(textOverlap)
			default:
				b.WriteByte(textGlyphs[v%len(textGlyphs)])
			}
		}
		line(b.String())
	}
	line(pad + " +" + strings.Repeat("-", width))
	lo, hi := textNumber(xMin), textNumber(xMax)
	gap := max(width-len(lo)-len(hi), 1)
	line(pad + "  " + lo + strings.Repeat(" ", gap) + hi)
	b.Reset()
	for si := range series {
		name := series[si].Name
		if name == "" {
			name = "series " + strconv.Itoa(si+1)
		}
		b.WriteString("  ")
		b.WriteByte(textGlyphs[si%len(textGlyphs)])
		b.WriteString(" " + name)
	}
	if overlap {
		b.WriteString("  " + string(textOverlap) + " overlap")
	}
	if b.Len() > 0 {
		line(pad + b.String())
	}
	return bw.Flush()
}

// textNumber prints an axis value compactly: whole numbers without
// decimals, others with four significant digits.
func textNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// roundTo rounds v to d decimals.
func roundTo(v float64, d int) float64 {
	p := math.Pow10(d)
	return math.Round(v*p) / p
}
