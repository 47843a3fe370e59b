package web_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// msg is any server message, decoded loosely.
type msg map[string]any

func (m msg) str(k string) string  { s, _ := m[k].(string); return s }
func (m msg) num(k string) float64 { f, _ := m[k].(float64); return f }

// startServer serves a fresh engine on loopback.
func startServer(t testing.TB, cfg sandbox.Config) *httptest.Server {
	t.Helper()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(sandbox.New(cfg), web.Options{Logger: cfg.Logger})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

type wsClient struct {
	t    testing.TB
	conn *websocket.Conn
}

func dial(t testing.TB, ts *httptest.Server, query string) *wsClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws" + query
	conn, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial: %v (response %v)", err, resp)
	}
	t.Cleanup(func() { conn.Close() })
	return &wsClient{t: t, conn: conn}
}

func (c *wsClient) sendRaw(kind int, data []byte) {
	c.t.Helper()
	if err := c.conn.WriteMessage(kind, data); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(websocket.TextMessage, data)
}

// next reads the next message, failing after a timeout.
func (c *wsClient) next() msg {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	_, data, err := c.conn.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m msg
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("server sent non-JSON %q: %v", data, err)
	}
	return m
}

// until reads messages up to and including the first of one of the types
// with the given id, returning it and the messages before it.
func (c *wsClient) until(id string, types ...string) (msg, []msg) {
	c.t.Helper()
	var seen []msg
	for {
		m := c.next()
		if m.str("id") == id {
			for _, typ := range types {
				if m.str("type") == typ {
					return m, seen
				}
			}
		}
		seen = append(seen, m)
	}
}

func trainMsg(id string, epochs int) map[string]any {
	return map[string]any{
		"type": "train", "id": id,
		"dataset": map[string]any{"name": "moons", "n": 1000, "noise": 0.1, "seed": 1},
		"model":   map[string]any{"name": "mlp", "hidden": []int{16, 16}, "epochs": epochs, "seed": 1},
	}
}

func TestTrainStreamsProgressAndEndsDone(t *testing.T) {
	ts := startServer(t, sandbox.Config{ProgressEvery: time.Millisecond, PlotEvery: 50 * time.Millisecond})
	c := dial(t, ts, "?lang=en")
	c.send(trainMsg("r1", 80))
	done, before := c.until("r1", "done", "error")
	if done.str("type") != "done" {
		t.Fatalf("run ended with %v", done)
	}
	if len(before) == 0 || before[0].str("type") != "started" || before[0].num("train_size") != 700 {
		t.Fatalf("first message %v, want started with 700 training rows", before)
	}
	var progress, withPlots int
	for _, m := range before[1:] {
		if m.str("type") == "progress" {
			progress++
			if m["plots"] != nil {
				withPlots++
			}
		}
	}
	if progress == 0 || withPlots == 0 {
		t.Errorf("%d progress messages, %d with plots; want some of each", progress, withPlots)
	}
	if done.num("epoch") != 80 || done.num("test_accuracy") < 0.95 || done["stopped"] != false {
		t.Errorf("done = %v", done)
	}
	plots, _ := done["plots"].(map[string]any)
	for _, k := range []string{"loss", "accuracy", "regions"} {
		if s, _ := plots[k].(string); !strings.Contains(s, "<svg") {
			t.Errorf("done has no %s plot", k)
		}
	}
	if fr, _ := plots["frame"].(map[string]any); fr == nil || fr["right"].(float64) <= fr["left"].(float64) {
		t.Errorf("regions frame = %v", plots["frame"])
	}

	c.send(map[string]any{"type": "predict", "id": "q", "run": "r1", "points": [][]float64{{0, 0.9}, {1, -0.4}}})
	p, _ := c.until("q", "prediction", "error")
	if p.str("type") != "prediction" {
		t.Fatalf("predict: %v", p)
	}
	if cls := p["classes"].([]any); cls[0] != "A" || cls[1] != "B" {
		t.Errorf("classes %v, want [A B]", cls)
	}
}

func TestStop(t *testing.T) {
	ts := startServer(t, sandbox.Config{ProgressEvery: time.Millisecond})
	c := dial(t, ts, "")
	c.send(trainMsg("r1", 2000))
	c.until("r1", "progress")
	c.send(map[string]any{"type": "stop", "id": "r1"})
	done, _ := c.until("r1", "done", "error")
	if done.str("type") != "done" || done["stopped"] != true || done.num("epoch") >= 2000 {
		t.Fatalf("after stop: %v", done)
	}
}

