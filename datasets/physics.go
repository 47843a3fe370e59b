package datasets

// The physics sets: measurements made from a textbook equation
//
// Each set is a regression table whose target is computed from a stated
// equation in SI units with g = 9.81 m/s², then "measured": multiplied by
// (1 + noise·z), where z is a standard normal number drawn again while it
// lies outside ±3 (see measured). The noise level is therefore a relative
// measurement error: at 0.03 a value is typically 3% off and never more
// than 9%. The inputs (features) are taken as set exactly by the
// experimenter. The same seed draws the same inputs at every noise level,
// so students can compare noise levels on the same points.
//
// The inputs are drawn from a limited range on purpose: the lessons train a
// model there and then ask it about inputs beyond that range, where the
// equation (exported here as ProjectileRange, PendulumPeriod and
// FallingSpeed) still answers and the model does not.

import (
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/i18n"
)

// Constants of the physics sets, in SI units.
const (
	// Gravity is the acceleration of free fall used by every physics set,
	// in m/s²: the usual school value (standard gravity is 9.80665).
	Gravity = 9.81
	// AirDensity is the density of air at sea level and 15 °C in the
	// International Standard Atmosphere, in kg/m³; used by the falling set.
	AirDensity = 1.225
	// DragCoefficient is the drag coefficient of a smooth sphere at the
	// speeds of the falling set (Reynolds numbers of about 10⁴ to 10⁵), the
	// value textbooks tabulate for a sphere; it has no unit.
	DragCoefficient = 0.47
	// BallArea is the cross-section of every ball in the falling set, in m²:
	// a ball 2·√(A/π) ≈ 11.3 cm across.
	BallArea = 0.01
)

// The ranges the physics sets draw their inputs from (uniformly). Testing a
// model outside them is the point of the lessons.
const (
	// projectileMinSpeed and projectileMaxSpeed bound the launch speed, in
	// m/s: from a gentle throw to a hard one by a school student.
	projectileMinSpeed, projectileMaxSpeed = 5.0, 20.0
	// projectileMinAngle and projectileMaxAngle bound the launch angle, in
	// degrees above the horizontal, leaving out near-flat and near-vertical
	// throws, whose range is close to 0.
	projectileMinAngle, projectileMaxAngle = 10.0, 80.0
	// pendulumMinLength and pendulumMaxLength bound the string's length, in
	// m: what fits in a classroom.
	pendulumMinLength, pendulumMaxLength = 0.1, 2.0
	// fallingMinMass and fallingMaxMass bound the ball's mass, in kg: light
	// balls only (terminal velocity about 13 to 41 m/s, see
	// TerminalVelocity), so that a model never sees a heavy one.
	fallingMinMass, fallingMaxMass = 0.05, 0.5
	// fallingMaxTime bounds the time since the ball was let go, in s.
	fallingMaxTime = 5.0
)

// Limits of the physics sets' Generators.
const (
	// physicsDefaultN, as for the other regression sets: 200 points show a
	// curve or surface clearly and train quickly.
	physicsDefaultN = 200
	// physicsDefaultNoise is a 3% measurement error, about what a school
	// stopwatch or tape measure gives (0.06 s of reaction time on a 2 s
	// pendulum period, 1 m on a 30 m throw).
	physicsDefaultNoise = 0.03
	// physicsMaxNoise is a 20% error: the data are then mostly noise, and
	// a measured value stays above 1 − 3·0.2 = 40% of the true one, so it
	// is never negative.
	physicsMaxNoise = 0.2
	// measureSigmas is where the measurement error is cut off, in standard
	// deviations: errors beyond it are drawn again.
	measureSigmas = 3.0
)

// ProjectileRange returns how far, in metres, a body thrown at speed v (m/s)
// and angle thetaDeg (degrees above the horizontal) lands from where it was
// thrown: R = v²·sin(2θ)/g. It assumes no air resistance and that the body
// lands at the height it was thrown from.
func ProjectileRange(v, thetaDeg float64) float64 {
	return v * v * math.Sin(2*thetaDeg*math.Pi/180) / Gravity
}

