package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"

	"dlfs/internal/exercise"
)

// exerciseMark is the directive, in the doc comment of a function, method
// or type, that makes its body (a type: its fields) an exercise: the
// students' copy replaces it by the stub.
const exerciseMark = "//dlfs:exercise "

// teacherMark, alone on a file's first line, keeps the file out of the
// students' copy: the graders' self-tests and other files whose data are
// one line away from an answer.
const teacherMark = "//dlfs:teacher"

// A mark is one marked declaration of a file.
type mark struct {
	name       string // the exercise: "net.NumericalDiff"
	decl       string // what it marks, as exercise names spell it: "net.TwoLayerNet.GradientFormula"
	body       []string
	start, end int // byte offsets of what the stub replaces
	line       int // where the mark is
	isType     bool
}

// declName is how an exercise name spells decl in package pkg:
// "net.NumericalDiff", "net.Affine.Backward", "net.UsedTwice".
func declName(pkg string, d ast.Decl) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil || len(d.Recv.List) == 0 {
			return pkg + "." + d.Name.Name
		}
		t := d.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if ix, ok := t.(*ast.IndexExpr); ok {
			t = ix.X
		}
		if id, ok := t.(*ast.Ident); ok {
			return pkg + "." + id.Name + "." + d.Name.Name
		}
	case *ast.GenDecl:
		if d.Tok == token.TYPE && len(d.Specs) == 1 {
			return pkg + "." + d.Specs[0].(*ast.TypeSpec).Name.Name
		}
	}
	return ""
}

// marks returns the marked declarations of a parsed file, checking each
// mark against the list of exercises.
func marks(fset *token.FileSet, f *ast.File, src []byte, dir string) ([]mark, error) {
	pkg := path.Base(dir)
	var out []mark
	for _, d := range f.Decls {
		var doc *ast.CommentGroup
		switch d := d.(type) {
		case *ast.FuncDecl:
			doc = d.Doc
		case *ast.GenDecl:
			doc = d.Doc
		}
		if doc == nil {
			continue
		}
		for _, c := range doc.List {
			name, ok := strings.CutPrefix(c.Text, exerciseMark)
			if !ok {
				continue
			}
			name = strings.TrimSpace(name)
			line := fset.Position(c.Pos()).Line
			if _, ok := exercise.Lookup(name); !ok {
				return nil, fmt.Errorf("%s:%d: %s is no exercise of internal/exercise/list.go", fset.Position(c.Pos()).Filename, line, name)
			}
			m := mark{name: name, decl: declName(pkg, d), line: line}
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					return nil, fmt.Errorf("%s:%d: %s marks a function without a body", fset.Position(c.Pos()).Filename, line, name)
				}
				m.start, m.end = fset.Position(d.Body.Lbrace).Offset+1, fset.Position(d.Body.Rbrace).Offset
			case *ast.GenDecl:
				st, ok := d.Specs[0].(*ast.TypeSpec).Type.(*ast.StructType)
				if d.Tok != token.TYPE || len(d.Specs) != 1 || !ok {
					return nil, fmt.Errorf("%s:%d: %s marks neither a function nor one struct type", fset.Position(c.Pos()).Filename, line, name)
				}
				m.start, m.end, m.isType = fset.Position(st.Fields.Opening).Offset+1, fset.Position(st.Fields.Closing).Offset, true
			}
			m.body = strings.Split(string(src[m.start:m.end]), "\n")
			out = append(out, m)
		}
	}
	return out, nil
}

// stubBody is what the students' copy holds in place of a marked body.
func stubBody(m mark) string {
	e, _ := exercise.Lookup(m.name)
	var b strings.Builder
	b.WriteString("\n")
	if m.isType {
		fmt.Fprintf(&b, "\t// Exercise %s (§%s): the fields your methods need.\n", e.Name, e.Section)
		return b.String()
	}
	fmt.Fprintf(&b, "\t// Exercise §%s: replace the panic with your code; grade it with\n\t//\tgo test ./%s -run %s\n", e.Section, path.Dir(e.File), e.Test)
	if e.Hint != "" {
		b.WriteString("\t//\n")
		for i, l := range strings.Split(strings.TrimSpace(e.Hint), "\n") {
			if i == 0 {
				l = "Hint: " + l
			}
			b.WriteString(strings.TrimRight("\t// "+l, " ") + "\n")
		}
	}
	fmt.Fprintf(&b, "\tpanic(exercise.Todo(%q))\n", m.name)
	return b.String()
}

