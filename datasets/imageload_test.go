package datasets

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
)

// halves returns a w×h grey picture, white on the left half and black on
// the right: its orientation can be seen after any turn or mirror.
func halves(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w / 2 {
			g.Pix[y*g.Stride+x] = 255
		}
	}
	return g
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeGIF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader returns the start of a PNG file by the specification: the
// 8-byte signature, an IHDR chunk claiming w×h pixels of 8-bit RGBA
// (colour type 6) with a correct CRC, and a tiny IDAT chunk, 54 bytes in
// all. It holds almost no pixel data, as a decompression bomb's header.
func pngHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		var c []byte
		c = binary.BigEndian.AppendUint32(c, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // depth 8, RGBA, deflate, filter 0, no interlace
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	// A zlib stream of a few zero bytes (deflate of nothing much).
	return append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})...)
}

// withJPEGSize returns a copy of a JPEG file whose frame header (SOF0)
// claims w×h pixels: the decoder allocates from these two numbers.
func withJPEGSize(t testing.TB, data []byte, w, h uint16) []byte {
	t.Helper()
	out := slices.Clone(data)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker in the JPEG")
	}
	// Marker (2), length (2), precision (1), height (2), width (2).
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// withGIFSize returns a copy of a GIF file whose logical screen claims w×h.
func withGIFSize(data []byte, w, h uint16) []byte {
	out := slices.Clone(data)
	// "GIF89a" (6), then width and height, little-endian.
	binary.LittleEndian.PutUint16(out[6:], w)
	binary.LittleEndian.PutUint16(out[8:], h)
	return out
}

// withEXIFOrientation returns a JPEG file with an APP1 EXIF segment holding
// only the orientation tag (0x0112), placed right after the start marker,
// laid out as the EXIF and TIFF specifications say.
func withEXIFOrientation(data []byte, orientation uint16) []byte {
	var tiff []byte
	tiff = append(tiff, "MM\x00\x2a"...)               // big-endian TIFF header
	tiff = binary.BigEndian.AppendUint32(tiff, 8)      // the first IFD follows the header
	tiff = binary.BigEndian.AppendUint16(tiff, 1)      // one entry
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112) // tag: Orientation
	tiff = binary.BigEndian.AppendUint16(tiff, 3)      // type: SHORT
	tiff = binary.BigEndian.AppendUint32(tiff, 1)      // count
	tiff = binary.BigEndian.AppendUint16(tiff, orientation)
	tiff = append(tiff, 0, 0)                     // value padding to 4 bytes
	tiff = binary.BigEndian.AppendUint32(tiff, 0) // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(2+len(payload)))
	seg = append(seg, payload...)
	out := slices.Clone(data[:2])
	out = append(out, seg...)
	return append(out, data[2:]...)
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func imageErrorCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ie *ImageError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v is %T, not *ImageError", err, err)
	}
	if !strings.HasPrefix(err.Error(), "datasets: ") {
		t.Errorf("error text %q does not start with the package name", err)
	}
	return ie.Code
}