// PendulumPeriod returns the period, in seconds, of a simple pendulum of
// length L (m) swinging through small angles: T = 2π·√(L/g). Beyond about
// 10° the real period is longer.
func PendulumPeriod(L float64) float64 {
	return 2 * math.Pi * math.Sqrt(L/Gravity)
}

// TerminalVelocity returns the speed, in m/s, at which a ball of the
// falling set with mass m (kg) stops speeding up, because air drag then
// equals its weight: v_t = √(2·m·g/(ρ·C_d·A)), with ρ = AirDensity,
// C_d = DragCoefficient and A = BallArea.
func TerminalVelocity(m float64) float64 {
	return math.Sqrt(2 * m * Gravity / (AirDensity * DragCoefficient * BallArea))
}

// FallingSpeed returns the speed, in m/s, of a ball of the falling set with
// mass m (kg) t seconds after it was let go from rest, with air drag
// proportional to the square of its speed: v(t) = v_t·tanh(g·t/v_t), where
// v_t = TerminalVelocity(m). Buoyancy is ignored.
func FallingSpeed(m, t float64) float64 {
	vt := TerminalVelocity(m)
	return vt * math.Tanh(Gravity*t/vt)
}

// Projectile returns n throws with the launch speed uniform in [5, 20] m/s
// and the angle uniform in [10°, 80°] (features "speed", "angle"), and
// their range in metres (ProjectileRange) with a relative measurement error
// of the given noise level (see the top of physics.go).
func Projectile(n int, noise float64, rng *rand.Rand) *Table {
	return projectileSet.table(n, noise, rng)
}

// Pendulum returns n pendulums with the length uniform in [0.1, 2] m
// (feature "length") and their period in seconds (PendulumPeriod) with a
// relative measurement error of the given noise level.
func Pendulum(n int, noise float64, rng *rand.Rand) *Table {
	return pendulumSet.table(n, noise, rng)
}

// Falling returns n balls with the mass uniform in [0.05, 0.5] kg and the
// time since they were let go uniform in [0, 5] s (features "mass",
// "time"), and their speed in m/s (FallingSpeed) with a relative
// measurement error of the given noise level.
func Falling(n int, noise float64, rng *rand.Rand) *Table {
	return fallingSet.table(n, noise, rng)
}

// physicsSet is the rule of one physics set: what it measures, the
// inputs with the range each is drawn from, and the equation that gives
// the target.
type physicsSet struct {
	name   string
	target string // the table's TargetName, with its unit
	inputs []physicsInput
	// equation returns the noiseless target of a row of len(inputs)
	// values, in the order of inputs.
	equation func(x []float64) float64
	card     func() Card
}

// physicsInput is a feature of a physics set, drawn uniformly from [lo, hi)
// in its own unit.
type physicsInput struct {
	name   string
	lo, hi float64
}

// The physics sets, in the order of Sciences.
var (
	projectileSet = physicsSet{
		name: "projectile", target: "range (m)",
		inputs:   []physicsInput{{"speed", projectileMinSpeed, projectileMaxSpeed}, {"angle", projectileMinAngle, projectileMaxAngle}},
		equation: func(x []float64) float64 { return ProjectileRange(x[0], x[1]) },
		card:     projectileCard,
	}
	pendulumSet = physicsSet{
		name: "pendulum", target: "period (s)",
		inputs:   []physicsInput{{"length", pendulumMinLength, pendulumMaxLength}},
		equation: func(x []float64) float64 { return PendulumPeriod(x[0]) },
		card:     pendulumCard,
	}
	fallingSet = physicsSet{
		name: "falling", target: "speed (m/s)",
		inputs:   []physicsInput{{"mass", fallingMinMass, fallingMaxMass}, {"time", 0, fallingMaxTime}},
		equation: func(x []float64) float64 { return FallingSpeed(x[0], x[1]) },
		card:     fallingCard,
	}
	physicsSets = []physicsSet{projectileSet, pendulumSet, fallingSet}
)

