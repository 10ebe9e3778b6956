package report

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Slug returns the anchor GitHub gives a Markdown heading: lower case,
// punctuation and symbols dropped (letters of every script, digits, "-"
// and "_" kept), spaces turned into "-". "§4.3 Numerical differentiation
// (数值微分)" becomes "43-numerical-differentiation-数值微分".
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TutorialLink returns the repository path of tutorial with the anchor of
// its heading for section id (a heading that starts "§4.3 "), or the
// path alone when the file or the heading is not there.
func TutorialLink(root, tutorial, id string) string {
	if root == "" || tutorial == "" {
		return tutorial
	}
	path := filepath.Join(root, filepath.FromSlash(tutorial))
	v, ok := headingCache.Load(path)
	if !ok {
		v, _ = headingCache.LoadOrStore(path, sectionHeadings(path))
	}
	if slug, ok := v.(map[string]string)[id]; ok {
		return tutorial + "#" + slug
	}
	return tutorial
}

var headingCache sync.Map // tutorial path → section id → anchor

// sectionHeadings maps the section ids of a Markdown file's headings that
// start with "§" to their anchors.
func sectionHeadings(path string) map[string]string {
	out := map[string]string{}
	src, err := readCached(path)
	if err != nil {
		return out
	}
	inFence := false
	for line := range bytes.Lines(src) {
		l := strings.TrimRight(string(line), "\r\n")
		if strings.HasPrefix(l, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(l, "#") {
			continue
		}
		text := strings.TrimLeft(l, "#")
		if len(l)-len(text) > 6 || !strings.HasPrefix(text, " ") {
			continue
		}
		text = strings.TrimSpace(text)
		if rest, ok := strings.CutPrefix(text, "§"); ok {
			id, _, _ := strings.Cut(rest, " ")
			if _, dup := out[id]; !dup {
				out[id] = Slug(text)
			}
		}
	}
	return out
}

// Root returns the folder holding go.mod above file (a source file of the
// program, as runtime.FuncForPC names it) and the module's path, or ""
// when the sources are not there (a binary built elsewhere, -trimpath).
func Root(file string) (root, module string) {
	if !filepath.IsAbs(file) {
		return "", ""
	}
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if mod, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			for _, line := range strings.Split(string(mod), "\n") {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					return dir, strings.Trim(strings.TrimSpace(rest), `"`)
				}
			}
			return "", ""
		}
		if filepath.Dir(dir) == dir {
			return "", ""
		}
	}
}

// A Sources finds the files a function of the program runs, reading the
// program's source: the function's own file (with its line), then the
// files that declare what it uses from other packages of the module,
// directly or through the functions and variables of its own file that it
// uses. Methods called on values are not followed (that needs types);
// their types' constructors usually are. Files are chosen as the build
// would: with Tags, and without _test.go files.
type Sources struct {
	Root, Module string
	Tags         []string
	// Skip leaves out packages (import paths) that are not part of the
	// lesson, such as drawing and progress bars.
	Skip func(importPath string) bool
}

// Files returns the repository paths, slash-separated, for the function
// name (without receiver) declared in file (absolute) at line.
func (s Sources) Files(file string, line int, name string) []string {
	rel, err := filepath.Rel(s.Root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	first := filepath.ToSlash(rel) + "#L" + strconv.Itoa(line)
	f, err := parseCached(file)
	if err != nil {
		return []string{first}
	}
	imports := map[string]string{} // name in file → import path
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		n := path[strings.LastIndex(path, "/")+1:]
		if im.Name != nil {
			n = im.Name.Name
		}
		imports[n] = path
	}
	top := map[string][]ast.Node{} // top-level funcs and vars of the file
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				top[d.Name.Name] = append(top[d.Name.Name], d)
			}
		case *ast.GenDecl:
			if d.Tok == token.VAR {
				for _, sp := range d.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						top[n.Name] = append(top[n.Name], sp)
					}
				}
			}
		}
	}
	type ref struct{ pkg, name string }
	var refs []ref
	var samePkg []string // identifiers not declared in file: maybe in another file of its package
	seen := map[string]bool{name: true}
	work := []string{name}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		for _, node := range top[n] {
			ast.Inspect(node, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.SelectorExpr:
					if id, ok := x.X.(*ast.Ident); ok {
						if path, ok := imports[id.Name]; ok {
							refs = append(refs, ref{path, x.Sel.Name})
							return false
						}
					}
				case *ast.CallExpr:
					if id, ok := x.Fun.(*ast.Ident); ok && top[id.Name] == nil && !seen[id.Name] && !builtins[id.Name] {
						seen[id.Name] = true
						samePkg = append(samePkg, id.Name)
					}
				case *ast.Ident:
					if top[x.Name] != nil && !seen[x.Name] {
						seen[x.Name] = true
						work = append(work, x.Name)
					}
				}
				return true
			})
		}
	}
	out := []string{first}
	add := func(path string) {
		if path != "" && !slices.Contains(out, path) && !strings.HasPrefix(first, path+"#") {
			out = append(out, path)
		}
	}
	var more []string
	for _, n := range samePkg {
		more = append(more, s.declaring(filepath.Dir(file), n))
	}
	for _, r := range refs {
		if r.pkg != s.Module && !strings.HasPrefix(r.pkg, s.Module+"/") || s.Skip != nil && s.Skip(r.pkg) {
			continue
		}
		dir := filepath.Join(s.Root, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(r.pkg, s.Module), "/")))
		more = append(more, s.declaring(dir, r.name))
	}
	slices.Sort(more)
	for _, m := range more {
		add(m)
	}
	return out
}