func TestDecodeImageRefusesLargeImages(t *testing.T) {
	smallJPEG := encodeJPEG(t, halves(16, 16))
	smallGIF := encodeGIF(t, halves(16, 16))
	oversized := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, DefaultMaxImageBytes)...)
	tests := []struct {
		name      string
		data      []byte
		opt       ImageOptions
		code      string
		limit     int64
		got       int64
		maxAllocB uint64
	}{
		// 100000×100000×4 bytes would be 40 GB: the process would die.
		{"PNG bomb header", pngHeader(100000, 100000), ImageOptions{}, ImageTooWide, 4096, 100000, 64 << 10},
		{"PNG 4097 wide", pngHeader(4097, 1), ImageOptions{}, ImageTooWide, 4096, 4097, 64 << 10},
		{"PNG 4097 tall", pngHeader(1, 4097), ImageOptions{}, ImageTooWide, 4096, 4097, 64 << 10},
		{"PNG 4096×4000 = 16.4 MP", pngHeader(4096, 4000), ImageOptions{}, ImageTooLargePixels, 16_000_000, 16_384_000, 64 << 10},
		{"JPEG bomb header", withJPEGSize(t, smallJPEG, 60000, 60000), ImageOptions{}, ImageTooWide, 4096, 60000, 64 << 10},
		{"JPEG 4000×4096", withJPEGSize(t, smallJPEG, 4000, 4096), ImageOptions{}, ImageTooLargePixels, 16_000_000, 16_384_000, 64 << 10},
		{"GIF bomb screen", withGIFSize(smallGIF, 65535, 65535), ImageOptions{}, ImageTooWide, 4096, 65535, 64 << 10},
		// The bytes are counted before anything else is read.
		{"5 MiB + 9 bytes", oversized, ImageOptions{}, ImageTooLargeBytes, 5 << 20, 5<<20 + 8, 64 << 10},
		{"tighter side", pngHeader(200, 10), ImageOptions{MaxSide: 100}, ImageTooWide, 100, 200, 64 << 10},
		{"tighter pixels", pngHeader(200, 200), ImageOptions{MaxPixels: 10000}, ImageTooLargePixels, 10000, 40000, 64 << 10},
		{"tighter bytes", pngHeader(2, 2), ImageOptions{MaxBytes: 10}, ImageTooLargeBytes, 10, 54, 64 << 10},
		// Limits above the defaults are lowered to them.
		{"looser side is capped", pngHeader(5000, 10), ImageOptions{MaxSide: 100000, MaxPixels: 1 << 40}, ImageTooWide, 4096, 5000, 64 << 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = DecodeImage(tc.data, tc.opt) })
			if code := imageErrorCode(t, err); code != tc.code {
				t.Fatalf("code %q (%v), want %q", code, err, tc.code)
			}
			var ie *ImageError
			errors.As(err, &ie)
			if ie.Limit != tc.limit || ie.Got != tc.got {
				t.Errorf("limit %d, got %d; want %d, %d", ie.Limit, ie.Got, tc.limit, tc.got)
			}
			if n > tc.maxAllocB {
				t.Errorf("refusing allocated %d bytes, want at most %d", n, tc.maxAllocB)
			}
		})
	}
}

func TestDecodeImageFormats(t *testing.T) {
	src := halves(40, 30)
	tests := []struct {
		name string
		data []byte
	}{
		{"png", encodePNG(t, src)},
		{"jpeg", encodeJPEG(t, src)},
		{"gif", encodeGIF(t, src)},
		{"paletted png", encodePNG(t, image.NewPaletted(image.Rect(0, 0, 40, 30), palette.Plan9))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, err := DecodeImage(tc.data, ImageOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 30 {
				t.Fatalf("decoded %v, want 40×30", b)
			}
			if tc.name == "paletted png" {
				return
			}
			// The left half is white and the right half black (JPEG is
			// lossy: allow some error away from the edge).
			l := color.GrayModel.Convert(img.At(5, 15)).(color.Gray).Y
			r := color.GrayModel.Convert(img.At(35, 15)).(color.Gray).Y
			if l < 240 || r > 15 {
				t.Errorf("left %d, right %d; want about 255 and 0", l, r)
			}
		})
	}
}

