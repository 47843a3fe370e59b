package datasets

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/i18n"
)

// CSVOptions controls ReadCSV and LoadCSV. A zero or negative limit means
// the default written beside it.
type CSVOptions struct {
	// Label names the label (class) column; "" means the last column.
	Label string
	// Name names the table, e.g. the file's base name. "" means "csv" for
	// ReadCSV and the file's base name without extension for LoadCSV.
	Name string
	// MaxBytes is the largest file accepted, in bytes; zero means 20 MB
	// (20<<20), plenty for 100,000 rows of a few numbers.
	MaxBytes int64
	// MaxRows is the largest number of data rows accepted; zero means
	// 100,000, more than the models of this program train on quickly.
	MaxRows int
	// MaxColumns is the largest number of columns accepted, label included;
	// zero means 1,000.
	MaxColumns int
	// Attributes names columns to read as group attributes (e.g. "region"
	// or "sex") into Table.Attributes rather than as features: their
	// values are any text, kept as categories in the order they first
	// appear. Blank names and repeats are ignored. Neither the label column
	// nor every non-label column can be an attribute.
	Attributes []string
}

// MaxAttributeValues is the most different values an attribute column of
// a CSV file may hold. A group attribute is scored group by group, and a
// table or chart of more than 50 groups is no longer readable in a lesson;
// a column with more values is more likely a name or an identifier than a
// group.
const MaxAttributeValues = 50

// The defaults of CSVOptions.
const (
	DefaultCSVMaxBytes   = 20 << 20
	DefaultCSVMaxRows    = 100_000
	DefaultCSVMaxColumns = 1_000
)

// The codes of CSVError. They are stable: the web layer translates by them.
//
//	empty             the file holds no text (or only blank lines)
//	no_rows           the file has a header but no data rows
//	ragged            a row has more or fewer values than the header has columns
//	not_number        a feature value is not a number
//	empty_cell        a cell is empty
//	bad_header        a header column has no name, or the header has fewer than two columns
//	duplicate_column  two header columns have the same name
//	no_label_column   the label column asked for is not in the header
//	one_class         the label column holds fewer than two different classes
//	too_many_rows     more data rows than CSVOptions.MaxRows
//	too_many_columns  more columns than CSVOptions.MaxColumns
//	too_large         more bytes than CSVOptions.MaxBytes
//	not_utf8          the text is not valid UTF-8
//	not_finite        a feature value is NaN, infinite, or too large for a float64
//	syntax            misplaced quotes
//	no_attribute_column  an attribute column asked for is not in the header
//	attribute_is_label   an attribute column asked for is the label column
//	no_features       every column but the label is an attribute, so no feature is left
//	too_many_values   an attribute column holds more than MaxAttributeValues different values
const (
	CSVEmpty           = "empty"
	CSVNoRows          = "no_rows"
	CSVRagged          = "ragged"
	CSVNotNumber       = "not_number"
	CSVEmptyCell       = "empty_cell"
	CSVBadHeader       = "bad_header"
	CSVDuplicateColumn = "duplicate_column"
	CSVNoLabelColumn   = "no_label_column"
	CSVOneClass        = "one_class"
	CSVTooManyRows     = "too_many_rows"
	CSVTooManyColumns  = "too_many_columns"
	CSVTooLarge        = "too_large"
	CSVNotUTF8         = "not_utf8"
	CSVNotFinite       = "not_finite"
	CSVSyntax          = "syntax"

	CSVNoAttributeColumn = "no_attribute_column"
	CSVAttributeIsLabel  = "attribute_is_label"
	CSVNoFeatures        = "no_features"
	CSVTooManyValues     = "too_many_values"
)

// CSVError is a problem in a CSV file, at a place a person can find.
type CSVError struct {
	// Code says what is wrong: one of the CSV* codes above.
	Code string
	// Line is the 1-based line in the file, 0 when the whole file is meant.
	Line int
	// Column is the column's name from the header, "" when none.
	Column string
	// Index is the 1-based position of the column in the row, 0 when none;
	// it finds a column whose name is empty or repeated.
	Index int
	// Value is the offending text, cut to 40 characters. For "ragged" it is
	// the number of values the row has.
	Value string
	// Limit is the limit exceeded, for the too_* codes; for "ragged", the
	// number of columns the header names; for "too_many_values",
	// MaxAttributeValues.
	Limit int64

	cause error // the csv package's error behind a "syntax" error
}

