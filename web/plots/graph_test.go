package plots

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

// lineGraph is the graph of (w*x + b − y)^2 with w = 0.5, x = 2, b = 0.1,
// y = 3, as the autograd engine reports it: r = w·x + b − y = −1.9, the
// output r² = 3.61, and every step up to r has gradient 2r = −3.8.
func lineGraph() GraphData {
	return GraphData{Output: 8, Nodes: []GraphNode{
		{Label: "w", Kind: GraphParam, Value: 0.5, Grad: -7.6},
		{Label: "x", Kind: GraphInput, Value: 2, Grad: -1.9},
		{Label: "*", Value: 1, Grad: -3.8, Inputs: []int{0, 1}},
		{Label: "b", Kind: GraphParam, Value: 0.1, Grad: -3.8},
		{Label: "+", Value: 1.1, Grad: -3.8, Inputs: []int{2, 3}},
		{Label: "y", Kind: GraphInput, Value: 3, Grad: 3.8},
		{Label: "-", Value: -1.9, Grad: -3.8, Inputs: []int{4, 5}},
		{Label: "2", Kind: GraphConst, Value: 2},
		{Label: "^", Value: 3.61, Grad: 1, Inputs: []int{6, 7}},
	}}
}

// twoNeuronGraph is sigmoid(v1·tanh(w1·x + b1) + v2·tanh(w2·x + b2) + c),
// a network of two hidden neurons and one output: 19 nodes, x shared:
// the largest graph a lesson is likely to show. The values are computed
// here from the leaves; the gradients by the chain rule.
func twoNeuronGraph() GraphData {
	w1, b1, w2, b2, v1, v2, c, x := 1.5, -0.5, -2.0, 0.3, 0.8, -1.1, 0.2, 0.7
	z1, z2 := w1*x+b1, w2*x+b2
	h1, h2 := math.Tanh(z1), math.Tanh(z2)
	s := v1*h1 + v2*h2 + c
	o := 1 / (1 + math.Exp(-s))
	ds := o * (1 - o)
	dz1, dz2 := ds*v1*(1-h1*h1), ds*v2*(1-h2*h2)
	return GraphData{Output: 18, Nodes: []GraphNode{
		{Label: "w1", Kind: GraphParam, Value: w1, Grad: dz1 * x},          // 0
		{Label: "x", Kind: GraphInput, Value: x, Grad: dz1*w1 + dz2*w2},    // 1
		{Label: "*", Value: w1 * x, Grad: dz1, Inputs: []int{0, 1}},        // 2
		{Label: "b1", Kind: GraphParam, Value: b1, Grad: dz1},              // 3
		{Label: "+", Value: z1, Grad: dz1, Inputs: []int{2, 3}},            // 4
		{Label: "tanh", Value: h1, Grad: ds * v1, Inputs: []int{4}},        // 5
		{Label: "v1", Kind: GraphParam, Value: v1, Grad: ds * h1},          // 6
		{Label: "*", Value: v1 * h1, Grad: ds, Inputs: []int{6, 5}},        // 7
		{Label: "w2", Kind: GraphParam, Value: w2, Grad: dz2 * x},          // 8
		{Label: "*", Value: w2 * x, Grad: dz2, Inputs: []int{8, 1}},        // 9
		{Label: "b2", Kind: GraphParam, Value: b2, Grad: dz2},              // 10
		{Label: "+", Value: z2, Grad: dz2, Inputs: []int{9, 10}},           // 11
		{Label: "tanh", Value: h2, Grad: ds * v2, Inputs: []int{11}},       // 12
		{Label: "v2", Kind: GraphParam, Value: v2, Grad: ds * h2},          // 13
		{Label: "*", Value: v2 * h2, Grad: ds, Inputs: []int{13, 12}},      // 14
		{Label: "+", Value: v1*h1 + v2*h2, Grad: ds, Inputs: []int{7, 14}}, // 15
		{Label: "c", Kind: GraphParam, Value: c, Grad: ds},                 // 16
		{Label: "+", Value: s, Grad: ds, Inputs: []int{15, 16}},            // 17
		{Label: "sigmoid", Value: o, Grad: 1, Inputs: []int{17}},           // 18
	}}
}

