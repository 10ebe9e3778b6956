package mnist

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
)

// The IDX format (http://yann.lecun.com/exdb/mnist/) is a tiny header
// followed by a flat array:
//
//	offset  size  content
//	0       2     zero
//	2       1     element type: 0x08 = unsigned byte (the only type MNIST uses)
//	3       1     number of dimensions d: 1 for labels, 3 for images
//	4       4·d   the dimensions, big-endian uint32: [count] or [count rows cols]
//	4+4·d   ...   the elements, row-major, with nothing after them
//
// So the first four bytes read as one big-endian number are 0x00000801 for a
// label file and 0x00000803 for an image file. The files are usually
// distributed gzipped; ReadIDX accepts both forms.

// Limits on what a header may claim. They are checked before anything is
// allocated, so a damaged or hostile header cannot make ReadIDX ask for
// gigabytes.
const (
	// MaxItems is the largest first dimension (number of images or
	// labels) ReadIDX accepts, and the most images a split of a MAT-file
	// may hold. MNIST has 60,000 and 10,000; the lessons hold a split as
	// float64s too (6.3 KB an image), so 100,000 images take 0.7 GB, as
	// much as a replay should ask of a student's laptop.
	MaxItems = 100_000
	// MaxItemSize is the largest number of bytes in one item (rows·cols
	// for images). MNIST's is 784.
	MaxItemSize = 10_000
)

const idxTypeUbyte = 0x08

// IDX is the decoded content of one IDX file of unsigned bytes.
type IDX struct {
	// Dims are the dimensions from the header: [count] for a label file,
	// [count rows cols] for an image file.
	Dims []int
	// Data holds the product of Dims bytes in row-major order. It is
	// allocated with exactly that length and capacity.
	Data []byte
}

// FormatError reports a file that is not a well-formed MNIST IDX file:
// damaged, truncated, or some other kind of file.
type FormatError struct {
	File    string // the name given to ReadIDX, usually the file's base name
	Problem string // what is wrong, in words
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("mnist: %s: %s; the file is damaged or is not an MNIST file: get a fresh copy", e.File, e.Problem)
}

// ReadIDX reads one IDX file of unsigned bytes from r, which may hold the
// file as is or gzipped (recognised by the gzip magic bytes 0x1f 0x8b). name
// is used only in error messages; pass the file's base name.
//
// ReadIDX checks everything it can: the magic number, the element type,
// the number of dimensions (1 to 3), that the dimensions are within MaxItems
// and MaxItemSize, that exactly the announced number of bytes follows (no
// fewer, no more), and for gzip the stream's own checksum. A problem with
// the content is reported as a *FormatError; a failure of r itself is
// returned wrapped. It never panics, and it never allocates much more than
// the data actually present, whatever the header claims: a gzipped file's
// buffer grows as the inflated bytes arrive, so a small file whose header
// claims millions of images costs only what it really holds.
//
// If r can tell its size (a regular *os.File, or a reader with a Size()
// int64 method such as *bytes.Reader), a header that claims more than the
// input can hold is rejected before reading on, and an uncompressed file is
// read into one allocation of the exact size.
func ReadIDX(r io.Reader, name string) (*IDX, error) {
	x, err := openIDX(r, name)
	if err != nil {
		return nil, err
	}
	defer x.close()
	return x.read()
}

// idxReader is an IDX file whose header has been read: its dimensions are
// known, its data not read yet.
type idxReader struct {
	name       string
	dims       []int
	total      int64 // bytes of data the header announces
	src        io.Reader
	compressed bool
	exact      bool // the input holds the whole of total: allocate it at once
	zr         *gzip.Reader
}

func (x *idxReader) close() {
	if x.zr != nil {
		x.zr.Close()
	}
}

