package datasets

// The elements set: reference values of the first 36 elements
//
// The values below were typed by hand from public reference tables; nothing
// is generated. Sources, column by column:
//   - atomic mass (u): IUPAC standard atomic weights, abridged (Ar as 39.95,
//     the abridged value since 2017);
//   - electronegativity (Pauling scale), first ionisation energy (kJ/mol),
//     density and melting point: the values commonly tabulated from the
//     CRC Handbook of Chemistry and Physics (editions and tables differ in
//     the last digit);
//   - radius: single-bond covalent radius in pm from B. Cordero et al.,
//     "Covalent radii revisited", Dalton Trans. 2008, 2832–2838, Table 2
//     (carbon's sp³ value; the low-spin values for Mn, Fe and Co).
//
// Conventions:
//   - density in g/cm³, near room temperature (20–25 °C) for solids and
//     liquids, at 0 °C and 101.325 kPa for gases; graphite for C, white
//     phosphorus for P, α-sulfur for S, grey arsenic for As, grey selenium
//     for Se;
//   - melting point in K at normal pressure; C and As sublime instead of
//     melting at normal pressure, so their sublimation points are given
//     (3915 K, 887 K); He never solidifies at normal pressure, so its
//     melting point is the one under 2.5 MPa (0.95 K);
//   - He, Ne and Ar have no Pauling electronegativity (they form no bonds
//     to measure it from): they are listed by Elements with 0 and left out
//     of the table; Kr has one (3.00, from its fluorides) and stays;
//   - classes: the usual school convention, with B, Si, Ge and As as the
//     metalloids among these elements, and Se as a non-metal.

import (
	"math/rand/v2"
	"slices"

	"github.com/aisandbox/aisandbox/i18n"
)

// The classes of the elements set, in label order.
const (
	classMetal     = "metal"
	classNonmetal  = "nonmetal"
	classMetalloid = "metalloid"
)

// Element holds reference values of one chemical element (see the top of
// chemistry.go for their sources).
type Element struct {
	// Z is the atomic number.
	Z int
	// Symbol is the chemical symbol, e.g. "Na".
	Symbol string
	// Mass is the standard atomic weight, in u (daltons).
	Mass float64
	// Electronegativity is on the Pauling scale (no unit); 0 for an element
	// that has none (He, Ne, Ar).
	Electronegativity float64
	// Ionisation is the first ionisation energy, in kJ/mol.
	Ionisation float64
	// Radius is the single-bond covalent radius, in pm.
	Radius float64
	// Density is in g/cm³: near room temperature for solids and liquids, at
	// 0 °C and 101.325 kPa for gases.
	Density float64
	// Melting is the melting point at normal pressure, in K; the
	// sublimation point for C and As, and the melting point under 2.5 MPa
	// for He.
	Melting float64
	// Class is "metal", "nonmetal" or "metalloid".
	Class string
}

