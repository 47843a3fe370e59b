package datasets

// The upload pipeline: a picture a student uploads (a photo from a phone) or
// draws on a canvas becomes a row of pixels like the ones the image sets
// are made of.
//
//	DecodeImage / DecodeDataURL   bytes → image.Image, refusing anything too big
//	Prepare                       image.Image → size×size grey values in [0, 1]
//	Augment                       pixels → a randomly changed copy (for training)
//
// The first rule is that nothing an upload claims can make the server
// allocate much memory. An image file states its width and height in a few
// header bytes, and decoders allocate the whole picture from them before
// reading a single pixel: a 62-byte PNG that claims 100000×100000 pixels
// asks for 40 GB and kills the process with an out-of-memory error that
// recover cannot catch (see /work/shared/DEPENDENCIES.md). So DecodeImage
// reads the header alone first (image.DecodeConfig) and refuses large
// sizes before any decoder allocates; it also refuses more bytes than a
// photo needs, which bounds the work of the decoders.

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/disintegration/imaging"
)

// Default limits of DecodeImage. A photo from a school phone or tablet is
// 2-5 MB and at most about 4000×3000 = 12 MP; these limits let such a photo
// in and keep the memory of one decoded picture to about 16 MP · 4 bytes =
// 64 MB.
const (
	// DefaultMaxImageBytes is the largest upload, in bytes (5 MiB).
	DefaultMaxImageBytes = 5 << 20
	// DefaultMaxImageSide is the largest width or height, in pixels.
	DefaultMaxImageSide = 4096
	// DefaultMaxImagePixels is the largest width·height, in pixels (16 MP).
	DefaultMaxImagePixels = 16_000_000
)

// The codes of ImageError, for the web layer to translate.
const (
	// ImageTooLargeBytes: the file has more bytes than allowed.
	ImageTooLargeBytes = "too_large_bytes"
	// ImageTooLargePixels: width·height is more than allowed.
	ImageTooLargePixels = "too_large_pixels"
	// ImageTooWide: the width or the height is more than allowed.
	ImageTooWide = "too_wide"
	// ImageUnknownFormat: the data is not a PNG, JPEG or GIF image.
	ImageUnknownFormat = "unknown_format"
	// ImageCorrupt: the data starts like an image but cannot be decoded.
	ImageCorrupt = "corrupt"
)

// ImageError is the error of DecodeImage and DecodeDataURL. Code says what
// went wrong in a form the web layer translates; Error gives English text
// for logs.
type ImageError struct {
	// Code is one of ImageTooLargeBytes, ImageTooLargePixels, ImageTooWide,
	// ImageUnknownFormat or ImageCorrupt.
	Code string
	// Limit is the limit that was passed: bytes for ImageTooLargeBytes,
	// pixels a side for ImageTooWide, pixels for ImageTooLargePixels; 0 for
	// the other codes.
	Limit int64
	// Got is the size found, in the units of Limit; 0 when Limit is 0.
	Got int64
	// Err is the decoder's own error, if there is one.
	Err error
}

// Error returns English text that starts with the package name.
func (e *ImageError) Error() string {
	switch e.Code {
	case ImageTooLargeBytes:
		return fmt.Sprintf("datasets: image file is too large: %d bytes, the limit is %d", e.Got, e.Limit)
	case ImageTooLargePixels:
		return fmt.Sprintf("datasets: image has too many pixels: %d, the limit is %d", e.Got, e.Limit)
	case ImageTooWide:
		return fmt.Sprintf("datasets: image is too wide or too tall: %d pixels, the limit is %d a side", e.Got, e.Limit)
	case ImageUnknownFormat:
		if e.Err != nil {
			return "datasets: not a PNG, JPEG or GIF image: " + e.Err.Error()
		}
		return "datasets: not a PNG, JPEG or GIF image"
	default:
		if e.Err != nil {
			return "datasets: image is damaged: " + e.Err.Error()
		}
		return "datasets: image is damaged"
	}
}

// Unwrap returns the decoder's error.
func (e *ImageError) Unwrap() error { return e.Err }

// ImageOptions sets the limits of DecodeImage. A zero field means the
// default; a field above the default is lowered to it, so that no caller can
// let a decompression bomb through.
type ImageOptions struct {
	// MaxBytes is the largest file, in bytes; 0 means DefaultMaxImageBytes.
	MaxBytes int64
	// MaxSide is the largest width or height, in pixels; 0 means
	// DefaultMaxImageSide.
	MaxSide int
	// MaxPixels is the largest width·height, in pixels; 0 means
	// DefaultMaxImagePixels.
	MaxPixels int64
}