// table draws n rows of s (none when n is negative): the inputs of a row
// in order, then its measured target.
func (s physicsSet) table(n int, noise float64, rng *rand.Rand) *Table {
	n = max(n, 0)
	t := &Table{
		Name: s.name, TargetName: s.target,
		X: make([][]float64, 0, n), Targets: make([]float64, 0, n),
	}
	for _, in := range s.inputs {
		t.Features = append(t.Features, in.name)
	}
	for range n {
		x := make([]float64, len(s.inputs))
		for j, in := range s.inputs {
			x[j] = uniform(rng, in.lo, in.hi)
		}
		t.X = append(t.X, x)
		t.Targets = append(t.Targets, measured(s.equation(x), noise, rng))
	}
	return t
}

// uniform returns a number drawn uniformly from [lo, hi).
func uniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*rng.Float64()
}

// measured returns v with a relative measurement error: v·(1 + noise·z),
// with z standard normal and drawn again while |z| > measureSigmas. It
// always draws z, so that the next draws of rng do not depend on noise.
func measured(v, noise float64, rng *rand.Rand) float64 {
	z := rng.NormFloat64()
	for math.Abs(z) > measureSigmas {
		z = rng.NormFloat64()
	}
	return v * (1 + noise*z)
}

// Sciences returns the datasets of the science lessons, in the order of
// the subjects: physics (projectile, pendulum, falling), biology (penguins)
// and chemistry (elements). The physics sets are regression tables, the
// others classification tables.
func Sciences() []Generator {
	reg := sciences()
	order := []string{"projectile", "pendulum", "falling", "penguins", "elements"}
	gs := make([]Generator, 0, len(order))
	for _, name := range order {
		gs = append(gs, reg[name])
	}
	return gs
}

// Science returns the science dataset with the given name, and false when
// there is none.
func Science(name string) (Generator, bool) {
	g, ok := sciences()[name]
	return g, ok
}

// ScienceFormula returns the noiseless equation behind a physics set, for
// comparing a model with the truth: it takes one row of features in the
// order of the table's Features ("speed", "angle" for projectile; "length"
// for pendulum; "mass", "time" for falling) and returns the target. It
// returns NaN for a row of the wrong length, and false for a set without an
// equation.
func ScienceFormula(name string) (func(x []float64) float64, bool) {
	for _, set := range physicsSets {
		if set.name == name {
			return func(x []float64) float64 {
				if len(x) != len(set.inputs) {
					return math.NaN()
				}
				return set.equation(x)
			}, true
		}
	}
	return nil, false
}

// sciences builds the registry of science sets afresh on each call, so
// that no caller can change what another sees.
func sciences() map[string]Generator {
	reg := map[string]Generator{
		"penguins": penguinsGenerator(),
		"elements": elementsGenerator(),
	}
	for _, set := range physicsSets {
		reg[set.name] = Generator{
			Name: set.name, Card: set.card(), Make: set.table,
			DefaultN: physicsDefaultN, DefaultNoise: physicsDefaultNoise,
			MaxN: builtinMaxN, MaxNoise: physicsMaxNoise,
		}
	}
	return reg
}

// Sentences shared by the physics cards.
var (
	physicsIntro = i18n.Text{
		KK: "Жасанды деректер: бағдарлама оларды физика формуласы бойынша жасайды, g = 9,81 м/с².",
		RU: "Синтетические данные: программа создаёт их по физической формуле, g = 9,81 м/с².",
		EN: "Synthetic, generated by this program from a physics equation, with g = 9.81 m/s².",
	}
	physicsNoise = i18n.Text{
		KK: "Әр мән формуладан есептеледі, содан кейін оған өлшеу қатесі қосылады: нәтиже (1 + шу·z) санына көбейтіледі, мұндағы z — стандартты қалыпты кездейсоқ сан, ол ±3-тен асса, қайта алынады. Мысалы, шу 0,03 болса, қате әдетте 3% шамасында, ең көбі 9%. Белгілер (кірістер) дәл белгілі деп саналады.",
		RU: "Каждое значение вычисляется по формуле, затем к нему добавляется погрешность измерения: результат умножается на (1 + шум·z), где z — стандартное нормальное случайное число, которое выбирается заново, если выходит за ±3. Например, при шуме 0,03 погрешность обычно около 3 %, но не больше 9 %. Признаки (входы) считаются известными точно.",
		EN: "Each value is computed from the equation and then given a measurement error: it is multiplied by (1 + noise·z), where z is a standard normal random number, drawn again if it falls outside ±3. With noise 0.03, for example, the error is typically about 3% and never more than 9%. The features (inputs) are taken as known exactly.",
	}
)

