package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// browserTimeout bounds the whole browser test, so a hang fails instead of
// blocking: the steps below take a few seconds on a 2-core machine.
const browserTimeout = 50 * time.Second

// screenshotsEnv names a directory where the test saves a screenshot after
// each step, for people checking the page by eye. Unset, nothing is saved.
const screenshotsEnv = "AISANDBOX_SCREENSHOTS"

// findChromium returns the path of Debian's Chromium, skipping the test when
// it is missing, except on CI (CI=true), where a missing browser fails.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("web: Chromium is not installed (apt-get install chromium) and CI=true")
	}
	t.Skip("Chromium is not installed; skipping the browser test")
	return ""
}

// page drives one browser tab.
type page struct {
	t     *testing.T
	ctx   context.Context
	shots string
	n     int
}

// eval runs a JavaScript expression and decodes its value into T.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true or timeout passes.
func (p *page) waitFor(what, cond string, timeout time.Duration) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		p.t.Fatalf("waiting for %s: %v (state %q, status %q)", what, err, p.state(), p.text("#status"))
	}
}

// waitState waits until the page's state is one of the given ones and
// returns it.
func (p *page) waitState(timeout time.Duration, states ...string) string {
	p.t.Helper()
	js, _ := json.Marshal(states)
	p.waitFor("state "+strings.Join(states, "/"), fmt.Sprintf("%s.includes(document.body.dataset.state)", js), timeout)
	return p.state()
}

func (p *page) state() string {
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body.dataset.state`))
	if err != nil {
		return "?"
	}
	return v
}

func (p *page) text(sel string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent.trim()`, sel))
}

// set gives a control a value the way a person would, firing input and
// change, and fails when the control does not exist or refuses the value.
func (p *page) set(sel, value string) {
	p.t.Helper()
	got := eval[string](p, fmt.Sprintf(`(() => {
		const c = document.querySelector(%q);
		if (!c) return "missing";
		c.value = %q;
		c.dispatchEvent(new Event('input', {bubbles: true}));
		c.dispatchEvent(new Event('change', {bubbles: true}));
		return c.value;
	})()`, sel, value))
	if got != value {
		p.t.Fatalf("set %s to %q: got %q", sel, value, got)
	}
}

func (p *page) click(sel string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		p.t.Fatalf("click %s: %v", sel, err)
	}
}

