package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// classServer is a server on loopback whose join addresses name it.
type classServer struct {
	*httptest.Server
	engine *sandbox.Engine
}

func startClassServer(t *testing.T, cfg sandbox.Config, opt web.Options) *classServer {
	t.Helper()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if cfg.ProgressEvery == 0 {
		cfg.ProgressEvery = time.Millisecond
	}
	e := sandbox.New(cfg)
	ts := httptest.NewUnstartedServer(nil)
	opt.Logger = cfg.Logger
	opt.JoinBase = "http://" + ts.Listener.Addr().String()
	srv, err := web.New(e, opt)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(func() {
		srv.CloseConnections()
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := e.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return &classServer{Server: ts, engine: e}
}

// conn is a test connection that keeps the messages a wait passed over:
// events of a class may arrive before or after the reply to the action
// that caused them, and none may be lost in between.
type conn struct {
	*wsClient
	backlog []msg
}

func cdial(t *testing.T, ts *classServer, query string) *conn {
	t.Helper()
	return &conn{wsClient: dial(t, ts.Server, query)}
}

// waitTimeout bounds each wait for a message (a few runs of a small
// network take well under a second).
const waitTimeout = 20 * time.Second

// waitMsg returns the first message, kept or new, that satisfies ok; the
// others stay kept, in order.
func (c *conn) waitMsg(what string, ok func(msg) bool) msg {
	c.t.Helper()
	for i, m := range c.backlog {
		if ok(m) {
			c.backlog = append(c.backlog[:i:i], c.backlog[i+1:]...)
			return m
		}
	}
	deadline := time.Now().Add(waitTimeout)
	for {
		c.conn.SetReadDeadline(deadline)
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			c.t.Fatalf("no %s: %v; kept %v", what, err, c.backlog)
		}
		var m msg
		if err := json.Unmarshal(data, &m); err != nil {
			c.t.Fatalf("server sent non-JSON %q: %v", data, err)
		}
		if ok(m) {
			return m
		}
		c.backlog = append(c.backlog, m)
	}
}

// until returns the first message with the id and one of the types.
func (c *conn) until(id string, types ...string) msg {
	c.t.Helper()
	return c.waitMsg(id+" "+strings.Join(types, "/"), func(m msg) bool {
		return m.str("id") == id && slices.Contains(types, m.str("type"))
	})
}

// request sends v and returns the reply with its id (or the error).
func (c *conn) request(v map[string]any, types ...string) msg {
	c.t.Helper()
	c.send(v)
	return c.until(v["id"].(string), append(types, "error")...)
}

// drain returns every message kept and every one that arrives within d.
func (c *conn) drain(d time.Duration) []msg {
	c.t.Helper()
	out := c.backlog
	c.backlog = nil
	c.conn.SetReadDeadline(time.Now().Add(d))
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return out
		}
		var m msg
		if err := json.Unmarshal(data, &m); err != nil {
			c.t.Fatalf("server sent non-JSON %q: %v", data, err)
		}
		out = append(out, m)
	}
}

// classEvent reports whether m is a class_event of the type, for the
// student with the nickname when nickname is not "".
func classEvent(m msg, typ, nickname string, more func(ev map[string]any) bool) bool {
	if m.str("type") != "class_event" {
		return false
	}
	ev, _ := m["event"].(map[string]any)
	if ev["type"] != typ {
		return false
	}
	if nickname != "" {
		s, _ := ev["student"].(map[string]any)
		if s == nil || s["nickname"] != nickname {
			return false
		}
	}
	return more == nil || more(ev)
}

