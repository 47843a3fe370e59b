package autograd

// Preset is a ready-made expression for the autograd view, such as one
// artificial neuron, with starting values for its variables.
type Preset struct {
	// Name identifies the preset (the page translates it).
	Name string `json:"name"`
	// Expr is the expression, as a student would write it.
	Expr string `json:"expr"`
	// Vars holds its variables with their starting values.
	Vars []Var `json:"vars"`
}

// Presets returns the ready-made expressions, a fresh copy each time:
//
//   - "neuron-tanh": one neuron with two inputs, tanh(w1*x1 + w2*x2 + b);
//     the values make the weighted sum about 0.9, where tanh still bends.
//   - "neuron-sigmoid": one neuron with one input, sigmoid(w*x + b).
//   - "neuron-relu": one neuron with one input, relu(w*x + b).
//   - "neuron-loss": a tanh neuron and its squared error against a target
//     y, (tanh(w*x + b) - y)^2: Step makes the neuron's output approach y.
//   - "line-point": a straight line's squared error on one point,
//     (w*x + b - y)^2.
func Presets() []Preset {
	return []Preset{
		{Name: "neuron-tanh", Expr: "tanh(w1*x1 + w2*x2 + b)", Vars: []Var{
			{Name: "w1", Value: -3, Param: true},
			{Name: "x1", Value: 2},
			{Name: "w2", Value: 1, Param: true},
			{Name: "x2", Value: 0},
			{Name: "b", Value: 6.9, Param: true},
		}},
		{Name: "neuron-sigmoid", Expr: "sigmoid(w*x + b)", Vars: []Var{
			{Name: "w", Value: 0.5, Param: true},
			{Name: "x", Value: 2},
			{Name: "b", Value: -0.5, Param: true},
		}},
		{Name: "neuron-relu", Expr: "relu(w*x + b)", Vars: []Var{
			{Name: "w", Value: 0.8, Param: true},
			{Name: "x", Value: 1.5},
			{Name: "b", Value: -0.2, Param: true},
		}},
		{Name: "neuron-loss", Expr: "(tanh(w*x + b) - y)^2", Vars: []Var{
			{Name: "w", Value: 0.5, Param: true},
			{Name: "x", Value: 1},
			{Name: "b", Value: 0, Param: true},
			{Name: "y", Value: 1},
		}},
		{Name: "line-point", Expr: "(w*x + b - y)^2", Vars: []Var{
			{Name: "w", Value: 0.5, Param: true},
			{Name: "x", Value: 2},
			{Name: "b", Value: 0, Param: true},
			{Name: "y", Value: 3},
		}},
	}
}
