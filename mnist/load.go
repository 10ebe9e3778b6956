package mnist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The four files of MNIST, under the names used by every mirror.
const (
	TrainImagesFile = "train-images-idx3-ubyte.gz"
	TrainLabelsFile = "train-labels-idx1-ubyte.gz"
	TestImagesFile  = "t10k-images-idx3-ubyte.gz"
	TestLabelsFile  = "t10k-labels-idx1-ubyte.gz"
)

// fileNames lists the four files in the order Load reads them.
var fileNames = [4]string{TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile}

// EnvDir is the environment variable Load reads when Options.Dir is empty.
const EnvDir = "MNIST_DIR"

// Sizes of the synthetic stand-in used when no real data can be had.
const (
	SyntheticTrain = 6000
	SyntheticTest  = 1000
)

// Options say where Load looks for MNIST. The zero value does the usual
// thing: $MNIST_DIR if set, else the user's cache, else a download into the
// cache, else the synthetic stand-in.
type Options struct {
	// Dir is a directory holding the four MNIST files, normally from a
	// -data flag. When set it is the only place tried: if the files are
	// missing or damaged Load fails rather than look elsewhere.
	Dir string

	// CacheDir is where downloads are kept. Empty means
	// filepath.Join(os.UserCacheDir(), "dlfs", "mnist"), for example
	// ~/.cache/dlfs/mnist on Linux.
	CacheDir string

	// Mirrors are the base URLs tried in order for each file; nil means
	// DefaultMirrors. A file's URL is the mirror followed by its name.
	Mirrors []string

	// Client makes the HTTP requests. Nil means a client with 30 s limits
	// on connecting, the TLS handshake and waiting for response headers.
	// Whatever the client, each file must finish within 5 minutes and a
	// download that receives nothing for 30 s is abandoned.
	Client *http.Client

	// Progress receives download progress bars and short notes about
	// what Load is doing (nil means silent). Normally os.Stderr.
	Progress io.Writer

	// NoSynthetic makes Load return an error, instead of falling back to
	// the synthetic digits, when no real data can be found or downloaded.
	NoSynthetic bool

	// Hooks for tests; zero values mean the real settings.
	sums         map[string]string // expected SHA-256 of each .gz file
	stallTimeout time.Duration     // abandon a download idle this long
	fileTimeout  time.Duration     // abandon a download taking this long
}

// Load finds MNIST and reads it into memory (55 MB for the full set).
// It tries, in this order:
//
//  1. opt.Dir, if set (the -data flag). It is then the only source.
//  2. $MNIST_DIR, if set. It is then the only source.
//  3. The cache directory, opt.CacheDir. Cached files are checked against
//     their known SHA-256 sums; a damaged one is deleted.
//  4. A download of whatever the cache lacks from opt.Mirrors into the
//     cache, verified by SHA-256 and moved into place only when complete.
//  5. Synthetic digits (see Synthetic), with Data.Synthetic set and a
//     warning in Data.Banner, unless opt.NoSynthetic is set.
//
// A directory given in step 1 or 2 may hold the files gzipped (the standard
// names, such as train-images-idx3-ubyte.gz) or uncompressed (the same names
// without .gz, or with a dot instead of the dash, as in
// train-images.idx3-ubyte).
//
// The returned error says which sources were tried, why each failed, and
// what to do. If ctx is cancelled Load stops and returns ctx's error rather
// than falling back to synthetic data.
func Load(ctx context.Context, opt Options) (*Data, error) {
	if opt.Dir != "" {
		return loadNamed(opt.Dir, fmt.Sprintf("data directory %q", opt.Dir),
			"fix or replace the files, or leave out the data directory (-data) to use the cache and the automatic download")
	}
	if dir := os.Getenv(EnvDir); dir != "" {
		return loadNamed(dir, fmt.Sprintf("$%s=%q", EnvDir, dir),
			fmt.Sprintf("fix or replace the files, or unset %s to use the cache and the automatic download", EnvDir))
	}

	tried := []string{
		"the data directory (-data): not given",
		fmt.Sprintf("$%s: not set", EnvDir),
	}
	var errs []error
	cacheDir := opt.CacheDir
	if cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			tried = append(tried, fmt.Sprintf("the cache: there is none (%v)", err))
			errs = append(errs, err)
		} else {
			cacheDir = filepath.Join(base, "dlfs", "mnist")
		}
	}
	if cacheDir != "" {
		d, steps, err := loadCache(ctx, cacheDir, &opt)
		tried = append(tried, steps...)
		if err == nil {
			return d, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("mnist: loading stopped: %w", context.Cause(ctx))
		}
		errs = append(errs, err)
	}

	if opt.NoSynthetic {
		return nil, &notFoundError{tried: tried, cacheDir: cacheDir, errs: errs}
	}
	d := Synthetic(SyntheticTrain, SyntheticTest)
	d.Banner = banner(cacheDir, tried[2:])
	return d, nil
}