func TestDecodeImageBadData(t *testing.T) {
	good := encodePNG(t, halves(40, 30))
	goodJPEG := encodeJPEG(t, halves(40, 30))
	var bmpData bytes.Buffer
	if err := bmp.Encode(&bmpData, halves(8, 8)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"empty", nil, ImageUnknownFormat},
		{"text", []byte("hello, world"), ImageUnknownFormat},
		// BMP is registered by imaging but not accepted.
		{"bmp", bmpData.Bytes(), ImageUnknownFormat},
		{"png signature only", good[:8], ImageCorrupt},
		{"png truncated in the pixels", good[:len(good)-20], ImageCorrupt},
		{"png bad header CRC", func() []byte { b := slices.Clone(good); b[29] ^= 0xff; return b }(), ImageCorrupt},
		{"png zero width", pngHeader(0, 10), ImageCorrupt},
		{"jpeg truncated", goodJPEG[:len(goodJPEG)/2], ImageCorrupt},
		{"jpeg marker only", []byte{0xff, 0xd8}, ImageCorrupt},
		{"gif truncated", []byte("GIF89a\x10\x00"), ImageCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, err := DecodeImage(tc.data, ImageOptions{})
			if code := imageErrorCode(t, err); code != tc.code {
				t.Errorf("code %q (%v), want %q", code, err, tc.code)
			}
			if img != nil {
				t.Error("an image came back with the error")
			}
		})
	}
}

func TestImageErrorText(t *testing.T) {
	inner := errors.New("unexpected EOF")
	tests := []struct {
		err  *ImageError
		want string
	}{
		{&ImageError{Code: ImageTooLargeBytes, Limit: 10, Got: 11}, "datasets: image file is too large: 11 bytes, the limit is 10"},
		{&ImageError{Code: ImageTooLargePixels, Limit: 10, Got: 12}, "datasets: image has too many pixels: 12, the limit is 10"},
		{&ImageError{Code: ImageTooWide, Limit: 4096, Got: 5000}, "datasets: image is too wide or too tall: 5000 pixels, the limit is 4096 a side"},
		{&ImageError{Code: ImageUnknownFormat}, "datasets: not a PNG, JPEG or GIF image"},
		{&ImageError{Code: ImageCorrupt, Err: inner}, "datasets: image is damaged: unexpected EOF"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.err.Code, got, tc.want)
		}
	}
	if !errors.Is(&ImageError{Code: ImageCorrupt, Err: inner}, inner) {
		t.Error("ImageError does not unwrap to the decoder's error")
	}
}

func TestDecodeDataURL(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString(encodePNG(t, halves(20, 10)))
	huge := "data:image/png;base64," + strings.Repeat("A", base64.StdEncoding.EncodedLen(DefaultMaxImageBytes)+4)
	tests := []struct {
		name string
		url  string
		code string // "" for success
	}{
		{"canvas", "data:image/png;base64," + b64, ""},
		{"upper case", "DATA:IMAGE/PNG;BASE64," + b64, ""},
		{"other parameters", "data:image/png;name=x.png;base64," + b64, ""},
		// The bytes decide the format, not the type named in the URL.
		{"type says jpeg", "data:image/jpeg;base64," + b64, ""},
		{"not a data URL", "http://example.com/x.png", ImageUnknownFormat},
		{"not an image", "data:text/plain;base64," + b64, ImageUnknownFormat},
		{"no comma", "data:image/png;base64", ImageCorrupt},
		{"not base64", "data:image/png," + b64, ImageCorrupt},
		{"bad base64", "data:image/png;base64,@@@@", ImageCorrupt},
		{"too long", huge, ImageTooLargeBytes},
		{"bomb inside", "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngHeader(100000, 100000)), ImageTooWide},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var img image.Image
			var err error
			n := allocated(func() { img, err = DecodeDataURL(tc.url, ImageOptions{}) })
			if code := imageErrorCode(t, err); code != tc.code {
				t.Fatalf("code %q (%v), want %q", code, err, tc.code)
			}
			if tc.code == "" && img.Bounds().Dx() != 20 {
				t.Errorf("decoded %v, want 20×10", img.Bounds())
			}
			// A refused URL costs no copy of itself: base64 is checked by
			// length before it is decoded.
			if tc.code == ImageTooLargeBytes && n > 64<<10 {
				t.Errorf("refusing a long URL allocated %d bytes", n)
			}
		})
	}
}

