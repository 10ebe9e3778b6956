package plot

import (
	"math"
	"testing"
)

// TestPlotSmooth compares Smooth with the book's smooth_curve as NumPy
// computes it on the same series.
func TestPlotSmooth(t *testing.T) {
	x := make([]float64, 30)
	for i := range x {
		x[i] = float64((i*7919)%101) / 101
	}
	got := Smooth(x)
	if len(got) != 30 {
		t.Fatalf("Smooth: %d points, want 30", len(got))
	}
	for i, want := range map[int]float64{0: 0.4018539350100072, 1: 0.4148536868172909, 2: 0.42283343866299916, 28: 0.605184625602099, 29: 0.6033434544953601} {
		if math.Abs(got[i]-want) > 1e-14 {
			t.Errorf("Smooth point %d: got %v, NumPy's smooth_curve gives %v", i, got[i], want)
		}
	}
	if s := Smooth([]float64{1, 2}); len(s) != 2 || s[1] != 2 {
		t.Errorf("Smooth of a short series: got %v, want it unchanged", s)
	}
}
