package optim_test

import (
	"fmt"

	"github.com/aisandbox/aisandbox/models/optim"
)

// Adam finds the lowest point of f(x) = (x − 3)², whose gradient is
// 2(x − 3), starting from x = 0.
func ExampleAdam() {
	x := []float64{0}
	grad := make([]float64, 1)
	a := optim.NewAdam(1, 0.1)
	for range 500 {
		grad[0] = 2 * (x[0] - 3)
		a.Step(x, grad)
	}
	fmt.Printf("x = %.3f\n", x[0])
	// Output:
	// x = 3.000
}
