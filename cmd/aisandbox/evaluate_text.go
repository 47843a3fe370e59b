package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/aisandbox/aisandbox/evaluate"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// The report evaluate prints for people, in Kazakh, Russian or English.
// Every text is an i18n.Text whose placeholders are all %s (indexed as
// %[2]s where a language orders them differently), filled with text
// already formatted for the language: decimal commas in Kazakh and
// Russian, "not defined (why)" instead of NaN.

// evalTexts holds every text of the report.
var evalTexts = struct {
	Started, Validation, Done, Stopped, TrainFailed, EvalFailed            i18n.Text
	Attributes, Dropped, Mitigation, Reweight, Resample, GroupsHint        i18n.Text
	TestAccuracy, ValAccuracy, AccuracyLine, IntervalHelp                  i18n.Text
	Confusion, Corner, ColClass, ColExamples, ColPrecision, ColRecall      i18n.Text
	MacroF1, PerClassHelp, Threshold                                       i18n.Text
	GroupsHeading, GroupsFeature, GroupsNotFeature, ColGroup, ColBase      i18n.Text
	ColSelected, ColAccuracy, ColThreshold, GroupsHelp, SmallGroup         i18n.Text
	GapsHeading, GapDP, GapDPFormula, GapDPRatio, GapDPRatioFormula        i18n.Text
	GapEO, GapEOFormula, GapEOdds, GapEOddsFormula                         i18n.Text
	SweepHeading, ColParity, ColOpportunity, ColOdds                       i18n.Text
	ShortcutHeading, Background, NormalSet, ReversedSet, Drop, NoDrop      i18n.Text
	Wrong, WrongNone, WrongLine, Row, Picture, Sentence                    i18n.Text
	RegTest, RegVal, RegHelp, RegWorst, RegWorstMany                       i18n.Text
	CurveHeading, MetricAccuracy, ColShare, ColTrainedOn, ColTraining      i18n.Text
	ColTest, CurveHelp                                                     i18n.Text
	ProbeAttribute, ProbeProxy, Medians, NotSeen, Flips, AllRows           i18n.Text
	ProbeExamples, ProbeText, ColSentences, ColKnown, ColAnswered, ColMean i18n.Text
	TextKnownHelp, TextPairs, TextNoFlips                                  i18n.Text
	ProbeBackground, Original, Swapped, AllPictures                        i18n.Text
	ProbeExtrapolate, Inside, Beyond, ExtrapolateHelp, NotDefined          i18n.Text
}{
	Started: i18n.Text{
		EN: "Training on %s examples, testing on %s.",
		RU: "Обучающих примеров: %s, тестовых: %s.",
		KK: "Оқу мысалдары: %s, тест мысалдары: %s.",
	},
	Validation: i18n.Text{
		EN: "Examples kept apart for validation: %s.",
		RU: "Примеров, отложенных для валидации: %s.",
		KK: "Валидацияға бөлек қалдырылған мысалдар: %s.",
	},
	Done: i18n.Text{
		EN: "Trained in %s s; steps: %s, parameters learned: %s.",
		RU: "Обучено за %s с; шагов: %s, выученных параметров: %s.",
		KK: "%s с ішінде оқытылды; қадамдар: %s, үйренген параметрлер: %s.",
	},
	Stopped: i18n.Text{
		EN: "Stopped after %s of %s steps: the model is evaluated as it was then.",
		RU: "Остановлено после шага %s из %s: модель оценивается такой, какой была в тот момент.",
		KK: "Оқыту %s/%s қадамнан кейін тоқтатылды: модель сол сәттегі күйінде бағаланады.",
	},
	TrainFailed: i18n.Text{
		EN: "Training failed (%s): %s",
		RU: "Обучение не удалось (%s): %s",
		KK: "Оқыту сәтсіз аяқталды (%s): %s",
	},
	EvalFailed: i18n.Text{
		EN: "Evaluation failed (%s): %s",
		RU: "Оценка не удалась (%s): %s",
		KK: "Бағалау сәтсіз аяқталды (%s): %s",
	},
	Attributes: i18n.Text{
		EN: "Groups given to the model as features: %s.",
		RU: "Группы, данные модели как признаки: %s.",
		KK: "Модельге белгі ретінде берілген топтар: %s.",
	},
	Dropped: i18n.Text{
		EN: "Features left out: %s.",
		RU: "Убранные признаки: %s.",
		KK: "Алынып тасталған белгілер: %s.",
	},
	Mitigation: i18n.Text{
		EN: "Bias mitigation: %s, balancing the groups of “%s”.",
		RU: "Смягчение предвзятости: %s, выравниваются группы по «%s».",
		KK: "Біржақтылықты жұмсарту: %s, «%s» бойынша топтар теңестірілді.",
	},
	Reweight: i18n.Text{EN: "reweighting", RU: "перевзвешивание", KK: "салмақтарды қайта бөлу"},
	Resample: i18n.Text{EN: "resampling", RU: "перевыборка", KK: "қайта іріктеу"},
	GroupsHint: i18n.Text{
		EN: "This data has groups (%[1]s): add --by %[2]s to score the model group by group.",
		RU: "В этих данных есть группы (%[1]s): добавь --by %[2]s, чтобы оценить модель по группам.",
		KK: "Бұл деректерде топтар бар (%[1]s): модельді топтар бойынша бағалау үшін --by %[2]s қос.",
	},
	TestAccuracy: i18n.Text{EN: "Test accuracy:", RU: "Точность на тесте:", KK: "Тесттегі дәлдік:"},
	ValAccuracy:  i18n.Text{EN: "Validation accuracy:", RU: "Точность на валидации:", KK: "Валидациядағы дәлдік:"},
	AccuracyLine: i18n.Text{
		EN: "%s (%s of %s right), 95%% interval %s to %s",
		RU: "%s (верно %s из %s), 95-процентный интервал — от %s до %s",
		KK: "%s (%s/%s дұрыс), 95 %% аралық: %s – %s",
	},
	IntervalHelp: i18n.Text{
		EN: "The interval shows how sure that number is: the fewer the test examples, the wider it is, and the true accuracy may lie anywhere in it.",
		RU: "Интервал показывает, насколько надёжно это число: чем меньше тестовых примеров, тем он шире, и настоящая точность может оказаться где угодно внутри него.",
		KK: "Аралық бұл санның қаншалықты сенімді екенін көрсетеді: тест мысалдары неғұрлым аз болса, ол соғұрлым кең, ал нақты дәлдік оның кез келген жерінде болуы мүмкін.",
	},
	Confusion: i18n.Text{
		EN: "Confusion matrix (rows: the true class; columns: the model's answer):",
		RU: "Матрица ошибок (строки — настоящий класс, столбцы — ответ модели):",
		KK: "Қателер матрицасы (жолдар — нақты класс, бағандар — модельдің жауабы):",
	},
	Corner:       i18n.Text{EN: "true↓ answer→", RU: "истина↓ ответ→", KK: "нақты↓ жауап→"},
	ColClass:     i18n.Text{EN: "Class", RU: "Класс", KK: "Класс"},
	ColExamples:  i18n.Text{EN: "Examples", RU: "Примеров", KK: "Мысалдар"},
	ColPrecision: i18n.Text{EN: "Precision", RU: "Precision (точность)", KK: "Precision (дәлдік)"},
	ColRecall:    i18n.Text{EN: "Recall", RU: "Recall (полнота)", KK: "Recall (толықтық)"},
	MacroF1: i18n.Text{
		EN: "Macro F1 (the mean F1 over the classes): %s",
		RU: "Macro F1 (среднее F1 по классам): %s",
		KK: "Macro F1 (кластар бойынша орташа F1): %s",
	},
	PerClassHelp: i18n.Text{
		EN: "Precision: when the model names the class, how often it is right. Recall: of the examples of the class, the share it finds. F1 is high only when both are.",
		RU: "Precision: когда модель называет этот класс, как часто она права. Recall: какую долю примеров этого класса она находит. F1 высок, только когда высоки оба.",
		KK: "Precision: модель осы класты атағанда, қаншалықты жиі дұрыс болады. Recall: осы кластың мысалдарының қандай үлесін табады. F1 екеуі де жоғары болғанда ғана жоғары.",
	},
	Threshold: i18n.Text{
		EN: "Decision threshold %[1]s: the model answers “%[2]s” when P(%[2]s) is at least %[1]s.",
		RU: "Порог решения: %[1]s — модель отвечает «%[2]s», когда P(%[2]s) не меньше %[1]s.",
		KK: "Шешім шегі: %[1]s — P(%[2]s) кемінде %[1]s болса, модель «%[2]s» деп жауап береді.",
	},
	GroupsHeading: i18n.Text{
		EN: "Groups of “%s” (the positive answer: “%s”):",
		RU: "Группы по «%s» (положительный ответ — «%s»):",
		KK: "«%s» бойынша топтар (оң жауап — «%s»):",
	},
	GroupsFeature: i18n.Text{
		EN: "The model was given “%s” as a feature.",
		RU: "Модели дали «%s» как признак.",
		KK: "Модельге «%s» белгі ретінде берілді.",
	},
	GroupsNotFeature: i18n.Text{
		EN: "The model does not see “%s”, but it can still treat the groups differently through features that go with it.",
		RU: "Модель не видит «%s», но может по-разному относиться к группам через признаки, связанные с ним.",
		KK: "Модель «%s» бағанын көрмейді, бірақ онымен байланысты белгілер арқылы топтарға әртүрлі қарауы мүмкін.",
	},
	ColGroup:     i18n.Text{EN: "Group", RU: "Группа", KK: "Топ"},
	ColBase:      i18n.Text{EN: "Base rate", RU: "Базовая доля", KK: "Базалық үлес"},
	ColSelected:  i18n.Text{EN: "Selected", RU: "Отобрано", KK: "Іріктелгені"},
	ColAccuracy:  i18n.Text{EN: "Accuracy", RU: "Точность", KK: "Дәлдік"},
	ColThreshold: i18n.Text{EN: "Threshold", RU: "Порог", KK: "Шек"},
	GroupsHelp: i18n.Text{
		EN: "Base rate: the share truly “%[1]s”. Selected: the share the model answers “%[1]s”. TPR: of those truly “%[1]s”, the share it finds; FNR: the share it misses (1 − TPR). FPR: of the others, the share it wrongly answers “%[1]s”.",
		RU: "Базовая доля — доля тех, кто на самом деле «%[1]s». Отобрано — доля тех, кому модель ответила «%[1]s». TPR — какую долю настоящих «%[1]s» модель находит; FNR — какую пропускает (1 − TPR). FPR — какой доле остальных модель ошибочно отвечает «%[1]s».",
		KK: "Базалық үлес — шынында «%[1]s» болғандардың үлесі. Іріктелгені — модель «%[1]s» деп жауап бергендердің үлесі. TPR — шынында «%[1]s» болғандардың ішінен модель тапқан үлес; FNR — ол жіберіп алған үлес (1 − TPR). FPR — қалғандарының ішінен модель қателесіп «%[1]s» деген үлес.",
	},
	SmallGroup: i18n.Text{
		EN: "Few examples behind the rates of “%s” (as few as %s): they can move a lot by chance; look at the counts before drawing conclusions.",
		RU: "За долями группы «%s» мало примеров (всего %s): они могут сильно меняться случайно; прежде чем делать выводы, посмотри на количества.",
		KK: "«%s» тобының үлестерінің артында мысал аз (небәрі %s): олар кездейсоқ қатты өзгеруі мүмкін; қорытынды жасамас бұрын сандарына қара.",
	},
	GapsHeading:  i18n.Text{EN: "Gaps between the groups:", RU: "Разрывы между группами:", KK: "Топтар арасындағы алшақтық:"},
	GapDP:        i18n.Text{EN: "Demographic-parity difference", RU: "Разница демографического паритета", KK: "Демографиялық паритет айырмасы"},
	GapDPFormula: i18n.Text{EN: "highest selection rate − lowest (0 = equal)", RU: "наибольшая доля отобранных − наименьшая (0 — поровну)", KK: "ең үлкен іріктелу үлесі − ең кішісі (0 — тең)"},
	GapDPRatio:   i18n.Text{EN: "Demographic-parity ratio", RU: "Отношение демографического паритета", KK: "Демографиялық паритет қатынасы"},
	GapDPRatioFormula: i18n.Text{
		EN: "lowest selection rate ÷ highest (1 = equal; below 0.8 is a warning sign)",
		RU: "наименьшая доля отобранных ÷ наибольшая (1 — поровну; ниже 0,8 — тревожный знак)",
		KK: "ең кіші іріктелу үлесі ÷ ең үлкені (1 — тең; 0,8-ден төмен — қауіп белгісі)",
	},
	GapEO: i18n.Text{EN: "Equal-opportunity difference", RU: "Разница равных возможностей", KK: "Тең мүмкіндік айырмасы"},
	GapEOFormula: i18n.Text{
		EN: "highest TPR − lowest (0 = the deserving are found equally often)",
		RU: "наибольший TPR − наименьший (0 — достойных находят одинаково часто)",
		KK: "ең үлкен TPR − ең кішісі (0 — лайықтылар бірдей жиі табылады)",
	},
	GapEOdds: i18n.Text{EN: "Equalised-odds difference", RU: "Разница уравненных шансов", KK: "Теңестірілген мүмкіндіктер айырмасы"},
	GapEOddsFormula: i18n.Text{
		EN: "the larger of the TPR gap and the FPR gap (0 = the model errs alike in every group)",
		RU: "больший из разрывов по TPR и по FPR (0 — модель ошибается одинаково во всех группах)",
		KK: "TPR және FPR алшақтықтарының үлкені (0 — модель әр топта бірдей қателеседі)",
	},
	SweepHeading: i18n.Text{
		EN: "Accuracy and the gaps (differences) at other thresholds, the same for every group (← the one in use):",
		RU: "Точность и разрывы (разницы) при других порогах, одинаковых для всех групп (← текущий):",
		KK: "Басқа шектердегі дәлдік пен алшақтықтар (айырмалар), барлық топқа бірдей шек (← қазіргісі):",
	},
	ColParity:      i18n.Text{EN: "Demographic parity", RU: "Дем. паритет", KK: "Дем. паритет"},
	ColOpportunity: i18n.Text{EN: "Equal opportunity", RU: "Равные возможности", KK: "Тең мүмкіндік"},
	ColOdds:        i18n.Text{EN: "Equalised odds", RU: "Уравненные шансы", KK: "Теңестірілген мүмкіндіктер"},
	ShortcutHeading: i18n.Text{
		EN: "Shortcut test: in training the shortcut (“%[1]s”) agreed with the class as the dial said (%[2]s); the reversed test set makes it lie:",
		RU: "Проверка подсказки: при обучении подсказка («%[1]s») совпадала с классом так, как задал регулятор (%[2]s); в перевёрнутом тесте она обманывает:",
		KK: "Жалған белгі сынағы: оқу кезінде жалған белгі («%[1]s») класпен реттегіш көрсеткендей сәйкес келді (%[2]s); төңкерілген тестте ол алдайды:",
	},
	Background:  i18n.Text{EN: "background", RU: "фон", KK: "фон"},
	NormalSet:   i18n.Text{EN: "Normal test set:", RU: "Обычный тест:", KK: "Қалыпты тест:"},
	ReversedSet: i18n.Text{EN: "Reversed test set:", RU: "Перевёрнутый тест:", KK: "Төңкерілген тест:"},
	Drop: i18n.Text{
		EN: "Accuracy falls by %s points when the shortcut lies: the larger the fall, the more the model leans on the shortcut.",
		RU: "Когда подсказка обманывает, точность падает на %s п. п.: чем больше падение, тем сильнее модель опирается на подсказку.",
		KK: "Жалған белгі алдағанда дәлдік %s пайыздық тармаққа төмендейді: төмендеу неғұрлым үлкен болса, модель жалған белгіге соғұрлым көп сүйенеді.",
	},
	NoDrop: i18n.Text{
		EN: "Accuracy does not fall when the shortcut lies (change: %s points): the model does not lean on it.",
		RU: "Когда подсказка обманывает, точность не падает (изменение: %s п. п.): модель на неё не опирается.",
		KK: "Жалған белгі алдағанда дәлдік төмендемейді (өзгерісі: %s пайыздық тармақ): модель оған сүйенбейді.",
	},
	Wrong: i18n.Text{
		EN: "Wrong answers: %s of %s test examples; the surest mistakes first:",
		RU: "Неверных ответов: %s из %s тестовых примеров; сначала самые уверенные ошибки:",
		KK: "Қате жауаптар: %s/%s тест мысалы; ең сенімді қателер алдымен:",
	},
	WrongNone: i18n.Text{
		EN: "The model got every test example right.",
		RU: "Модель ответила верно на все тестовые примеры.",
		KK: "Модель барлық тест мысалына дұрыс жауап берді.",
	},
	WrongLine: i18n.Text{
		EN: "%[1]s: truly “%[2]s”, the model said “%[3]s” (%[4]s sure)",
		RU: "%[1]s: на самом деле «%[2]s», модель ответила «%[3]s» (уверенность %[4]s)",
		KK: "%[1]s: шынында «%[2]s», модель «%[3]s» деді (сенімділігі %[4]s)",
	},
	Row:      i18n.Text{EN: "row %s", RU: "строка %s", KK: "%s-жол"},
	Picture:  i18n.Text{EN: "picture %s", RU: "картинка %s", KK: "%s-сурет"},
	Sentence: i18n.Text{EN: "sentence %s", RU: "предложение %s", KK: "%s-сөйлем"},
	RegTest: i18n.Text{
		EN: "On the test examples (%s): MSE %s, MAE %s, R² %s.",
		RU: "На тестовых примерах (%s): MSE %s, MAE %s, R² %s.",
		KK: "Тест мысалдарында (%s): MSE %s, MAE %s, R² %s.",
	},
	RegVal: i18n.Text{
		EN: "On the validation examples (%s): MSE %s, MAE %s, R² %s.",
		RU: "На валидационных примерах (%s): MSE %s, MAE %s, R² %s.",
		KK: "Валидация мысалдарында (%s): MSE %s, MAE %s, R² %s.",
	},
	RegHelp: i18n.Text{
		EN: "MSE: the mean squared error; MAE: the mean absolute error, in the units of “%s”; R²: 1 is perfect, 0 no better than always guessing the mean, below 0 worse.",
		RU: "MSE — средний квадрат ошибки; MAE — средняя абсолютная ошибка в единицах «%s»; R²: 1 — идеально, 0 — не лучше, чем всегда называть среднее, меньше 0 — хуже.",
		KK: "MSE — қатенің орташа квадраты; MAE — «%s» бірліктеріндегі орташа абсолют қате; R²: 1 — мінсіз, 0 — әрқашан орташаны айтудан жақсы емес, 0-ден төмен — нашарырақ.",
	},
	RegWorst: i18n.Text{
		EN: "The largest miss: at %s = %s the model said %s, the truth was %s.",
		RU: "Самый большой промах: при %s = %s модель сказала %s, а на самом деле %s.",
		KK: "Ең үлкен қате: %s = %s болғанда модель %s деді, ал шын мәні %s.",
	},
	RegWorstMany: i18n.Text{
		EN: "The largest miss: the model said %s, the truth was %s.",
		RU: "Самый большой промах: модель сказала %s, а на самом деле %s.",
		KK: "Ең үлкен қате: модель %s деді, ал шын мәні %s.",
	},
	CurveHeading: i18n.Text{
		EN: "Learning curve: the model trained again on part of its training examples (%s):",
		RU: "Кривая обучения: модель обучена заново на части обучающих примеров (%s):",
		KK: "Оқу қисығы: модель оқу мысалдарының бір бөлігінде қайта оқытылды (%s):",
	},
	MetricAccuracy: i18n.Text{EN: "accuracy", RU: "точность", KK: "дәлдік"},
	ColShare:       i18n.Text{EN: "Share", RU: "Доля", KK: "Үлес"},
	ColTrainedOn:   i18n.Text{EN: "Trained on", RU: "Примеров", KK: "Мысалдар"},
	ColTraining:    i18n.Text{EN: "Training", RU: "На обучении", KK: "Оқуда"},
	ColTest:        i18n.Text{EN: "Test", RU: "На тесте", KK: "Тестте"},
	CurveHelp: i18n.Text{
		EN: "If the test score still rises at 100 %%, more data would help; a large gap between training and test means the model learns its examples by heart.",
		RU: "Если оценка на тесте всё ещё растёт при 100 %%, больше данных помогло бы; большой разрыв между обучением и тестом значит, что модель заучивает свои примеры.",
		KK: "Егер 100 %%-да тесттегі баға әлі өсіп жатса, көбірек дерек көмектесер еді; оқу мен тест арасындағы үлкен алшақтық модельдің мысалдарды жаттап алғанын білдіреді.",
	},
	ProbeAttribute: i18n.Text{
		EN: "Probe: every test row given the other group of “%s” (%s), all else kept:",
		RU: "Проба: каждой тестовой строке дана другая группа по «%s» (%s), остальное без изменений:",
		KK: "Сынақ: әр тест жолына «%s» бойынша басқа топ берілді (%s), қалғаны өзгермеді:",
	},
	ProbeProxy: i18n.Text{
		EN: "Probe: “%[1]s” of every test row set to the median of the other group of “%[2]s”, all else kept:",
		RU: "Проба: «%[1]s» в каждой тестовой строке заменён медианой другой группы по «%[2]s», остальное без изменений:",
		KK: "Сынақ: әр тест жолындағы «%[1]s» мәні «%[2]s» бойынша басқа топтың медианасына ауыстырылды, қалғаны өзгермеді:",
	},
	Medians: i18n.Text{
		EN: "Medians of “%s” in the training data: %s.",
		RU: "Медианы «%s» на обучающих данных: %s.",
		KK: "Оқу деректеріндегі «%s» медианалары: %s.",
	},
	NotSeen: i18n.Text{
		EN: "The model does not see “%s”, so changing it cannot change a decision.",
		RU: "Модель не видит «%s», поэтому его изменение не может изменить решение.",
		KK: "Модель «%s» бағанын көрмейді, сондықтан оны өзгерту шешімді өзгерте алмайды.",
	},
	Flips: i18n.Text{
		EN: "decisions changed: %s of %s (%s); mean change of P(%s): %s",
		RU: "изменилось решений: %s из %s (%s); средний сдвиг P(%s): %s",
		KK: "өзгерген шешімдер: %s/%s (%s); P(%s) орташа өзгерісі: %s",
	},
	AllRows: i18n.Text{EN: "All test rows", RU: "Все тестовые строки", KK: "Барлық тест жолдары"},
	ProbeExamples: i18n.Text{
		EN: "Rows whose decision changed, the largest change first:",
		RU: "Строки, где решение изменилось, сначала с наибольшим сдвигом:",
		KK: "Шешімі өзгерген жолдар, ең үлкен өзгеріс алдымен:",
	},
	ProbeText: i18n.Text{
		EN: "Probe: the same sentences with the names of different groups (templates: %s):",
		RU: "Проба: одни и те же предложения с именами разных групп (шаблонов: %s):",
		KK: "Сынақ: әртүрлі топтардың есімдері қойылған бірдей сөйлемдер (үлгілер: %s):",
	},
	ColSentences: i18n.Text{EN: "Sentences", RU: "Предложений", KK: "Сөйлемдер"},
	ColKnown:     i18n.Text{EN: "Names it knows", RU: "Знакомых имён", KK: "Таныс есімдер"},
	ColAnswered:  i18n.Text{EN: "Answered “%s”", RU: "Ответ «%s»", KK: "«%s» жауабы"},
	ColMean:      i18n.Text{EN: "Mean P(%s)", RU: "Среднее P(%s)", KK: "Орташа P(%s)"},
	TextKnownHelp: i18n.Text{
		EN: "A name the model never saw in training is ignored by it, so it cannot change an answer.",
		RU: "Имя, которого модель не видела при обучении, она пропускает, поэтому оно не может изменить ответ.",
		KK: "Модель оқу кезінде көрмеген есімді елемейді, сондықтан ол жауапты өзгерте алмайды.",
	},
	TextPairs: i18n.Text{
		EN: "Sentence by sentence, one group's names against another's:",
		RU: "Предложение за предложением: имена одной группы против имён другой:",
		KK: "Сөйлем сайын: бір топтың есімдері екінші топтың есімдеріне қарсы:",
	},
	TextNoFlips: i18n.Text{
		EN: "No sentence changed its answer when the name changed.",
		RU: "Ни одно предложение не изменило ответ при замене имени.",
		KK: "Есім ауыстырылғанда бірде-бір сөйлемнің жауабы өзгерген жоқ.",
	},
	ProbeBackground: i18n.Text{
		EN: "Probe: every test picture with its background swapped (light for dark), the shape kept:",
		RU: "Проба: у каждой тестовой картинки фон заменён (светлый на тёмный и наоборот), фигура сохранена:",
		KK: "Сынақ: әр тест суретінің фоны ауыстырылды (ашық пен күңгірт алмасты), пішіні сақталды:",
	},
	Original:    i18n.Text{EN: "Pictures as they are:", RU: "Картинки как есть:", KK: "Суреттер өз күйінде:"},
	Swapped:     i18n.Text{EN: "With the other background:", RU: "С другим фоном:", KK: "Басқа фонмен:"},
	AllPictures: i18n.Text{EN: "All test pictures", RU: "Все тестовые картинки", KK: "Барлық тест суреттері"},
	ProbeExtrapolate: i18n.Text{
		EN: "Probe: the model against the true formula inside the training range of “%s” (%s … %s) and beyond it:",
		RU: "Проба: модель против настоящей формулы внутри обучающего диапазона «%s» (%s … %s) и за его пределами:",
		KK: "Сынақ: модель нақты формуламен «%s» оқу аралығының (%s … %s) ішінде және сыртында салыстырылды:",
	},
	Inside: i18n.Text{EN: "Inside the training range: MSE %s, MAE %s.", RU: "Внутри обучающего диапазона: MSE %s, MAE %s.", KK: "Оқу аралығының ішінде: MSE %s, MAE %s."},
	Beyond: i18n.Text{EN: "Beyond it: MSE %s, MAE %s.", RU: "За его пределами: MSE %s, MAE %s.", KK: "Одан тыс: MSE %s, MAE %s."},
	ExtrapolateHelp: i18n.Text{
		EN: "A model knows only the range it learned from: beyond it, it continues its own curve, not the formula.",
		RU: "Модель знает только диапазон, на котором училась: за его пределами она продолжает свою кривую, а не формулу.",
		KK: "Модель тек өзі үйренген аралықты біледі: одан тыс ол формуланы емес, өз қисығын жалғастырады.",
	},
	NotDefined: i18n.Text{EN: "not defined (%s)", RU: "не определено (%s)", KK: "анықталмаған (%s)"},
}

