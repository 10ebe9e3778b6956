//dlfs:teacher

package lesson

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"dlfs/internal/exercise"
)

// markedFunc is a function whose body is (part of) an exercise.
type markedFunc struct {
	exercise   string
	file       string // relative to the module's root, slashed
	start, end int    // the body's lines
}

// markedFuncs finds every function of the module marked //dlfs:exercise.
func markedFuncs(t *testing.T, root string) []markedFunc {
	t.Helper()
	var out []markedFunc
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil || fd.Body == nil {
				continue
			}
			for _, c := range fd.Doc.List {
				if name, ok := strings.CutPrefix(c.Text, "//dlfs:exercise "); ok {
					out = append(out, markedFunc{strings.TrimSpace(name), filepath.ToSlash(rel),
						fset.Position(fd.Body.Lbrace).Line, fset.Position(fd.Body.Rbrace).Line})
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// coverLine is one block of a coverage profile: "dlfs/net/layers.go:12.3,14.9 2 1".
var coverLine = regexp.MustCompile(`^dlfs/(\S+\.go):(\d+)\.\d+,(\d+)\.\d+ \d+ (\d+)$`)

// exercisesRun reads a coverage profile and returns the exercises one of
// whose marked bodies ran a statement, in the order of exercise.All.
func exercisesRun(t *testing.T, profile string, marked []markedFunc) []string {
	t.Helper()
	f, err := os.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ran := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := coverLine.FindStringSubmatch(sc.Text())
		if m == nil || m[4] == "0" {
			continue
		}
		from, _ := strconv.Atoi(m[2])
		to, _ := strconv.Atoi(m[3])
		for _, mf := range marked {
			if mf.file == m[1] && from >= mf.start && to <= mf.end {
				ran[mf.exercise] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range exercise.All {
		if ran[e.Name] {
			names = append(names, e.Name)
		}
	}
	return names
}

// TestSectionUsesDerived derives from the code which exercises each section
// runs: the section's runsAlone test (sections_test.go) runs under coverage
// of the whole module, and an exercise counts when a statement of a body
// marked for it executed. The result must be the section's needs.uses,
// which the replay reads in a students' copy to name every exercise a
// section still needs before it starts.
func TestSectionUsesDerived(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds the lesson's tests with coverage and replays every section: not with -short or -race")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	marked := markedFuncs(t, root)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "lesson.test")
	build := exec.Command(goTool, "test", "-c", "-cover", "-covermode=set", "-coverpkg=dlfs/...", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -c -cover: %v\n%s", err, out)
	}
	type job struct{ id, test string }
	var jobs []job
	for _, c := range Chapters {
		for _, s := range c.Sections {
			jobs = append(jobs, job{s.ID, "Test" + sectionTestName(s.ID) + "_Runs"})
		}
	}
	got := make([][]string, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			profile := filepath.Join(tmp, fmt.Sprintf("%d.cover", i))
			cmd := exec.Command(bin, "-test.run=^"+j.test+"$", "-test.count=1", "-test.coverprofile="+profile)
			cmd.Env = append(os.Environ(), "GOCOVERDIR="+tmp)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("§%s: %s: %v\n%s", j.id, j.test, err, out)
				return
			}
			got[i] = exercisesRun(t, profile, marked)
		}()
	}
	wg.Wait()
	for i, j := range jobs {
		want := sectionUses(j.id)
		if !slices.Equal(got[i], want) {
			t.Errorf("§%s runs the exercises %q, but its needs say uses: %q (internal/lesson/needs.go)", j.id, got[i], want)
		}
	}
}

// sectionTestName turns "4.5.2" into "Ch04_5_2" and "fcn.2" into "FCN_2",
// as sections_test.go names the tests.
func sectionTestName(id string) string {
	ch, rest, _ := strings.Cut(id, ".")
	rest = strings.ReplaceAll(rest, ".", "_")
	if ch == "fcn" {
		return "FCN_" + rest
	}
	n, _ := strconv.Atoi(ch)
	return fmt.Sprintf("Ch%02d_%s", n, rest)
}

// sectionUses returns needs.uses of the section with the given ID.
func sectionUses(id string) []string {
	for _, c := range Chapters {
		for _, s := range c.Sections {
			if s.ID == id {
				n, _ := needsOf(s)
				return n.uses
			}
		}
	}
	return nil
}

// TestTeachingOrder checks tutorial/teaching.md's session plan against the
// sections' needs: a section a session gives exercises of, or tells the
// class to replay (§4.3.1–§4.4.1, §4.5.2), may use only exercises of that
// session and earlier ones.
func TestTeachingOrder(t *testing.T) {
	text, err := os.ReadFile("../../tutorial/teaching.md")
	if err != nil {
		t.Fatal(err)
	}
	order := map[string]int{} // section ID → its place in the replay
	var ids []string
	for _, c := range Chapters {
		for _, s := range c.Sections {
			order[s.ID] = len(ids)
			ids = append(ids, s.ID)
		}
	}
	session := regexp.MustCompile(`^\*\*Session ([0-9a-z]+)`)
	row := regexp.MustCompile("^\\| ([0-9a-z.]+) \\| `([A-Za-z.]+)`")
	mention := regexp.MustCompile(`§([0-9]+(?:\.[0-9]+)*|fcn\.[0-9])(?:[–-]§([0-9]+(?:\.[0-9]+)*|fcn\.[0-9]))?`)
	given := map[string]string{} // exercise → the session that gives it
	var sessions []string
	sectionsOf := map[string][]string{}
	cur := ""
	for _, l := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(l, "## ") && cur != "" && !strings.HasPrefix(l, "## 3.") {
			break // the plan is section 3 of the page
		}
		if m := session.FindStringSubmatch(l); m != nil {
			cur = m[1]
			sessions = append(sessions, cur)
			continue
		}
		if cur == "" {
			continue
		}
		if m := row.FindStringSubmatch(l); m != nil {
			var name string
			for _, e := range exercise.All {
				if strings.HasSuffix(e.Name, "."+m[2]) && e.Section == m[1] {
					name = e.Name
				}
			}
			if name == "" {
				t.Errorf("teaching.md, session %s: no exercise %s of §%s", cur, m[2], m[1])
				continue
			}
			given[name] = cur
			if !slices.Contains(sectionsOf[cur], m[1]) {
				sectionsOf[cur] = append(sectionsOf[cur], m[1])
			}
			continue
		}
		for _, m := range mention.FindAllStringSubmatch(l, -1) {
			from, ok := order[m[1]]
			if !ok {
				continue
			}
			to := from
			if m[2] != "" {
				if to, ok = order[m[2]]; !ok {
					t.Errorf("teaching.md, session %s: no section §%s", cur, m[2])
					continue
				}
			}
			for i := from; i <= to; i++ {
				if !slices.Contains(sectionsOf[cur], ids[i]) {
					sectionsOf[cur] = append(sectionsOf[cur], ids[i])
				}
			}
		}
	}
	if len(sessions) < 5 {
		t.Fatalf("teaching.md: found %d sessions %q, want the plan's seven", len(sessions), sessions)
	}
	for _, e := range exercise.All {
		if given[e.Name] == "" {
			t.Errorf("teaching.md's plan gives no session to %s (§%s)", e.Name, e.Section)
		}
	}
	for k, ses := range sessions {
		for _, id := range sectionsOf[ses] {
			for _, u := range sectionUses(id) {
				if g := slices.Index(sessions, given[u]); g > k {
					t.Errorf("teaching.md: session %s has §%s, which needs %s, given only in session %s", ses, id, u, given[u])
				}
			}
		}
	}
}
