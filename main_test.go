package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dlfs/internal/lesson"
	"dlfs/internal/outfile"
)

func TestMainUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), nil, &out, &errOut); err != nil {
		t.Fatalf("go run . with no flags: %v", err)
	}
	for _, want := range []string{"usage: go run . -chapter=4", "-seed", "4.5.2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"-list"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "4.4.1") {
		t.Errorf("-list: err %v, output:\n%s", err, out.String())
	}
}

func TestMainBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-chapter=4", "-lr=-1"}, "-lr=-1"},
		{[]string{"-chapter=4", "-lr=NaN"}, "-lr=NaN"},
		{[]string{"-chapter=4", "-iters=0"}, "-iters=0"},
		{[]string{"-chapter=4", "-batch=-5"}, "-batch=-5"},
		{[]string{"-chapter=4", "-hidden=0"}, "-hidden=0"},
		{[]string{"-chapter=7"}, "no chapter \"7\""},
		{[]string{"-section=4.42"}, "no section \"4.42\""},
		{[]string{"-iters=many", "-chapter=4"}, "invalid value"},
		{[]string{"-chapter=4", "extra"}, "unexpected argument"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), c.args, &out, &errOut)
		if !errors.Is(err, lesson.ErrUsage) {
			t.Errorf("%v: got %v, want a usage error (exit status 2)", c.args, err)
			continue
		}
		if msg := err.Error() + errOut.String(); !strings.Contains(msg, c.want) {
			t.Errorf("%v: error %q does not mention %q", c.args, msg, c.want)
		}
	}
}

func TestMainSection(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-section=4.3.3", "-out=" + t.TempDir()}, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "6.00000000000378") {
		t.Errorf("-section=4.3.3 output lacks the partial derivative 6.00000000000378:\n%s", out.String())
	}
}

func TestFCN_MainLoadNeedsFCN(t *testing.T) {
	err := run(context.Background(), []string{"-chapter=4", "-load=x.npz"}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, lesson.ErrUsage) || !strings.Contains(err.Error(), "-chapter=fcn") {
		t.Errorf("-load with chapter 4: got %v, want a usage error pointing to -chapter=fcn", err)
	}
	err = run(context.Background(), []string{"-chapter=fcn", "-epochs=0"}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, lesson.ErrUsage) {
		t.Errorf("-epochs=0: got %v, want a usage error", err)
	}
}

// writeMNIST writes four gzipped IDX files of blank-ish images into a new
// directory: train training and test test images.
func writeMNIST(t *testing.T, train, test int) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, dims []int, fill func(i int) byte) {
		var raw bytes.Buffer
		raw.Write([]byte{0, 0, 8, byte(len(dims))})
		n := 1
		for _, d := range dims {
			binary.Write(&raw, binary.BigEndian, uint32(d))
			n *= d
		}
		for i := range n {
			raw.WriteByte(fill(i))
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(raw.Bytes())
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, name), gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []struct {
		prefix string
		n      int
	}{{"train", train}, {"t10k", test}} {
		write(s.prefix+"-images-idx3-ubyte.gz", []int{s.n, 28, 28}, func(i int) byte { return byte(i * 7 % 251) })
		write(s.prefix+"-labels-idx1-ubyte.gz", []int{s.n}, func(i int) byte { return byte(i % 10) })
	}
	return dir
}

