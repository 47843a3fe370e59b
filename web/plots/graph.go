package plots

// The drawing of an expression graph for the autograd view: boxes for the
// steps of a computation, each with its value and gradient, and arrows
// from the numbers a step uses to the step.
//
// This one is written as SVG directly rather than through gonum/plot: a
// graph has no axes, ticks or data coordinates, only boxes, text and
// curved arrows at positions computed here, and gonum/plot's canvas would
// add nothing but an upside-down coordinate system and its own SVG
// preamble. Text is still measured with the Liberation Sans metrics that
// gonum/plot bundles (see the package documentation), so boxes fit their
// words in the browser just as the other plots' labels do.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// GraphKind says what a node of an expression graph is; it sets the
// node's colour.
type GraphKind int

const (
	// GraphOp is a step of the computation: an operator or a function.
	GraphOp GraphKind = iota
	// GraphParam is a parameter, a number the model learns (orange).
	GraphParam
	// GraphInput is an input, fixed data such as x or a target y (blue).
	GraphInput
	// GraphConst is a number written in the expression (grey). Its box
	// shows only its label: the number itself, with no gradient.
	GraphConst
)

// GraphNode is one node of an expression graph.
type GraphNode struct {
	// Label is the node's name, shown in bold: an operator ("*"), a
	// function ("tanh"), a variable ("w") or a number ("2"). It must not be
	// empty; labels wider than the widest box are shortened with "…".
	Label string
	// Kind chooses the colour and, for GraphConst, the short box.
	Kind GraphKind
	// Value is the node's value in the forward pass; it must be finite.
	Value float64
	// Grad is the gradient of the output with respect to the node; it must
	// be finite. It is not shown for GraphConst.
	Grad float64
	// Inputs holds the indices (in GraphData.Nodes) of the nodes this one
	// is computed from, in operand order; the first operand's arrow arrives
	// highest on the box's left side.
	Inputs []int
}

// GraphData is an expression graph: nodes whose inputs form no cycle, and
// the output, drawn with a thicker border.
type GraphData struct {
	Nodes  []GraphNode
	Output int
}

// GraphLabels are the translated words of a graph drawing.
type GraphLabels struct {
	// Value and Grad come before each box's numbers, as in "value 0.50"
	// and "grad −1.20" (the gradient's line is dark red). Empty words leave
	// the numbers alone. A graph too wide for words in every box (see
	// Graph) shows them once, in the legend.
	Value, Grad string
	// Param and Input name the two colours in a legend above the graph;
	// an empty one is left out of it.
	Param, Input string
}

// MaxGraphNodes is the largest graph Graph draws: the autograd view allows
// 50 parts in an expression and adds 4 for a fit's loss; more would not be
// readable anyway.
const MaxGraphNodes = 60

// Layout and text sizes, in SVG user units (points, as in the other
// plots). The sizes make the usual lesson graph, five columns such as
// (w*x + b − y)^2, 390 to 480 units wide, which shows at 600 CSS pixels
// with labels of 14 px and numbers of 11 px or more, readable on a
// projector.
const (
	graphLabelSize = vg.Length(11) // a node's label, bold
	graphNumSize   = vg.Length(9)  // its value and gradient
	graphLineGap   = 13.0          // baseline to baseline inside a box
	graphPadX      = 6.0           // text to the box's sides
	graphPadY      = 5.0           // text to the box's top and bottom
	graphMinBox    = 34.0          // narrowest box, so that "+" is not a sliver
	graphMaxBox    = 130.0         // widest box; longer labels are shortened
	graphColGap    = 24.0          // between columns: room for the arrows
	graphRowGap    = 10.0          // between boxes of a column
	graphMargin    = 6.0           // around the drawing
	graphArrow     = 6.0           // arrowhead length; its half-width is half that
	graphSlot      = 6.0           // spacing of several arrows into one box
	graphRadius    = 4.0           // box corner radius
	graphLegendBox = 10.0          // legend swatch side
	graphLegendGap = 14.0          // legend height above the graph
	// graphWideLimit is the widest drawing with words in every box. The
	// usual lesson graph, five columns such as (w*x + b − y)^2, needs 386
	// units in English and 480 in Kazakh and Russian ("градиент" is long);
	// shown 600 CSS pixels wide, 480 units still give 11 px numbers. A
	// wider graph (more than about five columns) drops the words from the
	// boxes and names the value and gradient once, in the legend, by their
	// colours: that keeps seven columns, a two-neuron network of 19 nodes,
	// near 500 units.
	graphWideLimit = 480.0
)

