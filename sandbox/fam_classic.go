package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/bayes"
	"github.com/aisandbox/aisandbox/models/knn"
	"github.com/aisandbox/aisandbox/models/tree"
)

// The classic classifiers: nearest neighbours, a decision tree grown one
// split a step, and Gaussian naive Bayes.

func knnFamily() family {
	return family{
		info: ModelInfo{
			Name:  "knn",
			Title: text("Жақын көршілер (kNN)", "Ближайшие соседи (kNN)", "Nearest neighbours (kNN)"),
			Description: text(
				"Ештеңе үйренбейді, тек мысалдарды есте сақтайды. Жаңа нүктеге ең жақын k мысалды тауып, олардың көпшілігінің класын айтады.",
				"Ничего не вычисляет заранее, а просто запоминает примеры. Для новой точки находит k ближайших примеров и называет класс большинства из них.",
				"Learns nothing in advance; it just remembers the examples. For a new point it finds the k nearest examples and names the class most of them have."),
			Task: Classify,
			Data: []DataKind{TableData, ImageData},
			Settings: []Setting{
				{
					Name: "k", Type: Int, Default: knn.DefaultK, Min: 1, Max: 100,
					Label: text("Көршілер саны (k)", "Число соседей (k)", "Neighbours (k)"),
					Help: text("Неше жақын мысал дауыс береді. Кіші k — шекара бұдыр, үлкен k — тегіс.",
						"Сколько ближайших примеров голосуют. Малое k — граница рваная, большое — гладкая.",
						"How many nearest examples vote. A small k draws a ragged boundary, a large k a smooth one."),
				},
				{
					Name: "distance", Type: Choice, Default: "euclidean", Choices: []string{"euclidean", "manhattan"},
					Label: text("Қашықтық", "Расстояние", "Distance"),
					Help: text("euclidean — түзу бойымен, manhattan — қала көшелерімен жүргендей.",
						"euclidean — по прямой, manhattan — как по улицам города.",
						"euclidean: in a straight line; manhattan: as if walking along city streets."),
				},
				{
					Name: "weighting", Type: Choice, Default: "uniform", Choices: []string{"uniform", "distance"},
					Label: text("Дауыс салмағы", "Вес голосов", "Votes"),
					Help: text("uniform — әр көршіде бір дауыс, distance — жақын көршінің дауысы көбірек.",
						"uniform — у каждого соседа один голос, distance — ближний сосед весит больше.",
						"uniform: one vote each; distance: nearer neighbours count more."),
				},
				seedSetting(),
			},
		},
		scaled: true,
		load:   loadKNN,
		save:   saveKNN,
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			dist, err := knn.ParseDistance(v.String("distance"))
			if err != nil {
				return nil, &Error{Code: CodeBadChoice, Field: "model.distance", Err: err}
			}
			w, err := knn.ParseWeighting(v.String("weighting"))
			if err != nil {
				return nil, &Error{Code: CodeBadChoice, Field: "model.weighting", Err: err}
			}
			cfg := knn.Config{K: v.Int("k"), Distance: dist, Weighting: w, Classes: len(d.train.Classes)}
			return &onceJob{d: d, fit: func(ctx context.Context) (classifier, error) {
				return knn.Fit(d.train.X, d.train.Y, cfg)
			}}, nil
		},
	}
}

// savedKNN is what is kept of a nearest-neighbours model: its settings.
// Its "learning" is its training rows, which are the run's training part,
// made again from the spec when it is loaded; knn.Classifier.Save writes
// them all, 18 MB for the default digits, which take 4 s to read back.
type savedKNN struct {
	Config knn.Config `json:"config"`
}

func saveKNN(m *Model, w io.Writer) error {
	c, ok := m.classify.(*knn.Classifier)
	if !ok {
		return fmt.Errorf("sandbox: saving nearest neighbours: the model is a %T", m.classify)
	}
	return json.NewEncoder(w).Encode(savedKNN{Config: c.Config()})
}

// loadKNN fits the neighbours again on the run's training part, as the
// run did: the same rows give the same classifier.
func loadKNN(r io.Reader, _ Values, d *runData) (*Model, error) {
	var s savedKNN
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("sandbox: loading nearest neighbours: %w", err)
	}
	c, err := knn.Fit(d.train.X, d.train.Y, s.Config)
	if err != nil {
		return nil, fmt.Errorf("sandbox: loading nearest neighbours: %w", err)
	}
	return tableModel(c, d), nil
}

func bayesFamily() family {
	return family{
		info: ModelInfo{
			Name:  "bayes",
			Title: text("Аңғал Байес", "Наивный Байес", "Naive Bayes"),
			Description: text(
				"Әр класс үшін әр белгінің орташасы мен шашырауын есептейді де, Байес ережесімен ең ықтимал класты таңдайды. «Аңғал», себебі белгілерді бір-біріне тәуелсіз деп санайды.",
				"Для каждого класса считает среднее и разброс каждого признака и по правилу Байеса выбирает самый вероятный класс. «Наивный», потому что считает признаки независимыми друг от друга.",
				"For each class it measures each feature's mean and spread, then picks the most probable class by Bayes' rule. \"Naive\" because it treats the features as independent of each other."),
			Task:     Classify,
			Data:     []DataKind{TableData},
			Settings: []Setting{seedSetting()},
		},
		load: loadTable(bayes.LoadGaussian),
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			return &onceJob{d: d, fit: func(ctx context.Context) (classifier, error) {
				return bayes.FitGaussian(ctx, d.train.X, d.train.Y, bayes.GaussianConfig{Classes: len(d.train.Classes)})
			}}, nil
		},
	}
}

