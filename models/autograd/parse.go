package autograd

// The parser: a recursive-descent reader of the grammar below, one function
// per line, each calling the one below it for the parts that bind tighter.
//
//	sum     = product { ("+" | "-") product }
//	product = unary { ("*" | "/") unary }
//	unary   = ("-" | "+") unary | power
//	power   = primary [ "^" unary ]
//	primary = number | name | name "(" sum ")" | "(" sum ")"
//
// So * binds tighter than +, ^ tighter than * and the minus sign, and ^
// groups to the right: -x^2 is -(x^2), 2^-1 is 2^(-1) and a^b^c is a^(b^c),
// as in mathematics. "**" is read as "^" (Python's power), and the
// typographic signs × · ÷ − as * * / -.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// functions lists the functions an expression may call, each with one
// argument, in the order error messages name them.
var functions = []string{"exp", "log", "tanh", "sigmoid", "relu", "sin", "cos"}

func isFunction(name string) bool {
	for _, f := range functions {
		if f == name {
			return true
		}
	}
	return false
}

// term is a node of the parse tree.
type term struct {
	// op is "+", "-", "*", "/", "^" for two operands, "neg" for a minus
	// sign, a function name for a call, "var" for a variable and "num" for
	// a number.
	op string
	// text is what the node shows: the operator, function or variable name,
	// or the number as written.
	text string
	num  float64 // the number, for op "num"
	pos  int     // position of the operator, name or number, from 1
	args []*term
}

// label returns the node's label in the graph.
func (t *term) label() string {
	if t.op == "neg" {
		return "-"
	}
	return t.text
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokNum
	tokName
	tokSym // one of + - * / ^ ( )
)

type token struct {
	kind tokenKind
	text string // the symbol normalised to ASCII, the name, or the number as written
	num  float64
	pos  int
}

// describe names a token for an error message.
func (t token) describe() string {
	if t.kind == tokEOF {
		return "the end"
	}
	return strconv.Quote(t.text)
}

// lex splits src into tokens. Positions count runes from 1.
func lex(src []rune) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		r := src[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '*' && i+1 < len(src) && src[i+1] == '*':
			toks = append(toks, token{kind: tokSym, text: "^", pos: pos})
			i += 2
		case strings.ContainsRune("+-*/^()", r):
			toks = append(toks, token{kind: tokSym, text: string(r), pos: pos})
			i++
		case r == '×' || r == '·':
			toks = append(toks, token{kind: tokSym, text: "*", pos: pos})
			i++
		case r == '÷':
			toks = append(toks, token{kind: tokSym, text: "/", pos: pos})
			i++
		case r == '−': // U+2212 MINUS SIGN
			toks = append(toks, token{kind: tokSym, text: "-", pos: pos})
			i++
		case isDigit(r) || (r == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := scanNumber(src, i)
			text := string(src[i:j])
			v, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("the number %s is too large or too small for a float64", text)}
			}
			toks = append(toks, token{kind: tokNum, text: text, num: v, pos: pos})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i + 1
			for j < len(src) && isNameRune(src[j]) {
				j++
			}
			name := string(src[i:j])
			if j-i > MaxNameLength {
				return nil, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("the name %q is longer than %d characters", name, MaxNameLength)}
			}
			toks = append(toks, token{kind: tokName, text: name, pos: pos})
			i = j
		default:
			return nil, &SyntaxError{Pos: pos, Msg: fmt.Sprintf("unexpected character %q", r)}
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(src) + 1}), nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isNameRune reports whether r may continue a name: a letter, a digit, a
// subscript digit (x₁) or '_'.
func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || isDigit(r) || (r >= '₀' && r <= '₉') || r == '_'
}

// scanNumber returns the end of the number starting at src[i]: digits, an
// optional fraction, an optional exponent (e or E, an optional sign,
// digits). An "e" not followed by digits is left alone, so "2e" is 2 then e.
func scanNumber(src []rune, i int) int {
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	if i < len(src) && src[i] == '.' {
		i++
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			i = j
		}
	}
	return i
}

// parser holds the tokens and the reading position.
type parser struct {
	toks  []token
	i     int
	nodes int // tree nodes made so far
}

