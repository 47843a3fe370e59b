package activities

import (
	"maps"
	"slices"
	"strings"
)

// testCatalog is a small catalog written like the sandbox's (the same
// names, kinds and ranges as "aisandbox models" and "aisandbox datasets"
// list for these entries), so that this package's tests need no sandbox.
// The command's tests validate the same files against the real one.
type testCatalog struct{}

type testDataset struct {
	kind     string
	settings map[string]Range
	features []string
	groups   map[string][]string // attribute -> its values
}

type testModel struct {
	kinds    []string
	settings map[string]Range
}

var (
	testDatasetSettings = map[string]Range{
		"n":     {Type: IntValue, Min: 10, Max: 5000},
		"noise": {Type: FloatValue, Min: 0, Max: 0.5},
		"seed":  {Type: IntValue, Min: 0, Max: 1e6},
	}
	testDatasets = map[string]testDataset{
		"blobs": {kind: "table", settings: testDatasetSettings, features: []string{"x1", "x2"}},
		"moons": {kind: "table", settings: testDatasetSettings, features: []string{"x1", "x2"}},
		"cubic": {kind: "regression", settings: testDatasetSettings, features: []string{"x"}},
		// The penguins' measurements, with the island as a group column
		// (datasets/biology.go), and the falling balls' two features
		// (datasets/physics.go).
		"penguins": {kind: "table", settings: testDatasetSettings,
			features: []string{"bill_length", "bill_depth", "flipper_length", "body_mass"},
			groups:   map[string][]string{"island": {"Biscoe", "Dream", "Torgersen"}}},
		"falling":      {kind: "regression", settings: testDatasetSettings, features: []string{"mass", "time"}},
		"sentiment-kk": {kind: "text", settings: map[string]Range{"seed": {Type: IntValue, Min: 0, Max: 1e6}}},
	}
	testTraining = map[string]Range{
		"optimizer": {Type: ChoiceValue, Choices: []string{"adam", "sgd"}},
		"lr":        {Type: FloatValue, Min: 1e-5, Max: 10},
		"epochs":    {Type: IntValue, Min: 1, Max: 2000},
		"batch":     {Type: IntValue, Min: 1, Max: 1024},
		"seed":      {Type: IntValue, Min: 0, Max: 1e6},
	}
	testModels = map[string]testModel{
		"mlp": {[]string{"table", "regression", "images"}, with(testTraining, map[string]Range{
			"hidden":     {Type: IntsValue, Min: 1, Max: 64, MinLen: 1, MaxLen: 4},
			"activation": {Type: ChoiceValue, Choices: []string{"relu", "tanh", "sigmoid"}},
		})},
		"logistic": {[]string{"table", "images", "text"}, testTraining},
		"linear": {[]string{"regression"}, map[string]Range{
			"ridge": {Type: FloatValue, Min: 0, Max: 100},
			"seed":  {Type: IntValue, Min: 0, Max: 1e6},
		}},
	}
	testTestSplit = Range{Type: FloatValue, Min: 0.05, Max: 0.9}
)

func with(a, b map[string]Range) map[string]Range {
	m := map[string]Range{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

func (testCatalog) Dataset(name string) bool { _, ok := testDatasets[name]; return ok }
func (testCatalog) Model(name string) bool   { _, ok := testModels[name]; return ok }

func (c testCatalog) Setting(dataset, model, key string) bool {
	_, ok := c.Range(dataset, model, key)
	return ok
}

func (testCatalog) Range(dataset, model, key string) (Range, bool) {
	if name, ok := strings.CutPrefix(key, "dataset."); ok {
		r, ok := testDatasets[dataset].settings[name]
		return r, ok
	}
	if name, ok := strings.CutPrefix(key, "model."); ok {
		r, ok := testModels[model].settings[name]
		return r, ok
	}
	d, hasD := testDatasets[dataset]
	switch {
	case key == "test_split":
		return testTestSplit, true
	case key == "attributes" && hasD:
		return Range{Type: StringsValue, MaxLen: len(d.groups), Choices: slices.Sorted(maps.Keys(d.groups))}, true
	case key == "drop" && hasD:
		return Range{Type: StringsValue, MaxLen: len(d.features), Choices: slices.Clone(d.features)}, true
	case key == KeyTrainGroup && hasD:
		groups := map[string][]string{}
		for a, vs := range d.groups {
			groups[a] = slices.Clone(vs)
		}
		return Range{Type: GroupValue, Groups: groups}, true
	}
	return Range{}, false
}

// columnsCatalog is testCatalog without the values of the groups: it
// tells the attributes and features of a dataset but not train_group's
// range, as a catalog of an older server might.
type columnsCatalog struct{ testCatalog }

func (c columnsCatalog) Range(dataset, model, key string) (Range, bool) {
	if key == KeyTrainGroup {
		return Range{}, false
	}
	return c.testCatalog.Range(dataset, model, key)
}

func (testCatalog) Learns(model, dataset string) bool {
	return slices.Contains(testModels[model].kinds, testDatasets[dataset].kind)
}
