package lesson

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"

	"dlfs/internal/exercise"
	"dlfs/internal/outfile"
	"dlfs/mnist"
)

// needs says what a section's code takes from the command line and the
// data, so that Run can check both before any section starts: the
// training flags it reads, whether it loads MNIST, how many training
// images it takes at least, and whether it writes into -out.
type needs struct {
	flags  []string // of sectionFlags
	mnist  bool
	images int // training images it needs at least (with MNIST)
	writes bool
	// capsIters: it trains min(-iters, maxOptimizerIters) updates.
	capsIters bool
	// uses are the exercises its code runs, in the order of exercise.All
	// (TestSectionUsesDerived derives them from the code): in a students'
	// copy the replay names, before the section starts, every one of them
	// not attempted yet.
	uses []string
}

// maxOptimizerIters is the cap §6.2 and §6.5 put on -iters.
const maxOptimizerIters = 2000

// The training flags whose use differs between sections; -seed, -data and
// -out mean the same everywhere.
const (
	twoLayerFlags = "iters batch lr hidden"
	fcnFlags      = "epochs load"
)

// raceFlags names the flags of §6.1's race: -lr-sgd, -lr-momentum, ...
var raceFlags = func() []string {
	var names []string
	for _, f := range (&Config{}).RaceFlags() {
		names = append(names, f.Flag)
	}
	return names
}()

// sectionFlags are all the flags that some sections read and others do
// not: given to a replay none of whose sections reads it, one is refused.
var sectionFlags = slices.Concat(strings.Fields(twoLayerFlags+" "+fcnFlags), raceFlags, []string{"lambda"})

