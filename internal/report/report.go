package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"dlfs/internal/outfile"
)

// Status is how a section's last run ended.
type Status string

const (
	NotRun      Status = ""            // never run into this folder
	Ran         Status = "ran"         // ran to its end
	Stopped     Status = "stopped"     // reached an exercise not attempted yet (student mode)
	Failed      Status = "failed"      // returned an error
	Interrupted Status = "interrupted" // the replay was stopped (Ctrl-C) before or during it
)

// Class is the status's CSS class.
func (s Status) Class() string {
	if s == NotRun {
		return "notrun"
	}
	return string(s)
}

// Label is how a page names the status.
func (s Status) Label() string {
	switch s {
	case NotRun:
		return "not run yet"
	case Stopped:
		return "stopped at an exercise"
	}
	return string(s)
}

// A Run is one invocation of the replay.
type Run struct {
	Command  string    `json:"command"`  // the command line, e.g. "go run . -chapter=4 -iters=1200"
	Settings []Setting `json:"settings"` // every setting in effect, defaults included
	Seed     uint64    `json:"seed"`
	Data     string    `json:"data,omitempty"` // where MNIST came from ("" = not loaded)
	Student  bool      `json:"student,omitempty"`
	Go       string    `json:"go"`
	Date     time.Time `json:"date"`
	// Root is the absolute path of the repository the replay was built
	// from; the page links to its files relative to it ("" = no links).
	Root string `json:"root,omitempty"`
}

// A Setting is one flag and its value.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// A Section is one section of a chapter and, once run, what it printed and
// drew.
type Section struct {
	ID     string `json:"id"`     // the book's number, "4.3"
	Title  string `json:"title"`  //
	Source string `json:"source"` // the note (file and heading) it retells
	Check  string `json:"check"`  // the go test command that checks it
	// Tutorial is the section's heading in the tutorial, as a path in the
	// repository with a GitHub-style anchor: "tutorial/ch04.md#43-…".
	Tutorial string `json:"tutorial,omitempty"`
	// Files are the source files it runs, repository paths, the first
	// with the line of the section's function ("internal/lesson/ch04.go#L120").
	Files []string `json:"files,omitempty"`
	// FilesKey tells when Files must be found again (Sources.Key).
	FilesKey string `json:"files_key,omitempty"`
	Status   Status `json:"status,omitempty"`
	// Note says why a section stopped or failed.
	Note string `json:"note,omitempty"`
	// Verdicts are, in student mode, the student's exercises the section
	// ran, each with its grader's verdict.
	Verdicts []Verdict `json:"verdicts,omitempty"`
	Output   string    `json:"output,omitempty"` // exactly as printed
	Pictures []Picture `json:"pictures,omitempty"`
	// Run is the index in Page.Runs of the run the results come from.
	Run int `json:"run"`
}

// A Verdict is what an exercise's grader said of the student's code that a
// section ran.
type Verdict struct {
	Name   string `json:"name"`             // "net.SigmoidLayer.Backward"
	Result string `json:"result"`           // GradePassed or GradeFailed
	Detail string `json:"detail,omitempty"` // the grader's message, for a failure
	Check  string `json:"check"`            // the command that grades it
}

// A Picture is a figure a section drew, shown in its output after the line
// that names it.
type Picture struct {
	File string `json:"file"`          // the SVG in the page's folder: "ch04_loss.svg"
	CSV  string `json:"csv,omitempty"` // its numbers, beside it: "ch04_loss.csv"
	At   int    `json:"at"`            // byte offset in Output where it is shown
	// SHA256 is the hex SHA-256 of the SVG as the replay wrote it: a page
	// inlines only that file, unchanged.
	SHA256 string `json:"sha256,omitempty"`
}

// A Page is a chapter's page: what chNN.json holds and chNN.html shows.
type Page struct {
	Format   string    `json:"format"`
	Chapter  string    `json:"chapter"`
	Title    string    `json:"title"`
	Tutorial string    `json:"tutorial"` // "tutorial/ch04.md"
	Runs     []Run     `json:"runs"`
	Sections []Section `json:"sections"` // in the chapter's order
}

const format = "dlfs lesson page 1"

