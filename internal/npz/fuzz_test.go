package npz

import (
	"bytes"
	"math"
	"slices"
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
