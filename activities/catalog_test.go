package activities

import (
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
		"blobs":        {"table", testDatasetSettings},
		"moons":        {"table", testDatasetSettings},
		"cubic":        {"regression", testDatasetSettings},
		"sentiment-kk": {"text", map[string]Range{"seed": {Type: IntValue, Min: 0, Max: 1e6}}},
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
	if key == "test_split" {
		return testTestSplit, true
	}
	return Range{}, false
}

func (testCatalog) Learns(model, dataset string) bool {
	return slices.Contains(testModels[model].kinds, testDatasets[dataset].kind)
}