// FileName returns the base name (without extension) of a chapter's page:
// "ch04" for chapter "4", "fcn" for "fcn".
func FileName(chapter string) string {
	if len(chapter) == 1 && chapter[0] >= '0' && chapter[0] <= '9' {
		return "ch0" + chapter
	}
	if chapter != "" && strings.Trim(chapter, "0123456789") == "" {
		return "ch" + chapter
	}
	return chapter
}

// Update writes the chapter's page into dir: p holds the current run as
// p.Runs[0] and every section of the chapter in order, those that ran now
// with their Status set (and Run 0). Sections that did not run now keep
// the results an earlier run left in dir. It returns the page's path.
func Update(dir string, p Page) (string, error) {
	if len(p.Runs) != 1 {
		return "", errors.New("report: Update needs exactly the current run in p.Runs")
	}
	base := filepath.Join(dir, FileName(p.Chapter))
	// Another replay into dir may be between its read and its write.
	unlock, err := outfile.Lock(dir)
	if err != nil {
		return "", fmt.Errorf("report: locking %s: %w", dir, err)
	}
	defer unlock()
	if err := Writable(dir, p.Chapter); err != nil {
		return "", err
	}
	old, _ := readPage(base + ".json") // a missing or damaged file leaves nothing to keep
	p = merge(p, old)
	p.Format = format
	js, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	if err := writeFile(base+".json", func(w io.Writer) error { _, err := w.Write(js); return err }); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	// The page and the index at the same time: most of a short replay's
	// wait for its report.
	done := make(chan error, 1)
	go func() {
		done <- writeFile(base+".html", func(w io.Writer) error { return renderPage(w, dir, &p) })
	}()
	ierr := writeIndex(dir, &p)
	if err := <-done; err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	if ierr != nil {
		return "", ierr
	}
	return base + ".html", nil
}

// Writable checks, before a replay of chapter starts, that the files its
// page replaces in dir are regular files (not a pipe, a device or a link,
// which dlfs never writes).
func Writable(dir, chapter string) error {
	base := filepath.Join(dir, FileName(chapter))
	for _, path := range []string{base + ".json", base + ".html", filepath.Join(dir, "index.html")} {
		if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("report: %s is not a regular file (%v), so dlfs did not write it: move it away", path, fi.Mode().Type())
		}
	}
	return nil
}

// Load returns the chapter's page recorded in dir, or nil if there is none
// (or it is damaged).
func Load(dir, chapter string) *Page {
	p, err := load(filepath.Join(dir, FileName(chapter)+".json"))
	if err != nil || p.Chapter != chapter {
		return nil
	}
	return p
}

// load reads a recorded page. The pages read are kept while their files
// stay the same, for the replay reads its chapter's page twice.
func load(path string) (*Page, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", path, fi.Size(), fi.ModTime().UnixNano())
	if v, ok := loaded.Load(key); ok {
		p := *v.(*Page) // a copy: merge replaces Sections and appends to Runs
		return &p, nil
	}
	p, err := readPage(path)
	if err != nil {
		return nil, err
	}
	loaded.Store(key, p)
	q := *p
	return &q, nil
}

// MaxPageSize bounds a recorded page read back: the largest, chapter 6's,
// is about 100 KB.
const MaxPageSize = 32 << 20

