package activities

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

// Activity is one guided lesson: what it is for, who it is for, and its
// steps. It is read from a JSON file (see Parse and docs/activities.md);
// the JSON names of the fields are those in the struct tags.
type Activity struct {
	// ID names the activity in addresses and on the command line: a slug of
	// lowercase letters, digits and single hyphens ("maths-fit-a-line").
	ID string `json:"id"`
	// Version counts the revisions of the activity, from 1. Saved answers
	// record it, so that a teacher can tell which revision they answer.
	Version int `json:"version"`
	// Subject is the school subject the activity belongs to.
	Subject Subject `json:"subject"`
	// Grades are the grade bands it is written for, one or more.
	Grades []Grade `json:"grades"`
	// Minutes is how long it takes in class, from MinMinutes to MaxMinutes.
	Minutes int `json:"minutes"`
	// Title is its name, one line of plain text.
	Title i18n.Text `json:"title"`
	// Summary says in a sentence or two what the class does and learns:
	// plain text, shown in the activity picker.
	Summary i18n.Text `json:"summary"`
	// Objectives are the learning objectives, one plain sentence each
	// ("Explain why a learning rate that is too large makes training fail").
	Objectives []i18n.Text `json:"objectives"`
	// Competencies are what the activity builds in UNESCO's AI competency
	// framework for students, one or more.
	Competencies []Competency `json:"competencies"`
	// Datasets are the names of the built-in datasets the activity uses;
	// the page shows their cards. Every dataset a step presets must be
	// listed; one may also be listed for the student to choose.
	Datasets []string `json:"datasets"`
	// Steps are what the class does, in order; at least one.
	Steps []Step `json:"steps"`

	file string // the file it was read from, for problems
	src  *source
}

// File returns the name the activity was parsed with (a file path, or
// "builtin/NAME.json" for an embedded one), or "" for an activity made in
// Go.
func (a *Activity) File() string { return a.file }

// Subject is a school subject.
type Subject string

// The subjects.
const (
	Physics   Subject = "physics"
	Biology   Subject = "biology"
	Chemistry Subject = "chemistry"
	Maths     Subject = "maths"
	AI        Subject = "ai" // AI literacy and computer science
)

// Subjects lists the subjects in the order the activity picker shows them.
var Subjects = []Subject{Physics, Biology, Chemistry, Maths, AI}

// Grade is a band of school grades.
type Grade string

// The grade bands.
const (
	Grades5to7   Grade = "5-7"
	Grades8to9   Grade = "8-9"
	Grades10to11 Grade = "10-11"
)

// Grades lists the grade bands, youngest first.
var Grades = []Grade{Grades5to7, Grades8to9, Grades10to11}

// The limits of Activity.Minutes: from a short warm-up to a double lesson
// (two 45-minute periods).
const (
	MinMinutes = 5
	MaxMinutes = 90
)

// Competency is one cell of UNESCO's AI competency framework for students
// (2024): a dimension and the level of progression the activity reaches
// in it.
type Competency struct {
	Dimension Dimension `json:"dimension"`
	Level     Level     `json:"level"`
}

// Dimension is one of the four dimensions of UNESCO's AI competency
// framework for students.
type Dimension string

// The dimensions.
const (
	HumanCentredMindset      Dimension = "human_centred_mindset"
	EthicsOfAI               Dimension = "ethics_of_ai"
	AITechniquesApplications Dimension = "ai_techniques_applications"
	AISystemDesign           Dimension = "ai_system_design"
)

// Dimensions lists the dimensions in the framework's order.
var Dimensions = []Dimension{HumanCentredMindset, EthicsOfAI, AITechniquesApplications, AISystemDesign}

// Level is a level of progression in the framework.
type Level string

// The levels, from the first to the highest.
const (
	Understand Level = "understand"
	Apply      Level = "apply"
	Create     Level = "create"
)

// Levels lists the levels, first to highest.
var Levels = []Level{Understand, Apply, Create}

