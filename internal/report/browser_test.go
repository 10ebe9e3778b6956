//go:build browser

package report_test

// The lesson pages in a real browser: .ci/browser replays chapters into a
// folder, then runs
//
//	go test -tags browser -count=1 -run TestBrowser ./internal/report -args -pages=DIR -shots=DIR
//
// which opens every page of DIR in headless Chromium and checks that every
// section is there with its output as printed, every picture is drawn with
// a non-zero size, nothing is fetched, nothing is logged to the console and
// nothing sticks out of a phone's screen; printing gives a page per
// section. It keeps screenshots (and the printed ch04.pdf) in -shots.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dlfs/internal/exercise"
	"dlfs/internal/report"
)

var (
	pagesDir = flag.String("pages", "", "folder of lesson pages to check")
	shotsDir = flag.String("shots", "", "folder for the screenshots (default: -pages/screenshots)")
	browser  = flag.String("browser", "chromium", "the Chromium binary")
	shoot    = flag.String("shoot", "4", "the chapter whose page is photographed (besides index and grade)")
	full     = flag.Bool("full", true, "photograph the -shoot page whole and on a phone, and print it, besides its top")
)

// probe is a page that shows a lesson page in a frame of the given width
// (headless Chromium's window is at least 500 px wide, so a phone is a
// frame) and measures what the browser drew; it writes the result into its
// DOM, which --dump-dom prints. The lesson page itself has no script.
const probe = `<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="wide" src="%[1]s" style="width:1280px;height:900px;border:0"></iframe>
<iframe id="phone" src="%[1]s" style="width:390px;height:900px;border:0"></iframe>
<script>
function measure(id) {
  const w = document.getElementById(id).contentWindow, d = w.document;
  const r = {sections: [], figures: [], resources: [], chapters: [], rows: 0, scripts: d.scripts.length};
  for (const s of d.querySelectorAll("section.lesson")) {
    const out = Array.from(s.querySelectorAll("pre.output"), p => p.textContent).join("");
    r.sections.push({id: s.dataset.section, status: s.className, output: out});
  }
  for (const f of d.querySelectorAll("figure")) {
    const svg = f.querySelector("svg");
    const b = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const drawn = svg ? svg.querySelectorAll("path, polyline, line, circle, text").length : 0;
    const sec = f.closest("section");
    r.figures.push({file: f.dataset.file, w: b.width, h: b.height, drawn: drawn, section: sec ? sec.dataset.section : ""});
  }
  r.resources = w.performance.getEntriesByType("resource").map(e => e.name);
  r.chapters = Array.from(d.querySelectorAll("section.chapter"), s => s.dataset.chapter);
  r.rows = d.querySelectorAll("tr.grade").length;
  r.height = d.documentElement.scrollHeight;
  r.width = d.documentElement.scrollWidth;
  return r;
}
window.addEventListener("load", function () {
  const pre = document.createElement("pre");
  pre.id = "dlfs-probe";
  pre.textContent = JSON.stringify({wide: measure("wide"), phone: measure("phone")});
  document.body.appendChild(pre);
});
</script>
</body></html>
`

type measured struct {
	Sections []struct {
		ID, Status, Output string
	}
	Figures []struct {
		File, Section string
		W, H          float64
		Drawn         int
	}
	Resources     []string
	Chapters      []string
	Rows, Scripts int
	Height, Width float64
}

func chromium(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, *browser, append(base, args...)...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", *browser, strings.Join(args, " "), err, errb.String())
	}
	return out.String(), errb.String()
}

var consoleLine = regexp.MustCompile(`(?m)^.*:CONSOLE[:(].*$`)

