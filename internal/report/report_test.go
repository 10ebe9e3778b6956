package report

import (
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"dlfs/internal/plot"
)

// hostile is printed text that would break a page written without escaping.
const hostile = "x < y && y > z: <script>alert(1)</script> \"quoted\" 'single' </pre><b>bold?</b>\n"

func samplePage(t *testing.T, dir string, date time.Time) Page {
	t.Helper()
	chart := &plot.LineChart{Title: "loss <&>", XLabel: "iteration", YLabel: "loss", Series: []plot.Series{{Name: "train loss", Y: []float64{2.3, 1.1, 0.4}}}}
	grid := &plot.Grid{Panels: []plot.Panel{chart, &plot.Histogram{Values: []float64{1, 2, 2, 3}}}}
	for name, p := range map[string]interface {
		WriteSVG(w io.Writer) error
		CSV(w io.Writer) error
	}{"ch04_loss": chart, "ch04_grid": grid} {
		if err := plot.WriteFile(filepath.Join(dir, name+".svg"), p); err != nil {
			t.Fatal(err)
		}
		if err := WriteCSV(filepath.Join(dir, name+".csv"), p); err != nil {
			t.Fatal(err)
		}
	}
	sum := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x", sha256.Sum256(b))
	}
	out1 := "first line\n" + hostile + "picture: dlfs-out/ch04_loss.svg\n"
	out1b := out1 + "between\npicture: dlfs-out/ch04_grid.svg\nafter the pictures\n"
	return Page{Chapter: "4", Title: "How a neural network learns (神经网络的学习)", Tutorial: "tutorial/ch04.md",
		Runs: []Run{{Command: "go run . -chapter=4 -lr='<0.1>'", Seed: 7, Data: "/data/mnist", Date: date, Go: "go1.26", Root: dir,
			Settings: []Setting{{"seed", "7"}, {"lr", "<0.1>"}}}},
		Sections: []Section{
			{ID: "4.1", Title: "Loss <functions>", Source: `002.txt "损失函数"`, Check: "go test ./... -run 'Ch04_1_'",
				Tutorial: "tutorial/ch04.md#41-loss-functions", Files: []string{"internal/lesson/ch04.go#L54", "net/loss.go"},
				Status: Ran, Output: out1b, Pictures: []Picture{{File: "ch04_loss.svg", CSV: "ch04_loss.csv", At: len(out1), SHA256: sum("ch04_loss.svg")},
					{File: "ch04_grid.svg", CSV: "ch04_grid.csv", At: len(out1b) - len("after the pictures\n"), SHA256: sum("ch04_grid.svg")}}},
			{ID: "4.2", Title: "Mini-batch", Source: "002.txt", Check: "go test ./... -run 'Ch04_2_'", Status: Stopped,
				Note: "it needs net.crossEntropyLabels (§4.2): write it in net/ch04_exercise.go", Output: "§4.2 stops here\n"},
			{ID: "4.3", Title: "Numerical differentiation", Source: "002.txt", Check: "go test ./... -run 'Ch04_3_'", Status: Failed, Note: "boom & <bang>", Output: "partial\n"},
			{ID: "4.4", Title: "Partial derivatives", Source: "002.txt", Check: "go test ./... -run 'Ch04_4_'"},
		}}
}

// sectionHTML returns the markup of each <section> of a page, by id.
func sectionHTML(t *testing.T, page string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)<section id="s([^"]+)"(.*?)</section>`).FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// printedText undoes the page's markup of a section's output: its <pre>
// blocks, unescaped, in order (a browser drops the newline after <pre>).
func printedText(sec string) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`(?s)<pre class="output">\n(.*?)</pre>`).FindAllStringSubmatch(sec, -1) {
		b.WriteString(html.UnescapeString(m[1]))
	}
	return b.String()
}

