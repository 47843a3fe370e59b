package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/datasets"
)

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(t.Context(), args, &out, &errb)
	return out.String(), errb.String(), err
}

// jsonLines decodes the lines of train --json.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestTrainJSON(t *testing.T) {
	out, _, err := runCmd(t, "train", "--dataset", "moons", "--model", "mlp", "--hidden", "16", "--epochs", "40", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, out)
	if len(lines) != 41 {
		t.Fatalf("%d lines, want 40 progress and 1 done", len(lines))
	}
	for i, l := range lines[:40] {
		if l["event"] != "progress" || l["epoch"] != float64(i+1) {
			t.Fatalf("line %d = %v", i+1, l)
		}
		for _, k := range []string{"loss", "train_accuracy", "test_accuracy"} {
			if _, ok := l[k].(float64); !ok {
				t.Fatalf("line %d lacks %s: %v", i+1, k, l)
			}
		}
	}
	done := lines[40]
	// 2 inputs -> 16 -> 2 classes: 2*16+16 + 16*2+2 = 82 parameters.
	if done["event"] != "done" || done["parameters"] != 82.0 || done["test_accuracy"].(float64) < 0.95 {
		t.Errorf("done = %v", done)
	}
	if s, ok := done["seconds"].(float64); !ok || s <= 0 {
		t.Errorf("seconds = %v", done["seconds"])
	}
}

func TestTrainSameSeedSameOutput(t *testing.T) {
	strip := regexp.MustCompile(`"seconds":[^,}]*`)
	args := []string{"train", "--dataset", "spiral", "--epochs", "15", "--json", "--seed", "7"}
	a, _, err := runCmd(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := runCmd(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	if strip.ReplaceAllString(a, "") != strip.ReplaceAllString(b, "") {
		t.Error("the same seed gave different output")
	}
}

func TestTrainLogisticFailsOnXOR(t *testing.T) {
	out, _, err := runCmd(t, "train", "--dataset", "xor", "--model", "logistic", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, out)
	if acc := lines[len(lines)-1]["test_accuracy"].(float64); acc > 0.7 {
		t.Errorf("logistic regression reached %.2f on XOR; a straight line cannot", acc)
	}
}

func TestTrainErrors(t *testing.T) {
	out, _, err := runCmd(t, "train", "--dataset", "spiral", "--hidden", "64,64,64,64", "--optimizer", "sgd", "--lr", "10", "--json")
	if !errors.Is(err, errReported) {
		t.Fatalf("err = %v, want errReported", err)
	}
	lines := jsonLines(t, out)
	last := lines[len(lines)-1]
	if last["event"] != "error" || last["code"] != "diverged" || !strings.Contains(last["message"].(string), "1") {
		t.Errorf("last line = %v, want a diverged error suggesting 1", last)
	}

	out, _, err = runCmd(t, "train", "--lr", "20", "--lang", "kk")
	if !errors.Is(err, errReported) || !strings.Contains(out, "Оқу жылдамдығы") {
		t.Errorf("out-of-range lr in Kazakh: err %v, output %q", err, out)
	}
	if _, _, err := runCmd(t, "train", "--hidden", "16,x"); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("bad --hidden: %v", err)
	}
	if _, _, err := runCmd(t, "train", "--train", "a.csv"); err == nil {
		t.Error("--train without --test was accepted")
	}
}

// writeMoonsCSV writes n two-moons rows with a text label column.
func writeMoonsCSV(t *testing.T, name string, n int, seed uint64) string {
	t.Helper()
	tab := datasets.Moons(n, 0.1, rand.New(rand.NewPCG(seed, 0)))
	var b strings.Builder
	b.WriteString("length,width,kind\n")
	for i, x := range tab.X {
		fmt.Fprintf(&b, "%.4f,%.4f,%s\n", x[0], x[1], []string{"left", "right"}[tab.Y[i]])
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTrainCSV(t *testing.T) {
	all := writeMoonsCSV(t, "moons.csv", 600, 1)
	out, _, err := runCmd(t, "train", "--csv", all, "--epochs", "100", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, out)
	if acc := lines[len(lines)-1]["test_accuracy"].(float64); acc < 0.95 {
		t.Errorf("test accuracy %.2f on a CSV of moons", acc)
	}

	train, test := writeMoonsCSV(t, "train.csv", 400, 2), writeMoonsCSV(t, "test.csv", 200, 3)
	out, _, err = runCmd(t, "train", "--train", train, "--test", test, "--label", "kind", "--epochs", "100")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Training on 400 rows, testing on 200") {
		t.Errorf("output %q does not use the given train and test files", out)
	}

	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("a,b,label\n1,2,x\n3,oops,y\n"), 0o600)
	_, _, err = runCmd(t, "train", "--csv", bad)
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("bad CSV: %v, want the line and column named", err)
	}
}