// Colours of the boxes: parameters and inputs take the first two colours
// of the package palette (orange, blue), as fills blended three quarters
// towards white with the full colour as the border, so that the black text
// stays easy to read. Gradients are written in a dark red, which keeps a
// contrast ratio above 7:1 on every fill (WCAG AAA for text).
var (
	graphParamColour = palette[0]
	graphInputColour = palette[1]
	graphOpStroke    = color.RGBA{0x55, 0x55, 0x55, 0xFF}
	graphConstFill   = color.RGBA{0xEE, 0xEE, 0xEE, 0xFF}
	graphConstStroke = color.RGBA{0x99, 0x99, 0x99, 0xFF}
	graphEdgeColour  = color.RGBA{0x66, 0x66, 0x66, 0xFF}
	graphGradColour  = color.RGBA{0x8B, 0x1A, 0x1A, 0xFF}
)

// graphFill returns the fill and border of a node of kind k.
func graphFill(k GraphKind) (fill, stroke color.RGBA) {
	switch k {
	case GraphParam:
		return blend(graphParamColour, 0.25), graphParamColour
	case GraphInput:
		return blend(graphInputColour, 0.25), graphInputColour
	case GraphConst:
		return graphConstFill, graphConstStroke
	}
	return color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}, graphOpStroke
}

// graphBox is a node's place and text in the drawing.
type graphBox struct {
	col        int
	x, y, w, h float64 // y is the centre; x the left side
	lines      []string
	consumers  []graphUse
}

// graphUse is one use of a node: as operand slot of consumer node.
type graphUse struct{ node, slot int }

