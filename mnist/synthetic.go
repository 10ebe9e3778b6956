package mnist

import (
	"dlfs/internal/crmath"
	"dlfs/tensor"
	"math"
	"math/rand/v2"
)

// Products added to something are written float64(a*b) (halvings x/2 and
// rng.Float64(), a product once inlined, too) so that no compiler fuses
// them into an FMA: the digits are then the same on every architecture.

// Synthetic returns made-up handwriting: nTrain and nTest 28x28 images of
// the digits 0-9, drawn by a program so that the examples can run on a
// machine without MNIST. It is the fallback of Load.
//
// Each digit is a few pen strokes (lines, arcs and curves) that are bent a
// little at random, then scaled, slanted, rotated, shifted, drawn with a
// random pen width and soft edges, and given a little noise in the ink. The
// labels cycle through all ten digits in a shuffled order, so every class
// has the same size to within one. A small network learns these digits
// easily, but they are not MNIST: numbers measured on them will not match
// the book's.
//
// The result is deterministic: image i of a split is the same on every
// machine and for every nTrain and nTest. The returned Data has Synthetic
// set, Source "synthetic" and a generic Banner.
func Synthetic(nTrain, nTest int) *Data {
	return &Data{
		Train:     synthSet(nTrain, 1),
		Test:      synthSet(nTest, 2),
		Source:    "synthetic",
		Synthetic: true,
		Banner: "WARNING: these are SYNTHETIC digits drawn by a program, not MNIST;\n" +
			"losses and accuracies will not match the book.",
	}
}

const synthSeed = 0x5EED_D161_7500 // any fixed number; changing it changes every image

// synthSet draws n images for split (1 = train, 2 = test).
func synthSet(n int, split uint64) *Set {
	const rows, cols = 28, 28
	s := &Set{Pixels: make([]byte, n*rows*cols), Labels: make([]uint8, n), Rows: rows, Cols: cols}
	var perm []int
	var canvas [rows * cols]float64
	for i := range n {
		// Every block of ten images holds each digit once, in an order
		// of its own.
		if i%10 == 0 {
			perm = rand.New(rand.NewPCG(synthSeed+split, uint64(i/10))).Perm(NumClasses)
		}
		digit := perm[i%10]
		s.Labels[i] = uint8(digit)
		// Each image has its own random stream, so image i does not
		// depend on how many images come before it.
		rng := rand.New(rand.NewPCG(synthSeed^(split<<56), uint64(i)))
		drawDigit(canvas[:], rows, cols, digit, rng)
		ink := 0.85 + float64(0.15*rng.Float64())
		img := s.Pixels[i*rows*cols : (i+1)*rows*cols]
		for j, c := range canvas {
			if c > 0 {
				c *= ink * (1 + float64(0.08*tensor.NormFloat64(rng)))
				img[j] = uint8(math.Round(255 * math.Min(1, math.Max(0, c))))
			}
		}
	}
	return s
}

// point is a position in a digit's design box: x to the right and y
// downwards, both from 0 to 1 (the digit's height).
type point struct{ x, y float64 }

// stroke is a pen stroke as a polyline.
type stroke []point

// glyph returns the strokes of digit d with every shape parameter moved
// a little by rng (j adds up to ±0.04 to a coordinate), so that no two
// drawings are alike.
func glyph(d int, rng *rand.Rand) []stroke {
	j := func(v float64) float64 { return v + float64(0.04*(2*float64(rng.Float64())-1)) }
	p := func(x, y float64) point { return point{j(x), j(y)} }
	switch d {
	case 0:
		return []stroke{arc(j(0.5), j(0.5), j(0.28), j(0.45), 0, 360)}
	case 1:
		top, bottom := p(0.55, 0.05), p(0.47, 0.95)
		if rng.IntN(2) == 0 { // with or without the little flag
			return []stroke{{p(0.38, 0.2), top, bottom}}
		}
		return []stroke{{top, bottom}}
	case 2:
		hook := arc(j(0.5), j(0.32), j(0.27), j(0.26), 190, 390)
		return []stroke{append(hook, p(0.2, 0.95), p(0.82, 0.95))}
	case 3:
		return []stroke{
			arc(j(0.5), j(0.28), j(0.25), 0.22, 200, 450),
			arc(j(0.5), j(0.72), j(0.28), 0.23, -90, 160),
		}
	case 4:
		return []stroke{
			{p(0.62, 0.05), p(0.15, 0.65), p(0.85, 0.65)},
			{p(0.64, 0.25), p(0.64, 0.95)},
		}
	case 5:
		bowl := arc(j(0.48), j(0.68), j(0.28), j(0.26), -140, 150)
		return []stroke{append(stroke{p(0.78, 0.05), p(0.32, 0.05)}, bowl...)}
	case 6:
		return []stroke{
			bezier(p(0.72, 0.05), p(0.25, 0.2), p(0.25, 0.72)),
			arc(j(0.5), j(0.71), j(0.25), 0.24, 0, 360),
		}
	case 7:
		return []stroke{{p(0.18, 0.06), p(0.82, 0.06), p(0.42, 0.95)}}
	case 8:
		return []stroke{
			arc(j(0.5), j(0.27), j(0.21), 0.21, 0, 360),
			arc(j(0.5), j(0.72), j(0.26), 0.23, 0, 360),
		}
	default: // 9
		return []stroke{
			arc(j(0.48), j(0.3), j(0.24), j(0.22), 0, 360),
			bezier(point{0.72, 0.3}, p(0.72, 0.7), p(0.62, 0.95)),
		}
	}
}

