package activities

import (
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

// stepWith returns the base file with its first step showing panel and
// presetting settings (the inside of a JSON object), the activity listing
// the penguins and the falling balls too.
func stepWith(t *testing.T, panel, settings string) string {
	t.Helper()
	src := replace(t, readBase(t), `"datasets": ["blobs"]`, `"datasets": ["blobs", "penguins", "falling"]`)
	return replace(t, src, `"panel": "train",
      "settings": {
        "dataset": {"value": "blobs", "locked": true},
        "model": {"value": "logistic"},
        "model.lr": {"value": 0.05, "hidden": true}
      },`, `"panel": "`+panel+`",
      "settings": {`+settings+`},`)
}

// TestValidateGroupsAndProbes checks the presets of training on one group
// (train_group) and of the groups and probe panels: their form, their
// range, and the columns they name against the step's dataset.
func TestValidateGroupsAndProbes(t *testing.T) {
	const (
		penguins = `"dataset": {"value": "penguins"}, "model": {"value": "logistic"}, `
		blobs    = `"dataset": {"value": "blobs"}, "model": {"value": "logistic"}, `
		falling  = `"dataset": {"value": "falling"}, "model": {"value": "linear"}, `
	)
	tests := []struct {
		name            string
		cat             Catalog
		panel, settings string
		path, msg       string // the one problem expected; "" for none
	}{
		{"one island", testCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "island", "value": "Dream"}, "locked": true}`, "", ""},
		{"one island, evaluated", testCatalog{}, "evaluate", penguins + `"train_group": {"value": {"attribute": "island", "value": "Torgersen"}}`, "", ""},
		{"an island that is not there", testCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "island", "value": "Anvers"}}`,
			"steps[0].settings.train_group.value", `the column "island" has no group "Anvers": it should be one of Biscoe, Dream, Torgersen`},
		{"a group column that is not there", testCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "sex", "value": "f"}}`,
			"steps[0].settings.train_group.value", `the data has no group column "sex": it should be one of island`},
		{"a dataset without groups", testCatalog{}, "train", blobs + `"train_group": {"value": {"attribute": "island", "value": "Dream"}}`,
			"steps[0].settings.train_group.value", "this dataset has no group columns"},
		{"a group as a name", testCatalog{}, "train", penguins + `"train_group": {"value": "Dream"}`,
			"steps[0].settings.train_group.value", `{"attribute": …, "value": …}`},
		{"a group without its value", testCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "island"}}`,
			"steps[0].settings.train_group.value", `{"attribute": …, "value": …}`},
		{"a group with more", testCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "island", "value": "Dream", "sex": "f"}}`,
			"steps[0].settings.train_group.value", `{"attribute": …, "value": …}`},
		{"a group with an empty value", testCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "island", "value": ""}}`,
			"steps[0].settings.train_group.value", `{"attribute": …, "value": …}`},
		{"a group on a panel that does not train", testCatalog{}, "read", `"train_group": {"value": {"attribute": "island", "value": "Dream"}}`,
			"steps[0].settings.train_group", `the read panel has no setting "train_group"`},
		{"a group before any dataset", testCatalog{}, "train", `"train_group": {"value": {"attribute": "island", "value": "Dream"}}`, "", ""},
		// A catalog that tells the attributes but not their values checks
		// only the attribute.
		{"values unknown", columnsCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "island", "value": "Anvers"}}`, "", ""},
		{"values unknown, attribute wrong", columnsCatalog{}, "train", penguins + `"train_group": {"value": {"attribute": "sex", "value": "f"}}`,
			"steps[0].settings.train_group.value", `the data has no group column "sex"`},
		{"no catalog", nil, "train", penguins + `"train_group": {"value": {"attribute": "sex", "value": "f"}}`, "", ""},
		{"no catalog, wrong form", nil, "train", penguins + `"train_group": {"value": ["island", "Dream"]}`,
			"steps[0].settings.train_group.value", `{"attribute": …, "value": …}`},

		{"groups by island", testCatalog{}, "groups", penguins + `"groups.by": {"value": "island", "locked": true}, "groups.threshold": {"value": 0.4}`, "", ""},
		{"groups by a column that is not there", testCatalog{}, "groups", penguins + `"groups.by": {"value": "sex"}`,
			`steps[0].settings["groups.by"].value`, `the dataset "penguins" has no group column "sex": it should be one of island`},
		{"groups of a dataset without groups", testCatalog{}, "groups", blobs + `"groups.by": {"value": "island"}`,
			`steps[0].settings["groups.by"].value`, "this dataset has no group columns"},
		{"groups by a number", testCatalog{}, "groups", penguins + `"groups.by": {"value": 1}`,
			`steps[0].settings["groups.by"].value`, "should be a text in quotes"},
		{"groups before any dataset", testCatalog{}, "groups", `"groups.by": {"value": "island"}`, "", ""},
		{"threshold above 1", testCatalog{}, "groups", penguins + `"groups.threshold": {"value": 1.5}`,
			`steps[0].settings["groups.threshold"].value`, "from 0 to 1"},
		{"groups on the probe panel", testCatalog{}, "probe", penguins + `"groups.by": {"value": "island"}`,
			`steps[0].settings["groups.by"]`, "belongs to the groups panel"},

		{"extrapolate the mass", testCatalog{}, "probe", falling + `"probe.kind": {"value": "extrapolate", "hidden": true}, "probe.feature": {"value": "mass"}, "probe.fixed": {"value": {"time": 5}}, "probe.reach": {"value": 10}`, "", ""},
		{"probe a group", testCatalog{}, "probe", penguins + `"probe.kind": {"value": "attribute"}, "probe.attribute": {"value": "island"}, "probe.proxy": {"value": "body_mass"}`, "", ""},
		{"probe of an unknown kind", testCatalog{}, "probe", falling + `"probe.kind": {"value": "magic"}`,
			`steps[0].settings["probe.kind"].value`, `"magic" is not allowed: it should be one of attribute, text, background, extrapolate`},
		{"sweep a feature that is not there", testCatalog{}, "probe", falling + `"probe.feature": {"value": "speed"}`,
			`steps[0].settings["probe.feature"].value`, `the dataset "falling" has no feature "speed": it should be one of mass, time`},
		{"hold a feature that is not there", testCatalog{}, "probe", falling + `"probe.fixed": {"value": {"time": 5, "height": 2}}`,
			`steps[0].settings["probe.fixed"].value.height`, `the dataset "falling" has no feature "height"`},
		{"hold at a name", testCatalog{}, "probe", falling + `"probe.fixed": {"value": {"time": "five"}}`,
			`steps[0].settings["probe.fixed"].value`, `"time": this should be a number`},
		{"reach too far", testCatalog{}, "probe", falling + `"probe.reach": {"value": 11}`,
			`steps[0].settings["probe.reach"].value`, "from 0 to 10"},
		{"a proxy that is not there", testCatalog{}, "probe", penguins + `"probe.proxy": {"value": "beak"}`,
			`steps[0].settings["probe.proxy"].value`, `the dataset "penguins" has no feature "beak"`},
		{"switch a group column that is not there", testCatalog{}, "probe", penguins + `"probe.attribute": {"value": "sex"}`,
			`steps[0].settings["probe.attribute"].value`, `the dataset "penguins" has no group column "sex"`},
		{"probe on the train panel", testCatalog{}, "train", falling + `"probe.feature": {"value": "mass"}`,
			`steps[0].settings["probe.feature"]`, "belongs to the probe panel"},
		{"features unknown without a catalog", nil, "probe", falling + `"probe.feature": {"value": "speed"}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := stepWith(t, tt.panel, tt.settings)
			a, err := Parse([]byte(src), "groups.json")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			ps := Validate(a, tt.cat)
			if tt.path == "" {
				if len(ps) > 0 {
					t.Fatalf("problems, want none:\n%s", Problems(ps))
				}
				return
			}
			if len(ps) != 1 {
				t.Fatalf("%d problems, want 1:\n%s", len(ps), Problems(ps))
			}
			p := ps[0]
			if p.Path != tt.path || !strings.Contains(p.Message.EN, tt.msg) {
				t.Errorf("problem at %s: %q; want at %s: %q", p.Path, p.Message.EN, tt.path, tt.msg)
			}
			// The step's settings are written on one line.
			if want := lineOf(t, src, tt.settings); p.Line != want || p.Column < 1 {
				t.Errorf("at %d:%d, want line %d (%s)", p.Line, p.Column, want, p)
			}
			for _, l := range i18n.All {
				if strings.TrimSpace(textIn(p.Message, l)) == "" {
					t.Errorf("the message has no %s text", l)
				}
			}
		})
	}
}