// whyTexts says why a score is not defined, by its Why code (package
// evaluate's, and the learning curve's of package sandbox).
var whyTexts = map[string]i18n.Text{
	evaluate.WhyNotDefined:           {EN: "cannot be computed", RU: "нельзя вычислить", KK: "есептеу мүмкін емес"},
	evaluate.WhyNoExamples:           {EN: "no examples", RU: "нет примеров", KK: "мысал жоқ"},
	evaluate.WhyEmptyGroup:           {EN: "the group has no examples", RU: "в группе нет примеров", KK: "топта мысал жоқ"},
	evaluate.WhyNoPositives:          {EN: "no truly positive examples", RU: "нет настоящих положительных примеров", KK: "шынында оң мысалдар жоқ"},
	evaluate.WhyNoNegatives:          {EN: "no truly negative examples", RU: "нет настоящих отрицательных примеров", KK: "шынында теріс мысалдар жоқ"},
	evaluate.WhyNoPredictedPositives: {EN: "the model never gave this answer", RU: "модель ни разу не дала такой ответ", KK: "модель бұл жауапты бірде-бір рет бермеді"},
	evaluate.WhyClassAbsent:          {EN: "the class occurs nowhere", RU: "класса нет ни в данных, ни в ответах", KK: "бұл класс деректерде де, жауаптарда да жоқ"},
	evaluate.WhyFewerThanTwoGroups:   {EN: "needs two groups where the rate is defined", RU: "нужны две группы, где эта доля определена", KK: "бұл үлес анықталған екі топ керек"},
	evaluate.WhyZeroSelection:        {EN: "no group was selected at all", RU: "не отобран никто ни в одной группе", KK: "бірде-бір топтан ешкім іріктелмеді"},
	evaluate.WhyNoProbabilities:      {EN: "the model gives no probabilities", RU: "модель не даёт вероятностей", KK: "модель ықтималдық бермейді"},
	evaluate.WhyNotFinite:            {EN: "the number became too large", RU: "число стало слишком большим", KK: "сан тым үлкен болып кетті"},
	"too_few_examples":               {EN: "too few examples to train on", RU: "слишком мало примеров для обучения", KK: "оқуға мысал тым аз"},
	"diverged":                       {EN: "training diverged", RU: "обучение разошлось", KK: "оқыту тұрақсыз болып кетті"},
	"constant_target":                {EN: "every target is the same", RU: "все целевые значения одинаковы", KK: "барлық мақсатты мәндер бірдей"},
}

