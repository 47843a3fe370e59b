package autograd

import (
	"errors"
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// engine is a parse tree turned into a gorgonia graph with its symbolic
// gradient, together with the structure of the Graph it reports.
type engine struct {
	g     *G.ExprGraph
	nodes []*G.Node // nodes[id] is the gorgonia node of Graph node id
	shape Graph     // labels, kinds, inputs and positions; no values
	// names lists the variables in the order their values are passed to
	// evaluate, and leaves[i] is the node ID of names[i].
	names  []string
	leaves []int
}

// build turns t into a gorgonia graph, one gorgonia node per tree node
// (identical sub-trees made of the same variables come back from gorgonia
// as one node: see the package documentation), and differentiates the
// output with respect to every variable and number. kinds gives each
// variable's Kind (Param or Input). Every value is passed in with
// G.WithValue, never one of gorgonia's clock-seeded initialisers.
func build(t *term, kinds map[string]Kind) (e *engine, err error) {
	mu.Lock()
	defer mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			e, err = nil, fmt.Errorf("autograd: gorgonia failed while building the graph: %v", r)
		}
	}()

	e = &engine{g: G.NewGraph()}
	ids := map[*G.Node]int{} // gorgonia node → Graph node ID
	vars := map[string]int{} // variable name → Graph node ID
	consts := 0

	add := func(gn *G.Node, n Node) int {
		if id, ok := ids[gn]; ok {
			return id
		}
		n.ID = len(e.nodes)
		ids[gn] = n.ID
		e.nodes = append(e.nodes, gn)
		e.shape.Nodes = append(e.shape.Nodes, n)
		return n.ID
	}

	var walk func(t *term) (int, error)
	walk = func(t *term) (int, error) {
		switch t.op {
		case "var":
			if id, ok := vars[t.text]; ok {
				return id, nil
			}
			kind, ok := kinds[t.text]
			if !ok {
				return 0, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%s has no value", t.text)}
			}
			// The value is a placeholder: evaluate sets the real one with G.Let.
			gn := G.NewScalar(e.g, tensor.Float64, G.WithName(t.text), G.WithValue(0.0))
			id := add(gn, Node{Label: t.text, Kind: kind, Pos: t.pos})
			vars[t.text] = id
			e.names = append(e.names, t.text)
			e.leaves = append(e.leaves, id)
			return id, nil
		case "num":
			// A variable-like node with a name of its own, rather than a
			// gorgonia constant: gorgonia merges equal constants into one
			// node, and every number written should be drawn where it is.
			// "#" cannot occur in a variable's name.
			consts++
			gn := G.NewScalar(e.g, tensor.Float64, G.WithName(fmt.Sprintf("#%d", consts)), G.WithValue(t.num))
			return add(gn, Node{Label: t.text, Kind: Const, Pos: t.pos}), nil
		}

		args := make([]int, len(t.args))
		for i, a := range t.args {
			id, err := walk(a)
			if err != nil {
				return 0, err
			}
			args[i] = id
		}
		x := e.nodes[args[0]]
		var gn *G.Node
		var err error
		switch t.op {
		case "+":
			gn, err = G.Add(x, e.nodes[args[1]])
		case "-":
			gn, err = G.Sub(x, e.nodes[args[1]])
		case "*":
			gn, err = G.HadamardProd(x, e.nodes[args[1]])
		case "/":
			gn, err = G.HadamardDiv(x, e.nodes[args[1]])
		case "^":
			gn, err = G.Pow(x, e.nodes[args[1]])
		case "neg":
			gn, err = G.Neg(x)
		case "exp":
			gn, err = G.Exp(x)
		case "log":
			gn, err = G.Log(x)
		case "tanh":
			gn, err = G.Tanh(x)
		case "sigmoid":
			gn, err = G.Sigmoid(x)
		case "relu":
			gn, err = G.Rectify(x)
		case "sin":
			gn, err = G.Sin(x)
		case "cos":
			gn, err = G.Cos(x)
		default:
			return 0, fmt.Errorf("autograd: no gorgonia operation for %q", t.op)
		}
		if err != nil {
			return 0, fmt.Errorf("autograd: at %d: building %s: %w", t.pos, t.label(), err)
		}
		return add(gn, Node{Label: t.label(), Kind: Op, Inputs: args, Pos: t.pos}), nil
	}

	out, err := walk(t)
	if err != nil {
		return nil, err
	}
	e.shape.Output = out

	// Differentiate with respect to every leaf, numbers included, so that
	// every node on a path to the output gets a gradient node (Deriv),
	// even a step computed from numbers only such as 2*3.
	var wrt G.Nodes
	for id, n := range e.shape.Nodes {
		if len(n.Inputs) == 0 {
			wrt = append(wrt, e.nodes[id])
		}
	}
	if _, err := G.Grad(e.nodes[out], wrt...); err != nil {
		return nil, fmt.Errorf("autograd: differentiating: %w", err)
	}
	for id, gn := range e.nodes {
		if gn.Deriv() == nil {
			return nil, fmt.Errorf("autograd: gorgonia found no gradient for node %d (%s)", id, e.shape.Nodes[id].Label)
		}
	}
	return e, nil
}

