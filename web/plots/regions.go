package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a model's decision over a rectangle of the plane: Class[r*N+c]
// and Confidence[r*N+c] at the centre of cell (row r from the bottom,
// column c from the left) of an N×N grid spanning [XMin, XMax]×[YMin, YMax].
type Grid struct {
	XMin, XMax, YMin, YMax float64
	// N is the number of rows and of columns, from 1 to MaxGridN.
	N int
	// Class is the predicted class of each cell, in [0, number of classes).
	Class []int
	// Confidence is the model's probability of the predicted class, in [0, 1].
	Confidence []float64
}

// MaxGridN is the largest Grid.N accepted. The grid is drawn as one pixel a
// cell; beyond a few hundred cells a side the picture is finer than the
// screen and only costs bytes.
const MaxGridN = 1024

// Points are labelled examples. X[i] holds the two features (x, y) of
// example i and Y[i] its true class. Test marks held-out examples (drawn
// hollow, train drawn filled); a nil Test means that every example is a
// training example.
type Points struct {
	X    [][]float64
	Y    []int
	Test []bool
}

// RegionLabels are the translated texts of a regions plot. Classes names
// the classes in order and sets how many there are (1 to MaxClasses); Train
// and Test are the legend texts for the two kinds of markers. Empty titles
// and axis labels are left out; legend texts too long for the plot are
// shortened with an ellipsis.
type RegionLabels struct {
	Title, X, Y string
	Classes     []string
	Train, Test string
}

// Frame says where the data area lies in the SVG, so that a click on the
// picture maps to a point of the plane. Lengths are SVG user units (the
// numbers of its viewBox), measured from the SVG's top-left corner with y
// growing downwards; a browser showing the SVG at another size scales them
// by its displayed width / Width.
type Frame struct {
	// Width and Height are the size of the whole SVG.
	Width, Height float64
	// Left, Top, Right and Bottom are the edges of the data area:
	// XMin is at Left, XMax at Right, YMax at Top and YMin at Bottom.
	Left, Top, Right, Bottom float64
	// XMin, XMax, YMin and YMax are the data range the area shows.
	XMin, XMax, YMin, YMax float64
}

// ToData maps a position of the SVG (user units from the top-left corner)
// to the point of the plane under it. ok is false when the position lies
// outside the data area.
func (f Frame) ToData(px, py float64) (x, y float64, ok bool) {
	x = f.XMin + (px-f.Left)/(f.Right-f.Left)*(f.XMax-f.XMin)
	y = f.YMin + (f.Bottom-py)/(f.Bottom-f.Top)*(f.YMax-f.YMin)
	ok = px >= f.Left && px <= f.Right && py >= f.Top && py <= f.Bottom
	return x, y, ok
}

// FromData maps a point of the plane to its position in the SVG (user units
// from the top-left corner); ok is false when the point is outside the
// data range.
func (f Frame) FromData(x, y float64) (px, py float64, ok bool) {
	px = f.Left + (x-f.XMin)/(f.XMax-f.XMin)*(f.Right-f.Left)
	py = f.Bottom - (y-f.YMin)/(f.YMax-f.YMin)*(f.Bottom-f.Top)
	ok = x >= f.XMin && x <= f.XMax && y >= f.YMin && y <= f.YMax
	return px, py, ok
}

// DefaultMaxPoints is the number of points Regions draws when its
// maxPoints is zero. Each point costs about 70 bytes of SVG (measured), so
// 500 points on a 50×50 grid make a plot of about 43 KB.
const DefaultMaxPoints = 500

// Region shading. A cell's colour is its class colour mixed with white:
// regionMinAlpha of the colour where the model is no surer than chance,
// regionMaxAlpha where it is certain, in regionLevels steps. Below about
// 0.5 the full-strength points stay clearly visible on their own region;
// the steps also make the picture compress to a few KB as a PNG.
const (
	regionMinAlpha = 0.06
	regionMaxAlpha = 0.5
	regionLevels   = 8
)

// Point markers (points): radius of a marker, width of a test ring, and the
// width of the dark outline of train markers in pale colours.
const (
	pointRadius  = vg.Length(2.5)
	ringWidth    = vg.Length(1.2)
	outlineWidth = vg.Length(0.5)
	// paleLuminance is the relative luminance above which a class colour
	// gets a dark outline on its markers: it separates the yellow (0.74)
	// from every other colour of the palette (0.42 at most).
	paleLuminance = 0.6
)

