// Command handout writes the students' copy of dlfs from the teacher's
// tree, and checks one (tutorial/teaching.md, "Handing out"; .ci/handout
// runs it). Every exercise is a marked body in the file of its concept,
// reference in place:
//
//	//dlfs:exercise net.NumericalDiff
//	func NumericalDiff(f func(float64) float64, x float64) float64 {
//
// and the students' copy holds, in the same file, the same declaration
// with the stub: a hint (internal/exercise/list.go) and
// panic(exercise.Todo("net.NumericalDiff")). The copy builds with no tag:
// its pages' commands run in it as written.
//
//	go run ./internal/handout -o DIR [-src DIR]    write the copy of the tree at -src (default: this module)
//	go run ./internal/handout -check DIR [-src DIR] check a copy: no answer, no dead link, 31 graders "not attempted"
//
// Nothing it writes is kept in the repository: the copy is made anew from
// the marks each time.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"dlfs/internal/exercise"
)

// teacherOnly are the paths the students' copy leaves out, beside the
// files that begin with teacherMark.
var teacherOnly = []string{
	".ci/",
	"internal/handout/",
	"tutorial/answers.md",  // the answer key
	"tutorial/teaching.md", // the session plan names every exercise's trap
	// It checks the reference's arithmetic on five other CPUs for two
	// minutes, and would fail a student's own a*b + c.
	"fma_test.go",
}

func excluded(rel string) bool {
	for _, p := range teacherOnly {
		if rel == p || strings.HasSuffix(p, "/") && strings.HasPrefix(rel, p) {
			return true
		}
	}
	return rel == ".git" || strings.HasPrefix(rel, ".git/")
}

// modeLine is the line of internal/exercise/mode.go that the copy turns
// to true.
const (
	modeFile = "internal/exercise/mode.go"
	modeLine = "const StudentMode = false"
)

// A tree is the teacher's source, read into memory.
type tree struct {
	root  string
	files map[string][]byte // by slash path relative to root
}

func readTree(root string) (*tree, error) {
	t := &tree{root: root, files: map[string][]byte{}}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".git" || rel == "dlfs-out" || strings.HasPrefix(d.Name(), ".") && rel != "." && rel != ".ci" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		t.files[rel] = b
		return nil
	})
	return t, err
}

// copyOf is the students' copy of a tree, with what it left out.
type copyOf struct {
	files   map[string][]byte
	marks   map[string][]mark // the reference's marked bodies, by file
	dropped []string          // tests left out ("net.TestX")
}