func projectileCard() Card {
	return Card{
		Title:  i18n.Text{KK: "Лақтырылған дененің ұшу қашықтығы", RU: "Дальность полёта брошенного тела", EN: "Projectile range"},
		Target: i18n.Text{KK: "Ұшу қашықтығы R (м)", RU: "Дальность полёта R (м)", EN: "Range R (m)"},
		Source: join(physicsIntro, i18n.Text{
			KK: "Ұшу қашықтығы R = v²·sin(2θ)/g. Формула ауаның кедергісін ескермейді және дене лақтырылған биіктігіне қайта түседі деп есептейді. Лақтыру жылдамдығы v 5-тен 20 м/с-қа дейін, көкжиекпен жасайтын бұрышы θ 10°-тан 80°-қа дейін кездейсоқ (бірқалыпты) алынады: модель осы аралықтан тыс лақтыруларды көрмейді.",
			RU: "Дальность R = v²·sin(2θ)/g. Формула не учитывает сопротивление воздуха и считает, что тело падает на ту же высоту, с которой его бросили. Скорость броска v выбирается случайно от 5 до 20 м/с, угол к горизонту θ — от 10° до 80° (равномерно): бросков за пределами этих диапазонов модель не видит.",
			EN: "The range is R = v²·sin(2θ)/g. The equation ignores air resistance and assumes the body lands at the height it was thrown from. The launch speed v is drawn at random from 5 to 20 m/s and the angle θ above the horizontal from 10° to 80° (both uniformly): the model never sees a throw outside these ranges.",
		}, physicsNoise, sameSeed),
		Purpose: i18n.Text{
			KK: "Модель өзі үйренген аралықта жақсы болжайтынын, ал одан тыс қателесетінін көру: 20 м/с-қа дейінгі жылдамдықтарда үйренген модельден 30 м/с туралы сұрасаңыз, ол көп қателеседі, ал формула дұрыс жауап бере береді. Тағы бір сұрақ: ұшу қашықтығы 45°-та ең үлкен және қосындысы 90° болатын екі бұрышта бірдей; модель осыны байқай ма?",
			RU: "Увидеть, что модель хорошо предсказывает внутри диапазона, на котором обучалась, и ошибается за его пределами: модель, обученная на скоростях до 20 м/с, для 30 м/с сильно промахивается, а формула по-прежнему отвечает верно. И ещё вопрос: дальность наибольшая при 45° и одинакова для двух углов, дающих в сумме 90°; замечает ли это модель?",
			EN: "To see that a model predicts well inside the range it was trained on and goes wrong outside it: trained on speeds up to 20 m/s, asked about 30 m/s, it misses by a lot, while the equation still gives the right answer. Another question: the range is largest at 45° and the same for two angles that add up to 90°; does the model find that?",
		},
		NotFor: i18n.Text{
			KK: "Нақты лақтырулар емес: нүктелер формуладан алынған, ал нақты доп, тас немесе снаряд ауаның кедергісі, айналуы мен жел салдарынан жақынырақ түседі. Ұшатын бір нәрсені есептеуге немесе жоспарлауға арналмаған.",
			RU: "Не настоящие броски: точки получены по формуле, а настоящие мячи, камни и снаряды падают ближе из-за сопротивления воздуха, вращения и ветра. Не для расчёта или планирования чего-либо летающего.",
			EN: "Not real throws: the points come from an equation, and real balls, stones and shells land shorter because of air resistance, spin and wind. Not for calculating or planning anything that flies.",
		},
		Synthetic: true,
		Features: map[string]i18n.Text{
			"speed": {KK: "Лақтыру жылдамдығы v (м/с)", RU: "Скорость броска v (м/с)", EN: "Launch speed v (m/s)"},
			"angle": {KK: "Лақтыру бұрышы θ (градус)", RU: "Угол броска θ (градусы)", EN: "Launch angle θ (degrees)"},
		},
	}
}

