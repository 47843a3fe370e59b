package sandbox

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Values holds the settings of a model by name, each of the Go type its
// Setting's Type calls for: int for Int, float64 for Float, string for
// Choice and []int for Ints. Catalog.Validate checks them.
type Values map[string]any

// Int returns the whole-number setting name, or 0 when it is absent.
func (v Values) Int(name string) int { i, _ := v[name].(int); return i }

// Float returns the number setting name, or 0 when it is absent.
func (v Values) Float(name string) float64 { f, _ := v[name].(float64); return f }

// String returns the choice setting name, or "" when it is absent.
func (v Values) String(name string) string { s, _ := v[name].(string); return s }

// Ints returns the list setting name, or nil when it is absent.
func (v Values) Ints(name string) []int { s, _ := v[name].([]int); return s }

// clone returns a copy of v that shares nothing with it.
func (v Values) clone() Values {
	out := make(Values, len(v))
	for k, x := range v {
		if s, ok := x.([]int); ok {
			x = slices.Clone(s)
		}
		out[k] = x
	}
	return out
}

// Coerce converts x, as decoded from JSON or typed on a command line (a
// float64, a string, a []any or []float64 of numbers, or already the right
// type), to the Go type setting s takes. It reports an *Error naming field
// when x cannot be that type; ranges are checked by Catalog.Validate.
func (s Setting) Coerce(field string, x any) (any, error) {
	bad := func() (any, error) {
		return nil, errorf(CodeBadField, field, map[string]any{"label": s.Label})
	}
	whole := func(f float64) (int, bool) {
		if f != math.Trunc(f) || math.Abs(f) > 1<<31 {
			return 0, false
		}
		return int(f), true
	}
	switch s.Type {
	case Int:
		switch x := x.(type) {
		case int:
			return x, nil
		case float64:
			if i, ok := whole(x); ok {
				return i, nil
			}
		}
	case Float:
		switch x := x.(type) {
		case float64:
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				return x, nil
			}
		case int:
			return float64(x), nil
		}
	case Choice:
		if x, ok := x.(string); ok {
			return strings.TrimSpace(x), nil
		}
	case Ints:
		var out []int
		switch x := x.(type) {
		case []int:
			return slices.Clone(x), nil
		case []float64:
			for _, f := range x {
				i, ok := whole(f)
				if !ok {
					return bad()
				}
				out = append(out, i)
			}
			return out, nil
		case []any:
			for _, e := range x {
				f, ok := e.(float64)
				if !ok {
					return bad()
				}
				i, ok := whole(f)
				if !ok {
					return bad()
				}
				out = append(out, i)
			}
			return out, nil
		}
	}
	return bad()
}

// check reports whether x, of the type s takes, is allowed.
func (s Setting) check(field string, x any) error {
	switch s.Type {
	case Int:
		i, ok := x.(int)
		if !ok {
			return errorf(CodeBadField, field, map[string]any{"label": s.Label})
		}
		return checkInt(field, s, i)
	case Float:
		f, ok := x.(float64)
		if !ok {
			return errorf(CodeBadField, field, map[string]any{"label": s.Label})
		}
		return checkFloat(field, s, f)
	case Choice:
		c, ok := x.(string)
		if !ok {
			return errorf(CodeBadField, field, map[string]any{"label": s.Label})
		}
		return checkChoice(field, s, c)
	case Ints:
		is, ok := x.([]int)
		if !ok {
			return errorf(CodeBadField, field, map[string]any{"label": s.Label})
		}
		return checkInts(field, s, is)
	}
	return fmt.Errorf("sandbox: setting %s has unknown type %q", s.Name, s.Type)
}
