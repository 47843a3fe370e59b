package sandbox

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
)

// SettingType is the kind of value a setting takes.
type SettingType string

// The setting types.
const (
	Int    SettingType = "int"    // a whole number in [Min, Max]
	Float  SettingType = "float"  // a number in [Min, Max]
	Choice SettingType = "choice" // one of Choices
	Ints   SettingType = "ints"   // MinLen..MaxLen whole numbers, each in [Min, Max]
)

// Setting describes one adjustable value of a model or dataset: what it is
// called, what it takes, and its default. Pages build their controls from it.
type Setting struct {
	Name    string      `json:"name"`
	Label   i18n.Text   `json:"label"`
	Help    i18n.Text   `json:"help"`
	Type    SettingType `json:"type"`
	Default any         `json:"default"`
	Min     float64     `json:"min,omitempty"`
	Max     float64     `json:"max,omitempty"`
	MinLen  int         `json:"min_len,omitempty"`
	MaxLen  int         `json:"max_len,omitempty"`
	Choices []string    `json:"choices,omitempty"`
}

// Task is what a model does with its data.
type Task string

// The tasks.
const (
	Classify Task = "classify" // predict a class for each example
	Regress  Task = "regress"  // predict a number for each example
	Generate Task = "generate" // learn a text and write more like it
)

// DataKind is the shape of a dataset.
type DataKind string

// The kinds of data.
const (
	TableData      DataKind = "table"      // numeric features and a class label
	RegressionData DataKind = "regression" // numeric features and a numeric target
	ImageData      DataKind = "images"     // small grayscale images and a class label
	TextData       DataKind = "text"       // short texts and a class label
	WordData       DataKind = "words"      // unlabelled words or sentences to imitate
)

// ModelInfo describes a model family a student can train.
type ModelInfo struct {
	Name        string     `json:"name"`
	Title       i18n.Text  `json:"title"`
	Description i18n.Text  `json:"description"`
	Task        Task       `json:"task"`
	Data        []DataKind `json:"data"` // the kinds of data it learns from
	Settings    []Setting  `json:"settings"`
	// Mitigations lists the bias mitigations (TrainSpec.Mitigation) the
	// model can be trained with on tables: "resample" for every table
	// classifier, "reweight" too for those that can weigh examples.
	Mitigations []string `json:"mitigations,omitempty"`
}

// DatasetInfo describes a built-in dataset a student can train on.
type DatasetInfo struct {
	Name     string        `json:"name"`
	Kind     DataKind      `json:"kind"`
	Card     datasets.Card `json:"card"`
	Features []string      `json:"features"`
	Classes  []string      `json:"classes"`
	// ClassTitles says how to show each class, in every language.
	ClassTitles []i18n.Text `json:"class_titles"`
	Settings    []Setting   `json:"settings"`
	// Attributes lists the data's group columns, e.g. "home" {city,
	// village}: not features unless TrainSpec.Attributes adds them, but
	// what Evaluate can score by (EvalOptions.By). Empty when it has none.
	Attributes []datasets.Attribute `json:"attributes,omitempty"`
	// Target says how to show what a regression set predicts, with its
	// unit, in every language (e.g. "Range R (m)"): the card's Target,
	// else the table's target name as it is. Empty for other kinds.
	Target i18n.Text `json:"target,omitzero"`
	// Shortcut names what can give the class away in a dataset with a
	// shortcut dial (the "correlation" setting): a feature column such as
	// "sticker", or "background" for pictures. Empty for other datasets.
	Shortcut string `json:"shortcut,omitempty"`
}

// Catalog lists what can be trained, on what, with which settings.
type Catalog struct {
	Models    []ModelInfo
	Datasets  []DatasetInfo
	TestSplit Setting
	// ValidationSplit is the setting of TrainSpec.ValidationSplit; its
	// default 0 means no validation part.
	ValidationSplit Setting
	families        map[string]family
}

// Model returns the model with the given name.
func (c Catalog) Model(name string) (ModelInfo, bool) {
	i := slices.IndexFunc(c.Models, func(m ModelInfo) bool { return m.Name == name })
	if i < 0 {
		return ModelInfo{}, false
	}
	return c.Models[i], true
}

// Dataset returns the dataset with the given name.
func (c Catalog) Dataset(name string) (DatasetInfo, bool) {
	i := slices.IndexFunc(c.Datasets, func(d DatasetInfo) bool { return d.Name == name })
	if i < 0 {
		return DatasetInfo{}, false
	}
	return c.Datasets[i], true
}

