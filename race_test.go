//go:build race

package main

// raceEnabled is true under the race detector, which makes arithmetic about
// ten times slower: TestTutorialOutputs then replays only the sections that
// need no MNIST.
const raceEnabled = true
