package datasets

// How the shapes on a background are made ("shapes-bg")
//
// This set exists to show shortcut learning: a model that reaches a high
// score by looking at something that happens to go with the class in its
// training data (here the background) rather than at the thing itself (the
// figure). Every picture shows one filled circle or square in a mid grey on
// a flat background that is either light or dark. The background is tied
// to the class by a dial, the phi coefficient between "the class is square"
// and "the background is light":
//
//   - at 1 every square is on a light background and every circle on a dark
//     one, so the background alone gives the class;
//   - at 0 half of each class is on each background, so it tells nothing;
//   - reversed, the tie is turned round (phi = −dial): the test set on which
//     a model that learned the background gets the class wrong.
//
// With equally many pictures of each class, phi = 2p − 1, where p is the
// share of each class on "its" background (squares on light, circles on
// dark), so p = (1 + dial)/2. The generator does not toss a coin for each
// picture: in each class exactly round(p·count) pictures, chosen at random,
// get their own background. The measured phi is then the dial up to that
// rounding, not up to the noise of coin tosses (about 1/√n, 0.01 for
// 10,000 pictures).
//
// Everything else is drawn the same way for both classes, so that only the
// shape and the background carry the class: the background's grey level
// (light from 0.8 to 0.95, dark from 0.05 to 0.2), the figure's grey level
// (0.4 to 0.6, so at least 0.2 from either background), its area, turn and
// place. Pixels are coloured by how much of them the figure covers (the
// same signed-distance rule as the shapes set), and that coverage is kept in
// Images.Masks, which SwapBackground uses to put the figure on the other
// background.
//
// Simplifications: no pixel noise and no texture, so that a swapped
// background gives exactly the picture the generator would have drawn;
// filled figures only; two classes.

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/disintegration/imaging"

	"github.com/aisandbox/aisandbox/i18n"
)

// The classes of the shapes-bg set, in label order.
const (
	bgCircle = 0
	bgSquare = 1
)

// The random choices of a shapes-bg picture.
const (
	// shapesBgDefaultCorrelation is the dial of plain Generate: strong
	// enough that the background is by far the easier cue (9 pictures in 10
	// are on their class's background, p = (1 + 0.9)/2 = 0.95), yet every
	// class has some pictures on the other background.
	shapesBgDefaultCorrelation = 0.9
	// bgLightMin and bgLightMax bound the grey level of a light background;
	// a dark background is 1 minus such a level, from 0.05 to 0.2, so that
	// swapping light and dark (level → 1 − level) stays within the set.
	bgLightMin, bgLightMax = 0.8, 0.95
	// bgInkMin and bgInkMax bound the figure's grey level: a mid grey at
	// least 0.2 from either background (0.8 − 0.6 = 0.4 − 0.2 = 0.2).
	bgInkMin, bgInkMax = 0.4, 0.6
	// bgMinArea and bgMaxArea are the figure's area as a share of the
	// picture: from a circle 0.39 of the side across (2√(0.12/π)) to a square
	// whose diagonal, 0.75 of the side (√(2·0.28)), fits turned any way.
	// Larger than in the shapes set, so that the shape is plain to see even
	// in small pictures.
	bgMinArea, bgMaxArea = 0.12, 0.28
)

// ShapesBackground returns n pictures of size×size pixels, each a filled
// circle or square (classes "circle", "square", in turn, so balanced) in a
// mid grey on a light or dark background, with the figure's coverage of
// every pixel in Masks (see the top of background.go). correlation, from 0
// to 1, is the phi coefficient between the class "square" and a light
// background; reversed makes it −correlation. n must be from 10 to 10,000
// and size from 8 to 32; the same arguments always give the same pictures.
func ShapesBackground(n, size int, correlation float64, reversed bool, seed uint64) (*Images, error) {
	if err := checkImageArgs("shapes-bg", n, size); err != nil {
		return nil, err
	}
	// The negated test also catches NaN.
	if !(correlation >= 0 && correlation <= 1) {
		return nil, fmt.Errorf("datasets: shapes-bg: the shortcut correlation must be from 0 to 1, not %v", correlation)
	}
	im := newImages("shapes-bg", n, size, []string{"circle", "square"})
	im.Card = shapesBackgroundCard()
	side := size * size
	backing := make([]float64, n*side)
	im.Masks = make([][]float64, n)
	for i := range im.Masks {
		im.Masks[i] = backing[i*side : (i+1)*side : (i+1)*side]
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	light := shortcutBackgrounds(im.Y, correlation, reversed, rng)
	for i, p := range im.Pixels {
		drawOnBackground(p, im.Masks[i], size, im.Y[i], randomBgParams(size, light[i], rng))
	}
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: generating shapes-bg: %w", err)
	}
	return im, nil
}

