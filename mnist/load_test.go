package mnist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeFiles builds the four files of a small MNIST look-alike with nTrain
// and nTest 28x28 images, gzipped, keyed by file name. Image i of a split
// has every pixel equal to i (mod 256) plus the split number and label
// i%10.
func fakeFiles(nTrain, nTest int) map[string][]byte {
	images := func(n, split int) []byte {
		px := make([]byte, n*784)
		for i := range n {
			for j := range 784 {
				px[i*784+j] = byte(i + split)
			}
		}
		return gzipBytes(idxBytes([]int{n, 28, 28}, px))
	}
	labels := func(n int) []byte {
		l := make([]byte, n)
		for i := range l {
			l[i] = byte(i % 10)
		}
		return gzipBytes(idxBytes([]int{n}, l))
	}
	return map[string][]byte{
		TrainImagesFile: images(nTrain, 0),
		TrainLabelsFile: labels(nTrain),
		TestImagesFile:  images(nTest, 1),
		TestLabelsFile:  labels(nTest),
	}
}

// sumsOf returns the SHA-256 of each file, to stand in for the real sums.
func sumsOf(files map[string][]byte) map[string]string {
	sums := map[string]string{}
	for name, b := range files {
		h := sha256.Sum256(b)
		sums[name] = hex.EncodeToString(h[:])
	}
	return sums
}

