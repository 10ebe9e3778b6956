package npz_test

import (
	"bytes"
	"fmt"
	"log"

	"dlfs/internal/npz"
	"dlfs/tensor"
)

// Write a 2x3 matrix in .npy format to memory and read it back.
func ExampleReadNPY() {
	m := tensor.FromSlice([]float64{1, 2.5, -3, 0.125, 4, 1.0 / 3}, 2, 3)

	var buf bytes.Buffer
	if err := npz.WriteNPY(&buf, m); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes: 128 of header, 6 float64 values of 8 bytes\n", buf.Len())

	a, err := npz.ReadNPY(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("dtype", a.Dtype, "shape", a.Shape)
	t := a.Tensor()
	for i := range t.Dim(0) {
		for j := range t.Dim(1) {
			fmt.Printf("%8.4f", t.At(i, j))
		}
		fmt.Println()
	}
	// Output:
	// 176 bytes: 128 of header, 6 float64 values of 8 bytes
	// dtype <f8 shape [2 3]
	//   1.0000  2.5000 -3.0000
	//   0.1250  4.0000  0.3333
}
