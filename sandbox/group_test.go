package sandbox

import (
	"context"
	"slices"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
)

// islands counts the rows of each island in a part of the penguins.
func islands(t *testing.T, tab *datasets.Table) []int {
	t.Helper()
	a, ok := tab.Attribute("island")
	if !ok {
		t.Fatal("no island attribute")
	}
	return a.Counts()
}

// TestTrainGroupKeepsTheTestPart checks what a TrainGroup keeps of each
// part: the training and validation parts only the island's birds, the
// test part the birds of every island, exactly as without the filter; the
// smaller training parts of a learning curve come from the island's
// birds too.
func TestTrainGroupKeepsTheTestPart(t *testing.T) {
	cat := newCatalog()
	spec := cat.Defaults("logistic", "penguins")
	spec.ValidationSplit = 0.2
	all, err := prepareData(spec, true, prepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spec.TrainGroup = &GroupFilter{Attribute: "island", Value: "Dream"}
	dream, err := prepareData(spec, true, prepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Dream is value 1 of Biscoe, Dream, Torgersen.
	for _, c := range []struct {
		part       string
		all, dream *datasets.Table
	}{
		{"training", all.rawTrain, dream.rawTrain},
		{"validation", all.rawVal, dream.rawVal},
	} {
		got, was := islands(t, c.dream), islands(t, c.all)
		if got[0] != 0 || got[2] != 0 || got[1] != was[1] || got[1] == 0 {
			t.Errorf("%s part by island %v, with every island %v: want only its %d Dream birds", c.part, got, was, was[1])
		}
	}
	if !slices.Equal(islands(t, dream.rawTest), islands(t, all.rawTest)) || dream.rawTest.Len() != all.rawTest.Len() {
		t.Errorf("test part by island %v, without the filter %v: want the same", islands(t, dream.rawTest), islands(t, all.rawTest))
	}
	for i := range all.rawTest.X {
		if !slices.Equal(all.rawTest.X[i], dream.rawTest.X[i]) {
			t.Fatalf("test row %d differs with the filter", i)
		}
	}
	// The scaler is fitted on what the model trains on: Dream's birds.
	if s := datasets.FitScaler(dream.rawTrain); !slices.Equal(s.Mean, dream.scaler.Mean) {
		t.Errorf("scaler mean %v, want Dream's %v", dream.scaler.Mean, s.Mean)
	}
	half, err := prepareData(spec, true, prepOptions{share: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if got := islands(t, half.rawTrain); got[0] != 0 || got[2] != 0 || got[1] == 0 || got[1] >= dream.rawTrain.Len() {
		t.Errorf("half the training part by island %v, want fewer Dream birds than %d and no others", got, dream.rawTrain.Len())
	}
}

// TestOneClassTreeReports trains a tree on Torgersen, where every bird is
// an Adélie: the tree is a single leaf from the start, and the run still
// reports its scores and its one rule.
func TestOneClassTreeReports(t *testing.T) {
	cat := newCatalog()
	spec := cat.Defaults("tree", "penguins")
	spec.TrainGroup = &GroupFilter{Attribute: "island", Value: "Torgersen"}
	var started Started
	_, done, err := Train(context.Background(), cat, spec, RunOptions{Plots: true}, func(e Event) {
		if s, ok := e.Payload.(Started); ok {
			started = s
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(started.Unseen, []string{"Chinstrap", "Gentoo"}) {
		t.Errorf("unseen %v", started.Unseen)
	}
	// Every test bird called Adélie: right for the Adélies, 152 of the
	// study's 344 birds (datasets/biology.go), about 44 % of the test part.
	if done.TrainAccuracy != 1 || !(done.TestAccuracy > 0.4 && done.TestAccuracy < 0.5) {
		t.Errorf("train accuracy %v, test %v; want 1 and about 0.44", done.TrainAccuracy, done.TestAccuracy)
	}
	if done.Tree == nil || len(done.Tree.Rules) != 1 || done.Tree.Rules[0].Class != 0 {
		t.Errorf("tree %+v, want one leaf that says Adélie", done.Tree)
	}
}

// TestStartedTargetTitle: a built-in regression set shows its card's
// target; a table brought by the caller shows its target's name.
func TestStartedTargetTitle(t *testing.T) {
	cat := newCatalog()
	own := &datasets.Table{Name: "own", Features: []string{"x"}, TargetName: "price",
		X: [][]float64{{1}, {2}, {3}, {4}, {5}, {6}}, Targets: []float64{2, 4, 6, 8, 10, 12}}
	ownSpec := cat.Defaults("linear", "")
	ownSpec.Table = own
	for _, c := range []struct {
		name string
		spec TrainSpec
		want i18n.Text
	}{
		{"projectile", cat.Defaults("linear", "projectile"), i18n.Text{KK: "Ұшу қашықтығы R (м)", RU: "Дальность полёта R (м)", EN: "Range R (m)"}},
		{"own", ownSpec, i18n.Text{KK: "price", RU: "price", EN: "price"}},
		{"penguins", cat.Defaults("bayes", "penguins"), i18n.Text{}},
	} {
		var started Started
		if _, _, err := Train(context.Background(), cat, c.spec, RunOptions{}, func(e Event) {
			if s, ok := e.Payload.(Started); ok {
				started = s
			}
		}); err != nil {
			t.Fatal(err)
		}
		if started.TargetTitle != c.want {
			t.Errorf("%s: target title %+v, want %+v", c.name, started.TargetTitle, c.want)
		}
	}
}
