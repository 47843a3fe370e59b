package datasets

import (
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/i18n"
)

// The three tables below are made for lessons about bias. Each has a bias
// built in on purpose, by a stated rule, so that students can find it in a
// trained model, measure it group by group and try to remove it:
//
//   - hiring: past decisions penalised village applicants, and the commute
//     column gives their home away even when home is not a feature;
//   - screening: a condition shows differently in women, who are only 15 %
//     of the rows, so a model fitted mostly to men misses it in women;
//   - shortcut: a "sticker" column agrees with the class as much as a dial
//     says, and a reversed set makes it lie.
//
// Every number is illustrative: chosen so that the effect is plain in a
// table of 1000 rows, not measured anywhere.

// exactShare marks round(n·share) of n rows, chosen at random: a group of
// a known size, so that a small table still holds the share the card
// states.
func exactShare(n int, share float64, rng *rand.Rand) []bool {
	marked := make([]bool, n)
	k := int(math.Round(float64(n) * share))
	for _, i := range rng.Perm(n)[:k] {
		marked[i] = true
	}
	return marked
}

// classTable returns an empty classification table with room for n rows
// (none when n is negative) and the given attributes, each with a value of
// 0 for every row, to be set as the rows are drawn.
func classTable(name string, features, classes []string, n int, attrs ...Attribute) *Table {
	n = max(n, 0)
	t := &Table{
		Name:     name,
		Features: features,
		Classes:  classes,
		X:        make([][]float64, 0, n),
		Y:        make([]int, 0, n),
	}
	for _, a := range attrs {
		a.Of = make([]int, n)
		t.Attributes = append(t.Attributes, a)
	}
	return t
}

// round1 rounds x to one decimal, as a person would write it down.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// The rules of the hiring table. Points are the units of the test score.
const (
	// hiringVillageShare of the applicants live in a village.
	hiringVillageShare = 0.4
	// hiringExperienceMean is the mean experience, in years: an Erlang
	// (gamma) distribution of shape 3, never negative, skewed towards few
	// years as among job seekers.
	hiringExperienceMean = 5.0
	// The test score is normal with this mean and standard deviation, in
	// points, rounded and cut to 0..100.
	hiringScoreMean, hiringScoreSD = 60.0, 15.0
	// hiringYearPoints is what a year of experience was worth in past
	// decisions, in points.
	hiringYearPoints = 5.0
	// hiringBar is the merit (score plus experience points) a city
	// applicant needed, in points: the mean merit is 60 + 5·5 = 85, so
	// about half of city applicants were hired.
	hiringBar = 85.0
	// hiringPenalty is the built-in bias: village applicants needed this
	// many more points, as much as three years of experience.
	hiringPenalty = 15.0
	// hiringChancePoints is the standard deviation of the chance part of a
	// decision, in points, per unit of noise.
	hiringChancePoints = 40.0
	// The commute is log-normal around these medians, in km, with these
	// standard deviations of its natural logarithm: 95 % of city
	// applicants travel 2.6-19 km and 95 % of village applicants 19-63 km.
	cityCommuteKm, cityCommuteSpread       = 7.0, 0.5
	villageCommuteKm, villageCommuteSpread = 35.0, 0.3
)

// Hiring returns n invented job applicants and whether they were hired in
// the past. The features are experience (years), score (a test score,
// 0..100 points) and commute (km); the attribute "home" is city or
// village (round(0.4·n) applicants, chosen at random).
//
// Experience and score are drawn the same way in both groups. The commute
// depends only on home, so it is a proxy for it: village applicants mostly
// live far. An applicant was hired (class "yes") when score + 5·experience
// + chance reached 85 points for a city applicant and 100 for a village
// applicant: the 15-point penalty is the bias built in. The chance part is
// normal with standard deviation 40·noise points (noise 0.25 gives 10
// points; noise 0 makes every decision follow the rule exactly).
//
// Each row takes the same random draws whatever the noise, so the same rng
// state gives the same applicants at every noise level and only the
// decisions near the bar change.
func Hiring(n int, noise float64, rng *rand.Rand) *Table {
	n = max(n, 0)
	village := exactShare(n, hiringVillageShare, rng)
	t := classTable("hiring", []string{"experience", "score", "commute"}, []string{"no", "yes"}, n, homeAttribute())
	for i := range n {
		// Experience in tenths of a year, so that merit below is exact in
		// half points.
		tenths := math.Round(10 * hiringExperienceMean / 3 * (rng.ExpFloat64() + rng.ExpFloat64() + rng.ExpFloat64()))
		score := math.Round(min(max(hiringScoreMean+hiringScoreSD*rng.NormFloat64(), 0), 100))
		median, spread := cityCommuteKm, cityCommuteSpread
		bar := hiringBar
		if village[i] {
			median, spread = villageCommuteKm, villageCommuteSpread
			bar += hiringPenalty
			t.Attributes[0].Of[i] = 1
		}
		commute := round1(median * math.Exp(spread*rng.NormFloat64()))
		chance := hiringChancePoints * noise * rng.NormFloat64()
		merit := score + hiringYearPoints*tenths/10 // a multiple of 0.5
		y := 0
		if merit+chance >= bar {
			y = 1
		}
		t.X = append(t.X, []float64{tenths / 10, score, commute})
		t.Y = append(t.Y, y)
	}
	return t
}

