package plots

import (
	"os"
	"strings"
	"testing"
)

func sampleTree() *TreeNode {
	return &TreeNode{Question: "x1 ≤ 0.5", Samples: 100,
		Left: &TreeNode{Class: 0, Samples: 40},
		Right: &TreeNode{Question: "x2 ≤ <1>", Samples: 60,
			Left:  &TreeNode{Class: 1, Samples: 35},
			Right: &TreeNode{Class: 0, Samples: 25}}}
}

func TestTree(t *testing.T) {
	svg, err := Tree(sampleTree(), TreeLabels{Classes: []string{"сыртқы", "ішкі"}, Yes: "иә", No: "жоқ", Samples: "n"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{"<svg", "x1 ≤ 0.5", "x2 ≤ &lt;1&gt;", "сыртқы", "ішкі", "иә", "жоқ", "n = 60"} {
		if !strings.Contains(s, want) {
			t.Errorf("the drawing lacks %q", want)
		}
	}
	if n := strings.Count(s, "<rect"); n != 5 {
		t.Errorf("%d boxes, want 5", n)
	}
	if n := strings.Count(s, "<line"); n != 4 {
		t.Errorf("%d branches, want 4", n)
	}
	if dir := os.Getenv("AISANDBOX_TREE_SVG"); dir != "" {
		os.WriteFile(dir, svg, 0o644)
	}
}

func TestTreeErrors(t *testing.T) {
	if _, err := Tree(nil, TreeLabels{}); err == nil {
		t.Error("no root accepted")
	}
	if _, err := Tree(&TreeNode{Class: 3}, TreeLabels{Classes: []string{"a"}}); err == nil {
		t.Error("a class out of range accepted")
	}
	wide := &TreeNode{Class: 0}
	for range MaxTreeLeaves {
		wide = &TreeNode{Question: "q", Left: wide, Right: &TreeNode{Class: 0}}
	}
	if _, err := Tree(wide, TreeLabels{Classes: []string{"a"}}); err == nil || !strings.HasPrefix(err.Error(), "plots: ") {
		t.Errorf("a tree of %d leaves: %v", MaxTreeLeaves+1, err)
	}
}