// Step is one stage of an activity: instructions, the one panel of the
// page the student works in, the settings preset there, and optionally a
// question to answer before going on.
type Step struct {
	// ID names the step within the activity: a slug, as Activity.ID.
	ID string `json:"id"`
	// Title is its name, one line of plain text.
	Title i18n.Text `json:"title"`
	// Instructions tell the student what to do, in markup (see ParseMarkup).
	Instructions i18n.Text `json:"instructions"`
	// Panel is the view of the page the step shows: the runner shows only
	// this one and hides the others.
	Panel Panel `json:"panel"`
	// Settings preset, lock or hide controls of the panel, by key (see
	// Preset and docs/activities.md for the keys). Controls a step does not
	// name keep their current value and can be changed.
	Settings map[string]Preset `json:"settings,omitempty"`
	// Checkpoint is a question the student answers in this step; nil for
	// none.
	Checkpoint *Checkpoint `json:"checkpoint,omitempty"`
	// Hints help a student who is stuck, shown one at a time, in markup.
	Hints []i18n.Text `json:"hints,omitempty"`
	// TeacherNotes are for the teacher only (what to expect, what to
	// discuss, common mistakes), in markup; nil for none.
	TeacherNotes *i18n.Text `json:"teacher_notes,omitempty"`
}

// Panel is a view of the page.
type Panel string

// The panels a step can show.
const (
	// PanelRead shows no tool: only the instructions and the checkpoint,
	// for an introduction, a discussion or a question on paper.
	PanelRead Panel = "read"
	// PanelTrain is the training view: data, model, settings, the live
	// plots, and asking the trained model about a point, picture or text.
	PanelTrain Panel = "train"
	// PanelEvaluate shows how a trained model scores on the test data:
	// confusion matrix, per-class scores, errors, the misclassified examples.
	PanelEvaluate Panel = "evaluate"
	// PanelGroups shows a trained model's scores per group of an attribute,
	// the gaps between groups and the decision-threshold slider.
	PanelGroups Panel = "groups"
	// PanelProbe runs counterfactual probes on a trained model: change one
	// attribute, name or background and count the answers that flip.
	PanelProbe Panel = "probe"
	// PanelTokenizer shows how tokenizers cut a text into pieces.
	PanelTokenizer Panel = "tokenizer"
	// PanelAutograd shows an expression as a graph of values and gradients
	// and steps it downhill by hand.
	PanelAutograd Panel = "autograd"
	// PanelGenerate is the training view of a language model with its
	// writing box: prompt, temperature, generated texts.
	PanelGenerate Panel = "generate"
)

// Panels lists the panels.
var Panels = []Panel{PanelRead, PanelTrain, PanelEvaluate, PanelGroups, PanelProbe, PanelTokenizer, PanelAutograd, PanelGenerate}

// Trains reports whether the panel works on a trained model, so that a
// step showing it may preset the dataset, the model and their settings.
func (p Panel) Trains() bool {
	switch p {
	case PanelTrain, PanelEvaluate, PanelGroups, PanelProbe, PanelGenerate:
		return true
	}
	return false
}

// Preset is what a step does to one control of its panel. A step may set
// its value, lock it (shown, but the student cannot change it), hide it
// (not shown, so not changeable either), or several of these; a Preset
// that does none of them is a mistake. Without a Value, Locked and Hidden
// apply to the value the control has when the step starts.
type Preset struct {
	// Value is the value to set, as JSON of the type the setting takes: a
	// number, a string, a list or an object; empty for none.
	Value json.RawMessage `json:"value,omitempty"`
	// Locked shows the control but stops the student changing it.
	Locked bool `json:"locked,omitempty"`
	// Hidden does not show the control at all.
	Hidden bool `json:"hidden,omitempty"`
}

// CheckpointKind is the kind of question a checkpoint asks.
type CheckpointKind string

// The kinds of checkpoint.
const (
	// Predict asks for a prediction before the student runs something: it
	// has no right answer; the explanation, shown after, says what happens
	// so the student compares. With Options the student chooses one,
	// without them they write it.
	Predict CheckpointKind = "predict"
	// Choice asks to choose among Options; Correct lists the right ones
	// (one or several).
	Choice CheckpointKind = "choice"
	// Number asks for a number: Answer, within Tolerance, in Unit.
	Number CheckpointKind = "number"
	// Text asks for a short written answer. It is never marked wrong:
	// Keywords only help the teacher read the answers.
	Text CheckpointKind = "text"
)

