package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// Limits of the protocol (docs/protocol.md).
const (
	maxMessageBytes = 64 << 10 // larger messages get a too_large error
	maxIDLength     = 64       // characters in a message id
	maxPoints       = 1000     // points in one predict message
	maxTextRunes    = 2000     // characters of text to classify or tokenize
	maxPromptRunes  = 200      // characters of a generator's prompt
	maxExprRunes    = 200      // characters of an autograd expression
	maxNames        = 20       // names in an autograd expression
	// maxImageMessage is the largest predict_image message: a 5 MB picture
	// grows by a third as base64.
	maxImageMessage = 7 << 20
)

// Protocol-level error codes; the engine's codes are in package sandbox.
const (
	codeBadJSON     = "bad_json"
	codeTooLarge    = "too_large"
	codeUnknownType = "unknown_type"
)

// request is a decoded client message: one of the *Request types below.
type request interface{ messageID() string }

type datasetsRequest struct{ ID string }
type modelsRequest struct{ ID string }
type stopRequest struct{ ID string }
type langRequest struct {
	ID   string
	Lang i18n.Lang
}
type trainRequest struct {
	ID   string
	Spec sandbox.TrainSpec
}
type predictRequest struct {
	ID     string
	Run    string
	Points [][]float64
}
type predictImageRequest struct {
	ID, Run, Image string
}
type predictTextRequest struct {
	ID, Run, Text string
}
type generateRequest struct {
	ID, Run, Prompt     string
	Temperature         float64
	TopK, Length, Count int
}
type tokenizeRequest struct {
	ID, Text string
}
type autogradRequest struct {
	ID         string
	Expression string
	Values     map[string]float64
	Params     []string
}
type autogradStepRequest struct {
	ID string
	LR float64
}

func (r datasetsRequest) messageID() string     { return r.ID }
func (r modelsRequest) messageID() string       { return r.ID }
func (r stopRequest) messageID() string         { return r.ID }
func (r langRequest) messageID() string         { return r.ID }
func (r trainRequest) messageID() string        { return r.ID }
func (r predictRequest) messageID() string      { return r.ID }
func (r predictImageRequest) messageID() string { return r.ID }
func (r predictTextRequest) messageID() string  { return r.ID }
func (r generateRequest) messageID() string     { return r.ID }
func (r tokenizeRequest) messageID() string     { return r.ID }
func (r autogradRequest) messageID() string     { return r.ID }
func (r autogradStepRequest) messageID() string { return r.ID }