// generate makes the students' copy of t; the exercises of the chapters
// in keep ("4", "fcn") keep their reference bodies, as released answers.
func generate(t *tree, keep ...string) (*copyOf, error) {
	module := "dlfs"
	if m := t.files["go.mod"]; m != nil {
		if l, _, _ := bytes.Cut(m, []byte("\n")); bytes.HasPrefix(l, []byte("module ")) {
			module = strings.TrimSpace(string(l[len("module "):]))
		}
	}
	c := &copyOf{files: map[string][]byte{}, marks: map[string][]mark{}}
	fset := token.NewFileSet()
	parsed := map[string]*ast.File{}
	g := newGraph()
	targets := map[string]bool{}
	var names []string
	for rel := range t.files {
		names = append(names, rel)
	}
	sort.Strings(names)
	found := map[string]string{}
	for _, rel := range names {
		src := t.files[rel]
		if excluded(rel) || bytes.HasPrefix(src, []byte(teacherMark+"\n")) || !strings.HasSuffix(rel, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, rel, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if buildIgnored(f) {
			continue
		}
		parsed[rel] = f
		dir := path.Dir(rel)
		g.add(module, dir, f)
		ms, err := marks(fset, f, src, dir)
		if err != nil {
			return nil, err
		}
		if len(ms) > 0 && strings.HasSuffix(rel, "_test.go") {
			return nil, fmt.Errorf("%s: a test file holds an exercise mark", rel)
		}
		for _, m := range ms {
			if prev, ok := found[m.name+" "+m.decl]; ok {
				return nil, fmt.Errorf("%s:%d: %s marks %s a second time (first in %s)", rel, m.line, m.name, m.decl, prev)
			}
			found[m.name+" "+m.decl] = rel
			targets[m.decl] = true
		}
		if len(ms) > 0 {
			c.marks[rel] = ms
		}
	}
	if err := checkMarks(found); err != nil {
		return nil, err
	}
	memo := map[string]bool{}
	for _, rel := range names {
		src := t.files[rel]
		if excluded(rel) || bytes.HasPrefix(src, []byte(teacherMark+"\n")) {
			continue
		}
		switch f := parsed[rel]; {
		case strings.HasSuffix(rel, ".md"):
			out, err := dropTeacherBlocks(rel, src)
			if err != nil {
				return nil, err
			}
			c.files[rel] = out
		case f == nil:
			c.files[rel] = src
		case c.marks[rel] != nil:
			var ms []mark
			for _, m := range c.marks[rel] {
				if e, _ := exercise.Lookup(m.name); !slices.Contains(keep, e.Chapter()) {
					ms = append(ms, m)
				}
			}
			out, err := stubFile(rel, src, ms)
			if err != nil {
				return nil, err
			}
			c.files[rel] = out
		case strings.HasSuffix(rel, "_test.go"):
			u := unit(path.Dir(rel), f)
			cuts, dropped := pruneTests(fset, f, src, u, g, targets, keptTest, memo)
			if len(cuts) == 0 {
				c.files[rel] = src
				break
			}
			out := append([]byte(nil), src...)
			for i := len(cuts) - 1; i >= 0; i-- {
				out = append(out[:cuts[i][0]:cuts[i][0]], out[cuts[i][1]:]...)
			}
			out, err := fixImports(rel, out, nil)
			if err != nil {
				return nil, err
			}
			c.files[rel] = out
			for _, d := range dropped {
				c.dropped = append(c.dropped, u+"."+d)
			}
		default:
			c.files[rel] = src
		}
	}
	mode, ok := c.files[modeFile]
	if !ok || bytes.Count(mode, []byte(modeLine)) != 1 {
		return nil, fmt.Errorf("%s does not hold %q once", modeFile, modeLine)
	}
	c.files[modeFile] = bytes.Replace(mode, []byte(modeLine), []byte("const StudentMode = true"), 1)
	return c, nil
}

// onlyAnswers keeps of c the files that hold an exercise of the chapters
// in keep, and fails if one of them also holds another chapter's: its
// stub would overwrite a student's work there.
func (c *copyOf) onlyAnswers(keep []string) error {
	files := map[string][]byte{}
	for rel, ms := range c.marks {
		in, out := false, ""
		for _, m := range ms {
			e, _ := exercise.Lookup(m.name)
			if slices.Contains(keep, e.Chapter()) {
				in = true
			} else {
				out = m.name
			}
		}
		if in && out != "" {
			return fmt.Errorf("%s holds exercises of chapter %s and %s: unpacked over a students' copy it would undo the student's %s", rel, strings.Join(keep, ", "), out, out)
		}
		if in {
			files[rel] = c.files[rel]
		}
	}
	c.files = files
	return nil
}

// A page's lines between these two are the teacher's: they name the
// answer key and the session plan, which the students' copy leaves out.
const (
	teacherBegin = "<!-- dlfs:teacher -->"
	teacherEnd   = "<!-- /dlfs:teacher -->"
)

// dropTeacherBlocks returns a page without its teacher's blocks.
func dropTeacherBlocks(rel string, src []byte) ([]byte, error) {
	var out []byte
	in := false
	for n, l := range bytes.SplitAfter(src, []byte("\n")) {
		switch strings.TrimSpace(string(l)) {
		case teacherBegin:
			if in {
				return nil, fmt.Errorf("%s:%d: %s inside a teacher's block", rel, n+1, teacherBegin)
			}
			in = true
			continue
		case teacherEnd:
			if !in {
				return nil, fmt.Errorf("%s:%d: %s without its %s", rel, n+1, teacherEnd, teacherBegin)
			}
			in = false
			continue
		}
		if !in {
			out = append(out, l...)
		}
	}
	if in {
		return nil, fmt.Errorf("%s: a teacher's block is not closed (%s)", rel, teacherEnd)
	}
	return out, nil
}

// buildIgnored reports whether a file says //go:build ignore.
func buildIgnored(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build ignore") {
				return true
			}
		}
	}
	return false
}

