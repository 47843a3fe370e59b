// Package plots renders the plots that the server sends to browsers: loss
// and accuracy curves (Curves), the decision regions of a two-feature
// classifier with its data points on top (Regions), a regression model's
// curve (Fit), a decision tree (Tree), an expression's graph (Graph), and
// the evaluation of a model: its confusion matrix (Confusion), rates per
// group (GroupBars) and how accuracy and fairness gaps move with the
// decision threshold (Tradeoff).
//
// The package knows nothing about HTTP or the rest of the project. It takes
// plain data and labels that are already translated, and returns SVG bytes
// drawn with gonum.org/v1/plot. All lengths (Size, Frame) are in SVG user
// units, which vgsvg writes as typographic points (1 pt = 1/72 inch, 4/3 of
// a CSS pixel): the numbers of the SVG's viewBox.
//
// Text uses the Liberation Sans font that gonum/plot bundles: it has every
// Kazakh and Russian letter, and its widths match Arial's, so text measured
// here still fits when a browser without Liberation falls back to Arial or
// another sans-serif face (the SVG names those fallbacks). Fonts are not
// embedded, which keeps the SVG small.
//
// Output is deterministic: the same input gives the same bytes. Every
// function may be called from several goroutines at once.
package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Size is the size of a plot in SVG user units (points, see the package
// documentation; a vg.Length counts points). A zero field takes the default of the function drawing
// the plot; a negative or non-finite field is an error.
type Size struct {
	Width, Height vg.Length
}

// Default sizes. A 1024×768 tablet shows two plots side by side at about
// 480 CSS pixels wide each (1024 px minus margins, halved); 360 pt is
// 480 px. Curves are 3:2; regions are taller because the legend sits to the
// right of a roughly square data area.
const (
	// DefaultCurveWidth is the width of a curve plot whose Size.Width is zero.
	DefaultCurveWidth = vg.Length(360)
	// DefaultCurveHeight is the height of a curve plot whose Size.Height is zero.
	DefaultCurveHeight = vg.Length(240)
	// DefaultRegionsWidth is the width of a regions plot whose Size.Width is zero.
	DefaultRegionsWidth = vg.Length(360)
	// DefaultRegionsHeight is the height of a regions plot whose Size.Height is zero.
	DefaultRegionsHeight = vg.Length(300)
)

// maxLength bounds a plot side (points, about 14 m): anything bigger is a
// caller's mistake, not a screen.
const maxLength = vg.Length(40000)

// resolve fills in zero fields of s with the given defaults and checks the result.
func (s Size) resolve(defW, defH vg.Length) (Size, error) {
	if s.Width == 0 {
		s.Width = defW
	}
	if s.Height == 0 {
		s.Height = defH
	}
	for _, l := range []vg.Length{s.Width, s.Height} {
		if math.IsNaN(float64(l)) || l <= 0 || l > maxLength {
			return s, fmt.Errorf("plots: size %v×%v pt must be positive and at most %v pt",
				float64(s.Width), float64(s.Height), float64(maxLength))
		}
	}
	return s, nil
}

// MaxClasses is the number of classes (and of curve series) that have a
// colour of their own.
const MaxClasses = 10

// palette holds the class and series colours, in the order they are used.
// The first eight are the Okabe–Ito palette (M. Okabe and K. Ito, "Color
// Universal Design", 2002, https://jfly.uni-koeln.de/color/), which stays
// distinguishable under the common kinds of colour blindness; they are
// reordered so that two classes get the strongest pair (orange and blue) and
// the pale yellow and the black come last. The last two are "wine" and
// "olive" from Paul Tol's colour-blind-safe "muted" scheme (Tol, "Colour
// Schemes", SRON/EPS/TN/09-002, 2021); with more than eight classes a few
// pairs are harder to tell apart.
var palette = [MaxClasses]color.RGBA{
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0x88, 0x22, 0x55, 0xFF}, // wine (Tol muted)
	{0x99, 0x99, 0x33, 0xFF}, // olive (Tol muted)
}

// Colour returns the colour used for class or series i (0-based), and false
// when i is outside [0, MaxClasses). Other views (a confusion matrix, the
// page's own legend) can use it to match these plots.
func Colour(i int) (color.RGBA, bool) {
	if i < 0 || i >= MaxClasses {
		return color.RGBA{}, false
	}
	return palette[i], true
}

// luminance returns the relative luminance of c in [0, 1] (WCAG 2.x
// definition: sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722).
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// blend mixes c with white: a = 1 gives c, a = 0 gives white.
func blend(c color.RGBA, a float64) color.RGBA {
	mix := func(v uint8) uint8 {
		return uint8(math.Round(255 - a*(255-float64(v))))
	}
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xFF}
}

// Fonts and text sizes (points). 12 pt titles and 10 pt labels are
// gonum/plot's own defaults for title and ticks; at 360 pt wide they read
// as 16 and 13 CSS pixels on a tablet.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

const (
	titleSize  = vg.Length(12)
	labelSize  = vg.Length(11)
	tickSize   = vg.Length(10)
	legendSize = vg.Length(10)
)

// newPlot returns a plot with the package's fonts and the given texts.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, titleSize)
	p.Title.Padding = vg.Length(4) // a little air under the title; gonum's default is none
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Tick.Length = vg.Length(4) // half gonum's 8 pt default: less ink on a small plot
	}
	return p
}

// Fixes applied to vgsvg's output, each a search and its replacement.
// Every search string lies inside a tag, where label text cannot reach
// because vgsvg escapes '<' and '"' in text.
var svgFixes = [...]struct{ from, to string }{
	// vgsvg names only the font family; a browser without Liberation Sans
	// should fall back to fonts of the same widths (Arial, Helvetica).
	{`style="font-family:Liberation Sans;`, `style="font-family:Liberation Sans,Arial,Helvetica,sans-serif;`},
	// vgsvg labels its PNG data as JPEG; strict renderers (librsvg) then
	// draw nothing.
	{`xlink:href="data:image/jpg;base64,`, `xlink:href="data:image/png;base64,`},
	// SVG keeps an image's aspect ratio by default ("xMidYMid meet"), so a
	// square grid in a non-square data area would shrink and leave bands
	// uncovered; it must fill the rectangle gonum computed.
	{`<image x=`, `<image preserveAspectRatio="none" x=`},
}

// render creates an SVG canvas of the given size, calls paint on it and
// returns the SVG bytes. A panic inside paint (gonum/plot panics on some
// inputs) comes back as an error.
func render(size Size, paint func(c draw.Canvas) error) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("plots: drawing failed: %v", r)
		}
	}()
	cnv := vgsvg.New(size.Width, size.Height)
	if err := paint(draw.New(cnv)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := cnv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: writing SVG: %w", err)
	}
	out = buf.Bytes()
	for _, f := range svgFixes {
		out = bytes.ReplaceAll(out, []byte(f.from), []byte(f.to))
	}
	return out, nil
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}
