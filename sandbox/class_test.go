package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
)

// clock is a settable time for records and retention.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newClock starts at a fixed school morning.
func newClock() *clock { return &clock{now: time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)} }

func classEngine(t *testing.T, cfg sandbox.Config) *sandbox.Engine {
	t.Helper()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	e := sandbox.New(cfg)
	t.Cleanup(func() {
		if err := e.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return e
}

// codeOf returns the code of err, or "" for nil.
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	var se *sandbox.Error
	if errors.As(err, &se) {
		return se.Code
	}
	return "not a *sandbox.Error: " + err.Error()
}

func openClass(t *testing.T, e *sandbox.Engine, opt sandbox.ClassOptions) (*sandbox.Class, string) {
	t.Helper()
	c, secret, err := e.OpenClass(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return c, secret
}

func join(t *testing.T, c *sandbox.Class, nick string) (*sandbox.Student, string) {
	t.Helper()
	s, token, err := c.Join(t.Context(), nick)
	if err != nil {
		t.Fatalf("join %q: %v", nick, err)
	}
	return s, token
}

func TestClassCodesAndSecrets(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	seen := map[string]bool{}
	for range 50 {
		c, secret := openClass(t, e, sandbox.ClassOptions{Title: "7B"})
		code := c.Code()
		if len(code) != 6 || strings.ContainsAny(code, "01OI") || seen[code] {
			t.Fatalf("code %q: want 6 characters without 0, O, 1, I, unique", code)
		}
		for _, r := range code {
			if !strings.ContainsRune("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", r) {
				t.Fatalf("code %q has %q", code, r)
			}
		}
		seen[code] = true
		// 128 random bits at least: 26 base32 characters carry 130.
		if len(secret) < 26 {
			t.Fatalf("secret %q is too short", secret)
		}
		if err := c.Verify(secret); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJoin(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, _ := openClass(t, e, sandbox.ClassOptions{MaxStudents: 3})
	join(t, c, "Айгүл")
	cases := []struct {
		name, nick string
		code       string
		want       string // the nickname kept
	}{
		{"kazakh", "Әлия", "", "Әлия"},
		{"trimmed and inner spaces made one", "  Ivan   P_2 ", "", "Ivan P_2"},
		{"duplicate in another case", "АЙГҮЛ", sandbox.CodeNicknameTaken, ""},
		{"empty", "", sandbox.CodeBadNickname, ""},
		{"only spaces", "   ", sandbox.CodeBadNickname, ""},
		{"25 characters", strings.Repeat("ж", 25), sandbox.CodeBadNickname, ""},
		{"tab inside", "a\tb", sandbox.CodeBadNickname, ""},
		{"control character", "ab\x07", sandbox.CodeBadNickname, ""},
		{"markup", "<b>x</b>", sandbox.CodeBadNickname, ""},
		{"emoji", "Bob 😀", sandbox.CodeBadNickname, ""},
		{"not UTF-8", "b\xffb", sandbox.CodeBadNickname, ""},
		{"class full", "Anna-Maria", sandbox.CodeClassFull, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, token, err := c.Join(t.Context(), tc.nick)
			if codeOf(err) != tc.code {
				t.Fatalf("join %q: %v, want %q", tc.nick, err, tc.code)
			}
			if tc.code == "" && (s.Nickname() != tc.want || len(token) < 26) {
				t.Errorf("joined as %q with token %q, want %q", s.Nickname(), token, tc.want)
			}
		})
	}
	if n := c.Info().Students; n != 3 {
		t.Errorf("%d students, want 3", n)
	}
}

func TestJoinByCode(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, secret := openClass(t, e, sandbox.ClassOptions{})
	typed := strings.ToLower(c.Code()[:3]) + " " + c.Code()[3:]
	got, err := e.ClassByCode(typed)
	if err != nil || got != c {
		t.Fatalf("ClassByCode(%q) = %v, %v", typed, got, err)
	}
	if _, err := e.ClassByCode("ZZZZZZ"); codeOf(err) != sandbox.CodeUnknownCode {
		t.Errorf("a wrong code: %v, want unknown_code", err)
	}
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActEnd}); err != nil {
		t.Fatal(err)
	}
	// The ended class's data is deleted (KeepDays 0): its code is gone.
	if _, err := e.ClassByCode(c.Code()); codeOf(err) != sandbox.CodeUnknownCode {
		t.Errorf("the code of an ended, deleted class: %v", err)
	}
	if _, _, err := c.Join(t.Context(), "Late"); codeOf(err) != sandbox.CodeClassEnded {
		t.Errorf("joining an ended class: %v, want class_ended", err)
	}
}

func TestClassRejoinKeepsSessionRunsAndAnswers(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, _ := openClass(t, e, sandbox.ClassOptions{})
	s, token := join(t, c, "Dana")
	rec := newRecorder()
	if err := s.Session().Train("r1", spec(e, "mlp", "moons", 20), rec.emit); err != nil {
		t.Fatal(err)
	}
	if ev := rec.wait(t); ev.Type != sandbox.EventDone {
		t.Fatalf("run: %+v", ev.Payload)
	}
	yes := true
	if err := s.Answer(t.Context(), "overfit", 2, "why", json.RawMessage(`"too many epochs"`), &yes); err != nil {
		t.Fatal(err)
	}
	// The page reloads: the connection is gone, the token brings it back.
	again, err := e.Rejoin(t.Context(), token)
	if err != nil {
		t.Fatal(err)
	}
	if again != s || again.Session() != s.Session() {
		t.Fatal("rejoin gave another student or session")
	}
	if _, err := again.Session().Predict("r1", [][]float64{{0, 0.9}}); err != nil {
		t.Errorf("the model of the run before the reload: %v", err)
	}
	answers, err := again.Answers(t.Context())
	if err != nil || len(answers) != 1 || string(answers[0].Answer) != `"too many epochs"` || !*answers[0].Correct {
		t.Errorf("answers after rejoin: %+v, %v", answers, err)
	}
	runs, err := again.Results(t.Context())
	if err != nil || len(runs) != 1 || runs[0].RunID != "r1" || runs[0].Status != sandbox.RunDone || runs[0].Model != "mlp" {
		t.Fatalf("runs after rejoin: %+v, %v", runs, err)
	}
	if a := runs[0].Result.Scores["test_accuracy"]; a < 0.8 {
		t.Errorf("kept test accuracy %v", a)
	}
	// Closing the student's session, as a page that leaves would, keeps it.
	s.Session().Close()
	if _, err := s.Session().Predict("r1", [][]float64{{0, 0.9}}); err != nil {
		t.Errorf("after Close: %v", err)
	}
	if _, err := e.Rejoin(t.Context(), "not-a-token"); codeOf(err) != sandbox.CodeBadToken {
		t.Errorf("a wrong token: %v, want bad_token", err)
	}
}

func TestClassStudentSeesOnlyTheirOwn(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, secret := openClass(t, e, sandbox.ClassOptions{})
	a, _ := join(t, c, "A")
	b, _ := join(t, c, "B")
	rec := newRecorder()
	if err := b.Session().Train("secret-run", spec(e, "mlp", "moons", 5), rec.emit); err != nil {
		t.Fatal(err)
	}
	rec.wait(t)
	if err := b.Answer(t.Context(), "act", 0, "q1", json.RawMessage(`1`), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session().Predict("secret-run", [][]float64{{0, 0}}); codeOf(err) != sandbox.CodeUnknownRun {
		t.Errorf("A asked B's model: %v, want unknown_run", err)
	}
	if got, _ := a.Answers(t.Context()); len(got) != 0 {
		t.Errorf("A sees answers %+v", got)
	}
	if got, _ := a.Results(t.Context()); len(got) != 0 {
		t.Errorf("A sees runs %+v", got)
	}
	if got := a.Session().Runs(); len(got) != 0 {
		t.Errorf("A's session lists %+v", got)
	}
	// The class's public info carries no projection.
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActProject, Student: b.ID()}); err != nil {
		t.Fatal(err)
	}
	if p := a.Class().State.Projected; p != nil {
		t.Errorf("a student sees the projection %+v", p)
	}
	if p := c.Info().State.Projected; p != nil {
		t.Errorf("the public info has the projection %+v", p)
	}
}

