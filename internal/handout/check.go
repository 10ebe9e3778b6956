package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"dlfs/internal/exercise"
)

// checkErrors are all the problems -check found.
type checkErrors []string

func (e checkErrors) Error() string { return strings.Join(e, "\n") }

// checkMarks fails unless every exercise of the list marks its own
// declaration.
func checkMarks(found map[string]string) error {
	var errs checkErrors
	for _, e := range exercise.All {
		if _, ok := found[e.Name+" "+e.Name]; !ok {
			errs = append(errs, fmt.Sprintf("%s (§%s) has no //dlfs:exercise mark on its declaration", e.Name, e.Section))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// referenceLines returns the distinctive lines of the reference bodies:
// 20 characters or more once trimmed, not a comment.
func referenceLines(c *copyOf) map[string]string {
	// A line the copy's own code also holds outside the marks (a loop
	// header, a buffer) tells nothing of an answer.
	common := map[string]bool{}
	for rel, b := range c.files {
		if !strings.HasSuffix(rel, ".go") || c.marks[rel] != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if t := strings.TrimSpace(l); !strings.HasPrefix(t, "//") {
				common[t] = true
			}
		}
	}
	for rel, ms := range c.marks {
		kept := c.files[rel]
		for _, l := range strings.Split(string(kept), "\n") {
			if t := strings.TrimSpace(l); !strings.HasPrefix(t, "//") {
				common[t] = true
			}
		}
		_ = ms
	}
	lines := map[string]string{} // line → "file (exercise)"
	for rel, ms := range c.marks {
		for _, m := range ms {
			for _, l := range m.body {
				l = strings.TrimSpace(l)
				if len(l) >= 20 && !strings.HasPrefix(l, "//") && !common[l] {
					lines[l] = fmt.Sprintf("%s (%s)", rel, m.decl)
				}
			}
		}
	}
	return lines
}

// readCopy reads the copy in dir.
func readCopy(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "dlfs-out" {
				return filepath.SkipDir // what its commands wrote
			}
			return nil
		}
		b, err := os.ReadFile(p)
		files[rel] = b
		return err
	})
	return files, err
}

// checkCopy checks the students' copy in dir, as generated from t (c).
func checkCopy(t *tree, c *copyOf, dir string, commands bool, match *regexp.Regexp, w io.Writer) error {
	got, err := readCopy(dir)
	if err != nil {
		return err
	}
	var errs checkErrors
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }

	fmt.Fprintln(w, "== the copy is what the marks give (no stale or hand-kept stub)")
	var names []string
	for rel := range got {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, rel := range names {
		want, ok := c.files[rel]
		switch {
		case !ok:
			fail("%s: in the copy, but not in the students' copy of %s", rel, t.root)
		case !bytes.Equal(want, got[rel]):
			fail("%s: differs from what %s's marks give (made from another commit, or edited by hand)", rel, t.root)
		}
	}
	for rel := range c.files {
		if _, ok := got[rel]; !ok {
			fail("%s: missing from the copy", rel)
		}
	}

	fmt.Fprintln(w, "== nothing of an answer")
	for _, rel := range names {
		b := got[rel]
		if excluded(rel) || bytes.HasPrefix(b, []byte(teacherMark)) {
			fail("%s: a teacher's file", rel)
		}
		if bytes.Contains(b, []byte("\n"+exerciseMark)) {
			fail("%s: still holds an exercise mark", rel)
		}
	}
	ref := referenceLines(c)
	for _, rel := range names {
		sc := bufio.NewScanner(bytes.NewReader(got[rel]))
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if !strings.Contains(line, "\t") && len(strings.TrimSpace(line)) < 20 {
				continue
			}
			for l, where := range ref {
				if strings.Contains(line, l) {
					fail("%s:%d: holds %q, a line of the reference %s", rel, n, l, where)
				}
			}
		}
	}

	fmt.Fprintln(w, "== every relative link and image of every page leads somewhere")
	for _, p := range deadLinks(got) {
		fail("%s", p)
	}
	if len(errs) > 0 {
		return errs
	}
	fmt.Fprintf(w, "ok: %d files; %d reference lines, none in the copy; links fine\n", len(got), len(ref))

	fmt.Fprintln(w, "== go vet ./...")
	if out, err := goCmd(dir, "vet", "./..."); err != nil {
		return fmt.Errorf("go vet in the copy: %v\n%s", err, out)
	}
	fmt.Fprintln(w, "== go test ./...: every grader says not attempted, every other test passes")
	sample := t.files[teachingPage]
	if err := checkTests(dir, sample, w); err != nil {
		return err
	}
	if commands {
		fmt.Fprintln(w, "== every command of the copy's README and pages, run as written")
		if err := runCommands(dir, got, match, sample, w); err != nil {
			return err
		}
	}
	return nil
}

