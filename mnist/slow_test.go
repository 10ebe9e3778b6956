package mnist

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMNISTDownloadTooSlow: a mirror that sends a byte now and then, never
// pausing long enough for the stall limit, is abandoned once a period
// brings less than the minimum rate; the test fails rather than hangs if
// it is not.
func TestMNISTDownloadTooSlow(t *testing.T) {
	files := fakeFiles(30, 10)
	rel := release(t)
	slow := newMirror(t, func(w http.ResponseWriter, r *http.Request, name string) {
		b := files[name]
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		for i := range b {
			w.Write(b[i : i+1])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-rel:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	opt, _ := testOptions(t, files, slow)
	opt.MinRate = 1000 // bytes a second; the mirror sends 20
	done := make(chan error, 1)
	go func() { _, err := Load(context.Background(), opt); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "too slow") || !strings.Contains(err.Error(), "less than the 1000 bytes a second") {
			t.Errorf("got %v, want a too slow error saying the minimum rate", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a download at 20 bytes a second was still going after 30 s")
	}
	if parts, _ := filepath.Glob(filepath.Join(opt.CacheDir, "*.part")); len(parts) > 0 {
		t.Errorf("left %v", parts)
	}
}

// TestMNISTDownloadMirrorFromEnv: $DLFS_MNIST_MIRROR replaces the default
// mirrors; a value that is not a URL is an error naming the variable.
func TestMNISTDownloadMirrorFromEnv(t *testing.T) {
	files := fakeFiles(30, 10)
	good := newMirror(t, serve(files))
	opt, _ := testOptions(t, files)
	opt.Mirrors = nil
	t.Setenv(EnvMirror, good.URL)
	d, err := Load(context.Background(), opt)
	if err != nil || !strings.Contains(d.Source, good.URL) {
		t.Fatalf("with $%s=%s: %v", EnvMirror, good.URL, err)
	}
	t.Setenv(EnvMirror, "ftp://example.org/mnist")
	opt.CacheDir = t.TempDir()
	if _, err := Load(context.Background(), opt); err == nil || !strings.Contains(err.Error(), EnvMirror) || !strings.Contains(err.Error(), "not an http") {
		t.Errorf("with an ftp mirror: got %v, want an error naming $%s", err, EnvMirror)
	}
}