// openClass opens a class on a new teacher connection and returns the
// connection, the join code and the teacher secret.
func openClass(t *testing.T, ts *classServer, opt map[string]any) (*conn, string, string) {
	t.Helper()
	teacher := cdial(t, ts, "?lang=en")
	req := map[string]any{"type": "open_class", "id": "open", "title": "8B, computer science"}
	for k, v := range opt {
		req[k] = v
	}
	opened := teacher.request(req, "class_opened")
	if opened.str("type") != "class_opened" {
		t.Fatalf("open_class: %v", opened)
	}
	class := opened["class"].(map[string]any)
	code, secret := class["code"].(string), opened.str("secret")
	if len(code) != 6 || len(secret) < 20 {
		t.Fatalf("code %q, secret %q", code, secret)
	}
	if want := ts.URL + "/?join=" + code; opened.str("join_url") != want {
		t.Errorf("join_url %q, want %q", opened.str("join_url"), want)
	}
	view := teacher.until("open", "class_view")
	if roster := view["roster"].([]any); len(roster) != 0 {
		t.Errorf("a new class's roster: %v", roster)
	}
	return teacher, code, secret
}

func joinClass(t *testing.T, ts *classServer, code, nickname string) (*conn, msg) {
	t.Helper()
	c := cdial(t, ts, "?lang=en")
	j := c.request(map[string]any{"type": "join", "id": "j", "code": code, "nickname": nickname}, "joined")
	if j.str("type") != "joined" {
		t.Fatalf("join as %s: %v", nickname, j)
	}
	return c, j
}

// smallTrain is a quick run: 30 epochs of a small network on two moons.
func smallTrain(id string) map[string]any {
	return map[string]any{
		"type": "train", "id": id,
		"dataset": map[string]any{"name": "moons", "n": 300, "seed": 1},
		"model":   map[string]any{"name": "mlp", "hidden": []int{8}, "epochs": 30, "seed": 2},
	}
}

func TestClassJoinAndRejoinAfterADroppedConnection(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	teacher, code, _ := openClass(t, ts, nil)

	// The code is typed in small letters with a space: it still works.
	a, joined := joinClass(t, ts, strings.ToLower(code[:3])+" "+code[3:], "Aigerim")
	token := joined.str("token")
	student := joined["student"].(map[string]any)
	if len(token) != 26 || student["nickname"] != "Aigerim" || joined["class"].(map[string]any)["code"] != code {
		t.Fatalf("joined = %v", joined)
	}
	teacher.waitMsg("the teacher told of the join", func(m msg) bool { return classEvent(m, "joined", "Aigerim", nil) })

	// A long run starts; the student answers a checkpoint.
	a.send(trainMsg("long", 2000))
	a.until("long", "progress")
	if m := a.request(map[string]any{"type": "answer", "id": "ans", "activity": "moons", "step": 1, "checkpoint": "why", "answer": "the test points are new", "correct": true}, "answered"); m.str("type") != "answered" {
		t.Fatalf("answer: %v", m)
	}

	// The Wi-Fi drops. The teacher sees the student go offline; the run
	// goes on.
	a.conn.Close()
	teacher.waitMsg("the student offline", func(m msg) bool {
		return classEvent(m, "student", "Aigerim", func(ev map[string]any) bool {
			return ev["student"].(map[string]any)["online"] == false
		})
	})

	// Back on a new connection, with the token as written down by hand.
	a2 := cdial(t, ts, "?lang=en")
	typed := strings.ToLower(token[:5]) + "-" + token[5:13] + " " + token[13:]
	back := a2.request(map[string]any{"type": "rejoin", "id": "rj", "token": typed}, "joined")
	if back.str("type") != "joined" || back.str("token") != token {
		t.Fatalf("rejoin: %v", back)
	}
	if s := back["student"].(map[string]any); s["id"] != student["id"] {
		t.Errorf("rejoined as %v, want the same student %v", s["id"], student["id"])
	}
	runs, _ := back["runs"].([]any)
	if len(runs) != 1 || runs[0].(map[string]any)["id"] != "long" || runs[0].(map[string]any)["status"] != "running" {
		t.Fatalf("runs after rejoin = %v, want the run still training", runs)
	}
	answers, _ := back["answers"].([]any)
	if len(answers) != 1 || answers[0].(map[string]any)["answer"] != "the test points are new" {
		t.Fatalf("answers after rejoin = %v", answers)
	}
	// The run streams to the new connection, with its plots, and stops
	// when asked from there.
	var withPlots bool
	for !withPlots {
		p := a2.until("long", "progress")
		withPlots = p["plots"] != nil
	}
	a2.send(map[string]any{"type": "stop", "id": "long"})
	done := a2.until("long", "done", "error")
	if done.str("type") != "done" || done["stopped"] != true {
		t.Fatalf("after stop: %v", done)
	}
	if plots, _ := done["plots"].(map[string]any); plots == nil || !strings.Contains(plots["regions"].(string), "<svg") {
		t.Errorf("the followed run's done has no regions plot")
	}
	// Its model answers on the new connection.
	p := a2.request(map[string]any{"type": "predict", "id": "q", "run": "long", "points": [][]float64{{0, 1}}}, "prediction")
	if p.str("type") != "prediction" {
		t.Errorf("predict after rejoin: %v", p)
	}
	teacher.waitMsg("the student online again", func(m msg) bool {
		return classEvent(m, "student", "Aigerim", func(ev map[string]any) bool {
			return ev["student"].(map[string]any)["online"] == true
		})
	})
}

