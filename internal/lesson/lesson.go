// Package lesson holds the replay: every section of every chapter as code
// that computes what the book computes and prints it: at full precision
// where the last digits are the lesson, to 4 significant digits in the
// long tables where they are noise.
// main parses the flags and calls Run; the tests call the same section
// functions and check the numbers against the book's.
package lesson

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"dlfs/internal/exercise"
	"dlfs/internal/plot"
	"dlfs/internal/progress"
	"dlfs/internal/report"
	"dlfs/mnist"
)

// A Section is one numbered lesson: the code the replay runs, with the
// source note it retells, the tutorial text that explains it and the tests
// that check it.
type Section struct {
	ID     string // "4.3"
	Title  string
	Source string // seed file and heading it retells
	Test   string // the -run pattern of its tests
	Run    func(r *Runner) error
}

// A Chapter is an ordered list of sections.
type Chapter struct {
	ID       string // "4"
	Title    string
	Tutorial string // path of its tutorial text
	Sections []Section
}

// Chapters lists every chapter the replay knows, in order.
var Chapters = []*Chapter{ch04}

// Config is what the command line sets.
type Config struct {
	Seed uint64
	Data string // the -data directory ("" = MNIST_DIR, cache, download)
	// Mirrors are where to download MNIST from (-mirror; nil = the
	// usual ones). Named mirrors that fail are an error, not synthetic
	// digits.
	Mirrors []string
	Out     string // where pictures go
	Iters   int
	Batch   int
	LR      float64
	Hidden  int
	Epochs  int    // the note-001 lesson's epochs
	Load    string // a saved note-001 model to evaluate instead of training
	// Race holds the learning rates of §6.1's race (-lr-sgd, -lr-momentum,
	// ...; see RaceFlags), Lambda §6.4.2's weight decay λ (-lambda).
	Race   RaceRates
	Lambda float64
	// Set holds the flags given on the command line ("lr", "batch", ...):
	// Run refuses one that the chosen sections do not read.
	Set    map[string]bool
	Stdout io.Writer
	Stderr io.Writer // progress bars and notes; nil = none
	// Report writes the chapter's lesson page into Out (report.go), and
	// Command is the command line the page shows.
	Report  bool
	Command string
	// LoadMNIST replaces mnist.Load, for tests (nil = mnist.Load).
	LoadMNIST func(ctx context.Context, opt mnist.Options) (*mnist.Data, error)
}

// Defaults are the book's settings.
func Defaults() Config {
	return Config{Seed: 1, Out: "dlfs-out", Iters: 10000, Batch: 100, LR: 0.1, Hidden: 50, Epochs: 5,
		Race: bookRaceRates, Lambda: bookLambda}
}

// Runner carries one replay's settings and shared state across sections.
type Runner struct {
	Config
	Ctx      context.Context
	Pictures []string // files written, in order
	// NotAttempted lists, in a students' copy, the exercises not written
	// yet that stopped a section: all those it needs, or the stub it
	// reached.
	NotAttempted []exercise.Exercise
	stopped      int // how many sections stopped at exercises not attempted
	// grades are, in a students' copy, the graders' verdicts on the
	// exercises the replay's sections run, by name; verdicts are those of
	// the section running now.
	grades   map[string]report.Grade
	verdicts []report.Verdict

	once      sync.Once
	data      *mnist.Data
	err       error
	announced bool      // the "MNIST: ..." line was printed
	failed    error     // set by a section that ran but did not reach its goal
	rep       *recorder // the lesson page's record (report.go); nil = none
}

// Rand returns a random source for a purpose: the same seed and purpose give
// the same numbers, and each purpose gets its own stream so that changing one
// section does not shift the numbers of another.
func (r *Runner) Rand(purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(r.Seed, purpose))
}

func (r *Runner) printf(format string, args ...any) {
	if r.Stdout != nil {
		fmt.Fprintf(r.Stdout, format, args...)
	}
}

// MNIST loads the data set once per replay and says where it came from.
func (r *Runner) MNIST() (*mnist.Data, error) {
	d, err := r.load()
	if err == nil && !r.announced {
		r.announced = true
		r.printf("MNIST: %s\n", d.Source)
		if d.Synthetic {
			r.printf("\n%s\n\n", d.Banner)
		}
	}
	return d, err
}

