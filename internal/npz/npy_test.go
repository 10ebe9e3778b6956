package npz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"dlfs/tensor"
)

// specials are values whose bits must survive a round trip untouched.
var specials = []float64{
	math.Copysign(0, -1),
	math.NaN(),
	math.Float64frombits(0x7ff0000000000001), // a NaN with another payload
	math.Inf(1),
	math.Inf(-1),
	math.SmallestNonzeroFloat64, // the smallest subnormal
	-math.SmallestNonzeroFloat64,
	0x1p-1030, // another subnormal
	math.MaxFloat64,
	1.0 / 3,
	-2.5e-300,
	0,
	42,
}

// roundTripShapes are the shapes every round-trip test covers.
var roundTripShapes = [][]int{{}, {5}, {3, 4}, {2, 3, 4}, {0}, {2, 0, 3}}

// filled returns a tensor of the shape holding the specials, cycled, with
// the cycle started at offset.
func filled(offset int, shape ...int) *tensor.Tensor {
	t := tensor.New(shape...)
	d := t.Data()
	for i := range d {
		d[i] = specials[(i+offset)%len(specials)]
	}
	return t
}

// sameBits fails the test unless got holds exactly the bits of want.
func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: value %d is %v (%#016x), want %v (%#016x)", what, i,
				got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
		}
	}
}

// streamOnly hides every method of a reader but Read, so ReadNPY cannot
// learn the input's size and must take its streaming path.
type streamOnly struct{ r io.Reader }

func (s streamOnly) Read(p []byte) (int, error) { return s.r.Read(p) }

// readBoth reads b with its size known and as a plain stream, and checks
// that the two agree.
func readBoth(t *testing.T, b []byte) (*Array, error) {
	t.Helper()
	a1, err1 := ReadNPY(bytes.NewReader(b))
	a2, err2 := ReadNPY(streamOnly{bytes.NewReader(b)})
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("sized read gave error %v, streamed read %v", err1, err2)
	}
	if err1 != nil {
		return nil, errors.Join(err1, err2)
	}
	if !slices.Equal(a1.Shape, a2.Shape) || a1.Dtype != a2.Dtype {
		t.Fatalf("sized read gives %v %s, streamed %v %s", a1.Shape, a1.Dtype, a2.Shape, a2.Dtype)
	}
	sameBits(t, "streamed vs sized", a2.Data, a1.Data)
	return a1, nil
}

// npyFile builds a .npy file by hand, following the format description:
// magic, version, header length (2 bytes for version 1, else 4), the
// dictionary padded with spaces and a final newline so that the data starts
// at a multiple of alignTo, then the data.
func npyFile(major byte, alignTo int, dict string, data []byte) []byte {
	lenBytes := 2
	if major > 1 {
		lenBytes = 4
	}
	prefix := 6 + 2 + lenBytes
	hlen := len(dict) + 1
	for (prefix+hlen)%alignTo != 0 {
		hlen++
	}
	b := []byte("\x93NUMPY")
	b = append(b, major, 0)
	if lenBytes == 2 {
		b = binary.LittleEndian.AppendUint16(b, uint16(hlen))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(hlen))
	}
	b = append(b, dict...)
	b = append(b, bytes.Repeat([]byte(" "), hlen-len(dict)-1)...)
	b = append(b, '\n')
	return append(b, data...)
}

// v1 is npyFile for a version 1.0 file aligned to 64 bytes.
func v1(dict string, data []byte) []byte { return npyFile(1, 64, dict, data) }

// dictFor writes a header dictionary the way NumPy does.
func dictFor(descr string, fortran bool, shape string) string {
	f := "False"
	if fortran {
		f = "True"
	}
	return "{'descr': '" + descr + "', 'fortran_order': " + f + ", 'shape': " + shape + ", }"
}

