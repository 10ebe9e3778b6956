package mnist

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dlfs/internal/outfile"
)

// DefaultMirrors are the places Load downloads MNIST from, in order: the
// copies PyTorch's torchvision and Keras use. (Yann LeCun's original site
// now often refuses automated downloads.)
var DefaultMirrors = []string{
	"https://ossci-datasets.s3.amazonaws.com/mnist/",
	"https://storage.googleapis.com/cvdf-datasets/mnist/",
}

// sha256Sums are the SHA-256 sums of the original gzipped files (whose MD5
// sums match the ones published with the data set). Every download and
// every cached file is checked against them.
var sha256Sums = map[string]string{
	TrainImagesFile: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	TrainLabelsFile: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	TestImagesFile:  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	TestLabelsFile:  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

const (
	// maxDownload caps the bytes accepted for one file; the largest real
	// one is 9.9 MB. It keeps a broken mirror from filling the disk.
	maxDownload = 64 << 20

	downloadSize = "11 MB" // the four files together
)

// DefaultTimeout is how long a download may wait for the server at any
// one point (see Options.Timeout).
const DefaultTimeout = 30 * time.Second

// DefaultMinRate is the slowest a download may go, in bytes a second,
// averaged over each Timeout (see Options.MinRate): at 2 KB/s the largest
// file takes 80 minutes.
const DefaultMinRate = 2 << 10

var (
	errStalled = errors.New("no answer for too long (the server or the network hangs)")
	errTooSlow = errors.New("too slow")
	errTooBig  = fmt.Errorf("the server sent more than %d bytes, far more than the file's real size", maxDownload)
)

// downloader fetches files into dir, trying the mirrors in order.
type downloader struct {
	opt    *Options
	dir    string
	client *http.Client
	own    bool             // client was made here and should be closed
	dead   map[string]error // mirrors that failed: not tried again
	used   []string         // mirrors that served a file
	said   bool             // the "downloading" note was printed
}

// defaultClient has no time limits of its own: the one policy of
// Options.Timeout, kept by the watchdog in fetchOne, covers every phase.
func defaultClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:             http.ProxyFromEnvironment,
		IdleConnTimeout:   90 * time.Second,
		ForceAttemptHTTP2: true,
	}}
}

func (d *downloader) close() {
	if d.own {
		d.client.CloseIdleConnections()
	}
}

// note prints a line to the progress writer, if any.
func (d *downloader) note(format string, args ...any) {
	if d.opt.Log != nil {
		fmt.Fprintf(d.opt.Log, format+"\n", args...)
	}
}

