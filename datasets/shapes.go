package datasets

// How the shapes are made
//
// Every picture shows one circle, square or triangle (equilateral) on a
// background. For each picture, at random:
//
//   - the background: one grey level, a gradient from one grey to another,
//     or stripes (a wave of brightness at some angle and spacing);
//   - the figure's grey level, at least 0.3 lighter or darker than the
//     background around it, so it can always be seen but may be either;
//   - filled or only outlined;
//   - its area (so that size tells nothing about the class, the three
//     shapes are drawn with the same range of areas, not the same width),
//     its turn (any angle) and its place (anywhere it fits);
//   - a little noise on every pixel.
//
// Each pixel is coloured by how far its centre is from the figure's edge
// (a signed distance: negative inside, positive outside, in pixels): full
// figure colour deeper than half a pixel inside, background further than
// half a pixel outside, and a blend in between, which smooths the edges.
//
// Simplifications: one figure per picture, always whole; no perspective,
// shadows or other objects; the three shapes are ideal and flat.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/i18n"
)

// The classes of the shapes set, in label order.
const (
	shapeCircle = iota
	shapeSquare
	shapeTriangle
)

// The random choices of a shapes picture.
const (
	// shapeMinArea and shapeMaxArea are the figure's area as a share of the
	// picture: from a circle about a third as wide as the picture (diameter
	// 2√(0.1/π) = 0.36 of the side) to a triangle whose corners still stay
	// inside it (circumradius √(4A/√3)/√3 = 0.44 of the side at A = 0.25).
	shapeMinArea, shapeMaxArea = 0.1, 0.25
	// shapeMinContrast is the least difference in grey level between the
	// figure and the background at its centre.
	shapeMinContrast = 0.3
	// shapeMinOutline and shapeMaxOutline are the outline's width as a share
	// of the side: at 32×32 from 2.6 to 4.5 pixels.
	shapeMinOutline, shapeMaxOutline = 0.08, 0.14
	// shapeMinOutlinePx is the thinnest outline, in pixels: an outline of
	// 1.5 pixels covers at least 3/4 of some pixel wherever it falls, so it
	// stays visible in small pictures.
	shapeMinOutlinePx = 1.5
	// shapeMaxGradient is the largest change of background grey level
	// across the picture, for gradient backgrounds.
	shapeMaxGradient = 0.5
	// shapeMaxStripe is the largest amplitude of striped backgrounds.
	shapeMaxStripe = 0.15
	// shapeMaxNoise is the largest standard deviation of the pixel noise.
	shapeMaxNoise = 0.05
)

// Shapes returns n pictures of size×size pixels, each a circle, square or
// triangle (classes "circle", "square", "triangle", in turn, so balanced)
// on a random background (see the top of shapes.go). n must be from 10 to
// 10,000 and size from 8 to 32; the same seed always gives the same
// pictures.
func Shapes(n, size int, seed uint64) (*Images, error) {
	if err := checkImageArgs("shapes", n, size); err != nil {
		return nil, err
	}
	im := newImages("shapes", n, size, []string{"circle", "square", "triangle"})
	im.Card = shapesCard()
	rng := rand.New(rand.NewPCG(seed, 0))
	for i, p := range im.Pixels {
		drawShape(p, size, im.Y[i], randomShapeParams(size, rng), rng)
	}
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: generating shapes: %w", err)
	}
	return im, nil
}

// shapeParams are the random choices of one shapes picture.
type shapeParams struct {
	bgKind   int     // 0 flat, 1 gradient, 2 stripes
	base     float64 // background grey level at the centre
	dirAngle float64 // direction of the gradient or across the stripes, in radians
	amount   float64 // gradient change or stripe amplitude, as a share of its maximum
	period   float64 // stripe period, in pixels
	phase    float64 // stripe phase, in radians
	contrast float64 // share of the room between the least contrast and 0 or 1
	lighter  bool    // figure lighter than the background (if there is room)
	filled   bool    // filled, or only outlined
	outline  float64 // outline width, in pixels
	area     float64 // figure area, in pixels
	turn     float64 // in radians
	fx, fy   float64 // place, as shares of the room the figure has
	noise    float64 // standard deviation of the pixel noise
}