func le64(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func TestWriteReadNPYRoundTrip(t *testing.T) {
	for _, shape := range roundTripShapes {
		in := filled(0, shape...)
		var buf bytes.Buffer
		if err := WriteNPY(&buf, in); err != nil {
			t.Fatalf("shape %v: %v", shape, err)
		}
		a, err := readBoth(t, buf.Bytes())
		if err != nil {
			t.Fatalf("shape %v: %v", shape, err)
		}
		if !slices.Equal(a.Shape, shape) || a.Dtype != "<f8" {
			t.Fatalf("read shape %v dtype %s, want %v <f8", a.Shape, a.Dtype, shape)
		}
		sameBits(t, formatShape(shape), a.Data, in.Data())
		if got := a.Tensor().Shape(); !slices.Equal(got, shape) {
			t.Fatalf("Tensor() has shape %v, want %v", got, shape)
		}
	}
	// Every special value as a 0-d array, which has a single element.
	for i, v := range specials {
		var buf bytes.Buffer
		if err := WriteNPY(&buf, tensor.FromSlice([]float64{v})); err != nil {
			t.Fatal(err)
		}
		a, err := ReadNPY(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Shape) != 0 || a.Shape == nil {
			t.Fatalf("0-d array read with shape %#v, want an empty non-nil slice", a.Shape)
		}
		sameBits(t, "0-d special "+string(rune('a'+i)), a.Data, []float64{v})
		if tt := a.Tensor(); tt.NDim() != 0 || math.Float64bits(tt.Item()) != math.Float64bits(v) {
			t.Fatalf("0-d Tensor() has %d dims and item %v, want 0 and %v", tt.NDim(), tt.Item(), v)
		}
	}
}

func TestWriteNPYLayout(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteNPY(&buf, filled(0, 3, 4)); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if string(b[:6]) != "\x93NUMPY" || b[6] != 1 || b[7] != 0 {
		t.Fatalf("prefix %q, want magic and version 1.0", b[:8])
	}
	hlen := int(binary.LittleEndian.Uint16(b[8:10]))
	if (10+hlen)%64 != 0 {
		t.Errorf("data starts at byte %d, not a multiple of 64", 10+hlen)
	}
	header := string(b[10 : 10+hlen])
	if !strings.HasSuffix(header, "\n") {
		t.Errorf("header %q does not end in a newline", header)
	}
	want := "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"
	if got := strings.TrimRight(header, " \n"); got != want {
		t.Errorf("header is %q, want %q", got, want)
	}
	if len(b) != 10+hlen+12*8 {
		t.Errorf("file is %d bytes, want %d", len(b), 10+hlen+12*8)
	}

	// A transposed view is written in its logical (row-major) order.
	v := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3).T()
	buf.Reset()
	if err := WriteNPY(&buf, v); err != nil {
		t.Fatal(err)
	}
	a, err := ReadNPY(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Shape, []int{3, 2}) || !slices.Equal(a.Data, []float64{1, 4, 2, 5, 3, 6}) {
		t.Errorf("transposed view read back as %v %v", a.Shape, a.Data)
	}

	if err := WriteNPY(&buf, nil); err == nil {
		t.Error("WriteNPY(nil) gave no error")
	}
}

