package web

import (
	"math"
	"slices"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/tokenize"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web/plots"
)

// The messages the server sends; docs/protocol.md shows each.

type errorMsg struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

type settingMsg struct {
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Help    string   `json:"help,omitempty"`
	Type    string   `json:"type"`
	Default any      `json:"default"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	MinLen  int      `json:"min_len,omitempty"`
	MaxLen  int      `json:"max_len,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

type cardMsg struct {
	Source    string `json:"source"`
	Purpose   string `json:"purpose"`
	NotFor    string `json:"not_for"`
	Synthetic bool   `json:"synthetic"`
}

type datasetMsg struct {
	Name     string       `json:"name"`
	Kind     string       `json:"kind"`
	Title    string       `json:"title"`
	Card     cardMsg      `json:"card"`
	Features []string     `json:"features"`
	Classes  []string     `json:"classes"`
	Settings []settingMsg `json:"settings"`
	// Attributes and Shortcut are for evaluation (web/evaluate.go).
	Attributes []attributeMsg `json:"attributes,omitempty"`
	Shortcut   string         `json:"shortcut,omitempty"`
	// Target is what a regression set predicts, as shown with its unit
	// (e.g. "Range R (m)"); absent for other kinds.
	Target string `json:"target,omitempty"`
}

type datasetsMsg struct {
	Type     string       `json:"type"`
	ID       string       `json:"id"`
	Datasets []datasetMsg `json:"datasets"`
}

type modelMsg struct {
	Name        string       `json:"name"`
	Task        string       `json:"task"`
	Data        []string     `json:"data"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Settings    []settingMsg `json:"settings"`
	Mitigations []string     `json:"mitigations,omitempty"`
}

type modelsMsg struct {
	Type            string      `json:"type"`
	ID              string      `json:"id"`
	Models          []modelMsg  `json:"models"`
	TestSplit       settingMsg  `json:"test_split"`
	ValidationSplit *settingMsg `json:"validation_split,omitempty"`
}

type langMsg struct {
	Type string    `json:"type"`
	ID   string    `json:"id"`
	Lang i18n.Lang `json:"lang"`
}

type startedMsg struct {
	Type       string   `json:"type"`
	ID         string   `json:"id"`
	Task       string   `json:"task"`
	Parameters int      `json:"parameters"`
	TrainSize  int      `json:"train_size"`
	TestSize   int      `json:"test_size"`
	Features   []string `json:"features"`
	Classes    []string `json:"classes"`
	Epochs     int      `json:"epochs"`
	// Target is what a regression predicts, as shown in the reader's
	// language with its unit (e.g. "Range R (m)"); "" for other tasks.
	Target string `json:"target,omitempty"`
	// Unseen lists, as shown, the classes the training part had no
	// example of (a run trained on one group): the model cannot answer
	// them. Absent when every class was seen.
	Unseen []string `json:"unseen,omitempty"`
}

// unseenTitles returns how to show each of the unseen classes, given
// every class's name and how it is shown (titles, in the order of names).
func unseenTitles(unseen, names, titles []string) []string {
	var out []string
	for _, u := range unseen {
		title := u
		if k := slices.Index(names, u); k >= 0 && k < len(titles) && titles[k] != "" {
			title = titles[k]
		}
		out = append(out, title)
	}
	return out
}

type frameMsg struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
	XMin   float64 `json:"x_min"`
	XMax   float64 `json:"x_max"`
	YMin   float64 `json:"y_min"`
	YMax   float64 `json:"y_max"`
}

type plotsMsg struct {
	Loss     string    `json:"loss,omitempty"`
	Accuracy string    `json:"accuracy,omitempty"`
	Error    string    `json:"error,omitempty"`
	Regions  string    `json:"regions,omitempty"`
	Frame    *frameMsg `json:"frame,omitempty"`
	Fit      string    `json:"fit,omitempty"`
	Tree     string    `json:"tree,omitempty"`
}

// progressMsg is a progress or done message: its fixed fields, the scores
// that apply to the run's model (loss, train_accuracy, test_mse, ...), and
// its plots.
func progressMsg(typ, id string, lang i18n.Lang, p sandbox.Progress, plots *plotsMsg) map[string]any {
	m := map[string]any{"type": typ, "id": id, "epoch": p.Epoch, "epochs": p.Epochs}
	for k, v := range p.Scores() {
		if !math.IsInf(v, 0) {
			m[k] = v
		}
	}
	if plots != nil {
		m["plots"] = plots
	}
	if p.Tree != nil {
		m["rules"] = treeRules(lang, p.Tree)
	}
	return m
}

type predictionMsg struct {
	Type          string         `json:"type"`
	ID            string         `json:"id"`
	Run           string         `json:"run"`
	Labels        []int          `json:"labels,omitempty"`
	Classes       []string       `json:"classes,omitempty"`
	Probabilities [][]float64    `json:"probabilities,omitempty"`
	Values        []float64      `json:"values,omitempty"`
	Input         *imageInput    `json:"input,omitempty"`
	Tokens        []textTokenMsg `json:"tokens,omitempty"`
}

// textTokenMsg is a token of a text as a classifier read it.
type textTokenMsg struct {
	Text  string `json:"text"`
	Known bool   `json:"known"`
}

type generatedMsg struct {
	Type  string   `json:"type"`
	ID    string   `json:"id"`
	Run   string   `json:"run"`
	Texts []string `json:"texts"`
}

// imageInput is a picture as an image model saw it.
type imageInput struct {
	Width  int       `json:"width"`
	Height int       `json:"height"`
	Pixels []float64 `json:"pixels"`
}

func settingsMsg(l i18n.Lang, ss []sandbox.Setting) []settingMsg {
	out := make([]settingMsg, 0, len(ss))
	for _, s := range ss {
		m := settingMsg{
			Name: s.Name, Label: s.Label.In(l), Help: s.Help.In(l), Type: string(s.Type),
			Default: s.Default, MinLen: s.MinLen, MaxLen: s.MaxLen, Choices: s.Choices,
		}
		if s.Type != sandbox.Choice {
			lo, hi := s.Min, s.Max
			m.Min, m.Max = &lo, &hi
		}
		out = append(out, m)
	}
	return out
}

func datasetsReply(id string, l i18n.Lang, cat sandbox.Catalog) datasetsMsg {
	m := datasetsMsg{Type: "datasets", ID: id, Datasets: []datasetMsg{}}
	for _, d := range cat.Datasets {
		m.Datasets = append(m.Datasets, datasetMsg{
			Name:  d.Name,
			Kind:  string(d.Kind),
			Title: d.Card.Title.In(l),
			Card: cardMsg{
				Source: d.Card.Source.In(l), Purpose: d.Card.Purpose.In(l),
				NotFor: d.Card.NotFor.In(l), Synthetic: d.Card.Synthetic,
			},
			Features: d.Features, Classes: texts(l, d.ClassTitles),
			Settings:   settingsMsg(l, d.Settings),
			Attributes: attributesReply(l, d), Shortcut: d.Shortcut,
			Target: d.Target.In(l),
		})
	}
	return m
}

func modelsReply(id string, l i18n.Lang, cat sandbox.Catalog) modelsMsg {
	m := modelsMsg{Type: "models", ID: id, Models: []modelMsg{}, TestSplit: settingsMsg(l, []sandbox.Setting{cat.TestSplit})[0]}
	if cat.ValidationSplit.Name != "" {
		m.ValidationSplit = &settingsMsg(l, []sandbox.Setting{cat.ValidationSplit})[0]
	}
	for _, md := range cat.Models {
		data := make([]string, len(md.Data))
		for i, k := range md.Data {
			data[i] = string(k)
		}
		m.Models = append(m.Models, modelMsg{
			Name: md.Name, Task: string(md.Task), Data: data, Title: md.Title.In(l), Description: md.Description.In(l),
			Settings: settingsMsg(l, md.Settings), Mitigations: md.Mitigations,
		})
	}
	return m
}

// texts returns each text in language l.
func texts(l i18n.Lang, ts []i18n.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(l)
	}
	return out
}

// plotter renders a run's plots with the labels of the language the run
// started in.
type plotter struct {
	tr       *Translations
	lang     i18n.Lang
	started  bool // the run's started event has set the fields below
	features []string
	classes  []string
	target   string
}

// render draws the history curves and the pictures of the model that the
// event carries: decision regions, or a regression curve. A plot that fails
// to render is left out and logged by the caller.
func (p *plotter) render(h *sandbox.History, r *sandbox.Regions, cv *sandbox.Curve) (*plotsMsg, error) {
	if h == nil || len(h.Series) == 0 {
		return nil, nil
	}
	t := func(key string) string { return p.tr.Text(p.lang, key, nil) }
	m := &plotsMsg{}
	// The curves, each drawn when its series are there: the training
	// series, and the held-out one beside it when the run has it (a
	// language model's loss has both; a network's only the first).
	for _, c := range []struct {
		train, test string // series names in the history
		title, y    string // translation keys
		yMax        float64
		dst         *string
	}{
		{"loss", "test_loss", "plot.loss.title", "plot.loss", 0, &m.Loss},
		{"train_accuracy", "test_accuracy", "plot.accuracy.title", "plot.accuracy", 1, &m.Accuracy},
		{"train_mse", "test_mse", "plot.error.title", "plot.mse", 0, &m.Error},
	} {
		train := h.Series[c.train]
		if len(train) == 0 {
			continue
		}
		series := []plots.Series{{Name: t("plot.train"), Y: train}}
		if test := h.Series[c.test]; len(test) > 0 {
			series = append(series, plots.Series{Name: t("plot.test"), Y: test})
		}
		svg, err := plots.Curves(series, plots.CurveLabels{Title: t(c.title), X: t("plot.epoch"), Y: t(c.y)}, 0, c.yMax, plots.Size{})
		if err != nil {
			return nil, err
		}
		*c.dst = string(svg)
	}
	if cv != nil {
		lines := []plots.Line{{Name: t("plot.model"), X: cv.X, Y: cv.Model}}
		if cv.Truth != nil {
			lines = append(lines, plots.Line{Name: t("plot.formula"), X: cv.X, Y: cv.Truth})
		}
		svg, err := plots.Fit(plots.FitPoints{X: cv.Points, Y: cv.Targets, Test: cv.Test}, lines,
			plots.FitLabels{Title: t("plot.fit.title"), X: p.features[0], Y: p.target, Train: t("plot.train"), Test: t("plot.test")},
			plots.Size{})
		if err != nil {
			return nil, err
		}
		m.Fit = string(svg)
	}
	if r != nil {
		svg, f, err := plots.Regions(
			plots.Grid{XMin: r.XMin, XMax: r.XMax, YMin: r.YMin, YMax: r.YMax, N: r.N, Class: r.Class, Confidence: r.Confidence},
			plots.Points{X: r.Points, Y: r.Labels, Test: r.Test},
			plots.RegionLabels{
				Title: t("plot.regions.title"), X: p.features[0], Y: p.features[1],
				Classes: p.classes, Train: t("plot.train"), Test: t("plot.test"),
			},
			plots.Size{}, maxPlotPoints)
		if err != nil {
			return nil, err
		}
		m.Regions = string(svg)
		m.Frame = &frameMsg{
			Width: f.Width, Height: f.Height, Left: f.Left, Top: f.Top, Right: f.Right, Bottom: f.Bottom,
			XMin: f.XMin, XMax: f.XMax, YMin: f.YMin, YMax: f.YMax,
		}
	}
	return m, nil
}

// maxPlotPoints bounds the points drawn over the decision regions, which
// bounds the size of the picture sent a few times a second (about 60 KB).
const maxPlotPoints = 500

type graphMsg struct {
	Type   string             `json:"type"`
	ID     string             `json:"id"`
	Output float64            `json:"output"`
	SVG    string             `json:"svg"`
	Values map[string]float64 `json:"values"`
	Grads  map[string]float64 `json:"grads"`
}

type tokenMsg struct {
	Text string `json:"text"` // the piece, with spaces shown as ▁
	ID   int    `json:"id"`
}

type tokenizationMsg struct {
	Kind   string     `json:"kind"`
	Count  int        `json:"count"`
	Tokens []tokenMsg `json:"tokens"`
}

type tokensMsg struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Characters int               `json:"characters"`
	Words      int               `json:"words"`
	Tokenizers []tokenizationMsg `json:"tokenizers"`
}

func tokensReply(id string, v sandbox.TokenView) tokensMsg {
	m := tokensMsg{Type: "tokens", ID: id, Characters: v.Characters, Words: v.Words}
	for _, t := range v.Tokenizers {
		tm := tokenizationMsg{Kind: t.Kind, Tokens: []tokenMsg{}}
		for _, tok := range t.Tokens {
			// The word tokenizer keeps the spaces between words so that it
			// can decode exactly; the view counts words and marks only.
			if t.Kind == "word" && strings.TrimSpace(tok.Text) == "" {
				continue
			}
			tm.Tokens = append(tm.Tokens, tokenMsg{Text: tokenize.Visible(tok.Text), ID: tok.ID})
		}
		tm.Count = len(tm.Tokens)
		m.Tokenizers = append(m.Tokenizers, tm)
	}
	return m
}
