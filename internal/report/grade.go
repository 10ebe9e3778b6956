package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

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

// A Grade is an exercise's result.
type Grade struct {
	Exercise
	Result string // GradePassed, GradeFailed or GradeNotAttempted
	Detail string // what the grader said, for a failure
}

// A Sheet is the classroom summary: every exercise's grade.
type Sheet struct {
	Command string
	Go      string
	Date    time.Time
	Grades  []Grade
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
	args := []string{"test", "-tags", "exercise", "-count=1", "-json", "-run", "^(" + strings.Join(tests, "|") + ")$"}
	return append(args, pkgs...)
}

// RunGraders runs the graders of exs with the go tool in the module at
// root, in student mode (-tags exercise), and grades each exercise: passed,
// failed (with what the grader said, or why it did not run) or not
// attempted (its grader reports the stub's "not attempted").
func RunGraders(ctx context.Context, root string, exs []Exercise) (*Sheet, error) {
	tool, err := exec.LookPath("go")
	if err != nil {
		tool = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(tool); err != nil {
			return nil, fmt.Errorf("report: grading needs the go tool, which is not on $PATH")
		}
	}
	args := GradeCommand(exs)
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// go test exits 1 when a test fails, which is a grade, not an error;
	// an error is when it printed no event at all.
	sheet := &Sheet{Command: "go " + strings.Join(quoteArgs(args), " "), Go: runtime.Version(), Date: time.Now().UTC()}
	ev := parseEvents(out)
	if err != nil && len(ev.tests) == 0 && len(ev.build) == 0 {
		return nil, fmt.Errorf("report: %s: %v\n%s", sheet.Command, err, strings.TrimSpace(stderr.String()))
	}
	for _, e := range exs {
		g := Grade{Exercise: e}
		t := ev.tests[e.Test]
		switch {
		case t == nil:
			g.Result = GradeFailed
			g.Detail = "the grader did not run"
			pkg := filepath.ToSlash(filepath.Dir(e.File))
			if b := ev.buildOutput(pkg); b != "" {
				g.Detail += ": the package does not build with your code:\n" + b
			} else if s := strings.TrimSpace(stderr.String()); s != "" {
				g.Detail += ":\n" + s
			}
		case strings.Contains(t.output.String(), e.Name+": not attempted"):
			g.Result = GradeNotAttempted
		case t.action == "pass":
			g.Result = GradePassed
		default:
			g.Result = GradeFailed
			g.Detail = t.detail()
		}
		sheet.Grades = append(sheet.Grades, g)
	}
	return sheet, nil
}

type testResult struct {
	action string // "pass", "fail", "skip" of the top-level test
	output strings.Builder
}

// detail returns what a failing test printed, without go test's own
// "=== RUN" and "--- FAIL" lines.
func (t *testResult) detail() string {
	var lines []string
	for _, l := range strings.Split(t.output.String(), "\n") {
		s := strings.TrimSpace(l)
		if s == "" || strings.HasPrefix(s, "=== ") || strings.HasPrefix(s, "--- ") {
			continue
		}
		lines = append(lines, strings.TrimRight(l, " "))
	}
	if len(lines) > 40 {
		lines = append(lines[:40], fmt.Sprintf("… (%d more lines)", len(lines)-40))
	}
	if t.action == "skip" {
		return "skipped: " + strings.Join(lines, "\n")
	}
	return strings.Join(lines, "\n")
}

type events struct {
	tests map[string]*testResult
	build map[string]*strings.Builder // import path → build output
}

func (ev *events) buildOutput(dir string) string {
	var out []string
	for path, b := range ev.build {
		if path == dir || strings.HasSuffix(path, "/"+dir) || strings.Contains(path, "/"+dir+" ") {
			out = append(out, strings.TrimSpace(b.String()))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// parseEvents reads the JSON events of go test -json (test2json).
func parseEvents(out []byte) *events {
	ev := &events{tests: map[string]*testResult{}, build: map[string]*strings.Builder{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e struct {
			Action, Package, Test, Output, ImportPath string
		}
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		if e.Action == "build-output" {
			b := ev.build[e.ImportPath]
			if b == nil {
				b = &strings.Builder{}
				ev.build[e.ImportPath] = b
			}
			b.WriteString(e.Output)
			continue
		}
		if e.Test == "" {
			continue
		}
		top, _, sub := strings.Cut(e.Test, "/")
		t := ev.tests[top]
		if t == nil {
			t = &testResult{}
			ev.tests[top] = t
		}
		switch e.Action {
		case "output":
			t.output.WriteString(e.Output)
		case "pass", "fail", "skip":
			if !sub {
				t.action = e.Action
			}
		}
	}
	return ev
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

// WriteTable prints the sheet as a table: chapter, section, exercise,
// result, then a line of totals.
func (s *Sheet) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "chapter\tsection\texercise\tresult")
	for _, g := range s.Grades {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", g.Chapter, g.Section, g.Name, g.Result)
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