// fetch downloads name into d.dir, trying each mirror in turn. A mirror
// that failed once is skipped for the following files. The error has one line per mirror tried, saying why it failed.
func (d *downloader) fetch(ctx context.Context, name, wantSum string) error {
	if wantSum == "" {
		return fmt.Errorf("mnist: no known SHA-256 for %s", name)
	}
	if d.client == nil {
		d.client = d.opt.Client
		if d.client == nil {
			d.client, d.own = defaultClient(), true
		}
	}
	mirrors := d.opt.Mirrors
	if mirrors == nil {
		mirrors = DefaultMirrors
	}
	if len(mirrors) == 0 {
		return errors.New("no mirrors configured")
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the cache directory: %w", err)
	}
	if !d.said {
		d.said = true
		d.note("mnist: downloading MNIST (%s, only this once) into %s", downloadSize, d.dir)
	}
	var fails []string
	for _, m := range mirrors {
		u := strings.TrimSuffix(m, "/") + "/" + name
		if err, ok := d.dead[m]; ok {
			fails = append(fails, fmt.Sprintf("%s: skipped: it failed a moment ago (%v)", u, err))
			continue
		}
		err := d.fetchOne(ctx, u, name, wantSum)
		if err == nil {
			d.used = appendNew(d.used, strings.TrimSuffix(m, "/")+"/")
			return nil
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		fails = append(fails, fmt.Sprintf("%s: %v", u, err))
		d.note("mnist: %s: %v", u, err)
		d.dead[m] = err // no use trying it again

	}
	return errors.New(strings.Join(fails, "\n"))
}

// removeStale deletes the temporary files left in the cache dir by a
// download that was killed (a crash or kill -9 skips the usual clean-up).
// A file written to within the last minute is left alone: another process
// may be downloading into it right now (a live download writes at least
// every Timeout, or is abandoned).
func removeStale(dir string) {
	parts, _ := filepath.Glob(filepath.Join(dir, "*.part"))
	for _, p := range parts {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > 2*DefaultTimeout {
			os.Remove(p)
		}
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// fetchOne downloads one URL into d.dir/name. The body is streamed into a
// temporary file in the same directory while it is hashed; only a complete
// body with the right SHA-256 is renamed into place (an atomic step), and
// anything else deletes the temporary file.
func (d *downloader) fetchOne(ctx context.Context, u, name, wantSum string) (err error) {
	stall := cmp.Or(d.opt.Timeout, DefaultTimeout)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// The watchdog fires if the connection, the response or the next piece
	// of the body keeps us waiting for stall; every read re-arms it.
	watchdog := time.AfterFunc(stall, func() { cancel(fmt.Errorf("%w: nothing for %v", errStalled, stall)) })
	defer watchdog.Stop()
	// Report why the context ended (stalled, too slow, cancelled) rather
	// than the transport's less telling error.
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = context.Cause(ctx)
		}
	}()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "dlfs-mnist/1 (Go; Deep Learning from Scratch exercises)")
	resp, err := d.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return ue.Err // the URL is printed by the caller already
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	if resp.ContentLength > maxDownload {
		return fmt.Errorf("the server announces %d bytes, far more than the file's real size", resp.ContentLength)
	}

	// Created and registered at once: Stop (an interrupt) removes it, even
	// if it comes right after the file appears.
	tmp, release, err := outfile.CreateTemp(d.dir, name+".*.part")
	if errors.Is(err, outfile.ErrStopped) {
		return err
	}
	if err != nil {
		return fmt.Errorf("cannot create a file in the cache: %w", err)
	}
	defer release()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	h := sha256.New()
	report := func(done int64, finished bool) {
		if d.opt.Progress != nil {
			d.opt.Progress(Download{File: name, Done: done, Total: resp.ContentLength, Finished: finished})
		}
	}
	minRate := cmp.Or(d.opt.MinRate, DefaultMinRate)
	body := &watchedReader{r: io.LimitReader(resp.Body, maxDownload+1), watchdog: watchdog, stall: stall, report: report,
		minBytes: int64(minRate * stall.Seconds()), windowStart: time.Now(), slow: func(got int64, in time.Duration) {
			left := ""
			if resp.ContentLength > 0 {
				left = fmt.Sprintf(" (at that pace the file's %d bytes would take %v)", resp.ContentLength,
					(time.Duration(float64(resp.ContentLength) / max(float64(got), 1) * float64(in))).Round(time.Minute))
			}
			cancel(fmt.Errorf("%w: %d bytes in %v, less than the %v bytes a second a download must keep up%s: try another mirror (-mirror or $%s)",
				errTooSlow, got, in.Round(time.Second), minRate, left, EnvMirror))
		}}
	n, err := io.Copy(io.MultiWriter(tmp, h), body)
	report(n, true)
	switch {
	case err != nil:
		return fmt.Errorf("the connection broke after %d bytes: %w", n, err)
	case n > maxDownload:
		return errTooBig
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return fmt.Errorf("short body: got %d of %d bytes", n, resp.ContentLength)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantSum {
		return fmt.Errorf("SHA-256 of the download is %s, want %s (a damaged or different file)", got, wantSum)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing the cache: %w", err)
	}
	if err = os.Rename(tmp.Name(), filepath.Join(d.dir, name)); err != nil {
		return fmt.Errorf("moving the download into the cache: %w", err)
	}
	return nil
}

// watchedReader re-arms a watchdog timer each time data arrives, and calls
// slow when a whole stall period brought fewer than minBytes: a server
// that sends a byte now and then never lets the watchdog fire.
type watchedReader struct {
	r        io.Reader
	watchdog *time.Timer
	stall    time.Duration
	report   func(done int64, finished bool)
	done     int64

	minBytes    int64
	windowStart time.Time
	windowBytes int64
	slow        func(got int64, in time.Duration)
}

func (w *watchedReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if n > 0 {
		w.watchdog.Reset(w.stall)
		w.done += int64(n)
		w.windowBytes += int64(n)
		w.report(w.done, false)
	}
	if in := time.Since(w.windowStart); in >= w.stall {
		if w.windowBytes < w.minBytes && err == nil {
			w.slow(w.windowBytes, in)
			return n, errTooSlow
		}
		w.windowStart, w.windowBytes = time.Now(), 0
	}
	return n, err
}
