package tokenize_test

// Short texts of our own in Kazakh, Russian and English, with the letters
// special to Kazakh (ә ғ қ ң ө ұ ү һ і), emoji, digits, punctuation,
// repeated spaces, tabs and line breaks: what a class types.
var (
	kkTexts = []string{
		"Бүгін біз жасанды интеллект туралы сабақ өткіземіз.",
		"Градиенттік түсу әдісі қатені қадам сайын азайтады.",
		"Қазақ әліпбиінде ә, ғ, қ, ң, ө, ұ, ү, һ, і әріптері бар.",
		"Модель мәтінді оқиды, сөздерді санайды және келесі сөзді болжайды.",
		"Оқушылар 2024 жылы 15 модель үйретті!",
		"Біздің мектепте компьютер сыныбы бар; онда 30 компьютер тұр.",
		"Жаңбыр жауса, шөп өседі.  Күн шықса, қар ериді.",
		"Кітап — білім бұлағы. Кітаптарымыз сөрелерде тұр.",
		"Сұрақ қойыңыз: «Нейрон дегеніміз не?» 🤔",
		"Ұлы дала еліміздің тарихы бай.\nТауларымыз биік, көлдеріміз терең.",
	}
	ruTexts = []string{
		"Сегодня мы обучаем маленькую нейронную сеть.",
		"Градиентный спуск уменьшает ошибку шаг за шагом.",
		"Модель читает текст, считает слова и предсказывает следующее слово.",
		"В 2024 году ученики обучили 15 моделей!",
		"Ёжик ест яблоко; щука плывёт в реке.",
		"Если пойдёт дождь, трава вырастет.  Если выйдет солнце, снег растает.",
		"Вопрос: «Что такое нейрон?» 🤔",
		"Книга — источник знаний.\nКниги стоят на полках.",
	}
	enTexts = []string{
		"Today we train a tiny neural network.",
		"Gradient descent reduces the error step by step.",
		"The model reads text, counts words and predicts the next word.",
		"In 2024 the students trained 15 models!",
		"If it rains, the grass grows.  If the sun comes out, the snow melts.",
		"Question: \"What is a neuron?\" 🤔 Answer: a tiny function.",
		"Books are a source of knowledge.\nThe books stand on the shelves.",
		"Tabs\tand   three spaces, then\n\na blank line; emoji 👩‍💻 and 😀!",
	}
)

// allTexts returns the texts of all three languages.
func allTexts() []string {
	var all []string
	all = append(all, kkTexts...)
	all = append(all, ruTexts...)
	return append(all, enTexts...)
}