func TestClassJoinRefusals(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	_, code, _ := openClass(t, ts, map[string]any{"max_students": 2})
	joinClass(t, ts, code, "Aigerim")
	c := cdial(t, ts, "?lang=en")
	for _, tc := range []struct {
		name  string
		req   map[string]any
		code  string
		field string
	}{
		{"wrong code", map[string]any{"type": "join", "code": "ZZZZZZ", "nickname": "Bolat"}, "unknown_code", "code"},
		{"nickname taken, whatever the case", map[string]any{"type": "join", "code": code, "nickname": "aigerim"}, "nickname_taken", "nickname"},
		{"bad nickname", map[string]any{"type": "join", "code": code, "nickname": "<b>hi</b>"}, "bad_nickname", "nickname"},
		{"empty nickname", map[string]any{"type": "join", "code": code, "nickname": "  "}, "bad_nickname", "nickname"},
		{"no nickname", map[string]any{"type": "join", "code": code}, "missing_field", "nickname"},
		{"unknown token", map[string]any{"type": "rejoin", "token": "AAAAAAAAAAAAAAAAAAAAAAAAAA"}, "bad_token", "token"},
		{"answer before joining", map[string]any{"type": "answer", "activity": "a", "checkpoint": "c", "answer": 1}, "not_joined", ""},
		{"move before joining", map[string]any{"type": "move", "activity": "a", "step": 0}, "not_joined", ""},
		{"unknown field", map[string]any{"type": "join", "code": code, "nickname": "Bolat", "name": "Bolat Nurlanov"}, "bad_field", "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req["id"] = "x"
			m := c.request(tc.req)
			if m.str("type") != "error" || m.str("code") != tc.code || m.str("field") != tc.field || m.str("message") == "" {
				t.Errorf("got %v, want error %s on %q", m, tc.code, tc.field)
			}
		})
	}
	// The second student fits; the third finds the class full.
	joinClass(t, ts, code, "Bolat")
	m := c.request(map[string]any{"type": "join", "id": "full", "code": code, "nickname": "Dana"})
	if m.str("code") != "class_full" || !strings.Contains(m.str("message"), "2") {
		t.Errorf("third student: %v, want class_full naming the limit 2", m)
	}
}

func TestClassTeacherPassword(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{TeacherPassword: "physics-7"})
	c := cdial(t, ts, "?lang=ru")
	for _, pw := range []string{"", "Physics-7"} {
		m := c.request(map[string]any{"type": "open_class", "id": "o", "title": "7A", "password": pw})
		if m.str("code") != "bad_password" || !strings.Contains(m.str("message"), "пароль") {
			t.Errorf("password %q: %v, want bad_password in Russian", pw, m)
		}
	}
	if m := c.request(map[string]any{"type": "open_class", "id": "o", "title": "7A", "password": "physics-7"}, "class_opened"); m.str("type") != "class_opened" {
		t.Errorf("the right password: %v", m)
	}
}

