package web_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/aisandbox/aisandbox/web"
)

// zooTimeout bounds the whole model-zoo browser test: each part trains a
// small model for a second or two, so the parts take about 20 s together on
// a 2-core machine.
const zooTimeout = 90 * time.Second

// zooPage starts the real server and a headless Chromium on the page at
// 1024×768, in English, and waits until the page is ready.
func zooPage(t *testing.T) *page {
	t.Helper()
	ts, _ := startWebServer(t, web.Options{})
	_, p := startBrowser(t, browserConfig{timeout: zooTimeout, shots: "zoo"})
	p.open(ts.URL + "/?lang=en")
	p.waitState(10*time.Second, "ready")
	return p
}

// chooseData selects a dataset, skipping the test when the server does not
// offer it, or does not say it is of the given kind, yet.
func (p *page) chooseData(t *testing.T, name, kind string) {
	t.Helper()
	if !slices.Contains(p.options("#dataset"), name) {
		serverLacks(t, fmt.Sprintf("the server does not offer the dataset %q yet (it has %v)", name, p.options("#dataset")))
	}
	p.set("#dataset", name)
	// The page groups the datasets by the kind the server gives them.
	if got := eval[string](p, `document.querySelector('#dataset option:checked').parentElement.dataset.kind || ''`); got != kind {
		serverLacks(t, fmt.Sprintf("the page lists %q as %q data, want %q: the server does not send its kind yet", name, got, kind))
	}
}

// chooseModel selects the first of the wanted models that the page offers
// for the chosen data, skipping the test when there is none.
func (p *page) chooseModel(t *testing.T, wanted ...string) string {
	t.Helper()
	offered := p.options("#model")
	for _, w := range wanted {
		if slices.Contains(offered, w) {
			p.set("#model", w)
			return w
		}
	}
	serverLacks(t, fmt.Sprintf("the page offers none of the models %v for this data (it offers %v)", wanted, offered))
	return ""
}

// answer waits until a panel's request is answered: cond becomes true, or
// the panel's note shows a problem. A problem that says the server does not
// know the request, or did not answer it, skips the test while the server
// is being taught the new messages (see notYet); any other fails it.
func (p *page) answer(t *testing.T, what, cond, note string, unknownType, noAnswer string) {
	t.Helper()
	// The page gives up on an answer after 20 s (app.js ANSWER_TIMEOUT_MS)
	// and says so in the note.
	p.waitFor(what, fmt.Sprintf(`(%s) || document.querySelector(%q).classList.contains('problem')`, cond, note), 25*time.Second)
	if eval[bool](p, cond) {
		return
	}
	msg := p.text(note)
	if templateRE(unknownType).MatchString(msg) || msg == noAnswer {
		serverLacks(t, fmt.Sprintf("the server does not answer %s yet: %q", what, msg))
	}
	t.Fatalf("%s: the page says %q", what, msg)
}

// serverLacks fails the test: the server does not offer what a student needs.
func serverLacks(t *testing.T, reason string) {
	t.Helper()
	t.Fatal(reason)
}

// pressed is the mouse option of a move with the left button held down.
func pressed(ev *input.DispatchMouseEventParams) {
	ev.Button = input.MouseButtonLeft
	ev.Buttons = 1
}

// drawPath drags the mouse along points given as fractions of the drawing
// canvas, as a student draws with a finger or a mouse.
func (p *page) drawPath(pts [][2]float64) {
	p.t.Helper()
	r := eval[[]float64](p, `(() => { const r = document.querySelector('#draw-canvas').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
	at := func(q [2]float64) (float64, float64) { return r[0] + q[0]*r[2], r[1] + q[1]*r[3] }
	x, y := at(pts[0])
	acts := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1))}
	// Ten moves a segment, as a real pointer reports them.
	for i := 1; i < len(pts); i++ {
		x0, y0 := at(pts[i-1])
		x1, y1 := at(pts[i])
		for k := 1; k <= 10; k++ {
			f := float64(k) / 10
			acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, x0+f*(x1-x0), y0+f*(y1-y0), pressed))
		}
	}
	x, y = at(pts[len(pts)-1])
	acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	if err := chromedp.Do(p.ctx, acts...); err != nil {
		p.t.Fatalf("draw: %v", err)
	}
}

// number reads the value a numbers box published, failing when it has none.
func (p *page) number(t *testing.T, sel string) float64 {
	t.Helper()
	s := eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.value || ''`, sel))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s shows %q, no number", sel, p.text(sel))
	}
	return v
}

