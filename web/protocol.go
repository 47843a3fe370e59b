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

func (r datasetsRequest) messageID() string { return r.ID }
func (r modelsRequest) messageID() string   { return r.ID }
func (r stopRequest) messageID() string     { return r.ID }
func (r langRequest) messageID() string     { return r.ID }
func (r trainRequest) messageID() string    { return r.ID }
func (r predictRequest) messageID() string  { return r.ID }

// decodeRequest reads one client message. On failure it returns the message
// id as far as it could be read (or "") and an *sandbox.Error saying what is
// wrong. It never panics, whatever data holds: FuzzDecodeRequest checks it.
func decodeRequest(data []byte, cat sandbox.Catalog) (request, string, error) {
	if len(data) > maxMessageBytes {
		return nil, "", &sandbox.Error{Code: codeTooLarge, Params: map[string]any{"limit": maxMessageBytes}}
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil || head == nil {
		return nil, "", &sandbox.Error{Code: codeBadJSON, Err: err}
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
	}
	if err := strict(data, &m); err != nil {
		return sandbox.TrainSpec{}, err
	}
	if m.TestSplit != nil {
		spec.TestSplit = *m.TestSplit
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

func missing(field string) error {
	return &sandbox.Error{Code: sandbox.CodeMissingField, Field: field, Params: map[string]any{"label": field}}
}
