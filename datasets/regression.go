package datasets

import (
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/i18n"
)

// Regression sets: one input x and a number y to predict, made from a known
// formula plus Gaussian noise of the chosen standard deviation (in y's
// units). Knowing the formula is the point: students compare what a model
// learned with the truth, inside the range of x it saw and beyond it.

// Sine returns n points with x uniform in [-3, 3] and y = sin(x) + noise.
func Sine(n int, noise float64, rng *rand.Rand) *Table {
	return curve("sine", n, -3, 3, math.Sin, noise, rng)
}

// Cubic returns n points with x uniform in [-2, 2] and y = x³ − 2x + noise.
func Cubic(n int, noise float64, rng *rand.Rand) *Table {
	return curve("cubic", n, -2, 2, func(x float64) float64 { return x*x*x - 2*x }, noise, rng)
}

func curve(name string, n int, lo, hi float64, f func(float64) float64, noise float64, rng *rand.Rand) *Table {
	n = max(n, 0)
	t := &Table{
		Name: name, Features: []string{"x"}, TargetName: "y",
		X: make([][]float64, 0, n), Targets: make([]float64, 0, n),
	}
	for range n {
		x := lo + (hi-lo)*rng.Float64()
		t.X = append(t.X, []float64{x})
		t.Targets = append(t.Targets, f(x)+noise*rng.NormFloat64())
	}
	return t
}

// Regressions returns the built-in regression sets, in teaching order.
func Regressions() []Generator {
	m := regressions()
	out := make([]Generator, 0, len(m))
	for _, name := range []string{"sine", "cubic"} {
		out = append(out, m[name])
	}
	return out
}

// Regression returns the built-in regression set with the given name.
func Regression(name string) (Generator, bool) {
	g, ok := regressions()[name]
	return g, ok
}

// regressions builds the registry of regression sets. Their default size
// is smaller than the classification sets': 200 points show a curve
// clearly and keep a degree-12 polynomial's wiggles visible between them.
func regressions() map[string]Generator {
	mk := func(name string, noise float64, card Card, gen func(int, float64, *rand.Rand) *Table) Generator {
		return Generator{Name: name, Card: card, DefaultN: 200, DefaultNoise: noise, MaxN: builtinMaxN, MaxNoise: 1, Make: gen}
	}
	return map[string]Generator{
		"sine":  mk("sine", 0.1, sineCard(), Sine),
		"cubic": mk("cubic", 0.3, cubicCard(), Cubic),
	}
}

// curveTarget is how to show the target of the curves: y, a number
// without a unit.
var curveTarget = i18n.Text{KK: "y", RU: "y", EN: "y"}

var curveNotFor = i18n.Text{
	KK: "Шынайы өлшеулер емес: нүктелерді белгілі формула бойынша бағдарлама жасайды. Модельдерді нақты жұмыс үшін салыстыруға арналмаған.",
	RU: "Не настоящие измерения: точки создаёт программа по известной формуле. Не для сравнения моделей для настоящей работы.",
	EN: "Not real measurements: the program makes the points from a known formula. Not for comparing models for real work.",
}

func sineCard() Card {
	return Card{
		Title: i18n.Text{KK: "Синусоида", RU: "Синусоида", EN: "Sine wave"},
		Source: join(syntheticIntro, i18n.Text{
			KK: "x мәні −3 пен 3 арасынан кездейсоқ алынады, y = sin x, оған қалыпты үлестірімді шу қосылады (стандартты ауытқуы — таңдалған шу деңгейі).",
			RU: "x выбирается случайно от −3 до 3, y = sin x, к нему добавляется нормальный шум (стандартное отклонение — выбранный уровень шума).",
			EN: "x is drawn at random between −3 and 3, and y = sin x plus normally distributed noise (its standard deviation is the chosen noise level).",
		}, sameSeed),
		Purpose: i18n.Text{
			KK: "Қисықты жуықтауды көру: түзу сызық толқынды қайталай алмайды, жеткілікті дәрежелі көпмүшелік немесе нейрондық желі қайталайды. Ал −3…3 аралығынан тыс модель формуланы білмейді және қателеседі.",
			RU: "Увидеть приближение кривой: прямая не повторит волну, многочлен достаточной степени или нейронная сеть — повторят. А за пределами −3…3 модель не знает формулы и ошибается.",
			EN: "To see a curve being fitted: a straight line cannot follow the wave; a polynomial of high enough degree or a neural network can. Outside −3…3 the model does not know the formula and goes wrong.",
		},
		NotFor:    curveNotFor,
		Synthetic: true,
		Target:    curveTarget,
	}
}

func cubicCard() Card {
	return Card{
		Title: i18n.Text{KK: "Кубтық қисық", RU: "Кубическая кривая", EN: "Cubic curve"},
		Source: join(syntheticIntro, i18n.Text{
			KK: "x мәні −2 мен 2 арасынан кездейсоқ алынады, y = x³ − 2x, оған қалыпты үлестірімді шу қосылады (стандартты ауытқуы — таңдалған шу деңгейі).",
			RU: "x выбирается случайно от −2 до 2, y = x³ − 2x, к нему добавляется нормальный шум (стандартное отклонение — выбранный уровень шума).",
			EN: "x is drawn at random between −2 and 2, and y = x³ − 2x plus normally distributed noise (its standard deviation is the chosen noise level).",
		}, sameSeed),
		Purpose: i18n.Text{
			KK: "Көпмүшелік дәрежесін таңдау: 3-дәреже шындыққа жақын, 1-дәреже тым қарапайым, 12-дәреже шуды да жаттап алады (артық үйрену): оқу қатесі азаяды, тест қатесі өседі.",
			RU: "Выбор степени многочлена: степень 3 близка к правде, степень 1 слишком проста, степень 12 заучивает и шум (переобучение): ошибка на обучении падает, на тесте растёт.",
			EN: "Choosing a polynomial's degree: degree 3 is close to the truth, degree 1 is too simple, and degree 12 learns the noise by heart (overfitting): the training error falls while the test error grows.",
		},
		NotFor:    curveNotFor,
		Synthetic: true,
		Target:    curveTarget,
	}
}

// Formula returns the noiseless curve of a one-feature regression set,
// for comparing a model with the truth: y of x for sine and cubic, the
// period in seconds of a length in metres for pendulum (PendulumPeriod).
// It returns false for a set without one; ScienceFormula gives the
// equations of the physics sets with several features.
func Formula(name string) (func(x float64) float64, bool) {
	switch name {
	case "sine":
		return math.Sin, true
	case "cubic":
		return func(x float64) float64 { return x*x*x - 2*x }, true
	case "pendulum":
		return PendulumPeriod, true
	}
	return nil, false
}

// TargetTitle returns how to show what a regression table predicts: the
// card's title for it when there is one, else TargetName in every
// language.
func (t *Table) TargetTitle() i18n.Text {
	if t.Card.Target != (i18n.Text{}) {
		return t.Card.Target
	}
	return i18n.Text{KK: t.TargetName, RU: t.TargetName, EN: t.TargetName}
}
