package mnist

import (
	"fmt"

	"dlfs/tensor"
)

// NumClasses is the number of label values: the digits 0 to 9.
const NumClasses = 10

// Set is one split of the data (training or test): images kept as bytes,
// exactly as stored in the files, and their labels.
//
// Keeping bytes is a deliberate choice: the 70,000 MNIST images take 55 MB
// as bytes but 440 MB as float64. The Batch methods convert just the images
// a step needs.
type Set struct {
	// Pixels holds Len()·Rows·Cols bytes: image after image, each one row
	// after row, with values from 0 (background) to 255 (ink).
	Pixels []byte
	// Labels holds one digit 0..9 per image.
	Labels []uint8
	// Rows and Cols are the image size, 28 and 28 for MNIST.
	Rows, Cols int
}

// Data is what Load returns: both splits and where they came from.
type Data struct {
	Train, Test *Set

	// Source says in words where the data was loaded from: a directory,
	// the cache, the mirror it was downloaded from, or "synthetic".
	Source string

	// Synthetic is true when the images are the generated stand-in digits
	// of Synthetic rather than MNIST.
	Synthetic bool

	// Banner is empty for real MNIST. For synthetic data it is a
	// multi-line warning that results will not match the book, with the
	// reason and what to do to get the real data. Load does not print it;
	// the program should show it to the user before training.
	Banner string
}

// NewSet checks and wraps pixels and labels as a Set, without copying.
// It returns an error if len(pixels) is not len(labels)·rows·cols or a
// label is not a digit 0..9.
func NewSet(pixels []byte, labels []uint8, rows, cols int) (*Set, error) {
	if rows <= 0 || cols <= 0 {
		return nil, fmt.Errorf("mnist: NewSet: image size %dx%d is not positive", rows, cols)
	}
	if len(pixels) != len(labels)*rows*cols {
		return nil, fmt.Errorf("mnist: NewSet: %d pixels do not make %d images of %dx%d (that needs %d)",
			len(pixels), len(labels), rows, cols, len(labels)*rows*cols)
	}
	if i, l := badLabel(labels); i >= 0 {
		return nil, fmt.Errorf("mnist: NewSet: label %d at index %d is not a digit 0-9", l, i)
	}
	return &Set{Pixels: pixels, Labels: labels, Rows: rows, Cols: cols}, nil
}

// badLabel returns the index and value of the first label above 9, or -1.
func badLabel(labels []uint8) (int, uint8) {
	for i, l := range labels {
		if l >= NumClasses {
			return i, l
		}
	}
	return -1, 0
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Labels) }

// Size returns the number of pixels in one image, Rows·Cols (784).
func (s *Set) Size() int { return s.Rows * s.Cols }

// Label returns the digit shown by image i.
func (s *Set) Label(i int) int { return int(s.Labels[i]) }

// Image returns the Rows·Cols pixels of image i. The slice shares the Set's
// storage: do not modify it unless you mean to change the data.
func (s *Set) Image(i int) []byte {
	n := s.Size()
	return s.Pixels[i*n : (i+1)*n : (i+1)*n]
}

// Subset returns a Set of the first min(n, Len()) images. It shares storage
// with s (nothing is copied), which makes it a cheap way to train on less
// data while experimenting.
func (s *Set) Subset(n int) *Set {
	if n < 0 {
		panic(fmt.Sprintf("mnist: Subset(%d): negative size", n))
	}
	n = min(n, s.Len())
	return &Set{
		Pixels: s.Pixels[: n*s.Size() : n*s.Size()],
		Labels: s.Labels[:n:n],
		Rows:   s.Rows,
		Cols:   s.Cols,
	}
}

// Lookup tables from a pixel byte to the float64 the network sees.
var (
	normalized [256]float64 // p/255, in [0, 1]
	rawValue   [256]float64 // p itself, 0..255
)

func init() {
	for p := range 256 {
		normalized[p] = float64(p) / 255
		rawValue[p] = float64(p)
	}
}

