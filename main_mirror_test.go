package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dlfs/internal/exercise"
)

// TestMainMirror downloads the real MNIST from a local mirror named with
// -mirror, and with $DLFS_MNIST_MIRROR (needs MNIST_DIR to serve from).
func TestMainMirror(t *testing.T) {
	src := os.Getenv("MNIST_DIR")
	if src == "" {
		t.Skip("MNIST_DIR is not set: no files to serve")
	}
	bin := buildDLFS(t)
	srv := httptest.NewServer(http.StripPrefix("/mnist/", http.FileServer(http.Dir(src))))
	defer srv.Close()
	for _, how := range []string{"flag", "env"} {
		isolate(t, "")
		args := []string{"-section=5.7.3", "-out=" + t.TempDir()}
		if how == "flag" {
			args = append(args, "-mirror="+srv.URL+"/mnist/")
		} else {
			t.Setenv("DLFS_MNIST_MIRROR", srv.URL+"/mnist/")
		}
		cmd := exec.Command(bin, args...)
		out, err := cmd.CombinedOutput()
		// In a students' copy §5.7.3 may stop before it prints where the
		// data came from: then the four files' progress lines tell.
		got := strings.Contains(string(out), "downloaded from "+srv.URL+"/mnist/") ||
			exercise.StudentMode && strings.Count(string(out), ": done 100%") == 4
		if err != nil || !got {
			t.Errorf("%s: %v:\n%s", how, err, out)
		}
	}
	isolate(t, "")
	if rc, stderr := runDLFS(t, bin, t.TempDir(), "-section=5.7.3", "-mirror=not a url"); rc != 2 || !strings.Contains(stderr, "-mirror") {
		t.Errorf("-mirror=not a url: exit %d, want 2:\n%s", rc, stderr)
	}
}

// TestMainInterruptDownload interrupts a download from a mirror that sends
// the start of a file and then trickles: exit 130 at once, and no .part
// file left in the cache, every time.
func TestMainInterruptDownload(t *testing.T) {
	bin := buildDLFS(t)
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(10<<20))
		w.Write(make([]byte, 64<<10))
		for {
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			w.Write(make([]byte, 1024))
		}
	}))
	defer srv.Close()
	defer close(stop)
	for try := range 4 {
		isolate(t, "")
		cache := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "dlfs", "mnist")
		cmd := exec.Command(bin, "-section=5.7.3", "-out="+t.TempDir(), "-mirror="+srv.URL+"/")
		var out syncBuffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for {
			if parts, _ := filepath.Glob(filepath.Join(cache, "*.part")); len(parts) > 0 {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("try %d: no download started:\n%s", try, out.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(time.Duration(try) * 50 * time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("try %d: still running 10 s after the interrupt", try)
		}
		if rc := cmd.ProcessState.ExitCode(); rc != exitInterrupted {
			t.Errorf("try %d: exit %d, want %d:\n%s", try, rc, exitInterrupted, out.String())
		}
		if parts, _ := filepath.Glob(filepath.Join(cache, "*.part")); len(parts) > 0 {
			t.Errorf("try %d: the interrupted download left %v", try, parts)
		}
	}
}
