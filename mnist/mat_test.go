package mnist

import (
	"bytes"
	"compress/zlib"
	"dlfs/internal/mat"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// This file writes small MAT-files in the version 5 format, element by
// element, and checks that readMat gets back what was written.

// matPixel is the value of pixel (r, c) of image img of a digit in a split
// (0 train, 1 test) in the test files. Each of r, c, digit, img and split
// changes it, so images read in the wrong order, or transposed, or with
// rows and columns swapped, are noticed.
func matPixel(split, digit, img, r, c int) byte {
	return byte(3*r + 5*c + 17*digit + 29*img + 101*split)
}

// Number of images of each digit in the test files.
func matCount(split, digit int) int {
	if split == 0 {
		return 2 + digit%3
	}
	return 1 + digit%2
}

// matHeader returns the 128-byte header of a MAT-file.
func matHeader(order binary.ByteOrder) []byte {
	h := make([]byte, mat.HeaderLen)
	copy(h, fmt.Sprintf("%-116s", "MATLAB 5.0 MAT-file, Platform: Go, Created by: dlfs tests"))
	// Bytes 116-123, the subsystem offset, stay zero.
	order.PutUint16(h[124:], mat.Version)
	order.PutUint16(h[126:], 'M'<<8|'I')
	return h
}

// matElement returns an element in the normal form: tag, data, padding.
func matElement(order binary.ByteOrder, typ uint32, data []byte) []byte {
	b := make([]byte, 8, 8+len(data)+7)
	order.PutUint32(b, typ)
	order.PutUint32(b[4:], uint32(len(data)))
	b = append(b, data...)
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	return b
}

// matSmallElement returns an element of at most 4 bytes in the small form.
func matSmallElement(order binary.ByteOrder, typ uint32, data []byte) []byte {
	b := make([]byte, 8)
	order.PutUint32(b, uint32(len(data))<<16|typ)
	copy(b[4:], data)
	return b
}

// matCompress wraps an element (tag included) in an mat.MiCOMPRESSED element.
func matCompress(order binary.ByteOrder, elem []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(elem)
	zw.Close()
	b := make([]byte, 8)
	order.PutUint32(b, mat.MiCOMPRESSED)
	order.PutUint32(b[4:], uint32(z.Len()))
	return append(b, z.Bytes()...)
}

// testVar describes one variable of a test file.
type testVar struct {
	name      string
	class     uint32 // mat.MxUINT8, mat.MxDOUBLE, ...
	flags     uint32 // bits besides the class
	dims      []int32
	typ       uint32 // type of the data element
	data      []byte // its content, already encoded
	smallName bool   // write the name in the small form (at most 4 bytes)
	compress  bool
}

// element returns the variable as an mat.MiMATRIX element, compressed or not.
func (v *testVar) element(order binary.ByteOrder) []byte {
	var content []byte
	flags := make([]byte, 8)
	order.PutUint32(flags, v.flags|v.class)
	content = append(content, matElement(order, mat.MiUINT32, flags)...)
	dims := make([]byte, 4*len(v.dims))
	for i, d := range v.dims {
		order.PutUint32(dims[4*i:], uint32(d))
	}
	content = append(content, matElement(order, mat.MiINT32, dims)...)
	if v.smallName {
		content = append(content, matSmallElement(order, mat.MiINT8, []byte(v.name))...)
	} else {
		content = append(content, matElement(order, mat.MiINT8, []byte(v.name))...)
	}
	content = append(content, matElement(order, v.typ, v.data)...)
	elem := matElement(order, mat.MiMATRIX, content)
	if v.compress {
		return matCompress(order, elem)
	}
	return elem
}

// encodeValues encodes values as numbers of type typ.
func encodeValues(order binary.ByteOrder, typ uint32, values []float64) []byte {
	size := int(mat.TypeSize(typ))
	b := make([]byte, size*len(values))
	for k, v := range values {
		p := b[size*k:]
		switch typ {
		case mat.MiINT8, mat.MiUINT8:
			p[0] = byte(int(v))
		case mat.MiINT16, mat.MiUINT16:
			order.PutUint16(p, uint16(int(v)))
		case mat.MiINT32, mat.MiUINT32:
			order.PutUint32(p, uint32(int(v)))
		case mat.MiSINGLE:
			order.PutUint32(p, math.Float32bits(float32(v)))
		case mat.MiDOUBLE:
			order.PutUint64(p, math.Float64bits(v))
		case mat.MiINT64, mat.MiUINT64:
			order.PutUint64(p, uint64(int64(v)))
		}
	}
	return b
}

// digitVar returns the variable train<digit> or test<digit> of a test
// file: matCount images of matPixel values, stored column by column as
// MATLAB does.
func digitVar(order binary.ByteOrder, split, digit int, class, typ uint32) *testVar {
	n := matCount(split, digit)
	values := make([]float64, 0, n*matPixels)
	for j := range matPixels {
		for i := range n {
			values = append(values, float64(matPixel(split, digit, i, j/28, j%28)))
		}
	}
	return &testVar{
		name:  [2]string{"train", "test"}[split] + fmt.Sprint(digit),
		class: class,
		dims:  []int32{int32(n), matPixels},
		typ:   typ,
		data:  encodeValues(order, typ, values),
	}
}

// matFile describes a whole test file.
type matFile struct {
	order    binary.ByteOrder
	class    uint32 // of the twenty variables; 0 means mat.MxUINT8
	typ      uint32 // of their data; 0 means mat.MiUINT8
	compress func(k int) bool
	reverse  bool           // write them from test9 back to train0
	extra    bool           // add variables that are not MNIST
	edit     func(*testVar) // change the variables before writing
}

// bytes returns the file.
func (f matFile) bytes() []byte {
	order := f.order
	if order == nil {
		order = binary.LittleEndian
	}
	class, typ := f.class, f.typ
	if class == 0 {
		class = mat.MxUINT8
	}
	if typ == 0 {
		typ = mat.MiUINT8
	}
	var vars []*testVar
	if f.extra {
		vars = append(vars,
			&testVar{name: "x", class: mat.MxDOUBLE, dims: []int32{1, 2}, typ: mat.MiDOUBLE,
				data: encodeValues(order, mat.MiDOUBLE, []float64{1.5, -2}), smallName: true},
			&testVar{name: "label", class: mat.MxCHAR, dims: []int32{1, 3}, typ: mat.MiUTF8, data: []byte("abc"), compress: true},
			&testVar{name: "train", class: mat.MxCELL, dims: []int32{0, 0}, typ: mat.MiUINT8},
		)
	}
	for k := range 2 * NumClasses {
		v := digitVar(order, k/NumClasses, k%NumClasses, class, typ)
		v.compress = f.compress != nil && f.compress(k)
		vars = append(vars, v)
	}
	if f.extra {
		vars = append(vars, &testVar{name: "train10", class: mat.MxUINT8, dims: []int32{1, 1}, typ: mat.MiUINT8, data: []byte{7}})
	}
	if f.reverse {
		for i, j := 0, len(vars)-1; i < j; i, j = i+1, j-1 {
			vars[i], vars[j] = vars[j], vars[i]
		}
	}
	b := matHeader(order)
	for _, v := range vars {
		if f.edit != nil {
			f.edit(v)
		}
		if v.name == "" {
			continue // the edit removed it
		}
		b = append(b, v.element(order)...)
	}
	return b
}

// checkMat checks that d holds what matFile writes.
func checkMat(t *testing.T, d *Data) {
	t.Helper()
	if d.Synthetic || d.Banner != "" {
		t.Errorf("Synthetic = %v, Banner = %q; want false and empty", d.Synthetic, d.Banner)
	}
	for split, s := range []*Set{d.Train, d.Test} {
		total := 0
		for digit := range NumClasses {
			total += matCount(split, digit)
		}
		if s.Rows != 28 || s.Cols != 28 || s.Len() != total || len(s.Pixels) != total*784 {
			t.Fatalf("split %d: %dx%d images, %d labels, %d pixels; want 28x28, %d, %d",
				split, s.Rows, s.Cols, s.Len(), len(s.Pixels), total, total*784)
		}
		i := 0
		for digit := range NumClasses {
			for img := range matCount(split, digit) {
				if s.Label(i) != digit {
					t.Fatalf("split %d: label %d = %d, want %d", split, i, s.Label(i), digit)
				}
				im := s.Image(i)
				for r := range 28 {
					for c := range 28 {
						if got, want := im[r*28+c], matPixel(split, digit, img, r, c); got != want {
							t.Fatalf("split %d, image %d (digit %d, #%d): pixel (%d, %d) = %d, want %d",
								split, i, digit, img, r, c, got, want)
						}
					}
				}
				i++
			}
		}
	}
}

// unsized hides the Size method of a reader, as a pipe or a network
// connection would.
type unsized struct{ io.Reader }

func TestFCN_MatRoundTrip(t *testing.T) {
	orders := []binary.ByteOrder{binary.LittleEndian, binary.BigEndian}
	compress := map[string]func(int) bool{
		"plain":      nil,
		"compressed": func(int) bool { return true },
		"mixed":      func(k int) bool { return k%3 == 1 },
	}
	types := []struct{ class, typ uint32 }{
		{mat.MxUINT8, mat.MiUINT8},
		{mat.MxDOUBLE, mat.MiDOUBLE},
		{mat.MxDOUBLE, mat.MiUINT8}, // how MATLAB saves a double matrix of bytes
		{mat.MxDOUBLE, mat.MiINT16},
		{mat.MxUINT8, mat.MiSINGLE},
	}
	for _, order := range orders {
		for cname, comp := range compress {
			for _, ty := range types {
				f := matFile{order: order, class: ty.class, typ: ty.typ, compress: comp}
				name := fmt.Sprintf("%v/%s/class%d-as-type%d", order, cname, ty.class, ty.typ)
				t.Run(name, func(t *testing.T) {
					b := f.bytes()
					d, err := readMat(bytes.NewReader(b), "mnist_all.mat")
					if err != nil {
						t.Fatal(err)
					}
					checkMat(t, d)
					if d.Source != "mnist_all.mat" {
						t.Errorf("Source = %q", d.Source)
					}
					// The same from a reader that cannot tell its size
					// and returns one byte at a time.
					d, err = readMat(unsized{iotest.OneByteReader(bytes.NewReader(b))}, "mnist_all.mat")
					if err != nil {
						t.Fatal("unsized reader:", err)
					}
					checkMat(t, d)
				})
			}
		}
	}
}

func TestFCN_MatOrderAndOtherVariables(t *testing.T) {
	// Variables in reverse order, and variables that are not MNIST
	// (a scalar with a small-form name, a char array, a cell, train10):
	// the sets still come out train0 first, and the others are skipped.
	for _, comp := range []func(int) bool{nil, func(k int) bool { return k%2 == 0 }} {
		f := matFile{reverse: true, extra: true, compress: comp}
		d, err := readMat(bytes.NewReader(f.bytes()), "x.mat")
		if err != nil {
			t.Fatal(err)
		}
		checkMat(t, d)
	}
}

func TestFCN_MatSmallNames(t *testing.T) {
	// The names of the twenty are too long for the small form, which
	// holds at most 4 bytes. A writer uses it for shorter names, such as
	// that of a variable "test" which must be read and skipped.
	f := matFile{extra: true, edit: func(v *testVar) {
		if v.name == "x" {
			v.name, v.smallName = "test", true
		}
	}}
	d, err := readMat(bytes.NewReader(f.bytes()), "x.mat")
	if err != nil {
		t.Fatal(err)
	}
	checkMat(t, d)
}

func TestFCN_MatReadMatFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mnist_all.mat")
	if err := os.WriteFile(path, matFile{compress: func(k int) bool { return k > 5 }}.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := ReadMat(path)
	if err != nil {
		t.Fatal(err)
	}
	checkMat(t, d)
	if d.Source != path {
		t.Errorf("Source = %q, want %q", d.Source, path)
	}

	_, err = ReadMat(filepath.Join(t.TempDir(), "nothing.mat"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadMat of a missing file: %v, want an error matching os.ErrNotExist", err)
	}
}

// matCase is a damaged or unexpected file and what the error must say.
type matCase struct {
	name string
	file []byte
	want []string // substrings of the error message
}

func matErrorCases() []matCase {
	valid := matFile{}.bytes()
	le := binary.LittleEndian
	withVersion := func(v uint16) []byte {
		b := matFile{}.bytes()
		le.PutUint16(b[124:], v)
		return b
	}
	edit := func(f matFile, fn func(*testVar)) []byte {
		f.edit = fn
		return f.bytes()
	}
	only := func(name string, fn func(*testVar)) func(*testVar) {
		return func(v *testVar) {
			if v.name == name {
				fn(v)
			}
		}
	}
	compressed := func(int) bool { return true }

	// A compressed element whose byte count is 10 short of its stream.
	cutStream := func() []byte {
		b := matHeader(le)
		elem := digitVar(le, 0, 0, mat.MxUINT8, mat.MiUINT8).element(le)
		c := matCompress(le, elem)
		le.PutUint32(c[4:], uint32(len(c)-8-10))
		return append(b, c[:len(c)-10]...)
	}
	// A compressed element with a damaged Adler-32 checksum.
	badSum := func() []byte {
		b := matFile{compress: compressed}.bytes()
		first := mat.HeaderLen + 8 + int(le.Uint32(b[mat.HeaderLen+4:])) // end of train0's stream
		b[first-1] ^= 0xff
		return b
	}
	// Bytes after the zlib stream, counted in the element.
	trailing := func() []byte {
		b := matHeader(le)
		c := matCompress(le, digitVar(le, 0, 0, mat.MxUINT8, mat.MiUINT8).element(le))
		le.PutUint32(c[4:], uint32(len(c)-8+3))
		return append(append(b, c...), 1, 2, 3)
	}
	// A variable whose first element is not the array flags.
	noFlags := func() []byte {
		b := matHeader(le)
		elem := digitVar(le, 0, 0, mat.MxUINT8, mat.MiUINT8).element(le)
		le.PutUint32(elem[8:], mat.MiINT32)
		return append(b, elem...)
	}
	// A variable claiming 9,000,000 images in a small file.
	huge := func(compress bool) []byte {
		return edit(matFile{}, only("train1", func(v *testVar) {
			v.dims[0] = 9_000_000
			v.data = make([]byte, 0) // the data element keeps a small size
			v.compress = compress
		}))
	}
	// ...and one whose data element claims that much (as much as a tag
	// can say), uncompressed.
	hugeData := func() []byte {
		b := matHeader(le)
		v := &testVar{name: "train0", class: mat.MxUINT8, dims: []int32{5_000_000, matPixels}, typ: mat.MiUINT8}
		elem := v.element(le)
		le.PutUint32(elem[len(elem)-4:], 5_000_000*matPixels) // the data tag's count
		le.PutUint32(elem[4:], 0xfffffff0)                    // and the matrix's
		return append(b, elem...)
	}
	// A compressed variable announcing far more than its stream can hold.
	hugeInner := func() []byte {
		b := matHeader(le)
		elem := digitVar(le, 0, 0, mat.MxUINT8, mat.MiUINT8).element(le)
		le.PutUint32(elem[4:], 0xfffffff0)
		return append(b, matCompress(le, elem)...)
	}

	return []matCase{
		{"empty", nil, []string{"empty"}},
		{"truncated header", valid[:100], []string{"truncated", "100 bytes", "header"}},
		{"not a MAT-file", append([]byte("hello, world"), make([]byte, 200)...), []string{"not a MATLAB 5 MAT-file", "endian"}},
		{"gzip", append([]byte{0x1f, 0x8b, 8, 0}, make([]byte, 200)...), []string{"gzip", "gunzip"}},
		{"version 7.3", withVersion(0x0200), []string{"7.3", "HDF5", "-v7"}},
		{"bad version", withVersion(0x0300), []string{"version 0x0300"}},
		{"big-endian version in a little-endian file", withVersion(0x0001), []string{"version 0x0001"}},
		{"missing variable", edit(matFile{}, only("test7", func(v *testVar) { v.name = "" })),
			[]string{"variable test7 is missing"}},
		{"missing variables", edit(matFile{extra: true}, func(v *testVar) {
			if strings.HasPrefix(v.name, "train") && v.name != "train" && v.name != "train10" {
				v.name = strings.ToUpper(v.name)
			}
		}), []string{"variables train0, train1, train2, train3, train4, train5, train6, train7, train8, train9 are missing", `"TRAIN3"`}},
		{"wrong columns", edit(matFile{}, only("train3", func(v *testVar) { v.dims[1] = 783 })),
			[]string{"variable train3 has 783 columns, want 784 (one 28x28 image per row)"}},
		{"transposed", edit(matFile{compress: compressed}, only("test2", func(v *testVar) { v.dims[0], v.dims[1] = 784, v.dims[0] })),
			[]string{"variable test2", "transposed"}},
		{"three dimensions", edit(matFile{}, only("train0", func(v *testVar) { v.dims = append(v.dims, 1) })),
			[]string{"variable train0 has 3 dimensions"}},
		{"no images", edit(matFile{}, only("train0", func(v *testVar) { v.dims[0], v.data = 0, nil })),
			[]string{"variable train0 holds no images"}},
		{"short data", edit(matFile{}, only("train5", func(v *testVar) { v.data = v.data[:len(v.data)-1] })),
			[]string{"the data of variable train5 are", "want"}},
		{"duplicate", edit(matFile{}, only("test1", func(v *testVar) { v.name = "test0" })),
			[]string{"variable test0 appears twice"}},
		{"cell", edit(matFile{}, only("train4", func(v *testVar) { v.class = mat.MxCELL })),
			[]string{"variable train4 is a cell array"}},
		{"char", edit(matFile{compress: compressed}, only("test9", func(v *testVar) { v.class = mat.MxCHAR })),
			[]string{"variable test9 is text"}},
		{"int16 class", edit(matFile{}, only("test9", func(v *testVar) { v.class = 10 })),
			[]string{"variable test9 is a matrix of class int16"}},
		{"complex", edit(matFile{}, only("train0", func(v *testVar) { v.flags = mat.FlagComplex })),
			[]string{"variable train0 holds complex numbers"}},
		{"logical", edit(matFile{}, only("train0", func(v *testVar) { v.flags = mat.FlagLogical })),
			[]string{"variable train0 holds logical"}},
		{"data of type matrix", edit(matFile{}, only("train0", func(v *testVar) { v.typ = mat.MiMATRIX })),
			[]string{"not a number type"}},
		{"fraction", edit(matFile{class: mat.MxDOUBLE, typ: mat.MiDOUBLE}, only("train6", func(v *testVar) {
			le.PutUint64(v.data[8*5:], math.Float64bits(3.5)) // image 5 of 6... of train6's 2 images: image 1, column 2
		})), []string{"variable train6: the value 3.5 of image 1 at pixel (0, 2)"}},
		{"256", edit(matFile{class: mat.MxDOUBLE, typ: mat.MiINT16}, only("test0", func(v *testVar) {
			le.PutUint16(v.data, 256)
		})), []string{"variable test0: the value 256 of image 0 at pixel (0, 0)"}},
		{"negative", edit(matFile{class: mat.MxDOUBLE, typ: mat.MiINT16}, only("test0", func(v *testVar) { le.PutUint16(v.data, 0xffff) })),
			[]string{"the value -1 of image 0"}},
		{"NaN", edit(matFile{class: mat.MxDOUBLE, typ: mat.MiDOUBLE}, only("test0", func(v *testVar) {
			le.PutUint64(v.data, math.Float64bits(math.NaN()))
		})), []string{"the value NaN"}},
		{"no array flags", noFlags(), []string{"does not start with its array flags"}},
		{"opaque object", edit(matFile{}, only("train0", func(v *testVar) { v.class = 17 })),
			[]string{"variable train0 is missing"}},
		{"truncated variable", valid[:len(valid)-100], []string{"truncated"}},
		{"truncated tag", valid[:mat.HeaderLen+5], []string{"truncated", "inside the tag"}},
		{"truncated compressed file", func() []byte {
			b := matFile{compress: compressed}.bytes()
			return b[:len(b)-20]
		}(), []string{"truncated"}},
		{"truncated compressed stream", cutStream(), []string{"truncated", "ends before its zlib stream does"}},
		{"bad checksum", badSum(), []string{"checksum", "corrupt"}},
		{"bytes after the stream", trailing(), []string{"3 bytes after the end of its zlib stream"}},
		{"not zlib", func() []byte {
			b := matFile{compress: compressed}.bytes()
			b[mat.HeaderLen+8] = 0x55
			return b
		}(), []string{"zlib header"}},
		{"huge dimension", huge(false), []string{"variable train1 claims 9000000 images, more than the limit of 100000 per split"}},
		{"huge dimension, compressed", huge(true), []string{"variable train1 claims 9000000 images, more than the limit of 100000 per split"}},
		{"over the limit", edit(matFile{}, only("train2", func(v *testVar) { v.dims[0] = MaxItems + 1 })),
			[]string{"variable train2 claims 100001 images, more than the limit"}},
		{"negative dimension", edit(matFile{}, only("train2", func(v *testVar) { v.dims[0] = -5 })),
			[]string{"negative dimension"}},
		{"huge data element", hugeData(), []string{"announces 4294967280 bytes but the file has only"}},
		{"huge compressed variable", hugeInner(), []string{"announces a variable of 4294967280 bytes, more than its"}},
	}
}

func TestFCN_MatErrors(t *testing.T) {
	for _, tc := range matErrorCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []struct {
				name string
				r    io.Reader
			}{
				{"sized", bytes.NewReader(tc.file)},
				{"unsized", unsized{bytes.NewReader(tc.file)}},
			} {
				d, err := readMat(r.r, "mnist_all.mat")
				if err == nil {
					t.Fatalf("%s: no error, got %d+%d images", r.name, d.Train.Len(), d.Test.Len())
				}
				var fe *FormatError
				if !errors.As(err, &fe) || fe.File != "mnist_all.mat" {
					t.Errorf("%s: error %T %v, want a *FormatError for mnist_all.mat", r.name, err, err)
				}
				msg := err.Error()
				if !strings.HasPrefix(msg, "mnist: mnist_all.mat: ") {
					t.Errorf("%s: error %q does not start with the file name", r.name, msg)
				}
				for _, w := range tc.want {
					if r.name == "unsized" && strings.Contains(w, "but the file has only") {
						w = "more than the limit" // the size cannot be known in advance, the header's claim is too large
					}
					if !strings.Contains(msg, w) {
						t.Errorf("%s: error %q does not say %q", r.name, msg, w)
					}
				}
			}
		})
	}
}

