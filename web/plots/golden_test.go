package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// regen rewrites the golden files instead of comparing with them:
// go test ./web/plots -run Golden -regen
var regen = flag.Bool("regen", false, "rewrite testdata/*.golden.svg")

// checkGolden compares got with testdata/name.golden.svg byte for byte.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.svg")
	if *regen {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("writing %s: %v", path, err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -regen to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(i-60, 0)
		t.Errorf("%s differs from the golden file at byte %d (got %d bytes, want %d):\ngot  …%q…\nwant …%q…",
			name, i, len(got), len(want), got[lo:min(i+60, len(got))], want[lo:min(i+60, len(want))])
	}
}

// checkXML fails unless svg is well-formed XML.
func checkXML(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

func TestCurvesGolden(t *testing.T) {
	// A run whose accuracy is shown against the fixed range [0, 1]: the
	// third series is shorter (it started later) and one value has a
	// single epoch, drawn as a dot.
	var acc []Series
	for s, name := range []string{"Оқыту", "Тексеру", "Кездейсоқ"} {
		n := []int{30, 30, 12}[s]
		var y []float64
		for i := range n {
			y = append(y, 1-0.6*math.Exp(-float64(i)/(6+float64(s)*3)))
		}
		acc = append(acc, Series{Name: name, Y: y})
	}
	tests := []struct {
		name       string
		series     []Series
		labels     CurveLabels
		yMin, yMax float64
		size       Size
	}{
		{"curves_loss_en", testLossSeries(200), CurveLabels{Title: "Loss", X: "Epoch", Y: "Cross-entropy"}, 0, 0, Size{}},
		{"curves_accuracy_kk", acc, CurveLabels{Title: "Дәлдік", X: "Дәуір", Y: "Дәлдік (үлес)"}, 0, 1, Size{}},
		{"curves_flat_one_epoch_ru", []Series{{Name: "Потери", Y: []float64{0.6931}}}, CurveLabels{Title: "Одна эпоха", X: "Эпоха"}, 0, 0, Size{Width: 240, Height: 180}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Curves(tt.series, tt.labels, tt.yMin, tt.yMax, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, got)
			checkGolden(t, tt.name, got)
			again, err := Curves(tt.series, tt.labels, tt.yMin, tt.yMax, tt.size)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("second rendering differs (err %v): output is not deterministic", err)
			}
		})
	}
}

func TestRegionsGolden(t *testing.T) {
	g3, p3 := testRegionData(50, 500)
	labels3 := RegionLabels{Title: "Шешім аймақтары", X: "x₁", Y: "x₂",
		Classes: []string{"Бірінші", "Екінші", "Үшінші"}, Train: "Оқыту", Test: "Тексеру"}

	// Ten classes in vertical bands, one train and one test point in each,
	// so every colour of the palette (the yellow with its outline too) and
	// both marker kinds are drawn.
	g10 := Grid{XMin: 0, XMax: 10, YMin: 0, YMax: 4, N: 20}
	for r := range g10.N {
		for c := range g10.N {
			g10.Class = append(g10.Class, c/2)
			g10.Confidence = append(g10.Confidence, 0.1+0.9*float64(r)/float64(g10.N-1))
		}
	}
	var p10 Points
	names := make([]string, 10)
	for k := range 10 {
		names[k] = string(rune('A' + k))
		p10.X = append(p10.X, []float64{float64(k) + 0.5, 1}, []float64{float64(k) + 0.5, 3})
		p10.Y = append(p10.Y, k, (k+1)%10)
		p10.Test = append(p10.Test, false, true)
	}
	labels10 := RegionLabels{Title: "Ten classes", X: "x", Y: "y", Classes: names, Train: "train", Test: "test"}

	tests := []struct {
		name   string
		g      Grid
		pts    Points
		labels RegionLabels
		size   Size
		max    int
	}{
		{"regions_3class_kk", g3, p3, labels3, Size{}, 0},
		{"regions_10class_en", g10, p10, labels10, Size{Width: 400, Height: 240}, 0},
		{"regions_subset_no_title", g3, p3, RegionLabels{Classes: labels3.Classes, Train: "train", Test: "test"}, Size{}, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := Regions(tt.g, tt.pts, tt.labels, tt.size, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, got)
			checkGolden(t, tt.name, got)
			again, _, err := Regions(tt.g, tt.pts, tt.labels, tt.size, tt.max)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("second rendering differs (err %v): output is not deterministic", err)
			}
		})
	}
}