func TestClassTeacherActionsNeedTheSecret(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, secret := openClass(t, e, sandbox.ClassOptions{})
	s, token := join(t, c, "Kid")
	other, otherSecret := openClass(t, e, sandbox.ClassOptions{})
	_ = other
	wrong := []string{"", token, otherSecret, secret + "x", strings.ToLower(secret)}
	actions := []sandbox.Action{
		{Type: sandbox.ActStart, Activity: "bias"},
		{Type: sandbox.ActStep, Step: 1},
		{Type: sandbox.ActLock, Settings: []string{"lr"}},
		{Type: sandbox.ActUnlock, Settings: []string{"lr"}},
		{Type: sandbox.ActPause},
		{Type: sandbox.ActResume},
		{Type: sandbox.ActProject, Student: s.ID()},
		{Type: sandbox.ActUnproject},
		{Type: sandbox.ActRemove, Student: s.ID()},
		{Type: sandbox.ActEnd},
		{Type: "hack"},
	}
	for _, a := range actions {
		for _, w := range wrong {
			if err := c.Act(t.Context(), w, a); codeOf(err) != sandbox.CodeNotTeacher {
				t.Errorf("%s with secret %q: %v, want not_teacher", a.Type, w, err)
			}
		}
	}
	views := map[string]func(string) error{
		"view":       func(w string) error { _, err := c.View(w); return err },
		"watch":      func(w string) error { _, err := c.Watch(w, func(sandbox.ClassEvent) {}); return err },
		"results":    func(w string) error { _, err := c.Results(t.Context(), w); return err },
		"answers":    func(w string) error { _, err := c.Answers(t.Context(), w); return err },
		"projection": func(w string) error { _, err := c.Projection(w); return err },
		"export":     func(w string) error { return c.ExportCSV(t.Context(), w, io.Discard) },
	}
	for name, f := range views {
		for _, w := range wrong {
			if err := f(w); codeOf(err) != sandbox.CodeNotTeacher {
				t.Errorf("%s with secret %q: %v, want not_teacher", name, w, err)
			}
		}
		if err := f(secret); err != nil {
			t.Errorf("%s with the secret: %v", name, err)
		}
	}
	// Nothing changed.
	v, err := c.View(secret)
	if err != nil {
		t.Fatal(err)
	}
	if v.State.Activity != "" || v.State.Paused || len(v.Roster) != 1 || !v.Ended.IsZero() {
		t.Errorf("refused actions changed the class: %+v", v)
	}
}

