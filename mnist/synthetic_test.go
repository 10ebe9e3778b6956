package mnist

import (
	"bytes"
	"math"
	"testing"
)

func TestMNISTSyntheticDeterministic(t *testing.T) {
	a, b := Synthetic(300, 100), Synthetic(300, 100)
	if !bytes.Equal(a.Train.Pixels, b.Train.Pixels) || !bytes.Equal(a.Test.Labels, b.Test.Labels) {
		t.Fatal("two calls gave different data")
	}
	// Image i does not depend on how many images were asked for.
	small := Synthetic(120, 0)
	if !bytes.Equal(small.Train.Pixels, a.Train.Pixels[:120*784]) || !bytes.Equal(small.Train.Labels, a.Train.Labels[:120]) {
		t.Error("the first 120 images changed with the size of the set")
	}
	if bytes.Equal(a.Train.Pixels[:100*784], a.Test.Pixels) {
		t.Error("the test split repeats the training split")
	}
	if !a.Synthetic || a.Source != "synthetic" || a.Banner == "" {
		t.Errorf("Synthetic %v, Source %q, Banner %q", a.Synthetic, a.Source, a.Banner)
	}
	if a.Train.Rows != 28 || a.Train.Cols != 28 || len(a.Train.Pixels) != 300*784 {
		t.Errorf("shape %dx%d, %d pixels", a.Train.Rows, a.Train.Cols, len(a.Train.Pixels))
	}
}

func TestMNISTSyntheticLooksLikeDigits(t *testing.T) {
	s := Synthetic(2000, 0).Train
	var counts [10]int
	for _, l := range s.Labels {
		counts[l]++
	}
	for c, n := range counts {
		if n != 200 {
			t.Errorf("class %d has %d images, want 200", c, n)
		}
	}
	for i := range s.Len() {
		img := s.Image(i)
		ink, peak := 0, byte(0)
		for _, p := range img {
			if p > 0 {
				ink++
			}
			peak = max(peak, p)
		}
		// MNIST digits cover roughly 60 to 250 of the 784 pixels.
		if ink < 40 || ink > 400 || peak < 180 {
			t.Fatalf("image %d (a %d): %d inked pixels, brightest %d", i, s.Label(i), ink, peak)
		}
		// The corners are background, as in MNIST.
		if img[0] != 0 || img[27] != 0 || img[27*28] != 0 || img[783] != 0 {
			t.Fatalf("image %d has ink in a corner", i)
		}
	}
}

// classMeans returns the average image of each digit, pixels in [0, 1].
func classMeans(s *Set) [10][]float64 {
	var means [10][]float64
	var counts [10]float64
	for c := range means {
		means[c] = make([]float64, s.Size())
	}
	for i := range s.Len() {
		l := s.Label(i)
		counts[l]++
		for j, p := range s.Image(i) {
			means[l][j] += float64(p) / 255
		}
	}
	for c := range means {
		for j := range means[c] {
			means[c][j] /= counts[c]
		}
	}
	return means
}

func distance(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}

func TestMNISTSyntheticIsLearnable(t *testing.T) {
	d := Synthetic(3000, 500)
	means := classMeans(d.Train)
	// Different digits have clearly different average shapes.
	for a := range 10 {
		for b := a + 1; b < 10; b++ {
			if dist := distance(means[a], means[b]); dist < 2 {
				t.Errorf("digits %d and %d are too alike: mean images %.2f apart", a, b, dist)
			}
		}
	}
	// Even the nearest class mean recognises most test digits (it gets
	// about 80% on MNIST too); a trained network does much better.
	right := 0
	x := make([]float64, 784)
	for i := range d.Test.Len() {
		for j, p := range d.Test.Image(i) {
			x[j] = float64(p) / 255
		}
		best, bestDist := -1, math.Inf(1)
		for c := range 10 {
			if dist := distance(x, means[c]); dist < bestDist {
				best, bestDist = c, dist
			}
		}
		if best == d.Test.Label(i) {
			right++
		}
	}
	if acc := float64(right) / float64(d.Test.Len()); acc < 0.6 {
		t.Errorf("nearest-mean accuracy %.2f, want well above chance (0.1)", acc)
	}
}

func BenchmarkSynthetic(b *testing.B) {
	for b.Loop() {
		Synthetic(1000, 0)
	}
}
