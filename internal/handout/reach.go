package main

import (
	"go/ast"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// A graph says, by name alone, which declarations of the module may use
// which: an identifier naming a package-level function or variable of its
// own package, a selector pkg.F of an imported one of the module, and any
// other selector x.M every method named M of the packages that x's
// package imports, directly or not (the only ones whose values it can
// hold). It errs on the
// side of too many edges: the students' copy drops every test that may
// reach an exercise, so that a test that stays never runs into a stub.
type graph struct {
	edges   map[string][]string        // declaration → what it may use
	methods map[string][]string        // method name → its declarations
	unitOf  map[string]string          // a method's declaration → its unit
	imports map[string]map[string]bool // unit → the module's units it imports
	deps    map[string]map[string]bool // unit → itself and every unit it imports, directly or not
}

// unit is a package as the graph sees it: its folder, and "_test" for an
// external test package.
func unit(dir string, f *ast.File) string {
	if strings.HasSuffix(f.Name.Name, "_test") {
		return dir + "_test"
	}
	return dir
}

// key names a declaration in the graph: "net.NumericalDiff",
// "net.Affine.Backward", "net_test.TestX"; the same spelling as
// exercise names for those of folder net.
func key(u string, d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []string{declName(u, d)}
	case *ast.GenDecl:
		var ks []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				for _, n := range s.Names {
					ks = append(ks, u+"."+n.Name)
				}
			case *ast.TypeSpec:
				ks = append(ks, u+"."+s.Name.Name)
			}
		}
		return ks
	}
	return nil
}

func newGraph() *graph {
	return &graph{edges: map[string][]string{}, methods: map[string][]string{}, unitOf: map[string]string{},
		imports: map[string]map[string]bool{}, deps: map[string]map[string]bool{}}
}

// add records the declarations of one file of the module, whose folder
// (relative to the module's root) is dir.
func (g *graph) add(module, dir string, f *ast.File) {
	u := unit(dir, f)
	imports := map[string]string{} // local name → unit
	if g.imports[u] == nil {
		g.imports[u] = map[string]bool{}
	}
	if strings.HasSuffix(u, "_test") {
		g.imports[u][dir] = true
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		rel, ok := strings.CutPrefix(p, module+"/")
		if !ok {
			continue
		}
		local := path.Base(p)
		if imp.Name != nil {
			local = imp.Name.Name
		}
		imports[local] = rel
		g.imports[u][rel] = true
	}
	for _, d := range f.Decls {
		ks := key(u, d)
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			g.methods[fd.Name.Name] = append(g.methods[fd.Name.Name], ks[0])
			g.unitOf[ks[0]] = u
		}
		var uses []string
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok {
					if p, ok := imports[id.Name]; ok {
						uses = append(uses, p+"."+n.Sel.Name)
						return false
					}
				}
				uses = append(uses, "."+n.Sel.Name+"@"+u) // a method, resolved in reaches
			case *ast.Ident:
				uses = append(uses, u+"."+n.Name, strings.TrimSuffix(u, "_test")+"."+n.Name)
			}
			return true
		})
		for _, k := range ks {
			g.edges[k] = append(g.edges[k], uses...)
		}
	}
}

// reaches reports whether from may use, directly or not, any declaration
// in targets.
func (g *graph) reaches(from string, targets map[string]bool, memo map[string]bool) bool {
	seen := map[string]bool{}
	stack := []string{from}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[k] {
			continue
		}
		seen[k] = true
		if targets[k] {
			return true
		}
		if v, ok := memo[k]; ok && k != from {
			if v {
				return true
			}
			continue
		}
		if m, ok := strings.CutPrefix(k, "."); ok && strings.Contains(m, "@") {
			m, u, _ := strings.Cut(m, "@")
			deps := g.depsOf(u)
			for _, d := range g.methods[m] {
				if deps[g.unitOf[d]] {
					stack = append(stack, d)
				}
			}
			continue
		}
		stack = append(stack, g.edges[k]...)
	}
	memo[from] = false
	return false
}

// depsOf returns u and every unit it imports, directly or not.
func (g *graph) depsOf(u string) map[string]bool {
	if d, ok := g.deps[u]; ok {
		return d
	}
	d := map[string]bool{u: true}
	stack := []string{u}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for w := range g.imports[v] {
			if !d[w] {
				d[w] = true
				stack = append(stack, w)
			}
		}
	}
	g.deps[u] = d
	return d
}

// isTest reports whether d is a function go test runs: a test, benchmark,
// fuzz test or example.
func isTest(d *ast.FuncDecl) bool {
	if d.Recv != nil {
		return false
	}
	for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if rest, ok := strings.CutPrefix(d.Name.Name, p); ok && d.Name.Name != "TestMain" {
			if rest == "" || !('a' <= rest[0] && rest[0] <= 'z') {
				return true
			}
		}
	}
	return false
}

// pruneTests returns the ranges of src (a test file) holding the tests
// that may reach an exercise, with their doc comments.
func pruneTests(fset *token.FileSet, f *ast.File, src []byte, u string, g *graph, targets map[string]bool, keep func(name string) bool, memo map[string]bool) (cuts [][2]int, dropped []string) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !isTest(fd) || keep(fd.Name.Name) {
			continue
		}
		if !g.reaches(u+"."+fd.Name.Name, targets, memo) && !hasMark(fd.Doc, teacherMark) {
			continue
		}
		start := fset.Position(fd.Pos()).Offset
		if fd.Doc != nil {
			start = fset.Position(fd.Doc.Pos()).Offset
		}
		end := fset.Position(fd.End()).Offset
		for end < len(src) && src[end] == '\n' {
			end++
		}
		cuts = append(cuts, [2]int{start, end})
		dropped = append(dropped, fd.Name.Name)
	}
	return cuts, dropped
}

// hasMark reports whether a doc comment holds the directive line mark.
func hasMark(doc *ast.CommentGroup, mark string) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		if strings.TrimSpace(c.Text) == mark {
			return true
		}
	}
	return false
}