// say fills text t, in language l, with args (all already text).
func say(l i18n.Lang, t i18n.Text, args ...string) string {
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
	}
	return fmt.Sprintf(t.In(l), a...)
}

// decimal writes v with prec decimals, with a decimal comma in Kazakh and
// Russian; a value that rounds to zero is written without a minus sign.
func decimal(l i18n.Lang, v float64, prec int) string {
	if math.Abs(v) < 0.5*math.Pow10(-prec) {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if l != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// general writes v with up to 4 significant digits, as %g does, with a
// decimal comma in Kazakh and Russian: a value in the data's own units.
func general(l i18n.Lang, v float64) string {
	s := strconv.FormatFloat(v, 'g', 4, 64)
	if l != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// signed is decimal with a plus sign for a positive value.
func signed(l i18n.Lang, v float64, prec int) string {
	s := decimal(l, v, prec)
	if v > 0 && strings.Trim(s, "0.,") != "" {
		s = "+" + s
	}
	return s
}

// percent writes a share 0..1 as a percentage with one decimal: 81.2% in
// English, 81,2 % in Kazakh and Russian.
func percent(l i18n.Lang, v float64) string {
	if l == i18n.EN {
		return decimal(l, 100*v, 1) + "%"
	}
	return decimal(l, 100*v, 1) + " %"
}

// notDefined says that a score is not defined, and why.
func notDefined(l i18n.Lang, why string) string {
	t, ok := whyTexts[why]
	if !ok {
		t = whyTexts[evaluate.WhyNotDefined]
	}
	return say(l, evalTexts.NotDefined, t.In(l))
}

// numberText writes a Number with prec decimals, or why it is not defined.
func numberText(l i18n.Lang, n evaluate.Number, prec int) string {
	if !n.Defined || math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
		why := n.Why
		if n.Defined {
			why = evaluate.WhyNotFinite
		}
		return notDefined(l, why)
	}
	return decimal(l, n.Value, prec)
}

// rateText writes a Rate as a percentage, or why it is not defined.
func rateText(l i18n.Lang, r evaluate.Rate, why string) string {
	v, ok := r.Value()
	if !ok {
		return notDefined(l, why)
	}
	return percent(l, v)
}

// rateCount writes a Rate as a percentage with its count, 80.0% (72/90),
// or why it is not defined.
func rateCount(l i18n.Lang, r evaluate.Rate, why string) string {
	v, ok := r.Value()
	if !ok {
		return notDefined(l, why)
	}
	return fmt.Sprintf("%s (%d/%d)", percent(l, v), r.Num, r.Den)
}

// shown returns how to show a value whose title is title: the title in l,
// followed by the value's own name when that differs, so that the reader
// knows what to type in a flag.
func shown(l i18n.Lang, title i18n.Text, name string) string {
	t := title.In(l)
	if t == "" || strings.EqualFold(t, name) {
		return name
	}
	return t + " (" + name + ")"
}

// evalProgress shows a run's progress in the user's language: a bar on a
// terminal and a summary; it records the start in out.
type evalProgress struct {
	w   io.Writer
	l   i18n.Lang
	bar bool
	out *evalOutput
}

func (p *evalProgress) event(ev sandbox.Event) {
	switch v := ev.Payload.(type) {
	case sandbox.Started:
		p.out.started = v
		fmt.Fprintln(p.w, say(p.l, evalTexts.Started, strconv.Itoa(v.TrainSize), strconv.Itoa(v.TestSize)))
		if v.ValidationSize > 0 {
			fmt.Fprintln(p.w, say(p.l, evalTexts.Validation, strconv.Itoa(v.ValidationSize)))
		}
	case sandbox.Progress:
		if !p.bar {
			return
		}
		const width = 30
		filled := width * v.Epoch / max(v.Epochs, 1)
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), v.Epoch, v.Epochs)
	}
}

