package sandbox_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// setting returns the setting of d with the given name.
func datasetSetting(d sandbox.DatasetInfo, name string) (sandbox.Setting, bool) {
	i := slices.IndexFunc(d.Settings, func(s sandbox.Setting) bool { return s.Name == name })
	if i < 0 {
		return sandbox.Setting{}, false
	}
	return d.Settings[i], true
}

// TestCatalogHasTheSciences checks where the science sets stand in the
// catalog and what they offer: the physics sets are regressions with a
// noise dial and a translated target; penguins and elements are tables of
// measured or reference values with no noise to choose, and the elements
// offer at most their 33 rows.
func TestCatalogHasTheSciences(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	var names []string
	for _, d := range cat.Datasets {
		names = append(names, d.Name)
	}
	want := []string{"sine", "cubic", "projectile", "pendulum", "falling", "penguins", "elements"}
	i := slices.Index(names, "sine")
	if i < 0 || len(names) < i+len(want) || !slices.Equal(names[i:i+len(want)], want) {
		t.Fatalf("datasets %v, want %v in a row after the classification sets", names, want)
	}
	for _, c := range []struct {
		name      string
		kind      sandbox.DataKind
		noise     bool    // offers a noise setting
		maxNoise  float64 // its largest value
		minN      float64
		maxN      float64
		defaultN  int
		target    string // the target's English title; "" for a classifier
		attribute string // a group column, if any
	}{
		// The physics sets: 3 % error by default, up to 20 %; 200 points
		// by default, up to 5,000 (datasets/physics.go).
		{"projectile", sandbox.RegressionData, true, 0.2, 10, 5000, 200, "Range R (m)", ""},
		{"pendulum", sandbox.RegressionData, true, 0.2, 10, 5000, 200, "Period T (s)", ""},
		{"falling", sandbox.RegressionData, true, 0.2, 10, 5000, 200, "Ball speed v (m/s)", ""},
		// The Palmer study's 344 birds by default (datasets/biology.go).
		{"penguins", sandbox.TableData, false, 0, 10, 5000, 344, "", "island"},
		// The 33 elements from H to Kr with a Pauling electronegativity.
		{"elements", sandbox.TableData, false, 0, 10, 33, 33, "", ""},
		{"sine", sandbox.RegressionData, true, 1, 10, 5000, 200, "y", ""},
	} {
		d, ok := cat.Dataset(c.name)
		if !ok {
			t.Fatalf("no dataset %s", c.name)
		}
		if d.Kind != c.kind {
			t.Errorf("%s: kind %s, want %s", c.name, d.Kind, c.kind)
		}
		noise, has := datasetSetting(d, "noise")
		if has != c.noise || (has && noise.Max != c.maxNoise) {
			t.Errorf("%s: noise setting %v %+v, want %v up to %v", c.name, has, noise, c.noise, c.maxNoise)
		}
		n, _ := datasetSetting(d, "n")
		if n.Min != c.minN || n.Max != c.maxN || n.Default != c.defaultN {
			t.Errorf("%s: n from %v to %v, default %v; want %v to %v, default %d", c.name, n.Min, n.Max, n.Default, c.minN, c.maxN, c.defaultN)
		}
		if len(n.Label.Missing())+len(n.Help.Missing()) > 0 {
			t.Errorf("%s: the n setting is not in every language", c.name)
		}
		if d.Target.EN != c.target || (c.target != "" && len(d.Target.Missing()) > 0) {
			t.Errorf("%s: target %+v, want %q in every language", c.name, d.Target, c.target)
		}
		if (c.attribute == "") != (len(d.Attributes) == 0) || (c.attribute != "" && d.Attributes[0].Name != c.attribute) {
			t.Errorf("%s: attributes %+v, want %q", c.name, d.Attributes, c.attribute)
		}
		if _, err := json.Marshal(d); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	el, _ := cat.Dataset("elements")
	if n, _ := datasetSetting(el, "n"); n.Label.EN != "Rows" {
		t.Errorf("elements: n is labelled %q, want Rows", n.Label.EN)
	}
}

// TestSciencesTrain trains a fitting model on every science set with the
// catalog's defaults, as a page would, and checks the started message.
func TestSciencesTrain(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	for _, c := range []struct {
		dataset, model string
		features       []string
		target         string // English title of the target; "" for a classifier
	}{
		{"projectile", "poly", []string{"speed", "angle"}, "Range R (m)"},
		{"pendulum", "poly", []string{"length"}, "Period T (s)"},
		{"falling", "linear", []string{"mass", "time"}, "Ball speed v (m/s)"},
		{"penguins", "tree", []string{"bill_length", "bill_depth", "flipper_length", "body_mass"}, ""},
		{"elements", "knn", []string{"atomic_number", "atomic_mass", "electronegativity", "ionisation_energy", "covalent_radius", "density", "melting_point"}, ""},
	} {
		t.Run(c.dataset, func(t *testing.T) {
			spec := cat.Defaults(c.model, c.dataset)
			if err := cat.Validate(spec); err != nil {
				t.Fatal(err)
			}
			var started sandbox.Started
			_, done, err := sandbox.Train(context.Background(), cat, spec, sandbox.RunOptions{}, func(e sandbox.Event) {
				if s, ok := e.Payload.(sandbox.Started); ok {
					started = s
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(started.Features, c.features) || started.TargetTitle.EN != c.target {
				t.Errorf("started with features %v, target %+v; want %v, %q", started.Features, started.TargetTitle, c.features, c.target)
			}
			if started.Unseen != nil {
				t.Errorf("classes %v unseen in training", started.Unseen)
			}
			if c.target != "" {
				// Pendulum's period is a square root and the others are
				// curved too, but a polynomial or a line explains most
				// of what they do within the training range.
				if !(done.TestR2 > 0.8) {
					t.Errorf("test R² %.3f, want above 0.8", done.TestR2)
				}
			} else if !(done.TestAccuracy > 0.7) {
				t.Errorf("test accuracy %.3f, want above 0.7", done.TestAccuracy)
			}
		})
	}
}

// TestNoiselessSetsIgnoreNoise: penguins and elements have no noise
// setting, so a noise a page sends anyway changes nothing.
func TestNoiselessSetsIgnoreNoise(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	for _, name := range []string{"penguins", "elements"} {
		spec := cat.Defaults("bayes", name)
		quiet := train(t, spec)
		spec.Dataset.Noise = 0.3
		if err := cat.Validate(spec); err != nil {
			t.Fatalf("%s with noise: %v", name, err)
		}
		noisy := train(t, spec)
		a, err := quiet.Evaluate(context.Background(), sandbox.EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := noisy.Evaluate(context.Background(), sandbox.EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Test.Accuracy != b.Test.Accuracy || a.Test.Size != b.Test.Size {
			t.Errorf("%s: accuracy %v without noise, %v with: want the same", name, a.Test.Accuracy, b.Test.Accuracy)
		}
	}
}

// TestPendulumCurveShowsTheTruth trains a line on the pendulum with plots
// on: its curve carries the formula's periods, and starts at 0 m, not at a
// negative length.
func TestPendulumCurveShowsTheTruth(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	spec := cat.Defaults("linear", "pendulum")
	_, done, err := sandbox.Train(context.Background(), cat, spec, sandbox.RunOptions{Plots: true}, func(sandbox.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	c := done.Curve
	if c == nil || len(c.Truth) != len(c.X) || len(c.X) == 0 {
		t.Fatalf("curve %+v, want the truth at every x", c)
	}
	if c.X[0] != 0 || c.X[len(c.X)-1] <= 2 {
		t.Errorf("curve from %v to %v m, want from 0 to beyond the 2 m trained on", c.X[0], c.X[len(c.X)-1])
	}
	for i, x := range c.X {
		if c.Truth[i] != datasets.PendulumPeriod(x) {
			t.Fatalf("truth at %v m is %v, want %v", x, c.Truth[i], datasets.PendulumPeriod(x))
		}
	}
}

// TestExtrapolationOnSeveralFeatures sweeps one feature of the physics
// sets, the others held, and compares with the equation.
func TestExtrapolationOnSeveralFeatures(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	for _, c := range []struct {
		name, dataset, model string
		drop                 []string
		probe                sandbox.ProbeSpec
		feature              string
		held                 []string
		// lo and hi bound the training values of the feature (the
		// generator's range, datasets/physics.go); from and to are the
		// ends of the sweep.
		lo, hi, from, to float64
		truth            func(x float64, held []float64) float64
		flat             bool // the model does not see the feature
	}{
		{
			// Speeds of 5–20 m/s: half the range beyond is 27.5 m/s at
			// the top, and the sweep stops at 0 m/s at the bottom.
			name: "projectile speed", dataset: "projectile", model: "poly",
			probe: sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate}, feature: "speed", held: []string{"angle"},
			lo: 5, hi: 20, from: 0, to: 27.5,
			truth: func(v float64, h []float64) float64 { return datasets.ProjectileRange(v, h[0]) },
		},
		{
			// Balls of 0.05–0.5 kg asked about up to 0.5 + 10·0.45 = 5 kg,
			// 5 s after they were let go.
			name: "falling mass", dataset: "falling", model: "poly",
			probe:   sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Feature: "mass", Fixed: map[string]float64{"time": 5}, Reach: 10},
			feature: "mass", held: []string{"time"},
			lo: 0.05, hi: 0.5, from: 0, to: 5,
			truth: func(m float64, h []float64) float64 { return datasets.FallingSpeed(m, h[0]) },
		},
		{
			// A model not given the angle is compared with the truth
			// at the median angle.
			name: "projectile without the angle", dataset: "projectile", model: "poly", drop: []string{"angle"},
			probe: sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate}, feature: "speed", held: []string{"angle"},
			lo: 5, hi: 20, from: 0, to: 27.5,
			truth: func(v float64, h []float64) float64 { return datasets.ProjectileRange(v, h[0]) },
		},
		{
			// Sweeping the angle it was not given, it answers the same
			// all along while the truth rises and falls.
			name: "the angle it does not see", dataset: "projectile", model: "poly", drop: []string{"angle"},
			probe:   sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Feature: "angle"},
			feature: "angle", held: []string{"speed"},
			lo: 10, hi: 80, from: 0, to: 115,
			truth: func(a float64, h []float64) float64 { return datasets.ProjectileRange(h[0], a) },
			flat:  true,
		},
		{
			// One feature: lengths of 0.1–2 m, from 0 m to 2.95 m.
			name: "pendulum", dataset: "pendulum", model: "poly",
			probe: sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate}, feature: "length",
			lo: 0.1, hi: 2, from: 0, to: 2.95,
			truth: func(l float64, _ []float64) float64 { return datasets.PendulumPeriod(l) },
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := cat.Defaults(c.model, c.dataset)
			spec.Dataset.N = 400
			spec.Drop = c.drop
			r, err := train(t, spec).Probe(c.probe)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatal(err)
			}
			x := r.Extrapolate
			if x.Feature != c.feature || len(x.FeatureTitle.Missing()) > 0 || len(x.TargetTitle.Missing()) > 0 {
				t.Errorf("feature %q %+v, target %+v; want %q and titles in every language", x.Feature, x.FeatureTitle, x.TargetTitle, c.feature)
			}
			var held []float64
			for k, h := range x.Held {
				if k >= len(c.held) || h.Feature != c.held[k] {
					t.Fatalf("held %+v, want %v", x.Held, c.held)
				}
				if v, ok := c.probe.Fixed[h.Feature]; ok != h.Fixed || (ok && v != h.Value) {
					t.Errorf("held %+v, want fixed %v", h, ok)
				}
				held = append(held, h.Value)
			}
			if len(held) != len(c.held) {
				t.Fatalf("held %+v, want %v", x.Held, c.held)
			}
			// The training values are drawn from [lo, hi): 280 of them
			// come within 1 % of the range of both ends.
			span := c.hi - c.lo
			if x.TrainMin < c.lo || x.TrainMin > c.lo+0.01*span || x.TrainMax > c.hi || x.TrainMax < c.hi-0.01*span {
				t.Errorf("trained on %v to %v, want about %v to %v", x.TrainMin, x.TrainMax, c.lo, c.hi)
			}
			if x.From != c.from || math.Abs(x.To-c.to) > 0.2*span {
				t.Errorf("sweep from %v to %v, want from %v to about %v", x.From, x.To, c.from, c.to)
			}
			if len(x.Points) != 121 {
				t.Errorf("%d points, want 121", len(x.Points))
			}
			for _, p := range x.Points {
				if want := c.truth(p.X, held); math.Abs(p.Truth-want) > 1e-9 || p.Inside != (p.X >= x.TrainMin && p.X <= x.TrainMax) {
					t.Fatalf("point %+v: want truth %v", p, want)
				}
				if c.flat && p.Model != x.Points[0].Model {
					t.Fatalf("point %+v: a model without the feature changed its answer from %v", p, x.Points[0].Model)
				}
			}
			t.Logf("MSE inside %v, beyond %v", x.Inside.MSE, x.Beyond.MSE)
			if !c.flat && !(x.Beyond.MSE.Value > x.Inside.MSE.Value) {
				t.Errorf("MSE inside %v, beyond %v: want the model further off beyond its data", x.Inside.MSE, x.Beyond.MSE)
			}
		})
	}
}

func TestExtrapolationErrors(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	projectile := train(t, tableSpec("linear", "projectile", 100, 0))
	penguins := train(t, tableSpec("bayes", "penguins", 100, 0))
	own := &datasets.Table{Name: "own", Features: []string{"a", "b"}, TargetName: "c",
		X:       [][]float64{{1, 2}, {2, 1}, {3, 5}, {4, 2}, {5, 5}, {6, 1}, {7, 3}, {8, 8}, {9, 1}, {10, 4}},
		Targets: []float64{3, 3, 8, 6, 10, 7, 10, 16, 10, 14}}
	ownSpec := cat.Defaults("linear", "")
	ownSpec.Table = own
	mine := train(t, ownSpec)
	for _, c := range []struct {
		name        string
		m           *sandbox.Model
		p           sandbox.ProbeSpec
		code, field string
		reason      string
	}{
		{"unknown feature", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Feature: "mass"}, sandbox.CodeUnknownFeature, "feature", ""},
		{"fixed unknown", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Fixed: map[string]float64{"time": 1}}, sandbox.CodeUnknownFeature, "fixed.time", ""},
		{"fixed the swept one", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Feature: "angle", Fixed: map[string]float64{"angle": 45}}, sandbox.CodeBadField, "fixed.angle", ""},
		{"fixed at infinity", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Fixed: map[string]float64{"angle": math.Inf(1)}}, sandbox.CodeBadField, "fixed.angle", ""},
		{"reach too far", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Reach: 11}, sandbox.CodeOutOfRange, "reach", ""},
		{"reach backwards", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Reach: -1}, sandbox.CodeOutOfRange, "reach", ""},
		{"a classifier", penguins, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate}, sandbox.CodeProbeUnsupported, "kind", "not_regression"},
		{"a table without a formula", mine, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate}, sandbox.CodeProbeUnsupported, "kind", "no_formula"},
		{"fixed angle", projectile, sandbox.ProbeSpec{Kind: sandbox.ProbeExtrapolate, Fixed: map[string]float64{"angle": 45}, Reach: 1}, "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.m.Probe(c.p)
			checkError(t, err, c.code, c.field, c.reason)
		})
	}
}

