package lesson

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"dlfs/internal/npz"
	"dlfs/tensor"
)

func TestSectionNeedsCoverEverySection(t *testing.T) {
	for _, c := range Chapters {
		for _, s := range c.Sections {
			if _, ok := needsOf(s); !ok {
				t.Errorf("§%s is missing from sectionNeeds in needs.go: say which flags it reads and how many images it needs", s.ID)
			}
		}
	}
}

// saveModel writes a 784-3-10 model with W1 B1 W2 B2 to a new .npz file,
// after edit has had its way with the tensors.
func saveModel(t *testing.T, edit func(ts []*tensor.Tensor)) string {
	t.Helper()
	ts := []*tensor.Tensor{tensor.New(3, 784), tensor.New(3, 1), tensor.New(10, 3), tensor.New(10, 1)}
	if edit != nil {
		edit(ts)
	}
	path := filepath.Join(t.TempDir(), "model.npz")
	if err := npz.WriteNPZ(path, []string{"W1", "B1", "W2", "B2"}, ts); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadRejectsNonFiniteAndEmptyModels(t *testing.T) {
	if _, err := loadColumnNet(saveModel(t, nil)); err != nil {
		t.Fatalf("a good model: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func([]*tensor.Tensor)
		want string
	}{
		{"NaN", func(ts []*tensor.Tensor) { ts[0].Data()[5] = math.NaN() }, "W1 holds NaN at index 5"},
		{"Inf", func(ts []*tensor.Tensor) { ts[3].Data()[9] = math.Inf(-1) }, "B2 holds -Inf at index 9"},
		{"empty layer", func(ts []*tensor.Tensor) { ts[2] = tensor.New(10, 0) }, "W2 has shape [10 0]: an empty layer"},
	} {
		_, err := loadColumnNet(saveModel(t, c.edit))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "-load: npz: ") {
			t.Errorf("%s: got %v, want an error saying %q", c.name, err, c.want)
		}
	}
}

func TestLoadReadsOnlyTheModel(t *testing.T) {
	// The model of saveModel plus a member of 2^24 zero bytes, deflated
	// to a few dozen KB, that loadColumnNet must not inflate.
	good, err := os.ReadFile(saveModel(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		zw.Copy(f)
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "junk.npy", Method: zip.Deflate})
	npz.WriteNPY(w, tensor.New(1<<21))
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.npz")
	os.WriteFile(path, buf.Bytes(), 0o644)

	var before, after runtimeStats
	before.read()
	_, err = loadColumnNet(path)
	after.read()
	if err != nil {
		t.Fatal(err)
	}
	if got := after.total - before.total; got > 4<<20 {
		t.Errorf("loading a 23 KB model allocated %d MB: the unused member was inflated", got>>20)
	}
}

func TestDidNotLearnFails(t *testing.T) {
	r := &Runner{Config: Defaults()}
	r.LR = 1e9
	r.checkLearned(0.5, []float64{2.3, 1})
	r.checkLearned(0.098, []float64{2.3, 2.2, 2.1}) // a short run still learning
	r.checkLearned(0.1, []float64{2.3, 2.3, 2.3})   // stuck: more updates, not a smaller -lr
	if r.failed != nil {
		t.Fatalf("a run that learns: %v", r.failed)
	}
	r.checkLearned(0.098, []float64{2.3, 9, 14, 15})
	if r.failed == nil || !strings.Contains(r.failed.Error(), "try a smaller -lr") {
		t.Errorf("a run at chance whose loss grew: %v, want advice on -lr", r.failed)
	}
}

// TestInterruptibleReturnsAtOnce checks the helper Run runs each section
// with: a section that would go on for long is abandoned as soon as the
// context ends. (main_test.go sends a real interrupt to the command.)
func TestInterruptibleReturnsAtOnce(t *testing.T) {
	release := make(chan struct{})
	defer close(release) // let the abandoned goroutine end with the test
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := interruptible(ctx, func() (int, error) { <-release; return 1, nil })
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("got %v, want ErrInterrupted", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("returned after %v, want soon after the cancel at 0.1 s", took)
	}
	// A step that ends by itself returns its result; one that fails with
	// the context's error counts as interrupted too.
	if v, err := interruptible(context.Background(), func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Errorf("a step that finishes: got %d, %v", v, err)
	}
	if _, err := interruptible(ctx, func() (int, error) { return 0, ctx.Err() }); !errors.Is(err, ErrInterrupted) {
		t.Errorf("a step stopped by the context: got %v, want ErrInterrupted", err)
	}
}

type runtimeStats struct{ total uint64 }

func (s *runtimeStats) read() {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	s.total = m.TotalAlloc
}