// shot saves a screenshot when screenshotsEnv names a directory.
func (p *page) shot(name string) {
	p.t.Helper()
	if p.shots == "" {
		return
	}
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	p.n++
	file := filepath.Join(p.shots, fmt.Sprintf("%02d-%s.png", p.n, name))
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// clickData clicks the regions picture at the point (x, y) of the data
// plane, computing the screen position from the frame the page received and
// the picture's place on screen (the picture is scaled by CSS).
func (p *page) clickData(x, y float64) {
	p.t.Helper()
	pos := eval[[]float64](p, fmt.Sprintf(`(() => {
		const box = document.querySelector('#plot-regions');
		const f = JSON.parse(box.dataset.frame);
		const r = box.querySelector('svg').getBoundingClientRect();
		const px = f.left + (%g - f.x_min) / (f.x_max - f.x_min) * (f.right - f.left);
		const py = f.top + (f.y_max - %g) / (f.y_max - f.y_min) * (f.bottom - f.top);
		return [r.left + px / f.width * r.width, r.top + py / f.height * r.height];
	})()`, x, y))
	if err := chromedp.Do(p.ctx, chromedp.MouseClickXY(pos[0], pos[1])); err != nil {
		p.t.Fatalf("click at (%g, %g): %v", x, y, err)
	}
}

// loadStrings reads a translation file of the page.
func loadStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("i18n", lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

// templateRE turns a translation with {name} placeholders into a regular
// expression that matches any filled-in version of it.
func templateRE(tmpl string) *regexp.Regexp {
	parts := regexp.MustCompile(`\{\w+\}`).Split(tmpl, -1)
	for i, s := range parts {
		parts[i] = regexp.QuoteMeta(s)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".+?") + "$")
}

// jsRegexp writes re as a JavaScript regular expression literal.
func jsRegexp(re *regexp.Regexp) string {
	return "/" + strings.ReplaceAll(re.String(), "/", `\/`) + "/"
}

func fill(tmpl string, params map[string]string) string {
	for k, v := range params {
		tmpl = strings.ReplaceAll(tmpl, "{"+k+"}", v)
	}
	return tmpl
}

// TestBrowser drives the real page in headless Chromium against the real
// server: train on two moons, ask the model about two points, switch to
// Kazakh, and recover from a setting out of range and from a learning rate
// that makes training diverge.
func TestBrowser(t *testing.T) {
	chrome := findChromium(t)
	srv, err := web.New(sandbox.New(sandbox.Config{}), web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.CloseConnections()

	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	// Script errors anywhere in the run fail the test at the end.
	var (
		mu       sync.Mutex
		problems []string
	)
	if err := chromedp.Listen(tabCtx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			problems = append(problems, "exception: "+msg)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				problems = append(problems, "console.error: "+strings.Join(args, " "))
			}
		}
	}); err != nil {
		t.Fatalf("start the browser: %v", err)
	}

	p := &page{t: t, ctx: tabCtx, shots: os.Getenv(screenshotsEnv)}
	if p.shots != "" {
		if err := os.MkdirAll(p.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	en := loadStrings(t, "en")
	kk := loadStrings(t, "kk")

	// A 1024×768 tablet, the smallest screen the page is laid out for
	// without scrolling the whole page.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(1024, 768), chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	p.waitState(10*time.Second, "ready")
	if got := eval[string](p, `document.body.dataset.lang`); got != "en" {
		t.Errorf("language of an en-US browser = %q, want en", got)
	}
	p.shot("ready")

	// Train a small network on two moons: 60 epochs take well under a
	// second and reach over 90 % test accuracy.
	p.set("#dataset", "moons")
	p.set("#model", "mlp")
	p.set("#set-model-epochs", "60")
	p.click("#train")
	if got := p.waitState(30*time.Second, "done", "stopped", "error"); got != "done" {
		t.Fatalf("after training, state = %q (status %q), want done", got, p.text("#status"))
	}
	p.shot("done")
	if !eval[bool](p, `!!document.querySelector('#plot-regions svg') && !!document.querySelector('#plot-loss svg') && !!document.querySelector('#plot-accuracy svg')`) {
		t.Error("a plot is missing after training")
	}
	acc := p.text("#test-acc")
	if !strings.Contains(acc, "%") {
		t.Errorf("#test-acc = %q, want a percentage", acc)
	}
	if v, err := strconv.ParseFloat(eval[string](p, `document.querySelector('#test-acc').dataset.value`), 64); err != nil || v < 0.9 {
		t.Errorf("test accuracy %q (%v), want at least 90%%", acc, err)
	}
	if got, want := p.text("#epoch"), fill(en["ui.epoch.value"], map[string]string{"epoch": "60", "epochs": "60"}); got != want {
		t.Errorf("#epoch = %q, want %q", got, want)
	}

	// Ask about the top of the upper moon (class A) and the bottom of the
	// lower moon (class B): datasets.Moons puts them at (0, 1) and (1, -0.5).
	sure := templateRE(en["ui.prediction"])
	for _, q := range []struct {
		x, y  float64
		class string
	}{{0, 1, "A"}, {1, -0.5, "B"}} {
		before := p.text("#prediction")
		p.clickData(q.x, q.y)
		p.waitFor("a prediction", fmt.Sprintf(`(() => { const s = document.querySelector('#prediction').textContent;
			return s !== %q && s.includes('%%'); })()`, before), 5*time.Second)
		got := p.text("#prediction")
		if !sure.MatchString(got) || !strings.Contains(got, " "+q.class+" (") {
			t.Errorf("prediction at (%g, %g) = %q, want class %s in the form %q", q.x, q.y, got, q.class, en["ui.prediction"])
		}
	}
	if !eval[bool](p, `!!document.querySelector('#plot-regions svg .probe')`) {
		t.Error("no marker at the asked point")
	}
	p.shot("predicted")

	// The keyboard way: focus the picture, move the cross up, press Enter.
	before := p.text("#prediction")
	if err := chromedp.Do(tabCtx, chromedp.Focus(chromedp.CSS("#plot-regions")),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowUp, 5)+kb.Enter)); err != nil {
		t.Fatalf("keyboard: %v", err)
	}
	p.waitFor("a prediction from the keyboard", fmt.Sprintf(`(() => { const s = document.querySelector('#prediction').textContent;
		return s !== %q && s.includes('%%'); })()`, before), 5*time.Second)
	if got := p.text("#prediction"); !sure.MatchString(got) {
		t.Errorf("prediction from the keyboard = %q, want the form %q", got, en["ui.prediction"])
	}

	// Stop a long run early: it ends stopped, and its model can be asked.
	p.set("#set-model-epochs", "2000")
	p.click("#train")
	p.waitFor("the first progress", `document.body.dataset.state === 'training' && !!document.querySelector('#loss').dataset.value`, 10*time.Second)
	p.click("#stop")
	if got := p.waitState(10*time.Second, "done", "stopped", "error"); got != "stopped" {
		t.Fatalf("after Stop, state = %q (status %q), want stopped", got, p.text("#status"))
	}
	if got := p.text("#status"); !templateRE(en["ui.status.stopped"]).MatchString(got) {
		t.Errorf("status after Stop = %q, want the form %q", got, en["ui.status.stopped"])
	}
	p.clickData(0, 1)
	p.waitFor("a prediction from the stopped model", `document.querySelector('#prediction').textContent.includes('%')`, 5*time.Second)
	p.shot("stopped")

	// Switch to Kazakh.
	p.set("#lang", "kk")
	p.waitFor("Kazakh", `document.body.dataset.lang === 'kk'`, 5*time.Second)
	if got := p.text("#train"); got != kk["ui.train"] {
		t.Errorf("Train button in Kazakh = %q, want %q", got, kk["ui.train"])
	}
	if got := eval[string](p, `document.documentElement.lang`); got != "kk" {
		t.Errorf("<html lang> = %q, want kk", got)
	}
	// The server sends the dataset titles and setting labels in Kazakh.
	p.waitFor("Kazakh labels from the server", `/[әғқңөұүһі]/i.test(document.querySelector('label[for="set-model-lr"]').textContent)`, 5*time.Second)
	if got := p.state(); got != "stopped" {
		t.Errorf("state after switching language = %q, want stopped as before", got)
	}
	p.shot("kazakh")

	// A learning rate out of range is refused with the Kazakh message, and
	// the field is marked. The limits are the sandbox catalog's
	// (minLearnRate, maxLearnRate), as the server sends them.
	p.set("#set-model-lr", "50")
	p.click("#train")
	p.waitState(5*time.Second, "error")
	label := p.text(`label[for="set-model-lr"]`)
	want := fill(kk["error.out_of_range"], map[string]string{"label": label, "min": "0.00001", "max": "10"})
	if got := p.text("#status"); got != want {
		t.Errorf("status for lr 50 = %q, want %q", got, want)
	}
	if !eval[bool](p, `document.querySelector('#set-model-lr').getAttribute('aria-invalid') === 'true'`) {
		t.Error("the learning rate field is not marked invalid")
	}
	p.shot("out-of-range")

	// A rate in range that makes a deep ReLU network diverge (see
	// sandbox.TestDivergenceIsAnError): the server's diverged error, in
	// Kazakh.
	p.set("#dataset", "spiral")
	p.set("#set-model-hidden", "64, 64, 64, 64")
	p.set("#set-model-optimizer", "sgd")
	p.set("#set-model-lr", "10")
	p.set("#set-model-epochs", "100")
	p.click("#train")
	if got := p.waitState(20*time.Second, "done", "error"); got != "error" {
		t.Fatalf("training with lr 10 ended in state %q, want error", got)
	}
	if got := p.text("#status"); !templateRE(kk["error.diverged"]).MatchString(got) {
		t.Errorf("status after divergence = %q, want the form %q", got, kk["error.diverged"])
	}
	p.shot("diverged")

	// Fixing the setting and training again works.
	if eval[bool](p, `document.querySelector('#train').disabled`) {
		t.Fatal("Train is disabled after an error")
	}
	p.set("#set-model-lr", "0.01")
	p.set("#set-model-optimizer", "adam")
	p.click("#train")
	if got := p.waitState(30*time.Second, "done", "stopped", "error"); got != "done" {
		t.Fatalf("after fixing the rate, state = %q (status %q), want done", got, p.text("#status"))
	}
	if !regexp.MustCompile(`\d`).MatchString(p.text("#test-acc")) {
		t.Errorf("#test-acc = %q after the second run", p.text("#test-acc"))
	}
	p.shot("fixed")

	// The teacher restarts the server: the page says so, reconnects on its
	// own and is ready again.
	addr := ts.Listener.Addr().String()
	srv.CloseConnections()
	ts.Close()
	p.waitState(5*time.Second, "connecting")
	p.waitFor("the reconnecting message", fmt.Sprintf(`%s.test(document.querySelector('#status').textContent)`,
		jsRegexp(templateRE(kk["ui.status.reconnecting"]))), 5*time.Second)
	p.shot("reconnecting")
	srv2, err := web.New(sandbox.New(sandbox.Config{}), web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	hs := &http.Server{Handler: srv2}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	defer func() {
		srv2.CloseConnections()
		if err := hs.Close(); err != nil {
			t.Errorf("close the second server: %v", err)
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("second server: %v", err)
		}
	}()
	// The page waits at most 15 s between attempts (app.js BACKOFF_MAX_MS);
	// after a few seconds down it tries again within about 4 s.
	p.waitState(20*time.Second, "ready")
	if got := p.text("#status"); !strings.HasPrefix(got, kk["ui.status.reconnected"]) {
		t.Errorf("status after reconnecting = %q, want it to start with %q", got, kk["ui.status.reconnected"])
	}
	p.shot("reconnected")

	mu.Lock()
	defer mu.Unlock()
	for _, pr := range problems {
		t.Errorf("page script: %s", pr)
	}
}