// isGrader reports whether a test is one of the graders: they stay, and
// report a stub as "not attempted".
func isGrader(name string) bool { return strings.Contains(name, "_Exercise_") }

// keptTest reports whether a test stays in the copy even if it may reach
// a stub: the graders, and the tests that replay one section, which a
// stub only stops (internal/lesson/sections_test.go).
func keptTest(name string) bool { return isGrader(name) || strings.HasSuffix(name, "_Runs") }

// write puts the copy into dir, which must not exist yet or be empty.
func (c *copyOf) write(dir string) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	for rel, b := range c.files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	src := flag.String("src", "", "the teacher's tree (default: the module this command is in)")
	out := flag.String("o", "", "write the students' copy into this folder (new or empty)")
	check := flag.String("check", "", "check the students' copy in this folder against -src")
	commands := flag.Bool("commands", true, "with -check: also run every command of the copy's README and pages")
	only := flag.String("commands-match", "", "with -check: run only the pages' commands that this regular expression matches (while mending a page)")
	answers := flag.String("answers", "", "with -o: write only the files of this chapter's exercises (4, 5, 6 or fcn; all for every one), reference bodies in place: released answers to unpack over a students' copy")
	flag.Parse()
	if (*out == "") == (*check == "") || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/handout -o DIR [-src DIR]\n       go run ./internal/handout -check DIR [-src DIR] [-commands=false] [-commands-match=REGEXP]")
		os.Exit(2)
	}
	if *src == "" {
		wd, err := os.Getwd()
		if err == nil {
			*src = findRoot(wd)
		}
	}
	t, err := readTree(*src)
	if err == nil && t.files["go.mod"] == nil {
		err = fmt.Errorf("-src %s holds no go.mod", *src)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "handout:", err)
		os.Exit(1)
	}
	var keep []string
	switch *answers {
	case "":
	case "all":
		keep = []string{"4", "5", "6", "fcn"}
	case "4", "5", "6", "fcn":
		keep = []string{*answers}
	default:
		fmt.Fprintf(os.Stderr, "handout: -answers %s: say 4, 5, 6, fcn or all\n", *answers)
		os.Exit(2)
	}
	c, err := generate(t, keep...)
	if err == nil && len(keep) > 0 {
		err = c.onlyAnswers(keep)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "handout:", err)
		os.Exit(1)
	}
	if *out != "" {
		if err := c.write(*out); err != nil {
			fmt.Fprintln(os.Stderr, "handout:", err)
			os.Exit(1)
		}
		n := 0
		for _, ms := range c.marks {
			n += len(ms)
		}
		fmt.Printf("handout: wrote %s: %d files, %d marked bodies stubbed in %d files, %d tests of the reference left out\n",
			*out, len(c.files), n, len(c.marks), len(c.dropped))
		return
	}
	match, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintf(os.Stderr, "handout: -commands-match: %v\n", err)
		os.Exit(2)
	}
	if err := checkCopy(t, c, *check, *commands, match, os.Stdout); err != nil {
		var ce checkErrors
		if errors.As(err, &ce) {
			for _, e := range ce {
				fmt.Fprintln(os.Stderr, "handout -check:", e)
			}
		} else {
			fmt.Fprintln(os.Stderr, "handout -check:", err)
		}
		os.Exit(1)
	}
}

// findRoot returns the folder above dir holding go.mod.
func findRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
