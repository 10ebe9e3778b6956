package plot

import (
	"dlfs/internal/crmath"
	"math"
	"strconv"
	"strings"
)

// niceMantissas are the step sizes, up to a power of ten, that read well
// on an axis: 1, 2, 2.5 and 5 (so 0.25, 20, 500, ... are all "nice").
var niceMantissas = [...]float64{1, 2, 2.5, 5}

// eps absorbs rounding noise in lo/step and hi/step before flooring.
const eps = 1e-9

func floorEps(v float64) float64 { return math.Floor(v + eps) }
func ceilEps(v float64) float64  { return math.Ceil(v - eps) }

// step is a nice tick spacing m·10^e.
type step struct {
	m float64
	e int
}

func (s step) value() float64 { return s.m * math.Pow10(s.e) }

// at returns the k-th multiple of the step. Dividing by an exact power of
// ten, rather than multiplying by an inexact one, makes 3 × 0.2 come out
// as the double nearest to 0.6.
func (s step) at(k float64) float64 {
	if s.e < 0 {
		return k * s.m / math.Pow10(-s.e)
	}
	return k * s.m * math.Pow10(s.e)
}

// decimals is the number of decimals needed to print multiples of s.
func (s step) decimals() int {
	d := -s.e
	if s.m == 2.5 {
		d++
	}
	return max(d, 0)
}

// niceStep chooses a nice step for the axis [lo, hi] with at most
// maxTicks ticks. When snapLo (snapHi) is set the axis will be widened to
// the tick at or below lo (at or above hi), so the count includes that
// tick; otherwise only ticks inside the range count.
//
// Starting from the smallest step that fits, it weighs a few larger ones
// too, scoring each by how much of the axis the data covers plus how close
// the tick count comes to maxTicks (a simple form of the scoring of
// Talbot, Lin and Hanrahan's "extended" tick algorithm). So -5..5 gets
// ticks of 2.5 ending at ±5 rather than ticks of 2 stretched to ±6, while
// 0..1 still gets the six ticks 0, 0.2, ..., 1.
func niceStep(lo, hi float64, maxTicks int, snapLo, snapHi bool) step {
	// Three ticks always suffice (-v, 0, v), so the search ends.
	maxTicks = max(maxTicks, 3)
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return step{1, 0}
	}
	best, bestScore, tried := step{1, 0}, math.Inf(-1), 0
	for e := int(math.Floor(crmath.Log10(span/float64(maxTicks)))) - 1; tried < 4; e++ {
		for _, m := range niceMantissas {
			s := step{m, e}
			v := s.value()
			first, last := ceilEps(lo/v), floorEps(hi/v)
			if snapLo {
				first = floorEps(lo / v)
			}
			if snapHi {
				last = ceilEps(hi / v)
			}
			// Written so that a NaN count (overflowing lo/v) never passes.
			n := last - first + 1
			if !(n <= float64(maxTicks)) {
				continue
			}
			axisLo, axisHi := lo, hi
			if snapLo {
				axisLo = first * v
			}
			if snapHi {
				axisHi = last * v
			}
			score := span/(axisHi-axisLo) + 0.5*n/float64(maxTicks)
			if score > bestScore { // ties keep the smaller step; NaN never wins
				best, bestScore = s, score
			}
			if tried++; tried == 4 {
				break
			}
		}
	}
	return best
}

// niceTicks returns at most maxTicks nice tick values covering [lo, hi],
// the axis widened to the outer ticks. It is the "nice numbers" algorithm
// used for every automatic axis: 0..1 gives 0, 0.2, ..., 1 for six ticks,
// and 0..10000 gives steps of 2000.
func niceTicks(lo, hi float64, maxTicks int) []float64 {
	s := scaleFor(lo, hi, true, true, maxTicks)
	return s.ticks
}

// scale maps data values on one axis to pixels and knows its ticks.
type scale struct {
	lo, hi float64 // the data range shown (on a log axis: the values, not their logs)
	log    bool
	ticks  []float64
	labels []string
	p0, p1 float64 // pixels of lo and hi
}

