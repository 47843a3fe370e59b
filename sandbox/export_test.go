package sandbox

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

// exportFixture is a small class: a student with two answers and two runs
// (one done, one still running), a removed student whose nickname is a
// formula, and a student who did nothing yet.
func exportFixture() (ClassRecord, []StudentRecord, []AnswerRecord, []RunRecord) {
	almaty := time.FixedZone("Asia/Almaty", 5*60*60)
	t0 := time.Date(2025, 9, 1, 9, 0, 0, 500_000_000, almaty) // 04:00:00.5 UTC: the export drops the fraction
	yes, no := true, false
	c := ClassRecord{ID: "c0ffee0123456789", Code: "K7QX2M", Title: "9Б, нейрондық желі", Created: t0}
	students := []StudentRecord{
		{ID: "stu-id-aigerim", ClassID: c.ID, Nickname: "Айгерім", TokenHash: bytes.Repeat([]byte{0xa1}, 32), Joined: t0},
		{ID: "stu-id-formula", ClassID: c.ID, Nickname: "=HYPERLINK(\"http://x\")", TokenHash: bytes.Repeat([]byte{0xb2}, 32), Joined: t0, Removed: true},
		{ID: "stu-id-quiet", ClassID: c.ID, Nickname: "Dima, \"the quiet\"", Joined: t0},
	}
	answers := []AnswerRecord{
		{ClassID: c.ID, StudentID: "stu-id-aigerim", Activity: "moons", Step: 1, Checkpoint: "overfit", Answer: []byte(`"train"`), Correct: &yes, At: t0.Add(5 * time.Minute)},
		{ClassID: c.ID, StudentID: "stu-id-formula", Activity: "moons", Step: 2, Checkpoint: "why", Answer: []byte(`"+1 seed"`), At: t0.Add(6 * time.Minute)},
		{ClassID: c.ID, StudentID: "stu-id-aigerim", Activity: "moons", Step: 2, Checkpoint: "guess", Answer: []byte(`{"x":-1}`), Correct: &no, At: t0.Add(7 * time.Minute)},
	}
	runs := []RunRecord{
		{ClassID: c.ID, StudentID: "stu-id-aigerim", RunID: "r1", Spec: []byte(`{"Dataset":{"name":"moons","n":200},"Model":{"Name":"mlp","Settings":{"hidden":"8"}},"TestSplit":0.25}`),
			Result: []byte(`{"loss":0.21,"test_accuracy":0.9375}`), Status: "done", Started: t0.Add(time.Minute), Ended: t0.Add(2 * time.Minute), Model: []byte{1, 2, 3}},
		{ClassID: c.ID, StudentID: "stu-id-aigerim", RunID: "-r2", Spec: []byte(`{"Dataset":{"name":"xor"},"Model":{"Name":"knn"}}`),
			Status: "running", Started: t0.Add(3 * time.Minute)},
	}
	return c, students, answers, runs
}

// exportGolden is what ExportCSV writes for exportFixture, after the UTF-8
// byte order mark. Written by hand from the fixture: 09:00 in Almaty is
// 04:00 UTC.
const exportGolden = `class,nickname,removed,kind,activity,step,checkpoint,answer,correct,answered_at,run_id,dataset,model,test_accuracy,status,started,ended
"9Б, нейрондық желі",Айгерім,false,answer,moons,1,overfit,train,true,2025-09-01T04:05:00Z,,,,,,,
"9Б, нейрондық желі",Айгерім,false,answer,moons,2,guess,"{""x"":-1}",false,2025-09-01T04:07:00Z,,,,,,,
"9Б, нейрондық желі",Айгерім,false,run,,,,,,,r1,moons,mlp,0.9375,done,2025-09-01T04:01:00Z,2025-09-01T04:02:00Z
"9Б, нейрондық желі",Айгерім,false,run,,,,,,,'-r2,xor,knn,,running,2025-09-01T04:03:00Z,
"9Б, нейрондық желі","'=HYPERLINK(""http://x"")",true,answer,moons,2,why,'+1 seed,,2025-09-01T04:06:00Z,,,,,,,
"9Б, нейрондық желі","Dima, ""the quiet""",false,student,,,,,,,,,,,,,
`

