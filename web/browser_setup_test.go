package web_test

// The setup the browser tests share: a real server, one headless Chromium
// driven with chromedp, its tabs, and the small helpers that read and
// drive the page in a tab.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// screenshotsEnv names a directory where the browser tests save a
// screenshot after each step, for people checking the page by eye. Unset,
// nothing is saved.
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

// newWebServer makes a server over a fresh engine, both logging nowhere.
func newWebServer(t *testing.T, opt web.Options) *web.Server {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	opt.Logger = logger
	srv, err := web.New(sandbox.New(sandbox.Config{Logger: logger}), opt)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// startWebServer serves a new server (see newWebServer) over HTTP until the test
// ends.
func startWebServer(t *testing.T, opt web.Options) (*httptest.Server, *web.Server) {
	t.Helper()
	srv := newWebServer(t, opt)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(srv.CloseConnections)
	return ts, srv
}

// browserConfig says how a test starts Chromium. A zero field means the
// default in its comment.
type browserConfig struct {
	// timeout bounds the whole test from the browser's start, so a hang
	// fails instead of blocking; zero means 90 s.
	timeout time.Duration
	// width and height are the window's and each tab's viewport in CSS
	// pixels; zero means 1024×768, a tablet, the smallest screen the page
	// is laid out for without scrolling the whole page.
	width, height int
	// lang is the browser's language (--lang), which the page follows
	// when the address does not say one; "" means en-US.
	lang string
	// shots is a subdirectory of the screenshotsEnv directory for this
	// test's screenshots; "" means the directory itself.
	shots string
	// warnings counts console.warn calls of the page as problems, as well
	// as uncaught exceptions and console.error calls.
	warnings bool
}

// browser is one headless Chromium of a test. Every tab's uncaught
// exceptions and console errors are kept, and fail the test when it ends.
type browser struct {
	t     *testing.T
	cfg   browserConfig
	first context.Context // the first tab's; later tabs are opened from it
	shots string          // where screenshots go; "" = nowhere

	mu       sync.Mutex
	problems []string
}

// startBrowser starts Chromium as cfg says and returns it with its first
// tab, still blank. The test is skipped without Chromium, or fails on CI.
func startBrowser(t *testing.T, cfg browserConfig) (*browser, *page) {
	t.Helper()
	chrome := findChromium(t)
	if cfg.timeout == 0 {
		cfg.timeout = 90 * time.Second
	}
	if cfg.width == 0 || cfg.height == 0 {
		cfg.width, cfg.height = 1024, 768
	}
	if cfg.lang == "" {
		cfg.lang = "en-US"
	}
	b := &browser{t: t, cfg: cfg, shots: os.Getenv(screenshotsEnv)}
	if b.shots != "" {
		b.shots = filepath.Join(b.shots, cfg.shots)
		if err := os.MkdirAll(b.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	t.Cleanup(cancel)
	// The defaults run Chromium headless, without background networking,
	// extensions, default apps and the like.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", cfg.lang),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(cfg.width, cfg.height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	b.first = tabCtx
	p := b.watch("", tabCtx)
	t.Cleanup(b.report)
	return b, p
}

// tab opens a new blank tab. Its problems are reported under name. With a
// nil with, the tab has a browser context of its own, so its own storage,
// as on a device of its own; otherwise it shares with's.
func (b *browser) tab(name string, with *page) *page {
	b.t.Helper()
	parent := b.first
	var o []chromedp.ContextOption
	if with != nil {
		parent = with.ctx
	} else {
		o = append(o, chromedp.WithNewBrowserContext())
	}
	tabCtx, cancelTab := chromedp.NewContext(parent, o...)
	b.t.Cleanup(cancelTab)
	return b.watch(name, tabCtx)
}

// watch keeps the script problems of the tab of ctx, sets its viewport, and
// returns its page. Starting the first tab starts the browser.
func (b *browser) watch(name string, ctx context.Context) *page {
	b.t.Helper()
	prefix := ""
	if name != "" {
		prefix = name + ": "
	}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			b.problems = append(b.problems, prefix+"exception: "+msg)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || b.cfg.warnings && ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				b.problems = append(b.problems, prefix+"console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		}
	})
	if err == nil {
		err = chromedp.Do(ctx, chromedp.EmulateViewport(int64(b.cfg.width), int64(b.cfg.height)))
	}
	if err != nil {
		b.t.Fatalf("start the browser: %v", err)
	}
	return &page{t: b.t, ctx: ctx, shots: b.shots}
}

// report fails the test for every script problem seen so far.
func (b *browser) report() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, pr := range b.problems {
		b.t.Errorf("page script: %s", pr)
	}
	b.problems = nil
}

// page drives one browser tab.
type page struct {
	t     *testing.T
	ctx   context.Context
	shots string // where screenshots go; "" = nowhere
	n     int    // screenshots taken
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

// open loads url in the tab.
func (p *page) open(url string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(url)); err != nil {
		p.t.Fatalf("open %s: %v", url, err)
	}
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

// state is the page's state (body data-state), or "?" when it cannot be
// read.
func (p *page) state() string {
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body.dataset.state`))
	if err != nil {
		return "?"
	}
	return v
}

// text is the trimmed text of the first element sel matches.
func (p *page) text(sel string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent.trim()`, sel))
}

// value is the value of the control sel matches.
func (p *page) value(sel string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, sel))
}

// has says whether the page has an element sel matches.
func (p *page) has(sel string) bool {
	p.t.Helper()
	return eval[bool](p, fmt.Sprintf(`!!document.querySelector(%q)`, sel))
}

// options returns the values of a <select>'s options.
func (p *page) options(sel string) []string {
	p.t.Helper()
	return eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(o => o.value)`, sel+" option"))
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

// setIf sets a setting's control when the chosen model or dataset has it.
func (p *page) setIf(sel, value string) {
	p.t.Helper()
	if p.has(sel) {
		p.set(sel, value)
	}
}

// click clicks the element sel matches.
func (p *page) click(sel string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		p.t.Fatalf("click %s: %v", sel, err)
	}
}

// trainDone presses Train and waits until the run is done.
func (p *page) trainDone(t *testing.T, timeout time.Duration) {
	t.Helper()
	p.click("#train")
	if got := p.waitState(timeout, "done", "stopped", "error"); got != "done" {
		t.Fatalf("after training, state = %q (status %q), want done", got, p.text("#status"))
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

// readStrings reads the page's translations into lang of one area: "" for
// the main page, or a subdirectory of i18n such as "eval", "class" or
// "activities".
func readStrings(t *testing.T, area, lang string) map[string]string {
	t.Helper()
	path := filepath.Join("i18n", area, lang+".json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// loadStrings reads the main page's translations into lang.
func loadStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	return readStrings(t, "", lang)
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

// fill puts params into a translation's {name} placeholders.
func fill(tmpl string, params map[string]string) string {
	for k, v := range params {
		tmpl = strings.ReplaceAll(tmpl, "{"+k+"}", v)
	}
	return tmpl
}
