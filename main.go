// Command dlfs replays chapters 4 to 6 of "Deep Learning from Scratch"
// (深度学习入门) step by step, printing every number the book prints and
// drawing its figures as SVG files.
//
//	go run . -chapter=4             replay chapter 4
//	go run . -section=4.4.1           replay one section
//	go run . -list                  list the chapters and sections
//
// Every flag is checked against the chosen lessons and the data before any
// work starts. The exit status is 0 on success, 1 on a failure (a bad file,
// a training that diverged or did not learn), 2 on a usage error and 130
// when interrupted (Ctrl-C stops at once and leaves no half-written file; a
// second Ctrl-C kills).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"

	"dlfs/internal/lesson"
	"dlfs/internal/outfile"
	"dlfs/internal/report"
	"dlfs/mnist"
)

// Exit statuses: 0 success, 1 failure, 2 a usage error, 130 interrupted
// (the shell's 128 + SIGINT).
const exitInterrupted = 130

func main() {
	log.SetFlags(0)
	log.SetPrefix("dlfs: ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	go func() {
		// After the first interrupt stop catching: a second one kills
		// the program at once, as an interrupt normally does.
		<-ctx.Done()
		stop()
	}()
	// Once interrupted, no picture or model is written any more.
	outfile.StopOn(ctx)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		outfile.Stop() // remove what is half-written
		fmt.Fprintln(os.Stderr, "\ndlfs: interrupted")
		os.Exit(exitInterrupted)
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, lesson.ErrUsage):
		fmt.Fprintln(os.Stderr, "dlfs:", strings.TrimPrefix(err.Error(), "usage: "))
		os.Exit(2)
	default:
		log.Fatal(err)
	}
}

// run is the whole program but for the exit status, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := lesson.Defaults()
	fs := flag.NewFlagSet("dlfs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	chapter := fs.String("chapter", "", "chapter to replay: 4, 5, 6 or fcn (note 001's network; see -list)")
	section := fs.String("section", "", "replay only this section, e.g. 4.6 (the chapter is implied)")
	list := fs.Bool("list", false, "list the chapters and their sections")
	lessonFlags(fs, &cfg)
	fs.BoolVar(&cfg.Report, "report", true, "write the lesson page (ch04.html, index.html) and the pictures' numbers (CSV) into -out")
	grading := fs.Bool("grade", false, "run the classroom graders (go test) and print each exercise's grade; writes grade.html into -out")
	student := fs.String("student", "", "with -grade: the student's name on grade.html (default: git's user.name)")
	gradeTimeout := fs.Duration("grade-timeout", report.DefaultGradeTimeout, "with -grade: how long one exercise's grader may run before it is stopped and graded \"failed (timed out)\"")
	mirror := fs.String("mirror", "", "download MNIST from this mirror (a URL; several separated by commas) instead of the usual ones; also $"+mnist.EnvMirror)
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file (read it with go tool pprof)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "dlfs replays chapters of Deep Learning from Scratch (深度学习入门).\n\n")
		fmt.Fprintf(fs.Output(), "usage: go run . -chapter=4 [flags]\n       go run . -section=4.4.1\n       go run . -list\n\nflags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\nlessons:\n")
		lesson.List(fs.Output())
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", lesson.ErrUsage, err)
	}
	cfg.Set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { cfg.Set[f.Name] = true })
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q: flags are written -name=value (see -h)", lesson.ErrUsage, fs.Arg(0))
	}
	if *grading {
		if *gradeTimeout <= 0 {
			return fmt.Errorf("%w: -grade-timeout=%v: give each grader some time, e.g. 2m", lesson.ErrUsage, *gradeTimeout)
		}
		return grade(ctx, cfg.Out, *student, *gradeTimeout, stdout, stderr)
	}
	if *list {
		w := &checkedWriter{w: stdout}
		lesson.List(w)
		if w.err != nil {
			return fmt.Errorf("writing the list: %w", w.err)
		}
		return nil
	}
	if *chapter == "" && *section != "" {
		*chapter, _, _ = strings.Cut(*section, ".")
	}
	if *chapter == "" {
		w := &checkedWriter{w: stdout}
		fs.SetOutput(w)
		fs.Usage()
		if w.err != nil {
			return fmt.Errorf("writing the usage: %w", w.err)
		}
		return nil
	}
	if err := check(cfg); err != nil {
		return fmt.Errorf("%w: %w", lesson.ErrUsage, err)
	}
	if *mirror != "" {
		ms, err := mnist.ParseMirrors(*mirror)
		if err != nil {
			return fmt.Errorf("%w: -mirror: %w", lesson.ErrUsage, err)
		}
		cfg.Mirrors = ms
	}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	cfg.Command = commandLine(args)
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	_, err := lesson.Run(ctx, cfg, *chapter, *section)
	return err
}

// checkedWriter keeps the first error of its writes, so that output to a
// full disk or a closed pipe is a failure rather than a silent success.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.err = err
	return n, err
}

// lessonFlags defines on fs the flags that set what the lessons compute,
// each writing into cfg (whose values are the defaults shown). The
// tutorial's replay markers take the same flags (tutorial_output_test.go).
func lessonFlags(fs *flag.FlagSet, cfg *lesson.Config) {
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of every random choice (same seed, same numbers)")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "folder with the four MNIST .gz files, or note 001's mnist_all.mat (default: $MNIST_DIR, then the cache, then download)")
	fs.StringVar(&cfg.Out, "out", cfg.Out, "folder for the pictures (SVG) and the saved model")
	fs.IntVar(&cfg.Iters, "iters", cfg.Iters, "training updates (chapters 4 and 5; chapter 6 caps it at 2000)")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "mini-batch size (chapters 4 and 5)")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "learning rate of chapters 4 and 5 (§4.4.1's descent, the trainings); chapter 6 keeps the book's, §6.1 takes -lr-sgd, -lr-adam, ...")
	fs.IntVar(&cfg.Hidden, "hidden", cfg.Hidden, "hidden-layer size of TwoLayerNet (chapters 4 and 5)")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "epochs of the note-001 lesson (-chapter=fcn; the note also runs 15)")
	fs.StringVar(&cfg.Load, "load", cfg.Load, "with -chapter=fcn: evaluate this saved model (.npz) instead of training")
	for _, f := range cfg.RaceFlags() {
		fs.Float64Var(f.Rate, f.Flag, *f.Rate, "learning rate of "+f.Optimizer+" in §6.1's race on x²/20 + y²")
	}
	fs.Float64Var(&cfg.Lambda, "lambda", cfg.Lambda, "weight decay λ of §6.4.2, from 0 (none) to 100")
}

// check rejects flag values that parse but make no sense.
func check(c lesson.Config) error {
	switch {
	case c.Iters <= 0:
		return fmt.Errorf("-iters=%d: the number of updates must be at least 1", c.Iters)
	case c.Batch <= 0:
		return fmt.Errorf("-batch=%d: the mini-batch size must be at least 1", c.Batch)
	case c.Hidden <= 0:
		return fmt.Errorf("-hidden=%d: the hidden layer needs at least 1 unit", c.Hidden)
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("-lr=%v: the learning rate must be a positive number, e.g. 0.1", c.LR)
	case c.Epochs <= 0:
		return fmt.Errorf("-epochs=%d: train for at least 1 epoch", c.Epochs)
	case c.Out == "":
		return fmt.Errorf("-out is empty: name a folder for the pictures")
	}
	return nil
}
