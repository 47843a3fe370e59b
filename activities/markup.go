package activities

import (
	"fmt"
	"html"
	"strings"
)

// The markup of instructions, questions, explanations, hints and teacher
// notes is a small part of Markdown, so that a teacher can write it in any
// editor and every page, worksheet and terminal shows it the same way:
//
//   - A blank line (two line breaks in a row, "\n\n" in JSON) starts a new
//     paragraph.
//   - A single line break stays a line break within the paragraph (unlike
//     Markdown, which joins the lines), so that lines written one under
//     the other stay so.
//   - Text between two "**" is bold. Bold ends within its paragraph.
//
// Nothing else is markup: "#", "-", "_", "<b>" and the rest are shown as
// they are written. Other texts (titles, the summary, objectives, options,
// units and keywords) are plain: one line, no markup.

// Span is a run of text in one style. Text may contain "\n": a line break.
type Span struct {
	Text string `json:"text"`
	Bold bool   `json:"bold,omitempty"`
}

// Paragraph is a paragraph of markup: its spans in order.
type Paragraph []Span

// ParseMarkup splits s into paragraphs of plain and bold spans. Spaces at
// the ends of each line are dropped, and "\r\n" counts as "\n". It reports
// a *MarkupError for bold that is not closed within its paragraph and for
// empty bold ("****").
func ParseMarkup(s string) ([]Paragraph, error) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var paras []Paragraph
	var lines []string
	flush := func() error {
		if len(lines) == 0 {
			return nil
		}
		p, empty, ok := parseParagraph(strings.Join(lines, "\n"))
		if !ok {
			return &MarkupError{Paragraph: len(paras) + 1, Empty: empty}
		}
		paras = append(paras, p)
		lines = lines[:0]
		return nil
	}
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		lines = append(lines, line)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return paras, nil
}

// parseParagraph splits one paragraph at its "**" marks. It reports
// false for bold that is not closed, or, with empty, for empty bold.
func parseParagraph(s string) (p Paragraph, empty, ok bool) {
	parts := strings.Split(s, "**")
	if len(parts)%2 == 0 {
		return nil, false, false
	}
	for i, t := range parts {
		bold := i%2 == 1
		if bold && t == "" {
			return nil, true, false
		}
		if t != "" {
			p = append(p, Span{Text: t, Bold: bold})
		}
	}
	return p, false, true
}

// MarkupError is the error of ParseMarkup: bold that is not closed within
// its paragraph, or (Empty) bold with nothing in it.
type MarkupError struct {
	Paragraph int  // the paragraph, from 1
	Empty     bool // "****" rather than an unclosed "**"
}

func (e *MarkupError) Error() string {
	if e.Empty {
		return fmt.Sprintf("activities: paragraph %d: **** is bold text with nothing in it", e.Paragraph)
	}
	return fmt.Sprintf("activities: paragraph %d: a ** starts bold text that no second ** closes before the paragraph ends", e.Paragraph)
}

// MarkupHTML renders paragraphs as HTML: each one a <p>, bold as
// <strong>, line breaks as <br>, and every character of the text escaped.
func MarkupHTML(paras []Paragraph) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p>")
		for _, sp := range p {
			t := strings.ReplaceAll(html.EscapeString(sp.Text), "\n", "<br>")
			if sp.Bold {
				b.WriteString("<strong>" + t + "</strong>")
			} else {
				b.WriteString(t)
			}
		}
		b.WriteString("</p>")
	}
	return b.String()
}
