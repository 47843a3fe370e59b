package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/aisandbox/aisandbox/i18n"
)

// Images is a labelled set of small grayscale pictures, all of one size.
//
// Each row of Pixels is one picture, stored row by row (the pixel at column
// x and row y of a picture is at index y·Width + x, with y = 0 at the top).
// Values are brightness in [0, 1]: 0 is black and 1 is white.
//
// The ink convention is the one MNIST made familiar: what matters (the
// strokes of a digit) is bright, 1, and the empty background is dark, 0.
// A model then sees "ink" as large input values and "nothing" as zeros.
// Prepare turns a photo of dark ink on light paper the same way round.
type Images struct {
	// Name identifies the set, e.g. "digits".
	Name string
	// Width and Height are the size of every picture, in pixels.
	Width, Height int
	// Classes names the classes; label k in Y means Classes[k].
	Classes []string
	// Pixels holds one picture of Width·Height values in [0, 1] per example.
	Pixels [][]float64
	// Y holds one label per picture, each in [0, len(Classes)).
	Y []int
	// Masks, when not nil, holds one mask per picture, of the same length
	// as its pixels: how much of each pixel the figure covers, from 0 (all
	// background) to 1 (all figure). It is nil when the set does not know
	// where its figures are (digits, shapes, uploads); "shapes-bg" fills it,
	// and SwapBackground needs it.
	Masks [][]float64
	// Card describes the data.
	Card Card
}

// Len returns the number of pictures.
func (im *Images) Len() int { return len(im.Pixels) }

// Validate reports the first inconsistency in im: a size that is not
// positive, a picture of the wrong length, a value outside [0, 1] (or NaN),
// a label out of range, or no classes; and, when im has masks, a mask
// missing or of the wrong length or a coverage outside [0, 1].
func (im *Images) Validate() error {
	if im == nil {
		return errors.New("datasets: nil image set")
	}
	if im.Width <= 0 || im.Height <= 0 {
		return fmt.Errorf("datasets: image size %d×%d is not positive", im.Width, im.Height)
	}
	if len(im.Classes) == 0 {
		return errors.New("datasets: image set has no classes")
	}
	if len(im.Pixels) != len(im.Y) {
		return fmt.Errorf("datasets: %d images but %d labels", len(im.Pixels), len(im.Y))
	}
	want := im.Width * im.Height
	for i, p := range im.Pixels {
		if len(p) != want {
			return fmt.Errorf("datasets: image %d has %d pixels, want %d×%d = %d", i, len(p), im.Width, im.Height, want)
		}
		for j, v := range p {
			// The negated test also catches NaN.
			if !(v >= 0 && v <= 1) {
				return fmt.Errorf("datasets: image %d, pixel %d is %v, want a value in [0, 1]", i, j, v)
			}
		}
		if y := im.Y[i]; y < 0 || y >= len(im.Classes) {
			return fmt.Errorf("datasets: image %d has label %d, want 0..%d", i, y, len(im.Classes)-1)
		}
	}
	if im.Masks == nil {
		return nil
	}
	if len(im.Masks) != len(im.Pixels) {
		return fmt.Errorf("datasets: %d images but %d masks", len(im.Pixels), len(im.Masks))
	}
	for i, m := range im.Masks {
		if len(m) != want {
			return fmt.Errorf("datasets: mask %d has %d values, want %d×%d = %d", i, len(m), im.Width, im.Height, want)
		}
		for j, v := range m {
			if !(v >= 0 && v <= 1) {
				return fmt.Errorf("datasets: mask %d, pixel %d is %v, want a coverage in [0, 1]", i, j, v)
			}
		}
	}
	return nil
}

// Subset returns a set with the pictures of im (and their masks, if im has
// them) at the given indices, in that order. The pictures are shared with
// im, not copied.
func (im *Images) Subset(idx []int) *Images {
	s := &Images{
		Name:    im.Name,
		Width:   im.Width,
		Height:  im.Height,
		Classes: im.Classes,
		Pixels:  make([][]float64, len(idx)),
		Y:       make([]int, len(idx)),
		Card:    im.Card,
	}
	if im.Masks != nil {
		s.Masks = make([][]float64, len(idx))
	}
	for k, i := range idx {
		s.Pixels[k] = im.Pixels[i]
		s.Y[k] = im.Y[i]
		if s.Masks != nil {
			s.Masks[k] = im.Masks[i]
		}
	}
	return s
}

// AsTable returns a view of im as a Table, so that models made for tables
// (nearest neighbours, decision trees) can learn from pictures too: each
// pixel becomes a feature named "p0", "p1", ... in the order of Pixels.
// The rows are shared with im, not copied.
func (im *Images) AsTable() *Table {
	features := make([]string, im.Width*im.Height)
	for i := range features {
		features[i] = "p" + strconv.Itoa(i)
	}
	return &Table{
		Name:     im.Name,
		Features: features,
		Classes:  im.Classes,
		X:        im.Pixels,
		Y:        im.Y,
		Card:     im.Card,
	}
}