// isolate points MNIST_DIR at dir and the cache at an empty folder, so that
// nothing is downloaded from a real host.
func isolate(t *testing.T, dir string) {
	t.Setenv("MNIST_DIR", dir)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

func TestMainFlagsCheckedAgainstData(t *testing.T) {
	data := writeMNIST(t, 2, 5)
	big := writeMNIST(t, 300, 20)
	out := t.TempDir()
	file := filepath.Join(out, "a-file")
	os.WriteFile(file, nil, 0o644)
	for _, c := range []struct {
		data  string
		args  []string
		usage bool
		want  string
	}{
		{big, []string{"-section=4.5.2", "-batch=9223372036854775807"}, true, "-batch=9223372036854775807 is more than the 300 training images"},
		{big, []string{"-section=4.5.2", "-batch=1000000"}, true, "use at most -batch=300"},
		{big, []string{"-section=4.5.2", "-hidden=9223372036854775807"}, true, "-hidden=9223372036854775807 with -batch=100 needs about"},
		{big, []string{"-section=4.5.1", "-hidden=10000000"}, true, "use at most -hidden="},
		{big, []string{"-section=4.5.2", "-iters=4000000000"}, true, "-iters=4000000000 would keep 29.8 GB of losses"},
		{big, []string{"-chapter=fcn", "-epochs=9223372036854775807"}, true, "use at most -epochs="},
		{big, []string{"-chapter=6", "-lr=0.5"}, true, "-lr is not used by chapter 6"},
		{big, []string{"-section=6.1.8", "-batch=10"}, true, "-batch is not used by §6.1.8"},
		{big, []string{"-chapter=4", "-epochs=3"}, true, "-epochs is used by §fcn.3, §fcn.4, §fcn.5 (-chapter=fcn)"},
		{big, []string{"-chapter=4", "-out=" + file}, true, "-out=" + file + ": cannot write"},
		{big, []string{"-chapter=fcn", "-load=" + filepath.Join(out, "missing.npz")}, true, "missing.npz: no such file"},
		{data, []string{"-section=5.7.3"}, false, "§5.7.3 needs at least 3 training images, but the data set (" + data + ") has 2"},
		{data, []string{"-section=6.1.8"}, false, "§6.1.8 needs at least 128 training images"},
		{big, []string{"-section=6.3.2"}, false, "§6.3.2 needs at least 1000 training images"},
	} {
		isolate(t, c.data)
		if c.data == big && strings.Contains(c.want, "128") {
			isolate(t, writeMNIST(t, 100, 5))
		}
		var stdout, stderr bytes.Buffer
		args := append([]string{"-out=" + filepath.Join(out, "pictures")}, c.args...)
		err := run(context.Background(), args, &stdout, &stderr)
		if err == nil {
			t.Errorf("%v: no error, want %q", c.args, c.want)
			continue
		}
		if errors.Is(err, lesson.ErrUsage) != c.usage {
			t.Errorf("%v: error %v: usage error (exit 2) is %v, want %v", c.args, err, !c.usage, c.usage)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %q does not say %q", c.args, err, c.want)
		}
		if strings.Contains(stdout.String(), "§") && !strings.Contains(c.want, "needs") {
			t.Errorf("%v: a section started before the flags were rejected:\n%s", c.args, stdout.String())
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(out, "pictures")); len(slices.DeleteFunc(entries, isMarker)) != 0 {
		t.Errorf("rejected runs wrote %d files", len(entries))
	}
}

// buildDLFS builds the command into a temporary directory.
func buildDLFS(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "dlfs")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// interrupt starts bin with args, waits until its output shows want
// (or a moment, if want is empty), sends it os.Interrupt and returns its exit status, its output and how long it
// took to exit after the signal.
func interrupt(t *testing.T, bin string, want string, args ...string) (int, string, time.Duration) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = os.Environ()
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the output never showed %q:\n%s", want, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // well inside the long step
	start := time.Now()
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		took := time.Since(start)
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), took
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running 10 s after the interrupt:\n%s", out.String())
	}
	return 0, "", 0
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMainInterrupt interrupts the program while a section trains: the
// reference's sections, which a students' copy stops before training.
//
//dlfs:teacher
func TestMainInterrupt(t *testing.T) {
	bin := buildDLFS(t)
	isolate(t, writeMNIST(t, 2000, 200))
	for _, c := range []struct {
		name string
		want string // output that shows the long step has begun
		args []string
	}{
		{"fcn training", "§fcn.3", []string{"-chapter=fcn", "-epochs=100000"}},
		{"numerical gradient", "§5.7.2", []string{"-section=5.7.2", "-hidden=400", "-batch=500"}},
		{"training", "§4.5.2", []string{"-section=4.5.2", "-iters=100000000"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			status, text, took := interrupt(t, bin, c.want, append(c.args, "-out="+out)...)
			if status != 130 {
				t.Errorf("exit status %d, want 130:\n%s", status, text)
			}
			if took > 2*time.Second {
				t.Errorf("took %v to stop after the interrupt, want under a second or two", took)
			}
			if !strings.Contains(text, "dlfs: interrupted") || strings.Contains(text, "goroutine ") {
				t.Errorf("output does not end with one line \"dlfs: interrupted\":\n%s", text)
			}
			if entries, _ := os.ReadDir(out); len(slices.DeleteFunc(entries, isMarker)) != 0 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("the interrupted run left %v in -out, want nothing", names)
			}
		})
	}
}

func TestMainInterruptNamedPipe(t *testing.T) {
	bin := buildDLFS(t)
	isolate(t, "")
	fifo := filepath.Join(t.TempDir(), "mnist_all.mat")
	if err := mkfifo(fifo); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	status, text, took := interrupt(t, bin, "", "-section=fcn.3", "-data="+fifo, "-out="+t.TempDir())
	if status != 130 || took > 2*time.Second {
		t.Errorf("reading a named pipe: exit status %d after %v, want 130 within a second or two:\n%s", status, took, text)
	}
}

// isMarker reports the file that makes a folder dlfs's (outfile.Marker),
// written before any work.
func isMarker(e os.DirEntry) bool { return e.Name() == outfile.Marker }