func TestDecodeImageEXIFOrientation(t *testing.T) {
	// The stored picture is 20×10, white on the left. Each EXIF orientation
	// (1-8, from the EXIF specification) says how the camera held it; the
	// decoded picture must be turned or mirrored back. want lists where the
	// white half ends up.
	plain := encodeJPEG(t, halves(20, 10))
	tests := []struct {
		orientation uint16
		w, h        int
		white       string // "left", "right", "top" or "bottom"
	}{
		{1, 20, 10, "left"},   // as stored
		{2, 20, 10, "right"},  // mirrored left to right
		{3, 20, 10, "right"},  // turned by 180°
		{4, 20, 10, "left"},   // mirrored top to bottom
		{5, 10, 20, "top"},    // mirrored about the main diagonal
		{7, 10, 20, "bottom"}, // mirrored about the other diagonal
		{6, 10, 20, "top"},    // turned 90° clockwise for display
		{8, 10, 20, "bottom"}, // turned 90° counter-clockwise for display
	}
	for _, tc := range tests {
		img, err := DecodeImage(withEXIFOrientation(plain, tc.orientation), ImageOptions{})
		if err != nil {
			t.Fatalf("orientation %d: %v", tc.orientation, err)
		}
		b := img.Bounds()
		if b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("orientation %d: %d×%d, want %d×%d", tc.orientation, b.Dx(), b.Dy(), tc.w, tc.h)
			continue
		}
		at := func(x, y int) uint8 {
			return color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
		}
		var a, z uint8 // where white should be, and the opposite side
		switch tc.white {
		case "left":
			a, z = at(2, tc.h/2), at(tc.w-3, tc.h/2)
		case "right":
			a, z = at(tc.w-3, tc.h/2), at(2, tc.h/2)
		case "top":
			a, z = at(tc.w/2, 2), at(tc.w/2, tc.h-3)
		case "bottom":
			a, z = at(tc.w/2, tc.h-3), at(tc.w/2, 2)
		}
		if a < 200 || z > 55 {
			t.Errorf("orientation %d: white should be on the %s (%d there, %d opposite)", tc.orientation, tc.white, a, z)
		}
	}
}

// square returns a w×h picture of grey level bg with a square of grey level
// fg and side s whose top-left corner is (x0, y0).
func square(w, h int, bg, fg uint8, x0, y0, s int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = bg
	}
	for y := y0; y < y0+s; y++ {
		for x := x0; x < x0+s; x++ {
			g.Pix[y*g.Stride+x] = fg
		}
	}
	return g
}

func TestPrepareInk(t *testing.T) {
	darkOnLight := square(64, 48, 230, 20, 24, 16, 16) // ink in the middle of the centre square
	lightOnDark := square(64, 48, 10, 240, 24, 16, 16)
	// A canvas drawing: black strokes on a transparent background.
	canvas := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for y := 12; y < 20; y++ {
		for x := 12; x < 20; x++ {
			canvas.SetNRGBA(x, y, color.NRGBA{A: 255})
		}
	}
	tests := []struct {
		name           string
		img            image.Image
		ink            Ink
		centreBright   bool
		centre, border float64 // expected values, ±0.05
	}{
		{"auto inverts dark ink on light paper", darkOnLight, InkAuto, true, 1 - 20.0/255, 1 - 230.0/255},
		{"auto keeps light ink on dark", lightOnDark, InkAuto, true, 240.0 / 255, 10.0 / 255},
		{"keep", darkOnLight, InkKeep, false, 20.0 / 255, 230.0 / 255},
		{"invert", lightOnDark, InkInvert, false, 1 - 240.0/255, 1 - 10.0/255},
		{"transparent canvas counts as white paper", canvas, InkAuto, true, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(tc.img, PrepareOptions{Ink: tc.ink})
			if err != nil {
				t.Fatal(err)
			}
			if len(p) != 16*16 {
				t.Fatalf("%d values, want 256", len(p))
			}
			centre, border := p[8*16+8], p[0]
			if math.Abs(centre-tc.centre) > 0.05 || math.Abs(border-tc.border) > 0.05 {
				t.Errorf("centre %.3f, border %.3f; want %.3f, %.3f", centre, border, tc.centre, tc.border)
			}
			if (centre > border) != tc.centreBright {
				t.Errorf("centre %.3f vs border %.3f: wrong way round", centre, border)
			}
		})
	}
}

