//go:build race

package crmath

// raceEnabled is true under the race detector, which slows this package's
// single-threaded sweeps tenfold and has nothing to find in them: they run
// at the -short size there, and in full in CI's run without -race.
const raceEnabled = true