// stubFile returns the students' form of a Go file with marks: every
// marked body replaced by its stub, the marks removed, the imports
// fixed and the result gofmt'ed.
func stubFile(name string, src []byte, ms []mark) ([]byte, error) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].start > ms[j].start })
	out := append([]byte(nil), src...)
	for _, m := range ms {
		out = append(out[:m.start:m.start], append([]byte(stubBody(m)), out[m.end:]...)...)
	}
	// The marks themselves: whole comment lines.
	var kept [][]byte
	for _, l := range bytes.Split(out, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte(exerciseMark)) {
			kept = append(kept, l)
		}
	}
	out = bytes.Join(kept, []byte("\n"))
	return fixImports(name, out, []string{"dlfs/internal/exercise"})
}

// fixImports removes the imports src no longer uses and adds those of
// want that it uses, then formats it.
func fixImports(name string, src []byte, want []string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("%s after stubbing: %w", name, err)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	type cut struct{ start, end int }
	var cuts []cut
	have := map[string]bool{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		have[p] = true
		local := path.Base(p)
		if strings.HasSuffix(p, "/v2") {
			local = path.Base(path.Dir(p))
		}
		if imp.Name != nil {
			local = imp.Name.Name
		}
		if local == "_" || local == "." || used[local] {
			continue
		}
		start, end := fset.Position(imp.Pos()).Offset, fset.Position(imp.End()).Offset
		for start > 0 && src[start-1] != '\n' {
			start--
		}
		if end < len(src) && src[end] == '\n' {
			end++
		}
		cuts = append(cuts, cut{start, end})
	}
	out := append([]byte(nil), src...)
	for i := len(cuts) - 1; i >= 0; i-- {
		out = append(out[:cuts[i].start:cuts[i].start], out[cuts[i].end:]...)
	}
	var add []string
	for _, p := range want {
		if !have[p] && used[path.Base(p)] {
			add = append(add, p)
		}
	}
	if len(add) > 0 {
		f, err := parser.ParseFile(token.NewFileSet(), name, out, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		at := fset.Position(f.Name.End()).Offset
		var lines string
		for _, p := range add {
			lines += "\nimport " + strconv.Quote(p)
		}
		out = append(out[:at:at], append([]byte("\n"+lines), out[at:]...)...)
	}
	// An import block left empty.
	out = bytes.ReplaceAll(out, []byte("import (\n)\n"), nil)
	res, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("%s after stubbing: %w", name, err)
	}
	return mergeImports(name, res)
}

// mergeImports joins single import lines into one block, as gofmt'ed
// code has it.
func mergeImports(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var gens []*ast.GenDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			gens = append(gens, g)
		}
	}
	if len(gens) < 2 {
		return src, nil
	}
	var std, mod []string
	for _, g := range gens {
		for _, s := range g.Specs {
			is := s.(*ast.ImportSpec)
			l := is.Path.Value
			if is.Name != nil {
				l = is.Name.Name + " " + l
			}
			if p, _ := strconv.Unquote(is.Path.Value); strings.Contains(strings.Split(p, "/")[0], ".") || strings.HasPrefix(p, "dlfs/") {
				mod = append(mod, l)
			} else {
				std = append(std, l)
			}
		}
	}
	block := "import (\n"
	for _, l := range std {
		block += "\t" + l + "\n"
	}
	if len(std) > 0 && len(mod) > 0 {
		block += "\n"
	}
	for _, l := range mod {
		block += "\t" + l + "\n"
	}
	block += ")"
	start, end := fset.Position(gens[0].Pos()).Offset, fset.Position(gens[len(gens)-1].End()).Offset
	out := append(append(append([]byte(nil), src[:start]...), block...), src[end:]...)
	return format.Source(out)
}
