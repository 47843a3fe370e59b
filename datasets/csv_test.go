package datasets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/i18n"
)

func TestReadCSVBad(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		opt    CSVOptions
		code   string
		line   int
		column string
		index  int
	}{
		{"empty", "", CSVOptions{}, CSVEmpty, 0, "", 0},
		{"blank lines", "\n\r\n  \n", CSVOptions{}, CSVEmpty, 0, "", 0},
		{"only a BOM", "\xEF\xBB\xBF", CSVOptions{}, CSVEmpty, 0, "", 0},
		{"header only", "a,b,label\n", CSVOptions{}, CSVNoRows, 0, "", 0},
		{"too few values", "a,b,label\n1,2,x\n3,4\n", CSVOptions{}, CSVRagged, 3, "label", 3},
		{"too many values", "a,label\n1,x,3\n", CSVOptions{}, CSVRagged, 2, "", 3},
		{"not a number", "a,b,label\n1.5,2,x\n2,abc,y\n", CSVOptions{}, CSVNotNumber, 3, "b", 2},
		{"decimal comma in a comma file", "a,label\n\"1,5\",x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"thousands in a semicolon file", "a;label\n1,500,5;x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"hexadecimal", "a,label\n0x10,x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"underscore", "a,label\n1_000,x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"bare exponent", "a,label\n1e,x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"only a point", "a,label\n.,x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"unicode minus", "a,label\n−1,x\n", CSVOptions{}, CSVNotNumber, 2, "a", 1},
		{"empty feature cell", "a,label\n1,x\n,y\n", CSVOptions{}, CSVEmptyCell, 3, "a", 1},
		{"blank label cell", "a,label\n1, \n", CSVOptions{}, CSVEmptyCell, 2, "label", 2},
		{"unnamed column", "a,,label\n1,2,x\n", CSVOptions{}, CSVBadHeader, 1, "", 2},
		{"trailing comma in header", "a,label,\n", CSVOptions{}, CSVBadHeader, 1, "", 3},
		{"one column", "label\nx\ny\n", CSVOptions{}, CSVBadHeader, 1, "", 0},
		{"tab separated", "a\tlabel\n1\tx\n", CSVOptions{}, CSVBadHeader, 1, "", 0},
		{"duplicate column", "a,b,a,label\n", CSVOptions{}, CSVDuplicateColumn, 1, "a", 3},
		{"duplicate after trimming", "a, a ,label\n", CSVOptions{}, CSVDuplicateColumn, 1, "a", 2},
		{"unknown label column", "a,label\n1,x\n", CSVOptions{Label: "kind"}, CSVNoLabelColumn, 1, "kind", 0},
		{"one class", "a,label\n1,x\n2, x\n", CSVOptions{}, CSVOneClass, 0, "label", 0},
		{"too many rows", "a,label\n1,x\n2,y\n3,x\n", CSVOptions{MaxRows: 2}, CSVTooManyRows, 4, "", 0},
		{"too many columns", "a,b,label\n1,2,x\n", CSVOptions{MaxColumns: 2}, CSVTooManyColumns, 1, "", 0},
		{"too large", "a,label\n1,x\n2,y\n", CSVOptions{MaxBytes: 10}, CSVTooLarge, 0, "", 0},
		{"bad UTF-8 label", "a,label\n1,x\n2,\xff\n", CSVOptions{}, CSVNotUTF8, 3, "label", 2},
		{"bad UTF-8 header", "\xc3(,label\n", CSVOptions{}, CSVNotUTF8, 1, "", 1},
		{"UTF-16 file", "\xff\xfea\x00,\x00b\x00\n\x00", CSVOptions{}, CSVNotUTF8, 1, "", 1},
		{"NaN", "a,label\nNaN,x\n", CSVOptions{}, CSVNotFinite, 2, "a", 1},
		{"minus infinity", "a,label\n1,x\n-Inf,y\n", CSVOptions{}, CSVNotFinite, 3, "a", 1},
		{"overflow", "a,label\n1e400,x\n", CSVOptions{}, CSVNotFinite, 2, "a", 1},
		{"bare quote", "a,label\n1,x\"y\n", CSVOptions{}, CSVSyntax, 2, "", 0},
		{"unclosed quote", "a,label\n1,x\n2,\"y\n3,z\n", CSVOptions{}, CSVSyntax, 3, "", 0},
		{"text after a closing quote", "a,label\n1,x\n2,\"y\"z\n", CSVOptions{}, CSVSyntax, 3, "", 0},
		// The quoted label spans lines 2-3, so the bad number is on line 4.
		{"line after a multi-line field", "a,label\n1,\"x\ny\"\nabc,z\n", CSVOptions{}, CSVNotNumber, 4, "a", 1},
		{"CRLF line numbers", "a,label\r\n1,x\r\nq,y\r\n", CSVOptions{}, CSVNotNumber, 3, "a", 1},
		{"BOM keeps line numbers", "\xEF\xBB\xBFa,label\n1,x\nq,y\n", CSVOptions{}, CSVNotNumber, 3, "a", 1},
		{"unknown attribute column", "a,label\n1,x\n", CSVOptions{Attributes: []string{"region"}}, CSVNoAttributeColumn, 1, "region", 0},
		{"attribute is the last column", "a,region\n1,x\n", CSVOptions{Attributes: []string{"region"}}, CSVAttributeIsLabel, 1, "region", 2},
		{"attribute is the named label", "a,kind,b\n1,x,2\n", CSVOptions{Label: "kind", Attributes: []string{"kind"}}, CSVAttributeIsLabel, 1, "kind", 2},
		{"only attributes left", "region,label\nn,x\n", CSVOptions{Attributes: []string{"region"}}, CSVNoFeatures, 1, "", 0},
		{"blank attribute cell", "a,region,label\n1,n,x\n2, ,y\n", CSVOptions{Attributes: []string{"region"}}, CSVEmptyCell, 3, "region", 2},
		{"bad UTF-8 attribute", "a,region,label\n1,\xff,x\n", CSVOptions{Attributes: []string{"region"}}, CSVNotUTF8, 2, "region", 2},
		{"attribute checked before the rows", "a,label\nq,x\n", CSVOptions{Attributes: []string{"b"}}, CSVNoAttributeColumn, 1, "b", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ReadCSV(strings.NewReader(tc.in), tc.opt)
			if err == nil {
				t.Fatalf("ReadCSV = table %v %v, want error %s", tab.Features, tab.Classes, tc.code)
			}
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *CSVError", err, err)
			}
			if ce.Code != tc.code || ce.Line != tc.line || ce.Column != tc.column || ce.Index != tc.index {
				t.Errorf("got code %q line %d column %q index %d, want %q %d %q %d (%v)",
					ce.Code, ce.Line, ce.Column, ce.Index, tc.code, tc.line, tc.column, tc.index, err)
			}
			if !strings.HasPrefix(err.Error(), "datasets: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
}

func TestCSVErrorMessages(t *testing.T) {
	read := func(in string, opt CSVOptions) string {
		_, err := ReadCSV(strings.NewReader(in), opt)
		if err == nil {
			t.Fatalf("ReadCSV(%q) succeeded", in)
		}
		return err.Error()
	}
	tests := []struct{ in, want string }{
		{"mass,label\n1,x\n2,y\n3,x\n4,y\n5,x\nabc,y\n", `datasets: line 7, column "mass": "abc" is not a number`},
		{"a,label\n\"1,5\",x\n", `datasets: line 2, column "a": "1,5" is not a number; write decimals with a dot (1.5), not a comma`},
		{"a,b,label\n1,2\n", `datasets: line 2, column "label": the row has 2 values, but the header names 3 columns`},
		{"a,,label\n", `datasets: line 1, column 2: the column has no name in the header`},
		{"a,label\n1,x\n", `datasets: column "label": the label column has only one class ("x"); at least two are needed`},
		{"", `datasets: the file is empty`},
		{"a,label\n1,x\"\n", `datasets: line 2: a quote (") appears inside a field that does not start with one; put such a field in quotes and double the quotes inside it`},
	}
	for _, tc := range tests {
		if got := read(tc.in, CSVOptions{}); got != tc.want {
			t.Errorf("ReadCSV(%q):\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	attr := []struct {
		in   string
		opt  CSVOptions
		want string
	}{
		{"a,label\n1,x\n", CSVOptions{Attributes: []string{"region"}}, `datasets: line 1, column "region": the header has no column with this name for an attribute`},
		{"a,region\n1,x\n", CSVOptions{Attributes: []string{"region"}}, `datasets: line 1, column "region": the label column cannot also be an attribute; name another label column`},
		{"region,label\nn,x\n", CSVOptions{Attributes: []string{"region"}}, `datasets: line 1: every column but the label is an attribute, so no feature is left to learn from`},
	}
	for _, tc := range attr {
		if got := read(tc.in, tc.opt); got != tc.want {
			t.Errorf("ReadCSV(%q):\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	if got, want := (&CSVError{Code: CSVTooLarge, Limit: DefaultCSVMaxBytes}).Error(), "datasets: the file is larger than 20 MB"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := (&CSVError{Code: CSVTooLarge, Limit: 1000}).Error(), "datasets: the file is larger than 1000 bytes"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := (CSVOptions{}).withDefaults(), (CSVOptions{MaxBytes: 20 << 20, MaxRows: 100_000, MaxColumns: 1000}); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %+v, want %+v", got, want)
	}
}

func TestCSVErrorClipsValue(t *testing.T) {
	long := strings.Repeat("ж", 100)
	_, err := ReadCSV(strings.NewReader("a,label\n"+long+",x\n"), CSVOptions{})
	var ce *CSVError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *CSVError", err)
	}
	if n := utf8.RuneCountInString(ce.Value); n != maxValueRunes {
		t.Errorf("Value has %d characters, want %d", n, maxValueRunes)
	}
	if want := strings.Repeat("ж", maxValueRunes-1) + "…"; ce.Value != want {
		t.Errorf("Value = %q, want %q", ce.Value, want)
	}
}

func TestCSVSyntaxUnwraps(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("a,label\n1,\"x\n"), CSVOptions{})
	if !errors.Is(err, csv.ErrQuote) {
		t.Errorf("error %v does not wrap csv.ErrQuote", err)
	}
}

func TestReadCSVGood(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		opt      CSVOptions
		features []string
		classes  []string
		x        [][]float64
		y        []int
	}{
		{
			name:     "BOM",
			in:       "\xEF\xBB\xBFx,label\n1,a\n2,b\n",
			features: []string{"x"}, classes: []string{"a", "b"},
			x: [][]float64{{1}, {2}}, y: []int{0, 1},
		},
		{
			name:     "quoted fields",
			in:       "\"x 1\",\"the \"\"label\"\"\"\n\"1.5\",\"cat, big\"\n2,dog\n3,\"two\nlines\"\n",
			features: []string{"x 1"}, classes: []string{"cat, big", "dog", "two\nlines"},
			x: [][]float64{{1.5}, {2}, {3}}, y: []int{0, 1, 2},
		},
		{
			name:     "CRLF and no final newline",
			in:       "x,y,label\r\n1,2,b\r\n3,4,a",
			features: []string{"x", "y"}, classes: []string{"a", "b"},
			x: [][]float64{{1, 2}, {3, 4}}, y: []int{1, 0},
		},
		{
			name:     "numeric labels sort numerically",
			in:       "x,grade\n1,10\n2,2\n3,1\n4,2\n5,-0.5\n",
			features: []string{"x"}, classes: []string{"-0.5", "1", "2", "10"},
			x: [][]float64{{1}, {2}, {3}, {4}, {5}}, y: []int{3, 2, 1, 2, 0},
		},
		{
			name:     "mixed labels sort as text",
			in:       "x,label\n1,10\n2,9\n3,b\n",
			features: []string{"x"}, classes: []string{"10", "9", "b"},
			x: [][]float64{{1}, {2}, {3}}, y: []int{0, 1, 2},
		},
		{
			name:     "Cyrillic labels sort by code point",
			in:       "салмақ,түрі\n1,қоян\n2,ит\n3,әтеш\n",
			features: []string{"салмақ"}, classes: []string{"ит", "қоян", "әтеш"},
			x: [][]float64{{1}, {2}, {3}}, y: []int{1, 0, 2},
		},
		{
			name:     "label column in the middle",
			in:       "x,kind,y\n1,a,2\n3,b,4\n",
			opt:      CSVOptions{Label: " kind "},
			features: []string{"x", "y"}, classes: []string{"a", "b"},
			x: [][]float64{{1, 2}, {3, 4}}, y: []int{0, 1},
		},
		{
			name:     "spaces are trimmed",
			in:       " x , label \n 1 ,  a \n\t2\t, b\n",
			features: []string{"x"}, classes: []string{"a", "b"},
			x: [][]float64{{1}, {2}}, y: []int{0, 1},
		},
		{
			name:     "number forms",
			in:       "x,label\n+1e3,a\n.5,b\n5.,a\n-2E-1,b\n1e-400,a\n007,b\n",
			features: []string{"x"}, classes: []string{"a", "b"},
			x: [][]float64{{1000}, {0.5}, {5}, {-0.2}, {0}, {7}}, y: []int{0, 1, 0, 1, 0, 1},
		},
		{
			name:     "blank rows are skipped",
			in:       "\n\nx,label\n1,a\n,\n  ,  \n\n2,b\n",
			features: []string{"x"}, classes: []string{"a", "b"},
			x: [][]float64{{1}, {2}}, y: []int{0, 1},
		},
		{
			name:     "semicolons with decimal commas",
			in:       "длина;ширина;вид\n1,5;2;a\n-0,25;3e1;b\n4.5;,5;a\n",
			features: []string{"длина", "ширина"}, classes: []string{"a", "b"},
			x: [][]float64{{1.5, 2}, {-0.25, 30}, {4.5, 0.5}}, y: []int{0, 1, 0},
		},
		{
			name:     "semicolon inside a quoted header name",
			in:       "\"a;b\",label\n1,x\n2,y\n",
			features: []string{"a;b"}, classes: []string{"x", "y"},
			x: [][]float64{{1}, {2}}, y: []int{0, 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ReadCSV(strings.NewReader(tc.in), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if err := tab.Validate(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tab.Features, tc.features) {
				t.Errorf("Features = %q, want %q", tab.Features, tc.features)
			}
			if !reflect.DeepEqual(tab.Classes, tc.classes) {
				t.Errorf("Classes = %q, want %q", tab.Classes, tc.classes)
			}
			if !reflect.DeepEqual(tab.X, tc.x) {
				t.Errorf("X = %v, want %v", tab.X, tc.x)
			}
			if !reflect.DeepEqual(tab.Y, tc.y) {
				t.Errorf("Y = %v, want %v", tab.Y, tc.y)
			}
			if tab.Name != "csv" {
				t.Errorf("Name = %q, want the default %q", tab.Name, "csv")
			}
			if tab.Card.Synthetic {
				t.Error("an uploaded table is marked synthetic")
			}
		})
	}
}

func TestUploadedCardComplete(t *testing.T) {
	checkCard(t, "uploaded", uploadedCard())
}

func TestReadCSVName(t *testing.T) {
	tab, err := ReadCSV(strings.NewReader("x,label\n1,a\n2,b\n"), CSVOptions{Name: "iris"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Name != "iris" {
		t.Errorf("Name = %q, want %q", tab.Name, "iris")
	}
}

// endless is an unbounded stream of CSV-looking bytes that counts how many
// were read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	const row = "1,2,3\n"
	for i := range p {
		p[i] = row[(e.n+int64(i))%int64(len(row))]
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadCSVStopsAtMaxBytes(t *testing.T) {
	for _, limit := range []int64{100, 200_000} {
		src := &endless{}
		_, err := ReadCSV(src, CSVOptions{MaxBytes: limit})
		var ce *CSVError
		if !errors.As(err, &ce) || ce.Code != CSVTooLarge || ce.Limit != limit {
			t.Fatalf("limit %d: error %v, want too_large with limit %d", limit, err, limit)
		}
		if src.n > limit+1 {
			t.Errorf("limit %d: read %d bytes, want at most %d", limit, src.n, limit+1)
		}
	}
}

func TestReadCSVExactlyMaxBytes(t *testing.T) {
	in := "x,label\n1,a\n2,b\n"
	if _, err := ReadCSV(strings.NewReader(in), CSVOptions{MaxBytes: int64(len(in))}); err != nil {
		t.Errorf("a file of exactly MaxBytes: %v", err)
	}
	if _, err := ReadCSV(strings.NewReader(in), CSVOptions{MaxBytes: int64(len(in) - 1)}); err == nil {
		t.Error("a file one byte over MaxBytes was accepted")
	}
}

// failing returns its text and then a read error.
type failing struct{ s *strings.Reader }

var errDisk = errors.New("disk on fire")

func (f failing) Read(p []byte) (int, error) {
	n, err := f.s.Read(p)
	if err != nil {
		return n, errDisk
	}
	return n, nil
}

func TestReadCSVReadError(t *testing.T) {
	_, err := ReadCSV(failing{strings.NewReader("x,label\n1,a\n")}, CSVOptions{})
	if !errors.Is(err, errDisk) {
		t.Errorf("error %v does not wrap the reader's error", err)
	}
	var ce *CSVError
	if errors.As(err, &ce) {
		t.Errorf("a read error came back as a CSVError: %v", err)
	}
}

func TestLoadCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "flowers.data.csv")
	body := "petal,kind\n1.4,setosa\n4.7,versicolor\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	tab, err := LoadCSV(path, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Name != "flowers.data" || tab.Len() != 2 {
		t.Errorf("got name %q with %d rows, want %q with 2", tab.Name, tab.Len(), "flowers.data")
	}

	_, err = LoadCSV(path, CSVOptions{MaxBytes: 10})
	var ce *CSVError
	if !errors.As(err, &ce) || ce.Code != CSVTooLarge || ce.Limit != 10 {
		t.Errorf("small MaxBytes: error %v, want too_large with limit 10", err)
	}

	_, err = LoadCSV(filepath.Join(dir, "missing.csv"), CSVOptions{})
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "datasets: ") {
		t.Errorf("missing file: error %v, want a datasets error wrapping fs.ErrNotExist", err)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		s    string
		sep  rune
		v    float64
		code string
	}{
		{"0", ',', 0, ""},
		{"-0.0", ',', 0, ""},
		{"1e3", ',', 1000, ""},
		{"1E+3", ',', 1000, ""},
		{"1,5", ';', 1.5, ""},
		{"1,5", ',', 0, CSVNotNumber},
		{"1,5,1", ';', 0, CSVNotNumber},
		{"1.5,1", ';', 0, CSVNotNumber},
		{"+", ',', 0, CSVNotNumber},
		{"e5", ',', 0, CSVNotNumber},
		{"1 000", ',', 0, CSVNotNumber},
		{"1.7976931348623157e308", ',', 1.7976931348623157e308, ""},
		{"1.8e308", ',', 0, CSVNotFinite},
		{"infinity", ',', 0, CSVNotFinite},
		{"+nan", ',', 0, CSVNotFinite},
	}
	for _, tc := range tests {
		v, code := parseNumber(tc.s, tc.sep)
		if code != tc.code || (code == "" && v != tc.v) {
			t.Errorf("parseNumber(%q, %q) = %v, %q; want %v, %q", tc.s, tc.sep, v, code, tc.v, tc.code)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"x,label\n1,a\n2,b\n",
		"\xEF\xBB\xBFa;b;c\n1,5;2;x\n3;4;y\n",
		"a,\"b\"\"q\",c\n1,2,\"x\ny\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := CSVOptions{MaxBytes: 1 << 16, MaxRows: 500, MaxColumns: 50}
		tab, err := ReadCSV(bytes.NewReader(data), opt)
		if err != nil {
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *CSVError", err, err)
			}
			if ce.Code == "" || !utf8.ValidString(ce.Value) || utf8.RuneCountInString(ce.Value) > maxValueRunes {
				t.Fatalf("bad error fields: %+v", ce)
			}
			if strings.HasPrefix(ce.detail(), "problem ") {
				t.Fatalf("code %q has no message", ce.Code)
			}
			return
		}
		if err := tab.Validate(); err != nil {
			t.Fatalf("table fails Validate: %v", err)
		}
		if len(tab.Classes) < 2 || tab.Len() == 0 || tab.Len() > opt.MaxRows || len(tab.Features)+1 > opt.MaxColumns {
			t.Fatalf("table breaks the limits: %d classes, %d rows, %d features", len(tab.Classes), tab.Len(), len(tab.Features))
		}
		for k, c := range tab.ClassCounts() {
			if c == 0 {
				t.Fatalf("class %q has no rows", tab.Classes[k])
			}
		}
		for _, name := range append(append([]string{}, tab.Features...), tab.Classes...) {
			if name == "" || !utf8.ValidString(name) {
				t.Fatalf("bad name %q", name)
			}
		}
		// The first column, read as an attribute instead, leaves the rows
		// as they were, and the table passes Validate.
		opt.Attributes = []string{tab.Features[0]}
		if at, err := ReadCSV(bytes.NewReader(data), opt); err == nil {
			if err := at.Validate(); err != nil || at.Len() != tab.Len() || len(at.Features) != len(tab.Features)-1 {
				t.Fatalf("with attribute %q: %v, %d rows, %d features", tab.Features[0], err, at.Len(), len(at.Features))
			}
		}
	})
}