func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

// checkTests runs the copy's tests.
func checkTests(dir string, sample []byte, w io.Writer) error {
	out, _ := goCmd(dir, "test", "-count=1", "-json", "./...")
	type event struct{ Action, Package, Test, Output string }
	outputs := map[string]*strings.Builder{}
	results := map[string]string{}
	var build strings.Builder
	for _, l := range bytes.Split(out, []byte("\n")) {
		var e event
		if json.Unmarshal(l, &e) != nil {
			if len(bytes.TrimSpace(l)) > 0 {
				build.Write(l)
				build.WriteString("\n")
			}
			continue
		}
		if e.Test == "" {
			if e.Action == "fail" {
				results[e.Package] = "fail"
			}
			if e.Action == "output" && strings.Contains(e.Output, "build failed") || e.Action == "build-output" {
				build.WriteString(e.Output)
			}
			continue
		}
		k := e.Package + " " + e.Test
		if outputs[k] == nil {
			outputs[k] = &strings.Builder{}
		}
		if e.Action == "output" {
			outputs[k].WriteString(e.Output)
		}
		if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
			results[k] = e.Action
		}
	}
	var errs checkErrors
	notAttempted, passed := 0, 0
	graders := map[string]bool{}
	for _, e := range exercise.All {
		graders[e.Test] = true
		k := "dlfs/" + path.Dir(e.File) + " " + e.Test
		switch o := outputs[k]; {
		case o == nil:
			errs = append(errs, fmt.Sprintf("%s: its grader %s did not run", e.Name, e.Test))
		case results[k] != "fail" || !strings.Contains(o.String(), e.Name+": not attempted"):
			errs = append(errs, fmt.Sprintf("%s: %s did not say not attempted (%s):\n%s", e.Name, e.Test, results[k], o))
		default:
			notAttempted++
		}
	}
	for k, r := range results {
		pkg, test, ok := strings.Cut(k, " ")
		if !ok {
			continue
		}
		if top, _, _ := strings.Cut(test, "/"); graders[top] {
			continue
		}
		if r == "fail" {
			errs = append(errs, fmt.Sprintf("%s %s fails in the students' copy:\n%s", pkg, test, outputs[k]))
		} else if (r == "pass" || r == "skip") && !strings.Contains(test, "/") {
			passed++ // a skip: a test that needs MNIST, run without it
		}
	}
	for k, r := range results {
		if !strings.Contains(k, " ") && r == "fail" && build.Len() > 0 {
			errs = append(errs, fmt.Sprintf("%s does not build:\n%s", k, build.String()))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	line := fmt.Sprintf("ok: %d/%d graders say not attempted; %d other tests pass or skip", notAttempted, len(exercise.All), passed)
	fmt.Fprintln(w, line)
	return sampleSays(sample, line)
}

// teachingPage holds the sample output of the hand-out check.
const teachingPage = "tutorial/teaching.md"

// sampleSays checks that the hand-out check's sample output in teaching.md
// (sample, nil when the source has no such page) holds the line the check
// just printed, so that the page never shows stale figures.
func sampleSays(sample []byte, line string) error {
	if sample == nil || bytes.Contains(sample, []byte("\n"+line+"\n")) {
		return nil
	}
	return fmt.Errorf("%s: its sample output of this check lacks the line %q, which the check prints now: update the page", teachingPage, line)
}

var (
	linkRE    = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	imgRE     = regexp.MustCompile(`<img[^>]*\ssrc="([^"]+)"`)
	headingRE = regexp.MustCompile(`(?m)^#{1,6}\s+(.*?)\s*#*\s*$`)
	anchorRE  = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	// A file a page names in code: net/layers.go, tutorial/ch04.md.
	mentionRE = regexp.MustCompile("`([\\w.*/-]+\\.(?:go|md|svg|npz))`")
)

// anchors returns the anchors of a Markdown page: its headings, as GitHub
// spells them, and its <a id>s.
func anchors(md []byte) map[string]bool {
	a := map[string]bool{}
	seen := map[string]int{}
	inCode := false
	for _, l := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(l, "```") {
			inCode = !inCode
		}
		if inCode {
			continue
		}
		if m := headingRE.FindStringSubmatch(l); m != nil {
			s := slug(m[1])
			if n := seen[s]; n > 0 {
				a[fmt.Sprintf("%s-%d", s, n)] = true
			} else {
				a[s] = true
			}
			seen[s]++
		}
	}
	for _, m := range anchorRE.FindAllStringSubmatch(string(md), -1) {
		a[m[1]] = true
	}
	return a
}