func TestPrepareResampleByArea(t *testing.T) {
	// A 6×4 picture: the centre square is columns 1..4. Shrunk to 2×2, each
	// result pixel is the mean of a 2×2 block (hand-computed below).
	g := image.NewGray(image.Rect(0, 0, 6, 4))
	vals := []uint8{
		0, 0, 255, 51, 102, 0,
		0, 0, 0, 0, 102, 0,
		0, 255, 255, 0, 0, 0,
		0, 255, 255, 0, 0, 0,
	}
	copy(g.Pix, vals)
	p, err := Prepare(g, PrepareOptions{Size: 2, Ink: InkKeep})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{
		(0 + 255 + 0 + 0) / 4.0 / 255, (51 + 102 + 0 + 102) / 4.0 / 255,
		(255 + 255 + 255 + 255) / 4.0 / 255, 0,
	}
	for i := range want {
		if math.Abs(p[i]-want[i]) > 1e-9 {
			t.Errorf("pixel %d = %.4f, want %.4f", i, p[i], want[i])
		}
	}
	// Enlarging a 2×2 picture to 4×4 repeats each pixel in a 2×2 block.
	small := image.NewGray(image.Rect(0, 0, 2, 2))
	copy(small.Pix, []uint8{0, 255, 255, 0})
	p, err = Prepare(small, PrepareOptions{Size: 4, Ink: InkKeep})
	if err != nil {
		t.Fatal(err)
	}
	for y := range 4 {
		for x := range 4 {
			w := 0.0
			if (x < 2) != (y < 2) {
				w = 1
			}
			if p[y*4+x] != w {
				t.Errorf("enlarged (%d, %d) = %g, want %g", x, y, p[y*4+x], w)
			}
		}
	}
}

func TestPrepareStretchAndFitInk(t *testing.T) {
	// A grey photo of pencil on paper: a 20×20 mark of level 90 on paper of
	// level 170, right of the centre square (x from 40 to 280) of a 320×240
	// picture.
	photo := square(320, 240, 170, 90, 290, 20, 20)
	p, err := Prepare(photo, PrepareOptions{Size: 16, Stretch: true, FitInk: true})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := slices.Min(p), slices.Max(p)
	if lo != 0 || hi != 1 {
		t.Errorf("stretched range [%g, %g], want [0, 1]", lo, hi)
	}
	// The mark is centred, and its side is digitInkFraction of the picture.
	var sum, mx, my float64
	var inked int
	for y := range 16 {
		for x := range 16 {
			v := p[y*16+x]
			sum += v
			mx += v * (float64(x) + 0.5)
			my += v * (float64(y) + 0.5)
			if v > 0.5 {
				inked++
			}
		}
	}
	if math.Abs(mx/sum-8) > 0.3 || math.Abs(my/sum-8) > 0.3 {
		t.Errorf("ink centred at (%.2f, %.2f), want (8, 8)", mx/sum, my/sum)
	}
	side := digitInkFraction * 16
	if want := side * side; math.Abs(float64(inked)-want) > 2*side+1 {
		t.Errorf("%d pixels of ink, want about %.0f", inked, want)
	}

	// Without FitInk the centre square is taken, and the mark is outside it.
	p, err = Prepare(photo, PrepareOptions{Size: 16, Stretch: true})
	if err != nil {
		t.Fatal(err)
	}
	if hi := slices.Max(p); hi > 1e-9 {
		t.Errorf("centre square of a picture with ink only at the side has max %g, want 0", hi)
	}
	// A blank picture has no ink to fit and no contrast to stretch.
	p, err = Prepare(square(50, 50, 200, 200, 0, 0, 0), PrepareOptions{Stretch: true, FitInk: true})
	if err != nil {
		t.Fatal(err)
	}
	if hi := slices.Max(p); hi > 1e-9 {
		t.Errorf("blank picture gives max %g, want 0", hi)
	}
}

