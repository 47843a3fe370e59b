package sandbox

import (
	"context"
	"fmt"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
)

// TestReviewsTeachNameBias trains the bag-of-words classifier on reviews
// that name people, with the name skew high and at zero, and probes it with
// sentences it never saw: at a high skew the favoured names read more
// positive, at zero they do not.
func TestReviewsTeachNameBias(t *testing.T) {
	cat := newCatalog()
	for _, name := range []string{"reviews-kk", "reviews-ru", "reviews-en"} {
		if _, ok := cat.Dataset(name); !ok {
			t.Fatalf("%s is not in the catalog", name)
		}
	}
	for _, c := range []struct {
		dataset string
		skew    float64
		minGap  float64 // favoured minus other names, in mean P(positive)
		maxGap  float64
	}{
		{"reviews-en", 0.9, 0.15, 1},
		{"reviews-kk", 0.9, 0.15, 1},
		{"reviews-ru", 0.9, 0.15, 1},
		{"reviews-en", 0, -0.06, 0.06},
	} {
		t.Run(fmt.Sprintf("%s/%g", c.dataset, c.skew), func(t *testing.T) {
			spec := cat.Defaults("textnb", c.dataset)
			spec.Dataset.Correlation = c.skew
			m, _, err := Train(context.Background(), cat, spec, RunOptions{}, func(Event) {})
			if err != nil {
				t.Fatal(err)
			}
			r, err := m.Probe(ProbeSpec{Kind: ProbeText})
			if err != nil {
				t.Fatal(err)
			}
			lang, _ := datasets.ReviewsLang(c.dataset)
			info, err := datasets.NamedReviewsInfo(lang)
			if err != nil {
				t.Fatal(err)
			}
			favoured := make(map[string]bool)
			for _, g := range info.Favoured {
				favoured[g] = true
			}
			var fav, other float64
			var nf, no int
			for _, g := range r.Text.Groups {
				if g.Known == 0 {
					t.Errorf("group %s: the model knows none of its names", g.Name)
				}
				if favoured[g.Name] {
					fav, nf = fav+g.MeanPositive.Value, nf+1
				} else {
					other, no = other+g.MeanPositive.Value, no+1
				}
			}
			if nf == 0 || no == 0 {
				t.Fatalf("groups %+v: want favoured and other groups", r.Text.Groups)
			}
			gap := fav/float64(nf) - other/float64(no)
			if gap < c.minGap || gap > c.maxGap {
				t.Errorf("favoured minus other mean P(positive) = %.3f, want %.2f..%.2f", gap, c.minGap, c.maxGap)
			}
		})
	}
}

// TestReviewsSettings checks that the name skew is the dataset's
// correlation dial, validated like any other.
func TestReviewsSettings(t *testing.T) {
	cat := newCatalog()
	spec := cat.Defaults("textnb", "reviews-ru")
	if spec.Dataset.Correlation != datasets.ReviewsDefaultSkew || spec.Dataset.N != datasets.ReviewsDefaultN {
		t.Errorf("defaults: %+v", spec.Dataset)
	}
	spec.Dataset.Correlation = 1.5
	if err := cat.Validate(spec); ErrorCode(err) != CodeOutOfRange {
		t.Errorf("skew 1.5: %v, want out_of_range", err)
	}
	spec = cat.Defaults("ngram", "reviews-ru")
	if err := cat.Validate(spec); err != nil {
		t.Errorf("a language model on reviews: %v", err)
	}
}
