package datasets

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// shapesBg is ShapesBackground at the default dial, in the form
// checkGenerated takes.
func shapesBg(n, size int, seed uint64) (*Images, error) {
	return ShapesBackground(n, size, shapesBgDefaultCorrelation, false, seed)
}

func TestShapesBackground(t *testing.T) {
	for _, size := range []int{8, 16, 32} {
		im := checkGenerated(t, shapesBg, 300, size, 2)
		if want := []string{"circle", "square"}; !slices.Equal(im.Classes, want) {
			t.Errorf("classes %v", im.Classes)
		}
		if len(im.Masks) != im.Len() {
			t.Errorf("%d masks for %d pictures", len(im.Masks), im.Len())
		}
	}
}

// phi returns the phi coefficient of two yes/no variables:
// (n11·n00 − n10·n01) / √(n1·n0·m1·m0), where n1, n0 count a = yes, no and
// m1, m0 count b = yes, no.
func phi(a, b []bool) float64 {
	var n [2][2]float64
	for i := range a {
		n[b2i(a[i])][b2i(b[i])]++
	}
	rowYes, rowNo := n[1][0]+n[1][1], n[0][0]+n[0][1]
	colYes, colNo := n[0][1]+n[1][1], n[0][0]+n[1][0]
	return (n[1][1]*n[0][0] - n[1][0]*n[0][1]) / math.Sqrt(rowYes*rowNo*colYes*colNo)
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}

func TestPhiByHand(t *testing.T) {
	// A 2×2 table worked by hand: n11 = 30, n10 = 10, n01 = 20, n00 = 40
	// gives (30·40 − 10·20)/√(40·60·50·50) = 1000/2449.49 = 0.40825.
	var a, b []bool
	add := func(count int, x, y bool) {
		for range count {
			a, b = append(a, x), append(b, y)
		}
	}
	add(30, true, true)
	add(10, true, false)
	add(20, false, true)
	add(40, false, false)
	if got := phi(a, b); math.Abs(got-0.40825) > 1e-5 {
		t.Errorf("phi = %.5f, want 0.40825", got)
	}
}

// squaresAndLight returns, for every picture of a shapes-bg set, whether it
// is a square and whether its background (read from the pixels, not from
// the generator) is light.
func squaresAndLight(t *testing.T, im *Images) (square, light []bool) {
	t.Helper()
	square, light = make([]bool, im.Len()), make([]bool, im.Len())
	for i := range im.Pixels {
		level, err := BackgroundLevel(im, i)
		if err != nil {
			t.Fatal(err)
		}
		square[i], light[i] = im.Y[i] == bgSquare, level > 0.5
	}
	return square, light
}

func TestShapesBackgroundDial(t *testing.T) {
	// The issue asks for the measured correlation to be within 2 points of
	// the dial on 10,000 pictures. The generator gives each class exactly
	// round(p·5000) pictures on its own background, so the measured phi is
	// the dial up to 1/5000.
	tests := []struct {
		dial     float64
		reversed bool
		want     float64
	}{
		{0, false, 0},
		{0.5, false, 0.5},
		{0.9, false, 0.9},
		{1, false, 1},
		{0, true, 0},
		{0.5, true, -0.5},
		{1, true, -1},
	}
	for _, tc := range tests {
		im, err := ShapesBackground(10000, 16, tc.dial, tc.reversed, 11)
		if err != nil {
			t.Fatal(err)
		}
		square, light := squaresAndLight(t, im)
		if got := phi(square, light); math.Abs(got-tc.want) > 0.02 {
			t.Errorf("dial %g reversed %v: measured phi %.4f, want %g ± 0.02", tc.dial, tc.reversed, got, tc.want)
		}
		// Light and dark stay equally common, whatever the dial.
		if nLight := countTrue(light); nLight != 5000 {
			t.Errorf("dial %g reversed %v: %d light backgrounds, want 5000", tc.dial, tc.reversed, nLight)
		}
	}
}

func countTrue(v []bool) int {
	n := 0
	for _, b := range v {
		n += b2i(b)
	}
	return n
}

