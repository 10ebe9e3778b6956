package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReport_RunGraders grades a small module whose graders pass, fail,
// report "not attempted" and do not build, as go test -json tells them.
func TestReport_RunGraders(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	root := t.TempDir()
	write := func(path, src string) { writeModuleFile(t, root, path, src) }
	write("go.mod", "module m\n\ngo 1.26\n")
	write("net/net.go", "package net\n")
	write("net/net_test.go", `package net

import "testing"

func TestA_Exercise_Pass(t *testing.T) {
	t.Run("sub", func(t *testing.T) {})
}

func TestA_Exercise_Fail(t *testing.T) {
	t.Errorf("§4.1 net.Fail: got 1, want <2> & more")
}

func TestA_Exercise_Todo(t *testing.T) {
	t.Fatal("§4.2 net.Todo: not attempted (write it in net/ex.go)")
}

func TestA_Exercise_NeedsTodo(t *testing.T) {
	t.Fatal("§4.3 net.NeedsTodo: not attempted: it needs §4.2 net.Todo, which is not attempted yet")
}

func TestA_NotAGrader(t *testing.T) { t.Fatal("must not run") }
`)
	write("train/train.go", "package train\n\nfunc broken() int { return \"no\" }\n")
	write("train/train_test.go", "package train\n\nimport \"testing\"\n\nfunc TestB_Exercise(t *testing.T) {}\n")
	exs := []Exercise{
		{Chapter: "4", Section: "4.1", Name: "net.Pass", File: "net/ex.go", Test: "TestA_Exercise_Pass"},
		{Chapter: "4", Section: "4.1", Name: "net.Fail", File: "net/ex.go", Test: "TestA_Exercise_Fail"},
		{Chapter: "4", Section: "4.2", Name: "net.Todo", File: "net/ex.go", Test: "TestA_Exercise_Todo"},
		{Chapter: "4", Section: "4.3", Name: "net.NeedsTodo", File: "net/ex.go", Test: "TestA_Exercise_NeedsTodo"},
		{Chapter: "6", Section: "6.1", Name: "train.B", File: "train/ex.go", Test: "TestB_Exercise"},
	}
	sheet, err := RunGraders(context.Background(), root, exs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"net.Pass": GradePassed, "net.Fail": GradeFailed, "net.Todo": GradeNotAttempted,
		"net.NeedsTodo": GradeNotAttempted, "train.B": GradeFailed}
	for _, g := range sheet.Grades {
		if g.Result != want[g.Name] {
			t.Errorf("%s: %s, want %s (detail %q)", g.Name, g.Result, want[g.Name], g.Detail)
		}
	}
	if d := sheet.Grades[1].Detail; !strings.Contains(d, "got 1, want <2> & more") || strings.Contains(d, "--- FAIL") {
		t.Errorf("a failure's detail is %q, want what the grader said", d)
	}
	if d := sheet.Grades[4].Detail; !strings.Contains(d, "does not build") || !strings.Contains(d, "train.go:3") {
		t.Errorf("a grader whose package does not build: detail %q", d)
	}
	var table strings.Builder
	if err := sheet.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"chapter  section  exercise", "4        4.2      net.Todo       not attempted",
		"5 exercises: 1 passed, 2 failed, 2 not attempted."} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, table.String())
		}
	}
	dir := t.TempDir()
	sheet.Student = "Ada <Lovelace>"
	if sheet.Checksum, err = FilesChecksum(root, exs); err != nil {
		t.Fatal(err)
	}
	path, err := WriteGradePage(dir, sheet)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	page := string(b)
	if n := strings.Count(page, `<tr class="grade"`); n != len(exs) {
		t.Errorf("grade.html has %d rows, want %d", n, len(exs))
	}
	for _, want := range []string{`data-result="not attempted"`, `<span class="badge not-attempted">not attempted</span>`,
		"got 1, want &lt;2&gt; &amp; more", "<td>4.3</td>", "net/ex.go", "Classroom grades: Ada &lt;Lovelace&gt;", sheet.Checksum} {
		if !strings.Contains(page, want) {
			t.Errorf("grade.html lacks %q", want)
		}
	}
	if i, j := strings.Index(page, `class="counts"`), strings.Index(page, `<table`); i < 0 || i > j {
		t.Errorf("grade.html does not give its summary before the table")
	}
	if len(sheet.Checksum) != 64 {
		t.Errorf("checksum %q is no SHA-256", sheet.Checksum)
	}
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Errorf("grade.html has a script")
	}
	idx, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(idx), `<a href="grade.html">`) {
		t.Errorf("index.html does not link grade.html")
	}
}

func TestReport_GradeCommand(t *testing.T) {
	got := strings.Join(GradeCommand([]Exercise{{File: "net/a.go", Test: "TestX"}, {File: "train/b.go", Test: "TestY.Z"}, {File: "net/c.go", Test: "TestW"}}), " ")
	if want := `test -count=1 -json -run ^(TestX|TestY\.Z|TestW)$ ./net ./train`; got != want {
		t.Errorf("GradeCommand = %s, want %s", got, want)
	}
	if got := ShellQuote("^(a|b)$"); got != `'^(a|b)$'` {
		t.Errorf("ShellQuote = %s", got)
	}
	if got := ShellQuote("-out=dlfs-out"); got != "-out=dlfs-out" {
		t.Errorf("ShellQuote = %s", got)
	}
}

// writeModuleFile writes src as the file path (slashed) of the test module
// at root, making its folders.
func writeModuleFile(t *testing.T, root, path, src string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