// scaleFor builds a linear scale over [lo, hi]. snapLo/snapHi widen that
// end to the nearest tick outside it; otherwise the end stays exact.
func scaleFor(lo, hi float64, snapLo, snapHi bool, maxTicks int) scale {
	lo, hi = widenDegenerate(lo, hi, snapLo, snapHi)
	st := niceStep(lo, hi, maxTicks, snapLo, snapHi)
	v := st.value()
	if snapLo {
		lo = st.at(floorEps(lo / v))
	}
	if snapHi {
		hi = st.at(ceilEps(hi / v))
	}
	s := scale{lo: lo, hi: hi}
	first, last := ceilEps(lo/v), floorEps(hi/v)
	if !(last-first < 1000) { // values too large for their spacing: no ticks
		last = first - 1
	}
	for k := first; k <= last; k++ {
		t := st.at(k)
		if t == 0 {
			t = 0 // no negative zero
		}
		s.ticks = append(s.ticks, t)
	}
	s.labels = tickLabels(s.ticks, st.decimals())
	return s
}

// widenDegenerate turns an empty or inverted range into a usable one.
// Only the ends that may move (snap) are moved, unless both are fixed.
func widenDegenerate(lo, hi float64, snapLo, snapHi bool) (float64, float64) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi > lo && !math.IsInf(hi-lo, 0) {
		return lo, hi
	}
	if math.IsInf(hi-lo, 0) { // values near ±MaxFloat64: fall back to a plain range
		return -1, 1
	}
	d := math.Abs(lo) * 0.1
	if d == 0 {
		d = 1
	}
	switch {
	case snapLo && !snapHi:
		return lo - 2*d, hi
	case snapHi && !snapLo:
		return lo, hi + 2*d
	default:
		return lo - d, hi + d
	}
}

// logScaleFor builds a base-10 logarithmic scale over [lo, hi], both > 0.
func logScaleFor(lo, hi float64, snapLo, snapHi bool, maxTicks int) scale {
	if !(lo > 0) || !(hi > 0) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 1, 10
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	a, b := float64(crmath.Log10(lo)), float64(crmath.Log10(hi))
	if a == b {
		a, b = a-0.5, b+0.5
		snapLo, snapHi = true, true
	}
	if snapLo {
		a = math.Floor(a + eps)
	}
	if snapHi {
		b = math.Ceil(b - eps)
	}
	s := scale{lo: crmath.Pow(10, a), hi: crmath.Pow(10, b), log: true}
	first, last := int(math.Ceil(a-eps)), int(math.Floor(b+eps))
	stride := max(1, (last-first+maxTicks)/max(maxTicks, 1))
	for k := first; k <= last; k += stride {
		s.ticks = append(s.ticks, crmath.Pow(10, float64(k)))
	}
	if len(s.ticks) < 2 { // less than a decade shown: add 2× and 5× ticks
		s.ticks = s.ticks[:0]
		for k := int(math.Floor(a)); k <= int(math.Ceil(b)); k++ {
			for _, m := range []float64{1, 2, 5} {
				t := m * crmath.Pow(10, float64(k))
				if l := crmath.Log10(t); l >= a-eps && l <= b+eps {
					s.ticks = append(s.ticks, t)
				}
			}
		}
	}
	for _, t := range s.ticks {
		s.labels = append(s.labels, logLabel(t))
	}
	return s
}

// logLabel prints a tick of a log axis: plain decimals for moderate
// values, 1e-05 style otherwise.
func logLabel(v float64) string {
	if v >= 1e-4 && v < 1e6 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// tickLabels prints linear ticks with a common number of decimals; very
// large or very small values switch to exponent notation.
func tickLabels(ticks []float64, decimals int) []string {
	maxAbs := 0.0
	for _, t := range ticks {
		maxAbs = math.Max(maxAbs, math.Abs(t))
	}
	out := make([]string, len(ticks))
	for i, t := range ticks {
		var s string
		if maxAbs >= 1e6 || decimals > 6 {
			s = strconv.FormatFloat(t, 'g', 4, 64)
		} else {
			s = strconv.FormatFloat(t, 'f', decimals, 64)
		}
		if strings.HasPrefix(s, "-") {
			if strings.Trim(s, "-0.") == "" {
				s = s[1:] // a rounded -0.00 is just 0.00
			} else {
				s = "\u2212" + s[1:] // a real minus sign, as matplotlib prints
			}
		}
		out[i] = s
	}
	return out
}

// pos maps a data value to pixels. Values that are not on the axis (for
// a log axis: not positive) map to NaN.
func (s *scale) pos(v float64) float64 {
	lo, hi := s.lo, s.hi
	if s.log {
		if !(v > 0) {
			return math.NaN()
		}
		v, lo, hi = crmath.Log10(v), crmath.Log10(lo), crmath.Log10(hi)
	}
	return s.p0 + float64((v-lo)/(hi-lo)*(s.p1-s.p0))
}