// limits returns the options with defaults filled in and ceilings applied.
func (o ImageOptions) limits() ImageOptions {
	pick := func(v, def int64) int64 {
		if v <= 0 || v > def {
			return def
		}
		return v
	}
	return ImageOptions{
		MaxBytes:  pick(o.MaxBytes, DefaultMaxImageBytes),
		MaxSide:   int(pick(int64(o.MaxSide), DefaultMaxImageSide)),
		MaxPixels: pick(o.MaxPixels, DefaultMaxImagePixels),
	}
}

// imageFormat is a format DecodeImage accepts.
type imageFormat int

const (
	formatNone imageFormat = iota
	formatPNG
	formatJPEG
	formatGIF
)

// sniffFormat recognises PNG, JPEG and GIF by their first bytes (their
// "magic numbers", fixed by each format's specification). Only these three
// are decoded: other formats that happen to be registered in the image
// package (imaging registers BMP and TIFF) are refused.
func sniffFormat(data []byte) imageFormat {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(data, []byte{0xff, 0xd8}):
		return formatJPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return formatGIF
	}
	return formatNone
}

// DecodeImage decodes a PNG, JPEG or GIF file (the first frame of a GIF).
// Before any decoder allocates, it checks the number of bytes and, from the
// file's header alone, the width and height against opt, and refuses what
// is too large. A JPEG photo is turned upright by its EXIF orientation tag,
// as phones expect. Every error is an *ImageError.
func DecodeImage(data []byte, opt ImageOptions) (img image.Image, err error) {
	lim := opt.limits()
	if int64(len(data)) > lim.MaxBytes {
		return nil, &ImageError{Code: ImageTooLargeBytes, Limit: lim.MaxBytes, Got: int64(len(data))}
	}
	format := sniffFormat(data)
	if format == formatNone {
		return nil, &ImageError{Code: ImageUnknownFormat}
	}
	var cfg image.Config
	switch format {
	case formatPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case formatJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case formatGIF:
		cfg, err = gif.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, &ImageError{Code: ImageCorrupt, Err: err}
	}
	if err := checkImageSize(cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}

	// The standard decoders return errors for bad data; the recover is a
	// last guard so that a decoder bug cannot take the server down.
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, &ImageError{Code: ImageCorrupt, Err: fmt.Errorf("decoder panicked: %v", r)}
		}
	}()
	switch format {
	case formatPNG:
		img, err = png.Decode(bytes.NewReader(data))
	case formatJPEG:
		// imaging reads the EXIF orientation while the JPEG decoder runs
		// and turns the picture upright; image.Decode picks the JPEG
		// decoder, since the data starts with the JPEG marker.
		img, err = imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	case formatGIF:
		img, err = gif.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, &ImageError{Code: ImageCorrupt, Err: err}
	}
	// A decoded picture must be the size its header promised (turned by a
	// quarter when the orientation tag says so): anything else means the
	// checks above were not about this picture.
	b := img.Bounds()
	if !(b.Dx() == cfg.Width && b.Dy() == cfg.Height) && !(b.Dx() == cfg.Height && b.Dy() == cfg.Width) {
		return nil, &ImageError{Code: ImageCorrupt, Err: fmt.Errorf("decoded %d×%d pixels, header said %d×%d", b.Dx(), b.Dy(), cfg.Width, cfg.Height)}
	}
	return img, nil
}

// checkImageSize refuses a width and height outside lim.
func checkImageSize(w, h int, lim ImageOptions) error {
	if w <= 0 || h <= 0 {
		return &ImageError{Code: ImageCorrupt, Err: fmt.Errorf("size %d×%d", w, h)}
	}
	if w > lim.MaxSide || h > lim.MaxSide {
		return &ImageError{Code: ImageTooWide, Limit: int64(lim.MaxSide), Got: int64(max(w, h))}
	}
	if px := int64(w) * int64(h); px > lim.MaxPixels {
		return &ImageError{Code: ImageTooLargePixels, Limit: lim.MaxPixels, Got: px}
	}
	return nil
}

