package activities

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/i18n"
)

// Parse reads an activity from its JSON. name is the file it came from,
// used in problems. The JSON is read strictly: a field the schema does not
// have, a field given twice, a value of the wrong type, null, or text that
// is not UTF-8 is an error, and so is anything after the activity. The
// error is then a Problems listing every such problem with its place
// (errors.As finds it). A UTF-8 byte-order mark at the start is allowed.
//
// Parse checks only the form of the file; Validate checks its content,
// and Check does both.
func Parse(data []byte, name string) (*Activity, error) {
	a, ps := parse(data, name)
	if len(ps) > 0 {
		return nil, ps
	}
	return a, nil
}

// parse reads an activity as far as it can. It returns the problems of
// form and the activity, which is nil only when the JSON cannot be read
// at all: a value of the wrong type is then left at its zero value, and
// of a field given twice the last is kept.
func parse(data []byte, name string) (*Activity, Problems) {
	if bytes.HasPrefix(data, utf8BOM) {
		// Spaces keep every offset where it was.
		data = append([]byte("   "), data[len(utf8BOM):]...)
	}
	src := &source{data: data, pos: map[string]int{}}
	w := &walker{src: src}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		w.problem("", off, msgf(i18n.Text{
			KK: "файл UTF-8 кодтауында емес (бұл жерде UTF-8 емес байт бар): оны редакторда UTF-8 ретінде сақтаңыз",
			RU: "файл не в кодировке UTF-8 (здесь байт, которого нет в UTF-8): сохраните его в редакторе как UTF-8",
			EN: "the file is not UTF-8 (this byte is not valid UTF-8): save it as UTF-8 in your editor",
		}))
		return nil, w.problems(name)
	}
	w.dec = json.NewDecoder(bytes.NewReader(data))
	w.dec.UseNumber()
	if !w.value("", activityType) {
		return nil, w.problems(name)
	}
	off := w.start()
	if _, err := w.dec.Token(); err != io.EOF {
		w.problem("", off, msgf(i18n.Text{
			KK: "сабақтан кейін тағы бірдеңе жазылған: файлда бір ғана {…} нысаны болуы керек",
			RU: "после занятия написано что-то ещё: в файле должен быть один объект {…}",
			EN: "there is more after the activity: a file holds one object {…}",
		}))
		return nil, w.problems(name)
	}
	a := &Activity{file: name, src: src}
	// With a value of the wrong type, Unmarshal leaves it and reads the
	// rest; the walk has reported it already.
	if err := json.Unmarshal(data, a); err != nil && len(w.probs) == 0 {
		// The walk has checked every type, so this is not expected; report
		// it where the decoder says, all the same.
		off := 0
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			off = int(te.Offset)
		}
		w.problem("", off, msgf(i18n.Text{
			KK: "файлды оқу мүмкін болмады: %s",
			RU: "файл не удалось прочитать: %s",
			EN: "the file could not be read: %s",
		}, err.Error()))
	}
	a.file, a.src = name, src
	return a, w.problems(name)
}

// Check reads an activity and validates it, reporting every problem in
// one go, in the order of the file: those of form (as Parse) and those of
// content (as Validate) except at a value that already has one of form. The activity is
// nil only when the JSON cannot be read at all; with any problem, it must
// not be used for a class.
func Check(data []byte, name string, cat Catalog) (*Activity, []Problem) {
	a, ps := parse(data, name)
	if a == nil {
		return nil, ps
	}
	var out []Problem = ps
	for _, p := range Validate(a, cat) {
		if !slices.ContainsFunc(ps, func(f Problem) bool { return within(p.Path, f.Path) }) {
			out = append(out, p)
		}
	}
	sortProblems(out)
	return a, out
}

// within reports whether path is at or inside the value at outer.
func within(path, outer string) bool {
	if !strings.HasPrefix(path, outer) {
		return false
	}
	rest := path[len(outer):]
	return rest == "" || outer == "" || rest[0] == '.' || rest[0] == '['
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// source is the JSON an activity was parsed from, with the place of every
// value in it, so that problems found later can say where they are.
type source struct {
	data []byte
	pos  map[string]int // JSON path → byte offset of its key (members) or value (elements)
}

// locate returns the line and column (from 1, in characters) of the value
// at path, or of its nearest enclosing value that is in the file.
func (s *source) locate(path string) (line, col int) {
	if s == nil {
		return 0, 0
	}
	for {
		if off, ok := s.pos[path]; ok {
			return lineCol(s.data, off)
		}
		if path == "" {
			return 0, 0
		}
		path = parentPath(path)
	}
}

// lineCol turns a byte offset of data into a line and a column, from 1,
// counting characters.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[start:]) + 1
}

