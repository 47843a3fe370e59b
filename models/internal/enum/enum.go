// Package enum holds the name table behind the small integer enums of the
// model packages (knn.Distance, tree.Criterion, mlp.Activation, cnn.Padding,
// ...), so that each of them gets the same String, Parse, MarshalText and
// UnmarshalText behaviour from one place.
//
// An enum's values must be 0, 1, 2, ... (as iota gives them), and Names
// holds the name of value i at index i.
package enum

import (
	"fmt"
	"strings"
)

// Names is the name table of the enum type T.
type Names[T ~int] struct {
	// Pkg is the package name that starts every error, such as "knn".
	Pkg string
	// Type is the Go type name used by String for a value without a name,
	// such as "Distance" in "Distance(7)".
	Type string
	// What is the enum's name in error messages, such as "distance" in
	// "knn: unknown distance ...".
	What string
	// Names holds the name of value i at index i, in lower case.
	Names []string
}

// Valid reports whether v has a name: 0 ≤ v < len(Names).
func (n *Names[T]) Valid(v T) bool { return v >= 0 && int(v) < len(n.Names) }

// String returns the name of v, or Type(v) ("Distance(7)") when v has none.
func (n *Names[T]) String(v T) string {
	if !n.Valid(v) {
		return fmt.Sprintf("%s(%d)", n.Type, int(v))
	}
	return n.Names[v]
}

// Parse returns the value named s, in any case. Its error lists the names:
// `knn: unknown distance "x", want euclidean or manhattan`.
func (n *Names[T]) Parse(s string) (T, error) {
	for i, name := range n.Names {
		if strings.EqualFold(s, name) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("%s: unknown %s %q, want %s", n.Pkg, n.What, s, n.list())
}

// Marshal returns the name of v as text, or an error if v has no name. It
// is the body of a MarshalText method.
func (n *Names[T]) Marshal(v T) ([]byte, error) {
	if !n.Valid(v) {
		return nil, fmt.Errorf("%s: unknown %s %d", n.Pkg, n.What, int(v))
	}
	return []byte(n.Names[v]), nil
}

// Unmarshal sets *v to the value named text, in any case, with the error of
// Parse; *v is left as it was on error. It is the body of an UnmarshalText
// method.
func (n *Names[T]) Unmarshal(text []byte, v *T) error {
	x, err := n.Parse(string(text))
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// list returns the names as an English list: "a", "a or b", "a, b or c".
func (n *Names[T]) list() string {
	k := len(n.Names)
	if k <= 1 {
		return strings.Join(n.Names, "")
	}
	return strings.Join(n.Names[:k-1], ", ") + " or " + n.Names[k-1]
}
