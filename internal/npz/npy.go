package npz

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"dlfs/tensor"
)

const (
	// magic opens every .npy file.
	magic = "\x93NUMPY"

	// maxElements is the largest element count accepted from a header, a
	// guard against absurd shapes in damaged or hostile files.
	maxElements = 1 << 31

	// maxHeaderLen bounds the header text. Headers of the types this
	// package reads are a few dozen bytes; NumPy itself refuses more than
	// 10000 by default.
	maxHeaderLen = 1 << 16

	// align is the multiple of bytes at which the writer starts the data.
	align = 64

	// chunkItems is how many elements are converted per read or write.
	chunkItems = 4096

	// growStart caps the initial capacity of the result when the input
	// size is not known for sure; beyond it the slice grows as data
	// actually arrives, so a lying header cannot make us allocate much.
	growStart = 1 << 16
)

// Array is one array read from a .npy file (or a member of a .npz file).
type Array struct {
	// Name is the member name without ".npy" for arrays from ReadNPZ, the
	// file name without extension for ReadNPYFile, and empty for ReadNPY.
	Name string
	// Shape holds the dimensions; it is empty (not nil) for a 0-d array.
	Shape []int
	// Dtype is the descr text from the file, such as "<f8", "<f4", "<i8"
	// or "|u1".
	Dtype string
	// Data holds the product of Shape values, widened to float64, in
	// row-major (C) order even when the file stored them in Fortran order.
	Data []float64
}

// Tensor returns the array as a tensor of the same shape. The tensor shares
// a.Data; a 0-d array gives a 0-d tensor holding one value. It panics if
// Data does not hold the product of Shape values, which never happens for
// an Array read by this package.
func (a *Array) Tensor() *tensor.Tensor {
	return tensor.FromSlice(a.Data, a.Shape...)
}

// ReadNPY reads one .npy array from r, which must hold exactly that array:
// bytes after the data are an error, as are a data section shorter than the
// header's shape. When r tells its size (a *bytes.Reader, *bytes.Buffer,
// *strings.Reader or a seekable file), the header is checked against it
// before any memory is set aside for the data.
func ReadNPY(r io.Reader) (*Array, error) {
	size, err := knownSize(r)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	a, err := readNPY(r, size, size >= 0, nil)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	return a, nil
}

// ReadNPYFile reads the .npy file at path. The array's Name is the file
// name without its extension.
func ReadNPYFile(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	defer f.Close()
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	a, err := readNPY(bufio.NewReader(f), size, size >= 0, nil)
	if err != nil {
		return nil, fmt.Errorf("npy: %s: %w", path, err)
	}
	a.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return a, nil
}

// knownSize returns how many bytes are left in r, or -1 if r cannot tell.
func knownSize(r io.Reader) (int64, error) {
	switch r := r.(type) {
	case *bytes.Reader:
		return int64(r.Len()), nil
	case *bytes.Buffer:
		return int64(r.Len()), nil
	case *strings.Reader:
		return int64(r.Len()), nil
	case io.Seeker:
		cur, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1, nil // not seekable after all, e.g. a pipe
		}
		end, err := r.Seek(0, io.SeekEnd)
		if err != nil {
			return -1, nil
		}
		if _, err := r.Seek(cur, io.SeekStart); err != nil {
			return -1, fmt.Errorf("restoring the read position: %w", err)
		}
		return end - cur, nil
	}
	return -1, nil
}