// Batch returns the images listed in idx as the rows of a matrix of shape
// (len(idx), Rows·Cols) with every pixel scaled to [0, 1] as p/255: the
// book's load_mnist(normalize=True, flatten=True) for a mini-batch.
//
// If dst is nil a new tensor is allocated; otherwise dst must be a
// contiguous tensor of exactly that shape, it is overwritten and returned,
// and Batch allocates nothing. A dst of another shape panics with a
// *tensor.ShapeError; an index outside [0, Len()) panics too.
func (s *Set) Batch(dst *tensor.Tensor, idx []int) *tensor.Tensor {
	dst = s.dst("Batch", dst, len(idx), s.Size())
	s.fill("Batch", dst.Data(), idx, &normalized)
	return dst
}

// BatchImages is Batch with shape (len(idx), 1, Rows, Cols): one channel
// per image, for convolutional layers (the book's flatten=False). The values
// and the memory layout are the same as Batch's.
func (s *Set) BatchImages(dst *tensor.Tensor, idx []int) *tensor.Tensor {
	dst = s.dst("BatchImages", dst, len(idx), 1, s.Rows, s.Cols)
	s.fill("BatchImages", dst.Data(), idx, &normalized)
	return dst
}

// BatchRaw is Batch without the scaling: pixels as float64 values 0..255
// (the book's normalize=False), shape (len(idx), Rows·Cols).
func (s *Set) BatchRaw(dst *tensor.Tensor, idx []int) *tensor.Tensor {
	dst = s.dst("BatchRaw", dst, len(idx), s.Size())
	s.fill("BatchRaw", dst.Data(), idx, &rawValue)
	return dst
}

// OneHot returns the labels of the images in idx one-hot encoded, shape
// (len(idx), 10): row k is all zeros except a 1 in column Label(idx[k])
// (the book's one_hot_label=True). dst is handled as in Batch.
func (s *Set) OneHot(dst *tensor.Tensor, idx []int) *tensor.Tensor {
	dst = s.dst("OneHot", dst, len(idx), NumClasses)
	out := dst.Data()
	clear(out)
	n := s.Len()
	for k, i := range idx {
		if uint(i) >= uint(n) {
			panic(indexPanic("OneHot", i, n))
		}
		out[k*NumClasses+int(s.Labels[i])] = 1
	}
	return dst
}

// LabelsOf returns the labels of the images in idx as ints. It reuses dst
// if it has room for len(idx) values (dst is overwritten and resliced), and
// allocates otherwise: pass the previous result to avoid garbage.
func (s *Set) LabelsOf(dst []int, idx []int) []int {
	if cap(dst) < len(idx) {
		dst = make([]int, len(idx))
	}
	dst = dst[:len(idx)]
	n := s.Len()
	for k, i := range idx {
		if uint(i) >= uint(n) {
			panic(indexPanic("LabelsOf", i, n))
		}
		dst[k] = int(s.Labels[i])
	}
	return dst
}

// dst returns a tensor of the given shape: a new one if t is nil, t itself
// if it already has that shape and is contiguous, and otherwise it panics.
func (s *Set) dst(op string, t *tensor.Tensor, shape ...int) *tensor.Tensor {
	if t == nil {
		return tensor.New(shape...)
	}
	ok := t.NDim() == len(shape) && len(t.Data()) == product(shape)
	for i := 0; ok && i < len(shape); i++ {
		ok = t.Dim(i) == shape[i]
	}
	if !ok {
		panic(&tensor.ShapeError{Op: op, A: t.Shape(), B: append([]int(nil), shape...),
			Why: fmt.Sprintf("mnist.Set.%s: dst (the first shape) must be nil or have the batch's shape (the second)", op)})
	}
	if !t.IsContiguous() {
		panic(&tensor.ShapeError{Op: op, A: t.Shape(),
			Why: fmt.Sprintf("mnist.Set.%s: dst must be contiguous, not a view such as a transpose", op)})
	}
	return t
}

func product(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// fill writes lut[p] for every pixel p of the images in idx to out, one
// image after another. It is the hot loop of data loading.
func (s *Set) fill(op string, out []float64, idx []int, lut *[256]float64) {
	n := s.Len()
	for _, i := range idx {
		if uint(i) >= uint(n) {
			panic(indexPanic(op, i, n))
		}
	}
	size := s.Size()
	for k, i := range idx {
		src := s.Pixels[i*size : (i+1)*size]
		row := out[k*size:][:len(src)]
		for j, p := range src {
			row[j] = lut[p]
		}
	}
}

func indexPanic(op string, i, n int) string {
	return fmt.Sprintf("mnist.Set.%s: image index %d out of range [0, %d)", op, i, n)
}