// Setting returns the setting with the given name.
func (m ModelInfo) Setting(name string) (Setting, bool) {
	i := slices.IndexFunc(m.Settings, func(s Setting) bool { return s.Name == name })
	if i < 0 {
		return Setting{}, false
	}
	return m.Settings[i], true
}

// Learns reports whether the model learns from data of kind k.
func (m ModelInfo) Learns(k DataKind) bool { return slices.Contains(m.Data, k) }

// Limits on what one run may ask for, so that one student cannot take the
// whole laptop: a 2-16-16-2 network on 5,000 points for 2,000 epochs is about
// ten seconds of one core (see BENCHMARKS.md).
const (
	maxEpochs    = 2000
	maxHidden    = 64
	maxLayers    = 4
	maxBatch     = 1024
	maxSeed      = 1_000_000
	maxLearnRate = 10
	minLearnRate = 1e-5
)

func seedSetting() Setting {
	return Setting{
		Name: "seed", Type: Int, Default: 1, Min: 0, Max: maxSeed,
		Label: i18n.Text{KK: "Кездейсоқтық тұқымы (seed)", RU: "Зерно случайности (seed)", EN: "Random seed"},
		Help: i18n.Text{
			KK: "Бірдей тұқым бірдей нәтиже береді. Басқа тұқым — басқа бастапқы салмақтар мен басқа рет.",
			RU: "Одинаковое зерно даёт одинаковый результат. Другое зерно — другие начальные веса и другой порядок примеров.",
			EN: "The same seed gives the same result. Another seed means other starting weights and another order of examples.",
		},
	}
}

// trainingSettings are the settings every gradient-trained model shares.
func trainingSettings(lr float64) []Setting {
	return []Setting{
		{
			Name: "optimizer", Type: Choice, Default: "adam", Choices: []string{"adam", "sgd"},
			Label: i18n.Text{KK: "Оңтайландырғыш", RU: "Оптимизатор", EN: "Optimizer"},
			Help: i18n.Text{
				KK: "Салмақтарды қалай жаңарту керек: sgd — градиентке қарсы қарапайым қадам, adam — әр салмаққа өз қадамын таңдайды.",
				RU: "Как обновлять веса: sgd — простой шаг против градиента, adam — подбирает свой шаг для каждого веса.",
				EN: "How to update the weights: sgd takes a plain step against the gradient; adam adapts the step for each weight.",
			},
		},
		{
			Name: "lr", Type: Float, Default: lr, Min: minLearnRate, Max: maxLearnRate,
			Label: i18n.Text{KK: "Оқу жылдамдығы", RU: "Скорость обучения", EN: "Learning rate"},
			Help: i18n.Text{
				KK: "Әр қадамның өлшемі. Тым кіші — баяу үйренеді, тым үлкен — шығын секіреді немесе шексіздікке кетеді.",
				RU: "Размер каждого шага. Слишком маленький — учится медленно, слишком большой — потери скачут или уходят в бесконечность.",
				EN: "The size of each step. Too small learns slowly; too large makes the loss jump or blow up.",
			},
		},
		{
			Name: "epochs", Type: Int, Default: 200, Min: 1, Max: maxEpochs,
			Label: i18n.Text{KK: "Дәуірлер саны", RU: "Число эпох", EN: "Epochs"},
			Help: i18n.Text{
				KK: "Модель оқу деректерін неше рет толық қарап шығады.",
				RU: "Сколько раз модель просматривает все обучающие данные.",
				EN: "How many times the model goes through all the training data.",
			},
		},
		{
			Name: "batch", Type: Int, Default: 32, Min: 1, Max: maxBatch,
			Label: i18n.Text{KK: "Топтама өлшемі", RU: "Размер пакета", EN: "Batch size"},
			Help: i18n.Text{
				KK: "Бір қадам алдында неше мысал қаралады.",
				RU: "Сколько примеров рассматривается перед каждым шагом.",
				EN: "How many examples are looked at before each step.",
			},
		},
		seedSetting(),
	}
}