// TestFCN_MatHugeNoAlloc checks that false sizes in a small file do not
// make readMat allocate what they announce.
func TestFCN_MatHugeNoAlloc(t *testing.T) {
	for _, tc := range matErrorCases() {
		if !strings.HasPrefix(tc.name, "huge") {
			continue
		}
		for _, r := range []io.Reader{bytes.NewReader(tc.file), unsized{bytes.NewReader(tc.file)}} {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := readMat(r, "mnist_all.mat")
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatalf("%s: no error", tc.name)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
				t.Errorf("%s: allocated %d MB for a %d-byte file", tc.name, got>>20, len(tc.file))
			}
		}
	}
}

// TestFCN_MatScipy writes files with scipy.io.savemat, the writer behind
// note 001's loadmat, and reads them back. It is skipped where Python with
// SciPy is not installed (Debian: apt-get install python3-scipy).
func TestFCN_MatScipy(t *testing.T) {
	// The python3 first on the PATH (say, of pyenv) may lack SciPy while
	// the system's has it.
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import scipy.io, numpy").Run() == nil {
			python = path
			break
		}
	}
	if python == "" {
		t.Skip("no python3 with SciPy and NumPy is installed")
	}
	const script = `
import sys
import numpy as np
import scipy.io as sio

def count(split, digit):
    return 2 + digit % 3 if split == 0 else 1 + digit % 2

out, compress, dtype = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
r, c = np.divmod(np.arange(784), 28)
data = {"x": np.array([[1.5, 2.0]]), "name": "not mnist"}
for split, prefix in enumerate(["train", "test"]):
    for digit in range(10):
        img = np.arange(count(split, digit))[:, None]
        pix = (3 * r + 5 * c + 17 * digit + 29 * img + 101 * split) % 256
        data[prefix + str(digit)] = pix.astype(dtype)
sio.savemat(out, data, do_compression=compress)
`
	dir := t.TempDir()
	for _, compress := range []string{"0", "1"} {
		for _, dtype := range []string{"uint8", "float64"} {
			path := filepath.Join(dir, fmt.Sprintf("mnist_%s_%s.mat", compress, dtype))
			if out, err := exec.Command(python, "-c", script, path, compress, dtype).CombinedOutput(); err != nil {
				t.Fatalf("python: %v\n%s", err, out)
			}
			d, err := ReadMat(path)
			if err != nil {
				t.Fatalf("compression %s, %s: %v", compress, dtype, err)
			}
			checkMat(t, d)
		}
	}
}