func homeAttribute() Attribute {
	return Attribute{
		Name:   "home",
		Title:  i18n.Text{KK: "Тұратын жері", RU: "Место жительства", EN: "Home"},
		Values: []string{"city", "village"},
		ValueTitles: []i18n.Text{
			{KK: "қала", RU: "город", EN: "city"},
			{KK: "ауыл", RU: "село", EN: "village"},
		},
	}
}

// The rules of the screening table. They are illustrative, shaped after
// well-known patterns and not taken from any study: systolic blood pressure
// of adults is mostly 100-160 mmHg and rises with age; some blood tests,
// such as high-sensitivity cardiac troponin, have lower normal limits in
// women than in men, and women's values in disease are lower too.
const (
	// screeningWomenShare of the rows are women: the under-represented
	// group.
	screeningWomenShare = 0.15
	// Ages are whole years, evenly spread from screeningAgeMin to
	// screeningAgeMax.
	screeningAgeMin, screeningAgeMax = 30, 80
	// The chance of the condition grows linearly with age from riskAtMin at
	// 30 to riskAtMax at 80: 30 % on average, the same in both sexes.
	riskAtMin, riskAtMax = 0.10, 0.50
	// Systolic pressure in mmHg: pressureAt30 at age 30, rising
	// pressurePerYear a year, pressureSick higher with the condition, with
	// standard deviation pressureSD, rounded and cut to 80..220.
	pressureAt30, pressurePerYear, pressureSick, pressureSD = 110.0, 0.5, 12.0, 14.0
	// markerSpread is the standard deviation of the natural logarithm of
	// the marker around its median, before noise is added to it.
	markerSpread = 0.35
)

// markerMedian holds the marker's median in ng/L, by sex (0 female, 1
// male) and condition (0 no, 1 yes). A single threshold between the men's
// medians (about 20 ng/L) lies above the median of women with the
// condition: that is the difference built in.
var markerMedian = [2][2]float64{
	{4, 18}, // women
	{8, 50}, // men
}

// Screening returns n invented adults screened for an invented condition.
// The features are age (years), pressure (systolic blood pressure, mmHg)
// and marker (a blood marker, ng/L); the attribute "sex" is female (exactly
// round(0.15·n) rows, chosen at random) or male; the class says whether the
// person has the condition.
//
// The condition is as common in women as in men at every age, but the
// marker shows it differently: its median without and with the condition
// is 8 and 50 ng/L in men, 4 and 18 ng/L in women. A model fitted mostly
// to men puts its threshold near 20 ng/L and misses the condition in most
// women who have it. The noise widens the marker's spread: the standard
// deviation of its natural logarithm is 0.35 + noise (noise 0.15 gives 0.5,
// a factor of about 1.65 up or down).
//
// Each row takes the same random draws whatever the noise, so the same rng
// state gives the same people and conditions at every noise level.
func Screening(n int, noise float64, rng *rand.Rand) *Table {
	n = max(n, 0)
	women := exactShare(n, screeningWomenShare, rng)
	t := classTable("screening", []string{"age", "pressure", "marker"}, []string{"no", "yes"}, n, sexAttribute())
	for i := range n {
		s := 1 // male
		if women[i] {
			s = 0
		}
		t.Attributes[0].Of[i] = s
		age := float64(screeningAgeMin + rng.IntN(screeningAgeMax-screeningAgeMin+1))
		risk := riskAtMin + (riskAtMax-riskAtMin)*(age-screeningAgeMin)/(screeningAgeMax-screeningAgeMin)
		y := 0
		if rng.Float64() < risk {
			y = 1
		}
		pressure := pressureAt30 + pressurePerYear*(age-30) + pressureSick*float64(y) + pressureSD*rng.NormFloat64()
		pressure = math.Round(min(max(pressure, 80), 220))
		marker := round1(markerMedian[s][y] * math.Exp((markerSpread+noise)*rng.NormFloat64()))
		t.X = append(t.X, []float64{age, pressure, marker})
		t.Y = append(t.Y, y)
	}
	return t
}