// DecodeDataURL decodes a picture sent as a data URL, the form in which a
// browser's drawing canvas gives its picture ("data:image/png;base64,...").
// The URL must say base64 and an image type; the bytes are then checked as
// by DecodeImage (whatever type the URL names). The length of the base64
// text is checked before it is decoded, so a huge URL costs no memory
// beyond the string itself. Every error is an *ImageError.
func DecodeDataURL(s string, opt ImageOptions) (image.Image, error) {
	lim := opt.limits()
	rest, ok := cutPrefixFold(s, "data:")
	if !ok {
		return nil, &ImageError{Code: ImageUnknownFormat, Err: errors.New("not a data URL")}
	}
	header, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, &ImageError{Code: ImageCorrupt, Err: errors.New("data URL has no comma")}
	}
	mediaType, params, _ := strings.Cut(header, ";")
	if _, ok := cutPrefixFold(mediaType, "image/"); !ok {
		return nil, &ImageError{Code: ImageUnknownFormat, Err: fmt.Errorf("data URL holds %q, not an image", mediaType)}
	}
	if !strings.EqualFold(params, "base64") && !strings.HasSuffix(strings.ToLower(params), ";base64") {
		return nil, &ImageError{Code: ImageCorrupt, Err: errors.New("data URL is not base64")}
	}
	// Base64 writes every 3 bytes as 4 characters, so a file of MaxBytes
	// bytes takes at most EncodedLen(MaxBytes) characters.
	if int64(len(payload)) > int64(base64.StdEncoding.EncodedLen(int(lim.MaxBytes))) {
		return nil, &ImageError{Code: ImageTooLargeBytes, Limit: lim.MaxBytes, Got: int64(base64.StdEncoding.DecodedLen(len(payload)))}
	}
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return nil, &ImageError{Code: ImageCorrupt, Err: fmt.Errorf("base64: %w", err)}
	}
	return DecodeImage(data, lim)
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// Ink says which way round Prepare puts a picture's brightness.
type Ink int

const (
	// InkAuto decides from the picture's border: a light border (mean
	// brightness above one half) means dark ink on light paper, which is
	// inverted so that the ink becomes bright, as in the digits set. A
	// drawing that touches the border can fool it: then say which way.
	InkAuto Ink = iota
	// InkKeep keeps the brightness as it is.
	InkKeep
	// InkInvert always inverts: dark ink on light paper becomes bright ink
	// on a dark background.
	InkInvert
)

// PrepareOptions says how Prepare turns a picture into pixels. The zero
// value gives 16×16 pixels, the centre square, and inverts dark ink on
// light paper.
type PrepareOptions struct {
	// Size is the side of the result, in pixels; 0 means 16. At most 256.
	Size int
	// Ink says whether to invert the brightness; the zero value InkAuto
	// decides from the border.
	Ink Ink
	// Stretch maps the background's brightness (the mean of the result's
	// outermost pixels) to 0 and the brightest pixel to 1, so that a grey
	// photo of pencil on paper becomes as clear as the generated digits.
	// A picture with almost no contrast (less than 1/20 between the two)
	// is only shifted, not stretched, so that noise is not blown up.
	Stretch bool
	// FitInk frames the ink instead of taking the centre square: it finds
	// the box around the bright pixels (after Ink), puts it in the middle
	// and scales it so that its longer side fills the same share of the
	// picture as a glyph of the digits set (digitInkFraction). A picture
	// with no clear ink falls back to the centre square.
	FitInk bool
}

// Limits of Prepare.
const (
	// prepareDefaultSize matches imageDefaultSize.
	prepareDefaultSize = imageDefaultSize
	// prepareMaxSize bounds the result: models here take at most 64×64.
	prepareMaxSize = 256
	// minStretchContrast: 1/20 of the full range is about 13 grey levels,
	// above the noise of a phone photo of plain paper.
	minStretchContrast = 0.05
)

