package report

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dlfs/internal/outfile"
)

// TestReport_HostilePictures: an edited page whose pictures are files
// outside the folder, files changed since they were drawn, or SVG with
// scripts, frames, handlers or links out, inlines none of them.
func TestReport_HostilePictures(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	os.Mkdir(dir, 0o755)
	evil := `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><iframe src="http://evil.example/"></iframe></svg>`
	os.WriteFile(filepath.Join(root, "evil.svg"), []byte(evil), 0o644)
	sum := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	hostile := map[string]string{ // file in the folder → its content
		"script.svg":  evil,
		"handler.svg": `<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(2)" width="1"/></svg>`,
		"link.svg":    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="http://evil.example/x.svg#a"/></svg>`,
		"image.svg":   `<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.example/x.png"/></svg>`,
		"style.svg":   `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(http://evil.example/)"/></svg>`,
		"foreign.svg": `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>x</div></foreignObject></svg>`,
		"comment.svg": `<svg xmlns="http://www.w3.org/2000/svg"><!-- --><script>alert(3)</script><!-- --></svg>`,
		"cdata.svg":   `<svg xmlns="http://www.w3.org/2000/svg"><text><![CDATA[</text><script>alert(4)</script>]]></text></svg>`,
		"after.svg":   `<svg xmlns="http://www.w3.org/2000/svg"></svg><script>alert(5)</script>`,
		"js.svg":      `<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(6)"><rect/></a></svg>`,
	}
	var pics []Picture
	for name, svg := range hostile {
		os.WriteFile(filepath.Join(dir, name), []byte(svg), 0o644)
		pics = append(pics, Picture{File: name, SHA256: sum(svg)})
	}
	good := `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`
	os.WriteFile(filepath.Join(dir, "good.svg"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(dir, "changed.svg"), []byte(good), 0o644)
	pics = append(pics,
		Picture{File: "../evil.svg", SHA256: sum(evil)},
		Picture{File: filepath.Join(root, "evil.svg"), SHA256: sum(evil)},
		Picture{File: "changed.svg", SHA256: sum(good + " ")},
		Picture{File: "unhashed.svg"},
		Picture{File: "good.svg", CSV: "../../etc/passwd", SHA256: sum(good)})
	os.WriteFile(filepath.Join(dir, "unhashed.svg"), []byte(good), 0o644)

	// The page as an edited ch04.json holds it, read back by the next run.
	old := Page{Format: format, Chapter: "4", Title: "t", Runs: []Run{{Command: "x", Date: time.Now()}},
		Sections: []Section{{ID: "4.4", Status: Ran, Output: "out\n", Pictures: pics}, {ID: "4.3.3"}}}
	js, _ := json.Marshal(old)
	os.WriteFile(filepath.Join(dir, "ch04.json"), js, 0o644)
	now := Page{Chapter: "4", Title: "t", Runs: []Run{{Command: "y", Date: time.Now()}},
		Sections: []Section{{ID: "4.4"}, {ID: "4.3.3", Status: Ran, Output: "now\n"}}}
	path, err := Update(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	page := string(b)
	for _, bad := range []string{"<script", "<iframe", "onload", "evil.example", "<foreignObject", "<image", "javascript:", "passwd", "alert("} {
		if strings.Contains(page, bad) {
			i := strings.Index(page, bad)
			t.Errorf("the page holds %q: …%s…", bad, page[max(i-200, 0):min(i+100, len(page))])
		}
	}
	if strings.Count(page, `<rect width="1" height="1"/>`) != 1 {
		t.Errorf("the one good picture is not inlined once")
	}
	for _, want := range []string{"is not an SVG file of this folder", "has changed since the replay drew it", "recorded without its SHA-256", "is not a picture dlfs draws"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
}

// TestReport_PlotSVGPassesTheCheck: every picture of the sample page, as
// package plot draws it, is inlined.
func TestReport_PlotSVGPassesTheCheck(t *testing.T) {
	dir := t.TempDir()
	p := samplePage(t, dir, time.Now())
	for _, s := range p.Sections {
		for _, pic := range s.Pictures {
			b, _ := os.ReadFile(filepath.Join(dir, pic.File))
			if err := checkSVG(b); err != nil {
				t.Errorf("%s: %v", pic.File, err)
			}
		}
	}
}

// TestReport_ConcurrentUpdates: replays of different sections into one
// folder at the same time keep every section's results.
func TestReport_ConcurrentUpdates(t *testing.T) {
	dir := t.TempDir()
	ids := []string{"4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8"}
	errs := make(chan error, len(ids))
	for k, id := range ids {
		go func() {
			p := Page{Chapter: "4", Title: "t", Runs: []Run{{Command: "run " + id, Date: time.Now()}}}
			for _, s := range ids {
				sec := Section{ID: s}
				if s == id {
					sec.Status, sec.Output = Ran, fmt.Sprintf("output %d\n", k)
				}
				p.Sections = append(p.Sections, sec)
			}
			_, err := Update(dir, p)
			errs <- err
		}()
	}
	for range ids {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	p := Load(dir, "4")
	if p == nil {
		t.Fatal("no page")
	}
	for _, s := range p.Sections {
		if s.Status != Ran {
			t.Errorf("§%s lost its results", s.ID)
		}
	}
}

// TestReport_AdoptsOnlyItsOwnFolders: a folder of an earlier dlfs (pages,
// no marker) is written into; the same with the user's index.html is not.
func TestReport_AdoptsOnlyItsOwnFolders(t *testing.T) {
	dir := t.TempDir()
	if _, err := Update(dir, samplePage(t, dir, time.Now())); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, outfile.Marker))
	if err := outfile.Prepare(dir); err != nil {
		t.Errorf("an earlier dlfs's folder: %v", err)
	}
	os.Remove(filepath.Join(dir, outfile.Marker))
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<h1>mine</h1>"), 0o644)
	if err := outfile.Prepare(dir); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("dlfs's pages beside the user's index.html: got %v, want an error naming it", err)
	}
}