func sexAttribute() Attribute {
	return Attribute{
		Name:   "sex",
		Title:  i18n.Text{KK: "Жынысы", RU: "Пол", EN: "Sex"},
		Values: []string{"female", "male"},
		ValueTitles: []i18n.Text{
			{KK: "әйел", RU: "женщина", EN: "female"},
			{KK: "ер", RU: "мужчина", EN: "male"},
		},
	}
}

// The rules of the shortcut table.
const (
	// shortcutMean is where each real feature is centred: −shortcutMean
	// for class A, +shortcutMean for class B, with standard deviation
	// 1 + noise. The best rule on both features is then right with
	// probability Φ(0.45·√2/(1+noise)): 73.8 % without noise, 70.2 % at the
	// default noise 0.2. That is weak next to a sticker that is right 95 %
	// of the time at the default dial.
	shortcutMean = 0.45
	// shortcutDefaultCorrelation is the dial by default: 0.9, strong
	// enough that a model leans on the sticker, with 5 % of stickers wrong.
	shortcutDefaultCorrelation = 0.9
)

// Shortcut returns n rows of two classes, A and B, alternating, with two
// weak real features x1 and x2 (see shortcutMean; noise widens them) and a
// shortcut column "sticker", 0 or 1. Within each class exactly
// round(count·(1+correlation)/2) rows, chosen at random, carry the sticker
// that agrees with the class (1 for B, 0 for A) and the others the opposite
// one. Both classes then have as many stickers as not (up to rounding), and
// the phi coefficient between sticker and class is correlation. reversed
// flips every sticker, which makes the phi coefficient −correlation: the
// test set where the shortcut lies.
//
// The rows, labels and the order in which stickers are handed out take the
// same random draws whatever the correlation and reversed are, so with the
// same rng state the reversed table is row for row the normal one with the
// sticker flipped, and a higher correlation only adds agreeing stickers.
// correlation must be in [0, 1]: GenerateShortcut checks it.
func Shortcut(n int, noise, correlation float64, reversed bool, rng *rand.Rand) *Table {
	n = max(n, 0)
	t := classTable("shortcut", []string{"x1", "x2", "sticker"}, []string{"A", "B"}, n)
	var byClass [2][]int
	sd := 1 + noise
	for i := range n {
		c := i % 2
		m := shortcutMean * float64(2*c-1)
		t.X = append(t.X, []float64{m + sd*rng.NormFloat64(), m + sd*rng.NormFloat64(), 0})
		t.Y = append(t.Y, c)
		byClass[c] = append(byClass[c], i)
	}
	for c, rows := range byClass {
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		agree := int(math.Round(float64(len(rows)) * (1 + correlation) / 2))
		for k, i := range rows {
			s := c
			if k >= agree {
				s = 1 - c
			}
			if reversed {
				s = 1 - s
			}
			t.X[i][2] = float64(s)
		}
	}
	return t
}

// Sentences shared by the cards of the bias tables.
var sameSeedRows = i18n.Text{
	KK: "Бірдей тұқым (seed) әрқашан бірдей жолдарды береді.",
	RU: "Одно и то же зерно (seed) всегда даёт одни и те же строки.",
	EN: "The same seed always gives the same rows.",
}

