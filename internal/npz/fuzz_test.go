package npz

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// FuzzReadNPY feeds arbitrary bytes to ReadNPY, both with the size known
// and as a plain stream. It must never panic; when a read succeeds the
// array must be consistent with its shape, and both paths must agree.
func FuzzReadNPY(f *testing.F) {
	var seeds [][]byte
	for i, shape := range roundTripShapes {
		var buf bytes.Buffer
		if err := WriteNPY(&buf, filled(i, shape...)); err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, buf.Bytes())
	}
	seeds = append(seeds,
		v1(dictFor("<f4", false, "(2,)"), []byte{0, 0, 0xc0, 0x3f, 0, 0, 0, 0x80}),
		v1(dictFor(">i8", true, "(2, 1)"), make([]byte, 16)),
		v1(dictFor("|b1", false, "(3,)"), []byte{1, 0, 2}),
		npyFile(2, 64, `{"shape": (1,), "fortran_order": False, "descr": "<u2"}`, []byte{1, 2}),
		npyFile(3, 16, dictFor("<i4", true, "(2, 2)"), make([]byte, 16)),
	)
	for _, s := range slices.Clone(seeds) {
		// Truncations inside the prefix, the header and the data.
		for _, n := range []int{0, 5, 9, 20, len(s) / 2, len(s) - 1} {
			if n < len(s) {
				f.Add(s[:n])
			}
		}
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadNPY(bytes.NewReader(b))
		s, serr := ReadNPY(streamOnly{bytes.NewReader(b)})
		if (err == nil) != (serr == nil) {
			t.Fatalf("sized read error %v, streamed read error %v", err, serr)
		}
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Shape {
			if d < 0 {
				t.Fatalf("negative dimension in %v", a.Shape)
			}
			n *= d
		}
		if n != len(a.Data) {
			t.Fatalf("shape %v but %d values", a.Shape, len(a.Data))
		}
		if !slices.Equal(a.Shape, s.Shape) || a.Dtype != s.Dtype || len(a.Data) != len(s.Data) {
			t.Fatalf("sized and streamed reads disagree: %v %s / %v %s", a.Shape, a.Dtype, s.Shape, s.Dtype)
		}
		for i := range a.Data {
			if math.Float64bits(a.Data[i]) != math.Float64bits(s.Data[i]) {
				t.Fatalf("value %d differs between sized and streamed reads", i)
			}
		}
		_ = a.Tensor() // must not panic for any array that was read
	})
}

// FuzzReadNPZ feeds arbitrary bytes to the zip layer of ReadNPZ, seeded
// with archives of stored and deflated members. It must never panic, and
// reading only some members must agree with reading them all.
func FuzzReadNPZ(f *testing.F) {
	for _, deflate := range []bool{false, true} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i, shape := range roundTripShapes[:min(4, len(roundTripShapes))] {
			method := zip.Store
			if deflate {
				method = zip.Deflate
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("a%d.npy", i), Method: method})
			if err != nil {
				f.Fatal(err)
			}
			if err := WriteNPY(w, filled(i, shape...)); err != nil {
				f.Fatal(err)
			}
		}
		zw.Close()
		s := buf.Bytes()
		f.Add(s)
		for _, n := range []int{0, 22, 40, len(s) / 2, len(s) - 22, len(s) - 1} {
			if n >= 0 && n < len(s) {
				f.Add(s[:n])
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		all, names, err := readArchive(bytes.NewReader(b), int64(len(b)), "fuzz.npz", nil, nil)
		if err != nil {
			return
		}
		if len(all) != len(names) {
			t.Fatalf("%d arrays but %d names", len(all), len(names))
		}
		some, names2, err := readArchive(bytes.NewReader(b), int64(len(b)), "fuzz.npz",
			func(name string) bool { return strings.HasSuffix(name, "0") },
			func(string, []int, string) error { return nil })
		if err != nil {
			t.Fatalf("reading all members worked, reading some failed: %v", err)
		}
		if !slices.Equal(names, names2) {
			t.Fatalf("names %v, then %v", names, names2)
		}
		for name, a := range some {
			if !strings.HasSuffix(name, "0") {
				t.Fatalf("member %s was read though not wanted", name)
			}
			if len(a.Data) != len(all[name].Data) {
				t.Fatalf("member %s: %d values, then %d", name, len(all[name].Data), len(a.Data))
			}
		}
	})
}