func TestShapesBackgroundCues(t *testing.T) {
	// Guessing the class from the background alone ("light means square")
	// is right for the share p = (1 + dial)/2 of the pictures: all at dial
	// 1, 95 % at 0.9, half at 0, when the shape must be learned. A nearest
	// neighbour on the figure's contrast with the background (which leaves
	// out whether the background is light or dark) still finds the class at
	// dial 0: the figure is plain to see. Measured: 0.913 (1500 training
	// pictures, 16×16). A small CNN (two blocks of 8 and 16 filters) reaches
	// 0.94 at dial 0 after 8 epochs of 3000 pictures of 16×16, on the normal
	// and the reversed test set alike, and at dial 1 learns the background:
	// 1.00 on the normal test set, 0.00 on the reversed one.
	for _, tc := range []struct{ dial, want float64 }{{1, 1}, {0.9, 0.95}, {0, 0.5}} {
		im, err := ShapesBackground(2000, 16, tc.dial, false, 3)
		if err != nil {
			t.Fatal(err)
		}
		square, light := squaresAndLight(t, im)
		right := 0
		for i := range square {
			right += b2i(square[i] == light[i])
		}
		if acc := float64(right) / float64(len(square)); math.Abs(acc-tc.want) > 1e-9 {
			t.Errorf("dial %g: background-only accuracy %.4f, want %g", tc.dial, acc, tc.want)
		}
	}
	train, err := ShapesBackground(1500, 16, 0, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	test, err := ShapesBackground(300, 16, 0, false, 2)
	if err != nil {
		t.Fatal(err)
	}
	tr, te := contrastOnly(train), contrastOnly(test)
	right := 0
	for i, p := range te {
		if train.Y[nearest(p, tr)] == test.Y[i] {
			right++
		}
	}
	if acc := float64(right) / float64(len(te)); acc < 0.8 {
		t.Errorf("dial 0: nearest-neighbour accuracy on the figure %.3f, want above 0.8", acc)
	}
}

// figureInk returns the grey level of the pixels fully covered by the
// figure of picture i, and false when they differ or there are none.
func figureInk(im *Images, i int) (float64, bool) {
	ink, found := 0.0, false
	for j, c := range im.Masks[i] {
		if c != 1 {
			continue
		}
		if found && im.Pixels[i][j] != ink {
			return 0, false
		}
		ink, found = im.Pixels[i][j], true
	}
	return ink, found
}

func TestShapesBackgroundMasks(t *testing.T) {
	const size = 16
	im, err := ShapesBackground(500, size, 0.5, false, 4)
	if err != nil {
		t.Fatal(err)
	}
	side := float64(size * size)
	for i, p := range im.Pixels {
		m := im.Masks[i]
		level, err := BackgroundLevel(im, i)
		if err != nil {
			t.Fatal(err)
		}
		ink, ok := figureInk(im, i)
		if !ok {
			t.Fatalf("picture %d: the fully covered pixels are not one grey", i)
		}
		light := level >= bgLightMin && level <= bgLightMax
		dark := level >= 1-bgLightMax && level <= 1-bgLightMin
		if !light && !dark {
			t.Errorf("picture %d: background level %g is neither light nor dark", i, level)
		}
		if ink < bgInkMin || ink > bgInkMax {
			t.Errorf("picture %d: figure grey %g outside [%g, %g]", i, ink, bgInkMin, bgInkMax)
		}
		// Every pixel is the background and the figure mixed as the mask
		// says: this is what "the mask matches the figure" means.
		var area float64
		for j, c := range m {
			if want := level*(1-c) + ink*c; math.Abs(p[j]-want) > 1e-12 {
				t.Fatalf("picture %d, pixel %d: %g, want %g·(1−%g) + %g·%g = %g", i, j, p[j], level, c, ink, c, want)
			}
			area += c
		}
		// The coverage adds up to the figure's area, from 0.12 to 0.28 of
		// the picture, up to the pixels cut by its edge (5 % is ample).
		if area < 0.95*bgMinArea*side || area > 1.05*bgMaxArea*side {
			t.Errorf("picture %d: mask area %.1f pixels, want %.1f to %.1f", i, area, bgMinArea*side, bgMaxArea*side)
		}
	}
}

func TestShapesBackgroundArgs(t *testing.T) {
	for _, tc := range []struct {
		n, size int
		dial    float64
		want    string
	}{
		{100, 16, -0.1, "correlation must be from 0 to 1"},
		{100, 16, 1.1, "correlation must be from 0 to 1"},
		{100, 16, math.NaN(), "correlation must be from 0 to 1"},
		{9, 16, 0.5, "number of images"},
		{100, 33, 0.5, "image side"},
	} {
		_, err := ShapesBackground(tc.n, tc.size, tc.dial, false, 1)
		if err == nil || !strings.HasPrefix(err.Error(), "datasets: shapes-bg: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ShapesBackground(%d, %d, %g): error %v, want one containing %q", tc.n, tc.size, tc.dial, err, tc.want)
		}
	}
}

