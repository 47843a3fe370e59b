package web_test

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aisandbox/aisandbox/web"
)

// browserTimeout bounds the whole browser test, so a hang fails instead of
// blocking: the steps below take a few seconds on a 2-core machine.
const browserTimeout = 50 * time.Second

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

// waitPrediction waits until the prediction under the regions picture is
// another than before, with its percentage.
func (p *page) waitPrediction(what, before string) {
	p.t.Helper()
	p.waitFor(what, fmt.Sprintf(`(() => { const s = document.querySelector('#prediction').textContent;
		return s !== %q && s.includes('%%'); })()`, before), 5*time.Second)
}

// jsRegexp writes re as a JavaScript regular expression literal.
func jsRegexp(re *regexp.Regexp) string {
	return "/" + strings.ReplaceAll(re.String(), "/", `\/`) + "/"
}

// TestBrowser drives the real page in headless Chromium against the real
// server: train on two moons, ask the model about two points, switch to
// Kazakh, and recover from a setting out of range and from a learning rate
// that makes training diverge.
func TestBrowser(t *testing.T) {
	ts, srv := startWebServer(t, web.Options{})
	_, p := startBrowser(t, browserConfig{timeout: browserTimeout})
	en := loadStrings(t, "en")
	kk := loadStrings(t, "kk")

	p.open(ts.URL + "/")
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
	p.trainDone(t, 30*time.Second)
	p.shot("done")
	if !p.has("#plot-regions svg") || !p.has("#plot-loss svg") || !p.has("#plot-accuracy svg") {
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
		p.waitPrediction("a prediction", before)
		got := p.text("#prediction")
		if !sure.MatchString(got) || !strings.Contains(got, " "+q.class+" (") {
			t.Errorf("prediction at (%g, %g) = %q, want class %s in the form %q", q.x, q.y, got, q.class, en["ui.prediction"])
		}
	}
	if !p.has("#plot-regions svg .probe") {
		t.Error("no marker at the asked point")
	}
	p.shot("predicted")

	// The keyboard way: focus the picture, move the cross up, press Enter.
	before := p.text("#prediction")
	if err := chromedp.Do(p.ctx, chromedp.Focus(chromedp.CSS("#plot-regions")),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowUp, 5)+kb.Enter)); err != nil {
		t.Fatalf("keyboard: %v", err)
	}
	p.waitPrediction("a prediction from the keyboard", before)
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
	p.trainDone(t, 30*time.Second)
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
	srv2 := newWebServer(t, web.Options{})
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
}