func hiringCard() Card {
	return Card{
		Title: i18n.Text{KK: "Жұмысқа қабылдау (жасанды)", RU: "Приём на работу (синтетический)", EN: "Hiring (synthetic)"},
		Source: join(i18n.Text{
			KK: "Жасанды деректер, оларды осы бағдарлама жасайды: мұнда бірде-бір нақты адам не компания жоқ. Әр жол — ойдан шығарылған жұмысқа үміткер. Жұмыс өтілі (жыл) орташасы 5 жыл болатын гамма-үлестірімнен алынады; тест балы орташасы 60, стандартты ауытқуы 15 қалыпты үлестірімнен алынып, 0–100 аралығына қиылады. Үміткерлердің 40 %-ы ауылда, қалғаны қалада тұрады, екі топта өтіл мен балдар бірдей үлестірілген. Жұмысқа дейінгі жол (км) тек тұратын жерге байланысты: қала тұрғындары шамамен 7 км (медиана), ауыл тұрғындары шамамен 35 км жол жүреді.",
			RU: "Синтетические данные, их создаёт эта программа: в них нет ни одного реального человека или компании. Каждая строка — выдуманный кандидат на работу. Стаж (лет) взят из гамма-распределения со средним 5 лет; балл за тест — из нормального распределения со средним 60 и стандартным отклонением 15, обрезанного до 0–100. 40 % кандидатов живут в селе, остальные — в городе, и стаж и баллы в обеих группах распределены одинаково. Дорога до работы (км) зависит только от места жительства: горожане едут около 7 км (медиана), сельские жители — около 35 км.",
			EN: "Synthetic, generated by this program: no real person or company is in it. Each row is an invented job applicant. Experience (years) is drawn from a gamma distribution with mean 5 years; the test score from a normal distribution with mean 60 and standard deviation 15, cut to 0–100. 40 % of the applicants live in a village and the rest in a city, and experience and scores are spread the same way in both groups. The commute (km) depends only on home: city applicants travel about 7 km (median), village applicants about 35 km.",
		}, i18n.Text{
			KK: "Класс — ойдан шығарылған бұрынғы шешім: тест балы, әр жыл өтілге берілетін 5 ұпай және кездейсоқ қосынды бірге 85 ұпайға жетсе, үміткер жұмысқа алынған, бірақ ауыл тұрғындары үшін бұл шек 100 ұпай болған. Осы 15 ұпайлық айыппұл (үш жыл өтілге тең) — әдейі енгізілген біржақтылық: білігі бірдей болса да, ауылдық үміткерлер жұмысқа сирек алынған; әдепкі шу кезінде қалалықтардың жартысына жуығы, ауылдықтардың төрттен бірі ғана алынған. Кездейсоқ қосындының стандартты ауытқуы — шу деңгейіне көбейтілген 40 ұпай. Тұратын жер белгі емес, бірақ жол ұзындығы — белгі, және ол тұратын жерді ашып береді: тұратын жерді мүлде көрмейтін модель де айыппұлды жол ұзындығы арқылы үйрене алады. Біржақтылық оқушылар оны модельден тауып, топтар бойынша өлшеп, топ бағанын алып тастау оны жоймайтынын көруі үшін енгізілген.",
			RU: "Класс — выдуманное прошлое решение: кандидата приняли, если балл за тест плюс 5 баллов за каждый год стажа плюс случайная добавка достигали 85 баллов, но для сельских жителей порог был 100 баллов. Этот штраф в 15 баллов (столько же, сколько три года стажа) — предвзятость, заложенная нарочно: при равных умениях сельских кандидатов принимали реже; при шуме по умолчанию приняли примерно половину горожан и лишь четверть сельских жителей. Случайная добавка имеет стандартное отклонение 40 баллов, умноженное на уровень шума. Место жительства — не признак, но дорога до работы — признак, и она его выдаёт: модель, которая никогда не видит место жительства, всё равно может выучить штраф через длину дороги. Предвзятость заложена, чтобы ученики нашли её в модели, измерили по группам и увидели, что удаление столбца группы её не убирает.",
			EN: "The class is an invented past decision: an applicant was hired when the test score plus 5 points per year of experience plus a chance part reached 85 points, but for village applicants the bar was 100 points. This 15-point penalty (as much as three years of experience) is the bias built in on purpose: at equal skill, village applicants were hired less often; at the default noise about half of the city applicants and only a quarter of the village applicants were hired. The chance part has a standard deviation of 40 points times the noise level. Home is not a feature, but commute is, and it gives home away: a model that never sees home can still learn the penalty through the commute. The bias was built in so that students find it in a model, measure it group by group and see that removing the group's column does not remove it.",
		}, sameSeedRows),
		Purpose: i18n.Text{
			KK: "Өткеннен үйренілген біржақтылық туралы сабақ: бұрынғы шешімдерге үйретілген модель олардағы әділетсіздікті қайталайды. Модельді қалалық және ауылдық үміткерлер үшін бөлек бағалаңыз (таңдалғандар үлесі, лайықтылар арасында дұрыс таңдалғандар үлесі); тұратын жерді мүлде көрмейтін модельдің де ауылдық үміткерлерге нашар қарайтынына көз жеткізіңіз, себебі жол ұзындығы оны ашып береді, және жолды да алып тастағанда не өзгеретінін қараңыз; содан кейін түзету тәсілдерін байқап көріңіз — салмақтарды өзгерту, қайта іріктеу, әр топқа жеке шек — және әділ шешім қандай болар еді, талқылаңыз.",
			RU: "Урок о предвзятости, выученной из прошлого: модель, обученная на прошлых решениях, повторяет их несправедливость. Оцените модель отдельно для городских и сельских кандидатов (доля отобранных, доля верно отобранных среди достойных); убедитесь, что модель, которая никогда не видит место жительства, всё равно хуже относится к сельским кандидатам, потому что длина дороги его выдаёт, и посмотрите, что изменится, если убрать и дорогу; затем попробуйте способы исправления — перевзвешивание, перевыборку, свой порог для каждой группы — и обсудите, каким было бы справедливое решение.",
			EN: "A lesson on bias learned from the past: a model trained on past decisions repeats their unfairness. Score the model for city and village applicants separately (the share selected, and the share of deserving applicants selected); see that a model that never sees home still treats village applicants worse, because the commute gives home away, and what changes when the commute is left out too; then try the remedies — reweighting, resampling, a threshold for each group — and discuss what a fair decision would be.",
		},
		NotFor: i18n.Text{
			KK: "Жасанды деректер: нақты үміткерлер, жұмыс берушілер, қалалар мен ауылдар туралы мәлімет емес және біреудің жұмысқа қалай алатынының дәлелі емес. Жұмысқа қабылдау туралы нақты шешімдерді қабылдауға, тексеруге немесе ақтауға арналмаған. 15 ұпайлық айыппұл мен басқа сандардың бәрі өлшенбеген, сабақ үшін таңдалған.",
			RU: "Синтетические данные: не сведения о реальных кандидатах, работодателях, городах или сёлах и не доказательство того, как кто-либо нанимает людей. Не для принятия, проверки или оправдания настоящих решений о найме. Штраф в 15 баллов и все остальные числа выбраны для урока, а не измерены.",
			EN: "Synthetic: not data about real applicants, employers, cities or villages, and not evidence about how anyone hires. Not for making, checking or justifying real hiring decisions. The 15-point penalty and every other number were chosen for the lesson, not measured.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			{KK: "алынбады", RU: "не принят", EN: "not hired"},
			{KK: "алынды", RU: "принят", EN: "hired"},
		},
		Features: map[string]i18n.Text{
			"experience": {KK: "Жұмыс өтілі (жыл)", RU: "Стаж работы (лет)", EN: "Experience (years)"},
			"score":      {KK: "Тест балы (0–100)", RU: "Балл за тест (0–100)", EN: "Test score (0–100)"},
			"commute":    {KK: "Жұмысқа дейінгі жол (км)", RU: "Дорога до работы (км)", EN: "Commute (km)"},
		},
	}
}

