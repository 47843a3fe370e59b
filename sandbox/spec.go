package sandbox

import (
	"maps"
	"slices"

	"github.com/aisandbox/aisandbox/datasets"
)

// DatasetSpec chooses a built-in dataset and how to generate it.
type DatasetSpec struct {
	Name  string  `json:"name"`
	N     int     `json:"n"`     // number of examples, training and test together
	Noise float64 `json:"noise"` // standard deviation of the noise, in the dataset's units
	Seed  int     `json:"seed"`  // seed of the examples and of the train/test split
}

// ModelSpec chooses a model family and its settings. The catalog
// (Engine.Catalog) lists each family's settings with their ranges and
// defaults; Catalog.Defaults fills them in.
type ModelSpec struct {
	Name     string
	Settings Values
}

// TrainSpec is everything a training run needs. The data comes either from
// a built-in dataset (Dataset) or from tables the caller already has (Table,
// with TestTable or a split of Table): the command line loads CSV files that
// way; the server offers only built-in datasets.
type TrainSpec struct {
	Dataset   DatasetSpec
	Model     ModelSpec
	TestSplit float64 // share of the data held out for testing, when split here

	Table     *datasets.Table // data to use instead of Dataset
	TestTable *datasets.Table // test data for Table; nil = split Table by TestSplit
}

// Defaults returns a spec for the named model and dataset with every other
// setting at its default. Unknown names are kept as they are and reported
// by Validate.
func (c Catalog) Defaults(model, dataset string) TrainSpec {
	s := TrainSpec{
		Dataset:   DatasetSpec{Name: dataset, Seed: 1},
		Model:     ModelSpec{Name: model, Settings: Values{}},
		TestSplit: c.TestSplit.Default.(float64),
	}
	if d, ok := c.Dataset(dataset); ok {
		for _, st := range d.Settings {
			switch st.Name {
			case "n":
				s.Dataset.N = st.Default.(int)
			case "noise":
				s.Dataset.Noise = st.Default.(float64)
			case "seed":
				s.Dataset.Seed = st.Default.(int)
			}
		}
	}
	if m, ok := c.Model(model); ok {
		for _, st := range m.Settings {
			s.Model.Settings[st.Name] = st.Default
		}
		s.Model.Settings = s.Model.Settings.clone()
	}
	return s
}

// Validate checks every setting of s against the catalog and returns the
// first problem as an *Error naming the field.
func (c Catalog) Validate(s TrainSpec) error {
	kind := TableData
	if s.Table == nil {
		if s.Dataset.Name == "" {
			return errorf(CodeMissingField, "dataset.name", map[string]any{"label": "dataset.name"})
		}
		d, ok := c.Dataset(s.Dataset.Name)
		if !ok {
			return errorf(CodeUnknownDataset, "dataset.name", map[string]any{"name": s.Dataset.Name})
		}
		kind = d.Kind
		for _, st := range d.Settings {
			var err error
			switch st.Name {
			case "n":
				err = checkInt("dataset.n", st, s.Dataset.N)
			case "noise":
				err = checkFloat("dataset.noise", st, s.Dataset.Noise)
			case "seed":
				err = checkInt("dataset.seed", st, s.Dataset.Seed)
			}
			if err != nil {
				return err
			}
		}
	} else if s.Table.Targets != nil {
		kind = RegressionData
	}
	if s.TestTable == nil {
		if err := checkFloat("test_split", c.TestSplit, s.TestSplit); err != nil {
			return err
		}
	}
	if s.Model.Name == "" {
		return errorf(CodeMissingField, "model.name", map[string]any{"label": "model.name"})
	}
	m, ok := c.Model(s.Model.Name)
	if !ok {
		return errorf(CodeUnknownModel, "model.name", map[string]any{"name": s.Model.Name})
	}
	if !m.Learns(kind) {
		return errorf(CodeIncompatible, "model.name", map[string]any{"model": m.Title, "dataset": s.Dataset.Name})
	}
	for _, name := range slices.Sorted(maps.Keys(s.Model.Settings)) {
		if _, ok := m.Setting(name); !ok {
			return errorf(CodeBadField, "model."+name, map[string]any{"label": name})
		}
	}
	for _, st := range m.Settings {
		field := "model." + st.Name
		x, ok := s.Model.Settings[st.Name]
		if !ok {
			return errorf(CodeMissingField, field, map[string]any{"label": st.Label})
		}
		if err := st.check(field, x); err != nil {
			return err
		}
	}
	return nil
}
