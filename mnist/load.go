package mnist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
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

// EnvMirror names, when Options.Mirrors is nil, the mirrors to download
// from instead of DefaultMirrors: one URL, or several separated by commas
// (a school's copy, a lab's proxy).
const EnvMirror = "DLFS_MNIST_MIRROR"

// ParseMirrors splits a comma-separated list of mirror URLs and checks
// that each is an http or https URL with a host.
func ParseMirrors(list string) ([]string, error) {
	var ms []string
	for _, m := range strings.Split(list, ",") {
		m = strings.TrimSpace(m)
		u, err := url.Parse(m)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("mnist: mirror %q is not an http:// or https:// URL, such as %s", m, DefaultMirrors[0])
		}
		ms = append(ms, m)
	}
	return ms, nil
}

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
	// those of $DLFS_MNIST_MIRROR (EnvMirror), else DefaultMirrors. A
	// file's URL is the mirror followed by its name. Mirrors named in the
	// variable that fail give an error, not the synthetic stand-in.
	Mirrors []string

	// Client makes the HTTP requests (nil: a plain client). Whatever the
	// client, one timeout policy applies: a download is abandoned when the
	// server leaves it waiting for Timeout at any point, whether for the
	// connection, the response headers or the next piece of the body. A
	// mirror abandoned or failing once is not tried again in the same Load.
	Client *http.Client

	// Timeout is that limit; zero means DefaultTimeout.
	Timeout time.Duration

	// MinRate is the slowest a download may go, in bytes a second averaged
	// over each Timeout; zero means DefaultMinRate. A slower one is
	// abandoned, so that a mirror trickling a byte at a time cannot keep
	// the replay waiting for days.
	MinRate float64

	// Log receives short notes about what Load is doing (nil means
	// silent). Normally os.Stderr.
	Log io.Writer

	// Progress, if not nil, is called as each download advances, so the
	// caller can draw a progress bar.
	Progress func(Download)

	// NoSynthetic makes Load return an error, instead of falling back to
	// the synthetic digits, when no real data can be found or downloaded.
	NoSynthetic bool

	// Hooks for tests; zero values mean the real settings.
	sums map[string]string // expected SHA-256 of each .gz file
}

// Download is the progress of one file being downloaded: Done of Total
// bytes (Total is -1 when the server does not say), Finished on the last
// call for the file, whether it succeeded or not.
type Download struct {
	File        string
	Done, Total int64
	Finished    bool
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
	if env := os.Getenv(EnvMirror); opt.Mirrors == nil && env != "" {
		ms, err := ParseMirrors(env)
		if err != nil {
			return nil, fmt.Errorf("%w (from $%s)", err, EnvMirror)
		}
		opt.Mirrors, opt.NoSynthetic = ms, true
	}
	if opt.Dir != "" && isMat(opt.Dir) {
		return readMatFile(ctx, opt.Dir)
	}
	if opt.Dir != "" {
		return loadNamed(ctx, opt.Dir, fmt.Sprintf("data directory %q", opt.Dir),
			"fix or replace the files, or leave out the data directory (-data) to use the cache and the automatic download")
	}
	if dir := os.Getenv(EnvDir); dir != "" {
		return loadNamed(ctx, dir, fmt.Sprintf("$%s=%q", EnvDir, dir),
			fmt.Sprintf("fix or replace the files, or unset %s to use the cache and the automatic download", EnvDir))
	}

	tried := []string{
		"the data directory (-data): not given",
		fmt.Sprintf("$%s: not set", EnvDir),
	}
	var errs []error
	cacheDir := opt.CacheDir
	if cacheDir == "" {
		var err error
		if cacheDir, err = DefaultCacheDir(); err != nil {
			tried = append(tried, fmt.Sprintf("the cache: there is none (%v)", err))
			errs = append(errs, err)
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

// DefaultCacheDir returns the folder Load downloads into when
// Options.CacheDir is empty: filepath.Join(os.UserCacheDir(), "dlfs",
// "mnist"), for example ~/.cache/dlfs/mnist on Linux.
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "dlfs", "mnist"), nil
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
func loadNamed(ctx context.Context, dir, what, hint string) (*Data, error) {
	d, err := loadDir(ctx, dir)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("mnist: loading stopped: %w", context.Cause(ctx))
	}
	if err != nil {
		return nil, fmt.Errorf("%w\n(%s is the only place searched while it is set: %s)", err, what, hint)
	}
	d.Source = dir
	return d, nil
}

// loadDir reads the four files from dir, gzipped or not.
func loadDir(ctx context.Context, dir string) (*Data, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("mnist: directory %s does not exist", dir)
		}
		return nil, fmt.Errorf("mnist: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("mnist: %s is a file, not a directory: name the folder that holds the four MNIST files, or a .mat file", dir)
	}
	var paths [4]string
	for i, name := range fileNames {
		if paths[i], err = findFile(dir, name); err != nil {
			return nil, err
		}
	}
	return readFiles(ctx, paths, dir)
}