// Graph draws an expression graph from left to right as SVG: every node a
// rounded box with its label, value and gradient, and an arrow from each
// input to the node that uses it. Steps are placed in columns by depth
// (the longest chain of steps below them), so the output is at the right;
// a parameter, input or number sits in the column just left of the first
// step that uses it, so that its arrow is short. Within a column, boxes
// are ordered and placed next to the steps they feed. The output is the
// same bytes for the same input.
func Graph(g GraphData, labels GraphLabels) ([]byte, error) {
	if err := checkGraph(g); err != nil {
		return nil, err
	}
	n := len(g.Nodes)
	boxes := make([]graphBox, n)
	for i, node := range g.Nodes {
		for s, in := range node.Inputs {
			boxes[in].consumers = append(boxes[in].consumers, graphUse{node: i, slot: s})
		}
	}
	order, err := graphOrder(g)
	if err != nil {
		return nil, err
	}
	cols := graphColumns(g, boxes, order)
	// Words in every box when the drawing stays narrow enough; otherwise
	// numbers only, and the words once, in the legend.
	compact := false
	graphSizes(g, boxes, labels, compact)
	width := graphPlaceColumns(boxes, cols)
	if width > graphWideLimit {
		compact = true
		graphSizes(g, boxes, labels, compact)
		width = graphPlaceColumns(boxes, cols)
	}
	graphRows(g, boxes, cols)

	// Move everything down so that the highest box starts below the
	// legend.
	top, bottom := math.Inf(1), math.Inf(-1)
	for _, b := range boxes {
		top = min(top, b.y-b.h/2)
		bottom = max(bottom, b.y+b.h/2)
	}
	legend := graphLegend(labels, compact)
	shift := graphMargin - top
	if len(legend) > 0 {
		shift += graphLegendGap + graphRowGap/2
	}
	for i := range boxes {
		boxes[i].y += shift
	}
	height := bottom + shift + graphMargin
	width = max(width, graphLegendWidth(legend)+2*graphMargin)

	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%spt" height="%spt" viewBox="0 0 %s %s">
<g font-family="Liberation Sans,Arial,Helvetica,sans-serif">
<rect width="100%%" height="100%%" fill="#FFFFFF"/>
`, graphNum(width), graphNum(height), graphNum(width), graphNum(height))
	if err := writeGraphLegend(&buf, legend); err != nil {
		return nil, err
	}
	// Arrows first, so that boxes cover their ends neatly.
	for i, node := range g.Nodes {
		for s, in := range node.Inputs {
			writeGraphEdge(&buf, boxes[in], boxes[i], s, len(node.Inputs))
		}
	}
	for i, node := range g.Nodes {
		if err := writeGraphBox(&buf, node, boxes[i], i == g.Output); err != nil {
			return nil, err
		}
	}
	buf.WriteString("</g>\n</svg>\n")
	return buf.Bytes(), nil
}

// checkGraph reports the first problem that makes g undrawable.
func checkGraph(g GraphData) error {
	n := len(g.Nodes)
	if n == 0 {
		return fmt.Errorf("plots: the graph has no nodes")
	}
	if n > MaxGraphNodes {
		return fmt.Errorf("plots: the graph has %d nodes, at most %d can be drawn", n, MaxGraphNodes)
	}
	if g.Output < 0 || g.Output >= n {
		return fmt.Errorf("plots: the output %d is not a node (0 to %d)", g.Output, n-1)
	}
	for i, node := range g.Nodes {
		if strings.TrimSpace(node.Label) == "" {
			return fmt.Errorf("plots: node %d has no label", i)
		}
		if node.Kind < GraphOp || node.Kind > GraphConst {
			return fmt.Errorf("plots: node %d has an unknown kind %d", i, int(node.Kind))
		}
		if !finite(node.Value) || !finite(node.Grad) {
			return fmt.Errorf("plots: node %d (%s) has value %v and gradient %v; both must be finite", i, node.Label, node.Value, node.Grad)
		}
		for _, in := range node.Inputs {
			if in < 0 || in >= n || in == i {
				return fmt.Errorf("plots: node %d (%s) has input %d, which is not another node", i, node.Label, in)
			}
		}
	}
	return nil
}

// graphOrder returns the nodes in an order where every node comes after
// its inputs (Kahn's algorithm, taking the lowest ready index first so the
// order is deterministic), or an error if the inputs form a cycle.
func graphOrder(g GraphData) ([]int, error) {
	n := len(g.Nodes)
	waiting := make([]int, n) // inputs not yet placed, counted with repeats
	users := make([][]int, n)
	for i, node := range g.Nodes {
		waiting[i] = len(node.Inputs)
		for _, in := range node.Inputs {
			users[in] = append(users[in], i)
		}
	}
	var ready, order []int
	for i := range n {
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		slices.Sort(ready)
		i := ready[0]
		ready = ready[1:]
		order = append(order, i)
		for _, u := range users[i] {
			waiting[u]--
			if waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	if len(order) != n {
		return nil, fmt.Errorf("plots: the graph's inputs form a cycle")
	}
	return order, nil
}

// graphColumns sets every box's column and returns the number of columns.
// A node with inputs is one column right of its rightmost input; a node
// without inputs sits one column left of its leftmost user (or in column 0
// if it has none).
func graphColumns(g GraphData, boxes []graphBox, order []int) int {
	depth := make([]int, len(boxes))
	for _, i := range order {
		for _, in := range g.Nodes[i].Inputs {
			depth[i] = max(depth[i], depth[in]+1)
		}
	}
	cols := 0
	for i := range boxes {
		boxes[i].col = depth[i]
		if len(g.Nodes[i].Inputs) == 0 && len(boxes[i].consumers) > 0 {
			first := math.MaxInt
			for _, u := range boxes[i].consumers {
				first = min(first, depth[u.node])
			}
			boxes[i].col = first - 1
		}
		cols = max(cols, boxes[i].col+1)
	}
	return cols
}

// Text styles of the boxes.
func graphLabelStyle() text.Style {
	return text.Style{Font: font.From(font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Weight: stdfont.WeightBold}, graphLabelSize), Handler: plot.DefaultTextHandler}
}

func graphNumStyle() text.Style {
	return text.Style{Font: font.From(sansFont, graphNumSize), Handler: plot.DefaultTextHandler}
}

// graphPlaceColumns sets every box's left side, centring it in its
// column, and returns the drawing's width.
func graphPlaceColumns(boxes []graphBox, cols int) float64 {
	widths := make([]float64, cols)
	for _, b := range boxes {
		widths[b.col] = max(widths[b.col], b.w)
	}
	lefts := make([]float64, cols)
	x := graphMargin
	for c := range cols {
		lefts[c] = x
		x += widths[c] + graphColGap
	}
	for i := range boxes {
		b := &boxes[i]
		b.x = lefts[b.col] + (widths[b.col]-b.w)/2
	}
	return x - graphColGap + graphMargin
}

// graphSizes sets every box's text lines and size; compact leaves the
// words out of the boxes.
func graphSizes(g GraphData, boxes []graphBox, labels GraphLabels, compact bool) {
	if compact {
		labels.Value, labels.Grad = "", ""
	}
	ls, ns := graphLabelStyle(), graphNumStyle()
	inner := graphMaxBox - 2*graphPadX
	for i, node := range g.Nodes {
		b := &boxes[i]
		label := fitText(ls, strings.TrimSpace(node.Label), vg.Length(inner))
		b.lines = []string{label}
		w := float64(ls.Width(label))
		if node.Kind != GraphConst {
			b.lines = append(b.lines,
				fitText(ns, prefixed(labels.Value, node.Value), vg.Length(inner)),
				fitText(ns, prefixed(labels.Grad, node.Grad), vg.Length(inner)))
			w = max(w, float64(ns.Width(b.lines[1])), float64(ns.Width(b.lines[2])))
		}
		b.w = min(max(w+2*graphPadX, graphMinBox), graphMaxBox)
		b.h = float64(len(b.lines)-1)*graphLineGap + float64(graphLabelSize) + 2*graphPadY
	}
}

// prefixed returns "word number", or the number alone if word is empty.
func prefixed(word string, v float64) string {
	if word == "" {
		return graphNumber(v)
	}
	return word + " " + graphNumber(v)
}

// graphNumber formats a value or gradient for a box: two decimals from
// 0.1 to 10000 (−1.20), and below 0.1 as many more as keep two significant
// digits (0.012, 0.0012); outside 0.001 to 10000, three significant digits
// and a power of ten (2.47e4, 1.52e-6). Negative numbers take the minus
// sign − (U+2212), as wide as the plus sign and easier to see than a
// hyphen.
func graphNumber(v float64) string {
	a := math.Abs(v)
	var s string
	switch {
	case v == 0:
		return "0"
	case a >= 1e4 || a < 1e-3:
		s = strconv.FormatFloat(a, 'e', 2, 64) // d.dde±XX
		mant, exp, _ := strings.Cut(s, "e")
		sign := ""
		if exp[0] == '-' {
			sign = "-"
		}
		s = mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
	case a >= 0.1:
		s = strconv.FormatFloat(a, 'f', 2, 64)
	case a >= 0.01:
		s = strconv.FormatFloat(a, 'f', 3, 64)
	default:
		s = strconv.FormatFloat(a, 'f', 4, 64)
	}
	if v < 0 {
		return "−" + s
	}
	return s
}

// graphRows sets every box's vertical centre. The output's column comes
// first, then each column to its left: a box wants to sit level with the
// arrow it feeds (the operands of a step fan out above and below it), the
// boxes of a column are sorted by that wish and pushed apart until they do
// not overlap, and the column is then moved as a whole so that on average
// the boxes sit where they want.
func graphRows(g GraphData, boxes []graphBox, cols int) {
	pitch := 0.0
	for _, b := range boxes {
		pitch = max(pitch, b.h)
	}
	pitch += graphRowGap
	for c := cols - 1; c >= 0; c-- {
		var col []int
		want := map[int]float64{}
		for i, b := range boxes {
			if b.col != c {
				continue
			}
			col = append(col, i)
			if len(b.consumers) == 0 {
				want[i] = 0
				continue
			}
			var sum float64
			for _, u := range b.consumers {
				k := len(g.Nodes[u.node].Inputs)
				sum += boxes[u.node].y + (float64(u.slot)-float64(k-1)/2)*pitch
			}
			want[i] = sum / float64(len(b.consumers))
		}
		slices.SortStableFunc(col, func(a, b int) int {
			switch {
			case want[a] < want[b]:
				return -1
			case want[a] > want[b]:
				return 1
			}
			return a - b
		})
		var gap float64
		for k, i := range col {
			y := want[i]
			if k > 0 {
				prev := boxes[col[k-1]]
				y = max(y, prev.y+(prev.h+boxes[i].h)/2+graphRowGap)
			}
			boxes[i].y = y
			gap += want[i] - y
		}
		if len(col) > 0 {
			gap /= float64(len(col))
			for _, i := range col {
				boxes[i].y += gap
			}
		}
	}
}

// writeGraphEdge draws the arrow from box from to operand slot s (of k) of
// box to: a curve leaving from's right side horizontally and arriving
// horizontally at to's left side, the slots of a step spread along it.
func writeGraphEdge(buf *bytes.Buffer, from, to graphBox, s, k int) {
	x1, y1 := from.x+from.w, from.y
	x2 := to.x
	y2 := to.y + (float64(s)-float64(k-1)/2)*graphSlot
	tip := x2 - graphArrow // where the curve ends and the arrowhead starts
	dx := (tip - x1) / 2
	fmt.Fprintf(buf, `<path d="M%s,%s C%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="1.2"/>
<path d="M%s,%s L%s,%s L%s,%sZ" fill="%s"/>
`, graphNum(x1), graphNum(y1), graphNum(x1+dx), graphNum(y1), graphNum(tip-dx), graphNum(y2), graphNum(tip), graphNum(y2), graphHex(graphEdgeColour),
		graphNum(x2), graphNum(y2), graphNum(tip), graphNum(y2-graphArrow/2), graphNum(tip), graphNum(y2+graphArrow/2), graphHex(graphEdgeColour))
}

// writeGraphBox draws a node's box and its text.
func writeGraphBox(buf *bytes.Buffer, node GraphNode, b graphBox, output bool) error {
	fill, stroke := graphFill(node.Kind)
	strokeWidth := "1"
	if output {
		strokeWidth = "2.5"
	}
	dash := ""
	if node.Kind == GraphConst {
		dash = ` stroke-dasharray="3,2"`
	}
	fmt.Fprintf(buf, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="%s"%s/>
`, graphNum(b.x), graphNum(b.y-b.h/2), graphNum(b.w), graphNum(b.h), graphNum(graphRadius), graphHex(fill), graphHex(stroke), strokeWidth, dash)
	cx := b.x + b.w/2
	// The label's baseline sits one cap height (about 0.72 em for
	// Liberation Sans) below the padding; the numbers' follow.
	base := b.y - b.h/2 + graphPadY + 0.8*float64(graphLabelSize)
	for k, line := range b.lines {
		size, weight, colour := graphNumSize, "normal", color.RGBA{0, 0, 0, 0xFF}
		if k == 0 {
			size, weight = graphLabelSize, "bold"
		}
		if k == 2 {
			colour = graphGradColour
		}
		fmt.Fprintf(buf, `<text x="%s" y="%s" font-size="%s" font-weight="%s" fill="%s" text-anchor="middle">`,
			graphNum(cx), graphNum(base+float64(k)*graphLineGap), graphNum(float64(size)), weight, graphHex(colour))
		if err := graphText(buf, line); err != nil {
			return err
		}
	}
	return nil
}