func (p *evalProgress) done(d sandbox.Done) {
	if p.bar {
		fmt.Fprintln(p.w)
	}
	if d.Stopped {
		fmt.Fprintln(p.w, say(p.l, evalTexts.Stopped, strconv.Itoa(d.Epoch), strconv.Itoa(d.Epochs)))
	}
	fmt.Fprintln(p.w, say(p.l, evalTexts.Done, decimal(p.l, d.Seconds, 2), strconv.Itoa(d.Epoch), strconv.Itoa(d.Parameters)))
}

func (p *evalProgress) fail(code, message string) {
	if p.bar {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintln(p.w, say(p.l, evalTexts.TrainFailed, code, message))
}

// report writes the evaluation report for people.
type report struct {
	w io.Writer
	l i18n.Lang
}

func (r report) line(s string)                      { fmt.Fprintln(r.w, s) }
func (r report) say(t i18n.Text, args ...string)    { r.line(say(r.l, t, args...)) }
func (r report) indent(t i18n.Text, args ...string) { r.line("  " + say(r.l, t, args...)) }
func (r report) blank()                             { fmt.Fprintln(r.w) }
func (r report) table(align uint) *tabwriter.Writer {
	return tabwriter.NewWriter(r.w, 0, 4, 2, ' ', align)
}

// writeReport writes what evaluate found in language l.
func writeReport(w io.Writer, l i18n.Lang, out *evalOutput) {
	r := report{w: w, l: l}
	ev := out.Evaluation
	if ev == nil {
		if out.Error != nil {
			r.say(evalTexts.EvalFailed, out.Error.Code, out.Error.Message)
		}
		return
	}
	r.trainedWith(ev)
	if ev.Regression != nil {
		r.regression(ev.Regression)
	} else {
		r.classification(ev)
	}
	if ev.Groups == nil && len(out.attributes) > 0 && ev.Task == sandbox.Classify && len(ev.Classes) == 2 {
		r.blank()
		r.say(evalTexts.GroupsHint, strings.Join(out.attributes, ", "), out.attributes[0])
	}
	if ev.LearningCurve != nil {
		r.curve(ev.LearningCurve)
	}
	if out.Probe != nil {
		r.probe(ev, out.Probe)
	}
	if out.Error != nil {
		r.blank()
		r.say(evalTexts.EvalFailed, out.Error.Code, out.Error.Message)
	}
}

// trainedWith says how the model was trained, when that is not plain.
func (r report) trainedWith(ev *sandbox.Evaluation) {
	if len(ev.Attributes) > 0 {
		r.say(evalTexts.Attributes, strings.Join(ev.Attributes, ", "))
	}
	if len(ev.Dropped) > 0 {
		r.say(evalTexts.Dropped, strings.Join(ev.Dropped, ", "))
	}
	if ev.Mitigation != "" {
		how := ev.Mitigation
		switch how {
		case sandbox.MitigateReweight:
			how = evalTexts.Reweight.In(r.l)
		case sandbox.MitigateResample:
			how = evalTexts.Resample.In(r.l)
		}
		r.say(evalTexts.Mitigation, how, ev.MitigateBy)
	}
}

// className returns how to show class k of ev.
func className(l i18n.Lang, ev *sandbox.Evaluation, k int) string {
	if k >= 0 && k < len(ev.ClassTitles) && ev.ClassTitles[k].In(l) != "" {
		return ev.ClassTitles[k].In(l)
	}
	if k >= 0 && k < len(ev.Classes) {
		return ev.Classes[k]
	}
	return strconv.Itoa(k)
}

// accuracy writes an accuracy with its count and 95 % interval.
func (r report) accuracy(s sandbox.SetScores) string {
	v, ok := s.Accuracy.Value()
	if !ok || s.Interval == nil {
		return notDefined(r.l, evaluate.WhyNoExamples)
	}
	return say(r.l, evalTexts.AccuracyLine, percent(r.l, v), strconv.Itoa(s.Accuracy.Num), strconv.Itoa(s.Accuracy.Den),
		percent(r.l, s.Interval.Low), percent(r.l, s.Interval.High))
}

// twoAccuracies writes the accuracies of two sets of the same examples,
// each after its name, in a table.
func (r report) twoAccuracies(nameA i18n.Text, a sandbox.SetScores, nameB i18n.Text, b sandbox.SetScores) {
	tw := r.table(0)
	fmt.Fprintf(tw, "  %s\t%s\n", nameA.In(r.l), r.accuracy(a))
	fmt.Fprintf(tw, "  %s\t%s\n", nameB.In(r.l), r.accuracy(b))
	tw.Flush()
}

// classification writes a classifier's scores.
func (r report) classification(ev *sandbox.Evaluation) {
	l := r.l
	if ev.Test == nil {
		return
	}
	r.blank()
	r.line(evalTexts.TestAccuracy.In(l) + " " + r.accuracy(*ev.Test))
	if ev.Validation != nil {
		r.line(evalTexts.ValAccuracy.In(l) + " " + r.accuracy(*ev.Validation))
	}
	r.say(evalTexts.IntervalHelp)

	r.blank()
	r.say(evalTexts.Confusion)
	tw := r.table(tabwriter.AlignRight)
	fmt.Fprint(tw, "  "+evalTexts.Corner.In(l))
	for k := range ev.Classes {
		fmt.Fprint(tw, "\t"+className(l, ev, k))
	}
	fmt.Fprintln(tw, "\t")
	for t, row := range ev.Test.Confusion.Counts {
		fmt.Fprint(tw, "  "+className(l, ev, t))
		for _, c := range row {
			fmt.Fprintf(tw, "\t%d", c)
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()

	r.blank()
	tw = r.table(0)
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\tF1\n", evalTexts.ColClass.In(l), evalTexts.ColExamples.In(l), evalTexts.ColPrecision.In(l), evalTexts.ColRecall.In(l))
	for _, c := range ev.Test.PerClass {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\n", className(l, ev, c.Class), c.Support,
			rateCount(l, c.Precision, evaluate.WhyNoPredictedPositives), rateCount(l, c.Recall, evaluate.WhyNoPositives),
			numberText(l, c.F1, 3))
	}
	tw.Flush()
	r.say(evalTexts.MacroF1, numberText(l, ev.Test.MacroF1, 3))
	r.say(evalTexts.PerClassHelp)

	if len(ev.Classes) == 2 {
		r.blank()
		r.say(evalTexts.Threshold, decimal(l, ev.Threshold, 2), className(l, ev, ev.Positive))
	}
	if ev.Groups != nil {
		r.groups(ev, ev.Groups)
	}
	if ev.Shortcut != nil {
		r.shortcut(ev.Shortcut)
	}
	r.mistakes(ev)
}

// smallGroup is the number of examples below which the report warns that
// a rate of a group is unsure: with 30 examples the 95 % Wilson interval of a
// rate near 50 % is still about ±17 points wide (evaluate.Wilson(15, 30,
// 1.96) = [0.33, 0.67]).
const smallGroup = 30

// groups writes the group table, the gaps and the threshold trade-off.
func (r report) groups(ev *sandbox.Evaluation, g *sandbox.GroupReport) {
	l := r.l
	pos := className(l, ev, ev.Positive)
	attr := shown(l, g.Title, g.Attribute)
	r.blank()
	r.say(evalTexts.GroupsHeading, attr, pos)
	if g.Feature {
		r.say(evalTexts.GroupsFeature, g.Attribute)
	} else {
		r.say(evalTexts.GroupsNotFeature, g.Attribute)
	}
	own := false // does a group have a threshold of its own?
	for _, t := range g.Thresholds {
		own = own || t != ev.Threshold
	}
	tw := r.table(0)
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\tTPR\tFPR\tFNR", evalTexts.ColGroup.In(l), evalTexts.ColExamples.In(l),
		evalTexts.ColBase.In(l), evalTexts.ColSelected.In(l), evalTexts.ColAccuracy.In(l))
	if own {
		fmt.Fprint(tw, "\t"+evalTexts.ColThreshold.In(l))
	}
	fmt.Fprintln(tw)
	for k, m := range g.Groups {
		title := m.Group
		if k < len(g.ValueTitles) {
			title = shown(l, g.ValueTitles[k], m.Group)
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\t%s\t%s", title, m.Count,
			rateText(l, m.BaseRate, evaluate.WhyEmptyGroup), rateText(l, m.SelectionRate, evaluate.WhyEmptyGroup),
			rateText(l, m.Accuracy, evaluate.WhyEmptyGroup), rateCount(l, m.TPR, evaluate.WhyNoPositives),
			rateCount(l, m.FPR, evaluate.WhyNoNegatives), rateCount(l, m.FNR, evaluate.WhyNoPositives))
		if own && k < len(g.Thresholds) {
			fmt.Fprint(tw, "\t"+decimal(l, g.Thresholds[k], 2))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	r.say(evalTexts.GroupsHelp, pos)
	for k, m := range g.Groups {
		// The fewest examples behind one of the group's rates: the group,
		// its truly positive (TPR, FNR) or its truly negative (FPR).
		if n := min(m.Count, m.TPR.Den, m.FPR.Den); n < smallGroup {
			title := m.Group
			if k < len(g.ValueTitles) {
				title = g.ValueTitles[k].In(l)
			}
			r.say(evalTexts.SmallGroup, title, strconv.Itoa(n))
		}
	}

	r.blank()
	r.say(evalTexts.GapsHeading)
	tw = r.table(0)
	for _, gap := range []struct {
		name, formula i18n.Text
		n             evaluate.Number
	}{
		{evalTexts.GapDP, evalTexts.GapDPFormula, g.Gaps.DemographicParityDiff},
		{evalTexts.GapDPRatio, evalTexts.GapDPRatioFormula, g.Gaps.DemographicParityRatio},
		{evalTexts.GapEO, evalTexts.GapEOFormula, g.Gaps.EqualOpportunityDiff},
		{evalTexts.GapEOdds, evalTexts.GapEOddsFormula, g.Gaps.EqualizedOddsDiff},
	} {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", gap.name.In(l), numberText(l, gap.n, 3), gap.formula.In(l))
	}
	tw.Flush()

	if len(g.Sweep) == 0 {
		return
	}
	r.blank()
	r.say(evalTexts.SweepHeading)
	tw = r.table(0)
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", evalTexts.ColThreshold.In(l), evalTexts.ColAccuracy.In(l),
		evalTexts.ColParity.In(l), evalTexts.ColOpportunity.In(l), evalTexts.ColOdds.In(l))
	for _, pt := range g.Sweep {
		// Every 0.1 from 0.1 to 0.9: the ends decide all one way.
		tenths := pt.Threshold * 10
		if math.Abs(tenths-math.Round(tenths)) > 1e-9 || pt.Threshold < 0.05 || pt.Threshold > 0.95 {
			continue
		}
		mark := ""
		if !own && math.Abs(pt.Threshold-ev.Threshold) < 1e-9 {
			mark = " ←"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s%s\n", decimal(l, pt.Threshold, 1),
			rateText(l, pt.Accuracy, evaluate.WhyNoExamples), numberText(l, pt.Gaps.DemographicParityDiff, 3),
			numberText(l, pt.Gaps.EqualOpportunityDiff, 3), numberText(l, pt.Gaps.EqualizedOddsDiff, 3), mark)
	}
	tw.Flush()
}

// shortcut writes the normal and reversed test sets side by side.
func (r report) shortcut(s *sandbox.ShortcutReport) {
	l := r.l
	feature := s.Feature
	if feature == "background" {
		feature = evalTexts.Background.In(l)
	}
	r.blank()
	r.say(evalTexts.ShortcutHeading, feature, percent(l, s.Correlation))
	r.twoAccuracies(evalTexts.NormalSet, s.Normal, evalTexts.ReversedSet, s.Reversed)
	if !s.Drop.Defined {
		return
	}
	points := decimal(l, 100*s.Drop.Value, 1)
	if s.Drop.Value > 0 && points != decimal(l, 0, 1) {
		r.say(evalTexts.Drop, points)
	} else {
		r.say(evalTexts.NoDrop, signed(l, -100*s.Drop.Value, 1))
	}
}

// maxShownMistakes is how many of the listed mistakes the report prints:
// enough to see a pattern on a screen; --json has all that were listed.
const maxShownMistakes = 5

// mistakes lists the surest mistakes.
func (r report) mistakes(ev *sandbox.Evaluation) {
	l := r.l
	r.blank()
	if ev.MisclassifiedCount == 0 {
		r.say(evalTexts.WrongNone)
		return
	}
	r.say(evalTexts.Wrong, strconv.Itoa(ev.MisclassifiedCount), strconv.Itoa(ev.Test.Size))
	for _, m := range ev.Misclassified[:min(len(ev.Misclassified), maxShownMistakes)] {
		n := strconv.Itoa(m.Index + 1)
		var where, detail string
		switch {
		case m.Pixels != nil:
			where = say(l, evalTexts.Picture, n)
		case m.Text != "":
			where, detail = say(l, evalTexts.Sentence, n), strconv.Quote(m.Text)
		default:
			where = say(l, evalTexts.Row, n)
			var parts []string
			for i, v := range m.Features {
				if i < len(ev.Features) {
					parts = append(parts, ev.Features[i]+"="+general(l, v))
				}
			}
			detail = strings.Join(parts, ", ")
		}
		s := "  " + say(l, evalTexts.WrongLine, where, className(l, ev, m.True), className(l, ev, m.Predicted), percent(l, m.Confidence))
		if detail != "" {
			s += ": " + detail
		}
		r.line(s)
	}
}

// regression writes a regression model's errors.
func (r report) regression(g *sandbox.RegressionReport) {
	l := r.l
	fit := func(t i18n.Text, f sandbox.FitScores) {
		r.say(t, strconv.Itoa(f.Size), numberText(l, f.MSE, 4), numberText(l, f.MAE, 4), numberText(l, f.R2, 3))
	}
	r.blank()
	fit(evalTexts.RegTest, g.Test)
	if g.Validation != nil {
		fit(evalTexts.RegVal, *g.Validation)
	}
	r.say(evalTexts.RegHelp, g.Target)
	worst := -1
	for i, e := range g.Residuals {
		if worst < 0 || math.Abs(e.Residual) > math.Abs(g.Residuals[worst].Residual) {
			worst = i
		}
	}
	if worst < 0 {
		return
	}
	e := g.Residuals[worst]
	num := func(v float64) string { return decimal(l, v, 3) }
	if g.Feature != "" {
		r.say(evalTexts.RegWorst, g.Feature, num(e.X), num(e.Predicted), num(e.Actual))
	} else {
		r.say(evalTexts.RegWorstMany, num(e.Predicted), num(e.Actual))
	}
}

// curve writes the learning curve.
func (r report) curve(c *sandbox.LearningCurve) {
	l := r.l
	metric := evalTexts.MetricAccuracy.In(l)
	score := func(n evaluate.Number) string {
		if n.Defined && c.Metric == "accuracy" {
			return percent(l, n.Value)
		}
		return numberText(l, n, 3)
	}
	if c.Metric == "r2" {
		metric = "R²"
	}
	r.blank()
	r.say(evalTexts.CurveHeading, metric)
	tw := r.table(0)
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", evalTexts.ColShare.In(l), evalTexts.ColTrainedOn.In(l), evalTexts.ColTraining.In(l), evalTexts.ColTest.In(l))
	for _, p := range c.Points {
		share := decimal(l, 100*p.Share, 0) + "%"
		if l != i18n.EN {
			share = decimal(l, 100*p.Share, 0) + " %"
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", share, p.TrainSize, score(p.Train), score(p.Test))
	}
	tw.Flush()
	r.say(evalTexts.CurveHelp)
}

// flips writes a count of changed decisions.
func (r report) flips(f evaluate.Flips, positive string) string {
	return say(r.l, evalTexts.Flips, strconv.Itoa(f.Count), strconv.Itoa(f.Total),
		rateText(r.l, f.Share(), evaluate.WhyNoExamples), positive, signedNumber(r.l, f.MeanChange, 3))
}

// signedNumber is numberText with a plus sign for a positive value.
func signedNumber(l i18n.Lang, n evaluate.Number, prec int) string {
	if !n.Defined || math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
		return numberText(l, n, prec)
	}
	return signed(l, n.Value, prec)
}

// maxShownFlips is how many changed rows or sentences the report prints.
const maxShownFlips = 5

// probe writes a probe's result.
func (r report) probe(ev *sandbox.Evaluation, p *sandbox.ProbeResult) {
	l := r.l
	cls := func(k int) string {
		return className(l, &sandbox.Evaluation{Classes: p.Classes, ClassTitles: p.ClassTitles}, k)
	}
	pos := ""
	if len(p.Classes) > 0 {
		pos = cls(p.Positive)
	}
	r.blank()
	switch {
	case p.Attribute != nil:
		a := p.Attribute
		// titles name the groups with their values, plain without.
		titles, plain := make([]string, len(a.Values)), make([]string, len(a.Values))
		for k, v := range a.Values {
			titles[k], plain[k] = v, v
			if k < len(a.ValueTitles) {
				titles[k], plain[k] = shown(l, a.ValueTitles[k], v), a.ValueTitles[k].In(l)
			}
		}
		if a.Proxy == "" {
			r.say(evalTexts.ProbeAttribute, shown(l, a.Title, a.Attribute), strings.Join(titles, " ↔ "))
		} else {
			r.say(evalTexts.ProbeProxy, a.Proxy, a.Attribute)
			var ms []string
			for k, m := range a.Medians {
				ms = append(ms, titles[k]+" "+decimal(l, m, 2))
			}
			r.indent(evalTexts.Medians, a.Proxy, strings.Join(ms, ", "))
		}
		if !a.Feature {
			what := a.Attribute
			if a.Proxy != "" {
				what = a.Proxy
			}
			r.indent(evalTexts.NotSeen, what)
		}
		r.line("  " + evalTexts.AllRows.In(l) + ": " + r.flips(a.Flips, pos))
		for k, g := range a.ByGroup {
			if k < len(titles) && len(titles) == 2 {
				r.line("  " + titles[k] + " → " + titles[1-k] + ": " + r.flips(g.Flips, pos))
			}
		}
		if len(a.Examples) > 0 {
			r.indent(evalTexts.ProbeExamples)
			for _, x := range a.Examples[:min(len(a.Examples), maxShownFlips)] {
				group := ""
				if x.Group >= 0 && x.Group < len(plain) {
					group = " (" + plain[x.Group] + ")"
				}
				r.line(fmt.Sprintf("    %s%s: %s → %s, P(%s) %s → %s", say(l, evalTexts.Row, strconv.Itoa(x.Index+1)), group,
					cls(x.Before), cls(x.After), pos, decimal(l, x.PBefore, 2), decimal(l, x.PAfter, 2)))
			}
		}
	case p.Text != nil:
		t := p.Text
		r.say(evalTexts.ProbeText, strconv.Itoa(t.Templates))
		tw := r.table(0)
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", evalTexts.ColGroup.In(l), evalTexts.ColSentences.In(l), evalTexts.ColKnown.In(l),
			say(l, evalTexts.ColAnswered, pos), say(l, evalTexts.ColMean, pos))
		for _, g := range t.Groups {
			fmt.Fprintf(tw, "  %s\t%d\t%d/%d\t%s\t%s\n", shown(l, g.Title, g.Name), g.Texts, g.Known, g.Fillers,
				rateCount(l, g.Positive, evaluate.WhyNoExamples), numberText(l, g.MeanPositive, 3))
		}
		tw.Flush()
		r.say(evalTexts.TextKnownHelp)
		r.blank()
		r.say(evalTexts.TextPairs)
		flipped := false
		for _, pair := range t.Pairs {
			r.line("  " + pair.A + " ↔ " + pair.B + ": " + r.flips(pair.Flips, pos))
			for _, x := range pair.Examples[:min(len(pair.Examples), maxShownFlips)] {
				flipped = true
				r.line(fmt.Sprintf("    %q → %s (%s)  /  %q → %s (%s)", x.TextA, cls(x.ClassA), decimal(l, x.PA, 2),
					x.TextB, cls(x.ClassB), decimal(l, x.PB, 2)))
			}
		}
		if !flipped {
			r.say(evalTexts.TextNoFlips)
		}
	case p.Background != nil:
		b := p.Background
		r.say(evalTexts.ProbeBackground)
		r.twoAccuracies(evalTexts.Original, b.Original, evalTexts.Swapped, b.Swapped)
		r.line("  " + evalTexts.AllPictures.In(l) + ": " + r.flips(b.Flips, pos))
	case p.Extrapolate != nil:
		x := p.Extrapolate
		r.say(evalTexts.ProbeExtrapolate, x.Feature, decimal(l, x.TrainMin, 2), decimal(l, x.TrainMax, 2))
		r.indent(evalTexts.Inside, numberText(l, x.Inside.MSE, 4), numberText(l, x.Inside.MAE, 4))
		r.indent(evalTexts.Beyond, numberText(l, x.Beyond.MSE, 4), numberText(l, x.Beyond.MAE, 4))
		r.say(evalTexts.ExtrapolateHelp)
	}
}