func pendulumCard() Card {
	return Card{
		Title:  i18n.Text{KK: "Маятниктің тербеліс периоды", RU: "Период колебаний маятника", EN: "Pendulum period"},
		Target: i18n.Text{KK: "Тербеліс периоды T (с)", RU: "Период колебаний T (с)", EN: "Period T (s)"},
		Source: join(physicsIntro, i18n.Text{
			KK: "Период T = 2π·√(L/g): жеңіл жіпке ілінген шағын жүктің (математикалық маятниктің) кіші бұрыштармен, шамамен 10°-қа дейін тербелгендегі периоды; бұрыш үлкен болса, нақты период ұзағырақ. Ұзындығы L 0,1-ден 2 м-ге дейін кездейсоқ (бірқалыпты) алынады.",
			RU: "Период T = 2π·√(L/g): период математического маятника (небольшой груз на лёгкой нити) при малых углах отклонения, примерно до 10°; при больших углах настоящий период длиннее. Длина L выбирается случайно от 0,1 до 2 м (равномерно).",
			EN: "The period is T = 2π·√(L/g): that of a simple pendulum (a small weight on a light string) swinging through small angles, up to about 10°; at larger angles the real period is longer. The length L is drawn at random from 0.1 to 2 m (uniformly).",
		}, physicsNoise, sameSeed),
		Purpose: i18n.Text{
			KK: "Модель физиканы білмей-ақ, тек нүктелерге қарап қисықты қайталай алады. Оны формуламен салыстырыңыз: ұзындығы 10 м маятник немесе g басқаша болатын Айдағы маятник туралы қайсысы айта алады? Формулада нүктелерде көрінбейтін білім (түбір мен g) бар.",
			RU: "Модель может повторить кривую по одним точкам, ничего не зная о физике. Сравните её с формулой: кто из них скажет, что будет с маятником длиной 10 м или на Луне, где g другое? В формуле есть знание (корень и g), которого не видно в точках.",
			EN: "A model can follow the curve from the points alone, knowing no physics. Compare it with the equation: which of them can say what a 10 m pendulum does, or one on the Moon, where g is different? The equation holds knowledge (the square root, g) that the points do not show.",
		},
		NotFor: i18n.Text{
			KK: "Нақты өлшеулер емес: нүктелер формуладан алынған. Үлкен бұрышпен тербелуге, қатты немесе ауыр стерженьге, ауаның кедергісі елеулі маятникке арналмаған: онда формуланың өзі дұрыс емес.",
			RU: "Не настоящие измерения: точки получены по формуле. Не для больших размахов, жёстких или тяжёлых стержней и маятников с заметным сопротивлением воздуха: там неверна сама формула.",
			EN: "Not real measurements: the points come from an equation. Not for wide swings, stiff or heavy rods, or a pendulum slowed by the air, where the equation itself is wrong.",
		},
		Synthetic: true,
		Features: map[string]i18n.Text{
			"length": {KK: "Маятник ұзындығы L (м)", RU: "Длина маятника L (м)", EN: "Pendulum length L (m)"},
		},
	}
}

