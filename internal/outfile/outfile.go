// Package outfile writes the files a program produces (pictures, models)
// so that none is ever seen half-written: each is written to a temporary
// file in its own directory and renamed over its path only when complete.
//
// A program that is interrupted calls Stop: from then on nothing more is
// committed, and the temporary files of writes still in progress are
// removed. So a Ctrl-C leaves every output either as it was before or
// complete, never cut short, and a model trained halfway is never saved.
package outfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// ErrStopped is returned by Write after Stop, or after the context given to
// StopOn is done: the file was not written.
var ErrStopped = errors.New("outfile: interrupted, the file was not written")

// A Group is a set of writes that can be stopped together. The zero value
// is ready to use. Most programs use the package's functions, which share
// one Group.
type Group struct {
	mu      sync.Mutex
	stopped bool
	ctx     context.Context // nil: never done
	temps   map[string]bool // temporary files of writes in progress
}

var std Group

// Write writes the file at path with write, through the package's Group.
func Write(path string, write func(w io.Writer) error) error { return std.Write(path, write) }

// Stop stops the package's Group (see Group.Stop).
func Stop() { std.Stop() }

// StopOn makes the package's Group refuse to commit once ctx is done.
func StopOn(ctx context.Context) { std.StopOn(ctx) }

// StopOn makes g refuse to commit any file once ctx is done, from the
// moment it is done (Stop then only cleans up).
func (g *Group) StopOn(ctx context.Context) {
	g.mu.Lock()
	g.ctx = ctx
	g.mu.Unlock()
}

// Stop makes every later commit of g fail with ErrStopped and removes the
// temporary files of writes in progress. A commit already under way (a
// rename) finishes first, so when Stop returns the output directory holds
// only complete files.
func (g *Group) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	for tmp := range g.temps {
		os.Remove(tmp)
	}
	clear(g.temps)
}

func (g *Group) done() bool {
	return g.stopped || (g.ctx != nil && g.ctx.Err() != nil)
}

// Write creates the file at path, in a directory that must exist: write
// receives a buffered writer on a temporary file in the same directory, and
// if it returns nil the temporary file is renamed over path, in one atomic
// step. On any error, or if g was stopped meanwhile, the temporary file is
// removed, path is left as it was, and the error (ErrStopped if stopped) is
// returned. A new file gets permissions 0644; an existing one keeps its own.
func (g *Group) Write(path string, write func(w io.Writer) error) (err error) {
	g.mu.Lock()
	if g.done() {
		g.mu.Unlock()
		return ErrStopped
	}
	g.mu.Unlock()
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if !g.track(tmp) {
		f.Close()
		os.Remove(tmp)
		return ErrStopped
	}
	defer func() {
		if err != nil {
			f.Close()
			g.untrack(tmp)
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	perm := os.FileMode(0o644)
	if fi, serr := os.Stat(path); serr == nil {
		perm = fi.Mode().Perm()
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return g.commit(tmp, path)
}

// track records tmp as in progress; false if g is already stopped.
func (g *Group) track(tmp string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.trackLocked(tmp)
}

// trackLocked is track with g.mu held.
func (g *Group) trackLocked(tmp string) bool {
	if g.done() {
		return false
	}
	if g.temps == nil {
		g.temps = map[string]bool{}
	}
	g.temps[tmp] = true
	return true
}

func (g *Group) untrack(tmp string) {
	g.mu.Lock()
	delete(g.temps, tmp)
	g.mu.Unlock()
}

// commit renames tmp over path unless g is stopped, holding the lock so
// that Stop waits for it.
func (g *Group) commit(tmp, path string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done() {
		return ErrStopped // the deferred clean-up in Write removes tmp
	}
	delete(g.temps, tmp)
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Probe checks that files can be created in dir: it creates dir if needed,
// writes and removes a small temporary file. Call it before long work whose
// results go to dir, so that a bad folder is reported at once.
func Probe(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".probe*")
	if err != nil {
		return err
	}
	name := f.Name()
	_, werr := f.Write([]byte("probe\n"))
	cerr := f.Close()
	os.Remove(name)
	return errors.Join(werr, cerr)
}

// CreateTemp creates a temporary file as os.CreateTemp does and registers
// it with the package's Group in one step, so that no Stop can come between
// the two and leave the file behind; release unregisters it. Once the
// Group is stopped it creates nothing and returns ErrStopped.
func CreateTemp(dir, pattern string) (f *os.File, release func(), err error) {
	g := &std
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done() {
		return nil, nil, ErrStopped
	}
	if f, err = os.CreateTemp(dir, pattern); err != nil {
		return nil, nil, err
	}
	name := f.Name()
	g.trackLocked(name) // not done: checked above, under the same lock
	return f, func() { g.untrack(name) }, nil
}
