package sandbox

import (
	"context"
	"io"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models/mlp"
)

// The neural-network families: the multilayer perceptron and softmax
// (logistic) regression, which is the same network without hidden layers.

func mlpFamily() family {
	settings := append([]Setting{
		{
			Name: "hidden", Type: Ints, Default: []int{16, 16}, Min: 1, Max: maxHidden, MinLen: 1, MaxLen: maxLayers,
			Label: text("Жасырын қабаттар", "Скрытые слои", "Hidden layers"),
			Help: text(
				"Әр жасырын қабаттағы нейрон саны, үтір арқылы: мысалы, 16, 16.",
				"Число нейронов в каждом скрытом слое через запятую: например, 16, 16.",
				"Neurons in each hidden layer, separated by commas: for example 16, 16."),
		},
		{
			Name: "activation", Type: Choice, Default: "relu", Choices: []string{"relu", "tanh", "sigmoid"},
			Label: text("Активация функциясы", "Функция активации", "Activation"),
			Help: text(
				"Нейрон өз қосындысын қалай өзгертеді. Онсыз желі тек түзу шекара сыза алады.",
				"Как нейрон преобразует свою сумму. Без неё сеть может провести только прямую границу.",
				"How a neuron bends its sum. Without it the network could only draw straight boundaries."),
		},
	}, trainingSettings(0.01)...)
	return family{
		info: ModelInfo{
			Name:  "mlp",
			Title: text("Нейрондық желі (көпқабатты перцептрон)", "Нейронная сеть (многослойный перцептрон)", "Neural network (multilayer perceptron)"),
			Description: text(
				"Нейрондар қабаттары. Әр нейрон кірістерді салмақтармен қосып, активация функциясынан өткізеді. Салмақтар қатені азайту үшін градиентпен жаңартылады, сондықтан желі қисық шекараларды сыза алады.",
				"Слои нейронов. Каждый нейрон складывает входы с весами и пропускает сумму через функцию активации. Веса подстраиваются по градиенту, чтобы уменьшить ошибку, поэтому сеть может проводить изогнутые границы.",
				"Layers of neurons. Each neuron adds up its inputs with weights and passes the sum through an activation. The weights are nudged along the gradient to reduce the error, so the network can draw curved boundaries."),
			Task:     Classify,
			Data:     []DataKind{TableData, RegressionData, ImageData},
			Settings: settings,
		},
		scaled:  true,
		weights: true,
		load:    loadMLP,
		start: func(v Values, d *runData, rng *rand.Rand) (job, error) {
			act, err := mlp.ParseActivation(v.String("activation"))
			if err != nil {
				return nil, &Error{Code: CodeBadChoice, Field: "model.activation", Err: err}
			}
			if d.kind == RegressionData {
				return newRegJob(mlp.RegressorConfig{Hidden: v.Ints("hidden"), Activation: act}, v, d, rng)
			}
			return newNetJob(mlp.Config{Hidden: v.Ints("hidden"), Activation: act}, v, d, rng)
		},
	}
}

func logisticFamily() family {
	return family{
		info: ModelInfo{
			Name:  "logistic",
			Title: text("Логистикалық регрессия", "Логистическая регрессия", "Logistic regression"),
			Description: text(
				"Жасырын қабаты жоқ ең қарапайым желі: әр класқа бір салмақталған қосынды. Ол тек түзу шекара сыза алады, сондықтан кейбір деректерде (мысалы, XOR) сәтсіздікке ұшырайды — бұл да сабақ.",
				"Простейшая сеть без скрытых слоёв: одна взвешенная сумма на каждый класс. Она может провести только прямую границу, поэтому на некоторых данных (например, XOR) ошибается — это тоже урок.",
				"The simplest network, with no hidden layers: one weighted sum per class. It can only draw a straight boundary, so it fails on some data (XOR, for one) — which is a lesson too."),
			Task:     Classify,
			Data:     []DataKind{TableData, ImageData, TextData},
			Settings: trainingSettings(0.05),
		},
		scaled:  true,
		weights: true,
		load:    loadTable(mlp.Load),
		start: func(v Values, d *runData, rng *rand.Rand) (job, error) {
			// Softmax regression is a network without hidden layers.
			return newNetJob(mlp.Config{}, v, d, rng)
		},
	}
}

func newNetJob(cfg mlp.Config, v Values, d *runData, rng *rand.Rand) (job, error) {
	cfg.Inputs, cfg.Classes = len(d.train.Features), len(d.train.Classes)
	opt, err := mlp.ParseOptimizer(v.String("optimizer"))
	if err != nil {
		return nil, &Error{Code: CodeBadChoice, Field: "model.optimizer", Err: err}
	}
	net, err := mlp.New(cfg, rng)
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	tc := mlp.TrainConfig{Optimizer: opt, LearningRate: v.Float("lr"), BatchSize: v.Int("batch")}
	var tr *mlp.Trainer
	if d.weights != nil {
		tr, err = mlp.NewWeightedTrainer(net, d.train.X, d.train.Y, d.weights, tc, rng)
	} else {
		tr, err = mlp.NewTrainer(net, d.train.X, d.train.Y, tc, rng)
	}
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	return &epochJob{
		epochs: v.Int("epochs"), epoch: tr.Epoch, params: net.NumParams,
		score:   func() Metrics { return classifyMetrics(net, d, 0) },
		current: func() *Model { return tableModel(net, d) },
	}, nil
}

// epochJob trains a network one epoch a step; what differs between the
// networks is how they are scored and asked, given as functions.
type epochJob struct {
	epochs  int
	epoch   func(context.Context) (float64, error)
	params  func() int
	score   func() Metrics
	current func() *Model
}

func (j *epochJob) steps() int                                { return j.epochs }
func (j *epochJob) step(ctx context.Context) (float64, error) { return j.epoch(ctx) }
func (j *epochJob) finished() bool                            { return false }
func (j *epochJob) numParams() int                            { return j.params() }
func (j *epochJob) measure() Metrics                          { return j.score() }
func (j *epochJob) model() *Model                             { return j.current() }

// loadMLP reads a saved network: a regressor on regression data, a
// classifier otherwise.
func loadMLP(r io.Reader, v Values, d *runData) (*Model, error) {
	if d.kind == RegressionData {
		return loadRegress(mlp.LoadRegressor)(r, v, d)
	}
	return loadTable(mlp.Load)(r, v, d)
}