// checkError checks that err is nil for code "", else an *Error with the
// code, field and, when given, reason.
func checkError(t *testing.T, err error, code, field, reason string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("error %v, want none", err)
		}
		return
	}
	se, ok := err.(*sandbox.Error)
	if !ok || se.Code != code || se.Field != field {
		t.Fatalf("error %v, want %s at %s", err, code, field)
	}
	if reason != "" && se.Params["reason"] != reason {
		t.Errorf("reason %v, want %s", se.Params["reason"], reason)
	}
}

// islandCounts counts the rows of each island in a part of the penguins.
func islandOf(t *testing.T, ev sandbox.Evaluation) []int {
	t.Helper()
	if ev.Groups == nil {
		t.Fatal("no group report")
	}
	var n []int
	for _, g := range ev.Groups.Groups {
		n = append(n, g.Count)
	}
	return n
}

// TestTrainOnOneIsland trains every table classifier on the penguins of
// one island and tests it on all. On Dream (Adélie and Chinstrap only)
// the model never saw a Gentoo: it calls none of the test birds Gentoo,
// so every Gentoo, all on Biscoe, is wrong. On Torgersen (Adélie only)
// the model saw one class and calls every bird Adélie.
func TestTrainOnOneIsland(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	for _, model := range []string{"mlp", "logistic", "knn", "tree", "bayes"} {
		for _, c := range []struct {
			island string
			unseen []string
		}{
			{"Dream", []string{"Gentoo"}},
			{"Torgersen", []string{"Chinstrap", "Gentoo"}},
		} {
			t.Run(model+"/"+c.island, func(t *testing.T) {
				spec := tableSpec(model, "penguins", 0, 100)
				spec.TrainGroup = &sandbox.GroupFilter{Attribute: "island", Value: c.island}
				all := tableSpec(model, "penguins", 0, 100)
				var started, startedAll sandbox.Started
				m := trainStarted(t, cat, spec, &started)
				trainStarted(t, cat, all, &startedAll)
				if !slices.Equal(started.Unseen, c.unseen) {
					t.Errorf("unseen classes %v, want %v", started.Unseen, c.unseen)
				}
				// The test part keeps every island; the training part
				// only the island's birds: Dream has 124 of the 344
				// birds, Torgersen 52 (datasets/biology.go), about 30 %
				// of them held out.
				if started.TestSize != startedAll.TestSize || started.TrainSize >= startedAll.TrainSize/2 {
					t.Errorf("trained on %d, tested on %d; with every island %d and %d", started.TrainSize, started.TestSize, startedAll.TrainSize, startedAll.TestSize)
				}
				ev, err := m.Evaluate(context.Background(), sandbox.EvalOptions{By: "island"})
				if err != nil {
					t.Fatal(err)
				}
				counts := islandOf(t, ev)
				if len(counts) != 3 || counts[0] == 0 || counts[1] == 0 || counts[2] == 0 {
					t.Errorf("test birds by island %v, want some of each", counts)
				}
				conf := ev.Test.Confusion.Counts
				for _, u := range c.unseen {
					k := slices.Index(ev.Classes, u)
					answered := 0
					for _, row := range conf {
						answered += row[k]
					}
					if answered != 0 {
						t.Errorf("called %d test birds %s, a species it never saw", answered, u)
					}
					if conf[k][k] != 0 || slices.Max(conf[k]) == 0 {
						t.Errorf("the %s row of the confusion matrix %v", u, conf[k])
					}
				}
			})
		}
	}
}