func TestMalformedMessagesGetErrorsAndTheConnectionGoesOn(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=ru")
	cases := []struct {
		name string
		kind int
		data string
		id   string
		code string
	}{
		{"not json", websocket.TextMessage, "hello", "", "bad_json"},
		{"binary", websocket.BinaryMessage, `{"type":"models","id":"b"}`, "", "bad_json"},
		{"unknown type", websocket.TextMessage, `{"type":"fly","id":"u"}`, "u", "unknown_type"},
		{"missing id", websocket.TextMessage, `{"type":"models"}`, "", "missing_field"},
		{"missing model", websocket.TextMessage, `{"type":"train","id":"m","dataset":{"name":"moons"}}`, "m", "missing_field"},
		{"wrong type", websocket.TextMessage, `{"type":"train","id":"w","dataset":{"name":"moons"},"model":{"name":"mlp","epochs":"many"}}`, "w", "bad_field"},
		{"out of range", websocket.TextMessage, `{"type":"train","id":"o","dataset":{"name":"moons"},"model":{"name":"mlp","lr":-1}}`, "o", "out_of_range"},
		{"unknown run", websocket.TextMessage, `{"type":"predict","id":"p","run":"nope","points":[[1,2]]}`, "p", "unknown_run"},
		{"too large", websocket.TextMessage, `{"type":"models","id":"big","pad":"` + strings.Repeat("x", 100<<10) + `"}`, "", "too_large"},
	}
	for _, tc := range cases {
		c.sendRaw(tc.kind, []byte(tc.data))
		m := c.next()
		if m.str("type") != "error" || m.str("code") != tc.code || m.str("id") != tc.id {
			t.Errorf("%s: got %v, want error %s with id %q", tc.name, m, tc.code, tc.id)
		}
		if tc.code == "out_of_range" && !strings.Contains(m.str("message"), "Скорость обучения") {
			t.Errorf("%s: message %q is not in Russian or does not name the setting", tc.name, m.str("message"))
		}
	}
	// The connection still trains.
	c.send(trainMsg("after", 5))
	if done, _ := c.until("after", "done", "error"); done.str("type") != "done" {
		t.Fatalf("train after errors: %v", done)
	}
}

func TestLangChangesMessages(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	c.send(map[string]any{"type": "lang", "id": "l", "lang": "kk"})
	if m, _ := c.until("l", "lang"); m.str("lang") != "kk" {
		t.Fatalf("lang answer %v", m)
	}
	c.send(map[string]any{"type": "models", "id": "m"})
	m, _ := c.until("m", "models")
	models := m["models"].([]any)
	if title := models[0].(map[string]any)["title"].(string); !strings.Contains(title, "Нейрондық") {
		t.Errorf("model title %q is not Kazakh", title)
	}
	c.send(map[string]any{"type": "datasets", "id": "d"})
	d, _ := c.until("d", "datasets")
	if n := len(d["datasets"].([]any)); n < 5 {
		t.Errorf("%d datasets, want the 5 built-in ones", n)
	}
}

func TestCrossOriginIsRefused(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws"
	h := http.Header{"Origin": {"http://evil.example"}}
	_, resp, err := websocket.DefaultDialer.Dial(url, h)
	if err == nil {
		t.Fatal("a cross-origin upgrade was accepted")
	}
	if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("response %v, want 403", resp)
	}
	// The page's own origin is fine.
	h = http.Header{"Origin": {ts.URL}}
	conn, _, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		t.Fatalf("same-origin upgrade refused: %v", err)
	}
	conn.Close()
}

func TestDroppedConnectionCancelsItsRun(t *testing.T) {
	// One training slot: while the first connection's run holds it, no
	// other run can start.
	ts := startServer(t, sandbox.Config{MaxConcurrent: 1, ProgressEvery: time.Millisecond})
	a := dial(t, ts, "")
	a.send(trainMsg("long", 2000))
	a.until("long", "progress")
	a.conn.Close()

	b := dial(t, ts, "")
	start := time.Now()
	b.send(trainMsg("short", 5))
	if m, _ := b.until("short", "started", "error"); m.str("type") != "started" {
		t.Fatalf("second run: %v", m)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the second run waited %v: the dropped connection's run kept training", d)
	}
}

func TestPageAndTranslationsAreServed(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	for _, path := range []string{"/", "/i18n/kk.json", "/i18n/ru.json", "/i18n/en.json", "/healthz"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
	}
}