// ErrNoData is matched (with errors.Is) by the error Load returns when
// NoSynthetic is set and no source had the data.
var ErrNoData = errors.New("mnist: no MNIST data found")

// notFoundError is Load's error when every source failed.
type notFoundError struct {
	tried    []string
	cacheDir string
	errs     []error
}

func (e *notFoundError) Error() string {
	var b strings.Builder
	b.WriteString("mnist: no MNIST data found. Tried, in order:\n")
	for i, t := range e.tried {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, indent(t, "     "))
	}
	b.WriteString(howToGetData(e.cacheDir))
	return strings.TrimRight(b.String(), "\n")
}

func (e *notFoundError) Unwrap() []error { return append([]error{ErrNoData}, e.errs...) }

// howToGetData is the advice shared by the error and the banner.
func howToGetData(cacheDir string) string {
	where := "the cache directory"
	if cacheDir != "" {
		where = cacheDir
	}
	return fmt.Sprintf(`To get the real data, do one of:
  - put the four files %s, %s,
    %s and %s in a folder
    and pass it with -data DIR or set %s=DIR;
  - connect to the internet and run again: the files (11 MB) are then
    downloaded once into %s.
`, TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile, EnvDir, where)
}

// banner is the warning shown when Load falls back to synthetic digits.
func banner(cacheDir string, reasons []string) string {
	var b strings.Builder
	b.WriteString("************************************************************************\n")
	b.WriteString("* WARNING: MNIST is not available, so this run uses SYNTHETIC digits:  *\n")
	fmt.Fprintf(&b, "* %d training and %d test images drawn by a small program.         *\n", SyntheticTrain, SyntheticTest)
	b.WriteString("* Everything runs, but losses and accuracies will NOT match the book.  *\n")
	b.WriteString("************************************************************************\n")
	if len(reasons) > 0 {
		b.WriteString("Why:\n")
		for _, r := range reasons {
			b.WriteString("  - " + indent(r, "    ") + "\n")
		}
	}
	b.WriteString(howToGetData(cacheDir))
	return strings.TrimRight(b.String(), "\n")
}

// indent puts prefix before every line of s but the first.
func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// loadNamed loads a directory the user named; errors carry what and hint.
func loadNamed(dir, what, hint string) (*Data, error) {
	d, err := loadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w\n(%s is the only place searched while it is set: %s)", err, what, hint)
	}
	d.Source = dir
	return d, nil
}

// loadDir reads the four files from dir, gzipped or not.
func loadDir(dir string) (*Data, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("mnist: directory %s does not exist", dir)
		}
		return nil, fmt.Errorf("mnist: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("mnist: %s is a file, not a directory: name the folder that holds the four MNIST files", dir)
	}
	var idx [4]*IDX
	for i, name := range fileNames {
		path, err := findFile(dir, name)
		if err != nil {
			return nil, err
		}
		if idx[i], err = readFile(path, nil, ""); err != nil {
			return nil, err
		}
	}
	return assemble(idx, dir)
}