// openIDX reads and checks the header of an IDX file (see ReadIDX).
func openIDX(r io.Reader, name string) (*idxReader, error) {
	size, ok := inputSize(r)
	if !ok {
		size = -1
	}
	br := bufio.NewReaderSize(r, 64<<10)
	x := &idxReader{name: name, src: br}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, readErr(name, true, "at the start", err)
		}
		zr.Multistream(false)
		x.zr, x.src, x.compressed = zr, &gzipMembers{zr: zr, br: br}, true
	}
	fail := func(err error) (*idxReader, error) {
		x.close()
		return nil, err
	}

	var head [4]byte
	if n, err := io.ReadFull(x.src, head[:]); err != nil {
		if n == 0 && err == io.EOF {
			return fail(&FormatError{name, "the file is empty"})
		}
		return fail(readErr(name, x.compressed, "inside the header", err))
	}
	if head[0] != 0 || head[1] != 0 {
		return fail(&FormatError{name, fmt.Sprintf("bad magic number 0x%08x: an IDX file starts with 0x00000801 (labels) or 0x00000803 (images)", binary.BigEndian.Uint32(head[:]))})
	}
	if head[2] != idxTypeUbyte {
		return fail(&FormatError{name, fmt.Sprintf("element type 0x%02x (%s) is not supported: MNIST files hold unsigned bytes (0x08)", head[2], typeName(head[2]))})
	}
	ndim := int(head[3])
	if ndim < 1 || ndim > 3 {
		return fail(&FormatError{name, fmt.Sprintf("the header announces %d dimensions; MNIST files have 1 (labels) or 3 (images)", ndim)})
	}

	var raw [12]byte
	if _, err := io.ReadFull(x.src, raw[:4*ndim]); err != nil {
		return fail(readErr(name, x.compressed, "inside the header", err))
	}
	x.dims = make([]int, ndim)
	itemSize := int64(1)
	for i := range x.dims {
		d := int64(binary.BigEndian.Uint32(raw[4*i:]))
		if i == 0 {
			if d > MaxItems {
				return fail(&FormatError{name, fmt.Sprintf("the header claims %d items, more than the limit of %d per file (MNIST has 60000 and 10000)", d, MaxItems)})
			}
		} else {
			if d == 0 {
				return fail(&FormatError{name, fmt.Sprintf("dimension %d of %s is zero", i, shapeText(raw[:4*ndim]))})
			}
			if itemSize *= d; itemSize > MaxItemSize {
				return fail(&FormatError{name, fmt.Sprintf("items of shape %s are larger than the limit of %d bytes", shapeText(raw[4:4*ndim]), MaxItemSize)})
			}
		}
		x.dims[i] = int(d)
	}
	x.total = int64(x.dims[0]) * itemSize // at most 1e11: no overflow in int64
	if x.total > math.MaxInt {
		return fail(&FormatError{name, fmt.Sprintf("%d bytes of data do not fit in memory on this machine", x.total)})
	}
	// If the input's size is known it bounds how much data can follow, so
	// a header claiming more is rejected at once.
	if limit, ok := maxData(size, x.compressed, 4+4*ndim); ok {
		if x.total > limit {
			if x.compressed {
				return fail(&FormatError{name, fmt.Sprintf("truncated: the header says %s (%d bytes), more than a gzip file of %d bytes can hold", describe(x.dims), x.total, size)})
			}
			return fail(&FormatError{name, fmt.Sprintf("truncated: the header says %s (%d bytes) but the file is only %d bytes long", describe(x.dims), x.total, size)})
		}
		x.exact = !x.compressed
	}
	return x, nil
}

// read reads the data that the header announced, and checks that nothing
// follows it.
func (x *idxReader) read() (*IDX, error) {
	name, total := x.name, x.total
	var data []byte
	var err error
	if x.exact {
		data = make([]byte, total)
		n, rerr := io.ReadFull(x.src, data)
		data, err = data[:n], rerr
	} else {
		data, err = readGrowing(x.src, int(total))
	}
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &FormatError{name, fmt.Sprintf("truncated: the header says %s (%d bytes) but only %d bytes of data follow", describe(x.dims), total, len(data))}
		}
		return nil, readErr(name, x.compressed, fmt.Sprintf("after %d bytes of data", len(data)), err)
	}

	// Nothing may follow the data. For gzip, reading up to the end is also
	// what makes the reader verify the stream's CRC-32 and length.
	var one [1]byte
	switch n, err := io.ReadFull(x.src, one[:]); {
	case n == 1:
		return nil, &FormatError{name, fmt.Sprintf("unexpected extra bytes after the %d bytes of data that the header announces (%s)", total, describe(x.dims))}
	case err != io.EOF:
		return nil, readErr(name, x.compressed, "after the data", err)
	}
	return &IDX{Dims: x.dims, Data: data}, nil
}