func TestImageGeneratorShortcut(t *testing.T) {
	g, ok := ImageSet("shapes-bg")
	if !ok {
		t.Fatal(`no image set "shapes-bg"`)
	}
	if g.MakeShortcut == nil || g.DefaultCorrelation != 0.9 {
		t.Fatalf("shapes-bg: MakeShortcut set %v, default correlation %g, want 0.9", g.MakeShortcut != nil, g.DefaultCorrelation)
	}
	// Plain Generate is the dial at its default, not reversed.
	plain, err := g.Generate(0, 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	dialled, err := g.GenerateShortcut(0, 0, 0.9, false, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain, dialled) {
		t.Error("Generate differs from GenerateShortcut at the default correlation")
	}
	if dialled.Len() != g.DefaultN || dialled.Width != g.DefaultSize {
		t.Errorf("zero n and size gave %d pictures of side %d", dialled.Len(), dialled.Width)
	}
	reversed, err := g.GenerateShortcut(1000, 16, 0.9, true, 7)
	if err != nil {
		t.Fatal(err)
	}
	square, light := squaresAndLight(t, reversed)
	if got := phi(square, light); math.Abs(got+0.9) > 0.02 {
		t.Errorf("reversed: phi %.3f, want −0.9", got)
	}
	for _, dial := range []float64{-0.5, 2, math.NaN(), math.Inf(1)} {
		if _, err := g.GenerateShortcut(100, 16, dial, false, 1); err == nil || !strings.HasPrefix(err.Error(), "datasets: shapes-bg: ") {
			t.Errorf("GenerateShortcut with dial %g: error %v", dial, err)
		}
	}
	for _, name := range []string{"digits", "shapes"} {
		h, _ := ImageSet(name)
		if _, err := h.GenerateShortcut(100, 16, 0.5, false, 1); err == nil || !strings.Contains(err.Error(), "no shortcut dial") {
			t.Errorf("%s: GenerateShortcut error %v, want one saying it has no dial", name, err)
		}
	}
}

func TestSwapBackground(t *testing.T) {
	// imaging works in bytes: a value is kept to within half a step
	// (0.5/255), and an edge pixel, mixed from two such values and a byte
	// alpha and then truncated, to within 2/255.
	const keep, mix = 0.5/255 + 1e-12, 2.0 / 255
	for _, size := range []int{9, 16} {
		im, err := ShapesBackground(200, size, 0.9, false, 5)
		if err != nil {
			t.Fatal(err)
		}
		before := make([][]float64, im.Len())
		for i, p := range im.Pixels {
			before[i] = slices.Clone(p)
		}
		for i, p := range im.Pixels {
			m := im.Masks[i]
			level, err := BackgroundLevel(im, i)
			if err != nil {
				t.Fatal(err)
			}
			ink, _ := figureInk(im, i)
			swapped, err := SwapBackground(im, i)
			if err != nil {
				t.Fatal(err)
			}
			if len(swapped) != size*size {
				t.Fatalf("%d pixels, want %d", len(swapped), size*size)
			}
			for j, c := range m {
				switch {
				case c == 1 && math.Abs(swapped[j]-p[j]) > keep:
					t.Fatalf("size %d, picture %d, pixel %d: the figure changed from %g to %g", size, i, j, p[j], swapped[j])
				case c == 0 && math.Abs(swapped[j]-(1-level)) > keep:
					t.Fatalf("size %d, picture %d, pixel %d: background %g, want 1 − %g = %g", size, i, j, swapped[j], level, 1-level)
				}
				// The swapped picture is the one the generator draws with
				// the other background.
				if want := (1-level)*(1-c) + ink*c; math.Abs(swapped[j]-want) > mix {
					t.Fatalf("size %d, picture %d, pixel %d (coverage %g): %g, want %g", size, i, j, c, swapped[j], want)
				}
			}
			swappedSet := &Images{Name: "swapped", Width: size, Height: size, Classes: im.Classes, Pixels: [][]float64{swapped}, Y: im.Y[i : i+1], Masks: im.Masks[i : i+1]}
			newLevel, err := BackgroundLevel(swappedSet, 0)
			if err != nil {
				t.Fatal(err)
			}
			if (level > 0.5) == (newLevel > 0.5) {
				t.Errorf("picture %d: background %g became %g, not the other kind", i, level, newLevel)
			}
			// Swapping back gives the picture again.
			back, err := SwapBackground(swappedSet, 0)
			if err != nil {
				t.Fatal(err)
			}
			for j := range back {
				if math.Abs(back[j]-p[j]) > 2*mix {
					t.Fatalf("picture %d, pixel %d: swapped twice %g, want %g", i, j, back[j], p[j])
				}
			}
		}
		if !reflect.DeepEqual(before, im.Pixels) {
			t.Error("SwapBackground changed the set")
		}
	}
}

func TestSwapBackgroundErrors(t *testing.T) {
	bg, err := ShapesBackground(20, 8, 0.5, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Shapes(30, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	covered := &Images{Name: "covered", Width: 2, Height: 1, Classes: []string{"a"}, Pixels: [][]float64{{0.5, 0.5}}, Y: []int{0}, Masks: [][]float64{{1, 1}}}
	short := &Images{Name: "short", Width: 2, Height: 1, Classes: []string{"a"}, Pixels: [][]float64{{0.5, 0.5}}, Y: []int{0}, Masks: [][]float64{{0}}}
	for _, tc := range []struct {
		name string
		im   *Images
		i    int
		want string
	}{
		{"nil set", nil, 0, "nil image set"},
		{"no masks", plain, 0, "has no masks"},
		{"negative index", bg, -1, "out of range"},
		{"index past the end", bg, 20, "out of range"},
		{"figure everywhere", covered, 0, "covers every pixel"},
		{"short mask", short, 0, "mask values"},
	} {
		if _, err := SwapBackground(tc.im, tc.i); err == nil || !strings.HasPrefix(err.Error(), "datasets: swap background: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: SwapBackground error %v, want one containing %q", tc.name, err, tc.want)
		}
		if _, err := BackgroundLevel(tc.im, tc.i); err == nil || !strings.HasPrefix(err.Error(), "datasets: background level: ") {
			t.Errorf("%s: BackgroundLevel error %v", tc.name, err)
		}
	}
}

func TestImagesMasksValidateAndSplit(t *testing.T) {
	good := func() *Images {
		im := idImages(2, 3)
		for range im.Pixels {
			im.Masks = append(im.Masks, []float64{0, 1})
		}
		return im
	}
	for _, tc := range []struct {
		name   string
		change func(im *Images)
		want   string // part of the error; "" for none
	}{
		{"valid", func(*Images) {}, ""},
		{"no masks", func(im *Images) { im.Masks = nil }, ""},
		{"fewer masks", func(im *Images) { im.Masks = im.Masks[:4] }, "5 images but 4 masks"},
		{"short mask", func(im *Images) { im.Masks[2] = []float64{1} }, "mask 2 has 1 values, want 2×1 = 2"},
		{"above 1", func(im *Images) { im.Masks[1][0] = 1.5 }, "mask 1, pixel 0 is 1.5"},
		{"NaN", func(im *Images) { im.Masks[0][1] = math.NaN() }, "mask 0, pixel 1 is NaN"},
	} {
		im := good()
		tc.change(im)
		err := im.Validate()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}

	// Subset and Split carry each picture's own mask.
	im, err := ShapesBackground(100, 8, 0.5, false, 9)
	if err != nil {
		t.Fatal(err)
	}
	index := make(map[*float64]int)
	for i, p := range im.Pixels {
		index[&p[0]] = i
	}
	tr, te, err := im.Split(0.2, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []*Images{im.Subset([]int{7, 3}), tr, te} {
		if err := part.Validate(); err != nil {
			t.Fatal(err)
		}
		if len(part.Masks) != part.Len() {
			t.Fatalf("%d masks for %d pictures", len(part.Masks), part.Len())
		}
		for k, p := range part.Pixels {
			i := index[&p[0]]
			if &part.Masks[k][0] != &im.Masks[i][0] || part.Y[k] != im.Y[i] {
				t.Errorf("picture %d of a part (set picture %d) has another picture's mask or label", k, i)
			}
		}
	}
	if tr.Len()+te.Len() != im.Len() || te.Len() != 20 {
		t.Errorf("split into %d and %d pictures, want 80 and 20 (10 of each class of 50)", tr.Len(), te.Len())
	}
}