// graphLegendEntry is one entry of the legend: a colour swatch of a node
// kind, or a word written in the colour of the numbers it names.
type graphLegendEntry struct {
	text   string
	swatch bool
	kind   GraphKind  // for a swatch
	colour color.RGBA // for a word
}

// graphLegend returns the legend's entries: the parameter and input
// colours when named, and in a compact drawing the words for the value
// and the gradient, in the colours of their numbers.
func graphLegend(labels GraphLabels, compact bool) []graphLegendEntry {
	var out []graphLegendEntry
	if labels.Param != "" {
		out = append(out, graphLegendEntry{text: labels.Param, swatch: true, kind: GraphParam})
	}
	if labels.Input != "" {
		out = append(out, graphLegendEntry{text: labels.Input, swatch: true, kind: GraphInput})
	}
	if compact && labels.Value != "" {
		out = append(out, graphLegendEntry{text: labels.Value, colour: color.RGBA{0, 0, 0, 0xFF}})
	}
	if compact && labels.Grad != "" {
		out = append(out, graphLegendEntry{text: labels.Grad, colour: graphGradColour})
	}
	return out
}

// graphLegendAdvance returns the width an entry takes, gap included.
func graphLegendAdvance(e graphLegendEntry) float64 {
	w := float64(graphNumStyle().Width(e.text)) + 12
	if e.swatch {
		w += graphLegendBox + 4
	}
	return w
}