func FuzzFCN_ReadMat(f *testing.F) {
	// Seeds: small valid files (one image per digit keeps them short) in
	// both byte orders, compressed and not, and cut short at a few places.
	small := func(mf matFile) []byte {
		mf.edit = func(v *testVar) {
			if len(v.dims) == 2 && v.dims[1] == matPixels {
				size := int(mat.TypeSize(v.typ)) * matPixels
				v.dims[0], v.data = 1, v.data[:size]
			}
		}
		return mf.bytes()
	}
	seeds := [][]byte{
		small(matFile{}),
		small(matFile{order: binary.BigEndian, compress: func(int) bool { return true }, extra: true}),
		small(matFile{compress: func(k int) bool { return k%2 == 0 }, class: mat.MxDOUBLE, typ: mat.MiUINT8}),
	}
	for _, s := range seeds {
		f.Add(s)
		for _, cut := range []int{0, 8, 127, 128, 140, len(s) / 2, len(s) - 1} {
			f.Add(s[:cut])
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := readMat(bytes.NewReader(b), "fuzz.mat")
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not a *FormatError", err, err)
			}
			return
		}
		for _, s := range []*Set{d.Train, d.Test} {
			if s.Rows != 28 || s.Cols != 28 || len(s.Pixels) != s.Len()*784 {
				t.Fatalf("bad set: %dx%d, %d labels, %d pixels", s.Rows, s.Cols, s.Len(), len(s.Pixels))
			}
			if i, l := badLabel(s.Labels); i >= 0 {
				t.Fatalf("label %d at %d", l, i)
			}
		}
	})
}
