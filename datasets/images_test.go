package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// idImages returns a 2×1 image set whose picture i holds (i/n, 0), so that
// pictures can be told apart after a split, with counts[k] pictures of
// class k.
func idImages(counts ...int) *Images {
	var n int
	for _, c := range counts {
		n += c
	}
	im := &Images{Name: "ids", Width: 2, Height: 1}
	for k := range counts {
		im.Classes = append(im.Classes, fmt.Sprint("c", k))
	}
	for k, c := range counts {
		for range c {
			im.Pixels = append(im.Pixels, []float64{float64(len(im.Pixels)) / float64(n), 0})
			im.Y = append(im.Y, k)
		}
	}
	return im
}

func TestImagesValidate(t *testing.T) {
	good := func() *Images { return idImages(2, 3) }
	tests := []struct {
		name   string
		change func(im *Images)
		want   string // part of the error; "" for none
	}{
		{"valid", func(*Images) {}, ""},
		{"zero width", func(im *Images) { im.Width = 0 }, "not positive"},
		{"no classes", func(im *Images) { im.Classes = nil }, "no classes"},
		{"fewer labels", func(im *Images) { im.Y = im.Y[:4] }, "5 images but 4 labels"},
		{"short picture", func(im *Images) { im.Pixels[1] = []float64{0} }, "image 1 has 1 pixels, want 2×1 = 2"},
		{"above 1", func(im *Images) { im.Pixels[2][1] = 1.5 }, "image 2, pixel 1 is 1.5"},
		{"negative", func(im *Images) { im.Pixels[0][0] = -0.1 }, "image 0, pixel 0 is -0.1"},
		{"NaN", func(im *Images) { im.Pixels[3][0] = math.NaN() }, "is NaN"},
		{"label too big", func(im *Images) { im.Y[4] = 2 }, "image 4 has label 2, want 0..1"},
		{"negative label", func(im *Images) { im.Y[0] = -1 }, "label -1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im := good()
			tc.change(im)
			err := im.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			case err != nil && !strings.HasPrefix(err.Error(), "datasets: "):
				t.Errorf("error %q does not start with the package name", err)
			}
		})
	}
	var nilSet *Images
	if nilSet.Validate() == nil {
		t.Error("a nil set is valid")
	}
}

func TestImagesSubsetAndAsTable(t *testing.T) {
	im := idImages(2, 3)
	im.Width, im.Height = 1, 2 // pixels are still 2 per picture
	s := im.Subset([]int{4, 0})
	if s.Len() != 2 || !slices.Equal(s.Y, []int{1, 0}) || &s.Pixels[0][0] != &im.Pixels[4][0] {
		t.Errorf("Subset: labels %v, pictures not shared or in the wrong order", s.Y)
	}
	if s.Width != 1 || s.Height != 2 || s.Name != "ids" || !reflect.DeepEqual(s.Classes, im.Classes) {
		t.Errorf("Subset lost the set's description: %+v", s)
	}
	tab := im.AsTable()
	if err := tab.Validate(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.Features, []string{"p0", "p1"}) {
		t.Errorf("features %v, want [p0 p1]", tab.Features)
	}
	if &tab.X[3][0] != &im.Pixels[3][0] || !slices.Equal(tab.Y, im.Y) {
		t.Error("AsTable copies the pictures or changes the labels")
	}
	if got := im.ClassCounts(); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("ClassCounts %v, want [2 3]", got)
	}
	if titles := im.ClassTitles(); len(titles) != 2 || titles[1].EN != "c1" {
		t.Errorf("ClassTitles %v", titles)
	}
}

