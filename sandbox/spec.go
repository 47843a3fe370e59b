package sandbox

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aisandbox/aisandbox/datasets"
)

// DatasetSpec chooses a built-in dataset and how to generate it.
type DatasetSpec struct {
	Name string `json:"name"`
	N    int    `json:"n"` // number of examples, training and test together
	// Noise is the noise level, in the dataset's units (the standard
	// deviation of the noise for the shapes and curves, a relative
	// measurement error for the physics sets). Datasets whose catalog entry
	// offers no "noise" setting (measured or reference values, such as
	// penguins and elements) ignore it.
	Noise float64 `json:"noise"`
	Seed  int     `json:"seed"` // seed of the examples and of the train/test split
	// Correlation is the shortcut dial of datasets that have one (the
	// catalog lists a "correlation" setting for them): the phi coefficient,
	// from 0 to 1, between the shortcut (a column such as "sticker", or the
	// background of a picture) and the class. Other datasets ignore it.
	Correlation float64 `json:"correlation"`
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

	// ValidationSplit is the share of the data held out as a validation
	// part besides the test part: never trained on, scored by Evaluate
	// next to the test part. 0 = none. With TestTable, it is split off
	// Table.
	ValidationSplit float64
	// Attributes names attributes of a table (group columns such as
	// "home", listed in DatasetInfo.Attributes) to give the model as
	// features, as datasets.Table.WithAttribute makes them.
	Attributes []string
	// Drop names feature columns of a table to leave out of what the
	// model sees (after Attributes are added; an attribute cannot be
	// dropped, only not added).
	Drop []string
	// Mitigation is what is done to the training part to counter a bias
	// between the groups of attribute MitigateBy (table classifiers only):
	//   - "" : nothing;
	//   - "reweight": every training example of group g and class y gets
	//     the weight P(g)·P(y)/P(g,y) (Kamiran & Calders 2012), so that in
	//     the weighted data group and class are independent; only for
	//     models that can weigh examples (mlp and logistic, see
	//     ModelInfo.Mitigations);
	//   - "resample": every (group, class) cell of the training part is
	//     brought to round(P(g)·P(y)·n) rows, the count it would have if
	//     group and class were independent (Kamiran & Calders' uniform
	//     sampling): a cell with fewer rows draws its own rows again, one
	//     with more keeps a random choice of them (seeded by the dataset's
	//     seed). The share of each class and of each group stays as it
	//     was.
	// The test and validation parts are never changed.
	Mitigation string
	// MitigateBy names the attribute whose groups Mitigation balances.
	MitigateBy string
	// TrainGroup, when set, trains on one group only: after the split,
	// the training (and validation) part keeps only the rows whose
	// attribute TrainGroup.Attribute has the value TrainGroup.Value, while
	// the test part keeps every group, so that Evaluate shows how a model
	// that saw one group does on all of them. A class with no row in that
	// group is one the model never saw: it can (all but) never answer it
	// (Started.Unseen lists such classes). Nil = every group.
	TrainGroup *GroupFilter
}

// GroupFilter picks the rows of one group: those whose attribute
// Attribute (e.g. "island") has the value Value (e.g. "Dream").
type GroupFilter struct {
	Attribute string `json:"attribute"`
	Value     string `json:"value"`
}

// minGroupRows is the fewest training rows a TrainGroup may leave: one row
// is no data set (a split, a scaler and the models need two).
const minGroupRows = 2