// readPage reads a recorded page, which must be a regular file (a named
// pipe would block, a device never end) of at most MaxPageSize bytes.
func readPage(path string) (*Page, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if fi.Size() > MaxPageSize {
		return nil, fmt.Errorf("%s holds %d bytes, more than a lesson page's %d", path, fi.Size(), MaxPageSize)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxPageSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxPageSize {
		return nil, fmt.Errorf("%s grew past %d bytes while read", path, MaxPageSize)
	}
	return parsePage(b, path)
}

// parsePage decodes a recorded page.
func parsePage(b []byte, path string) (*Page, error) {
	var p Page
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	if p.Format != format {
		return nil, fmt.Errorf("%s: not a %s", path, format)
	}
	p.Runs = slices.Clip(p.Runs)
	return &p, nil
}

func init() {
	// A folder written before the marker existed is dlfs's if its pages
	// are: every .json a lesson page, every .html made by dlfs.
	outfile.Adopt = func(dir string) string {
		pages, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, p := range pages {
			if _, err := readPage(p); err != nil {
				return filepath.Base(p)
			}
		}
		htmls, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		for _, h := range htmls {
			f, err := os.Open(h)
			if err != nil {
				return filepath.Base(h)
			}
			head := make([]byte, 2048)
			n, _ := io.ReadFull(f, head)
			f.Close()
			if !bytes.Contains(head[:n], []byte(`<meta name="generator" content="dlfs">`)) {
				return filepath.Base(h)
			}
		}
		if others, _ := filepath.Glob(filepath.Join(dir, "[!.]*")); len(pages) == 0 && len(others) > 0 {
			return filepath.Base(others[0]) // pictures, but no page saying they are dlfs's
		}
		return ""
	}
}

var loaded sync.Map // path, size and time → *Page

// merge fills the sections of p that did not run with old's results.
func merge(p Page, old *Page) Page {
	if old == nil || old.Chapter != p.Chapter {
		return p
	}
	byID := map[string]*Section{}
	for i := range old.Sections {
		if s := &old.Sections[i]; s.Status != NotRun && s.Run >= 0 && s.Run < len(old.Runs) {
			byID[s.ID] = s
		}
	}
	runIndex := map[int]int{} // old run → index in p.Runs
	sections := make([]Section, len(p.Sections))
	for i, s := range p.Sections {
		o := byID[s.ID]
		if s.Status == NotRun && o != nil {
			k, ok := runIndex[o.Run]
			if !ok {
				k = len(p.Runs)
				runIndex[o.Run] = k
				p.Runs = append(p.Runs, old.Runs[o.Run])
			}
			// The chapter's current titles, with the old results.
			s = *o
			s.ID, s.Title, s.Source, s.Check, s.Tutorial = p.Sections[i].ID, p.Sections[i].Title, p.Sections[i].Source, p.Sections[i].Check, p.Sections[i].Tutorial
			s.Run = k
		}
		sections[i] = s
	}
	p.Sections = sections
	return p
}

//go:embed page.tmpl index.tmpl grade.tmpl style.css
var files embed.FS

var templates = sync.OnceValue(func() *template.Template {
	t := template.New("").Funcs(template.FuncMap{
		"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"failedAny": func(vs []Verdict) bool {
			return slices.ContainsFunc(vs, func(v Verdict) bool { return v.Result != GradePassed })
		},
	})
	return template.Must(t.ParseFS(files, "*.tmpl"))
})

func css() template.CSS {
	b, err := files.ReadFile("style.css")
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return template.CSS(b)
}

type link struct{ Text, Href string }

// linker turns repository paths into links relative to the page's folder.
type linker struct {
	dir string // absolute path of the page's folder
}

func newLinker(dir string) linker {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = ""
	}
	return linker{abs}
}

// link returns a link to path (with an optional #anchor) in the repository
// at root, or one without Href when root is unknown.
func (l linker) link(root, path string) link {
	file, anchor, _ := strings.Cut(path, "#")
	text := file
	if strings.HasPrefix(anchor, "L") {
		text += ":" + anchor[1:]
	}
	if root == "" || l.dir == "" {
		return link{Text: text}
	}
	rel, err := filepath.Rel(l.dir, filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return link{Text: text}
	}
	href := filepath.ToSlash(rel)
	if anchor != "" {
		href += "#" + anchor
	}
	return link{Text: text, Href: href}
}

type figure struct {
	ID, File, CSV, Missing string
	SVG                    template.HTML
}

type chunk struct {
	Text   string
	Figure *figure
}

type sectionView struct {
	*Section
	Anchor   string
	Chunks   []chunk
	Tutorial link
	Files    []link
	Earlier  *Run // the run of the results, when not the current one
	Student  bool // that run was in student mode
}

type pageView struct {
	*Page
	Run      Run
	CSS      template.CSS
	Sections []sectionView
	Tutorial link
	Counts   []count
}

type count struct {
	Status Status
	N      int
}