func TestClassNamesAreTranslated(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=kk")
	c.send(map[string]any{
		"type": "train", "id": "x",
		"dataset": map[string]any{"name": "xor"},
		"model":   map[string]any{"name": "mlp", "epochs": 3},
	})
	done, before := c.until("x", "done", "error")
	if done.str("type") != "done" {
		t.Fatalf("run ended with %v", done)
	}
	classes := before[0]["classes"].([]any)
	if before[0].str("type") != "started" || classes[0] != "бірдей" || classes[1] != "әртүрлі" {
		t.Errorf("started %v, want the Kazakh class names", before[0])
	}
	regions := done["plots"].(map[string]any)["regions"].(string)
	if !strings.Contains(regions, "әртүрлі") {
		t.Error("the regions legend does not name the classes in Kazakh")
	}
	c.send(map[string]any{"type": "predict", "id": "q", "run": "x", "points": [][]float64{{0.5, 0.5}}})
	if p, _ := c.until("q", "prediction", "error"); p.str("type") != "prediction" || !strings.ContainsAny(p["classes"].([]any)[0].(string), "бә") {
		t.Errorf("prediction %v, want a Kazakh class name", p)
	}
}

func TestRegressionOverWebsocket(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	c.send(map[string]any{
		"type": "train", "id": "p",
		"dataset": map[string]any{"name": "sine"},
		"model":   map[string]any{"name": "poly", "degree": 5},
	})
	done, before := c.until("p", "done", "error")
	if done.str("type") != "done" || before[0].str("task") != "regress" {
		t.Fatalf("run: started %v, ended %v", before[0], done)
	}
	if done.num("test_r2") < 0.9 || done.num("test_mse") <= 0 || done["test_accuracy"] != nil {
		t.Errorf("done = %v, want R² ≥ 0.9, an MSE and no accuracy", done)
	}
	plots := done["plots"].(map[string]any)
	if s, _ := plots["fit"].(string); !strings.Contains(s, "<svg") {
		t.Error("done has no fit plot")
	}
	if s, _ := plots["error"].(string); !strings.Contains(s, "<svg") {
		t.Error("done has no error plot")
	}
	c.send(map[string]any{"type": "predict", "id": "q", "run": "p", "points": [][]float64{{1.5}}})
	p, _ := c.until("q", "prediction", "error")
	vals, _ := p["values"].([]any)
	if len(vals) != 1 || vals[0].(float64) < 0.8 || vals[0].(float64) > 1.2 {
		t.Errorf("prediction at x=1.5: %v, want about sin(1.5) = 1.0", p)
	}
}

// digitDataURL draws digit d from the generated set as a black-on-white
// PNG, as a student's picture would be, and returns it as a data URL.
func digitDataURL(t *testing.T, d int) string {
	t.Helper()
	imgs, err := datasets.Digits(20, 16, 99)
	if err != nil {
		t.Fatal(err)
	}
	k := slices.Index(imgs.Y, d)
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			v := imgs.Pixels[k][(y/4)*16+x/4]
			img.SetGray(x, y, color.Gray{Y: uint8(255 * (1 - v))}) // dark ink on white paper
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestImageModelOverWebsocket(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	c.send(map[string]any{
		"type": "train", "id": "c",
		"dataset": map[string]any{"name": "digits", "n": 2000},
		"model":   map[string]any{"name": "cnn", "epochs": 6},
	})
	done, _ := c.until("c", "done", "error")
	if done.str("type") != "done" || done.num("test_accuracy") < 0.85 {
		t.Fatalf("CNN on digits: %v", done)
	}
	right := 0
	for d := range 10 {
		c.send(map[string]any{"type": "predict_image", "id": "q", "run": "c", "image": digitDataURL(t, d)})
		p, _ := c.until("q", "prediction", "error")
		in, _ := p["input"].(map[string]any)
		if p.str("type") != "prediction" || in == nil || len(in["pixels"].([]any)) != 256 {
			t.Fatalf("predict_image: %v", p)
		}
		if p["classes"].([]any)[0] == strconv.Itoa(d) {
			right++
		}
	}
	if right < 7 {
		t.Errorf("%d of 10 redrawn digits recognised", right)
	}
	c.send(map[string]any{"type": "predict_image", "id": "bad", "run": "c", "image": "data:image/png;base64,iVBORw0KGgo="})
	if m, _ := c.until("bad", "error", "prediction"); m.str("code") != "bad_image" {
		t.Errorf("a broken picture: %v", m)
	}
}

func TestTokenizerView(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "")
	kk, en := "Оқушылар мектепте жасанды интеллект туралы білді.", "Students learned about artificial intelligence at school."
	count := map[string]map[string]float64{}
	for _, text := range []string{kk, en} {
		c.send(map[string]any{"type": "tokenize", "id": "t", "text": text})
		m, _ := c.until("t", "tokens", "error")
		if m.str("type") != "tokens" || int(m.num("words")) != len(strings.Fields(text)) {
			t.Fatalf("tokenize %q: %v", text, m)
		}
		count[text] = map[string]float64{}
		for _, tk := range m["tokenizers"].([]any) {
			tk := tk.(map[string]any)
			count[text][tk["kind"].(string)] = tk["count"].(float64)
		}
		if len(count[text]) != 4 || count[text]["char"] <= count[text]["bpe"] || count[text]["bpe"] < count[text]["word"]/2 {
			t.Errorf("%q: counts %v", text, count[text])
		}
	}
	// The BPE learned from English alone cuts the Kazakh sentence into more
	// pieces than the one learned from all three languages.
	if count[kk]["bpe_en"] <= count[kk]["bpe"] {
		t.Errorf("Kazakh: English-only BPE %v pieces, shared BPE %v: want more", count[kk]["bpe_en"], count[kk]["bpe"])
	}
}

