package models_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
)

type toy struct {
	K       int       `json:"k"`
	Weights []float64 `json:"weights"`
}

func TestSaveLoadRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := models.Save(&buf, "toy", 2, toy{K: 3, Weights: []float64{0.5, -1}}); err != nil {
		t.Fatal(err)
	}
	var got toy
	v, err := models.Load(&buf, "toy", 2, &got)
	if err != nil {
		t.Fatal(err)
	}
	if v != 2 || got.K != 3 || len(got.Weights) != 2 || got.Weights[1] != -1 {
		t.Errorf("loaded version %d, %+v", v, got)
	}
}

func TestLoadRefuses(t *testing.T) {
	save := func(kind string, version int) string {
		var buf bytes.Buffer
		if err := models.Save(&buf, kind, version, toy{K: 1}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	for _, c := range []struct {
		name, data string
		want       string
		version    bool
	}{
		{"newer version", save("toy", 3), "format version 3", true},
		{"version zero", save("toy", 0), "format version 0", true},
		{"other kind", save("knn", 1), "holds a knn model", false},
		{"not json", "hello", "not a saved AI Sandbox model", false},
		{"other json", `{"a":1}`, "not a saved AI Sandbox model", false},
		{"unknown field", `{"format":"aisandbox-model","kind":"toy","version":1,"model":{"k":1,"x":2}}`, "unknown field", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var m toy
			_, err := models.Load(strings.NewReader(c.data), "toy", 2, &m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one containing %q", err, c.want)
			}
			if errors.Is(err, models.ErrVersion) != c.version {
				t.Errorf("errors.Is(err, ErrVersion) = %v", !c.version)
			}
		})
	}
}
