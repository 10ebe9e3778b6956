package mat

import (
	"bufio"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
)

// The file is in MATLAB's version 5 format (also written by MATLAB 7 and by
// scipy.io.savemat), which is laid out like this:
//
//	offset  size  content
//	0       116   descriptive text, "MATLAB 5.0 MAT-file, ..."
//	116     8     offset of "subsystem" data (unused here)
//	124     2     version, 0x0100
//	126     2     endian indicator: "IM" for a little-endian file, "MI" for
//	              big-endian (the two letters 'M','I' written as one
//	              16-bit number in the writer's byte order)
//	128     ...   data elements, one per variable
//
// Every data element starts with an 8-byte tag, two 32-bit numbers: a data
// type and the number of bytes that follow. The bytes are then padded with
// zeros to a multiple of 8. An element of at most 4 bytes may instead use
// the "small" form: a single 32-bit word whose high 16 bits hold the byte
// count and whose low 16 bits hold the type, followed by the 4 bytes of
// data, 8 bytes in all. (A normal tag always has a type below 65536, so
// its high 16 bits are zero; that is how the two forms are told apart.)
//
// A variable is an MiMATRIX element, whose content is itself a list of
// elements:
//
//	array flags   MiUINT32, 8 bytes: the class (uint8, double, cell, ...)
//	              in the low byte, and bits for complex, global, logical
//	dimensions    MiINT32, one number per dimension, at least two
//	name          MiINT8, the variable's name in ASCII
//	real part     the values, column by column (MATLAB stores matrices
//	              column-major), in any numeric type: MATLAB saves space
//	              by storing, for example, a double matrix of small
//	              integers as MiUINT8
//	imaginary     present only for complex arrays
//
// MATLAB 7 compresses each variable by default: the file then holds an
// MiCOMPRESSED element whose content is a zlib stream, which decompresses
// to one complete MiMATRIX element (tag included).

// Data types of MAT-file elements.
const (
	MiINT8       = 1
	MiUINT8      = 2
	MiINT16      = 3
	MiUINT16     = 4
	MiINT32      = 5
	MiUINT32     = 6
	MiSINGLE     = 7
	MiDOUBLE     = 9
	MiINT64      = 12
	MiUINT64     = 13
	MiMATRIX     = 14
	MiCOMPRESSED = 15
	MiUTF8       = 16
)

// Array classes, from the low byte of the array flags.
const (
	MxCELL   = 1
	mxSTRUCT = 2
	mxOBJECT = 3
	MxCHAR   = 4
	mxSPARSE = 5
	MxDOUBLE = 6
	MxUINT8  = 9
	mxUINT64 = 15 // the last class with the usual layout
)

// Bits of the array flags word besides the class.
const (
	FlagComplex = 0x0800
	FlagLogical = 0x0200
)

// The file header: HeaderLen bytes of text, subsystem offset, the format
// Version and the byte-order mark.
const (
	HeaderLen = 128
	Version   = 0x0100
)

const (
	matMaxDims = 32 // dimensions read before giving up on a variable
	matMaxName = 63 // MATLAB's longest variable name (namelengthmax)
)

// Header describes a variable before its data is read.
type Header struct {
	Name    string
	Class   uint32  // the array class, e.g. MxUint8 or MxDouble
	Complex bool    // it has an imaginary part
	Logical bool    // it holds true/false values
	Dims    []int64 // at least two
}

// ClassName describes the variable's class in words, e.g. "a cell array".
func (h Header) ClassName() string { return className(h.Class) }

// Var is a variable read from the file: its header and its values, column
// after column as MATLAB stores them, in their stored type.
type Var struct {
	Header
	typ   uint32
	order binary.ByteOrder
	data  []byte
	n     int
}

// Len returns the number of values (the product of Dims).
func (v *Var) Len() int { return v.n }

// Bytes returns the values as bytes if they are stored as uint8 (the data
// is shared, not copied), and nil otherwise.
func (v *Var) Bytes() []byte {
	if v.typ == MiUINT8 {
		return v.data
	}
	return nil
}

// Value returns the k-th value, 0 <= k < Len(), converted to float64.
func (v *Var) Value(k int) float64 { return getter(v.order, v.typ, v.data)(k) }

// TypeName names the type the values are stored as, e.g. "uint8".
func (v *Var) TypeName() string { return matTypeName(v.typ) }

