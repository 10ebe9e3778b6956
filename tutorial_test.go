package main

// The tutorial and the code in lock-step (issue 11, item 3). Two tests read
// the Markdown: TestTutorialCodeInSource checks that every Go line it quotes
// stands in the source; TestTutorialOutputs (tutorial_output_test.go) that
// every output block it quotes is what the replay prints.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A mdBlock is one fenced block of a Markdown file.
type mdBlock struct {
	File   string   // path relative to the module root, "tutorial/ch04.md"
	Line   int      // line number of the opening fence
	Lang   string   // the fence's info string: "go", "sh", "" ...
	Marker string   // the line just before the fence, when it is an HTML comment
	Lines  []string // the lines between the fences
}

// lineNo is the file line number of b.Lines[i].
func (b *mdBlock) lineNo(i int) int { return b.Line + 1 + i }

// where names the block as file:line.
func (b *mdBlock) where() string { return fmt.Sprintf("%s:%d", b.File, b.Line) }

// tutorialFiles lists the Markdown files the checks read: tutorial/*.md and
// README.md, relative to the module root (the working directory of this
// package's tests).
func tutorialFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("tutorial", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tutorial/*.md found from %s (err %v)", mustGetwd(t), err)
	}
	slices.Sort(files)
	return append(files, "README.md")
}

func mustGetwd(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// readBlocks returns the fenced blocks of a Markdown file. A line starting
// with ``` opens a block (the rest of the line is its language) and the next
// such line closes it.
func readBlocks(t *testing.T, path string) []*mdBlock {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*mdBlock
	var cur *mdBlock
	prev := ""
	for i, line := range strings.Split(string(text), "\n") {
		switch {
		case strings.HasPrefix(line, "```") && cur == nil:
			cur = &mdBlock{File: filepath.ToSlash(path), Line: i + 1, Lang: strings.TrimSpace(line[3:])}
			if p := strings.TrimSpace(prev); strings.HasPrefix(p, "<!--") {
				cur.Marker = p
			}
		case strings.HasPrefix(line, "```"):
			blocks = append(blocks, cur)
			cur = nil
		case cur != nil:
			cur.Lines = append(cur.Lines, line)
		}
		prev = line
	}
	if cur != nil {
		t.Errorf("%s: the block opened here is never closed", cur.where())
	}
	return blocks
}

// normGo reduces a line of Go to what the code check compares: no trailing
// // comment (one that starts outside string and rune literals), no leading
// or trailing space, every run of white space one blank.
func normGo(line string) string {
	var quote byte // the literal we are in: '"', '\'', '`' or 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == 0 && c == '/' && i+1 < len(line) && line[i+1] == '/':
			line = line[:i]
		case quote == 0 && (c == '"' || c == '\'' || c == '`'):
			quote = c
		case quote != 0 && quote != '`' && c == '\\':
			i++ // an escaped character, perhaps a quote
		case c == quote:
			quote = 0
		}
	}
	return strings.Join(strings.Fields(line), " ")
}

// elidedGo reports whether a normalized quoted line stands for code left
// out, or is too plain to say anything: "...", a lone brace or parenthesis.
func elidedGo(n string) bool {
	switch n {
	case "", "...", "…", "{", "}", "(", ")":
		return true
	}
	return strings.HasPrefix(n, "...")
}

// A srcLine is where a normalized line of Go first stands.
type srcLine struct {
	text  string // normalized
	where string // "net/twolayer.go:130"
}

// goSource reads every .go file under the module root (hidden folders and
// this check's own files aside) and returns the set of their normalized
// lines, with the first place each stands.
func goSource(t *testing.T) (map[string]string, []srcLine) {
	t.Helper()
	set := map[string]string{}
	var lines []srcLine
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || (path == name && strings.HasPrefix(name, "tutorial")) {
			return nil // the checks' own files could not fail
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			n := normGo(line)
			if n == "" {
				continue
			}
			if _, ok := set[n]; !ok {
				where := fmt.Sprintf("%s:%d", filepath.ToSlash(path), i+1)
				set[n] = where
				lines = append(lines, srcLine{n, where})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return set, lines
}

// TestTutorialCodeInSource checks that every line of every ```go block of
// tutorial/*.md and README.md stands in some .go file of the repository,
// whitespace and trailing // comments aside; a line "..." (or starting with
// "...") marks code left out. Each line that stands nowhere is reported as
// file:line with the closest line the source has, so that
//
//	go test . -run TestTutorialCodeInSource
//
// lists what to reconcile. /work/shared/hooks/tutorial_snippets.py makes
// the same check.
func TestTutorialCodeInSource(t *testing.T) {
	src, lines := goSource(t)
	total, found := 0, 0
	for _, path := range tutorialFiles(t) {
		for _, b := range readBlocks(t, path) {
			if b.Lang != "go" {
				continue
			}
			for i, line := range b.Lines {
				n := normGo(line)
				if elidedGo(n) {
					continue
				}
				total++
				if _, ok := src[n]; ok {
					found++
					continue
				}
				near := closest(n, lines)
				t.Errorf("%s:%d: quoted Go line stands in no .go file of the repository:\n\t%s\n    closest in the source (%s):\n\t%s",
					b.File, b.lineNo(i), strings.TrimSpace(line), near.where, near.text)
			}
		}
	}
	if total == 0 {
		t.Fatal("no ```go block found in the tutorial: is the working directory the module root?")
	}
	t.Logf("%d/%d tutorial code lines found in the source", found, total)
}

// closest returns the source line most like n: the most character pairs in
// common (Dice's coefficient over bigrams). It only helps whoever fixes a
// quote find the code it meant.
func closest(n string, lines []srcLine) srcLine {
	want := bigrams(n)
	best, bestScore := srcLine{text: "(nothing)", where: "-"}, -1.0
	for _, l := range lines {
		got := bigrams(l.text)
		common := 0
		for g, k := range want {
			common += min(k, got[g])
		}
		score := 2 * float64(common) / float64(len(n)+len(l.text))
		if score > bestScore {
			best, bestScore = l, score
		}
	}
	return best
}

func bigrams(s string) map[string]int {
	m := make(map[string]int, len(s))
	for i := 0; i+2 <= len(s); i++ {
		m[s[i:i+2]]++
	}
	return m
}
