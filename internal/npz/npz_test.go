package npz

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dlfs/tensor"
)

// roundTripSet returns names and tensors covering every round-trip shape,
// named out of alphabetical order to check that the order is kept.
func roundTripSet() ([]string, []*tensor.Tensor) {
	names := []string{"W1", "b1", "A", "z0", "empty", "empty3"}
	ts := make([]*tensor.Tensor, len(roundTripShapes))
	for i, s := range roundTripShapes {
		ts[i] = filled(i, s...)
	}
	return names, ts
}

func TestWriteReadNPZRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "params.npz")
	names, ts := roundTripSet()
	if err := WriteNPZ(path, names, ts); err != nil {
		t.Fatal(err)
	}
	arrays, order, err := ReadNPZ(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(order, names) {
		t.Fatalf("names in archive order %v, want %v", order, names)
	}
	if len(arrays) != len(names) {
		t.Fatalf("%d arrays, want %d", len(arrays), len(names))
	}
	for i, n := range names {
		a := arrays[n]
		if a == nil {
			t.Fatalf("array %q missing", n)
		}
		if a.Name != n || a.Dtype != "<f8" || !slices.Equal(a.Shape, ts[i].Shape()) {
			t.Fatalf("array %q read as %q %s %v, want <f8 %v", n, a.Name, a.Dtype, a.Shape, ts[i].Shape())
		}
		sameBits(t, n, a.Data, ts[i].Data())
	}

	// The members are stored uncompressed under NAME.npy, as np.savez does.
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for i, f := range zr.File {
		if f.Name != names[i]+".npy" || f.Method != zip.Store {
			t.Errorf("member %d is %q with method %d, want %q stored", i, f.Name, f.Method, names[i]+".npy")
		}
	}
}

func TestWriteNPZIsAtomicAndDeterministic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.npz")
	names, ts := roundTripSet()
	if err := os.WriteFile(path, []byte("old contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteNPZ(path, names, ts); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteNPZ(path, names, ts); err != nil {
		t.Fatal(err)
	}
	second, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Error("saving the same arrays twice gave different bytes")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "p.npz" {
		var seen []string
		for _, e := range entries {
			seen = append(seen, e.Name())
		}
		t.Errorf("directory holds %v, want only p.npz (no temporary files)", seen)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("overwritten file mode %v (%v), want the old 0600 kept", fi.Mode(), err)
	}

	// A failed save leaves neither the target nor a temporary file.
	missing := filepath.Join(dir, "no such dir", "q.npz")
	if err := WriteNPZ(missing, names, ts); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("saving into a missing directory: error %v, want one naming %s", err, missing)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after a failed save the directory holds %d entries, want 1", len(entries))
	}
}

func TestWriteNPZErrors(t *testing.T) {
	dir := t.TempDir()
	one := []*tensor.Tensor{tensor.New(2)}
	two := []*tensor.Tensor{tensor.New(2), tensor.New(3)}
	cases := []struct {
		name  string
		names []string
		ts    []*tensor.Tensor
		want  string
	}{
		{"count mismatch", []string{"a"}, two, "1 names for 2 tensors"},
		{"duplicate", []string{"a", "a"}, two, `"a" is given twice`},
		{"empty name", []string{""}, one, "empty"},
		{"slash", []string{"a/b"}, one, "path separator"},
		{"backslash", []string{`a\b`}, one, "path separator"},
		{"nil tensor", []string{"a"}, []*tensor.Tensor{nil}, "nil"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name+".npz")
		err := WriteNPZ(path, c.names, c.ts)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming %s and saying %q", c.name, err, path, c.want)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: a file was created", c.name)
		}
	}
}

// member is one entry of a hand-built zip archive.
type member struct {
	name    string
	data    []byte
	deflate bool
}

// writeZip builds a zip archive of the members at path.
func writeZip(t *testing.T, path string, members ...member) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		method := zip.Store
		if m.deflate {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// npyOf returns the .npy bytes of t.
func npyOf(t *testing.T, x *tensor.Tensor) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteNPY(&buf, x); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadNPZDeflatedMembers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mixed.npz")
	big := filled(1, 300, 7)
	writeZip(t, path,
		member{"big.npy", npyOf(t, big), true},
		member{"small.npy", v1(dictFor("<i8", false, "(2,)"), le64(0, 0)), false},
		member{"bits.npy", v1(dictFor("|b1", false, "(2,)"), []byte{0, 1}), true},
	)
	arrays, names, err := ReadNPZ(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"big", "small", "bits"}) {
		t.Fatalf("names %v", names)
	}
	sameBits(t, "deflated", arrays["big"].Data, big.Data())
	if a := arrays["bits"]; a.Dtype != "|b1" || !slices.Equal(a.Data, []float64{0, 1}) {
		t.Errorf("bits read as %s %v", a.Dtype, a.Data)
	}
}