// elementTable holds H to Kr, in order of atomic number.
var elementTable = [...]Element{
	{1, "H", 1.008, 2.20, 1312.0, 31, 0.00008988, 13.99, classNonmetal},
	{2, "He", 4.0026, 0, 2372.3, 28, 0.0001786, 0.95, classNonmetal},
	{3, "Li", 6.94, 0.98, 520.2, 128, 0.534, 453.65, classMetal},
	{4, "Be", 9.0122, 1.57, 899.5, 96, 1.85, 1560, classMetal},
	{5, "B", 10.81, 2.04, 800.6, 84, 2.34, 2349, classMetalloid},
	{6, "C", 12.011, 2.55, 1086.5, 76, 2.267, 3915, classNonmetal},
	{7, "N", 14.007, 3.04, 1402.3, 71, 0.0012506, 63.15, classNonmetal},
	{8, "O", 15.999, 3.44, 1313.9, 66, 0.001429, 54.36, classNonmetal},
	{9, "F", 18.998, 3.98, 1681.0, 57, 0.001696, 53.48, classNonmetal},
	{10, "Ne", 20.180, 0, 2080.7, 58, 0.0009002, 24.56, classNonmetal},
	{11, "Na", 22.990, 0.93, 495.8, 166, 0.968, 370.94, classMetal},
	{12, "Mg", 24.305, 1.31, 737.7, 141, 1.738, 923, classMetal},
	{13, "Al", 26.982, 1.61, 577.5, 121, 2.70, 933.47, classMetal},
	{14, "Si", 28.085, 1.90, 786.5, 111, 2.329, 1687, classMetalloid},
	{15, "P", 30.974, 2.19, 1011.8, 107, 1.823, 317.3, classNonmetal},
	{16, "S", 32.06, 2.58, 999.6, 105, 2.07, 388.36, classNonmetal},
	{17, "Cl", 35.45, 3.16, 1251.2, 102, 0.003214, 171.6, classNonmetal},
	{18, "Ar", 39.95, 0, 1520.6, 106, 0.001784, 83.81, classNonmetal},
	{19, "K", 39.098, 0.82, 418.8, 203, 0.862, 336.7, classMetal},
	{20, "Ca", 40.078, 1.00, 589.8, 176, 1.55, 1115, classMetal},
	{21, "Sc", 44.956, 1.36, 633.1, 170, 2.985, 1814, classMetal},
	{22, "Ti", 47.867, 1.54, 658.8, 160, 4.506, 1941, classMetal},
	{23, "V", 50.942, 1.63, 650.9, 153, 6.0, 2183, classMetal},
	{24, "Cr", 51.996, 1.66, 652.9, 139, 7.19, 2180, classMetal},
	{25, "Mn", 54.938, 1.55, 717.3, 139, 7.21, 1519, classMetal},
	{26, "Fe", 55.845, 1.83, 762.5, 132, 7.874, 1811, classMetal},
	{27, "Co", 58.933, 1.88, 760.4, 126, 8.90, 1768, classMetal},
	{28, "Ni", 58.693, 1.91, 737.1, 124, 8.908, 1728, classMetal},
	{29, "Cu", 63.546, 1.90, 745.5, 132, 8.96, 1357.77, classMetal},
	{30, "Zn", 65.38, 1.65, 906.4, 122, 7.14, 692.68, classMetal},
	{31, "Ga", 69.723, 1.81, 578.8, 122, 5.91, 302.91, classMetal},
	{32, "Ge", 72.630, 2.01, 762.0, 120, 5.323, 1211.40, classMetalloid},
	{33, "As", 74.922, 2.18, 947.0, 119, 5.727, 887, classMetalloid},
	{34, "Se", 78.971, 2.55, 941.0, 120, 4.81, 494, classNonmetal},
	{35, "Br", 79.904, 2.96, 1139.9, 120, 3.1028, 265.8, classNonmetal},
	{36, "Kr", 83.798, 3.00, 1350.8, 116, 0.003749, 115.78, classNonmetal},
}

// Elements returns the reference values of the first 36 elements, H to Kr,
// in order of atomic number, including He, Ne and Ar, which the elements
// table leaves out. The slice is the caller's own.
func Elements() []Element {
	return slices.Clone(elementTable[:])
}

// elementRows returns the elements the table holds: those with every value,
// i.e. all but the three without a Pauling electronegativity.
func elementRows() []Element {
	var rows []Element
	for _, e := range elementTable {
		if e.Electronegativity > 0 {
			rows = append(rows, e)
		}
	}
	return rows
}

// elementsCount is the number of rows of the full elements table: 36
// elements less He, Ne and Ar.
const elementsCount = 33