func TestGraphGolden(t *testing.T) {
	// w*x + w*x as gorgonia merges it (one w*x feeding both sides of +),
	// and a*a: two arrows between the same boxes, at different heights.
	shared := GraphData{Output: 5, Nodes: []GraphNode{
		{Label: "w", Kind: GraphParam, Value: 1.5, Grad: -1},
		{Label: "x", Kind: GraphInput, Value: -0.5, Grad: 3},
		{Label: "*", Value: -0.75, Grad: 2, Inputs: []int{0, 1}},
		{Label: "+", Value: -1.5, Grad: 1, Inputs: []int{2, 2}},
		{Label: "a", Kind: GraphParam, Value: 0.001234, Grad: 24691.5},
		{Label: "*", Value: 1.522756e-6, Grad: 1, Inputs: []int{4, 4}},
	}}
	tests := []struct {
		name   string
		g      GraphData
		labels GraphLabels
	}{
		{"graph_line_en", lineGraph(), GraphLabels{Value: "value", Grad: "grad", Param: "parameter", Input: "input"}},
		{"graph_line_kk", lineGraph(), GraphLabels{Value: "мәні", Grad: "градиент", Param: "параметр", Input: "кіріс"}},
		{"graph_two_neurons_kk", twoNeuronGraph(), GraphLabels{Value: "мәні", Grad: "градиент", Param: "параметр", Input: "кіріс"}},
		{"graph_shared_ru_no_legend", shared, GraphLabels{Value: "значение", Grad: "градиент"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Graph(tt.g, tt.labels)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, got)
			checkGolden(t, tt.name, got)
			again, err := Graph(tt.g, tt.labels)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("second rendering differs (err %v): output is not deterministic", err)
			}
		})
	}
}

func TestGraphNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{0.5, "0.50"},
		{-1.2, "−1.20"},
		{3.14159, "3.14"},
		{9999.994, "9999.99"},
		{0.09876, "0.099"},
		{-0.001234, "−0.0012"},
		{24691.5, "2.47e4"},
		{1.522756e-6, "1.52e-6"},
		{-1e300, "−1.00e300"},
		{math.SmallestNonzeroFloat64, "4.94e-324"},
	}
	for _, tt := range tests {
		if got := graphNumber(tt.v); got != tt.want {
			t.Errorf("graphNumber(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// TestGraphLayout checks the columns and the order within columns of the
// line graph: steps by depth, each variable or number just left of the
// step that uses it, and operands above and below their step in order.
func TestGraphLayout(t *testing.T) {
	g := lineGraph()
	boxes := make([]graphBox, len(g.Nodes))
	for i, node := range g.Nodes {
		for s, in := range node.Inputs {
			boxes[in].consumers = append(boxes[in].consumers, graphUse{node: i, slot: s})
		}
	}
	order, err := graphOrder(g)
	if err != nil {
		t.Fatal(err)
	}
	if cols := graphColumns(g, boxes, order); cols != 5 {
		t.Errorf("%d columns, want 5", cols)
	}
	// w x * b + y - 2 ^
	want := []int{0, 0, 1, 1, 2, 2, 3, 3, 4}
	for i, b := range boxes {
		if b.col != want[i] {
			t.Errorf("node %d (%s) in column %d, want %d", i, g.Nodes[i].Label, b.col, want[i])
		}
	}
	graphSizes(g, boxes, GraphLabels{Value: "value", Grad: "grad"}, false)
	graphPlaceColumns(boxes, 5)
	graphRows(g, boxes, 5)
	// The first operand sits above the second: w above x, * above b, ...
	for _, pair := range [][2]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}} {
		if !(boxes[pair[0]].y < boxes[pair[1]].y) {
			t.Errorf("%s (y %v) is not above %s (y %v)", g.Nodes[pair[0]].Label, boxes[pair[0]].y, g.Nodes[pair[1]].Label, boxes[pair[1]].y)
		}
	}
	// No two boxes of a column overlap.
	for i := range boxes {
		for j := i + 1; j < len(boxes); j++ {
			a, b := boxes[i], boxes[j]
			if a.col == b.col && math.Abs(a.y-b.y) < (a.h+b.h)/2 {
				t.Errorf("boxes %d and %d overlap", i, j)
			}
		}
	}
}

// TestGraphReadableWidth checks the sizes the package documents: the
// five-column line graph keeps its words in Kazakh within 480 units,
// and the 19-node two-neuron graph switches to numbers only and stays
// near that width.
func TestGraphReadableWidth(t *testing.T) {
	tests := []struct {
		name     string
		g        GraphData
		maxWidth float64
		compact  bool
	}{
		{"line", lineGraph(), 480, false},
		{"two neurons", twoNeuronGraph(), 520, true},
	}
	labels := GraphLabels{Value: "мәні", Grad: "градиент", Param: "параметр", Input: "кіріс"}
	for _, tt := range tests {
		svg, err := Graph(tt.g, labels)
		if err != nil {
			t.Fatal(err)
		}
		var w, h float64
		if _, err := fmt.Sscanf(string(svg[bytes.Index(svg, []byte("viewBox")):]), `viewBox="0 0 %g %g"`, &w, &h); err != nil {
			t.Fatalf("%s: no viewBox: %v", tt.name, err)
		}
		if w > tt.maxWidth {
			t.Errorf("%s: %v units wide, want at most %v", tt.name, w, tt.maxWidth)
		}
		inBoxes := bytes.Contains(svg, []byte(">мәні "))
		if inBoxes == tt.compact {
			t.Errorf("%s: words in the boxes %v, want %v", tt.name, inBoxes, !tt.compact)
		}
	}
}

func TestGraphEscaping(t *testing.T) {
	g := GraphData{Output: 1, Nodes: []GraphNode{
		{Label: `<script>&"'`, Kind: GraphInput, Value: 1, Grad: 2},
		{Label: "a\x00b\nc", Value: 3, Grad: 1, Inputs: []int{0}},
	}}
	svg, err := Graph(g, GraphLabels{Value: "<b>", Grad: "a&b", Param: `"p"`, Input: "</text>"})
	if err != nil {
		t.Fatal(err)
	}
	checkXML(t, svg)
	for _, want := range []string{"&lt;script&gt;&amp;&#34;&#39;", "&lt;b&gt; 1.00", "a&amp;b 2.00", "&#34;p&#34;", "&lt;/text&gt;", "a\uFFFDb&#xA;c"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>", "<b>", `"p"<`} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("the SVG holds %q unescaped", bad)
		}
	}
}