// Error describes the problem in English, e.g.
// `datasets: line 7, column "mass": "abc" is not a number`.
func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString("datasets: ")
	switch {
	case e.Line > 0 && e.Column != "":
		fmt.Fprintf(&b, "line %d, column %q: ", e.Line, e.Column)
	case e.Line > 0 && e.Index > 0:
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Index)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	case e.Column != "":
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString(e.detail())
	return b.String()
}

func (e *CSVError) detail() string {
	switch e.Code {
	case CSVEmpty:
		return "the file is empty"
	case CSVNoRows:
		return "the file has a header but no data rows"
	case CSVRagged:
		return fmt.Sprintf("the row has %s values, but the header names %d columns", e.Value, e.Limit)
	case CSVNotNumber:
		if strings.Contains(e.Value, ",") {
			return fmt.Sprintf("%q is not a number; write decimals with a dot (1.5), not a comma", e.Value)
		}
		return fmt.Sprintf("%q is not a number", e.Value)
	case CSVEmptyCell:
		return "the cell is empty"
	case CSVBadHeader:
		if e.Index > 0 {
			return "the column has no name in the header"
		}
		return fmt.Sprintf("the header %q names fewer than two columns; separate columns with commas and give a label column", e.Value)
	case CSVDuplicateColumn:
		return "the column name appears twice in the header"
	case CSVNoLabelColumn:
		return "the header has no column with this name for the label"
	case CSVOneClass:
		return fmt.Sprintf("the label column has only one class (%q); at least two are needed", e.Value)
	case CSVTooManyRows:
		return fmt.Sprintf("the file has more than %d data rows", e.Limit)
	case CSVTooManyColumns:
		return fmt.Sprintf("the file has more than %d columns", e.Limit)
	case CSVTooLarge:
		if e.Limit >= 1<<20 && e.Limit%(1<<20) == 0 {
			return fmt.Sprintf("the file is larger than %d MB", e.Limit>>20)
		}
		return fmt.Sprintf("the file is larger than %d bytes", e.Limit)
	case CSVNotUTF8:
		return "the text is not valid UTF-8; save the file as UTF-8"
	case CSVNotFinite:
		return fmt.Sprintf("%q is not a finite number", e.Value)
	case CSVNoAttributeColumn:
		return "the header has no column with this name for an attribute"
	case CSVAttributeIsLabel:
		return "the label column cannot also be an attribute; name another label column"
	case CSVNoFeatures:
		return "every column but the label is an attribute, so no feature is left to learn from"
	case CSVTooManyValues:
		return fmt.Sprintf("the attribute column has more than %d different values; a group attribute needs fewer", e.Limit)
	case CSVSyntax:
		switch {
		case errors.Is(e.cause, csv.ErrBareQuote):
			return `a quote (") appears inside a field that does not start with one; put such a field in quotes and double the quotes inside it`
		case errors.Is(e.cause, csv.ErrQuote):
			return `a quoted field has no closing quote, or text follows its closing quote`
		case e.cause != nil:
			return e.cause.Error()
		}
		return "the file is not valid CSV"
	}
	return "problem " + e.Code
}

// Unwrap returns the csv package's error behind a "syntax" error, or nil.
func (e *CSVError) Unwrap() error { return e.cause }

// maxValueRunes is how many characters of an offending value CSVError
// keeps: enough to recognise it, short enough for a message.
const maxValueRunes = 40

// clip makes s valid UTF-8 and cuts it to maxValueRunes characters, the
// last of them "…" when it was cut.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= maxValueRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxValueRunes-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// peekSize is how much of the file's start ReadCSV looks at to choose the
// separator: enough for any header a person writes.
const peekSize = 64 << 10

// bom is the UTF-8 byte order mark that some spreadsheets write first.
const bom = "\xEF\xBB\xBF"