// TestClassTeacherActionsRefusedToStudents sends every teacher message from
// a student's connection: each is refused, and the class stays as it was.
func TestClassTeacherActionsRefusedToStudents(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	_, code, _ := openClass(t, ts, nil)
	s, _ := joinClass(t, ts, code, "Aigerim")
	_, joinedB := joinClass(t, ts, code, "Bolat")
	bID := joinedB["student"].(map[string]any)["id"].(string)
	actions := []map[string]any{
		{"type": "start", "activity": "moons-lab"},
		{"type": "step", "step": 2},
		{"type": "lock", "settings": []string{"lr"}},
		{"type": "unlock", "settings": []string{"lr"}},
		{"type": "pause"},
		{"type": "resume"},
		{"type": "project", "student": bID},
		{"type": "project", "student": bID, "anonymous": true},
		{"type": "unproject"},
		{"type": "remove", "student": bID},
		{"type": "end"},
	}
	reqs := []map[string]any{{"type": "export"}, {"type": "projection"}, {"type": "teach", "code": code, "secret": "AAAAAAAAAAAAAAAAAAAAAAAAAA"}}
	for _, a := range actions {
		reqs = append(reqs, map[string]any{"type": "act", "action": a})
	}
	for i, r := range reqs {
		r["id"] = "t" + string(rune('a'+i))
		m := s.request(r)
		if m.str("type") != "error" || m.str("code") != "not_teacher" {
			t.Errorf("%v from a student: %v, want not_teacher", r, m)
		}
	}
	// Nothing changed: a fresh teacher connection sees both students and
	// the class as it was opened.
	t2 := cdial(t, ts, "?lang=en")
	t2.send(map[string]any{"type": "projection", "id": "p"})
	if m := t2.until("p", "projection", "error"); m.str("code") != "not_teacher" {
		t.Errorf("projection before teach: %v", m)
	}
	c, err := ts.engine.ClassByCode(code)
	if err != nil {
		t.Fatal(err)
	}
	info := c.Info()
	if info.Students != 2 || !info.Ended.IsZero() || info.State.Activity != "" || info.State.Paused || len(info.State.Locked) != 0 || info.State.Push != 0 {
		t.Errorf("after the students' attempts the class is %+v", info)
	}
}

// TestClassStudentSeesNothingOfAnother has a teacher steer the class while
// one student trains and answers, and checks every message the other
// student gets.
func TestClassStudentSeesNothingOfAnother(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	teacher, code, _ := openClass(t, ts, nil)
	a, joinedA := joinClass(t, ts, code, "Zeynep")
	aID := joinedA["student"].(map[string]any)["id"].(string)
	aToken := joinedA.str("token")
	b, joinedB := joinClass(t, ts, code, "Bolat")

	a.send(smallTrain("zeynep-run"))
	a.until("zeynep-run", "done")
	a.request(map[string]any{"type": "answer", "id": "an", "activity": "moons-lab", "step": 0, "checkpoint": "q1", "answer": "zeynep-secret-answer"}, "answered")
	a.request(map[string]any{"type": "move", "id": "mv", "activity": "moons-lab", "step": 1}, "moved")
	teacher.waitMsg("Zeynep's run", func(m msg) bool {
		return classEvent(m, "run", "", func(ev map[string]any) bool { return ev["run"].(map[string]any)["nickname"] == "Zeynep" })
	})
	for i, act := range []map[string]any{
		{"type": "project", "student": aID},
		{"type": "start", "activity": "moons-lab"},
		{"type": "lock", "settings": []string{"lr", "epochs"}},
		{"type": "pause"},
		{"type": "resume"},
		{"type": "project", "student": aID, "anonymous": true},
	} {
		id := "act" + string(rune('0'+i))
		if m := teacher.request(map[string]any{"type": "act", "id": id, "action": act}, "acted"); m.str("type") != "acted" {
			t.Fatalf("act %v: %v", act, m)
		}
	}
	// Bolat hears the pushes: the activity started, settings locked, the
	// pause and the resume (coalesced: at least the last state).
	last := b.waitMsg("the last pushed state", func(m msg) bool {
		st, _ := m["state"].(map[string]any)
		locked, _ := st["locked"].([]any)
		return m.str("type") == "class_state" && st["activity"] == "moons-lab" && st["paused"] == nil && len(locked) == 2
	})
	moved := b.request(map[string]any{"type": "move", "id": "bmv", "activity": "moons-lab", "step": 0}, "moved")
	// Anything still on its way arrives within a moment.
	seen := append([]msg{joinedB, last, moved}, b.drain(300*time.Millisecond)...)
	for _, m := range seen {
		data, _ := json.Marshal(m)
		s := string(data)
		for _, leak := range []string{"Zeynep", aID, aToken, "zeynep-secret-answer", "zeynep-run", "projected"} {
			if strings.Contains(s, leak) {
				t.Errorf("Bolat got %q in %s", leak, s)
			}
		}
		switch m.str("type") {
		case "class_state", "joined", "moved", "answered":
		default:
			t.Errorf("Bolat got a message of type %q: %s", m.str("type"), s)
		}
	}
}