func renderPage(w io.Writer, dir string, p *Page) error {
	l := newLinker(dir)
	v := pageView{Page: p, Run: p.Runs[0], CSS: css()}
	v.Tutorial = l.link(p.Runs[0].Root, p.Tutorial)
	n := map[Status]int{}
	figs := 0
	for i := range p.Sections {
		s := &p.Sections[i]
		n[s.Status]++
		run := p.Runs[0]
		if s.Status != NotRun && s.Run > 0 && s.Run < len(p.Runs) {
			run = p.Runs[s.Run]
		}
		sv := sectionView{Section: s, Anchor: "s" + s.ID, Student: run.Student}
		if s.Status != NotRun && s.Run > 0 {
			sv.Earlier = &run
		}
		if s.Tutorial != "" {
			sv.Tutorial = l.link(run.Root, s.Tutorial)
			if strings.Contains(s.Tutorial, "#") {
				sv.Tutorial.Text += " §" + s.ID
			}
		}
		for _, f := range s.Files {
			sv.Files = append(sv.Files, l.link(run.Root, f))
		}
		at := 0
		for _, pic := range s.Pictures {
			if pic.At < at || pic.At > len(s.Output) {
				pic.At = len(s.Output) // damaged offsets: pictures go last
			}
			if pic.At > at {
				sv.Chunks = append(sv.Chunks, chunk{Text: s.Output[at:pic.At]})
			}
			at = pic.At
			figs++
			sv.Chunks = append(sv.Chunks, chunk{Figure: inlineFigure(dir, pic, fmt.Sprintf("f%d-", figs))})
		}
		if at < len(s.Output) {
			sv.Chunks = append(sv.Chunks, chunk{Text: s.Output[at:]})
		}
		v.Sections = append(v.Sections, sv)
	}
	for _, st := range []Status{Ran, Stopped, Failed, Interrupted, NotRun} {
		if n[st] > 0 {
			v.Counts = append(v.Counts, count{st, n[st]})
		}
	}
	return templates().ExecuteTemplate(w, "page.tmpl", v)
}

// inlineFigure reads a picture for the page. Its ids get a prefix unique
// on the page, so that the clip paths of one SVG do not apply to another.
// Only a file of the page's own folder, with the hash the replay recorded
// when it drew it and nothing a drawing of dlfs's never holds (scripts,
// frames, links out, event handlers), is inlined: a page edited by hand or
// a picture swapped for another cannot make the page run or fetch anything.
func inlineFigure(dir string, pic Picture, prefix string) *figure {
	f := &figure{ID: strings.TrimSuffix(prefix, "-"), File: pic.File}
	if ownFile(pic.CSV, ".csv") {
		f.CSV = pic.CSV
	}
	if !ownFile(pic.File, ".svg") {
		f.File = ""
		f.Missing = fmt.Sprintf("the picture %q is not an SVG file of this folder: not shown; replay the section again", pic.File)
		return f
	}
	b, err := readSmall(filepath.Join(dir, pic.File), maxPicture)
	switch {
	case err != nil || !bytes.HasPrefix(b, []byte("<svg")):
		f.Missing = fmt.Sprintf("%s is missing or not an SVG picture: replay the section again", pic.File)
		return f
	case pic.SHA256 == "":
		f.Missing = fmt.Sprintf("%s was recorded without its SHA-256, so it is not shown: replay the section again", pic.File)
		return f
	case fmt.Sprintf("%x", sha256.Sum256(b)) != pic.SHA256:
		f.Missing = fmt.Sprintf("%s has changed since the replay drew it, so it is not shown: replay the section again", pic.File)
		return f
	}
	if err := checkSVG(b); err != nil {
		f.Missing = fmt.Sprintf("%s is not a picture dlfs draws (%v), so it is not shown: replay the section again", pic.File, err)
		return f
	}
	r := strings.NewReplacer(`id="`, `id="`+prefix, `url(#`, `url(#`+prefix, `href="#`, `href="#`+prefix)
	f.SVG = template.HTML(r.Replace(string(b)))
	return f
}

// maxPicture bounds an SVG read for a page; dlfs's largest is under 1 MB.
const maxPicture = 16 << 20

// ownFile reports whether name is a plain file name with the extension
// ext, naming a file in the page's own folder.
func ownFile(name, ext string) bool {
	return name != "" && filepath.Base(name) == name && !strings.ContainsAny(name, `/\:`) &&
		!strings.HasPrefix(name, ".") && strings.HasSuffix(name, ext)
}

// readSmall reads the regular file at path, refusing one of more than max
// bytes.
func readSmall(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > max {
		return nil, fmt.Errorf("%s is not a regular file of at most %d bytes", path, max)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("%s grew past %d bytes", path, max)
	}
	return b, err
}