// measure opens page in the probe and returns what it found on a wide
// screen and on a phone.
func measure(t *testing.T, page string) (wide, phone measured) {
	t.Helper()
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(src)), "<script") {
		t.Errorf("%s has a script; the pages must need none", page)
	}
	probed := filepath.Join(filepath.Dir(page), ".probe-"+filepath.Base(page))
	if err := os.WriteFile(probed, fmt.Appendf(nil, probe, filepath.Base(page)), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(probed)
	dom, logs := chromium(t, "--allow-file-access-from-files", "--window-size=1280,1000", "--dump-dom", "file://"+probed)
	for _, l := range consoleLine.FindAllString(logs, -1) {
		t.Errorf("%s: the console says %s", filepath.Base(page), l)
	}
	m := regexp.MustCompile(`(?s)<pre id="dlfs-probe">(.*?)</pre>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("%s: the probe wrote nothing; the browser gave:\n%.2000s\n%s", page, dom, logs)
	}
	var got struct{ Wide, Phone measured }
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &got); err != nil {
		t.Fatalf("%s: probe: %v", page, err)
	}
	if len(got.Wide.Resources) > 0 || got.Wide.Scripts != 0 {
		t.Errorf("%s fetched %v and has %d scripts: a page must be self-contained", page, got.Wide.Resources, got.Wide.Scripts)
	}
	if got.Phone.Width > 391 {
		t.Errorf("%s is %.0f px wide on a 390 px phone: something does not wrap, or scroll inside its box", filepath.Base(page), got.Phone.Width)
	}
	for _, f := range got.Phone.Figures {
		if f.W > 390 || f.W < 100 {
			t.Errorf("%s on a phone: %s is %.0f px wide", filepath.Base(page), f.File, f.W)
		}
	}
	return got.Wide, got.Phone
}

func screenshot(t *testing.T, page, png string, width, height int) {
	t.Helper()
	height = min(max(height, 600), 16000)
	_, logs := chromium(t, fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+png, "file://"+page)
	if fi, err := os.Stat(png); err != nil || fi.Size() < 1000 {
		t.Errorf("no screenshot %s (%v):\n%s", png, err, logs)
		return
	}
	t.Logf("screenshot: %s (%d×%d)", png, width, height)
}

func TestBrowser_Pages(t *testing.T) {
	if *pagesDir == "" {
		t.Skip("give the pages' folder: -args -pages=DIR")
	}
	shots := *shotsDir
	if shots == "" {
		shots = filepath.Join(*pagesDir, "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	jsons, _ := filepath.Glob(filepath.Join(*pagesDir, "*.json"))
	var chapters []string
	for _, js := range jsons {
		b, err := os.ReadFile(js)
		if err != nil {
			t.Fatal(err)
		}
		var p report.Page
		if json.Unmarshal(b, &p) != nil || p.Chapter == "" {
			continue
		}
		chapters = append(chapters, p.Chapter)
		name := report.FileName(p.Chapter)
		page := filepath.Join(*pagesDir, name+".html")
		t.Run(name, func(t *testing.T) {
			got, _ := measure(t, page)
			if len(got.Sections) != len(p.Sections) {
				t.Errorf("%s shows %d sections, want %d", name, len(got.Sections), len(p.Sections))
			}
			pictures := 0
			for i, s := range p.Sections {
				pictures += len(s.Pictures)
				if i >= len(got.Sections) {
					break
				}
				g := got.Sections[i]
				if g.ID != s.ID {
					t.Errorf("%s: section %d is §%s, want §%s", name, i+1, g.ID, s.ID)
				}
				if g.Output != s.Output {
					t.Errorf("%s §%s: the page's text differs from what the replay printed:\npage:\n%s\nprinted:\n%s", name, s.ID, g.Output, s.Output)
				}
			}
			if len(got.Figures) != pictures {
				t.Errorf("%s shows %d pictures, want %d", name, len(got.Figures), pictures)
			}
			for _, f := range got.Figures {
				if !(f.W > 50 && f.H > 50) || f.Drawn < 10 {
					t.Errorf("%s §%s: %s drawn %.0f×%.0f px with %d marks, want a real picture", name, f.Section, f.File, f.W, f.H, f.Drawn)
				}
			}
			t.Logf("%s: %d sections, %d pictures, %.0f px tall", name, len(got.Sections), len(got.Figures), got.Height)
			if p.Chapter == "4" || p.Chapter == *shoot {
				screenshot(t, page, filepath.Join(shots, name+"-top.png"), 1280, 2000)
				if !*full {
					return
				}
				screenshot(t, page, filepath.Join(shots, name+".png"), 1280, int(got.Height))
				phonePage := filepath.Join(filepath.Dir(page), ".phone-"+filepath.Base(page))
				frame := fmt.Sprintf(`<!DOCTYPE html><html><body style="margin:0;background:#888"><iframe src="%s" style="width:390px;height:1800px;border:0;background:#fff"></iframe></body></html>`, filepath.Base(page))
				if err := os.WriteFile(phonePage, []byte(frame), 0o644); err != nil {
					t.Fatal(err)
				}
				screenshot(t, phonePage, filepath.Join(shots, name+"-phone.png"), 500, 1800)
				os.Remove(phonePage)
				pdf := filepath.Join(shots, name+".pdf")
				chromium(t, "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
				b, err := os.ReadFile(pdf)
				if err != nil {
					t.Fatalf("printing %s: %v", name, err)
				}
				pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
				if pages < len(p.Sections)+1 {
					t.Errorf("%s prints on %d pages, want at least %d (the header, then a page per section)", name, pages, len(p.Sections)+1)
				}
				t.Logf("printed: %s (%d pages)", pdf, pages)
			}
		})
	}
	if len(chapters) == 0 {
		t.Fatalf("no lesson page in %s", *pagesDir)
	}
	t.Run("index", func(t *testing.T) {
		page := filepath.Join(*pagesDir, "index.html")
		got, _ := measure(t, page)
		if len(got.Chapters) != len(chapters) {
			t.Errorf("index.html lists chapters %v, want %v", got.Chapters, chapters)
		}
		screenshot(t, page, filepath.Join(shots, "index.png"), 1280, int(got.Height))
	})
	t.Run("grade", func(t *testing.T) {
		page := filepath.Join(*pagesDir, "grade.html")
		if _, err := os.Stat(page); err != nil {
			t.Skip("no grade.html (go run . -grade writes it)")
		}
		got, _ := measure(t, page)
		if got.Rows != len(exercise.All) {
			t.Errorf("grade.html has %d rows, want one per exercise (%d)", got.Rows, len(exercise.All))
		}
		screenshot(t, page, filepath.Join(shots, "grade.png"), 1280, int(got.Height))
	})
}
