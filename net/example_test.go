package net_test

import (
	"fmt"

	"dlfs/net"
	"dlfs/tensor"
)

func ExampleSoftmax() {
	// Subtracting the maximum first keeps exp from overflowing.
	y := net.Softmax(nil, tensor.Vector(1010, 1000, 990))
	fmt.Printf("%.4f %.4f %.4f\n", y.Data()[0], y.Data()[1], y.Data()[2])
	// Output:
	// 1.0000 0.0000 0.0000
}

func ExampleCrossEntropyError() {
	t := tensor.Vector(0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
	y := tensor.Vector(0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)
	fmt.Printf("%.4f\n", net.CrossEntropyError(y, t))
	fmt.Printf("%.4f\n", net.CrossEntropyErrorLabels(y, []int{2}))
	// Output:
	// 0.5108
	// 0.5108
}

func ExampleNumericalDiff() {
	f := func(x float64) float64 { return 0.01*(x*x) + 0.1*x }
	fmt.Printf("%.4f %.4f\n", net.NumericalDiff(f, 5), net.NumericalDiff(f, 10))
	// Output:
	// 0.2000 0.3000
}

func ExampleNumericalGradient() {
	f := func(x *tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, x, x)) } // x0² + x1²
	g := net.NumericalGradient(f, tensor.Vector(3, 4))
	fmt.Printf("%.4f %.4f\n", g.Data()[0], g.Data()[1])
	// Output:
	// 6.0000 8.0000
}

func ExampleGradientDescent() {
	f := func(x *tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, x, x)) }
	x, path := net.GradientDescent(f, tensor.Vector(-3, 4), 0.1, 100)
	fmt.Printf("%.4f %.4f after %d steps\n", x.Data()[0], x.Data()[1], len(path)-1)
	// Output:
	// -0.0000 0.0000 after 100 steps
}