// sectionNeeds lists every section's function with its needs. A section
// missing here fails TestSectionNeedsCoverEverySection.
var sectionNeeds = []struct {
	run func(*Runner) error
	needs
}{
	{runLossFunctions, needs{}},
	{runMiniBatch, needs{uses: []string{"net.crossEntropyLabels"}}},
	{runNumericalDiff, needs{writes: true, uses: []string{"net.NumericalDiff"}}},
	{runPartial, needs{uses: []string{"net.NumericalDiff"}}},
	{runGradient, needs{writes: true, uses: []string{"net.NumericalGradient"}}},
	{runGradientDescent, needs{flags: []string{"lr"}, writes: true, uses: []string{"net.NumericalGradient", "net.GradientDescent"}}}, // -lr: one more rate beside the book's three
	{runSimpleNet, needs{uses: []string{"net.NumericalGradient", "net.softmaxRows"}}},
	{runTwoLayerGradient, needs{flags: strings.Fields("hidden batch"), mnist: true, images: 1, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.TwoLayerNet.GradientFormula"}}},
	{runTraining, needs{flags: strings.Fields(twoLayerFlags), mnist: true, images: 1, writes: true, uses: []string{"net.softmaxRows", "net.TwoLayerNet.GradientFormula"}}},

	{runApples, needs{uses: []string{"net.MulLayer.Backward"}}},
	{runApplesOranges, needs{uses: []string{"net.MulLayer.Backward", "net.AddLayer.Backward"}}},
	{runActivationLayers, needs{uses: []string{"net.NumericalGradient", "net.ReluLayer.Backward", "net.SigmoidLayer.Backward"}}},
	{runAffineSoftmax, needs{writes: true, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward"}}},
	{runGradientCheck, needs{flags: []string{"hidden"}, mnist: true, images: 3, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward"}}}, // images 0, 1 and 2
	{runStepTimes, needs{flags: strings.Fields("hidden batch iters"), mnist: true, images: 1, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward"}}},
	{runTrainingBackprop, needs{flags: strings.Fields(twoLayerFlags), mnist: true, images: 1, writes: true, uses: []string{"net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward"}}},

	{runOptimizerRace, needs{flags: raceFlags, writes: true, uses: []string{"train.SGD.Update", "train.Momentum.Update", "train.Nesterov.Update", "train.AdaGrad.Update", "train.RMSprop.Update", "train.Adam.Update"}}},
	{runOptimizersMNIST, needs{flags: []string{"iters"}, mnist: true, images: 128, writes: true, capsIters: true, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update", "train.Momentum.Update", "train.AdaGrad.Update", "train.RMSprop.Update", "train.Adam.Update"}}}, // batches of 128
	{runInitHistograms, needs{writes: true}},
	{runInitMNIST, needs{flags: []string{"iters"}, mnist: true, images: 128, writes: true, capsIters: true, uses: []string{"net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update"}}},
	{runWeightDecay, needs{flags: []string{"iters", "lambda"}, mnist: true, images: 300, writes: true, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update", "net.weightDecay", "net.addWeightDecay"}}}, // the book's 300 images
	{runBNGradientCheck, needs{flags: []string{"iters"}, mnist: true, images: 3, uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "net.BatchNormalization.Backward"}}},                                                 // one image, then three
	{runBNTest, needs{flags: []string{"iters"}, mnist: true, images: 1000, writes: true, uses: []string{"net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update", "net.BatchNormalization.Backward"}}},                                              // batch_norm_test.py's 1000 images
	{runOverfit, needs{flags: []string{"iters"}, mnist: true, images: 300, writes: true, uses: []string{"net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update"}}},
	{runDropout, needs{flags: []string{"iters"}, mnist: true, images: 300, writes: true, uses: []string{"net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update", "net.Dropout.ForwardMode", "net.Dropout.Backward"}}},
	{runHyperParam, needs{flags: []string{"iters"}, mnist: true, images: 500, writes: true, uses: []string{"net.softmaxRows", "net.ReluLayer.Backward", "net.Affine.Backward", "net.SoftmaxWithLoss.Backward", "train.SGD.Update", "net.weightDecay", "net.addWeightDecay"}}}, // 400 to train, 100 to validate

	{runDimensions, needs{uses: []string{"net.softmaxRows", "net.ColumnNet.Backward"}}},
	{runParts, needs{uses: []string{"net.NumericalGradient", "net.softmaxRows", "net.TanhBackward", "net.ELUBackward"}}},
	// Note 001 trains on mini-batches of 128: fewer images, no update (with
	// -load nothing trains, and one image will do).
	{runFCNTraining, needs{flags: strings.Fields(fcnFlags), mnist: true, images: 128, writes: true, uses: []string{"net.softmaxRows", "net.ColumnNet.Backward"}}},
	{runFCNEvaluation, needs{flags: strings.Fields(fcnFlags), mnist: true, images: 128, uses: []string{"net.softmaxRows", "net.ColumnNet.Backward"}}},
	{runSaveLoad, needs{flags: strings.Fields(fcnFlags), mnist: true, images: 128, writes: true, uses: []string{"net.softmaxRows", "net.ColumnNet.Backward"}}},
}

// needsOf returns the needs of section s, and false if it is not listed.
// A section not listed (a new one, until the table is updated; a test
// fails meanwhile) is taken to read every flag and to load MNIST, so that
// nothing it might use is refused.
func needsOf(s Section) (needs, bool) {
	p := reflect.ValueOf(s.Run).Pointer()
	for _, e := range sectionNeeds {
		if reflect.ValueOf(e.run).Pointer() == p {
			return e.needs, true
		}
	}
	return needs{flags: sectionFlags, mnist: true, images: 1, writes: true}, false
}

// usersOf says which sections read flag: "§4.5.2, §5.7.4 (-chapter=4 and 5)".
func usersOf(flag string) string {
	var ids, chapters []string
	for _, c := range Chapters {
		for _, s := range c.Sections {
			if n, _ := needsOf(s); slices.Contains(n.flags, flag) {
				ids = append(ids, "§"+s.ID)
				if !slices.Contains(chapters, c.ID) {
					chapters = append(chapters, c.ID)
				}
			}
		}
	}
	return fmt.Sprintf("%s (-chapter=%s)", strings.Join(ids, ", "), strings.Join(chapters, " and "))
}

// readsFlag reports whether a section of chapter c reads flag.
func readsFlag(c *Chapter, flag string) bool {
	for _, s := range c.Sections {
		if n, _ := needsOf(s); slices.Contains(n.flags, flag) {
			return true
		}
	}
	return false
}

// MemoryLimit is the memory a replay may plan to use: flag values whose
// run would need more are refused before it starts.
const MemoryLimit = 4 << 30

// checkFlags rejects, before anything runs, training flags that the
// chosen sections do not read, values of the section flags that make no
// sense, and an -out the sections cannot write to.
func checkFlags(cfg Config, what string, todo []Section) error {
	var all needs
	for _, s := range todo {
		n, _ := needsOf(s)
		all.flags = append(all.flags, n.flags...)
		all.writes = all.writes || n.writes
	}
	for _, f := range sectionFlags {
		if cfg.Set[f] && !slices.Contains(all.flags, f) {
			why := ""
			if f != "load" && f != "epochs" && usesMNIST(todo) && !slices.Contains(all.flags, "lr") {
				why = " (its trainings use the book's settings)"
			}
			if f == "lr" && slices.Contains(all.flags, "lr-sgd") {
				why = " (§6.1's race takes each optimizer's own: -" + strings.Join(raceFlags, ", -") + ")"
			}
			return fmt.Errorf("%w: -%s is not used by %s%s; -%s is used by %s",
				ErrUsage, f, what, why, f, usersOf(f))
		}
	}
	book := Defaults()
	for i, f := range cfg.RaceFlags() {
		if v := *f.Rate; slices.Contains(all.flags, f.Flag) && (!(v > 0) || math.IsInf(v, 0)) {
			return fmt.Errorf("%w: -%s=%v: %s's learning rate must be a positive number (the book's race uses %v)",
				ErrUsage, f.Flag, v, f.Optimizer, *book.RaceFlags()[i].Rate)
		}
	}
	if slices.Contains(all.flags, "lambda") && !(cfg.Lambda >= 0 && cfg.Lambda <= maxLambda) {
		return fmt.Errorf("%w: -lambda=%v: the weight decay λ must be from 0 (none) to %v (the book's is %v): before each step, "+
			"§6.4.2's SGD (lr %v) multiplies every weight by 1 - %v·λ, which is 0 at λ = %v and negative beyond",
			ErrUsage, cfg.Lambda, maxLambda, book.Lambda, decayLR, decayLR, maxLambda)
	}
	if cfg.Set["iters"] && cfg.Iters > maxOptimizerIters && cfg.Stderr != nil {
		var capped []string
		for _, s := range todo {
			if n, _ := needsOf(s); n.capsIters {
				capped = append(capped, "§"+s.ID)
			}
		}
		if len(capped) > 0 {
			verb := "runs"
			if len(capped) > 1 {
				verb = "run"
			}
			fmt.Fprintf(cfg.Stderr, "dlfs: note: %s %s at most %d updates per network, whatever -iters says\n", strings.Join(capped, " and "), verb, maxOptimizerIters)
		}
	}
	if (all.writes && cfg.Load == "") || cfg.Report {
		// Before any work: a section that draws nothing still writes the
		// lesson page.
		if err := outfile.Prepare(cfg.Out); err != nil {
			return fmt.Errorf("%w: -out=%s: cannot write the replay's pages, pictures and model there: %v (choose another folder with -out)", ErrUsage, cfg.Out, err)
		}
	}
	if cfg.Load != "" && slices.Contains(all.flags, "load") {
		fi, err := os.Stat(cfg.Load)
		if err != nil {
			return fmt.Errorf("%w: -load=%s: %v%s", ErrUsage, cfg.Load, errors.Unwrap(err), notSavedYet(err))
		}
		if !fi.Mode().IsRegular() {
			// A named pipe would block the reading, a device never end.
			return fmt.Errorf("%w: -load=%s is not a regular file (%v): name a model saved by -chapter=fcn (fcn_model.npz)", ErrUsage, cfg.Load, fi.Mode().Type())
		}
		if _, err := loadColumnNet(cfg.Load); err != nil {
			return err
		}
	}
	return nil
}

// checkData rejects, once the data set is loaded and before any section
// runs, a data set too small for the chosen sections and flag values
// whose run would not fit in memory or in an int.
func checkData(cfg Config, todo []Section, d *mnist.Data) error {
	trainN, testN := d.Train.Len(), d.Test.Len()
	for _, s := range todo {
		n, _ := needsOf(s)
		if !n.mnist {
			continue
		}
		if cfg.Load != "" && slices.Contains(n.flags, "load") {
			n.images = 1
		}
		if trainN < n.images {
			return fmt.Errorf("§%s needs at least %d training images, but the data set (%s) has %d: use a larger one (-data)",
				s.ID, n.images, d.Source, trainN)
		}
		if testN < 1 {
			return fmt.Errorf("§%s needs test images, but the data set (%s) has none", s.ID, d.Source)
		}
		if slices.Contains(n.flags, "batch") && cfg.Batch > trainN {
			return fmt.Errorf("%w: -batch=%d is more than the %d training images of the data set (%s): use at most -batch=%d",
				ErrUsage, cfg.Batch, trainN, d.Source, trainN)
		}
		if err := checkMemory(cfg, n, trainN, testN, d.Train.Size()); err != nil {
			return err
		}
	}
	return nil
}

// checkMemory estimates, from the sizes alone, the memory a section would
// take with these flags, and refuses values that need more than
// MemoryLimit or overflow an int. The estimate counts the arrays that grow
// with the flags (parameters and their gradients, batches, the loss
// history) and errs on the large side.
func checkMemory(cfg Config, n needs, trainN, testN, pixels int) error {
	gb := func(b float64) string { return fmt.Sprintf("%.1f GB", b/(1<<30)) }
	limit := float64(MemoryLimit)
	if slices.Contains(n.flags, "hidden") {
		h, b, in := float64(cfg.Hidden), float64(min(cfg.Batch, trainN)), float64(pixels)
		// Products are rounded before they are added (float64(…)), so no CPU
		// fuses them and the limit printed is the same everywhere.
		params := float64(in*h) + h + float64(10*h) + 10
		perRow := in + float64(4*h) + 40 // input, affine output, activation, their gradients
		rows := b + 200                  // a batch and an evaluation chunk
		bytes := 8 * (float64(6*params) + float64(3*rows*perRow))
		if bytes > limit {
			most := int((limit/8 - float64(3*rows*(in+40))) / (float64(6*(in+11)) + float64(12*rows)))
			return fmt.Errorf("%w: -hidden=%d with -batch=%d needs about %s, more than the %s the replay allows itself: use at most -hidden=%d",
				ErrUsage, cfg.Hidden, cfg.Batch, gb(bytes), gb(limit), max(most, 1))
		}
	}
	if slices.Contains(n.flags, "iters") {
		// train.Run keeps one loss per update.
		if bytes := 8 * float64(cfg.Iters); bytes > limit/4 {
			return fmt.Errorf("%w: -iters=%d would keep %s of losses: use at most -iters=%d",
				ErrUsage, cfg.Iters, gb(bytes), int(limit/4/8))
		}
	}
	if slices.Contains(n.flags, "epochs") && cfg.Load == "" {
		// §fcn.3 makes epochs·trainN/128 updates and records every 200th.
		maxEpochs := math.MaxInt / trainN
		if byMemory := int(limit / 24 * 200 * 128 / float64(trainN)); byMemory < maxEpochs {
			maxEpochs = byMemory
		}
		if cfg.Epochs > maxEpochs {
			return fmt.Errorf("%w: -epochs=%d: %d epochs of %d images are too many updates to count: use at most -epochs=%d",
				ErrUsage, cfg.Epochs, cfg.Epochs, trainN, maxEpochs)
		}
	}
	return nil
}

// chance is the accuracy of guessing among ten digits, with a margin: a
// training that ends at or below it has learned nothing.
const chance = 0.15

// checkLearned makes the section fail, once it has drawn its pictures, if
// the training it ran ended at chance accuracy with a loss that grew
// instead of falling: the steps overshoot (as with -lr=1e9). A short run,
// or one whose loss merely stays put, is not reported: it may need more
// updates, not a smaller learning rate.
func (r *Runner) checkLearned(testAcc float64, losses []float64) {
	k := max(len(losses)/10, 1)
	if testAcc > chance || len(losses) < 2 {
		return
	}
	first, last := losses[0], mean(losses[len(losses)-k:]) // before any update; at the end
	if !(last > 1.1*first) {
		return
	}
	r.failed = fmt.Errorf("the network did not learn: its test accuracy %v is that of guessing (0.1) and its loss grew from %.3g to %.3g; "+
		"with -lr=%v the updates are too large: try a smaller -lr, such as the book's 0.1", testAcc, first, last, r.LR)
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// notSavedYet explains, in the students' copy, why a model to -load may be
// missing: the replay that saves it stops at the exercises it needs until
// they are written. It names them all, as a stopped section does.
func notSavedYet(err error) string {
	if !exercise.StudentMode || !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	var uses []string
	saver := ""
	for _, c := range Chapters {
		for _, s := range c.Sections {
			if n, _ := needsOf(s); n.writes && slices.Contains(n.flags, "load") {
				saver = c.ID
				for _, u := range n.uses {
					if !slices.Contains(uses, u) {
						uses = append(uses, u)
					}
				}
			}
		}
	}
	pending, ok := exercise.Pending(sourceRoot(), uses)
	if !ok || len(pending) == 0 {
		return ""
	}
	return fmt.Sprintf("\nThe model is saved by go run . -chapter=%s, which needs %d exercise(s) not attempted yet; write them, then train:\n%s",
		saver, len(pending), strings.TrimSuffix(pendingList(pending), "\n"))
}
