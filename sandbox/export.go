package sandbox

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// csvHeader names the columns ExportCSV writes, in order. They are stable
// identifiers for spreadsheets and scripts, so they are not translated.
var csvHeader = []string{
	"class", "nickname", "removed", "kind",
	"activity", "step", "checkpoint", "answer", "correct", "answered_at",
	"run_id", "dataset", "model", "test_accuracy", "status", "started", "ended",
}

// Column indexes in csvHeader.
const (
	colClass = iota
	colNickname
	colRemoved
	colKind
	colActivity
	colStep
	colCheckpoint
	colAnswer
	colCorrect
	colAnsweredAt
	colRunID
	colDataset
	colModel
	colTestAccuracy
	colStatus
	colStarted
	colEnded
	numCols
)

// utf8BOM starts the file so that spreadsheet programs read Kazakh and
// Russian nicknames as UTF-8 rather than in the system's legacy code page.
const utf8BOM = "\ufeff"

// ExportCSV writes a class's results as CSV for the teacher: a header row
// (the column names in csvHeader), then for each student in the order given
// one row per answer ("kind" answer) and one row per run ("kind" run), in
// the order given; a student with neither gets one row of kind "student".
// Students are shown by nickname only: no IDs and no token hashes leave the
// server this way.
//
// An answer's cell is its JSON, except that a JSON string is shown as the
// string itself. A run's dataset and model are read from its Spec (the JSON
// of a TrainSpec: Dataset.name and Model.Name), its test accuracy from its
// Result (a JSON object with a "test_accuracy" or "TestAccuracy" number,
// 0..1); a cell is empty when the value is missing. Times are RFC 3339 in
// UTC, empty when zero.
//
// Cells that a spreadsheet would run as a formula (starting with =, +, -,
// @, a tab or a carriage return) get a leading apostrophe. Answers and runs
// of another class, or of a student not in students, are an error: nothing
// is written then.
func ExportCSV(w io.Writer, c ClassRecord, students []StudentRecord, answers []AnswerRecord, runs []RunRecord) error {
	type rowsOf struct {
		answers []AnswerRecord
		runs    []RunRecord
	}
	byStudent := make(map[string]*rowsOf, len(students))
	for _, s := range students {
		if s.ClassID != c.ID {
			return fmt.Errorf("sandbox: export class %q: student %q is of class %q", c.ID, s.ID, s.ClassID)
		}
		byStudent[s.ID] = &rowsOf{}
	}
	for _, a := range answers {
		r, ok := byStudent[a.StudentID]
		if a.ClassID != c.ID || !ok {
			return fmt.Errorf("sandbox: export class %q: an answer of student %q of class %q is not of a student given", c.ID, a.StudentID, a.ClassID)
		}
		r.answers = append(r.answers, a)
	}
	for _, rn := range runs {
		r, ok := byStudent[rn.StudentID]
		if rn.ClassID != c.ID || !ok {
			return fmt.Errorf("sandbox: export class %q: run %q of student %q of class %q is not of a student given", c.ID, rn.RunID, rn.StudentID, rn.ClassID)
		}
		r.runs = append(r.runs, rn)
	}

	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(utf8BOM); err != nil {
		return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
	}
	cw := csv.NewWriter(bw)
	write := func(row []string) error {
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		return cw.Write(row)
	}
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
	}
	for _, s := range students {
		base := func(kind string) []string {
			row := make([]string, numCols)
			row[colClass] = c.Title
			row[colNickname] = s.Nickname
			row[colRemoved] = strconv.FormatBool(s.Removed)
			row[colKind] = kind
			return row
		}
		rs := byStudent[s.ID]
		if len(rs.answers) == 0 && len(rs.runs) == 0 {
			if err := write(base("student")); err != nil {
				return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
			}
			continue
		}
		for _, a := range rs.answers {
			row := base("answer")
			row[colActivity] = a.Activity
			row[colStep] = strconv.Itoa(a.Step)
			row[colCheckpoint] = a.Checkpoint
			row[colAnswer] = answerText(a.Answer)
			if a.Correct != nil {
				row[colCorrect] = strconv.FormatBool(*a.Correct)
			}
			row[colAnsweredAt] = csvTime(a.At)
			if err := write(row); err != nil {
				return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
			}
		}
		for _, r := range rs.runs {
			row := base("run")
			row[colRunID] = r.RunID
			row[colDataset], row[colModel] = specNames(r.Spec)
			row[colTestAccuracy] = testAccuracy(r.Result)
			row[colStatus] = r.Status
			row[colStarted] = csvTime(r.Started)
			row[colEnded] = csvTime(r.Ended)
			if err := write(row); err != nil {
				return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sandbox: export class %q: %w", c.ID, err)
	}
	return nil
}

// csvSafe keeps a spreadsheet from running a cell as a formula: a cell
// starting with one of = + - @ tab or carriage return (the characters
// spreadsheet programs take as the start of a formula) gets a leading
// apostrophe, which they show as text.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvTime formats t as RFC 3339 in UTC; a zero time is an empty cell.
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// answerText shows an answer's JSON: a JSON string as the string itself,
// anything else as it is.
func answerText(b []byte) string {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		return s
	}
	return string(b)
}

// specNames reads the dataset's and the model's names from the JSON of a
// TrainSpec; a name it cannot read is empty.
func specNames(spec []byte) (dataset, model string) {
	var s struct {
		Dataset struct{ Name string } // JSON field names match case-insensitively
		Model   struct{ Name string }
	}
	if json.Unmarshal(spec, &s) != nil {
		return "", ""
	}
	return s.Dataset.Name, s.Model.Name
}

// testAccuracy reads the test accuracy from the JSON of a run's result; it
// is empty when the result has none.
func testAccuracy(result []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(result, &m) != nil {
		return ""
	}
	for _, key := range []string{"test_accuracy", "TestAccuracy"} {
		var v float64
		if raw, ok := m[key]; ok && json.Unmarshal(raw, &v) == nil {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}