// ReadCSV reads a labelled table from CSV text. The first row is the header
// and names the columns; the label column (opt.Label, or the last column)
// holds class names, any text; the attribute columns (opt.Attributes) hold
// group names, any text, read into Table.Attributes; and every other column
// holds numbers such as 1.5, -2 or 1e3. Spaces around values are ignored, a UTF-8 byte order mark
// is skipped, and rows with only empty cells are skipped.
//
// Classes are sorted so that their order does not depend on the order of
// the rows: numerically when every label is a number, otherwise by Unicode
// code point (alphabetically within one alphabet).
//
// A file whose first line separates columns with semicolons and has no
// commas, as spreadsheets set up for Kazakh or Russian write, is read with
// ';' as the separator, and there a decimal comma (1,5) is read as 1.5. In a
// comma-separated file a number with a comma is refused with a hint to use a
// dot, because "1,500" might mean 1.5 or 1500.
//
// Any problem in the file is returned as a *CSVError naming the line and
// column; reading stops after opt.MaxBytes bytes, so a huge stream is
// refused without being read whole. Other errors come from r.
func ReadCSV(r io.Reader, opt CSVOptions) (*Table, error) {
	opt = opt.withDefaults()
	if opt.Name == "" {
		opt.Name = "csv"
	}
	g := &sizeGuard{r: r, max: opt.MaxBytes}
	br := bufio.NewReaderSize(g, peekSize)
	head, err := br.Peek(peekSize)
	switch {
	case g.over:
		return nil, g.error()
	case err != nil && err != io.EOF && err != bufio.ErrBufferFull:
		return nil, fmt.Errorf("datasets: reading CSV: %w", err)
	}
	// A file shorter than peekSize gives io.EOF here; the csv reader below
	// meets the end again.
	if bytes.HasPrefix(head, []byte(bom)) {
		if _, err := br.Discard(len(bom)); err != nil {
			return nil, fmt.Errorf("datasets: reading CSV: %w", err)
		}
		head = head[len(bom):]
	}
	sep := separator(head)
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // ragged rows are reported as CSVRagged below
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	p := &csvParser{opt: opt, cr: cr, g: g, sep: sep}
	if err := p.header(); err != nil {
		return nil, err
	}
	if err := p.rows(); err != nil {
		return nil, err
	}
	return p.table()
}

// LoadCSV reads a labelled table from the CSV file at path, as ReadCSV
// does. It checks the file's size before reading it. An empty opt.Name
// becomes the file's base name without its extension.
func LoadCSV(path string, opt CSVOptions) (t *Table, err error) {
	opt = opt.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			t, err = nil, fmt.Errorf("datasets: %w", cerr)
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	if st.Size() > opt.MaxBytes {
		return nil, &CSVError{Code: CSVTooLarge, Limit: opt.MaxBytes}
	}
	if opt.Name == "" {
		base := filepath.Base(path)
		opt.Name = strings.TrimSuffix(base, filepath.Ext(base))
	}
	return ReadCSV(f, opt)
}

func (o CSVOptions) withDefaults() CSVOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultCSVMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultCSVMaxRows
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultCSVMaxColumns
	}
	return o
}

// separator returns ';' when the first non-blank line of head has
// semicolons and no commas outside quotes, and ',' otherwise.
func separator(head []byte) rune {
	commas, semicolons := 0, 0
	quoted, content := false, false
scan:
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if content {
				break scan
			}
		case c == ',':
			commas++
		case c == ';':
			semicolons++
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			content = true
		}
	}
	if semicolons > 0 && commas == 0 {
		return ';'
	}
	return ','
}

// sizeGuard passes at most max+1 bytes through from r; once it has seen
// more than max it sets over and fails every read, so that a stream larger
// than the limit is refused after max+1 bytes.
type sizeGuard struct {
	r    io.Reader
	n    int64 // bytes read so far
	max  int64
	over bool
}

var errTooLarge = errors.New("datasets: input over the size limit")