// writeFiles writes files into dir; rename maps a standard name to the
// name to use on disk, and gunzip stores the files uncompressed.
func writeFiles(t *testing.T, dir string, files map[string][]byte, gunzip bool, rename func(string) string) {
	t.Helper()
	for name, b := range files {
		if gunzip {
			idx, err := ReadIDX(strings.NewReader(string(b)), name)
			if err != nil {
				t.Fatal(err)
			}
			b = idxBytes(idx.Dims, idx.Data)
			name = strings.TrimSuffix(name, ".gz")
		}
		if rename != nil {
			name = rename(name)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// noEnv makes sure $MNIST_DIR does not leak into a test from outside.
func noEnv(t *testing.T) { t.Setenv(EnvDir, ""); t.Setenv(EnvMirror, "") }

func TestMNISTLoadDir(t *testing.T) {
	noEnv(t)
	files := fakeFiles(20, 10)
	for _, c := range []struct {
		name   string
		gunzip bool
		rename func(string) string
	}{
		{"gzipped", false, nil},
		{"uncompressed", true, nil},
		{"dotted", true, func(s string) string { return strings.Replace(s, "-idx", ".idx", 1) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, files, c.gunzip, c.rename)
			d, err := Load(context.Background(), Options{Dir: dir, CacheDir: t.TempDir(), Mirrors: []string{}})
			if err != nil {
				t.Fatal(err)
			}
			if d.Train.Len() != 20 || d.Test.Len() != 10 || d.Synthetic || d.Source != dir || d.Banner != "" {
				t.Fatalf("got %d/%d images, synthetic %v, source %q", d.Train.Len(), d.Test.Len(), d.Synthetic, d.Source)
			}
			if d.Train.Rows != 28 || d.Train.Cols != 28 || d.Train.Label(13) != 3 || d.Test.Image(4)[100] != 5 {
				t.Error("wrong content")
			}
		})
	}
}

func TestMNISTLoadEnv(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, fakeFiles(20, 10), false, nil)
	t.Setenv(EnvDir, dir)
	d, err := Load(context.Background(), Options{CacheDir: t.TempDir(), Mirrors: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Source != dir || d.Train.Len() != 20 {
		t.Fatalf("source %q, %d images", d.Source, d.Train.Len())
	}

	// Options.Dir wins over $MNIST_DIR.
	other := t.TempDir()
	writeFiles(t, other, fakeFiles(30, 10), false, nil)
	d, err = Load(context.Background(), Options{Dir: other})
	if err != nil || d.Source != other || d.Train.Len() != 30 {
		t.Fatalf("Dir should take precedence over $MNIST_DIR: %v", err)
	}
}

func TestMNISTLoadNamedSourceErrors(t *testing.T) {
	good := fakeFiles(20, 10)
	cut := func(b []byte) []byte { return b[:len(b)/2] }
	badLabels := fakeFiles(20, 10)
	lbl := make([]byte, 20)
	lbl[7] = 12
	badLabels[TrainLabelsFile] = gzipBytes(idxBytes([]int{20}, lbl))
	mismatch := fakeFiles(20, 10)
	mismatch[TrainLabelsFile] = fakeFiles(19, 10)[TrainLabelsFile]
	swapped := fakeFiles(20, 10)
	swapped[TestImagesFile], swapped[TestLabelsFile] = swapped[TestLabelsFile], swapped[TestImagesFile]
	wrongSize := fakeFiles(20, 10)
	wrongSize[TestImagesFile] = gzipBytes(idxBytes([]int{10, 32, 32}, make([]byte, 10*32*32)))

	for _, c := range []struct {
		name  string
		files map[string][]byte
		drop  string
		want  []string
	}{
		{"missing file", good, TestLabelsFile, []string{"no t10k-labels-idx1-ubyte.gz (also looked for t10k-labels-idx1-ubyte, t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz)"}},
		{"truncated", map[string][]byte{TrainImagesFile: cut(good[TrainImagesFile]), TrainLabelsFile: good[TrainLabelsFile], TestImagesFile: good[TestImagesFile], TestLabelsFile: good[TestLabelsFile]}, "", []string{"train-images-idx3-ubyte.gz: truncated", "get a fresh copy"}},
		{"bad label", badLabels, "", []string{"label 12 at index 7 is not a digit 0-9"}},
		{"count mismatch", mismatch, "", []string{"holds 20 images but", "holds 19 labels"}},
		{"swapped files", swapped, "", []string{"t10k-images-idx3-ubyte.gz: has 1 dimension(s) [10], but an image file has 3"}},
		{"not 28x28", wrongSize, "", []string{"images are 32x32, but MNIST images are 28x28"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string][]byte{}
			for k, v := range c.files {
				if k != c.drop {
					files[k] = v
				}
			}
			writeFiles(t, dir, files, false, nil)
			// As -data: the error names the directory and the fix.
			_, err := Load(context.Background(), Options{Dir: dir, CacheDir: t.TempDir(), Mirrors: []string{}})
			checkErr(t, err, append(c.want, dir, "the only place searched", "leave out the data directory")...)
			// As $MNIST_DIR: no silent fallback either.
			t.Setenv(EnvDir, dir)
			d, err := Load(context.Background(), Options{CacheDir: t.TempDir(), Mirrors: []string{}})
			if d != nil {
				t.Fatal("a bad $MNIST_DIR must not fall back to other data")
			}
			checkErr(t, err, append(c.want, "$MNIST_DIR=", "unset MNIST_DIR")...)
		})
	}
}

func TestMNISTLoadDirNotThere(t *testing.T) {
	noEnv(t)
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := Load(context.Background(), Options{Dir: missing})
	checkErr(t, err, "directory "+missing+" does not exist")

	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	_, err = Load(context.Background(), Options{Dir: file})
	checkErr(t, err, "is a file, not a directory")
}

func checkErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

// realMNISTDir finds the real data set through $MNIST_DIR or, when that is
// not set, in the cache that `go run .` fills. A relative $MNIST_DIR is
// tried as given and then from the module root (the directory with
// go.mod), because CI sets MNIST_DIR=../shared/mnist relative to the
// repository while tests run in the package directory.
func realMNISTDir(t *testing.T) string {
	t.Helper()
	dir, why := findRealMNIST()
	if dir == "" {
		t.Skip(why)
	}
	return dir
}

// findRealMNIST returns the folder with the real MNIST, or "" and a line
// saying how to get it.
func findRealMNIST() (dir, why string) {
	env := os.Getenv(EnvDir)
	if env == "" {
		cache, err := DefaultCacheDir()
		if err == nil {
			if _, err := os.Stat(filepath.Join(cache, TestLabelsFile)); err == nil {
				return cache, ""
			}
		}
		return "", fmt.Sprintf("real MNIST not found: run `go run . -section=4.9` once (it downloads into %s) or set MNIST_DIR to a folder with the four .gz files", cache)
	}
	candidates := []string{env}
	if !filepath.IsAbs(env) {
		if root, err := moduleRoot(); err == nil {
			candidates = append(candidates, filepath.Join(root, env))
		}
	}
	for _, c := range candidates {
		if _, err := os.Stat(filepath.Join(c, TrainImagesFile)); err == nil {
			return c, ""
		}
	}
	return "", fmt.Sprintf("real MNIST not found: $MNIST_DIR=%q has no %s (looked in %s); point it at the folder with the four .gz files", env, TrainImagesFile, strings.Join(candidates, " or "))
}

// moduleRoot walks up from the working directory to the one with go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func TestMNISTRealData(t *testing.T) {
	dir := realMNISTDir(t)
	d, err := Load(context.Background(), Options{Dir: dir, NoSynthetic: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 60000 || d.Test.Len() != 10000 {
		t.Fatalf("%d training and %d test images, want 60000 and 10000", d.Train.Len(), d.Test.Len())
	}
	if len(d.Train.Pixels) != 60000*784 || cap(d.Train.Pixels) != 60000*784 {
		t.Errorf("training pixels: len %d cap %d, want exactly 47040000", len(d.Train.Pixels), cap(d.Train.Pixels))
	}
	if got := fmt.Sprint(d.Train.LabelsOf(nil, []int{0, 1, 2, 3, 4})); got != "[5 0 4 1 9]" {
		t.Errorf("first training labels %s, want [5 0 4 1 9]", got)
	}
	if got := fmt.Sprint(d.Test.LabelsOf(nil, []int{0, 1, 2, 3, 4})); got != "[7 2 1 0 4]" {
		t.Errorf("first test labels %s, want [7 2 1 0 4]", got)
	}
	// Every class is present in roughly its usual share (5421 to 6742).
	var counts [10]int
	for _, l := range d.Train.Labels {
		counts[l]++
	}
	for c, n := range counts {
		if n < 5000 || n > 7000 {
			t.Errorf("class %d has %d training images", c, n)
		}
	}
	// The mean pixel of MNIST is about 0.1307·255 = 33.3.
	var sum int64
	for _, p := range d.Train.Pixels {
		sum += int64(p)
	}
	if mean := float64(sum) / float64(len(d.Train.Pixels)); mean < 32 || mean > 35 {
		t.Errorf("mean training pixel %.2f, want about 33.3", mean)
	}
	x := d.Train.Batch(nil, []int{0}).Data()
	maxv := 0.0
	for _, v := range x {
		maxv = max(maxv, v)
		if k := math.Round(v * 255); k < 0 || k > 255 || k/255 != v {
			t.Fatalf("value %v is not k/255 for an integer k in 0..255", v)
		}
	}
	if maxv != 1 {
		t.Errorf("max of image 0 is %v, want exactly 1", maxv)
	}
}