func TestReadNPYHandMadeFixtures(t *testing.T) {
	f32 := func(order binary.AppendByteOrder, vs ...float32) []byte {
		var b []byte
		for _, v := range vs {
			b = order.AppendUint32(b, math.Float32bits(v))
		}
		return b
	}
	// A 2x3x4 array with element (i, j, k) = 100i + 10j + k, in C order
	// and stored column-major (first index fastest) for the Fortran case.
	var c3 []float64
	for i := range 2 {
		for j := range 3 {
			for k := range 4 {
				c3 = append(c3, float64(100*i+10*j+k))
			}
		}
	}
	var f3 []float64
	for k := range 4 {
		for j := range 3 {
			for i := range 2 {
				f3 = append(f3, float64(100*i+10*j+k))
			}
		}
	}
	cases := []struct {
		name  string
		file  []byte
		dtype string
		shape []int
		want  []float64
	}{
		{"<f4", v1(dictFor("<f4", false, "(3,)"), f32(binary.LittleEndian, 1.5, -2, 0.1)),
			"<f4", []int{3}, []float64{1.5, -2, float64(float32(0.1))}},
		{">f4", v1(dictFor(">f4", false, "(2,)"), f32(binary.BigEndian, -0.25, 3e38)),
			">f4", []int{2}, []float64{-0.25, float64(float32(3e38))}},
		{">f8", v1(dictFor(">f8", false, "(2,)"), []byte{
			0x3f, 0xf0, 0, 0, 0, 0, 0, 0, // 1.0
			0xbf, 0xe0, 0, 0, 0, 0, 0, 0, // -0.5
		}), ">f8", []int{2}, []float64{1, -0.5}},
		{"<i8", v1(dictFor("<i8", false, "(2, 2)"), []byte{
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // -1
			0, 0, 0, 0, 0, 0, 0, 0, // 0
			0, 0, 0, 0, 0, 1, 0, 0, // 2^40
			0, 0, 0, 0, 0, 0, 0x20, 0, // 2^53
		}), "<i8", []int{2, 2}, []float64{-1, 0, 1 << 40, 1 << 53}},
		{">i4", v1(dictFor(">i4", false, "(2,)"), []byte{0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0}),
			">i4", []int{2}, []float64{-2, 256}},
		{"<i2", v1(dictFor("<i2", false, "(2,)"), []byte{0x00, 0x80, 0xff, 0x7f}),
			"<i2", []int{2}, []float64{-32768, 32767}},
		{"|i1", v1(dictFor("|i1", false, "(3,)"), []byte{0x80, 0xff, 0x7f}),
			"|i1", []int{3}, []float64{-128, -1, 127}},
		{"|u1", v1(dictFor("|u1", false, "(4,)"), []byte{0, 1, 128, 255}),
			"|u1", []int{4}, []float64{0, 1, 128, 255}},
		{"<u2", v1(dictFor("<u2", false, "(1,)"), []byte{0xff, 0xff}),
			"<u2", []int{1}, []float64{65535}},
		{"<u4", v1(dictFor("<u4", false, "(1,)"), []byte{0xff, 0xff, 0xff, 0xff}),
			"<u4", []int{1}, []float64{4294967295}},
		{">u8", v1(dictFor(">u8", false, "(1,)"), []byte{0, 0x20, 0, 0, 0, 0, 0, 0}),
			">u8", []int{1}, []float64{1 << 53}},
		{"|b1", v1(dictFor("|b1", false, "(3,)"), []byte{1, 0, 1}),
			"|b1", []int{3}, []float64{1, 0, 1}},
		{"fortran 2-d", v1(dictFor("<f8", true, "(2, 3)"), le64(1, 4, 2, 5, 3, 6)),
			"<f8", []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{"fortran 3-d", v1(dictFor("<f8", true, "(2, 3, 4)"), le64(f3...)),
			"<f8", []int{2, 3, 4}, c3},
		{"fortran 1-d", v1(dictFor("<f8", true, "(3,)"), le64(7, 8, 9)),
			"<f8", []int{3}, []float64{7, 8, 9}},
		{"0-d", v1(dictFor("<f8", false, "()"), le64(2.5)),
			"<f8", []int{}, []float64{2.5}},
		{"version 2.0, double quotes, other key order",
			npyFile(2, 64, `{"shape": (2,), "fortran_order": False, "descr": "<i4"}`, []byte{0xf9, 0xff, 0xff, 0xff, 9, 0, 0, 0}),
			"<i4", []int{2}, []float64{-7, 9}},
		{"version 3.0", npyFile(3, 64, dictFor("<u2", false, "(2,)"), []byte{1, 0, 0, 1}),
			"<u2", []int{2}, []float64{1, 256}},
		{"16-byte alignment of old NumPy", npyFile(1, 16, dictFor("<f8", false, "(1,)"), le64(-3)),
			"<f8", []int{1}, []float64{-3}},
		{"Python 2 long dimensions", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L), }", le64(1, 2)),
			"<f8", []int{1, 2}, []float64{1, 2}},
		{"compact spacing", v1("{'descr':'<f8','fortran_order':False,'shape':(2,1)}", le64(1, 2)),
			"<f8", []int{2, 1}, []float64{1, 2}},
		{"empty array", v1(dictFor("<i8", false, "(0, 5)"), nil),
			"<i8", []int{0, 5}, []float64{}},
	}
	for _, c := range cases {
		a, err := readBoth(t, c.file)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if a.Dtype != c.dtype || !slices.Equal(a.Shape, c.shape) {
			t.Errorf("%s: read %s %v, want %s %v", c.name, a.Dtype, a.Shape, c.dtype, c.shape)
			continue
		}
		sameBits(t, c.name, a.Data, c.want)
	}
}

