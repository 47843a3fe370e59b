package tree

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// data is the training data a tree grows on, checked and copied.
type data struct {
	cfg      Config // with defaults filled in
	x        []float64
	d        int // features per row
	y        []int
	classes  int
	features []string
	names    []string // class names
}

// newData checks the data and the names and copies them. featureNames may
// be nil (the features are then called x1, x2, …), or hold one name per
// column. classNames may be nil (the classes are then counted from the
// largest label and called "class 0", "class 1", …), or hold one name per
// class, more than the largest label.
func newData(X [][]float64, y []int, cfg Config, featureNames, classNames []string) (*data, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if len(X) == 0 {
		return nil, errors.New("tree: no rows of data")
	}
	if len(X) != len(y) {
		return nil, fmt.Errorf("tree: %d rows but %d labels", len(X), len(y))
	}
	d := len(X[0])
	if d == 0 {
		return nil, errors.New("tree: rows have no values")
	}
	if featureNames != nil && len(featureNames) != d {
		return nil, fmt.Errorf("tree: %d feature names for %d columns", len(featureNames), d)
	}
	if len(classNames) > MaxClasses {
		return nil, fmt.Errorf("tree: %d class names; at most %d classes are allowed", len(classNames), MaxClasses)
	}
	classes := len(classNames)
	if classNames == nil {
		for _, label := range y {
			classes = max(classes, label+1)
		}
		if classes > MaxClasses {
			return nil, fmt.Errorf("tree: the largest label is %d; at most %d classes are allowed", classes-1, MaxClasses)
		}
	}
	dt := &data{cfg: cfg, x: make([]float64, 0, len(X)*d), d: d, y: slices.Clone(y), classes: classes}
	for i, row := range X {
		if len(row) != d {
			return nil, fmt.Errorf("tree: row %d has %d values, want %d", i, len(row), d)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("tree: row %d, column %d is %v", i, j, v)
			}
		}
		if y[i] < 0 || y[i] >= classes {
			return nil, fmt.Errorf("tree: row %d has label %d, want 0..%d", i, y[i], classes-1)
		}
		dt.x = append(dt.x, row...)
	}
	dt.features = slices.Clone(featureNames)
	if dt.features == nil {
		for j := range d {
			dt.features = append(dt.features, "x"+strconv.Itoa(j+1))
		}
	}
	dt.names = slices.Clone(classNames)
	if dt.names == nil {
		for k := range classes {
			dt.names = append(dt.names, "class "+strconv.Itoa(k))
		}
	}
	return dt, nil
}

// split is the best question found for a node.
type split struct {
	feature   int
	threshold float64
	// weighted is nL·I(left) + nR·I(right): the children's impurities
	// weighted by their row counts. The best question makes it smallest.
	weighted float64
	// gain is the question's impurity decrease weighted by the node's
	// share of all the training rows, (n·I − weighted)/N: how much it lowers
	// the impurity of the whole tree. The Grower splits the largest first.
	gain  float64
	nLeft int // rows that go left
}

// finder searches for the best question of a node; its buffers are reused
// from node to node.
type finder struct {
	dt          *data
	sorted      []int // the node's rows, sorted by one feature
	left, right []int // class counts on each side of a candidate threshold
}

func newFinder(dt *data) *finder {
	return &finder{dt: dt, sorted: make([]int, len(dt.y)), left: make([]int, dt.classes), right: make([]int, dt.classes)}
}

// newNode returns a leaf for the given rows at the given depth.
func (dt *data) newNode(rows []int, depth int) *Node {
	counts := make([]int, dt.classes)
	for _, r := range rows {
		counts[dt.y[r]]++
	}
	return &Node{Feature: -1, Counts: counts, Impurity: dt.cfg.Criterion.impurity(counts, len(rows)), Depth: depth}
}

