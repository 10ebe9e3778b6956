package exercise_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dlfs/internal/exercise"
	"dlfs/internal/lesson"
)

func root(t *testing.T) string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestExercise_List checks that every exercise points at things that
// exist: its section in the replay, the paragraph of the tutorial, the stub
// and the reference that define it, and the grader that tests it.
func TestExercise_List(t *testing.T) {
	if exercise.StudentMode {
		t.Skip("checks the teacher's repository; a students' copy holds stubs")
	}
	sections := map[string]bool{}
	for _, c := range lesson.Chapters {
		for _, s := range c.Sections {
			sections[s.ID] = true
		}
	}
	tests := map[string]string{} // grader name → file
	root := root(t)
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, "_test.go") {
			src, _ := os.ReadFile(path)
			for _, m := range regexp.MustCompile(`(?m)^func (Test\w+)\(`).FindAllStringSubmatch(string(src), -1) {
				tests[m[1]] = path
			}
		}
		return nil
	})
	names := map[string]bool{}
	for _, e := range exercise.All {
		if names[e.Name] {
			t.Errorf("%s is listed twice", e.Name)
		}
		names[e.Name] = true
		if !sections[e.Section] {
			t.Errorf("%s: no section §%s in the replay", e.Name, e.Section)
		}
		src, err := os.ReadFile(filepath.Join(root, e.File))
		if err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		// The mark sits right above the declaration, reference body in place.
		parts := strings.Split(e.Name, ".")
		decl := "func " + parts[len(parts)-1] + "("
		if len(parts) == 3 {
			decl = parts[1] + ") " + parts[2] + "("
		}
		mark := "//dlfs:exercise " + e.Name + "\n"
		marked := false
		for _, after := range strings.Split(string(src), mark)[1:] {
			line, _, _ := strings.Cut(after, "\n")
			marked = marked || strings.Contains(line, strings.TrimPrefix(decl, "func ")) || strings.HasPrefix(line, "type "+parts[len(parts)-1]+" ")
		}
		if !marked {
			t.Errorf("%s: %s has no line %q right above %q", e.Name, e.File, strings.TrimSpace(mark), decl)
		}
		if strings.Contains(string(src), "panic(exercise.Todo(") {
			t.Errorf("%s: %s holds a stub: the repository keeps the reference; the students' copy makes the stubs", e.Name, e.File)
		}
		if f, ok := tests[e.Test]; !ok {
			t.Errorf("%s: no grader %s", e.Name, e.Test)
		} else if filepath.Dir(f) != filepath.Join(root, filepath.Dir(e.File)) {
			t.Errorf("%s: grader %s is in %s, not beside %s", e.Name, e.Test, f, e.File)
		}
		doc, _, _ := strings.Cut(e.Tutorial, " ")
		text, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil || !strings.Contains(string(text), "## §"+e.Section+" ") {
			t.Errorf("%s: %s has no heading for §%s (%v)", e.Name, doc, e.Section, err)
		}
		// The page's exercise line names the file and the grader as they are.
		if !strings.Contains(string(text), "`"+e.File+"`") || !strings.Contains(string(text), "`"+e.GradeCommand()+"`") {
			t.Errorf("%s: %s does not say to write it in `%s` and grade it with `%s`", e.Name, doc, e.File, e.GradeCommand())
		}
		if e.Chapter() != strings.Split(e.Section, ".")[0] {
			t.Errorf("%s: Chapter() = %q", e.Name, e.Chapter())
		}
	}
	guide, err := os.ReadFile(filepath.Join(root, "tutorial/exercises.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exercise.All {
		if !strings.Contains(string(guide), e.Test) {
			t.Errorf("tutorial/exercises.md does not list %s (%s)", e.Name, e.Test)
		}
	}
}

func TestExercise_TodoUnknownPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "net.Nothing") {
			t.Errorf("Todo of an unknown name: recovered %v, want a panic naming it", r)
		}
	}()
	exercise.Todo("net.Nothing")
}

func TestExercise_CaptureAndGroup(t *testing.T) {
	na := exercise.Capture(func() { panic(exercise.Todo("net.NumericalDiff")) })
	if na == nil || na.Section != "4.3.1" || !strings.Contains(na.Error(), "go test ./net -run TestCh04_3_1_Exercise_NumericalDiff") {
		t.Errorf("Capture of a stub's panic: got %+v", na)
	}
	if na := exercise.Capture(func() {}); na != nil {
		t.Errorf("Capture of a function that returns: got %+v, want nil", na)
	}
	// Other panics are not swallowed.
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("Capture let through %v, want boom", r)
			}
		}()
		exercise.Capture(func() { panic("boom") })
	}()
	// A stub reached on a goroutine reaches the one that waits.
	got := exercise.Capture(func() {
		var g exercise.Group
		g.Go(func() {})
		g.Go(func() { panic(exercise.Todo("train.Adam.Update")) })
		g.Wait()
	})
	if got == nil || got.Name != "train.Adam.Update" {
		t.Errorf("Group.Wait after a stub on a worker: got %+v", got)
	}
	var err error = exercise.NotAttempted{}
	var na2 exercise.NotAttempted
	if !errors.As(err, &na2) {
		t.Errorf("NotAttempted is not an error")
	}
}