// slug is GitHub's anchor of a heading: lower case, punctuation dropped,
// spaces turned into hyphens.
func slug(h string) string {
	h = regexp.MustCompile("`|\\*\\*|\\[|\\]\\([^)]*\\)").ReplaceAllString(h, "")
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// deadLinks checks every relative link and image of the Markdown pages of
// files, and the files their code spans name.
func deadLinks(files map[string][]byte) []string {
	var dead []string
	exists := func(p string) bool {
		if _, ok := files[p]; ok {
			return true
		}
		for f := range files {
			if strings.HasPrefix(f, p+"/") {
				return true
			}
		}
		return false
	}
	base := map[string]bool{}
	for f := range files {
		base[path.Base(f)] = true
	}
	for _, page := range mdPages(files) {
		md := files[page]
		lines := strings.Split(string(md), "\n")
		for n, l := range lines {
			var targets []string
			for _, m := range linkRE.FindAllStringSubmatch(l, -1) {
				targets = append(targets, m[1])
			}
			for _, m := range imgRE.FindAllStringSubmatch(l, -1) {
				targets = append(targets, m[1])
			}
			for _, t := range targets {
				if strings.Contains(t, "://") || strings.HasPrefix(t, "mailto:") {
					continue
				}
				file, frag, _ := strings.Cut(t, "#")
				target := page
				if file != "" {
					target = path.Clean(path.Join(path.Dir(page), file))
				}
				switch {
				case !exists(target):
					dead = append(dead, fmt.Sprintf("%s:%d: a link to %s, which the copy does not have", page, n+1, t))
				case frag != "" && strings.HasSuffix(target, ".md") && !anchors(files[target])[frag]:
					dead = append(dead, fmt.Sprintf("%s:%d: a link to %s, whose page has no heading #%s", page, n+1, t, frag))
				}
			}
			for _, m := range mentionRE.FindAllStringSubmatch(l, -1) {
				p := m[1]
				if strings.Contains(p, "*") {
					re := regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(p), `\*`, `[^/]*`) + "$")
					ok := false
					for f := range files {
						if re.MatchString(f) || re.MatchString(path.Base(f)) {
							ok = true
						}
					}
					if !ok {
						dead = append(dead, fmt.Sprintf("%s:%d: names %s, which no file of the copy matches", page, n+1, p))
					}
					continue
				}
				if !exists(p) && !exists(path.Join(path.Dir(page), p)) && !base[p] && !strings.HasPrefix(p, "dlfs-out/") {
					dead = append(dead, fmt.Sprintf("%s:%d: names %s, which the copy does not have", page, n+1, p))
				}
			}
		}
	}
	return dead
}

// commandRE finds the commands of a page: in a code span or a shell
// block, a line that starts with go or bash.
var (
	spanRE = regexp.MustCompile("`((?:go|bash) [^`]+)`")
)

