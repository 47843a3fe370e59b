package web

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// TestQRSVGDrawsTheBitmap reads the SVG's path back into a grid of modules
// and compares it with the QR code's own bitmap, module by module.
func TestQRSVGDrawsTheBitmap(t *testing.T) {
	for _, tc := range []struct {
		text string
		// modules is the side of the picture: a version v code has
		// 17+4v modules (ISO/IEC 18004, 5.3.1), plus the quiet zone of 4
		// on each side. At level M a version 3 code holds 42 bytes and
		// version 4 holds 62 (table 7 of the standard).
		modules int
	}{
		{"http://192.168.1.23:8080/?join=K7QM2X", 17 + 4*3 + 8},                   // 38 bytes: version 3
		{"http://aisandbox-teacher-laptop.local:8080/?join=K7QM2X", 17 + 4*4 + 8}, // 56 bytes: version 4
	} {
		t.Run(tc.text, func(t *testing.T) {
			svg, err := qrSVG(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				XMLName xml.Name
				ViewBox string `xml:"viewBox,attr"`
				Path    struct {
					D string `xml:"d,attr"`
				} `xml:"path"`
			}
			if err := xml.Unmarshal(svg, &doc); err != nil {
				t.Fatalf("not XML: %v", err)
			}
			if want := fmt.Sprintf("0 0 %d %d", tc.modules, tc.modules); doc.ViewBox != want {
				t.Fatalf("viewBox %q, want %q", doc.ViewBox, want)
			}
			got := make([][]bool, tc.modules)
			for i := range got {
				got[i] = make([]bool, tc.modules)
			}
			run := regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
			for d := doc.Path.D; d != ""; {
				m := run.FindStringSubmatch(d)
				if m == nil {
					t.Fatalf("path command not understood at %.30q", d)
				}
				x, _ := strconv.Atoi(m[1])
				y, _ := strconv.Atoi(m[2])
				w, _ := strconv.Atoi(m[3])
				back, _ := strconv.Atoi(m[4])
				if w != back || w < 1 || y >= tc.modules || x+w > tc.modules {
					t.Fatalf("bad rectangle %q", m[0])
				}
				for i := x; i < x+w; i++ {
					if got[y][i] {
						t.Fatalf("module (%d, %d) drawn twice", i, y)
					}
					got[y][i] = true
				}
				d = d[len(m[0]):]
			}
			q, err := qrcode.New(tc.text, qrcode.Medium)
			if err != nil {
				t.Fatal(err)
			}
			want := q.Bitmap()
			for y := range want {
				for x := range want[y] {
					if got[y][x] != want[y][x] {
						t.Fatalf("module (%d, %d) is %v, want %v", x, y, got[y][x], want[y][x])
					}
				}
			}
			// The quiet zone stays white: the first four rows are empty.
			for y := range 4 {
				if strings.Contains(fmt.Sprint(got[y]), "true") {
					t.Errorf("row %d of the quiet zone has dark modules", y)
				}
			}
		})
	}
}

func TestQRJoinURL(t *testing.T) {
	for _, tc := range []struct {
		base, host, code, want string
	}{
		{"http://192.168.1.23:8080", "localhost:8080", "K7QM2X", "http://192.168.1.23:8080/?join=K7QM2X"},
		{"http://192.168.1.23:8080/", "localhost:8080", "K7QM2X", "http://192.168.1.23:8080/?join=K7QM2X"},
		{"", "10.0.0.5:8000", "K7QM2X", "http://10.0.0.5:8000/?join=K7QM2X"},
	} {
		s := &Server{joinBase: tc.base}
		if got := s.joinURL(tc.host, tc.code); got != tc.want {
			t.Errorf("joinURL(%q, %q) with base %q = %q, want %q", tc.host, tc.code, tc.base, got, tc.want)
		}
	}
}