// randomShapeParams draws the choices of one picture of size×size pixels,
// always in the same order, so that a seed always gives the same picture.
func randomShapeParams(size int, rng *rand.Rand) shapeParams {
	side := float64(size)
	return shapeParams{
		bgKind:   rng.IntN(3),
		base:     rng.Float64(),
		dirAngle: 2 * math.Pi * rng.Float64(),
		amount:   rng.Float64(),
		period:   3 + 5*rng.Float64(),
		phase:    2 * math.Pi * rng.Float64(),
		contrast: rng.Float64(),
		lighter:  rng.IntN(2) == 1,
		filled:   rng.IntN(2) == 1,
		outline:  max(shapeMinOutlinePx, (shapeMinOutline+rng.Float64()*(shapeMaxOutline-shapeMinOutline))*side),
		area:     (shapeMinArea + rng.Float64()*(shapeMaxArea-shapeMinArea)) * side * side,
		turn:     2 * math.Pi * rng.Float64(),
		fx:       rng.Float64(),
		fy:       rng.Float64(),
		noise:    rng.Float64() * shapeMaxNoise,
	}
}

// drawShape fills p (size×size) with a figure of the given class drawn as
// sp says; rng gives the pixel noise.
func drawShape(p []float64, size, class int, sp shapeParams, rng *rand.Rand) {
	side := float64(size)
	// Background grey level at (x, y), in pixels.
	dx, dy := math.Cos(sp.dirAngle), math.Sin(sp.dirAngle)
	background := func(x, y float64) float64 {
		along := (x-side/2)*dx + (y-side/2)*dy // from −side/√2 to side/√2
		switch sp.bgKind {
		case 1: // gradient: base at the centre, ±half the change at the ends
			return sp.base + sp.amount*shapeMaxGradient*along/side
		case 2: // stripes: a wave with a period of 3 to 8 pixels
			return sp.base + sp.amount*shapeMaxStripe*math.Sin(2*math.Pi*along/sp.period+sp.phase)
		}
		return sp.base
	}

	// The figure's signed distance function. An equilateral triangle of
	// area A has side a = √(4A/√3), inradius a/(2√3) and circumradius a/√3.
	tri := math.Sqrt(4 * sp.area / math.Sqrt(3))
	var dist func(x, y float64) float64
	switch class {
	case shapeCircle:
		r := math.Sqrt(sp.area / math.Pi)
		dist = func(x, y float64) float64 { return math.Hypot(x, y) - r }
	case shapeSquare:
		dist = polygonDist(4, math.Sqrt(sp.area)/2, sp.turn)
	default:
		dist = polygonDist(3, tri/(2*math.Sqrt(3)), sp.turn)
	}
	// Place the centre where the figure (and half its outline) fits whole,
	// half a pixel in. The triangle reaches furthest from its centre of the
	// three shapes of one area (circumradius 0.88·√A against 0.71·√A for
	// the square and 0.56·√A for the circle); every class is placed as if it
	// were the triangle, so that where a figure stands tells nothing about
	// its class.
	reach := tri/math.Sqrt(3) + 0.5
	if !sp.filled {
		reach += sp.outline / 2
	}
	lo, hi := reach, side-reach
	cx, cy := side/2, side/2
	if hi > lo {
		cx, cy = lo+sp.fx*(hi-lo), lo+sp.fy*(hi-lo)
	}

	// The figure's grey level: lighter or darker than the background at
	// its centre, as drawn, unless that side has less room than the least
	// contrast (one side always has room: at least 0.5); then by at least
	// the least contrast and at most up to white or black.
	under := pixClamp(background(cx, cy))
	lighter := sp.lighter
	if lighter && 1-under < shapeMinContrast || !lighter && under < shapeMinContrast {
		lighter = !lighter
	}
	ink := under - shapeMinContrast - sp.contrast*(under-shapeMinContrast)
	if lighter {
		ink = under + shapeMinContrast + sp.contrast*(1-under-shapeMinContrast)
	}

	for y := range size {
		py := float64(y) + 0.5
		for x := range size {
			px := float64(x) + 0.5
			d := dist(px-cx, py-cy)
			if !sp.filled {
				d = math.Abs(d) - sp.outline/2
			}
			// Coverage of the pixel: 1 half a pixel inside the edge, 0 half
			// a pixel outside, linear between.
			cover := pixClamp(0.5 - d)
			v := background(px, py)*(1-cover) + ink*cover
			if sp.noise > 0 {
				v += sp.noise * rng.NormFloat64()
			}
			p[y*size+x] = pixClamp(v)
		}
	}
}