func TestAutogradView(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=kk")
	c.send(map[string]any{"type": "autograd_step", "id": "s0", "lr": 0.1})
	if m, _ := c.until("s0", "error", "graph"); m.str("code") != "not_ready" {
		t.Errorf("step before build: %v", m)
	}
	c.send(map[string]any{"type": "autograd", "id": "a", "expression": "(w*x + b - y)^2",
		"values": map[string]float64{"w": 0.5, "b": 0, "x": 2, "y": 3}, "params": []string{"w", "b"}})
	g, _ := c.until("a", "graph", "error")
	// loss = (0.5·2 + 0 − 3)² = 4; ∂/∂w = 2·(−2)·x = −8; ∂/∂b = 2·(−2) = −4.
	grads := g["grads"].(map[string]any)
	if g.num("output") != 4 || grads["w"] != -8.0 || grads["b"] != -4.0 {
		t.Fatalf("graph: output %v grads %v", g["output"], grads)
	}
	if !strings.Contains(g.str("svg"), "<svg") || !strings.Contains(g.str("svg"), "градиент") {
		t.Error("the graph is not drawn with Kazakh words")
	}
	c.send(map[string]any{"type": "autograd_step", "id": "s", "lr": 0.05})
	if s, _ := c.until("s", "graph", "error"); s.num("output") >= 4 {
		t.Errorf("after a step the loss is %v, want below 4", s["output"])
	}
	c.send(map[string]any{"type": "autograd", "id": "bad", "expression": "(w*x", "values": map[string]float64{"w": 1, "x": 1}})
	if m, _ := c.until("bad", "error", "graph"); m.str("code") != "bad_expression" || !strings.Contains(m.str("message"), "5") {
		t.Errorf("a broken expression: %v", m)
	}
}

func TestTreeIsDrawnAndRuled(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=kk")
	c.send(map[string]any{"type": "train", "id": "t",
		"dataset": map[string]any{"name": "circles"}, "model": map[string]any{"name": "tree", "max_depth": 3}})
	done, _ := c.until("t", "done", "error")
	plots, _ := done["plots"].(map[string]any)
	svg, _ := plots["tree"].(string)
	if !strings.Contains(svg, "<svg") || !strings.Contains(svg, "иә") || !strings.Contains(svg, "ішкі") {
		t.Errorf("no Kazakh tree drawing in done: %.200s", svg)
	}
	rules, _ := done["rules"].([]any)
	if len(rules) < 2 || !strings.HasPrefix(rules[0].(string), "егер ") {
		t.Errorf("rules %v, want Kazakh if/then rules", rules)
	}
}

func TestLanguageModelOverWebsocket(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	c.send(map[string]any{"type": "train", "id": "g",
		"dataset": map[string]any{"name": "names-en"}, "model": map[string]any{"name": "charlm", "epochs": 3}})
	done, before := c.until("g", "done", "error")
	if done.str("type") != "done" || before[0].str("task") != "generate" || done["test_loss"] == nil {
		t.Fatalf("run: started %v, done %v", before[0], done)
	}
	if samples, _ := done["samples"].([]any); len(samples) != 5 {
		t.Errorf("samples %v, want 5", done["samples"])
	}
	// One loss plot with the training and the held-out series.
	loss, _ := done["plots"].(map[string]any)["loss"].(string)
	if !strings.Contains(loss, "Training") || !strings.Contains(loss, "Test") {
		t.Error("the loss plot lacks the training or the held-out series")
	}
	c.send(map[string]any{"type": "generate", "id": "w", "run": "g", "prompt": "Ma", "count": 3, "temperature": 0.5})
	if m, _ := c.until("w", "generated", "error"); len(m["texts"].([]any)) != 3 || !strings.HasPrefix(m["texts"].([]any)[0].(string), "Ma") {
		t.Errorf("generate: %v", m)
	}
}
