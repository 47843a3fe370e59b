package enum_test

import (
	"fmt"

	"github.com/aisandbox/aisandbox/models/internal/enum"
)

// Shape is an enum whose methods are one-line calls to its name table.
type Shape int

const (
	// Circle is the first shape, 0.
	Circle Shape = iota
	// Square is the second shape, 1.
	Square
)

var shapeNames = enum.Names[Shape]{
	Pkg: "geo", Type: "Shape", What: "shape",
	Names: []string{Circle: "circle", Square: "square"},
}

// String returns "circle", "square" or "Shape(n)".
func (s Shape) String() string { return shapeNames.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Shape) MarshalText() ([]byte, error) { return shapeNames.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Shape) UnmarshalText(text []byte) error { return shapeNames.Unmarshal(text, s) }

func Example() {
	s, err := shapeNames.Parse("SQUARE")
	fmt.Println(s, err)
	_, err = shapeNames.Parse("triangle")
	fmt.Println(err)
	fmt.Println(Shape(2))
	_, err = Shape(2).MarshalText()
	fmt.Println(err)
	// Output:
	// square <nil>
	// geo: unknown shape "triangle", want circle or square
	// Shape(2)
	// geo: unknown shape 2
}
