package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"dlfs/internal/lesson"
	"dlfs/mnist"
)

var (
	updateTutorial = flag.Bool("update", false,
		"TestTutorialOutputs: rewrite the tutorial's replay blocks from what the replay prints (implies -full)")
	fullTutorial = flag.Bool("full", false,
		"TestTutorialOutputs: also replay the chapters that need MNIST, whole (minutes)")
)

// The markers that say what an output block of the tutorial is. Each stands
// alone on the line just before the block's opening fence (HTML comments:
// GitHub does not show them).
//
//	<!-- replay 4.4.1 -->                   what the replay prints for §4.4.1
//	<!-- replay fcn.3 -epochs=15 -->        ... with these flags of go run .
//	<!-- replay 6.1 -lr-sgd=1.05 -->        (any of its lesson flags: -seed, -lr, -lr-adam, -lambda, ...)
//	<!-- replay fcn -load=dlfs-out/m.npz --> a chapter: go run . -chapter=fcn ...
//	<!-- not replayed: why -->              output of something else, and why
//
// Every block without a language (a bare ```) is output, so it must carry one
// of them; a block with a language (```text, ```go) is checked only when it
// carries a replay marker.
var (
	replayMarker = regexp.MustCompile(`^<!-- replay (\S+)((?: -[a-z][a-z-]*=\S+)*) -->$`)
	notReplayed  = regexp.MustCompile(`^<!-- not replayed: \S.* -->$`)
)

