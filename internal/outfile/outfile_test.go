package outfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestOutfileWriteIsAtomic(t *testing.T) {
	var g Group
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := g.Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "one"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := g.Write(path, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("failed write: got %v, want %v", err, boom)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("after a failed write the file holds %q, want the old %q", b, "one")
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %v, want only a.txt", got)
	}
}

func TestOutfileStopDuringWrite(t *testing.T) {
	var g Group
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	err := g.Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a model")
		g.Stop() // the interrupt arrives while the file is being written
		if len(entries(t, dir)) != 0 {
			t.Errorf("Stop left the temporary file: %v", entries(t, dir))
		}
		return nil
	})
	if !errors.Is(err, ErrStopped) {
		t.Errorf("write interrupted by Stop: got %v, want ErrStopped", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("directory holds %v after an interrupted write, want nothing", got)
	}
	if err := g.Write(path, func(io.Writer) error { return nil }); !errors.Is(err, ErrStopped) {
		t.Errorf("write after Stop: got %v, want ErrStopped", err)
	}
}

func TestOutfileStopOnContext(t *testing.T) {
	var g Group
	ctx, cancel := context.WithCancel(context.Background())
	g.StopOn(ctx)
	dir := t.TempDir()
	err := g.Write(filepath.Join(dir, "p.svg"), func(io.Writer) error { cancel(); return nil })
	if !errors.Is(err, ErrStopped) {
		t.Errorf("write whose context ended: got %v, want ErrStopped", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("directory holds %v, want nothing", got)
	}
}

func TestOutfileProbe(t *testing.T) {
	dir := t.TempDir()
	if err := Probe(filepath.Join(dir, "new", "out")); err != nil {
		t.Errorf("Probe of a new folder: %v", err)
	}
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o644)
	if err := Probe(file); err == nil {
		t.Error("Probe of a regular file: no error")
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := Probe(ro); err == nil {
			t.Error("Probe of a read-only folder: no error")
		}
	}
}