// ElementsTable returns n elements from H to Kr that have a Pauling
// electronegativity, in order of atomic number, with classes "metal",
// "nonmetal", "metalloid" and features "atomic_number", "atomic_mass" (u),
// "electronegativity" (Pauling), "ionisation_energy" (kJ/mol),
// "covalent_radius" (pm), "density" (g/cm³) and "melting_point" (K). With n
// of 33 or more it returns all 33; with fewer, n of them chosen with rng.
// noise is not used: the values are reference values.
func ElementsTable(n int, noise float64, rng *rand.Rand) *Table {
	rows := elementRows()
	if n < len(rows) {
		pick := rng.Perm(len(rows))[:max(n, 0)]
		slices.Sort(pick)
		chosen := make([]Element, len(pick))
		for k, i := range pick {
			chosen[k] = rows[i]
		}
		rows = chosen
	}
	t := &Table{
		Name: "elements",
		Features: []string{
			"atomic_number", "atomic_mass", "electronegativity", "ionisation_energy",
			"covalent_radius", "density", "melting_point",
		},
		Classes: []string{classMetal, classNonmetal, classMetalloid},
		X:       make([][]float64, len(rows)),
		Y:       make([]int, len(rows)),
	}
	for i, e := range rows {
		t.X[i] = []float64{
			float64(e.Z), e.Mass, e.Electronegativity, e.Ionisation,
			e.Radius, e.Density, e.Melting,
		}
		t.Y[i] = slices.Index(t.Classes, e.Class)
	}
	return t
}

func elementsGenerator() Generator {
	return Generator{
		Name: "elements",
		Card: elementsCard(),
		// The whole table by default; fewer rows are a random choice of
		// elements, so there are never more than the 33 there are.
		DefaultN: elementsCount,
		MaxN:     elementsCount,
		// Reference values carry no noise to choose.
		DefaultNoise: 0,
		MaxNoise:     0,
		Make:         ElementsTable,
	}
}