func TestReport_PageStructure(t *testing.T) {
	dir := t.TempDir()
	p := samplePage(t, dir, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	path, err := Update(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "ch04.html") {
		t.Errorf("page written to %s, want ch04.html in the folder", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)

	// Self-contained and plain: no script, nothing fetched, CSS inline with
	// a print style sheet, a viewport for phones.
	for _, bad := range []string{"<script", " src=", "<link rel=\"stylesheet\"", "@import", "url(http"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("the page contains %q: it must need no script and fetch nothing", bad)
		}
	}
	for _, want := range []string{"<style>", "@media print", "break-before: page", "break-inside: avoid", `name="viewport"`, `<meta charset="utf-8">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// The run: command, seed, settings and data, escaped.
	for _, want := range []string{"go run . -chapter=4 -lr=&#39;&lt;0.1&gt;&#39;", "<code>7</code>", "-lr=&lt;0.1&gt;", "/data/mnist", "2026-12-01 09:00 UTC", "神经网络的学习"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page's header lacks %q", want)
		}
	}
	// Every section, in order, each with its check line and its links.
	ids := regexp.MustCompile(`<section id="s([^"]+)"`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, m := range ids {
		got = append(got, m[1])
	}
	if want := []string{"4.1", "4.2", "4.3", "4.4"}; !slices.Equal(got, want) {
		t.Errorf("sections %v, want %v", got, want)
	}
	secs := sectionHTML(t, page)
	for _, s := range p.Sections {
		sec := secs[s.ID]
		check := `<code class="check">` + html.EscapeString(s.Check) + `</code>`
		if !strings.Contains(sec, strings.ReplaceAll(check, "&#39;", "&#39;")) {
			t.Errorf("§%s lacks its check line %s", s.ID, check)
		}
		if got := printedText(sec); got != s.Output {
			t.Errorf("§%s: the page shows\n%q\nwant the output as printed\n%q", s.ID, got, s.Output)
		}
		if !strings.Contains(sec, "<h2><span class=\"num\">§"+s.ID+"</span> "+html.EscapeString(s.Title)+"</h2>") {
			t.Errorf("§%s: no title with the number:\n%s", s.ID, sec)
		}
	}
	one := secs["4.1"]
	for _, want := range []string{
		`<a href="tutorial/ch04.md#41-loss-functions">tutorial/ch04.md §4.1</a>`,
		`<a href="internal/lesson/ch04.go#L54">internal/lesson/ch04.go:54</a>`, `<a href="net/loss.go">net/loss.go</a>`,
		`<a href="ch04_loss.csv">ch04_loss.csv</a>`, `<a href="ch04_grid.svg">ch04_grid.svg</a>`,
		"Loss &lt;functions&gt;",
	} {
		if !strings.Contains(one, want) {
			t.Errorf("§4.1 lacks %s", want)
		}
	}
	// Pictures inline where the output names them: the text before each
	// <figure> ends with the line naming it.
	parts := strings.Split(one, "<figure ")
	if len(parts) != 3 {
		t.Fatalf("§4.1 has %d figures, want 2", len(parts)-1)
	}
	for i, name := range []string{"ch04_loss.svg", "ch04_grid.svg"} {
		if !strings.HasSuffix(strings.TrimSpace(printedText(parts[i])), "picture: dlfs-out/"+name) {
			t.Errorf("figure %s is not right after the line naming it:\n%s", name, parts[i])
		}
		if !strings.Contains(parts[i+1], "<svg ") {
			t.Errorf("figure %s is not inline SVG", name)
		}
	}
	// Ids stay unique across the inlined pictures (each has clip paths).
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if seen[m[1]] {
			t.Errorf("id %q appears twice on the page", m[1])
		}
		seen[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`url\(#([^)]+)\)`).FindAllStringSubmatch(page, -1) {
		if !seen[m[1]] {
			t.Errorf("url(#%s) points to no element", m[1])
		}
	}
	// The SVG's own text stays escaped.
	if !strings.Contains(one, "loss &lt;&amp;&gt;") {
		t.Errorf("the picture's title is not escaped")
	}
	// Hostile printed text is shown, not obeyed.
	if strings.Contains(page, "<b>bold?</b>") || !strings.Contains(one, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("printed text is not escaped")
	}
	// Stopped, failed and not run say so.
	for id, want := range map[string]string{
		"4.2": "<strong>Stopped here:</strong> it needs net.crossEntropyLabels",
		"4.3": "<strong>Failed:</strong> boom &amp; &lt;bang&gt;",
		"4.4": "Not run into this folder yet: <code>go run . -section=4.4</code>",
	} {
		if !strings.Contains(secs[id], want) {
			t.Errorf("§%s lacks %q:\n%s", id, want, secs[id])
		}
	}
	// The numbers beside the pictures, with a header row.
	f, err := os.Open(filepath.Join(dir, "ch04_loss.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != "iteration,loss" || strings.Join(rows[3], ",") != "2,0.4" {
		t.Errorf("ch04_loss.csv: %v %v", rows, err)
	}
	// index.html lists the chapter.
	idx, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || !strings.Contains(string(idx), `<a href="ch04.html">Chapter 4: How a neural network learns`) {
		t.Errorf("index.html does not link ch04.html (%v)", err)
	}
}

