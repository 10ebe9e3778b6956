package mnist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// All download tests talk to httptest servers on the loopback interface
// and use a t.TempDir() as the cache: they never touch the network or the
// user's real cache.

// mirror is a fake download server that counts its requests.
type mirror struct {
	URL      string
	requests atomic.Int64
}

// newMirror starts a server whose handler gets the requested file name.
// Handlers that block should also wait on release, which is closed when
// the test ends (before the server shuts down).
func newMirror(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, name string)) *mirror {
	t.Helper()
	m := &mirror{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.requests.Add(1)
		handle(w, r, strings.TrimPrefix(r.URL.Path, "/mnist/"))
	}))
	t.Cleanup(srv.Close)
	m.URL = srv.URL + "/mnist/"
	return m
}

// serve answers with the named file, or 404 if there is none.
func serve(files map[string][]byte) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, name string) {
		b, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
	}
}

// release returns a channel closed at the end of the test, for handlers
// that hang.
func release(t *testing.T) chan struct{} {
	c := make(chan struct{})
	t.Cleanup(func() { close(c) })
	return c
}

// testOptions are Options for a download test: a fresh cache, the given
// mirrors, the fake files' checksums and short time limits.
func testOptions(t *testing.T, files map[string][]byte, mirrors ...*mirror) (Options, *bytes.Buffer) {
	noEnv(t)
	var out bytes.Buffer
	opt := Options{
		CacheDir:    filepath.Join(t.TempDir(), "cache"),
		Log:         &out,
		NoSynthetic: true,
		sums:        sumsOf(files),
		Timeout:     500 * time.Millisecond, // short, yet long enough for a busy machine
	}
	opt.Mirrors = []string{}
	for _, m := range mirrors {
		opt.Mirrors = append(opt.Mirrors, m.URL)
	}
	return opt, &out
}

// checkCache verifies the cache holds exactly the four files and no
// leftover temporary file.
func checkCache(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("cache holds %v, want just the four files", names)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("cached %s differs from the served file (%v)", name, err)
		}
	}
}

func TestMNISTDownload(t *testing.T) {
	files := fakeFiles(50, 20)
	m := newMirror(t, serve(files))
	opt, out := testOptions(t, files, m)
	opt.Mirrors = []string{strings.TrimSuffix(m.URL, "/")} // a missing slash is fine
	events := map[string][]Download{}
	opt.Progress = func(d Download) { events[d.File] = append(events[d.File], d) }

	d, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 50 || d.Test.Len() != 20 || d.Synthetic {
		t.Fatalf("got %d/%d images", d.Train.Len(), d.Test.Len())
	}
	if want := opt.CacheDir + " (downloaded from " + m.URL + ")"; d.Source != want {
		t.Errorf("Source = %q, want %q", d.Source, want)
	}
	if n := m.requests.Load(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	checkCache(t, opt.CacheDir, files)
	if log, want := out.String(), "mnist: downloading MNIST (11 MB, only this once) into "+opt.CacheDir; !strings.Contains(log, want) {
		t.Errorf("log lacks %q:\n%s", want, log)
	}
	for _, name := range fileNames {
		ev := events[name]
		if len(ev) < 2 || !ev[len(ev)-1].Finished || ev[len(ev)-1].Done != int64(len(files[name])) || ev[len(ev)-1].Total != int64(len(files[name])) {
			t.Errorf("progress of %s: %+v, want calls ending with Done = Total = %d, Finished", name, ev, len(files[name]))
		}
	}

	// Second run: everything comes from the cache, with no request.
	out.Reset()
	d, err = Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := m.requests.Load(); n != 4 {
		t.Errorf("cache hit made %d more requests", n-4)
	}
	if d.Source != opt.CacheDir+" (cache)" || d.Train.Len() != 50 {
		t.Errorf("Source = %q", d.Source)
	}
	if out.Len() != 0 {
		t.Errorf("a cache hit should print nothing, printed %q", out)
	}
}

func TestMNISTDownloadRemovesStaleParts(t *testing.T) {
	files := fakeFiles(10, 10)
	m := newMirror(t, serve(files))
	opt, _ := testOptions(t, files, m)
	os.MkdirAll(opt.CacheDir, 0o755)
	old := filepath.Join(opt.CacheDir, TrainImagesFile+".123.part")
	recent := filepath.Join(opt.CacheDir, TrainImagesFile+".456.part")
	os.WriteFile(old, []byte("half a file"), 0o644)
	os.WriteFile(recent, []byte("being written"), 0o644)
	longAgo := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, longAgo, longAgo)
	if _, err := Load(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale %s was not removed", old)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("a recent temporary file (maybe in use) was removed: %v", err)
	}
}

