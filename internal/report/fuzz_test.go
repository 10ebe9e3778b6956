package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzReportPage reads a recorded page (chNN.json as an edited or damaged
// file may hold it), merges it into a new run and renders it: nothing may
// panic, and no picture that is not dlfs's is inlined.
func FuzzReportPage(f *testing.F) {
	dir := f.TempDir()
	p := samplePage(&testing.T{}, dir, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	p.Format = format
	js, _ := json.Marshal(p)
	f.Add(js)
	f.Add([]byte(`{"format":"dlfs lesson page 1","chapter":"4","runs":[],"sections":[{"id":"4.1","status":"ran","run":5,"output":"x","pictures":[{"file":"../evil.svg","at":-3}]}]}`))
	f.Add([]byte(`{"format":"dlfs lesson page 1","chapter":"4","runs":[{}],"sections":[{"id":"4.1","status":"ran","run":0,"output":"ab","pictures":[{"file":"ch04_loss.svg","at":9},{"file":"ch04_grid.svg","at":1}]}]}`))
	os.WriteFile(filepath.Join(dir, "evil.svg"), []byte(`<svg><script>alert(1)</script></svg>`), 0o644)
	f.Fuzz(func(t *testing.T, b []byte) {
		old, err := parsePage(b, "fuzz.json")
		if err != nil {
			return
		}
		cur := Page{Chapter: old.Chapter, Title: "t", Runs: []Run{{Command: "now"}}}
		for _, s := range old.Sections {
			cur.Sections = append(cur.Sections, Section{ID: s.ID})
		}
		merged := merge(cur, old)
		if err := renderPage(io.Discard, dir, &merged); err != nil {
			t.Fatalf("rendering: %v", err)
		}
	})
}

// FuzzReportSVG checks pictures: it never panics, and what it accepts
// holds no script or frame.
func FuzzReportSVG(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>`))
	f.Add([]byte(`<svg><script>alert(1)</script></svg>`))
	f.Add([]byte(`<svg><text><![CDATA[</text><script>]]></text></svg>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if checkSVG(b) == nil {
			for _, bad := range []string{"<script", "<iframe", "<foreignobject", "javascript:"} {
				if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
					t.Fatalf("accepted %q", b)
				}
			}
		}
	})
}