// TestPanelSettingsOfGroupsAndProbes checks the panel and range of the new
// panel keys as PanelSetting returns them.
func TestPanelSettingsOfGroupsAndProbes(t *testing.T) {
	for _, c := range []struct {
		key   string
		panel Panel
		typ   ValueType
		max   float64
	}{
		{"groups.by", PanelGroups, ChoiceValue, 0},
		{"groups.threshold", PanelGroups, FloatValue, 1},
		{"probe.kind", PanelProbe, ChoiceValue, 0},
		{"probe.attribute", PanelProbe, ChoiceValue, 0},
		{"probe.proxy", PanelProbe, ChoiceValue, 0},
		{"probe.feature", PanelProbe, ChoiceValue, 0},
		{"probe.reach", PanelProbe, FloatValue, 10}, // sandbox's maxReach
		{"probe.fixed", PanelProbe, NumbersValue, 0},
	} {
		p, r, ok := PanelSetting(c.key)
		if !ok || p != c.panel || r.Type != c.typ || r.Max != c.max {
			t.Errorf("%s: panel %q, range %+v, %v; want %q, %s up to %v", c.key, p, r, ok, c.panel, c.typ, c.max)
		}
	}
	if _, _, ok := PanelSetting(KeyTrainGroup); ok {
		t.Error("train_group is a training setting, not a panel's")
	}
}
