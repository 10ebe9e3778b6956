package report

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"dlfs/internal/exercise"
	"dlfs/internal/outfile"
)

// Results of a grader.
const (
	GradePassed       = "passed"
	GradeFailed       = "failed"
	GradeNotAttempted = "not attempted"
)

// An Exercise is one function a student writes, with the test that grades
// it (internal/exercise lists them).
type Exercise struct {
	Chapter, Section, Name, File, Test string
}

// ExerciseOf returns e as the graders take it.
func ExerciseOf(e exercise.Exercise) Exercise {
	return Exercise{Chapter: e.Chapter(), Section: e.Section, Name: e.Name, File: e.File, Test: e.Test}
}

// A Grade is an exercise's result.
type Grade struct {
	Exercise
	Result string // GradePassed, GradeFailed or GradeNotAttempted
	Detail string // what the grader said, for a failure
}

// A Sheet is the classroom summary: every exercise's grade.
type Sheet struct {
	Student  string // who handed it in ("" if nobody said)
	Checksum string // SHA-256 of the files the exercises are written in
	Command  string
	Go       string
	Date     time.Time
	Grades   []Grade
}

// Count returns how many grades have the result.
func (s *Sheet) Count(result string) int {
	n := 0
	for _, g := range s.Grades {
		if g.Result == result {
			n++
		}
	}
	return n
}

// FilesChecksum returns the SHA-256, in hex, of the files that hold the
// exercises (each file's path and contents, in path order): two hand-ins
// with the same checksum hold the same code.
func FilesChecksum(root string, exs []Exercise) (string, error) {
	var files []string
	for _, e := range exs {
		if !slices.Contains(files, e.File) {
			files = append(files, e.File)
		}
	}
	slices.Sort(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(h, "%s missing\n", f)
			continue
		case err != nil:
			return "", fmt.Errorf("report: the checksum of the student's files: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// GradeCommand returns the go test command that runs the graders, as
// arguments of the go tool.
func GradeCommand(exs []Exercise) []string {
	var tests, pkgs []string
	for _, e := range exs {
		tests = append(tests, regexp.QuoteMeta(e.Test))
		if p := "./" + filepath.ToSlash(filepath.Dir(e.File)); !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	args := []string{"test", "-count=1", "-json", "-run", "^(" + strings.Join(tests, "|") + ")$"}
	return append(args, pkgs...)
}

// DefaultGradeTimeout is how long one exercise's grader may run before it
// is stopped and graded "failed: timed out".
const DefaultGradeTimeout = 2 * time.Minute

// maxGradeOutput bounds what is kept of a grader's output: its first and
// its last lines, this many bytes each.
const maxGradeOutput = 32 << 10

// GradeOptions tune RunGraders; the zero value is the usual.
type GradeOptions struct {
	Timeout time.Duration // per exercise; 0 = DefaultGradeTimeout
	Stderr  io.Writer     // a line as each package builds (nil: none)
}

// RunGraders runs the graders of exs in the module at root (a students'
// copy, or the teacher's tree), and grades each exercise: passed, failed (with
// what the grader said, or why it did not run) or not attempted (its
// grader reports the stub's "not attempted"). Each package's tests are
// built once; each grader then runs in its own process, so that one that
// loops is stopped after the time limit, one that crashes the process
// (os.Exit, a fatal error) fails alone, and what either prints is kept
// only in part, its first and last lines. When ctx ends every process
// started is killed, with its children, before RunGraders returns.
func RunGraders(ctx context.Context, root string, exs []Exercise, opts ...GradeOptions) (*Sheet, error) {
	var opt GradeOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	limit := cmp.Or(opt.Timeout, DefaultGradeTimeout)
	tool, err := exec.LookPath("go")
	if err != nil {
		tool = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(tool); err != nil {
			return nil, fmt.Errorf("report: grading needs the go tool, which is not on $PATH")
		}
	}
	tmp, err := os.MkdirTemp("", "dlfs-grade")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(tmp)
	sheet := &Sheet{Command: "go " + strings.Join(quoteArgs(GradeCommand(exs)), " "), Go: runtime.Version(), Date: time.Now().UTC()}

	// Build each package's test binary, one after the other (each build
	// uses every CPU already).
	type built struct {
		bin, dir, failure string
	}
	pkgs := map[string]*built{}
	for _, e := range exs {
		pkg := filepath.ToSlash(filepath.Dir(e.File))
		if pkgs[pkg] != nil {
			continue
		}
		b := &built{bin: filepath.Join(tmp, strings.ReplaceAll(pkg, "/", "_")+".test"), dir: filepath.Join(root, filepath.FromSlash(pkg))}
		pkgs[pkg] = b
		if opt.Stderr != nil {
			fmt.Fprintf(opt.Stderr, "building ./%s with your code\n", pkg)
		}
		out := newBoundedLog(maxGradeOutput)
		cmd := exec.CommandContext(ctx, tool, "test", "-c", "-o", b.bin, "./"+pkg)
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, out, out
		killGroup(cmd)
		err := cmd.Run()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			b.failure = "the grader did not run: the package does not build with your code:\n" + strings.TrimSpace(out.String())
		}
	}

	sheet.Grades = make([]Grade, len(exs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), 4, len(exs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				e := exs[i]
				b := pkgs[filepath.ToSlash(filepath.Dir(e.File))]
				g := Grade{Exercise: e, Result: GradeFailed, Detail: b.failure}
				if b.failure == "" {
					g.Result, g.Detail = grade1(ctx, b.bin, b.dir, e, limit)
				}
				sheet.Grades[i] = g
			}
		}()
	}
	for i := range exs {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return sheet, nil
}

// grade1 runs one exercise's grader from the test binary bin, in the
// package's folder dir, for at most limit.
func grade1(ctx context.Context, bin, dir string, e Exercise, limit time.Duration) (result, detail string) {
	tctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	out := newBoundedLog(maxGradeOutput)
	cmd := exec.CommandContext(tctx, bin, "-test.run=^"+regexp.QuoteMeta(e.Test)+"$", "-test.v", "-test.count=1",
		"-test.timeout="+(limit+time.Minute).String())
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, out, out
	killGroup(cmd)
	err := cmd.Run()
	text := out.String()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return GradeFailed, "interrupted"
	case tctx.Err() != nil:
		return GradeFailed, fmt.Sprintf("timed out after %v: the grader was stopped (does your code loop forever?)\n%s", limit, lastLines(text, 20))
	case strings.Contains(text, e.Name+": not attempted"):
		return GradeNotAttempted, ""
	case err == nil && strings.Contains(text, "--- PASS: "+e.Test+" "):
		return GradePassed, ""
	case err == nil && strings.Contains(text, "--- SKIP: "+e.Test+" "):
		return GradeFailed, "skipped: " + detailOf(text)
	case err == nil:
		return GradeFailed, "the grader did not run: " + e.Test + " is not in the package's tests"
	case errors.As(err, &ee) && ee.ExitCode() == 1 && strings.Contains(text, "--- FAIL: "+e.Test+" "):
		return GradeFailed, detailOf(text)
	default:
		return GradeFailed, fmt.Sprintf("crashed (%v): the test process ended before the grader finished; its last lines:\n%s", err, lastLines(text, 20))
	}
}

// detailOf returns what a grader printed, without go test's own "=== RUN",
// "--- FAIL" and PASS/FAIL lines, at most 40 lines.
func detailOf(out string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		s := strings.TrimSpace(l)
		if s == "" || strings.HasPrefix(s, "=== ") || strings.HasPrefix(s, "--- ") || s == "FAIL" || s == "PASS" {
			continue
		}
		lines = append(lines, strings.TrimRight(l, " "))
	}
	if len(lines) > 40 {
		lines = append(lines[:40], fmt.Sprintf("… (%d more lines)", len(lines)-40))
	}
	return strings.Join(lines, "\n")
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// boundedLog keeps the first and the last max bytes written to it, and
// counts what it left out between them.
type boundedLog struct {
	mu      sync.Mutex
	max     int
	head    []byte
	tail    []byte // a ring of the last max bytes, once head is full
	at      int    // where the ring's next byte goes
	full    bool   // the ring has wrapped
	dropped int64
}

func newBoundedLog(max int) *boundedLog { return &boundedLog{max: max} }

func (b *boundedLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	if room := b.max - len(b.head); room > 0 {
		k := min(room, len(p))
		b.head = append(b.head, p[:k]...)
		p = p[k:]
	}
	if b.tail == nil && len(p) > 0 {
		b.tail = make([]byte, b.max)
	}
	for len(p) > 0 {
		k := copy(b.tail[b.at:], p)
		if b.full {
			b.dropped += int64(k)
		}
		p, b.at = p[k:], b.at+k
		if b.at == b.max {
			b.at, b.full = 0, true
		}
	}
	return n, nil
}

func (b *boundedLog) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.full {
		return string(b.head) + string(b.tail[:b.at])
	}
	tail := append(append([]byte{}, b.tail[b.at:]...), b.tail[:b.at]...)
	if i := bytes.IndexByte(tail, '\n'); i >= 0 {
		b.dropped += int64(i + 1)
		tail = tail[i+1:]
	}
	return fmt.Sprintf("%s\n… (%d bytes left out) …\n%s", b.head, b.dropped, tail)
}

func quoteArgs(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = ShellQuote(a)
	}
	return q
}