// volatile lists what changes from run to run and is masked before lines are
// compared, each with what it is replaced by: durations ("11.11 s", "0.707
// ms", "31.8 hours", "1.5s"), speed-ups ("4097× faster"), dates and clock
// times, and the folder MNIST was read from ("MNIST: /work/shared/mnist").
// This is the only place that decides what a tutorial output block may
// differ in from the replay.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\b(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|min|minutes|seconds|h|hours)\b`), "<duration>"},
	{regexp.MustCompile(`\b\d+(?:\.\d+)?×(\s|$)`), "<ratio>×$1"},
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`), "<date>"},
	{regexp.MustCompile(`\b\d{1,2}:\d{2}:\d{2}\b`), "<clock>"},
	{regexp.MustCompile(`^MNIST: .*`), "MNIST: <folder>"},
}

// mask returns line without trailing white space and with what volatile
// lists replaced.
func mask(line string) string {
	line = strings.TrimRight(line, " \t\r")
	for _, v := range volatile {
		line = v.re.ReplaceAllString(line, v.with)
	}
	return line
}

// errNeedsMNIST stops a replay at its first use of MNIST when the real data
// set is not to be used: under the race detector, or when none is found.
var errNeedsMNIST = errors.New("this section needs MNIST")

// findMNIST returns the folder holding the real MNIST, looked for as go run
// looks for it: $MNIST_DIR (relative to the working directory, the module
// root), else the cache that go run fills, os.UserCacheDir()/dlfs/mnist. It
// never downloads. When nothing is found it returns "" and where it looked.
func findMNIST() (dir, looked string) {
	var cands []string
	if d := os.Getenv(mnist.EnvDir); d != "" {
		cands = append(cands, d)
	} else if base, err := os.UserCacheDir(); err == nil {
		cands = append(cands, filepath.Join(base, "dlfs", "mnist"))
	}
	for _, c := range cands {
		if _, err := os.Stat(filepath.Join(c, mnist.TrainImagesFile)); err == nil {
			return c, ""
		}
	}
	if len(cands) == 0 {
		return "", "$MNIST_DIR is not set and there is no user cache"
	}
	return "", fmt.Sprintf("no %s in %s", mnist.TrainImagesFile, cands[0])
}

// mnistLoader returns the replays' Config.LoadMNIST: the real MNIST in dir,
// loaded once (the sections only read the data set, as a chapter's sections
// already share one), or errNeedsMNIST when dir is "".
func mnistLoader(dir string) func(context.Context, mnist.Options) (*mnist.Data, error) {
	var once sync.Once
	var data *mnist.Data
	var err error
	return func(ctx context.Context, _ mnist.Options) (*mnist.Data, error) {
		if dir == "" {
			return nil, errNeedsMNIST
		}
		once.Do(func() { data, err = mnist.Load(ctx, mnist.Options{Dir: dir, NoSynthetic: true}) })
		return data, err
	}
}

// A marker is a block's replay marker, read.
type marker struct {
	id       string // "4.4.1", or a chapter: "fcn"
	chapter  string
	section  string // "" for the whole chapter
	title    string // the section's title, as its header line prints it
	flags    string // the flags but -out, as written
	base     string // the flags but -out and -load: the run that saves what -load reads
	cfg      lesson.Config
	shownOut string // -out, default dlfs-out: the folder the tutorial shows
	loadRest string // with -load=shownOut/rest: rest
}

// parseMarker reads a replay marker's section (or chapter) and flags, which
// are go run's lesson flags (lessonFlags in main.go: -seed -iters -batch
// -lr -hidden -epochs -load -out, the race's -lr-sgd ..., -lambda), each
// counted as given, as go run counts it.
func parseMarker(id, flags string) (*marker, error) {
	m := &marker{id: id, cfg: lesson.Defaults()}
	m.chapter, _, _ = strings.Cut(id, ".")
	c, err := lesson.Find(m.chapter)
	if err != nil {
		return nil, err
	}
	if id != m.chapter {
		for _, s := range c.Sections {
			if s.ID == id {
				m.section, m.title = s.ID, s.Title
			}
		}
		if m.section == "" {
			return nil, fmt.Errorf("chapter %s has no section %s (go run . -list)", m.chapter, id)
		}
	}
	fs := flag.NewFlagSet("replay marker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	lessonFlags(fs, &m.cfg)
	if err := fs.Parse(strings.Fields(flags)); err != nil {
		return nil, fmt.Errorf("flags %q: %w (a marker takes the flags of go run . that set a lesson: see go run . -h)", flags, err)
	}
	m.shownOut = m.cfg.Out
	m.cfg.Set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m.cfg.Set[f.Name] = true })
	var key, base []string
	for _, f := range strings.Fields(flags) {
		if !strings.HasPrefix(f, "-out=") {
			key = append(key, f)
			if !strings.HasPrefix(f, "-load=") {
				base = append(base, f)
			}
		}
	}
	m.flags, m.base = strings.Join(key, " "), strings.Join(base, " ")
	if m.cfg.Load != "" {
		rest, ok := strings.CutPrefix(m.cfg.Load, m.shownOut+"/")
		if !ok {
			return nil, fmt.Errorf("-load=%s: the tests can only load what a replay saved, under -out (%s)", m.cfg.Load, m.shownOut)
		}
		m.loadRest = rest
	}
	return m, nil
}

// A replayRun is one call of lesson.Run that marked blocks quote, made once
// however many blocks quote it.
type replayRun struct {
	chapter, section string // section "" replays the whole chapter
	cfg              lesson.Config
	saver            *replayRun // for -load: the run that saves the model, first

	flags string // the marker's flags ("" = go run's defaults)

	done     bool
	out      string   // what it printed, with cfg.Out, its own temporary folder
	pictures []string // the pictures it wrote, in cfg.Out
	err      error
}

func (r *replayRun) run() {
	if r.done {
		return
	}
	r.done = true
	if r.saver != nil {
		r.saver.run()
		if errors.Is(r.saver.err, errNeedsMNIST) { // nothing saved to load
			r.err = r.saver.err
			return
		}
	}
	var buf bytes.Buffer
	cfg := r.cfg
	cfg.Stdout = &buf
	rr, err := lesson.Run(context.Background(), cfg, r.chapter, r.section)
	r.err, r.out = err, buf.String()
	if rr != nil {
		r.pictures = rr.Pictures
	}
	if r.err != nil && !errors.Is(r.err, errNeedsMNIST) {
		r.err = fmt.Errorf("%w\noutput so far:\n%s", r.err, r.out)
	}
}

// linesFor returns what run printed for m's block: the part under m's
// section header when run replayed the whole chapter, with the run's
// temporary folder shown as m's -out.
func (r *replayRun) linesFor(m *marker) []string {
	text := strings.ReplaceAll(r.out, r.cfg.Out, m.shownOut)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if r.section != "" || m.section == "" {
		return lines
	}
	c, _ := lesson.Find(r.chapter)
	headers := map[string]bool{}
	for _, s := range c.Sections {
		headers["§"+s.ID+" "+s.Title] = true
	}
	start := slices.Index(lines, "§"+m.section+" "+m.title)
	if start < 0 {
		return nil
	}
	end := start + 1
	for end < len(lines) && !headers[lines[end]] {
		end++
	}
	return lines[start:end]
}

// An edit replaces lines [start, end) of a file (numbered from 1).
type edit struct {
	start, end int
	lines      []string
}

// A blockCheck is what comparing a block with its replay found.
type blockCheck struct {
	problems []string // one per part of the block that is not in the output
	edits    []edit   // the replay's lines for those parts, for -update
}

// checkBlock compares a block with a replay's output. The block is cut into
// parts at lines "..." (or "…"), and each part must stand in the output as
// consecutive lines, masked, the parts in order. For a part that does not,
// it finds the replay's lines for it: from the part's first line to its
// last when both are found in order (lines may have come or gone between
// them), else where most lines agree, as many lines as the part has. It
// reports the first line that differs there and proposes those lines as an
// edit, keeping the tutorial's own text of each line that differs only in
// what volatile masks.
func checkBlock(b *mdBlock, out []string) blockCheck {
	var c blockCheck
	masked := make([]string, len(out))
	for i, l := range out {
		masked[i] = mask(l)
	}
	type part struct{ lo, hi int } // b.Lines[lo:hi]
	var parts []part
	lo := 0
	for i, l := range b.Lines {
		if s := strings.TrimSpace(l); s == "..." || s == "…" {
			parts = append(parts, part{lo, i})
			lo = i + 1
		}
	}
	parts = append(parts, part{lo, len(b.Lines)})

	pos := 0
	for _, pt := range parts {
		if pt.lo == pt.hi {
			continue
		}
		want := make([]string, pt.hi-pt.lo)
		for k := range want {
			want[k] = mask(b.Lines[pt.lo+k])
		}
		if p := findLines(masked, want, pos); p >= 0 {
			pos = p + len(want)
			continue
		}
		s, e := anchorLines(masked, want, pos)
		if s < 0 {
			s, e = mostLikeLines(masked, want, pos)
		}
		first := b.lineNo(pt.lo)
		if s < 0 {
			c.problems = append(c.problems, fmt.Sprintf("lines %d-%d: no line of them stands in what the replay printed (after its output line %d); rewrite them by hand",
				first, first+len(want)-1, pos))
			continue
		}
		got := make([]string, e-s)
		keep := map[string]string{} // masked -> the tutorial's text
		for k, w := range want {
			keep[w] = b.Lines[pt.lo+k]
		}
		for k := range got {
			got[k] = strings.TrimRight(out[s+k], " \t\r")
			if t, ok := keep[masked[s+k]]; ok {
				got[k] = t
			}
		}
		k := 0
		for k < len(want) && k < len(got) && want[k] == masked[s+k] {
			k++
		}
		has, prints := "(nothing: the part ends here)", "(nothing)"
		if k < len(want) {
			has = b.Lines[pt.lo+k]
		}
		if k < len(got) {
			prints = got[k]
		}
		c.problems = append(c.problems, fmt.Sprintf("line %d: the tutorial has\n\t%s\n    where the replay prints (its output line %d)\n\t%s\n    (the replay prints %d lines for the %d from line %d)",
			first+k, has, s+k+1, prints, len(got), len(want), first))
		c.edits = append(c.edits, edit{first, first + len(want), got})
		pos = e
	}
	return c
}

// findLines returns the first index from pos at which lines has want as
// consecutive lines, or -1.
func findLines(lines, want []string, pos int) int {
	for p := pos; p+len(want) <= len(lines); p++ {
		if slices.Equal(lines[p:p+len(want)], want) {
			return p
		}
	}
	return -1
}

// anchorLines returns the lines [s, e) of lines, from pos on, that run from
// want's first non-blank line to its last (with as many lines before and
// after as want has), or -1, -1 when they are not found in order within
// twice want's length.
func anchorLines(lines, want []string, pos int) (s, e int) {
	a, z := 0, len(want)-1
	for a < z && strings.TrimSpace(want[a]) == "" {
		a++
	}
	for z > a && strings.TrimSpace(want[z]) == "" {
		z--
	}
	for s0 := pos + a; s0 < len(lines); s0++ {
		if lines[s0] != want[a] {
			continue
		}
		for e0 := s0 + min(z-a, 1); e0 < len(lines) && e0-s0 <= 2*(z-a)+8; e0++ {
			if lines[e0] == want[z] {
				return s0 - a, min(e0+len(want)-z, len(lines))
			}
		}
		return -1, -1
	}
	return -1, -1
}

// mostLikeLines returns the len(want) lines of lines, from pos on, that
// agree with want in the most places (at least one), or -1, -1.
func mostLikeLines(lines, want []string, pos int) (s, e int) {
	best, bestEq := -1, 0
	for p := pos; p+len(want) <= len(lines); p++ {
		eq := 0
		for k := range want {
			if lines[p+k] == want[k] {
				eq++
			}
		}
		if eq > bestEq {
			best, bestEq = p, eq
		}
	}
	if best < 0 {
		return -1, -1
	}
	return best, best + len(want)
}

// TestTutorialOutputs checks that every output block the tutorial quotes is
// what the replay prints for the default seed: each block marked <!-- replay
// SECTION [flags] --> must stand, part by part (parts cut at "..." lines), in
// what lesson.Run prints for that section and those flags, once masked (see
// volatile). Every output block carries a marker, so none is left out
// silently.
//
// The replays run on the real MNIST, found as go run finds it ($MNIST_DIR,
// else the cache go run fills). The blocks of one chapter then share one
// replay of the whole chapter, as go run . -chapter=N prints it, each
// matched within its section's part. That takes minutes, so it runs only
// with -full (or -update); otherwise, and always under the race detector,
// each section runs alone, and those that need MNIST skip saying how to run
// them. The full check (about 5 CPU-minutes, 3 minutes on a quiet two-core
// machine; .ci/run runs it):
//
//	MNIST_DIR=../shared/mnist go test -count=1 -run TestTutorialOutputs . -full
//
// With -update it rewrites the lines that differ from what the replay prints
// (keeping those that differ only in what volatile masks); review the diff,
// and the text around each block that quotes its numbers:
//
//	MNIST_DIR=../shared/mnist go test -count=1 -run TestTutorialOutputs . -update
func TestTutorialOutputs(t *testing.T) {
	dir, looked := findMNIST()
	full := dir != "" && !raceEnabled && (*fullTutorial || *updateTutorial)
	skipWhy := func(id string) string {
		const cmd = "go test -count=1 -run TestTutorialOutputs . -full"
		if dir != "" && !raceEnabled {
			return fmt.Sprintf("§%s replays training on MNIST, which takes minutes: run %s (.ci/run does)", id, cmd)
		}
		if raceEnabled {
			return fmt.Sprintf("§%s needs MNIST, too slow under the race detector: run %s (without -race; .ci/run does)", id, cmd)
		}
		return fmt.Sprintf("§%s needs the real MNIST (%s): set MNIST_DIR to a folder with the four .gz files, or run go run . -chapter=4 once to download them, then %s",
			id, looked, cmd)
	}
	if !full {
		dir = ""
	}
	load := mnistLoader(dir)

	// Read every marker.
	type quoted struct {
		b *mdBlock
		m *marker
	}
	var blocks []quoted
	var notReplayedBlocks []string
	for _, path := range tutorialFiles(t) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(text), "\n")
		for i, l := range lines {
			if s := strings.TrimSpace(l); strings.HasPrefix(s, "<!-- replay") || strings.HasPrefix(s, "<!-- not replayed") {
				if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
					t.Errorf("%s:%d: marker %s is not on the line just before a block's opening fence", path, i+1, s)
				}
			}
		}
		for _, b := range readBlocks(t, path) {
			mm := replayMarker.FindStringSubmatch(b.Marker)
			switch {
			case mm != nil:
				m, err := parseMarker(mm[1], mm[2])
				if err != nil {
					t.Errorf("%s: marker %s: %v", b.where(), b.Marker, err)
					continue
				}
				blocks = append(blocks, quoted{b, m})
			case notReplayed.MatchString(b.Marker):
				notReplayedBlocks = append(notReplayedBlocks, b.where()+" "+b.Marker)
			case b.Marker != "":
				t.Errorf("%s: unknown marker %s: want <!-- replay SECTION [-flag=value ...] --> or <!-- not replayed: why -->", b.where(), b.Marker)
			case b.Lang == "":
				t.Errorf("%s: output block without a marker: put <!-- replay SECTION --> (or <!-- not replayed: why -->) on the line before its fence", b.where())
			}
		}
	}
	if len(blocks) == 0 {
		t.Fatal("no block of the tutorial is marked <!-- replay ... -->")
	}

	// Plan the runs. With the real MNIST, the blocks of one chapter and one
	// set of flags share one replay of the whole chapter, as go run .
	// -chapter=N prints it, unless they all quote the same section; without
	// (or under -race) every section runs alone, and those that need MNIST
	// stop at once.
	type group struct {
		chapter, flags string
		sections       map[string]bool // "" = the whole chapter
	}
	groups := map[string]*group{}
	for _, q := range blocks {
		k := q.m.chapter + " " + q.m.flags
		if groups[k] == nil {
			groups[k] = &group{q.m.chapter, q.m.flags, map[string]bool{}}
		}
		groups[k].sections[q.m.section] = true
	}
	runs := map[string]*replayRun{} // by chapter, flags and the section run alone ("" = the chapter)
	runFor := func(m *marker) string {
		g := groups[m.chapter+" "+m.flags]
		if full && (len(g.sections) > 1 || g.sections[""]) || m.section == "" {
			return m.chapter + " " + m.flags + " |"
		}
		return m.chapter + " " + m.flags + " |" + m.section
	}
	tmp := t.TempDir()
	for _, q := range blocks {
		k := runFor(q.m)
		if runs[k] != nil {
			continue
		}
		r := &replayRun{chapter: q.m.chapter, section: k[strings.LastIndex(k, "|")+1:], cfg: q.m.cfg, flags: q.m.flags}
		r.cfg.Out = filepath.Join(tmp, fmt.Sprint(len(runs)))
		r.cfg.LoadMNIST = load
		runs[k] = r
	}
	for _, q := range blocks {
		if q.m.loadRest == "" {
			continue
		}
		// -load reads what the chapter's replay without -load saved: the
		// last of those runs in the tutorial's order.
		r := runs[runFor(q.m)]
		for _, o := range blocks {
			if o.m.chapter == q.m.chapter && o.m.flags == q.m.base {
				r.saver = runs[runFor(o.m)]
			}
		}
		if r.saver == nil {
			t.Errorf("%s: %s loads %s, but no block quotes the replay of chapter %s that saves it (%q)", q.b.where(), q.b.Marker, q.m.cfg.Load, q.m.chapter, q.m.base)
			continue
		}
		// As on the reader's disk: the same folder, which the output shows as -out.
		r.cfg.Out = r.saver.cfg.Out
		r.cfg.Load = filepath.Join(r.cfg.Out, q.m.loadRest)
	}

	fixes := map[string][]edit{} // by file
	checked, skipped := 0, 0
	for _, q := range blocks {
		name := filepath.Base(q.b.File) + ":" + fmt.Sprint(q.b.Line)
		if !strings.HasPrefix(q.b.File, "tutorial/") {
			name = "root-" + name
		}
		t.Run(name, func(t *testing.T) {
			r := runs[runFor(q.m)]
			r.run()
			if errors.Is(r.err, errNeedsMNIST) {
				skipped++
				t.Skip(skipWhy(q.m.id))
			}
			if r.err != nil {
				t.Fatalf("%s: the replay for %s failed: %v", q.b.where(), q.b.Marker, r.err)
			}
			checked++
			out := r.linesFor(q.m)
			if out == nil {
				t.Fatalf("%s: the replay of chapter %s printed no header for §%s", q.b.where(), r.chapter, q.m.section)
			}
			c := checkBlock(q.b, out)
			if len(c.problems) == 0 {
				return
			}
			report := t.Errorf
			if *updateTutorial {
				report = t.Logf
				fixes[q.b.File] = append(fixes[q.b.File], c.edits...)
			}
			for _, p := range c.problems {
				report("%s %s: %s", q.b.where(), q.b.Marker, p)
			}
			if !*updateTutorial {
				t.Logf("to take the replay's lines: go test -count=1 -run TestTutorialOutputs . -update (then review the diff)")
			}
		})
	}
	for file, edits := range fixes {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(text), "\n")
		// From the end, so that each edit's line numbers still hold.
		slices.SortFunc(edits, func(a, b edit) int { return b.start - a.start })
		for _, e := range edits {
			lines = slices.Replace(lines, e.start-1, e.end-1, e.lines...)
		}
		if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("-update: rewrote %d parts of %s from the replay; review the diff", len(edits), file)
	}
	t.Logf("%d output blocks marked replay (%d replays): %d checked, %d skipped (need MNIST); %d marked not replayed:\n\t%s",
		len(blocks), len(runs), checked, skipped, len(notReplayedBlocks), strings.Join(notReplayedBlocks, "\n\t"))
	checkFigures(t, runs, full)
}

// figureDir holds every picture the replay draws with go run's defaults,
// as the tutorial shows them.
const figureDir = "tutorial/img"

// checkFigures compares the pictures the default-flag replays drew with
// the committed ones in figureDir, byte for byte; with -update it copies
// them there. In the full check every committed figure must have been
// drawn (a stale one fails).
func checkFigures(t *testing.T, runs map[string]*replayRun, full bool) {
	t.Helper()
	drawn := map[string]bool{}
	for _, r := range runs {
		if !r.done || r.err != nil || r.flags != "" {
			continue
		}
		for _, p := range r.pictures {
			name := filepath.Base(p)
			if drawn[name] {
				continue
			}
			drawn[name] = true
			got, err := os.ReadFile(p)
			if err != nil {
				t.Errorf("figure %s: %v", name, err)
				continue
			}
			path := filepath.Join(figureDir, name)
			want, err := os.ReadFile(path)
			switch {
			case *updateTutorial && !bytes.Equal(got, want):
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("-update: wrote %s", path)
			case err != nil:
				t.Errorf("%s: the replay draws %s, but the tutorial has no copy: go test -count=1 -run TestTutorialOutputs . -update", path, name)
			case !bytes.Equal(got, want):
				t.Errorf("%s is not what the replay draws now: go test -count=1 -run TestTutorialOutputs . -update (then review it)", path)
			}
		}
	}
	pages, _ := filepath.Glob("tutorial/*.md")
	var text strings.Builder
	for _, p := range pages {
		b, _ := os.ReadFile(p)
		text.Write(b)
	}
	for name := range drawn {
		if !strings.Contains(text.String(), "(img/"+name+")") {
			t.Errorf("%s/%s: no tutorial page shows it: put ![%s](img/%s) where the text discusses it", figureDir, name, name, name)
		}
	}
	committed, _ := filepath.Glob(filepath.Join(figureDir, "*.svg"))
	if !full {
		t.Logf("%d of the %d figures in %s checked (the rest need the full check)", len(drawn), len(committed), figureDir)
		return
	}
	for _, path := range committed {
		if !drawn[filepath.Base(path)] {
			t.Errorf("%s: no replay draws it any more (remove it, or mend the tutorial)", path)
		}
	}
}
