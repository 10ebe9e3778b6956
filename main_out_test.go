package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dlfs/internal/outfile"
)

// runDLFS runs the binary in dir with a generous deadline and returns its
// exit status and what it printed on stderr.
func runDLFS(t *testing.T, bin, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), stderr.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, stderr.String()
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%v did not end within 2 minutes:\n%s", args, stderr.String())
		return -1, ""
	}
}

// TestMainOutFolder: every section, even one that draws nothing, runs in a
// fresh folder; a folder holding files dlfs did not write is refused
// before any work, naming the file and leaving it as it was; named pipes
// and devices among the pages neither block nor fill the memory.
func TestMainOutFolder(t *testing.T) {
	bin := buildDLFS(t)
	isolate(t, "")
	work := t.TempDir()
	for _, sec := range []string{"4.2.3", "5.4.1", "5.5"} {
		os.RemoveAll(filepath.Join(work, "dlfs-out"))
		if rc, stderr := runDLFS(t, bin, work, "-section="+sec); rc != 0 {
			t.Errorf("-section=%s in a fresh folder: exit %d, want 0:\n%s", sec, rc, stderr)
		}
		if _, err := os.Stat(filepath.Join(work, "dlfs-out", "index.html")); err != nil {
			t.Errorf("-section=%s: no lesson page: %v", sec, err)
		}
	}

	mine := "<h1>mine</h1>\n"
	for _, name := range []string{"index.html", "ch05.json", "notes.txt"} {
		site := filepath.Join(t.TempDir(), "site")
		os.Mkdir(site, 0o755)
		os.WriteFile(filepath.Join(site, name), []byte(mine), 0o644)
		rc, stderr := runDLFS(t, bin, work, "-section=5.4.1", "-out="+site)
		if rc != 2 || !strings.Contains(stderr, filepath.Join(site, name)) || !strings.Contains(stderr, "did not write") {
			t.Errorf("-out holding the user's %s: exit %d, want 2 and a message naming the file:\n%s", name, rc, stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(site, name)); string(b) != mine {
			t.Errorf("the user's %s was changed to %q", name, b)
		}
		if entries, _ := os.ReadDir(site); len(entries) != 1 {
			t.Errorf("the refused run wrote into the user's folder: %d entries", len(entries))
		}
	}

	// A pipe, a link to /dev/zero: refused in a folder that is not dlfs's,
	// skipped (not read) among the pages of one that is.
	weird := filepath.Join(t.TempDir(), "weird")
	os.Mkdir(weird, 0o755)
	if err := mkfifo(filepath.Join(weird, "x.json")); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if rc, stderr := runDLFS(t, bin, work, "-section=4.2.1", "-out="+weird); rc != 2 || !strings.Contains(stderr, "x.json") {
		t.Errorf("a pipe in a folder dlfs did not make: exit %d, want 2 naming it:\n%s", rc, stderr)
	}
	os.WriteFile(filepath.Join(weird, outfile.Marker), nil, 0o644)
	os.Symlink("/dev/zero", filepath.Join(weird, "y.json"))
	if rc, stderr := runDLFS(t, bin, work, "-section=4.2.1", "-out="+weird); rc != 0 {
		t.Errorf("a pipe and a link to /dev/zero among dlfs's pages: exit %d, want 0 (both skipped):\n%s", rc, stderr)
	}
	mkfifo(filepath.Join(weird, "ch05.json"))
	if rc, stderr := runDLFS(t, bin, work, "-section=5.4.1", "-out="+weird); rc != 2 || !strings.Contains(stderr, "not a regular file") || strings.Contains(stderr, "§5.4.1") {
		t.Errorf("a pipe where the chapter's page goes: exit %d, want 2 saying it is not a regular file, before the section:\n%s", rc, stderr)
	}
	if fi, err := os.Lstat(filepath.Join(weird, "ch05.json")); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced")
	}
}

// TestMainOutCheckedFirst: an -out where nothing can be written is a usage
// error before a long section starts.
func TestMainOutCheckedFirst(t *testing.T) {
	bin := buildDLFS(t)
	isolate(t, "")
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	start := time.Now()
	rc, stderr := runDLFS(t, bin, t.TempDir(), "-section=4.5.1", "-hidden=300", "-out="+filepath.Join(file, "out"))
	if rc != 2 || !strings.Contains(stderr, "-out=") || strings.Contains(stderr, "numerical gradient") {
		t.Errorf("-out under a file: exit %d after %v, want 2 before any work:\n%s", rc, time.Since(start), stderr)
	}
}

// TestMainListToAFullDisk: -list whose output cannot be written fails.
func TestMainListToAFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	for _, args := range [][]string{{"-list"}, {}} {
		if err := run(context.Background(), args, full, io.Discard); err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("%v to /dev/full: got %v, want the write's error", args, err)
		}
	}
}

// TestMainFCNNeedsAFullBatch: note 001's training on fewer images than
// its mini-batch of 128 would make no update: refused before it starts,
// with no model saved; -load, which trains nothing, still runs.
func TestMainFCNNeedsAFullBatch(t *testing.T) {
	data := writeMNIST(t, 100, 20)
	out := filepath.Join(t.TempDir(), "out")
	var stdout bytes.Buffer
	err := run(context.Background(), []string{"-chapter=fcn", "-epochs=1", "-data=" + data, "-out=" + out}, &stdout, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "needs at least 128 training images") || !strings.Contains(err.Error(), "has 100") {
		t.Errorf("fcn on 100 images: got %v, want an error saying 128 are needed", err)
	}
	if _, err := os.Stat(filepath.Join(out, "fcn_model.npz")); err == nil {
		t.Errorf("a model was saved")
	}
}

// TestMainLoadNotARegularFile: a named pipe or a device given to -load is
// refused at once instead of blocking (and swallowing the first Ctrl-C).
func TestMainLoadNotARegularFile(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "model.npz")
	if err := mkfifo(pipe); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, path := range []string{pipe, "/dev/zero"} {
		done := make(chan error, 1)
		go func() {
			done <- run(context.Background(), []string{"-chapter=fcn", "-load=" + path, "-out=" + t.TempDir()}, io.Discard, io.Discard)
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("-load=%s: got %v, want an error saying it is not a regular file", path, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("-load=%s still blocks after 30 s", path)
		}
	}
}