// best returns the best question for node n, which holds the given rows,
// and whether there is one: a node is not split when it is pure, at the
// maximum depth, too small to give two leaves of MinSamplesLeaf rows, or
// when no threshold leaves MinSamplesLeaf rows on each side (for example
// when all its rows are equal).
//
// For each feature it sorts the rows by that feature (ties by row index,
// so the order never depends on how the rows arrived) and walks through
// them, moving one row at a time from the right side to the left and
// updating the class counts of both sides, so that every threshold costs
// one impurity computation per side.
func (f *finder) best(n *Node, rows []int) (split, bool) {
	dt, cfg := f.dt, f.dt.cfg
	total := len(rows)
	if n.Impurity == 0 || n.Depth >= cfg.MaxDepth || total < 2*cfg.MinSamplesLeaf {
		return split{}, false
	}
	best := split{weighted: math.Inf(1)}
	found := false
	sorted := f.sorted[:total]
	for j := range dt.d {
		value := func(r int) float64 { return dt.x[r*dt.d+j] }
		copy(sorted, rows)
		slices.SortFunc(sorted, func(a, b int) int {
			return cmp.Or(cmp.Compare(value(a), value(b)), cmp.Compare(a, b))
		})
		clear(f.left)
		copy(f.right, n.Counts)
		for p := 0; p < total-1; p++ {
			label := dt.y[sorted[p]]
			f.left[label]++
			f.right[label]--
			nLeft := p + 1
			lo, hi := value(sorted[p]), value(sorted[p+1])
			if lo == hi || nLeft < cfg.MinSamplesLeaf || total-nLeft < cfg.MinSamplesLeaf {
				continue // no threshold between equal values, or a side too small
			}
			w := float64(nLeft)*cfg.Criterion.impurity(f.left, nLeft) +
				float64(total-nLeft)*cfg.Criterion.impurity(f.right, total-nLeft)
			if w < best.weighted {
				best = split{feature: j, threshold: midpoint(lo, hi), weighted: w, nLeft: nLeft}
				found = true
			}
		}
	}
	best.gain = (float64(total)*n.Impurity - best.weighted) / float64(len(dt.y))
	return best, found
}

// midpoint returns a threshold t halfway between lo < hi, with lo ≤ t < hi
// so that lo goes left and hi right even when they are neighbouring
// float64s and the exact midpoint rounds up to hi.
func midpoint(lo, hi float64) float64 {
	t := lo/2 + hi/2 // halves first, so that the sum cannot overflow
	if t >= hi || t < lo {
		t = lo
	}
	return t
}

// apply turns leaf n, holding rows, into the question s and returns its
// two new leaves with their rows. rows is reordered in place: the first
// s.nLeft rows go left.
func (dt *data) apply(n *Node, rows []int, s split) (left, right []int) {
	// Stable partition by the question, keeping each side's rows in order.
	var l, r []int
	for _, row := range rows {
		if dt.x[row*dt.d+s.feature] <= s.threshold {
			l = append(l, row)
		} else {
			r = append(r, row)
		}
	}
	copy(rows, l)
	copy(rows[len(l):], r)
	left, right = rows[:len(l):len(l)], rows[len(l):]
	n.Feature, n.Threshold = s.feature, s.threshold
	n.Left = dt.newNode(left, n.Depth+1)
	n.Right = dt.newNode(right, n.Depth+1)
	return left, right
}

func (dt *data) allRows() []int {
	rows := make([]int, len(dt.y))
	for i := range rows {
		rows[i] = i
	}
	return rows
}

func (dt *data) tree(root *Node) *Tree {
	return &Tree{Root: root, Features: slices.Clone(dt.features), Classes: slices.Clone(dt.names), Config: dt.cfg}
}

