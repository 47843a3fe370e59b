// Package storetest checks that a sandbox.Store keeps the contract written
// at the top of sandbox/store.go. Every Store implementation runs it from its
// own tests:
//
//	storetest.Run(t, func(t *testing.T) sandbox.Store { return sandbox.NewMemoryStore() })
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
)

// Run runs the contract tests, each as a subtest on a fresh, empty store from
// open. open should register the store's clean-up with t.Cleanup; Run may
// close the store itself, so Close must tolerate being called twice.
func Run(t *testing.T, open func(t *testing.T) sandbox.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s sandbox.Store)
	}{
		{"Empty", testEmpty},
		{"ClassRoundTrip", testClassRoundTrip},
		{"ReplaceClassKeepsContents", testReplaceClassKeepsContents},
		{"StudentRoundTrip", testStudentRoundTrip},
		{"AnswerReplacedPerCheckpoint", testAnswers},
		{"RunReplacedByKey", testRuns},
		{"Order", testOrder},
		{"Refusals", testRefusals},
		{"NoAliasing", testNoAliasing},
		{"DeleteClassCascades", testDelete},
		{"CancelledContext", testCancelled},
		{"Closed", testClosed},
		{"Concurrent", testConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// The fixed times of the tests: a lesson in Almaty (UTC+5) with nanoseconds,
// so that a store losing the zone, the precision or the order shows up.
var (
	almaty = time.FixedZone("Asia/Almaty", 5*60*60)
	t0     = time.Date(2025, 9, 1, 9, 0, 0, 123456789, almaty)
)

// at is t0 plus n seconds.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }

// withMono gives t with a monotonic clock reading, as time.Now has: a store
// must drop it.
func withMono(t time.Time) time.Time {
	now := time.Now()
	return now.Add(t.Sub(now))
}

func boolp(b bool) *bool { return &b }

func class(id string, created time.Time) sandbox.ClassRecord {
	return sandbox.ClassRecord{
		ID: id, Code: "K7QX2M", Title: "9 «Б» сынып — нейрондық желілер",
		SecretHash: bytes.Repeat([]byte{0xab}, 32), Created: created,
		KeepDays: 7, MaxStudents: 40, State: []byte(`{"activity":"moons","step":2}`),
	}
}

func student(classID, id, nick string, joined time.Time) sandbox.StudentRecord {
	return sandbox.StudentRecord{
		ID: id, ClassID: classID, Nickname: nick, TokenHash: bytes.Repeat([]byte{0x5c}, 32),
		Joined: joined, State: []byte(`{"activity":"moons","step":1}`),
	}
}

func answer(classID, studentID, checkpoint string, step int, when time.Time, correct *bool) sandbox.AnswerRecord {
	return sandbox.AnswerRecord{
		ClassID: classID, StudentID: studentID, Activity: "moons", Step: step,
		Checkpoint: checkpoint, Answer: []byte(`{"choice":"b"}`), Correct: correct, At: when,
	}
}

func run(classID, studentID, runID string, started time.Time) sandbox.RunRecord {
	return sandbox.RunRecord{
		ClassID: classID, StudentID: studentID, RunID: runID,
		Spec:   []byte(`{"dataset":"moons","model":"mlp","seed":7}`),
		Status: "running", Started: started,
	}
}

// put stores records of any kind and fails the test on an error.
func put(t *testing.T, s sandbox.Store, recs ...any) {
	t.Helper()
	ctx := context.Background()
	for _, r := range recs {
		var err error
		switch r := r.(type) {
		case sandbox.ClassRecord:
			err = s.PutClass(ctx, r)
		case sandbox.StudentRecord:
			err = s.PutStudent(ctx, r)
		case sandbox.AnswerRecord:
			err = s.PutAnswer(ctx, r)
		case sandbox.RunRecord:
			err = s.PutRun(ctx, r)
		default:
			t.Fatalf("put: unknown record %T", r)
		}
		if err != nil {
			t.Fatalf("put %T: %v", r, err)
		}
	}
}

func classes(t *testing.T, s sandbox.Store) []sandbox.ClassRecord {
	t.Helper()
	cs, err := s.Classes(context.Background())
	if err != nil {
		t.Fatalf("Classes: %v", err)
	}
	return cs
}

func students(t *testing.T, s sandbox.Store, classID string) []sandbox.StudentRecord {
	t.Helper()
	ss, err := s.Students(context.Background(), classID)
	if err != nil {
		t.Fatalf("Students(%q): %v", classID, err)
	}
	return ss
}

func answers(t *testing.T, s sandbox.Store, classID string) []sandbox.AnswerRecord {
	t.Helper()
	as, err := s.Answers(context.Background(), classID)
	if err != nil {
		t.Fatalf("Answers(%q): %v", classID, err)
	}
	return as
}

func runs(t *testing.T, s sandbox.Store, classID string) []sandbox.RunRecord {
	t.Helper()
	rs, err := s.Runs(context.Background(), classID)
	if err != nil {
		t.Fatalf("Runs(%q): %v", classID, err)
	}
	return rs
}

// sameTime reports whether a stored time came back as the contract says:
// the same instant, in UTC, without a monotonic reading; zero stays zero.
func sameTime(got, want time.Time) bool {
	if want.IsZero() {
		return got.IsZero() && got == time.Time{}
	}
	return got.Equal(want) && got.Location() == time.UTC && got == got.Round(0)
}

// DiffClass describes how got differs from want, or returns "".
func DiffClass(got, want sandbox.ClassRecord) string {
	switch {
	case got.ID != want.ID || got.Code != want.Code || got.Title != want.Title ||
		got.KeepDays != want.KeepDays || got.MaxStudents != want.MaxStudents:
		return fmt.Sprintf("fields: got %+v, want %+v", got, want)
	case !bytes.Equal(got.SecretHash, want.SecretHash) || !bytes.Equal(got.State, want.State):
		return fmt.Sprintf("bytes: got %x %q, want %x %q", got.SecretHash, got.State, want.SecretHash, want.State)
	case !sameTime(got.Created, want.Created) || !sameTime(got.Ended, want.Ended):
		return fmt.Sprintf("times: got %v %v, want %v %v", got.Created, got.Ended, want.Created, want.Ended)
	}
	return nilBytes(got.SecretHash, got.State)
}

// DiffStudent describes how got differs from want, or returns "".
func DiffStudent(got, want sandbox.StudentRecord) string {
	switch {
	case got.ID != want.ID || got.ClassID != want.ClassID || got.Nickname != want.Nickname || got.Removed != want.Removed:
		return fmt.Sprintf("fields: got %+v, want %+v", got, want)
	case !bytes.Equal(got.TokenHash, want.TokenHash) || !bytes.Equal(got.State, want.State):
		return fmt.Sprintf("bytes: got %x %q, want %x %q", got.TokenHash, got.State, want.TokenHash, want.State)
	case !sameTime(got.Joined, want.Joined):
		return fmt.Sprintf("joined: got %v, want %v", got.Joined, want.Joined)
	}
	return nilBytes(got.TokenHash, got.State)
}

// DiffAnswer describes how got differs from want, or returns "".
func DiffAnswer(got, want sandbox.AnswerRecord) string {
	switch {
	case got.ClassID != want.ClassID || got.StudentID != want.StudentID || got.Activity != want.Activity ||
		got.Step != want.Step || got.Checkpoint != want.Checkpoint:
		return fmt.Sprintf("fields: got %+v, want %+v", got, want)
	case !bytes.Equal(got.Answer, want.Answer):
		return fmt.Sprintf("answer: got %q, want %q", got.Answer, want.Answer)
	case (got.Correct == nil) != (want.Correct == nil) || got.Correct != nil && *got.Correct != *want.Correct:
		return fmt.Sprintf("correct: got %v, want %v", fmtBool(got.Correct), fmtBool(want.Correct))
	case !sameTime(got.At, want.At):
		return fmt.Sprintf("at: got %v, want %v", got.At, want.At)
	}
	return nilBytes(got.Answer)
}

// DiffRun describes how got differs from want, or returns "".
func DiffRun(got, want sandbox.RunRecord) string {
	switch {
	case got.ClassID != want.ClassID || got.StudentID != want.StudentID || got.RunID != want.RunID || got.Status != want.Status:
		return fmt.Sprintf("fields: got %s/%s/%s %q, want %s/%s/%s %q", got.ClassID, got.StudentID, got.RunID, got.Status,
			want.ClassID, want.StudentID, want.RunID, want.Status)
	case !bytes.Equal(got.Spec, want.Spec) || !bytes.Equal(got.Result, want.Result) || !bytes.Equal(got.Model, want.Model):
		return fmt.Sprintf("bytes: got spec %q result %q model %d bytes, want %q %q %d bytes",
			got.Spec, got.Result, len(got.Model), want.Spec, want.Result, len(want.Model))
	case !sameTime(got.Started, want.Started) || !sameTime(got.Ended, want.Ended):
		return fmt.Sprintf("times: got %v %v, want %v %v", got.Started, got.Ended, want.Started, want.Ended)
	}
	return nilBytes(got.Spec, got.Result, got.Model)
}

// nilBytes checks that empty byte slices come back nil.
func nilBytes(bs ...[]byte) string {
	for i, b := range bs {
		if b != nil && len(b) == 0 {
			return fmt.Sprintf("byte field %d is empty but not nil", i)
		}
	}
	return ""
}

func fmtBool(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

func testEmpty(t *testing.T, s sandbox.Store) {
	if cs := classes(t, s); len(cs) != 0 {
		t.Errorf("Classes of an empty store = %d records, want 0", len(cs))
	}
	if n := len(students(t, s, "nope")) + len(answers(t, s, "nope")) + len(runs(t, s, "nope")); n != 0 {
		t.Errorf("an unknown class has %d records, want 0", n)
	}
}

func testClassRoundTrip(t *testing.T, s sandbox.Store) {
	tests := []struct {
		name string
		rec  sandbox.ClassRecord
	}{
		{"open, monotonic clock", func() sandbox.ClassRecord { c := class("c1", withMono(at(0))); return c }()},
		{"ended", func() sandbox.ClassRecord { c := class("c2", at(1)); c.Ended = at(3600); c.KeepDays = 0; return c }()},
		{"empty bytes, zero times", sandbox.ClassRecord{ID: "c3", SecretHash: []byte{}, State: nil}},
		{"NUL and Unicode", func() sandbox.ClassRecord {
			c := class("c4", at(2))
			c.Title = "Сабақ\x00 «ЖИ» 🤖"
			c.State = []byte{0, 1, 2, 0xff}
			return c
		}()},
	}
	for _, tc := range tests {
		put(t, s, tc.rec)
	}
	got := classes(t, s)
	if len(got) != len(tests) {
		t.Fatalf("Classes = %d records, want %d", len(got), len(tests))
	}
	byID := map[string]sandbox.ClassRecord{}
	for _, c := range got {
		byID[c.ID] = c
	}
	for _, tc := range tests {
		if d := DiffClass(byID[tc.rec.ID], tc.rec); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
}

func testReplaceClassKeepsContents(t *testing.T, s sandbox.Store) {
	c := class("c1", at(0))
	put(t, s, c, student("c1", "s1", "Айгерім", at(1)), answer("c1", "s1", "q1", 0, at(2), nil), run("c1", "s1", "r1", at(3)))
	c.Ended = at(100)
	c.Title = "ended"
	c.State = nil
	put(t, s, c)
	got := classes(t, s)
	if len(got) != 1 {
		t.Fatalf("after replacing, Classes = %d records, want 1", len(got))
	}
	if d := DiffClass(got[0], c); d != "" {
		t.Errorf("replaced class: %s", d)
	}
	if n := len(students(t, s, "c1")); n != 1 {
		t.Errorf("after replacing the class, %d students, want 1", n)
	}
	if n := len(answers(t, s, "c1")); n != 1 {
		t.Errorf("after replacing the class, %d answers, want 1", n)
	}
	if n := len(runs(t, s, "c1")); n != 1 {
		t.Errorf("after replacing the class, %d runs, want 1", n)
	}
	// Replacing a student keeps their answers and runs too.
	st := student("c1", "s1", "Айгерім", at(1))
	st.Removed = true
	put(t, s, st)
	if n := len(answers(t, s, "c1")) + len(runs(t, s, "c1")); n != 2 {
		t.Errorf("after replacing the student, %d answers and runs, want 2", n)
	}
}

func testStudentRoundTrip(t *testing.T, s sandbox.Store) {
	put(t, s, class("c1", at(0)), class("c2", at(0)))
	removed := student("c1", "s2", "Дмитрий", withMono(at(2)))
	removed.Removed = true
	want := []sandbox.StudentRecord{
		student("c1", "s1", "Айгерім", at(1)),
		removed,
		{ID: "s3", ClassID: "c1", Nickname: "x", Joined: at(3)},
	}
	put(t, s, want[0], want[1], want[2])
	// The same student ID in another class is another student.
	other := student("c2", "s1", "Ernar", at(1))
	put(t, s, other)
	got := students(t, s, "c1")
	if len(got) != len(want) {
		t.Fatalf("Students = %d, want %d", len(got), len(want))
	}
	for i := range want {
		if d := DiffStudent(got[i], want[i]); d != "" {
			t.Errorf("student %d: %s", i, d)
		}
	}
	// Replace: the nickname and state change, nothing is added.
	want[0].State = []byte(`{"step":3}`)
	want[0].Nickname = "Әлия"
	put(t, s, want[0])
	got = students(t, s, "c1")
	if len(got) != 3 || DiffStudent(got[0], want[0]) != "" {
		t.Errorf("after replacing: %+v", got)
	}
	if got := students(t, s, "c2"); len(got) != 1 || DiffStudent(got[0], other) != "" {
		t.Errorf("class c2 students: %+v, want only %+v", got, other)
	}
}

func testAnswers(t *testing.T, s sandbox.Store) {
	put(t, s, class("c1", at(0)), student("c1", "s1", "a", at(0)), student("c1", "s2", "b", at(0)))
	first := answer("c1", "s1", "q1", 0, at(10), boolp(false))
	second := answer("c1", "s1", "q1", 0, withMono(at(20)), boolp(true)) // same checkpoint: replaces first
	second.Answer = []byte(`{"choice":"c"}`)
	otherStep := answer("c1", "s1", "q1", 1, at(15), nil)   // same checkpoint name, another step
	otherStudent := answer("c1", "s2", "q1", 0, at(5), nil) // another student
	put(t, s, first, otherStep, otherStudent, second)
	want := []sandbox.AnswerRecord{otherStudent, otherStep, second} // by At
	got := answers(t, s, "c1")
	if len(got) != len(want) {
		t.Fatalf("Answers = %d, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if d := DiffAnswer(got[i], want[i]); d != "" {
			t.Errorf("answer %d: %s", i, d)
		}
	}
}

func testRuns(t *testing.T, s sandbox.Store) {
	put(t, s, class("c1", at(0)), student("c1", "s1", "a", at(0)), student("c1", "s2", "b", at(0)))
	// A saved model of a few hundred kilobytes, with every byte value.
	model := make([]byte, 300_000)
	for i := range model {
		model[i] = byte(i * 7)
	}
	r1 := run("c1", "s1", "r1", at(10))
	r2 := run("c1", "s2", "r1", at(10)) // same run ID, another student
	r3 := run("c1", "s1", "r2", at(5))
	put(t, s, r1, r2, r3)
	got := runs(t, s, "c1")
	if len(got) != 3 || got[0].Result != nil || got[0].Model != nil {
		t.Fatalf("Runs = %+v, want 3 runs without result or model", got)
	}
	// The run ends: the same key replaces it.
	r1.Status = "done"
	r1.Result = []byte(`{"test_accuracy":0.9375}`)
	r1.Ended = withMono(at(70))
	r1.Model = model
	put(t, s, r1)
	want := []sandbox.RunRecord{r3, r1, r2} // by Started, then StudentID
	got = runs(t, s, "c1")
	if len(got) != len(want) {
		t.Fatalf("Runs = %d, want %d", len(got), len(want))
	}
	for i := range want {
		if d := DiffRun(got[i], want[i]); d != "" {
			t.Errorf("run %d: %s", i, d)
		}
	}
}

func testOrder(t *testing.T, s sandbox.Store) {
	// Put in an order that is none of the orders asked for.
	put(t, s, class("b", at(1)), class("c", at(0)), class("a", at(1)), class("z", time.Time{}))
	var ids []string
	for _, c := range classes(t, s) {
		ids = append(ids, c.ID)
	}
	if fmt.Sprint(ids) != "[z c a b]" {
		t.Errorf("class order = %v, want [z c a b] (by Created, then ID; zero first)", ids)
	}
	put(t, s, student("a", "s9", "n", at(5)), student("a", "s1", "n", at(6)), student("a", "s5", "n", at(5)))
	ids = nil
	for _, st := range students(t, s, "a") {
		ids = append(ids, st.ID)
	}
	if fmt.Sprint(ids) != "[s5 s9 s1]" {
		t.Errorf("student order = %v, want [s5 s9 s1] (by Joined, then ID)", ids)
	}
	a := func(student, activity string, step int, cp string) sandbox.AnswerRecord {
		r := answer("a", student, cp, step, at(7), nil)
		r.Activity = activity
		return r
	}
	put(t, s, a("s9", "b", 0, "q"), a("s1", "a", 0, "q"), a("s1", "a", 1, "a"), a("s1", "a", 0, "p"), a("s1", "b", 0, "a"))
	ids = nil
	for _, r := range answers(t, s, "a") {
		ids = append(ids, fmt.Sprintf("%s/%s/%d/%s", r.StudentID, r.Activity, r.Step, r.Checkpoint))
	}
	if w := "[s1/a/0/p s1/a/0/q s1/a/1/a s1/b/0/a s9/b/0/q]"; fmt.Sprint(ids) != w {
		t.Errorf("answer order = %v, want %s", ids, w)
	}
	put(t, s, run("a", "s9", "r1", at(8)), run("a", "s1", "r2", at(8)), run("a", "s1", "r1", at(9)), run("a", "s1", "r10", at(8)))
	ids = nil
	for _, r := range runs(t, s, "a") {
		ids = append(ids, r.StudentID+"/"+r.RunID)
	}
	if w := "[s1/r10 s1/r2 s9/r1 s1/r1]"; fmt.Sprint(ids) != w {
		t.Errorf("run order = %v, want %s", ids, w)
	}
}

func testRefusals(t *testing.T, s sandbox.Store) {
	ctx := context.Background()
	put(t, s, class("c1", at(0)), student("c1", "s1", "a", at(0)))
	noID := func(f func(*sandbox.AnswerRecord)) sandbox.AnswerRecord {
		a := answer("c1", "s1", "q", 0, at(1), nil)
		f(&a)
		return a
	}
	tests := []struct {
		name     string
		call     func() error
		noParent bool // the error must wrap sandbox.ErrNoParent
	}{
		{"class without ID", func() error { return s.PutClass(ctx, sandbox.ClassRecord{Title: "x"}) }, false},
		{"student without ID", func() error { return s.PutStudent(ctx, student("c1", "", "a", at(0))) }, false},
		{"student without class ID", func() error { return s.PutStudent(ctx, student("", "s2", "a", at(0))) }, false},
		{"answer without checkpoint", func() error { return s.PutAnswer(ctx, noID(func(a *sandbox.AnswerRecord) { a.Checkpoint = "" })) }, false},
		{"answer without activity", func() error { return s.PutAnswer(ctx, noID(func(a *sandbox.AnswerRecord) { a.Activity = "" })) }, false},
		{"answer without student", func() error { return s.PutAnswer(ctx, noID(func(a *sandbox.AnswerRecord) { a.StudentID = "" })) }, false},
		{"run without ID", func() error { return s.PutRun(ctx, run("c1", "s1", "", at(0))) }, false},
		{"student of an unknown class", func() error { return s.PutStudent(ctx, student("c9", "s1", "a", at(0))) }, true},
		{"answer of an unknown class", func() error { return s.PutAnswer(ctx, answer("c9", "s1", "q", 0, at(0), nil)) }, true},
		{"answer of an unknown student", func() error { return s.PutAnswer(ctx, answer("c1", "s9", "q", 0, at(0), nil)) }, true},
		{"run of an unknown class", func() error { return s.PutRun(ctx, run("c9", "s1", "r", at(0))) }, true},
		{"run of an unknown student", func() error { return s.PutRun(ctx, run("c1", "s9", "r", at(0))) }, true},
	}
	for _, tc := range tests {
		err := tc.call()
		if err == nil {
			t.Errorf("%s: accepted, want an error", tc.name)
			continue
		}
		if tc.noParent && !errors.Is(err, sandbox.ErrNoParent) {
			t.Errorf("%s: error %v does not wrap ErrNoParent", tc.name, err)
		}
	}
	if n := len(classes(t, s)) + len(students(t, s, "c1")) + len(answers(t, s, "c1")) + len(runs(t, s, "c1")) + len(students(t, s, "c9")); n != 2 {
		t.Errorf("after the refusals the store holds %d records, want the 2 it had", n)
	}
}

func testNoAliasing(t *testing.T, s sandbox.Store) {
	c := class("c1", at(0))
	st := student("c1", "s1", "a", at(0))
	a := answer("c1", "s1", "q", 0, at(1), boolp(true))
	r := run("c1", "s1", "r1", at(2))
	r.Result, r.Model = []byte(`{"acc":1}`), []byte{1, 2, 3}
	put(t, s, c, st, a, r)
	wantC, wantS, wantA, wantR := class("c1", at(0)), student("c1", "s1", "a", at(0)), answer("c1", "s1", "q", 0, at(1), boolp(true)), run("c1", "s1", "r1", at(2))
	wantR.Result, wantR.Model = []byte(`{"acc":1}`), []byte{1, 2, 3}
	// Changing what was put does not change what is stored.
	for _, b := range [][]byte{c.SecretHash, c.State, st.TokenHash, st.State, a.Answer, r.Spec, r.Result, r.Model} {
		b[0] ^= 0xff
	}
	*a.Correct = false
	check := func(when string) {
		t.Helper()
		if d := DiffClass(classes(t, s)[0], wantC); d != "" {
			t.Errorf("%s: class: %s", when, d)
		}
		if d := DiffStudent(students(t, s, "c1")[0], wantS); d != "" {
			t.Errorf("%s: student: %s", when, d)
		}
		if d := DiffAnswer(answers(t, s, "c1")[0], wantA); d != "" {
			t.Errorf("%s: answer: %s", when, d)
		}
		if d := DiffRun(runs(t, s, "c1")[0], wantR); d != "" {
			t.Errorf("%s: run: %s", when, d)
		}
	}
	check("after changing the records put")
	// Changing what was read does not change what is stored.
	gc, gs, ga, gr := classes(t, s)[0], students(t, s, "c1")[0], answers(t, s, "c1")[0], runs(t, s, "c1")[0]
	for _, b := range [][]byte{gc.SecretHash, gc.State, gs.TokenHash, gs.State, ga.Answer, gr.Spec, gr.Result, gr.Model} {
		b[0] ^= 0xff
	}
	*ga.Correct = false
	check("after changing the records read")
}

func testDelete(t *testing.T, s sandbox.Store) {
	ctx := context.Background()
	for _, id := range []string{"c1", "c2"} {
		put(t, s, class(id, at(0)), student(id, "s1", "a", at(0)), student(id, "s2", "b", at(0)),
			answer(id, "s1", "q", 0, at(1), nil), answer(id, "s2", "q", 0, at(1), nil), run(id, "s1", "r1", at(1)))
	}
	if err := s.DeleteClass(ctx, "c1"); err != nil {
		t.Fatalf("DeleteClass: %v", err)
	}
	if cs := classes(t, s); len(cs) != 1 || cs[0].ID != "c2" {
		t.Errorf("after deleting c1, classes = %+v, want only c2", cs)
	}
	if n := len(students(t, s, "c1")) + len(answers(t, s, "c1")) + len(runs(t, s, "c1")); n != 0 {
		t.Errorf("after deleting c1, %d of its records are left", n)
	}
	if n := len(students(t, s, "c2")) + len(answers(t, s, "c2")) + len(runs(t, s, "c2")); n != 5 {
		t.Errorf("after deleting c1, class c2 has %d records, want 5", n)
	}
	if err := s.DeleteClass(ctx, "c1"); err != nil {
		t.Errorf("deleting a deleted class: %v, want nil", err)
	}
	// A class created again with the same ID starts empty.
	put(t, s, class("c1", at(0)))
	if n := len(students(t, s, "c1")) + len(answers(t, s, "c1")) + len(runs(t, s, "c1")); n != 0 {
		t.Errorf("a re-created class has %d old records", n)
	}
	if err := s.PutAnswer(ctx, answer("c1", "s1", "q", 0, at(1), nil)); !errors.Is(err, sandbox.ErrNoParent) {
		t.Errorf("answer of a deleted student: %v, want ErrNoParent", err)
	}
}

func testCancelled(t *testing.T, s sandbox.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.PutClass(ctx, class("c1", at(0))); !errors.Is(err, context.Canceled) {
		t.Errorf("PutClass with a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := s.Classes(ctx); err == nil {
		t.Errorf("Classes with a cancelled context: no error")
	}
	if cs := classes(t, s); len(cs) != 0 {
		t.Errorf("a class put with a cancelled context was stored: %+v", cs)
	}
}

func testClosed(t *testing.T, s sandbox.Store) {
	ctx := context.Background()
	put(t, s, class("c1", at(0)))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	calls := map[string]func() error{
		"PutClass":    func() error { return s.PutClass(ctx, class("c2", at(0))) },
		"Classes":     func() error { _, err := s.Classes(ctx); return err },
		"PutStudent":  func() error { return s.PutStudent(ctx, student("c1", "s1", "a", at(0))) },
		"Students":    func() error { _, err := s.Students(ctx, "c1"); return err },
		"PutAnswer":   func() error { return s.PutAnswer(ctx, answer("c1", "s1", "q", 0, at(0), nil)) },
		"Answers":     func() error { _, err := s.Answers(ctx, "c1"); return err },
		"PutRun":      func() error { return s.PutRun(ctx, run("c1", "s1", "r", at(0))) },
		"Runs":        func() error { _, err := s.Runs(ctx, "c1"); return err },
		"DeleteClass": func() error { return s.DeleteClass(ctx, "c1") },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, sandbox.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
}

// testConcurrent has writers and readers work at once, as a class does:
// every student's answers and runs arrive together while the teacher's
// dashboard reads. Run it with -race.
func testConcurrent(t *testing.T, s sandbox.Store) {
	const (
		nStudents = 8 // writers
		nEach     = 5 // answers and runs per writer
		nReaders  = 3
	)
	ctx := context.Background()
	put(t, s, class("c1", at(0)))
	var wg sync.WaitGroup
	errs := make(chan error, nStudents+nReaders)
	for i := range nStudents {
		wg.Go(func() {
			id := fmt.Sprintf("s%d", i)
			if err := s.PutStudent(ctx, student("c1", id, id, at(i))); err != nil {
				errs <- err
				return
			}
			for j := range nEach {
				if err := s.PutAnswer(ctx, answer("c1", id, fmt.Sprint("q", j), 0, at(j), boolp(j%2 == 0))); err != nil {
					errs <- err
					return
				}
				r := run("c1", id, fmt.Sprint("r", j), at(j))
				r.Result = []byte(`{"acc":0.5}`)
				if err := s.PutRun(ctx, r); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	stop := make(chan struct{})
	var rg sync.WaitGroup
	for range nReaders {
		rg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.Answers(ctx, "c1"); err != nil {
					errs <- err
					return
				}
				if _, err := s.Runs(ctx, "c1"); err != nil {
					errs <- err
					return
				}
				if _, err := s.Students(ctx, "c1"); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent call: %v", err)
	}
	if n := len(students(t, s, "c1")); n != nStudents {
		t.Errorf("students = %d, want %d", n, nStudents)
	}
	if n := len(answers(t, s, "c1")); n != nStudents*nEach {
		t.Errorf("answers = %d, want %d", n, nStudents*nEach)
	}
	if n := len(runs(t, s, "c1")); n != nStudents*nEach {
		t.Errorf("runs = %d, want %d", n, nStudents*nEach)
	}
}
