package mnist

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// bomb returns a gzipped image file whose header claims 900,000 images
// (706 MB) but that holds only 720 KB of random pixels: small enough to
// pass the check against the gzip's size (DEFLATE could inflate 720 KB to
// 743 MB), so only reading what really arrives keeps the cost down.
func bomb() []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	px := make([]byte, 720<<10)
	for i := range px {
		px[i] = byte(rng.Uint32())
	}
	return gzipBytes(idxBytes([]int{90_000, 28, 28}, px))
}

func TestMNISTBombReadIDXAllocatesWhatArrives(t *testing.T) {
	b := bomb()
	for _, r := range []struct {
		name string
		r    func() *bytes.Reader
	}{{"sized", func() *bytes.Reader { return bytes.NewReader(b) }}} {
		var err error
		got := allocated(func() { _, err = ReadIDX(r.r(), "bomb.gz") })
		checkErr(t, err, "truncated: the header says 90000 images of 28x28 (70560000 bytes) but only 737280 bytes of data follow")
		if got > 8<<20 {
			t.Errorf("%s: a %d KB file claiming 71 MB allocated %d MB, want at most a few times what it holds", r.name, len(b)>>10, got>>20)
		}
	}
}

func TestMNISTBombHeadersComparedBeforeInflating(t *testing.T) {
	noEnv(t)
	dir := t.TempDir()
	files := fakeFiles(10, 10)
	files[TrainImagesFile] = bomb()
	writeFiles(t, dir, files, false, nil)
	var err error
	got := allocated(func() { _, err = Load(context.Background(), Options{Dir: dir}) })
	checkErr(t, err, "holds 90000 images but", "holds 10 labels")
	if got > 2<<20 {
		t.Errorf("rejecting mismatched headers allocated %d MB: the images were inflated first", got>>20)
	}
}

func TestMNISTBombCacheVerifiedBeforeDecompressing(t *testing.T) {
	files := fakeFiles(10, 10)
	m := newMirror(t, serve(files))
	opt, _ := testOptions(t, files, m)
	os.MkdirAll(opt.CacheDir, 0o755)
	writeFiles(t, opt.CacheDir, files, false, nil)
	os.WriteFile(filepath.Join(opt.CacheDir, TrainImagesFile), bomb(), 0o644)
	var err error
	got := allocated(func() { _, err = Load(context.Background(), opt) })
	if err != nil {
		t.Fatal(err)
	}
	if got > 8<<20 {
		t.Errorf("a bomb in the cache cost %d MB: it was decompressed before its SHA-256 was checked", got>>20)
	}
	if m.requests.Load() != 1 {
		t.Errorf("%d downloads, want 1 (the damaged file only)", m.requests.Load())
	}
	checkCache(t, opt.CacheDir, files)
}

func TestMNISTStalePartRemovedFromCompleteCache(t *testing.T) {
	files := fakeFiles(10, 10)
	m := newMirror(t, serve(files))
	opt, _ := testOptions(t, files, m)
	os.MkdirAll(opt.CacheDir, 0o755)
	writeFiles(t, opt.CacheDir, files, false, nil)
	part := filepath.Join(opt.CacheDir, TrainImagesFile+".99.part") // left by kill -9
	os.WriteFile(part, []byte("half"), 0o644)
	old := time.Now().Add(-10 * time.Minute)
	os.Chtimes(part, old, old)
	if _, err := Load(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(part); err == nil {
		t.Error("the stale .part file is still in the complete cache")
	}
	if m.requests.Load() != 0 {
		t.Errorf("%d downloads for a complete cache", m.requests.Load())
	}
}