// outlineColour is the colour of the outline of pale markers.
var outlineColour = color.Gray{Y: 0x40}

// Regions draws the decision regions of g (each class its own colour, paler
// where the model is less sure) under the points of pts (coloured by true
// class; train examples filled, test examples hollow), with a legend of
// classes and markers to the right of the plot. It returns the SVG and the
// Frame of its data area, which is exactly the rectangle of g.
//
// Points outside the rectangle of g are not drawn. Of the others at most
// maxPoints are drawn (zero means DefaultMaxPoints): when there are more, an
// evenly spaced subset is drawn, the examples with positions
// floor(j·n/maxPoints) for j = 0, 1, ..., maxPoints−1 in the order given
// (n being the number inside the grid), so the same input always shows the
// same points and classes and train/test keep their shares. Test markers
// are drawn over train markers.
//
// The grid is embedded as a PNG with one pixel a cell, its shade in one
// of regionLevels (8) steps of sureness; as vector cells a 100×100 grid
// would be about 945 KB, as a picture it is a few KB. Browsers scale the
// picture smoothly, so a boundary blurs over about one cell.
//
// A zero size field takes DefaultRegionsWidth or DefaultRegionsHeight.
func Regions(g Grid, pts Points, labels RegionLabels, size Size, maxPoints int) (svg []byte, f Frame, err error) {
	size, err = size.resolve(DefaultRegionsWidth, DefaultRegionsHeight)
	if err != nil {
		return nil, Frame{}, err
	}
	if err := checkRegions(g, pts, labels, maxPoints); err != nil {
		return nil, Frame{}, err
	}
	if maxPoints == 0 {
		maxPoints = DefaultMaxPoints
	}
	k := len(labels.Classes)

	p := newPlot(labels.Title, labels.X, labels.Y)
	p.Add(plotter.NewImage(regionImage(g, k), g.XMin, g.YMin, g.XMax, g.YMax))
	p.Add(newMarkers(pts, g, k, maxPoints))
	p.X.Min, p.X.Max = g.XMin, g.XMax
	p.Y.Min, p.Y.Max = g.YMin, g.YMax
	// The picture fills the data area up to the axes.
	p.X.Padding, p.Y.Padding = 0, 0

	entries := make([]legendEntry, 0, k+2)
	for i, name := range labels.Classes {
		entries = append(entries, legendEntry{text: name, thumb: classThumb(palette[i])})
	}
	grey := color.RGBA{0x55, 0x55, 0x55, 0xFF} // mid-dark grey: a marker shape without a class
	entries = append(entries,
		legendEntry{text: labels.Train, thumb: markerThumb{colour: grey}},
		legendEntry{text: labels.Test, thumb: markerThumb{colour: grey, hollow: true}})

	svg, err = render(size, func(c draw.Canvas) error {
		c = inset(c)
		// The legend may take at most 40% of the width, so that the plot
		// keeps at least 60%.
		leg := newColumnLegend(entries, 0.4*(c.Max.X-c.Min.X))
		const gap = vg.Length(8) // between the plot and its legend
		area := draw.Crop(c, 0, -(leg.width + gap), 0, 0)
		p.Draw(area)

		legArea := draw.Crop(c, c.Max.X-c.Min.X-leg.width, 0, 0, 0)
		dc := p.DataCanvas(area)
		legArea.Max.Y = dc.Max.Y // start the legend level with the top of the data
		leg.draw(legArea)

		f = frameOf(dc, size, g)
		return nil
	})
	if err != nil {
		return nil, Frame{}, err
	}
	return svg, f, nil
}

// frameOf converts the data canvas dc of a plot of the given size from
// gonum's coordinates (origin bottom left, y up) to the SVG's (origin top
// left, y down).
func frameOf(dc draw.Canvas, size Size, g Grid) Frame {
	h := size.Height.Points()
	return Frame{
		Width:  size.Width.Points(),
		Height: h,
		Left:   dc.Min.X.Points(),
		Right:  dc.Max.X.Points(),
		Top:    h - dc.Max.Y.Points(),
		Bottom: h - dc.Min.Y.Points(),
		XMin:   g.XMin, XMax: g.XMax, YMin: g.YMin, YMax: g.YMax,
	}
}