// shortcutBackgrounds returns for each label in y (bgCircle or bgSquare)
// whether its picture gets a light background, so that the phi coefficient
// between "square" and "light" is correlation (−correlation when reversed):
// in each class, round(p·count) pictures chosen with rng get their class's
// own background (light for squares, dark for circles), with
// p = (1 + phi)/2.
func shortcutBackgrounds(y []int, correlation float64, reversed bool, rng *rand.Rand) []bool {
	phi := correlation
	if reversed {
		phi = -phi
	}
	p := (1 + phi) / 2
	byClass := make([][]int, 2)
	for i, c := range y {
		byClass[c] = append(byClass[c], i)
	}
	light := make([]bool, len(y))
	for c, idx := range byClass {
		shuffle(idx, rng)
		own := int(math.Round(p * float64(len(idx))))
		for k, i := range idx {
			onOwn := k < own
			// A square's own background is light, a circle's dark.
			light[i] = onOwn == (c == bgSquare)
		}
	}
	return light
}

// bgParams are the random choices of one shapes-bg picture.
type bgParams struct {
	level  float64 // background grey level
	ink    float64 // figure grey level
	area   float64 // figure area, in pixels
	turn   float64 // in radians (squares only)
	fx, fy float64 // place, as shares of the room the figure has
}

// randomBgParams draws the choices of one picture of size×size pixels on a
// light or dark background, always in the same order, so that a seed always
// gives the same picture.
func randomBgParams(size int, light bool, rng *rand.Rand) bgParams {
	side := float64(size)
	level := bgLightMin + rng.Float64()*(bgLightMax-bgLightMin)
	if !light {
		level = 1 - level
	}
	return bgParams{
		level: level,
		ink:   bgInkMin + rng.Float64()*(bgInkMax-bgInkMin),
		area:  (bgMinArea + rng.Float64()*(bgMaxArea-bgMinArea)) * side * side,
		turn:  math.Pi / 2 * rng.Float64(), // a square looks the same every quarter turn
		fx:    rng.Float64(),
		fy:    rng.Float64(),
	}
}

// drawOnBackground fills p (size×size) with a figure of the given class
// (bgCircle or bgSquare) drawn as bp says, and mask with how much of each
// pixel the figure covers.
func drawOnBackground(p, mask []float64, size, class int, bp bgParams) {
	side := float64(size)
	var dist func(x, y float64) float64
	if class == bgCircle {
		r := math.Sqrt(bp.area / math.Pi)
		dist = func(x, y float64) float64 { return math.Hypot(x, y) - r }
	} else {
		dist = polygonDist(4, math.Sqrt(bp.area)/2, bp.turn)
	}
	// Place the centre where the figure fits whole, half a pixel in. A
	// square reaches further from its centre than a circle of the same area
	// (√(A/2) = 0.71·√A against √(A/π) = 0.56·√A); both are placed as if
	// they were the square, so that where a figure stands tells nothing.
	reach := math.Sqrt(bp.area/2) + 0.5
	lo, hi := reach, side-reach
	cx, cy := side/2, side/2
	if hi > lo {
		cx, cy = lo+bp.fx*(hi-lo), lo+bp.fy*(hi-lo)
	}
	for y := range size {
		py := float64(y) + 0.5
		for x := range size {
			px := float64(x) + 0.5
			// Coverage of the pixel: 1 half a pixel inside the edge, 0 half
			// a pixel outside, linear between.
			cover := pixClamp(0.5 - dist(px-cx, py-cy))
			mask[y*size+x] = cover
			p[y*size+x] = pixClamp(bp.level*(1-cover) + bp.ink*cover)
		}
	}
}