// Classes of MATLAB arrays that a reader may want to check for.
const (
	MxDouble = MxDOUBLE
	MxUint8  = MxUINT8
)

// Options say which variables Read keeps and how large they may be.
type Options struct {
	// Want is called with the header of every numeric variable, before
	// its data is read. It returns whether to keep the variable, or an
	// error (a description of the problem) that stops Read.
	Want func(Header) (bool, error)
	// MaxBytes bounds the data of all kept variables together, as stored
	// in the file (their declared sizes); a file that declares more is
	// rejected before its data is read.
	MaxBytes int64
}

// Read reads a MATLAB 5 MAT-file (also written by MATLAB 7 and by
// scipy.io.savemat) from r and returns the variables opt.Want keeps, in the
// file's order. name is used in error messages.
//
// Both byte orders are read, and both compressed (MATLAB 7's default) and
// uncompressed variables. MATLAB 7.3 files, which are HDF5 files, are not:
// the error says how to save the data in the version 7 format instead.
//
// Read checks what it reads and never panics on bad input. A damaged,
// truncated or unexpected file gives a *FormatError naming the file and the
// problem. Sizes announced in the file are checked before memory is
// allocated for them: a variable's data must have exactly the size of its
// dimensions, within the file's size when r can tell it and within
// opt.MaxBytes, and compressed data is held in a buffer that grows only as
// inflated bytes arrive.
func Read(r io.Reader, name string, opt Options) ([]*Var, error) {
	size, ok := inputSize(r)
	if !ok {
		size = -1
	}
	m := &matReader{name: name, br: bufio.NewReaderSize(r, 64<<10), size: size, opt: opt, budget: opt.MaxBytes}
	if err := m.readHeader(); err != nil {
		return nil, err
	}
	if err := m.readElements(); err != nil {
		return nil, err
	}
	return m.vars, nil
}

// matReader holds the state of one Read call.
type matReader struct {
	name   string // for error messages
	br     *bufio.Reader
	size   int64 // of the whole input, or -1 if unknown
	order  binary.ByteOrder
	off    int64 // offset in the file of the next top-level element
	opt    Options
	budget int64 // bytes left of opt.MaxBytes

	zbuf *bufio.Reader // reused for compressed elements
	zr   io.ReadCloser // reused zlib reader

	vars []*Var
}

// FormatError reports a file that is not a well-formed MAT-file, or holds
// a variable that Options.Want refused.
type FormatError struct {
	File    string
	Problem string
}

func (e *FormatError) Error() string { return fmt.Sprintf("mat: %s: %s", e.File, e.Problem) }

// fail returns a *FormatError for the file.
func (m *matReader) fail(format string, args ...any) error {
	return &FormatError{File: m.name, Problem: fmt.Sprintf(format, args...)}
}

// readHeader reads the 128-byte header and sets the byte order.
func (m *matReader) readHeader() error {
	var h [HeaderLen]byte
	n, err := io.ReadFull(m.br, h[:])
	switch {
	case n == 0 && err == io.EOF:
		return m.fail("the file is empty")
	case n >= 2 && h[0] == 0x1f && h[1] == 0x8b:
		return m.fail("this is a gzip file, not a MAT-file: decompress it first (gunzip)")
	case err == io.ErrUnexpectedEOF:
		return m.fail("truncated: the file is %d bytes long, shorter than the %d-byte header of a MAT-file", n, HeaderLen)
	case err != nil:
		return fmt.Errorf("mat: %s: reading: %w", m.name, err)
	}
	switch string(h[126:128]) {
	case "IM":
		m.order = binary.LittleEndian
	case "MI":
		m.order = binary.BigEndian
	default:
		return m.fail("not a MATLAB 5 MAT-file: bytes 126-127 are %q, not the endian indicator \"IM\" or \"MI\" (is it a MATLAB 4 file, or no MAT-file at all?)", h[126:128])
	}
	switch v := m.order.Uint16(h[124:]); v {
	case Version:
	case 0x0200:
		return m.fail("this is a MATLAB 7.3 MAT-file (an HDF5 file), which this reader does not read: " +
			"save the variables again in the version 7 format, in MATLAB with save(file, '-v7') or in Python with scipy.io.savemat")
	default:
		return m.fail("unknown MAT-file version 0x%04x in the header; MATLAB 5 to 7 files have version 0x0100", v)
	}
	m.off = HeaderLen
	return nil
}

