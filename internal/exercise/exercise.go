package exercise

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// An Exercise is one function a student writes.
type Exercise struct {
	Name     string // how stubs and graders name it: "net.NumericalDiff"
	Section  string // the replay's section: "4.3.1"
	File     string // the file of its concept, where the student writes it: "net/gradient.go"
	Tutorial string // the paragraph to read: "tutorial/ch04.md §4.3.1"
	Test     string // the grader: "TestCh04_3_1_Exercise_NumericalDiff"
	What     string // one line: what to write
	Hint     string // the stub's hint, a few lines
}

// Chapter returns the chapter of the exercise's section: "4" for "4.3.1",
// "fcn" for "fcn.2".
func (e Exercise) Chapter() string {
	for i, c := range e.Section {
		if c == '.' {
			return e.Section[:i]
		}
	}
	return e.Section
}

// GradeCommand is the command that runs the exercise's grader.
func (e Exercise) GradeCommand() string {
	return "go test ./" + path.Dir(e.File) + " -run " + e.Test
}

// NotAttempted is the panic value of an exercise's stub: the student has
// not written the function yet.
type NotAttempted struct{ Exercise }

func (e NotAttempted) Error() string {
	return fmt.Sprintf("§%s %s is not attempted yet: write it in %s (read %s; grade it with %s)",
		e.Section, e.Name, e.File, e.Tutorial, e.GradeCommand())
}

// Todo returns the NotAttempted value for the named exercise, for a stub to
// panic with. An unknown name is a mistake in dlfs itself and panics.
func Todo(name string) NotAttempted {
	e, ok := Lookup(name)
	if !ok {
		panic("exercise.Todo: no exercise named " + name)
	}
	return NotAttempted{e}
}

// Lookup returns the exercise with the given name.
func Lookup(name string) (Exercise, bool) {
	for _, e := range All {
		if e.Name == name {
			return e, true
		}
	}
	return Exercise{}, false
}

// Capture runs fn and returns the NotAttempted it panicked with, or nil if
// it returned normally. Any other panic goes on up.
func Capture(fn func()) (na *NotAttempted) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(NotAttempted)
			if !ok {
				panic(r)
			}
			na = &e
		}
	}()
	fn()
	return nil
}

// Group runs functions on goroutines like a sync.WaitGroup, and carries a
// NotAttempted panic from any of them to the goroutine that waits: without
// it, a stub reached on a worker goroutine would crash the whole program.
type Group struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	first *NotAttempted
}

// Go runs fn on a new goroutine.
func (g *Group) Go(fn func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if na := Capture(fn); na != nil {
			g.mu.Lock()
			if g.first == nil {
				g.first = na
			}
			g.mu.Unlock()
		}
	}()
}

// Wait waits for every function, then panics with the first NotAttempted
// any of them raised.
func (g *Group) Wait() {
	g.wg.Wait()
	if g.first != nil {
		panic(*g.first)
	}
}

// Pending returns, of the named exercises, those still a stub in the
// source of the module at root: their file still holds the stub's
// panic(exercise.Todo(name)). ok is false when root is "" or a file cannot
// be read (a program run away from its source), and then nothing is known.
func Pending(root string, names []string) (pending []Exercise, ok bool) {
	if root == "" {
		return nil, false
	}
	files := map[string]string{}
	for _, name := range names {
		e, found := Lookup(name)
		if !found {
			panic("exercise.Pending: no exercise named " + name)
		}
		src, read := files[e.File]
		if !read {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.File)))
			if err != nil {
				return nil, false
			}
			src = string(b)
			files[e.File] = src
		}
		if strings.Contains(src, "exercise.Todo("+strconv.Quote(e.Name)+")") {
			pending = append(pending, e)
		}
	}
	return pending, true
}
