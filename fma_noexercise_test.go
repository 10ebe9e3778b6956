//go:build !exercise

package main

const exerciseBuild = false