// readElements reads the top-level data elements up to the end of the
// file, keeping the twenty variables of MNIST.
func (m *matReader) readElements() error {
	for {
		var tag [8]byte
		n, err := io.ReadFull(m.br, tag[:])
		switch {
		case n == 0 && err == io.EOF:
			return nil
		case err == io.ErrUnexpectedEOF:
			return m.fail("truncated: the file ends inside the tag of the element at byte %d", m.off)
		case err != nil:
			return fmt.Errorf("mat: %s: reading: %w", m.name, err)
		}
		typ, size, small := m.parseTag(tag[:])
		if small {
			// Not valid at the top level, but harmless: skip it.
			m.off += 8
			continue
		}
		if m.size >= 0 && size > m.size-m.off-8 {
			return m.fail("truncated: the element at byte %d announces %d bytes but the file has only %d after its tag",
				m.off, size, max(m.size-m.off-8, 0))
		}
		body := &io.LimitedReader{R: m.br, N: size}
		switch typ {
		case MiMATRIX:
			_, _, err = m.readMatrix(body, fmt.Sprintf("the variable at byte %d", m.off), false)
		case MiCOMPRESSED:
			err = m.readCompressed(body, size)
		}
		if err != nil {
			return err
		}
		// Skip what was not read: all of an element of another type, the
		// rest of a variable not wanted.
		if _, err := io.Copy(io.Discard, body); err != nil {
			return fmt.Errorf("mat: %s: reading: %w", m.name, err)
		}
		if body.N > 0 {
			return m.fail("truncated: the file ends inside the element at byte %d, %d of its %d bytes are missing", m.off, body.N, size)
		}
		m.off += 8 + size
		if typ != MiCOMPRESSED && size%8 != 0 {
			// Padding to a multiple of 8; the last element may lack it.
			pad, err := m.br.Discard(int(8 - size%8))
			if err != nil && err != io.EOF {
				return fmt.Errorf("mat: %s: reading: %w", m.name, err)
			}
			m.off += int64(pad)
		}
	}
}

// parseTag decodes the 8 bytes of a tag: the type, the byte count, and
// whether it is the small form, whose data are then tag[4:4+size].
func (m *matReader) parseTag(tag []byte) (typ uint32, size int64, small bool) {
	w := m.order.Uint32(tag)
	if w>>16 != 0 {
		return w & 0xffff, int64(w >> 16), true
	}
	return w, int64(m.order.Uint32(tag[4:])), false
}

// readCompressed reads an MiCOMPRESSED element of size bytes from body: a
// zlib stream holding one MiMATRIX element. A variable that is kept is
// decompressed completely, and the stream must then end exactly with the
// element, and the element exactly with the stream. For any other
// variable reading stops after its name; the caller skips the rest of the
// compressed bytes without decompressing them.
func (m *matReader) readCompressed(body *io.LimitedReader, size int64) error {
	where := fmt.Sprintf("the compressed element at byte %d", m.off)
	// The zlib reader is given a bufio.Reader, which it uses directly
	// instead of adding a buffer of its own. So what is left in zbuf and
	// body after the end of the stream is exactly what the stream did
	// not use.
	if m.zbuf == nil {
		m.zbuf = bufio.NewReaderSize(body, 32<<10)
	} else {
		m.zbuf.Reset(body)
	}
	defer m.zbuf.Reset(nil)
	var err error
	if m.zr == nil {
		m.zr, err = zlib.NewReader(m.zbuf)
	} else {
		err = m.zr.(zlib.Resetter).Reset(m.zbuf, nil)
	}
	if err != nil {
		return m.zlibErr(where, err)
	}

	var tag [8]byte
	if _, err := io.ReadFull(m.zr, tag[:]); err != nil {
		return m.zlibErr(where, err)
	}
	typ, inner, small := m.parseTag(tag[:])
	if typ != MiMATRIX || small {
		return nil // not a variable: skip it
	}
	// DEFLATE cannot expand data more than maxDeflateRatio times, so a
	// larger claim is false, whatever the stream holds.
	if limit := maxDeflateRatio * size; inner > limit {
		return m.fail("%s announces a variable of %d bytes, more than its %d compressed bytes can hold", where, inner, size)
	}
	content := &io.LimitedReader{R: m.zr, N: inner}
	name, kept, err := m.readMatrix(content, where, true)
	if err != nil || !kept {
		return err
	}

	// Reading to the end of the stream also verifies its Adler-32
	// checksum.
	if _, err := io.Copy(io.Discard, content); err != nil {
		return m.zlibErr(where, err)
	}
	var one [1]byte
	switch n, err := io.ReadFull(m.zr, one[:]); {
	case n > 0:
		return m.fail("%s (variable %s) decompresses to more bytes than the variable it holds", where, name)
	case err != io.EOF:
		return m.zlibErr(where, err)
	}
	if left := int64(m.zbuf.Buffered()) + body.N; left > 0 {
		return m.fail("%s (variable %s) has %d bytes after the end of its zlib stream", where, name, left)
	}
	return nil
}

