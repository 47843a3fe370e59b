package tokenize_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/tokenize"
)

// train trains a tokenizer of kind on texts or fails the test.
func train(t testing.TB, kind string, texts []string, cfg tokenize.Config) tokenize.Tokenizer {
	t.Helper()
	tok, err := tokenize.Train(context.Background(), kind, texts, cfg)
	if err != nil {
		t.Fatalf("training %s: %v", kind, err)
	}
	return tok
}

// ids returns the ids of tokens.
func ids(tokens []tokenize.Token) []int {
	out := make([]int, len(tokens))
	for i, t := range tokens {
		out[i] = t.ID
	}
	return out
}

// checkRoundTrip checks that tok encodes s into tokens that tile the
// normalised text exactly, with no unknown token, and that their ids
// decode back to it.
func checkRoundTrip(t *testing.T, tok tokenize.Tokenizer, s string) {
	t.Helper()
	want := tokenize.Normalize(s)
	tokens := tok.Encode(s)
	end := 0
	var text strings.Builder
	for i, tk := range tokens {
		if tk.Start != end || tk.End <= tk.Start || tk.End > len(want) || want[tk.Start:tk.End] != tk.Text {
			t.Fatalf("%s: token %d %+v does not continue at byte %d of %q", tok.Kind(), i, tk, end, want)
		}
		if tk.ID == tokenize.UnkID {
			t.Errorf("%s: token %d %q is unknown", tok.Kind(), i, tk.Text)
		}
		end = tk.End
		text.WriteString(tk.Text)
	}
	if end != len(want) {
		t.Errorf("%s: tokens end at byte %d of %d", tok.Kind(), end, len(want))
	}
	if got := tok.Decode(ids(tokens)); got != want {
		t.Errorf("%s: Decode(Encode(%q)) = %q", tok.Kind(), s, got)
	}
}

// TestRoundTrip checks decode(encode(s)) == Normalize(s) for every kind on
// every training text, and on new combinations of known characters and
// words.
func TestRoundTrip(t *testing.T) {
	texts := allTexts()
	for _, kind := range tokenize.Kinds() {
		t.Run(kind, func(t *testing.T) {
			tok := train(t, kind, texts, tokenize.Config{VocabSize: 300})
			for _, s := range texts {
				checkRoundTrip(t, tok, s)
			}
			// Known words in a new order, with leading, trailing and
			// repeated white space.
			checkRoundTrip(t, tok, "  модель оқиды\n\nмодель читает  ")
			checkRoundTrip(t, tok, "")
		})
	}
}

// TestNormalize checks that decomposed letters are composed, invalid
// UTF-8 is replaced, and that tokenizers see both spellings alike.
func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"е\u0308ж", "ёж"},     // е + combining diaeresis → ё
		{"и\u0306", "й"},       // и + combining breve → й
		{"ә ғ қ ң", "ә ғ қ ң"}, // already composed: unchanged
		{"a\xffb", "a\uFFFDb"}, // invalid byte → U+FFFD
		{"e\u0301", "\u00e9"},  // e + acute → é
		{"\u212b", "\u00c5"},   // the ångström sign becomes the letter Å
		{"", ""},
	}
	for _, tt := range tests {
		if got := tokenize.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, kind := range tokenize.Kinds() {
		tok := train(t, kind, []string{"Ёжик ест яблоко"}, tokenize.Config{})
		composed, decomposed := tok.Encode("Ёжик"), tok.Encode("Е\u0308жик")
		if !slices.Equal(ids(composed), ids(decomposed)) {
			t.Errorf("%s: composed %v and decomposed %v differ", kind, composed, decomposed)
		}
	}
}

