package web_test

import (
	"strings"
	"testing"
	"time"
)

// TestBrowserEvalOneGroup drives training on one group and the
// extrapolation probe in headless Chromium: a group too small to learn
// from is refused beside its control; penguins trained on Dream are told
// they never saw the Gentoo; the projectile's card and run say what it
// predicts, with its unit; and the probe sweeps the angle a whole range
// beyond its training values, the speed held at its median. It skips
// without Chromium, like the other browser tests.
func TestBrowserEvalOneGroup(t *testing.T) {
	p := zooPage(t)
	en := readStrings(t, "eval", "en")

	p.set("#dataset", "penguins")
	p.waitFor("the group choice", `!!document.querySelector('#eval-setup:not([hidden]) #eval-train-group')`, 5*time.Second)
	if got := p.options("#eval-train-group"); strings.Join(got, " ") != " 0/0 0/1 0/2" {
		t.Fatalf("group options %v, want every group and the three islands", got)
	}
	// Ten birds with seed 3 leave no Torgersen bird to train on (the
	// websocket test TestTrainGroupErrors found it): the error shows
	// beside the group's control.
	n := p.value("#set-dataset-n")
	p.set("#set-dataset-n", "10")
	p.set("#set-dataset-seed", "3")
	p.set("#eval-train-group", "0/2")
	p.set("#model", "logistic")
	p.click("#train")
	if got := p.waitState(20*time.Second, "done", "stopped", "error"); got != "error" {
		t.Fatalf("state %q after training on too few Torgersen birds, want error", got)
	}
	p.waitFor("the problem beside the group", `!document.querySelector('#eval-train-group-problem').hidden`, 5*time.Second)
	if got := p.text("#eval-train-group-problem"); !strings.Contains(got, "Torgersen") || !strings.Contains(got, "2") {
		t.Errorf("problem %q, want it to name Torgersen and the 2 birds needed", got)
	}
	if !eval[bool](p, `document.querySelector('#eval-train-group').getAttribute('aria-invalid') === 'true'`) {
		t.Error("the group's control is not marked invalid")
	}

	// Dream: no Gentoo lives there.
	p.set("#set-dataset-n", n)
	p.set("#set-dataset-seed", "1")
	p.set("#eval-train-group", "0/1")
	if !eval[bool](p, `document.querySelector('#eval-train-group-problem').hidden`) {
		t.Error("the problem stays after another group is chosen")
	}
	p.trainDone(t, 20*time.Second)
	p.waitFor("the unseen classes", `!document.querySelector('#run-unseen').hidden`, 5*time.Second)
	if got, want := p.text("#run-unseen"), fill(en["ui.started.unseen"], map[string]string{"classes": "Gentoo"}); got != want {
		t.Errorf("notice %q, want %q", got, want)
	}
	p.waitFor("the evaluation by island", `document.querySelector('#eval-panel').dataset.state === 'shown' && !!document.querySelector('.eval-groups-table')`, 10*time.Second)
	if got := p.text("#eval-training"); !strings.Contains(got, "Dream") {
		t.Errorf("training choices %q, want them to say Dream", got)
	}
	p.shot("eval-one-group")

	// The projectile: what it predicts, on the card and in the run.
	p.set("#dataset", "projectile")
	p.waitFor("the target on the card", `!document.querySelector('#card-target-line').hidden`, 5*time.Second)
	if got := p.text("#card-target"); got != "Range R (m)" {
		t.Errorf("card target %q, want Range R (m)", got)
	}
	p.set("#model", "poly")
	p.setIf("#set-model-degree", "3")
	p.trainDone(t, 20*time.Second)
	if got := p.text("#run-info"); !strings.Contains(got, fill(en["ui.started.target"], map[string]string{"target": "Range R (m)"})) {
		t.Errorf("run info %q, want it to say what the model predicts", got)
	}
	if !eval[bool](p, `document.querySelector('#run-unseen').hidden`) {
		t.Error("a regression run shows the unseen-classes notice")
	}
	p.waitFor("the probe's choices", `!!document.querySelector('#eval-probe-feature') && !document.querySelector('#eval-probe-extrapolate').disabled`, 10*time.Second)
	if got := p.options("#eval-probe-feature"); strings.Join(got, " ") != "speed angle" {
		t.Errorf("features to sweep %v, want speed and angle", got)
	}
	p.set("#eval-probe-feature", "angle")
	p.set("#eval-probe-reach", "1")
	p.click("#eval-probe-extrapolate")
	p.waitFor("the extrapolation", `!!document.querySelector('.eval-probe[data-kind=extrapolate] .eval-held li')`, 10*time.Second)
	// Angles of 10–80° a whole range beyond: from 0° (no negative angle
	// was trained on) to about 150°.
	from := eval[string](p, `document.querySelector('.eval-probe[data-kind=extrapolate] [data-from]').dataset.from`)
	to := eval[float64](p, `Number(document.querySelector('.eval-probe[data-kind=extrapolate] [data-to]').dataset.to)`)
	if from != "0" || to < 140 || to > 151 {
		t.Errorf("swept from %s to %v, want 0 to about 150", from, to)
	}
	if got := eval[string](p, `document.querySelector('.eval-held li').dataset.feature`); got != "speed" {
		t.Errorf("held %q, want speed", got)
	}
	if !p.has(".eval-probe[data-kind=extrapolate] svg") {
		t.Error("no extrapolation plot")
	}
	if eval[bool](p, `/NaN|undefined/.test(document.querySelector('#eval-panel').textContent)`) {
		t.Error("the panel shows NaN or undefined")
	}
	eval[bool](p, `(document.querySelector('.eval-probe[data-kind=extrapolate]').scrollIntoView(), true)`)
	p.shot("eval-extrapolate")
}
