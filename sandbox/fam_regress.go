package sandbox

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/linear"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// The regression families: straight lines and polynomials by least
// squares, and (in fam_nn.go) the neural network with one linear output.

// valuePredictor is what a regression model must do: predict a number for
// each row, given in the units the job trained on.
type valuePredictor interface {
	PredictValues(X [][]float64) []float64
}

func ridgeSetting() Setting {
	return Setting{
		Name: "ridge", Type: Float, Default: 0.0, Min: 0, Max: 100,
		Label: text("Ridge айыппұлы (λ)", "Штраф ridge (λ)", "Ridge penalty (λ)"),
		Help: text(
			"Үлкен коэффициенттер үшін айыппұл. 0 — айыппұл жоқ; үлкейген сайын қисық тегістеле түседі және шуды аз жаттайды.",
			"Штраф за большие коэффициенты. 0 — без штрафа; чем больше, тем глаже кривая и тем меньше она заучивает шум.",
			"A penalty on large coefficients. 0 means none; the larger it is, the smoother the curve and the less noise it learns by heart."),
	}
}

func linearFamily() family {
	return family{
		info: ModelInfo{
			Name:  "linear",
			Title: text("Сызықтық регрессия", "Линейная регрессия", "Linear regression"),
			Description: text(
				"Деректер арқылы ең жақсы түзуді жүргізеді: y = a + b·x. Ең кіші квадраттар әдісі қателер квадраттарының қосындысын ең аз ететін a мен b-ні бірден табады, оқу циклі қажет емес.",
				"Проводит через данные наилучшую прямую: y = a + b·x. Метод наименьших квадратов сразу находит a и b, при которых сумма квадратов ошибок наименьшая, без цикла обучения.",
				"Draws the best straight line through the data: y = a + b·x. Least squares finds the a and b that make the sum of squared misses smallest, at once, with no training loop."),
			Task:     Regress,
			Data:     []DataKind{RegressionData},
			Settings: []Setting{ridgeSetting(), seedSetting()},
		},
		load: loadRegress(linear.Load),
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			return &fitJob{cfg: linear.Config{Degree: 1, Ridge: v.Float("ridge"), Features: d.train.Features}, d: d}, nil
		},
	}
}

func polyFamily() family {
	return family{
		info: ModelInfo{
			Name:  "poly",
			Title: text("Көпмүшелік регрессия", "Полиномиальная регрессия", "Polynomial regression"),
			Description: text(
				"Деректер арқылы қисық жүргізеді: y = c₀ + c₁·x + c₂·x² + … Дәреже неғұрлым жоғары болса, қисық соғұрлым иілгіш: тым жоғары дәреже шуды да жаттап алады және деректер аралығынан тыс жабайы мінез көрсетеді.",
				"Проводит через данные кривую: y = c₀ + c₁·x + c₂·x² + … Чем выше степень, тем гибче кривая: слишком высокая степень заучивает и шум и ведёт себя дико за пределами данных.",
				"Draws a curve through the data: y = c₀ + c₁·x + c₂·x² + … The higher the degree, the more the curve can bend: too high a degree learns the noise by heart and goes wild outside the data."),
			Task: Regress,
			Data: []DataKind{RegressionData},
			Settings: []Setting{
				{
					Name: "degree", Type: Int, Default: 3, Min: 1, Max: linear.MaxDegree,
					Label: text("Дәреже", "Степень", "Degree"),
					Help: text(
						"x-тің ең жоғары дәрежесі: 1 — түзу, 2 — парабола, 3 — кубтық қисық.",
						"Наибольшая степень x: 1 — прямая, 2 — парабола, 3 — кубическая кривая.",
						"The highest power of x: 1 is a straight line, 2 a parabola, 3 a cubic curve."),
				},
				ridgeSetting(),
				seedSetting(),
			},
		},
		load: loadRegress(linear.Load),
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			return &fitJob{cfg: linear.Config{Degree: v.Int("degree"), Ridge: v.Float("ridge"), Features: d.train.Features}, d: d}, nil
		},
	}
}

// fitJob fits a least-squares model in its one step.
type fitJob struct {
	cfg linear.Config
	d   *runData
	m   *linear.Model
}

func (j *fitJob) steps() int     { return 1 }
func (j *fitJob) finished() bool { return j.m != nil }
func (j *fitJob) numParams() int {
	if j.m == nil {
		return 0
	}
	return j.m.NumParams()
}

func (j *fitJob) step(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	m, err := linear.Fit(j.d.train.X, j.d.train.Targets, j.cfg)
	if err != nil {
		return 0, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	j.m = m
	return math.NaN(), nil
}

func (j *fitJob) measure() Metrics { return regressMetrics(j.m, j.d) }
func (j *fitJob) model() *Model {
	if j.m == nil {
		return nil
	}
	return regressModel(j.m, j.d)
}

func newRegJob(cfg mlp.RegressorConfig, v Values, d *runData, rng *rand.Rand) (job, error) {
	cfg.Inputs = len(d.train.Features)
	opt, err := mlp.ParseOptimizer(v.String("optimizer"))
	if err != nil {
		return nil, &Error{Code: CodeBadChoice, Field: "model.optimizer", Err: err}
	}
	net, err := mlp.NewRegressor(cfg, rng)
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	tr, err := mlp.NewRegressionTrainer(net, d.train.X, d.train.Targets,
		mlp.TrainConfig{Optimizer: opt, LearningRate: v.Float("lr"), BatchSize: v.Int("batch")}, rng)
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	return &epochJob{
		epochs: v.Int("epochs"), epoch: tr.Epoch, params: net.NumParams,
		score:   func() Metrics { return regressMetrics(net, d) },
		current: func() *Model { return regressModel(net, d) },
	}, nil
}

// regressMetrics scores a regression model on both parts of the data.
func regressMetrics(p valuePredictor, d *runData) Metrics {
	m := noMetrics()
	if p == nil {
		return m
	}
	score := func(t *datasets.Table) (mse, r2 float64) {
		pred := p.PredictValues(t.X)
		mse, err := models.MSE(t.Targets, pred)
		if err != nil {
			mse = math.NaN()
		}
		r2, err = models.R2(t.Targets, pred)
		if err != nil {
			r2 = math.NaN() // e.g. a constant target: R² is not defined
		}
		return mse, r2
	}
	m.TrainMSE, m.TrainR2 = score(d.train)
	m.TestMSE, m.TestR2 = score(d.test)
	return m
}

// regressModel makes the Model of a regression model trained on d.
func regressModel(p valuePredictor, d *runData) *Model {
	return &Model{regress: p, scaler: d.scaler, features: d.train.Features}
}
