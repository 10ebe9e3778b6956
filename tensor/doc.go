// Package tensor is a small n-dimensional array of float64, written by hand
// so that every step of the book's NumPy code has a Go twin you can read.
//
// A Tensor is a flat []float64 plus a shape and strides, exactly the layout
// NumPy uses: element (i0, i1, ..., in) lives at Σ ik·strides[k] in the
// slice. New tensors are row-major ("C order"); Transpose and Reshape return
// views that share the slice, as NumPy's do, so writing through a view writes
// the original.
//
// The Iterator walks every multi-index of a tensor and can read and write in
// place, like np.nditer(x, flags=['multi_index'], op_flags=['readwrite']).
// The numerical gradient of package net is written on it.
//
// MatMul is the matrix product, beside its slow reference MatMulNaive, and
// gives the same bits: every element is the textbook sum over p in
// increasing order, each product rounded before it is added. Beneath it
// sits an engine that picks a kernel from the operands: pure Go (the
// readable reference, matmul.go), or on amd64 assembly (AVX2, or AVX-512
// where the CPU has it, chosen at run time; matmul_amd64.s) that computes
// many elements at once and leaves out the zero terms of a mostly-zero
// operand on either side when the other is finite. Build with -tags purego
// for the pure-Go kernels alone; tutorial/performance.md tells the story.
// The element-wise operations (Add, Scale, AddScaled, AddCol, Maximum,
// WherePositive, row sums, transposed copies) likewise run AVX2 kernels
// on amd64 that do, element for element, the one IEEE operation of their
// Go loops in elem.go.
// A Sparse holds a mostly-zero matrix (a batch of MNIST images) by its
// non-zero entries, for products where it is the right operand
// (MatMulSparse, MatMulSparseT).
//
// Conventions, borrowed from gonum and the standard library:
//   - Functions that produce a tensor take the destination first:
//     Add(dst, a, b). A nil dst allocates a new tensor; a non-nil dst must
//     already have the result's shape and is overwritten. The result is
//     returned either way, so calls chain.
//   - Shape mismatches are programmer errors: they panic with a *ShapeError
//     that names the operation and both shapes.
//   - Nothing here reads the clock or a global random source: random
//     constructors take a *rand.Rand, so a fixed seed gives the same numbers
//     on every run.
//   - Large products (from 2¹⁸ multiply-adds in pure Go, 2¹⁹ in the vector
//     engine) and transposes are shared between the CPUs (package
//     dlfs/internal/parallel), each element computed by one goroutine in a
//     fixed order: results are the same, to the last bit, whatever the
//     number of CPUs.
package tensor
