package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserEval drives the evaluation panel in headless Chromium: train
// logistic regression on the hiring table with a validation share, score
// it by home, move the threshold slider with the keyboard and see the
// demographic-parity gap change, give each group a threshold of its own,
// run a proxy probe, and switch to Kazakh. It skips without Chromium, and
// fails on CI (CI=true) then, like the other browser tests.
func TestBrowserEval(t *testing.T) {
	p := zooPage(t)
	en, kk := readStrings(t, "eval", "en"), readStrings(t, "eval", "kk")

	// The setup offers the hiring table's group and features.
	p.set("#dataset", "hiring")
	p.waitFor("the fairness choices", `!!document.querySelector('#eval-setup:not([hidden]) #eval-attr-0')`, 5*time.Second)
	if got := p.text("label[for=eval-attr-0]"); !templateRE(en["eval.setup.attribute"]).MatchString(got) {
		t.Errorf("attribute checkbox label %q, want %q filled in", got, en["eval.setup.attribute"])
	}
	if n := eval[int](p, `document.querySelectorAll('#eval-drop input[type=checkbox]').length`); n != 3 {
		t.Errorf("%d features to leave out, want 3 (experience, score, commute)", n)
	}
	p.set("#model", "logistic")
	p.setIf("#set-model-epochs", "60")
	p.set("#eval-validation", "0.2")
	p.trainDone(t, 20*time.Second)

	// The panel scores the model by home as soon as the run is done.
	p.waitFor("the evaluation", `document.querySelector('#eval-panel').dataset.state === 'shown' && !!document.querySelector('#eval-gap-dp')`, 10*time.Second)
	p.set("#eval-by", "home")
	p.waitFor("the evaluation by home", `document.querySelector('#eval-panel').dataset.state === 'shown' && !!document.querySelector('.eval-groups-table')`, 10*time.Second)
	acc := p.text("#eval-accuracy")
	if !strings.Contains(acc, "%") || !strings.Contains(acc, "95") {
		t.Errorf("accuracy sentence %q, want a percentage and its 95 %% interval", acc)
	}
	if !p.has("#eval-val-accuracy") {
		t.Error("no validation accuracy, though the train message asked for a validation share")
	}
	for _, sel := range []string{"#eval-confusion svg", "#eval-groups-plot svg", "#eval-tradeoff svg"} {
		if !p.has(sel) {
			t.Errorf("%s is missing", sel)
		}
	}
	if rows := eval[int](p, `document.querySelectorAll('.eval-groups-table tbody tr').length`); rows != 2 {
		t.Errorf("%d group rows, want 2 (city, village)", rows)
	}
	if eval[bool](p, `/NaN|undefined/.test(document.querySelector('#eval-panel').textContent)`) {
		t.Error("the panel shows NaN or undefined")
	}
	// The demographic-parity gap, its number and its text.
	const gapJS = `document.querySelector('#eval-gap-dp').dataset.value + ' ' + document.querySelector('#eval-gap-dp').textContent`
	gap := func() string { return eval[string](p, gapJS) }
	before := gap()
	p.shot("eval-shown")

	// Thirty presses of the left arrow move the threshold from 0.50 to
	// 0.20; the page asks again and the gap changes.
	if err := chromedp.Do(p.ctx, chromedp.Focus(chromedp.CSS("#eval-threshold")),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowLeft, 30))); err != nil {
		t.Fatalf("move the threshold slider: %v", err)
	}
	if got := p.value("#eval-threshold"); got != "0.2" {
		t.Errorf("threshold slider at %q after 30 steps left, want 0.2", got)
	}
	p.waitFor("the gap to change", fmt.Sprintf(`document.querySelector('#eval-panel').dataset.state === 'shown' && %s !== %q`, gapJS, before), 10*time.Second)
	if !eval[bool](p, `document.activeElement && document.activeElement.id === 'eval-threshold'`) {
		t.Error("the slider lost the keyboard focus when the answer came")
	}
	if got := p.text("#eval-threshold-value"); !strings.Contains(got, "0.20") {
		t.Errorf("threshold text %q, want it to say 0.20", got)
	}
	moved := gap()

	// A threshold for each group: the village's slider set to 0.1.
	p.click("#eval-per-group")
	p.waitFor("a slider for each group", `!!document.querySelector('#eval-threshold-1')`, 5*time.Second)
	p.set("#eval-threshold-1", "0.1")
	p.waitFor("the gap with group thresholds", fmt.Sprintf(`document.querySelector('#eval-panel').dataset.state === 'shown' && %s !== %q`, gapJS, moved), 10*time.Second)

	// A proxy probe: every applicant given the other group's commute.
	p.set("#eval-probe-what", "commute")
	p.click("#eval-probe-attribute")
	p.waitFor("the probe's result", `!!document.querySelector('.eval-probe[data-kind=attribute] .eval-probe-table')`, 10*time.Second)
	if got := p.text(".eval-probe[data-kind=attribute] .eval-probe-table tbody tr"); !strings.Contains(got, "decisions changed") {
		t.Errorf("probe row %q, want the count of changed decisions", got)
	}

	// Nothing is wider than the results panel of a 1024×768 screen.
	if eval[bool](p, `(() => { const r = document.querySelector('#results'); return r.scrollWidth > r.clientWidth + 1; })()`) {
		t.Error("the evaluation panel makes the results panel scroll sideways at 1024×768")
	}
	p.shot("eval-probe")

	// In Kazakh: the texts of the page and, asked again, the plots.
	p.set("#lang", "kk")
	p.waitFor("Kazakh", `document.body.dataset.lang === 'kk'`, 10*time.Second)
	if got, want := p.text("#eval-heading"), kk["eval.heading"]; got != want {
		t.Errorf("heading in Kazakh %q, want %q", got, want)
	}
	p.waitFor("the Kazakh gap names", fmt.Sprintf(`[...document.querySelectorAll('#eval-gaps dt')].some(d => d.textContent === %q)`, kk["eval.gap.dp"]), 5*time.Second)
	p.waitFor("the plots in Kazakh", `(document.querySelector('#eval-confusion svg') || {textContent: ''}).textContent.includes('Қателер матрицасы')`, 10*time.Second)
	if got := p.text("label[for=eval-threshold]"); got != kk["eval.threshold"] {
		t.Errorf("slider label %q, want %q", got, kk["eval.threshold"])
	}
	p.shot("eval-kk")
}
