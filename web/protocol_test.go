package web

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/sandbox"
)

func TestDecodeRequest(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	cases := []struct {
		name, msg string
		id        string // the id the error must carry
		code      string // "" = valid
		field     string
	}{
		{"datasets", `{"type":"datasets","id":"d1"}`, "d1", "", ""},
		{"models", `{"type":"models","id":"m1"}`, "m1", "", ""},
		{"train with defaults", `{"type":"train","id":"r1","dataset":{"name":"moons"},"model":{"name":"mlp"}}`, "r1", "", ""},
		{"train full", `{"type":"train","id":"r1","dataset":{"name":"xor","n":200,"noise":0,"seed":3},"model":{"name":"mlp","hidden":[4],"activation":"tanh","optimizer":"sgd","lr":0.1,"epochs":5,"batch":8,"seed":2},"test_split":0.25}`, "r1", "", ""},
		{"stop", `{"type":"stop","id":"r1"}`, "r1", "", ""},
		{"predict", `{"type":"predict","id":"q","run":"r1","points":[[0,1]]}`, "q", "", ""},
		{"lang", `{"type":"lang","id":"l","lang":"kk"}`, "l", "", ""},

		{"not json", `hello`, "", codeBadJSON, ""},
		{"json array", `[1,2]`, "", codeBadJSON, ""},
		{"json null", `null`, "", codeBadJSON, ""},
		{"trailing data", `{"type":"models","id":"m"} {}`, "", codeBadJSON, ""},
		{"no id", `{"type":"models"}`, "", sandbox.CodeMissingField, "id"},
		{"empty id", `{"type":"models","id":""}`, "", sandbox.CodeBadField, "id"},
		{"number id", `{"type":"models","id":7}`, "", sandbox.CodeBadField, "id"},
		{"long id", `{"type":"models","id":"` + strings.Repeat("x", 65) + `"}`, "", sandbox.CodeBadField, "id"},
		{"no type", `{"id":"a"}`, "a", codeUnknownType, "type"},
		{"unknown type", `{"type":"dance","id":"a"}`, "a", codeUnknownType, "type"},
		{"unknown field", `{"type":"models","id":"a","x":1}`, "a", sandbox.CodeBadField, "x"},
		{"no dataset", `{"type":"train","id":"r","model":{"name":"mlp"}}`, "r", sandbox.CodeMissingField, "dataset.name"},
		{"no model", `{"type":"train","id":"r","dataset":{"name":"moons"}}`, "r", sandbox.CodeMissingField, "model.name"},
		{"model not object", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":3}`, "r", sandbox.CodeBadField, "model"},
		{"lr string", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","lr":"fast"}}`, "r", sandbox.CodeBadField, "model.lr"},
		{"lr out of range", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","lr":100}}`, "r", sandbox.CodeOutOfRange, "model.lr"},
		{"epochs fraction", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","epochs":1.5}}`, "r", sandbox.CodeBadField, "model.epochs"},
		{"epochs huge", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","epochs":1e30}}`, "r", sandbox.CodeBadField, "model.epochs"},
		{"unknown setting", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","dropout":0.5}}`, "r", sandbox.CodeBadField, "model.dropout"},
		{"unknown model", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"gpt"}}`, "r", sandbox.CodeUnknownModel, "model.name"},
		{"unknown dataset", `{"type":"train","id":"r","dataset":{"name":"mnist"},"model":{"name":"mlp"}}`, "r", sandbox.CodeUnknownDataset, "dataset.name"},
		{"bad activation", `{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","activation":"step"}}`, "r", sandbox.CodeBadChoice, "model.activation"},
		{"no run", `{"type":"predict","id":"q","points":[[0,1]]}`, "q", sandbox.CodeMissingField, "run"},
		{"no points", `{"type":"predict","id":"q","run":"r"}`, "q", sandbox.CodeMissingField, "points"},
		{"empty points", `{"type":"predict","id":"q","run":"r","points":[]}`, "q", sandbox.CodeOutOfRange, "points"},
		{"bad points", `{"type":"predict","id":"q","run":"r","points":[["a"]]}`, "q", sandbox.CodeBadField, "points"},
		{"bad lang", `{"type":"lang","id":"l","lang":"fr"}`, "l", sandbox.CodeBadChoice, "lang"},
		{"no lang", `{"type":"lang","id":"l"}`, "l", sandbox.CodeMissingField, "lang"},
		{"too large", `{"type":"models","id":"m","pad":"` + strings.Repeat("x", maxMessageBytes) + `"}`, "", codeTooLarge, ""},

		{"predict_image", `{"type":"predict_image","id":"i","run":"r","image":"data:image/png;base64,AAAA"}`, "i", "", ""},
		{"large image", `{"type":"predict_image","id":"i","run":"r","image":"data:image/png;base64,` + strings.Repeat("A", 2*maxMessageBytes) + `"}`, "i", "", ""},
		{"huge image", `{"type":"predict_image","id":"i","run":"r","image":"` + strings.Repeat("A", maxImageMessage) + `"}`, "", codeTooLarge, ""},
		{"image no run", `{"type":"predict_image","id":"i","image":"x"}`, "i", sandbox.CodeMissingField, "run"},
		{"image no image", `{"type":"predict_image","id":"i","run":"r"}`, "i", sandbox.CodeMissingField, "image"},
		{"predict_text", `{"type":"predict_text","id":"t","run":"r","text":"Сәлем, әлем!"}`, "t", "", ""},
		{"empty text", `{"type":"predict_text","id":"t","run":"r","text":""}`, "t", sandbox.CodeOutOfRange, "text"},
		{"long text", `{"type":"predict_text","id":"t","run":"r","text":"` + strings.Repeat("ә", maxTextRunes+1) + `"}`, "t", sandbox.CodeOutOfRange, "text"},
		{"generate defaults", `{"type":"generate","id":"g","run":"r"}`, "g", "", ""},
		{"generate full", `{"type":"generate","id":"g","run":"r","prompt":"Ай","temperature":0,"top_k":5,"length":10,"count":3}`, "g", "", ""},
		{"generate hot", `{"type":"generate","id":"g","run":"r","temperature":2.5}`, "g", sandbox.CodeOutOfRange, "temperature"},
		{"generate many", `{"type":"generate","id":"g","run":"r","count":11}`, "g", sandbox.CodeOutOfRange, "count"},
		{"generate no run", `{"type":"generate","id":"g"}`, "g", sandbox.CodeMissingField, "run"},
		{"tokenize", `{"type":"tokenize","id":"k","text":"Hello"}`, "k", "", ""},
		{"tokenize no text", `{"type":"tokenize","id":"k"}`, "k", sandbox.CodeMissingField, "text"},
		{"autograd", `{"type":"autograd","id":"a","expression":"(w*x+b-y)^2","values":{"w":0.5,"x":2,"b":0,"y":3},"params":["w","b"]}`, "a", "", ""},
		{"autograd no expression", `{"type":"autograd","id":"a","values":{}}`, "a", sandbox.CodeMissingField, "expression"},
		{"autograd long", `{"type":"autograd","id":"a","expression":"` + strings.Repeat("x+", 101) + `x"}`, "a", sandbox.CodeOutOfRange, "expression"},
		{"autograd value text", `{"type":"autograd","id":"a","expression":"w","values":{"w":"one"}}`, "a", sandbox.CodeBadField, "values"},
		{"autograd_step", `{"type":"autograd_step","id":"s","lr":0.1}`, "s", "", ""},
		{"autograd_step zero", `{"type":"autograd_step","id":"s","lr":0}`, "s", sandbox.CodeOutOfRange, "lr"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, id, err := decodeRequest([]byte(c.msg), cat)
			if c.code == "" {
				if err != nil {
					t.Fatalf("valid message refused: %v", err)
				}
				if req.messageID() != c.id {
					t.Errorf("id = %q, want %q", req.messageID(), c.id)
				}
				return
			}
			var se *sandbox.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a %s error", err, c.code)
			}
			if se.Code != c.code || se.Field != c.field || id != c.id {
				t.Errorf("got code %q field %q id %q, want %q %q %q", se.Code, se.Field, id, c.code, c.field, c.id)
			}
		})
	}
}

func TestTrainDefaultsFillWhatIsLeftOut(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	req, _, err := decodeRequest([]byte(`{"type":"train","id":"r","dataset":{"name":"xor","n":200},"model":{"name":"mlp","lr":0.2}}`), cat)
	if err != nil {
		t.Fatal(err)
	}
	got := req.(trainRequest).Spec
	want := cat.Defaults("mlp", "xor")
	want.Dataset.N, want.Model.Settings["lr"] = 200, 0.2
	if got.Dataset != want.Dataset || got.TestSplit != want.TestSplit || !reflect.DeepEqual(got.Model, want.Model) {
		t.Errorf("spec = %+v, want %+v", got, want)
	}
}

// FuzzDecodeRequest checks that no message, however malformed, panics the
// decoder, and that every failure is an *sandbox.Error the page can show.
func FuzzDecodeRequest(f *testing.F) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	for _, s := range []string{
		`{"type":"train","id":"r1","dataset":{"name":"moons","n":1000,"noise":0.1,"seed":1},"model":{"name":"mlp","hidden":[16,16],"activation":"relu","optimizer":"adam","lr":0.01,"epochs":200,"batch":32,"seed":1},"test_split":0.3}`,
		`{"type":"predict","id":"q7","run":"r1","points":[[0.5,0.25],[1.8,-0.3]]}`,
		`{"type":"stop","id":"r1"}`, `{"type":"lang","id":"l","lang":"ru"}`, `{"type":"models","id":"m"}`,
		`{"type":"train","id":"r","dataset":{"name":"moons"},"model":{"name":"mlp","hidden":null}}`,
		`{`, `null`, `""`, `{"id":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, _, err := decodeRequest(data, cat)
		if err != nil {
			var se *sandbox.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *sandbox.Error", err)
			}
			return
		}
		if tr, ok := req.(trainRequest); ok {
			if err := cat.Validate(tr.Spec); err != nil {
				t.Fatalf("accepted an invalid spec: %v", err)
			}
		}
	})
}