func TestReadNPYErrors(t *testing.T) {
	valid := v1(dictFor("<f8", false, "(2, 3)"), le64(1, 2, 3, 4, 5, 6))
	withLen := func(major byte, n uint32) []byte {
		b := []byte("\x93NUMPY")
		b = append(b, major, 0)
		if major == 1 {
			return binary.LittleEndian.AppendUint16(b, uint16(n))
		}
		return binary.LittleEndian.AppendUint32(b, n)
	}
	header := func(dict string) []byte { return v1(dict, nil) }
	cases := []struct {
		name        string
		file        []byte
		want        []string // substrings of the error message
		unsupported bool     // errors.Is(err, ErrUnsupportedDtype)
	}{
		{"empty", nil, []string{"empty input"}, false},
		{"bad magic", append([]byte("\x93NUMPZ\x01\x00"), valid[8:]...), []string{"not a .npy file", "NUMPZ"}, false},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), []string{"not a .npy file"}, false},
		{"short magic", []byte("\x93NUM"), []string{"truncated"}, false},
		{"short non-magic", []byte("ab"), []string{"not a .npy file"}, false},
		{"version 4.0", append([]byte("\x93NUMPY\x04\x00"), valid[8:]...), []string{"version 4.0"}, false},
		{"no header length", valid[:9], []string{"truncated"}, false},
		{"truncated header", valid[:30], []string{"truncated"}, false},
		{"header length beyond the file", append(withLen(1, 60000), "{'descr'"...), []string{"truncated"}, false},
		{"huge header length", append(withLen(2, 0xffffffff), "{}"...), []string{"implausibly large", "4294967295"}, false},
		{"truncated data", valid[:len(valid)-3], []string{"truncated data", "48 bytes"}, false},
		{"data missing", valid[:128], []string{"truncated data"}, false},
		{"shape says less than the data", v1(dictFor("<f8", false, "(2, 2)"), le64(1, 2, 3, 4, 5, 6)),
			[]string{"header does not match the data", "(2, 2)"}, false},
		{"shape says more than the data", v1(dictFor("<f8", false, "(4, 3)"), le64(1, 2, 3, 4, 5, 6)),
			[]string{"truncated data", "(4, 3)"}, false},
		{"complex", v1(dictFor("<c16", false, "(1,)"), make([]byte, 16)), []string{`"<c16"`, "complex"}, true},
		{"object", v1(dictFor("|O", false, "(1,)"), make([]byte, 8)), []string{`"|O"`, "objects"}, true},
		{"unicode string", v1(dictFor("<U5", false, "(1,)"), make([]byte, 20)), []string{`"<U5"`, "strings"}, true},
		{"datetime", v1(dictFor("<M8[ns]", false, "(1,)"), make([]byte, 8)), []string{"dates"}, true},
		{"half float", v1(dictFor("<f2", false, "(1,)"), make([]byte, 2)), []string{"16-bit"}, true},
		{"native byte order", v1(dictFor("=f8", false, "(1,)"), make([]byte, 8)), []string{"byte order"}, true},
		{"odd size", v1(dictFor("<i3", false, "(1,)"), make([]byte, 3)), []string{"item size"}, true},
		{"structured", header("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"), []string{"structured"}, true},
		{"int64 beyond 2^53", v1(dictFor("<i8", false, "(2,)"), binary.LittleEndian.AppendUint64(make([]byte, 8), 1<<53+1)),
			[]string{"element 1", "9007199254740993", "2^53"}, false},
		{"negative int64 beyond 2^53", v1(dictFor("<i8", false, "(1,)"), binary.LittleEndian.AppendUint64(nil, uint64(math.MaxUint64-(1<<53)))),
			[]string{"element 0", "-9007199254740993"}, false},
		{"uint64 beyond 2^53", v1(dictFor("<u8", false, "(1,)"), binary.LittleEndian.AppendUint64(nil, 1<<63)),
			[]string{"2^53"}, false},
		{"negative dimension", header(dictFor("<f8", false, "(-1, 3)")), []string{"negative dimension"}, false},
		{"too many elements", header(dictFor("<f8", false, "(1048576, 1048576)")), []string{"more than 2147483648 elements"}, false},
		{"overflowing dimension", header(dictFor("<f8", false, "(99999999999999999999999,)")), []string{"too large"}, false},
		{"many large dimensions", header(dictFor("<f8", false, "(2147483648, 2147483648, 2147483648, 2147483648)")), []string{"more than"}, false},
		{"missing key", header("{'descr': '<f8', 'shape': (1,), }"), []string{`missing key "fortran_order"`}, false},
		{"unknown key", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}"), []string{`unknown key "x"`}, false},
		{"duplicate key", header("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}"), []string{"twice"}, false},
		{"number, not tuple", header(dictFor("<f8", false, "(5)")), []string{"not a tuple"}, false},
		{"list shape", header(dictFor("<f8", false, "[5]")), []string{"expected '('"}, false},
		{"misspelt False", header("{'descr': '<f8', 'fortran_order': Flase, 'shape': (1,)}"), []string{"True or False"}, false},
		{"Falsey", header("{'descr': '<f8', 'fortran_order': Falsey, 'shape': (1,)}"), []string{"True or False"}, false},
		{"unterminated string", header("{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}"), []string{"expected ',' or '}'"}, false},
		{"string cut by the end", v1("{'descr': '<f8", nil), []string{"unterminated string"}, false},
		{"escape", header(`{'descr': '<f\8', 'fortran_order': False, 'shape': (1,)}`), []string{"escape"}, false},
		{"garbage after dict", header(dictFor("<f8", false, "(1,)") + " x"), []string{"after the closing"}, false},
		{"no comma", header("{'descr': '<f8' 'fortran_order': False, 'shape': (1,)}"), []string{"expected ',' or '}'"}, false},
		{"empty dimension", header(dictFor("<f8", false, "(,)")), []string{"expected a dimension"}, false},
		{"leading zero", header(dictFor("<f8", false, "(07,)")), []string{"leading zero"}, false},
		{"non-ASCII", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'é': 1}"), []string{"not printable ASCII"}, false},
		{"NUL byte", header("{'descr': '<f8',\x00 'fortran_order': False, 'shape': (1,)}"), []string{"not printable ASCII"}, false},
		{"not a dict", header("['descr', '<f8']"), []string{"expected '{'"}, false},
		{"blank header", header(""), []string{"expected '{'", "end of header"}, false},
	}
	for _, c := range cases {
		_, err := readBoth(t, c.file)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := err.Error()
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not mention %q", c.name, msg, w)
			}
		}
		if !strings.HasPrefix(msg, "npy: ") {
			t.Errorf("%s: error %q lacks the npy: prefix", c.name, msg)
		}
		if got := errors.Is(err, ErrUnsupportedDtype); got != c.unsupported {
			t.Errorf("%s: errors.Is(err, ErrUnsupportedDtype) = %v, want %v", c.name, got, c.unsupported)
		}
	}
}