// TestUnknown checks what happens to characters and words not in the
// vocabulary: they become [UNK], keep their text in the token, and decode
// to U+FFFD.
func TestUnknown(t *testing.T) {
	tests := []struct {
		kind, train, in string
		wantText        []string // the Text of the tokens with id UnkID
		wantDecode      string
	}{
		{"char", "абв", "аба г", []string{" ", "г"}, "аба\uFFFD\uFFFD"},
		{"word", "сәлем әлем", "сәлем, әлем", []string{","}, "сәлем\uFFFD әлем"},
		{"word", "сәлем әлем", "сәлемдер", []string{"сәлемдер"}, "\uFFFD"},
		{"bpe", "ab ab", "ab 😀 ab", []string{"😀"}, "ab \uFFFD ab"},
	}
	for _, tt := range tests {
		tok := train(t, tt.kind, []string{tt.train}, tokenize.Config{})
		tokens := tok.Encode(tt.in)
		var unknown []string
		for _, tk := range tokens {
			if tk.ID == tokenize.UnkID {
				unknown = append(unknown, tk.Text)
			}
		}
		if !slices.Equal(unknown, tt.wantText) {
			t.Errorf("%s: unknown tokens of %q = %q, want %q", tt.kind, tt.in, unknown, tt.wantText)
		}
		if got := tok.Decode(ids(tokens)); got != tt.wantDecode {
			t.Errorf("%s: Decode(Encode(%q)) = %q, want %q", tt.kind, tt.in, got, tt.wantDecode)
		}
	}
}

// TestDecodeSpecials checks [PAD], [UNK] and ids out of range.
func TestDecodeSpecials(t *testing.T) {
	for _, kind := range tokenize.Kinds() {
		tok := train(t, kind, []string{"a b"}, tokenize.Config{})
		a := tok.Encode("a")[0].ID
		if got := tok.Decode([]int{tokenize.PadID, a, tokenize.UnkID, -1, tok.VocabSize(), tokenize.PadID}); got != "a\uFFFD\uFFFD\uFFFD" {
			t.Errorf("%s: Decode = %q, want a and three U+FFFD", kind, got)
		}
	}
}