// zlibErr describes an error from reading a compressed element.
func (m *matReader) zlibErr(where string, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return m.fail("truncated: %s ends before its zlib stream does", where)
	case errors.Is(err, zlib.ErrChecksum):
		return m.fail("the checksum of %s does not match its data (the file is corrupt)", where)
	case errors.Is(err, zlib.ErrHeader), errors.Is(err, zlib.ErrDictionary):
		return m.fail("%s does not start with a valid zlib header", where)
	case errors.As(err, &corrupt):
		return m.fail("the zlib data of %s is corrupt (%v)", where, err)
	}
	return fmt.Errorf("mat: %s: reading %s: %w", m.name, where, err)
}

// readErr describes an error from reading inside a variable, compressed
// or not.
func (m *matReader) readErr(where string, compressed bool, err error) error {
	switch {
	case compressed:
		return m.zlibErr(where, err)
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return m.fail("truncated: the file ends inside %s", where)
	}
	return fmt.Errorf("mat: %s: reading %s: %w", m.name, where, err)
}

// matSub is the tag of an element inside a variable.
type matSub struct {
	typ   uint32
	n     int64   // bytes of data
	small bool    // the data are in the tag: data[:n]
	data  [4]byte // for the small form
}

// nextSub reads the tag of the next element inside a variable, r being
// what is left of the variable. what names the element for messages. The
// element's size is checked against what is left, so reading it can only
// fail if the input itself ends.
func (m *matReader) nextSub(r *io.LimitedReader, where, what string, compressed bool) (matSub, error) {
	if r.N < 8 {
		return matSub{}, m.fail("%s ends before its %s", where, what)
	}
	var tag [8]byte
	if _, err := io.ReadFull(r, tag[:]); err != nil {
		return matSub{}, m.readErr(where, compressed, err)
	}
	var s matSub
	s.typ, s.n, s.small = m.parseTag(tag[:])
	switch {
	case s.small && s.n > 4:
		return s, m.fail("the %s of %s is a small element that claims %d bytes; at most 4 fit", what, where, s.n)
	case s.small:
		copy(s.data[:], tag[4:])
	case s.n > r.N:
		return s, m.fail("the %s of %s announces %d bytes, more than the %d left in the variable", what, where, s.n, r.N)
	}
	return s, nil
}

// skipPadding skips the zeros after an element of n bytes that bring it to
// a multiple of 8, as far as the variable goes.
func (m *matReader) skipPadding(r *io.LimitedReader, s matSub, where string, compressed bool) error {
	if s.small || s.n%8 == 0 {
		return nil
	}
	pad := min(8-s.n%8, r.N)
	if _, err := io.CopyN(io.Discard, r, pad); err != nil {
		return m.readErr(where, compressed, err)
	}
	return nil
}

// readSmall reads the data of an element known to hold at most a few
// dozen bytes, and its padding.
func (m *matReader) readSmall(r *io.LimitedReader, s matSub, where string, compressed bool) ([]byte, error) {
	if s.small {
		return s.data[:s.n], nil
	}
	buf := make([]byte, s.n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, m.readErr(where, compressed, err)
	}
	return buf, m.skipPadding(r, s, where, compressed)
}