// BackgroundLevel returns the grey level of the background of picture i of
// im: the mean of the pixels its mask leaves uncovered (mask 0), from 0
// (black) to 1 (white). Above 0.5 the background is light. It returns an
// error when im has no masks, i is out of range or the figure covers every
// pixel.
func BackgroundLevel(im *Images, i int) (float64, error) {
	level, err := backgroundLevel(im, i)
	if err != nil {
		return 0, fmt.Errorf("datasets: background level: %w", err)
	}
	return level, nil
}

// backgroundLevel is BackgroundLevel with errors that do not name the
// package, for its callers to wrap.
func backgroundLevel(im *Images, i int) (float64, error) {
	if im == nil {
		return 0, errors.New("nil image set")
	}
	if im.Masks == nil {
		return 0, fmt.Errorf("image set %q has no masks, so its figures cannot be told from their background", im.Name)
	}
	if i < 0 || i >= im.Len() || i >= len(im.Masks) {
		return 0, fmt.Errorf("picture %d is out of range: the set has %d", i, im.Len())
	}
	p, m := im.Pixels[i], im.Masks[i]
	if want := im.Width * im.Height; len(p) != want || len(m) != want {
		return 0, fmt.Errorf("picture %d has %d pixels and %d mask values, want %d×%d = %d", i, len(p), len(m), im.Width, im.Height, want)
	}
	var sum float64
	var count int
	for j, c := range m {
		if c == 0 {
			sum += p[j]
			count++
		}
	}
	if count == 0 {
		return 0, fmt.Errorf("the figure of picture %d covers every pixel, so it has no background", i)
	}
	return sum / float64(count), nil
}

// SwapBackground returns picture i of im with its background replaced by
// the other one, light by dark and dark by light, and the figure kept: the
// counterfactual of "the same figure on the other background".
//
// The background is taken to be flat, at the level BackgroundLevel gives;
// the new one has level 1 − level (within shapes-bg, a light background of
// 0.85 becomes a dark one of 0.15). The new picture is composited with the
// imaging package: a flat background from imaging.New, the figure as an
// image whose alpha is the mask (and whose grey, at edge pixels, is what the
// picture shows once the old background's share is taken out), laid over it
// with imaging.Overlay. imaging works in 8 bits a channel, so the values
// come back in steps of 1/255: a pixel the figure covers fully keeps its
// value to within 0.5/255.
//
// It returns an error when im has no masks, i is out of range or the figure
// covers every pixel. im is not changed.
func SwapBackground(im *Images, i int) ([]float64, error) {
	level, err := backgroundLevel(im, i)
	if err != nil {
		return nil, fmt.Errorf("datasets: swap background: %w", err)
	}
	w, h := im.Width, im.Height
	p, m := im.Pixels[i], im.Masks[i]
	other := toByte(1 - level)
	back := imaging.New(w, h, color.NRGBA{R: other, G: other, B: other, A: 255})
	figure := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := m[y*w+x]
			if c == 0 {
				continue // fully transparent, as NewNRGBA made it
			}
			// The picture shows level·(1−c) + figure·c at this pixel.
			g := toByte(pixClamp((p[y*w+x] - level*(1-c)) / c))
			o := y*figure.Stride + 4*x
			copy(figure.Pix[o:o+4], []uint8{g, g, g, toByte(c)})
		}
	}
	out := imaging.Overlay(back, figure, image.Point{}, 1)
	swapped := make([]float64, w*h)
	for y := range h {
		for x := range w {
			// Every channel holds the same grey; the picture is opaque.
			swapped[y*w+x] = float64(out.Pix[y*out.Stride+4*x]) / 255
		}
	}
	return swapped, nil
}

// toByte returns v in [0, 1] as the nearest of 0..255.
func toByte(v float64) uint8 {
	return uint8(math.Round(255 * pixClamp(v)))
}