// trainStarted trains spec and keeps its started message.
func trainStarted(t *testing.T, cat sandbox.Catalog, spec sandbox.TrainSpec, started *sandbox.Started) *sandbox.Model {
	t.Helper()
	m, _, err := sandbox.Train(context.Background(), cat, spec, sandbox.RunOptions{}, func(e sandbox.Event) {
		if s, ok := e.Payload.(sandbox.Started); ok {
			*started = s
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainGroupErrors(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	// A table of four rows in group a and one in b, with a test table:
	// trained on b, one row is left.
	grp := datasets.Attribute{Name: "grp", Title: i18n.Text{KK: "топ", RU: "группа", EN: "group"}, Values: []string{"a", "b"}}
	small := &datasets.Table{Name: "small", Features: []string{"x"}, Classes: []string{"no", "yes"},
		X: [][]float64{{0}, {1}, {2}, {3}, {4}}, Y: []int{0, 0, 1, 1, 1}}
	small.Attributes = []datasets.Attribute{grp}
	small.Attributes[0].Of = []int{0, 0, 0, 0, 1}
	for _, c := range []struct {
		name, model, dataset string
		filter               *sandbox.GroupFilter
		table                bool
		code, field          string
	}{
		{"one island", "logistic", "penguins", &sandbox.GroupFilter{Attribute: "island", Value: "Biscoe"}, false, "", ""},
		{"no attribute", "logistic", "penguins", &sandbox.GroupFilter{Value: "Biscoe"}, false, sandbox.CodeMissingField, "train_group.attribute"},
		{"unknown attribute", "logistic", "penguins", &sandbox.GroupFilter{Attribute: "sex", Value: "f"}, false, sandbox.CodeUnknownAttribute, "train_group.attribute"},
		{"no value", "logistic", "penguins", &sandbox.GroupFilter{Attribute: "island"}, false, sandbox.CodeMissingField, "train_group.value"},
		{"unknown value", "logistic", "penguins", &sandbox.GroupFilter{Attribute: "island", Value: "Anvers"}, false, sandbox.CodeBadChoice, "train_group.value"},
		{"no groups", "logistic", "moons", &sandbox.GroupFilter{Attribute: "island", Value: "Dream"}, false, sandbox.CodeUnknownAttribute, "train_group.attribute"},
		{"a regression", "linear", "pendulum", &sandbox.GroupFilter{Attribute: "island", Value: "Dream"}, false, sandbox.CodeUnknownAttribute, "train_group.attribute"},
		{"one row left", "knn", "", &sandbox.GroupFilter{Attribute: "grp", Value: "b"}, true, sandbox.CodeGroupTooSmall, "train_group.value"},
		{"four rows left", "knn", "", &sandbox.GroupFilter{Attribute: "grp", Value: "a"}, true, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := cat.Defaults(c.model, c.dataset)
			if c.table {
				spec.Table, spec.TestTable = small, small
			}
			spec.TrainGroup = c.filter
			_, _, err := sandbox.Train(context.Background(), cat, spec, sandbox.RunOptions{}, func(sandbox.Event) {})
			checkError(t, err, c.code, c.field, "")
			if c.code == sandbox.CodeGroupTooSmall {
				if p := err.(*sandbox.Error).Params; p["rows"] != 1 || p["min"] != 2 || p["value"] != "b" {
					t.Errorf("params %v", p)
				}
			}
		})
	}
}

// TestBiasMitigationAfterOneGroup resamples by the island while training
// on one: P(island) is 1 there, so every cell keeps its size and the run
// is the same as without the mitigation.
func TestBiasMitigationAfterOneGroup(t *testing.T) {
	spec := tableSpec("tree", "penguins", 0, 0)
	spec.TrainGroup = &sandbox.GroupFilter{Attribute: "island", Value: "Dream"}
	plain, err := train(t, spec).Evaluate(context.Background(), sandbox.EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spec.Mitigation, spec.MitigateBy = sandbox.MitigateResample, "island"
	mitigated, err := train(t, spec).Evaluate(context.Background(), sandbox.EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Test.Accuracy != mitigated.Test.Accuracy {
		t.Errorf("accuracy %v, resampled %v: want the same", plain.Test.Accuracy, mitigated.Test.Accuracy)
	}
}