// readFiles reads the four files at paths (in the order of fileNames). The
// headers of each images file and its labels file are read and compared
// first, so files that do not match are rejected before their data is
// inflated.
func readFiles(ctx context.Context, paths [4]string, dir string) (*Data, error) {
	var sets [2]*Set
	for k := range sets {
		imgPath, lblPath := paths[2*k], paths[2*k+1]
		img, err := openFile(ctx, imgPath)
		if err != nil {
			return nil, err
		}
		defer img.close()
		lbl, err := openFile(ctx, lblPath)
		if err != nil {
			return nil, err
		}
		defer lbl.close()
		if err := checkPair(img.dims, lbl.dims, fileNames[2*k], fileNames[2*k+1], dir); err != nil {
			return nil, err
		}
		labels, err := lbl.read()
		if err != nil {
			return nil, err
		}
		images, err := img.read()
		if err != nil {
			return nil, err
		}
		if sets[k], err = makeSet(images, labels, fileNames[2*k], fileNames[2*k+1], dir); err != nil {
			return nil, err
		}
	}
	return &Data{Train: sets[0], Test: sets[1]}, nil
}

// openedFile is an IDX file open for reading, its header read.
type openedFile struct {
	*idxReader
	f *os.File
}

func (o *openedFile) close() {
	o.idxReader.close()
	o.f.Close()
}

// openFile opens the IDX file at path and reads its header. Reading
// stops when ctx is done.
func openFile(ctx context.Context, path string) (*openedFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	var r io.Reader = ctxReader{ctx, f}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		r = sizedReader{r, fi.Size()}
	}
	x, err := openIDX(r, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &openedFile{x, f}, nil
}

// ctxReader is a reader that stops with ctx's error once ctx is done, so
// that reading a slow file (a named pipe, a network disk) can be
// interrupted between reads.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.r.Read(p)
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

// hashFile returns the hex SHA-256 of the file at path, reading it as it
// is: a cached file is verified before anything decompresses it.
func hashFile(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		return "", fmt.Errorf("mnist: %s: reading: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sizedReader is a reader that can tell ReadIDX its total size.
type sizedReader struct {
	io.Reader
	size int64
}

func (s sizedReader) Size() int64 { return s.size }

// checkPair checks the headers of an images file and a labels file
// against each other, before their data is read.
func checkPair(images, labels []int, imagesName, labelsName, dir string) error {
	fail := func(name, format string, args ...any) error {
		return fmt.Errorf("mnist: %s: %s", filepath.Join(dir, name), fmt.Sprintf(format, args...))
	}
	if len(images) != 3 {
		return fail(imagesName, "has %d dimension(s) %v, but an image file has 3 (count, rows, columns); is a label file stored under this name?", len(images), images)
	}
	if len(labels) != 1 {
		return fail(labelsName, "has %d dimensions %v, but a label file has 1 (count); is an image file stored under this name?", len(labels), labels)
	}
	n, rows, cols := images[0], images[1], images[2]
	if rows != 28 || cols != 28 {
		return fail(imagesName, "images are %dx%d, but MNIST images are 28x28", rows, cols)
	}
	if n == 0 {
		return fail(imagesName, "holds no images")
	}
	if labels[0] != n {
		return fmt.Errorf("mnist: %s holds %d images but %s holds %d labels; one of them is damaged or they come from different data sets",
			filepath.Join(dir, imagesName), n, filepath.Join(dir, labelsName), labels[0])
	}
	return nil
}

// makeSet checks an images file and a labels file against each other.
func makeSet(images, labels *IDX, imagesName, labelsName, dir string) (*Set, error) {
	if err := checkPair(images.Dims, labels.Dims, imagesName, labelsName, dir); err != nil {
		return nil, err
	}
	if i, l := badLabel(labels.Data); i >= 0 {
		return nil, fmt.Errorf("mnist: %s: label %d at index %d is not a digit 0-9", filepath.Join(dir, labelsName), l, i)
	}
	return &Set{Pixels: images.Data, Labels: labels.Data, Rows: images.Dims[1], Cols: images.Dims[2]}, nil
}

// checksumError reports a file whose SHA-256 is not the expected one.
type checksumError struct {
	file, got, want string
}

func (e *checksumError) Error() string {
	return fmt.Sprintf("%s: SHA-256 is %s, want %s (damaged or a different file)", e.file, e.got, e.want)
}

// loadCache loads the data from cacheDir, downloading what is missing or
// damaged. steps describes, for error messages, what was tried. Every
// cached file's SHA-256 is checked before it is decompressed, and
// temporary files left by a killed download are removed first.
func loadCache(ctx context.Context, cacheDir string, opt *Options) (d *Data, steps []string, err error) {
	sums := opt.sums
	if sums == nil {
		sums = sha256Sums
	}
	removeStale(cacheDir)
	dl := &downloader{opt: opt, dir: cacheDir, dead: map[string]error{}}
	defer dl.close()

	var paths [4]string
	var missing []string
	for i, name := range fileNames {
		paths[i] = filepath.Join(cacheDir, name)
		got, err := hashFile(ctx, paths[i])
		switch {
		case err == nil && got == sums[name]:
			continue
		case ctx.Err() != nil:
			return nil, steps, context.Cause(ctx)
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, name)
		default:
			// Damaged (a wrong checksum) or unreadable: delete it and
			// fetch it again.
			if err == nil {
				err = &checksumError{file: paths[i], got: got, want: sums[name]}
			}
			dl.note("mnist: cached %s is damaged, downloading it again (%v)", name, err)
			if rerr := os.Remove(paths[i]); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
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
	}
	// Every file now has its known SHA-256: the real MNIST.
	d, err = readFiles(ctx, paths, cacheDir)
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