// load loads the data set once per replay, without a word.
func (r *Runner) load() (*mnist.Data, error) {
	r.once.Do(func() {
		load := r.LoadMNIST
		if load == nil {
			load = mnist.Load
		}
		r.data, r.err = load(r.Ctx, mnist.Options{Dir: r.Data, Mirrors: r.Mirrors, NoSynthetic: r.Mirrors != nil, Log: r.Stderr, Progress: r.downloadBar()})
	})
	return r.data, r.err
}

// progress returns a callback that draws a progress bar labelled label on
// Stderr, and a func to call when the work is done. Without Stderr the
// callback is nil (no bar) and finish does nothing.
func (r *Runner) progress(label string) (report func(done, total int), finish func()) {
	if r.Stderr == nil {
		return nil, func() {}
	}
	var bar *progress.Bar
	report = func(done, total int) {
		if bar == nil {
			bar = progress.New(r.Stderr, label, int64(total))
		}
		bar.Set(int64(done))
	}
	return report, func() {
		if bar != nil {
			bar.Finish()
		}
	}
}

// downloadBar returns the callback that draws mnist.Load's download
// progress on Stderr, one bar per file (nil without Stderr).
func (r *Runner) downloadBar() func(mnist.Download) {
	if r.Stderr == nil {
		return nil
	}
	bars := map[string]*progress.Bar{}
	return func(d mnist.Download) {
		bar := bars[d.File]
		if bar == nil {
			bar = progress.NewBytes(r.Stderr, strings.TrimSuffix(d.File, ".gz"), max(d.Total, 0))
			bars[d.File] = bar
		}
		bar.Set(d.Done)
		if d.Finished {
			bar.Finish()
			delete(bars, d.File)
		}
	}
}

// picture writes a figure into the output folder and remembers its path.
func (r *Runner) picture(name string, p interface{ WriteSVG(io.Writer) error }) error {
	path := filepath.Join(r.Out, name)
	if err := plot.WriteFile(path, p); err != nil {
		return fmt.Errorf("writing picture: %w (choose another folder with -out)", err)
	}
	r.Pictures = append(r.Pictures, path)
	r.printf("picture: %s\n", path)
	return r.rep.picture(path, p)
}

