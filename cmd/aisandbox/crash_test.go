package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The crash test: the real binary, killed with SIGKILL in the middle of a
// lesson, keeps everything it acknowledged.

// crashWait bounds each wait of the crash test for the server.
const crashWait = 60 * time.Second

// buildBinary builds the aisandbox binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the binary with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "aisandbox")
	cmd := exec.CommandContext(t.Context(), gobin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is the binary running.
type server struct {
	cmd  *exec.Cmd
	addr string // HOST:PORT
}

// startBinary starts the binary on a free loopback port with --data dir and
// waits until it prints its address.
func startBinary(t *testing.T, bin, dir string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", dir)
	cmd.Stderr = io.Discard // the log is in dir/server.log too
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(sc.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			t.Fatal("the server ended without printing its address")
		}
		s.addr = addr
	case <-time.After(crashWait):
		t.Fatal("the server printed no address")
	}
	return s
}

// kill ends the server with SIGKILL, as a crash or a pulled plug would,
// and waits for it to be gone.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	err := s.cmd.Wait()
	if ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the server ended with %v, not killed by SIGKILL", err)
	}
}

// wsConn is one page's websocket to the server.
type wsConn struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialServer(t *testing.T, s *server) *wsConn {
	t.Helper()
	u := url.URL{Scheme: "ws", Host: s.addr, Path: "/ws", RawQuery: "lang=en"}
	ctx, cancel := context.WithTimeout(t.Context(), crashWait)
	defer cancel()
	ws, _, err := websocket.DefaultDialer.DialContext(ctx, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &wsConn{t: t, ws: ws}
}

// call sends msg and reads until the answer to its id of type want, which
// it decodes into out; an error message for the id fails the test.
func (c *wsConn) call(msg map[string]any, want string, out any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(msg); err != nil {
		c.t.Fatalf("sending %s: %v", msg["type"], err)
	}
	id := msg["id"].(string)
	c.ws.SetReadDeadline(time.Now().Add(crashWait))
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			c.t.Fatalf("waiting for %s to %s %s: %v", want, msg["type"], id, err)
		}
		var head struct{ Type, ID, Code, Message string }
		if err := json.Unmarshal(data, &head); err != nil {
			c.t.Fatalf("a message that is not JSON: %v", err)
		}
		if head.ID != id {
			continue
		}
		switch head.Type {
		case want:
			if out != nil {
				if err := json.Unmarshal(data, out); err != nil {
					c.t.Fatalf("%s: %v\n%s", want, err, data)
				}
			}
			return
		case "error":
			c.t.Fatalf("%s %s answered with error %s: %s", msg["type"], id, head.Code, head.Message)
		}
	}
}

// The parts of the classroom messages the test reads (docs/protocol.md).
type (
	classInfoMsg struct {
		Code  string `json:"code"`
		Title string `json:"title"`
		State struct {
			Activity string   `json:"activity"`
			Step     int      `json:"step"`
			Locked   []string `json:"locked"`
		} `json:"state"`
	}
	studentMsg struct {
		ID       string   `json:"id"`
		Nickname string   `json:"nickname"`
		Answers  int      `json:"answers"`
		Accuracy *float64 `json:"accuracy"`
		Activity string   `json:"activity"`
		Step     int      `json:"step"`
	}
	answerMsg struct {
		StudentID  string          `json:"student"`
		Nickname   string          `json:"nickname"`
		Activity   string          `json:"activity"`
		Step       int             `json:"step"`
		Checkpoint string          `json:"checkpoint"`
		Answer     json.RawMessage `json:"answer"`
		Correct    *bool           `json:"correct"`
	}
	runMsg struct {
		StudentID string         `json:"student"`
		Nickname  string         `json:"nickname"`
		RunID     string         `json:"run"`
		Model     string         `json:"model"`
		Status    string         `json:"status"`
		Result    map[string]any `json:"result"`
	}
	openedMsg struct {
		Class  classInfoMsg `json:"class"`
		Secret string       `json:"secret"`
	}
	joinedMsg struct {
		Token   string       `json:"token"`
		Student studentMsg   `json:"student"`
		Class   classInfoMsg `json:"class"`
		Answers []answerMsg  `json:"answers"`
	}
	classViewMsg struct {
		Class   classInfoMsg `json:"class"`
		Roster  []studentMsg `json:"roster"`
		Results []runMsg     `json:"results"`
		Answers []answerMsg  `json:"answers"`
	}
	doneMsg struct {
		Stopped      bool    `json:"stopped"`
		Epoch        int     `json:"epoch"`
		TestAccuracy float64 `json:"test_accuracy"`
	}
)