// TestClassTeacherDashboard follows a lesson from the teacher's side: a
// student joins, trains and answers; the teacher moves the class on,
// locks settings, pauses (a run waits with its place), projects the
// student, exports the results and ends the class.
func TestClassTeacherDashboard(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	teacher, code, secret := openClass(t, ts, nil)
	s, joined := joinClass(t, ts, code, "Aigerim")
	sID := joined["student"].(map[string]any)["id"].(string)
	teacher.waitMsg("the join", func(m msg) bool { return classEvent(m, "joined", "Aigerim", nil) })

	s.send(smallTrain("r1"))
	done := s.until("r1", "done", "error")
	if done.str("type") != "done" {
		t.Fatalf("training: %v", done)
	}
	run := teacher.waitMsg("the run's result", func(m msg) bool { return classEvent(m, "run", "", nil) })
	res := run["event"].(map[string]any)["run"].(map[string]any)
	if res["nickname"] != "Aigerim" || res["model"] != "mlp" || res["result"].(map[string]any)["test_accuracy"] != done.num("test_accuracy") {
		t.Errorf("run event %v; the student's done had test accuracy %v", res, done.num("test_accuracy"))
	}
	if hidden := res["settings"].(map[string]any)["hidden"].([]any); len(hidden) != 1 || hidden[0] != 8.0 {
		t.Errorf("run settings %v, want hidden [8]", res["settings"])
	}
	teacher.waitMsg("the accuracy in the roster", func(m msg) bool {
		return classEvent(m, "student", "Aigerim", func(ev map[string]any) bool {
			st := ev["student"].(map[string]any)
			return st["accuracy"] == done.num("test_accuracy") && st["status"] == "idle"
		})
	})
	s.request(map[string]any{"type": "answer", "id": "a1", "activity": "moons-lab", "step": 0, "checkpoint": "why", "answer": map[string]any{"choice": 2}, "correct": false}, "answered")
	teacher.waitMsg("the answer", func(m msg) bool {
		return classEvent(m, "answer", "", func(ev map[string]any) bool {
			a := ev["answer"].(map[string]any)
			return a["nickname"] == "Aigerim" && a["checkpoint"] == "why" && a["correct"] == false
		})
	})

	act := func(a map[string]any) {
		t.Helper()
		if m := teacher.request(map[string]any{"type": "act", "id": "act", "action": a}, "acted"); m.str("type") != "acted" {
			t.Fatalf("act %v: %v", a, m)
		}
	}
	state := func(ok func(st map[string]any) bool) map[string]any {
		t.Helper()
		m := s.waitMsg("a pushed state", func(m msg) bool {
			st, _ := m["state"].(map[string]any)
			return m.str("type") == "class_state" && ok(st)
		})
		return m["state"].(map[string]any)
	}
	act(map[string]any{"type": "start", "activity": "moons-lab"})
	state(func(st map[string]any) bool { return st["activity"] == "moons-lab" && st["step"] == 0.0 })
	act(map[string]any{"type": "step", "step": 2})
	state(func(st map[string]any) bool { return st["step"] == 2.0 })
	teacher.waitMsg("the student at step 2", func(m msg) bool {
		return classEvent(m, "student", "Aigerim", func(ev map[string]any) bool { return ev["student"].(map[string]any)["step"] == 2.0 })
	})
	act(map[string]any{"type": "lock", "settings": []string{"lr"}})
	state(func(st map[string]any) bool { l, _ := st["locked"].([]any); return len(l) == 1 && l[0] == "lr" })

	// While training is paused a run waits, and the student is told so.
	act(map[string]any{"type": "pause"})
	state(func(st map[string]any) bool { return st["paused"] == true })
	s.send(smallTrain("r2"))
	q := s.until("r2", "queued")
	if q.num("position") != 1 || q["paused"] != true {
		t.Errorf("queued while paused: %v, want position 1, paused", q)
	}
	act(map[string]any{"type": "resume"})
	if d := s.until("r2", "done", "error"); d.str("type") != "done" {
		t.Fatalf("after resume: %v", d)
	}

	// The projector: with the nickname, then without.
	for _, anonymous := range []bool{false, true} {
		act(map[string]any{"type": "project", "student": sID, "anonymous": anonymous})
		p := teacher.request(map[string]any{"type": "projection", "id": "proj"}, "projection")
		if p["projected"] != true || p["anonymous"] != anonymous {
			t.Fatalf("projection: %v", p)
		}
		if anonymous && (p.str("nickname") != "" || p["run"].(map[string]any)["student"] != nil) {
			t.Errorf("an anonymous projection names the student: %v", p)
		}
		if !anonymous && p.str("nickname") != "Aigerim" {
			t.Errorf("projection nickname %q", p.str("nickname"))
		}
		result, _ := p["result"].(map[string]any)
		plots, _ := result["plots"].(map[string]any)
		if result["test_accuracy"] == nil || plots == nil || !strings.Contains(plots["regions"].(string), "<svg") {
			t.Errorf("projection without the run's numbers and plots: %v", result)
		}
	}

	// A second dashboard (another computer) resumes with the code and the
	// secret and finds everything.
	t2 := cdial(t, ts, "?lang=kk")
	view := t2.request(map[string]any{"type": "teach", "id": "again", "code": code, "secret": secret}, "class_view")
	roster, _ := view["roster"].([]any)
	results, _ := view["results"].([]any)
	answers, _ := view["answers"].([]any)
	st := view["class"].(map[string]any)["state"].(map[string]any)
	if len(roster) != 1 || len(results) != 2 || len(answers) != 1 || st["step"] != 2.0 || st["projected"] == nil {
		t.Errorf("class_view: %d students, %d results, %d answers, state %v", len(roster), len(results), len(answers), st)
	}

	exp := t2.request(map[string]any{"type": "export", "id": "csv"}, "export")
	csv := exp.str("csv")
	if !strings.HasSuffix(exp.str("filename"), ".csv") || !strings.Contains(csv, "nickname") || strings.Count(csv, "Aigerim") != 3 {
		t.Errorf("export %q:\n%s", exp.str("filename"), csv)
	}

	act(map[string]any{"type": "end"})
	if m := s.waitMsg("the end", func(m msg) bool { return m.str("type") == "class_ended" }); m == nil {
		t.Fatal("no class_ended")
	}
	teacher.waitMsg("the end on the dashboard", func(m msg) bool { return classEvent(m, "ended", "", nil) })
	// Kept no days: the class is gone, and its code with it.
	m := cdial(t, ts, "").request(map[string]any{"type": "join", "id": "late", "code": code, "nickname": "Late"})
	if m.str("code") != "unknown_code" {
		t.Errorf("joining an ended class: %v", m)
	}
	if m := s.request(smallTrain("r3")); m.str("code") != "class_ended" {
		t.Errorf("training after the end: %v", m)
	}
}

