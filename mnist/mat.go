package mnist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"dlfs/internal/mat"
)

// Some courses, and note 001 of this project, load MNIST from mnist_all.mat,
// Sam Roweis's MATLAB file, instead of the four IDX files. It holds twenty
// variables, train0 … train9 and test0 … test9. Each is a uint8 matrix
// with one image per row: 784 columns, the pixels of a 28x28 image row
// after row, in the same order as in the IDX files. The label of an image
// is the digit at the end of its variable's name. The file's format,
// MATLAB's version 5, is read by package internal/mat; this file checks
// and assembles the twenty variables.

const matPixels = 28 * 28 // columns of every variable

// isMat reports whether path names a MAT-file rather than a directory.
func isMat(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".mat") }

// ReadMat reads MNIST from a MATLAB 5 MAT-file such as mnist_all.mat, the
// file of Sam Roweis that note 001 loads with scipy.io.loadmat. The file
// must hold the twenty uint8 matrices train0 … train9 and test0 … test9,
// each with one 28x28 image per row (784 columns); an image's label is the
// digit in its variable's name. Matrices of class double are accepted too
// if every value is a whole number from 0 to 255. Other variables in the
// file are ignored. Load calls ReadMat when Options.Dir names a .mat file.
//
// The images are returned in the file's order: in Data.Train all the images
// of train0 first, then those of train1, and so on; Data.Test likewise. That
// order is sorted by label, so shuffle before training. Data.Source is path.
//
// Like ReadIDX, ReadMat checks what it reads and never panics on bad input.
// A damaged, truncated or unexpected file gives a *FormatError naming the
// file and the problem. Each split may hold at most MaxItems images, and
// the sizes the file declares are checked against that before any data is
// read or inflated.
func ReadMat(path string) (*Data, error) { return readMatFile(context.Background(), path) }

func readMatFile(ctx context.Context, path string) (*Data, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	var r io.Reader = ctxReader{ctx, f}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		r = sizedReader{r, fi.Size()}
	}
	d, err := readMat(r, path)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("mnist: loading stopped: %w", context.Cause(ctx))
	}
	return d, err
}

// readMat is ReadMat reading from r. name is used in error messages and as
// Data.Source.
func readMat(r io.Reader, name string) (*Data, error) {
	var rows [2]int64 // images claimed so far by each split
	var others []string
	seen := map[string]bool{}
	const want = "want a uint8 matrix with one image per row (or a double matrix of whole numbers 0-255)"
	vars, err := mat.Read(r, name, mat.Options{
		MaxBytes: 2 * MaxItems * matPixels, // both splits, as stored
		Want: func(h mat.Header) (bool, error) {
			split, _, ok := mnistVar(h.Name)
			if !ok {
				others = append(others, fmt.Sprintf("%q", h.Name))
				return false, nil
			}
			if seen[h.Name] {
				return false, fmt.Errorf("variable %s appears twice", h.Name)
			}
			seen[h.Name] = true
			dims := h.Dims
			switch {
			case h.Class != mat.MxUint8 && h.Class != mat.MxDouble:
				return false, fmt.Errorf("variable %s is %s; %s", h.Name, h.ClassName(), want)
			case h.Complex:
				return false, fmt.Errorf("variable %s holds complex numbers; %s", h.Name, want)
			case h.Logical:
				return false, fmt.Errorf("variable %s holds logical (true/false) values; %s", h.Name, want)
			case len(dims) != 2:
				return false, fmt.Errorf("variable %s has %d dimensions; %s", h.Name, len(dims), want)
			case dims[0] < 0 || dims[1] < 0:
				return false, fmt.Errorf("variable %s has a negative dimension %dx%d", h.Name, dims[0], dims[1])
			case dims[1] != matPixels && dims[0] == matPixels:
				return false, fmt.Errorf("variable %s has %d columns and %d rows, want %d columns: it seems transposed, with one image per column instead of per row",
					h.Name, dims[1], dims[0], matPixels)
			case dims[1] != matPixels:
				return false, fmt.Errorf("variable %s has %d columns, want %d (one 28x28 image per row)", h.Name, dims[1], matPixels)
			case dims[0] == 0:
				return false, fmt.Errorf("variable %s holds no images (it has 0 rows)", h.Name)
			case dims[0] > MaxItems:
				return false, fmt.Errorf("variable %s claims %d images, more than the limit of %d per split (MNIST has 60000 and 10000)", h.Name, dims[0], MaxItems)
			}
			if rows[split] += dims[0]; rows[split] > MaxItems {
				return false, fmt.Errorf("the %s variables claim %d images up to %s, more than the limit of %d per split (MNIST has 60000 and 10000)", [2]string{"train", "test"}[split], rows[split], h.Name, MaxItems)
			}
			return true, nil
		},
	})
	if err != nil {
		return nil, matError(err)
	}
	var digits [2][NumClasses][]byte
	for i, v := range vars {
		split, digit, _ := mnistVar(v.Name)
		pixels, err := toPixels(v)
		if err != nil {
			return nil, &FormatError{File: name, Problem: err.Error()}
		}
		digits[split][digit] = pixels
		vars[i] = nil // the column-major copy can go
	}
	return assembleMat(name, digits, others)
}