// CheckpointKinds lists the kinds of checkpoint.
var CheckpointKinds = []CheckpointKind{Predict, Choice, Number, Text}

// Checkpoint is a question in a step, with its answer key and the
// explanation shown once the student has answered. Which fields it needs
// depends on Kind; Validate reports fields that do not belong.
type Checkpoint struct {
	Kind CheckpointKind `json:"kind"`
	// Question is what is asked, in markup.
	Question i18n.Text `json:"question"`
	// Options are the answers to choose from (Choice; Predict may have
	// them): at least two.
	Options []Option `json:"options,omitempty"`
	// Correct are the IDs of the right options (Choice only): at least one.
	// The answer is right when the student chooses exactly these.
	Correct []string `json:"correct,omitempty"`
	// Answer is the right number (Number only).
	Answer *float64 `json:"answer,omitempty"`
	// Tolerance is how far from Answer an answer may be and still be right
	// (Number only): in the answer's unit, or with Relative a share of
	// |Answer| (0.05 = 5 %). Finite and not negative; 0 asks for the exact
	// number.
	Tolerance *float64 `json:"tolerance,omitempty"`
	// Relative makes Tolerance a share of |Answer| rather than an amount.
	Relative bool `json:"relative,omitempty"`
	// Unit is the unit of the answer, shown next to the box (Number only;
	// nil for a pure number).
	Unit *i18n.Text `json:"unit,omitempty"`
	// Keywords are words a good written answer is likely to contain, for
	// the teacher (Text only). They never mark an answer wrong.
	Keywords []i18n.Text `json:"keywords,omitempty"`
	// Explanation is shown once the student has answered: why the right
	// answer is right, or, for a prediction, what really happens. Markup.
	Explanation i18n.Text `json:"explanation"`
}

// Option is one answer of a Choice or Predict checkpoint.
type Option struct {
	// ID names the option within the checkpoint: a slug, as Activity.ID.
	ID string `json:"id"`
	// Text is the option as shown, one line of plain text.
	Text i18n.Text `json:"text"`
}

// CheckNumber reports whether x is a right answer to a Number checkpoint:
// within Tolerance of Answer (absolute, or relative to |Answer|), the
// edges included. It is
// false for any other kind, or when the key is incomplete.
func (c *Checkpoint) CheckNumber(x float64) bool {
	if c.Kind != Number || c.Answer == nil || c.Tolerance == nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return false
	}
	tol := *c.Tolerance
	if c.Relative {
		tol *= math.Abs(*c.Answer)
	}
	// A billionth of the answer's size more, so that an answer exactly at
	// the edge (1.29 for 1.3 ± 0.01) is not refused by rounding.
	return math.Abs(x-*c.Answer) <= tol+1e-9*math.Max(1, math.Abs(*c.Answer))
}

// CheckChoice reports whether the options chosen (by ID, in any order,
// each once) are exactly the right ones of a Choice checkpoint. It is
// false for any other kind.
func (c *Checkpoint) CheckChoice(chosen []string) bool {
	if c.Kind != Choice || len(c.Correct) == 0 {
		return false
	}
	want := make(map[string]bool, len(c.Correct))
	for _, id := range c.Correct {
		want[id] = true
	}
	seen := make(map[string]bool, len(chosen))
	for _, id := range chosen {
		if !want[id] || seen[id] {
			return false
		}
		seen[id] = true
	}
	return len(seen) == len(want)
}

// ParseNumber reads a number as a student types it: with a decimal point
// or a decimal comma ("1.3", "1,3"), a sign, spaces around it or between
// groups of digits ("1 000", also with a no-break space) and "−" (U+2212)
// for minus. A comma is a decimal comma when the number has no point; a
// comma and a point together ("1,000.5") are refused as ambiguous.
func ParseNumber(s string) (float64, error) {
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\t':
			return -1
		case '\u2212':
			return '-'
		}
		return r
	}, s)
	if strings.Contains(t, ",") {
		if strings.Contains(t, ".") || strings.Count(t, ",") > 1 {
			return 0, fmt.Errorf("activities: %q mixes decimal commas and points", s)
		}
		t = strings.Replace(t, ",", ".", 1)
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("activities: %q is not a number", s)
	}
	return x, nil
}
