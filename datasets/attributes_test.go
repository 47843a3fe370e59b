package datasets

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

// groupedTable returns idTable(counts...) with two attributes computed from
// each row's id, so that any operation's output can be checked row by row:
// "parity" (even, odd) = id%2 and "third" (a, b, c) = id%3.
func groupedTable(counts ...int) *Table {
	t := idTable(counts...)
	parity := Attribute{Name: "parity", Title: i18n.Text{KK: "жұптық", RU: "чётность", EN: "parity"}, Values: []string{"even", "odd"}}
	third := Attribute{Name: "third", Values: []string{"a", "b", "c"}}
	for i := range t.X {
		parity.Of = append(parity.Of, i%2)
		third.Of = append(third.Of, i%3)
	}
	t.Attributes = []Attribute{parity, third}
	return t
}

// checkAttributesFollowRows fails t unless every row of tab still carries
// the attribute values of its id (column 0 holds the id, standardized or
// not: undo is given to recover it).
func checkAttributesFollowRows(t *testing.T, what string, tab *Table, id func(row []float64) int) {
	t.Helper()
	if err := tab.Validate(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if len(tab.Attributes) != 2 {
		t.Fatalf("%s: %d attributes, want 2", what, len(tab.Attributes))
	}
	for k, row := range tab.X {
		i := id(row)
		if tab.Attributes[0].Of[k] != i%2 || tab.Attributes[1].Of[k] != i%3 {
			t.Fatalf("%s: row %d (id %d) has attributes %d, %d; want %d, %d",
				what, k, i, tab.Attributes[0].Of[k], tab.Attributes[1].Of[k], i%2, i%3)
		}
	}
}

func TestAttributesSurviveTableOperations(t *testing.T) {
	tab := groupedTable(30, 20, 10)
	plain := func(row []float64) int { return int(row[0]) }
	rng := rand.New(rand.NewPCG(1, 2))

	checkAttributesFollowRows(t, "Subset", tab.Subset([]int{5, 0, 59, 5}), plain)
	checkAttributesFollowRows(t, "Shuffled", tab.Shuffled(rng), plain)
	train, test, err := tab.Split(0.3, rng)
	if err != nil {
		t.Fatal(err)
	}
	checkAttributesFollowRows(t, "Split train", train, plain)
	checkAttributesFollowRows(t, "Split test", test, plain)
	tr, va, te, err := tab.SplitThree(0.2, 0.2, rng)
	if err != nil {
		t.Fatal(err)
	}
	checkAttributesFollowRows(t, "SplitThree train", tr, plain)
	checkAttributesFollowRows(t, "SplitThree validation", va, plain)
	checkAttributesFollowRows(t, "SplitThree test", te, plain)

	s := FitScaler(train)
	scaled := s.Apply(test)
	unscale := func(row []float64) int { return int(s.Invert(row)[0] + 0.5) }
	checkAttributesFollowRows(t, "Scaler.Apply", scaled, unscale)
	scaled.Attributes[0].Of[0] = 1 - scaled.Attributes[0].Of[0]
	checkAttributesFollowRows(t, "the table Apply was given", test, plain)

	with, err := tab.WithAttribute("third")
	if err != nil {
		t.Fatal(err)
	}
	checkAttributesFollowRows(t, "WithAttribute", with, plain)
	without, err := with.WithoutFeatures("third=b")
	if err != nil {
		t.Fatal(err)
	}
	checkAttributesFollowRows(t, "WithoutFeatures", without, plain)
	wtr, wte, err := without.Split(0.5, rng)
	if err != nil {
		t.Fatal(err)
	}
	checkAttributesFollowRows(t, "Split after WithAttribute", wtr, plain)
	checkAttributesFollowRows(t, "Split after WithAttribute", wte, plain)

	// The bias tables keep theirs through the same steps.
	for _, name := range []string{"hiring", "screening"} {
		g, _ := Builtin(name)
		bt, err := g.Generate(200, g.DefaultNoise, 1)
		if err != nil {
			t.Fatal(err)
		}
		a, b, err := bt.Split(0.25, rng)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []*Table{a, b, FitScaler(a).Apply(b)} {
			if err := part.Validate(); err != nil || len(part.Attributes) != 1 || part.Attributes[0].Name != bt.Attributes[0].Name {
				t.Errorf("%s: a part lost its attribute: %v %+v", name, err, part.Attributes)
			}
		}
	}
}

func TestValidateAttributes(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Table)
		want   string // in the error
	}{
		{"short", func(t *Table) { t.Attributes[0].Of = t.Attributes[0].Of[1:] }, `attribute "parity" has 5 entries for 6 rows`},
		{"out of range", func(t *Table) { t.Attributes[1].Of[2] = 3 }, `row 2, attribute "third" has value 3, want 0..2`},
		{"negative", func(t *Table) { t.Attributes[1].Of[0] = -1 }, `row 0, attribute "third" has value -1`},
		{"no name", func(t *Table) { t.Attributes[1].Name = "" }, "attribute 1 has no name"},
		{"same name", func(t *Table) { t.Attributes[1].Name = "parity" }, `two attributes are named "parity"`},
		{"no values", func(t *Table) { t.Attributes[0].Values = nil }, `attribute "parity" has no values`},
		{"value twice", func(t *Table) { t.Attributes[1].Values = []string{"a", "b", "a"} }, `has the value "a" twice`},
		{"empty value", func(t *Table) { t.Attributes[1].Values = []string{"a", "", "c"} }, "empty value name"},
		{"titles", func(t *Table) { t.Attributes[1].ValueTitles = []i18n.Text{{EN: "a"}} }, "3 values but 1 value titles"},
		{"clash", func(t *Table) { t.Features = []string{"third"} }, `"third" names both a feature and an attribute with 3 values`},
	}
	for _, tc := range tests {
		tab := groupedTable(3, 3)
		tab.Attributes = cloneAttributes(tab.Attributes)
		tc.change(tab)
		err := tab.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "datasets: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// A two-valued attribute may share its name with the feature
	// WithAttribute makes of it, and a table may have no attributes.
	ok := groupedTable(3, 3)
	ok.Features = []string{"parity"}
	if err := ok.Validate(); err != nil {
		t.Errorf("the encoded column of a two-valued attribute: %v", err)
	}
	ok.Attributes = nil
	if err := ok.Validate(); err != nil {
		t.Errorf("no attributes: %v", err)
	}
	// A regression table's attributes are checked too.
	reg := &Table{Name: "r", Features: []string{"x"}, X: [][]float64{{1}, {2}}, Targets: []float64{1, 2},
		Attributes: []Attribute{{Name: "g", Values: []string{"u"}, Of: []int{0}}}}
	if err := reg.Validate(); err == nil {
		t.Error("a regression table with a short attribute passed Validate")
	}
}

