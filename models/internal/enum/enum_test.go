package enum

import (
	"encoding/json"
	"fmt"
	"testing"
)

// colour is a test enum with three values.
type colour int

const (
	red colour = iota
	green
	blue
)

var colourNames = Names[colour]{
	Pkg: "paint", Type: "colour", What: "colour",
	Names: []string{red: "red", green: "green", blue: "blue"},
}

func (c colour) MarshalText() ([]byte, error)     { return colourNames.Marshal(c) }
func (c *colour) UnmarshalText(text []byte) error { return colourNames.Unmarshal(text, c) }

func TestString(t *testing.T) {
	tests := []struct {
		v    colour
		want string
	}{
		{red, "red"},
		{green, "green"},
		{blue, "blue"},
		{3, "colour(3)"},
		{-1, "colour(-1)"},
	}
	for _, tt := range tests {
		if got := colourNames.String(tt.v); got != tt.want {
			t.Errorf("String(%d) = %q, want %q", int(tt.v), got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		v    colour
		want bool
	}{
		{-1, false},
		{red, true},
		{blue, true},
		{3, false},
	}
	for _, tt := range tests {
		if got := colourNames.Valid(tt.v); got != tt.want {
			t.Errorf("Valid(%d) = %v, want %v", int(tt.v), got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		s       string
		want    colour
		wantErr string
	}{
		{s: "red", want: red},
		{s: "GREEN", want: green},
		{s: "Blue", want: blue},
		{s: "", wantErr: `paint: unknown colour "", want red, green or blue`},
		{s: "bluee", wantErr: `paint: unknown colour "bluee", want red, green or blue`},
		{s: "colour(1)", wantErr: `paint: unknown colour "colour(1)", want red, green or blue`},
	}
	for _, tt := range tests {
		got, err := colourNames.Parse(tt.s)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Parse(%q) error = %v, want %q", tt.s, err, tt.wantErr)
			}
			if got != 0 {
				t.Errorf("Parse(%q) = %d on error, want 0", tt.s, int(got))
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v, want %d", tt.s, int(got), err, int(tt.want))
		}
	}
}

func TestErrorLists(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{nil, `p: unknown thing "x", want `},
		{[]string{"a"}, `p: unknown thing "x", want a`},
		{[]string{"a", "b"}, `p: unknown thing "x", want a or b`},
		{[]string{"a", "b", "c", "d"}, `p: unknown thing "x", want a, b, c or d`},
	}
	for _, tt := range tests {
		n := Names[int]{Pkg: "p", Type: "Thing", What: "thing", Names: tt.names}
		_, err := n.Parse("x")
		if err == nil || err.Error() != tt.want {
			t.Errorf("names %q: error = %v, want %q", tt.names, err, tt.want)
		}
	}
}

func TestMarshal(t *testing.T) {
	tests := []struct {
		v       colour
		want    string
		wantErr string
	}{
		{v: red, want: "red"},
		{v: blue, want: "blue"},
		{v: 3, wantErr: "paint: unknown colour 3"},
		{v: -2, wantErr: "paint: unknown colour -2"},
	}
	for _, tt := range tests {
		got, err := colourNames.Marshal(tt.v)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("Marshal(%d) = %q, %v, want nil, %q", int(tt.v), got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("Marshal(%d) = %q, %v, want %q", int(tt.v), got, err, tt.want)
		}
	}
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		text    string
		want    colour
		wantErr bool
	}{
		{text: "green", want: green},
		{text: "RED", want: red},
		{text: "pink", want: blue, wantErr: true}, // blue is the value before the call
	}
	for _, tt := range tests {
		v := blue
		err := colourNames.Unmarshal([]byte(tt.text), &v)
		if (err != nil) != tt.wantErr || v != tt.want {
			t.Errorf("Unmarshal(%q) = %d, %v, want %d, error %v", tt.text, int(v), err, int(tt.want), tt.wantErr)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := []colour{blue, red, green}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `["blue","red","green"]`; string(data) != want {
		t.Fatalf("json.Marshal = %s, want %s", data, want)
	}
	var out []colour
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != fmt.Sprint(in) {
		t.Errorf("round trip = %v, want %v", out, in)
	}
	if _, err := json.Marshal(colour(5)); err == nil {
		t.Error("json.Marshal(colour(5)) succeeded, want an error")
	}
}