// member returns the path of field key of the object at parent: parent.key
// for a plain name, parent["key"] otherwise.
func member(parent, key string) string {
	if isName(key) {
		if parent == "" {
			return key
		}
		return parent + "." + key
	}
	return parent + "[" + strconv.Quote(key) + "]"
}

// index returns the path of element i of the list at parent.
func index(parent string, i int) string { return parent + "[" + strconv.Itoa(i) + "]" }

// isName reports whether key is a plain name that a path may write after a
// dot: a letter or '_' and then letters, digits or '_'.
func isName(key string) bool {
	if key == "" {
		return false
	}
	for i, r := range key {
		if r != '_' && !('a' <= r && r <= 'z') && !('A' <= r && r <= 'Z') && (i == 0 || !('0' <= r && r <= '9')) {
			return false
		}
	}
	return true
}

// parentPath returns the path without its last part: a.b[2] → a.b,
// a["x.y"] → a, a.b → a, a → "".
func parentPath(p string) string {
	if strings.HasSuffix(p, "\"]") {
		// A quoted key escapes its quotes, so `["` starts the last part.
		if i := strings.LastIndex(p, "[\""); i >= 0 {
			return p[:i]
		}
	}
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}

var (
	activityType = reflect.TypeFor[Activity]()
	rawType      = reflect.TypeFor[json.RawMessage]()
)

// walker reads JSON token by token alongside the Go type it should
// become, recording where each value is and every way the two disagree.
type walker struct {
	src   *source
	dec   *json.Decoder
	probs []placed
}

// placed is a problem with its byte offset, before lines are counted.
type placed struct {
	path string
	off  int
	msg  i18n.Text
}

func (w *walker) problem(path string, off int, msg i18n.Text) {
	w.probs = append(w.probs, placed{path, off, msg})
}

// problems returns the walk's problems with their lines and columns.
func (w *walker) problems(file string) Problems {
	ps := make(Problems, len(w.probs))
	for i, p := range w.probs {
		line, col := lineCol(w.src.data, p.off)
		ps[i] = Problem{File: file, Path: p.path, Line: line, Column: col, Message: p.msg}
	}
	return ps
}

// start returns the offset where the next token begins.
func (w *walker) start() int {
	data := w.src.data
	off := int(w.dec.InputOffset())
	for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

// What a value should be, for messages.
var (
	wantObject = i18n.Text{KK: "{…} нысаны", RU: "объект {…}", EN: "an object {…}"}
	wantList   = i18n.Text{KK: "[…] тізімі", RU: "список […]", EN: "a list […]"}
	wantString = i18n.Text{KK: "тырнақшадағы мәтін", RU: "текст в кавычках", EN: "a text in quotes"}
	wantInt    = i18n.Text{KK: "бүтін сан", RU: "целое число", EN: "a whole number"}
	wantNumber = i18n.Text{KK: "сан", RU: "число", EN: "a number"}
	wantBool   = i18n.Text{KK: "true немесе false", RU: "true или false", EN: "true or false"}
)

// value reads one value at path that should become a t. It reports false
// when the JSON itself is broken and the walk cannot go on.
func (w *walker) value(path string, t reflect.Type) bool {
	off := w.start()
	if _, ok := w.src.pos[path]; !ok {
		w.src.pos[path] = off
	}
	tok, err := w.dec.Token()
	if err != nil {
		w.syntax(path, off, err)
		return false
	}
	if t == rawType {
		return w.skip(path, tok)
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if tok == nil {
		w.problem(path, off, msgf(i18n.Text{
			KK: "мұнда null болмайды: өрісті мүлде жазбаңыз немесе мән беріңіз",
			RU: "здесь нельзя null: уберите поле или дайте ему значение",
			EN: "null is not allowed here: leave the field out or give it a value",
		}))
		return true
	}
	wrong := func(want i18n.Text) bool {
		w.problem(path, off, msgf(i18n.Text{
			KK: "мұнда %s болуы керек",
			RU: "здесь ожидается %s",
			EN: "this should be %s",
		}, want))
		return w.skip(path, tok)
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			return wrong(wantObject)
		}
		return w.object(path, t)
	case reflect.Map:
		if tok != json.Delim('{') {
			return wrong(wantObject)
		}
		return w.object(path, t)
	case reflect.Slice:
		if tok != json.Delim('[') {
			return wrong(wantList)
		}
		for i := 0; w.dec.More(); i++ {
			if !w.value(index(path, i), t.Elem()) {
				return false
			}
		}
		return w.end(path)
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return wrong(wantString)
		}
	case reflect.Int, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return wrong(wantInt)
		}
		if _, err := strconv.ParseInt(n.String(), 10, 32); err != nil {
			return wrong(wantInt)
		}
	case reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			return wrong(wantNumber)
		}
		if _, err := strconv.ParseFloat(n.String(), 64); err != nil {
			w.problem(path, off, msgf(i18n.Text{
				KK: "%s саны тым үлкен",
				RU: "число %s слишком велико",
				EN: "the number %s is too large",
			}, n.String()))
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return wrong(wantBool)
		}
	default:
		// The schema has no other kinds (TestSchemaKinds checks); were one
		// added, its values would be left to json.Unmarshal.
		return w.skip(path, tok)
	}
	return true
}

