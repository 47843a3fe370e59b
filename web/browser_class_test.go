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

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// classBrowserTimeout bounds the whole classroom browser test: five tabs of
// one Chromium on a 2-core machine take about 20 s, and the two runs
// trained through a reload and a reconnect about 10 s more.
const classBrowserTimeout = 150 * time.Second

// The activity the teacher starts from the dashboard's list, and the step
// pushed (from 0): its second step trains logistic regression on the moons,
// a model that has the epochs setting the test locks.
const (
	classActivity = "maths-boundaries"
	classStep     = 1
)

// keepSockets, run in a page before its scripts, keeps every websocket the
// page opens in window.aisandboxSockets, so that a test can close one as a
// dropped Wi-Fi would.
const keepSockets = `window.aisandboxSockets = [];
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    window.aisandboxSockets.push(this);
  }
};`

// A run long enough to leave the page in the middle of it: 5,000 points
// (3,500 to train on) and 600 epochs of the default network take about
// 7 s on one core of the 2-core test machine (300 epochs: 3.5 s with
// `aisandbox train --dataset moons -n 5000 --epochs 300`), several times
// a reload or a reconnect; a busier machine only makes them longer.
const (
	longRunPoints = "5000"
	longRunEpochs = "600"
)

// TestClassBrowser runs a lesson in one headless Chromium: a teacher's
// dashboard and three students, each in a browser context of their own (so
// each has its own storage, as on separate devices). The teacher opens a
// class; the students join with its code, train and answer; the teacher
// sees them appear with their results. One student reloads her page while
// a run trains, another loses his connection: each page rejoins and shows
// the run going on and ending. The
// teacher starts an activity chosen from the dashboard's list, moves the
// class to its second step, locks a setting and projects a result; the
// students and the projector see it.
func TestClassBrowser(t *testing.T) {
	chrome := findChromium(t)
	acts := builtinActivities(t)
	var activity *activities.Activity
	for _, a := range acts {
		if a.ID == classActivity {
			activity = a
		}
	}
	if activity == nil || len(activity.Steps) <= classStep {
		t.Fatalf("no built-in activity %q with a step %d", classActivity, classStep+1)
	}
	ts := startClassServer(t, sandbox.Config{}, web.Options{Activities: acts})

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

	// Two students train a long run each and leave in the middle of it:
	// Aigerim reloads her page, Bolat's connection drops (the page's socket
	// is closed under it) and the page reconnects. Each page rejoins and
	// shows its run as its own, the numbers and plots going on, and its
	// end, not a lost run.
	aigerim, bolat := students[0], students[1]
	keep := func(ctx context.Context, tab *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tab, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: keepSockets})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(bolat.ctx, keep, chromedp.Reload()); err != nil {
		t.Fatalf("Bolat: keep the page's sockets: %v", err)
	}
	bolat.waitFor("Bolat back in the class", `document.querySelector('#class-bar').dataset.state === 'joined' && document.body.dataset.state === 'ready'`, 15*time.Second)
	leaving := []*page{aigerim, bolat}
	for _, p := range leaving {
		p.set("#set-dataset-n", longRunPoints)
		p.set("#set-model-epochs", longRunEpochs)
		p.click("#train")
	}
	for _, p := range leaving {
		p.waitFor("a long run under way", `document.body.dataset.state === 'training' && document.querySelector('#progress').value >= 1`, 20*time.Second)
	}
	if err := chromedp.Do(aigerim.ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload: %v", err)
	}
	eval[bool](bolat, `(window.aisandboxSockets.at(-1).close(), true)`)
	for _, p := range leaving {
		p.waitFor("the run adopted after coming back", `document.querySelector('#class-bar').dataset.state === 'joined' &&
			document.body.dataset.state === 'training'`, 15*time.Second)
		if got, lost := p.text("#status"), en["ui.status.lost_run"]; got == lost {
			t.Errorf("after coming back the page says %q", got)
		}
		if got := eval[string](p, `document.querySelector('#set-dataset-n').value + ' ' + document.querySelector('#set-model-epochs').value`); got != longRunPoints+" "+longRunEpochs {
			t.Errorf("after coming back the form shows n and epochs %q, want the run's %s %s", got, longRunPoints, longRunEpochs)
		}
	}
	if n := eval[int](bolat, `window.aisandboxSockets.length`); n < 2 {
		t.Errorf("Bolat's page opened %d sockets: it never reconnected", n)
	}
	for _, p := range leaving {
		p.waitFor("plots after coming back", `!!document.querySelector('#plot-loss svg') && !!document.querySelector('#plot-regions svg')`, 15*time.Second)
		before := eval[map[string]any](p, `({epoch: document.querySelector('#progress').value, loss: document.querySelector('#plot-loss').innerHTML})`)
		p.waitFor("the plots and numbers going on", fmt.Sprintf(`document.querySelector('#progress').value > %v &&
			document.querySelector('#plot-loss').innerHTML !== %q`, before["epoch"], before["loss"]), 15*time.Second)
		if got := p.text("#class-note"); got != classEN["class.run.resumed"] {
			t.Errorf("the class bar says %q, want %q", got, classEN["class.run.resumed"])
		}
	}
	aigerim.shot("student-adopted")
	for _, p := range leaving {
		if got := p.waitState(60*time.Second, "done", "stopped", "error"); got != "done" {
			t.Fatalf("the adopted run ended in state %q (status %q)", got, p.text("#status"))
		}
		if got := p.text("#status"); !templateRE(en["ui.status.done"]).MatchString(got) {
			t.Errorf("after the adopted run the status is %q", got)
		}
		if got := eval[string](p, `document.querySelector('#progress').value + '/' + document.querySelector('#progress').max + ' ' + (document.querySelector('#test-acc').dataset.value || '')`); !strings.HasPrefix(got, longRunEpochs+"/"+longRunEpochs+" 0.") {
			t.Errorf("after the adopted run: progress and test accuracy %q", got)
		}
	}
	teacher.waitFor("the two long runs' results", `document.querySelectorAll('#class-plot circle[data-student]').length === 5`, 10*time.Second)

	// The teacher chooses an activity from the dashboard's list (every
	// activity of the server, by subject), starts it, and moves everyone
	// to its second step, chosen by its title.
	teacher.waitFor("the list of activities", fmt.Sprintf(`document.querySelectorAll('#act-activity option[value]:not([value=""])').length === %d`, len(acts)), 10*time.Second)
	if got := eval[[]string](teacher, `[...document.querySelectorAll('#act-activity optgroup')].map((g) => g.dataset.subject)`); strings.Join(got, " ") != "physics biology chemistry maths ai" {
		t.Errorf("the activities are grouped by %v", got)
	}
	option := teacher.text(fmt.Sprintf(`#act-activity option[value=%q]`, classActivity))
	for _, want := range []string{activity.Title.EN, "8-9", fmt.Sprint(activity.Minutes)} {
		if !strings.Contains(option, want) {
			t.Errorf("the list shows %q for %s, without %q", option, classActivity, want)
		}
	}
	teacher.set("#act-activity", classActivity)
	if got := teacher.text("#act-about"); !strings.Contains(got, fill(en["activity.steps"], map[string]string{"count": fmt.Sprint(len(activity.Steps))})) {
		t.Errorf("the chosen activity is described as %q", got)
	}
	teacher.click("#act-start")
	teacher.waitFor("the activity started", fmt.Sprintf(`document.querySelector('#act-place').textContent.includes(%q)`, activity.Title.EN), 5*time.Second)
	teacher.waitFor("its steps in the step list", fmt.Sprintf(`document.querySelector('#act-step').dataset.for === %q &&
		document.querySelectorAll('#act-step option').length === %d`, classActivity, len(activity.Steps)), 10*time.Second)
	stepTitle := activity.Steps[classStep].Title.EN
	if got, want := teacher.text(fmt.Sprintf(`#act-step option[value="%d"]`, classStep)), fill(classEN["class.actions.step_option"], map[string]string{"step": fmt.Sprint(classStep + 1), "title": stepTitle}); got != want {
		t.Errorf("step %d is listed as %q, want %q", classStep+1, got, want)
	}
	for i, p := range students {
		p.waitFor(nicks[i]+" in the activity", fmt.Sprintf(`document.body.dataset.activity === %q && document.body.dataset.activityStep === '0'`, classActivity), 10*time.Second)
	}
	teacher.set("#act-step", fmt.Sprint(classStep))
	teacher.click("#act-go")
	teacher.waitFor("the class at the step", fmt.Sprintf(`document.querySelector('#act-step').value === '%d' && !document.querySelector('#act-prev').disabled`, classStep), 5*time.Second)
	teacher.set("#act-settings", "epochs")
	teacher.click("#act-lock")
	teacher.waitFor("the lock shown", `!!document.querySelector('#act-locks [data-setting="epochs"]')`, 5*time.Second)
	wantPlace := fill(classEN["class.student.place"], map[string]string{"activity": classActivity, "step": fmt.Sprint(classStep + 1)})
	for i, p := range students {
		p.waitFor(nicks[i]+" at the step", fmt.Sprintf(`document.querySelector('#class-place').textContent === %q &&
			document.body.dataset.activity === %q && document.body.dataset.activityStep === '%d'`, wantPlace, classActivity, classStep), 10*time.Second)
		if got, want := p.text("#activity-step-title"), fmt.Sprintf("%d. %s", classStep+1, stepTitle); got != want {
			t.Errorf("%s: the runner shows the step %q, want %q", nicks[i], got, want)
		}
		p.waitFor(nicks[i]+"'s epochs locked", `document.querySelector('#set-model-epochs').disabled && document.querySelector('#set-model-epochs').value === '200'`, 5*time.Second)
		if st := eval[map[string]any](p, `AISandboxClass.state()`); st["step"] != float64(classStep) || st["activity"] != classActivity {
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
	students[2].waitFor("Dana's runner back at the step", fmt.Sprintf(`document.body.dataset.activity === %q && document.body.dataset.activityStep === '%d'`, classActivity, classStep), 10*time.Second)
	teacher.waitFor("the roster at the step", fmt.Sprintf(`[...document.querySelectorAll('#roster tbody tr')].every((tr) => tr.textContent.includes(%q))`,
		fill(classEN["class.place"], map[string]string{"activity": activity.Title.EN, "step": fmt.Sprint(classStep + 1)})), 5*time.Second)
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

	// In Kazakh, the dashboard lists the activities and names the steps in
	// Kazakh.
	teacher.set("#lang", "kk")
	classKK := loadStringsAt(t, "i18n/class/kk.json")
	wantStep := fill(classKK["class.actions.step_option"], map[string]string{"step": fmt.Sprint(classStep + 1), "title": activity.Steps[classStep].Title.KK})
	teacher.waitFor("the steps in Kazakh", fmt.Sprintf(`document.querySelector('#act-step option[value="%d"]').textContent === %q && document.querySelector('#act-step').value === '%d'`, classStep, wantStep, classStep), 10*time.Second)
	if got := teacher.text(fmt.Sprintf(`#act-activity option[value=%q]`, classActivity)); !strings.HasPrefix(got, activity.Title.KK) {
		t.Errorf("in Kazakh the list shows %q for %s", got, classActivity)
	}

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