func screeningCard() Card {
	return Card{
		Title: i18n.Text{KK: "Медициналық скрининг (жасанды)", RU: "Медицинский скрининг (синтетический)", EN: "Medical screening (synthetic)"},
		Source: join(i18n.Text{
			KK: "Жасанды деректер, оларды осы бағдарлама жасайды: мұнда бірде-бір нақты науқас жоқ, ал сандар мысал үшін алынған, медициналық дерек емес. Әр жол — ойдан шығарылған ересек адам, ол ойдан шығарылған ауруға тексеріледі. Жасы — 30-дан 80-ге дейінгі бүтін жыл саны, барлық жас бірдей ықтимал. Аурудың ықтималдығы жас ұлғайған сайын өседі: 30 жаста 10 %, 80 жаста 50 % (орта есеппен 30 %), әйелдер мен ерлерде бірдей. Систолалық қан қысымы (мм сын. бағ.) 30 жаста 110-ға тең, жылына 0,5-ке өседі, ауру кезінде 12-ге жоғары, стандартты ауытқуы 14.",
			RU: "Синтетические данные, их создаёт эта программа: в них нет ни одного реального пациента, а числа приведены для примера и не являются медицинскими фактами. Каждая строка — выдуманный взрослый, которого проверяют на выдуманную болезнь. Возраст — целое число лет от 30 до 80, все возрасты одинаково вероятны. Вероятность болезни растёт с возрастом: от 10 % в 30 лет до 50 % в 80 (30 % в среднем), одинаково у женщин и мужчин. Систолическое давление (мм рт. ст.) в 30 лет равно 110, растёт на 0,5 в год, при болезни выше на 12 и колеблется со стандартным отклонением 14.",
			EN: "Synthetic, generated by this program: no real patient is in it, and the numbers are illustrative, not medical facts. Each row is an invented adult checked for an invented condition. Age is a whole number of years from 30 to 80, every age equally likely. The chance of having the condition grows with age, from 10 % at 30 to 50 % at 80 (30 % on average), the same for women and men. Systolic blood pressure (mmHg) is 110 at 30, rises 0.5 a year, is 12 higher with the condition, and varies with a standard deviation of 14.",
		}, i18n.Text{
			KK: "Негізгі талдау — қандағы көрсеткіш (нг/л), және ауру онда әйелдер мен ерлерде әртүрлі көрінеді, жүрекке жасалатын кейбір нақты талдаулардағыдай: ауру жоқ кезде оның медианасы ерлерде 8 нг/л, әйелдерде 4 нг/л; ауру болғанда ерлерде 50 нг/л, ал әйелдерде небәрі 18 нг/л. Әр мән — медиананың кездейсоқ көбейткішке көбейтіндісі; осы көбейткіштің натурал логарифмінің стандартты ауытқуы 0,35 пен шу деңгейінің қосындысына тең. Жолдардың тек 15 %-ы ғана әйелдер — бұл әдейі жасалған. Осындай деректер бойынша таңдалған көрсеткіштің бір ғана шегі шамамен 20 нг/л болып шығады: ол ерлер үшін дұрыс, бірақ науқас әйелдердің көбінің мәнінен жоғары, сондықтан жынысты білмейтін, негізінен ерлерге үйретілген модель әйелдердегі ауруды әлдеқайда жиі өткізіп алады. Бұл оқушылар жалпы дәл, бірақ шағын топ үшін қателесетін модельді табуы үшін енгізілген.",
			RU: "Главный анализ — маркер в крови (нг/л), и болезнь проявляется в нём по-разному у женщин и мужчин, как в некоторых настоящих анализах для сердца: без болезни его медиана 8 нг/л у мужчин и 4 нг/л у женщин, при болезни — 50 нг/л у мужчин, но только 18 нг/л у женщин. Каждое значение — это медиана, умноженная на случайный множитель; натуральный логарифм этого множителя имеет стандартное отклонение 0,35 плюс уровень шума. Намеренно только 15 % строк — женщины. Один порог маркера, подобранный по таким данным, оказывается около 20 нг/л: он верен для мужчин, но выше значений большинства больных женщин, поэтому модель, не знающая пола и обученная в основном на мужчинах, гораздо чаще пропускает болезнь у женщин. Это заложено, чтобы ученики нашли модель, которая точна в целом, но ошибается для меньшей группы.",
			EN: "The key test is a blood marker (ng/L), and the condition shows in it differently in women and men, as in some real heart tests: without the condition its median is 8 ng/L in men and 4 ng/L in women; with it, 50 ng/L in men but only 18 ng/L in women. Each value is its median times a random factor whose natural logarithm has a standard deviation of 0.35 plus the noise level. On purpose, only 15 % of the rows are women. A single marker threshold fitted to such data lands near 20 ng/L: right for men, but above the values of most women who have the condition, so a model that does not know the sex, trained mostly on men, misses the condition far more often in women. This was built in so that students find a model that is accurate overall and yet fails the smaller group.",
		}, sameSeedRows),
		Purpose: i18n.Text{
			KK: "Деректерде аз кездесетін топ туралы сабақ: жалпы дәлдік модельдің әйелдер үшін нашар жұмыс істейтінін жасырады. Әйелдер мен ерлер үшін дәлдікті және жалған теріс нәтижелер үлесін (өткізіп алынған ауру) салыстырыңыз, содан кейін жынысты белгі ретінде қосыңыз немесе әр топқа жеке шек қойыңыз да, айырманың қалай азаятынын көріңіз — жұмысқа қабылдау кестесінен айырмашылығы, мұнда топ бағаны көмектеседі.",
			RU: "Урок о группах, которых мало в данных: общая точность скрывает, что для женщин модель работает хуже. Сравните точность и долю ложноотрицательных результатов (пропущенная болезнь) у женщин и мужчин, затем добавьте пол как признак или задайте свой порог для каждой группы и посмотрите, как разрыв сокращается — в отличие от таблицы о приёме на работу, здесь столбец группы помогает.",
			EN: "A lesson on groups that are rare in the data: overall accuracy hides that the model does worse for women. Compare the accuracy and the false-negative rate (conditions missed) for women and men, then add sex as a feature or set a threshold for each group, and watch the gap close — unlike in the hiring table, here the group's column helps.",
		},
		NotFor: i18n.Text{
			KK: "Жасанды әрі мысал үшін жасалған деректер: медициналық деректер емес; ешкімге диагноз қоюға немесе скрининг жасауға, ешбір талдаудың нақты қалыпты мәндерін үйренуге арналмаған; әйелдер мен ерлердің денсаулығы туралы дәлел емес. Көрсеткіш пен оның сандарын сабақ үшін ойдан шығардық; олар тек әйелдер мен ерлерде қалыпты шектері әртүрлі болатын талдаулардан үлгі алынған.",
			RU: "Синтетические и иллюстративные данные: не медицинские данные; не для диагностики или скрининга кого-либо и не для изучения настоящих норм какого-либо анализа; не доказательство чего-либо о здоровье женщин или мужчин. Маркер и его числа придуманы для урока; они лишь навеяны анализами, нормы которых у женщин и мужчин различаются.",
			EN: "Synthetic and illustrative: not medical data; not for diagnosing or screening anyone, nor for learning the real normal values of any test; not evidence about the health of women or men. The marker and its numbers were made up for the lesson, only loosely modelled on tests whose normal limits differ between women and men.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			{KK: "ауру жоқ", RU: "болезни нет", EN: "no condition"},
			{KK: "ауру бар", RU: "болезнь есть", EN: "condition"},
		},
		Features: map[string]i18n.Text{
			"age":      {KK: "Жасы (жыл)", RU: "Возраст (лет)", EN: "Age (years)"},
			"pressure": {KK: "Систолалық қысым (мм сын. бағ.)", RU: "Систолическое давление (мм рт. ст.)", EN: "Systolic pressure (mmHg)"},
			"marker":   {KK: "Қандағы көрсеткіш (нг/л)", RU: "Маркер в крови (нг/л)", EN: "Blood marker (ng/L)"},
		},
	}
}

