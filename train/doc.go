// Package train runs the learning loop of the book: draw a random
// mini-batch, compute the gradient, step the parameters against it, and
// now and then measure accuracy on the training and test sets.
//
// The loop is the same for every network of chapters 4 to 6; what changes is
// the Model (how the gradient is computed) and the Optimizer (how a step is
// taken). Everything random comes from Config.Seed, so a run is repeatable to
// the last digit.
package train