// firstN returns the indices 0, 1, ..., n-1: the first n images of a set.
func firstN(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// Find returns the chapter with the given ID.
func Find(id string) (*Chapter, error) {
	for _, c := range Chapters {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, fmt.Errorf("no chapter %q: the chapters are %s (see -list)", id, chapterIDs())
}

func chapterIDs() string {
	var ids []string
	for _, c := range Chapters {
		ids = append(ids, c.ID)
	}
	return strings.Join(ids, ", ")
}

// ErrUsage marks errors in what the user asked for (bad flag values), as
// opposed to failures while running.
var ErrUsage = errors.New("usage")

// ErrInterrupted is returned by Run when its context ends (Ctrl-C) while
// a section runs: Run returns at once, leaving the section's goroutine to
// be ended by the program's exit.
var ErrInterrupted = errors.New("interrupted")

// interruptible runs f on its own goroutine and returns its results, or
// ErrInterrupted as soon as ctx is done. The lesson code stays the book's
// plain code, with no checks of ctx in its loops: an interrupted section is
// abandoned, and nothing it writes afterwards is committed (main stops
// package outfile).
func interruptible[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		res.v, res.err = f()
		done <- res
	}()
	select {
	case res := <-done:
		if res.err != nil && ctx.Err() != nil && errors.Is(res.err, ctx.Err()) {
			return res.v, fmt.Errorf("%w (%w)", ErrInterrupted, res.err)
		}
		return res.v, res.err
	case <-ctx.Done():
		var zero T
		return zero, ErrInterrupted
	}
}

// usesMNIST reports whether any of the sections loads the data set.
func usesMNIST(todo []Section) bool {
	for _, s := range todo {
		if n, _ := needsOf(s); n.mnist {
			return true
		}
	}
	return false
}

// Run replays the sections of a chapter in order (or just the one whose ID
// is section, when not empty) and returns the runner, whose Pictures list
// what was written.
func Run(ctx context.Context, cfg Config, chapter, section string) (*Runner, error) {
	c, err := Find(chapter)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	var todo []Section
	for _, s := range c.Sections {
		if section == "" || s.ID == section {
			todo = append(todo, s)
		}
	}
	if len(todo) == 0 {
		var ids []string
		for _, s := range c.Sections {
			ids = append(ids, s.ID)
		}
		return nil, fmt.Errorf("%w: chapter %s has no section %q: its sections are %s", ErrUsage, c.ID, section, strings.Join(ids, ", "))
	}
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	what := "chapter " + c.ID
	if section != "" {
		what = "§" + section
	}
	if err := checkFlags(cfg, what, todo); err != nil {
		return nil, err
	}
	if cfg.Report {
		if err := report.Writable(cfg.Out, c.ID); err != nil {
			return nil, fmt.Errorf("%w: -out=%s: %w", ErrUsage, cfg.Out, err)
		}
	}
	r := &Runner{Config: cfg, Ctx: ctx}
	if usesMNIST(todo) {
		// Load the data before the first section, to check the flags and
		// the sections against it.
		d, err := interruptible(ctx, r.load)
		if err != nil {
			return nil, err
		}
		if err := checkData(cfg, todo, d); err != nil {
			return nil, err
		}
	}
	rep := r.startReport(c)
	r.printf("Chapter %s: %s   (tutorial: %s)\n", c.ID, c.Title, c.Tutorial)
	if exercise.StudentMode {
		r.printf("Students' copy: the exercises run your code.\n")
		if err := r.gradeUsed(todo); err != nil {
			return r, rep.finish(err)
		}
	}
	for _, s := range todo {
		if err := ctx.Err(); err != nil {
			return r, rep.finish(err)
		}
		r.printf("\n§%s %s\n    source: %s\n    check:  %s\n\n", s.ID, s.Title, s.Source, checkCommand(s))
		var na *exercise.NotAttempted
		_, err := interruptible(ctx, func() (struct{}, error) {
			var err error
			na = exercise.Capture(func() { err = rep.run(r, s) })
			return struct{}{}, err
		})
		if errors.Is(err, ErrInterrupted) {
			return r, fmt.Errorf("§%s: %w", s.ID, err)
		}
		if na != nil {
			// A students' copy: this section reached a stub the
			// student has not written yet (one its needs do not list,
			// or the source was not at hand). Say so and go on.
			r.NotAttempted = append(r.NotAttempted, na.Exercise)
			r.stopped++
			r.printf("\n§%s stops here: it needs %s (§%s), which is not attempted yet.\n"+
				"    write it in %s, then: %s\n", s.ID, na.Name, na.Section, na.File, na.GradeCommand())
			rep.end(nil) // what was just printed goes on the section's page
			continue
		}
		if err == nil {
			err = r.failed
		}
		if err != nil {
			return r, rep.finish(fmt.Errorf("§%s %s: %w", s.ID, s.Title, err))
		}
	}
	if len(r.Pictures) > 0 {
		r.printf("\nPictures are in %s (open the .svg files in a browser).\n", r.Out)
	}
	if r.stopped > 0 {
		r.printf("\n%d section(s) stopped at exercises not attempted yet; tutorial/exercises.md lists them all.\n", r.stopped)
	}
	return r, rep.finish(nil)
}

// runSection runs s, but in a students' copy first looks in the source for
// the exercises s uses (its needs): if some are still stubs, it names them
// all, with what to run to grade each, and s does not start.
func (r *Runner) runSection(s Section) error {
	if exercise.StudentMode {
		n, _ := needsOf(s)
		if pending, ok := exercise.Pending(sourceRoot(), n.uses); ok && len(pending) > 0 {
			r.NotAttempted = append(r.NotAttempted, pending...)
			r.stopped++
			r.printf("§%s needs %d exercise(s) not attempted yet; write them, then replay:\n%s", s.ID, len(pending), pendingList(pending))
			return nil
		}
		r.sayVerdicts(n.uses)
	}
	return s.Run(r)
}

// pendingList gives a line per exercise not attempted yet: where to write
// it and how to grade it.
func pendingList(pending []exercise.Exercise) string {
	var b strings.Builder
	for _, e := range pending {
		fmt.Fprintf(&b, "  %-32s §%-5s write it in %s, grade it with: %s\n", e.Name, e.Section, e.File, e.GradeCommand())
	}
	return b.String()
}

// gradeUsed runs, in a students' copy, the graders of the exercises that
// the sections todo run and that are written (not stubs any more), once
// for the whole replay, so that each section can say what its grader
// thinks of the code it is about to run.
func (r *Runner) gradeUsed(todo []Section) error {
	var names []string
	for _, s := range todo {
		n, _ := needsOf(s)
		for _, u := range n.uses {
			if !slices.Contains(names, u) {
				names = append(names, u)
			}
		}
	}
	pending, ok := exercise.Pending(sourceRoot(), names)
	if !ok {
		return nil // no source at hand: nothing to grade
	}
	var exs []report.Exercise
	for _, name := range names {
		e, _ := exercise.Lookup(name)
		if !slices.ContainsFunc(pending, func(p exercise.Exercise) bool { return p.Name == name }) {
			exs = append(exs, report.ExerciseOf(e))
		}
	}
	if len(exs) == 0 {
		return nil
	}
	r.printf("Grading the %d exercise(s) of yours that these sections run (go test)...\n", len(exs))
	sheet, err := report.RunGraders(r.Ctx, sourceRoot(), exs)
	if err != nil {
		if r.Ctx.Err() != nil {
			return fmt.Errorf("grading your exercises: %w", ErrInterrupted)
		}
		r.printf("Could not grade them (%v): the sections run your code ungraded.\n", err)
		return nil
	}
	r.grades = map[string]report.Grade{}
	for _, g := range sheet.Grades {
		r.grades[g.Name] = g
	}
	return nil
}

// sayVerdicts prints what the graders said of the student's exercises a
// section is about to run (uses, in its needs' order) and keeps it for
// the lesson page: a wrong answer is named as such before its numbers.
func (r *Runner) sayVerdicts(uses []string) {
	r.verdicts = nil
	var parts []string
	var failed []report.Verdict
	for _, name := range uses {
		g, ok := r.grades[name]
		if !ok {
			continue
		}
		e, _ := exercise.Lookup(name)
		v := report.Verdict{Name: name, Result: g.Result, Detail: g.Detail, Check: e.GradeCommand()}
		r.verdicts = append(r.verdicts, v)
		if g.Result == report.GradePassed {
			parts = append(parts, name+" passed")
			continue
		}
		parts = append(parts, name+" FAILED")
		failed = append(failed, v)
	}
	if len(parts) == 0 {
		return
	}
	r.printf("Your code in this section: %s.\n", strings.Join(parts, ", "))
	for _, v := range failed {
		r.printf("  %s %s its grader (%s):\n", v.Name, v.Result, v.Check)
		lines := strings.Split(strings.TrimSpace(v.Detail), "\n")
		if len(lines) > 8 {
			lines = append(lines[:8], "...")
		}
		for _, l := range lines {
			r.printf("    %s\n", l)
		}
	}
	if len(failed) > 0 {
		r.printf("  The section runs it anyway: the numbers below come from that code.\n")
	}
	r.printf("\n")
}

// checkCommand is the test command of a section: its tests, or in student
// mode the graders of its exercises (the section tests then check the
// reference solutions, which that build leaves out).
func checkCommand(s Section) string {
	if !exercise.StudentMode {
		return fmt.Sprintf("go test ./... -run '%s'", s.Test)
	}
	var tests []string
	for _, e := range exercise.All {
		if e.Section == s.ID {
			tests = append(tests, e.Test)
		}
	}
	if len(tests) == 0 {
		return "no exercise in this section"
	}
	return fmt.Sprintf("go test ./... -run '%s'", strings.Join(tests, "|"))
}

// List prints every chapter and section.
func List(w io.Writer) {
	for _, c := range Chapters {
		fmt.Fprintf(w, "Chapter %s: %s  (go run . -chapter=%s; tutorial %s)\n", c.ID, c.Title, c.ID, c.Tutorial)
		for _, s := range c.Sections {
			fmt.Fprintf(w, "  %-5s %-56s from %s\n", s.ID, s.Title, s.Source)
		}
	}
}
