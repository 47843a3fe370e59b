package activities

import (
	"slices"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

// langCatalog is testCatalog with the generated review corpora of each
// language and the bag-of-words classifier, as the sandbox lists them
// ("aisandbox datasets", "aisandbox models"): reviews-LANG take n, seed
// and the name skew "correlation" from 0 to 1. One difference is made up
// for the tests: reviews-en takes at most 1000 reviews (the sandbox allows
// 10 000 in every language), so that a range only one language's dataset
// has can be checked.
type langCatalog struct{ testCatalog }

var (
	langTestDatasets = map[string]testDataset{
		"reviews-kk": {kind: "text", settings: reviewSettings(10_000)},
		"reviews-ru": {kind: "text", settings: reviewSettings(10_000)},
		"reviews-en": {kind: "text", settings: reviewSettings(1000)},
		"sentiment-ru": {kind: "text", settings: map[string]Range{
			"seed": {Type: IntValue, Min: 0, Max: 1e6},
		}},
	}
	langTestModels = map[string]testModel{
		"textnb": {[]string{"text"}, map[string]Range{
			"alpha": {Type: FloatValue, Min: 0.01, Max: 10},
			"seed":  {Type: IntValue, Min: 0, Max: 1e6},
		}},
	}
)

// reviewSettings returns the settings of a review corpus taking at most
// maxN reviews (datasets.ReviewsMinN is 20).
func reviewSettings(maxN float64) map[string]Range {
	return map[string]Range{
		"n":           {Type: IntValue, Min: 20, Max: maxN},
		"seed":        {Type: IntValue, Min: 0, Max: 1e6},
		"correlation": {Type: FloatValue, Min: 0, Max: 1},
	}
}

func (c langCatalog) dataset(name string) (testDataset, bool) {
	if d, ok := langTestDatasets[name]; ok {
		return d, true
	}
	d, ok := testDatasets[name]
	return d, ok
}

func (c langCatalog) model(name string) (testModel, bool) {
	if m, ok := langTestModels[name]; ok {
		return m, true
	}
	m, ok := testModels[name]
	return m, ok
}

func (c langCatalog) Dataset(name string) bool { _, ok := c.dataset(name); return ok }
func (c langCatalog) Model(name string) bool   { _, ok := c.model(name); return ok }

func (c langCatalog) Setting(dataset, model, key string) bool {
	_, ok := c.Range(dataset, model, key)
	return ok
}

func (c langCatalog) Range(dataset, model, key string) (Range, bool) {
	if name, ok := strings.CutPrefix(key, "dataset."); ok {
		d, _ := c.dataset(dataset)
		r, ok := d.settings[name]
		return r, ok
	}
	if name, ok := strings.CutPrefix(key, "model."); ok {
		m, _ := c.model(model)
		r, ok := m.settings[name]
		return r, ok
	}
	if _, ok := langTestDatasets[dataset]; ok {
		// A text corpus has no group or feature columns.
		switch key {
		case "attributes", "drop":
			return Range{Type: StringsValue}, true
		case KeyTrainGroup:
			return Range{Type: GroupValue, Groups: map[string][]string{}}, true
		}
	}
	return c.testCatalog.Range(dataset, model, key)
}

func (c langCatalog) Learns(model, dataset string) bool {
	m, ok1 := c.model(model)
	d, ok2 := c.dataset(dataset)
	return ok1 && ok2 && slices.Contains(m.kinds, d.kind)
}

// langSteps returns the base file listing datasets, its first step showing
// panel0 with settings0 and its second step panel1 with settings1 (the
// insides of JSON objects, each on one line).
func langSteps(t *testing.T, datasets, panel0, settings0, panel1, settings1 string) string {
	t.Helper()
	src := replace(t, readBase(t), `"datasets": ["blobs"]`, `"datasets": [`+datasets+`]`)
	src = replace(t, src, `"panel": "train",
      "settings": {
        "dataset": {"value": "blobs", "locked": true},
        "model": {"value": "logistic"},
        "model.lr": {"value": 0.05, "hidden": true}
      },`, `"panel": "`+panel0+`",
      "settings": {`+settings0+`},`)
	return replace(t, src, `"panel": "autograd",
      "settings": {
        "autograd.expression": {"value": "(w*x - y)^2", "locked": true},
        "autograd.values": {"value": {"w": 0, "x": 1, "y": 2}},
        "autograd.params": {"value": ["w"]},
        "autograd.lr": {"value": 0.25}
      },`, `"panel": "`+panel1+`",
      "settings": {`+settings1+`},`)
}

// TestValidateLangDataset checks a dataset preset given for each language,
// {"kk": …, "ru": …, "en": …}: its form, that each language's dataset is
// listed and exists and that the model learns it, and that the settings
// that depend on the dataset, in the same step and in later ones, are
// checked against each language's dataset.
func TestValidateLangDataset(t *testing.T) {
	const (
		reviews  = `"reviews-kk", "reviews-ru", "reviews-en"`
		perLang  = `"dataset": {"value": {"kk": "reviews-kk", "ru": "reviews-ru", "en": "reviews-en"}, "locked": true}`
		textnb   = `, "model": {"value": "textnb", "locked": true}`
		valuePth = "steps[0].settings.dataset.value"
	)
	type want struct{ path, msg string }
	tests := []struct {
		name              string
		cat               Catalog
		datasets          string // the activity's datasets
		panel0, settings0 string // the first step
		panel1, settings1 string // the second step
		want              []want // every problem expected, in any order
		wantLine0         bool   // the problems are on the first step's settings line, else on the second's
	}{
		{name: "a dataset for each language", cat: langCatalog{}, datasets: reviews,
			panel0: "train", settings0: perLang + textnb + `, "dataset.correlation": {"value": 0.8, "locked": true}, "dataset.seed": {"value": 1}, "model.alpha": {"value": 1}`,
			panel1: "probe", settings1: `"probe.kind": {"value": "text", "locked": true}`},
		{name: "the skew set to 0 in a later step", cat: langCatalog{}, datasets: reviews,
			panel0: "train", settings0: perLang + textnb,
			panel1: "train", settings1: `"dataset.correlation": {"value": 0, "locked": true}`},
		{name: "one dataset for every language, written three times", cat: langCatalog{}, datasets: `"reviews-kk"`,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "reviews-kk", "en": "reviews-kk"}}` + textnb,
			panel1: "read", settings1: ``},
		{name: "without a catalog only the form and the list are checked", cat: nil, datasets: reviews,
			panel0: "train", settings0: perLang + `, "model": {"value": "linear"}, "dataset.noise": {"value": 0.1}`,
			panel1: "read", settings1: ``},

		{name: "a language left out", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "en": "reviews-en"}}` + textnb + `, "dataset.correlation": {"value": 0.8}`,
			panel1: "read", settings1: ``,
			want: []want{{valuePth + ".ru", "no dataset is given for this language (Russian)"}}},
		{name: "a language that is not one", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "reviews-ru", "en": "reviews-en", "de": "reviews-en"}}` + textnb,
			panel1: "read", settings1: ``,
			want: []want{{valuePth + ".de", `"de" is not a language: the languages are kk, ru, en`}}},
		{name: "a language with an empty name", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "reviews-ru", "en": ""}}` + textnb,
			panel1: "read", settings1: ``,
			want: []want{{valuePth + ".en", "no dataset is given for this language (English)"}}},
		{name: "a language with a number", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": 2, "en": "reviews-en"}}` + textnb,
			panel1: "read", settings1: ``,
			want: []want{{valuePth + ".ru", "no dataset is given for this language (Russian)"}}},
		{name: "a list of datasets", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": ["reviews-kk", "reviews-ru"]}` + textnb,
			panel1: "read", settings1: ``,
			want: []want{{valuePth, `a dataset's name in quotes, or an object {"kk": …, "ru": …, "en": …} with a name for each language`}}},
		{name: "the form is checked without a catalog too", cat: nil, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "reviews-ru"}}`,
			panel1: "read", settings1: ``,
			want: []want{{valuePth + ".en", "no dataset is given for this language (English)"}}},
		{name: "a language's dataset not listed", cat: langCatalog{}, datasets: `"reviews-kk", "reviews-en"`, wantLine0: true,
			panel0: "train", settings0: perLang + textnb,
			panel1: "read", settings1: ``,
			want: []want{{valuePth + ".ru", `the dataset "reviews-ru" is not in the activity's datasets`}}},
		{name: "a language's dataset that does not exist", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "reviews-ru", "en": "reviews-xx"}}` + textnb + `, "dataset.correlation": {"value": 3}`,
			panel1: "read", settings1: ``,
			want: []want{
				{valuePth + ".en", `the dataset "reviews-xx" is not in the activity's datasets`},
				{valuePth + ".en", `there is no dataset "reviews-xx"`},
			}},
		{name: "a broken preset stops the checks of later steps", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk"}}` + textnb,
			panel1: "train", settings1: `"dataset.correlation": {"value": 7}`,
			want: []want{
				{valuePth + ".ru", "no dataset is given for this language (Russian)"},
				{valuePth + ".en", "no dataset is given for this language (English)"},
			}},
		{name: "the model only for each language", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: perLang + `, "model": {"value": {"kk": "textnb", "ru": "textnb", "en": "textnb"}}`,
			panel1: "read", settings1: ``,
			want: []want{{"steps[0].settings.model.value", "this should be a name in quotes"}}},

		{name: "a skew out of range in every language: said once", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: perLang + textnb + `, "dataset.correlation": {"value": 1.5}`,
			panel1: "read", settings1: ``,
			want: []want{{`steps[0].settings["dataset.correlation"].value`, "1.5 is out of range: it should be from 0 to 1"}}},
		{name: "a size out of range in one language: said for it", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: perLang + textnb + `, "dataset.n": {"value": 5000}`,
			panel1: "read", settings1: ``,
			want: []want{{`steps[0].settings["dataset.n"].value`, "reviews-en: 5000 is out of range: it should be from 20 to 1000"}}},
		{name: "a setting one language's dataset lacks", cat: langCatalog{}, datasets: `"reviews-kk", "sentiment-ru", "reviews-en"`, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "sentiment-ru", "en": "reviews-en"}}` + textnb + `, "dataset.correlation": {"value": 0}`,
			panel1: "read", settings1: ``,
			want: []want{{`steps[0].settings["dataset.correlation"]`, `the dataset "sentiment-ru" has no setting "correlation"`}}},
		{name: "a setting no language's dataset has", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: perLang + textnb + `, "dataset.noise": {"value": 0.1}`,
			panel1: "read", settings1: ``,
			want: []want{{`steps[0].settings["dataset.noise"]`, `the datasets "reviews-kk", "reviews-ru", "reviews-en" have no setting "noise"`}}},
		{name: "a later step's setting, checked against each language's dataset", cat: langCatalog{}, datasets: reviews,
			panel0: "train", settings0: perLang + textnb,
			panel1: "evaluate", settings1: `"dataset.n": {"value": 2000}`,
			want: []want{{`steps[1].settings["dataset.n"].value`, "reviews-en: 2000 is out of range"}}},
		{name: "a model that learns from none of them", cat: langCatalog{}, datasets: reviews, wantLine0: true,
			panel0: "train", settings0: perLang + `, "model": {"value": "linear"}`,
			panel1: "read", settings1: ``,
			want: []want{{"steps[0].settings.model", `the model "linear" cannot learn from the datasets "reviews-kk", "reviews-ru", "reviews-en"`}}},
		{name: "a model that learns from one language's dataset only", cat: langCatalog{}, datasets: `"reviews-kk", "blobs"`, wantLine0: true,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "reviews-kk", "ru": "blobs", "en": "blobs"}}` + textnb,
			panel1: "read", settings1: ``,
			want: []want{{"steps[0].settings.model", `the model "textnb" cannot learn from the dataset "blobs"`}}},
		{name: "a model chosen later, for each language's dataset", cat: langCatalog{}, datasets: reviews,
			panel0: "train", settings0: perLang,
			panel1: "train", settings1: `"model": {"value": "mlp"}`,
			want: []want{{"steps[1].settings.model", `the model "mlp" cannot learn from the datasets "reviews-kk", "reviews-ru", "reviews-en"`}}},
		{name: "groups of texts that have none: said once", cat: langCatalog{}, datasets: reviews,
			panel0: "train", settings0: perLang + textnb,
			panel1: "groups", settings1: `"groups.by": {"value": "home"}`,
			want: []want{{`steps[1].settings["groups.by"].value`, "this dataset has no group columns"}}},
		{name: "a group column that one language's dataset lacks", cat: langCatalog{}, datasets: `"penguins", "reviews-en"`,
			panel0: "train", settings0: `"dataset": {"value": {"kk": "penguins", "ru": "penguins", "en": "reviews-en"}}, "model": {"value": "logistic"}`,
			panel1: "groups", settings1: `"groups.by": {"value": "island"}`,
			want: []want{{`steps[1].settings["groups.by"].value`, "reviews-en: this dataset has no group columns"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := langSteps(t, tt.datasets, tt.panel0, tt.settings0, tt.panel1, tt.settings1)
			a, err := Parse([]byte(src), "lang.json")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			ps := Validate(a, tt.cat)
			if len(ps) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%s", len(ps), len(tt.want), Problems(ps))
			}
			line := lineOf(t, src, `"settings": {`+tt.settings1+`}`)
			if tt.wantLine0 {
				line = lineOf(t, src, `"settings": {`+tt.settings0+`}`)
			}
			for _, w := range tt.want {
				i := slices.IndexFunc(ps, func(p Problem) bool { return p.Path == w.path && strings.Contains(p.Message.EN, w.msg) })
				if i < 0 {
					t.Errorf("no problem at %s saying %q in:\n%s", w.path, w.msg, Problems(ps))
					continue
				}
				p := ps[i]
				if p.Line != line || p.Column < 1 {
					t.Errorf("at %d:%d, want line %d (%s)", p.Line, p.Column, line, p)
				}
				for _, l := range i18n.All {
					if strings.TrimSpace(textIn(p.Message, l)) == "" || strings.Contains(textIn(p.Message, l), "%!") {
						t.Errorf("the %s message is broken: %q", l, textIn(p.Message, l))
					}
				}
			}
		})
	}
}
