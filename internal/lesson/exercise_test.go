package lesson

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"dlfs/internal/exercise"
	"dlfs/mnist"
)

// TestExercise_Replay replays every chapter in a students' copy (where
// internal/handout's test runs it): each section either runs to its end or, where it reaches an
// exercise not attempted yet, says so, and the replay goes on to the next
// section without an error. (The default build's replays are the
// Test*_ReplaySynthetic tests.)
func TestExercise_Replay(t *testing.T) {
	if !exercise.StudentMode {
		t.Skip("in a students' copy only (go run ./internal/handout -o DIR, then go test ./internal/lesson there)")
	}
	for _, c := range Chapters {
		t.Run(c.ID, func(t *testing.T) {
			cfg := Defaults()
			var out bytes.Buffer
			cfg.Stdout, cfg.Out = &out, t.TempDir()
			cfg.Iters, cfg.Hidden, cfg.Batch, cfg.Epochs = 60, 8, 20, 1
			if c.ID == "6" {
				cfg.Batch = Defaults().Batch
			}
			cfg.LoadMNIST = func(context.Context, mnist.Options) (*mnist.Data, error) { return mnist.Synthetic(1500, 300), nil }
			r, err := Run(context.Background(), cfg, c.ID, "")
			if err != nil {
				t.Fatalf("chapter %s in student mode: %v\n%s", c.ID, err, out.String())
			}
			text := out.String()
			for _, s := range c.Sections {
				if !strings.Contains(text, "§"+s.ID+" "+s.Title) {
					t.Errorf("chapter %s: §%s was not reached", c.ID, s.ID)
				}
			}
			for _, e := range r.NotAttempted {
				if !strings.Contains(text, "it needs "+e.Name) {
					t.Errorf("chapter %s: %s stopped a section but the replay did not say so", c.ID, e.Name)
				}
			}
			t.Logf("chapter %s: %d section(s) stopped at exercises not attempted", c.ID, len(r.NotAttempted))
		})
	}
}
