package datasets

// How the digits are made
//
// Every picture is one of the ten digits, drawn from one of the Go fonts
// (golang.org/x/image/font/gofont) and then changed at random, the way
// handwriting varies:
//
//  1. Each font's ten digits are drawn once, large (64×64 pixels), and
//     blurred a little. The blur is what lets a small picture be read from
//     a big one without jagged edges, and it also turns each stroke into a
//     soft ridge: cutting the ridge higher or lower makes the stroke
//     thinner or thicker.
//  2. For every picture a random transformation is drawn: a turn of up to
//     15° either way, a slant (shear), a narrower or wider glyph, a size
//     and a shift. Each pixel of the small picture asks where it comes from
//     in the big drawing (the inverse of the transformation) and reads the
//     blurred drawing there, between its pixels (bilinear interpolation).
//  3. The value read is cut at a random height (stroke thickness), made a
//     little dimmer or not, and noise is added.
//
// The pictures follow the MNIST convention: white ink (1) on black (0).
//
// Simplifications: the digits are printed glyphs, not handwriting; every
// stroke of one picture has the same thickness; there is no paper texture,
// smudging or second digit at the edge.

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/aisandbox/aisandbox/i18n"
)

// digitFonts returns the faces the digits are drawn in: proportional and
// monospaced, regular, medium and bold, upright and italic, so that the
// shapes of 1, 4 and 7 and the weight of the strokes vary.
func digitFonts() [][]byte {
	return [][]byte{goregular.TTF, gomedium.TTF, gobold.TTF, goitalic.TTF, gomono.TTF, gomonobold.TTF}
}

// The random changes of a digit, each drawn uniformly from its range.
const (
	// digitMaxTurn is the largest turn either way, in radians (15°): people
	// rarely tilt a digit more, and beyond it a 6 starts to become a 9.
	digitMaxTurn = 15 * math.Pi / 180
	// digitMaxShear is the largest slant: x moves by up to 0.25 of the
	// height, about 14°, like quick handwriting.
	digitMaxShear = 0.25
	// digitMinWidth and digitMaxWidth scale the width alone.
	digitMinWidth, digitMaxWidth = 0.8, 1.2
	// digitMinHeight and digitMaxHeight are the glyph's height as a share
	// of the picture's side; their mean is digitInkFraction.
	digitMinHeight, digitMaxHeight = 0.6, 0.8
	// digitInkFraction is the mean height of a glyph as a share of the
	// picture's side. Prepare with FitInk frames uploads to match it.
	digitInkFraction = (digitMinHeight + digitMaxHeight) / 2
	// digitMaxShift is the largest shift of the centre, as a share of the
	// side, each way: 0.08 keeps the tallest turned glyph inside the frame
	// (half of 0.8, plus 0.08, is 0.48 < 0.5).
	digitMaxShift = 0.08
	// digitMinCut and digitMaxCut are the heights at which the blurred
	// stroke is cut: 0.15 makes thick strokes, 0.45 thin ones (found by
	// looking at the pictures: above 0.5 thin fonts start to break up).
	digitMinCut, digitMaxCut = 0.15, 0.45
	// digitRamp is the width of the soft edge around the cut, in units of
	// the blurred drawing: wide enough to keep edges smooth at 16×16.
	digitRamp = 0.35
	// digitMinInk is the dimmest ink: 0.8 of full white.
	digitMinInk = 0.8
	// digitMaxNoise is the largest standard deviation of the noise.
	digitMaxNoise = 0.08
)

// Size of the large drawings.
const (
	// digitMasterSide is the side of each large drawing, in pixels.
	digitMasterSide = 64
	// digitMasterPt is the font size of the large drawings, in pixels per
	// em at 72 dpi: the Go fonts' digits are then about 33 pixels tall,
	// leaving room around them for the blur.
	digitMasterPt = 46
)

// digitMaster is one digit of one font drawn large and blurred.
type digitMaster struct {
	pix    []float32 // digitMasterSide² values in [0, 1], row by row
	height float64   // height of the glyph's box, in pixels
}

