//go:build !unix

package main

import "errors"

// mkfifo: no named pipes here (Windows, wasm), so those tests skip.
func mkfifo(path string) error { return errors.New("no named pipes on this system") }
