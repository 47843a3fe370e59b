package datasets

import (
	"reflect"
	"slices"
	"testing"
)

// elementRow returns the row of tab for atomic number z, and false when the
// table has none.
func elementRow(tab *Table, z int) ([]float64, int, bool) {
	for i, r := range tab.X {
		if int(r[0]) == z {
			return r, tab.Y[i], true
		}
	}
	return nil, 0, false
}

func TestElementsKnownValues(t *testing.T) {
	g, ok := Science("elements")
	if !ok {
		t.Fatal("no elements")
	}
	tab, err := g.Generate(0, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantFeatures := []string{"atomic_number", "atomic_mass", "electronegativity", "ionisation_energy", "covalent_radius", "density", "melting_point"}
	if !reflect.DeepEqual(tab.Features, wantFeatures) {
		t.Fatalf("features %v, want %v", tab.Features, wantFeatures)
	}
	// Reference values to check typing slips against, from the same
	// sources as chemistry.go (IUPAC abridged atomic weights; CRC values
	// of Pauling electronegativity, first ionisation energy in kJ/mol,
	// density and melting point; Cordero et al. 2008 covalent radii).
	tests := []struct {
		symbol string
		z      int
		row    []float64
		class  string
	}{
		{"H", 1, []float64{1, 1.008, 2.20, 1312.0, 31, 0.00008988, 13.99}, "nonmetal"},
		{"C", 6, []float64{6, 12.011, 2.55, 1086.5, 76, 2.267, 3915}, "nonmetal"},
		{"O", 8, []float64{8, 15.999, 3.44, 1313.9, 66, 0.001429, 54.36}, "nonmetal"},
		{"Na", 11, []float64{11, 22.990, 0.93, 495.8, 166, 0.968, 370.94}, "metal"},
		{"Si", 14, []float64{14, 28.085, 1.90, 786.5, 111, 2.329, 1687}, "metalloid"},
		{"Cl", 17, []float64{17, 35.45, 3.16, 1251.2, 102, 0.003214, 171.6}, "nonmetal"},
		{"K", 19, []float64{19, 39.098, 0.82, 418.8, 203, 0.862, 336.7}, "metal"},
		{"Fe", 26, []float64{26, 55.845, 1.83, 762.5, 132, 7.874, 1811}, "metal"},
		{"Cu", 29, []float64{29, 63.546, 1.90, 745.5, 132, 8.96, 1357.77}, "metal"},
		{"As", 33, []float64{33, 74.922, 2.18, 947.0, 119, 5.727, 887}, "metalloid"},
		{"Br", 35, []float64{35, 79.904, 2.96, 1139.9, 120, 3.1028, 265.8}, "nonmetal"},
		{"Kr", 36, []float64{36, 83.798, 3.00, 1350.8, 116, 0.003749, 115.78}, "nonmetal"},
	}
	for _, tc := range tests {
		row, y, ok := elementRow(tab, tc.z)
		if !ok {
			t.Errorf("%s (Z = %d) is missing", tc.symbol, tc.z)
			continue
		}
		if !reflect.DeepEqual(row, tc.row) {
			t.Errorf("%s: row %v, want %v", tc.symbol, row, tc.row)
		}
		if tab.Classes[y] != tc.class {
			t.Errorf("%s: class %q, want %q", tc.symbol, tab.Classes[y], tc.class)
		}
	}
	for _, noble := range []int{2, 10, 18} {
		if _, _, ok := elementRow(tab, noble); ok {
			t.Errorf("Z = %d, a noble gas without electronegativity, is in the table", noble)
		}
	}
}

func TestElementsTableComplete(t *testing.T) {
	g, _ := Science("elements")
	if g.DefaultN != 33 || g.MaxN != 33 || g.MaxNoise != 0 {
		t.Errorf("DefaultN %d MaxN %d MaxNoise %g, want 33, 33, 0", g.DefaultN, g.MaxN, g.MaxNoise)
	}
	tab, err := g.Generate(0, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 33 {
		t.Fatalf("%d rows, want 33 (36 less He, Ne, Ar)", tab.Len())
	}
	prev := 0
	for i, r := range tab.X {
		z := int(r[0])
		if z <= prev || z > 36 {
			t.Errorf("row %d: Z = %d after %d", i, z, prev)
		}
		prev = z
		for j, v := range r {
			if !(v > 0) {
				t.Errorf("Z = %d: %s is %v", z, tab.Features[j], v)
			}
		}
	}
	// The usual school convention: 18 metals (Li, Be, Na, Mg, Al, K, Ca,
	// Sc to Zn, Ga), 11 non-metals left after He, Ne and Ar, 4 metalloids.
	if c := tab.ClassCounts(); !reflect.DeepEqual(c, []int{18, 11, 4}) {
		t.Errorf("metal, non-metal, metalloid counts %v, want [18 11 4]", c)
	}
	var metalloids []int
	for i, y := range tab.Y {
		if tab.Classes[y] == "metalloid" {
			metalloids = append(metalloids, int(tab.X[i][0]))
		}
	}
	if want := []int{5, 14, 32, 33}; !reflect.DeepEqual(metalloids, want) {
		t.Errorf("metalloids Z = %v, want B, Si, Ge, As = %v", metalloids, want)
	}
	// What the card says of electronegativity: metals at most 1.91,
	// non-metals at least 2.19, metalloids from 1.90 to 2.18.
	bounds := map[string][2]float64{"metal": {2, 0}, "nonmetal": {9, 0}, "metalloid": {9, 0}}
	for i, y := range tab.Y {
		b := bounds[tab.Classes[y]]
		b[0], b[1] = min(b[0], tab.X[i][2]), max(b[1], tab.X[i][2])
		bounds[tab.Classes[y]] = b
	}
	if bounds["metal"][1] != 1.91 || bounds["nonmetal"][0] != 2.19 || bounds["metalloid"] != [2]float64{1.90, 2.18} {
		t.Errorf("electronegativity ranges %v differ from the card", bounds)
	}
	// The gases at 0 °C are the only rows under 0.01 g/cm³.
	var gases []int
	for _, r := range tab.X {
		if r[5] < 0.01 {
			gases = append(gases, int(r[0]))
		}
	}
	if want := []int{1, 7, 8, 9, 17, 36}; !reflect.DeepEqual(gases, want) {
		t.Errorf("gases Z = %v, want H, N, O, F, Cl, Kr = %v", gases, want)
	}
}

func TestElementsList(t *testing.T) {
	es := Elements()
	if len(es) != 36 {
		t.Fatalf("%d elements, want 36 (H to Kr)", len(es))
	}
	classes := []string{classMetal, classNonmetal, classMetalloid}
	for i, e := range es {
		if e.Z != i+1 || e.Symbol == "" || !slices.Contains(classes, e.Class) {
			t.Errorf("entry %d: %+v", i, e)
		}
		if e.Mass <= 0 || e.Ionisation <= 0 || e.Radius <= 0 || e.Density <= 0 || e.Melting <= 0 {
			t.Errorf("%s: a value is missing: %+v", e.Symbol, e)
		}
		noble := e.Symbol == "He" || e.Symbol == "Ne" || e.Symbol == "Ar"
		if (e.Electronegativity == 0) != noble {
			t.Errorf("%s: electronegativity %v", e.Symbol, e.Electronegativity)
		}
		if i > 0 && e.Mass <= es[i-1].Mass && e.Symbol != "K" && e.Symbol != "Ni" {
			// Among the first 36 only K (39.098, after Ar 39.95) and Ni
			// (58.693, after Co 58.933) are lighter than the element
			// before them.
			t.Errorf("%s: mass %v not above %v", e.Symbol, e.Mass, es[i-1].Mass)
		}
	}
	if es[10].Symbol != "Na" || es[25].Symbol != "Fe" || es[35].Symbol != "Kr" {
		t.Errorf("symbols out of order: %s %s %s", es[10].Symbol, es[25].Symbol, es[35].Symbol)
	}
	es[0].Mass = 99
	if Elements()[0].Mass != 1.008 {
		t.Error("Elements shares its values between calls")
	}
}

func TestElementsSubsets(t *testing.T) {
	g, _ := Science("elements")
	a, err := g.Generate(10, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 10 {
		t.Fatalf("%d rows, want 10", a.Len())
	}
	full, _ := g.Generate(0, 0, 3)
	prev := 0
	for _, r := range a.X {
		z := int(r[0])
		if z <= prev {
			t.Errorf("Z = %d after %d: not in order of atomic number", z, prev)
		}
		prev = z
		if fr, _, ok := elementRow(full, z); !ok || !reflect.DeepEqual(fr, r) {
			t.Errorf("Z = %d: row %v differs from the full table's %v", z, r, fr)
		}
	}
	b, _ := g.Generate(10, 0, 3)
	c, _ := g.Generate(10, 0, 4)
	if !reflect.DeepEqual(a.X, b.X) {
		t.Error("the same seed chose different elements")
	}
	if reflect.DeepEqual(a.X, c.X) {
		t.Error("seeds 3 and 4 chose the same elements")
	}
	for _, bad := range []struct {
		n     int
		noise float64
	}{{34, 0}, {9, 0}, {20, 0.1}} {
		if _, err := g.Generate(bad.n, bad.noise, 1); err == nil {
			t.Errorf("Generate(%d, %g) succeeded", bad.n, bad.noise)
		}
	}
}
