package mlp_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/mlp"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		cfg  mlp.Config
		want models.Description
	}{
		{
			name: "two hidden layers",
			cfg:  mlp.Config{Inputs: 2, Hidden: []int{8, 4}, Classes: 3, Activation: mlp.Tanh},
			// 2·8 + 8 + 8·4 + 4 + 4·3 + 3 = 75 weights and biases.
			want: models.Description{
				Kind:       "mlp",
				Settings:   map[string]any{"inputs": 2, "hidden": []int{8, 4}, "classes": 3, "activation": "tanh"},
				Parameters: 75,
			},
		},
		{
			name: "logistic",
			cfg:  mlp.Config{Inputs: 5, Classes: 2},
			// 5·2 + 2 = 12 weights and biases.
			want: models.Description{
				Kind:       "mlp",
				Settings:   map[string]any{"inputs": 5, "hidden": []int{}, "classes": 2, "activation": "relu"},
				Parameters: 12,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := mlp.New(tc.cfg, rand.New(rand.NewPCG(1, 0)))
			if err != nil {
				t.Fatal(err)
			}
			if got := n.Describe(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Describe() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// trainedMoons returns a 2-8-2 tanh network trained for 5 epochs on the
// two-moons task, and its test rows.
func trainedMoons(t *testing.T) (*mlp.Network, [][]float64) {
	t.Helper()
	xTrain, yTrain, xTest, _ := moons(1)
	rng := rand.New(rand.NewPCG(1, 0))
	n, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{8}, Classes: 2, Activation: mlp.Tanh}, rng)
	if err != nil {
		t.Fatal(err)
	}
	if err := mlp.Train(context.Background(), n, xTrain, yTrain, 5, mlp.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	return n, xTest
}

func TestSaveLoad(t *testing.T) {
	n, xTest := trainedMoons(t)
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := mlp.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	a, b := n.Probabilities(xTest), back.Probabilities(xTest)
	for i := range a {
		for k := range a[i] {
			if math.Float64bits(a[i][k]) != math.Float64bits(b[i][k]) {
				t.Fatalf("row %d, class %d: probability %v before saving, %v after loading", i, k, a[i][k], b[i][k])
			}
		}
	}
	if !reflect.DeepEqual(n.Describe(), back.Describe()) {
		t.Errorf("after loading %+v, before %+v", back.Describe(), n.Describe())
	}

	// The loaded network trains on exactly as the original does.
	xTrain, yTrain, _, _ := moons(2)
	for _, net := range []*mlp.Network{n, back} {
		err := mlp.Train(context.Background(), net, xTrain, yTrain, 1, mlp.TrainConfig{}, rand.New(rand.NewPCG(3, 0)), nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	la, lb := n.Layers(), back.Layers()
	for l := range la {
		if !reflect.DeepEqual(la[l].W.RawMatrix().Data, lb[l].W.RawMatrix().Data) || !reflect.DeepEqual(la[l].B, lb[l].B) {
			t.Errorf("layer %d differs after one more epoch of training each", l+1)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	n, _ := trainedMoons(t)
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()

	var v2 bytes.Buffer
	if err := models.Save(&v2, mlp.Kind, 2, map[string]int{}); err != nil {
		t.Fatal(err)
	}
	if _, err := mlp.Load(&v2); !errors.Is(err, models.ErrVersion) {
		t.Errorf("loading format version 2: %v, want an error wrapping models.ErrVersion", err)
	}

	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 2, Hidden: []int{8}}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	var reg bytes.Buffer
	if err := r.Save(&reg); err != nil {
		t.Fatal(err)
	}
	_, err = mlp.Load(&reg)
	checkErr(t, err, "holds a mlp-regressor model")
	_, err = mlp.LoadRegressor(strings.NewReader(saved))
	checkErr(t, err, "holds a mlp model")

	// The saved network is 2-8-2: 2·8 + 8 + 8·2 + 2 = 42 weights and biases.
	// The shapes the changes give need 2·9 + 9 + 9·2 + 2 = 47 (2-9-2),
	// 2·8 + 8 + 8·1 + 1 + 1·2 + 2 = 37 (2-8-1-2) and 2·8 + 8 + 8·3 + 3 = 51
	// (2-8-3).
	changed := []struct{ name, from, to, want string }{
		{"extra parameter", `"parameters":[`, `"parameters":[1,`, "has 43 weights and biases, its shape needs 42"},
		{"wider hidden layer", `"hidden":[8]`, `"hidden":[9]`, "has 42 weights and biases, its shape needs 47"},
		{"extra hidden layer", `"hidden":[8]`, `"hidden":[8,1]`, "has 42 weights and biases, its shape needs 37"},
		{"more classes", `"classes":2`, `"classes":3`, "has 42 weights and biases, its shape needs 51"},
		{"one class", `"classes":2`, `"classes":1`, "classes must be at least 2"},
		{"no inputs", `"inputs":2`, `"inputs":0`, "inputs must be at least 1"},
		{"empty hidden layer", `"hidden":[8]`, `"hidden":[0]`, "hidden layer 1 must have at least 1 unit"},
		{"bad activation", `"activation":"tanh"`, `"activation":"swish"`, "unknown activation"},
		{"unknown field", `"parameters":`, `"ignored":0,"parameters":`, "unknown field"},
		{"NaN weight", `"parameters":[`, `"parameters":[NaN,`, "not a saved AI Sandbox model"},
		{"overflowing weight", `"parameters":[`, `"parameters":[1e999,`, "cannot unmarshal"},
		{"weight as text", `"parameters":[`, `"parameters":["1",`, "cannot unmarshal"},
		{"wrong kind", `"kind":"mlp"`, `"kind":"knn"`, "holds a knn model"},
		// Cutting off the second half leaves JSON that does not parse.
		{"truncated", saved[len(saved)/2:], "", "not a saved AI Sandbox model"},
	}
	for _, tc := range changed {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(saved, tc.from, tc.to, 1)
			if text == saved {
				t.Fatalf("%q not found in the saved network", tc.from)
			}
			_, err := mlp.Load(strings.NewReader(text))
			checkErr(t, err, tc.want)
		})
	}
}
