package sandbox

import (
	"context"
	"fmt"
	"testing"

	"github.com/aisandbox/aisandbox/models/charlm"
	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/mlp"
)

func TestSmallerRate(t *testing.T) {
	for _, c := range []struct{ lr, want float64 }{
		{10, 1}, {50, 5}, {3, 0.2}, {0.3, 0.02}, {1, 0.1}, {0.01, 0.001},
	} {
		if got := smallerRate(c.lr); got < c.want*0.999999 || got > c.want*1.000001 {
			t.Errorf("smallerRate(%v) = %v, want %v", c.lr, got, c.want)
		}
	}
}

func TestRunErrorNamesEveryDivergence(t *testing.T) {
	for _, err := range []error{
		&mlp.DivergedError{Epoch: 2, LearningRate: 5},
		&cnn.DivergedError{Epoch: 2, LearningRate: 5},
		&charlm.DivergedError{Epoch: 2, LearningRate: 5},
	} {
		got := runError(context.Background(), fmt.Errorf("training: %w", err))
		se, ok := got.(*Error)
		if !ok || se.Code != CodeDiverged || se.Params["epoch"] != 2 || se.Params["suggest"] != 0.5 {
			t.Errorf("%T: %v, want diverged at epoch 2 suggesting 0.5", err, got)
		}
	}
}