// Digits returns n pictures of size×size pixels of the digits 0-9 (class k
// is the digit k), drawn from the Go fonts and changed at random (see the
// top of digits.go), white on black. The classes are balanced: picture i
// shows digit i mod 10. n must be from 10 to 10,000 and size from 8 to 32;
// the same seed always gives the same pictures.
func Digits(n, size int, seed uint64) (*Images, error) {
	if err := checkImageArgs("digits", n, size); err != nil {
		return nil, err
	}
	masters, err := digitMasters(size)
	if err != nil {
		return nil, err
	}
	classes := make([]string, 10)
	for d := range classes {
		classes[d] = fmt.Sprint(d)
	}
	im := newImages("digits", n, size, classes)
	im.Card = digitsCard()
	rng := rand.New(rand.NewPCG(seed, 0))
	for i, p := range im.Pixels {
		m := &masters[rng.IntN(len(masters))][im.Y[i]]
		drawDigit(p, size, m, rng)
	}
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: generating digits: %w", err)
	}
	return im, nil
}

// drawDigit fills p (size×size) with master m under a random
// transformation drawn from rng.
func drawDigit(p []float64, size int, m *digitMaster, rng *rand.Rand) {
	// Draw in a fixed order, so that a seed always gives the same picture.
	turn := (2*rng.Float64() - 1) * digitMaxTurn
	shear := (2*rng.Float64() - 1) * digitMaxShear
	width := digitMinWidth + rng.Float64()*(digitMaxWidth-digitMinWidth)
	height := digitMinHeight + rng.Float64()*(digitMaxHeight-digitMinHeight)
	sx := (2*rng.Float64() - 1) * digitMaxShift * float64(size)
	sy := (2*rng.Float64() - 1) * digitMaxShift * float64(size)
	cut := digitMinCut + rng.Float64()*(digitMaxCut-digitMinCut)
	ink := digitMinInk + rng.Float64()*(1-digitMinInk)
	noise := rng.Float64() * digitMaxNoise

	// The forward map takes a point q of the drawing (relative to its
	// centre, in drawing pixels) to the picture: p = (1/k)·R·H·W·q, with W
	// = diag(width, 1), H the shear [[1, shear], [0, 1]], R the turn, and
	// k drawing pixels per picture pixel. Its inverse, applied to each
	// picture pixel, is q = k·W⁻¹·H⁻¹·R⁻¹·p, where H⁻¹ = [[1, −shear], [0, 1]]
	// and R⁻¹ = [[cos, sin], [−sin, cos]].
	k := m.height / (height * float64(size))
	c, s := math.Cos(turn), math.Sin(turn)
	// H⁻¹·R⁻¹ = [[c + shear·s, s − shear·c], [−s, c]]; then rows scaled by
	// k/width and k.
	a11, a12 := k*(c+shear*s)/width, k*(s-shear*c)/width
	a21, a22 := -k*s, k*c

	half := float64(digitMasterSide) / 2
	cx, cy := float64(size)/2+sx, float64(size)/2+sy
	for y := range size {
		py := float64(y) + 0.5 - cy
		for x := range size {
			px := float64(x) + 0.5 - cx
			// Sample at the pixel's centre; -0.5 turns a position into the
			// index of the pixel whose centre is there.
			qx := a11*px + a12*py + half - 0.5
			qy := a21*px + a22*py + half - 0.5
			v := sampleBilinear(m.pix, digitMasterSide, qx, qy)
			// A soft cut: 0 below cut, 1 above cut + digitRamp.
			t := pixClamp((v - cut) / digitRamp)
			t = t * t * (3 - 2*t) // smoothstep: no kink at either end
			p[y*size+x] = pixClamp(ink*t + noise*rng.NormFloat64())
		}
	}
}

