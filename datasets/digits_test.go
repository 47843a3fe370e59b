package datasets

import (
	"fmt"
	"image"
	"image/draw"
	"slices"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

func TestDigits(t *testing.T) {
	for _, size := range []int{16, 28} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			im := checkGenerated(t, Digits, 500, size, 10)
			if want := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}; !slices.Equal(im.Classes, want) {
				t.Errorf("classes %v", im.Classes)
			}
			// White ink on black: the outermost ring is mostly background
			// and every picture has some full ink.
			for i, p := range im.Pixels {
				var ring float64
				for k := range size {
					ring += p[k] + p[(size-1)*size+k] + p[k*size] + p[k*size+size-1]
				}
				if ring /= float64(4 * size); ring > 0.1 {
					t.Errorf("picture %d: border mean %.3f, want a dark border", i, ring)
				}
				if slices.Max(p) < 0.75 {
					t.Errorf("picture %d: brightest pixel %.3f, want ink near 1", i, slices.Max(p))
				}
			}
		})
	}
}

func TestDigitsCarryTheDigit(t *testing.T) {
	// A classifier that knows nothing but the mean picture of each digit
	// must do far better than chance (10%): the pictures show the digits.
	// Measured: 0.74 with these seeds and sizes.
	train, err := Digits(2000, 16, 1)
	if err != nil {
		t.Fatal(err)
	}
	test, err := Digits(500, 16, 2)
	if err != nil {
		t.Fatal(err)
	}
	acc := nearestCentroid(train.Pixels, test.Pixels, train.Y, test.Y, 10)
	if acc < 0.6 {
		t.Errorf("nearest-centroid accuracy %.3f, want above 0.6", acc)
	}
	// Every digit is recognised, not only a few easy ones.
	right := make([]int, 10)
	total := make([]int, 10)
	mean := classMeans(train)
	for i, p := range test.Pixels {
		total[test.Y[i]]++
		if nearest(p, mean) == test.Y[i] {
			right[test.Y[i]]++
		}
	}
	for d := range right {
		if float64(right[d]) < 0.3*float64(total[d]) {
			t.Errorf("digit %d: %d of %d right", d, right[d], total[d])
		}
	}
}

// classMeans returns the mean picture of each class.
func classMeans(im *Images) [][]float64 {
	mean := make([][]float64, len(im.Classes))
	count := make([]float64, len(im.Classes))
	for k := range mean {
		mean[k] = make([]float64, im.Width*im.Height)
	}
	for i, p := range im.Pixels {
		for j, v := range p {
			mean[im.Y[i]][j] += v
		}
		count[im.Y[i]]++
	}
	for k := range mean {
		for j := range mean[k] {
			mean[k][j] /= count[k]
		}
	}
	return mean
}

func TestDigitsUploadPath(t *testing.T) {
	// A "photo": a digit printed dark grey on light grey paper, large and
	// away from the centre of a 320×240 picture, as a student might upload.
	// After Prepare with the set's upload options it must look like the
	// set's pictures: the nearest class mean is the right digit for at
	// least 8 of the 10 digits (measured: 10 of 10).
	train, err := Digits(2000, 16, 1)
	if err != nil {
		t.Fatal(err)
	}
	mean := classMeans(train)
	g, ok := ImageSet("digits")
	if !ok {
		t.Fatal("no digits set")
	}
	opt := g.Upload
	opt.Size = 16
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 120, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for d := range 10 {
		photo := image.NewGray(image.Rect(0, 0, 320, 240))
		draw.Draw(photo, photo.Bounds(), image.NewUniform(colorGray(200)), image.Point{}, draw.Src)
		dr := &font.Drawer{Dst: photo, Src: image.NewUniform(colorGray(60)), Face: face, Dot: fixed.P(200, 170)}
		dr.DrawString(fmt.Sprint(d))
		p, err := Prepare(photo, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := nearest(p, mean); got == d {
			right++
		} else {
			t.Logf("digit %d taken for %d", d, got)
		}
	}
	if right < 8 {
		t.Errorf("%d of 10 uploaded digits recognised, want at least 8", right)
	}
}

func BenchmarkDigits5k16(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Digits(5000, 16, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDigits5k28(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Digits(5000, 28, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleDigits() {
	im, err := Digits(1000, 16, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(im.Len(), "pictures of", im.Width, "×", im.Height)
	fmt.Println("classes:", im.Classes)
	fmt.Println("per class:", im.ClassCounts())
	// Output:
	// 1000 pictures of 16 × 16
	// classes: [0 1 2 3 4 5 6 7 8 9]
	// per class: [100 100 100 100 100 100 100 100 100 100]
}
