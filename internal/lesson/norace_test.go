//go:build !race

package lesson

const raceEnabled = false