// graphLegendWidth returns the width the legend needs.
func graphLegendWidth(legend []graphLegendEntry) float64 {
	w := 0.0
	for _, e := range legend {
		w += graphLegendAdvance(e)
	}
	return w
}

// writeGraphLegend draws the legend in a row at the top left.
func writeGraphLegend(buf *bytes.Buffer, legend []graphLegendEntry) error {
	x := graphMargin
	base := graphMargin + graphLegendBox - 1.5 // text baseline level with the swatch
	for _, e := range legend {
		tx, colour := x, e.colour
		if e.swatch {
			fill, stroke := graphFill(e.kind)
			fmt.Fprintf(buf, `<rect x="%s" y="%s" width="%s" height="%s" rx="2" fill="%s" stroke="%s"/>
`, graphNum(x), graphNum(graphMargin), graphNum(graphLegendBox), graphNum(graphLegendBox), graphHex(fill), graphHex(stroke))
			tx += graphLegendBox + 4
			colour = color.RGBA{0, 0, 0, 0xFF}
		}
		fmt.Fprintf(buf, `<text x="%s" y="%s" font-size="%s" fill="%s">`, graphNum(tx), graphNum(base), graphNum(float64(graphNumSize)), graphHex(colour))
		if err := graphText(buf, e.text); err != nil {
			return err
		}
		x += graphLegendAdvance(e)
	}
	return nil
}

// graphText writes s as the content of a text element: xml.EscapeText
// escapes the characters XML gives a meaning to (< > & ' ") and the line
// breaks, and replaces characters XML cannot hold (such as NUL) with U+FFFD.
func graphText(buf *bytes.Buffer, s string) error {
	if err := xml.EscapeText(buf, []byte(s)); err != nil {
		return fmt.Errorf("plots: writing the text %q: %w", s, err)
	}
	buf.WriteString("</text>\n")
	return nil
}

// graphNum formats a coordinate with at most two decimals and no trailing
// zeros: a hundredth of a point is far below a pixel, and short numbers
// keep the SVG small and its bytes stable.
func graphNum(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

// graphHex returns c as #RRGGBB.
func graphHex(c color.RGBA) string {
	return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
}
