package lesson

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"dlfs/internal/npz"
	"dlfs/tensor"
)

// npyZeros is a .npy file of uint8 zeros of the given shape.
func npyZeros(shape string, n int) []byte {
	h := fmt.Sprintf("{'descr': '|u1', 'fortran_order': False, 'shape': %s, }", shape)
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	b := append([]byte("\x93NUMPY\x01\x00"), 0, 0)
	binary.LittleEndian.PutUint16(b[8:], uint16(len(h)+1))
	b = append(b, h+"\n"...)
	return append(b, make([]byte, n)...)
}

// TestFCN_5_LoadChecksTheChainFirst: a model whose layers are large and
// all there, deflated, but whose shapes do not chain, is refused from its
// headers, naming the layer, before anything is inflated.
func TestFCN_5_LoadChecksTheChainFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.npz")
	f, _ := os.Create(path)
	zw := zip.NewWriter(f)
	for _, m := range []struct {
		name, shape string
		n           int
	}{{"W1", "(4096, 784)", 4096 * 784}, {"B1", "(4096, 1)", 4096}, {"W2", "(4096, 4096)", 4096 * 4096}, {"B2", "(4096, 1)", 4096}, {"W3", "(10, 17)", 170}, {"B3", "(10, 1)", 10}} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: m.name + ".npy", Method: zip.Deflate})
		w.Write(npyZeros(m.shape, m.n))
	}
	zw.Close()
	f.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := loadColumnNet(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "W3 has shape [10 17]") {
		t.Errorf("got %v, want an error naming W3's shape", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("refusing the model allocated %d MB: its layers were inflated", got>>20)
	}
}

// TestFCN_5_LoadRefusesHugeWeights: weights far beyond any training's
// (×1e300, which overflow on the first product) are refused, naming the
// layer.
func TestFCN_5_LoadRefusesHugeWeights(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.npz")
	w := tensor.New(10, 784)
	w.Set(1e300, 3, 5)
	if err := npz.WriteNPZ(path, []string{"W1", "B1"}, []*tensor.Tensor{w, tensor.New(10, 1)}); err != nil {
		t.Fatal(err)
	}
	_, err := loadColumnNet(path)
	if err == nil || !strings.Contains(err.Error(), "W1 holds 1e+300") || !strings.Contains(err.Error(), "train it again") {
		t.Errorf("got %v, want an error naming W1 and its weight", err)
	}
}
