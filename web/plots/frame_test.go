package plots

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// quadrantGrid returns an N = 40 grid over [-1, 3]×[-2, 2] whose class is
// bit 0: x > 0, bit 1: y > 0.5, so its boundaries lie at x = 0 (column 10)
// and y = 0.5 (row 25 from the bottom), both on cell edges (cells are
// 0.1 wide and high).
func quadrantGrid() Grid {
	g := Grid{XMin: -1, XMax: 3, YMin: -2, YMax: 2, N: 40}
	for r := range g.N {
		for c := range g.N {
			x := g.XMin + (float64(c)+0.5)*0.1
			y := g.YMin + (float64(r)+0.5)*0.1
			k := 0
			if x > 0 {
				k |= 1
			}
			if y > 0.5 {
				k |= 2
			}
			g.Class = append(g.Class, k)
			g.Confidence = append(g.Confidence, 1)
		}
	}
	return g
}

var quadrantLabels = RegionLabels{Title: "Quadrants", X: "x", Y: "y",
	Classes: []string{"A", "B", "C", "D"}, Train: "train", Test: "test"}

// svgImage is the <image> element of a regions plot, in SVG coordinates.
type svgImage struct {
	left, top, width, height float64
	preserve                 string
	img                      image.Image
}

var imageRE = regexp.MustCompile(`<image preserveAspectRatio="([a-z]+)" x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" xlink:href="data:image/png;base64,([^"]+)" transform="scale\(1, -1\)" />`)

// parseImage finds the one <image> of svg. vgsvg draws it at (x, y) with
// the given size inside two y flips: the document's "scale(1, -1)
// translate(0, -H)" and the image's own "scale(1, -1)", so a point (u, v)
// of the image's box lands at (u, H + v) of the SVG.
func parseImage(t *testing.T, svg []byte, h float64) svgImage {
	t.Helper()
	all := imageRE.FindAllSubmatch(svg, -1)
	if len(all) != 1 {
		t.Fatalf("found %d <image> elements of the expected form, want 1", len(all))
	}
	m := all[0]
	num := func(b []byte) float64 {
		v, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			t.Fatalf("image attribute %q: %v", b, err)
		}
		return v
	}
	raw, err := base64.StdEncoding.DecodeString(string(m[6]))
	if err != nil {
		t.Fatalf("image data: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("image PNG: %v", err)
	}
	return svgImage{left: num(m[2]), top: h + num(m[3]), width: num(m[4]), height: num(m[5]),
		preserve: string(m[1]), img: img}
}

// firstChange returns the first i in [1, n) where at(i) differs from at(i-1).
func firstChange(n int, at func(i int) color.Color) int {
	for i := 1; i < n; i++ {
		r0, g0, b0, _ := at(i - 1).RGBA()
		r1, g1, b1, _ := at(i).RGBA()
		if r0 != r1 || g0 != g1 || b0 != b1 {
			return i
		}
	}
	return -1
}

// markerStart returns where the first filled marker path of a colour starts.
func markerStart(t *testing.T, svg []byte, col color.RGBA) (x, y float64) {
	t.Helper()
	re := regexp.MustCompile(fmt.Sprintf(`(?i)<path d="M([-0-9.e]+),([-0-9.e]+)A[^"]*"\s*style="fill:#%02x%02x%02x"`, col.R, col.G, col.B))
	m := re.FindSubmatch(svg)
	if m == nil {
		t.Fatalf("no marker path of colour %v", col)
	}
	x, _ = strconv.ParseFloat(string(m[1]), 64)
	y, _ = strconv.ParseFloat(string(m[2]), 64)
	return x, y
}

