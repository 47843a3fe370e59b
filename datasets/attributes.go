package datasets

import (
	"errors"
	"fmt"
	"slices"

	"github.com/aisandbox/aisandbox/i18n"
)

// Attribute describes who or what each row of a table is about: a group
// such as home region, sex or background colour. It is not a feature: a
// model does not see it unless a student adds it with Table.WithAttribute.
// Evaluation uses it to score a model group by group.
type Attribute struct {
	// Name identifies the attribute, e.g. "home".
	Name string `json:"name"`
	// Title is how to show the attribute, in every language.
	Title i18n.Text `json:"title"`
	// Values names the categories, e.g. {"city", "village"}.
	Values []string `json:"values"`
	// ValueTitles says how to show each value, in the order of Values;
	// empty means the value names are shown as they are.
	ValueTitles []i18n.Text `json:"value_titles,omitempty"`
	// Of holds one entry a row of the table: the index in Values of that
	// row's category. It is left out of JSON, which describes the
	// attribute, not the rows.
	Of []int `json:"-"`
}

// ValueTitle returns how to show value k: its title when the attribute has
// titles, else its name in every language, and an empty text when k is out
// of range.
func (a *Attribute) ValueTitle(k int) i18n.Text {
	switch {
	case k < 0 || k >= len(a.Values):
		return i18n.Text{}
	case len(a.ValueTitles) == len(a.Values):
		return a.ValueTitles[k]
	}
	v := a.Values[k]
	return i18n.Text{KK: v, RU: v, EN: v}
}

// Counts returns how many rows carry each value. Entries of Of out of
// range are not counted.
func (a *Attribute) Counts() []int {
	c := make([]int, len(a.Values))
	for _, v := range a.Of {
		if v >= 0 && v < len(c) {
			c[v]++
		}
	}
	return c
}

// subset returns a copy of a for the rows at idx, in that order; the names
// and titles are shared.
func (a *Attribute) subset(idx []int) Attribute {
	b := *a
	b.Of = make([]int, len(idx))
	for k, i := range idx {
		b.Of[k] = a.Of[i]
	}
	return b
}

// cloneAttributes copies the attributes with their own Of slices.
func cloneAttributes(as []Attribute) []Attribute {
	if as == nil {
		return nil
	}
	out := make([]Attribute, len(as))
	for i, a := range as {
		out[i] = a
		out[i].Of = slices.Clone(a.Of)
	}
	return out
}

// columns returns the names of the feature columns WithAttribute makes of
// a: the attribute's own name for a two-valued attribute, "name=value" for
// each value otherwise.
func (a *Attribute) columns() []string {
	if len(a.Values) == 2 {
		return []string{a.Name}
	}
	cols := make([]string, len(a.Values))
	for k, v := range a.Values {
		cols[k] = a.Name + "=" + v
	}
	return cols
}

// validateAttributes checks t's attributes against its rows and features:
// every attribute has a unique, non-empty name, at least one value, unique
// non-empty value names, a title for every value or none, and one value in
// range for every row. A feature column may carry an attribute's name only
// as the column WithAttribute makes of a two-valued attribute.
func (t *Table) validateAttributes() error {
	seen := make(map[string]bool, len(t.Attributes))
	for ai := range t.Attributes {
		a := &t.Attributes[ai]
		if a.Name == "" {
			return fmt.Errorf("datasets: attribute %d has no name", ai)
		}
		if seen[a.Name] {
			return fmt.Errorf("datasets: two attributes are named %q", a.Name)
		}
		seen[a.Name] = true
		if len(a.Values) == 0 {
			return fmt.Errorf("datasets: attribute %q has no values", a.Name)
		}
		values := make(map[string]bool, len(a.Values))
		for _, v := range a.Values {
			if v == "" {
				return fmt.Errorf("datasets: attribute %q has an empty value name", a.Name)
			}
			if values[v] {
				return fmt.Errorf("datasets: attribute %q has the value %q twice", a.Name, v)
			}
			values[v] = true
		}
		if len(a.ValueTitles) != 0 && len(a.ValueTitles) != len(a.Values) {
			return fmt.Errorf("datasets: attribute %q has %d values but %d value titles", a.Name, len(a.Values), len(a.ValueTitles))
		}
		if len(a.Of) != t.Len() {
			return fmt.Errorf("datasets: attribute %q has %d entries for %d rows", a.Name, len(a.Of), t.Len())
		}
		for i, v := range a.Of {
			if v < 0 || v >= len(a.Values) {
				return fmt.Errorf("datasets: row %d, attribute %q has value %d, want 0..%d", i, a.Name, v, len(a.Values)-1)
			}
		}
		if len(a.Values) != 2 && slices.Contains(t.Features, a.Name) {
			return fmt.Errorf("datasets: %q names both a feature and an attribute with %d values", a.Name, len(a.Values))
		}
	}
	return nil
}

