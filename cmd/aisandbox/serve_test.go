package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/sqlstore"
)

func TestParseServeFlags(t *testing.T) {
	noEnv := map[string]string{}
	withEnv := map[string]string{passwordEnv: "from-env"}
	for _, c := range []struct {
		name    string
		args    []string
		env     map[string]string
		want    serveConfig
		wantErr string // part of the error; "" = no error
	}{
		{name: "defaults", env: noEnv, want: serveConfig{addr: ":8080", dataDir: "aisandbox-data", engine: sandbox.Config{MaxStudents: 40}}},
		{
			name: "every flag",
			args: []string{"--addr", "127.0.0.1:9000", "--data", "d", "--teacher-password", "pw", "--max-students", "30",
				"--max-epochs", "500", "--max-rows", "2000", "--max-params", "5000", "--max-wall", "90s"},
			env: withEnv,
			want: serveConfig{addr: "127.0.0.1:9000", dataDir: "d", teacherPassword: "pw", engine: sandbox.Config{
				MaxStudents: 30, MaxEpochs: 500, MaxRows: 2000, MaxParams: 5000, MaxWall: 90 * time.Second}},
		},
		{name: "password from the environment", env: withEnv, want: serveConfig{addr: ":8080", dataDir: "aisandbox-data", teacherPassword: "from-env", engine: sandbox.Config{MaxStudents: 40}}},
		{name: "the largest class", args: []string{"--max-students", "500"}, env: noEnv, want: serveConfig{addr: ":8080", dataDir: "aisandbox-data", engine: sandbox.Config{MaxStudents: 500}}},
		{name: "empty password flag", args: []string{"--teacher-password", ""}, env: withEnv, wantErr: "--teacher-password is empty"},
		{name: "no students", args: []string{"--max-students", "0"}, env: noEnv, wantErr: "--max-students 0"},
		{name: "too many students", args: []string{"--max-students", "501"}, env: noEnv, wantErr: "choose 1 to 500"},
		{name: "negative epochs", args: []string{"--max-epochs", "-1"}, env: noEnv, wantErr: "--max-epochs is negative"},
		{name: "negative wall time", args: []string{"--max-wall", "-1s"}, env: noEnv, wantErr: "--max-wall is negative"},
		{name: "not a duration", args: []string{"--max-wall", "ten"}, env: noEnv, wantErr: "invalid value"},
		{name: "empty data", args: []string{"--data", " "}, env: noEnv, wantErr: "--data is empty"},
		{name: "stray argument", args: []string{"now"}, env: noEnv, wantErr: `unexpected argument "now"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			lookup := func(k string) (string, bool) { v, ok := c.env[k]; return v, ok }
			got, err := parseServeFlags(c.args, lookup, io.Discard)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want one with %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.addr != c.want.addr || got.dataDir != c.want.dataDir || got.teacherPassword != c.want.teacherPassword {
				t.Errorf("got addr %q data %q password %q, want %q %q %q",
					got.addr, got.dataDir, got.teacherPassword, c.want.addr, c.want.dataDir, c.want.teacherPassword)
			}
			g, w := got.engine, c.want.engine
			if g.MaxStudents != w.MaxStudents || g.MaxEpochs != w.MaxEpochs || g.MaxRows != w.MaxRows ||
				g.MaxParams != w.MaxParams || g.MaxWall != w.MaxWall {
				t.Errorf("engine limits %+v, want %+v", g, w)
			}
		})
	}
}

// testConfig is a serve configuration on a fresh data directory.
func testConfig(t *testing.T, dir string) serveConfig {
	t.Helper()
	cfg, err := parseServeFlags([]string{"--data", dir, "--max-students", "3", "--max-epochs", "50"}, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// closeAll shuts an engine down and closes its store, as serve does.
func closeAll(t *testing.T, e *sandbox.Engine, s interface{ Close() error }) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := errors.Join(e.Shutdown(ctx), s.Close()); err != nil {
		t.Fatal(err)
	}
}

// trainAndWait trains a small MLP in the student's session and returns its
// last event.
func trainAndWait(t *testing.T, e *sandbox.Engine, st *sandbox.Student, id string, epochs int) sandbox.Event {
	t.Helper()
	spec := e.Catalog().Defaults("mlp", "moons")
	spec.Dataset.N = 200
	spec.Model.Settings["epochs"] = epochs
	last := make(chan sandbox.Event, 1)
	err := st.Session().Train(id, spec, func(ev sandbox.Event) {
		if ev.Type == sandbox.EventDone || ev.Type == sandbox.EventError {
			last <- ev
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-last:
		return ev
	case <-time.After(30 * time.Second):
		t.Fatal("the run did not end in 30 s")
	}
	return sandbox.Event{}
}

func TestRestartKeepsClass(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	log := slog.New(slog.DiscardHandler)

	e, store, err := openEngine(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	class, secret, err := e.OpenClass(ctx, sandbox.ClassOptions{Title: "7B physics", KeepDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	if class.Info().MaxStudents != 3 {
		t.Errorf("a class takes %d students, want --max-students 3", class.Info().MaxStudents)
	}
	ada, adaToken, err := class.Join(ctx, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := class.Join(ctx, "Bolat"); err != nil {
		t.Fatal(err)
	}
	if err := class.Act(ctx, secret, sandbox.Action{Type: sandbox.ActStart, Activity: "moons"}); err != nil {
		t.Fatal(err)
	}
	if err := class.Act(ctx, secret, sandbox.Action{Type: sandbox.ActLock, Settings: []string{"lr"}}); err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := ada.Answer(ctx, "moons", 0, "guess", json.RawMessage(`"curvy"`), &yes); err != nil {
		t.Fatal(err)
	}
	if ev := trainAndWait(t, e, ada, "r1", 20); ev.Type != sandbox.EventDone {
		t.Fatalf("the run ended with %+v", ev)
	}
	// --max-epochs reaches the engine: 51 epochs are refused.
	spec := e.Catalog().Defaults("mlp", "moons")
	spec.Model.Settings["epochs"] = 51
	if err := ada.Session().Train("r2", spec, func(sandbox.Event) {}); sandbox.ErrorCode(err) != sandbox.CodeLimitEpochs {
		t.Errorf("51 epochs with --max-epochs 50: %v, want %s", err, sandbox.CodeLimitEpochs)
	}
	closeAll(t, e, store)

	e, store, err = openEngine(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll(t, e, store)
	again, err := e.ClassByCode(strings.ToLower(class.Code()))
	if err != nil {
		t.Fatalf("the class's code after a restart: %v", err)
	}
	view, err := again.View(secret)
	if err != nil {
		t.Fatalf("the teacher's secret after a restart: %v", err)
	}
	if view.Title != "7B physics" || view.State.Activity != "moons" || strings.Join(view.State.Locked, ",") != "lr" {
		t.Errorf("class after a restart: %+v", view.ClassInfo)
	}
	if len(view.Roster) != 2 || view.Roster[0].Nickname != "Ada" || view.Roster[1].Nickname != "Bolat" {
		t.Fatalf("roster after a restart: %+v", view.Roster)
	}
	if r := view.Roster[0]; r.Answers != 1 || r.Accuracy == nil || *r.Accuracy < 0.5 {
		t.Errorf("Ada after a restart: %+v", r)
	}
	answers, err := again.Answers(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(answers) != 1 || string(answers[0].Answer) != `"curvy"` || answers[0].Correct == nil || !*answers[0].Correct {
		t.Errorf("answers after a restart: %+v", answers)
	}
	results, err := again.Results(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].RunID != "r1" || results[0].Result.Epoch != 20 || results[0].Status != sandbox.RunDone {
		t.Errorf("results after a restart: %+v", results)
	}
	back, err := e.Rejoin(ctx, adaToken)
	if err != nil {
		t.Fatalf("Ada's token after a restart: %v", err)
	}
	if back.ID() != ada.ID() || back.Nickname() != "Ada" {
		t.Errorf("the token brought back %s (%s), want Ada (%s)", back.Nickname(), back.ID(), ada.ID())
	}
	// The restored class is still limited to 3 and still refuses a taken
	// nickname.
	if _, _, err := again.Join(ctx, "ada"); sandbox.ErrorCode(err) != sandbox.CodeNicknameTaken {
		t.Errorf("joining as ada after a restart: %v", err)
	}
}

// startServe runs the serve command with args and returns its first
// address and its output so far; stop ends it and returns its error.
func startServe(t *testing.T, args ...string) (url, out string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, append([]string{"serve"}, args...), pw, io.Discard)
		pw.Close()
	}()
	var b strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
		if url == "" {
			url = regexp.MustCompile(`http://[0-9.]+:\d+/`).FindString(sc.Text())
		}
		if strings.HasPrefix(sc.Text(), "Press Ctrl-C") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		cancel()
		t.Fatalf("serve printed no address:\n%s\n%v", b.String(), <-errc)
	}
	return url, b.String(), func() error {
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("serve did not stop 15 s after its context ended")
		}
	}
}