func TestRegionsFrame(t *testing.T) {
	g := quadrantGrid()
	// One train point on the corner where all four classes meet (class
	// C), one at the top right corner of the grid (class B).
	pts := Points{X: [][]float64{{0, 0.5}, {3, 2}}, Y: []int{2, 1}}
	noTitle := quadrantLabels
	noTitle.Title, noTitle.X = "", ""
	tests := []struct {
		name   string
		labels RegionLabels
		size   Size
	}{
		{"default size", quadrantLabels, Size{}},
		{"wide", quadrantLabels, Size{Width: 600, Height: 250}},
		{"tall without title", noTitle, Size{Width: 250, Height: 400}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, f, err := Regions(g, pts, tt.labels, tt.size, 0)
			if err != nil {
				t.Fatal(err)
			}
			size, _ := tt.size.resolve(DefaultRegionsWidth, DefaultRegionsHeight)
			if f.Width != size.Width.Points() || f.Height != size.Height.Points() {
				t.Errorf("frame size %v×%v, want %v×%v", f.Width, f.Height, size.Width.Points(), size.Height.Points())
			}
			if f.XMin != g.XMin || f.XMax != g.XMax || f.YMin != g.YMin || f.YMax != g.YMax {
				t.Errorf("frame range %+v, want the grid's", f)
			}
			if !(0 < f.Left && f.Left < f.Right && f.Right < f.Width && 0 < f.Top && f.Top < f.Bottom && f.Bottom < f.Height) {
				t.Errorf("frame %+v does not lie inside the picture", f)
			}

			// The heat map picture must cover exactly the data area.
			im := parseImage(t, svg, f.Height)
			if im.preserve != "none" {
				t.Errorf("image preserveAspectRatio %q, want none (or a non-square area is not filled)", im.preserve)
			}
			const eps = 0.01 // SVG numbers carry five significant digits
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"left", im.left, f.Left}, {"right", im.left + im.width, f.Right},
				{"top", im.top, f.Top}, {"bottom", im.top + im.height, f.Bottom},
			} {
				if math.Abs(c.got-c.want) > eps {
					t.Errorf("image %s edge at %v, frame says %v", c.name, c.got, c.want)
				}
			}

			// The class boundaries in the picture must be where the frame
			// puts x = 0 and y = 0.5.
			b := im.img.Bounds()
			if b.Dx() != g.N || b.Dy() != g.N {
				t.Fatalf("image is %v, want %d×%d", b, g.N, g.N)
			}
			col := firstChange(g.N, func(i int) color.Color { return im.img.At(i, 0) })
			row := firstChange(g.N, func(i int) color.Color { return im.img.At(0, i) })
			if col != 10 || row != 15 {
				t.Fatalf("boundaries at image column %d, row %d; want 10, 15", col, row)
			}
			bx := im.left + im.width*float64(col)/float64(g.N)
			by := im.top + im.height*float64(row)/float64(g.N)
			px, py, ok := f.FromData(0, 0.5)
			if !ok || math.Abs(px-bx) > 1 || math.Abs(py-by) > 1 {
				t.Errorf("frame maps (0, 0.5) to (%v, %v, %v); the boundaries are drawn at (%v, %v)", px, py, ok, bx, by)
			}
			// Bottom left pixel is class A, top right class D, both at full strength.
			for _, c := range []struct {
				x, y, class int
			}{{0, g.N - 1, 0}, {g.N - 1, 0, 3}} {
				want := blend(palette[c.class], regionMaxAlpha)
				if got := color.RGBAModel.Convert(im.img.At(c.x, c.y)).(color.RGBA); got != want {
					t.Errorf("image pixel (%d, %d) is %v, want class %d's %v", c.x, c.y, got, c.class, want)
				}
			}

			// Markers must be drawn where the frame maps their points. A
			// circle's path starts at its rightmost point, in gonum's
			// y-up coordinates.
			for i, xy := range pts.X {
				mx, my := markerStart(t, svg, palette[pts.Y[i]])
				cx, cy := mx-pointRadius.Points(), f.Height-my
				px, py, ok := f.FromData(xy[0], xy[1])
				if !ok || math.Abs(px-cx) > eps || math.Abs(py-cy) > eps {
					t.Errorf("point %v drawn at (%v, %v), frame maps it to (%v, %v, %v)", xy, cx, cy, px, py, ok)
				}
			}
		})
	}
}

