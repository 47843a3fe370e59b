package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/sandbox"
)

// TestServeActivities: serve offers the built-in activities and a
// teacher's folder, and refuses to start on a folder with a problem,
// printing each problem with its place.
func TestServeActivities(t *testing.T) {
	builtin, err := activities.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "web", "testdata", "activities", "kinds.json"))
	if err != nil {
		t.Fatal(err)
	}
	cat := sandbox.New(sandbox.Config{}).Catalog()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, c := range []struct {
		name    string
		files   map[string]string // files of the folder; nil = no --activities
		missing bool              // --activities names no folder
		want    int               // activities served
		errs    []string          // in the error and stderr, when it fails
	}{
		{name: "built-in only", want: len(builtin)},
		{name: "a good file", files: map[string]string{"kinds.json": string(good)}, want: len(builtin) + 1},
		{name: "an empty folder", files: map[string]string{}, want: len(builtin)},
		{name: "a misspelt field", files: map[string]string{"kinds.json": strings.Replace(string(good), `"minutes": 15`, `"minute": 15`, 1)},
			errs: []string{"kinds.json:6:3: minute:", `did you mean "minutes"`, "activities check"}},
		{name: "a built-in id", files: map[string]string{"copy.json": strings.Replace(string(good), `"id": "test-kinds"`, `"id": "`+builtin[0].ID+`"`, 1)},
			errs: []string{"copy.json:2:3: id:", builtin[0].ID}},
		{name: "not JSON", files: map[string]string{"notes.json": "steps: 1, 2, 3"}, errs: []string{"notes.json"}},
		{name: "no such folder", missing: true, errs: []string{"is not a folder"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := ""
			switch {
			case c.missing:
				dir = filepath.Join(t.TempDir(), "nowhere")
			case c.files != nil:
				dir = t.TempDir()
				for name, data := range c.files {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var stderr bytes.Buffer
			got, err := serveActivities(dir, cat, &stderr, logger)
			if c.errs == nil {
				if err != nil {
					t.Fatalf("error %v; printed %s", err, stderr.String())
				}
				if len(got) != c.want {
					t.Errorf("%d activities, want %d", len(got), c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("served %d activities, want an error", len(got))
			}
			said := stderr.String() + err.Error()
			for _, e := range c.errs {
				if !strings.Contains(said, e) {
					t.Errorf("%q lacks %q", said, e)
				}
			}
		})
	}
}