func newCatalog() Catalog {
	c := Catalog{
		TestSplit: Setting{
			Name: "test_split", Type: Float, Default: 0.3, Min: 0.05, Max: 0.9,
			Label: i18n.Text{KK: "Тест үлесі", RU: "Доля теста", EN: "Test share"},
			Help: i18n.Text{
				KK: "Деректердің қандай бөлігі оқытуға берілмей, тексеруге қалдырылады.",
				RU: "Какая часть данных не идёт в обучение, а остаётся для проверки.",
				EN: "The share of the data kept out of training and used to test the model.",
			},
		},
		ValidationSplit: Setting{
			Name: "validation_split", Type: Float, Default: 0.0, Min: 0, Max: 0.5,
			Label: i18n.Text{KK: "Валидация үлесі", RU: "Доля валидации", EN: "Validation share"},
			Help: i18n.Text{
				KK: "Деректердің оқытуға да, тестке де берілмейтін тағы бір бөлігі: модельдің баптауларын таңдау үшін. 0 — валидация жоқ.",
				RU: "Ещё одна часть данных, которая не идёт ни в обучение, ни в тест: по ней выбирают настройки модели. 0 — без валидации.",
				EN: "Another part of the data kept out of both training and testing, for choosing the model's settings. 0 means none.",
			},
		},
		families: make(map[string]family),
	}
	for _, f := range families() {
		if f.info.Task == Classify && f.info.Learns(TableData) {
			f.info.Mitigations = []string{MitigateResample}
			if f.weights {
				f.info.Mitigations = []string{MitigateReweight, MitigateResample}
			}
		}
		c.Models = append(c.Models, f.info)
		c.families[f.info.Name] = f
	}
	for _, g := range datasets.Builtins() {
		c.Datasets = append(c.Datasets, datasetInfo(g))
	}
	for _, g := range datasets.Regressions() {
		c.Datasets = append(c.Datasets, datasetInfo(g))
	}
	for _, g := range datasets.Sciences() {
		c.Datasets = append(c.Datasets, datasetInfo(g))
	}
	for _, g := range datasets.ImageSets() {
		c.Datasets = append(c.Datasets, imageSetInfo(g))
	}
	for _, info := range datasets.Corpora() {
		c.Datasets = append(c.Datasets, corpusInfo(info))
	}
	for _, info := range datasets.ReviewCorpora() {
		c.Datasets = append(c.Datasets, reviewsInfo(info))
	}
	return c
}

func datasetInfo(g datasets.Generator) DatasetInfo {
	// A tiny sample tells the page the feature and class names.
	t, err := g.Generate(10, 0, 1)
	var features, classes []string
	var titles []i18n.Text
	kind := TableData
	if err == nil {
		features, classes, titles = t.Features, t.Classes, t.ClassTitles()
		if t.IsRegression() {
			kind = RegressionData
		}
	}
	ds := seedSetting()
	ds.Help = i18n.Text{
		KK: "Бірдей тұқым бірдей нүктелер мен бірдей оқу/тест бөлінісін береді.",
		RU: "Одинаковое зерно даёт одни и те же точки и одно и то же деление на обучение и тест.",
		EN: "The same seed gives the same points and the same train/test split.",
	}
	var attrs []datasets.Attribute
	var target i18n.Text
	if err == nil {
		attrs = describeAttributes(t.Attributes)
		if t.IsRegression() {
			target = t.TargetTitle()
		}
	}
	info := DatasetInfo{
		Name:        g.Name,
		Kind:        kind,
		Card:        g.Card,
		Features:    features,
		Classes:     classes,
		ClassTitles: titles,
		Attributes:  attrs,
		Target:      target,
		Settings:    []Setting{sizeSetting(g)},
	}
	// A table of measured or reference values (penguins, elements) has
	// no noise to choose: it offers no noise setting and ignores
	// DatasetSpec.Noise.
	if g.MaxNoise > 0 {
		info.Settings = append(info.Settings, Setting{
			Name: "noise", Type: Float, Default: g.DefaultNoise, Min: 0, Max: g.MaxNoise,
			Label: i18n.Text{KK: "Шу", RU: "Шум", EN: "Noise"},
			Help: i18n.Text{
				KK: "Нүктелер өз пішінінен қаншалықты шашырайды.",
				RU: "Насколько точки разбросаны вокруг своей фигуры.",
				EN: "How far the points scatter from their shape.",
			},
		})
	}
	if g.Shortcut != nil {
		info.Shortcut = g.ShortcutName
		info.Settings = append(info.Settings, correlationSetting(g.DefaultCorrelation))
	}
	info.Settings = append(info.Settings, ds)
	return info
}

