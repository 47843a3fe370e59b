package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// The join address as a QR code, for the teacher's screen: a phone's camera
// opens the student page with the class's code filled in.

// qrModulePixels is how many pixels a QR module takes at the picture's
// natural size; CSS scales it, and the SVG stays sharp at any size.
const qrModulePixels = 8

// qrSVG returns the QR code of text as an SVG document: one path of
// black squares on white, with the quiet zone of four modules the standard
// asks for around it. Medium error correction (15 % of the code may be
// lost) lets a phone read it off a projector with glare on it.
func qrSVG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("web: QR code of %q: %w", text, err)
	}
	bits := q.Bitmap() // with the quiet zone
	n := len(bits)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`,
		n, n, n*qrModulePixels, n*qrModulePixels)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	// Each run of dark modules in a row is one rectangle: a few hundred
	// path commands instead of a square per module.
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}

// joinURL is the address a student opens to join the class with code:
// Options.JoinBase, or else the host the request came to.
func (s *Server) joinURL(host, code string) string {
	base := strings.TrimSuffix(s.joinBase, "/")
	if base == "" {
		base = "http://" + host
	}
	return base + "/?join=" + url.QueryEscape(code)
}

// serveQR answers GET /qr.svg?code=CODE with the QR code of the join
// address of the open class with that code, and 404 for any other code.
func (s *Server) serveQR(w http.ResponseWriter, r *http.Request) {
	c, err := s.engine.ClassByCode(r.URL.Query().Get("code"))
	if err != nil || !c.Info().Ended.IsZero() {
		http.NotFound(w, r)
		return
	}
	svg, err := qrSVG(s.joinURL(r.Host, c.Code()))
	if err != nil {
		s.log.Error("drawing a QR code", "err", err)
		http.Error(w, "the QR code could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(svg)
}
