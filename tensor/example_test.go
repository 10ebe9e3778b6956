package tensor_test

import (
	"fmt"

	"dlfs/tensor"
)

// The iterator visits every multi-index and can write in place, as
// np.nditer(x, flags=['multi_index'], op_flags=['readwrite']) does.
func ExampleIterator() {
	x := tensor.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	it := x.Iter()
	for it.Next() {
		i := it.Index()
		it.Set(it.Value() * 10)
		fmt.Printf("%v=%.1f\n", i, it.Value())
	}
	// Output:
	// [0 0]=10.0
	// [0 1]=20.0
	// [0 2]=30.0
	// [1 0]=40.0
	// [1 1]=50.0
	// [1 2]=60.0
}

func ExampleMatMul() {
	x := tensor.Vector(0.6, 0.9)
	w := tensor.FromRows([][]float64{{0.1, 0.3, 0.5}, {0.2, 0.4, 0.6}})
	y := tensor.MatMul(nil, x, w) // np.dot(x, W): (2) · (2, 3) → (3)
	fmt.Println(y.Shape())
	fmt.Printf("%.4f\n", y.Data())
	// A transpose is a view: no copy, and MatMul reads it in place.
	g := tensor.MatMul(nil, w.T(), w) // (3, 2) · (2, 3)
	fmt.Println(g.Shape(), fmt.Sprintf("%.4f", g.At(2, 2)))
	// Output:
	// [3]
	// [0.2400 0.5400 0.8400]
	// [3 3] 0.6100
}

func ExampleSumAxis() {
	x := tensor.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	fmt.Println(tensor.SumAxis(nil, x, 0), tensor.SumAxis(nil, x, 1), tensor.ArgmaxAxis(nil, x, 1))
	// Output:
	// [5 7 9] [6 15] [2 2]
}

// ReLU and its backward pass: np.maximum(0, a) and np.where(z > 0, g, 0).
func ExampleWherePositive() {
	a := tensor.FromRows([][]float64{{-1.5, 0, 2}, {3, -0.25, 1}})
	z := tensor.Maximum(nil, a, 0)
	g := tensor.FromRows([][]float64{{10, 20, 30}, {40, 50, 60}}) // the gradient at z
	fmt.Println(z)
	fmt.Println(tensor.WherePositive(nil, a, g))
	// Output:
	// [[0 0 2]
	//  [3 0 1]]
	// [[0 0 30]
	//  [40 0 60]]
}

// A batch of images is mostly zeros. Compressed once, it serves as the right
// operand of W·Xᵀ (one image per row of x) with only its non-zero pixels.
func ExampleMatMulSparseT() {
	x := tensor.FromRows([][]float64{{0, 0, 0.5, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}}) // 3 images of 4 pixels
	w := tensor.FromRows([][]float64{{1, 2, 3, 4}, {-1, 0, 1, 0}})                // 2 units
	var s tensor.Sparse
	s.Set(x)
	fmt.Println("non-zeros:", s.NonZeros(), "of", x.Size())
	fmt.Println(tensor.MatMulSparseT(nil, w, &s))
	// Output:
	// non-zeros: 2 of 12
	// [[1.5 1 0]
	//  [0.5 -1 0]]
}