// TestBrowserZoo drives every kind of model through the page: a regression
// curve, a digit drawn on the canvas, a sentence, a text generator, the
// tokenizer view and the autograd view. A part whose dataset or message the
// server does not offer yet is skipped, saying which.
func TestBrowserZoo(t *testing.T) {
	p := zooPage(t)
	en := loadStrings(t, "en")
	unknownType, noAnswer := en["error.unknown_type"], en["ui.no_answer"]

	t.Run("regression", func(t *testing.T) {
		p.t = t
		p.chooseData(t, "sine", "regression")
		p.chooseModel(t, "poly")
		// A degree-5 polynomial follows sin(x) on −3..3 closely (its Taylor
		// series to x⁵ is within 0.53 there, and least squares does far
		// better), so R² on held-out points is well above 0.9 with the
		// default noise.
		p.set("#set-model-degree", "5")
		p.trainDone(t, 20*time.Second)
		if !eval[bool](p, `!!document.querySelector('#plot-fit svg') && !document.querySelector('#plot-fit').closest('figure').hidden`) {
			t.Error("no fit plot after training a regression")
		}
		if !p.has("#plot-error svg") {
			t.Error("no error plot after training a regression")
		}
		if r2 := p.number(t, "#r2-test"); r2 < 0.9 || r2 > 1 {
			t.Errorf("test R² = %g, want 0.9 to 1", r2)
		}
		if mse := p.number(t, "#mse-train"); mse < 0 || mse > 0.1 {
			t.Errorf("training MSE = %g, want 0 to 0.1", mse)
		}
		if eval[bool](p, `!document.querySelector('#train-acc').closest('.number').hidden`) {
			t.Error("a regression shows an accuracy")
		}
		p.shot("regression")
	})

	t.Run("tree", func(t *testing.T) {
		p.t = t
		p.chooseData(t, "moons", "table")
		p.chooseModel(t, "tree")
		p.set("#set-model-max_depth", "3")
		p.trainDone(t, 20*time.Second)
		// A tree of depth 3 has at most 2³ = 8 leaves, one rule a leaf.
		rules := eval[[]string](p, `[...document.querySelectorAll('#tree-rules li')].map(li => li.textContent)`)
		if len(rules) == 0 || len(rules) > 8 {
			t.Errorf("%d rules for a tree of depth 3, want 1 to 8: %q", len(rules), rules)
		}
		if eval[bool](p, `document.querySelector('#tree-panel').hidden`) {
			t.Error("the tree's panel is hidden")
		}
		// A tree is not trained by steps: no loss to show.
		if eval[bool](p, `!document.querySelector('#loss').closest('.number').hidden || !document.querySelector('#plot-loss').closest('figure').hidden`) {
			t.Error("a tree shows a loss")
		}
		if !p.has("#plot-regions svg") {
			t.Error("no decision regions for a tree on two features")
		}
		p.shot("tree")
	})

	t.Run("image", func(t *testing.T) {
		p.t = t
		p.chooseData(t, "digits", "images")
		p.chooseModel(t, "cnn", "mlp")
		// Few pictures and epochs: enough to answer, fast enough for a test.
		p.setIf("#set-dataset-n", "600")
		p.setIf("#set-model-epochs", "3")
		p.trainDone(t, 40*time.Second)

		// A file over 5 MB is refused before it is sent.
		big := filepath.Join(t.TempDir(), "big.png")
		if err := os.WriteFile(big, make([]byte, 5<<20+1), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles("#image-file", []string{big})); err != nil {
			t.Fatalf("choose a file: %v", err)
		}
		p.waitFor("the too-big note", `document.querySelector('#image-note').classList.contains('problem')`, 5*time.Second)
		if got := p.text("#image-note"); !templateRE(en["ui.image.too_big"]).MatchString(got) {
			t.Errorf("note for a 5 MB+ file = %q, want the form %q", got, en["ui.image.too_big"])
		}

		// A 7: the top bar, then the long stroke down to the left.
		p.drawPath([][2]float64{{0.25, 0.2}, {0.75, 0.2}, {0.6, 0.5}, {0.45, 0.85}})
		p.click("#ask-image")
		p.answer(t, "predict_image", `!!document.querySelector('#image-result').dataset.label`, "#image-note", unknownType, noAnswer)
		if n := eval[int](p, `document.querySelectorAll('#image-result .bar-row').length`); n != 10 {
			t.Errorf("%d probability bars for the digits, want 10", n)
		}
		label := eval[string](p, `document.querySelector('#image-result').dataset.label`)
		if len(label) != 1 || label[0] < '0' || label[0] > '9' {
			t.Errorf("predicted class %q, want a digit", label)
		}
		// The picture the model saw: its own size, with ink in it.
		seen := eval[[]float64](p, `(() => {
			const c = document.querySelector('#image-input-canvas');
			const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
			let bright = 0;
			for (let i = 0; i < d.length; i += 4) if (d[i] > 128) bright++;
			return [c.width, c.height, bright, c.closest('figure').hidden ? 1 : 0];
		})()`)
		if seen[0] < 8 || seen[0] != seen[1] || seen[3] != 0 {
			t.Errorf("the processed input is %gx%g (hidden %g), want a visible square", seen[0], seen[1], seen[3])
		}
		if seen[2] == 0 {
			t.Error("the processed input has no bright pixel: the stroke was lost")
		}
		p.shot("image")
	})

	t.Run("text", func(t *testing.T) {
		p.t = t
		p.chooseData(t, "sentiment-en", "text")
		p.chooseModel(t, "bayes", "mlp", "logistic")
		p.setIf("#set-model-epochs", "20")
		p.trainDone(t, 30*time.Second)
		p.set("#text-input", "The lunch was delicious and the teacher was kind, qwzx.")
		p.click("#ask-text")
		p.answer(t, "predict_text", `!!document.querySelector('#text-result').dataset.label`, "#text-note", unknownType, noAnswer)
		chips := eval[[]string](p, `[...document.querySelectorAll('#text-tokens .chip')].map(c => c.textContent + (c.classList.contains('unknown') ? '?' : ''))`)
		if len(chips) < 5 {
			t.Errorf("tokens %v, want one chip for each of the sentence's words at least", chips)
		}
		// "qwzx" is in no corpus: the model never saw it.
		if !strings.Contains(strings.Join(chips, " "), "qwzx?") {
			t.Errorf("tokens %v: want qwzx marked unknown", chips)
		}
		label := eval[string](p, `document.querySelector('#text-result').dataset.label`)
		names := eval[[]string](p, `[...document.querySelectorAll('#text-result .bar-name')].map(e => e.textContent)`)
		if !strings.Contains(strings.Join(names, "\n")+"\n", label+"\n") {
			t.Errorf("predicted class %q is not among the bars %v", label, names)
		}
		p.shot("text")
	})

	t.Run("generate", func(t *testing.T) {
		p.t = t
		p.chooseData(t, "names-kk", "words")
		p.chooseModel(t, "ngram", "charlm")
		p.setIf("#set-model-epochs", "3")
		p.trainDone(t, 30*time.Second)
		if n := eval[int](p, `document.querySelectorAll('#gen-samples li').length`); n == 0 {
			t.Error("no samples shown after training a generator")
		}
		p.set("#gen-count", "4")
		p.set("#gen-length", "12")
		p.click("#gen-button")
		p.answer(t, "generate", `document.querySelectorAll('#gen-result li').length > 0`, "#gen-note", unknownType, noAnswer)
		if n := eval[int](p, `document.querySelectorAll('#gen-result li').length`); n != 4 {
			t.Errorf("%d texts written, want 4", n)
		}
		p.shot("generate")
	})

	t.Run("tokenizer", func(t *testing.T) {
		p.t = t
		p.click("#tab-tokens")
		if eval[bool](p, `document.querySelector('#view-tokens').hidden`) {
			t.Fatal("the tokenizer tab does not show its view")
		}
		const sentence = "Жасанды интеллект мектепте оқушыларға көмектеседі."
		p.set("#tok-input", sentence)
		p.click("#tok-button")
		// The view tokenizes an example when first shown; wait for the
		// answer about this sentence.
		p.answer(t, "tokenize", fmt.Sprintf(`document.querySelector('#tok-result').dataset.text === %q`, sentence), "#tok-note", unknownType, noAnswer)
		var counts map[string]int
		if err := json.Unmarshal([]byte(eval[string](p, `document.querySelector('#tok-result').dataset.counts`)), &counts); err != nil {
			t.Fatal(err)
		}
		// One token a character; every word at least one BPE piece; the
		// word tokenizer's 5 words and the full stop.
		if got, want := counts["char"], utf8.RuneCountInString(sentence); got != want {
			t.Errorf("char tokenizer: %d tokens, want %d (one a character)", got, want)
		}
		// The word tokenizer may keep the spaces as tokens of their own
		// (shown as ▁ or ␣); the others are the 5 words and the full stop.
		words := eval[[]string](p, `[...document.querySelectorAll('#tok-result .tok-row[data-kind="word"] .chip')].map(c => c.textContent).filter(s => !/^[▁␣]+$/.test(s))`)
		if len(words) != 6 {
			t.Errorf("word tokenizer: %q, want the 5 words and the full stop", words)
		}
		if counts["bpe"] < counts["word"] || counts["bpe"] >= counts["char"] {
			t.Errorf("bpe tokenizer: %d tokens, want between the words (%d) and the characters (%d)", counts["bpe"], counts["word"], counts["char"])
		}
		if n := eval[int](p, `document.querySelectorAll('#tok-result .tok-row').length`); n != 4 {
			t.Errorf("%d tokenizers shown, want 4 (bpe, bpe_en, word, char)", n)
		}
		p.shot("tokenizer")
	})

	t.Run("autograd", func(t *testing.T) {
		p.t = t
		p.click("#tab-autograd")
		// The preset of docs/protocol.md: (w*x + b − y)² at w = 0.5, b = 0,
		// x = 2, y = 3 is (1 − 3)² = 4, with ∂/∂w = 2·(−2)·2 = −8 and
		// ∂/∂b = −4. A step of 0.05 moves w to 0.9 and b to 0.2, and the
		// loss to (1.8 + 0.2 − 3)² = 1.
		p.set("#ag-expr", "(w*x + b - y)^2")
		p.set("#ag-lr", "0.05")
		p.click("#ag-build")
		// The view builds the preset when first shown: wait until no
		// request is in flight (Step is enabled then).
		p.answer(t, "autograd", `!!document.querySelector('#ag-graph svg') && !document.querySelector('#ag-step').disabled`, "#ag-note", unknownType, noAnswer)
		p.click("#ag-step")
		p.answer(t, "autograd_step", `JSON.parse(document.querySelector('#ag-loss').dataset.losses || '[]').length === 2`, "#ag-note", unknownType, noAnswer)
		var losses []float64
		if err := json.Unmarshal([]byte(eval[string](p, `document.querySelector('#ag-loss').dataset.losses`)), &losses); err != nil {
			t.Fatal(err)
		}
		if math.Abs(losses[0]-4) > 1e-9 || math.Abs(losses[1]-1) > 1e-9 {
			t.Errorf("losses %v, want [4 1]", losses)
		}
		if got := p.value("#ag-val-w"); got != "0.9" {
			t.Errorf("w after a step = %q, want 0.9", got)
		}
		// Ten more steps: the loss keeps falling.
		p.click("#ag-step10")
		p.waitFor("ten more steps", `JSON.parse(document.querySelector('#ag-loss').dataset.losses).length === 12 && !document.querySelector('#ag-step').disabled`, 10*time.Second)
		if err := json.Unmarshal([]byte(eval[string](p, `document.querySelector('#ag-loss').dataset.losses`)), &losses); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(losses); i++ {
			if !(losses[i] < losses[i-1]) {
				t.Errorf("loss rose or stalled at step %d: %v", i, losses)
				break
			}
		}
		if n := eval[int](p, `document.querySelectorAll('#ag-loss polyline').length`); n != 1 {
			t.Errorf("%d loss lines drawn, want 1", n)
		}
		p.shot("autograd")
	})
}
