package sandbox

import (
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// The convolutional network, for pictures.

func cnnFamily() family {
	settings := []Setting{
		{
			Name: "filters", Type: Ints, Default: []int{8, 16}, Min: 1, Max: 32, MinLen: 1, MaxLen: 2,
			Label: text("Сүзгілер", "Фильтры", "Filters"),
			Help: text(
				"Әр конволюция блогындағы сүзгі саны, үтір арқылы. Әр сүзгі суреттен бір белгіні іздейді: сызық, бұрыш, доға.",
				"Число фильтров в каждом свёрточном блоке через запятую. Каждый фильтр ищет на картинке одну черту: линию, угол, дугу.",
				"Filters in each convolution block, separated by commas. Each filter looks for one feature in the picture: a line, a corner, an arc."),
		},
		{
			Name: "kernel", Type: Int, Default: 3, Min: 2, Max: 5,
			Label: text("Сүзгі өлшемі", "Размер фильтра", "Filter size"),
			Help: text("Сүзгі бір уақытта неше пиксельге қарайды (k×k).",
				"Сколько пикселей фильтр видит за раз (k×k).",
				"How many pixels a filter looks at at once (k×k)."),
		},
	}
	s := trainingSettings(0.01)
	for i := range s {
		if s[i].Name == "epochs" {
			s[i].Default, s[i].Max = 8, 100
		}
	}
	return family{
		info: ModelInfo{
			Name:  "cnn",
			Title: text("Конволюциялық желі (CNN)", "Свёрточная сеть (CNN)", "Convolutional network (CNN)"),
			Description: text(
				"Суретті кішкентай сүзгілермен шолып шығады: әр сүзгі өз белгісін (сызық, доға) суреттің кез келген жерінен табады. Содан кейін сурет кішірейтіліп, соңғы қабат класты таңдайды.",
				"Проходит по картинке маленькими фильтрами: каждый фильтр находит свою черту (линию, дугу) в любом месте картинки. Потом картинка уменьшается, и последний слой выбирает класс.",
				"Slides small filters over the picture: each filter finds its own feature (a line, an arc) anywhere in the picture. The picture is then shrunk, and the last layer picks the class."),
			Task:     Classify,
			Data:     []DataKind{ImageData},
			Settings: append(settings, s...),
		},
		load: loadTable(cnn.Load),
		start: func(v Values, d *runData, rng *rand.Rand) (job, error) {
			opt, err := mlp.ParseOptimizer(v.String("optimizer"))
			if err != nil {
				return nil, &Error{Code: CodeBadChoice, Field: "model.optimizer", Err: err}
			}
			img := d.images.train
			net, err := cnn.New(cnn.Config{
				Width: img.Width, Height: img.Height, Classes: len(img.Classes),
				Filters: v.Ints("filters"), Kernel: v.Int("kernel"),
			}, rng)
			if err != nil {
				return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
			}
			tr, err := cnn.NewTrainer(net, img.Pixels, img.Y,
				mlp.TrainConfig{Optimizer: opt, LearningRate: v.Float("lr"), BatchSize: v.Int("batch")}, rng)
			if err != nil {
				return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
			}
			return &epochJob{
				epochs: v.Int("epochs"), epoch: tr.Epoch, params: net.NumParams,
				score:   func() Metrics { return classifyMetrics(net, d, 0) },
				current: func() *Model { return tableModel(net, d) },
			}, nil
		},
	}
}