// Fit grows a tree on the rows of X with labels y in one go, the plain
// recursive way: split the root, then grow its left subtree, then its
// right. See NewGrower for the arguments. It checks ctx before every split
// and returns an error wrapping ctx.Err() when ctx is done.
func Fit(ctx context.Context, X [][]float64, y []int, cfg Config, featureNames, classNames []string) (*Tree, error) {
	dt, err := newData(X, y, cfg, featureNames, classNames)
	if err != nil {
		return nil, err
	}
	rows := dt.allRows()
	root := dt.newNode(rows, 0)
	f := newFinder(dt)
	splits := 0
	var grow func(n *Node, rows []int) error
	grow = func(n *Node, rows []int) error {
		s, ok := f.best(n, rows)
		if !ok {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("tree: stopped after %d splits: %w", splits, err)
		}
		left, right := dt.apply(n, rows, s)
		splits++
		if err := grow(n.Left, left); err != nil {
			return err
		}
		return grow(n.Right, right)
	}
	if err := grow(root, rows); err != nil {
		return nil, err
	}
	return dt.tree(root), nil
}

// pending is a leaf that can still be split, with its rows and its best
// question.
type pending struct {
	node  *Node
	rows  []int
	split split
	born  int // creation order, to break ties between equal gains
}

// Grower grows a tree one split at a time. It is not safe for concurrent
// use; the trees Tree returns are copies and may be used anywhere.
type Grower struct {
	dt      *data
	root    *Node
	finder  *finder
	pending []pending
	born    int
	splits  int
}

// NewGrower prepares to grow a tree on the rows of X (each with the same
// number of finite values, at least one row) with labels y. It checks the
// data and copies it. featureNames may be nil (the features are then
// called x1, x2, …) or hold one name per column. classNames may be nil
// (the number of classes is then one more than the largest label, and they
// are called "class 0", "class 1", …) or hold one name per class. The tree
// starts as a single leaf.
func NewGrower(X [][]float64, y []int, cfg Config, featureNames, classNames []string) (*Grower, error) {
	dt, err := newData(X, y, cfg, featureNames, classNames)
	if err != nil {
		return nil, err
	}
	rows := dt.allRows()
	g := &Grower{dt: dt, root: dt.newNode(rows, 0), finder: newFinder(dt)}
	g.consider(g.root, rows)
	return g, nil
}

// consider adds leaf n to the pending leaves if it can be split.
func (g *Grower) consider(n *Node, rows []int) {
	if s, ok := g.finder.best(n, rows); ok {
		g.pending = append(g.pending, pending{node: n, rows: rows, split: s, born: g.born})
	}
	g.born++
}

// Step splits the pending leaf whose best question lowers the impurity of
// the whole tree most (on a tie, the leaf made first). It returns done =
// true when no leaf can be split any more, after this step or, if nothing
// was left to split, without changing the tree. It checks ctx first and
// returns an error wrapping ctx.Err() when ctx is done.
func (g *Grower) Step(ctx context.Context) (done bool, err error) {
	if len(g.pending) == 0 {
		return true, nil
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("tree: stopped after %d splits: %w", g.splits, err)
	}
	bi := 0
	for i, p := range g.pending {
		b := g.pending[bi]
		if p.split.gain > b.split.gain || (p.split.gain == b.split.gain && p.born < b.born) {
			bi = i
		}
	}
	p := g.pending[bi]
	g.pending = slices.Delete(g.pending, bi, bi+1)
	left, right := g.dt.apply(p.node, p.rows, p.split)
	g.splits++
	g.consider(p.node.Left, left)
	g.consider(p.node.Right, right)
	return len(g.pending) == 0, nil
}

// Done reports whether no leaf can be split any more.
func (g *Grower) Done() bool { return len(g.pending) == 0 }

// Splits returns the number of splits made so far.
func (g *Grower) Splits() int { return g.splits }

// Tree returns a copy of the tree as grown so far: a working classifier at
// every step. Later steps do not change it.
func (g *Grower) Tree() *Tree { return g.dt.tree(g.root.clone()) }

// Grow takes steps until no leaf can be split, calling progress, if not
// nil, after each split with the tree so far, and returns the finished
// tree. It stops with an error wrapping ctx.Err() when ctx is done.
func (g *Grower) Grow(ctx context.Context, progress func(*Tree)) (*Tree, error) {
	for !g.Done() {
		if _, err := g.Step(ctx); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(g.Tree())
		}
	}
	return g.Tree(), nil
}