// TestReadNPYLyingShapeAllocatesLittle checks that a header claiming a
// billion elements over a few bytes of data is refused without setting
// aside memory for the claim, whether or not the reader knows its size.
func TestReadNPYLyingShapeAllocatesLittle(t *testing.T) {
	file := v1(dictFor("<f8", false, "(1000000000,)"), le64(1, 2, 3))
	for _, sized := range []bool{true, false} {
		var r io.Reader = bytes.NewReader(file)
		if !sized {
			r = streamOnly{r}
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ReadNPY(r)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "truncated data") {
			t.Fatalf("sized %v: error %v, want truncated data", sized, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
			t.Errorf("sized %v: reading allocated %d bytes for a %d-byte file", sized, grew, len(file))
		}
	}
}

func TestReadNPYFile(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/weights.npy"
	var buf bytes.Buffer
	if err := WriteNPY(&buf, filled(3, 2, 3, 4)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := ReadNPYFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "weights" || !slices.Equal(a.Shape, []int{2, 3, 4}) {
		t.Errorf("read %q %v, want weights [2 3 4]", a.Name, a.Shape)
	}
	sameBits(t, "ReadNPYFile", a.Data, filled(3, 2, 3, 4).Data())

	if err := os.WriteFile(path, buf.Bytes()[:buf.Len()-1], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadNPYFile(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "truncated data") {
		t.Errorf("truncated file: error %v, want one naming %s and the truncation", err, path)
	}
	_, err = ReadNPYFile(dir + "/absent.npy")
	if err == nil || !strings.Contains(err.Error(), "absent.npy") {
		t.Errorf("absent file: error %v, want one naming the file", err)
	}
}