func fallingCard() Card {
	return Card{
		Title:  i18n.Text{KK: "Ауа кедергісімен құлау", RU: "Падение с сопротивлением воздуха", EN: "Falling with air resistance"},
		Target: i18n.Text{KK: "Доптың жылдамдығы v (м/с)", RU: "Скорость мяча v (м/с)", EN: "Ball speed v (m/s)"},
		Source: join(physicsIntro, i18n.Text{
			KK: "Тыныштық күйінен жіберілген доп құлайды, ал ауаның кедергісі жылдамдықтың квадратына пропорционал өседі. t секундтан кейінгі жылдамдығы v(t) = v_t·tanh(g·t/v_t), мұндағы шекті жылдамдық v_t = √(2·m·g/(ρ·C_d·A)) доптың массасына m байланысты. Барлық доп үшін бірдей: ауаның тығыздығы ρ = 1,225 кг/м³ (теңіз деңгейі, 15 °C), кедергі коэффициенті C_d = 0,47 (шар), көлденең қимасының ауданы A = 0,01 м² (диаметрі шамамен 11,3 см доп). Архимед күші ескерілмейді. Тек жеңіл доптар жасалады: m 0,05-тен 0,5 кг-ға дейін (шекті жылдамдық шамамен 13-тен 41 м/с-қа дейін), t 0-ден 5 с-қа дейін, екеуі де бірқалыпты кездейсоқ алынады.",
			RU: "Мяч отпускают без начальной скорости, и он падает, а сопротивление воздуха растёт пропорционально квадрату скорости. Его скорость через t секунд v(t) = v_t·tanh(g·t/v_t), где предельная скорость v_t = √(2·m·g/(ρ·C_d·A)) зависит от массы мяча m. Для всех мячей одинаковы: плотность воздуха ρ = 1,225 кг/м³ (уровень моря, 15 °C), коэффициент сопротивления C_d = 0,47 (шар) и площадь поперечного сечения A = 0,01 м² (мяч диаметром около 11,3 см). Выталкивающая сила не учитывается. Создаются только лёгкие мячи: m от 0,05 до 0,5 кг (предельная скорость примерно от 13 до 41 м/с) и t от 0 до 5 с, оба выбираются случайно и равномерно.",
			EN: "A ball is let go from rest and falls, while air drag grows with the square of its speed. Its speed after t seconds is v(t) = v_t·tanh(g·t/v_t), where the terminal velocity v_t = √(2·m·g/(ρ·C_d·A)) depends on the ball's mass m. The same for every ball: air density ρ = 1.225 kg/m³ (sea level, 15 °C), drag coefficient C_d = 0.47 (a sphere) and cross-section A = 0.01 m² (a ball about 11.3 cm across). Buoyancy is ignored. Only light balls are generated: m from 0.05 to 0.5 kg (terminal velocity about 13 to 41 m/s) and t from 0 to 5 s, both drawn uniformly.",
		}, physicsNoise, sameSeed),
		Purpose: i18n.Text{
			KK: "Шекті жылдамдықты көру: жеңіл доп көп ұзамай үдеуін тоқтатады, ауырырақ доп ұзағырақ үдейді. Осы жеңіл доптарда үйренген модельден өлшемі дәл сондай, бірақ массасы 5 кг доп (шекті жылдамдығы шамамен 130 м/с) туралы сұрасаңыз, ол қатты қателеседі: ол 5 секунд бойы үдей беретін допты ешқашан көрмеген. Ал формула өз болжамдары шегінде жауап бере береді.",
			RU: "Увидеть предельную скорость: лёгкий мяч скоро перестаёт разгоняться, более тяжёлый разгоняется дольше. Модель, обученная на этих лёгких мячах, для мяча того же размера, но массой 5 кг (предельная скорость около 130 м/с) сильно ошибается: она никогда не видела мяч, который разгоняется все 5 секунд. А формула в рамках своих допущений по-прежнему отвечает.",
			EN: "To see terminal velocity: a light ball soon stops speeding up, a heavier one keeps speeding up for longer. A model trained on these light balls, asked about a ball of the same size weighing 5 kg (terminal velocity about 130 m/s), gets it badly wrong: it has never seen a ball that keeps accelerating for all 5 seconds. The equation, within its assumptions, still answers.",
		},
		NotFor: i18n.Text{
			KK: "Нақты өлшеулер емес. Парашютке, қауырсынға, жаңбыр тамшысына немесе осындай өлшемдегі тегіс доп емес кез келген нәрсеге, сондай-ақ ауа сиретілген биіктікке арналмаған: кедергі моделі мен оның сандары тек осы жағдайға таңдалған.",
			RU: "Не настоящие измерения. Не для парашютов, перьев, капель дождя и всего, что не является гладким мячом такого размера, и не для высот, где воздух разреженнее: модель сопротивления и её числа подобраны только для этого случая.",
			EN: "Not real measurements. Not for parachutes, feathers, raindrops or anything other than a smooth ball of this size, nor for heights where the air is thinner: the drag model and its numbers are chosen for this one case.",
		},
		Synthetic: true,
		Features: map[string]i18n.Text{
			"mass": {KK: "Доптың массасы m (кг)", RU: "Масса мяча m (кг)", EN: "Ball mass m (kg)"},
			"time": {KK: "Құлау уақыты t (с)", RU: "Время падения t (с)", EN: "Time of fall t (s)"},
		},
	}
}