// classifier is a table classifier that also names its predictions and
// counts its parameters.
type classifier interface {
	tableClassifier
	Predict(X [][]float64) []int
	NumParams() int
}

// onceJob fits a model that learns in one go.
type onceJob struct {
	d   *runData
	fit func(ctx context.Context) (classifier, error)
	c   classifier
}

func (j *onceJob) steps() int     { return 1 }
func (j *onceJob) finished() bool { return j.c != nil }
func (j *onceJob) numParams() int {
	if j.c == nil {
		return 0
	}
	return j.c.NumParams()
}

func (j *onceJob) step(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	c, err := j.fit(ctx)
	if err != nil {
		return 0, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	j.c = c
	return math.NaN(), nil
}

func (j *onceJob) measure() Metrics { return classifyMetrics(j.c, j.d, math.NaN()) }
func (j *onceJob) model() *Model {
	if j.c == nil {
		return nil
	}
	return tableModel(j.c, j.d)
}

func treeFamily() family {
	return family{
		info: ModelInfo{
			Name:  "tree",
			Title: text("Шешімдер ағашы", "Дерево решений", "Decision tree"),
			Description: text(
				"«x ≤ 0,5 ме?» сияқты сұрақтар қояды, әр жауап деректерді екіге бөледі. Ағаш бір-бір бөліністен өседі: әр қадамда ең жақсы сұрақ қосылады. Ережелерін оқуға болады.",
				"Задаёт вопросы вроде «x ≤ 0,5?», и каждый ответ делит данные надвое. Дерево растёт по одному разбиению: на каждом шаге добавляется лучший вопрос. Его правила можно прочитать.",
				"Asks questions such as \"is x ≤ 0.5?\", each answer splitting the data in two. The tree grows one split at a time, adding the best question at each step, and its rules can be read."),
			Task: Classify,
			Data: []DataKind{TableData, ImageData},
			Settings: []Setting{
				{
					Name: "max_depth", Type: Int, Default: 5, Min: 1, Max: 12,
					Label: text("Ең үлкен тереңдік", "Наибольшая глубина", "Maximum depth"),
					Help: text("Бір жолда неше сұрақ болуы мүмкін. Терең ағаш оқу деректерін жаттап алуы мүмкін.",
						"Сколько вопросов может быть на одном пути. Глубокое дерево может заучить обучающие данные.",
						"How many questions one path may ask. A deep tree can learn the training data by heart."),
				},
				{
					Name: "min_leaf", Type: Int, Default: 1, Min: 1, Max: 100,
					Label: text("Жапырақтағы ең аз мысал", "Минимум примеров в листе", "Minimum examples per leaf"),
					Help: text("Әр жапырақта кемінде осынша мысал қалуы керек.",
						"В каждом листе должно остаться не меньше стольких примеров.",
						"Each leaf must keep at least this many examples."),
				},
				{
					Name: "criterion", Type: Choice, Default: "gini", Choices: []string{"gini", "entropy"},
					Label: text("Таза емес өлшемі", "Мера неоднородности", "Impurity"),
					Help: text("Сұрақтың қаншалықты жақсы бөлетінін қалай өлшеу керек.",
						"Как измерять, насколько хорошо вопрос делит данные.",
						"How to measure how well a question splits the data."),
				},
				seedSetting(),
			},
		},
		load: loadTable(tree.Load),
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			crit, err := tree.ParseCriterion(v.String("criterion"))
			if err != nil {
				return nil, &Error{Code: CodeBadChoice, Field: "model.criterion", Err: err}
			}
			cfg := tree.Config{Criterion: crit, MaxDepth: v.Int("max_depth"), MinSamplesLeaf: v.Int("min_leaf")}
			g, err := tree.NewGrower(d.train.X, d.train.Y, cfg, d.train.Features, d.train.Classes)
			if err != nil {
				return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
			}
			// A tree of depth D has at most 2^D − 1 questions.
			return &treeJob{g: g, d: d, max: 1<<cfg.MaxDepth - 1}, nil
		},
	}
}

// treeJob grows a decision tree one split a step.
type treeJob struct {
	g   *tree.Grower
	d   *runData
	max int
	t   *tree.Tree // the tree after the last step
}

func (j *treeJob) steps() int     { return j.max }
func (j *treeJob) finished() bool { return j.g.Done() }
func (j *treeJob) numParams() int {
	if j.t == nil {
		return 0
	}
	return j.t.NumParams()
}

func (j *treeJob) step(ctx context.Context) (float64, error) {
	if _, err := j.g.Step(ctx); err != nil {
		return 0, err
	}
	j.t = j.g.Tree()
	return math.NaN(), nil
}

func (j *treeJob) current() *tree.Tree {
	if j.t == nil {
		j.t = j.g.Tree()
	}
	return j.t
}

func (j *treeJob) measure() Metrics { return classifyMetrics(j.current(), j.d, math.NaN()) }
func (j *treeJob) model() *Model    { return tableModel(j.current(), j.d) }

// TreeView is a decision tree for people: one rule per leaf, with the
// names to write them in any language.
type TreeView struct {
	Rules    []tree.Rule
	Root     *tree.Node // the tree itself, to draw; never written after it is handed out
	Features []string
	Classes  []i18n.Text
}

func (j *treeJob) view() *TreeView {
	t := j.current()
	return &TreeView{Rules: t.Paths(), Root: t.Root, Features: j.d.train.Features, Classes: j.d.rawTrain.ClassTitles()}
}