// readMatrix reads the content of an MiMATRIX element (what follows its
// tag) from r, which is limited to the element's size. where describes
// the element for messages until its name is known. If the variable is one
// of the twenty it is decoded and kept, and readMatrix returns its name and
// kept = true; otherwise it stops after the name and returns it, leaving
// the rest of r unread.
func (m *matReader) readMatrix(r *io.LimitedReader, where string, compressed bool) (name string, kept bool, err error) {
	s, err := m.nextSub(r, where, "array flags", compressed)
	if err != nil {
		return "", false, err
	}
	if s.typ != MiUINT32 || s.n != 8 || s.small {
		return "", false, m.fail("%s does not start with its array flags (an MiUINT32 element of 8 bytes) but with an element of type %d and %d bytes", where, s.typ, s.n)
	}
	var flags [8]byte
	if _, err := io.ReadFull(r, flags[:]); err != nil {
		return "", false, m.readErr(where, compressed, err)
	}
	bits := m.order.Uint32(flags[:])
	class := bits & 0xff
	if class == 0 || class > mxUINT64 {
		// A function handle or an opaque object such as a MATLAB string
		// or table: laid out differently, without a name where other
		// variables have one. It cannot be one of the twenty.
		return "", false, nil
	}

	// The dimensions. Only the first few are kept: a variable with more
	// is not wanted anyway.
	s, err = m.nextSub(r, where, "dimensions", compressed)
	if err != nil {
		return "", false, err
	}
	if s.typ != MiINT32 || s.n%4 != 0 {
		return "", false, m.fail("the dimensions of %s are not a list of int32 numbers (type %d, %d bytes)", where, s.typ, s.n)
	}
	ndims := int(s.n / 4)
	var dims [matMaxDims]int64
	if s.small {
		for i := range ndims {
			dims[i] = int64(int32(m.order.Uint32(s.data[4*i:])))
		}
	} else {
		var raw [4 * matMaxDims]byte
		k := min(s.n, int64(len(raw)))
		if _, err := io.ReadFull(r, raw[:k]); err != nil {
			return "", false, m.readErr(where, compressed, err)
		}
		for i := range int(k / 4) {
			dims[i] = int64(int32(m.order.Uint32(raw[4*i:])))
		}
		if _, err := io.CopyN(io.Discard, r, s.n-k); err != nil {
			return "", false, m.readErr(where, compressed, err)
		}
		if err := m.skipPadding(r, s, where, compressed); err != nil {
			return "", false, err
		}
	}

	s, err = m.nextSub(r, where, "name", compressed)
	if err != nil {
		return "", false, err
	}
	if s.typ != MiINT8 && s.typ != MiUINT8 && s.typ != MiUTF8 {
		return "", false, m.fail("the name of %s is not text (type %d)", where, s.typ)
	}
	if s.n > matMaxName {
		// Too long for MATLAB: no variable anyone wants.
		return "", false, nil
	}
	raw, err := m.readSmall(r, s, where, compressed)
	if err != nil {
		return "", false, err
	}
	name = string(raw)
	h := Header{Name: name, Class: class, Complex: bits&FlagComplex != 0, Logical: bits&FlagLogical != 0,
		Dims: append([]int64(nil), dims[:min(ndims, matMaxDims)]...)}
	if ndims > matMaxDims {
		return name, false, nil // not a variable anyone wants
	}
	want := m.opt.Want == nil
	if !want {
		if want, err = m.opt.Want(h); err != nil {
			return name, false, m.fail("%v", err)
		}
	}
	if !want {
		return name, false, nil
	}
	where = "variable " + name
	count := int64(1)
	for _, d := range h.Dims {
		if d < 0 {
			return name, false, m.fail("variable %s has a negative dimension %v", name, h.Dims)
		}
		if d > 0 && count > math.MaxInt64/8/d {
			return name, false, m.fail("variable %s has dimensions %v, too many values to count", name, h.Dims)
		}
		count *= d
	}

	s, err = m.nextSub(r, where, "data", compressed)
	if err != nil {
		return name, false, err
	}
	size := TypeSize(s.typ)
	if size == 0 {
		return name, false, m.fail("the data of variable %s are stored as type %d, which is not a number type", name, s.typ)
	}
	if wantBytes := count * size; s.n != wantBytes {
		return name, false, m.fail("the data of variable %s are %d bytes, want %d for %v values as %s",
			name, s.n, wantBytes, formatDims(h.Dims), matTypeName(s.typ))
	}
	if s.n > m.budget {
		return name, false, m.fail("variable %s is %d bytes, more than the limit of %d bytes left for the data", name, s.n, m.budget)
	}
	if s.n > math.MaxInt {
		return name, false, m.fail("variable %s is %d bytes, too large for memory on this machine", name, s.n)
	}
	m.budget -= s.n
	var data []byte
	if !compressed && m.size >= 0 {
		// The size was checked against that of the file: it is safe to
		// allocate it at once.
		data = make([]byte, s.n)
		_, err = io.ReadFull(r, data)
	} else {
		// Compressed data or an input of unknown size: the buffer grows
		// only as the data arrive.
		data, err = readGrowing(r, int(s.n))
	}
	if err != nil {
		return name, false, m.readErr(where, compressed, err)
	}
	if err := m.skipPadding(r, s, where, compressed); err != nil {
		return name, false, err
	}
	m.vars = append(m.vars, &Var{Header: h, typ: s.typ, order: m.order, data: data, n: int(count)})
	return name, true, nil
}