// Prepare turns a picture into Size×Size grey values in [0, 1], row by row,
// ready for a model trained on an image set:
//
//  1. brightness: each pixel's luma (0.299 R + 0.587 G + 0.114 B, the
//     ITU-R BT.601 weights that JPEG uses); transparent parts count as
//     white, as a browser shows them on a white page, so a canvas drawing
//     of black strokes on a transparent background is dark ink on white;
//  2. Ink: inverted or not (see Ink);
//  3. the centre square (or, with FitInk, a square around the ink),
//     shrunk or enlarged to Size×Size by averaging the area each result
//     pixel covers, which smooths without aliasing;
//  4. Stretch, if asked.
func Prepare(img image.Image, opt PrepareOptions) ([]float64, error) {
	if img == nil {
		return nil, errors.New("datasets: prepare: nil image")
	}
	size := opt.Size
	if size == 0 {
		size = prepareDefaultSize
	}
	if size < 1 || size > prepareMaxSize {
		return nil, fmt.Errorf("datasets: prepare: the size must be from 1 to %d pixels, not %d", prepareMaxSize, size)
	}
	if opt.Ink < InkAuto || opt.Ink > InkInvert {
		return nil, fmt.Errorf("datasets: prepare: unknown ink mode %d", opt.Ink)
	}
	b := img.Bounds()
	if b.Empty() {
		return nil, errors.New("datasets: prepare: empty image")
	}
	g := toGray(img)
	w, h := g.Rect.Dx(), g.Rect.Dy()

	border := grayBorderMean(g)
	invert := opt.Ink == InkInvert || (opt.Ink == InkAuto && border > 0.5)
	// lut turns a grey byte into a value in [0, 1] the right way round.
	var lut [256]float64
	for i := range lut {
		lut[i] = float64(i) / 255
		if invert {
			lut[i] = 1 - lut[i]
		}
	}
	bg := border
	if invert {
		bg = 1 - border
	}

	// The square to sample, in pixels of g: centre (cx, cy), this side.
	side := float64(min(w, h))
	cx, cy := float64(w)/2, float64(h)/2
	if opt.FitInk {
		if x0, y0, x1, y1, ok := inkBox(g, &lut, bg); ok {
			cx, cy = float64(x0+x1)/2, float64(y0+y1)/2
			side = float64(max(x1-x0, y1-y0)) / digitInkFraction
		}
	}
	out := resampleSquare(g, &lut, bg, cx-side/2, cy-side/2, side, size)

	if opt.Stretch {
		stretch(out, size)
	}
	return out, nil
}

// toGray returns img's luma as an 8-bit grey image, with transparency over
// white. A JPEG's luma plane is used as it is, without a copy.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		// JPEG stores luma (Y) at full resolution, computed with the
		// BT.601 weights: it is the brightness we want.
		off := m.YOffset(b.Min.X, b.Min.Y)
		return &image.Gray{Pix: m.Y[off:], Stride: m.YStride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	}
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	switch m := img.(type) {
	case *image.RGBA:
		// PNG decodes opaque colour pictures to RGBA, whose colours are
		// premultiplied by alpha: over white, luma(r, g, b) + 255 − a.
		for y := range h {
			src := m.Pix[y*m.Stride : y*m.Stride+4*w]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range w {
				dst[x] = uint8(luma601(src[4*x], src[4*x+1], src[4*x+2]) + 255 - int(src[4*x+3]))
			}
		}
		return g
	case *image.Paletted:
		// GIF: work out each palette entry's grey once.
		var grey [256]uint8
		for i, c := range m.Palette {
			grey[i] = overWhite(color.NRGBAModel.Convert(c).(color.NRGBA))
		}
		for y := range h {
			src := m.Pix[y*m.Stride : y*m.Stride+w]
			dst := g.Pix[y*g.Stride : y*g.Stride+w]
			for x, i := range src {
				dst[x] = grey[i]
			}
		}
		return g
	}
	n, ok := img.(*image.NRGBA)
	if !ok {
		// imaging converts any other image to non-premultiplied RGBA
		// quickly, line by line, without calling At for every pixel.
		n = imaging.Clone(img)
	}
	for y := range h {
		src := n.Pix[y*n.Stride : y*n.Stride+4*w]
		dst := g.Pix[y*g.Stride : y*g.Stride+w]
		for x := range w {
			dst[x] = overWhite(color.NRGBA{src[4*x], src[4*x+1], src[4*x+2], src[4*x+3]})
		}
	}
	return g
}

// luma601 returns the BT.601 luma of a colour, 0..255, in fixed point:
// 19595 + 38470 + 7471 = 65536 are 0.299, 0.587 and 0.114 times 2¹⁶, the
// weights of color.GrayModel.
func luma601(r, g, b uint8) int {
	return (19595*int(r) + 38470*int(g) + 7471*int(b) + 1<<15) >> 16
}

// overWhite returns the grey of a non-premultiplied colour laid over
// white: luma·a + 255·(1 − a), with a in 0..255.
func overWhite(c color.NRGBA) uint8 {
	a := int(c.A)
	return uint8((luma601(c.R, c.G, c.B)*a + 255*(255-a) + 127) / 255)
}

