package datasets

// The penguins set: three species of Pygoscelis penguins drawn from
// published summary statistics
//
// The figures come from the penguins measured on the Palmer Archipelago,
// Antarctica, in 2007–2009: K. B. Gorman, T. D. Williams and W. R. Fraser,
// "Ecological sexual dimorphism and environmental variability within a
// community of Antarctic penguins (genus Pygoscelis)", PLoS ONE 9(3):
// e90081 (2014); the measurements are distributed, CC0, as the
// palmerpenguins package (Horst, Hill & Gorman 2020). What is typed here are
// approximate per-species means and standard deviations of the 342 birds
// with all four measurements (151 Adélie, 68 Chinstrap, 123 Gentoo),
// rounded, and the number of birds of each species on each island (344 in
// all). They are summary statistics, not the measurements: no bird of the
// study is in this set.
//
// Simplifications: the four measurements of a bird are drawn independently
// of each other, although in real birds they are correlated (a heavier bird
// has longer flippers); males and females, which differ in size, are not
// told apart; the years are ignored.

import (
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/i18n"
)

// The classes of the penguins set, in label order.
const (
	penguinAdelie = iota
	penguinChinstrap
	penguinGentoo
)

// The islands, in the order of the "island" attribute's values.
const (
	islandBiscoe = iota
	islandDream
	islandTorgersen
)

// penguinMeasure is the normal distribution one measurement of one species
// is drawn from, and how finely the study recorded it.
type penguinMeasure struct {
	mean, sd float64
	step     float64 // values are rounded to a multiple of step
}

// penguinStats holds, for each species (in label order), its bill length
// (mm), bill depth (mm), flipper length (mm) and body mass (g): the
// approximate means and standard deviations of the Palmer study (see the top
// of biology.go). Bills were recorded to 0.1 mm, flippers to 1 mm and body
// mass to 25 g.
var penguinStats = [3][4]penguinMeasure{
	penguinAdelie: {
		{38.79, 2.66, 0.1}, {18.35, 1.22, 0.1}, {189.95, 6.54, 1}, {3700.7, 458.6, 25},
	},
	penguinChinstrap: {
		{48.83, 3.34, 0.1}, {18.42, 1.14, 0.1}, {195.82, 7.13, 1}, {3733.1, 384.3, 25},
	},
	penguinGentoo: {
		{47.50, 3.08, 0.1}, {14.98, 0.98, 0.1}, {217.19, 6.48, 1}, {5076.0, 504.1, 25},
	},
}

// penguinCell is one species on one island, with how many birds of the
// Palmer study (344 in all) it had.
type penguinCell struct {
	species, island, birds int
}

// penguinCells is where each species lives, with the study's counts:
// Adélie on all three islands, Chinstrap only on Dream, Gentoo only on
// Biscoe.
var penguinCells = []penguinCell{
	{penguinAdelie, islandBiscoe, 44},
	{penguinAdelie, islandDream, 56},
	{penguinAdelie, islandTorgersen, 52},
	{penguinChinstrap, islandDream, 68},
	{penguinGentoo, islandBiscoe, 124},
}

// penguinsDefaultN is the size of the Palmer study.
const penguinsDefaultN = 344

// Penguins returns n birds of three penguin species (classes "Adelie",
// "Chinstrap", "Gentoo") with features "bill_length" (mm), "bill_depth"
// (mm), "flipper_length" (mm) and "body_mass" (g), drawn from normal
// distributions with each species' published mean and standard deviation,
// and the attribute "island" (Biscoe, Dream, Torgersen). The species and
// islands come in the proportions of the study, split exactly (see
// penguinCounts), and the rows are shuffled. noise is not used: the
// spread within a species is the published one.
func Penguins(n int, noise float64, rng *rand.Rand) *Table {
	n = max(n, 0)
	t := classTable("penguins", []string{"bill_length", "bill_depth", "flipper_length", "body_mass"},
		[]string{"Adelie", "Chinstrap", "Gentoo"}, n)
	island := islandAttribute(n)
	for k, c := range penguinCounts(n) {
		for range c {
			t.Y = append(t.Y, penguinCells[k].species)
			island.Of = append(island.Of, penguinCells[k].island)
		}
	}
	rng.Shuffle(n, func(i, j int) {
		t.Y[i], t.Y[j] = t.Y[j], t.Y[i]
		island.Of[i], island.Of[j] = island.Of[j], island.Of[i]
	})
	w := len(t.Features)
	cells := make([]float64, n*w)
	for i, s := range t.Y {
		row := cells[i*w : (i+1)*w : (i+1)*w]
		for j, m := range penguinStats[s] {
			v := m.mean + m.sd*rng.NormFloat64()
			row[j] = math.Round(v/m.step) * m.step
		}
		t.X = append(t.X, row)
	}
	t.Attributes = []Attribute{island}
	return t
}

