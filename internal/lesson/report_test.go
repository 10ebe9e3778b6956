package lesson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dlfs/internal/exercise"
	"dlfs/internal/outfile"
	"dlfs/internal/report"
)

func readPage(t *testing.T, dir, chapter string) (report.Page, string) {
	t.Helper()
	var p report.Page
	b, err := os.ReadFile(filepath.Join(dir, report.FileName(chapter)+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	h, err := os.ReadFile(filepath.Join(dir, report.FileName(chapter)+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return p, string(h)
}

// sectionOf returns the section of c that run runs, so that the tests
// do not depend on the sections' numbers.
func sectionOf(t *testing.T, c *Chapter, run func(*Runner) error) Section {
	t.Helper()
	for _, s := range c.Sections {
		if reflect.ValueOf(s.Run).Pointer() == reflect.ValueOf(run).Pointer() {
			return s
		}
	}
	t.Fatalf("chapter %s runs no such section", c.ID)
	return Section{}
}

func section(p report.Page, id string) *report.Section {
	for i := range p.Sections {
		if p.Sections[i].ID == id {
			return &p.Sections[i]
		}
	}
	return nil
}

// TestReport_SectionsOnThePage replays two sections of chapter 4 one at a
// time and checks the chapter's page: each section's output exactly as
// printed, its picture and the picture's numbers, its links, and the other
// sections kept.
func TestReport_SectionsOnThePage(t *testing.T) {
	diff, partial := sectionOf(t, ch04, runNumericalDiff), sectionOf(t, ch04, runPartial)
	dir := t.TempDir()
	cfg := Defaults()
	cfg.Out, cfg.Report, cfg.Command = dir, true, "go run . -section="+diff.ID
	var out bytes.Buffer
	cfg.Stdout = &out
	if _, err := Run(context.Background(), cfg, "4", diff.ID); err != nil {
		t.Fatal(err)
	}
	printed := out.String()
	p, page := readPage(t, dir, "4")
	if len(p.Sections) != len(ch04.Sections) {
		t.Fatalf("the page has %d sections, want all %d of chapter 4", len(p.Sections), len(ch04.Sections))
	}
	s := section(p, diff.ID)
	if s == nil || s.Status != report.Ran && !exercise.StudentMode {
		t.Fatalf("§%s on the page: %+v", diff.ID, s)
	}
	// The section's output is what the replay printed after its header.
	if !strings.Contains(printed, "\n\n"+s.Output) || !strings.Contains(s.Output, "numerical_diff(function_1, 5)") && !exercise.StudentMode {
		t.Errorf("§"+diff.ID+"'s recorded output is not what was printed:\n%q\nprinted:\n%q", s.Output, printed)
	}
	if strings.Contains(s.Output, "Lesson page:") || strings.Contains(s.Output, "§"+diff.ID+" "+diff.Title+"\n") {
		t.Errorf("§"+diff.ID+"'s output holds the chapter's lines: %q", s.Output)
	}
	if !strings.Contains(printed, "Lesson page: "+filepath.Join(dir, "ch04.html")) {
		t.Errorf("the replay does not say where the page is:\n%s", printed)
	}
	if s.Status == report.Ran {
		if len(s.Pictures) != 2 || s.Pictures[0].File != "ch04_derivative.svg" || s.Pictures[0].CSV != "ch04_derivative.csv" ||
			!strings.HasSuffix(s.Output[:s.Pictures[0].At], "picture: "+filepath.Join(dir, "ch04_derivative.svg")+"\n") ||
			s.Pictures[1].File != "ch04_h_sweep.svg" || !strings.HasSuffix(s.Output[:s.Pictures[1].At], "picture: "+filepath.Join(dir, "ch04_h_sweep.svg")+"\n") {
			t.Errorf("§"+diff.ID+"'s picture: %+v", s.Pictures)
		}
		csv, err := os.ReadFile(filepath.Join(dir, "ch04_derivative.csv"))
		if err != nil || !strings.HasPrefix(string(csv), "x,f(x),tangent at 5,tangent at 10\n0,0,") {
			t.Errorf("ch04_derivative.csv: %.80q %v", csv, err)
		}
		if !strings.Contains(page, `data-file="ch04_derivative.svg"`) || !strings.Contains(page, "<svg ") {
			t.Errorf("the page does not show the picture inline")
		}
	}
	if len(s.Files) < 2 || !strings.HasPrefix(s.Files[0], "internal/lesson/ch04.go#L") || !strings.Contains(strings.Join(s.Files, " "), "net/") {
		t.Errorf("§"+diff.ID+" runs %v: want its function in internal/lesson/ch04.go and the net/ code it calls", s.Files)
	}
	if !strings.HasPrefix(s.Tutorial, "tutorial/ch04.md#") || s.Check != checkCommand(diff) {
		t.Errorf("§"+diff.ID+" links %q, checks with %q", s.Tutorial, s.Check)
	}
	if section(p, partial.ID).Status != report.NotRun {
		t.Errorf("§"+partial.ID+" did not run but the page says %q", section(p, partial.ID).Status)
	}

	// Then the partial derivatives alone: both are on the page.
	cfg.Command, cfg.Stdout = "go run . -section="+partial.ID, &bytes.Buffer{}
	if _, err := Run(context.Background(), cfg, "4", partial.ID); err != nil {
		t.Fatal(err)
	}
	p, page = readPage(t, dir, "4")
	if s4 := section(p, partial.ID); s4.FilesKey == "" || len(s4.Files) == 0 || section(p, diff.ID).FilesKey != s.FilesKey {
		t.Errorf("source files: §"+partial.ID+" %v (key %q); §"+diff.ID+"'s key %q, was %q", s4.Files, s4.FilesKey, section(p, diff.ID).FilesKey, s.FilesKey)
	}
	if section(p, diff.ID).Output != s.Output || section(p, partial.ID).Status == report.NotRun || len(p.Runs) != 2 {
		t.Errorf("after -section="+partial.ID+": §"+diff.ID+" %q, §"+partial.ID+" %q, %d runs", section(p, diff.ID).Status, section(p, partial.ID).Status, len(p.Runs))
	}
	if !strings.Contains(page, "From an earlier run into this folder: <code>go run . -section="+diff.ID+"</code>") {
		t.Errorf("the page does not say §%s comes from the earlier run", diff.ID)
	}
}

// TestReport_StudentMode checks what the page says in a students' copy
// (exercise.StudentMode): a section that reached an unwritten stub stopped (with the
// exercise to write), one that ran, ran the student's code. In the
// default build every section runs the reference.
func TestReport_StudentMode(t *testing.T) {
	dir := t.TempDir()
	cfg := Defaults()
	cfg.Out, cfg.Report, cfg.Stdout = dir, true, &bytes.Buffer{}
	apples := sectionOf(t, ch05, runApples)
	r, err := Run(context.Background(), cfg, "5", apples.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, page := readPage(t, dir, "5")
	s := section(p, apples.ID)
	switch {
	case len(r.NotAttempted) > 0:
		na := r.NotAttempted[0]
		if s.Status != report.Stopped || !strings.Contains(s.Note, na.Name) || !strings.Contains(s.Note, na.File) ||
			!strings.Contains(s.Output, "§"+apples.ID+" stops here") || !strings.Contains(page, "Stopped here") {
			t.Errorf("§5.1 stopped at %s, but the page says %q (%q), output %q", na.Name, s.Status, s.Note, s.Output)
		}
	case exercise.StudentMode:
		if s.Status != report.Ran || !strings.Contains(page, "Ran your code") || !strings.Contains(page, "net.MulLayer.Backward") {
			t.Errorf("§5.1 ran the student's code, but the page says %q", s.Status)
		}
	default:
		if s.Status != report.Ran || strings.Contains(page, "Ran your code") || strings.Contains(page, "Student mode") {
			t.Errorf("§5.1 ran the reference, but the page says %q", s.Status)
		}
	}
}

// TestReport_Off checks that without Config.Report nothing but the
// pictures is written.
func TestReport_Off(t *testing.T) {
	dir := t.TempDir()
	cfg := Defaults()
	cfg.Out, cfg.Stdout = dir, &bytes.Buffer{}
	if _, err := Run(context.Background(), cfg, "4", sectionOf(t, ch04, runNumericalDiff).ID); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		if !strings.HasSuffix(n, ".svg") && filepath.Base(n) != outfile.Marker {
			t.Errorf("with Report off the replay wrote %s", n)
		}
	}
}

// TestReport_UnwritableFolder: a folder where the page cannot be written
// is a usage error saying what to do, before any section runs, even one
// that draws nothing.
func TestReport_UnwritableFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	cfg := Defaults()
	var out bytes.Buffer
	cfg.Out, cfg.Report, cfg.Stdout = filepath.Join(file, "out"), true, &out
	partial := sectionOf(t, ch04, runPartial)
	_, err := Run(context.Background(), cfg, "4", partial.ID)
	if err == nil || !strings.Contains(err.Error(), "-out") || !errors.Is(err, ErrUsage) {
		t.Errorf("a page in a folder under a file: got %v, want a usage error naming -out", err)
	}
	if strings.Contains(out.String(), "§"+partial.ID) {
		t.Errorf("the section ran before the folder was refused:\n%s", out.String())
	}
}
