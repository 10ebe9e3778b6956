package mnist

import (
	"fmt"
	"math/rand/v2"
)

// ShuffleDataset returns a copy of s with its images in a random order drawn
// by rng, each label staying with its image: the book's shuffle_dataset
// (common/util.py), which applies one np.random.permutation to both.
func ShuffleDataset(rng *rand.Rand, s *Set) *Set {
	perm := rng.Perm(s.Len())
	n := s.Size()
	out := &Set{Pixels: make([]byte, len(s.Pixels)), Labels: make([]uint8, len(s.Labels)), Rows: s.Rows, Cols: s.Cols}
	for i, p := range perm {
		copy(out.Pixels[i*n:(i+1)*n], s.Pixels[p*n:(p+1)*n])
		out.Labels[i] = s.Labels[p]
	}
	return out
}

// Split returns the first k images of s and the rest, sharing s's storage,
// as x[:k] and x[k:] do in the book. It panics unless 0 ≤ k ≤ Len().
func (s *Set) Split(k int) (head, tail *Set) {
	if k < 0 || k > s.Len() {
		panic(fmt.Sprintf("mnist.Set.Split(%d): want 0 ≤ k ≤ %d, the number of images", k, s.Len()))
	}
	n := s.Size()
	head = &Set{Pixels: s.Pixels[: k*n : k*n], Labels: s.Labels[:k:k], Rows: s.Rows, Cols: s.Cols}
	tail = &Set{Pixels: s.Pixels[k*n:], Labels: s.Labels[k:], Rows: s.Rows, Cols: s.Cols}
	return head, tail
}
