package lesson

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"

	"dlfs/internal/exercise"
	"dlfs/mnist"
)

// One test per section, named after it, replays that section alone on
// synthetic digits with short trainings: so that go test ./... -run
// Ch04_3_3_ runs a test in a students' copy too, where the section's other
// tests (which may reach a stub) are left out. Here the section must run
// to its end; in a students' copy it may also stop at an exercise not
// attempted yet, but nothing else.
func TestCh04_2_1_Runs(t *testing.T) { runsAlone(t, "4.2.1") }
func TestCh04_2_3_Runs(t *testing.T) { runsAlone(t, "4.2.3") }
func TestCh04_3_1_Runs(t *testing.T) { runsAlone(t, "4.3.1") }
func TestCh04_3_3_Runs(t *testing.T) { runsAlone(t, "4.3.3") }
func TestCh04_4_Runs(t *testing.T)   { runsAlone(t, "4.4") }
func TestCh04_4_1_Runs(t *testing.T) { runsAlone(t, "4.4.1") }
func TestCh04_4_2_Runs(t *testing.T) { runsAlone(t, "4.4.2") }
func TestCh04_5_1_Runs(t *testing.T) { runsAlone(t, "4.5.1") }
func TestCh04_5_2_Runs(t *testing.T) { runsAlone(t, "4.5.2") }
func TestCh05_4_1_Runs(t *testing.T) { runsAlone(t, "5.4.1") }
func TestCh05_4_2_Runs(t *testing.T) { runsAlone(t, "5.4.2") }
func TestCh05_5_Runs(t *testing.T)   { runsAlone(t, "5.5") }
func TestCh05_6_Runs(t *testing.T)   { runsAlone(t, "5.6") }
func TestCh05_7_2_Runs(t *testing.T) { runsAlone(t, "5.7.2") }
func TestCh05_7_3_Runs(t *testing.T) { runsAlone(t, "5.7.3") }
func TestCh05_7_4_Runs(t *testing.T) { runsAlone(t, "5.7.4") }
func TestCh06_1_Runs(t *testing.T)   { runsAlone(t, "6.1") }
func TestCh06_1_8_Runs(t *testing.T) { runsAlone(t, "6.1.8") }
func TestCh06_2_Runs(t *testing.T)   { runsAlone(t, "6.2") }
func TestCh06_2_4_Runs(t *testing.T) { runsAlone(t, "6.2.4") }
func TestCh06_3_1_Runs(t *testing.T) { runsAlone(t, "6.3.1") }
func TestCh06_3_2_Runs(t *testing.T) { runsAlone(t, "6.3.2") }
func TestCh06_4_1_Runs(t *testing.T) { runsAlone(t, "6.4.1") }
func TestCh06_4_2_Runs(t *testing.T) { runsAlone(t, "6.4.2") }
func TestCh06_4_3_Runs(t *testing.T) { runsAlone(t, "6.4.3") }
func TestCh06_5_3_Runs(t *testing.T) { runsAlone(t, "6.5.3") }
func TestFCN_1_Runs(t *testing.T)    { runsAlone(t, "fcn.1") }
func TestFCN_2_Runs(t *testing.T)    { runsAlone(t, "fcn.2") }
func TestFCN_3_Runs(t *testing.T)    { runsAlone(t, "fcn.3") }
func TestFCN_4_Runs(t *testing.T)    { runsAlone(t, "fcn.4") }
func TestFCN_5_Runs(t *testing.T)    { runsAlone(t, "fcn.5") }

func runsAlone(t *testing.T, id string) {
	t.Helper()
	if raceEnabled && !exercise.StudentMode {
		// The section's own tests run here; these replays are for the
		// students' copy, and ten times slower under the race detector.
		t.Skip("under -race the teacher's tree runs each section's own tests instead")
	}
	var chapter string
	for _, c := range Chapters {
		for _, s := range c.Sections {
			if s.ID == id {
				chapter = c.ID
			}
		}
	}
	if chapter == "" {
		t.Fatalf("no section %s", id)
	}
	cfg := Defaults()
	var out bytes.Buffer
	cfg.Stdout, cfg.Out = &out, t.TempDir()
	cfg.Iters, cfg.Hidden, cfg.Epochs = 60, 8, 1
	if chapter != "6" {
		cfg.Batch = 20
	}
	cfg.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(1500, 300), nil }
	r, err := Run(context.Background(), cfg, chapter, id)
	if err != nil {
		t.Fatalf("§%s: %v\n%s", id, err, out.String())
	}
	for _, e := range r.NotAttempted {
		if !exercise.StudentMode {
			t.Errorf("§%s stopped at %s, but this tree holds every reference body", id, e.Name)
		}
	}
	if len(r.NotAttempted) > 0 {
		t.Logf("§%s stops at exercises not attempted yet:\n%s", id, out.String())
	}
}

// TestSectionsRunAlone checks that every section has its test above,
// named so that the section's -run pattern selects it.
func TestSectionsRunAlone(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "sections_test.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{} // section → test
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || len(fd.Body.List) != 1 {
			continue
		}
		call, ok := fd.Body.List[0].(*ast.ExprStmt).X.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			continue
		}
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "runsAlone" {
			s, _ := strconv.Unquote(call.Args[1].(*ast.BasicLit).Value)
			tests[s] = fd.Name.Name
		}
	}
	for _, c := range Chapters {
		for _, s := range c.Sections {
			name, ok := tests[s.ID]
			if !ok {
				t.Errorf("§%s has no runsAlone test in sections_test.go", s.ID)
				continue
			}
			if !regexp.MustCompile(s.Test).MatchString(name) {
				t.Errorf("§%s: %s does not match its -run pattern %q", s.ID, name, s.Test)
			}
		}
	}
}
