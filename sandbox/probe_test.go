package sandbox

import (
	"math"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
)

// nameReader is a text classifier made to depend on a name: a sentence
// with any word of its vocabulary is positive with probability 0.9, any
// other with 0.2.
type nameReader struct{}

func (nameReader) Probabilities(X [][]float64) [][]float64 {
	out := make([][]float64, len(X))
	for i, row := range X {
		out[i] = []float64{0.8, 0.2}
		for _, v := range row {
			if v > 0 {
				out[i] = []float64{0.1, 0.9}
			}
		}
	}
	return out
}

// TestTextProbeFindsANameTheModelReads gives a classifier one name of
// the first group in its vocabulary: the sentences with that name, and
// only those, flip between that group and every other.
func TestTextProbeFindsANameTheModelReads(t *testing.T) {
	set, err := datasets.Probes(i18n.EN)
	if err != nil {
		t.Fatal(err)
	}
	name := set.Groups[0].Fillers[0]
	bag := newBagOfWords([]string{name})
	classes := []string{"negative", "positive"}
	m := &Model{classify: nameReader{}, bag: bag, features: bag.vocab, classes: classes, titles: make([]i18n.Text, 2)}
	m.ev = &evalData{kind: TextData, lang: i18n.EN, test: &datasets.Table{Classes: classes}}
	r, err := m.Probe(ProbeSpec{Kind: ProbeText})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Text
	T, F := len(set.Templates), len(set.Groups[0].Fillers)
	// Group 0: T sentences at 0.9 and T·(F−1) at 0.2; the others all at 0.2.
	want0 := (float64(T)*0.9 + float64(T*(F-1))*0.2) / float64(T*F)
	if g := p.Groups[0]; math.Abs(g.MeanPositive.Value-want0) > 1e-12 || g.Positive.Num != T || g.Known != 1 || g.Fillers != F {
		t.Errorf("group 0: %+v, want mean %v, %d positive, 1 known name of %d", g, want0, T, F)
	}
	for _, g := range p.Groups[1:] {
		if math.Abs(g.MeanPositive.Value-0.2) > 1e-12 || g.Positive.Num != 0 || g.Known != 0 {
			t.Errorf("group %s: %+v, want mean 0.2, none positive, no known name", g.Name, g)
		}
	}
	for _, pair := range p.Pairs {
		want := 0
		if pair.A == set.Groups[0].Name {
			want = T
		}
		if pair.Flips.Count != want || pair.Flips.Total != T*F {
			t.Errorf("pair %s/%s: %d of %d flipped, want %d of %d", pair.A, pair.B, pair.Flips.Count, pair.Flips.Total, want, T*F)
		}
		if want > 0 {
			// From the name to another: P(positive) falls by 0.7 in T of
			// the T·F sentences.
			if mc := pair.Flips.MeanChange.Value; math.Abs(mc-(-0.7*float64(T)/float64(T*F))) > 1e-12 {
				t.Errorf("pair %s/%s: mean change %v", pair.A, pair.B, mc)
			}
			for _, x := range pair.Examples {
				if x.ClassA != 1 || x.ClassB != 0 || x.PA != 0.9 || x.PB != 0.2 || x.TextA == x.TextB {
					t.Errorf("pair %s/%s: example %+v", pair.A, pair.B, x)
				}
			}
			if len(pair.Examples) != min(T, 10) {
				t.Errorf("pair %s/%s: %d examples, want %d", pair.A, pair.B, len(pair.Examples), min(T, 10))
			}
		}
	}
}