// evaluate runs the forward and backward passes once for each row of
// assign, which holds the variables' values in the order of e.names, and
// calls each with the row's index and every node's value and gradient,
// indexed by node ID. The slices are reused from row to row. A value or a
// gradient (of a node other than a number) that is not finite is an error
// naming the node.
func (e *engine) evaluate(assign [][]float64, each func(row int, values, grads []float64) error) (err error) {
	mu.Lock()
	defer mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("autograd: gorgonia failed while computing: %v", r)
		}
	}()

	vm := G.NewTapeMachine(e.g)
	defer func() {
		if cerr := vm.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("autograd: closing gorgonia's machine: %w", cerr)
		}
	}()
	values := make([]float64, len(e.nodes))
	grads := make([]float64, len(e.nodes))
	for row, vals := range assign {
		if len(vals) != len(e.names) {
			return fmt.Errorf("autograd: %d values for %d variables", len(vals), len(e.names))
		}
		for i, v := range vals {
			if err := G.Let(e.nodes[e.leaves[i]], v); err != nil {
				return fmt.Errorf("autograd: setting %s: %w", e.names[i], err)
			}
		}
		if err := vm.RunAll(); err != nil {
			return fmt.Errorf("autograd: computing: %w", err)
		}
		// Values first, so that a value that is not finite is reported
		// rather than the gradients it spoils.
		for id, gn := range e.nodes {
			v, err := scalar(gn.Value())
			if err != nil {
				return fmt.Errorf("autograd: value of %s: %w", e.shape.Nodes[id].Label, err)
			}
			if !finite(v) {
				return e.badNumber(id, "value", v)
			}
			values[id] = v
		}
		for id, gn := range e.nodes {
			n := e.shape.Nodes[id]
			if n.Kind == Const {
				// A number cannot change, so its gradient is not shown;
				// gorgonia's may even be NaN (the exponent of a negative
				// base involves its logarithm).
				grads[id] = 0
				continue
			}
			g, err := scalar(gn.Deriv().Value())
			if err != nil {
				return fmt.Errorf("autograd: gradient of %s: %w", n.Label, err)
			}
			if !finite(g) {
				return e.badNumber(id, "gradient", g)
			}
			grads[id] = g
		}
		if err := each(row, values, grads); err != nil {
			return err
		}
		vm.Reset()
	}
	return nil
}

// badNumber is the error for a node whose value or gradient is v, which
// is not finite.
func (e *engine) badNumber(id int, what string, v float64) error {
	n := e.shape.Nodes[id]
	where := "the loss"
	if n.Pos > 0 {
		where = fmt.Sprintf("at %d", n.Pos)
	}
	name := n.Label
	if n.Kind == Op && len(n.Inputs) == 1 && n.Label != "-" {
		name += "(...)"
	}
	return fmt.Errorf("autograd: %s: the %s of %s is %s; change the values (log needs a positive number, division a non-zero one)",
		where, what, name, describeBad(v))
}

// scalar returns the float64 held by a gorgonia value.
func scalar(v G.Value) (float64, error) {
	if v == nil {
		return 0, errors.New("no value computed")
	}
	if f, ok := v.Data().(float64); ok {
		return f, nil
	}
	return 0, fmt.Errorf("value of type %T, want a float64", v.Data())
}

// fill copies values and grads into a copy of the engine's graph.
func (e *engine) fill(values, grads []float64) Graph {
	g := e.shape.clone()
	for i := range g.Nodes {
		g.Nodes[i].Value = values[i]
		g.Nodes[i].Grad = grads[i]
	}
	return g
}