func (g *sizeGuard) Read(p []byte) (int, error) {
	if g.over {
		return 0, errTooLarge
	}
	if left := g.max + 1 - g.n; int64(len(p)) > left {
		p = p[:left]
	}
	k, err := g.r.Read(p)
	g.n += int64(k)
	if g.n > g.max {
		g.over = true
		return k, errTooLarge
	}
	return k, err
}

func (g *sizeGuard) error() *CSVError {
	return &CSVError{Code: CSVTooLarge, Limit: g.max}
}

// csvParser holds the state of one ReadCSV call.
type csvParser struct {
	opt CSVOptions
	cr  *csv.Reader
	g   *sizeGuard
	sep rune

	names    []string // header names, trimmed
	label    int      // index of the label column
	x        [][]float64
	labelIDs []int          // per row, the index of its label in labels
	labelIdx map[string]int // label text -> index in labels
	labels   []string       // distinct labels, in order of first appearance
	attrs    []csvAttribute // the attribute columns, in the order asked for
	attrOf   map[int]int    // column index -> index in attrs
}

// csvAttribute collects one attribute column's values while reading.
type csvAttribute struct {
	col    int            // column index
	idx    map[string]int // value text -> index in values
	values []string       // distinct values, in order of first appearance
	of     []int          // per row, the index of its value
}

// read returns the next record that has a non-blank cell, and io.EOF at the
// end. Any other error is returned as a *CSVError where it is about the
// file.
func (p *csvParser) read() ([]string, error) {
	for {
		rec, err := p.cr.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, p.readError(err)
		}
		if slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			return rec, nil
		}
	}
}

func (p *csvParser) readError(err error) error {
	if p.g.over {
		return p.g.error()
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.Line
		if errors.Is(pe.Err, csv.ErrQuote) {
			// An unclosed quote is found only at the end of the file: the
			// line where its row starts is the one to look at.
			line = pe.StartLine
		}
		return &CSVError{Code: CSVSyntax, Line: line, cause: pe.Err}
	}
	return fmt.Errorf("datasets: reading CSV: %w", err)
}

func (p *csvParser) header() error {
	rec, err := p.read()
	if err == io.EOF {
		return &CSVError{Code: CSVEmpty}
	}
	if err != nil {
		return err
	}
	line, _ := p.cr.FieldPos(0)
	for j, s := range rec {
		if !utf8.ValidString(s) {
			return &CSVError{Code: CSVNotUTF8, Line: line, Index: j + 1, Value: clip(s)}
		}
	}
	if len(rec) > p.opt.MaxColumns {
		return &CSVError{Code: CSVTooManyColumns, Line: line, Limit: int64(p.opt.MaxColumns)}
	}
	if len(rec) < 2 {
		return &CSVError{Code: CSVBadHeader, Line: line, Value: clip(rec[0])}
	}
	p.names = make([]string, len(rec))
	seen := make(map[string]bool, len(rec))
	for j, s := range rec {
		name := strings.TrimSpace(s)
		if name == "" {
			return &CSVError{Code: CSVBadHeader, Line: line, Index: j + 1}
		}
		if seen[name] {
			return &CSVError{Code: CSVDuplicateColumn, Line: line, Column: clip(name), Index: j + 1}
		}
		seen[name] = true
		p.names[j] = name
	}
	p.label = len(p.names) - 1
	if want := strings.TrimSpace(p.opt.Label); want != "" {
		p.label = slices.Index(p.names, want)
		if p.label < 0 {
			return &CSVError{Code: CSVNoLabelColumn, Line: line, Column: clip(want)}
		}
	}
	p.attrOf = make(map[int]int)
	for _, want := range p.opt.Attributes {
		want = strings.TrimSpace(want)
		if want == "" {
			continue
		}
		j := slices.Index(p.names, want)
		switch {
		case j < 0:
			return &CSVError{Code: CSVNoAttributeColumn, Line: line, Column: clip(want)}
		case j == p.label:
			return &CSVError{Code: CSVAttributeIsLabel, Line: line, Column: clip(want), Index: j + 1}
		}
		if _, dup := p.attrOf[j]; dup {
			continue
		}
		p.attrOf[j] = len(p.attrs)
		p.attrs = append(p.attrs, csvAttribute{col: j, idx: make(map[string]int)})
	}
	if len(p.names)-1-len(p.attrs) < 1 {
		return &CSVError{Code: CSVNoFeatures, Line: line}
	}
	return nil
}

