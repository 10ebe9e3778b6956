package grade

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"dlfs/internal/exercise"
)

// Exercise grades the named exercise: check runs the section's checks on
// the implementation the build contains (the reference by default, the
// student's code with -tags exercise).
func Exercise(t *testing.T, name string, check func(t testing.TB)) {
	t.Helper()
	e, ok := exercise.Lookup(name)
	if !ok {
		t.Fatalf("no exercise named %q", name)
	}
	defer func() {
		t.Helper()
		if r := recover(); r != nil {
			t.Fatal(describe(e, r))
		}
	}()
	check(prefixed{t, e})
}

func describe(e exercise.Exercise, r any) string {
	if na, ok := r.(exercise.NotAttempted); ok && na.Name != e.Name {
		return fmt.Sprintf("§%s %s: not attempted: it needs §%s %s, which is not attempted yet (write that first, in %s)", e.Section, e.Name, na.Section, na.Name, na.File)
	}
	if na, ok := r.(exercise.NotAttempted); ok {
		return fmt.Sprintf("§%s %s: not attempted (write it in %s; the stub's hint and %s tell how)", na.Section, na.Name, na.File, na.Tutorial)
	}
	return fmt.Sprintf("§%s %s: panicked: %v\n%s", e.Section, e.Name, r, debug.Stack())
}

// prefixed starts every failure with the section and the exercise.
type prefixed struct {
	testing.TB
	e exercise.Exercise
}

func (p prefixed) Errorf(format string, args ...any) {
	p.TB.Helper()
	p.TB.Errorf("§%s %s: %s", p.e.Section, p.e.Name, fmt.Sprintf(format, args...))
}

func (p prefixed) Fatalf(format string, args ...any) {
	p.TB.Helper()
	p.TB.Fatalf("§%s %s: %s", p.e.Section, p.e.Name, fmt.Sprintf(format, args...))
}

// Probe runs check on a recording testing.TB, as a test of the grader
// itself: it reports whether check failed and what it said. A stub's
// NotAttempted panic counts as a failure saying "not attempted".
func Probe(check func(t testing.TB)) (failed bool, log string) {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				r.failed = true
				if na, ok := v.(exercise.NotAttempted); ok {
					r.msgs = append(r.msgs, "not attempted: "+na.Name)
				} else {
					r.msgs = append(r.msgs, fmt.Sprint("panic: ", v))
				}
			}
		}()
		check(r)
	}()
	<-done
	return r.failed, strings.Join(r.msgs, "\n")
}

// recorder is the testing.TB of Probe. Methods it does not define would
// panic on the nil embedded TB, which Probe reports.
type recorder struct {
	testing.TB
	failed bool
	msgs   []string
}

func (r *recorder) Helper() {}
func (r *recorder) Logf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.Logf(format, args...)
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Failed() bool { return r.failed }
