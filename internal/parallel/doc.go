// Package parallel shares the short, frequent pieces of work of a training
// step (a matrix product of a fraction of a millisecond, a layer's two
// gradients) between the CPUs.
//
// A goroutine that sleeps takes a long time to wake: on the 2-CPU machines
// this project is measured on, 100–200 µs from a channel send to the
// sleeper running, as long as a whole 128·256·128 product takes on one
// core. So the helper goroutines here do not go to sleep between jobs: after
// each job a helper keeps looking for the next one for a millisecond
// (spinning) before it blocks, and a caller waiting for a helper to finish
// spins the same way. In a training loop the next job always comes within
// that millisecond, so handing one over costs a couple of microseconds; an
// idle program still sleeps.
//
// On a machine where another program keeps a CPU busy, a helper can be
// stopped for milliseconds while its caller waits; Rows and Both notice
// when their callers wait more than they work, and then keep the work on
// the caller for a while (see noteWait), so a busy machine costs about
// what one CPU would, and helpers stop spinning.
//
// Results never depend on the number of CPUs: the work is split into
// blocks, and each block is computed by one goroutine, start to end.
package parallel
