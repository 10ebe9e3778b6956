package lesson

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"dlfs/internal/exercise"
	"dlfs/internal/report"
)

// recorder keeps what each section of a replay prints and draws, for the
// chapter's page (internal/report). Runner.Stdout is teed into it while a
// section runs. A nil *recorder (Config.Report false) does nothing.
type recorder struct {
	r        *Runner
	c        *Chapter
	stdout   io.Writer // what the replay was given
	buf      bytes.Buffer
	cur      *report.Section
	curNA    int // len(r.NotAttempted) when cur started
	sections map[string]*report.Section
	start    time.Time
	root     string
	src      report.Sources
	files    map[string]chan []string // each section's source files, found while it runs
	keys     map[string]string        // and what they depend on (report.Sources.Key)
	old      *report.Page             // the page an earlier replay left in Out
}

// startReport begins recording a replay of c, when the report is on.
func (r *Runner) startReport(c *Chapter) *recorder {
	if !r.Report {
		return nil
	}
	rec := &recorder{r: r, c: c, stdout: r.Stdout, sections: map[string]*report.Section{}, start: time.Now(),
		files: map[string]chan []string{}, keys: map[string]string{}, old: report.Load(r.Out, c.ID)}
	var module string
	rec.root, module = report.Root(thisFile())
	rec.src = report.Sources{Root: rec.root, Module: module, Skip: notLesson}
	r.rep = rec
	return rec
}

// run runs section s (its header printed), recording what it prints. A
// section stopped by an exercise's panic stays open, so that what Run
// prints about it goes on its page, until Run calls end.
func (rec *recorder) run(r *Runner, s Section) error {
	if rec == nil {
		return r.runSection(s)
	}
	rec.section(s)
	err := r.runSection(s)
	rec.end(err)
	return err
}

func (rec *recorder) section(s Section) {
	rec.end(nil)
	if _, ok := rec.files[s.ID]; !ok && rec.root != "" {
		ch := make(chan []string, 1)
		rec.files[s.ID] = ch
		if files, key := rec.oldFiles(s.ID); files != nil {
			ch <- files
			rec.keys[s.ID] = key
		} else {
			// Reading the sources takes a few milliseconds: do it on the
			// side while the section runs, so that a short replay hardly
			// waits.
			go func(run func(*Runner) error) { ch <- rec.sourceFiles(run) }(s.Run)
		}
	}
	rec.buf.Reset()
	rec.cur = &report.Section{ID: s.ID, Status: report.Ran}
	rec.curNA = len(rec.r.NotAttempted)
	rec.sections[s.ID] = rec.cur
	rec.r.Stdout = io.MultiWriter(rec.stdout, &rec.buf)
}

// end closes the section being recorded; err is what it returned.
func (rec *recorder) end(err error) {
	if rec == nil || rec.cur == nil {
		return
	}
	s := rec.cur
	s.Output = rec.buf.String()
	switch {
	case len(rec.r.NotAttempted) > rec.curNA:
		var needs []string
		for _, na := range rec.r.NotAttempted[rec.curNA:] {
			needs = append(needs, fmt.Sprintf("%s (§%s, in %s; grade it with %s)", na.Name, na.Section, na.File, na.GradeCommand()))
		}
		s.Status = report.Stopped
		s.Note = "it needs " + strings.Join(needs, ", ") + ", not attempted yet"
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		s.Status, s.Note = report.Interrupted, err.Error()
	case err != nil:
		s.Status, s.Note = report.Failed, err.Error()
	}
	if s.Status == report.Ran {
		s.Verdicts = rec.r.verdicts
	}
	rec.r.verdicts = nil
	rec.cur = nil
	rec.r.Stdout = rec.stdout
}

// picture records a picture the current section drew (its line already
// printed) and writes its numbers as CSV beside it.
func (rec *recorder) picture(path string, p any) error {
	if rec == nil || rec.cur == nil {
		return nil
	}
	pic := report.Picture{File: filepath.Base(path), At: rec.buf.Len()}
	svg, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading back %s: %w", path, err)
	}
	pic.SHA256 = fmt.Sprintf("%x", sha256.Sum256(svg))
	if t, ok := p.(interface{ CSV(io.Writer) error }); ok {
		csv := strings.TrimSuffix(path, filepath.Ext(path)) + ".csv"
		if err := report.WriteCSV(csv, t); err != nil {
			return fmt.Errorf("writing the numbers of %s: %w (choose another folder with -out)", pic.File, err)
		}
		pic.CSV = filepath.Base(csv)
	}
	rec.cur.Pictures = append(rec.cur.Pictures, pic)
	return nil
}