func TestWithAttribute(t *testing.T) {
	tab := groupedTable(3, 3) // ids 0..5 with classes c0 c1 interleaved
	before := fmt.Sprint(tab.X, tab.Features)

	bin, err := tab.WithAttribute("parity")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id", "parity"}; !reflect.DeepEqual(bin.Features, want) {
		t.Errorf("features %v, want %v", bin.Features, want)
	}
	// 1 stands for Values[1], "odd".
	wantBin := [][]float64{{0, 0}, {1, 1}, {2, 0}, {3, 1}, {4, 0}, {5, 1}}
	if !reflect.DeepEqual(bin.X, wantBin) {
		t.Errorf("X %v, want %v", bin.X, wantBin)
	}

	hot, err := tab.WithAttribute("third")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id", "third=a", "third=b", "third=c"}; !reflect.DeepEqual(hot.Features, want) {
		t.Errorf("features %v, want %v", hot.Features, want)
	}
	wantHot := [][]float64{{0, 1, 0, 0}, {1, 0, 1, 0}, {2, 0, 0, 1}, {3, 1, 0, 0}, {4, 0, 1, 0}, {5, 0, 0, 1}}
	if !reflect.DeepEqual(hot.X, wantHot) {
		t.Errorf("X %v, want %v", hot.X, wantHot)
	}
	if !reflect.DeepEqual(hot.Y, tab.Y) || len(hot.Attributes) != 2 {
		t.Error("labels or attributes changed")
	}
	// Both at once, and back.
	both, err := bin.WithAttribute("third")
	if err != nil {
		t.Fatal(err)
	}
	if len(both.Features) != 5 || both.Validate() != nil {
		t.Errorf("both attributes: features %v", both.Features)
	}
	back, err := both.WithoutFeatures("parity", "third=a", "third=b", "third=c", "parity")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.X, tab.X) || !reflect.DeepEqual(back.Features, tab.Features) {
		t.Errorf("WithoutFeatures did not undo WithAttribute: %v %v", back.Features, back.X)
	}
	if got := fmt.Sprint(tab.X, tab.Features); got != before {
		t.Errorf("the original table changed: %s, was %s", got, before)
	}

	errs := []struct {
		name string
		tab  *Table
		attr string
		want string
	}{
		{"unknown", tab, "region", `no attribute "region"`},
		{"twice", bin, "parity", `already has a feature "parity"`},
		{"one value", func() *Table {
			u := groupedTable(2, 1)
			u.Attributes = append(u.Attributes, Attribute{Name: "all", Values: []string{"same"}, Of: []int{0, 0, 0}})
			return u
		}(), "all", "only one value"},
		{"invalid", func() *Table {
			u := groupedTable(2, 1)
			u.Attributes[0].Of = u.Attributes[0].Of[:1]
			return u
		}(), "parity", "1 entries for 3 rows"},
		{"nil", nil, "parity", "nil table"},
	}
	for _, tc := range errs {
		_, err := tc.tab.WithAttribute(tc.attr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestWithoutFeatures(t *testing.T) {
	tab := &Table{
		Name: "w", Features: []string{"a", "b", "c"}, Classes: []string{"n", "y"},
		X: [][]float64{{1, 2, 3}, {4, 5, 6}}, Y: []int{0, 1},
	}
	u, err := tab.WithoutFeatures("b")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(u.Features, []string{"a", "c"}) || !reflect.DeepEqual(u.X, [][]float64{{1, 3}, {4, 6}}) {
		t.Errorf("got %v %v", u.Features, u.X)
	}
	u.X[0][0] = 99
	if tab.X[0][0] != 1 {
		t.Error("WithoutFeatures shares rows with the original")
	}
	same, err := tab.WithoutFeatures()
	if err != nil || !reflect.DeepEqual(same.X, tab.X) {
		t.Errorf("dropping nothing: %v %v", same, err)
	}
	for _, tc := range []struct {
		drop []string
		want string
	}{
		{[]string{"d"}, `no feature "d"`},
		{[]string{"a", "b", "c"}, "no feature"},
	} {
		if _, err := tab.WithoutFeatures(tc.drop...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("dropping %v: error %v, want one containing %q", tc.drop, err, tc.want)
		}
	}
}

func TestAttributeLookupAndTitles(t *testing.T) {
	tab := groupedTable(2, 2)
	a, ok := tab.Attribute("third")
	if !ok || a.Name != "third" {
		t.Fatalf("Attribute(third) = %v, %v", a, ok)
	}
	a.Values[0] = "A" // the pointer is into the table
	if tab.Attributes[1].Values[0] != "A" {
		t.Error("Attribute returned a copy")
	}
	if _, ok := tab.Attribute("nothing"); ok {
		t.Error("found an attribute that is not there")
	}
	if got := a.ValueTitle(1); got != (i18n.Text{KK: "b", RU: "b", EN: "b"}) {
		t.Errorf("fallback title %v", got)
	}
	if got := a.ValueTitle(7); got != (i18n.Text{}) {
		t.Errorf("title out of range %v", got)
	}
	home := homeAttribute()
	if got := home.ValueTitle(1).In(i18n.KK); got != "ауыл" {
		t.Errorf("village in Kazakh: %q", got)
	}
	// ids 0..3: third = 0, 1, 2, 0.
	if got := a.Counts(); !reflect.DeepEqual(got, []int{2, 1, 1}) {
		t.Errorf("counts %v, want [2 1 1]", got)
	}
	if got := tab.FeatureTitle("id"); got.EN != "id" {
		t.Errorf("FeatureTitle fallback %v", got)
	}
	g, _ := Builtin("hiring")
	h, _ := g.Generate(20, 0, 1)
	if got := h.FeatureTitle("commute").In(i18n.RU); got != "Дорога до работы (км)" {
		t.Errorf("FeatureTitle(commute) in Russian: %q", got)
	}
}

func TestSplitThreeStratified(t *testing.T) {
	tests := []struct {
		counts         []int
		val, test      float64
		wantVal, wantT []int // per class
	}{
		// round(50·0.2) = 10, round(30·0.2) = 6, round(20·0.1) = 2 ...
		{[]int{50, 30, 20}, 0.2, 0.1, []int{10, 6, 4}, []int{5, 3, 2}},
		{[]int{10, 10}, 0.15, 0.15, []int{2, 2}, []int{2, 2}},
		// Three rows give one to each part; two give one to test, none to
		// validation; one stays for training.
		{[]int{3, 2, 1, 4}, 0.1, 0.1, []int{1, 0, 0, 1}, []int{1, 1, 0, 1}},
		// A large test share leaves validation and training one row each.
		{[]int{5}, 0.1, 0.8, []int{1}, []int{3}},
		{[]int{5}, 0.45, 0.45, []int{2}, []int{2}},
	}
	for _, tc := range tests {
		tab := idTable(tc.counts...)
		tr, va, te, err := tab.SplitThree(tc.val, tc.test, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatalf("%v: %v", tc.counts, err)
		}
		if got := va.ClassCounts(); !reflect.DeepEqual(got, tc.wantVal) {
			t.Errorf("%v val %g: validation counts %v, want %v", tc.counts, tc.val, got, tc.wantVal)
		}
		if got := te.ClassCounts(); !reflect.DeepEqual(got, tc.wantT) {
			t.Errorf("%v test %g: test counts %v, want %v", tc.counts, tc.test, got, tc.wantT)
		}
		all := slices.Concat(ids(tr), ids(va), ids(te))
		slices.Sort(all)
		for i, id := range all {
			if id != i {
				t.Fatalf("%v: the three parts do not hold every row once: %v", tc.counts, all)
			}
		}
	}
}

func TestSplitThreeDeterministicAndRegression(t *testing.T) {
	tab := idTable(40, 40)
	a1, b1, c1, _ := tab.SplitThree(0.2, 0.2, rand.New(rand.NewPCG(5, 5)))
	a2, b2, c2, _ := tab.SplitThree(0.2, 0.2, rand.New(rand.NewPCG(5, 5)))
	if !reflect.DeepEqual(ids(a1), ids(a2)) || !reflect.DeepEqual(ids(b1), ids(b2)) || !reflect.DeepEqual(ids(c1), ids(c2)) {
		t.Error("the same seed gave different splits")
	}
	g, _ := Regression("sine")
	reg, err := g.Generate(100, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, va, te, err := reg.SplitThree(0.2, 0.3, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 50 || va.Len() != 20 || te.Len() != 30 || !te.IsRegression() {
		t.Errorf("regression split %d/%d/%d, want 50/20/30", tr.Len(), va.Len(), te.Len())
	}
}

func TestSplitThreeErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		name      string
		tab       *Table
		val, test float64
		rng       *rand.Rand
		want      string
	}{
		{"nil table", nil, 0.2, 0.2, rng, "nil table"},
		{"nil rng", idTable(5, 5), 0.2, 0.2, nil, "nil random source"},
		{"zero val", idTable(5, 5), 0, 0.2, rng, "must each be above 0"},
		{"too much", idTable(5, 5), 0.5, 0.5, rng, "together at most 0.9"},
		{"too few rows", idTable(2, 2), 0.2, 0.2, rng, "too few for three parts"},
		{"invalid", &Table{Name: "bad", Features: []string{"a"}, Classes: []string{"x"}, X: [][]float64{{1}}, Y: []int{3}}, 0.2, 0.2, rng, "label 3"},
	}
	for _, tc := range tests {
		_, _, _, err := tc.tab.SplitThree(tc.val, tc.test, tc.rng)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "datasets: split: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