// polygonDist returns the signed distance function of a regular polygon
// with k sides, centred on (0, 0), whose sides lie at distance inradius from
// the centre, turned by turn radians. For a convex polygon the distance is
// the largest of the distances to the lines of its sides: exact inside and
// near the middle of a side, a little short near a corner outside, which
// keeps corners sharp.
func polygonDist(k int, inradius, turn float64) func(x, y float64) float64 {
	nx, ny := make([]float64, k), make([]float64, k)
	for i := range k {
		a := turn + 2*math.Pi*float64(i)/float64(k)
		nx[i], ny[i] = math.Cos(a), math.Sin(a)
	}
	return func(x, y float64) float64 {
		d := math.Inf(-1)
		for i := range k {
			d = math.Max(d, x*nx[i]+y*ny[i]-inradius)
		}
		return d
	}
}

func shapesCard() Card {
	return Card{
		Title: i18n.Text{KK: "Пішіндер", RU: "Фигуры", EN: "Shapes"},
		Source: i18n.Text{
			KK: "Жасанды деректер, оларды осы бағдарлама жасайды. Әр суретте бір пішін бар: дөңгелек, шаршы немесе тең қабырғалы үшбұрыш. Фон кездейсоқ: бір сұр түс, бір сұрдан екіншісіне ауысу немесе жолақтар. Пішін фоннан ашығырақ та, күңгірттеу де болуы мүмкін, іші боялған немесе тек контуры сызылған; оның ауданы, бұрылу бұрышы мен орны кездейсоқ. Үш пішіннің аудандары бірдей аралықтан алынады, сондықтан өлшемі класты аңғартпайды. Әр пікселге аздап шу қосылады. Үш класс бірдей жиі кездеседі; бірдей тұқым (seed) әрқашан бірдей суреттерді береді.",
			RU: "Синтетические данные, их создаёт эта программа. На каждой картинке одна фигура: круг, квадрат или равносторонний треугольник. Фон случайный: один оттенок серого, переход от одного серого к другому или полосы. Фигура может быть светлее или темнее фона, закрашенной или только контуром; её площадь, поворот и положение случайны. Площади всех трёх фигур берутся из одного диапазона, поэтому размер не выдаёт класс. К каждому пикселю добавляется немного шума. Три класса встречаются одинаково часто; одно и то же зерно (seed) всегда даёт одни и те же картинки.",
			EN: "Synthetic, generated by this program. Each picture holds one figure: a circle, a square or an equilateral triangle. The background is random: one shade of grey, a fade from one grey to another, or stripes. The figure may be lighter or darker than the background, filled or only outlined; its area, turn and place are random. All three figures take their area from the same range, so size does not give the class away. A little noise is added to every pixel. The three classes are equally common; the same seed always gives the same pictures.",
		},
		Purpose: i18n.Text{
			KK: "Модель пішінді оның түсіне, орнына немесе фонына қарамай тани ала ма, соны көру. Бұл жерде пиксельдерді жай салыстыру аз: пішін кез келген жерде тұра алады және фоннан ашық та, күңгірт те бола алады. Сондықтан конволюциялық желі (суреттің әр бөлігіне бірдей сүзгілерді қолданатын) кәдімгі желіден неге жақсы екенін көрсетуге ыңғайлы.",
			RU: "Посмотреть, может ли модель узнать фигуру независимо от её цвета, положения и фона. Простого сравнения пикселей здесь мало: фигура может стоять где угодно и быть светлее или темнее фона. Поэтому набор хорошо показывает, чем свёрточная сеть (применяющая одни и те же фильтры ко всем частям картинки) лучше обычной.",
			EN: "To see whether a model can recognise a figure whatever its colour, place and background. Comparing pixels one by one is not enough here: the figure can be anywhere and lighter or darker than the background. That makes the set good for showing why a convolutional network (which applies the same filters to every part of the picture) does better than a plain one.",
		},
		NotFor: i18n.Text{
			KK: "Нақты фотосуреттегі заттарды тану үшін емес: мұнда пішіндер мінсіз, жалпақ, әр суретте біреуден ғана, көлеңке мен перспектива жоқ. Осы жиындағы жоғары нәтиже модельдің нақты әлемдегі заттарды тани алатынын білдірмейді.",
			RU: "Не для распознавания предметов на настоящих фотографиях: здесь фигуры идеальные, плоские, по одной на картинке, без теней и перспективы. Высокий результат на этом наборе не значит, что модель узнает предметы в реальном мире.",
			EN: "Not for recognising objects in real photos: here the figures are ideal, flat, one to a picture, with no shadows or perspective. A high score on this set does not mean a model will recognise things in the real world.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			{KK: "дөңгелек", RU: "круг", EN: "circle"},
			{KK: "шаршы", RU: "квадрат", EN: "square"},
			{KK: "үшбұрыш", RU: "треугольник", EN: "triangle"},
		},
	}
}
