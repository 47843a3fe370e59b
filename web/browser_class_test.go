package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// classBrowserTimeout bounds the whole classroom browser test: five tabs of
// one Chromium on a 2-core machine take about 20 s.
const classBrowserTimeout = 90 * time.Second

// TestClassBrowser runs a lesson in one headless Chromium: a teacher's
// dashboard and three students, each in a browser context of their own (so
// each has its own storage, as on separate devices). The teacher opens a
// class; the students join with its code, train and answer; the teacher
// sees them appear with their results, moves the class to a step, locks a
// setting and projects a result; the students and the projector see it.
func TestClassBrowser(t *testing.T) {
	chrome := findChromium(t)
	ts := startClassServer(t, sandbox.Config{}, web.Options{})

	ctx, cancel := context.WithTimeout(context.Background(), classBrowserTimeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start the browser: %v", err)
	}

	var (
		mu       sync.Mutex
		problems []string
	)
	shots := os.Getenv(screenshotsEnv)
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// open starts a tab, in a browser context of its own unless it is given
	// a tab to share one with, and opens path in it.
	open := func(name, path string, with *page) *page {
		t.Helper()
		parent := browserCtx
		var o []chromedp.ContextOption
		if with != nil {
			parent = with.ctx
		} else {
			o = append(o, chromedp.WithNewBrowserContext())
		}
		tabCtx, cancelTab := chromedp.NewContext(parent, o...)
		t.Cleanup(cancelTab)
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
				problems = append(problems, name+": exception: "+msg)
			case *runtime.EventConsoleAPICalled:
				if ev.Type == runtime.ConsoleAPICalledTypeError {
					var args []string
					for _, a := range ev.Args {
						args = append(args, string(a.Value))
					}
					problems = append(problems, name+": console.error: "+strings.Join(args, " "))
				}
			}
		}); err != nil {
			t.Fatalf("open a tab for %s: %v", name, err)
		}
		if err := chromedp.Do(tabCtx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatalf("%s: open %s: %v", name, path, err)
		}
		return &page{t: t, ctx: tabCtx, shots: shots}
	}
	en := loadStrings(t, "en")
	classEN := loadStringsAt(t, "i18n/class/en.json")

	// The teacher opens a class.
	teacher := open("teacher", "/teacher.html", nil)
	teacher.waitFor("the start screen", `document.body.dataset.state === 'start'`, 10*time.Second)
	teacher.shot("teacher-start")
	teacher.set("#open-title", "8B, computer science")
	teacher.click("#open-btn")
	teacher.waitFor("the dashboard", `document.body.dataset.state === 'teaching'`, 10*time.Second)
	code := teacher.text("#join-code")
	if len(code) != 6 {
		t.Fatalf("join code on the dashboard = %q", code)
	}
	teacher.waitFor("the QR code", `document.querySelector('#join-qr').complete && document.querySelector('#join-qr').naturalWidth > 100`, 5*time.Second)
	if got, want := teacher.text("#join-url"), ts.URL+"/"; got != want {
		t.Errorf("join address shown = %q, want %q", got, want)
	}
	teacher.shot("teacher-open")

	// Three students join through the address the QR code holds.
	nicks := []string{"Aigerim", "Bolat", "Dana"}
	students := make([]*page, len(nicks))
	for i, nick := range nicks {
		p := open(nick, "/?join="+code, nil)
		p.waitState(15*time.Second, "ready")
		if got := eval[string](p, `document.querySelector('#class-code').value`); got != code {
			t.Errorf("%s: the join box holds %q, want the code %q", nick, got, code)
		}
		p.set("#class-nick", nick)
		p.click("#class-join-btn")
		p.waitFor(nick+" joined", `document.querySelector('#class-bar').dataset.state === 'joined'`, 10*time.Second)
		students[i] = p
	}
	teacher.waitFor("three students in the roster", `document.querySelectorAll('#roster tbody tr[data-online="true"]').length === 3`, 10*time.Second)
	for _, nick := range nicks {
		if !eval[bool](teacher, fmt.Sprintf(`!!document.querySelector('#roster tr[data-nickname=%q]')`, nick)) {
			t.Errorf("the roster lacks %s", nick)
		}
	}
	if got := students[0].text("#class-who"); !templateRE(classEN["class.student.who"]).MatchString(got) || !strings.Contains(got, "Aigerim") {
		t.Errorf("the student's bar says %q", got)
	}
	students[0].shot("student-joined")

	// They train at once (the scheduler shares the two cores) and answer a
	// checkpoint through the page's class API.
	for _, p := range students {
		p.set("#dataset", "moons")
		p.set("#model", "mlp")
		p.set("#set-model-epochs", "40")
		p.click("#train")
	}
	for i, p := range students {
		if got := p.waitState(40*time.Second, "done", "stopped", "error"); got != "done" {
			t.Fatalf("%s: after training, state %q (status %q)", nicks[i], got, p.text("#status"))
		}
		if id := eval[string](p, `AISandboxClass.answer('moons-lab', 0, 'why-test', 'the test points are new', true)`); id == "" {
			t.Errorf("%s: the answer was not sent", nicks[i])
		}
	}
	teacher.waitFor("every result and answer", `[...document.querySelectorAll('#roster tbody tr')].every((tr) =>
		tr.dataset.accuracy !== '' && tr.dataset.answers === '1' && tr.dataset.status === 'idle')`, 10*time.Second)
	teacher.waitFor("three points on the class plot", `document.querySelectorAll('#class-plot circle.latest').length === 3`, 5*time.Second)
	if n := eval[int](teacher, `document.querySelectorAll('#answers tbody tr').length`); n != 3 {
		t.Errorf("%d answers listed, want 3", n)
	}
	teacher.shot("teacher-results")

	// The teacher starts an activity, moves everyone to its third step and
	// locks the number of epochs.
	teacher.set("#act-activity", "moons-lab")
	teacher.click("#act-start")
	teacher.waitFor("the activity started", `document.querySelector('#act-place').textContent.includes('moons-lab')`, 5*time.Second)
	teacher.set("#act-step", "3")
	teacher.click("#act-go")
	teacher.set("#act-settings", "epochs")
	teacher.click("#act-lock")
	teacher.waitFor("the lock shown", `!!document.querySelector('#act-locks [data-setting="epochs"]')`, 5*time.Second)
	wantPlace := fill(classEN["class.student.place"], map[string]string{"activity": "moons-lab", "step": "3"})
	for i, p := range students {
		p.waitFor(nicks[i]+" at step 3", fmt.Sprintf(`document.querySelector('#class-place').textContent === %q`, wantPlace), 10*time.Second)
		p.waitFor(nicks[i]+"'s epochs locked", `document.querySelector('#set-model-epochs').disabled && document.querySelector('#set-model-epochs').value === '200'`, 5*time.Second)
		if st := eval[map[string]any](p, `AISandboxClass.state()`); st["step"] != 2.0 || st["activity"] != "moons-lab" {
			t.Errorf("%s: class state %v", nicks[i], st)
		}
	}
	// Dana reloads her page: it rejoins by itself, as the same student, at
	// the class's step with the lock in place.
	token := eval[string](students[2], `document.querySelector('#class-token-show').textContent`)
	if err := chromedp.Do(students[2].ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload: %v", err)
	}
	students[2].waitFor("Dana back in the class", `document.querySelector('#class-bar').dataset.state === 'joined' &&
		document.querySelector('#set-model-epochs') && document.querySelector('#set-model-epochs').disabled`, 15*time.Second)
	if got := eval[string](students[2], `AISandboxClass.student().nickname + ' ' + document.querySelector('#class-token-show').textContent`); got != "Dana "+token {
		t.Errorf("after a reload: %q, want Dana with the rejoin code %q", got, token)
	}
	if got := students[2].text("#class-place"); got != wantPlace {
		t.Errorf("after a reload the place is %q, want %q", got, wantPlace)
	}
	teacher.waitFor("the roster at step 3", `[...document.querySelectorAll('#roster tbody tr')].every((tr) => tr.textContent.includes('moons-lab'))`, 5*time.Second)
	students[1].shot("student-step")

	// The projector, a tab of the teacher's browser, shows Bolat's result
	// without his nickname.
	projector := open("projector", "/projector.html?code="+code, teacher)
	projector.waitFor("the projector's join screen", `document.body.dataset.state === 'join'`, 10*time.Second)
	teacher.click(`#roster tr[data-nickname="Bolat"] button[data-action="project"]`)
	projector.waitFor("the projected result", `document.body.dataset.state === 'showing' && !!document.querySelector('#proj-plots svg')`, 10*time.Second)
	if got := projector.text("#proj-who"); got != classEN["class.projector.anonymous"] || strings.Contains(projector.text("main"), "Bolat") {
		t.Errorf("the anonymous projection shows %q", got)
	}
	if got := projector.text(`#proj-numbers [data-key="test_accuracy"] dt`); got != en["ui.test_acc"] {
		t.Errorf("projector's first number is %q", got)
	}
	projector.shot("projector")
	teacher.shot("teacher-steps")

	mu.Lock()
	defer mu.Unlock()
	for _, pr := range problems {
		t.Errorf("page script: %s", pr)
	}
}

// loadStringsAt reads a translation file of one area of the page.
func loadStringsAt(t *testing.T, path string) map[string]string {
	t.Helper()
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