// matError turns an error of package mat into one of this package.
func matError(err error) error {
	var fe *mat.FormatError
	if errors.As(err, &fe) {
		return &FormatError{File: fe.File, Problem: fe.Problem}
	}
	return fmt.Errorf("mnist: %w", err)
}

// toPixels turns a variable's values, rows·784 numbers in column-major
// order, into bytes in row-major order: image after image.
func toPixels(v *mat.Var) ([]byte, error) {
	rows := int(v.Dims[0])
	src := v.Bytes()
	if src == nil {
		src = make([]byte, rows*matPixels)
		for k := range src {
			x := v.Value(k)
			if !(x >= 0 && x <= 255 && x == math.Trunc(x)) {
				col := k / rows
				return nil, fmt.Errorf("variable %s: the value %v of image %d at pixel (%d, %d) is not a whole number from 0 to 255",
					v.Name, x, k%rows, col/28, col%28)
			}
			src[k] = byte(x)
		}
	}
	dst := make([]byte, rows*matPixels)
	transpose(dst, src, rows, matPixels)
	return dst, nil
}

// transpose copies src, a rows×cols matrix stored column by column, to dst
// row by row. It works on bands of rows so that the rows being written
// stay in the cache.
func transpose(dst, src []byte, rows, cols int) {
	const band = 64
	for i0 := 0; i0 < rows; i0 += band {
		i1 := min(i0+band, rows)
		for j := range cols {
			for i, v := range src[j*rows+i0 : j*rows+i1] {
				dst[(i0+i)*cols+j] = v
			}
		}
	}
}

// assembleMat checks that all twenty variables were found and joins them
// into the two Sets.
func assembleMat(name string, digits [2][NumClasses][]byte, others []string) (*Data, error) {
	var missing []string
	for split, prefix := range [2]string{"train", "test"} {
		for d, v := range digits[split] {
			if v == nil {
				missing = append(missing, fmt.Sprintf("%s%d", prefix, d))
			}
		}
	}
	if len(missing) > 0 {
		what := "variable " + missing[0] + " is missing"
		if len(missing) > 1 {
			what = "variables " + strings.Join(missing, ", ") + " are missing"
		}
		found := "no other variables"
		if len(others) > 0 {
			const show = 8
			found = "other variables: " + strings.Join(others[:min(len(others), show)], ", ")
			if len(others) > show {
				found += fmt.Sprintf(" and %d more", len(others)-show)
			}
		}
		return nil, &FormatError{File: name, Problem: fmt.Sprintf("%s (the file has %s); mnist_all.mat holds train0 to train9 and test0 to test9, one uint8 matrix of 28x28 images per digit", what, found)}
	}
	d := &Data{Source: name}
	for split, set := range [2]**Set{&d.Train, &d.Test} {
		n := 0
		for _, v := range digits[split] {
			n += len(v) / matPixels
		}
		pixels := make([]byte, 0, n*matPixels)
		labels := make([]uint8, 0, n)
		for digit, v := range digits[split] {
			pixels = append(pixels, v...)
			labels = append(labels, bytes.Repeat([]byte{uint8(digit)}, len(v)/matPixels)...)
			digits[split][digit] = nil // let it be collected
		}
		*set = &Set{Pixels: pixels, Labels: labels, Rows: 28, Cols: 28}
	}
	return d, nil
}

// mnistVar parses "train3" as (0, 3) and "test7" as (1, 7), and reports
// whether name is one of the twenty variables.
func mnistVar(name string) (split, digit int, ok bool) {
	if len(name) < 2 {
		return 0, 0, false
	}
	d := name[len(name)-1]
	if d < '0' || d > '9' {
		return 0, 0, false
	}
	switch name[:len(name)-1] {
	case "train":
		return 0, int(d - '0'), true
	case "test":
		return 1, int(d - '0'), true
	}
	return 0, 0, false
}