func shortcutCard() Card {
	return Card{
		Title: i18n.Text{KK: "Жапсырма — қысқа жол", RU: "Наклейка — короткий путь", EN: "The sticker shortcut"},
		Source: join(i18n.Text{
			KK: "Жасанды деректер, оларды осы бағдарлама жасайды. Екі класс бар, A және B, әрқайсысында жолдардың жартысы. Нақты x1 және x2 белгілері — әлсіз нұсқаулар: әрқайсысы A класы үшін −0,45, B класы үшін +0,45 маңындағы қалыпты үлестірімнен алынады, стандартты ауытқуы — 1 мен шу деңгейінің қосындысы, сондықтан кластар бір-біріне қатты кіреді де, x1 мен x2 бойынша ең жақсы ереже де әдепкі шуда шамамен 70 % жағдайда ғана дұрыс (шусыз 74 %).",
			RU: "Синтетические данные, их создаёт эта программа. Два класса, A и B, в каждом половина строк. Настоящие признаки x1 и x2 — слабые подсказки: каждый берётся из нормального распределения вокруг −0,45 для класса A и +0,45 для класса B со стандартным отклонением 1 плюс уровень шума, поэтому классы сильно перекрываются, и даже лучшее правило по x1 и x2 при шуме по умолчанию право лишь примерно в 70 % случаев (без шума — в 74 %).",
			EN: "Synthetic, generated by this program. Two classes, A and B, half the rows each. The real features x1 and x2 are weak clues: each is drawn from a normal distribution around −0.45 for class A and +0.45 for class B, with a standard deviation of 1 plus the noise level, so the classes overlap heavily and even the best rule on x1 and x2 is right only about 70 % of the time at the default noise (74 % without noise).",
		}, i18n.Text{
			KK: "Үшінші баған, sticker (жапсырма, 0 немесе 1), — реттегіш белгілейтін «қысқа жол»: әр класта жолдардың дәл (1 + реттегіш)/2 үлесі класқа сәйкес жапсырма алады (B үшін 1, A үшін 0), қалғандары керісінше, сондықтан жапсырма мен класс арасындағы фи корреляция коэффициенті реттегішке тең. 90 % болғанда (әдепкі мән) жапсырма жолдардың 95 %-ында дұрыс; 0 %-да ол класс туралы ештеңе айтпайды; 100 %-да әрқашан дұрыс. Кері жиында әр жапсырма керісінше ауыстырылған, сондықтан корреляцияның шамасы реттегішке тең, бірақ таңбасы теріс, және жапсырма қате класты нұсқайды. Бірдей тұқыммен қалыпты және кері жиындарда жолдар бірдей, тек жапсырмалар өзгеше. Бұл «қысқа жол» оқушылар модельдің нақты, бірақ қиын нұсқаулардан гөрі оңай, жалған нұсқауды таңдайтынын көруі үшін енгізілген.",
			RU: "Третий столбец, sticker (наклейка, 0 или 1), — короткий путь, который задаёт регулятор: в каждом классе ровно доля (1 + регулятор)/2 строк получает наклейку, согласную с классом (1 для B, 0 для A), а остальные — противоположную, так что коэффициент корреляции фи между наклейкой и классом равен значению регулятора. При 90 % (по умолчанию) наклейка верна для 95 % строк; при 0 % она ничего не говорит о классе; при 100 % верна всегда. В перевёрнутом наборе каждая наклейка заменена на противоположную, поэтому корреляция равна регулятору со знаком минус, и наклейка указывает на неверный класс. С тем же зерном обычный и перевёрнутый наборы содержат одни и те же строки и отличаются только наклейками. Короткий путь заложен, чтобы ученики увидели, как модель предпочитает лёгкую ложную подсказку настоящим, но трудным.",
			EN: "The third column, sticker (0 or 1), is a shortcut set by a dial: within each class exactly a share (1 + dial)/2 of the rows gets the sticker that agrees with the class (1 for B, 0 for A) and the rest the other one, so the phi correlation coefficient between sticker and class equals the dial. At 90 % (the default) the sticker is right for 95 % of the rows; at 0 % it tells nothing about the class; at 100 % it is always right. In the reversed set every sticker is flipped, so the correlation is minus the dial and the sticker points to the wrong class. With the same seed the normal and the reversed set hold the same rows, only with the stickers flipped. The shortcut was built in so that students can watch a model prefer an easy, false clue to real but harder ones.",
		}),
		Purpose: i18n.Text{
			KK: "«Қысқа жол» туралы сабақ: модельді реттегіштің жоғары мәнінде үйретіп, оның қалыпты және кері тест жиындарындағы дәлдігін салыстырыңыз — айырма модельдің жапсырмаға қаншалықты сүйенетінін көрсетеді. Реттегіш 0 болғанда айырма жоғалады, бірақ қалыпты жиындағы дәлдік те төмендейді. sticker бағанын алып тастасаңыз, тек нақты белгілердің не істей алатынын көресіз.",
			RU: "Урок о коротких путях: обучите модель при высоком значении регулятора и сравните её точность на обычном и перевёрнутом тестовых наборах — разрыв показывает, насколько модель опирается на наклейку. При регуляторе 0 разрыв исчезает, но и точность на обычном наборе ниже. Если убрать столбец sticker, видно, на что способны одни настоящие признаки.",
			EN: "A lesson on shortcuts: train a model with the dial high and compare its accuracy on the normal and the reversed test set — the gap shows how much the model leans on the sticker. With the dial at 0 the gap disappears, and so does part of the score on the normal set. Leaving out the sticker column shows what the real features alone can do.",
		},
		NotFor: i18n.Text{
			KK: "Шынайы өмір туралы ештеңенің дәлелі емес: белгілер мен жапсырманы сабақ үшін ереже бойынша бағдарлама ойлап шығарған. Модельдерді нақты жұмыс үшін бағалау тәсілі емес: мұнда «қысқа жол» әдейі қойылған және белгілі, ал нақты деректерде қай бағанның алдайтынын ешкім айтпайды.",
			RU: "Не доказательство чего-либо о реальном мире: признаки и наклейку придумала программа по правилу для урока. Не способ оценивать модели для настоящей работы: здесь короткий путь подброшен нарочно и известен, а в реальных данных никто не скажет, какой столбец обманывает.",
			EN: "Not evidence about anything in the real world: the features and the sticker were invented by a rule for the lesson. Not a way to judge models for real work: here the shortcut is planted and known, while in real data nobody tells you which column lies.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			{KK: "A", RU: "A", EN: "A"},
			{KK: "B", RU: "B", EN: "B"},
		},
		Features: map[string]i18n.Text{
			"sticker": {KK: "Жапсырма (0/1)", RU: "Наклейка (0/1)", EN: "Sticker (0/1)"},
		},
	}
}
