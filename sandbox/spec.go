package sandbox

import (
	"github.com/aisandbox/aisandbox/datasets"
)

// DatasetSpec chooses a built-in dataset and how to generate it.
type DatasetSpec struct {
	Name  string  `json:"name"`
	N     int     `json:"n"`     // number of points, training and test together
	Noise float64 `json:"noise"` // standard deviation of the noise, in the dataset's units
	Seed  int     `json:"seed"`  // seed of the points and of the train/test split
}

// ModelSpec chooses a model and its settings. The catalog (Engine.Catalog)
// gives each setting's range and default; Defaults fills them in.
type ModelSpec struct {
	Name       string  `json:"name"`
	Hidden     []int   `json:"hidden,omitempty"`     // widths of hidden layers (mlp only)
	Activation string  `json:"activation,omitempty"` // relu, tanh or sigmoid (mlp only)
	Optimizer  string  `json:"optimizer"`            // adam or sgd
	LR         float64 `json:"lr"`                   // learning rate
	Epochs     int     `json:"epochs"`               // passes over the training data
	Batch      int     `json:"batch"`                // examples per step
	Seed       int     `json:"seed"`                 // seed of the weights and of the shuffling
}

// TrainSpec is everything a training run needs. The data comes either from
// a built-in dataset (Dataset) or from tables the caller already has (Table,
// with TestTable or a split of Table): the command line loads CSV files that
// way; the server offers only built-in datasets.
type TrainSpec struct {
	Dataset   DatasetSpec `json:"dataset"`
	Model     ModelSpec   `json:"model"`
	TestSplit float64     `json:"test_split"` // share of the data held out for testing, when split here

	Table     *datasets.Table `json:"-"` // data to use instead of Dataset
	TestTable *datasets.Table `json:"-"` // test data for Table; nil = split Table by TestSplit
}

// Defaults returns a spec for the named model and dataset with every other
// setting at its default. Unknown names are kept as they are and reported
// by the run that uses them.
func (c Catalog) Defaults(model, dataset string) TrainSpec {
	s := TrainSpec{
		Dataset:   DatasetSpec{Name: dataset},
		Model:     ModelSpec{Name: model},
		TestSplit: c.TestSplit.Default.(float64),
	}
	if g, ok := datasets.Builtin(dataset); ok {
		s.Dataset.N = g.DefaultN
		s.Dataset.Noise = g.DefaultNoise
		s.Dataset.Seed = 1
	}
	m, ok := c.Model(model)
	if !ok {
		return s
	}
	for _, st := range m.Settings {
		switch st.Name {
		case "hidden":
			s.Model.Hidden = append([]int(nil), st.Default.([]int)...)
		case "activation":
			s.Model.Activation = st.Default.(string)
		case "optimizer":
			s.Model.Optimizer = st.Default.(string)
		case "lr":
			s.Model.LR = st.Default.(float64)
		case "epochs":
			s.Model.Epochs = st.Default.(int)
		case "batch":
			s.Model.Batch = st.Default.(int)
		case "seed":
			s.Model.Seed = st.Default.(int)
		}
	}
	return s
}

// Validate checks every setting of s against the catalog and returns the
// first problem as an *Error naming the field.
func (c Catalog) Validate(s TrainSpec) error {
	if s.Table == nil {
		if s.Dataset.Name == "" {
			return errorf(CodeMissingField, "dataset.name", map[string]any{"label": "dataset.name"})
		}
		i := -1
		for k, d := range c.Datasets {
			if d.Name == s.Dataset.Name {
				i = k
			}
		}
		if i < 0 {
			return errorf(CodeUnknownDataset, "dataset.name", map[string]any{"name": s.Dataset.Name})
		}
		for _, st := range c.Datasets[i].Settings {
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
	for _, st := range m.Settings {
		var err error
		switch st.Name {
		case "hidden":
			err = checkInts("model.hidden", st, s.Model.Hidden)
		case "activation":
			err = checkChoice("model.activation", st, s.Model.Activation)
		case "optimizer":
			err = checkChoice("model.optimizer", st, s.Model.Optimizer)
		case "lr":
			err = checkFloat("model.lr", st, s.Model.LR)
		case "epochs":
			err = checkInt("model.epochs", st, s.Model.Epochs)
		case "batch":
			err = checkInt("model.batch", st, s.Model.Batch)
		case "seed":
			err = checkInt("model.seed", st, s.Model.Seed)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