// finish ends the recording, writes the chapter's page and returns the
// replay's error err, or the page's if writing it failed.
func (rec *recorder) finish(err error) error {
	if rec == nil {
		return err
	}
	rec.end(err)
	r, root := rec.r, rec.root
	run := report.Run{Command: r.Command, Seed: r.Seed, Student: exercise.StudentMode, Go: runtime.Version(), Date: rec.start.UTC(), Root: root,
		Settings: []report.Setting{
			{Name: "seed", Value: strconv.FormatUint(r.Seed, 10)}, {Name: "iters", Value: strconv.Itoa(r.Iters)},
			{Name: "batch", Value: strconv.Itoa(r.Batch)}, {Name: "lr", Value: strconv.FormatFloat(r.LR, 'g', -1, 64)},
			{Name: "hidden", Value: strconv.Itoa(r.Hidden)}, {Name: "epochs", Value: strconv.Itoa(r.Epochs)},
			{Name: "data", Value: r.Data}, {Name: "out", Value: r.Out}, {Name: "load", Value: r.Load}}}
	// The flags of one section each, on the pages of their chapters only.
	for _, f := range r.RaceFlags() {
		if readsFlag(rec.c, f.Flag) {
			run.Settings = append(run.Settings, report.Setting{Name: f.Flag, Value: strconv.FormatFloat(*f.Rate, 'g', -1, 64)})
		}
	}
	if readsFlag(rec.c, "lambda") {
		run.Settings = append(run.Settings, report.Setting{Name: "lambda", Value: strconv.FormatFloat(r.Lambda, 'g', -1, 64)})
	}
	run.Settings = slices.DeleteFunc(run.Settings, func(s report.Setting) bool { return s.Value == "" })
	if run.Command == "" {
		run.Command = "(not given)"
	}
	if r.data != nil {
		run.Data = r.data.Source
	}
	page := report.Page{Chapter: rec.c.ID, Title: rec.c.Title, Tutorial: rec.c.Tutorial, Runs: []report.Run{run}}
	for _, s := range rec.c.Sections {
		ps := report.Section{ID: s.ID}
		if got := rec.sections[s.ID]; got != nil {
			ps = *got
			if ch := rec.files[s.ID]; ch != nil {
				ps.Files, ps.FilesKey = <-ch, rec.keys[s.ID]
				if ps.FilesKey == "" {
					ps.FilesKey = rec.src.Key(ps.Files)
				}
			}
		}
		ps.Title, ps.Source, ps.Check = s.Title, s.Source, checkCommand(s)
		ps.Tutorial = report.TutorialLink(root, rec.c.Tutorial, s.ID)
		page.Sections = append(page.Sections, ps)
	}
	path, werr := report.Update(r.Out, page)
	if werr != nil {
		werr = fmt.Errorf("writing the lesson page: %w (choose another folder with -out)", werr)
		if err == nil {
			return werr
		}
		if r.Stderr != nil {
			fmt.Fprintln(r.Stderr, "dlfs:", werr)
		}
		return err
	}
	r.printf("\nLesson page: %s (open it in a browser; %s lists every chapter replayed there).\n", path, filepath.Join(r.Out, "index.html"))
	return err
}

// oldFiles returns the source files the earlier page found for section id,
// if none of them has changed since, with their key.
func (rec *recorder) oldFiles(id string) ([]string, string) {
	if rec.old == nil {
		return nil, ""
	}
	for _, s := range rec.old.Sections {
		if s.ID == id && len(s.Files) > 0 && s.FilesKey != "" {
			if key := rec.src.Key(s.Files); key == s.FilesKey {
				return s.Files, key
			}
		}
	}
	return nil, ""
}

// sourceFiles returns the repository paths of the files a section's
// function runs (report.Sources).
func (rec *recorder) sourceFiles(run func(*Runner) error) []string {
	fn := runtime.FuncForPC(reflect.ValueOf(run).Pointer())
	if fn == nil {
		return nil
	}
	file, line := fn.FileLine(fn.Entry())
	name := fn.Name()
	return rec.src.Files(file, line, name[strings.LastIndex(name, ".")+1:])
}

// notLesson reports the packages whose code is not part of a lesson:
// drawing, progress bars and the classroom and report machinery.
func notLesson(importPath string) bool {
	for _, p := range []string{"internal/plot", "internal/progress", "internal/exercise", "internal/parallel", "internal/report"} {
		if strings.HasSuffix(importPath, "/"+p) {
			return true
		}
	}
	return false
}

// sourceRoot is the folder of the module this program was built from ("" if
// it is not at hand).
func sourceRoot() string {
	root, _ := report.Root(thisFile())
	return root
}

func thisFile() string {
	_, file, _, _ := runtime.Caller(0)
	return file
}
