package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// idxBytes encodes dims and data as an IDX file of unsigned bytes.
func idxBytes(dims []int, data []byte) []byte {
	b := []byte{0, 0, idxTypeUbyte, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

// gzipBytes compresses b.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

func TestMNISTReadIDXRawAndGzip(t *testing.T) {
	images := idxBytes([]int{3, 4, 5}, seq(60))
	labels := idxBytes([]int{3}, []byte{7, 2, 1})
	for _, c := range []struct {
		name string
		file []byte
		dims []int
		data []byte
	}{
		{"images raw", images, []int{3, 4, 5}, seq(60)},
		{"images gz", gzipBytes(images), []int{3, 4, 5}, seq(60)},
		{"labels raw", labels, []int{3}, []byte{7, 2, 1}},
		{"labels gz", gzipBytes(labels), []int{3}, []byte{7, 2, 1}},
		{"empty set", idxBytes([]int{0, 28, 28}, nil), []int{0, 28, 28}, []byte{}},
		{"two gzip members", append(gzipBytes(images[:30]), gzipBytes(images[30:])...), []int{3, 4, 5}, seq(60)},
	} {
		got, err := ReadIDX(bytes.NewReader(c.file), c.name)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !slices.Equal(got.Dims, c.dims) || !bytes.Equal(got.Data, c.data) {
			t.Errorf("%s: got dims %v data %v, want %v %v", c.name, got.Dims, got.Data, c.dims, c.data)
		}
		if cap(got.Data) != len(got.Data) {
			t.Errorf("%s: data has capacity %d for length %d; want an exact-size slice", c.name, cap(got.Data), len(got.Data))
		}
	}
}

func TestMNISTReadIDXErrors(t *testing.T) {
	good := idxBytes([]int{2, 28, 28}, seq(2*784))
	gz := gzipBytes(good)
	corrupt := bytes.Clone(gz)
	corrupt[len(corrupt)-6] ^= 0xff // inside the CRC-32 of the gzip trailer
	header := func(b0, b1, typ, ndim byte, dims ...uint32) []byte {
		b := []byte{b0, b1, typ, ndim}
		for _, d := range dims {
			b = binary.BigEndian.AppendUint32(b, d)
		}
		return b
	}
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "the file is empty"},
		{"text", []byte("<html>404 Not Found</html>"), "bad magic number 0x3c68746d"},
		{"float32", header(0, 0, 0x0D, 1, 5), "element type 0x0d (float32) is not supported"},
		{"zero dims", header(0, 0, 8, 0), "announces 0 dimensions"},
		{"4 dims", header(0, 0, 8, 4, 1, 1, 1, 1), "announces 4 dimensions"},
		{"header cut", header(0, 0, 8, 3, 60000, 28), "truncated: the file ends inside the header"},
		{"too many items", header(0, 0, 8, 3, MaxItems+1, 28, 28), "claims 100001 items, more than the limit of 100000 per file"},
		{"huge items", header(0, 0, 8, 3, 10, 1000, 1000), "items of shape 1000x1000 are larger than the limit"},
		{"zero rows", header(0, 0, 8, 3, 10, 0, 28), "dimension 1 of 10x0x28 is zero"},
		{"truncated data", good[:len(good)-100], "truncated: the header says 2 images of 28x28 (1568 bytes) but the file is only 1484 bytes long"},
		{"truncated labels", idxBytes([]int{60000}, make([]byte, 1234)), "the header says 60000 labels (60000 bytes) but the file is only 1242 bytes long"},
		{"trailing garbage", append(bytes.Clone(good), 0), "unexpected extra bytes after the 1568 bytes"},
		{"gzip then garbage", append(bytes.Clone(gz), "junk"...), "unexpected bytes after the end of the gzip data"},
		{"gzip cut in header", gz[:5], "truncated: the gzip stream is cut short at the start"},
		{"gzip cut in data", gz[:len(gz)/2], "truncated"},
		{"gzip cut in trailer", gz[:len(gz)-3], "truncated: the gzip stream is cut short after the data"},
		{"gzip bad crc", corrupt, "the gzip checksum does not match"},
		{"gzip of garbage", gzipBytes([]byte("hello")), "bad magic number"},
	} {
		_, err := ReadIDX(bytes.NewReader(c.file), "train-images-idx3-ubyte.gz")
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: error %q does not contain %q", c.name, msg, c.want)
		}
		if !strings.HasPrefix(msg, "mnist: train-images-idx3-ubyte.gz: ") || !strings.Contains(msg, "get a fresh copy") {
			t.Errorf("%s: error %q should name the file and say what to do", c.name, msg)
		}
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %T is not a *FormatError", c.name, err)
		}
	}
}