// sampleBilinear reads a side×side grid at (x, y), between pixel centres;
// outside the grid it is 0.
func sampleBilinear(pix []float32, side int, x, y float64) float64 {
	if !(x > -1 && y > -1 && x < float64(side) && y < float64(side)) {
		return 0
	}
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(i, j int) float64 {
		if i < 0 || j < 0 || i >= side || j >= side {
			return 0
		}
		return float64(pix[j*side+i])
	}
	top := at(x0, y0)*(1-fx) + at(x0+1, y0)*fx
	bottom := at(x0, y0+1)*(1-fx) + at(x0+1, y0+1)*fx
	return top*(1-fy) + bottom*fy
}

// digitMasters draws every digit of every font large, centred on its box,
// and blurs it for pictures of size×size pixels.
func digitMasters(size int) ([][10]digitMaster, error) {
	fonts := digitFonts()
	out := make([][10]digitMaster, len(fonts))
	dst := image.NewAlpha(image.Rect(0, 0, digitMasterSide, digitMasterSide))
	for f, ttf := range fonts {
		parsed, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("datasets: digits: font %d: %w", f, err)
		}
		face, err := opentype.NewFace(parsed, &opentype.FaceOptions{Size: digitMasterPt, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("datasets: digits: font %d: %w", f, err)
		}
		for d := range 10 {
			s := string(rune('0' + d))
			bounds, _ := font.BoundString(face, s)
			minX, minY := fixedToFloat(bounds.Min.X), fixedToFloat(bounds.Min.Y)
			maxX, maxY := fixedToFloat(bounds.Max.X), fixedToFloat(bounds.Max.Y)
			if maxY <= minY || maxX <= minX {
				return nil, fmt.Errorf("datasets: digits: font %d has no glyph for %s", f, s)
			}
			clear(dst.Pix)
			// Put the dot so that the glyph's box is centred.
			half := float64(digitMasterSide) / 2
			dot := fixed.Point26_6{
				X: fixed.Int26_6(math.Round((half - (minX+maxX)/2) * 64)),
				Y: fixed.Int26_6(math.Round((half - (minY+maxY)/2) * 64)),
			}
			(&font.Drawer{Dst: dst, Src: image.Opaque, Face: face, Dot: dot}).DrawString(s)
			m := &out[f][d]
			m.height = maxY - minY
			m.pix = make([]float32, len(dst.Pix))
			for i, a := range dst.Pix {
				m.pix[i] = float32(a) / 255
			}
			// Half a picture pixel, in drawing pixels, is the usual width of
			// the smoothing that keeps a shrunken picture free of jagged
			// edges; the mean glyph height sets the scale.
			sigma := 0.5 * m.height / (digitInkFraction * float64(size))
			blurGauss32(m.pix, digitMasterSide, sigma)
		}
	}
	return out, nil
}

// fixedToFloat converts a 26.6 fixed-point number to a float64.
func fixedToFloat(v fixed.Int26_6) float64 { return float64(v) / 64 }

// blurGauss32 blurs a side×side grid in place by a Gaussian of standard
// deviation sigma pixels, first along rows and then along columns (a 2-D
// Gaussian is the product of two 1-D ones). Values past the edge count as 0.
func blurGauss32(pix []float32, side int, sigma float64) {
	r := int(math.Ceil(3 * sigma)) // 3σ holds 99.7% of the weight
	kernel := make([]float32, 2*r+1)
	var sum float32
	for i := range kernel {
		d := float64(i - r)
		kernel[i] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
		sum += kernel[i]
	}
	for i := range kernel {
		kernel[i] /= sum
	}
	tmp := make([]float32, len(pix))
	for y := range side {
		for x := range side {
			var s float32
			for i, w := range kernel {
				if xx := x + i - r; xx >= 0 && xx < side {
					s += w * pix[y*side+xx]
				}
			}
			tmp[y*side+x] = s
		}
	}
	for y := range side {
		for x := range side {
			var s float32
			for i, w := range kernel {
				if yy := y + i - r; yy >= 0 && yy < side {
					s += w * tmp[yy*side+x]
				}
			}
			pix[y*side+x] = s
		}
	}
}

