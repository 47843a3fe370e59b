package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/tree"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web/plots"
)

// ruleWords are the words a decision tree's rules are written with.
var ruleWords = map[i18n.Lang]struct{ If, And, Then, Always, Of, Yes, No string }{
	i18n.KK: {"егер", "және", "онда", "әрқашан", "ішінен", "иә", "жоқ"},
	i18n.RU: {"если", "и", "то", "всегда", "из", "да", "нет"},
	i18n.EN: {"if", "and", "then", "always", "of", "yes", "no"},
}

// treeDrawing draws a tree in language l, or returns nil when it is too
// large to draw (its rules still say everything).
func treeDrawing(l i18n.Lang, v *sandbox.TreeView) ([]byte, error) {
	if v.Root == nil {
		return nil, nil
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', 3, 64) }
	var conv func(n *tree.Node, depth int) *plots.TreeNode
	conv = func(n *tree.Node, depth int) *plots.TreeNode {
		t := &plots.TreeNode{Class: n.Class(), Samples: n.Samples()}
		if !n.IsLeaf() && depth < 5 {
			name := fmt.Sprintf("x%d", n.Feature+1)
			if n.Feature < len(v.Features) {
				name = v.Features[n.Feature]
			}
			t.Question = name + " ≤ " + num(n.Threshold)
			t.Left, t.Right = conv(n.Left, depth+1), conv(n.Right, depth+1)
		}
		return t
	}
	classes := make([]string, len(v.Classes))
	for i, c := range v.Classes {
		classes[i] = c.In(l)
	}
	w := ruleWords[l]
	// Five levels at most (32 leaves): deeper questions are in the rules.
	return plots.Tree(conv(v.Root, 0), plots.TreeLabels{Classes: classes, Yes: w.Yes, No: w.No, Samples: "n"})
}

// treeRules writes a tree's rules in language l, one per leaf:
// "if x1 <= 0.52 and x2 > -0.1 then B (40 of 42)".
func treeRules(l i18n.Lang, v *sandbox.TreeView) []string {
	w := ruleWords[l]
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', 3, 64) }
	out := make([]string, 0, len(v.Rules))
	for _, r := range v.Rules {
		conds := make([]string, len(r.Steps))
		for i, s := range r.Steps {
			op := "≤"
			if s.Above {
				op = ">"
			}
			name := fmt.Sprintf("x%d", s.Feature+1)
			if s.Feature < len(v.Features) {
				name = v.Features[s.Feature]
			}
			conds[i] = name + " " + op + " " + num(s.Threshold)
		}
		class := strconv.Itoa(r.Class)
		if r.Class < len(v.Classes) {
			class = v.Classes[r.Class].In(l)
		}
		then := fmt.Sprintf("%s (%d %s %d)", class, r.Count, w.Of, r.Total)
		if l == i18n.KK {
			then = fmt.Sprintf("%s (%d %s %d)", class, r.Total, w.Of, r.Count)
		}
		if len(conds) == 0 {
			out = append(out, w.Always+" "+then)
			continue
		}
		out = append(out, w.If+" "+strings.Join(conds, " "+w.And+" ")+" "+w.Then+" "+then)
	}
	return out
}