func TestGraphErrors(t *testing.T) {
	ok := lineGraph
	tests := []struct {
		name string
		g    func() GraphData
		want string
	}{
		{"no nodes", func() GraphData { return GraphData{} }, "no nodes"},
		{"too many nodes", func() GraphData {
			g := GraphData{}
			for range MaxGraphNodes + 1 {
				g.Nodes = append(g.Nodes, GraphNode{Label: "x"})
			}
			return g
		}, "at most 60"},
		{"output out of range", func() GraphData { g := ok(); g.Output = 9; return g }, "output 9"},
		{"negative output", func() GraphData { g := ok(); g.Output = -1; return g }, "output -1"},
		{"empty label", func() GraphData { g := ok(); g.Nodes[3].Label = " "; return g }, "node 3 has no label"},
		{"unknown kind", func() GraphData { g := ok(); g.Nodes[0].Kind = 7; return g }, "unknown kind"},
		{"NaN value", func() GraphData { g := ok(); g.Nodes[2].Value = math.NaN(); return g }, "node 2"},
		{"infinite gradient", func() GraphData { g := ok(); g.Nodes[5].Grad = math.Inf(-1); return g }, "node 5"},
		{"input out of range", func() GraphData { g := ok(); g.Nodes[2].Inputs = []int{0, 12}; return g }, "input 12"},
		{"self input", func() GraphData { g := ok(); g.Nodes[2].Inputs = []int{2}; return g }, "input 2"},
		{"cycle", func() GraphData { g := ok(); g.Nodes[0].Inputs = []int{8}; return g }, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := Graph(tt.g(), GraphLabels{})
			if err == nil || svg != nil {
				t.Fatalf("got %d bytes and error %v, want only an error containing %q", len(svg), err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with \"plots: \" and contain %q", err, tt.want)
			}
		})
	}
}

// TestGraphOddShapes draws graphs that the autograd view does not make but
// a caller could: a lone node, a node nobody uses, a long label.
func TestGraphOddShapes(t *testing.T) {
	for _, g := range []GraphData{
		{Nodes: []GraphNode{{Label: "w", Kind: GraphParam, Value: 1, Grad: 1}}},
		{Output: 2, Nodes: []GraphNode{
			{Label: "unused", Kind: GraphConst, Value: 5},
			{Label: "x", Kind: GraphInput, Value: 1},
			{Label: strings.Repeat("sigmoid", 10), Value: 0.7, Grad: 1, Inputs: []int{1}},
		}},
	} {
		svg, err := Graph(g, GraphLabels{Value: "value", Grad: "grad"})
		if err != nil {
			t.Fatal(err)
		}
		checkXML(t, svg)
		if len(g.Nodes) == 3 && !bytes.Contains(svg, []byte("…</text>")) {
			t.Error("a 70-letter label was not shortened")
		}
	}
}

// The graph of w*x + b with its values and gradients; the lead converts
// the autograd engine's graph into these plain types.
func ExampleGraph() {
	g := GraphData{Output: 4, Nodes: []GraphNode{
		{Label: "w", Kind: GraphParam, Value: 0.5, Grad: 2},
		{Label: "x", Kind: GraphInput, Value: 2, Grad: 0.5},
		{Label: "*", Value: 1, Grad: 1, Inputs: []int{0, 1}},
		{Label: "b", Kind: GraphParam, Value: -1.2, Grad: 1},
		{Label: "+", Value: -0.2, Grad: 1, Inputs: []int{2, 3}},
	}}
	svg, err := Graph(g, GraphLabels{Value: "value", Grad: "grad", Param: "parameter", Input: "input"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.Contains(svg, []byte(">value −0.20</text>")), bytes.Contains(svg, []byte(">grad 2.00</text>")))
	// Output: true true
}

// BenchmarkGraphTwoNeurons times drawing the 19-node two-neuron graph.
func BenchmarkGraphTwoNeurons(b *testing.B) {
	g := twoNeuronGraph()
	labels := GraphLabels{Value: "мәні", Grad: "градиент", Param: "параметр", Input: "кіріс"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Graph(g, labels); err != nil {
			b.Fatal(err)
		}
	}
}
