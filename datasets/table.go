// Package datasets holds the data AI Sandbox learns from: the data types
// (Table for rows of numeric features with a class label), validated loaders,
// seeded generators, and a card for every dataset that says where it comes
// from, what it is for and what it must not be used for.
//
// Nothing here is downloaded: every dataset is generated from stated rules or
// written by the project and embedded in the binary.
package datasets

import (
	"errors"
	"fmt"
	"math"

	"github.com/aisandbox/aisandbox/i18n"
)

// Card describes a dataset for the people who use it, in every language.
type Card struct {
	// Title is a short name for menus, e.g. "Two moons".
	Title i18n.Text `json:"title"`
	// Source says where the data comes from: the generator and its rules, or
	// who wrote it and how.
	Source i18n.Text `json:"source"`
	// Purpose says what the dataset is for in a lesson.
	Purpose i18n.Text `json:"purpose"`
	// NotFor says what it must not be used for.
	NotFor i18n.Text `json:"not_for"`
	// Synthetic is true when the data was generated rather than measured.
	Synthetic bool `json:"synthetic"`
	// Classes says how to show each class of the table, in every language,
	// in the order of Table.Classes; empty means the class names are shown
	// as they are (e.g. "A", "B", or a CSV file's own labels).
	Classes []i18n.Text `json:"classes,omitempty"`
	// Features says how to show feature columns, with their units, keyed by
	// the column's name in Table.Features (e.g. "commute" → "Commute (km)");
	// a column without an entry is shown by its name.
	Features map[string]i18n.Text `json:"features,omitempty"`
	// Target says how to show what a regression table predicts, with its
	// unit, in every language (e.g. "Range R (m)" for Table.TargetName
	// "range (m)"); empty for a classification table, or to show
	// TargetName as it is.
	Target i18n.Text `json:"target,omitzero"`
}

// Table is a labelled table: each row of X holds the numeric features of one
// example and the same index of Y holds its class. A regression table holds
// a number to predict for each row in Targets instead, and has no Classes
// and no Y.
type Table struct {
	// Name identifies the table, e.g. "moons" or a CSV file's base name.
	Name string
	// Features names the columns of X, in order.
	Features []string
	// Classes names the classes; label k in Y means Classes[k].
	Classes []string
	// X holds one row of len(Features) values per example.
	X [][]float64
	// Y holds one label per row of X, each in [0, len(Classes)).
	Y []int
	// Targets holds the number to predict for each row of X, in a
	// regression table; nil in a classification table.
	Targets []float64
	// TargetName names what Targets measure, with its unit, e.g.
	// "range (m)".
	TargetName string
	// Card describes the data.
	Card Card
	// Attributes say who or what each row is about (a group such as home
	// region or sex), one value a row, for scoring a model group by group.
	// They are not features: see WithAttribute. Nil when the table has none.
	Attributes []Attribute
}

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.X) }

// Validate reports the first inconsistency in t: a row of the wrong width,
// a label out of range, a value that is NaN or infinite, a missing name, or
// an attribute that does not fit the rows (see validateAttributes).
func (t *Table) Validate() error {
	if err := t.validateRows(); err != nil {
		return err
	}
	return t.validateAttributes()
}

func (t *Table) validateRows() error {
	if t == nil {
		return errors.New("datasets: nil table")
	}
	if len(t.Features) == 0 {
		return errors.New("datasets: table has no feature columns")
	}
	if t.Targets != nil {
		return t.validateRegression()
	}
	if len(t.Classes) == 0 {
		return errors.New("datasets: table has no classes")
	}
	if len(t.X) != len(t.Y) {
		return fmt.Errorf("datasets: %d rows but %d labels", len(t.X), len(t.Y))
	}
	for i, row := range t.X {
		if len(row) != len(t.Features) {
			return fmt.Errorf("datasets: row %d has %d values, want %d", i, len(row), len(t.Features))
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("datasets: row %d, column %q is %v", i, t.Features[j], v)
			}
		}
		if y := t.Y[i]; y < 0 || y >= len(t.Classes) {
			return fmt.Errorf("datasets: row %d has label %d, want 0..%d", i, y, len(t.Classes)-1)
		}
	}
	return nil
}

// IsRegression reports whether t holds numeric targets rather than classes.
func (t *Table) IsRegression() bool { return t.Targets != nil }

func (t *Table) validateRegression() error {
	if len(t.X) != len(t.Targets) || t.Y != nil {
		return fmt.Errorf("datasets: %d rows, %d targets and %d labels; a regression table has one target a row and no labels", len(t.X), len(t.Targets), len(t.Y))
	}
	for i, row := range t.X {
		if len(row) != len(t.Features) {
			return fmt.Errorf("datasets: row %d has %d values, want %d", i, len(row), len(t.Features))
		}
		for j, v := range append(row[:len(row):len(row)], t.Targets[i]) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				name := t.TargetName
				if j < len(t.Features) {
					name = t.Features[j]
				}
				return fmt.Errorf("datasets: row %d, column %q is %v", i, name, v)
			}
		}
	}
	return nil
}

// Subset returns a table with the rows of t at the given indices, in that
// order, with their attribute values. The rows are shared with t, not
// copied. Every index must be a row of t, and t's attributes must each have
// one value a row (as Validate checks).
func (t *Table) Subset(idx []int) *Table {
	s := &Table{
		Name:       t.Name,
		Features:   t.Features,
		Classes:    t.Classes,
		X:          make([][]float64, len(idx)),
		TargetName: t.TargetName,
		Card:       t.Card,
	}
	if t.Attributes != nil {
		s.Attributes = make([]Attribute, len(t.Attributes))
		for k := range t.Attributes {
			s.Attributes[k] = t.Attributes[k].subset(idx)
		}
	}
	if t.Targets != nil {
		s.Targets = make([]float64, len(idx))
	} else {
		s.Y = make([]int, len(idx))
	}
	for k, i := range idx {
		s.X[k] = t.X[i]
		if t.Targets != nil {
			s.Targets[k] = t.Targets[i]
		} else {
			s.Y[k] = t.Y[i]
		}
	}
	return s
}

// ClassTitles returns how to show each class: the card's titles when it has
// one for every class, else each class name as it is, in every language.
func (t *Table) ClassTitles() []i18n.Text {
	if len(t.Card.Classes) == len(t.Classes) {
		return t.Card.Classes
	}
	out := make([]i18n.Text, len(t.Classes))
	for i, c := range t.Classes {
		out[i] = i18n.Text{KK: c, RU: c, EN: c}
	}
	return out
}

// ClassCounts returns how many rows carry each class.
func (t *Table) ClassCounts() []int {
	c := make([]int, len(t.Classes))
	for _, y := range t.Y {
		c[y]++
	}
	return c
}

// FeatureTitle returns how to show the feature column name: the card's
// title for it when there is one, else the name in every language.
func (t *Table) FeatureTitle(name string) i18n.Text {
	if ft, ok := t.Card.Features[name]; ok {
		return ft
	}
	return i18n.Text{KK: name, RU: name, EN: name}
}