// ShellQuote quotes s for a POSIX shell when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:@+%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Summary is the result with, for a grader that did not finish, why:
// "failed (timed out after 2m0s)".
func (g Grade) Summary() string {
	for _, why := range []string{"timed out after ", "crashed ", "interrupted", "the grader did not run"} {
		if strings.HasPrefix(g.Detail, why) {
			first, _, _ := strings.Cut(g.Detail, ":")
			first, _, _ = strings.Cut(first, "\n")
			return g.Result + " (" + first + ")"
		}
	}
	return g.Result
}

// WriteTable prints the sheet as a table: chapter, section, exercise,
// result, then a line of totals.
func (s *Sheet) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "chapter\tsection\texercise\tresult")
	for _, g := range s.Grades {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", g.Chapter, g.Section, g.Name, g.Summary())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d exercises: %d passed, %d failed, %d not attempted.\n",
		len(s.Grades), s.Count(GradePassed), s.Count(GradeFailed), s.Count(GradeNotAttempted))
	return err
}

type gradeView struct {
	*Sheet
	CSS                          template.CSS
	Passed, Failed, NotAttempted int
}

// WriteGradePage writes grade.html into dir, and index.html to link it.
func WriteGradePage(dir string, s *Sheet) (string, error) {
	path := filepath.Join(dir, "grade.html")
	unlock, err := outfile.Lock(dir)
	if err != nil {
		return "", fmt.Errorf("report: locking %s: %w", dir, err)
	}
	defer unlock()
	v := gradeView{Sheet: s, CSS: css(), Passed: s.Count(GradePassed), Failed: s.Count(GradeFailed), NotAttempted: s.Count(GradeNotAttempted)}
	if err := writeFile(path, func(w io.Writer) error { return templates().ExecuteTemplate(w, "grade.tmpl", v) }); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return path, WriteIndex(dir)
}