// builtins are the predeclared functions, which no file declares.
var builtins = map[string]bool{"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true,
	"bool": true, "byte": true, "float32": true, "float64": true, "int": true, "int64": true, "rune": true, "string": true, "uint64": true}

// Key is what Files' result for a function depends on: the build tags, and
// the size and time of change of files (the function's own file and those
// Files found), so that a page can keep the result while the key stays
// the same. A declaration that moves changes the files it leaves.
func (s Sources) Key(files []string) string {
	var b strings.Builder
	b.WriteString(strings.Join(s.Tags, ","))
	for _, f := range files {
		f, _, _ = strings.Cut(f, "#")
		fi, err := os.Stat(filepath.Join(s.Root, filepath.FromSlash(f)))
		if err != nil {
			return "" // never equal: find them again
		}
		fmt.Fprintf(&b, ";%s:%d:%d", f, fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String()
}

// declaring returns the repository path of the file in dir that declares
// name at top level, or "".
func (s Sources) declaring(dir, name string) string {
	path := s.index(dir)[name]
	if path == "" {
		return ""
	}
	rel, err := filepath.Rel(s.Root, path)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

var indexCache sync.Map // dir+tags → map[string]string

// index maps the top-level names of the package in dir to the files that
// declare them, for the files the build would compile with s.Tags.
func (s Sources) index(dir string) map[string]string {
	key := dir + "\x00" + strings.Join(s.Tags, ",")
	if v, ok := indexCache.Load(key); ok {
		return v.(map[string]string)
	}
	idx := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		path := filepath.Join(dir, n)
		src, err := readCached(path)
		if err != nil || !s.builds(n, src) {
			continue
		}
		for _, name := range topLevelNames(src) {
			if _, dup := idx[name]; !dup {
				idx[name] = path
			}
		}
	}
	indexCache.Store(key, idx)
	return idx
}

// builds reports whether the build compiles the file: its //go:build line
// and its _GOOS/_GOARCH name suffix, for this platform, the gc compiler,
// every go1.N release and s.Tags (no cgo).
func (s Sources) builds(name string, src []byte) bool {
	tag := func(t string) bool {
		switch {
		case t == runtime.GOOS || t == runtime.GOARCH || t == "gc" || strings.HasPrefix(t, "go1."):
			return true
		case t == "unix":
			return runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1"
		}
		return slices.Contains(s.Tags, t)
	}
	parts := strings.Split(strings.TrimSuffix(name, ".go"), "_")
	if n := len(parts); n >= 2 {
		last := parts[n-1]
		switch {
		case knownArch[last] && last != runtime.GOARCH,
			knownArch[last] && n >= 3 && knownOS[parts[n-2]] && parts[n-2] != runtime.GOOS,
			knownOS[last] && last != runtime.GOOS:
			return false
		}
	}
	for line := range bytes.Lines(src) {
		l := bytes.TrimSpace(line)
		if bytes.HasPrefix(l, []byte("package ")) {
			break
		}
		if constraint.IsGoBuild(string(l)) {
			expr, err := constraint.Parse(string(l))
			return err == nil && expr.Eval(tag)
		}
	}
	return true
}

var (
	knownOS   = map[string]bool{"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "illumos": true, "ios": true, "js": true, "linux": true, "netbsd": true, "openbsd": true, "plan9": true, "solaris": true, "wasip1": true, "windows": true}
	knownArch = map[string]bool{"386": true, "amd64": true, "arm": true, "arm64": true, "loong64": true, "mips": true, "mips64": true, "mips64le": true, "mipsle": true, "ppc64": true, "ppc64le": true, "riscv64": true, "s390x": true, "wasm": true}
)

// topLevelNames lists the names Go source declares at top level, read line
// by line as gofmt writes them: "func Name(", "type Name ...", "var Name",
// "const Name", and the names that start the lines of var, const and type
// blocks. Methods are left out.
func topLevelNames(src []byte) []string {
	var names []string
	block := false
	for line := range bytes.Lines(src) {
		l := string(bytes.TrimRight(line, "\r\n"))
		if block {
			if l == ")" {
				block = false
			} else if rest, ok := strings.CutPrefix(l, "\t"); ok {
				names = append(names, leadingIdents(rest)...)
			}
			continue
		}
		for _, kw := range []string{"func ", "type ", "var ", "const "} {
			rest, ok := strings.CutPrefix(l, kw)
			if !ok {
				continue
			}
			if strings.HasPrefix(rest, "(") {
				block = kw != "func " // a method, or a block
			} else if kw == "func " {
				names = append(names, ident(rest))
			} else {
				names = append(names, leadingIdents(rest)...)
			}
			break
		}
	}
	return names
}

// leadingIdents returns the names of a spec: "a, b = 1, 2" gives a and b.
func leadingIdents(spec string) []string {
	var names []string
	for {
		n := ident(spec)
		if n == "" {
			return names
		}
		names = append(names, n)
		spec = strings.TrimLeft(spec[len(n):], " ")
		if !strings.HasPrefix(spec, ",") {
			return names
		}
		spec = strings.TrimLeft(spec[1:], " ")
	}
}

// ident returns the identifier s starts with.
func ident(s string) string {
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || i > 0 && unicode.IsDigit(r)) {
			return s[:i]
		}
	}
	return s
}

var (
	fileCache  sync.Map // path → []byte
	parseCache sync.Map // path → *ast.File
)

func readCached(path string) ([]byte, error) {
	if v, ok := fileCache.Load(path); ok {
		return v.([]byte), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fileCache.Store(path, b)
	return b, nil
}

func parseCached(path string) (*ast.File, error) {
	if v, ok := parseCache.Load(path); ok {
		return v.(*ast.File), nil
	}
	src, err := readCached(path)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	parseCache.Store(path, f)
	return f, nil
}