func TestMNISTReadIDXTruncatedStream(t *testing.T) {
	// Without a known size the shortfall shows only at the end of the data.
	good := idxBytes([]int{2, 28, 28}, seq(2*784))
	_, err := ReadIDX(struct{ io.Reader }{bytes.NewReader(good[:len(good)-100])}, "t10k-images-idx3-ubyte")
	checkErr(t, err, "mnist: t10k-images-idx3-ubyte: truncated: the header says 2 images of 28x28 (1568 bytes) but only 1468 bytes of data follow")
	_, err = ReadIDX(bytes.NewReader(gzipBytes(good[:len(good)-100])), "t10k-images-idx3-ubyte.gz")
	checkErr(t, err, "mnist: t10k-images-idx3-ubyte.gz: truncated: the header says 2 images of 28x28 (1568 bytes) but only 1468 bytes of data follow")
}

// failingReader returns some bytes and then a non-EOF error.
type failingReader struct{ data []byte }

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestMNISTReadIDXReaderError(t *testing.T) {
	good := idxBytes([]int{2, 28, 28}, seq(2*784))
	_, err := ReadIDX(&failingReader{good[:100]}, "x")
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("got %v, want the reader's error", err)
	}
	var fe *FormatError
	if errors.As(err, &fe) {
		t.Errorf("an I/O failure is not a format error: %v", err)
	}
}

func TestMNISTReadIDXLyingHeaderAllocatesLittle(t *testing.T) {
	// The header claims 9,999,999 images of 100x100 (100 GB); only a few
	// bytes follow. ReadIDX must fail without trying to allocate it all.
	// Both with the input's size known (a *bytes.Reader) and unknown (the
	// same reader hidden behind a plain io.Reader).
	file := idxBytes([]int{MaxItems - 1, 100, 100}, seq(5000))
	for _, f := range [][]byte{file, gzipBytes(file)} {
		for _, sized := range []bool{true, false} {
			var r io.Reader = bytes.NewReader(f)
			if !sized {
				r = struct{ io.Reader }{r}
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadIDX(r, "big")
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), "truncated") {
				t.Fatalf("got %v, want a truncation error", err)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
				t.Errorf("ReadIDX allocated %d bytes for a %d-byte file (size known: %v)", grew, len(f), sized)
			}
		}
	}
	_, err := ReadIDX(bytes.NewReader(file), "big")
	checkErr(t, err, "the header says 99999 images of 100x100 (999990000 bytes) but the file is only 5016 bytes long")
	_, err = ReadIDX(bytes.NewReader(gzipBytes(file)), "big")
	checkErr(t, err, "more than a gzip file of")
}

// FuzzReadIDX feeds arbitrary bytes to ReadIDX: it must never panic, and a
// success must be self-consistent.
func FuzzReadIDX(f *testing.F) {
	images := idxBytes([]int{2, 3, 4}, seq(24))
	labels := idxBytes([]int{4}, []byte{0, 9, 3, 3})
	for _, seed := range [][]byte{
		images, labels, gzipBytes(images), gzipBytes(labels),
		images[:10], images[:len(images)-1], append(bytes.Clone(labels), 1),
		gzipBytes(images)[:20], idxBytes([]int{60000, 28, 28}, nil),
		{}, {0x1f, 0x8b}, {0, 0, 8, 1},
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, file []byte, sized bool) {
		// sized picks between the two ways of reading the data: with the
		// input's size known, and without.
		var r io.Reader = bytes.NewReader(file)
		if !sized {
			r = struct{ io.Reader }{r}
		}
		idx, err := ReadIDX(r, "fuzz")
		if err != nil {
			if idx != nil {
				t.Fatal("an error must come with a nil result")
			}
			if !strings.HasPrefix(err.Error(), "mnist: fuzz: ") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if len(idx.Dims) < 1 || len(idx.Dims) > 3 {
			t.Fatalf("accepted %d dimensions", len(idx.Dims))
		}
		n := 1
		for i, d := range idx.Dims {
			if d < 0 || (i > 0 && d == 0) {
				t.Fatalf("accepted dims %v", idx.Dims)
			}
			n *= d
		}
		if len(idx.Data) != n || idx.Dims[0] > MaxItems || n > MaxItems*MaxItemSize {
			t.Fatalf("dims %v with %d data bytes", idx.Dims, len(idx.Data))
		}
		if len(file) < 4+4*len(idx.Dims)+len(idx.Data) && !(len(file) > 2 && file[0] == 0x1f && file[1] == 0x8b) {
			t.Fatalf("a raw file of %d bytes cannot hold %d data bytes", len(file), len(idx.Data))
		}
		// Re-encoding must give back the same content.
		again, err := ReadIDX(bytes.NewReader(idxBytes(idx.Dims, idx.Data)), "again")
		if err != nil || !bytes.Equal(again.Data, idx.Data) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}
