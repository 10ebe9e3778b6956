package mnist

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestCh06_5_3_ShuffleDataset(t *testing.T) {
	s := Synthetic(50, 1).Train
	a := ShuffleDataset(rand.New(rand.NewPCG(1, 2)), s)
	b := ShuffleDataset(rand.New(rand.NewPCG(1, 2)), s)
	if !bytes.Equal(a.Pixels, b.Pixels) || !bytes.Equal(a.Labels, b.Labels) {
		t.Errorf("the same seed shuffled differently")
	}
	if bytes.Equal(a.Labels, s.Labels) {
		t.Errorf("50 images left in their order")
	}
	// Every image keeps its label, and every image appears once.
	seen := map[string]int{}
	for i := range s.Len() {
		seen[string(s.Image(i))+string(rune(s.Labels[i]))]++
	}
	for i := range a.Len() {
		seen[string(a.Image(i))+string(rune(a.Labels[i]))]--
	}
	for _, n := range seen {
		if n != 0 {
			t.Fatalf("the shuffled set is not a permutation of image-label pairs")
		}
	}
	head, tail := a.Split(10)
	if head.Len() != 10 || tail.Len() != 40 || !bytes.Equal(tail.Image(0), a.Image(10)) {
		t.Errorf("Split(10): %d and %d images", head.Len(), tail.Len())
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Split(51) of 50 images did not panic")
		}
	}()
	a.Split(51)
}