func TestDatasetsLists(t *testing.T) {
	out, _, err := runCmd(t, "datasets", "--lang", "ru")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"moons", "circles", "xor", "spiral", "blobs", "sine", "digits", "sentiment-kk", "names-ru", "facts-en"} {
		if !strings.Contains(out, name) {
			t.Errorf("datasets output lacks %s:\n%s", name, out)
		}
	}
	if !strings.Contains(out, "Два полумесяца") {
		t.Errorf("datasets --lang ru is not in Russian:\n%s", out)
	}
}

func TestTrainEveryTask(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string // keys the done line must have
	}{
		{[]string{"--dataset", "sine", "--model", "poly", "--set", "degree=5"}, []string{"test_r2", "test_mse"}},
		{[]string{"--dataset", "moons", "--model", "tree"}, []string{"test_accuracy"}},
		{[]string{"--dataset", "sentiment-en", "--model", "textnb"}, []string{"test_accuracy"}},
		{[]string{"--dataset", "names-en", "--model", "charlm", "--epochs", "3"}, []string{"test_loss", "samples"}},
		{[]string{"--dataset", "digits", "--n", "500", "--model", "cnn", "--epochs", "1"}, []string{"test_accuracy"}},
	} {
		out, _, err := runCmd(t, append([]string{"train", "--json"}, c.args...)...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", c.args, err, out)
		}
		lines := jsonLines(t, out)
		done := lines[len(lines)-1]
		for _, k := range c.want {
			if _, ok := done[k]; done["event"] != "done" || !ok {
				t.Errorf("%v: done line %v lacks %s", c.args, done, k)
			}
		}
	}
}

func TestModelsLists(t *testing.T) {
	out, _, err := runCmd(t, "models")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mlp:", "logistic:", "hidden", "learning rate"} {
		if !strings.Contains(strings.ToLower(out), strings.ToLower(want)) {
			t.Errorf("models output lacks %q:\n%s", want, out)
		}
	}
}

func TestTrainSetFlag(t *testing.T) {
	out, _, err := runCmd(t, "train", "--set", "hidden=4", "--set", "epochs=3", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, out)
	// 2 inputs -> 4 -> 2 classes: 2*4+4 + 4*2+2 = 22 parameters, 3 epochs.
	if done := lines[len(lines)-1]; done["parameters"] != 22.0 || done["epoch"] != 3.0 {
		t.Errorf("done = %v", done)
	}
	if _, _, err := runCmd(t, "train", "--set", "k=3"); err == nil || !strings.Contains(err.Error(), `"k"`) {
		t.Errorf("--set of an unknown setting: %v", err)
	}
	if _, _, err := runCmd(t, "train", "--set", "epochs"); err == nil {
		t.Error("--set without = was accepted")
	}
}

func TestUnknownCommand(t *testing.T) {
	if _, _, err := runCmd(t, "fly"); err == nil {
		t.Error("an unknown command was accepted")
	}
}

func TestServeStartsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	data := t.TempDir()
	go func() {
		errc <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var url string
	for sc.Scan() && url == "" {
		if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(sc.Text()); m != "" {
			url = m
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatal("serve printed no address")
	}
	resp, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("serve ended with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
	if _, err := os.Stat(filepath.Join(data, "server.log")); err != nil {
		t.Errorf("no server log: %v", err)
	}
}