func TestClassRemovedStudent(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	teacher, code, _ := openClass(t, ts, nil)
	s, joined := joinClass(t, ts, code, "Aigerim")
	id := joined["student"].(map[string]any)["id"].(string)
	if m := teacher.request(map[string]any{"type": "act", "id": "rm", "action": map[string]any{"type": "remove", "student": id}}, "acted"); m.str("type") != "acted" {
		t.Fatalf("remove: %v", m)
	}
	s.waitMsg("removed", func(m msg) bool { return m.str("type") == "removed" })
	teacher.waitMsg("the removal", func(m msg) bool { return classEvent(m, "removed", "Aigerim", nil) })
	if m := cdial(t, ts, "").request(map[string]any{"type": "rejoin", "id": "rj", "token": joined.str("token")}); m.str("code") != "removed" {
		t.Errorf("rejoin after removal: %v", m)
	}
	if m := teacher.request(map[string]any{"type": "act", "id": "again", "action": map[string]any{"type": "remove", "student": id}}); m.str("code") != "unknown_student" {
		t.Errorf("removing twice: %v", m)
	}
	if m := teacher.request(map[string]any{"type": "act", "id": "bad", "action": map[string]any{"type": "fly"}}); m.str("code") != "bad_choice" || m.str("field") != "action.type" {
		t.Errorf("an unknown action: %v", m)
	}
}