func elementsCard() Card {
	return Card{
		Title: i18n.Text{KK: "Химиялық элементтер (H – Kr)", RU: "Химические элементы (H – Kr)", EN: "Chemical elements (H to Kr)"},
		Source: i18n.Text{
			KK: "Алғашқы 36 элементтің (сутектен криптонға дейін) нақты анықтамалық мәндері: оларды бағдарлама жасамайды, осы бағдарламаның авторлары ашық анықтамалық кестелерден қолмен енгізген. Атомдық масса (u) — IUPAC стандартты атомдық массалары (қысқартылған); Полинг шкаласы бойынша электртерістілік, бірінші иондану энергиясы (кДж/моль), тығыздық пен балқу температурасы — CRC Handbook of Chemistry and Physics анықтамалығынан әдетте келтірілетін мәндер; радиус — Cordero және әріптестерінің жай байланыс коваленттік радиусы, пикометрмен («Covalent radii revisited», Dalton Transactions, 2008; Mn, Fe және Co үшін төмен спинді мәндер). Тығыздық г/см³-пен: қатты және сұйық заттар үшін бөлме температурасында (шамамен 20–25 °C), газдар үшін 0 °C пен 101,325 кПа кезінде; графит (C), ақ фосфор (P), α-күкірт (S), сұр мышьяк (As) және сұр селен (Se) үшін. Балқу температурасы кельвинмен, қалыпты қысымда; көміртек пен мышьяк қалыпты қысымда балқымай, бірден газға айналады, сондықтан олар үшін сублимация температурасы берілген (3915 K және 887 K). Гелий, неон және аргон алынып тасталған: олардың Полинг бойынша электртерістілігі жоқ, себебі олар оны өлшеуге болатын байланыс түзбейді; криптонның мәні бар (3,00), сондықтан ол қалады, барлығы 33 элемент. Кластар мектептегі әдеттегі келісім бойынша: B, Si, Ge және As — металлоидтар; H, C, N, O, F, P, S, Cl, Se, Br және Kr — бейметалдар; қалған 18 элемент — металдар. Әдепкі бойынша кестеде 33 элементтің бәрі бар; азырақ сұралса, сонша элемент тұқым (seed) бойынша кездейсоқ таңдалып, атомдық нөмір ретімен беріледі. Шу қосылмайды.",
			RU: "Настоящие справочные значения для первых 36 элементов (от водорода до криптона): программа их не создаёт, авторы программы ввели их вручную из открытых справочных таблиц. Атомная масса (а. е. м.) — стандартные атомные массы IUPAC (сокращённые); электроотрицательность по шкале Полинга, первая энергия ионизации (кДж/моль), плотность и температура плавления — значения, обычно приводимые по справочнику CRC Handbook of Chemistry and Physics; радиус — ковалентный радиус одинарной связи в пикометрах по Cordero и соавторам («Covalent radii revisited», Dalton Transactions, 2008; для Mn, Fe и Co — низкоспиновые значения). Плотность в г/см³: для твёрдых веществ и жидкостей при комнатной температуре (около 20–25 °C), для газов при 0 °C и 101,325 кПа; для графита (C), белого фосфора (P), α-серы (S), серого мышьяка (As) и серого селена (Se). Температура плавления в кельвинах при нормальном давлении; углерод и мышьяк при нормальном давлении не плавятся, а сразу переходят в газ, поэтому для них дана температура сублимации (3915 K и 887 K). Гелий, неон и аргон исключены: у них нет электроотрицательности по Полингу, потому что они не образуют связей, по которым её можно измерить; у криптона она есть (3,00), и он остаётся — всего 33 элемента. Классы — по обычному школьному соглашению: B, Si, Ge и As — металлоиды; H, C, N, O, F, P, S, Cl, Se, Br и Kr — неметаллы; остальные 18 элементов — металлы. По умолчанию в таблице все 33 элемента; если запросить меньше, столько элементов выбирается случайно по зерну (seed), в порядке атомного номера. Шум не добавляется.",
			EN: "Real reference values for the first 36 elements, hydrogen to krypton: not generated, but typed by hand by the authors of this program from public reference tables. Atomic mass (u): IUPAC standard atomic weights, abridged; electronegativity on the Pauling scale, first ionisation energy (kJ/mol), density and melting point: the values commonly tabulated from the CRC Handbook of Chemistry and Physics; radius: the single-bond covalent radius in picometres of Cordero and co-workers (\"Covalent radii revisited\", Dalton Transactions, 2008; low-spin values for Mn, Fe and Co). Density is in g/cm³, near room temperature (about 20–25 °C) for solids and liquids and at 0 °C and 101.325 kPa for gases; for graphite (C), white phosphorus (P), α-sulfur (S), grey arsenic (As) and grey selenium (Se). Melting point is in kelvin at normal pressure; carbon and arsenic do not melt at normal pressure but turn straight into gas, so their sublimation temperatures are given (3915 K and 887 K). Helium, neon and argon are left out: they have no Pauling electronegativity, because they form no bonds from which it could be measured; krypton has one (3.00) and stays, which leaves 33 elements. Classes follow the usual school convention: B, Si, Ge and As are metalloids; H, C, N, O, F, P, S, Cl, Se, Br and Kr are non-metals; the other 18 elements are metals. By default the table holds all 33 elements; asking for fewer gives that many, chosen at random by the seed, in order of atomic number. No noise is added.",
		},
		Purpose: i18n.Text{
			KK: "Элементтерді қасиеттері бойынша металдарға, бейметалдарға және металлоидтарға бөлу және модельдің неде, неліктен қателесетінін талқылау: металлоидтар аз (33-тің 4-еуі) және қалған екі топтың арасында жатады; сутек — 1-топта металдардың үстінде тұрған бейметалл; 33 жол кез келген модель үшін аз, сондықтан бір оқу/тест бөлінісі сәтті де, сәтсіз де болуы мүмкін. Электртерістіліктің өзі кластарды дерлік бөледі: мұндағы әр металдікі 1,91-ден аспайды, әр бейметалдікі кемінде 2,19, ал металлоидтар олардың арасында жатады (тек кремний, 1,90, металдар қатарына түседі).",
			RU: "Разделить элементы на металлы, неметаллы и металлоиды по их свойствам и обсудить, где и почему модель ошибается: металлоидов мало (4 из 33), и они лежат между двумя другими группами; водород — неметалл, который стоит в 1-й группе над металлами; 33 строки — это мало для любой модели, так что одно деление на обучение и тест может оказаться удачным или неудачным. Одна электроотрицательность почти разделяет классы: у каждого металла здесь она не больше 1,91, у каждого неметалла не меньше 2,19, а металлоиды лежат между ними (только кремний, 1,90, попадает к металлам).",
			EN: "To sort elements into metals, non-metals and metalloids by their properties, and to discuss what the model gets wrong and why: the metalloids are few (4 of 33) and lie between the other two groups; hydrogen is a non-metal that stands above the metals in group 1; and 33 rows are few for any model, so one train/test split can be lucky or unlucky. Electronegativity alone nearly separates the classes: every metal here has at most 1.91, every non-metal at least 2.19, and the metalloids lie between (only silicon, 1.90, falls among the metals).",
		},
		NotFor: i18n.Text{
			KK: "Мән іздеуге арналған анықтамалық емес: мәндер қолмен енгізіліп, дөңгелектенген, ал әртүрлі дереккөздерде соңғы цифрлары өзгеше болуы мүмкін. Ауыр немесе жаңа элементтердің қасиеттерін болжауға арналмаған: 33 жеңіл элемент периодтық кестенің қалған бөлігі туралы аз айтады. Металдар, металлоидтар мен бейметалдар арасындағы шекара өлшеу емес, келісім: басқа кітаптар оны басқаша жүргізеді (мысалы, селенді металлоид деп санайды).",
			RU: "Не справочник, чтобы искать в нём значения: они введены вручную и округлены, а в разных источниках последние цифры могут отличаться. Не для предсказания свойств тяжёлых или новых элементов: 33 лёгких элемента мало говорят об остальной периодической таблице. Граница между металлами, металлоидами и неметаллами — соглашение, а не измерение: в других книгах её проводят иначе (например, считают селен металлоидом).",
			EN: "Not a reference table to look values up in: they were typed by hand and rounded, and sources differ in the last digits. Not for predicting the properties of heavier or new elements: 33 light elements say little about the rest of the periodic table. The line between metals, metalloids and non-metals is a convention, not a measurement: other books draw it differently (some count selenium as a metalloid).",
		},
		Synthetic: false,
		Classes: []i18n.Text{
			{KK: "металл", RU: "металл", EN: "metal"},
			{KK: "бейметалл", RU: "неметалл", EN: "non-metal"},
			{KK: "металлоид", RU: "металлоид", EN: "metalloid"},
		},
		Features: map[string]i18n.Text{
			"atomic_number":     {KK: "Атомдық нөмір Z", RU: "Атомный номер Z", EN: "Atomic number Z"},
			"atomic_mass":       {KK: "Атомдық масса (u)", RU: "Атомная масса (а. е. м.)", EN: "Atomic mass (u)"},
			"electronegativity": {KK: "Электртерістілік (Полинг бойынша)", RU: "Электроотрицательность (по Полингу)", EN: "Electronegativity (Pauling)"},
			"ionisation_energy": {KK: "Бірінші иондану энергиясы (кДж/моль)", RU: "Первая энергия ионизации (кДж/моль)", EN: "First ionisation energy (kJ/mol)"},
			"covalent_radius":   {KK: "Коваленттік радиус (пм)", RU: "Ковалентный радиус (пм)", EN: "Covalent radius (pm)"},
			"density":           {KK: "Тығыздық (г/см³)", RU: "Плотность (г/см³)", EN: "Density (g/cm³)"},
			"melting_point":     {KK: "Балқу температурасы (K)", RU: "Температура плавления (K)", EN: "Melting point (K)"},
		},
	}
}
