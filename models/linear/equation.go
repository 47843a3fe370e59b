package linear

import (
	"math"
	"strconv"
	"strings"
)

// negligible is how small, relative to the spread of the training targets,
// a term's largest contribution over the training range must be for
// Equation to leave it out. A noiseless fit of y = 2 + 3x by a parabola
// leaves an x² coefficient of about 1e-15 from rounding; 1e-9 is far above
// that and far below anything three significant digits could show.
const negligible = 1e-9

// Equation returns the fitted polynomial as a formula in the original units,
// with three significant digits, e.g. "y = 2.00 + 3.00·x − 0.500·x²".
// Terms whose contribution over the training range is negligible (below a
// billionth of the spread of the training targets: rounding noise) are left
// out, so a noiseless fit of y = 4.9·t² reads "y = 4.90·t²". Very large or
// small numbers are written as 1.23×10⁻⁵.
func (m *Model) Equation() string {
	coef := m.Coefficients()
	deg := m.cfg.Degree
	var terms []string
	var signs []bool // true for a negative coefficient
	add := func(c float64, factor string) {
		s := formatNumber(math.Abs(c))
		if factor != "" {
			s += "·" + factor
		}
		terms = append(terms, s)
		signs = append(signs, c < 0)
	}
	if math.Abs(coef[0]) > negligible*m.ySpread {
		add(coef[0], "")
	}
	for j, name := range m.cfg.Features {
		// The largest |x| seen in training for this feature.
		reach := math.Abs(m.centre[j]) + m.halfRange[j]
		for p := 1; p <= deg; p++ {
			c := coef[1+j*deg+p-1]
			if math.Abs(c)*math.Pow(reach, float64(p)) <= negligible*m.ySpread {
				continue
			}
			add(c, name+superscript(p))
		}
	}
	var b strings.Builder
	b.WriteString(m.cfg.Target)
	b.WriteString(" = ")
	if len(terms) == 0 {
		b.WriteString("0")
		return b.String()
	}
	for i, t := range terms {
		switch {
		case i == 0 && signs[i]:
			b.WriteString("−")
		case i > 0 && signs[i]:
			b.WriteString(" − ")
		case i > 0:
			b.WriteString(" + ")
		}
		b.WriteString(t)
	}
	return b.String()
}

// formatNumber writes v ≥ 0 rounded to three significant digits: in plain
// decimals from 0.0001 up to a million (whole numbers in full, so 123456
// stays 123456), and as a power of ten outside that range.
func formatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	// Round to three significant digits first, so that 9.996 counts as
	// 10.0 (exponent 1), not 9.996 (exponent 0).
	e := strings.SplitN(strconv.FormatFloat(v, 'e', 2, 64), "e", 2)
	exp, err := strconv.Atoi(e[1])
	if err != nil {
		// FormatFloat always writes an integer exponent; fall back to Go's
		// own notation if it ever does not.
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	if exp >= -4 && exp < 6 {
		return strconv.FormatFloat(v, 'f', max(0, 2-exp), 64)
	}
	return e[0] + "×10" + superscript(exp)
}

// superscript returns n in superscript digits ("²", "¹²", "⁻⁵"), and ""
// for 1, so that x¹ reads x.
func superscript(n int) string {
	if n == 1 {
		return ""
	}
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	sup := []rune(digits)
	var b strings.Builder
	for _, r := range strconv.Itoa(n) {
		if r == '-' {
			b.WriteRune('⁻')
			continue
		}
		b.WriteRune(sup[r-'0'])
	}
	return b.String()
}