// findFile returns the path of the first variant of name present in dir:
// name itself (gzipped), name without .gz, or either with the dotted
// spelling "train-images.idx3-ubyte".
func findFile(dir, name string) (string, error) {
	plain := strings.TrimSuffix(name, ".gz")
	dotted := strings.Replace(plain, "-idx", ".idx", 1)
	candidates := []string{name, plain, dotted, dotted + ".gz"}
	for _, c := range candidates {
		p := filepath.Join(dir, c)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("mnist: %s: no %s (also looked for %s)", dir, name, strings.Join(candidates[1:], ", "))
}

// readFile reads and decodes one IDX file. If h is not nil it also hashes
// the whole file into h, in the same pass, and compares the hex sum with
// want; a mismatch is reported as a *checksumError before any format error.
func readFile(path string, h hash.Hash, want string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if h != nil {
		// Keep the size visible to ReadIDX through the TeeReader, so
		// that it can allocate once.
		r = io.TeeReader(f, h)
		if fi, err := f.Stat(); err == nil {
			r = sizedReader{io.TeeReader(f, h), fi.Size()}
		}
	}
	idx, err := ReadIDX(r, path)
	if h != nil {
		// ReadIDX stops at the first problem: hash the rest, so that a
		// damaged file is reported as such rather than as bad content.
		if _, cerr := io.Copy(h, f); cerr != nil && err == nil {
			err = fmt.Errorf("mnist: %s: reading: %w", path, cerr)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			return nil, &checksumError{file: path, got: got, want: want}
		}
	}
	return idx, err
}

// sizedReader is a reader that can tell ReadIDX its total size.
type sizedReader struct {
	io.Reader
	size int64
}

func (s sizedReader) Size() int64 { return s.size }

// assemble checks that the four files fit together and makes the Sets.
func assemble(idx [4]*IDX, dir string) (*Data, error) {
	train, err := makeSet(idx[0], idx[1], TrainImagesFile, TrainLabelsFile, dir)
	if err != nil {
		return nil, err
	}
	test, err := makeSet(idx[2], idx[3], TestImagesFile, TestLabelsFile, dir)
	if err != nil {
		return nil, err
	}
	return &Data{Train: train, Test: test}, nil
}

// makeSet checks an images file and a labels file against each other.
func makeSet(images, labels *IDX, imagesName, labelsName, dir string) (*Set, error) {
	fail := func(name, format string, args ...any) error {
		return fmt.Errorf("mnist: %s: %s", filepath.Join(dir, name), fmt.Sprintf(format, args...))
	}
	if len(images.Dims) != 3 {
		return nil, fail(imagesName, "has %d dimension(s) %v, but an image file has 3 (count, rows, columns); is a label file stored under this name?", len(images.Dims), images.Dims)
	}
	if len(labels.Dims) != 1 {
		return nil, fail(labelsName, "has %d dimensions %v, but a label file has 1 (count); is an image file stored under this name?", len(labels.Dims), labels.Dims)
	}
	n, rows, cols := images.Dims[0], images.Dims[1], images.Dims[2]
	if rows != 28 || cols != 28 {
		return nil, fail(imagesName, "images are %dx%d, but MNIST images are 28x28", rows, cols)
	}
	if n == 0 {
		return nil, fail(imagesName, "holds no images")
	}
	if labels.Dims[0] != n {
		return nil, fmt.Errorf("mnist: %s holds %d images but %s holds %d labels; one of them is damaged or they come from different data sets",
			filepath.Join(dir, imagesName), n, filepath.Join(dir, labelsName), labels.Dims[0])
	}
	if i, l := badLabel(labels.Data); i >= 0 {
		return nil, fail(labelsName, "label %d at index %d is not a digit 0-9", l, i)
	}
	return &Set{Pixels: images.Data, Labels: labels.Data, Rows: rows, Cols: cols}, nil
}

// checksumError reports a file whose SHA-256 is not the expected one.
type checksumError struct {
	file, got, want string
}

func (e *checksumError) Error() string {
	return fmt.Sprintf("%s: SHA-256 is %s, want %s (damaged or a different file)", e.file, e.got, e.want)
}

// loadCache loads the data from cacheDir, downloading what is missing or
// damaged. steps describes, for error messages, what was tried.
func loadCache(ctx context.Context, cacheDir string, opt *Options) (d *Data, steps []string, err error) {
	sums := opt.sums
	if sums == nil {
		sums = sha256Sums
	}
	dl := &downloader{opt: opt, dir: cacheDir, dead: map[string]error{}}
	defer dl.close()

	var idx [4]*IDX
	var missing []string
	for i, name := range fileNames {
		path := filepath.Join(cacheDir, name)
		idx[i], err = readFile(path, sha256.New(), sums[name])
		switch {
		case err == nil:
			continue
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, name)
		default:
			// Damaged (a checksum or format problem) or unreadable:
			// delete it and fetch it again.
			dl.note("mnist: cached %s is damaged, downloading it again (%v)", name, err)
			if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				steps = append(steps, fmt.Sprintf("the cache %s: %s is damaged and cannot be deleted: %v", cacheDir, name, rerr))
				return nil, steps, rerr
			}
			missing = append(missing, name+" (damaged, deleted)")
		}
		if err = dl.fetch(ctx, name, sums[name]); err != nil {
			if len(missing) > 0 {
				steps = append(steps, fmt.Sprintf("the cache %s: did not have %s", cacheDir, strings.Join(missing, ", ")))
			}
			steps = append(steps, fmt.Sprintf("downloading %s:\n   %s", name, indent(err.Error(), "   ")))
			return nil, steps, err
		}
		// The download was verified as it arrived: no need to hash again.
		if idx[i], err = readFile(path, nil, ""); err != nil {
			steps = append(steps, fmt.Sprintf("reading the downloaded %s: %v", name, err))
			return nil, steps, err
		}
	}
	d, err = assemble(idx, cacheDir)
	if err != nil {
		steps = append(steps, fmt.Sprintf("the cache %s: %v", cacheDir, err))
		return nil, steps, err
	}
	d.Source = cacheDir + " (cache)"
	if len(dl.used) > 0 {
		d.Source = fmt.Sprintf("%s (downloaded from %s)", cacheDir, strings.Join(dl.used, " and "))
	}
	return d, nil, nil
}