// penguinCounts splits n birds among penguinCells in proportion to the
// study's counts by the largest remainder: each cell gets the whole part of
// its share, and the birds left over go one each to the cells with the
// largest fractional parts (the earlier cell on a tie). From n = 8 on,
// every cell gets at least one bird (the smallest share is 44/344 > 1/8).
func penguinCounts(n int) []int {
	total := 0
	for _, c := range penguinCells {
		total += c.birds
	}
	counts := make([]int, len(penguinCells))
	rem := make([]int, len(penguinCells)) // fractional parts, in 1/total
	left := n
	for k, c := range penguinCells {
		counts[k] = n * c.birds / total
		rem[k] = n * c.birds % total
		left -= counts[k]
	}
	for ; left > 0; left-- {
		best := 0
		for k := range rem {
			if rem[k] > rem[best] {
				best = k
			}
		}
		counts[best]++
		rem[best] = -1
	}
	return counts
}

// islandAttribute returns the "island" attribute with no rows yet and room
// for n.
func islandAttribute(n int) Attribute {
	return Attribute{
		Name:   "island",
		Title:  i18n.Text{KK: "Арал", RU: "Остров", EN: "Island"},
		Values: []string{"Biscoe", "Dream", "Torgersen"},
		ValueTitles: []i18n.Text{
			{KK: "Биско", RU: "Биско", EN: "Biscoe"},
			{KK: "Дрим", RU: "Дрим", EN: "Dream"},
			{KK: "Торгерсен", RU: "Торгерсен", EN: "Torgersen"},
		},
		Of: make([]int, 0, n),
	}
}

func penguinsGenerator() Generator {
	return Generator{
		Name:     "penguins",
		Card:     penguinsCard(),
		DefaultN: penguinsDefaultN,
		MaxN:     builtinMaxN,
		// The spread within each species is the published one: there is
		// no noise to choose.
		DefaultNoise: 0,
		MaxNoise:     0,
		Make:         Penguins,
	}
}