// The mitigations a TrainSpec may ask for.
const (
	MitigateReweight = "reweight"
	MitigateResample = "resample"
)

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
			case "correlation":
				s.Dataset.Correlation = st.Default.(float64)
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
			case "correlation":
				err = checkFloat("dataset.correlation", st, s.Dataset.Correlation)
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
	if s.ValidationSplit != 0 {
		if err := checkFloat("validation_split", c.ValidationSplit, s.ValidationSplit); err != nil {
			return err
		}
		if kind == WordData {
			return errorf(CodeBadField, "validation_split", map[string]any{"label": c.ValidationSplit.Label})
		}
		if s.TestTable == nil && s.ValidationSplit+s.TestSplit > datasets.MaxTestFraction {
			return errorf(CodeOutOfRange, "validation_split", map[string]any{
				"label": c.ValidationSplit.Label, "min": c.ValidationSplit.Min, "max": datasets.MaxTestFraction - s.TestSplit})
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
	if err := c.validateColumns(s, m); err != nil {
		return err
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

// validateColumns checks the attributes, dropped features and mitigation
// of s, for the model m, against the columns of its data.
func (c Catalog) validateColumns(s TrainSpec, m ModelInfo) error {
	var features []string
	var attrs []datasets.Attribute
	kind := TableData
	if s.Table != nil {
		features, attrs = s.Table.Features, s.Table.Attributes
		if s.Table.IsRegression() {
			kind = RegressionData
		}
	} else if d, ok := c.Dataset(s.Dataset.Name); ok {
		features, attrs, kind = d.Features, d.Attributes, d.Kind
	}
	hasAttr := func(name string) bool {
		return slices.ContainsFunc(attrs, func(a datasets.Attribute) bool { return a.Name == name })
	}
	for i, a := range s.Attributes {
		if !hasAttr(a) {
			return errorf(CodeUnknownAttribute, fmt.Sprintf("attributes[%d]", i), map[string]any{"name": a})
		}
	}
	left := len(features)
	dropped := map[string]bool{}
	for i, f := range s.Drop {
		if !slices.Contains(features, f) {
			return errorf(CodeUnknownFeature, fmt.Sprintf("drop[%d]", i), map[string]any{"name": f})
		}
		if !dropped[f] {
			dropped[f] = true
			left--
		}
	}
	if len(s.Drop) > 0 && left+len(s.Attributes) == 0 {
		return errorf(CodeNoFeatures, "drop", nil)
	}
	if err := validateTrainGroup(s.TrainGroup, attrs); err != nil {
		return err
	}
	switch s.Mitigation {
	case "":
		return nil
	case MitigateReweight, MitigateResample:
	default:
		return errorf(CodeBadChoice, "mitigation", map[string]any{
			"label": "mitigation", "choices": strings.Join([]string{MitigateReweight, MitigateResample}, ", ")})
	}
	unsupported := func(reason string) error {
		return errorf(CodeMitigationUnsupported, "mitigation", map[string]any{
			"mitigation": s.Mitigation, "model": m.Title, "reason": reason})
	}
	switch {
	case kind != TableData:
		return unsupported("not_classification")
	case len(attrs) == 0:
		return unsupported("no_attributes")
	case !slices.Contains(m.Mitigations, s.Mitigation):
		return unsupported("weights")
	case s.MitigateBy == "":
		return errorf(CodeMissingField, "mitigate_by", map[string]any{"label": "mitigate_by"})
	case !hasAttr(s.MitigateBy):
		return errorf(CodeUnknownAttribute, "mitigate_by", map[string]any{"name": s.MitigateBy})
	}
	return nil
}

// validateTrainGroup checks a TrainSpec.TrainGroup against the attributes
// of its data; nil is always valid.
func validateTrainGroup(f *GroupFilter, attrs []datasets.Attribute) error {
	if f == nil {
		return nil
	}
	if f.Attribute == "" {
		return errorf(CodeMissingField, "train_group.attribute", map[string]any{"label": "train_group.attribute"})
	}
	i := slices.IndexFunc(attrs, func(a datasets.Attribute) bool { return a.Name == f.Attribute })
	if i < 0 {
		return errorf(CodeUnknownAttribute, "train_group.attribute", map[string]any{"name": f.Attribute})
	}
	if f.Value == "" {
		return errorf(CodeMissingField, "train_group.value", map[string]any{"label": attrs[i].Title})
	}
	if !slices.Contains(attrs[i].Values, f.Value) {
		return errorf(CodeBadChoice, "train_group.value", map[string]any{
			"label": attrs[i].Title, "choices": strings.Join(attrs[i].Values, ", ")})
	}
	return nil
}