// arc samples an elliptic arc centred on (cx, cy) with radii rx, ry from
// angle a0 to a1 in degrees. Angles run clockwise on screen because y
// points down: 0° is right, 90° the bottom, 270° the top.
func arc(cx, cy, rx, ry, a0, a1 float64) stroke {
	steps := max(2, int(math.Abs(a1-a0)/12))
	s := make(stroke, steps+1)
	for k := range s {
		a := (a0 + (a1-a0)*float64(k)/float64(steps)) * math.Pi / 180
		s[k] = point{cx + float64(rx*crmath.Cos(a)), cy + float64(ry*crmath.Sin(a))}
	}
	return s
}

// bezier samples the quadratic Bézier curve from a to c pulled towards b.
func bezier(a, b, c point) stroke {
	const steps = 12
	s := make(stroke, steps+1)
	for k := range s {
		t := float64(k) / steps
		u := 1 - t
		s[k] = point{
			float64(u*u*a.x) + float64(2*u*t*b.x) + float64(t*t*c.x),
			float64(u*u*a.y) + float64(2*u*t*b.y) + float64(t*t*c.y),
		}
	}
	return s
}

// drawDigit renders digit d into canvas (rows·cols values in [0, 1]) with a
// random size, slant, rotation, position and pen width.
func drawDigit(canvas []float64, rows, cols, d int, rng *rand.Rand) {
	clear(canvas)
	uniform := func(lo, hi float64) float64 { return lo + float64((hi-lo)*rng.Float64()) }
	height := uniform(16, 21) // MNIST digits fit a 20x20 box
	width := height * uniform(0.8, 1.1)
	slant := uniform(-0.15, 0.4) // >0 leans the top to the right
	rot := uniform(-8, 8) * math.Pi / 180
	sin, cos := crmath.Sin(rot), crmath.Cos(rot)
	cx := float64(float64(cols)/2) + uniform(-2, 2)
	cy := float64(float64(rows)/2) + uniform(-2, 2)
	pen := uniform(1.8, 3.4) // pen width in pixels

	// place maps a design point to pixel coordinates.
	place := func(p point) point {
		x, y := p.x-0.5, p.y-0.5
		x += float64(slant * -y)
		x, y = x*width, y*height
		return point{cx + float64(x*cos) - float64(y*sin), cy + float64(x*sin) + float64(y*cos)}
	}
	for _, s := range glyph(d, rng) {
		prev := place(s[0])
		for _, q := range s[1:] {
			next := place(q)
			segment(canvas, rows, cols, prev, next, pen)
			prev = next
		}
	}
}

// segment draws the line from a to b, pen pixels wide, into canvas, keeping
// the darker value where strokes overlap. A pixel's ink falls off linearly
// over the last pixel of the pen's reach, which smooths the edges.
func segment(canvas []float64, rows, cols int, a, b point, pen float64) {
	r := float64(pen / 2)
	x0 := max(0, int(math.Floor(min(a.x, b.x)-r-1)))
	x1 := min(cols-1, int(math.Ceil(max(a.x, b.x)+r+1)))
	y0 := max(0, int(math.Floor(min(a.y, b.y)-r-1)))
	y1 := min(rows-1, int(math.Ceil(max(a.y, b.y)+r+1)))
	dx, dy := b.x-a.x, b.y-a.y
	len2 := float64(dx*dx) + float64(dy*dy)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			// Distance from the pixel's centre to the segment.
			px, py := float64(x)+0.5-a.x, float64(y)+0.5-a.y
			t := 0.0
			if len2 > 0 {
				t = math.Max(0, math.Min(1, (float64(px*dx)+float64(py*dy))/len2))
			}
			ex, ey := px-float64(t*dx), py-float64(t*dy)
			v := r + 0.5 - math.Sqrt(float64(ex*ex)+float64(ey*ey))
			if v <= 0 {
				continue
			}
			v = math.Min(v, 1)
			if k := y*cols + x; v > canvas[k] {
				canvas[k] = v
			}
		}
	}
}