// watch collects a watcher's events.
type watch struct {
	mu     sync.Mutex
	events []sandbox.ClassEvent
	got    chan struct{}
}

func newWatch() *watch { return &watch{got: make(chan struct{}, 1)} }

func (w *watch) fn(ev sandbox.ClassEvent) {
	w.mu.Lock()
	w.events = append(w.events, ev)
	w.mu.Unlock()
	select {
	case w.got <- struct{}{}:
	default:
	}
}

// waitFor waits until an event satisfies ok and returns it.
func (w *watch) waitFor(t *testing.T, what string, ok func(sandbox.ClassEvent) bool) sandbox.ClassEvent {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		w.mu.Lock()
		for _, ev := range w.events {
			if ok(ev) {
				w.mu.Unlock()
				return ev
			}
		}
		w.mu.Unlock()
		select {
		case <-w.got:
		case <-deadline:
			t.Fatalf("no %s event", what)
		}
	}
}

func isType(typ string) func(sandbox.ClassEvent) bool {
	return func(ev sandbox.ClassEvent) bool { return ev.Type == typ }
}

func TestClassTeacherActions(t *testing.T) {
	e := classEngine(t, sandbox.Config{ProgressEvery: time.Millisecond, MaxConcurrent: 2})
	c, secret := openClass(t, e, sandbox.ClassOptions{Title: "9A"})
	teacher := newWatch()
	stop, err := c.Watch(secret, teacher.fn)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	s, _ := join(t, c, "Nurlan")
	pupil := newWatch()
	defer s.Watch(pupil.fn)()
	teacher.waitFor(t, "joined", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventJoined && ev.Student.Nickname == "Nurlan"
	})
	teacher.waitFor(t, "online", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventStudent && ev.Student.Online
	})
	act := func(a sandbox.Action) {
		t.Helper()
		if err := c.Act(t.Context(), secret, a); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
	}

	act(sandbox.Action{Type: sandbox.ActStart, Activity: "overfitting"})
	act(sandbox.Action{Type: sandbox.ActStep, Step: 2})
	pupil.waitFor(t, "step pushed", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventState && ev.State.Activity == "overfitting" && ev.State.Step == 2
	})
	if v := s.View(); v.Activity != "overfitting" || v.Step != 2 {
		t.Errorf("student's place %q step %d after the push", v.Activity, v.Step)
	}
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActStep, Step: -1}); codeOf(err) != sandbox.CodeOutOfRange {
		t.Errorf("step -1: %v", err)
	}

	act(sandbox.Action{Type: sandbox.ActLock, Settings: []string{"lr", "epochs"}})
	act(sandbox.Action{Type: sandbox.ActUnlock, Settings: []string{"lr"}})
	pupil.waitFor(t, "locks", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventState && slices.Equal(ev.State.Locked, []string{"epochs"})
	})

	// Pause: the running run stops cleanly; a new one waits, paused.
	rec := newRecorder()
	long := spec(e, "mlp", "moons", 2000)
	if err := s.Session().Train("long", long, rec.emit); err != nil {
		t.Fatal(err)
	}
	<-rec.first
	teacher.waitFor(t, "training", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventStudent && ev.Student.Status == sandbox.StudentTraining
	})
	act(sandbox.Action{Type: sandbox.ActPause})
	if d, ok := rec.wait(t).Payload.(sandbox.Done); !ok || !d.Stopped {
		t.Fatal("pause did not stop the running run with a stopped done")
	}
	pupil.waitFor(t, "paused", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventState && ev.State.Paused
	})
	held := newRecorder()
	var queued []sandbox.Queued
	var qmu sync.Mutex
	if err := s.Session().Train("held", spec(e, "mlp", "moons", 5), func(ev sandbox.Event) {
		if q, ok := ev.Payload.(sandbox.Queued); ok {
			qmu.Lock()
			queued = append(queued, q)
			qmu.Unlock()
		}
		held.emit(ev)
	}); err != nil {
		t.Fatal(err)
	}
	pupil.waitFor(t, "queued while paused", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventQueued && ev.Queued.Run == "held" && ev.Queued.Paused
	})
	// Another session, outside the class, still trains.
	free := e.NewSession()
	defer free.Close()
	fr := newRecorder()
	if err := free.Train("f", spec(e, "mlp", "moons", 5), fr.emit); err != nil {
		t.Fatal(err)
	}
	if ev := fr.wait(t); ev.Type != sandbox.EventDone {
		t.Fatalf("a session outside the paused class: %+v", ev.Payload)
	}
	select {
	case ev := <-held.end:
		t.Fatalf("a run of the paused class ran: %+v", ev)
	default:
	}
	act(sandbox.Action{Type: sandbox.ActResume})
	if ev := held.wait(t); ev.Type != sandbox.EventDone {
		t.Fatalf("after resume: %+v", ev.Payload)
	}
	qmu.Lock()
	if len(queued) == 0 || !queued[0].Paused || queued[0].Position != 1 {
		t.Errorf("queued events of the held run: %+v", queued)
	}
	qmu.Unlock()
	run := teacher.waitFor(t, "run", func(ev sandbox.ClassEvent) bool {
		return ev.Type == sandbox.ClassEventRun && ev.Run.RunID == "held"
	})
	if run.Run.Nickname != "Nurlan" || run.Run.Model != "mlp" || run.Run.Settings.Int("epochs") != 5 || run.Run.Result.Scores["test_accuracy"] <= 0 {
		t.Errorf("the class-wide plot's point: %+v", run.Run)
	}

	// Projection, named and anonymous.
	act(sandbox.Action{Type: sandbox.ActProject, Student: s.ID()})
	p, err := c.Projection(secret)
	if err != nil || p.Nickname != "Nurlan" || p.Run == nil || p.Run.RunID != "held" || p.Done == nil || p.Done.Regions == nil {
		t.Fatalf("projection: %+v, %v", p, err)
	}
	act(sandbox.Action{Type: sandbox.ActProject, Student: s.ID(), Anonymous: true})
	p, _ = c.Projection(secret)
	if p.Nickname != "" || p.Run.Nickname != "" || p.Run.StudentID != "" || p.Run.Result.Scores["test_accuracy"] <= 0 {
		t.Errorf("anonymous projection shows who: %+v", p)
	}
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActProject, Student: "nobody"}); codeOf(err) != sandbox.CodeUnknownStudent {
		t.Errorf("projecting nobody: %v", err)
	}
	act(sandbox.Action{Type: sandbox.ActUnproject})
	if p, _ := c.Projection(secret); p.Run != nil {
		t.Errorf("after unproject: %+v", p)
	}

	// Answers reach the teacher.
	if err := s.Answer(t.Context(), "overfitting", 2, "gap", json.RawMessage(`{"choice":"b"}`), nil); err != nil {
		t.Fatal(err)
	}
	ans := teacher.waitFor(t, "answer", isType(sandbox.ClassEventAnswer))
	if ans.Answer.Nickname != "Nurlan" || ans.Answer.Checkpoint != "gap" || ans.Answer.Correct != nil {
		t.Errorf("answer event: %+v", ans.Answer)
	}
	v, _ := c.View(secret)
	if len(v.Roster) != 1 || v.Roster[0].Answers != 1 || v.Roster[0].Accuracy == nil || v.Roster[0].Status != sandbox.StudentIdle {
		t.Errorf("roster: %+v", v.Roster)
	}

	act(sandbox.Action{Type: sandbox.ActEnd})
	pupil.waitFor(t, "ended", isType(sandbox.ClassEventEnded))
	teacher.waitFor(t, "ended", isType(sandbox.ClassEventEnded))
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActPause}); codeOf(err) != sandbox.CodeClassEnded {
		t.Errorf("acting on an ended class: %v", err)
	}
	if err := s.Session().Train("after", spec(e, "mlp", "moons", 5), rec.emit); codeOf(err) != sandbox.CodeClassEnded {
		t.Errorf("training after the end: %v", err)
	}
}