func TestReport_SectionRunAloneUpdatesPage(t *testing.T) {
	dir := t.TempDir()
	first := samplePage(t, dir, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	if _, err := Update(dir, first); err != nil {
		t.Fatal(err)
	}
	// Now only §4.3 runs, with another seed.
	again := samplePage(t, dir, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	again.Runs[0].Command, again.Runs[0].Seed = "go run . -section=4.3 -seed=8", 8
	for i := range again.Sections {
		s := &again.Sections[i]
		if s.ID == "4.3" {
			s.Status, s.Note, s.Output = Ran, "", "fixed\n"
		} else {
			*s = Section{ID: s.ID, Title: s.Title + " (renamed)", Source: s.Source, Check: s.Check}
		}
	}
	path, err := Update(dir, again)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	secs := sectionHTML(t, string(b))
	if got := printedText(secs["4.3"]); got != "fixed\n" || strings.Contains(secs["4.3"], "earlier run") {
		t.Errorf("§4.3 after its own run shows %q:\n%s", got, secs["4.3"])
	}
	if got := printedText(secs["4.1"]); got != first.Sections[0].Output {
		t.Errorf("§4.1 lost its results: %q", got)
	}
	if !strings.Contains(secs["4.1"], "From an earlier run into this folder: <code>go run . -chapter=4") || !strings.Contains(secs["4.1"], "(renamed)") {
		t.Errorf("§4.1 does not say it comes from the earlier run, with the current title:\n%s", secs["4.1"])
	}
	if !strings.Contains(secs["4.2"], "Stopped here") || !strings.Contains(secs["4.4"], "Not run into this folder yet") {
		t.Errorf("§4.2 or §4.4 lost their state")
	}
	idx, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(idx), "<td>§4.3</td>") || !strings.Contains(string(idx), "<td>§4.1 §4.2</td>") {
		t.Errorf("index.html does not say which sections come from which run")
	}
	if !strings.Contains(string(b), "go run . -section=4.3 -seed=8") {
		t.Errorf("the page's header is not the latest run")
	}
	p, err := load(filepath.Join(dir, "ch04.json"))
	if err != nil || len(p.Runs) != 2 {
		t.Fatalf("ch04.json: %v, runs %d, want 2", err, len(p.Runs))
	}
	// A damaged record is replaced, not fatal.
	os.WriteFile(filepath.Join(dir, "ch04.json"), []byte("{not json"), 0o644)
	if _, err := Update(dir, again); err != nil {
		t.Errorf("Update over a damaged ch04.json: %v", err)
	}
}

func TestReport_UpdateFailsInAFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	p := Page{Chapter: "4", Runs: []Run{{}}}
	if _, err := Update(filepath.Join(file, "out"), p); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
		t.Errorf("Update into a folder under a file: got %v, want a report: error", err)
	}
}