func TestExportCSVGolden(t *testing.T) {
	c, students, answers, runs := exportFixture()
	var buf bytes.Buffer
	if err := ExportCSV(&buf, c, students, answers, runs); err != nil {
		t.Fatalf("ExportCSV: %v", err)
	}
	out := buf.String()
	body, ok := strings.CutPrefix(out, "\ufeff")
	if !ok {
		t.Fatalf("the export does not start with a UTF-8 byte order mark: %q", out[:min(len(out), 10)])
	}
	if body != exportGolden {
		t.Errorf("export differs from the golden CSV.\ngot:\n%s\nwant:\n%s", body, exportGolden)
	}
	// Neither IDs nor token hashes leave the server.
	for _, s := range students {
		if strings.Contains(out, s.ID) {
			t.Errorf("the export contains the student ID %q", s.ID)
		}
		if len(s.TokenHash) > 0 && (strings.Contains(out, hex.EncodeToString(s.TokenHash)) || strings.Contains(out, string(s.TokenHash))) {
			t.Errorf("the export contains the token hash of %q", s.Nickname)
		}
	}
	if strings.Contains(out, c.ID) {
		t.Errorf("the export contains the class ID")
	}
	// It reads back as CSV with a full row each time.
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("reading the export back: %v", err)
	}
	if len(rows) != 7 || rows[0][colNickname] != "nickname" || rows[5][colNickname] != "'=HYPERLINK(\"http://x\")" {
		t.Errorf("read back %d rows, want 7 with the formula quoted: %q", len(rows), rows)
	}
}

func TestExportCSVEmptyClass(t *testing.T) {
	var buf bytes.Buffer
	if err := ExportCSV(&buf, ClassRecord{ID: "c", Title: "@x"}, nil, nil, nil); err != nil {
		t.Fatalf("ExportCSV: %v", err)
	}
	if want := "\ufeff" + strings.Join(csvHeader, ",") + "\n"; buf.String() != want {
		t.Errorf("empty class: got %q, want %q", buf.String(), want)
	}
}

func TestExportCSVRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(s []StudentRecord, a []AnswerRecord, r []RunRecord)
	}{
		{"student of another class", func(s []StudentRecord, a []AnswerRecord, r []RunRecord) { s[2].ClassID = "other" }},
		{"answer of another class", func(s []StudentRecord, a []AnswerRecord, r []RunRecord) { a[0].ClassID = "other" }},
		{"answer of an unknown student", func(s []StudentRecord, a []AnswerRecord, r []RunRecord) { a[1].StudentID = "nobody" }},
		{"run of another class", func(s []StudentRecord, a []AnswerRecord, r []RunRecord) { r[0].ClassID = "other" }},
		{"run of an unknown student", func(s []StudentRecord, a []AnswerRecord, r []RunRecord) { r[1].StudentID = "nobody" }},
	}
	for _, tc := range tests {
		c, s, a, r := exportFixture()
		tc.change(s, a, r)
		var buf bytes.Buffer
		if err := ExportCSV(&buf, c, s, a, r); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before refusing", tc.name, buf.Len())
		}
	}
}

// failWriter fails every write, as a closed connection does.
type failWriter struct{}

var errWrite = errors.New("connection closed")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestExportCSVWriteError(t *testing.T) {
	c, s, a, r := exportFixture()
	if err := ExportCSV(failWriter{}, c, s, a, r); !errors.Is(err, errWrite) {
		t.Errorf("ExportCSV to a failing writer: %v, want it to wrap the write error", err)
	}
}

func TestExportCSVSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Айгерім", "Айгерім"},
		{"=1+2", "'=1+2"},
		{"+7 701", "'+7 701"},
		{"-3", "'-3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"'already", "'already"},
	}
	for _, tc := range tests {
		if got := csvSafe(tc.in); got != tc.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExportReaders(t *testing.T) {
	tests := []struct {
		name, spec, result       string
		dataset, model, accuracy string
	}{
		{"both", `{"Dataset":{"name":"moons"},"Model":{"Name":"mlp"}}`, `{"test_accuracy":0.5}`, "moons", "mlp", "0.5"},
		{"Go field names", `{"Dataset":{"Name":"xor"},"Model":{"Name":"tree"}}`, `{"TestAccuracy":1}`, "xor", "tree", "1"},
		{"regression: no accuracy", `{"Dataset":{"name":"sine"},"Model":{"Name":"poly"}}`, `{"test_mse":0.01}`, "sine", "poly", ""},
		{"not JSON", `nope`, `nope`, "", "", ""},
		{"nil", ``, ``, "", "", ""},
		{"accuracy not a number", `{}`, `{"test_accuracy":"high"}`, "", "", ""},
	}
	for _, tc := range tests {
		d, m := specNames([]byte(tc.spec))
		if a := testAccuracy([]byte(tc.result)); d != tc.dataset || m != tc.model || a != tc.accuracy {
			t.Errorf("%s: got %q %q %q, want %q %q %q", tc.name, d, m, a, tc.dataset, tc.model, tc.accuracy)
		}
	}
}