// checkRegions validates the inputs of Regions.
func checkRegions(g Grid, pts Points, labels RegionLabels, maxPoints int) error {
	k := len(labels.Classes)
	if k == 0 || k > MaxClasses {
		return fmt.Errorf("plots: %d class names, want 1 to %d", k, MaxClasses)
	}
	for i, name := range labels.Classes {
		if name == "" {
			return fmt.Errorf("plots: class %d has no name", i)
		}
	}
	if labels.Train == "" || labels.Test == "" {
		return fmt.Errorf("plots: the train and test legend texts must not be empty")
	}
	if maxPoints < 0 {
		return fmt.Errorf("plots: maxPoints %d is negative", maxPoints)
	}
	for _, v := range []float64{g.XMin, g.XMax, g.YMin, g.YMax} {
		if !finite(v) {
			return fmt.Errorf("plots: grid range [%v, %v]×[%v, %v] is not finite", g.XMin, g.XMax, g.YMin, g.YMax)
		}
	}
	if !(g.XMin < g.XMax) || !(g.YMin < g.YMax) || !finite(g.XMax-g.XMin) || !finite(g.YMax-g.YMin) {
		return fmt.Errorf("plots: grid range [%v, %v]×[%v, %v] is empty or too wide", g.XMin, g.XMax, g.YMin, g.YMax)
	}
	if g.N < 1 || g.N > MaxGridN {
		return fmt.Errorf("plots: grid size N = %d, want 1 to %d", g.N, MaxGridN)
	}
	if len(g.Class) != g.N*g.N || len(g.Confidence) != g.N*g.N {
		return fmt.Errorf("plots: grid of N = %d needs %d cells, have %d classes and %d confidences",
			g.N, g.N*g.N, len(g.Class), len(g.Confidence))
	}
	for i, c := range g.Class {
		if c < 0 || c >= k {
			return fmt.Errorf("plots: grid cell %d has class %d, want 0 to %d", i, c, k-1)
		}
	}
	for i, v := range g.Confidence {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("plots: grid cell %d has confidence %v, want 0 to 1", i, v)
		}
	}
	if len(pts.Y) != len(pts.X) {
		return fmt.Errorf("plots: %d points but %d classes", len(pts.X), len(pts.Y))
	}
	if pts.Test != nil && len(pts.Test) != len(pts.X) {
		return fmt.Errorf("plots: %d points but %d test marks", len(pts.X), len(pts.Test))
	}
	for i, x := range pts.X {
		if len(x) != 2 {
			return fmt.Errorf("plots: point %d has %d features, want 2", i, len(x))
		}
		if !finite(x[0]) || !finite(x[1]) {
			return fmt.Errorf("plots: point %d at (%v, %v) is not finite", i, x[0], x[1])
		}
		if pts.Y[i] < 0 || pts.Y[i] >= k {
			return fmt.Errorf("plots: point %d has class %d, want 0 to %d", i, pts.Y[i], k-1)
		}
	}
	return nil
}

// regionImage draws g with one pixel a cell (row 0 of the image at the top,
// so grid row r is image row N−1−r). It is a paletted image: k classes
// times regionLevels shades, which the PNG encoder stores at one byte a
// pixel.
func regionImage(g Grid, k int) *image.Paletted {
	pal := make(color.Palette, 0, k*regionLevels)
	for c := range k {
		for l := range regionLevels {
			a := regionMinAlpha + (regionMaxAlpha-regionMinAlpha)*float64(l)/float64(regionLevels-1)
			pal = append(pal, blend(palette[c], a))
		}
	}
	img := image.NewPaletted(image.Rect(0, 0, g.N, g.N), pal)
	for r := range g.N {
		for c := range g.N {
			i := r*g.N + c
			l := int(math.Round(sureness(g.Confidence[i], k) * (regionLevels - 1)))
			img.SetColorIndex(c, g.N-1-r, uint8(g.Class[i]*regionLevels+l))
		}
	}
	return img
}

// sureness rescales a confidence in [0, 1] so that chance (1/k) gives 0
// and certainty gives 1.
func sureness(conf float64, k int) float64 {
	if k < 2 {
		return conf
	}
	chance := 1 / float64(k)
	return min(max((conf-chance)/(1-chance), 0), 1)
}