func TestClassRemoveRevokesTheToken(t *testing.T) {
	e := classEngine(t, sandbox.Config{ProgressEvery: time.Millisecond})
	c, secret := openClass(t, e, sandbox.ClassOptions{})
	s, token := join(t, c, "Troll")
	keep, keepToken := join(t, c, "Good")
	pupil := newWatch()
	defer s.Watch(pupil.fn)()
	rec := newRecorder()
	if err := s.Session().Train("r", spec(e, "mlp", "moons", 2000), rec.emit); err != nil {
		t.Fatal(err)
	}
	<-rec.first
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActRemove, Student: s.ID()}); err != nil {
		t.Fatal(err)
	}
	pupil.waitFor(t, "removed", isType(sandbox.ClassEventRemoved))
	if _, err := e.Rejoin(t.Context(), token); codeOf(err) != sandbox.CodeRemoved {
		t.Errorf("rejoin after removal: %v, want removed", err)
	}
	if err := s.Answer(t.Context(), "a", 0, "c", json.RawMessage(`1`), nil); codeOf(err) != sandbox.CodeRemoved {
		t.Errorf("answer after removal: %v", err)
	}
	if err := s.Session().Train("r2", spec(e, "mlp", "moons", 5), rec.emit); codeOf(err) != sandbox.CodeRemoved {
		t.Errorf("train after removal: %v", err)
	}
	if got := s.Session().Runs(); len(got) != 1 || got[0].Status == sandbox.RunRunning {
		t.Errorf("the removed student's run still trains: %+v", got)
	}
	if err := c.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActRemove, Student: s.ID()}); codeOf(err) != sandbox.CodeUnknownStudent {
		t.Errorf("removing twice: %v", err)
	}
	v, _ := c.View(secret)
	if len(v.Roster) != 1 || v.Roster[0].ID != keep.ID() {
		t.Errorf("roster after removal: %+v", v.Roster)
	}
	if got, err := e.Rejoin(t.Context(), keepToken); err != nil || got != keep {
		t.Errorf("the other student's token: %v", err)
	}
	// The nickname is free again.
	join(t, c, "troll")
}