// readNPY reads one array from r. size is the number of bytes r holds, or
// -1 if unknown. If trusted is set, size is known to be real and the result
// is allocated in one go; otherwise size (if known) is only used to report a
// header that disagrees with it, and the result grows as data arrives.
// check, if not nil, sees the shape and dtype of the header before any data
// is read, and may refuse them. Errors carry no "npy:" prefix; the callers
// add the file and member.
func readNPY(r io.Reader, size int64, trusted bool, check func(shape []int, descr string) error) (*Array, error) {
	var pre [8]byte
	if n, err := io.ReadFull(r, pre[:]); err != nil {
		if err == io.EOF {
			return nil, errors.New("empty input, not a .npy file")
		}
		if err == io.ErrUnexpectedEOF {
			if !strings.HasPrefix(magic, string(pre[:min(n, len(magic))])) {
				return nil, fmt.Errorf("not a .npy file: it starts with %q instead of %q", pre[:n], magic)
			}
			return nil, fmt.Errorf("truncated file: only %d bytes, shorter than the magic string and version", n)
		}
		return nil, fmt.Errorf("reading the magic string: %w", err)
	}
	if string(pre[:6]) != magic {
		return nil, fmt.Errorf("not a .npy file: it starts with %q instead of %q", pre[:6], magic)
	}
	major, minor := pre[6], pre[7]
	lenBytes := 0
	switch {
	case major == 1 && minor == 0:
		lenBytes = 2
	case (major == 2 || major == 3) && minor == 0:
		lenBytes = 4
	default:
		return nil, fmt.Errorf("unsupported .npy format version %d.%d (known: 1.0, 2.0, 3.0)", major, minor)
	}
	var lb [4]byte
	if _, err := io.ReadFull(r, lb[:lenBytes]); err != nil {
		return nil, truncated("header length", err)
	}
	var hlen int64
	if lenBytes == 2 {
		hlen = int64(binary.LittleEndian.Uint16(lb[:2]))
	} else {
		hlen = int64(binary.LittleEndian.Uint32(lb[:4]))
	}
	prefix := int64(len(pre) + lenBytes)
	if hlen > maxHeaderLen {
		return nil, fmt.Errorf("header length %d is implausibly large (limit %d)", hlen, maxHeaderLen)
	}
	if size >= 0 && prefix+hlen > size {
		return nil, fmt.Errorf("truncated header: it claims %d bytes, but only %d follow the header length", hlen, size-prefix)
	}
	hbuf := make([]byte, hlen)
	if _, err := io.ReadFull(r, hbuf); err != nil {
		return nil, truncated("header", err)
	}
	for i, c := range hbuf {
		if c >= 0x80 || c < ' ' && c != '\n' && c != '\t' && c != '\r' {
			return nil, fmt.Errorf("header byte %d is 0x%02x, not printable ASCII", i, c)
		}
	}
	h, err := parseHeader(string(hbuf))
	if err != nil {
		return nil, err
	}
	dt, err := parseDtype(h.descr)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(h.shape, h.descr); err != nil {
			return nil, err
		}
	}
	count := 1
	for _, d := range h.shape {
		// Every d is at most maxElements (checked by the parser), so the
		// product never overflows before the test below catches it.
		count *= d
		if count > maxElements {
			return nil, fmt.Errorf("shape %s has more than %d elements", formatShape(h.shape), maxElements)
		}
	}
	need := int64(count) * int64(dt.size)
	if size >= 0 {
		have := size - prefix - hlen
		if have < need {
			return nil, fmt.Errorf("truncated data: shape %s of %s needs %d bytes, only %d present",
				formatShape(h.shape), h.descr, need, have)
		}
		if have > need {
			return nil, fmt.Errorf("header does not match the data: shape %s of %s needs %d bytes, but %d follow the header",
				formatShape(h.shape), h.descr, need, have)
		}
	}

	capacity := count
	if !trusted {
		capacity = min(count, growStart)
	}
	data := make([]float64, 0, capacity)
	buf := make([]byte, min(count, chunkItems)*dt.size)
	for len(data) < count {
		b := buf[:min(count-len(data), chunkItems)*dt.size]
		n, err := io.ReadFull(r, b)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			got := int64(len(data))*int64(dt.size) + int64(n)
			return nil, fmt.Errorf("truncated data: shape %s of %s needs %d bytes, input ended after %d",
				formatShape(h.shape), h.descr, need, got)
		}
		if err != nil {
			return nil, fmt.Errorf("reading data: %w", err)
		}
		if data, err = dt.decode(data, b, len(data)); err != nil {
			return nil, err
		}
	}
	// Read on to the end: it detects surplus bytes in a stream of unknown
	// size and lets a zip member verify its checksum.
	var one [1]byte
	if n, err := io.ReadFull(r, one[:]); n > 0 {
		return nil, fmt.Errorf("header does not match the data: more bytes follow the %d that shape %s of %s needs",
			need, formatShape(h.shape), h.descr)
	} else if err != io.EOF {
		return nil, fmt.Errorf("reading past the data: %w", err)
	}

	if h.fortran && len(h.shape) > 1 {
		// Column-major data is the row-major layout of the reversed shape;
		// transposing that brings it back to the real shape in C order.
		rev := make([]int, len(h.shape))
		for i, d := range h.shape {
			rev[len(rev)-1-i] = d
		}
		data = tensor.FromSlice(data, rev...).Transpose().Clone().Data()
	}
	return &Array{Shape: h.shape, Dtype: h.descr, Data: data}, nil
}

// truncated describes a read error that ended a part of the file early.
func truncated(part string, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("truncated file: it ends inside the %s", part)
	}
	return fmt.Errorf("reading the %s: %w", part, err)
}

// WriteNPY writes t to w in .npy format: version 1.0 (2.0 only if the header
// would not fit), little-endian float64 ('<f8'), C order, with the header
// padded so the data starts at a multiple of 64 bytes. A non-contiguous
// tensor (such as a transposed view) is written in its logical order.
func WriteNPY(w io.Writer, t *tensor.Tensor) error {
	if t == nil {
		return errors.New("npy: WriteNPY of a nil tensor")
	}
	if err := writeNPY(w, t); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	return nil
}

func writeNPY(w io.Writer, t *tensor.Tensor) error {
	if _, err := w.Write(npyHeader(t.Shape())); err != nil {
		return err
	}
	data := t.Contiguous().Data()
	buf := make([]byte, 8*min(len(data), chunkItems))
	for len(data) > 0 {
		n := min(len(data), chunkItems)
		for i, v := range data[:n] {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
		}
		if _, err := w.Write(buf[:8*n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// npyHeader returns everything before the data: magic, version, header
// length and the padded header dictionary.
func npyHeader(shape []int) []byte {
	dict := formatHeader(shape)
	major, lenBytes := byte(1), 2
	// magic + version + length + dict + '\n', rounded up to align.
	total := func() int {
		n := len(magic) + 2 + lenBytes + len(dict) + 1
		return (n + align - 1) / align * align
	}
	if total()-len(magic)-2-lenBytes > math.MaxUint16 {
		major, lenBytes = 2, 4
	}
	n := total()
	out := make([]byte, 0, n)
	out = append(out, magic...)
	out = append(out, major, 0)
	hlen := n - len(magic) - 2 - lenBytes
	if lenBytes == 2 {
		out = binary.LittleEndian.AppendUint16(out, uint16(hlen))
	} else {
		out = binary.LittleEndian.AppendUint32(out, uint32(hlen))
	}
	out = append(out, dict...)
	for len(out) < n-1 {
		out = append(out, ' ')
	}
	return append(out, '\n')
}
