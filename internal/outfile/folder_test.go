package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutfilePrepare(t *testing.T) {
	root := t.TempDir()
	fresh := filepath.Join(root, "a", "b")
	if err := Prepare(fresh); err != nil {
		t.Fatalf("a new folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(fresh, Marker)); err != nil {
		t.Errorf("no marker in the new folder: %v", err)
	}
	if err := Prepare(fresh); err != nil {
		t.Errorf("a marked folder: %v", err)
	}
	mine := filepath.Join(root, "mine")
	os.Mkdir(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "index.html"), []byte("<h1>mine</h1>"), 0o644)
	err := Prepare(mine)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(mine, "index.html")) {
		t.Errorf("a folder holding the user's index.html: got %v, want an error naming it", err)
	}
	if _, err := os.Stat(filepath.Join(mine, Marker)); err == nil {
		t.Errorf("the refused folder was marked")
	}
	// A folder of an older dlfs, whose pages Adopt recognises.
	old := filepath.Join(root, "old")
	os.Mkdir(old, 0o755)
	os.WriteFile(filepath.Join(old, "ch04.json"), []byte("ours"), 0o644)
	defer func(a func(string) string) { Adopt = a }(Adopt)
	Adopt = func(dir string) string {
		if b, _ := os.ReadFile(filepath.Join(dir, "ch04.json")); string(b) != "ours" {
			return "ch04.json"
		}
		return ""
	}
	if err := Prepare(old); err != nil {
		t.Errorf("an older dlfs's folder: %v", err)
	}
}

func TestOutfileLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan bool)
	go func() {
		u, err := Lock(dir)
		if err == nil {
			u()
		}
		got <- true
	}()
	select {
	case <-got:
		t.Errorf("a second Lock did not wait for the first")
	default:
	}
	unlock()
	<-got
}