func TestReadCSVAttributes(t *testing.T) {
	// Semicolons and a decimal comma, an attribute asked for twice, one
	// with spaces around its name and a blank one.
	const in = "age;region;sex;label\n10;north;f;x\n12,5;south;m;y\n9;north;m;x\n"
	tab, err := ReadCSV(strings.NewReader(in), CSVOptions{Attributes: []string{"sex", " region ", "sex", ""}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Features, []string{"age"}) || !reflect.DeepEqual(tab.X, [][]float64{{10}, {12.5}, {9}}) {
		t.Errorf("features %v, X %v", tab.Features, tab.X)
	}
	if !reflect.DeepEqual(tab.Classes, []string{"x", "y"}) || !reflect.DeepEqual(tab.Y, []int{0, 1, 0}) {
		t.Errorf("classes %v, Y %v", tab.Classes, tab.Y)
	}
	// In the order asked for; values in the order they first appear.
	want := []Attribute{
		{Name: "sex", Title: i18n.Text{KK: "sex", RU: "sex", EN: "sex"}, Values: []string{"f", "m"}, Of: []int{0, 1, 1}},
		{Name: "region", Title: i18n.Text{KK: "region", RU: "region", EN: "region"}, Values: []string{"north", "south"}, Of: []int{0, 1, 0}},
	}
	if !reflect.DeepEqual(tab.Attributes, want) {
		t.Errorf("attributes\n got %+v\nwant %+v", tab.Attributes, want)
	}
	with, err := tab.WithAttribute("region")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(with.X, [][]float64{{10, 0}, {12.5, 1}, {9, 0}}) {
		t.Errorf("with region: %v", with.X)
	}
	// Values are text, even when they look like numbers.
	num, err := ReadCSV(strings.NewReader("a,grade,label\n1,10,x\n2,9,y\n3,10,y\n"), CSVOptions{Attributes: []string{"grade"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := num.Attributes[0].Values; !reflect.DeepEqual(got, []string{"10", "9"}) {
		t.Errorf("grade values %v, want [10 9]", got)
	}
	// Without the option the same column is a feature.
	plain, err := ReadCSV(strings.NewReader("a,grade,label\n1,10,x\n2,9,y\n"), CSVOptions{})
	if err != nil || plain.Attributes != nil || len(plain.Features) != 2 {
		t.Errorf("without attributes: %v, %v", plain, err)
	}
}

func TestReadCSVTooManyAttributeValues(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,id,label\n")
	for i := range MaxAttributeValues + 1 {
		fmt.Fprintf(&b, "%d,person%d,%c\n", i, i, 'x'+i%2)
	}
	_, err := ReadCSV(strings.NewReader(b.String()), CSVOptions{Attributes: []string{"id"}})
	var ce *CSVError
	// The 51st value is on line 52 (the header is line 1).
	if !errors.As(err, &ce) || ce.Code != CSVTooManyValues || ce.Line != MaxAttributeValues+2 || ce.Column != "id" || ce.Limit != MaxAttributeValues {
		t.Fatalf("error %v, want too_many_values on line %d", err, MaxAttributeValues+2)
	}
	if want := "datasets: line 52, column \"id\": the attribute column has more than 50 different values; a group attribute needs fewer"; err.Error() != want {
		t.Errorf("got %s\nwant %s", err, want)
	}
	// 50 values are allowed.
	cut := strings.Join(strings.Split(b.String(), "\n")[:MaxAttributeValues+1], "\n")
	tab, err := ReadCSV(strings.NewReader(cut), CSVOptions{Attributes: []string{"id"}})
	if err != nil || len(tab.Attributes[0].Values) != MaxAttributeValues {
		t.Errorf("50 values: %v", err)
	}
}

func ExampleReadCSV() {
	const data = `length,width,kind
4.9,3.0,setosa
7.0,3.2,versicolor
6.3,3.3,virginica
5.8,2.7,versicolor
`
	t, err := ReadCSV(strings.NewReader(data), CSVOptions{Name: "flowers"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Name, t.Len(), "rows")
	fmt.Println("features:", t.Features)
	fmt.Println("classes:", t.Classes)
	fmt.Println("first row:", t.X[0], t.Classes[t.Y[0]])

	_, err = ReadCSV(strings.NewReader("length,kind\n4.9,setosa\nfive,versicolor\n"), CSVOptions{})
	fmt.Println(err)
	// Output:
	// flowers 4 rows
	// features: [length width]
	// classes: [setosa versicolor virginica]
	// first row: [4.9 3] setosa
	// datasets: line 3, column "length": "five" is not a number
}
