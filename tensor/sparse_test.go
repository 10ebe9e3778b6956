package tensor

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestSparseMatchesNaive checks both sparse products against the
// reference product of the dense matrix, on awkward shapes (empty rows,
// primes, all zeros, large enough to be split among CPUs), with a read
// as stored and as a transposed view.
func TestSparseMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	shapes := [][3]int{{1, 1, 1}, {1, 7, 1}, {3, 1, 5}, {5, 7, 3}, {17, 13, 11}, {256, 784, 128}, {33, 129, 65}, {1, 1000, 3},
		{131, 521, 129}}
	for _, sh := range shapes {
		m, k, n := sh[0], sh[1], sh[2]
		for _, frac := range []float64{0, 0.8, 1} {
			a := RandN(rng, 1, m, k)
			b := sparse(rng, k, n, frac)
			bt := b.T().Clone()                       // (n, k): the same matrix stored for MatMulSparseT
			want := FromSlice(refProduct(a, b), m, n) // MatMulNaive's sum, without its At calls
			s, st := new(Sparse).Set(b), new(Sparse).Set(bt)
			if d := MaxAbsDiff(s.Dense(), b); d != 0 {
				t.Fatalf("Sparse.Set(%v).Dense() differs from the matrix by %g", b.Shape(), d)
			}
			cases := map[string]*Tensor{
				"a·s":      MatMulSparse(nil, a, s),
				"(aᵀ)ᵀ·s":  MatMulSparse(nil, a.T().Clone().T(), s),
				"a·sᵀ":     MatMulSparseT(nil, a, st),
				"(aᵀ)ᵀ·sᵀ": MatMulSparseT(nil, a.T().Clone().T(), st),
			}
			for name, got := range cases {
				if d := MaxAbsDiff(got, want); d > 1e-12 {
					t.Errorf("%s (%d,%d)x(%d,%d) zeros %.0f%%: max |sparse-naive| = %g, want <= 1e-12", name, m, k, k, n, 100*frac, d)
				}
			}
		}
	}
}

// TestSparseSameBitsAsMatMul checks the promise the column network
// relies on: the sparse products add the same non-zero terms in the same
// order as MatMul, whatever the number of CPUs.
func TestSparseSameBitsAsMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	w, x := RandN(rng, 1, 256, 784), sparse(rng, 128, 784, 0.8)
	s := new(Sparse).Set(x)
	want := MatMul(nil, w, x.T())
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		got := MatMulSparseT(nil, w, s)
		runtime.GOMAXPROCS(prev)
		for i, v := range got.Data() {
			if v != want.Data()[i] {
				t.Fatalf("W·Xᵀ with %d CPUs, element %d: sparse %v, MatMul %v", procs, i, v, want.Data()[i])
			}
		}
	}
}

func TestSparseShapes(t *testing.T) {
	s := new(Sparse).Set(New(3, 4))
	if sh := s.Shape(); sh[0] != 3 || sh[1] != 4 || s.NonZeros() != 0 {
		t.Errorf("Sparse of a zero (3, 4): shape %v, %d non-zeros; want [3 4], 0", sh, s.NonZeros())
	}
	mustPanicShape(t, "MatMulSparse", func() { MatMulSparse(nil, New(2, 5), s) }, "[2 5]", "[3 4]")
	mustPanicShape(t, "MatMulSparseT", func() { MatMulSparseT(nil, New(2, 3), s) }, "[2 3]", "[3 4]")
	mustPanicShape(t, "MatMulSparse dst", func() { MatMulSparse(New(2, 3), New(2, 3), s) }, "[2 3]", "[2 4]")
	mustPanicShape(t, "Sparse.Set", func() { s.Set(New(2, 3, 4)) }, "[2 3 4]")
}

// BenchmarkSparse times note 001's two first-layer products through a
// Sparse, on one CPU, with a batch of 128 digit-like images (85% zeros,
// in runs), and the backward product with a ReLU-sparse left operand
// (half zeros). BenchmarkMatMul_Column times the same products written
// plainly (W1·X, dA1·Xᵀ):
//
//	go test ./tensor -run '^$' -bench 'Sparse|MatMul_Column' -cpu 1
func BenchmarkSparse(b *testing.B) {
	rng := rand.New(rand.NewPCG(10, 10))
	w, x, d := RandN(rng, 1, 256, 784), digits(rng, 128), sparse(rng, 256, 128, 0.5)
	s := new(Sparse).Set(x)
	c1, c2 := New(256, 128), New(256, 784)
	b.Run("W·Xᵀ", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			MatMulSparseT(c1, w, s)
		}
		reportGFLOPs(b, 256*784*128, cpuTime()-cpu0)
	})
	b.Run("dA·X", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			MatMulSparse(c2, d, s)
		}
		reportGFLOPs(b, 256*784*128, cpuTime()-cpu0)
	})
}
