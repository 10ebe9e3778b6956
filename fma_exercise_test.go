//go:build exercise

package main

// exerciseBuild: with -tags exercise the students' code stands in for the
// reference bodies, and whether it fuses a product is not dlfs's to check.
const exerciseBuild = true