func TestMNISTDownloadDefaultCacheDir(t *testing.T) {
	// The default cache lives under os.UserCacheDir; point that at a
	// temporary directory (XDG_CACHE_HOME on Linux, HOME elsewhere).
	files := fakeFiles(10, 10)
	m := newMirror(t, serve(files))
	opt, _ := testOptions(t, files, m)
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	t.Setenv("HOME", home)
	t.Setenv("LocalAppData", home)
	base, err := os.UserCacheDir()
	if err != nil || !strings.HasPrefix(base, home) {
		t.Skipf("cannot redirect os.UserCacheDir on this system (%q, %v)", base, err)
	}
	opt.CacheDir = ""
	d, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(base, "dlfs", "mnist")
	if !strings.HasPrefix(d.Source, want+" ") {
		t.Errorf("Source %q, want it in %s", d.Source, want)
	}
	checkCache(t, want, files)
}

func TestMNISTDownloadNextMirror(t *testing.T) {
	files := fakeFiles(30, 10)
	wrong := fakeFiles(31, 11) // valid files, but not the expected ones
	for _, c := range []struct {
		name    string
		handler func(http.ResponseWriter, *http.Request, string, chan struct{})
		want    string
		skipped bool // after one failure the mirror is not asked again (always)
	}{
		{"404", func(w http.ResponseWriter, r *http.Request, _ string, _ chan struct{}) {
			http.NotFound(w, r)
		}, "HTTP 404 Not Found", false},
		{"500", func(w http.ResponseWriter, r *http.Request, _ string, _ chan struct{}) {
			http.Error(w, "oops", http.StatusInternalServerError)
		}, "HTTP 500 Internal Server Error", false},
		{"checksum", func(w http.ResponseWriter, r *http.Request, name string, _ chan struct{}) {
			serve(wrong)(w, r, name)
		}, "SHA-256 of the download is " + sumsOf(wrong)[TrainImagesFile] + ", want " + sumsOf(files)[TrainImagesFile], false},
		{"truncated", func(w http.ResponseWriter, r *http.Request, name string, _ chan struct{}) {
			// Announce the full length, send half, hang up.
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				panic(err)
			}
			defer conn.Close()
			b := files[name]
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", len(b))
			buf.Write(b[:len(b)/2])
			buf.Flush()
		}, "the connection broke after", false},
		{"hangs before answering", func(w http.ResponseWriter, r *http.Request, _ string, release chan struct{}) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}, "no answer for too long (the server or the network hangs): nothing for 500ms", true},
		{"hangs in the middle", func(w http.ResponseWriter, r *http.Request, name string, release chan struct{}) {
			b := files[name]
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Write(b[:len(b)/2])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}, "no answer for too long", true},
		{"huge", func(w http.ResponseWriter, r *http.Request, _ string, _ chan struct{}) {
			w.Header().Set("Content-Length", "1000000000")
		}, "the server announces 1000000000 bytes", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			rel := release(t)
			bad := newMirror(t, func(w http.ResponseWriter, r *http.Request, name string) { c.handler(w, r, name, rel) })
			good := newMirror(t, serve(files))
			opt, out := testOptions(t, files, bad, good)
			d, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if d.Train.Len() != 30 || !strings.Contains(d.Source, good.URL) {
				t.Errorf("loaded %d images from %q", d.Train.Len(), d.Source)
			}
			wantBad := int64(1) // a mirror that failed is not asked again
			if bad.requests.Load() != wantBad || good.requests.Load() != 4 {
				t.Errorf("requests: %d to the bad mirror, %d to the good one; want %d and 4", bad.requests.Load(), good.requests.Load(), wantBad)
			}
			if !strings.Contains(out.String(), bad.URL+TrainImagesFile+": "+c.want) {
				t.Errorf("progress output does not report %q:\n%s", c.want, out)
			}
			checkCache(t, opt.CacheDir, files)
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}

func TestMNISTDownloadCorruptCache(t *testing.T) {
	files := fakeFiles(30, 10)
	m := newMirror(t, serve(files))
	opt, out := testOptions(t, files, m)
	if _, err := Load(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	for _, damage := range []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)-10] },                   // cut short
		func(b []byte) []byte { c := bytes.Clone(b); c[40]++; return c }, // one bit
		func([]byte) []byte { return []byte("<html>Access denied</html>") },
	} {
		path := filepath.Join(opt.CacheDir, TestImagesFile)
		if err := os.WriteFile(path, damage(files[TestImagesFile]), 0o644); err != nil {
			t.Fatal(err)
		}
		before := m.requests.Load()
		out.Reset()
		d, err := Load(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if n := m.requests.Load() - before; n != 1 {
			t.Errorf("%d requests, want 1 (just the damaged file)", n)
		}
		if d.Test.Len() != 10 {
			t.Errorf("test set has %d images", d.Test.Len())
		}
		if !strings.Contains(out.String(), "mnist: cached "+TestImagesFile+" is damaged, downloading it again") {
			t.Errorf("no note about the damaged file:\n%s", out)
		}
		checkCache(t, opt.CacheDir, files)
	}
}