// TestCharVocab checks the character vocabulary against counts made by
// hand.
func TestCharVocab(t *testing.T) {
	// "abba ca": a 3 times, b 2, space 1, c 1. Most frequent first; space
	// (U+0020) before c on the tie.
	tests := []struct {
		cfg  tokenize.Config
		want []string
	}{
		{tokenize.Config{}, []string{"[PAD]", "[UNK]", "a", "b", " ", "c"}},
		{tokenize.Config{MinCount: 2}, []string{"[PAD]", "[UNK]", "a", "b"}},
		{tokenize.Config{VocabSize: 3}, []string{"[PAD]", "[UNK]", "a"}},
	}
	for _, tt := range tests {
		c, err := tokenize.TrainChar(context.Background(), []string{"abba ca"}, tt.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Vocab(); !slices.Equal(got, tt.want) {
			t.Errorf("%+v: vocabulary %q, want %q", tt.cfg, got, tt.want)
		}
		if c.VocabSize() != len(tt.want) {
			t.Errorf("%+v: VocabSize %d, want %d", tt.cfg, c.VocabSize(), len(tt.want))
		}
	}
}

// TestWordVocab checks the word vocabulary and the frequency cutoff.
func TestWordVocab(t *testing.T) {
	// Units of "мен мен сен, мен": мен 3, space 3, сен 1, "," 1.
	// Ties in byte order: " " < "," < "мен" < "сен".
	texts := []string{"мен мен сен, мен"}
	tests := []struct {
		cfg  tokenize.Config
		want []string
	}{
		{tokenize.Config{}, []string{"[PAD]", "[UNK]", " ", "мен", ",", "сен"}},
		{tokenize.Config{MinCount: 2}, []string{"[PAD]", "[UNK]", " ", "мен"}},
		{tokenize.Config{VocabSize: 4}, []string{"[PAD]", "[UNK]", " ", "мен"}},
	}
	for _, tt := range tests {
		w, err := tokenize.TrainWord(context.Background(), texts, tt.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Vocab(); !slices.Equal(got, tt.want) {
			t.Errorf("%+v: vocabulary %q, want %q", tt.cfg, got, tt.want)
		}
	}
}

// TestWordUnits checks how the word tokenizer cuts text.
func TestWordUnits(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Сәлем, әлем!  2024\n", []string{"Сәлем", ",", " ", "әлем", "!", " ", " ", "2024", "\n"}},
		{"don't", []string{"don", "'", "t"}},
		{"x2", []string{"x", "2"}},
		{"?!…", []string{"?", "!", "…"}},
		{"👩‍💻 ok", []string{"👩‍💻", " ", "ok"}},
		{"❤️!", []string{"❤️", "!"}},             // heart + variation selector stay together
		{"e\u0301\u0302x", []string{"é\u0302x"}}, // marks stay in the word
		{"\t\r\n", []string{"\t", "\r", "\n"}},
	}
	for _, tt := range tests {
		w, err := tokenize.TrainWord(context.Background(), []string{tt.in}, tokenize.Config{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range w.Encode(tt.in) {
			got = append(got, tk.Text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("units of %q = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPieces checks how text is cut before BPE.
func TestPieces(t *testing.T) {
	long := strings.Repeat("ж", 70)
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello  world\nnew", []string{"Hello", " ", " world", "\n", "new"}},
		{" leading", []string{" leading"}},
		{"trailing ", []string{"trailing", " "}},
		{"a, b", []string{"a", ",", " b"}},
		{"x («y»)", []string{"x", " («", "y", "»)"}},
		{"2024 жыл", []string{"2024", " жыл"}},
		{"ab12cd", []string{"ab", "12", "cd"}},
		{"\n\n  x", []string{"\n\n ", " x"}},
		{long, []string{long[:2*64], long[2*64:]}}, // ж is 2 bytes; cut after 64 runes
		{"", nil},
	}
	for _, tt := range tests {
		if got := tokenize.Pieces(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Pieces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestVisible checks the display of invisible characters.
func TestVisible(t *testing.T) {
	if got, want := tokenize.Visible(" сөз\tжаңа\n\r"), "▁сөз→жаңа↵←"; got != want {
		t.Errorf("Visible = %q, want %q", got, want)
	}
}

// TestStats checks the counts of Stats on a sentence counted by hand.
func TestStats(t *testing.T) {
	text := "Сәлем, әлем!" // 12 characters; words Сәлем, әлем
	w := train(t, "word", []string{text}, tokenize.Config{})
	c := train(t, "char", []string{text}, tokenize.Config{})
	tests := []struct {
		tok  tokenize.Tokenizer
		in   string
		want tokenize.TextStats
	}{
		// Сәлем , ␣ әлем ! = 5 tokens for 2 words.
		{w, text, tokenize.TextStats{Tokens: 5, Characters: 12, Words: 2, TokensPerWord: 2.5, CharactersPerToken: 2.4}},
		{c, text, tokenize.TextStats{Tokens: 12, Characters: 12, Words: 2, TokensPerWord: 6, CharactersPerToken: 1}},
		// "мир" is an unknown word; of its characters only м was seen.
		{w, "мир", tokenize.TextStats{Tokens: 1, Characters: 3, Words: 1, Unknown: 1, TokensPerWord: 1, CharactersPerToken: 3}},
		{c, "мир", tokenize.TextStats{Tokens: 3, Characters: 3, Words: 1, Unknown: 2, TokensPerWord: 3, CharactersPerToken: 1}},
		{c, "", tokenize.TextStats{}},
	}
	for i, tt := range tests {
		if got := tokenize.Stats(tt.tok, []string{tt.in}); got != tt.want {
			t.Errorf("%d: Stats(%s, %q) = %+v, want %+v", i, tt.tok.Kind(), tt.in, got, tt.want)
		}
	}
}

// TestDeterminism checks that training twice, on the texts in any order,
// gives identical tokenizers, byte for byte once saved.
func TestDeterminism(t *testing.T) {
	texts := allTexts()
	shuffled := slices.Clone(texts)
	rand.New(rand.NewPCG(1, 0)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, kind := range tokenize.Kinds() {
		var saved [3][]byte
		for i, in := range [][]string{texts, texts, shuffled} {
			var buf bytes.Buffer
			if err := train(t, kind, in, tokenize.Config{VocabSize: 250}).Save(&buf); err != nil {
				t.Fatal(err)
			}
			saved[i] = buf.Bytes()
		}
		if !bytes.Equal(saved[0], saved[1]) || !bytes.Equal(saved[0], saved[2]) {
			t.Errorf("%s: training on the same texts gave different tokenizers", kind)
		}
	}
}

// TestSaveLoad checks that a loaded tokenizer encodes and decodes exactly
// as the saved one, and describes itself the same.
func TestSaveLoad(t *testing.T) {
	texts := allTexts()
	probe := append(slices.Clone(texts), "жаңа сөздер және 😀 new words")
	for _, kind := range tokenize.Kinds() {
		tok := train(t, kind, texts, tokenize.Config{VocabSize: 200})
		var buf bytes.Buffer
		if err := tok.Save(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := tokenize.Load(&buf)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if got.Kind() != kind || got.VocabSize() != tok.VocabSize() {
			t.Errorf("%s: loaded a %s tokenizer of %d entries, want %d", kind, got.Kind(), got.VocabSize(), tok.VocabSize())
		}
		if fmt.Sprint(got.Describe()) != fmt.Sprint(tok.Describe()) {
			t.Errorf("%s: loaded describes itself as %v, want %v", kind, got.Describe(), tok.Describe())
		}
		for _, s := range probe {
			a, b := tok.Encode(s), got.Encode(s)
			if !slices.Equal(a, b) {
				t.Errorf("%s: %q encodes as %v after loading, %v before", kind, s, b, a)
			}
			if tok.Decode(ids(a)) != got.Decode(ids(a)) {
				t.Errorf("%s: %q decodes differently after loading", kind, s)
			}
		}
	}
}

// TestLoadRefuses checks that Load rejects other versions, other models
// and inconsistent tokenizers.
func TestLoadRefuses(t *testing.T) {
	envelope := func(version int, body string) string {
		return fmt.Sprintf(`{"format":"aisandbox-model","kind":"tokenizer","version":%d,"model":%s}`, version, body)
	}
	good := `{"type":"bpe","config":{},"vocab":["[PAD]","[UNK]","a","b","ab"],"merges":[{"left":"a","right":"b","count":2}]}`
	if _, err := tokenize.Load(strings.NewReader(envelope(1, good))); err != nil {
		t.Fatalf("a valid file: %v", err)
	}
	tests := []struct {
		name, data string
	}{
		{"newer version", envelope(2, good)},
		{"not a model", `{"hello":"world"}`},
		{"another kind", `{"format":"aisandbox-model","kind":"mlp","version":1,"model":{}}`},
		{"unknown type", envelope(1, `{"type":"sentencepiece","config":{},"vocab":["[PAD]","[UNK]"]}`)},
		{"no specials", envelope(1, `{"type":"char","config":{},"vocab":["a","b"]}`)},
		{"duplicate entry", envelope(1, `{"type":"word","config":{},"vocab":["[PAD]","[UNK]","a","a"]}`)},
		{"empty entry", envelope(1, `{"type":"word","config":{},"vocab":["[PAD]","[UNK]",""]}`)},
		{"char of two letters", envelope(1, `{"type":"char","config":{},"vocab":["[PAD]","[UNK]","ab"]}`)},
		{"merges in a char tokenizer", envelope(1, `{"type":"char","config":{},"vocab":["[PAD]","[UNK]","a"],"merges":[{"left":"a","right":"a","count":2}]}`)},
		{"merge result missing", envelope(1, `{"type":"bpe","config":{},"vocab":["[PAD]","[UNK]","a","b"],"merges":[{"left":"a","right":"b","count":2}]}`)},
		{"merge twice", envelope(1, `{"type":"bpe","config":{},"vocab":["[PAD]","[UNK]","a","b","ab"],"merges":[{"left":"a","right":"b","count":2},{"left":"a","right":"b","count":2}]}`)},
		{"entry not merged", envelope(1, `{"type":"bpe","config":{},"vocab":["[PAD]","[UNK]","a","b","ab"]}`)},
		{"bad config", envelope(1, `{"type":"bpe","config":{"vocab_size":-5},"vocab":["[PAD]","[UNK]"]}`)},
		{"unknown field", envelope(1, `{"type":"char","config":{},"vocab":["[PAD]","[UNK]"],"extra":1}`)},
	}
	for _, tt := range tests {
		_, err := tokenize.Load(strings.NewReader(tt.data))
		if err == nil {
			t.Errorf("%s: loaded", tt.name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "tokenize: ") {
			t.Errorf("%s: error %q does not start with the package name", tt.name, err)
		}
	}
	_, err := tokenize.Load(strings.NewReader(envelope(2, good)))
	if !errors.Is(err, models.ErrVersion) {
		t.Errorf("a newer version: error %v does not wrap models.ErrVersion", err)
	}
}

// TestValidation checks the errors of Train.
func TestValidation(t *testing.T) {
	ok := []string{"abc"}
	tests := []struct {
		name  string
		kind  string
		texts []string
		cfg   tokenize.Config
		want  string
	}{
		{"unknown kind", "sentencepiece", ok, tokenize.Config{}, "unknown kind"},
		{"no texts", "char", nil, tokenize.Config{}, "no training texts"},
		{"empty texts", "word", []string{"", ""}, tokenize.Config{}, "all empty"},
		{"too large", "bpe", []string{strings.Repeat("a", tokenize.MaxTrainBytes), "b"}, tokenize.Config{}, "larger than"},
		{"negative vocabulary", "bpe", ok, tokenize.Config{VocabSize: -1}, "vocabulary size"},
		{"vocabulary of 2", "char", ok, tokenize.Config{VocabSize: 2}, "vocabulary size"},
		{"vocabulary too large", "word", ok, tokenize.Config{VocabSize: tokenize.MaxVocabSize + 1}, "vocabulary size"},
		{"negative minimum", "char", ok, tokenize.Config{MinCount: -1}, "minimum count"},
	}
	for _, tt := range tests {
		_, err := tokenize.Train(context.Background(), tt.kind, tt.texts, tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "tokenize: ") {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestCancellation checks that a cancelled context stops training.
func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, kind := range tokenize.Kinds() {
		_, err := tokenize.Train(ctx, kind, allTexts(), tokenize.Config{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: error %v, want one wrapping context.Canceled", kind, err)
		}
	}
}

// TestDescribe checks the descriptions.
func TestDescribe(t *testing.T) {
	for _, kind := range tokenize.Kinds() {
		tok := train(t, kind, allTexts(), tokenize.Config{VocabSize: 150})
		d := tok.Describe()
		if d.Kind != "tokenizer" || d.Settings["type"] != kind || d.Settings["vocab_size"] != tok.VocabSize() || d.Parameters < tok.VocabSize() {
			t.Errorf("%s: %+v", kind, d)
		}
	}
}

// TestConcurrentEncode encodes from several goroutines at once (run with
// -race).
func TestConcurrentEncode(t *testing.T) {
	texts := allTexts()
	for _, kind := range tokenize.Kinds() {
		tok := train(t, kind, texts, tokenize.Config{})
		want := make([][]tokenize.Token, len(texts))
		for i, s := range texts {
			want[i] = tok.Encode(s)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for i, s := range texts {
					if got := tok.Encode(s); !slices.Equal(got, want[i]) {
						t.Errorf("%s: concurrent Encode(%q) differs", kind, s)
					}
				}
			})
		}
		wg.Wait()
	}
}