func (p *csvParser) rows() error {
	p.labelIdx = make(map[string]int)
	ncol := len(p.names)
	for {
		rec, err := p.read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		line, _ := p.cr.FieldPos(0)
		if len(p.x) == p.opt.MaxRows {
			return &CSVError{Code: CSVTooManyRows, Line: line, Limit: int64(p.opt.MaxRows)}
		}
		if len(rec) != ncol {
			e := &CSVError{Code: CSVRagged, Line: line, Value: strconv.Itoa(len(rec)), Limit: int64(ncol), Index: len(rec) + 1}
			if len(rec) < ncol {
				e.Column = clip(p.names[len(rec)])
			} else {
				e.Index = ncol + 1
			}
			return e
		}
		row := make([]float64, 0, ncol-1-len(p.attrs))
		for j, cell := range rec {
			cellLine, _ := p.cr.FieldPos(j)
			if !utf8.ValidString(cell) {
				return &CSVError{Code: CSVNotUTF8, Line: cellLine, Column: clip(p.names[j]), Index: j + 1, Value: clip(cell)}
			}
			s := strings.TrimSpace(cell)
			if s == "" {
				return &CSVError{Code: CSVEmptyCell, Line: cellLine, Column: clip(p.names[j]), Index: j + 1}
			}
			if j == p.label {
				id, ok := p.labelIdx[s]
				if !ok {
					id = len(p.labels)
					p.labelIdx[s] = id
					p.labels = append(p.labels, s)
				}
				p.labelIDs = append(p.labelIDs, id)
				continue
			}
			if k, ok := p.attrOf[j]; ok {
				a := &p.attrs[k]
				id, ok := a.idx[s]
				if !ok {
					if len(a.values) == MaxAttributeValues {
						return &CSVError{Code: CSVTooManyValues, Line: cellLine, Column: clip(p.names[j]), Index: j + 1, Value: clip(s), Limit: MaxAttributeValues}
					}
					id = len(a.values)
					a.idx[s] = id
					a.values = append(a.values, s)
				}
				a.of = append(a.of, id)
				continue
			}
			v, code := parseNumber(s, p.sep)
			if code != "" {
				return &CSVError{Code: code, Line: cellLine, Column: clip(p.names[j]), Index: j + 1, Value: clip(s)}
			}
			row = append(row, v)
		}
		p.x = append(p.x, row)
	}
}

// table sorts the classes and builds the table.
func (p *csvParser) table() (*Table, error) {
	labelName := clip(p.names[p.label])
	if len(p.x) == 0 {
		return nil, &CSVError{Code: CSVNoRows}
	}
	if len(p.labels) < 2 {
		return nil, &CSVError{Code: CSVOneClass, Column: labelName, Value: clip(p.labels[0])}
	}
	type class struct {
		name string
		num  float64
		id   int // index in p.labels
	}
	cs := make([]class, len(p.labels))
	numeric := true
	for i, s := range p.labels {
		v, code := parseNumber(s, p.sep)
		numeric = numeric && code == ""
		cs[i] = class{name: s, num: v, id: i}
	}
	slices.SortFunc(cs, func(a, b class) int {
		if numeric {
			if c := cmp.Compare(a.num, b.num); c != 0 {
				return c
			}
		}
		return strings.Compare(a.name, b.name)
	})
	classes := make([]string, len(cs))
	newID := make([]int, len(cs))
	for k, c := range cs {
		classes[k] = c.name
		newID[c.id] = k
	}
	y := make([]int, len(p.labelIDs))
	for i, id := range p.labelIDs {
		y[i] = newID[id]
	}
	features := make([]string, 0, len(p.names)-1-len(p.attrs))
	for j, name := range p.names {
		if _, attr := p.attrOf[j]; j != p.label && !attr {
			features = append(features, name)
		}
	}
	var attrs []Attribute
	for _, a := range p.attrs {
		name := p.names[a.col]
		attrs = append(attrs, Attribute{
			Name:   name,
			Title:  i18n.Text{KK: name, RU: name, EN: name},
			Values: a.values,
			Of:     a.of,
		})
	}
	t := &Table{
		Name:       p.opt.Name,
		Features:   features,
		Classes:    classes,
		X:          p.x,
		Y:          y,
		Card:       uploadedCard(),
		Attributes: attrs,
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: reading CSV: %w", err)
	}
	return t, nil
}