func TestQREndpoint(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{})
	_, code, _ := openClass(t, ts, nil)
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"?code=" + code, 200},
		{"?code=" + strings.ToLower(code), 200},
		{"?code=ZZZZZZ", 404},
		{"", 404},
	} {
		res, err := http.Get(ts.URL + "/qr.svg" + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.query, res.StatusCode, tc.status)
			continue
		}
		if tc.status != 200 {
			continue
		}
		if ct := res.Header.Get("Content-Type"); ct != "image/svg+xml" {
			t.Errorf("content type %q", ct)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
		var doc struct {
			XMLName xml.Name
			ViewBox string `xml:"viewBox,attr"`
			Paths   []struct {
				D string `xml:"d,attr"`
			} `xml:"path"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s: not XML: %v", tc.query, err)
		}
		if doc.XMLName.Local != "svg" || doc.XMLName.Space != "http://www.w3.org/2000/svg" || doc.ViewBox == "" || len(doc.Paths) != 1 || len(doc.Paths[0].D) < 100 {
			t.Errorf("%s: not the SVG of a QR code: %.200s", tc.query, body)
		}
	}
}

// TestClassErrorMessages checks that every classroom error has a message
// in every language, with its numbers and names filled in.
func TestClassErrorMessages(t *testing.T) {
	tr, err := web.LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code   string
		params map[string]any
		want   []string // fragments every language's message holds
	}{
		{sandbox.CodeUnknownCode, map[string]any{"code": "K7QM2X"}, []string{"K7QM2X"}},
		{sandbox.CodeClassFull, map[string]any{"limit": 40}, []string{"40"}},
		{sandbox.CodeNicknameTaken, map[string]any{"nickname": "Әсел"}, []string{"Әсел"}},
		{sandbox.CodeBadNickname, map[string]any{"min": 1, "max": 24}, []string{"1", "24"}},
		{sandbox.CodeClassEnded, nil, nil},
		{sandbox.CodeNotTeacher, nil, nil},
		{sandbox.CodeRemoved, nil, nil},
		{sandbox.CodeBadToken, nil, nil},
		{sandbox.CodeUnknownStudent, map[string]any{"student": "a380de5c61229d69"}, nil},
		{sandbox.CodeLimitParams, map[string]any{"limit": 1000000, "params": 1234567}, []string{"1000000", "1234567"}},
		{sandbox.CodeLimitEpochs, map[string]any{"limit": 2000}, []string{"2000"}},
		{sandbox.CodeLimitRows, map[string]any{"limit": 10000}, []string{"10000"}},
		{sandbox.CodeLimitTime, map[string]any{"limit": 300.0}, []string{"300"}},
		{"bad_password", nil, nil},
		{"not_joined", nil, nil},
	} {
		for _, l := range []i18n.Lang{i18n.KK, i18n.RU, i18n.EN} {
			code, text := tr.Error(l, &sandbox.Error{Code: tc.code, Params: tc.params})
			if code != tc.code {
				t.Errorf("%s %s: code %q (no translation?)", l, tc.code, code)
			}
			for _, f := range tc.want {
				if !strings.Contains(text, f) {
					t.Errorf("%s %s: %q lacks %q", l, tc.code, text, f)
				}
			}
			if strings.ContainsAny(text, "{}") {
				t.Errorf("%s %s: %q has a placeholder left", l, tc.code, text)
			}
		}
	}
}

// TestTeacherAsksForActivitiesAndSteps checks what the dashboard asks for
// on a teacher's connection: the list of activities to start, in the
// dashboard's language, and the steps of one, by title; and that a
// teacher's connection, though no student, gets no answer key.
func TestTeacherAsksForActivitiesAndSteps(t *testing.T) {
	as := builtinActivities(t)
	ts := startClassServer(t, sandbox.Config{}, web.Options{Activities: as})
	teacher, _, _ := openClass(t, ts, nil)
	list := teacher.request(map[string]any{"type": "activities", "id": "l", "lang": "ru"}, "activities")
	got, _ := list["activities"].([]any)
	if list.str("lang") != "ru" || len(got) != len(as) {
		t.Fatalf("activities: lang %q, %d activities, want ru and %d", list.str("lang"), len(got), len(as))
	}
	byID := map[string]map[string]any{}
	for _, x := range got {
		a := x.(map[string]any)
		byID[a["id"].(string)] = a
	}
	for _, a := range as {
		s := byID[a.ID]
		if s == nil || s["title"] != a.Title.RU || s["subject"] != string(a.Subject) || s["steps"] != float64(len(a.Steps)) || s["minutes"] != float64(a.Minutes) {
			t.Errorf("%s is listed as %v", a.ID, s)
		}
	}
	a := as[0]
	one := teacher.request(map[string]any{"type": "activity", "id": "s", "activity": a.ID, "lang": "kk"}, "activity")
	view, _ := one["activity"].(map[string]any)
	steps, _ := view["steps"].([]any)
	if len(steps) != len(a.Steps) || one.str("saved") != "connection" {
		t.Fatalf("activity %s: %d steps, saved %q; want %d, connection", a.ID, len(steps), one.str("saved"), len(a.Steps))
	}
	for i, x := range steps {
		st := x.(map[string]any)
		if st["title"] != a.Steps[i].Title.KK {
			t.Errorf("step %d is titled %q, want %q", i+1, st["title"], a.Steps[i].Title.KK)
		}
		if cp, ok := st["checkpoint"].(map[string]any); ok {
			for _, key := range []string{"correct", "answer", "tolerance", "relative", "keywords", "explanation"} {
				if _, leaked := cp[key]; leaked {
					t.Errorf("step %d: the teacher's connection got the checkpoint's %s", i+1, key)
				}
			}
		}
		if _, leaked := st["teacher_notes"]; leaked {
			t.Errorf("step %d: teacher notes sent over the websocket", i+1)
		}
	}
	// The dashboard starts the activity by its id and moves the class by
	// a step from the list.
	for _, action := range []map[string]any{{"type": "start", "activity": a.ID}, {"type": "step", "step": len(a.Steps) - 1}} {
		if m := teacher.request(map[string]any{"type": "act", "id": "act", "action": action}, "acted"); m.str("type") != "acted" {
			t.Fatalf("act %v: %v", action, m)
		}
	}
	teacher.waitMsg("the class at the last step", func(m msg) bool {
		return classEvent(m, "state", "", func(ev map[string]any) bool {
			st, _ := ev["state"].(map[string]any)
			return st["activity"] == a.ID && st["step"] == float64(len(a.Steps)-1)
		})
	})
}
