package npz

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// python is the interpreter tried for the NumPy cross-checks: the system
// one, since the python3 first on PATH may be a separate installation
// without NumPy.
const python = "/usr/bin/python3"

// needNumPy skips the test unless python can import numpy.
func needNumPy(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import numpy").Run(); err != nil {
		t.Skipf("%s with numpy not available (%v); skipping the NumPy cross-check", python, err)
	}
}

// runPython runs a script with arguments and returns its standard output.
func runPython(t *testing.T, script string, args ...string) string {
	t.Helper()
	cmd := exec.Command(python, append([]string{"-c", script}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += "\n" + string(ee.Stderr)
		}
		t.Fatalf("python failed: %s", msg)
	}
	return string(out)
}

// checksum is the SHA-256 of the values as little-endian float64 bytes,
// the same that the Python side computes.
func checksum(vals []float64) string {
	b := make([]byte, 0, 8*len(vals))
	for _, v := range vals {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestNumPyLoadsOurNPZ(t *testing.T) {
	needNumPy(t)
	path := filepath.Join(t.TempDir(), "params.npz")
	names, ts := roundTripSet()
	if err := WriteNPZ(path, names, ts); err != nil {
		t.Fatal(err)
	}
	const script = `
import hashlib, sys
import numpy as np
with np.load(sys.argv[1]) as z:
    for name in z.files:
        a = z[name]
        h = hashlib.sha256(np.ascontiguousarray(a, dtype='<f8').tobytes()).hexdigest()
        print(name, a.dtype.str, list(a.shape), h)
`
	var want strings.Builder
	for i, n := range names {
		shape := strings.ReplaceAll(fmt.Sprint(ts[i].Shape()), " ", ", ")
		fmt.Fprintln(&want, n, "<f8", shape, checksum(ts[i].Data()))
	}
	if got := runPython(t, script, path); got != want.String() {
		t.Errorf("np.load sees\n%s\nwant\n%s", got, want.String())
	}
}

func TestReadNPZNumPyFiles(t *testing.T) {
	needNumPy(t)
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.npz")
	packed := filepath.Join(dir, "packed.npz")
	single := filepath.Join(dir, "cube.npy")
	const script = `
import sys
import numpy as np
m = np.arange(12, dtype=np.float64).reshape(3, 4) / 7
cube = np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 1.5)
assert cube.flags.f_contiguous and not cube.flags.c_contiguous
arrays = dict(
    m=m,
    fort=np.asfortranarray(m),
    f32=m.astype(np.float32),
    i64=np.array([-3, 0, 2**53, -2**53, 7], dtype=np.int64),
    u8=np.array([[0, 255], [128, 1]], dtype=np.uint8),
    flags=np.array([True, False, True]),
    big=m.astype('>f8'),
    scalar=np.float64(2.5),
    special=np.array([-0.0, np.inf, -np.inf, 5e-324]),
)
np.savez(sys.argv[1], **arrays)
np.savez_compressed(sys.argv[2], **arrays)
np.save(sys.argv[3], cube)
`
	runPython(t, script, plain, packed, single)

	m := make([]float64, 12)
	f32 := make([]float64, 12)
	for i := range m {
		m[i] = float64(i) / 7
		f32[i] = float64(float32(m[i]))
	}
	want := []struct {
		name  string
		dtype string
		shape []int
		data  []float64
	}{
		{"m", "<f8", []int{3, 4}, m},
		{"fort", "<f8", []int{3, 4}, m},
		{"f32", "<f4", []int{3, 4}, f32},
		{"i64", "<i8", []int{5}, []float64{-3, 0, 1 << 53, -(1 << 53), 7}},
		{"u8", "|u1", []int{2, 2}, []float64{0, 255, 128, 1}},
		{"flags", "|b1", []int{3}, []float64{1, 0, 1}},
		{"big", ">f8", []int{3, 4}, m},
		{"scalar", "<f8", []int{}, []float64{2.5}},
		{"special", "<f8", []int{4}, []float64{math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64}},
	}
	for _, path := range []string{plain, packed} {
		arrays, names, err := ReadNPZ(path)
		if err != nil {
			t.Fatal(err)
		}
		var wantNames []string
		for _, w := range want {
			wantNames = append(wantNames, w.name)
			a := arrays[w.name]
			if a == nil {
				t.Errorf("%s: array %q missing", path, w.name)
				continue
			}
			if a.Dtype != w.dtype || !slices.Equal(a.Shape, w.shape) {
				t.Errorf("%s: %s read as %s %v, want %s %v", path, w.name, a.Dtype, a.Shape, w.dtype, w.shape)
				continue
			}
			sameBits(t, filepath.Base(path)+" "+w.name, a.Data, w.data)
		}
		if !slices.Equal(names, wantNames) {
			t.Errorf("%s: names %v, want %v", path, names, wantNames)
		}
	}

	a, err := ReadNPYFile(single)
	if err != nil {
		t.Fatal(err)
	}
	cube := make([]float64, 24)
	for i := range cube {
		cube[i] = float64(i) * 1.5
	}
	if !slices.Equal(a.Shape, []int{2, 3, 4}) {
		t.Fatalf("Fortran-order cube has shape %v", a.Shape)
	}
	sameBits(t, "Fortran-order cube", a.Data, cube)
	if got := a.Tensor().At(1, 2, 3); got != 23*1.5 {
		t.Errorf("cube[1, 2, 3] = %v, want %v", got, 23*1.5)
	}
}