// decodeRequest reads one client message. On failure it returns the message
// id as far as it could be read (or "") and an *sandbox.Error saying what is
// wrong. It never panics, whatever data holds: FuzzDecodeRequest checks it.
func decodeRequest(data []byte, cat sandbox.Catalog) (request, string, error) {
	tooLarge := &sandbox.Error{Code: codeTooLarge, Params: map[string]any{"limit": maxMessageBytes}}
	if len(data) > maxImageMessage {
		return nil, "", tooLarge
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil || head == nil {
		return nil, "", &sandbox.Error{Code: codeBadJSON, Err: err}
	}
	// Only a picture may be larger than an ordinary message.
	if len(data) > maxMessageBytes && string(head["type"]) != `"predict_image"` {
		return nil, "", tooLarge
	}
	id, err := decodeID(head["id"])
	if err != nil {
		return nil, "", err
	}
	var typ string
	if raw, ok := head["type"]; !ok || json.Unmarshal(raw, &typ) != nil {
		return nil, id, &sandbox.Error{Code: codeUnknownType, Field: "type", Params: map[string]any{"type": strings.TrimSpace(string(head["type"]))}}
	}
	switch typ {
	case "datasets":
		return datasetsRequest{ID: id}, id, strict(data, &struct{ envelope }{})
	case "models":
		return modelsRequest{ID: id}, id, strict(data, &struct{ envelope }{})
	case "stop":
		return stopRequest{ID: id}, id, strict(data, &struct{ envelope }{})
	case "lang":
		var m struct {
			envelope
			Lang *string `json:"lang"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Lang == nil {
			return nil, id, missing("lang")
		}
		l, ok := i18n.Parse(*m.Lang)
		if !ok {
			return nil, id, &sandbox.Error{Code: sandbox.CodeBadChoice, Field: "lang", Params: map[string]any{"label": "lang", "choices": "kk, ru, en"}}
		}
		return langRequest{ID: id, Lang: l}, id, nil
	case "train":
		spec, err := decodeTrain(data, cat)
		if err != nil {
			return nil, id, err
		}
		return trainRequest{ID: id, Spec: spec}, id, nil
	case "predict":
		var m struct {
			envelope
			Run    *string     `json:"run"`
			Points [][]float64 `json:"points"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Run == nil {
			return nil, id, missing("run")
		}
		if m.Points == nil {
			return nil, id, missing("points")
		}
		if len(m.Points) < 1 || len(m.Points) > maxPoints {
			return nil, id, &sandbox.Error{Code: sandbox.CodeOutOfRange, Field: "points", Params: map[string]any{"label": "points", "min": 1, "max": maxPoints}}
		}
		return predictRequest{ID: id, Run: *m.Run, Points: m.Points}, id, nil
	case "predict_image":
		var m struct {
			envelope
			Run   *string `json:"run"`
			Image *string `json:"image"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		switch {
		case m.Run == nil:
			return nil, id, missing("run")
		case m.Image == nil:
			return nil, id, missing("image")
		}
		return predictImageRequest{ID: id, Run: *m.Run, Image: *m.Image}, id, nil
	case "predict_text":
		var m struct {
			envelope
			Run  *string `json:"run"`
			Text *string `json:"text"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		switch {
		case m.Run == nil:
			return nil, id, missing("run")
		case m.Text == nil:
			return nil, id, missing("text")
		}
		if err := textLength("text", *m.Text, 1, maxTextRunes); err != nil {
			return nil, id, err
		}
		return predictTextRequest{ID: id, Run: *m.Run, Text: *m.Text}, id, nil
	case "generate":
		m := struct {
			envelope
			Run         *string `json:"run"`
			Prompt      string  `json:"prompt"`
			Temperature float64 `json:"temperature"`
			TopK        int     `json:"top_k"`
			Length      int     `json:"length"`
			Count       int     `json:"count"`
		}{Temperature: 1, Length: 40, Count: 5}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Run == nil {
			return nil, id, missing("run")
		}
		for _, c := range []struct {
			field    string
			v        float64
			min, max float64
		}{{"temperature", m.Temperature, 0, 2}, {"top_k", float64(m.TopK), 0, 50}, {"length", float64(m.Length), 1, 200}, {"count", float64(m.Count), 1, 10}} {
			if !(c.v >= c.min && c.v <= c.max) {
				return nil, id, outOfRange(c.field, c.min, c.max)
			}
		}
		if err := textLength("prompt", m.Prompt, 0, maxPromptRunes); err != nil {
			return nil, id, err
		}
		return generateRequest{ID: id, Run: *m.Run, Prompt: m.Prompt, Temperature: m.Temperature, TopK: m.TopK, Length: m.Length, Count: m.Count}, id, nil
	case "tokenize":
		var m struct {
			envelope
			Text *string `json:"text"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Text == nil {
			return nil, id, missing("text")
		}
		if err := textLength("text", *m.Text, 1, maxTextRunes); err != nil {
			return nil, id, err
		}
		return tokenizeRequest{ID: id, Text: *m.Text}, id, nil
	case "autograd":
		var m struct {
			envelope
			Expression *string            `json:"expression"`
			Values     map[string]float64 `json:"values"`
			Params     []string           `json:"params"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Expression == nil {
			return nil, id, missing("expression")
		}
		if err := textLength("expression", *m.Expression, 1, maxExprRunes); err != nil {
			return nil, id, err
		}
		if len(m.Values) > maxNames {
			return nil, id, outOfRange("values", 0, maxNames)
		}
		if len(m.Params) > maxNames {
			return nil, id, outOfRange("params", 0, maxNames)
		}
		return autogradRequest{ID: id, Expression: *m.Expression, Values: m.Values, Params: m.Params}, id, nil
	case "evaluate", "probe":
		return decodeEvalRequest(typ, id, data) // web/evaluate.go
	case "activities", "activity", "check":
		return decodeActivityRequest(typ, id, data) // web/activities.go
	case "open_class", "teach", "act", "export", "projection", "join", "rejoin", "answer", "move":
		return decodeClassRequest(typ, id, data) // web/class.go
	case "autograd_step":
		var m struct {
			envelope
			LR *float64 `json:"lr"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.LR == nil {
			return nil, id, missing("lr")
		}
		if !(*m.LR > 0 && *m.LR <= 10) {
			return nil, id, outOfRange("lr", 0, 10)
		}
		return autogradStepRequest{ID: id, LR: *m.LR}, id, nil
	}
	return nil, id, &sandbox.Error{Code: codeUnknownType, Field: "type", Params: map[string]any{"type": typ}}
}

// envelope holds the fields every message has.
type envelope struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

func decodeID(raw json.RawMessage) (string, error) {
	if raw == nil {
		return "", missing("id")
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || id == "" || utf8.RuneCountInString(id) > maxIDLength {
		return "", &sandbox.Error{Code: sandbox.CodeBadField, Field: "id", Params: map[string]any{"label": "id"}}
	}
	return id, nil
}

// decodeTrain reads a train message onto the defaults of the model and
// dataset it names, so that every setting it leaves out keeps its default,
// and validates the result against the catalog.
func decodeTrain(data []byte, cat sandbox.Catalog) (sandbox.TrainSpec, error) {
	var names struct {
		Dataset *struct {
			Name *string `json:"name"`
		} `json:"dataset"`
		Model *struct {
			Name *string `json:"name"`
		} `json:"model"`
	}
	if err := json.Unmarshal(data, &names); err != nil {
		return sandbox.TrainSpec{}, fieldError("", err)
	}
	switch {
	case names.Dataset == nil || names.Dataset.Name == nil:
		return sandbox.TrainSpec{}, missing("dataset.name")
	case names.Model == nil || names.Model.Name == nil:
		return sandbox.TrainSpec{}, missing("model.name")
	}
	spec := cat.Defaults(*names.Model.Name, *names.Dataset.Name)
	var m struct {
		envelope
		Dataset   json.RawMessage `json:"dataset"`
		Model     json.RawMessage `json:"model"`
		TestSplit *float64        `json:"test_split"`
		// What evaluation and bias probing change (docs/protocol.md).
		ValidationSplit float64  `json:"validation_split"`
		Attributes      []string `json:"attributes"`
		Drop            []string `json:"drop"`
		Mitigation      string   `json:"mitigation"`
		MitigateBy      string   `json:"mitigate_by"`
		// TrainGroup trains on one group only; null or absent = all. It is
		// read below, so that its errors name its fields.
		TrainGroup json.RawMessage `json:"train_group"`
	}
	if err := strict(data, &m); err != nil {
		return sandbox.TrainSpec{}, err
	}
	if m.TestSplit != nil {
		spec.TestSplit = *m.TestSplit
	}
	spec.ValidationSplit, spec.Attributes, spec.Drop = m.ValidationSplit, m.Attributes, m.Drop
	spec.Mitigation, spec.MitigateBy = m.Mitigation, m.MitigateBy
	if len(m.TrainGroup) > 0 && string(m.TrainGroup) != "null" {
		var g sandbox.GroupFilter
		if err := strictAt("train_group", m.TrainGroup, &g); err != nil {
			return sandbox.TrainSpec{}, err
		}
		for _, f := range []struct{ field, v string }{{"train_group.attribute", g.Attribute}, {"train_group.value", g.Value}} {
			if err := textLength(f.field, f.v, 0, maxNameRunes); err != nil {
				return sandbox.TrainSpec{}, err
			}
		}
		spec.TrainGroup = &g
	}
	if err := strictAt("dataset", m.Dataset, &spec.Dataset); err != nil {
		return sandbox.TrainSpec{}, err
	}
	if err := decodeSettings(m.Model, cat, &spec.Model); err != nil {
		return sandbox.TrainSpec{}, err
	}
	if err := cat.Validate(spec); err != nil {
		return sandbox.TrainSpec{}, err
	}
	return spec, nil
}

// decodeSettings reads the settings of a model object onto the defaults in
// spec, each converted to the type its setting takes.
func decodeSettings(data []byte, cat sandbox.Catalog, spec *sandbox.ModelSpec) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fieldError("model", err)
	}
	info, ok := cat.Model(spec.Name)
	if !ok {
		return &sandbox.Error{Code: sandbox.CodeUnknownModel, Field: "model.name", Params: map[string]any{"name": spec.Name}}
	}
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		if key == "name" {
			continue
		}
		field := "model." + key
		st, ok := info.Setting(key)
		if !ok {
			return &sandbox.Error{Code: sandbox.CodeBadField, Field: field, Params: map[string]any{"label": key}}
		}
		var x any
		if err := json.Unmarshal(raw[key], &x); err != nil {
			return fieldError(field, err)
		}
		if x == nil {
			continue // null keeps the default
		}
		v, err := st.Coerce(field, x)
		if err != nil {
			return err
		}
		spec.Settings[key] = v
	}
	return nil
}

// strict decodes data into v, refusing fields v does not have.
func strict(data []byte, v any) error { return strictAt("", data, v) }

// strictAt is strict for the object at path (e.g. "model") of a message,
// so that errors name the field by its whole path ("model.lr").
func strictAt(path string, data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fieldError(path, err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return &sandbox.Error{Code: codeBadJSON, Err: errors.New("web: data after the JSON object")}
	}
	return nil
}

// fieldError turns a JSON decoding error of the object at path into an
// *sandbox.Error naming the field at fault.
func fieldError(path string, err error) error {
	at := func(f string) string {
		switch {
		case path == "":
			return f
		case f == "":
			return path
		}
		return path + "." + f
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		f := at(te.Field)
		if f == "" {
			f = "message"
		}
		return &sandbox.Error{Code: sandbox.CodeBadField, Field: f, Params: map[string]any{"label": f}, Err: err}
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		f := at(strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`))
		return &sandbox.Error{Code: sandbox.CodeBadField, Field: f, Params: map[string]any{"label": f}, Err: err}
	}
	return &sandbox.Error{Code: codeBadJSON, Err: err}
}

func outOfRange(field string, lo, hi float64) error {
	return &sandbox.Error{Code: sandbox.CodeOutOfRange, Field: field, Params: map[string]any{"label": field, "min": lo, "max": hi}}
}

// textLength checks that s is valid UTF-8 of min to max characters.
func textLength(field, s string, lo, hi int) error {
	if !utf8.ValidString(s) {
		return &sandbox.Error{Code: sandbox.CodeBadField, Field: field, Params: map[string]any{"label": field}}
	}
	if n := utf8.RuneCountInString(s); n < lo || n > hi {
		return outOfRange(field, float64(lo), float64(hi))
	}
	return nil
}

func missing(field string) error {
	return &sandbox.Error{Code: sandbox.CodeMissingField, Field: field, Params: map[string]any{"label": field}}
}
