package sandbox_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/aisandbox/aisandbox/sandbox"
)

// BenchmarkPredictImageEndToEnd is one uploaded photo answered by a trained
// CNN: a 640×480 JPEG data URL decoded (with its size guards), turned grey,
// framed, shrunk to 16×16 and classified, as predict_image does.
func BenchmarkPredictImageEndToEnd(b *testing.B) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	defer s.Close()
	sp := e.Catalog().Defaults("cnn", "digits")
	sp.Dataset.N, sp.Model.Settings["epochs"] = 500, 1
	end := make(chan sandbox.Event, 1)
	if err := s.Train("r", sp, func(ev sandbox.Event) {
		if ev.Type == sandbox.EventDone || ev.Type == sandbox.EventError {
			end <- ev
		}
	}); err != nil {
		b.Fatal(err)
	}
	if ev := <-end; ev.Type != sandbox.EventDone {
		b.Fatalf("training: %+v", ev.Payload)
	}
	// A dark "1" on light paper, as a phone photo of a written digit.
	img := image.NewGray(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			v := uint8(230)
			if x > 300 && x < 340 && y > 100 && y < 380 {
				v = 30
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	url := "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.PredictImage("r", url); err != nil {
			b.Fatal(err)
		}
	}
}