// TestRegionsFrameRasterised renders the SVG with librsvg, as a browser
// would, and finds the x = 0 boundary in the pixels: a check of the whole
// chain (image placement and aspect ratio included) that does not rely on
// reading vgsvg's output. It is skipped when rsvg-convert is not
// installed (apt-get install librsvg2-bin).
func TestRegionsFrameRasterised(t *testing.T) {
	bin, err := exec.LookPath("rsvg-convert")
	if err != nil {
		t.Skip("rsvg-convert not installed")
	}
	g := quadrantGrid()
	svg, f, err := Regions(g, Points{}, quadrantLabels, Size{Width: 400, Height: 260}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 72 dots per inch makes one SVG unit (a point) one pixel.
	cmd := exec.Command(bin, "--dpi-x", "72", "--dpi-y", "72", "--format", "png")
	cmd.Stdin = bytes.NewReader(svg)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rsvg-convert: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decoding rsvg-convert's PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != int(f.Width) || b.Dy() != int(f.Height) {
		t.Fatalf("rendered %v, want %v×%v", b, f.Width, f.Height)
	}
	red := func(x, y float64) float64 {
		r, _, _, _ := img.At(int(x), int(y)).RGBA()
		return float64(r >> 8)
	}
	// Classes A (orange, red 0xE6 at full colour) and B (blue, red 0x00)
	// meet at x = 0 below y = 0.5. Walk along y = -1 and find where the red
	// channel passes half-way between its values deep inside each region;
	// smoothing spreads the edge over about a cell but keeps its middle.
	_, py, _ := f.FromData(0, -1)
	ax, _, _ := f.FromData(-0.5, -1)
	bx, _, _ := f.FromData(1.5, -1)
	ra, rb := red(ax, py), red(bx, py)
	if ra-rb < 50 {
		t.Fatalf("regions A and B rendered too alike (red %v and %v): is the picture drawn?", ra, rb)
	}
	half := (ra + rb) / 2
	crossing := math.NaN()
	for x := math.Floor(ax); x < bx; x++ {
		r0, r1 := red(x, py), red(x+1, py)
		if r0 >= half && r1 < half {
			// Pixel x covers [x, x+1); interpolate between pixel centres.
			crossing = x + 0.5 + (r0-half)/(r0-r1)
			break
		}
	}
	want, _, _ := f.FromData(0, -1)
	t.Logf("boundary x = 0 rendered at pixel %.2f, frame says %.2f", crossing, want)
	if math.IsNaN(crossing) || math.Abs(crossing-want) > 1 {
		t.Errorf("boundary x = 0 rendered at pixel %v, frame says %v", crossing, want)
	}
}

func TestFrameMapping(t *testing.T) {
	f := Frame{Width: 300, Height: 200, Left: 40, Top: 10, Right: 240, Bottom: 170,
		XMin: -1, XMax: 3, YMin: 0, YMax: 8}
	tests := []struct {
		px, py, x, y float64
		inside       bool
	}{
		{40, 170, -1, 0, true},   // bottom left corner
		{240, 10, 3, 8, true},    // top right corner
		{140, 90, 1, 4, true},    // centre
		{20, 90, -1.4, 4, false}, // left of the data area
		{140, 180, 1, -0.5, false},
	}
	for _, tt := range tests {
		x, y, ok := f.ToData(tt.px, tt.py)
		if math.Abs(x-tt.x) > 1e-12 || math.Abs(y-tt.y) > 1e-12 || ok != tt.inside {
			t.Errorf("ToData(%v, %v) = %v, %v, %v; want %v, %v, %v", tt.px, tt.py, x, y, ok, tt.x, tt.y, tt.inside)
		}
		px, py, ok := f.FromData(tt.x, tt.y)
		if math.Abs(px-tt.px) > 1e-12 || math.Abs(py-tt.py) > 1e-12 || ok != tt.inside {
			t.Errorf("FromData(%v, %v) = %v, %v, %v; want %v, %v, %v", tt.x, tt.y, px, py, ok, tt.px, tt.py, tt.inside)
		}
	}
}
