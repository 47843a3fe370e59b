package sandbox

import (
	"errors"
	"fmt"

	"github.com/aisandbox/aisandbox/datasets"
)

// Pictures: image sets in the catalog, and questions about a student's own
// picture.

// imageSetInfo describes an image set for the catalog.
func imageSetInfo(g datasets.ImageGenerator) DatasetInfo {
	info := DatasetInfo{Name: g.Name, Kind: ImageData, Card: g.Card}
	if sample, err := g.Generate(10, 0, 1); err == nil {
		info.Classes, info.ClassTitles = sample.Classes, sample.ClassTitles()
	}
	ds := seedSetting()
	ds.Help = text(
		"Бірдей тұқым бірдей суреттер мен бірдей оқу/тест бөлінісін береді.",
		"Одинаковое зерно даёт те же картинки и то же деление на обучение и тест.",
		"The same seed gives the same pictures and the same train/test split.")
	info.Settings = []Setting{
		{
			Name: "n", Type: Int, Default: g.DefaultN, Min: 50, Max: float64(g.MaxN),
			Label: text("Суреттер саны", "Число картинок", "Pictures"),
			Help: text(
				"Барлығы неше сурет жасалады (оқу және тест бірге).",
				"Сколько картинок создать (обучение и тест вместе).",
				"How many pictures to make (training and test together)."),
		},
		ds,
	}
	if g.MakeShortcut != nil {
		info.Shortcut = backgroundShortcut
		info.Settings = append(info.Settings[:1:1], correlationSetting(g.DefaultCorrelation), ds)
	}
	return info
}

// backgroundShortcut names the shortcut of an image set with a dial.
const backgroundShortcut = "background"

// prepareImages makes the pictures of an image set and splits them; the
// families see each picture as a table row of pixels.
func prepareImages(spec TrainSpec, g datasets.ImageGenerator, opt prepOptions) (*runData, error) {
	seed := uint64(spec.Dataset.Seed)
	var imgs *datasets.Images
	var err error
	if g.MakeShortcut != nil {
		imgs, err = g.GenerateShortcut(spec.Dataset.N, 0, spec.Dataset.Correlation, false, seed)
	} else {
		imgs, err = g.Generate(spec.Dataset.N, 0, seed)
	}
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "dataset", Params: map[string]any{"label": "dataset"}, Err: err}
	}
	rng := splitRand(spec)
	train, test, err := imgs.Split(spec.TestSplit, rng)
	var val *datasets.Images
	if err == nil && spec.ValidationSplit > 0 {
		train, val, err = train.Split(validationOfRest(spec.ValidationSplit, spec.TestSplit), rng)
	}
	if err == nil && opt.share > 0 && opt.share < 1 {
		train, _, err = train.Split(1-opt.share, shareRand(spec))
	}
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "test_split", Params: map[string]any{"label": "test_split"}, Err: err}
	}
	upload := g.Upload
	upload.Size = imgs.Width
	d := &runData{
		kind:     ImageData,
		rawTrain: train.AsTable(), rawTest: test.AsTable(),
		images: &imageData{train: train, test: test, val: val, upload: upload},
	}
	if val != nil {
		d.rawVal = val.AsTable()
	}
	if opt.evaluation && g.MakeShortcut != nil {
		rev, err := g.GenerateShortcut(max(test.Len(), datasets.MinN), imgs.Width, spec.Dataset.Correlation, true, reversedSeed(spec))
		if err != nil {
			return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: the reversed test pictures: %w", err)}
		}
		d.reversed, d.shortcut = rev.AsTable(), backgroundShortcut
	}
	return d, nil
}

// imageData is what a run on pictures keeps besides the pixel rows.
type imageData struct {
	train, test *datasets.Images
	val         *datasets.Images        // nil when no validation part is held out
	upload      datasets.PrepareOptions // how to prepare a student's picture
}

// ImagePrediction is a model's answer about one picture, with the picture
// as the model saw it.
type ImagePrediction struct {
	Prediction
	Width, Height int
	Pixels        []float64 // row by row from the top left, 0 dark to 1 bright
}

// CodeBadImage is the code of an *Error about a picture that cannot be used;
// its Params["reason"] is the datasets.ImageError code (too_large_bytes,
// too_large_pixels, too_wide, unknown_format, corrupt) and Params["limit"]
// the limit it broke, where there is one.
const CodeBadImage = "bad_image"

// PredictImage asks the model of an ended run on pictures about a picture
// given as a data URL (a drawing canvas's, or a file a student picked).
func (s *Session) PredictImage(id, dataURL string) (ImagePrediction, error) {
	m, err := s.endedModel(id)
	if err != nil {
		return ImagePrediction{}, err
	}
	if m.upload == nil {
		return ImagePrediction{}, errorf(CodeIncompatible, "run", map[string]any{"model": m.title, "dataset": "image"})
	}
	// Decoding a large picture takes tens of megabytes for a moment: a few
	// at a time, whatever the class does at once.
	s.e.decodes <- struct{}{}
	defer func() { <-s.e.decodes }()
	img, err := datasets.DecodeDataURL(dataURL, datasets.ImageOptions{})
	if err != nil {
		var ie *datasets.ImageError
		if errors.As(err, &ie) {
			// Limits for people: megabytes and megapixels, not millions.
			limit := float64(ie.Limit)
			switch ie.Code {
			case datasets.ImageTooLargeBytes:
				limit /= 1 << 20
			case datasets.ImageTooLargePixels:
				limit /= 1e6
			}
			return ImagePrediction{}, &Error{Code: CodeBadImage, Field: "image", Params: map[string]any{"reason": ie.Code, "limit": limit}, Err: err}
		}
		return ImagePrediction{}, &Error{Code: CodeBadImage, Field: "image", Params: map[string]any{"reason": datasets.ImageCorrupt}, Err: err}
	}
	pixels, err := datasets.Prepare(img, *m.upload)
	if err != nil {
		return ImagePrediction{}, &Error{Code: CodeBadImage, Field: "image", Params: map[string]any{"reason": datasets.ImageCorrupt}, Err: err}
	}
	p, err := m.Predict([][]float64{pixels})
	if err != nil {
		return ImagePrediction{}, err
	}
	return ImagePrediction{Prediction: p, Width: m.upload.Size, Height: m.upload.Size, Pixels: pixels}, nil
}
