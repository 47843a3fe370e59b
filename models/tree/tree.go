// Package tree is a CART decision-tree classifier that grows one question
// at a time, so that a lesson can watch it grow.
//
// # How it works
//
// A decision tree classifies a row by asking a short series of yes/no
// questions about its features, each of the form "is feature j at most t?".
// The answer says whether to go on to the left part of the tree (yes) or
// the right part (no). At the end of the path, at a leaf, the answer is the
// class most of the training rows that reached that leaf had.
//
// Growing a tree means choosing the questions. CART (Breiman et al. 1984,
// "Classification and Regression Trees") chooses them greedily:
//
//  1. Start with one leaf holding every training row.
//  2. For the leaf, try every feature j and every threshold t halfway
//     between two neighbouring distinct values of feature j. Each question
//     splits the leaf's rows into those with x_j ≤ t (left) and the rest
//     (right).
//  3. Measure how mixed each side is with an impurity: 0 when all its rows
//     have one class, largest when the classes are evenly mixed. Keep the
//     question that lowers the impurity most: the parent's impurity minus
//     the two sides' impurities, each weighted by its share of the rows.
//  4. Turn the leaf into that question with two new leaves, and repeat on
//     the new leaves, until every leaf is pure, too deep, or too small to
//     split.
//
// # Impurity
//
// With p_k the share of class k among a node's rows:
//
//   - Gini impurity: 1 − Σ_k p_k². It is the chance that two rows drawn at
//     random (with replacement) from the node have different classes: 0
//     for a pure node, 0.5 for two classes half and half.
//   - Entropy: −Σ_k p_k·log₂ p_k, in bits: how many yes/no questions, on
//     average, it takes to learn a row's class once you know it reached the
//     node. 0 for a pure node, 1 bit for two classes half and half.
//
// Both usually pick the same questions.
//
// # Growing one split at a time
//
// A Grower keeps the leaves that can still be split, each with its best
// question already found, and Step asks the question that lowers the
// impurity of the whole tree most: the leaf's impurity decrease times the
// share of all the training rows that reach the leaf. So the first steps
// show the most useful questions. The order does not change the finished
// tree: every leaf is split by its own best question, whenever it is
// split. Fit grows the same tree the plain recursive way.
//
// # Simplifications
//
//   - Numeric features only, compared with "≤ threshold"; no categories,
//     no missing values.
//   - No pruning after growth: the limits on depth and leaf size are the
//     only guard against learning the noise of the training rows.
//   - Every feature is tried at every split; nothing is random, so the same
//     data always gives the same tree. When two questions lower the impurity
//     equally, the one with the lower feature index wins, then the one with
//     the lower threshold.
//   - A leaf's probabilities are the class shares of its training rows,
//     without smoothing: a pure leaf says 100%.
package tree

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/internal/enum"
)

// Criterion is the impurity measure that chooses the questions.
type Criterion int

const (
	// Gini is the Gini impurity 1 − Σ_k p_k².
	Gini Criterion = iota
	// Entropy is the entropy −Σ_k p_k·log₂ p_k, in bits.
	Entropy
)

// criterionNames names the Criterion values, for String, ParseCriterion,
// MarshalText, UnmarshalText and valid.
var criterionNames = enum.Names[Criterion]{
	Pkg: "tree", Type: "Criterion", What: "criterion",
	Names: []string{Gini: "gini", Entropy: "entropy"},
}

// String returns the criterion's name: "gini" or "entropy".
func (c Criterion) String() string { return criterionNames.String(c) }