// object reads the members of an object, after its '{', into a struct or
// a map of type t.
func (w *walker) object(path string, t reflect.Type) bool {
	var fields map[string]reflect.Type
	if t.Kind() == reflect.Struct {
		fields = jsonFields(t)
	}
	seen := map[string]bool{}
	for w.dec.More() {
		off := w.start()
		tok, err := w.dec.Token()
		if err != nil {
			w.syntax(path, off, err)
			return false
		}
		key, _ := tok.(string) // the decoder allows only strings as keys
		p := member(path, key)
		if seen[key] {
			w.problem(p, off, msgf(i18n.Text{
				KK: "«%s» өрісі екі рет жазылған",
				RU: "поле «%s» указано дважды",
				EN: "the field %q is given twice",
			}, key))
			if !w.value(p, rawType) {
				return false
			}
			continue
		}
		seen[key] = true
		w.src.pos[p] = off
		var ft reflect.Type
		if fields == nil {
			ft = t.Elem()
		} else {
			var ok bool
			if ft, ok = fields[key]; !ok {
				w.problem(p, off, unknownField(key, t))
				ft = rawType
			}
		}
		if !w.value(p, ft) {
			return false
		}
	}
	return w.end(path)
}

// end reads the '}' or ']' that closes the value at path.
func (w *walker) end(path string) bool {
	off := w.start()
	if _, err := w.dec.Token(); err != nil {
		w.syntax(path, off, err)
		return false
	}
	return true
}

// skip reads the rest of a value whose first token is tok.
func (w *walker) skip(path string, tok json.Token) bool {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return true
	}
	for depth := 1; depth > 0; {
		off := w.start()
		tok, err := w.dec.Token()
		if err != nil {
			w.syntax(path, off, err)
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return true
}

// syntax records JSON that cannot be read.
func (w *walker) syntax(path string, off int, err error) {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// The offsets of a Decoder's syntax errors depend on where its
		// token began; Unmarshal's scanner stops right after the
		// offending byte, always.
		var v any
		if errors.As(json.Unmarshal(w.src.data, &v), &se) {
			err = se
		}
		off = max(int(se.Offset)-1, 0)
	} else if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		off = len(w.src.data)
		err = errors.New("the file ends before the JSON does (a } or ] is missing)")
	}
	w.problem(path, off, msgf(i18n.Text{
		KK: "бұл жерде JSON дұрыс емес: %s",
		RU: "здесь JSON записан неправильно: %s",
		EN: "the JSON is broken here: %s",
	}, strings.TrimPrefix(err.Error(), "json: ")))
}

// jsonFields maps the JSON names of t's exported fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for f := range t.Fields() {
		if name, ok := jsonName(f); ok {
			m[name] = f.Type
		}
	}
	return m
}

// jsonName returns the JSON name of a struct field, and false for a field
// JSON leaves out.
func jsonName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return "", false
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}

// unknownField says that key is not a field of struct t, and suggests
// the field it most resembles or, with none close, lists the fields.
func unknownField(key string, t reflect.Type) i18n.Text {
	var names []string
	for f := range t.Fields() {
		if name, ok := jsonName(f); ok {
			names = append(names, name)
		}
	}
	// A suggestion within two edits, and fewer edits than the key has
	// letters ("x" is not a typing mistake for "id").
	best, bestD := "", min(3, utf8.RuneCountInString(key))
	for _, name := range names {
		if d := editDistance(strings.ToLower(key), name); d < bestD {
			best, bestD = name, d
		}
	}
	if best != "" {
		return msgf(i18n.Text{
			KK: "мұнда «%s» деген өріс жоқ; «%s» болуы керек пе?",
			RU: "здесь нет поля «%s»; может быть, «%s»?",
			EN: "there is no field %q here; did you mean %q?",
		}, key, best)
	}
	return msgf(i18n.Text{
		KK: "мұнда «%s» деген өріс жоқ (мұндағы өрістер: %s)",
		RU: "здесь нет поля «%s» (здесь есть поля: %s)",
		EN: "there is no field %q here (the fields here are %s)",
	}, key, strings.Join(names, ", "))
}

// editDistance is the Levenshtein distance between a and b, in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