// Split divides im into a training and a test set, stratified by class,
// with exactly the rules of Table.Split (which it uses): each class sends
// round(count·testFraction) of its pictures to the test set, keeping at
// least one on each side when it has two or more; both sets are shuffled
// with rng, so the same rng state gives the same split. The pictures (and
// masks) are shared with im, not copied.
func (im *Images) Split(testFraction float64, rng *rand.Rand) (train, test *Images, err error) {
	if im == nil {
		return nil, nil, errors.New("datasets: split: nil image set")
	}
	if err := im.Validate(); err != nil {
		return nil, nil, fmt.Errorf("datasets: split: %w", err)
	}
	// Table.Split chooses rows by their labels and rng alone, so splitting a
	// table of picture numbers gives the split of the pictures, and the
	// masks can follow.
	index := &Table{Name: im.Name, Features: []string{"index"}, Classes: im.Classes, X: make([][]float64, im.Len()), Y: im.Y}
	for i := range index.X {
		index.X[i] = []float64{float64(i)}
	}
	tr, te, err := index.Split(testFraction, rng)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: split %s: %w", im.Name, err)
	}
	return im.Subset(rowNumbers(tr)), im.Subset(rowNumbers(te)), nil
}

// rowNumbers returns the picture numbers held by a table made in Split.
func rowNumbers(t *Table) []int {
	idx := make([]int, t.Len())
	for k, row := range t.X {
		idx[k] = int(row[0])
	}
	return idx
}

// ClassTitles returns how to show each class: the card's titles when it has
// one for every class, else each class name as it is, in every language.
func (im *Images) ClassTitles() []i18n.Text {
	return im.AsTable().ClassTitles()
}

// ClassCounts returns how many pictures carry each class.
func (im *Images) ClassCounts() []int {
	c := make([]int, len(im.Classes))
	for _, y := range im.Y {
		if y >= 0 && y < len(c) {
			c[y]++
		}
	}
	return c
}

// newImages returns a set of n pictures of size×size pixels with every
// picture backed by one shared allocation, and labels 0, 1, ..., in turn, so
// that the classes are balanced (they differ by at most one picture).
func newImages(name string, n, size int, classes []string) *Images {
	side := size * size
	backing := make([]float64, n*side)
	im := &Images{
		Name:    name,
		Width:   size,
		Height:  size,
		Classes: classes,
		Pixels:  make([][]float64, n),
		Y:       make([]int, n),
	}
	for i := range n {
		im.Pixels[i] = backing[i*side : (i+1)*side : (i+1)*side]
		im.Y[i] = i % len(classes)
	}
	return im
}

// ImageGenerator makes a seeded instance of a built-in image set.
type ImageGenerator struct {
	// Name identifies the set: "digits", "shapes" or "shapes-bg".
	Name string
	// Card describes the set in every language.
	Card Card
	// DefaultN is the number of pictures made when none is asked for.
	DefaultN int
	// MaxN is the largest number of pictures Generate makes.
	MaxN int
	// DefaultSize is the side of the pictures, in pixels, when none is asked
	// for; MinSize and MaxSize bound the side Generate accepts.
	DefaultSize, MinSize, MaxSize int
	// Upload says how to prepare a picture a student uploads or draws so
	// that it looks like this set's pictures; set its Size to the side of
	// the set's pictures before use.
	Upload PrepareOptions
	// Make draws n pictures of size×size pixels from the seed. It checks its
	// arguments and sets the card.
	Make func(n, size int, seed uint64) (*Images, error)
	// MakeShortcut, when set, draws n pictures of size×size pixels whose
	// background agrees with the class as the dial says: correlation, from
	// 0 to 1, is the phi coefficient between the class and the background
	// (0: the background tells nothing; 1: it always gives the class away);
	// reversed makes it −correlation, the test set on which the shortcut
	// misleads. It is nil for sets without a shortcut. Use
	// GenerateShortcut, which checks the dial.
	MakeShortcut func(n, size int, correlation float64, reversed bool, seed uint64) (*Images, error)
	// DefaultCorrelation is the dial Make uses, for sets with MakeShortcut;
	// 0 otherwise.
	DefaultCorrelation float64
}

// Limits shared by the built-in image sets.
const (
	// imageMinSize is the smallest side that still shows a digit's shape:
	// below 8 pixels a 3 and an 8 become the same blob.
	imageMinSize = 8
	// imageMaxSize is the largest side offered: 32 covers MNIST's 28 and
	// keeps 10,000 pictures under 10000·32·32·8 bytes ≈ 82 MB.
	imageMaxSize = 32
	// imageDefaultSize: 16×16 = 256 inputs train in seconds with the small
	// models of this program, and digits are still plain to read.
	imageDefaultSize = 16
	// imageDefaultN pictures are enough for a small network to reach high
	// accuracy on the generated sets and generate in a fraction of a second.
	imageDefaultN = 5000
	// imageMaxN bounds the work and memory of a single request.
	imageMaxN = 10000
)