func TestReport_MissingPicture(t *testing.T) {
	dir := t.TempDir()
	p := samplePage(t, dir, time.Now())
	os.Remove(filepath.Join(dir, "ch04_grid.svg"))
	path, err := Update(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "ch04_grid.svg is missing or not an SVG picture") {
		t.Errorf("a missing picture is not reported on the page")
	}
}

func TestReport_FileName(t *testing.T) {
	for in, want := range map[string]string{"4": "ch04", "6": "ch06", "12": "ch12", "fcn": "fcn"} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReport_Slug(t *testing.T) {
	for in, want := range map[string]string{
		"§4.1 Loss functions (损失函数)":                          "41-loss-functions-损失函数",
		"§4.7 The gradient of a network: simpleNet (神经网络的梯度)": "47-the-gradient-of-a-network-simplenet-神经网络的梯度",
		"§4.4.1 Gradient descent, `lr` & η":                   "441-gradient-descent-lr--η",
		"§fcn.2 The note's parts: activations (激活函数, 损失函数)":   "fcn2-the-notes-parts-activations-激活函数-损失函数",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReport_TutorialLink(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "tutorial"), 0o755)
	os.WriteFile(filepath.Join(root, "tutorial", "ch04.md"), []byte("# Chapter 4\n\n```\n## §4.3 not a heading\n```\n## §4.3 Numerical differentiation (数值微分)\n\n### §4.4.1 Gradient descent\n"), 0o644)
	for id, want := range map[string]string{
		"4.3":   "tutorial/ch04.md#43-numerical-differentiation-数值微分",
		"4.4.1": "tutorial/ch04.md#441-gradient-descent",
		"4.4":   "tutorial/ch04.md",
	} {
		if got := TutorialLink(root, "tutorial/ch04.md", id); got != want {
			t.Errorf("TutorialLink(§%s) = %q, want %q", id, got, want)
		}
	}
	if got := TutorialLink(root, "tutorial/none.md", "4.3"); got != "tutorial/none.md" {
		t.Errorf("TutorialLink of a missing file = %q", got)
	}
}

func TestReport_Sources(t *testing.T) {
	root := t.TempDir()
	write := func(path, src string) { writeModuleFile(t, root, path, src) }
	write("go.mod", "module m\n\ngo 1.26\n")
	write("lesson/a.go", `package lesson

import (
	"fmt"
	"m/internal/plot"
	"m/net"
	t "m/tensor"
)

var table = []float64{net.Pi}

func runA() error {
	x := helper(2)
	fmt.Println(x, table, other())
	return plot.Draw()
}

func helper(v float64) float64 { return net.Square(t.New(v)) }

func unused() { net.Never() }
`)
	write("lesson/b.go", "package lesson\n\nfunc other() int { return 1 }\n")
	write("net/math.go", "package net\n\nfunc Square(x float64) float64 { return x * x }\n\nconst (\n\tE  = 2.7\n\tPi = 3.14\n)\n")
	write("net/never.go", "package net\n\nfunc Never() {}\n")
	write("net/ex_solution.go", "//go:build !exercise\n\npackage net\n\nfunc Sq(x float64) float64 { return x }\n")
	write("tensor/tensor.go", "package tensor\n\nfunc New(v float64) float64 { return v }\n")
	write("tensor/fast_s390x.go", "package tensor\n\nfunc Never() {}\n")
	write("tensor/fast_windows_amd64.go", "package tensor\n\nfunc Never() {}\n")
	write("tensor/fast_other.go", "//go:build !amd64 && !arm64 && !s390x\n\npackage tensor\n\nfunc Never() {}\n")
	write("internal/plot/plot.go", "package plot\n\nfunc Draw() error { return nil }\n")
	s := Sources{Root: root, Module: "m", Skip: func(p string) bool { return strings.HasSuffix(p, "/internal/plot") }}
	if idx := s.index(filepath.Join(root, "tensor")); idx["Never"] != "" && runtime.GOOS != "windows" && (runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64") {
		t.Errorf("Never is declared only in files this platform does not build, found in %s", idx["Never"])
	}
	ex := Sources{Root: root, Module: "m", Tags: []string{"exercise"}}
	if ex.index(filepath.Join(root, "net"))["Sq"] != "" || s.index(filepath.Join(root, "net"))["Sq"] == "" {
		t.Errorf("build tags: Sq is in a !exercise file")
	}
	got := s.Files(filepath.Join(root, "lesson", "a.go"), 12, "runA")
	want := []string{"lesson/a.go#L12", "lesson/b.go", "net/math.go", "tensor/tensor.go"}
	if !slices.Equal(got, want) {
		t.Errorf("Files(runA) = %v, want %v", got, want)
	}
	key := s.Key(got)
	if key == "" || s.Key(got) != key || ex.Key(got) == key {
		t.Errorf("Key: %q, then %q; with tags %q", key, s.Key(got), ex.Key(got))
	}
	write("net/math.go", "package net\n\nfunc Square(x float64) float64 { return x * x }\n\nconst Pi = 3.14\n")
	if s.Key(got) == key {
		t.Errorf("Key stays %q after net/math.go changed", key)
	}
	if s.Key([]string{"net/gone.go"}) != "" {
		t.Errorf("Key of a missing file is not empty")
	}
	if r, m := Root(filepath.Join(root, "lesson", "a.go")); r != root || m != "m" {
		t.Errorf("Root = %q, %q", r, m)
	}
	names := topLevelNames([]byte("package x\n\ntype (\n\tA int\n\tBB struct{}\n)\n\nfunc (r R) C() {}\n\nvar d, e = 1, 2\n\nfunc F[T any](t T) {}\n\nconst (\n\t// G is\n\tG = iota\n)\n"))
	if want := []string{"A", "BB", "d", "e", "F", "G"}; !slices.Equal(names, want) {
		t.Errorf("topLevelNames = %v, want %v", names, want)
	}
}

// TestReport_Verdicts checks what a students' page says of the code a
// section ran: every exercise's grader verdict, a failure with its message
// and never as a success.
func TestReport_Verdicts(t *testing.T) {
	dir := t.TempDir()
	p := samplePage(t, dir, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	p.Runs[0].Student = true
	relu := Verdict{Name: "net.ReluLayer.Backward", Result: GradePassed, Check: "go test ./net -run TestCh05_5_Exercise_Relu"}
	sig := Verdict{Name: "net.SigmoidLayer.Backward", Result: GradeFailed, Detail: "element 0 is <0.1192>, want 0.1050", Check: "go test ./net -run TestCh05_5_Exercise_Sigmoid"}
	p.Sections[0].Verdicts = []Verdict{relu, sig}
	p.Sections = append(p.Sections, Section{ID: "4.5", Title: "Passed", Check: "go test", Status: Ran, Output: "x\n", Verdicts: []Verdict{relu}},
		Section{ID: "4.6", Title: "No exercise", Check: "go test", Status: Ran, Output: "y\n"})
	path, err := Update(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	secs := sectionHTML(t, string(b))
	for id, want := range map[string][]string{
		"4.1": {`class="status failed"`, "which fails its grader", "<code>net.SigmoidLayer.Backward</code> failed", "element 0 is &lt;0.1192&gt;, want 0.1050",
			"TestCh05_5_Exercise_Sigmoid", `<li class="passed"><code>net.ReluLayer.Backward</code> passed`},
		"4.5": {`class="status ran"`, "each passing its grader: <code>net.ReluLayer.Backward</code>"},
		"4.6": {`class="status ran"`, "runs no exercise"},
	} {
		for _, w := range want {
			if !strings.Contains(secs[id], w) {
				t.Errorf("§%s's markup lacks %q:\n%s", id, w, secs[id])
			}
		}
	}
	if strings.Contains(secs["4.1"], "each passing") || strings.Contains(secs["4.1"], `class="status ran"`) {
		t.Errorf("§4.1 ran a wrong answer, but its page shows it as a success:\n%s", secs["4.1"])
	}
}