// pageCommands returns every command the pages of files give, with where.
func pageCommands(files map[string][]byte) [][2]string {
	var cmds [][2]string
	seen := map[string]bool{}
	for _, page := range mdPages(files) {
		inShell := false
		for n, l := range strings.Split(string(files[page]), "\n") {
			where := fmt.Sprintf("%s:%d", page, n+1)
			if strings.HasPrefix(l, "```") {
				inShell = !inShell && strings.HasPrefix(l, "```sh")
				continue
			}
			var found []string
			if inShell {
				c, _, _ := strings.Cut(l, " #")
				if c = strings.TrimSpace(c); strings.HasPrefix(c, "go ") || strings.HasPrefix(c, "bash ") {
					found = append(found, c)
				}
			} else {
				for _, m := range spanRE.FindAllStringSubmatch(l, -1) {
					found = append(found, m[1])
				}
			}
			for _, c := range found {
				if !seen[c] {
					seen[c] = true
					cmds = append(cmds, [2]string{c, where})
				}
			}
		}
	}
	return cmds
}

// runCommands runs every command of the copy's pages in dir: each must
// build and run; a go test must run tests and fail, if at all, only by a
// grader's "not attempted".
func runCommands(dir string, files map[string][]byte, match *regexp.Regexp, sample []byte, w io.Writer) error {
	var errs checkErrors
	ran := 0
	for _, c := range pageCommands(files) {
		cmdline, where := c[0], c[1]
		if !match.MatchString(cmdline) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "-c", cmdline)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		cancel()
		ran++
		text := string(out)
		bad := ""
		switch {
		case strings.Contains(text, "[build failed]") || strings.Contains(text, "[setup failed]") || strings.Contains(text, "build constraints exclude"):
			bad = "does not build"
		case strings.Contains(text, "panic:") && !strings.Contains(text, "not attempted"):
			bad = "panics"
		case strings.HasPrefix(cmdline, "go test"):
			if !regexp.MustCompile(`(?m)^(ok|FAIL|---)`).MatchString(text) || allNoTests(text) {
				bad = "runs no test"
			}
			if strings.Contains(cmdline, " -bench") && !regexp.MustCompile(`(?m)^Benchmark`).MatchString(text) {
				bad = "runs no benchmark"
			}
			for _, l := range strings.Split(text, "\n") {
				if strings.HasPrefix(l, "--- FAIL: ") && !isGrader(strings.Fields(l)[2]) {
					bad = "fails a test that is no grader: " + l
				}
			}
		case err != nil && !strings.Contains(text, "not attempted yet"):
			// Stopping to name the exercises a command needs is the copy's
			// answer until they are written (a -load of the model that the
			// unfinished training could not save, say).
			bad = "fails: " + err.Error()
		}
		if bad != "" {
			errs = append(errs, fmt.Sprintf("%s: %s %s:\n%s", where, cmdline, bad, tail(text, 30)))
			fmt.Fprintf(w, "FAIL %s  (%s)\n", cmdline, where)
		} else {
			fmt.Fprintf(w, "ok   %s  (%s)\n", cmdline, where)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if match.String() != "" {
		fmt.Fprintf(w, "ok: the %d commands of the pages that -commands-match=%q selects run as written\n", ran, match)
		return nil
	}
	line := fmt.Sprintf("ok: %d commands of the pages run as written", ran)
	fmt.Fprintln(w, line)
	return sampleSays(sample, line)
}

func allNoTests(out string) bool {
	for _, l := range strings.Split(out, "\n") {
		if (strings.HasPrefix(l, "ok") || strings.HasPrefix(l, "FAIL\t") || strings.HasPrefix(l, "--- ")) && !strings.Contains(l, "[no tests to run]") && !strings.Contains(l, "no test files") {
			return false
		}
	}
	return true
}

func tail(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = append([]string{"..."}, l[len(l)-n:]...)
	}
	return strings.Join(l, "\n")
}

// mdPages returns the Markdown pages among files, in path order.
func mdPages(files map[string][]byte) []string {
	var pages []string
	for f := range files {
		if strings.HasSuffix(f, ".md") {
			pages = append(pages, f)
		}
	}
	sort.Strings(pages)
	return pages
}