func TestImagesSplit(t *testing.T) {
	im := idImages(10, 30)
	tr, te, err := im.Split(0.2, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	// Stratified, as Table.Split: round(10·0.2) = 2 and round(30·0.2) = 6.
	if got := te.ClassCounts(); !slices.Equal(got, []int{2, 6}) {
		t.Errorf("test class counts %v, want [2 6]", got)
	}
	if got := tr.ClassCounts(); !slices.Equal(got, []int{8, 24}) {
		t.Errorf("train class counts %v, want [8 24]", got)
	}
	// Every picture is on exactly one side, with its own label.
	seen := map[float64]int{}
	for _, part := range []*Images{tr, te} {
		if part.Width != 2 || part.Height != 1 || part.Name != "ids" {
			t.Errorf("a part lost the set's description: %+v", part)
		}
		for i, p := range part.Pixels {
			seen[p[0]]++
			if want := im.Y[int(math.Round(p[0]*40))]; part.Y[i] != want {
				t.Errorf("picture %g has label %d, want %d", p[0], part.Y[i], want)
			}
		}
	}
	if len(seen) != 40 {
		t.Errorf("%d distinct pictures after the split, want 40", len(seen))
	}
	// The same seed gives the same split.
	tr2, te2, err := im.Split(0.2, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tr, tr2) || !reflect.DeepEqual(te, te2) {
		t.Error("the same seed gave different splits")
	}

	bad := idImages(3, 3)
	bad.Pixels[0][0] = 2
	tests := []struct {
		name string
		im   *Images
		frac float64
		rng  *rand.Rand
	}{
		{"nil set", nil, 0.2, rand.New(rand.NewPCG(1, 0))},
		{"invalid set", bad, 0.2, rand.New(rand.NewPCG(1, 0))},
		{"fraction 0", im, 0, rand.New(rand.NewPCG(1, 0))},
		{"fraction 1", im, 1, rand.New(rand.NewPCG(1, 0))},
		{"nil rng", im, 0.2, nil},
		{"one picture", idImages(1), 0.5, rand.New(rand.NewPCG(1, 0))},
	}
	for _, tc := range tests {
		if _, _, err := tc.im.Split(tc.frac, tc.rng); err == nil || !strings.HasPrefix(err.Error(), "datasets: split") {
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
}

func TestImageSetsRegistry(t *testing.T) {
	var names []string
	for _, g := range ImageSets() {
		names = append(names, g.Name)
		h, ok := ImageSet(g.Name)
		if !ok || h.Name != g.Name {
			t.Errorf("ImageSet(%q) = %q, %v", g.Name, h.Name, ok)
		}
		checkCard(t, g.Name, g.Card)
		if !g.Card.Synthetic {
			t.Errorf("%s: card is not marked synthetic", g.Name)
		}
		if g.DefaultN != 5000 || g.MaxN != 10000 || g.DefaultSize != 16 || g.MinSize != 8 || g.MaxSize != 32 {
			t.Errorf("%s: limits %+v", g.Name, g)
		}
	}
	if want := []string{"digits", "shapes", "shapes-bg"}; !reflect.DeepEqual(names, want) {
		t.Errorf("ImageSets() order %v, want %v", names, want)
	}
	if _, ok := ImageSet("cifar"); ok {
		t.Error(`ImageSet("cifar") found a set`)
	}
	var none ImageGenerator
	if _, err := none.Generate(100, 16, 1); err == nil {
		t.Error("the zero ImageGenerator generated a set")
	}
	// Changing what one caller got must not change what the next one gets.
	gs := ImageSets()
	gs[0].Card.Title.EN = "changed"
	if ImageSets()[0].Card.Title.EN == "changed" {
		t.Error("ImageSets shares its entries between calls")
	}
}

func TestImageSetsGenerate(t *testing.T) {
	for _, g := range ImageSets() {
		t.Run(g.Name, func(t *testing.T) {
			// Zero n and size mean the defaults.
			im, err := g.Generate(0, 0, 7)
			if err != nil {
				t.Fatal(err)
			}
			if im.Len() != g.DefaultN || im.Width != g.DefaultSize || im.Height != g.DefaultSize {
				t.Errorf("defaults gave %d pictures of %d×%d", im.Len(), im.Width, im.Height)
			}
			if im.Name != g.Name || !reflect.DeepEqual(im.Card, g.Card) {
				t.Errorf("name %q or card differs from the generator's", im.Name)
			}
			if len(im.Card.Classes) != len(im.Classes) {
				t.Errorf("%d class titles for %d classes", len(im.Card.Classes), len(im.Classes))
			}
			for k, title := range im.Card.Classes {
				if m := title.Missing(); len(m) > 0 {
					t.Errorf("class %d title has no text in %v", k, m)
				}
			}
			for _, tc := range []struct{ n, size int }{
				{9, 16}, {10001, 16}, {-1, 16}, {100, 7}, {100, 33}, {100, -16},
			} {
				if _, err := g.Generate(tc.n, tc.size, 1); err == nil || !strings.HasPrefix(err.Error(), "datasets: "+g.Name+": ") {
					t.Errorf("Generate(%d, %d): error %v", tc.n, tc.size, err)
				}
			}
		})
	}
}

// checkGenerated checks what every generated image set must satisfy: its
// size, balanced classes, every value in [0, 1], and that the same seed
// gives the same pictures and another seed other pictures.
func checkGenerated(t *testing.T, gen func(n, size int, seed uint64) (*Images, error), n, size, classes int) *Images {
	t.Helper()
	im, err := gen(n, size, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Validate(); err != nil {
		t.Fatal(err)
	}
	if im.Len() != n || im.Width != size || im.Height != size || len(im.Classes) != classes {
		t.Fatalf("%d pictures of %d×%d in %d classes, want %d of %d×%d in %d", im.Len(), im.Width, im.Height, len(im.Classes), n, size, size, classes)
	}
	for k, c := range im.ClassCounts() {
		if c < n/classes || c > n/classes+1 {
			t.Errorf("class %d has %d pictures, want %d or %d", k, c, n/classes, n/classes+1)
		}
	}
	again, err := gen(n, size, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(im, again) {
		t.Error("the same seed gave different pictures")
	}
	other, err := gen(n, size, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range im.Pixels {
		if slices.Equal(im.Pixels[i], other.Pixels[i]) {
			t.Errorf("picture %d is the same for seeds 1 and 2", i)
		}
	}
	for i, p := range im.Pixels {
		if slices.Max(p)-slices.Min(p) < 0.2 {
			t.Errorf("picture %d has almost no contrast: [%g, %g]", i, slices.Min(p), slices.Max(p))
		}
	}
	return im
}

// nearestCentroid returns the share of test pictures whose nearest class
// mean (by squared distance) among the training pictures is their class.
func nearestCentroid(train, test [][]float64, trainY, testY []int, classes int) float64 {
	d := len(train[0])
	mean := make([][]float64, classes)
	count := make([]float64, classes)
	for k := range mean {
		mean[k] = make([]float64, d)
	}
	for i, p := range train {
		for j, v := range p {
			mean[trainY[i]][j] += v
		}
		count[trainY[i]]++
	}
	for k := range mean {
		for j := range mean[k] {
			mean[k][j] /= count[k]
		}
	}
	right := 0
	for i, p := range test {
		if nearest(p, mean) == testY[i] {
			right++
		}
	}
	return float64(right) / float64(len(test))
}

// nearest returns the index of the row of rows closest to p.
func nearest(p []float64, rows [][]float64) int {
	best, bestD := -1, math.Inf(1)
	for k, r := range rows {
		var d float64
		for j, v := range p {
			d += (v - r[j]) * (v - r[j])
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