// ImageSets returns the built-in image sets in teaching order: digits (a
// picture of one of ten symbols), shapes (a figure anywhere on a changing
// background), then shapes-bg (a circle or a square on a light or dark
// background that may give the class away).
func ImageSets() []ImageGenerator {
	reg := imageSets()
	order := []string{"digits", "shapes", "shapes-bg"}
	gs := make([]ImageGenerator, 0, len(order))
	for _, name := range order {
		gs = append(gs, reg[name])
	}
	return gs
}

// ImageSet returns the built-in image set with the given name, and false
// when there is none.
func ImageSet(name string) (ImageGenerator, bool) {
	g, ok := imageSets()[name]
	return g, ok
}

// Generate makes n pictures of size×size pixels from the seed. A zero n
// means DefaultN and a zero size means DefaultSize. The same arguments
// always give the same pictures.
func (g ImageGenerator) Generate(n, size int, seed uint64) (*Images, error) {
	if g.Make == nil {
		return nil, fmt.Errorf("datasets: %q is not a built-in image set", g.Name)
	}
	if n == 0 {
		n = g.DefaultN
	}
	if size == 0 {
		size = g.DefaultSize
	}
	return g.Make(n, size, seed)
}

// GenerateShortcut makes n pictures of size×size pixels from the seed with
// the shortcut dial set to correlation (see MakeShortcut), reversed or not.
// A zero n means DefaultN and a zero size means DefaultSize; correlation
// must be in [0, 1]. It returns an error for a set without a shortcut. The
// same arguments always give the same pictures.
func (g ImageGenerator) GenerateShortcut(n, size int, correlation float64, reversed bool, seed uint64) (*Images, error) {
	if g.MakeShortcut == nil {
		return nil, fmt.Errorf("datasets: image set %q has no shortcut dial", g.Name)
	}
	// The negated test also catches NaN.
	if !(correlation >= 0 && correlation <= 1) {
		return nil, fmt.Errorf("datasets: %s: the shortcut correlation must be from 0 to 1, not %v", g.Name, correlation)
	}
	if n == 0 {
		n = g.DefaultN
	}
	if size == 0 {
		size = g.DefaultSize
	}
	return g.MakeShortcut(n, size, correlation, reversed, seed)
}

// imageSets returns the registry of built-in image sets, built afresh on
// each call so that no caller can change what another sees.
func imageSets() map[string]ImageGenerator {
	mk := func(name string, card Card, upload PrepareOptions, gen func(n, size int, seed uint64) (*Images, error)) ImageGenerator {
		return ImageGenerator{
			Name:        name,
			Card:        card,
			DefaultN:    imageDefaultN,
			MaxN:        imageMaxN,
			DefaultSize: imageDefaultSize,
			MinSize:     imageMinSize,
			MaxSize:     imageMaxSize,
			Upload:      upload,
			Make:        gen,
		}
	}
	bg := mk("shapes-bg", shapesBackgroundCard(), PrepareOptions{Ink: InkKeep}, func(n, size int, seed uint64) (*Images, error) {
		return ShapesBackground(n, size, shapesBgDefaultCorrelation, false, seed)
	})
	bg.MakeShortcut = ShapesBackground
	bg.DefaultCorrelation = shapesBgDefaultCorrelation
	return map[string]ImageGenerator{
		// A drawn or photographed digit is dark ink on light paper or a white
		// canvas: find out which way round, stretch it to the full range and
		// frame the ink as the generator frames its glyphs.
		"digits": mk("digits", digitsCard(), PrepareOptions{Ink: InkAuto, Stretch: true, FitInk: true}, Digits),
		// Shapes lie on backgrounds of every brightness, lighter or darker
		// than the figure: keep the picture as it is.
		"shapes": mk("shapes", shapesCard(), PrepareOptions{Ink: InkKeep}, Shapes),
		// A circle or square on a flat light or dark background: keep the
		// picture as it is, since the background is part of what the set
		// teaches.
		"shapes-bg": bg,
	}
}

// checkImageArgs returns an error when n or size is outside the limits of
// the built-in image sets.
func checkImageArgs(name string, n, size int) error {
	if n < MinN || n > imageMaxN {
		return fmt.Errorf("datasets: %s: the number of images must be from %d to %d, not %d", name, MinN, imageMaxN, n)
	}
	if size < imageMinSize || size > imageMaxSize {
		return fmt.Errorf("datasets: %s: the image side must be from %d to %d pixels, not %d", name, imageMinSize, imageMaxSize, size)
	}
	return nil
}

// pixClamp returns v limited to [0, 1].
func pixClamp(v float64) float64 {
	return math.Min(1, math.Max(0, v))
}