func penguinsCard() Card {
	return Card{
		Title: i18n.Text{KK: "Пингвиндер: үш түр", RU: "Пингвины: три вида", EN: "Penguins: three species"},
		Source: join(i18n.Text{
			KK: "Өлшемдері жарияланған сандардан алынған жасанды құстар. Әр жол — Pygoscelis туысының үш түрінің бірінен бір құс: Адели пингвині, антарктикалық пингвин (Chinstrap) немесе папуалық пингвин (Gentoo). Оның тұмсығының ұзындығы мен биіктігі, қанатының (ескегінің) ұзындығы және дене массасы сол түрдің орташа мәні мен стандартты ауытқуы бар қалыпты үлестірімнен алынады. Бұл сандар — 2007–2009 жылдары Антарктидадағы Палмер архипелагында өлшенген құстардың шамамен алынған жиынтық статистикасы (Gorman, Williams & Fraser 2014, PLoS ONE 9(3): e90081; өлшеулер palmerpenguins пакеті ретінде таратылады). Бұл өлшеулердің өзі емес: төрт өлшем бір-біріне тәуелсіз алынады, ал нақты құстарда олар бірге өзгереді (ауыр құстың қанаты да ұзынырақ), әрі өлшемі әртүрлі аталықтар мен аналықтар ажыратылмайды. Мәндер зерттеудегідей дөңгелектенеді: тұмсық 0,1 мм-ге, қанат 1 мм-ге, масса 25 г-ға дейін. Түрлер мен аралдар зерттеудегі (344 құс) үлестермен алынады: Адели пингвині 152 (Биско аралдарында 44, Дрим аралында 56, Торгерсен аралында 52), антарктикалық пингвин 68 (бәрі Дримде), папуалық пингвин 124 (бәрі Бискода). Арал әр жолда белгі ретінде емес, атрибут ретінде сақталады.",
			RU: "Синтетические птицы, размеры которых взяты из опубликованных чисел. Каждая строка — одна птица одного из трёх видов рода Pygoscelis: пингвин Адели, антарктический пингвин (Chinstrap) или папуанский пингвин (Gentoo). Длина и высота клюва, длина крыла-ласта и масса тела выбираются из нормальных распределений со средним и стандартным отклонением её вида — это приблизительные сводные статистики птиц, измеренных в 2007–2009 годах на архипелаге Палмер в Антарктиде (Gorman, Williams & Fraser 2014, PLoS ONE 9(3): e90081; измерения распространяются как пакет palmerpenguins). Это не сами измерения: четыре размера выбираются независимо друг от друга, хотя у настоящих птиц они связаны (у более тяжёлой птицы и крыло длиннее), а самцы и самки, которые различаются размером, не разделяются. Значения округляются, как в исследовании: клюв до 0,1 мм, крыло до 1 мм, масса до 25 г. Виды и острова встречаются в тех же долях, что в исследовании (344 птицы): пингвин Адели 152 (44 на островах Биско, 56 на острове Дрим, 52 на острове Торгерсен), антарктический пингвин 68 (все на Дриме), папуанский пингвин 124 (все на Биско). Остров хранится в каждой строке как атрибут, а не как признак.",
			EN: "Synthetic birds whose measurements are drawn from published figures. Each row is one bird of one of three species of the genus Pygoscelis: Adélie, Chinstrap or Gentoo. Its bill length, bill depth, flipper length and body mass are drawn from normal distributions with the mean and standard deviation of its species: approximate summary statistics of the birds measured on the Palmer Archipelago, Antarctica, in 2007–2009 (Gorman, Williams & Fraser 2014, PLoS ONE 9(3): e90081; the measurements are distributed as the palmerpenguins package). These are not the measurements themselves: the four measurements are drawn independently of each other, although in real birds they go together (a heavier bird has longer flippers), and males and females, which differ in size, are not told apart. Values are rounded as in the study: bills to 0.1 mm, flippers to 1 mm, mass to 25 g. Species and islands come in the proportions of the study (344 birds): Adélie 152 (44 on Biscoe, 56 on Dream, 52 on Torgersen), Chinstrap 68 (all on Dream), Gentoo 124 (all on Biscoe). The island is kept with every row as an attribute, not as a feature.",
		}, sameSeed),
		Purpose: i18n.Text{
			KK: "Түрді дене өлшемдері бойынша анықтау және іріктеменің нені жасыра алатынын көру: тек Дрим аралының құстарында үйренген модель (онда тек Адели және антарктикалық пингвиндер тіршілік етеді) папуалық пингвинді ешқашан көрмеген, сондықтан барлық аралдарда тексергенде әр папуалық пингвинді басқа түр деп атайды. Тұмсықтың ұзындығы мен биіктігі бірге үш түрді әрқайсысы жеке алғандағыдан әлдеқайда жақсы ажыратады.",
			RU: "Определять вид по размерам тела и увидеть, что может скрывать выборка: модель, обученная только на птицах острова Дрим (там живут лишь пингвины Адели и антарктические пингвины), никогда не видела папуанского пингвина и при проверке на всех островах называет каждого из них другим видом. Длина и высота клюва вместе разделяют три вида гораздо лучше, чем каждая по отдельности.",
			EN: "To tell species apart by body measurements, and to see what a sample can hide: a model trained on the birds of Dream island only (Adélie and Chinstrap penguins live there) has never seen a Gentoo, and when tested on all islands calls every Gentoo something else. Bill length and bill depth together separate the three species far better than either alone.",
		},
		NotFor: i18n.Text{
			KK: "Палмер зерттеуінің нақты деректері емес және пингвиндерді зерттеуге арналмаған: құстар жиынтық сандардан алынған, өлшемдер арасындағы байланыс, жыныстар мен жылдар жоқ. Ешбір нақты колония туралы қорытынды жасауға болмайды.",
			RU: "Не настоящие данные исследования Палмера и не для изучения пингвинов: птицы получены из сводных чисел, без связей между измерениями, без полов и лет. Не для выводов о какой-либо настоящей колонии.",
			EN: "Not the real Palmer data and not for research on penguins: the birds are drawn from summary figures, without the ties between measurements, the sexes or the years. Not for conclusions about any real colony.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			{KK: "Адели пингвині", RU: "пингвин Адели", EN: "Adélie"},
			{KK: "Антарктикалық пингвин", RU: "антарктический пингвин", EN: "Chinstrap"},
			{KK: "Папуалық пингвин", RU: "папуанский пингвин", EN: "Gentoo"},
		},
		Features: map[string]i18n.Text{
			"bill_length":    {KK: "Тұмсық ұзындығы (мм)", RU: "Длина клюва (мм)", EN: "Bill length (mm)"},
			"bill_depth":     {KK: "Тұмсық биіктігі (мм)", RU: "Высота клюва (мм)", EN: "Bill depth (mm)"},
			"flipper_length": {KK: "Қанат (ескек) ұзындығы (мм)", RU: "Длина крыла-ласта (мм)", EN: "Flipper length (mm)"},
			"body_mass":      {KK: "Дене массасы (г)", RU: "Масса тела (г)", EN: "Body mass (g)"},
		},
	}
}