// refusingClient fails to connect to the host of dead, counting attempts,
// and connects normally to everything else.
func refusingClient(dead string, dials *atomic.Int64) *http.Client {
	host := strings.TrimPrefix(strings.TrimSuffix(dead, "/mnist/"), "http://")
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr == host {
				dials.Add(1)
				return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
}

func TestMNISTDownloadSkipsUnreachableMirror(t *testing.T) {
	files := fakeFiles(10, 10)
	dead := newMirror(t, serve(files))
	good := newMirror(t, serve(files))
	opt, out := testOptions(t, files, dead, good)
	var dials atomic.Int64
	opt.Client = refusingClient(dead.URL, &dials)
	d, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if dials.Load() != 1 {
		t.Errorf("%d attempts to reach the dead mirror, want 1 (then skip it)", dials.Load())
	}
	if d.Train.Len() != 10 || !strings.Contains(out.String(), "connection refused") {
		t.Errorf("unexpected result:\n%s", out)
	}
}

func TestMNISTDownloadEverythingFails(t *testing.T) {
	files := fakeFiles(10, 10)
	notFound := newMirror(t, func(w http.ResponseWriter, r *http.Request, _ string) { http.NotFound(w, r) })
	dead := newMirror(t, serve(files))
	opt, _ := testOptions(t, files, dead, notFound)
	var dials atomic.Int64
	opt.Client = refusingClient(dead.URL, &dials)

	d, err := Load(context.Background(), opt)
	if d != nil || err == nil {
		t.Fatal("NoSynthetic: Load must fail when there is no data")
	}
	if !errors.Is(err, ErrNoData) {
		t.Errorf("errors.Is(err, ErrNoData) is false for %v", err)
	}
	checkErr(t, err,
		"mnist: no MNIST data found. Tried, in order:",
		"1. the data directory (-data): not given",
		"2. $MNIST_DIR: not set",
		"3. the cache "+opt.CacheDir+": did not have "+TrainImagesFile,
		"4. downloading "+TrainImagesFile,
		dead.URL+TrainImagesFile+": dial tcp: connection refused",
		notFound.URL+TrainImagesFile+": HTTP 404 Not Found",
		"pass it with -data DIR or set MNIST_DIR=DIR",
		"downloaded once into "+opt.CacheDir,
	)
	if n := notFound.requests.Load(); n != 1 {
		t.Errorf("%d requests after the first file failed everywhere, want 1 (stop early)", n)
	}
	entries, _ := os.ReadDir(opt.CacheDir)
	if len(entries) != 0 {
		t.Errorf("failed downloads left %d files in the cache", len(entries))
	}

	// No mirrors at all.
	opt.Mirrors = []string{}
	_, err = Load(context.Background(), opt)
	checkErr(t, err, "no mirrors configured")
}

func TestMNISTSyntheticFallback(t *testing.T) {
	files := fakeFiles(10, 10)
	m := newMirror(t, func(w http.ResponseWriter, r *http.Request, _ string) { http.NotFound(w, r) })
	opt, _ := testOptions(t, files, m)
	opt.NoSynthetic = false
	d, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Synthetic || d.Source != "synthetic" || d.Train.Len() != SyntheticTrain || d.Test.Len() != SyntheticTest {
		t.Fatalf("want the synthetic set, got %q with %d/%d images", d.Source, d.Train.Len(), d.Test.Len())
	}
	for _, want := range []string{"SYNTHETIC", "will NOT match the book", "HTTP 404 Not Found",
		"set MNIST_DIR=DIR", "-data DIR", "downloaded once into " + opt.CacheDir} {
		if !strings.Contains(d.Banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, d.Banner)
		}
	}
}

func TestMNISTLoadCancelled(t *testing.T) {
	files := fakeFiles(10, 10)
	rel := release(t)
	m := newMirror(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		select {
		case <-r.Context().Done():
		case <-rel:
		}
	})
	opt, _ := testOptions(t, files, m)
	opt.NoSynthetic = false // even so, a cancelled load is an error
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	d, err := Load(ctx, opt)
	if d != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, %v; want a context error and no data", d, err)
	}
}