func digitsCard() Card {
	classes := make([]i18n.Text, 10)
	for d := range classes {
		s := fmt.Sprint(d)
		classes[d] = i18n.Text{KK: s, RU: s, EN: s}
	}
	return Card{
		Title: i18n.Text{KK: "Цифрлар", RU: "Цифры", EN: "Digits"},
		Source: i18n.Text{
			KK: "Жасанды деректер, оларды осы бағдарлама жасайды. Әр сурет — 0-ден 9-ға дейінгі бір цифр, Go қаріптерінің бірімен (кәдімгі, орташа, жуан, көлбеу, бірдей енді) салынған. Содан кейін цифр кездейсоқ 15°-қа дейін бұрылады, көлбейді, ені мен биіктігі өзгереді, жылжиды, сызықтары жуандайды немесе жіңішкереді, суретке шу қосылады. Қара фонда ақ сия, MNIST жиынындағыдай. Әр цифр бірдей жиі кездеседі; бірдей тұқым (seed) әрқашан бірдей суреттерді береді.",
			RU: "Синтетические данные, их создаёт эта программа. Каждая картинка — одна цифра от 0 до 9, нарисованная одним из шрифтов Go (обычным, средним, жирным, курсивом, моноширинным). Затем цифра случайно поворачивается до 15°, наклоняется, меняет ширину и высоту, сдвигается, её линии становятся толще или тоньше, к картинке добавляется шум. Белые чернила на чёрном фоне, как в наборе MNIST. Все цифры встречаются одинаково часто; одно и то же зерно (seed) всегда даёт одни и те же картинки.",
			EN: "Synthetic, generated by this program. Each picture is one digit from 0 to 9 drawn in one of the Go fonts (regular, medium, bold, italic, monospaced). The digit is then turned by up to 15° at random, slanted, made narrower or wider, taller or shorter, shifted, its strokes made thicker or thinner, and noise is added. White ink on black, as in the MNIST set. Every digit is equally common; the same seed always gives the same pictures.",
		},
		Purpose: i18n.Text{
			KK: "Суреттерді тануды үйрену: модель пиксельдерден цифрды табуды үйренеді. Желінің не көретінін, қай цифрларды шатастыратынын (мысалы, 1 мен 7, 3 пен 8) көруге болады, содан кейін өз қолыңмен сызған цифрмен тексеруге болады.",
			RU: "Научиться распознавать картинки: модель учится узнавать цифру по пикселям. Можно увидеть, что видит сеть, какие цифры она путает (например, 1 и 7, 3 и 8), а потом проверить её на цифре, нарисованной своей рукой.",
			EN: "To learn image recognition: a model learns to tell the digit from the pixels. You can see what the network looks at, which digits it confuses (such as 1 and 7, or 3 and 8), and then test it on a digit drawn by your own hand.",
		},
		NotFor: i18n.Text{
			KK: "Нақты қолжазба емес: бұл баспа қаріптері, ал балалардың қолжазбасы олардан өзгеше. Сондықтан осы жиында жақсы оқыған модель сенің қолыңмен жазылған цифрларда жиі қателесуі мүмкін — бұл да сабақ: модель тек өзі көрген деректерге ұқсас нәрсені ғана жақсы таниды. Қолжазбаны тануды бағалауға немесе нақты құжаттарды оқуға арналмаған.",
			RU: "Не настоящий почерк: это печатные шрифты, а детский почерк на них не похож. Поэтому модель, хорошо выучившая этот набор, может часто ошибаться на цифрах, написанных твоей рукой, — это тоже урок: модель хорошо узнаёт только то, что похоже на данные, которые она видела. Не для оценки распознавания почерка и не для чтения настоящих документов.",
			EN: "Not real handwriting: these are printed fonts, and children's handwriting looks different. So a model that has learnt this set well may often be wrong about digits written by your own hand, and that is a lesson too: a model recognises well only what looks like the data it has seen. Not for judging handwriting recognition or reading real documents.",
		},
		Synthetic: true,
		Classes:   classes,
	}
}