// markers draws the chosen points, grouped by class and kind so that each
// group is a single SVG path: a path element per point would add about 30
// bytes (its tag and style) to the 70 of each circle.
type markers struct {
	xy    [][2]float64 // data coordinates
	class []int
	test  []bool
	k     int
}

// newMarkers chooses the points to draw (see Regions).
func newMarkers(pts Points, g Grid, k, maxPoints int) *markers {
	var inside []int
	for i, x := range pts.X {
		if x[0] >= g.XMin && x[0] <= g.XMax && x[1] >= g.YMin && x[1] <= g.YMax {
			inside = append(inside, i)
		}
	}
	n := len(inside)
	if n > maxPoints {
		chosen := make([]int, maxPoints)
		for j := range chosen {
			chosen[j] = inside[j*n/maxPoints]
		}
		inside = chosen
	}
	m := &markers{k: k}
	for _, i := range inside {
		m.xy = append(m.xy, [2]float64{pts.X[i][0], pts.X[i][1]})
		m.class = append(m.class, pts.Y[i])
		m.test = append(m.test, pts.Test != nil && pts.Test[i])
	}
	return m
}

// Plot implements plot.Plotter.
func (m *markers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, test := range []bool{false, true} {
		for class := range m.k {
			var path vg.Path
			for i, xy := range m.xy {
				if m.class[i] == class && m.test[i] == test {
					addCircle(&path, vg.Point{X: trX(xy[0]), Y: trY(xy[1])}, pointRadius)
				}
			}
			if len(path) == 0 {
				continue
			}
			drawMarkers(c.Canvas, path, palette[class], test)
		}
	}
}

// addCircle appends a circle of radius r around pt to path.
func addCircle(path *vg.Path, pt vg.Point, r vg.Length) {
	path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	path.Arc(pt, r, 0, 2*math.Pi)
	path.Close()
}

// drawMarkers fills (train) or strokes (test) the circles of path in col.
// Pale colours get a thin dark outline, which keeps them visible on their
// own pale region and on white.
func drawMarkers(c vg.Canvas, path vg.Path, col color.RGBA, test bool) {
	pale := luminance(col) > paleLuminance
	if test {
		if pale {
			c.SetColor(outlineColour)
			c.SetLineWidth(ringWidth + 2*outlineWidth)
			c.Stroke(path)
		}
		c.SetColor(col)
		c.SetLineWidth(ringWidth)
		c.Stroke(path)
		return
	}
	c.SetColor(col)
	c.Fill(path)
	if pale {
		c.SetColor(outlineColour)
		c.SetLineWidth(outlineWidth)
		c.Stroke(path)
	}
}

// classThumb is a legend picture of a class: a swatch of its region colour
// with a train marker in the middle.
type classThumb color.RGBA

// Thumbnail implements plot.Thumbnailer.
func (t classThumb) Thumbnail(c *draw.Canvas) {
	col := color.RGBA(t)
	// A swatch a little shorter than the line, so that neighbours do not touch.
	h := 0.8 * (c.Max.Y - c.Min.Y)
	mid := c.Center()
	sw := vg.Rectangle{
		Min: vg.Point{X: c.Min.X, Y: mid.Y - h/2},
		Max: vg.Point{X: c.Max.X, Y: mid.Y + h/2},
	}
	c.SetColor(blend(col, regionMaxAlpha))
	c.Fill(sw.Path())
	var path vg.Path
	addCircle(&path, mid, pointRadius)
	drawMarkers(c.Canvas, path, col, false)
}

// markerThumb is a legend picture of a marker kind: filled or hollow.
type markerThumb struct {
	colour color.RGBA
	hollow bool
}

// Thumbnail implements plot.Thumbnailer.
func (t markerThumb) Thumbnail(c *draw.Canvas) {
	var path vg.Path
	addCircle(&path, c.Center(), pointRadius)
	drawMarkers(c.Canvas, path, t.colour, t.hollow)
}

// inset leaves a margin around a plot, so that text at its edges is not
// cut off by the edge of the picture.
func inset(c draw.Canvas) draw.Canvas {
	const m = vg.Length(4) // about a third of the text height
	return draw.Crop(c, m, -m, m, -m)
}
