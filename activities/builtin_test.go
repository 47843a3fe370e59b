package activities

import (
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

func builtin(t *testing.T) []*Activity {
	t.Helper()
	as, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) < 2 {
		t.Fatalf("%d built-in activities, want at least 2", len(as))
	}
	return as
}

// TestBuiltinValid validates the embedded activities without a catalog:
// the datasets and models they name are checked against the real one by
// the command's tests (cmd/aisandbox), as this package cannot import the
// sandbox.
func TestBuiltinValid(t *testing.T) {
	as := builtin(t)
	for _, p := range ValidateSet(as, nil) {
		t.Error(p)
	}
	for _, a := range as {
		if want := "builtin/" + a.ID + ".json"; a.File() != want {
			t.Errorf("%s is in %s: name the file after the id", a.ID, a.File())
		}
	}
}

// TestBuiltinLanguages names every text of a built-in activity that lacks
// a language.
func TestBuiltinLanguages(t *testing.T) {
	for _, a := range builtin(t) {
		for _, tf := range a.texts() {
			for _, l := range tf.text.Missing() {
				t.Errorf("%s: %s.%s is missing", a.File(), tf.path, l)
			}
		}
		if got := a.Languages(); !slices.Equal(got, i18n.All) {
			t.Errorf("%s: complete in %v only", a.File(), got)
		}
	}
}

// TestBuiltinQuality holds the built-in activities to more than the
// format asks of a teacher's: notes for the teacher on every step, and a
// checkpoint in most.
func TestBuiltinQuality(t *testing.T) {
	for _, a := range builtin(t) {
		checkpoints := 0
		for i, s := range a.Steps {
			if s.TeacherNotes == nil {
				t.Errorf("%s: steps[%d] (%s) has no teacher notes", a.File(), i, s.ID)
			}
			if s.Checkpoint != nil {
				checkpoints++
			}
		}
		if checkpoints*2 < len(a.Steps) {
			t.Errorf("%s: %d checkpoints in %d steps", a.File(), checkpoints, len(a.Steps))
		}
	}
}

// TestBuiltinExamples checks the two example activities against what
// they teach: the numbers their answer keys and explanations state.
func TestBuiltinExamples(t *testing.T) {
	byID := map[string]*Activity{}
	for _, a := range builtin(t) {
		byID[a.ID] = a
	}
	line := byID["maths-fit-a-line"]
	if line == nil {
		t.Fatal("maths-fit-a-line is missing")
	}
	// One step of gradient descent on L = (w·x + b − y)² from w = 0.5,
	// b = 0 at x = 2, y = 3, with the learning rate 0.1: the miss is
	// r = w·x + b − y = −2, ∂L/∂w = 2r·x = −8, so w becomes 1.3.
	w, b, x, y, lr := 0.5, 0.0, 2.0, 3.0, 0.1
	r := w*x + b - y
	w -= lr * 2 * r * x
	if c := line.Steps[0].Checkpoint; !c.CheckNumber(w) || c.CheckNumber(0.5) {
		t.Errorf("one-point: the key does not accept w = %v only", w)
	}
	// Each step multiplies the miss by 1 − 2η(x² + 1): the loss after one
	// step is below 4 for η = 0.05 (factor 0.5) and 0.1 (0), not for 0.2
	// (−1) or 0.3 (−2).
	var below []string
	for id, eta := range map[string]float64{"lr-005": 0.05, "lr-01": 0.1, "lr-02": 0.2, "lr-03": 0.3} {
		f := 1 - 2*eta*(x*x+1)
		if loss := (f * -2) * (f * -2); loss < 4-1e-9 {
			below = append(below, id)
		}
	}
	if c := line.Steps[1].Checkpoint; !c.CheckChoice(below) {
		t.Errorf("step-size: the rates below 4 are %v, the key says %v", below, c.Correct)
	}
	// The least-squares line through (−1; 1), (0; 2), (1; 4): w = Σxy/Σx²
	// = 3/2 and b = mean y = 7/3, mean squared error 1/18 ≈ 0.0556.
	xs, ys := []float64{-1, 0, 1}, []float64{1, 2, 4}
	w, b = 1.5, 7.0/3
	mse := 0.0
	for i := range xs {
		d := w*xs[i] + b - ys[i]
		mse += d * d / 3
	}
	if e := line.Steps[2].Checkpoint.Explanation.EN; !strings.Contains(e, "0.0556") || !strings.Contains(e, "w = 1.5") || mse < 0.05555 || mse > 0.05556 {
		t.Errorf("three-points: mse %v, explanation %q", mse, e)
	}

	text := byID["ai-how-ai-reads-text"]
	if text == nil {
		t.Fatal("ai-how-ai-reads-text is missing")
	}
	// The characters tokenizer makes one token of every character.
	sentence := `Бүгін ауа райы жақсы.`
	if got := string(text.Steps[0].Settings["tokenizer.text"].Value); got != `"`+sentence+`"` {
		t.Fatalf("pieces: the text is %s", got)
	}
	n := float64(len([]rune(sentence)))
	if c := text.Steps[0].Checkpoint; !c.CheckNumber(n) || c.CheckNumber(n+1) {
		t.Errorf("pieces: the sentence has %v characters; key %v", n, *c.Answer)
	}
}

func TestBuiltinSource(t *testing.T) {
	for _, a := range builtin(t) {
		data, ok := BuiltinSource(a.File())
		if !ok {
			t.Fatalf("no source for %s", a.File())
		}
		disk, err := os.ReadFile(path.Join(".", a.File()))
		if err != nil || string(disk) != string(data) {
			t.Errorf("%s: the embedded source differs from the file (%v)", a.File(), err)
		}
	}
	if _, ok := BuiltinSource("builtin/none.json"); ok {
		t.Error("a source for a file that is not there")
	}
}

func TestSort(t *testing.T) {
	as := []*Activity{{ID: "b", Subject: AI}, {ID: "z", Subject: Physics}, {ID: "a", Subject: AI}, {ID: "m", Subject: Maths}, {ID: "x", Subject: "art"}}
	Sort(as)
	var got []string
	for _, a := range as {
		got = append(got, a.ID)
	}
	if want := []string{"z", "m", "a", "b", "x"}; !slices.Equal(got, want) {
		t.Errorf("Sort: %v, want %v", got, want)
	}
}

// docsExample returns the JSON of the complete example in
// docs/activities.md: the first ```json block after its heading.
func docsExample(t *testing.T) []byte {
	t.Helper()
	md, err := os.ReadFile("../docs/activities.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(md), "## A complete example")
	if !ok {
		t.Fatal(`docs/activities.md has no "## A complete example"`)
	}
	_, rest, ok = strings.Cut(rest, "```json\n")
	if !ok {
		t.Fatal("the example has no ```json block")
	}
	block, _, ok := strings.Cut(rest, "\n```")
	if !ok {
		t.Fatal("the example's block is not closed")
	}
	return []byte(block)
}

func TestDocsExample(t *testing.T) {
	a, err := Parse(docsExample(t), "docs/activities.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Validate(a, testCatalog{}) {
		t.Error(p)
	}
	if len(a.Steps) < 2 || a.Steps[0].Checkpoint == nil {
		t.Error("the example should show steps and a checkpoint")
	}
}
