//go:build race

package lesson

// raceEnabled is true under the race detector, which makes arithmetic about
// ten times slower: the heaviest tests then train on generated digits.
const raceEnabled = true