func TestPrepareFastPathsMatchSlowPath(t *testing.T) {
	// Prepare reads JPEG luma planes, RGBA, paletted and NRGBA pictures
	// each its own fast way. Each must agree with the slow way: every
	// pixel through At, its colour laid over white and weighed by
	// 0.299 R + 0.587 G + 0.114 B.
	const w, h = 48, 40
	nrgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			nrgba.SetNRGBA(x, y, color.NRGBA{uint8(5 * x), uint8(6 * y), uint8(3 * (x + y)), uint8(255 - 4*y)})
		}
	}
	opaque := image.NewNRGBA(nrgba.Rect)
	copy(opaque.Pix, nrgba.Pix)
	for i := 3; i < len(opaque.Pix); i += 4 {
		opaque.Pix[i] = 255
	}
	jpegImg, err := DecodeImage(encodeJPEG(t, opaque), ImageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(nrgba.Rect)
	paletted := image.NewPaletted(nrgba.Rect, palette.Plan9)
	for y := range h {
		for x := range w {
			rgba.Set(x, y, nrgba.At(x, y))
			paletted.Set(x, y, opaque.At(x, y))
		}
	}
	// A sub-picture whose rectangle does not start at (0, 0).
	sub := nrgba.SubImage(image.Rect(8, 4, 40, 36))

	slow := func(img image.Image) *image.Gray {
		b := img.Bounds()
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := range b.Dy() {
			for x := range b.Dx() {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
				a := float64(c.A) / 255
				l := 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
				g.Pix[y*g.Stride+x] = uint8(math.Round(l*a + 255*(1-a)))
			}
		}
		return g
	}
	tests := []struct {
		name string
		img  image.Image
		typ  string
	}{
		{"jpeg", jpegImg, "*image.YCbCr"},
		{"rgba", rgba, "*image.RGBA"},
		{"paletted", paletted, "*image.Paletted"},
		{"nrgba", nrgba, "*image.NRGBA"},
		{"sub-picture", sub, "*image.NRGBA"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if typ := fmt.Sprintf("%T", tc.img); typ != tc.typ {
				t.Fatalf("picture is a %s, want %s", typ, tc.typ)
			}
			opt := PrepareOptions{Size: 8, Ink: InkKeep}
			fast, err := Prepare(tc.img, opt)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Prepare(slow(tc.img), opt)
			if err != nil {
				t.Fatal(err)
			}
			for i := range fast {
				// JPEG's luma plane differs from luma of the decoded RGB by
				// the rounding of YCbCr→RGB; others by one rounding.
				if math.Abs(fast[i]-want[i]) > 3.0/255 {
					t.Errorf("pixel %d: fast %.4f, slow %.4f", i, fast[i], want[i])
				}
			}
		})
	}
}