// grayBorderMean returns the mean brightness, in [0, 1], of the band of
// pixels within max(1, min(w, h)/16) of the edge of g: wide enough to
// average out a few dark specks, narrow enough to miss a centred drawing.
func grayBorderMean(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	band := max(1, min(w, h)/16)
	var sum, n float64
	for y := range h {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		if y < band || y >= h-band {
			for _, v := range row {
				sum += float64(v)
			}
			n += float64(w)
			continue
		}
		for x := 0; x < min(band, w); x++ {
			sum += float64(row[x]) + float64(row[w-1-x])
			n += 2
		}
	}
	return sum / n / 255
}

// inkBox returns the box [x0, x1) × [y0, y1) around the pixels of g whose
// value (through lut) is more than halfway from the background bg to the
// brightest value, and false when the brightest value is less than
// minStretchContrast above bg.
func inkBox(g *image.Gray, lut *[256]float64, bg float64) (x0, y0, x1, y1 int, ok bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Which bytes are ink is decided once, for all 256 of them.
	var seen [256]bool
	for y := range h {
		for _, b := range g.Pix[y*g.Stride : y*g.Stride+w] {
			seen[b] = true
		}
	}
	peak := 0.0
	for b, s := range seen {
		if s {
			peak = math.Max(peak, lut[b])
		}
	}
	if peak-bg < minStretchContrast {
		return 0, 0, 0, 0, false
	}
	t := bg + (peak-bg)/2
	var ink [256]bool
	for b := range ink {
		ink[b] = lut[b] > t
	}
	x0, y0, x1, y1 = w, h, 0, 0
	for y := range h {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, b := range row {
			if ink[b] {
				x0, x1 = min(x0, x), max(x1, x+1)
				y0, y1 = min(y0, y), max(y1, y+1)
			}
		}
	}
	return x0, y0, x1, y1, x1 > x0
}

// resampleSquare returns size×size values: the square with top-left corner
// (left, top) and the given side, in pixels of g (read through lut),
// divided into size×size cells, each the mean of the picture over its cell
// (a box filter: every source pixel counts by the area it shares with the
// cell). Parts of the square outside the picture count as bg.
func resampleSquare(g *image.Gray, lut *[256]float64, bg, left, top, side float64, size int) []float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	cols := boxWeights(left, side, size, w)
	rows := boxWeights(top, side, size, h)
	// First along each source row that some result row needs, then down.
	need := make([]bool, h)
	for _, r := range rows {
		for _, t := range r.taps {
			need[t.i] = true
		}
	}
	tmp := make([]float64, h*size)
	for y := range h {
		if !need[y] {
			continue
		}
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for i, c := range cols {
			s := bg * c.outside
			for _, t := range c.taps {
				s += t.w * lut[row[t.i]]
			}
			tmp[y*size+i] = s
		}
	}
	out := make([]float64, size*size)
	for j, r := range rows {
		for i := range size {
			s := bg * r.outside
			for _, t := range r.taps {
				s += t.w * tmp[t.i*size+i]
			}
			out[j*size+i] = pixClamp(s)
		}
	}
	return out
}

// boxTap is one source pixel's share of a cell.
type boxTap struct {
	i int
	w float64
}

// boxCell lists the source pixels a cell covers and the share of the cell
// outside the picture.
type boxCell struct {
	taps    []boxTap
	outside float64
}

// boxWeights divides [start, start+side) into size cells and returns, for
// each, the pixels of [0, n) it covers with their shares (which sum, with
// outside, to 1).
func boxWeights(start, side float64, size, n int) []boxCell {
	cells := make([]boxCell, size)
	step := side / float64(size)
	for k := range cells {
		a, b := start+float64(k)*step, start+float64(k+1)*step
		inside := 0.0
		for i := max(0, int(math.Floor(a))); i < n && float64(i) < b; i++ {
			ov := math.Min(b, float64(i+1)) - math.Max(a, float64(i))
			if ov <= 0 {
				continue
			}
			cells[k].taps = append(cells[k].taps, boxTap{i, ov / step})
			inside += ov / step
		}
		cells[k].outside = math.Max(0, 1-inside)
	}
	return cells
}

// stretch maps the mean of the outermost ring of a size×size picture to 0
// and its brightest value to 1, clamping to [0, 1].
func stretch(p []float64, size int) {
	var sum float64
	var n int
	for y := range size {
		for x := range size {
			if y == 0 || y == size-1 || x == 0 || x == size-1 {
				sum += p[y*size+x]
				n++
			}
		}
	}
	bg := sum / float64(n)
	peak := 0.0
	for _, v := range p {
		peak = math.Max(peak, v)
	}
	scale := 1.0
	if peak-bg >= minStretchContrast {
		scale = 1 / (peak - bg)
	}
	for i, v := range p {
		p[i] = pixClamp((v - bg) * scale)
	}
}