// formatDims writes dimensions as MATLAB does: 6000x784.
func formatDims(dims []int64) string {
	var parts []string
	for _, d := range dims {
		parts = append(parts, fmt.Sprint(d))
	}
	return strings.Join(parts, "x")
}

// getter returns a function giving the k-th number in data, of type typ.
func getter(o binary.ByteOrder, typ uint32, data []byte) func(k int) float64 {
	switch typ {
	case MiINT8:
		return func(k int) float64 { return float64(int8(data[k])) }
	case MiINT16:
		return func(k int) float64 { return float64(int16(o.Uint16(data[2*k:]))) }
	case MiUINT16:
		return func(k int) float64 { return float64(o.Uint16(data[2*k:])) }
	case MiINT32:
		return func(k int) float64 { return float64(int32(o.Uint32(data[4*k:]))) }
	case MiUINT32:
		return func(k int) float64 { return float64(o.Uint32(data[4*k:])) }
	case MiSINGLE:
		return func(k int) float64 { return float64(math.Float32frombits(o.Uint32(data[4*k:]))) }
	case MiDOUBLE:
		return func(k int) float64 { return math.Float64frombits(o.Uint64(data[8*k:])) }
	case MiINT64:
		return func(k int) float64 { return float64(int64(o.Uint64(data[8*k:]))) }
	case MiUINT64:
		return func(k int) float64 { return float64(o.Uint64(data[8*k:])) }
	}
	return func(k int) float64 { return float64(data[k]) } // MiUINT8
}

// TypeSize returns the size of one number of type typ, or 0 if typ is
// not a number type.
func TypeSize(typ uint32) int64 {
	switch typ {
	case MiINT8, MiUINT8:
		return 1
	case MiINT16, MiUINT16:
		return 2
	case MiINT32, MiUINT32, MiSINGLE:
		return 4
	case MiDOUBLE, MiINT64, MiUINT64:
		return 8
	}
	return 0
}

func matTypeName(typ uint32) string {
	names := map[uint32]string{
		MiINT8: "int8", MiUINT8: "uint8", MiINT16: "int16", MiUINT16: "uint16",
		MiINT32: "int32", MiUINT32: "uint32", MiSINGLE: "single", MiDOUBLE: "double",
		MiINT64: "int64", MiUINT64: "uint64",
	}
	if s, ok := names[typ]; ok {
		return s
	}
	return fmt.Sprintf("type %d", typ)
}

// className describes an array class in words.
func className(class uint32) string {
	switch class {
	case MxCELL:
		return "a cell array"
	case mxSTRUCT:
		return "a struct"
	case mxOBJECT:
		return "an object"
	case MxCHAR:
		return "text (a char array)"
	case mxSPARSE:
		return "a sparse matrix"
	}
	names := [...]string{7: "single", 8: "int8", 10: "int16", 11: "uint16", 12: "int32", 13: "uint32", 14: "int64", 15: "uint64"}
	if int(class) < len(names) && names[class] != "" {
		return "a matrix of class " + names[class]
	}
	return fmt.Sprintf("of class %d", class)
}

// maxDeflateRatio bounds how many bytes DEFLATE can expand one compressed
// byte into (its densest code turns 2 bits into 258 bytes).
const maxDeflateRatio = 1032

// inputSize returns the size of r if r can tell it: a Size method as on
// bytes.Reader, or Stat on a regular file.
func inputSize(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Size() int64 }:
		return v.Size(), true
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	}
	return 0, false
}

// readGrowing reads exactly n bytes into a slice of length and capacity n
// without trusting n: it starts with a small buffer and doubles it only as
// data keeps arriving, so memory stays proportional to what r really holds.
// On a short read it returns what it got along with the error.
func readGrowing(r io.Reader, n int) ([]byte, error) {
	const start = 64 << 10
	buf := make([]byte, 0, min(n, start))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			bigger := make([]byte, len(buf), min(n, 2*cap(buf)))
			copy(bigger, buf)
			buf = bigger
		}
		k, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
