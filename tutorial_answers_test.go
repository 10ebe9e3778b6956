//dlfs:teacher

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The lesson pages and the answer key (issue 16, item 1): a page may show an
// exercise's stub, its hint and the idea, never its reference body. The
// bodies are those marked //dlfs:exercise and, for the teacher, in
// tutorial/answers.md. /work/shared/hooks/answers_on_pages.py makes the
// same check.

var (
	answerComment = regexp.MustCompile(`//.*$`)
	answerSpace   = regexp.MustCompile(`\s+`)
)

// normAnswer reduces a line to what the answer check compares: no // comment
// (from the first //, as the hook does), every run of white space one blank.
func normAnswer(line string) string {
	return strings.TrimSpace(answerSpace.ReplaceAllString(answerComment.ReplaceAllString(line, ""), " "))
}

// answerLines returns the normalized lines of 20 or more characters that
// stand inside a body marked //dlfs:exercise (signatures aside), with the
// first file each stands in.
func answerLines(t *testing.T) map[string]string {
	t.Helper()
	body := map[string]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".go") || strings.HasSuffix(d.Name(), "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		marked, depth := false, 0
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "//dlfs:exercise ") {
				marked = true
				continue
			}
			if !marked {
				continue
			}
			n := normAnswer(line)
			if depth > 0 && len(n) >= 20 && !strings.HasPrefix(n, "func ") {
				if _, ok := body[n]; !ok {
					body[n] = filepath.ToSlash(path)
				}
			}
			depth += strings.Count(line, "{") - strings.Count(line, "}")
			if depth == 0 && strings.Contains(line, "}") {
				marked = false
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// TestTutorialPagesHideAnswers checks that no line of a lesson page
// (tutorial/*.md but answers.md, the teacher's key) is a line of an
// exercise's reference body: whitespace and // comments aside, lines of 20
// or more characters, in code blocks or out. Every such line is reported as
// page:line with the solution file it comes from, so that
//
//	go test . -run TestTutorialPagesHideAnswers
//
// lists what to move into tutorial/answers.md.
func TestTutorialPagesHideAnswers(t *testing.T) {
	body := answerLines(t)
	if len(body) == 0 {
		t.Fatalf("no body marked //dlfs:exercise under %s", mustGetwd(t))
	}
	pages, err := filepath.Glob(filepath.Join("tutorial", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no tutorial/*.md found from %s (err %v)", mustGetwd(t), err)
	}
	slices.Sort(pages)
	quoted := 0
	for _, page := range pages {
		if filepath.Base(page) == "answers.md" {
			continue
		}
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(text), "\n") {
			n := normAnswer(line)
			if src, ok := body[n]; ok {
				quoted++
				t.Errorf("%s:%d: a lesson page quotes the answer of an exercise (%s); move it to tutorial/answers.md:\n\t%s",
					filepath.ToSlash(page), i+1, src, n)
			}
		}
	}
	if quoted > 0 {
		t.Logf("%d lines of exercise answers quoted on lesson pages", quoted)
	}
}

// TestTutorialAnswerCheckCatches checks the answer check itself: a line of
// a reference body is caught whatever its indentation and comment, and a
// stub's signature is not.
func TestTutorialAnswerCheckCatches(t *testing.T) {
	body := answerLines(t)
	for _, c := range []struct {
		line string
		want bool
	}{
		{"\t\treturn (f(x+H) - f(x-H)) / (2 * H) // the central difference", true},
		{"return   (f(x+H) - f(x-H))  /  (2 * H)", true},
		{"func NumericalDiff(f func(float64) float64, x float64) float64 {", false},
		{"return dout, dout", false}, // too short to say anything
	} {
		if _, got := body[normAnswer(c.line)]; got != c.want {
			t.Errorf("answer check on %q: caught %v, want %v", c.line, got, c.want)
		}
	}
}
