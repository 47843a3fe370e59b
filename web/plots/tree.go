package plots

import (
	"bytes"
	"fmt"
	"math"
)

// TreeNode is one node of a decision tree to draw: a question with two
// children (Left for "yes", Right for "no"), or a leaf with its class.
type TreeNode struct {
	Question    string // e.g. "x1 ≤ 0.52"; empty for a leaf
	Class       int    // the leaf's class, an index into TreeLabels.Classes
	Samples     int    // training examples that reach the node
	Left, Right *TreeNode
}

// TreeLabels are the translated words of a tree drawing.
type TreeLabels struct {
	Classes []string
	Yes, No string // the answers on the two branches
	Samples string // before a node's count, e.g. "n"
}

// MaxTreeLeaves bounds the leaves a drawing shows: deeper trees are drawn
// to the depth where they have this many leaves at most.
const MaxTreeLeaves = 32

// Tree draws a decision tree top down: the root's question at the top,
// each question's "yes" branch to the left, and the leaves at the bottom in
// the colour of their class. It is written as SVG directly, like Graph: a
// tree has no axes for gonum/plot to draw.
func Tree(root *TreeNode, labels TreeLabels) ([]byte, error) {
	if root == nil {
		return nil, fmt.Errorf("plots: tree: no root")
	}
	// Lay out: leaves get consecutive columns, a question sits above the
	// middle of its children; one row per depth.
	type placed struct {
		n     *TreeNode
		x, y  float64
		px    float64 // the parent's x, NaN for the root
		py    float64
		yesNo string
	}
	var nodes []placed
	leaves, depth := 0, 0
	var walk func(n *TreeNode, d int, px, py float64, yesNo string) (float64, error)
	walk = func(n *TreeNode, d int, px, py float64, yesNo string) (float64, error) {
		if d > 64 {
			return 0, fmt.Errorf("plots: tree: deeper than 64 levels (a loop?)")
		}
		depth = max(depth, d)
		i := len(nodes)
		nodes = append(nodes, placed{n: n, y: float64(d), px: px, py: py, yesNo: yesNo})
		if n.Question == "" || n.Left == nil || n.Right == nil {
			if n.Class < 0 || n.Class >= len(labels.Classes) || n.Class >= MaxClasses {
				return 0, fmt.Errorf("plots: tree: leaf class %d of %d", n.Class, len(labels.Classes))
			}
			nodes[i].x = float64(leaves)
			leaves++
			return nodes[i].x, nil
		}
		l, err := walk(n.Left, d+1, math.NaN(), float64(d), labels.Yes)
		if err != nil {
			return 0, err
		}
		r, err := walk(n.Right, d+1, math.NaN(), float64(d), labels.No)
		if err != nil {
			return 0, err
		}
		nodes[i].x = (l + r) / 2
		return nodes[i].x, nil
	}
	if _, err := walk(root, 0, math.NaN(), 0, ""); err != nil {
		return nil, err
	}
	if leaves > MaxTreeLeaves {
		return nil, fmt.Errorf("plots: tree: %d leaves, at most %d can be drawn", leaves, MaxTreeLeaves)
	}
	// A parent's x is known only once its children are placed: give each
	// child its parent's x now.
	for i := range nodes {
		n := nodes[i].n
		if n.Left != nil && n.Right != nil && n.Question != "" {
			for j := range nodes {
				if nodes[j].n == n.Left || nodes[j].n == n.Right {
					nodes[j].px = nodes[i].x
				}
			}
		}
	}
	const (
		colW, rowH = 92.0, 70.0 // a leaf's column and a level's height, in SVG units
		boxW, boxH = 84.0, 38.0
		pad        = 8.0
	)
	width := float64(leaves)*colW + 2*pad
	height := float64(depth+1)*rowH + 2*pad - (rowH - boxH)
	cx := func(x float64) float64 { return pad + x*colW + colW/2 }
	cy := func(y float64) float64 { return pad + y*rowH + boxH/2 }
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">`+"\n",
		graphNum(width), graphNum(height), graphNum(width), graphNum(height))
	buf.WriteString(`<g font-family="Liberation Sans,Arial,Helvetica,sans-serif" font-size="10" text-anchor="middle">` + "\n")
	for _, p := range nodes {
		if math.IsNaN(p.px) {
			continue
		}
		x1, y1, x2, y2 := cx(p.px), cy(p.py)+boxH/2, cx(p.x), cy(p.y)-boxH/2
		fmt.Fprintf(&buf, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888"/>`+"\n", graphNum(x1), graphNum(y1), graphNum(x2), graphNum(y2))
		fmt.Fprintf(&buf, `<text x="%s" y="%s" fill="#555">`, graphNum((x1+x2)/2), graphNum((y1+y2)/2))
		if err := graphText(&buf, p.yesNo); err != nil {
			return nil, err
		}
	}
	for _, p := range nodes {
		x, y := cx(p.x)-boxW/2, cy(p.y)-boxH/2
		fill, title := "#ffffff", p.n.Question
		if p.n.Question == "" || p.n.Left == nil {
			c := blend(palette[p.n.Class], 0.45)
			fill, title = fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B), labels.Classes[p.n.Class]
		}
		fmt.Fprintf(&buf, `<rect x="%s" y="%s" width="%s" height="%s" rx="5" fill="%s" stroke="#444"/>`+"\n",
			graphNum(x), graphNum(y), graphNum(boxW), graphNum(boxH), fill)
		fmt.Fprintf(&buf, `<text x="%s" y="%s" font-weight="bold">`, graphNum(cx(p.x)), graphNum(y+15))
		if err := graphText(&buf, title); err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, `<text x="%s" y="%s">`, graphNum(cx(p.x)), graphNum(y+30))
		if err := graphText(&buf, fmt.Sprintf("%s = %d", labels.Samples, p.n.Samples)); err != nil {
			return nil, err
		}
	}
	buf.WriteString("</g>\n</svg>\n")
	return buf.Bytes(), nil
}