// parse reads expr into a tree, checking the length and node limits.
func parse(expr string) (*term, error) {
	src := []rune(expr)
	if len(src) > MaxLength {
		return nil, fmt.Errorf("autograd: the expression has %d characters, at most %d are allowed", len(src), MaxLength)
	}
	if strings.TrimSpace(expr) == "" {
		return nil, fmt.Errorf("autograd: the expression is empty")
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	t, err := p.sum()
	if err != nil {
		return nil, err
	}
	if next := p.peek(); next.kind != tokEOF {
		return nil, p.unexpected(next)
	}
	return t, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// isSym reports whether the next token is one of the symbols in syms.
func (p *parser) isSym(syms ...string) bool {
	t := p.peek()
	if t.kind != tokSym {
		return false
	}
	for _, s := range syms {
		if t.text == s {
			return true
		}
	}
	return false
}

// node makes a tree node, counting it against MaxNodes.
func (p *parser) node(t *term) (*term, error) {
	p.nodes++
	if p.nodes > MaxNodes {
		return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("the expression has more than %d parts (numbers, names, operators and functions); make it shorter", MaxNodes)}
	}
	return t, nil
}

// unexpected returns the error for a token that cannot come where it is:
// a name, number or "(" right after a complete operand means a missing
// operator, the commonest slip being 2x for 2*x.
func (p *parser) unexpected(t token) error {
	switch {
	case t.kind == tokNum || t.kind == tokName || (t.kind == tokSym && t.text == "("):
		return &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("expected an operator such as + or * before %s (write 2*x, not 2x)", t.describe())}
	case t.kind == tokSym && t.text == ")":
		return &SyntaxError{Pos: t.pos, Msg: `unexpected ")" without a matching "("`}
	}
	return &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("unexpected %s", t.describe())}
}

func (p *parser) sum() (*term, error) {
	left, err := p.product()
	if err != nil {
		return nil, err
	}
	for p.isSym("+", "-") {
		op := p.next()
		right, err := p.product()
		if err != nil {
			return nil, err
		}
		if left, err = p.node(&term{op: op.text, text: op.text, pos: op.pos, args: []*term{left, right}}); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) product() (*term, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.isSym("*", "/") {
		op := p.next()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		if left, err = p.node(&term{op: op.text, text: op.text, pos: op.pos, args: []*term{left, right}}); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) unary() (*term, error) {
	if p.isSym("+") {
		p.next() // a plus sign changes nothing
		return p.unary()
	}
	if p.isSym("-") {
		op := p.next()
		arg, err := p.unary()
		if err != nil {
			return nil, err
		}
		return p.node(&term{op: "neg", text: "-", pos: op.pos, args: []*term{arg}})
	}
	return p.power()
}

func (p *parser) power() (*term, error) {
	base, err := p.primary()
	if err != nil {
		return nil, err
	}
	if !p.isSym("^") {
		return base, nil
	}
	op := p.next()
	exp, err := p.unary()
	if err != nil {
		return nil, err
	}
	return p.node(&term{op: "^", text: "^", pos: op.pos, args: []*term{base, exp}})
}

func (p *parser) primary() (*term, error) {
	t := p.next()
	switch {
	case t.kind == tokNum:
		return p.node(&term{op: "num", text: t.text, num: t.num, pos: t.pos})
	case t.kind == tokName && isFunction(t.text):
		if !p.isSym("(") {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("%s is a function: write %s(...)", t.text, t.text)}
		}
		p.next()
		arg, err := p.sum()
		if err != nil {
			return nil, err
		}
		if err := p.closing(); err != nil {
			return nil, err
		}
		return p.node(&term{op: t.text, text: t.text, pos: t.pos, args: []*term{arg}})
	case t.kind == tokName:
		if p.isSym("(") {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("unknown function %q; the functions are %s", t.text, strings.Join(functions, ", "))}
		}
		return p.node(&term{op: "var", text: t.text, pos: t.pos})
	case t.kind == tokSym && t.text == "(":
		inner, err := p.sum()
		if err != nil {
			return nil, err
		}
		if err := p.closing(); err != nil {
			return nil, err
		}
		return inner, nil
	}
	return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf(`expected a number, a name or "(" but found %s`, t.describe())}
}

// closing consumes the ")" that must come next.
func (p *parser) closing() error {
	if p.isSym(")") {
		p.next()
		return nil
	}
	return &SyntaxError{Pos: p.peek().pos, Msg: `expected ")"`}
}

// variables returns the names of t's variables in the order they first
// appear, with the position of each first use.
func variables(t *term) (names []string, pos map[string]int) {
	pos = map[string]int{}
	var walk func(*term)
	walk = func(t *term) {
		if t.op == "var" {
			if _, ok := pos[t.text]; !ok {
				pos[t.text] = t.pos
				names = append(names, t.text)
			}
			return
		}
		for _, a := range t.args {
			walk(a)
		}
	}
	walk(t)
	return names, pos
}

// validName reports whether s is a name the lexer reads as one name.
func validName(s string) bool {
	r := []rune(s)
	if len(r) == 0 || len(r) > MaxNameLength || !(unicode.IsLetter(r[0]) || r[0] == '_') {
		return false
	}
	for _, c := range r[1:] {
		if !isNameRune(c) {
			return false
		}
	}
	return !isFunction(s)
}
