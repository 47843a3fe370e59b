package web_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// activitiesTimeout bounds the whole activity browser test: five
// activities of about seven steps each, with a few short trainings, take
// some 40 s on a 2-core machine.
const activitiesTimeout = 120 * time.Second

// walked are the activities the browser test walks, one per subject,
// each in a language.
var walked = []struct {
	id   string
	lang i18n.Lang
}{
	{"physics-projectile", i18n.EN},
	{"biology-penguins", i18n.RU},
	{"chemistry-elements", i18n.EN},
	{"maths-fit-a-line", i18n.EN},
	{"ai-how-ai-reads-text", i18n.KK},
}

// activityBrowser starts Chromium for an activity test: its screenshots go
// to their own directory, and warnings of the page fail the test too.
func activityBrowser(t *testing.T) *page {
	t.Helper()
	_, p := startBrowser(t, browserConfig{timeout: activitiesTimeout, shots: "activities", warnings: true})
	return p
}

// TestBrowserActivities drives the activities in headless Chromium: the
// picker and its filters, then one activity of every subject walked from
// its first step to its last, each question answered (one first wrongly)
// and marked by the server, the explanations shown in the activity's
// language, the presets, locks and hidden settings of every step checked,
// the runs the steps ask for trained; then the embed page.
func TestBrowserActivities(t *testing.T) {
	ts, _ := startWebServer(t, web.Options{Activities: builtinActivities(t)})
	p := activityBrowser(t)
	url := ts.URL
	as := builtinActivities(t)
	byID := map[string]*activities.Activity{}
	for _, a := range as {
		byID[a.ID] = a
	}
	p.open(url + "/?lang=en")
	p.waitState(10*time.Second, "ready")
	// Every message the page sends is kept, to see what a train message
	// carried.
	eval[bool](p, `(() => {
		window.__sent = [];
		const send = WebSocket.prototype.send;
		WebSocket.prototype.send = function (data) { window.__sent.push(String(data)); return send.call(this, data); };
		return true;
	})()`)

	// The picker lists every activity written in English, filtered.
	p.click("#tab-activities")
	p.waitFor("the list of activities", `document.querySelectorAll('#activity-list .activity-card').length > 0`, 10*time.Second)
	inEnglish := 0
	physics := 0
	for _, a := range as {
		if slices.Contains(a.Languages(), i18n.EN) {
			inEnglish++
			if a.Subject == activities.Physics {
				physics++
			}
		}
	}
	if n := eval[int](p, `document.querySelectorAll('#activity-list .activity-card').length`); n != inEnglish {
		t.Errorf("%d cards, want %d", n, inEnglish)
	}
	p.set("#activity-subject", "physics")
	if got := eval[[]string](p, `[...document.querySelectorAll('#activity-list .activity-card')].map(c => c.dataset.subject)`); len(got) != physics || slices.ContainsFunc(got, func(s string) bool { return s != "physics" }) {
		t.Errorf("physics only: %v, want %d", got, physics)
	}
	p.set("#activity-grade", "5-7")
	for _, id := range eval[[]string](p, `[...document.querySelectorAll('#activity-list .activity-card')].map(c => c.dataset.id)`) {
		if !slices.Contains(byID[id].Grades, activities.Grades5to7) {
			t.Errorf("%s is listed for grades 5-7", id)
		}
	}
	p.set("#activity-subject", "")
	p.set("#activity-grade", "")
	card := `#activity-list .activity-card[data-id="physics-projectile"]`
	if txt := p.text(card + " .activity-competencies"); !strings.Contains(txt, "AI techniques and applications") {
		t.Errorf("competencies shown as %q", txt)
	}
	if txt := p.text(card + " .activity-meta"); !strings.Contains(txt, "45 min") || !strings.Contains(txt, "Physics") {
		t.Errorf("the card's line %q lacks its minutes or subject", txt)
	}
	p.shot("picker")

	for _, w := range walked {
		a := byID[w.id]
		if a == nil {
			t.Fatalf("there is no built-in activity %q", w.id)
		}
		walkActivity(t, p, a, w.lang)
	}

	// A reload comes back to the activity and step the page was at.
	p.click("#tab-activities")
	p.set("#activity-lang", "en")
	p.click(`#activity-list .activity-card[data-id="maths-fit-a-line"] button[data-open]`)
	p.waitFor("the activity open", `document.body.dataset.activity === 'maths-fit-a-line' && document.body.dataset.activityStep === '0'`, 10*time.Second)
	p.click("#activity-next")
	p.waitFor("its second step", `document.body.dataset.activityStep === '1'`, 5*time.Second)
	if err := chromedp.Do(p.ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the activity after a reload", `document.body.dataset.activity === 'maths-fit-a-line' && document.body.dataset.activityStep === '1'`, 15*time.Second)
	p.click("#activity-close")

	// The embed page shows one activity alone, at the step asked for.
	p.open(url + "/embed/maths-fit-a-line?lang=kk&step=2")
	p.waitFor("the embedded activity", `document.body.dataset.activity === 'maths-fit-a-line' && document.body.dataset.activityStep === '1' && document.querySelector('#activity-runner').dataset.state === 'shown'`, 15*time.Second)
	fit := byID["maths-fit-a-line"]
	if got := p.text("#activity-title"); got != fit.Title.KK {
		t.Errorf("embedded title %q, want the Kazakh %q", got, fit.Title.KK)
	}
	for _, sel := range []string{"header.top", "#class-bar", "nav.tabs", "#activity-close"} {
		if eval[bool](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null; })()`, sel)) {
			t.Errorf("the embed page shows %s", sel)
		}
	}
	if !eval[bool](p, `document.querySelector('#view-autograd').offsetParent !== null`) {
		t.Error("the embedded autograd step does not show the autograd view")
	}
	p.shot("embed")

	// On a wide screen the runner stands beside the step's view.
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(1366, 768), chromedp.Navigate(url+"/embed/physics-projectile?lang=ru&step=2")); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the embedded training step", `document.body.dataset.activityStep === '1' && document.querySelector('#activity-runner').dataset.state === 'shown'`, 15*time.Second)
	if !eval[bool](p, `document.querySelector('#activity-runner').getBoundingClientRect().right <= document.querySelector('main.views').getBoundingClientRect().left`) {
		t.Error("on a 1366 px screen the runner is not beside the view")
	}
	p.click("#activity-fold")
	if eval[bool](p, `document.querySelector('#activity-step').checkVisibility()`) {
		t.Error("the folded step still shows")
	}
	p.shot("wide")
}

// walkActivity opens a from the picker in language l and goes through its
// steps.
func walkActivity(t *testing.T, p *page, a *activities.Activity, l i18n.Lang) {
	t.Helper()
	t.Logf("walking %s in %s", a.ID, l)
	p.click("#tab-activities")
	p.set("#activity-lang", string(l))
	p.waitFor("the list in "+string(l), fmt.Sprintf(`!!document.querySelector('#activity-list .activity-card[data-id=%q] button[data-open]')`, a.ID), 10*time.Second)
	p.click(fmt.Sprintf(`#activity-list .activity-card[data-id=%q] button[data-open]`, a.ID))
	p.waitFor("the activity "+a.ID, fmt.Sprintf(`document.body.dataset.activity === %q && document.body.dataset.activityStep === '0' && document.body.dataset.lang === %q && document.querySelector('#activity-title').textContent === %q`, a.ID, l, a.Title.In(l)), 15*time.Second)
	if !strings.Contains(eval[string](p, `document.querySelector('#activity-worksheet').href`), "/worksheet/"+a.ID+"?lang="+string(l)) {
		t.Errorf("%s: the worksheet link is %q", a.ID, eval[string](p, `document.querySelector('#activity-worksheet').href`))
	}
	wrongFirst := true
	for i := range a.Steps {
		st := &a.Steps[i]
		where := fmt.Sprintf("%s step %d (%s)", a.ID, i+1, st.ID)
		p.waitFor(where, fmt.Sprintf(`document.body.dataset.activityStep === '%d' && document.body.dataset.activityPanel === %q`, i, st.Panel), 10*time.Second)
		if got, want := p.text("#activity-progress-text"), progressText(t, l, i+1, len(a.Steps)); got != want {
			t.Errorf("%s: progress %q, want %q", where, got, want)
		}
		if got := p.text("#activity-step-title"); got != fmt.Sprintf("%d. %s", i+1, st.Title.In(l)) {
			t.Errorf("%s: title %q", where, got)
		}
		if got := plain(eval[string](p, `document.querySelector('#activity-instructions').innerHTML`)); got != plainMarkup(st.Instructions.In(l)) {
			t.Errorf("%s: instructions %q, want %q", where, got, plainMarkup(st.Instructions.In(l)))
		}
		checkView(t, p, where, st.Panel)
		checkPresets(t, p, where, st)
		if embed := p.value("#activity-embed-url"); !strings.HasSuffix(embed, fmt.Sprintf("/embed/%s?lang=%s&step=%d", a.ID, l, i+1)) {
			t.Errorf("%s: embed address %q", where, embed)
		}
		if len(st.Hints) > 0 {
			p.click("#activity-hint")
			p.waitFor(where+": a hint", `document.querySelectorAll('#activity-hints .activity-hint').length === 1`, 5*time.Second)
			if got := plain(eval[string](p, `document.querySelector('#activity-hints .activity-hint div').innerHTML`)); got != plainMarkup(st.Hints[0].In(l)) {
				t.Errorf("%s: hint %q", where, got)
			}
		}
		runStep(t, p, where, a, i)
		if cp := st.Checkpoint; cp != nil {
			if wrongFirst && cp.Kind == activities.Number {
				// Not a number: the server refuses it, the page keeps it.
				p.set("#activity-number", "x1")
				p.click("#activity-submit")
				p.waitFor(where+": the refusal", `document.querySelector('#activity-result').dataset.state === 'error'`, 10*time.Second)
				if got := p.text("#activity-result"); !strings.Contains(got, "x1") {
					t.Errorf("%s: the refusal says %q", where, got)
				}
				if got := p.value("#activity-number"); got != "x1" {
					t.Errorf("%s: after the refusal the box holds %q", where, got)
				}
			}
			if wrongFirst && (cp.Kind == activities.Number || cp.Kind == activities.Choice) {
				answerCheckpoint(t, p, where, cp, l, false)
				p.click("#activity-again")
				wrongFirst = false
			}
			answerCheckpoint(t, p, where, cp, l, true)
		}
		p.shot(fmt.Sprintf("%s-%d", a.ID, i+1))
		p.click("#activity-next")
	}
	p.waitFor(a.ID+": the end", `document.querySelector('#activity-note').textContent.length > 0 && document.querySelector('#activity-next').disabled`, 5*time.Second)
	questions := 0
	for _, st := range a.Steps {
		if st.Checkpoint != nil {
			questions++
		}
	}
	if got := eval[int](p, `document.querySelectorAll('#activity-result').length`); got != 1 {
		t.Errorf("%s: %d result boxes", a.ID, got)
	}
	answered := eval[string](p, `document.querySelector('#activity-answered').textContent`)
	if !strings.Contains(answered, fmt.Sprint(questions)) {
		t.Errorf("%s: %q does not count %d questions", a.ID, answered, questions)
	}
	p.click("#activity-close")
	p.waitFor(a.ID+": closed", `!document.body.dataset.activity && document.querySelector('#view-activities').hidden === false`, 5*time.Second)
	if eval[bool](p, `[...document.querySelectorAll('#setup-fields [data-path], #dataset, #model')].some(c => c.dataset.activityLocked)`) {
		t.Errorf("%s: controls stay locked after the activity is closed", a.ID)
	}
}

// progressText is "Step N of M" in language l, from the page's strings.
func progressText(t *testing.T, l i18n.Lang, step, steps int) string {
	t.Helper()
	return fill(readStrings(t, "activities", string(l))["activity.progress"], map[string]string{"step": fmt.Sprint(step), "steps": fmt.Sprint(steps)})
}

// checkView checks that only the view of the step's panel shows.
func checkView(t *testing.T, p *page, where string, panel activities.Panel) {
	t.Helper()
	want := map[activities.Panel]string{
		activities.PanelTrain: "view-train", activities.PanelEvaluate: "view-train", activities.PanelGroups: "view-train",
		activities.PanelProbe: "view-train", activities.PanelGenerate: "view-train",
		activities.PanelTokenizer: "view-tokens", activities.PanelAutograd: "view-autograd",
	}[panel]
	shown := eval[[]string](p, `[...document.querySelectorAll('main.views > .view')].filter(v => v.offsetParent !== null).map(v => v.id)`)
	if want == "" && len(shown) != 0 || want != "" && !slices.Equal(shown, []string{want}) {
		t.Errorf("%s: the %s panel shows views %v", where, panel, shown)
	}
	if eval[bool](p, `document.querySelector('nav.tabs').checkVisibility({visibilityProperty: true})`) {
		t.Errorf("%s: the tabs show while an activity runs", where)
	}
}

// checkPresets checks the step's presets on the page: the data and model
// chosen, locked controls disabled, hidden ones hidden.
func checkPresets(t *testing.T, p *page, where string, st *activities.Step) {
	t.Helper()
	for key, pr := range st.Settings {
		if key == "train_group" {
			continue // no control: it goes into the train message
		}
		var v any
		if len(pr.Value) > 0 {
			json.Unmarshal(pr.Value, &v)
		}
		if s, ok := v.(string); ok && (key == "dataset" || key == "model") {
			if got := eval[string](p, fmt.Sprintf(`document.querySelector('#%s').value`, key)); got != s {
				t.Errorf("%s: %s is %q, want %q", where, key, got, s)
			}
		}
		state := eval[[]bool](p, fmt.Sprintf(`(() => {
			const cs = window.AISandbox.controls(%q);
			return [cs.length > 0, cs.length > 0 && cs.every(c => c.disabled), cs.length > 0 && cs.every(c => !c.checkVisibility())];
		})()`, key))
		if !state[0] {
			t.Errorf("%s: the page has no control for %s", where, key)
			continue
		}
		if pr.Locked && !pr.Hidden && !state[1] {
			t.Errorf("%s: %s is not locked", where, key)
		}
		if pr.Hidden && !state[2] {
			t.Errorf("%s: %s is not hidden", where, key)
		}
	}
}

// runStep does what the step asks at the computer: train when it presets
// a model or needs one, split the text, build the graph.
func runStep(t *testing.T, p *page, where string, a *activities.Activity, i int) {
	t.Helper()
	st := &a.Steps[i]
	switch st.Panel {
	case activities.PanelTrain, activities.PanelGenerate:
		before := eval[int](p, `window.__sent.length`)
		p.trainDone(t, 40*time.Second)
		sent := eval[[]string](p, fmt.Sprintf(`window.__sent.slice(%d).filter(s => JSON.parse(s).type === 'train')`, before))
		if len(sent) != 1 {
			t.Fatalf("%s: %d train messages", where, len(sent))
		}
		var msg map[string]any
		json.Unmarshal([]byte(sent[0]), &msg)
		var group any
		for j := 0; j <= i; j++ {
			if pr, ok := a.Steps[j].Settings["train_group"]; ok {
				json.Unmarshal(pr.Value, &group)
			}
		}
		if fmt.Sprint(msg["train_group"]) != fmt.Sprint(group) {
			t.Errorf("%s: the train message has train_group %v, want %v", where, msg["train_group"], group)
		}
		for key, pr := range st.Settings {
			name, isModel := strings.CutPrefix(key, "model.")
			if !isModel || len(pr.Value) == 0 {
				continue
			}
			model, _ := msg["model"].(map[string]any)
			var want any
			json.Unmarshal(pr.Value, &want)
			if fmt.Sprint(model[name]) != fmt.Sprint(want) {
				t.Errorf("%s: the run trained with %s = %v, want %v", where, key, model[name], want)
			}
		}
	case activities.PanelEvaluate, activities.PanelGroups, activities.PanelProbe:
		if !eval[bool](p, `!!(window.AISandbox.run() && window.AISandbox.run().ready)`) {
			p.click("#activity-train")
			p.waitState(40*time.Second, "done")
		}
		if eval[bool](p, `document.querySelector('#activity-need-model').checkVisibility()`) {
			t.Errorf("%s: asks for a model though one is trained", where)
		}
		p.waitFor(where+": the evaluation", `document.querySelector('#eval-panel').dataset.state === 'shown'`, 20*time.Second)
	case activities.PanelTokenizer:
		p.waitFor(where+": the tokens", `!!document.querySelector('#tok-result .tok-row')`, 10*time.Second)
		if pr, ok := st.Settings["tokenizer.text"]; ok {
			var want string
			json.Unmarshal(pr.Value, &want)
			if got := eval[string](p, `document.querySelector('#tok-result').dataset.text`); got != want {
				t.Errorf("%s: split %q, want %q", where, got, want)
			}
		}
	case activities.PanelAutograd:
		p.waitFor(where+": the graph", `!!document.querySelector('#ag-graph svg') && !document.querySelector('#ag-step').disabled`, 10*time.Second)
		p.click("#ag-step")
		p.waitFor(where+": a step downhill", `JSON.parse(document.querySelector('#ag-loss').dataset.losses || '[]').length >= 2`, 10*time.Second)
	}
}

// answerCheckpoint answers the step's question, rightly or not, and checks
// the server's mark and the explanation in language l.
func answerCheckpoint(t *testing.T, p *page, where string, cp *activities.Checkpoint, l i18n.Lang, right bool) {
	t.Helper()
	var want string // the data-correct the result must show
	switch cp.Kind {
	case activities.Choice:
		ids := cp.Correct
		if !right {
			for _, o := range cp.Options {
				if !slices.Contains(cp.Correct, o.ID) {
					ids = []string{o.ID}
					break
				}
			}
		}
		js, _ := json.Marshal(ids)
		eval[bool](p, fmt.Sprintf(`(() => {
			for (const box of document.querySelectorAll('#activity-form input[name="activity-answer"]')) box.checked = %s.includes(box.value);
			return true;
		})()`, js))
		want = fmt.Sprint(right)
	case activities.Number:
		x := *cp.Answer
		if !right {
			x = *cp.Answer*2 + 10
		}
		typed := fmt.Sprint(x)
		if l != i18n.EN {
			typed = strings.Replace(typed, ".", ",", 1) // a decimal comma, as typed in Kazakh and Russian
		}
		p.set("#activity-number", typed)
		want = fmt.Sprint(right)
	case activities.Predict:
		if len(cp.Options) > 0 {
			p.click("#activity-opt-0")
		} else {
			p.set("#activity-text", "I think the line will bend.")
		}
		want = "none"
	case activities.Text:
		p.set("#activity-text", map[i18n.Lang]string{
			i18n.KK: "Модель деректерден үйренеді, сондықтан оны тексеру керек.",
			i18n.RU: "Модель учится на данных, поэтому её нужно проверять.",
			i18n.EN: "The model learns from data, so it has to be checked.",
		}[l])
		want = "none"
	}
	p.click("#activity-submit")
	p.waitFor(where+": the mark", `document.querySelector('#activity-result').dataset.state === 'checked' || document.querySelector('#activity-result').dataset.state === 'error'`, 10*time.Second)
	if st := eval[string](p, `document.querySelector('#activity-result').dataset.state`); st != "checked" {
		t.Fatalf("%s: the answer was refused: %q", where, p.text("#activity-result"))
	}
	if got := eval[string](p, `document.querySelector('#activity-result').dataset.correct`); got != want {
		t.Errorf("%s: marked %q, want %q (answered rightly: %v)", where, got, want, right)
	}
	if got := plain(eval[string](p, `document.querySelector('#activity-explanation').innerHTML`)); got != plainMarkup(cp.Explanation.In(l)) {
		t.Errorf("%s: explanation %q, want %q", where, got, plainMarkup(cp.Explanation.In(l)))
	}
}

// TestBrowserActivityInClass: a student's page in a class follows the
// teacher's pushes into an activity and to a step, tells the teacher each
// step it moves to, and its answer reaches the dashboard with the server's
// mark.
func TestBrowserActivityInClass(t *testing.T) {
	ts := startClassServer(t, sandbox.Config{}, web.Options{Activities: append(builtinActivities(t), kindsActivity(t))})
	p := activityBrowser(t)
	teacher, code, _ := openClass(t, ts, nil)
	p.open(ts.URL + "/?lang=en&join=" + code)
	p.waitState(10*time.Second, "ready")
	p.set("#class-nick", "Dana")
	p.click("#class-join-btn")
	p.waitFor("joined", `document.querySelector('#class-bar').dataset.state === 'joined'`, 10*time.Second)

	act := func(a map[string]any) {
		t.Helper()
		if m := teacher.request(map[string]any{"type": "act", "id": "act", "action": a}, "acted"); m.str("type") != "acted" {
			t.Fatalf("act %v: %v", a, m)
		}
	}
	act(map[string]any{"type": "start", "activity": "test-kinds"})
	p.waitFor("the pushed activity", `document.body.dataset.activity === 'test-kinds' && document.body.dataset.activityStep === '0'`, 10*time.Second)
	act(map[string]any{"type": "step", "step": 3})
	p.waitFor("the pushed step", `document.body.dataset.activityStep === '3'`, 10*time.Second)
	if got := p.text("#activity-note"); !strings.Contains(got, "step 4") {
		t.Errorf("the note after a push says %q", got)
	}
	// The student moves on by themselves: the teacher hears of it.
	p.click("#activity-next")
	teacher.waitMsg("the student's move", func(m msg) bool {
		return classEvent(m, "student", "Dana", func(ev map[string]any) bool {
			s := ev["student"].(map[string]any)
			return s["activity"] == "test-kinds" && s["step"] == 4.0
		})
	})
	p.click("#activity-prev")
	p.waitFor("back at step 4", `document.body.dataset.activityStep === '3'`, 5*time.Second)
	eval[bool](p, `(() => {
		for (const box of document.querySelectorAll('#activity-form input[name="activity-answer"]')) box.checked = ['two-fourths', 'half-decimal'].includes(box.value);
		return true;
	})()`)
	p.click("#activity-submit")
	p.waitFor("the mark", `document.querySelector('#activity-result').dataset.state === 'checked'`, 10*time.Second)
	if got := eval[string](p, `document.querySelector('#activity-result').dataset.correct`); got != "true" {
		t.Errorf("marked %q, want true", got)
	}
	if got := p.text("#activity-result .activity-saved"); !strings.Contains(got, "teacher can see") {
		t.Errorf("where the answer is kept: %q", got)
	}
	ev := teacher.waitMsg("the answer", func(m msg) bool { return classEvent(m, "answer", "", nil) })
	ans := ev["event"].(map[string]any)["answer"].(map[string]any)
	if ans["nickname"] != "Dana" || ans["checkpoint"] != "pick-two" || ans["correct"] != true || ans["step"] != 3.0 {
		t.Errorf("the dashboard got %v", ans)
	}
	p.shot("class")
}