// TestServeRestores checks that serve restores the classes kept in --data:
// an ended class past its retention is deleted by serve's Restore, and an
// open class is kept.
func TestServeRestores(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	log := slog.New(slog.DiscardHandler)

	// Two days ago a class was opened, kept for one day after its end,
	// and ended at once; another is open.
	past := cfg
	past.engine.Now = func() time.Time { return time.Now().Add(-48 * time.Hour) }
	e, store, err := openEngine(ctx, past, log)
	if err != nil {
		t.Fatal(err)
	}
	old, oldSecret, err := e.OpenClass(ctx, sandbox.ClassOptions{Title: "last week", KeepDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Act(ctx, oldSecret, sandbox.Action{Type: sandbox.ActEnd}); err != nil {
		t.Fatal(err)
	}
	open, _, err := e.OpenClass(ctx, sandbox.ClassOptions{Title: "today"})
	if err != nil {
		t.Fatal(err)
	}
	closeAll(t, e, store)

	url, out, stop := startServe(t, "--addr", "127.0.0.1:0", "--data", dir, "--teacher-password", "pw")
	if !strings.Contains(out, url+"teacher.html") {
		t.Errorf("serve did not print the teacher page %steacher.html:\n%s", url, out)
	}
	if !strings.Contains(out, "teacher password") || !strings.Contains(out, filepath.Join(dir, "aisandbox.db")) {
		t.Errorf("serve did not say that a password is needed or where classes are kept:\n%s", out)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve ended with %v", err)
	}

	// Read the store as serve left it, without restoring it again.
	db, err := sqlstore.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kept, err := db.Classes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range kept {
		ids = append(ids, c.ID)
	}
	if len(ids) != 1 || ids[0] != open.ID() {
		t.Errorf("the store after serve keeps classes %v, want only the open class %s (the expired %s deleted)", ids, open.ID(), old.ID())
	}
	if _, err := os.Stat(filepath.Join(dir, "server.log")); err != nil {
		t.Error(err)
	}
}

func TestJoinBase(t *testing.T) {
	for _, c := range []struct {
		addrs []string
		want  string
	}{
		{[]string{"http://10.0.0.5:8080/", "http://192.168.1.23:8080/", "http://localhost:8080/"}, "http://10.0.0.5:8080"},
		{[]string{"http://192.168.1.23:8000/"}, "http://192.168.1.23:8000"},
		// No network: the teacher's page uses the host its browser used.
		{[]string{"http://localhost:8080/"}, ""},
		{[]string{"http://127.0.0.1:8080/"}, ""},
		{nil, ""},
	} {
		if got := joinBase(c.addrs); got != c.want {
			t.Errorf("joinBase(%q) = %q, want %q", c.addrs, got, c.want)
		}
	}
}