func shapesBackgroundCard() Card {
	return Card{
		Title: i18n.Text{KK: "Фондағы пішіндер", RU: "Фигуры на фоне", EN: "Shapes on a background"},
		Source: i18n.Text{
			KK: "Жасанды деректер, оларды осы бағдарлама жасайды. Әр суретте бір пішін бар — дөңгелек немесе шаршы; ол орташа сұр түсті, ал фоны біркелкі ашық немесе күңгірт. Пішіннің ауданы, бұрылу бұрышы, орны мен сұр реңі кездейсоқ және екі класс үшін бірдей таңдалады. Фон класпен әдейі байланыстырылған, бұл байланысты реттегіш белгілейді: 90 % болғанда (әдепкі мән) шаршылар көбіне ашық фонда, ал дөңгелектер күңгірт фонда тұрады; 0 % болғанда фон класс туралы ештеңе айтпайды; кері жиында байланыс керісінше, сондықтан фон қате класты нұсқайды. Реттегіш — класс пен ашық фон арасындағы фи корреляция коэффициенті. Екі класс бірдей жиі кездеседі; бірдей тұқым (seed) әрқашан бірдей суреттерді береді.",
			RU: "Синтетические данные, их создаёт эта программа. На каждой картинке одна фигура — круг или квадрат — среднего серого цвета на ровном светлом или тёмном фоне. Площадь, поворот, положение и оттенок фигуры случайны и выбираются одинаково для обоих классов. Фон намеренно связан с классом, и эту связь задаёт регулятор: при 90 % (по умолчанию) квадраты чаще всего стоят на светлом фоне, а круги — на тёмном; при 0 % фон ничего не говорит о классе; в перевёрнутом наборе связь обратная, и фон указывает на неверный класс. Регулятор — это коэффициент корреляции фи между классом и светлым фоном. Оба класса встречаются одинаково часто; одно и то же зерно (seed) всегда даёт одни и те же картинки.",
			EN: "Synthetic, generated by this program. Each picture holds one figure, a circle or a square, in a mid grey on a flat background that is either light or dark. The figure's area, turn, place and shade are random and drawn the same way for both classes. On purpose, the background is tied to the class by a dial: at 90 % (the default) squares are mostly on light backgrounds and circles mostly on dark ones; at 0 % the background tells nothing about the class; in the reversed set the tie is turned round, so the background points to the wrong class. The dial is the phi correlation coefficient between the class and a light background. The two classes are equally common; the same seed always gives the same pictures.",
		},
		Purpose: i18n.Text{
			KK: "Модельдің «жолды қалай қысқартатынын» көрсету: фонды үйрену пішінді үйренуден әлдеқайда оңай, сондықтан реттегіш жоғары болғанда үйретілген модель пішіннің орнына фонды жаттап алуы мүмкін. Сонда оның дәлдігі кері жиында немесе суреттің фоны ауыстырылғанда төмендейді, ал 0 %-да үйретілген модель дәлдігін сақтайды.",
			RU: "Показать, как модель «срезает путь»: фон выучить гораздо легче, чем форму, поэтому модель, обученная при высоком значении регулятора, может запомнить фон вместо фигуры. Тогда её точность падает на перевёрнутом наборе или когда фон картинки заменяют, а модель, обученная при 0 %, её сохраняет.",
			EN: "To let students see a model take a shortcut: the background is far easier to learn than the shape, so a model trained with the dial high may learn the background instead of the figure. Its accuracy then falls on the reversed set or when a picture's background is swapped, while a model trained at 0 % keeps its accuracy.",
		},
		NotFor: i18n.Text{
			KK: "Модельдің «жолды қысқартуы» туралы осы сабақтан басқа ешнәрсеге арналмаған: фон мен класс арасындағы байланыс әдейі енгізілген және бұл жиыннан тыс ешқандай мағынасы жоқ. Пішіндер мінсіз әрі жалпақ, көлеңке мен перспектива жоқ; мұндағы нәтиже нақты фотосуреттегі заттарды тану туралы ештеңе айтпайды.",
			RU: "Ни для чего, кроме этого урока о том, как модель «срезает путь»: связь фона с классом заложена намеренно и вне этого набора ничего не значит. Фигуры идеальные и плоские, без теней и перспективы; результат на этом наборе ничего не говорит о распознавании предметов на настоящих фотографиях.",
			EN: "Anything but this lesson about shortcuts: the tie between background and class was built in on purpose and means nothing outside this set. The figures are ideal and flat, with no shadows or perspective; a score here says nothing about recognising objects in real photos.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			{KK: "дөңгелек", RU: "круг", EN: "circle"},
			{KK: "шаршы", RU: "квадрат", EN: "square"},
		},
	}
}