// maxDeflateRatio bounds how many bytes DEFLATE can expand one compressed
// byte into (its densest code turns 2 bits into 258 bytes).
const maxDeflateRatio = 1032

// inputSize returns the size of r if r can tell it: a Size method as on
// bytes.Reader, strings.Reader and io.SectionReader, or Stat on a regular
// file. The size is that of the whole input, an upper bound on what is
// left to read.
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

// maxData bounds the data that can follow a header of headerLen bytes in an
// input of size bytes (size < 0: unknown).
func maxData(size int64, compressed bool, headerLen int) (int64, bool) {
	switch {
	case size < 0:
		return 0, false
	case compressed:
		return maxDeflateRatio * (size + 64), true
	}
	return size - int64(headerLen), true
}

// readGrowing reads exactly n bytes into a slice of length and capacity n
// when the input's size cannot be trusted. It does not trust n: it starts
// with a small buffer and doubles it only as data keeps arriving, so memory
// stays proportional to what r really holds (at most twice it, for a
// moment, while the buffer grows). On a short read it returns what it
// got along with the error.
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

var errAfterGzip = errors.New("bytes after the gzip data")

// gzipMembers reads a gzip file member by member. A file may legally be
// several gzip streams one after the other; gzip.Reader handles that by
// itself, but then reports junk after the end as a truncated stream. Doing
// it here tells the two cases apart.
type gzipMembers struct {
	zr *gzip.Reader // with Multistream(false): stops at the end of a member
	br *bufio.Reader
}

func (g *gzipMembers) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		if n > 0 {
			return n, nil // the next call sees io.EOF again
		}
		next, perr := g.br.Peek(2)
		switch {
		case len(next) == 0 && perr == io.EOF:
			return 0, io.EOF
		case len(next) == 2 && next[0] == 0x1f && next[1] == 0x8b:
			if err := g.zr.Reset(g.br); err != nil {
				return 0, err
			}
			g.zr.Multistream(false)
		case len(next) == 0:
			return 0, perr
		default:
			return 0, errAfterGzip
		}
	}
}

// readErr turns an error from the byte stream into a useful message. where
// says how far reading got, e.g. "inside the header".
func readErr(name string, compressed bool, where string, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		if compressed {
			return &FormatError{name, "truncated: the gzip stream is cut short " + where}
		}
		return &FormatError{name, "truncated: the file ends " + where}
	case errors.Is(err, gzip.ErrChecksum):
		return &FormatError{name, "the gzip checksum does not match the data (the file is corrupt)"}
	case errors.Is(err, errAfterGzip):
		return &FormatError{name, "unexpected bytes after the end of the gzip data"}
	case errors.Is(err, gzip.ErrHeader):
		return &FormatError{name, "invalid gzip header"}
	case errors.As(err, &corrupt):
		return &FormatError{name, fmt.Sprintf("the gzip data is corrupt (%v)", err)}
	}
	return fmt.Errorf("mnist: %s: reading: %w", name, err)
}

func typeName(t byte) string {
	switch t {
	case 0x09:
		return "signed byte"
	case 0x0B:
		return "int16"
	case 0x0C:
		return "int32"
	case 0x0D:
		return "float32"
	case 0x0E:
		return "float64"
	}
	return "unknown type"
}

// describe says in words what dims hold, for error messages.
func describe(dims []int) string {
	switch len(dims) {
	case 1:
		return fmt.Sprintf("%d labels", dims[0])
	case 3:
		return fmt.Sprintf("%d images of %dx%d", dims[0], dims[1], dims[2])
	}
	return fmt.Sprintf("%d items of %d bytes", dims[0], dims[1])
}

// shapeText formats big-endian uint32 dimensions as "28x28".
func shapeText(raw []byte) string {
	var parts []string
	for i := 0; i+4 <= len(raw); i += 4 {
		parts = append(parts, fmt.Sprint(binary.BigEndian.Uint32(raw[i:])))
	}
	return strings.Join(parts, "x")
}