func TestPrepareErrors(t *testing.T) {
	g := halves(8, 8)
	tests := []struct {
		name string
		img  image.Image
		opt  PrepareOptions
	}{
		{"nil image", nil, PrepareOptions{}},
		{"empty image", image.NewGray(image.Rect(0, 0, 0, 5)), PrepareOptions{}},
		{"negative size", g, PrepareOptions{Size: -1}},
		{"size too big", g, PrepareOptions{Size: 257}},
		{"unknown ink", g, PrepareOptions{Ink: 7}},
	}
	for _, tc := range tests {
		if _, err := Prepare(tc.img, tc.opt); err == nil || !strings.HasPrefix(err.Error(), "datasets: prepare: ") {
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
}

func TestAugment(t *testing.T) {
	// A 16×16 picture: a bright bar on a grey 0.6 background.
	const w, h = 16, 16
	src := make([]float64, w*h)
	for i := range src {
		src[i] = 0.6
	}
	for y := 3; y < 13; y++ {
		src[y*w+5], src[y*w+6] = 1, 1
	}
	orig := slices.Clone(src)
	all := AugmentOptions{Flip: true, MaxRotateDeg: 30, Brightness: 0.1, Blur: 1, Noise: 0.05}

	a, err := Augment(src, w, h, rand.New(rand.NewPCG(3, 0)), all)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Augment(src, w, h, rand.New(rand.NewPCG(3, 0)), all)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Error("the same seed gave different pictures")
	}
	c, err := Augment(src, w, h, rand.New(rand.NewPCG(4, 0)), all)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same picture")
	}
	if !slices.Equal(src, orig) {
		t.Error("Augment changed its input")
	}
	var changed float64
	for i := range a {
		changed += math.Abs(a[i] - src[i])
		if !(a[i] >= 0 && a[i] <= 1) {
			t.Fatalf("pixel %d = %v, outside [0, 1]", i, a[i])
		}
	}
	if changed/float64(len(a)) < 0.02 {
		t.Errorf("mean change %.4f: the picture was hardly changed", changed/float64(len(a)))
	}

	// No options: an identical copy, not the same slice.
	same, err := Augment(src, w, h, rand.New(rand.NewPCG(3, 0)), AugmentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(same, src) || &same[0] == &src[0] {
		t.Error("zero options must return an equal copy")
	}

	// A turn uncovers the corners: they take the border's grey, not black.
	for seed := range uint64(5) {
		r, err := Augment(src, w, h, rand.New(rand.NewPCG(seed, 0)), AugmentOptions{MaxRotateDeg: 45})
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, w - 1, (h - 1) * w, h*w - 1} {
			if math.Abs(r[i]-0.6) > 0.02 {
				t.Errorf("seed %d: corner %d is %.3f after a turn, want 0.6", seed, i, r[i])
			}
		}
	}

	// Flip alone gives either the picture or its mirror image.
	flips := 0
	for seed := range uint64(20) {
		f, err := Augment(src, w, h, rand.New(rand.NewPCG(seed, 0)), AugmentOptions{Flip: true})
		if err != nil {
			t.Fatal(err)
		}
		mirror := make([]float64, len(src))
		for y := range h {
			for x := range w {
				mirror[y*w+x] = src[y*w+w-1-x]
			}
		}
		switch {
		case slices.Equal(f, mirror):
			flips++
		case !slices.Equal(f, src):
			t.Errorf("seed %d: Flip made something other than the picture or its mirror", seed)
		}
	}
	if flips == 0 || flips == 20 {
		t.Errorf("%d of 20 seeds flipped, want some but not all", flips)
	}
}

func TestAugmentErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	p := make([]float64, 16)
	tests := []struct {
		name   string
		pixels []float64
		w, h   int
		rng    *rand.Rand
		opt    AugmentOptions
	}{
		{"wrong length", p, 3, 4, rng, AugmentOptions{}},
		{"zero width", nil, 0, 4, rng, AugmentOptions{}},
		{"nil rng", p, 4, 4, nil, AugmentOptions{}},
		{"negative rotation", p, 4, 4, rng, AugmentOptions{MaxRotateDeg: -1}},
		{"rotation above 180", p, 4, 4, rng, AugmentOptions{MaxRotateDeg: 181}},
		{"NaN noise", p, 4, 4, rng, AugmentOptions{Noise: math.NaN()}},
		{"blur too large", p, 4, 4, rng, AugmentOptions{Blur: 6}},
		{"brightness above 1", p, 4, 4, rng, AugmentOptions{Brightness: 2}},
		{"pixel out of range", append(make([]float64, 15), 1.5), 4, 4, rng, AugmentOptions{}},
	}
	for _, tc := range tests {
		if _, err := Augment(tc.pixels, tc.w, tc.h, tc.rng, tc.opt); err == nil || !strings.HasPrefix(err.Error(), "datasets: augment: ") {
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
}

func FuzzDecodeImage(f *testing.F) {
	// Small limits keep each run fast: a 1024×1024 picture at most.
	fuzzLimits := ImageOptions{MaxBytes: 1 << 20, MaxSide: 1024, MaxPixels: 1 << 20}
	// More seeds are in testdata/fuzz/FuzzDecodeImage.
	f.Add(pngHeader(100000, 100000))
	f.Add(encodePNG(f, halves(8, 8)))
	f.Add(encodeJPEG(f, halves(8, 8)))
	f.Add(encodeGIF(f, halves(8, 8)))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := DecodeImage(data, fuzzLimits)
		if err != nil {
			var ie *ImageError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is %T, not *ImageError", err, err)
			}
			switch ie.Code {
			case ImageTooLargeBytes, ImageTooLargePixels, ImageTooWide, ImageUnknownFormat, ImageCorrupt:
			default:
				t.Fatalf("unknown code %q", ie.Code)
			}
			if img != nil {
				t.Fatal("an image came back with the error")
			}
		} else {
			b := img.Bounds()
			if b.Dx() < 1 || b.Dy() < 1 || b.Dx() > fuzzLimits.MaxSide || b.Dy() > fuzzLimits.MaxSide ||
				int64(b.Dx())*int64(b.Dy()) > fuzzLimits.MaxPixels {
				t.Fatalf("decoded %v, outside the limits", b)
			}
			p, err := Prepare(img, PrepareOptions{Stretch: true, FitInk: true})
			if err != nil {
				t.Fatalf("prepare: %v", err)
			}
			for i, v := range p {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("prepared pixel %d = %v", i, v)
				}
			}
		}
		// The same bytes in a data URL give the same answer.
		img2, err2 := DecodeDataURL("data:image/png;base64,"+base64.StdEncoding.EncodeToString(data), fuzzLimits)
		var c1, c2 string
		var ie *ImageError
		if errors.As(err, &ie) {
			c1 = ie.Code
		}
		if errors.As(err2, &ie) {
			c2 = ie.Code
		}
		if c1 != c2 || (img == nil) != (img2 == nil) {
			t.Fatalf("DecodeImage: %v; DecodeDataURL: %v", err, err2)
		}
	})
}

func ExampleDecodeImage() {
	// The 54-byte header of a PNG that claims 100000×100000 pixels: decoding
	// it would ask for 40 GB. DecodeImage reads the header and refuses.
	bomb := pngHeader(100000, 100000)
	_, err := DecodeImage(bomb, ImageOptions{})
	var ie *ImageError
	if errors.As(err, &ie) {
		fmt.Println(len(bomb), ie.Code, ie.Limit)
	}
	// Output: 54 too_wide 4096
}

// photo640 returns a 640×480 colour JPEG like a phone photo of a digit on
// paper: a lit page (a colour gradient) with a dark mark off centre.
func photo640(b *testing.B) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			c := color.NRGBA{uint8(180 + x/16), uint8(170 + y/12), 160, 255}
			if x > 300 && x < 360 && y > 150 && y < 330 && (x < 315 || y > 315) {
				c = color.NRGBA{40, 40, 60, 255} // an L-shaped stroke
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return encodeJPEG(b, m)
}

func BenchmarkUploadJPEG640x480To16(b *testing.B) {
	data := photo640(b)
	opt := PrepareOptions{Size: 16, Stretch: true, FitInk: true}
	b.ReportAllocs()
	for b.Loop() {
		img, err := DecodeImage(data, ImageOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Prepare(img, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPrepareJPEG640x480To16(b *testing.B) {
	img, err := DecodeImage(photo640(b), ImageOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  PrepareOptions
	}{
		{"CentreSquare", PrepareOptions{Size: 16}},
		{"FitInk", PrepareOptions{Size: 16, Stretch: true, FitInk: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Prepare(img, tc.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAugment16(b *testing.B) {
	im, err := Digits(10, 16, 1)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 0))
	opt := AugmentOptions{MaxRotateDeg: 15, Brightness: 0.1, Blur: 1, Noise: 0.05}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Augment(im.Pixels[0], 16, 16, rng, opt); err != nil {
			b.Fatal(err)
		}
	}
}
