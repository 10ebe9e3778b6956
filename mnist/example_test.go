package mnist_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"dlfs/mnist"
)

// A Set keeps images as bytes; Batch turns the ones a step needs into a
// float64 matrix with one image per row, scaled to [0, 1].
func Example() {
	// Two tiny 2x3 images instead of 28x28 ones, showing a 7 and a 2.
	pixels := []byte{
		0, 51, 255, // image 0, row 0
		0, 0, 0, //    image 0, row 1
		102, 0, 0, //  image 1, row 0
		0, 0, 204, //  image 1, row 1
	}
	set, err := mnist.NewSet(pixels, []uint8{7, 2}, 2, 3)
	if err != nil {
		log.Fatal(err)
	}

	idx := []int{1, 0} // a mini-batch: image 1, then image 0
	x := set.Batch(nil, idx)
	t := set.OneHot(nil, idx)
	fmt.Println("x shape:", x.Shape(), " t shape:", t.Shape())
	for k := range idx {
		row := x.Data()[k*6 : (k+1)*6]
		fmt.Printf("image %d, label %d: %.4f\n", idx[k], set.Label(idx[k]), row)
	}
	fmt.Println("one-hot of image 1:", t.Data()[:10])
	// Output:
	// x shape: [2 6]  t shape: [2 10]
	// image 1, label 2: [0.4000 0.0000 0.0000 0.0000 0.0000 0.8000]
	// image 0, label 7: [0.0000 0.2000 1.0000 0.0000 0.0000 0.0000]
	// one-hot of image 1: [0 0 1 0 0 0 0 0 0 0]
}

// Reusing the destination tensors makes the batch loop allocation-free.
func ExampleSet_Batch() {
	set := mnist.Synthetic(100, 0).Train
	idx := make([]int, 10)
	x := set.Batch(nil, idx) // allocate once: shape (10, 784)
	for step := range 3 {
		for k := range idx {
			idx[k] = (step*10 + k) % set.Len()
		}
		set.Batch(x, idx) // then overwrite in place
	}
	fmt.Println(x.Shape(), set.LabelsOf(nil, idx))
	// Output:
	// [10 784] [5 7 4 1 2 6 3 0 9 8]
}

// BatchImages keeps the image structure, one channel per image, for
// convolutional layers (the book's flatten=False).
func ExampleSet_BatchImages() {
	set := mnist.Synthetic(4, 0).Train
	x := set.BatchImages(nil, []int{0, 1, 2})
	fmt.Println(x.Shape())
	// Output:
	// [3 1 28 28]
}

// The usual start of a program: find the data (from -data, $MNIST_DIR, the
// cache, or a download) and warn loudly if only synthetic digits could be
// had.
func ExampleLoad() {
	data, err := mnist.Load(context.Background(), mnist.Options{
		Dir: "",        // normally the value of a -data flag
		Log: os.Stderr, // say what is downloaded
	})
	if err != nil {
		log.Fatal(err)
	}
	if data.Synthetic {
		fmt.Fprintln(os.Stderr, data.Banner)
	}
	fmt.Printf("%d training and %d test images from %s\n", data.Train.Len(), data.Test.Len(), data.Source)
}