// sizeSetting is the "n" setting of a table generator. A fixed table (the
// elements: DefaultN = MaxN, every row of a reference table) offers to
// take fewer of its rows, which the seed then chooses.
func sizeSetting(g datasets.Generator) Setting {
	s := Setting{
		Name: "n", Type: Int, Default: g.DefaultN, Min: datasets.MinN, Max: float64(g.MaxN),
		Label: i18n.Text{KK: "Нүктелер саны", RU: "Число точек", EN: "Points"},
		Help: i18n.Text{
			KK: "Барлығы неше мысал жасалады (оқу және тест бірге).",
			RU: "Сколько примеров создать (обучение и тест вместе).",
			EN: "How many examples to make (training and test together).",
		},
	}
	if g.DefaultN == g.MaxN {
		s.Label = i18n.Text{KK: "Жолдар саны", RU: "Число строк", EN: "Rows"}
		s.Help = i18n.Text{
			KK: fmt.Sprintf("Кестенің %d жолының нешеуі алынады (оқу және тест бірге). Азырақ болса, жолдарды тұқым (seed) кездейсоқ таңдайды.", g.MaxN),
			RU: fmt.Sprintf("Сколько из %d строк таблицы взять (обучение и тест вместе). Если меньше, строки выбираются случайно по зерну (seed).", g.MaxN),
			EN: fmt.Sprintf("How many of the table's %d rows to take (training and test together). Fewer are chosen at random by the seed.", g.MaxN),
		}
	}
	return s
}

// describeAttributes returns the attributes of a table without their
// values, to describe a dataset.
func describeAttributes(as []datasets.Attribute) []datasets.Attribute {
	var out []datasets.Attribute
	for _, a := range as {
		a.Of = nil
		out = append(out, a)
	}
	return out
}

// correlationSetting is the shortcut dial of a dataset that has one, with
// the generator's default.
func correlationSetting(def float64) Setting {
	return Setting{
		Name: "correlation", Type: Float, Default: def, Min: 0, Max: 1,
		Label: i18n.Text{KK: "Жалған белгінің класпен байланысы", RU: "Связь подсказки с классом", EN: "Shortcut correlation"},
		Help: i18n.Text{
			KK: "Жалған белгі (баған немесе фон) класпен қаншалықты жиі сәйкес келеді: 0 — ештеңе айтпайды, 1 — класты әрдайым ашып береді. Модель нағыз белгінің орнына соны үйреніп алуы мүмкін: мұны жалған белгі алдайтын төңкерілген тест көрсетеді.",
			RU: "Насколько часто подсказка (столбец или фон) совпадает с классом: 0 — ничего не говорит, 1 — всегда выдаёт класс. Модель может выучить подсказку вместо настоящего признака: это покажет перевёрнутый тест, где подсказка обманывает.",
			EN: "How often the shortcut (a column or the background) agrees with the class: 0 means it tells nothing, 1 means it always gives the class away. A model may learn the shortcut instead of the real thing: the reversed test set, where the shortcut lies, shows it.",
		},
	}
}

// checkInt reports whether v is within s's range.
func checkInt(field string, s Setting, v int) error {
	if float64(v) < s.Min || float64(v) > s.Max {
		return errorf(CodeOutOfRange, field, map[string]any{"label": s.Label, "min": s.Min, "max": s.Max})
	}
	return nil
}

// checkFloat reports whether v is a finite number within s's range.
func checkFloat(field string, s Setting, v float64) error {
	if !(v >= s.Min && v <= s.Max) { // also catches NaN
		return errorf(CodeOutOfRange, field, map[string]any{"label": s.Label, "min": s.Min, "max": s.Max})
	}
	return nil
}

// checkChoice reports whether v is one of s's choices.
func checkChoice(field string, s Setting, v string) error {
	if !slices.Contains(s.Choices, v) {
		return errorf(CodeBadChoice, field, map[string]any{"label": s.Label, "choices": strings.Join(s.Choices, ", ")})
	}
	return nil
}

// checkInts reports whether vs has an allowed length and values.
func checkInts(field string, s Setting, vs []int) error {
	if len(vs) < s.MinLen || len(vs) > s.MaxLen {
		return errorf(CodeOutOfRange, field, map[string]any{"label": s.Label, "min": s.MinLen, "max": s.MaxLen})
	}
	for i, v := range vs {
		if err := checkInt(fmt.Sprintf("%s[%d]", field, i), s, v); err != nil {
			return err
		}
	}
	return nil
}