// parseNumber reads a decimal number: an optional sign, digits with an
// optional decimal point, and an optional exponent ("1.5", "-2", ".5",
// "1e3"). When sep is ';' a single decimal comma stands for the point. It
// returns the number, or the code CSVNotNumber or CSVNotFinite.
func parseNumber(s string, sep rune) (float64, string) {
	if sep == ';' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if !decimal(s) {
		switch strings.ToLower(strings.TrimLeft(s, "+-")) {
		case "nan", "inf", "infinity":
			return 0, CSVNotFinite
		}
		return 0, CSVNotNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, CSVNotFinite
	}
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, CSVNotNumber
	}
	// ErrRange with a finite result is an underflow to zero or a
	// subnormal: the nearest float64, which is what we want.
	return v, ""
}

// decimal reports whether s is [+-]digits[.digits][(e|E)[+-]digits], with
// digits on at least one side of the point. Unlike strconv.ParseFloat it
// refuses hexadecimal, underscores, "Inf" and "NaN".
func decimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// uploadedCard describes a table read from a user's CSV file.
func uploadedCard() Card {
	return Card{
		Title: i18n.Text{KK: "Жүктелген кесте", RU: "Загруженная таблица", EN: "Uploaded table"},
		Source: i18n.Text{
			KK: "Мұғалім немесе оқушы жүктеген CSV файл. Бағдарлама тек оның пішімін тексерді: тақырып жолы, белгі бағандарындағы сандар және кемінде екі класы бар класс бағаны. Мәндердің қайдан алынғанын және олардың дұрыс екенін бағдарлама білмейді.",
			RU: "CSV-файл, который загрузил учитель или ученик. Программа проверила только его формат: строку заголовка, числа в столбцах признаков и столбец классов хотя бы с двумя классами. Откуда взялись значения и верны ли они, программа не знает.",
			EN: "A CSV file provided by a teacher or a student. The program checked only its format: a header row, numbers in the feature columns and a class column with at least two classes. It does not know where the values came from or whether they are correct.",
		},
		Purpose: i18n.Text{
			KK: "Өз деректеріңізбен жаттығу: өзіңіз өлшеген немесе жинаған кестені жүктеп, оған модельдерді үйретіп, олардың не үйренгенін салыстыру.",
			RU: "Потренироваться на своих данных: загрузить таблицу, которую вы сами измерили или собрали, обучить на ней модели и сравнить, чему они научились.",
			EN: "To practise on your own data: load a table you measured or collected yourself, train models on it and compare what they learn.",
		},
		NotFor: i18n.Text{
			KK: "Нақты адамдар туралы деректерге олардың келісімінсіз, сондай-ақ адамды тануға болатын жеке мәліметтерге (аты-жөні, мекенжайы, бағалары, денсаулығы) арналмаған. Нақты адамдар туралы шешім қабылдауға арналмаған. Модель деректері қандай болса, сондай болады: шағын немесе біржақты кесте оған қате ережелерді үйретеді.",
			RU: "Не для данных о реальных людях без их согласия и не для личных сведений (имена, адреса, оценки, здоровье), по которым можно узнать человека. Не для принятия решений о реальных людях. Модель хороша настолько, насколько хороши её данные: маленькая или однобокая таблица научит её неверным правилам.",
			EN: "Not for data about real people without their consent, nor for personal details (names, addresses, marks, health) that could identify someone. Not for making decisions about real people. A model is only as good as its data: a small or one-sided table teaches it wrong rules.",
		},
	}
}