// ParseCriterion returns the criterion named s ("gini" or "entropy", in any
// case).
func ParseCriterion(s string) (Criterion, error) { return criterionNames.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (c Criterion) MarshalText() ([]byte, error) { return criterionNames.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCriterion.
func (c *Criterion) UnmarshalText(text []byte) error { return criterionNames.Unmarshal(text, c) }

func (c Criterion) valid() bool { return criterionNames.Valid(c) }

// impurity returns the impurity of a node with the given class counts,
// which add up to n > 0.
func (c Criterion) impurity(counts []int, n int) float64 {
	total := float64(n)
	if c == Entropy {
		var h float64
		for _, k := range counts {
			if k > 0 {
				p := float64(k) / total
				h -= p * math.Log2(p)
			}
		}
		return h
	}
	var sumSq float64
	for _, k := range counts {
		p := float64(k) / total
		sumSq += p * p
	}
	return 1 - sumSq
}

// DefaultMaxDepth is the depth limit when Config.MaxDepth is 0. A tree of
// depth 5 has at most 2⁵ = 32 leaves, so its rules still fit on one screen
// and a student can follow any path. On two moons (1,000 points, noise 0.1,
// 70/30 split, five seeds) depth 4 scores 88–92% on the held-out rows,
// depth 5 96–100%, and deeper trees add a leaf or two that mostly carve out
// single noisy points (measured with this package's tests' data).
const DefaultMaxDepth = 5

// MaxDepthLimit is the largest MaxDepth accepted. Deeper trees are beyond
// reading, and the limit bounds the recursion of printing and checking a
// tree.
const MaxDepthLimit = 32

// DefaultMinSamplesLeaf is the smallest leaf when Config.MinSamplesLeaf is
// 0: 1, scikit-learn's default, so that by default only the depth limits
// growth and a lesson can show the two limits one at a time.
const DefaultMinSamplesLeaf = 1

// MaxClasses is the largest number of classes accepted: every node keeps a
// count per class, and the limit stops a stray label such as 1e9 from
// asking for gigabytes. No lesson's table has a thousand classes.
const MaxClasses = 1000

// Config sets how a tree grows. The zero value is Gini impurity, depth at
// most 5 and leaves of at least 1 row.
type Config struct {
	// Criterion is the impurity measure; the zero value is Gini.
	Criterion Criterion `json:"criterion"`
	// MaxDepth is the largest number of questions on a path from the root
	// to a leaf, from 1 to MaxDepthLimit; zero means DefaultMaxDepth (5).
	MaxDepth int `json:"max_depth"`
	// MinSamplesLeaf is the fewest training rows a leaf may hold, at least
	// 1: a question is only asked if both answers keep at least this many
	// rows. Zero means DefaultMinSamplesLeaf (1).
	MinSamplesLeaf int `json:"min_samples_leaf"`
}

// withDefaults returns c with its zero fields replaced by their defaults,
// or an error if a field is invalid.
func (c Config) withDefaults() (Config, error) {
	if !c.Criterion.valid() {
		return c, fmt.Errorf("tree: unknown criterion %d", int(c.Criterion))
	}
	if c.MaxDepth < 0 || c.MaxDepth > MaxDepthLimit {
		return c, fmt.Errorf("tree: the maximum depth must be from 1 to %d, got %d", MaxDepthLimit, c.MaxDepth)
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MinSamplesLeaf < 0 {
		return c, fmt.Errorf("tree: the minimum leaf size must be at least 1, got %d", c.MinSamplesLeaf)
	}
	if c.MinSamplesLeaf == 0 {
		c.MinSamplesLeaf = DefaultMinSamplesLeaf
	}
	return c, nil
}

// Node is one node of a tree: a question (x[Feature] ≤ Threshold?) with two
// children, or a leaf (Feature −1, no children).
type Node struct {
	// Feature is the index of the feature the question asks about, or −1
	// for a leaf.
	Feature int `json:"feature"`
	// Threshold is the question's threshold, in the feature's units: rows
	// with x[Feature] ≤ Threshold go Left, the others Right. It is halfway
	// between two neighbouring distinct training values. 0 for a leaf.
	Threshold float64 `json:"threshold"`
	// Left and Right are the children; both nil for a leaf.
	Left  *Node `json:"left,omitempty"`
	Right *Node `json:"right,omitempty"`
	// Counts holds, for each class, how many training rows reached the node.
	Counts []int `json:"counts"`
	// Impurity is the impurity of the training rows that reached the node,
	// by the tree's criterion (for entropy, in bits).
	Impurity float64 `json:"impurity"`
	// Depth is the number of questions above the node: 0 at the root.
	Depth int `json:"depth"`
}

// IsLeaf reports whether the node is a leaf.
func (n *Node) IsLeaf() bool { return n.Left == nil || n.Right == nil }

// Samples returns the number of training rows that reached the node.
func (n *Node) Samples() int {
	s := 0
	for _, k := range n.Counts {
		s += k
	}
	return s
}

// Class returns the class most of the node's training rows have: the
// node's answer if it is a leaf. On a tie, the lower class index wins.
func (n *Node) Class() int {
	best := 0
	for k, c := range n.Counts {
		if c > n.Counts[best] {
			best = k
		}
	}
	return best
}

// Decrease returns how much the node's question lowered the impurity:
// Impurity − (nL/n)·Left.Impurity − (nR/n)·Right.Impurity, where n, nL and
// nR are the training rows reaching the node and its children. 0 for a
// leaf.
func (n *Node) Decrease() float64 {
	if n.IsLeaf() {
		return 0
	}
	total := float64(n.Samples())
	return n.Impurity - float64(n.Left.Samples())/total*n.Left.Impurity - float64(n.Right.Samples())/total*n.Right.Impurity
}

// clone returns a deep copy of the subtree under n.
func (n *Node) clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Counts = slices.Clone(n.Counts)
	c.Left, c.Right = n.Left.clone(), n.Right.clone()
	return &c
}

// Tree is a decision tree. Its methods only read it, so they may be called
// from several goroutines at once; a program that changes the exported
// fields must keep the tree consistent (Probabilities and Predict return
// nil for a tree that is not).
type Tree struct {
	// Root is the first question, or a leaf if the tree asks nothing.
	Root *Node `json:"root"`
	// Features names the features, one per input column.
	Features []string `json:"features"`
	// Classes names the classes; label k means Classes[k].
	Classes []string `json:"classes"`
	// Config holds the settings the tree was grown with, defaults filled in.
	Config Config `json:"config"`
}

// Inputs returns the number of features a row must have.
func (t *Tree) Inputs() int { return len(t.Features) }

// walk calls visit on every node under n once, parents before children,
// left before right. It remembers the nodes it has seen, so that even a
// hand-made tree whose nodes point back up cannot make it run forever.
func walk(n *Node, visit func(*Node)) {
	seen := make(map[*Node]bool)
	var rec func(n *Node)
	rec = func(n *Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		visit(n)
		if !n.IsLeaf() {
			rec(n.Left)
			rec(n.Right)
		}
	}
	rec(n)
}

// Leaves returns the number of leaves.
func (t *Tree) Leaves() int {
	count := 0
	walk(t.Root, func(n *Node) {
		if n.IsLeaf() {
			count++
		}
	})
	return count
}

// Splits returns the number of questions (inner nodes).
func (t *Tree) Splits() int {
	count := 0
	walk(t.Root, func(n *Node) {
		if !n.IsLeaf() {
			count++
		}
	})
	return count
}

// Depth returns the largest depth of a leaf: 0 for a tree that asks
// nothing.
func (t *Tree) Depth() int {
	depth := 0
	walk(t.Root, func(n *Node) { depth = max(depth, n.Depth) })
	return depth
}

// NumParams returns how many numbers the tree holds: a feature index and a
// threshold per question, and a count per class in every leaf.
func (t *Tree) NumParams() int {
	return 2*t.Splits() + len(t.Classes)*t.Leaves()
}

// Describe returns the tree's kind ("tree"), settings and size.
func (t *Tree) Describe() models.Description {
	return models.Description{
		Kind: Kind,
		Settings: map[string]any{
			"criterion":        t.Config.Criterion.String(),
			"max_depth":        t.Config.MaxDepth,
			"min_samples_leaf": t.Config.MinSamplesLeaf,
			"inputs":           len(t.Features),
			"classes":          len(t.Classes),
			"depth":            t.Depth(),
			"leaves":           t.Leaves(),
		},
		Parameters: t.NumParams(),
	}
}

// leaf returns the leaf that row x reaches.
func (t *Tree) leaf(x []float64) *Node {
	n := t.Root
	for !n.IsLeaf() {
		if x[n.Feature] <= n.Threshold {
			n = n.Left
		} else {
			n = n.Right
		}
	}
	return n
}

// Probabilities returns, for each row of X, the class shares of the
// training rows in the leaf the row reaches; each returned row sums to 1.
// It returns nil if a row does not have Inputs() values, or if the tree is
// not consistent (see Check). A NaN value answers every question "no" and
// goes right.
func (t *Tree) Probabilities(X [][]float64) [][]float64 {
	if !t.rowsFit(X) {
		return nil
	}
	classes := len(t.Classes)
	flat := make([]float64, len(X)*classes) // one backing array for every answer
	out := make([][]float64, len(X))
	for i, x := range X {
		leaf := t.leaf(x)
		total := float64(leaf.Samples())
		out[i] = flat[i*classes : (i+1)*classes : (i+1)*classes]
		for k, c := range leaf.Counts {
			out[i][k] = float64(c) / total
		}
	}
	return out
}

// Predict returns, for each row of X, the class of the leaf it reaches
// (the majority class of the leaf's training rows; on a tie, the lower
// class index). It returns nil if a row does not have Inputs() values or
// the tree is not consistent.
func (t *Tree) Predict(X [][]float64) []int {
	if !t.rowsFit(X) {
		return nil
	}
	out := make([]int, len(X))
	for i, x := range X {
		out[i] = t.leaf(x).Class()
	}
	return out
}

func (t *Tree) rowsFit(X [][]float64) bool {
	if t.Check() != nil {
		return false
	}
	for _, x := range X {
		if len(x) != len(t.Features) {
			return false
		}
	}
	return true
}

// Accuracy returns the fraction of rows of X whose predicted class is the
// label in y, between 0 and 1. It returns NaN if X is empty, if X and y
// differ in length, or if Predict returns nil.
func (t *Tree) Accuracy(X [][]float64, y []int) float64 {
	if len(X) == 0 || len(X) != len(y) {
		return math.NaN()
	}
	pred := t.Predict(X)
	if pred == nil {
		return math.NaN()
	}
	right := 0
	for i, p := range pred {
		if p == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

// Check reports the first inconsistency of the tree: a missing root, a
// node with one child, a question about a feature that does not exist or
// with a threshold that is not finite, class counts of the wrong length,
// negative, empty or not adding up to the parent's, a wrong depth, or a
// node deeper than Config.MaxDepth.
func (t *Tree) Check() error {
	if t == nil || t.Root == nil {
		return errors.New("tree: no root")
	}
	if len(t.Features) == 0 {
		return errors.New("tree: no features")
	}
	if len(t.Classes) == 0 || len(t.Classes) > MaxClasses {
		return fmt.Errorf("tree: %d classes, want 1 to %d", len(t.Classes), MaxClasses)
	}
	if _, err := t.Config.withDefaults(); err != nil || t.Config.MaxDepth == 0 || t.Config.MinSamplesLeaf == 0 {
		return fmt.Errorf("tree: bad settings %+v", t.Config)
	}
	return t.checkNode(t.Root, 0)
}

func (t *Tree) checkNode(n *Node, depth int) error {
	if n.Depth != depth {
		return fmt.Errorf("tree: a node at depth %d says depth %d", depth, n.Depth)
	}
	if depth > t.Config.MaxDepth {
		return fmt.Errorf("tree: a node at depth %d, deeper than the maximum %d", depth, t.Config.MaxDepth)
	}
	if len(n.Counts) != len(t.Classes) {
		return fmt.Errorf("tree: a node at depth %d has %d class counts, want %d", depth, len(n.Counts), len(t.Classes))
	}
	total := 0
	for _, c := range n.Counts {
		if c < 0 {
			return fmt.Errorf("tree: a node at depth %d has a negative count", depth)
		}
		total += c
	}
	if total == 0 {
		return fmt.Errorf("tree: a node at depth %d holds no rows", depth)
	}
	if math.IsNaN(n.Impurity) || math.IsInf(n.Impurity, 0) || n.Impurity < 0 {
		return fmt.Errorf("tree: a node at depth %d has impurity %v", depth, n.Impurity)
	}
	if (n.Left == nil) != (n.Right == nil) {
		return fmt.Errorf("tree: a node at depth %d has only one child", depth)
	}
	if n.Left == nil {
		if n.Feature != -1 {
			return fmt.Errorf("tree: a leaf at depth %d asks about feature %d", depth, n.Feature)
		}
		return nil
	}
	if n.Feature < 0 || n.Feature >= len(t.Features) {
		return fmt.Errorf("tree: a node at depth %d asks about feature %d, want 0..%d", depth, n.Feature, len(t.Features)-1)
	}
	if math.IsNaN(n.Threshold) || math.IsInf(n.Threshold, 0) {
		return fmt.Errorf("tree: a node at depth %d has threshold %v", depth, n.Threshold)
	}
	for _, child := range []*Node{n.Left, n.Right} {
		if err := t.checkNode(child, depth+1); err != nil {
			return err
		}
	}
	for k, c := range n.Counts {
		if n.Left.Counts[k]+n.Right.Counts[k] != c {
			return fmt.Errorf("tree: at depth %d the children's counts of class %d do not add up to the node's", depth, k)
		}
	}
	return nil
}

// Kind is the kind name of this family in descriptions and saved files.
const Kind = "tree"

// formatVersion is the version of the saved form written by Save.
const formatVersion = 1

// Save writes the tree to w as format version 1 of kind "tree" (see
// models.Save).
func (t *Tree) Save(w io.Writer) error {
	if err := t.Check(); err != nil {
		return fmt.Errorf("tree: saving: %w", err)
	}
	if err := models.Save(w, Kind, formatVersion, t); err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	return nil
}

// Load reads a tree written by Save and checks it (see Check). It refuses
// format versions other than 1 with an error wrapping models.ErrVersion.
func Load(r io.Reader) (*Tree, error) {
	var t Tree
	if _, err := models.Load(r, Kind, formatVersion, &t); err != nil {
		return nil, fmt.Errorf("tree: %w", err)
	}
	if err := t.Check(); err != nil {
		return nil, fmt.Errorf("tree: loading: %w", err)
	}
	return &t, nil
}

// Step is one answer on the path from the root to a leaf.
type Step struct {
	// Feature is the feature asked about.
	Feature int `json:"feature"`
	// Threshold is the question's threshold.
	Threshold float64 `json:"threshold"`
	// Above is false when the path goes left (x[Feature] ≤ Threshold) and
	// true when it goes right (x[Feature] > Threshold).
	Above bool `json:"above"`
}

// Rule is the path to one leaf, read as "if every step holds, then Class".
type Rule struct {
	// Steps are the answers from the root down.
	Steps []Step `json:"steps"`
	// Class is the leaf's class.
	Class int `json:"class"`
	// Count is how many of the leaf's training rows have that class.
	Count int `json:"count"`
	// Total is how many training rows reached the leaf.
	Total int `json:"total"`
}

// Paths returns one rule per leaf, leaves from left to right, or nil if
// the tree is not consistent (see Check). A program can write them in any
// language from the feature and class indices.
func (t *Tree) Paths() []Rule {
	if t.Check() != nil {
		return nil
	}
	var out []Rule
	var visit func(n *Node, steps []Step)
	visit = func(n *Node, steps []Step) {
		if n.IsLeaf() {
			c := n.Class()
			out = append(out, Rule{Steps: slices.Clone(steps), Class: c, Count: n.Counts[c], Total: n.Samples()})
			return
		}
		visit(n.Left, append(steps, Step{Feature: n.Feature, Threshold: n.Threshold}))
		visit(n.Right, append(steps, Step{Feature: n.Feature, Threshold: n.Threshold, Above: true}))
	}
	visit(t.Root, nil)
	return out
}

// Rules returns the tree as readable rules, one per leaf from left to
// right, such as "if petal_length > 2.45 and petal_width <= 1.75 then
// versicolor (49 of 54)": the leaf's class and how many of the leaf's
// training rows have it. Questions about the same feature on one path are
// merged into the tightest bounds ("3.5 < x1 <= 4.5"), features in the
// order the path first asks about them. A tree that asks nothing gives
// "always A (n of m)". Thresholds are rounded to 4 significant digits.
func (t *Tree) Rules() []string {
	var out []string
	for _, r := range t.Paths() {
		out = append(out, t.ruleText(r))
	}
	return out
}

// String returns Rules, one per line.
func (t *Tree) String() string { return strings.Join(t.Rules(), "\n") }

func (t *Tree) ruleText(r Rule) string {
	// bounds of each feature asked about: low < x ≤ high.
	type bounds struct {
		feature         int
		low, high       float64
		hasLow, hasHigh bool
	}
	var bs []*bounds
	find := func(f int) *bounds {
		for _, b := range bs {
			if b.feature == f {
				return b
			}
		}
		b := &bounds{feature: f}
		bs = append(bs, b)
		return b
	}
	for _, s := range r.Steps {
		b := find(s.Feature)
		if s.Above {
			if !b.hasLow || s.Threshold > b.low {
				b.low, b.hasLow = s.Threshold, true
			}
		} else if !b.hasHigh || s.Threshold < b.high {
			b.high, b.hasHigh = s.Threshold, true
		}
	}
	var conds []string
	for _, b := range bs {
		name := t.featureName(b.feature)
		switch {
		case b.hasLow && b.hasHigh:
			conds = append(conds, fmt.Sprintf("%s < %s <= %s", formatThreshold(b.low), name, formatThreshold(b.high)))
		case b.hasLow:
			conds = append(conds, fmt.Sprintf("%s > %s", name, formatThreshold(b.low)))
		default:
			conds = append(conds, fmt.Sprintf("%s <= %s", name, formatThreshold(b.high)))
		}
	}
	then := fmt.Sprintf("%s (%d of %d)", t.className(r.Class), r.Count, r.Total)
	if len(conds) == 0 {
		return "always " + then
	}
	return "if " + strings.Join(conds, " and ") + " then " + then
}

func (t *Tree) featureName(j int) string {
	if j >= 0 && j < len(t.Features) {
		return t.Features[j]
	}
	return "x" + strconv.Itoa(j+1)
}

func (t *Tree) className(k int) string {
	if k >= 0 && k < len(t.Classes) {
		return t.Classes[k]
	}
	return "class " + strconv.Itoa(k)
}

// formatThreshold writes v rounded to 4 significant digits (enough to tell
// a lesson's thresholds apart, short enough to read), without an exponent
// unless v is very small or very large: 2.45, 0.1235, 12350.
func formatThreshold(v float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	if err != nil {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	if a := math.Abs(r); r != 0 && (a < 1e-4 || a >= 1e15) {
		return strconv.FormatFloat(r, 'g', -1, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