func TestReadNPZErrors(t *testing.T) {
	dir := t.TempDir()
	good := npyOf(t, filled(0, 2, 2))

	absent := filepath.Join(dir, "absent.npz")
	_, _, err := ReadNPZ(absent)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), absent) {
		t.Errorf("absent file: error %v, want fs.ErrNotExist naming %s", err, absent)
	}

	notZip := filepath.Join(dir, "plain.npz")
	if err := os.WriteFile(notZip, good, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadNPZ(notZip)
	if err == nil || !strings.Contains(err.Error(), notZip) || !strings.Contains(err.Error(), "zip") {
		t.Errorf("a .npy renamed .npz: error %v, want one naming the file and zip", err)
	}

	cases := []struct {
		name    string
		members []member
		want    []string
		unsupp  bool
	}{
		{"not .npy", []member{{"W1.npy", good, false}, {"readme.txt", []byte("hello"), false}},
			[]string{`member "readme.txt"`, "not a .npy file"}, false},
		{"directory", []member{{"sub/", nil, false}}, []string{`member "sub/"`, "not a .npy file"}, false},
		{"bare .npy name", []member{{".npy", good, false}}, []string{"not a .npy file"}, false},
		{"complex", []member{{"W1.npy", good, false}, {"z.npy", v1(dictFor("<c16", false, "(1,)"), make([]byte, 16)), true}},
			[]string{`member "z.npy"`, `"<c16"`}, true},
		{"object", []member{{"o.npy", v1(dictFor("|O", false, "()"), make([]byte, 8)), false}},
			[]string{`member "o.npy"`, `"|O"`}, true},
		{"truncated member", []member{{"W1.npy", good[:len(good)-5], false}},
			[]string{`member "W1.npy"`, "truncated data"}, false},
		{"truncated deflated member", []member{{"W1.npy", good[:len(good)-5], true}},
			[]string{`member "W1.npy"`, "truncated data"}, false},
		{"bad magic", []member{{"W1.npy", []byte("PK\x03\x04 not an array"), false}},
			[]string{`member "W1.npy"`, "not a .npy file"}, false},
		{"duplicate", []member{{"W1.npy", good, false}, {"W1.npy", good, true}},
			[]string{`"W1" twice`}, false},
	}
	for i, c := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".npz")
		writeZip(t, path, c.members...)
		_, _, err := ReadNPZ(path)
		if err == nil {
			t.Errorf("%d %s: no error", i, c.name)
			continue
		}
		msg := err.Error()
		for _, w := range append(c.want, path, "npz: ") {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not mention %q", c.name, msg, w)
			}
		}
		if errors.Is(err, ErrUnsupportedDtype) != c.unsupp {
			t.Errorf("%s: errors.Is(err, ErrUnsupportedDtype) = %v", c.name, !c.unsupp)
		}
	}
}

func TestReadNPZDetectsCorruptMember(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.npz")
	if err := WriteNPZ(path, []string{"W1"}, []*tensor.Tensor{filled(0, 4, 4)}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Flip a bit in the last data byte of the member (the central directory
	// follows it), so the shape and size still agree and only the checksum
	// can notice.
	i := bytes.Index(b, []byte("PK\x01\x02")) - 1
	b[i] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadNPZ(path)
	if !errors.Is(err, zip.ErrChecksum) || !strings.Contains(err.Error(), `member "W1.npy"`) {
		t.Errorf("corrupt member: error %v, want a checksum error naming W1.npy", err)
	}
}

// moduleRoot walks up from the working directory (the package directory
// under go test) to the folder holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// TestReadNPZBookReference reads testdata/twolayer_case.npz, which NumPy
// wrote (deflated members; <f8, <f4 and <i8 arrays; a 0-d array), and checks
// what testdata/README.md says it holds.
func TestReadNPZBookReference(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "testdata", "twolayer_case.npz")
	arrays, names, err := ReadNPZ(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{
		"W1": {784, 50}, "b1": {50}, "W2": {50, 10}, "b2": {10},
		"x": {3, 784}, "t": {3, 10}, "labels": {3},
		"ch04_loss": {}, "ch04_predict": {3, 10}, "ch05_loss": {}, "ch05_predict": {3, 10},
	}
	for _, p := range []string{"num_", "bp_", "ch05_num_", "ch05_bp_"} {
		for _, n := range []string{"W1", "b1", "W2", "b2"} {
			want[p+n] = want[n]
		}
	}
	for n, shape := range want {
		a := arrays[n]
		if a == nil {
			t.Errorf("array %q missing (archive holds %v)", n, names)
			continue
		}
		if !slices.Equal(a.Shape, shape) {
			t.Errorf("%s has shape %v, want %v", n, a.Shape, shape)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if len(names) != len(arrays) || len(names) != len(want) {
		t.Errorf("%d names for %d arrays, want %d: %v", len(names), len(arrays), len(want), names)
	}
	for n, d := range map[string]string{"x": "<f4", "labels": "<i8", "W1": "<f8", "ch04_loss": "<f8"} {
		if arrays[n].Dtype != d {
			t.Errorf("%s has dtype %s, want %s", n, arrays[n].Dtype, d)
		}
	}
	if got := arrays["labels"].Data; !slices.Equal(got, []float64{5, 0, 4}) {
		t.Errorf("labels are %v, want [5 0 4]", got)
	}
	// x is pixel/255 computed in float32, as the book's loader does, read
	// back widened to float64.
	for i, v := range arrays["x"].Data {
		p := math.Round(v * 255)
		if p < 0 || p > 255 || v != float64(float32(p)/255) {
			t.Fatalf("x[%d] = %v is no float32 pixel/255 (nearest pixel %v gives %v)", i, v, p, float64(float32(p)/255))
		}
	}
	// t is the one-hot form of labels.
	tt := arrays["t"].Tensor()
	for r, l := range arrays["labels"].Data {
		for c := range 10 {
			want := 0.0
			if c == int(l) {
				want = 1
			}
			if tt.At(r, c) != want {
				t.Errorf("t[%d, %d] = %v, want %v", r, c, tt.At(r, c), want)
			}
		}
	}
	loss := arrays["ch04_loss"].Tensor()
	if loss.NDim() != 0 || loss.Size() != 1 || !(loss.Item() > 0) || math.IsInf(loss.Item(), 0) {
		t.Errorf("ch04_loss is %v with %d dims, want a positive 0-d value", loss, loss.NDim())
	}
}