// svgElements are the elements a drawing may use: shapes, text and their
// grouping, nothing that runs, embeds or fetches.
var svgElements = map[string]bool{
	"svg": true, "g": true, "defs": true, "clipPath": true, "path": true, "line": true, "polyline": true,
	"polygon": true, "rect": true, "circle": true, "ellipse": true, "text": true, "tspan": true,
	"title": true, "desc": true, "marker": true, "linearGradient": true, "radialGradient": true, "stop": true,
}

// checkSVG returns an error unless b is one well-formed SVG element made
// of svgElements only, with no event handler, no reference outside the
// picture and no comment, CDATA or directive (which an HTML parser reads
// otherwise than an XML one).
func checkSVG(b []byte) error {
	if bytes.Contains(b, []byte("<!")) || bytes.Contains(b, []byte("<?")) {
		return errors.New("it holds a comment, CDATA, directive or processing instruction")
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("not well-formed: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			if !svgElements[t.Name.Local] || (t.Name.Space != "" && t.Name.Space != "svg") {
				return fmt.Errorf("it holds a <%s> element", xmlName(t.Name))
			}
			for _, a := range t.Attr {
				name, v := strings.ToLower(a.Name.Local), strings.ToLower(a.Value)
				switch {
				case strings.HasPrefix(name, "on"):
					return fmt.Errorf("<%s> has an event handler", t.Name.Local)
				case (name == "href" || name == "src") && !strings.HasPrefix(v, "#"):
					return fmt.Errorf("<%s> links outside the picture", t.Name.Local)
				case strings.Contains(v, "url(") && !strings.Contains(v, "url(#"),
					strings.Contains(v, "javascript:"), strings.Contains(v, "@import"):
					return fmt.Errorf("<%s> refers outside the picture", t.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return errors.New("it holds text outside the <svg> element")
			}
		default:
			return fmt.Errorf("it holds a comment, CDATA, directive or processing instruction")
		}
	}
	if roots != 1 || depth != 0 {
		return errors.New("it is not one <svg> element")
	}
	return nil
}

func xmlName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

type indexView struct {
	CSS      template.CSS
	Chapters []indexChapter
	Grade    bool
}

type indexChapter struct {
	ID, Title, File string
	Runs            []indexRun
	Counts          []count
	Total           int
}

type indexRun struct {
	Run
	Sections string // the sections whose results on the page come from the run
}

// WriteIndex writes index.html in dir: the chapters whose pages are there,
// with the runs they come from, and the grade table when there is one.
func WriteIndex(dir string) error { return writeIndex(dir, nil) }

// writeIndex writes index.html with current in place of its chapter's
// recorded page.
func writeIndex(dir string, current *Page) error {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if current != nil {
		if cur := filepath.Join(dir, FileName(current.Chapter)+".json"); !slices.Contains(paths, cur) {
			paths = append(paths, cur)
		}
	}
	v := indexView{CSS: css()}
	for _, path := range paths {
		p, err := current, error(nil)
		if current == nil || path != filepath.Join(dir, FileName(current.Chapter)+".json") {
			p, err = load(path)
		}
		if err != nil {
			continue // not a page of ours
		}
		c := indexChapter{ID: p.Chapter, Title: p.Title, File: FileName(p.Chapter) + ".html", Total: len(p.Sections)}
		n := map[Status]int{}
		ids := make([][]string, len(p.Runs))
		for _, s := range p.Sections {
			n[s.Status]++
			if s.Status != NotRun && s.Run >= 0 && s.Run < len(ids) {
				ids[s.Run] = append(ids[s.Run], "§"+s.ID)
			}
		}
		for k, r := range p.Runs {
			c.Runs = append(c.Runs, indexRun{r, strings.Join(ids[k], " ")})
		}
		for _, st := range []Status{Ran, Stopped, Failed, Interrupted, NotRun} {
			if n[st] > 0 {
				c.Counts = append(c.Counts, count{st, n[st]})
			}
		}
		v.Chapters = append(v.Chapters, c)
	}
	sort.SliceStable(v.Chapters, func(i, j int) bool { return FileName(v.Chapters[i].ID) < FileName(v.Chapters[j].ID) })
	if _, err := os.Stat(filepath.Join(dir, "grade.html")); err == nil {
		v.Grade = true
	}
	err := writeFile(filepath.Join(dir, "index.html"), func(w io.Writer) error {
		return templates().ExecuteTemplate(w, "index.tmpl", v)
	})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