// AugmentOptions says how much Augment may change a picture. The zero value
// changes nothing.
type AugmentOptions struct {
	// Flip mirrors the picture left to right half of the time. Leave it off
	// for digits and letters, whose mirror image is another symbol or none.
	Flip bool
	// MaxRotateDeg is the largest turn, in degrees, either way; from 0 to 180.
	MaxRotateDeg float64
	// Brightness is the largest amount added to or taken from every pixel,
	// from 0 to 1.
	Brightness float64
	// Blur is the largest standard deviation of a Gaussian blur, in pixels,
	// from 0 to 5.
	Blur float64
	// Noise is the standard deviation of Gaussian noise added to each pixel,
	// from 0 to 1.
	Noise float64
}

// augmentMaxBlur: a blur of 5 pixels erases a 32×32 picture; more only
// costs time.
const augmentMaxBlur = 5

// Augment returns a randomly changed copy of a w×h picture (values in
// [0, 1], row by row): mirrored, turned about its centre, blurred, made
// brighter or darker and noisier, each within opt. Training on such copies
// teaches a model that these changes do not change the class. The same rng
// state and options always give the same copy; pixels is not modified.
//
// The turned picture is cut back to w×h around its centre (a turn makes
// the canvas larger), and the corners it uncovers take the mean brightness
// of the picture's border, so that no dark wedges appear on a light
// background. Pixels pass through 8 bits while turned or blurred.
func Augment(pixels []float64, w, h int, rng *rand.Rand, opt AugmentOptions) ([]float64, error) {
	if w <= 0 || h <= 0 || len(pixels) != w*h {
		return nil, fmt.Errorf("datasets: augment: %d pixels do not make a %d×%d picture", len(pixels), w, h)
	}
	if rng == nil {
		return nil, errors.New("datasets: augment: nil random source")
	}
	check := func(name string, v, hi float64) error {
		if !(v >= 0 && v <= hi) {
			return fmt.Errorf("datasets: augment: %s must be from 0 to %g, not %g", name, hi, v)
		}
		return nil
	}
	for _, c := range []struct {
		name  string
		v, hi float64
	}{
		{"MaxRotateDeg", opt.MaxRotateDeg, 180},
		{"Brightness", opt.Brightness, 1},
		{"Blur", opt.Blur, augmentMaxBlur},
		{"Noise", opt.Noise, 1},
	} {
		if err := check(c.name, c.v, c.hi); err != nil {
			return nil, err
		}
	}
	for i, v := range pixels {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("datasets: augment: pixel %d is %v, want a value in [0, 1]", i, v)
		}
	}

	// Draw every random number in the same order whatever the options, so
	// that turning one change on or off leaves the others as they were.
	flip := rng.IntN(2) == 1 && opt.Flip
	angle := (2*rng.Float64() - 1) * opt.MaxRotateDeg
	sigma := rng.Float64() * opt.Blur
	shift := (2*rng.Float64() - 1) * opt.Brightness

	out := make([]float64, len(pixels))
	copy(out, pixels)
	if flip || angle != 0 || sigma > 0 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i, v := range pixels {
			g.Pix[i] = uint8(math.Round(v * 255))
		}
		var m image.Image = g
		if flip {
			m = imaging.FlipH(m)
		}
		if angle != 0 {
			bg := uint8(math.Round(grayBorderMean(g) * 255))
			// Rotate turns counter-clockwise and returns the bounding box
			// of the turned picture; its centre is the picture's centre.
			m = imaging.CropCenter(imaging.Rotate(m, angle, color.Gray{Y: bg}), w, h)
		}
		if sigma > 0 {
			m = imaging.Blur(m, sigma)
		}
		// imaging returns NRGBA: four bytes a pixel, all three colours equal
		// for a grey picture; read the red one.
		n := imaging.Clone(m)
		for y := range h {
			for x := range w {
				out[y*w+x] = float64(n.Pix[y*n.Stride+4*x]) / 255
			}
		}
	}
	for i, v := range out {
		v += shift
		if opt.Noise > 0 {
			v += opt.Noise * rng.NormFloat64()
		}
		out[i] = pixClamp(v)
	}
	return out, nil
}