func TestClassRestoreFromTheStore(t *testing.T) {
	store := sandbox.NewMemoryStore()
	clk := newClock()
	e1 := classEngine(t, sandbox.Config{Store: store, Now: clk.Now})
	if err := e1.Restore(t.Context()); err != nil {
		t.Fatal(err)
	}
	c, secret := openClass(t, e1, sandbox.ClassOptions{Title: "8C", KeepDays: 7, MaxStudents: 30})
	a, tokenA := join(t, c, "Ä")
	b, tokenB := join(t, c, "Bek")
	gone, tokenGone := join(t, c, "Gone")
	no := false
	if err := a.Answer(t.Context(), "act", 1, "q", json.RawMessage(`"x"`), &no); err != nil {
		t.Fatal(err)
	}
	if err := b.Answer(t.Context(), "act", 1, "q", json.RawMessage(`"y"`), nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Answer(t.Context(), "act", 1, "q2", json.RawMessage(`"z"`), nil); err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	if err := a.Session().Train("r", spec(e1, "mlp", "moons", 20), rec.emit); err != nil {
		t.Fatal(err)
	}
	rec.wait(t)
	for _, act := range []sandbox.Action{
		{Type: sandbox.ActStart, Activity: "act"},
		{Type: sandbox.ActStep, Step: 1},
		{Type: sandbox.ActLock, Settings: []string{"seed"}},
		{Type: sandbox.ActPause},
		{Type: sandbox.ActRemove, Student: gone.ID()},
	} {
		if err := c.Act(t.Context(), secret, act); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Move(t.Context(), "act", 3); err != nil {
		t.Fatal(err)
	}
	before, _ := c.View(secret)

	// The server restarts: a new engine on the same store.
	e2 := classEngine(t, sandbox.Config{Store: store, Now: clk.Now})
	if err := e2.Restore(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := e2.Restore(t.Context()); err == nil {
		t.Error("a second Restore was accepted")
	}
	c2, err := e2.ClassByCode(c.Code())
	if err != nil {
		t.Fatal(err)
	}
	after, err := c2.View(secret)
	if err != nil {
		t.Fatalf("the secret after the restart: %v", err)
	}
	if after.Title != "8C" || after.KeepDays != 7 || after.MaxStudents != 30 || !after.State.Paused ||
		after.State.Activity != "act" || after.State.Step != 1 || !slices.Equal(after.State.Locked, []string{"seed"}) {
		t.Errorf("class after restart: %+v", after.ClassInfo)
	}
	if len(after.Roster) != 2 {
		t.Fatalf("roster after restart: %+v", after.Roster)
	}
	// The store orders students by when they joined, then ID: this test's
	// clock stands still, so compare by ID.
	beforeByID := map[string]sandbox.StudentView{}
	for _, sv := range before.Roster {
		beforeByID[sv.ID] = sv
	}
	for i, sv := range after.Roster {
		want := beforeByID[sv.ID]
		if sv.ID != want.ID || sv.Nickname != want.Nickname || sv.Activity != want.Activity || sv.Step != want.Step ||
			sv.Answers != want.Answers || (sv.Accuracy == nil) != (want.Accuracy == nil) || !sv.Joined.Equal(want.Joined) {
			t.Errorf("student %d after restart %+v, before %+v", i, sv, want)
		}
	}
	a2, err := e2.Rejoin(t.Context(), tokenA)
	if err != nil || a2.ID() != a.ID() || a2.Nickname() != "Ä" {
		t.Fatalf("rejoin A after restart: %v", err)
	}
	if _, err := e2.Rejoin(t.Context(), tokenB); err != nil {
		t.Errorf("rejoin B after restart: %v", err)
	}
	if _, err := e2.Rejoin(t.Context(), tokenGone); codeOf(err) != sandbox.CodeRemoved {
		t.Errorf("the removed student's token after restart: %v", err)
	}
	answers, _ := a2.Answers(t.Context())
	if len(answers) != 1 || string(answers[0].Answer) != `"x"` || answers[0].Correct == nil || *answers[0].Correct {
		t.Errorf("A's answers after restart: %+v", answers)
	}
	runs, _ := a2.Results(t.Context())
	if len(runs) != 1 || runs[0].Result.Epoch != 20 || runs[0].Settings["epochs"] != 20.0 {
		t.Errorf("A's runs after restart: %+v", runs)
	}
	all, _ := c2.Answers(t.Context(), secret)
	if len(all) != 3 {
		t.Errorf("%d answers in the class after restart, want 3", len(all))
	}
	// The pause holds after the restart too.
	r := newRecorder()
	queued := make(chan sandbox.Queued, 4)
	if err := a2.Session().Train("p", spec(e2, "mlp", "moons", 5), func(ev sandbox.Event) {
		if q, ok := ev.Payload.(sandbox.Queued); ok {
			queued <- q
		}
		r.emit(ev)
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case q := <-queued:
		if q != (sandbox.Queued{Position: 1, Paused: true}) {
			t.Errorf("queued %+v, want first and paused", q)
		}
	case ev := <-r.end:
		t.Fatalf("a run of the restored paused class ran: %+v", ev.Payload)
	case <-time.After(30 * time.Second):
		t.Fatal("no queued event")
	}
	if err := c2.Act(t.Context(), secret, sandbox.Action{Type: sandbox.ActResume}); err != nil {
		t.Fatal(err)
	}
	if ev := r.wait(t); ev.Type != sandbox.EventDone {
		t.Fatalf("after resume: %+v", ev.Payload)
	}
}

func TestClassRetention(t *testing.T) {
	ctx := t.Context()
	store := sandbox.NewMemoryStore()
	clk := newClock()
	e := classEngine(t, sandbox.Config{Store: store, Now: clk.Now})
	gone, goneSecret := openClass(t, e, sandbox.ClassOptions{Title: "gone"})
	kept, keptSecret := openClass(t, e, sandbox.ClassOptions{Title: "kept", KeepDays: 2})
	openClass(t, e, sandbox.ClassOptions{Title: "open"})
	for _, c := range []*sandbox.Class{gone, kept} {
		s, _ := join(t, c, "S")
		if err := s.Answer(ctx, "a", 0, "c", json.RawMessage(`true`), nil); err != nil {
			t.Fatal(err)
		}
	}
	titles := func() []string {
		recs, err := store.Classes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			out = append(out, r.Title)
		}
		slices.Sort(out)
		return out
	}
	end := func(c *sandbox.Class, secret string) {
		t.Helper()
		if err := c.Act(ctx, secret, sandbox.Action{Type: sandbox.ActEnd}); err != nil {
			t.Fatal(err)
		}
	}

	// KeepDays 0: everything goes when the class ends.
	end(gone, goneSecret)
	if got := titles(); !slices.Equal(got, []string{"kept", "open"}) {
		t.Errorf("classes stored after ending one with KeepDays 0: %v", got)
	}
	if ans, _ := store.Answers(ctx, gone.ID()); len(ans) != 0 {
		t.Errorf("its answers are still stored: %+v", ans)
	}

	// KeepDays 2: kept, readable by the teacher, until two days after.
	end(kept, keptSecret)
	clk.add(47 * time.Hour)
	if n, err := e.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("sweep before the 2 days: %d, %v", n, err)
	}
	if _, err := kept.View(keptSecret); err != nil {
		t.Errorf("the teacher's view of an ended kept class: %v", err)
	}
	if ans, _ := kept.Answers(ctx, keptSecret); len(ans) != 1 {
		t.Errorf("answers of the ended kept class: %+v", ans)
	}
	e2 := classEngine(t, sandbox.Config{Store: store, Now: clk.Now})
	if err := e2.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e2.ClassByCode(kept.Code()); err != nil {
		t.Errorf("the kept class after a restart within its 2 days: %v", err)
	}
	clk.add(time.Hour)
	if n, err := e.Sweep(ctx); err != nil || n != 1 {
		t.Fatalf("sweep after the 2 days: %d, %v", n, err)
	}
	if got := titles(); !slices.Equal(got, []string{"open"}) {
		t.Errorf("classes after the sweep: %v", got)
	}
	if _, err := e.ClassByCode(kept.Code()); codeOf(err) != sandbox.CodeUnknownCode {
		t.Errorf("the swept class's code: %v", err)
	}
}

func TestClassRestoreDeletesExpired(t *testing.T) {
	ctx := t.Context()
	store := sandbox.NewMemoryStore()
	clk := newClock()
	e := classEngine(t, sandbox.Config{Store: store, Now: clk.Now})
	c, secret := openClass(t, e, sandbox.ClassOptions{KeepDays: 1})
	join(t, c, "S")
	if err := c.Act(ctx, secret, sandbox.Action{Type: sandbox.ActEnd}); err != nil {
		t.Fatal(err)
	}
	clk.add(25 * time.Hour)
	e2 := classEngine(t, sandbox.Config{Store: store, Now: clk.Now})
	if err := e2.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	if recs, _ := store.Classes(ctx); len(recs) != 0 {
		t.Errorf("an expired class survived a restart: %+v", recs)
	}
}

func TestClassOpenRefusesBadOptions(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	for _, tc := range []struct {
		opt  sandbox.ClassOptions
		code string
	}{
		{sandbox.ClassOptions{KeepDays: -1}, sandbox.CodeOutOfRange},
		{sandbox.ClassOptions{KeepDays: 366}, sandbox.CodeOutOfRange},
		{sandbox.ClassOptions{MaxStudents: -1}, sandbox.CodeOutOfRange},
		{sandbox.ClassOptions{MaxStudents: 501}, sandbox.CodeOutOfRange},
		{sandbox.ClassOptions{Title: strings.Repeat("x", 81)}, sandbox.CodeBadField},
		{sandbox.ClassOptions{Title: "a\nb"}, sandbox.CodeBadField},
		{sandbox.ClassOptions{Title: strings.Repeat("ы", 80), KeepDays: 365, MaxStudents: 500}, ""},
	} {
		_, _, err := e.OpenClass(t.Context(), tc.opt)
		if codeOf(err) != tc.code {
			t.Errorf("%+v: %v, want %q", tc.opt, err, tc.code)
		}
	}
	c, _ := openClass(t, e, sandbox.ClassOptions{})
	if got := c.Info().MaxStudents; got != 40 {
		t.Errorf("default class size %d, want 40", got)
	}
}

func TestClassAnswerChecks(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, secret := openClass(t, e, sandbox.ClassOptions{})
	s, _ := join(t, c, "S")
	for _, tc := range []struct {
		activity, checkpoint string
		step                 int
		answer               string
		code                 string
	}{
		{"a", "c", 0, `"ok"`, ""},
		{"a", "c", 0, `"again"`, ""}, // replaces the first
		{"", "c", 0, `1`, sandbox.CodeBadField},
		{"a", "", 0, `1`, sandbox.CodeBadField},
		{"a", "c", -1, `1`, sandbox.CodeOutOfRange},
		{"a", "c", 0, `{"unclosed":`, sandbox.CodeBadField},
		{"a", "c", 0, `"` + strings.Repeat("x", 16<<10) + `"`, sandbox.CodeOutOfRange},
	} {
		err := s.Answer(t.Context(), tc.activity, tc.step, tc.checkpoint, json.RawMessage(tc.answer), nil)
		if codeOf(err) != tc.code {
			t.Errorf("answer %q/%d/%q: %v, want %q", tc.activity, tc.step, tc.checkpoint, err, tc.code)
		}
	}
	all, _ := c.Answers(t.Context(), secret)
	if len(all) != 1 || string(all[0].Answer) != `"again"` {
		t.Errorf("answers: %+v, want the later one only", all)
	}
	if v := s.View(); v.Answers != 1 {
		t.Errorf("answer count %d, want 1", v.Answers)
	}
}

func TestClassWatchersNeverBlock(t *testing.T) {
	e := classEngine(t, sandbox.Config{})
	c, secret := openClass(t, e, sandbox.ClassOptions{MaxStudents: 500})
	release := make(chan struct{})
	w := newWatch()
	stop, err := c.Watch(secret, func(ev sandbox.ClassEvent) {
		<-release // a teacher's connection that has stalled
		w.fn(ev)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	start := time.Now()
	// 300 joins make 300 joined events, more than a watcher's queue holds.
	for i := range 300 {
		if _, _, err := c.Join(t.Context(), "s"+strings.Repeat("x", i%20)+string(rune('a'+i%26))+string(rune('a'+i/26))); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("300 joins with a stalled watcher took %v", d)
	}
	close(release)
	w.waitFor(t, "resync", isType(sandbox.ClassEventResync))
	v, _ := c.View(secret)
	if len(v.Roster) != 300 {
		t.Errorf("roster has %d students, want 300", len(v.Roster))
	}
}