// Attribute returns t's attribute with the given name, and false when
// there is none. The pointer is into t.Attributes.
func (t *Table) Attribute(name string) (*Attribute, bool) {
	for i := range t.Attributes {
		if t.Attributes[i].Name == name {
			return &t.Attributes[i], true
		}
	}
	return nil, false
}

// WithAttribute returns a copy of t with the attribute name added as
// feature columns after the others, so that a model can see it. A
// two-valued attribute becomes one column named after it, 1 for Values[1]
// and 0 for Values[0]; an attribute with more values becomes one 0/1
// column a value, named "name=value" (one-hot encoding). The attribute
// stays in Attributes too, so the model can still be scored by group.
//
// The rows of the copy are new; names, classes, the card and the labels are
// shared with t. It returns an error when t is not valid, has no such
// attribute, the attribute has fewer than two values, or a feature of t
// already has one of the new columns' names.
func (t *Table) WithAttribute(name string) (*Table, error) {
	if t == nil {
		return nil, errors.New("datasets: with attribute: nil table")
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: with attribute %q: %w", name, err)
	}
	a, ok := t.Attribute(name)
	if !ok {
		return nil, fmt.Errorf("datasets: table %s has no attribute %q", t.Name, name)
	}
	if len(a.Values) < 2 {
		return nil, fmt.Errorf("datasets: attribute %q has only one value, so as a feature it would tell a model nothing", name)
	}
	cols := a.columns()
	for _, c := range cols {
		if slices.Contains(t.Features, c) {
			return nil, fmt.Errorf("datasets: table %s already has a feature %q", t.Name, c)
		}
	}
	d := len(t.Features)
	w := d + len(cols)
	u := t.withRows(append(slices.Clip(t.Features), cols...))
	cells := make([]float64, t.Len()*w)
	for i, row := range t.X {
		r := cells[i*w : (i+1)*w : (i+1)*w]
		copy(r, row)
		v := a.Of[i]
		if len(cols) == 1 {
			r[d] = float64(v) // 1 for Values[1]
		} else {
			r[d+v] = 1
		}
		u.X[i] = r
	}
	return u, nil
}

// WithoutFeatures returns a copy of t without the named feature columns,
// e.g. to see whether a model still finds a group through a proxy once the
// group's own column is gone. A name given twice is dropped once. The rows
// of the copy are new; everything else is shared with t. It returns an
// error for a name t has no feature of, or when no feature would remain.
func (t *Table) WithoutFeatures(names ...string) (*Table, error) {
	if t == nil {
		return nil, errors.New("datasets: without features: nil table")
	}
	drop := make(map[string]bool, len(names))
	for _, n := range names {
		if !slices.Contains(t.Features, n) {
			return nil, fmt.Errorf("datasets: table %s has no feature %q to leave out", t.Name, n)
		}
		drop[n] = true
	}
	var keep []int
	var features []string
	for j, f := range t.Features {
		if !drop[f] {
			keep = append(keep, j)
			features = append(features, f)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("datasets: leaving out %v would leave table %s no feature", names, t.Name)
	}
	u := t.withRows(features)
	w := len(keep)
	cells := make([]float64, t.Len()*w)
	for i, row := range t.X {
		r := cells[i*w : (i+1)*w : (i+1)*w]
		for k, j := range keep {
			if j < len(row) {
				r[k] = row[j]
			}
		}
		u.X[i] = r
	}
	return u, nil
}

// withRows returns a table like t with the given feature names and room for
// t.Len() new rows in X; the labels, targets and attribute values are shared
// with t, the attribute list itself is copied.
func (t *Table) withRows(features []string) *Table {
	var attrs []Attribute
	if t.Attributes != nil {
		attrs = slices.Clone(t.Attributes)
	}
	return &Table{
		Name:       t.Name,
		Features:   features,
		Classes:    t.Classes,
		X:          make([][]float64, t.Len()),
		Y:          t.Y,
		Targets:    t.Targets,
		TargetName: t.TargetName,
		Card:       t.Card,
		Attributes: attrs,
	}
}