// pupil is what the test remembers of a student.
type pupil struct {
	nickname, token, id string
	epochs              int     // epochs of their run
	accuracy            float64 // its final test accuracy
	answer              string  // their answer's JSON
	predicted           string  // the model's answer for crashPoints, as JSON
}

// crashPoints are the points each student's model is asked about before
// the SIGKILL and after the restart: the saved model must answer the same.
var crashPoints = [][]float64{{0, 0}, {1, 0.5}, {-1, 0.25}, {2, -0.5}}

// predictionMsg is the part of a prediction the crash test compares.
type predictionMsg struct {
	Labels        []int       `json:"labels"`
	Probabilities [][]float64 `json:"probabilities"`
}

func TestCrashKeepsClass(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	srv := startBinary(t, bin, dir)

	teacher := dialServer(t, srv)
	var opened openedMsg
	teacher.call(map[string]any{"type": "open_class", "id": "o1", "title": "8A, first lesson", "keep_days": 7}, "class_opened", &opened)
	if opened.Secret == "" || len(opened.Class.Code) != 6 {
		t.Fatalf("class_opened: %+v", opened)
	}
	teacher.call(map[string]any{"type": "act", "id": "a1", "action": map[string]any{"type": "start", "activity": "moons"}}, "acted", nil)
	teacher.call(map[string]any{"type": "act", "id": "a2", "action": map[string]any{"type": "lock", "settings": []string{"lr"}}}, "acted", nil)

	pupils := []*pupil{{nickname: "Ада", epochs: 10}, {nickname: "Bolat", epochs: 15}, {nickname: "Chen", epochs: 20}}
	for i, p := range pupils {
		c := dialServer(t, srv)
		var j joinedMsg
		c.call(map[string]any{"type": "join", "id": "j", "code": strings.ToLower(opened.Class.Code), "nickname": p.nickname}, "joined", &j)
		if j.Token == "" || j.Student.ID == "" || j.Student.Nickname != p.nickname {
			t.Fatalf("joined: %+v", j)
		}
		p.token, p.id = j.Token, j.Student.ID
		var d doneMsg
		c.call(map[string]any{"type": "train", "id": "r1", "dataset": map[string]any{"name": "moons", "n": 200, "seed": i + 1},
			"model": map[string]any{"name": "mlp", "epochs": p.epochs}}, "done", &d)
		if d.Stopped || d.Epoch != p.epochs {
			t.Fatalf("%s's run: %+v", p.nickname, d)
		}
		p.accuracy = d.TestAccuracy
		var pr predictionMsg
		c.call(map[string]any{"type": "predict", "id": "p", "run": "r1", "points": crashPoints}, "prediction", &pr)
		b, err := json.Marshal(pr)
		if err != nil || len(pr.Labels) != len(crashPoints) {
			t.Fatalf("%s's prediction: %+v, %v", p.nickname, pr, err)
		}
		p.predicted = string(b)
		p.answer = fmt.Sprintf(`{"choice":%d}`, i)
		c.call(map[string]any{"type": "answer", "id": "q", "activity": "moons", "step": 0, "checkpoint": "guess",
			"answer": json.RawMessage(p.answer), "correct": i != 1}, "answered", nil)
		c.call(map[string]any{"type": "move", "id": "m", "activity": "moons", "step": 1}, "moved", nil)
	}

	srv.kill(t)
	srv = startBinary(t, bin, dir)

	// The teacher comes back with the secret kept in their browser.
	teacher = dialServer(t, srv)
	var view classViewMsg
	teacher.call(map[string]any{"type": "teach", "id": "t1", "code": opened.Class.Code, "secret": opened.Secret}, "class_view", &view)
	if view.Class.Code != opened.Class.Code || view.Class.Title != "8A, first lesson" || view.Class.State.Activity != "moons" ||
		!slices.Equal(view.Class.State.Locked, []string{"lr"}) {
		t.Errorf("the class after SIGKILL: %+v", view.Class)
	}
	if len(view.Roster) != len(pupils) {
		t.Fatalf("the roster after SIGKILL has %d students, want %d: %+v", len(view.Roster), len(pupils), view.Roster)
	}
	for i, p := range pupils {
		r := view.Roster[i]
		if r.ID != p.id || r.Nickname != p.nickname || r.Answers != 1 || r.Accuracy == nil || *r.Accuracy != p.accuracy ||
			r.Activity != "moons" || r.Step != 1 {
			t.Errorf("roster entry %d after SIGKILL: %+v, want %s with 1 answer, accuracy %v, at moons step 1", i, r, p.nickname, p.accuracy)
		}
	}
	if len(view.Answers) != len(pupils) || len(view.Results) != len(pupils) {
		t.Fatalf("after SIGKILL: %d answers and %d results, want %d of each", len(view.Answers), len(view.Results), len(pupils))
	}
	for _, p := range pupils {
		a := view.Answers[slices.IndexFunc(view.Answers, func(a answerMsg) bool { return a.StudentID == p.id })]
		if a.Nickname != p.nickname || a.Checkpoint != "guess" || a.Activity != "moons" || !sameJSON(a.Answer, p.answer) || a.Correct == nil {
			t.Errorf("%s's answer after SIGKILL: %+v", p.nickname, a)
		}
		i := slices.IndexFunc(view.Results, func(r runMsg) bool { return r.StudentID == p.id })
		r := view.Results[i]
		if r.RunID != "r1" || r.Model != "mlp" || r.Status != "done" || r.Result["epoch"] != float64(p.epochs) || r.Result["test_accuracy"] != p.accuracy {
			t.Errorf("%s's run after SIGKILL: %+v, want %d epochs and test accuracy %v", p.nickname, r, p.epochs, p.accuracy)
		}
	}

	// Each student comes back with their token, to their own place.
	for _, p := range pupils {
		c := dialServer(t, srv)
		var j joinedMsg
		c.call(map[string]any{"type": "rejoin", "id": "j2", "token": p.token}, "joined", &j)
		if j.Student.ID != p.id || j.Student.Nickname != p.nickname || j.Student.Activity != "moons" || j.Student.Step != 1 ||
			j.Class.Code != opened.Class.Code {
			t.Errorf("%s rejoined after SIGKILL as %+v in %+v", p.nickname, j.Student, j.Class)
		}
		if len(j.Answers) != 1 || !sameJSON(j.Answers[0].Answer, p.answer) {
			t.Errorf("%s's own answers after SIGKILL: %+v", p.nickname, j.Answers)
		}
		// Their trained model came back from the database: it answers as
		// it did before the SIGKILL.
		var pr predictionMsg
		c.call(map[string]any{"type": "predict", "id": "p2", "run": "r1", "points": crashPoints}, "prediction", &pr)
		if b, _ := json.Marshal(pr); string(b) != p.predicted {
			t.Errorf("%s's model after SIGKILL answers %s, before it answered %s", p.nickname, b, p.predicted)
		}
		// And can go on: a new answer is taken.
		c.call(map[string]any{"type": "answer", "id": "q2", "activity": "moons", "step": 1, "checkpoint": "why",
			"answer": json.RawMessage(`"the line bends"`)}, "answered", nil)
	}
	if _, err := os.Stat(filepath.Join(dir, "aisandbox.db")); err != nil {
		t.Error(err)
	}
}

// sameJSON reports whether two JSON texts hold the same value.
func sameJSON(a json.RawMessage, b string) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}
