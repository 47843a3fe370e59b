// Package tokenize cuts text into tokens, the units a language model reads
// and writes, in three ways that a lesson can compare side by side.
//
// # Why tokens
//
// A language model works with numbers, not letters. A tokenizer cuts text
// into pieces (tokens) and gives every piece a number (its id) from a fixed
// list, the vocabulary. The model learns about ids; to show its output we
// turn ids back into text (decoding). How the text is cut decides what the
// model can see and how long its inputs are:
//
//   - char: one token per character (Unicode code point). The vocabulary is
//     tiny (the alphabet, digits, punctuation), every word can be written,
//     but texts become long: a model must learn spelling before meaning.
//   - word: one token per word, number, punctuation mark or space. Texts
//     are short, but the vocabulary is huge, and any word not seen in
//     training (a new name, another ending of a Kazakh word: кітап,
//     кітаптар, кітаптарымыз) is unknown.
//   - bpe: byte-pair encoding (Sennrich, Haddow & Birch 2016), the middle
//     way used by today's large models. It starts from characters and
//     repeatedly glues together the pair of neighbouring pieces that is most
//     common in the training text, until the vocabulary has the size asked
//     for. Common words become one token; rare words are spelt from common
//     pieces, such as roots and endings, so nothing is unknown that was
//     written with known letters.
//
// A tokenizer trained mostly on one language cuts other languages into more
// pieces: Stats measures tokens per word, so a class can see that Kazakh,
// whose words carry many suffixes, needs more tokens than English for the
// same sentence, and what that costs a model.
//
// # Exact round trip
//
// Text is first normalised (Normalize): invalid UTF-8 becomes U+FFFD and
// the text is put in Unicode normal form C, so that "ә" typed as one code
// point and as "ə" + a combining mark are the same. Every tokenizer keeps
// spaces, line breaks and punctuation as (parts of) tokens, so that
// Decode(ids of Encode(s)) == Normalize(s) exactly, for any s whose
// characters (char, bpe) or words (word) were all in the training text. A
// character or word not in the vocabulary becomes the unknown token [UNK],
// which decodes to U+FFFD '�': the original is lost, as it is in a real
// model. Token.Text still holds the original text, so a lesson can show
// what was lost.
//
// # Simplifications
//
//   - Characters are Unicode code points, not grapheme clusters: "é"
//     written with a combining accent that NFC cannot compose, or a flag
//     emoji, is several char tokens.
//   - No byte fallback: unseen characters are [UNK] rather than spelt as
//     bytes, which would need 256 extra vocabulary entries, more than a
//     whole small vocabulary.
//   - Words are runs of letters or of digits; "don't" is three word tokens.
//     Case is kept: "Мен" and "мен" are different words.
//   - BPE works on characters, not bytes, and cuts text into pieces first
//     (see Pieces) so that a token never spans two words. Its vocabulary
//     size counts the two special tokens and every character, so it must
//     be larger than the alphabet for any merge to happen.
//
// The BPE trainer and encoder are our own; see bpe.go for why
// github.com/sugarme/tokenizer is not used to train.
package tokenize

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/aisandbox/aisandbox/models"
)

// The special tokens every vocabulary starts with.
const (
	// PadID is the id of [PAD], which fills the unused end of a batch of
	// sequences of different lengths. It decodes to nothing.
	PadID = 0
	// UnkID is the id of [UNK], the unknown token, which stands for a
	// character or word that is not in the vocabulary. It decodes to U+FFFD.
	UnkID = 1
)

// Pad and Unk are the vocabulary entries of PadID and UnkID.
const (
	Pad = "[PAD]"
	Unk = "[UNK]"
)

// unkText is what the unknown token decodes to: U+FFFD, Unicode's
// replacement character, the usual mark for a character that was lost.
const unkText = "\uFFFD"

// The kinds of tokenizer Train knows.
const (
	KindChar = "char"
	KindWord = "word"
	KindBPE  = "bpe"
)

// Kinds lists the kinds Train accepts, in the order a lesson shows them.
func Kinds() []string { return []string{KindChar, KindWord, KindBPE} }

// Token is one piece of an encoded text.
type Token struct {
	// ID is the token's number in the vocabulary; UnkID for text not in it.
	ID int `json:"id"`
	// Text is the normalised text the token covers, exactly: for [UNK] the
	// character or word that was not in the vocabulary. Concatenating the
	// Text of all tokens gives back the normalised input. Use Visible to
	// show spaces and line breaks.
	Text string `json:"text"`
	// Start and End are the token's byte offsets in the normalised input
	// (Normalize(s)): Text == Normalize(s)[Start:End].
	Start int `json:"start"`
	End   int `json:"end"`
}

// Tokenizer turns text into tokens and ids back into text. The three
// kinds of this package are *Char, *Word and *BPE; their methods may be
// called from several goroutines at once.
type Tokenizer interface {
	// Kind returns "char", "word" or "bpe".
	Kind() string
	// Encode normalises s (see Normalize) and cuts it into tokens.
	Encode(s string) []Token
	// Decode returns the text of the ids: the concatenation of their
	// vocabulary entries, with [PAD] as nothing and [UNK] (or an id out of
	// range) as U+FFFD.
	Decode(ids []int) string
	// VocabSize returns the number of entries in the vocabulary, the two
	// special tokens included.
	VocabSize() int
	// Describe returns the tokenizer's kind, settings and vocabulary size.
	Describe() models.Description
	// Save writes the tokenizer in the format Load reads.
	Save(w io.Writer) error
}

// MaxVocabSize is the largest vocabulary Train builds: 50,000 entries,
// about the size of GPT-2's (50,257). A class's texts need far fewer, and
// the limit keeps a saved tokenizer to a few megabytes.
const MaxVocabSize = 50_000

// MaxTrainBytes bounds the total size of the texts Train accepts: 16 MB,
// a hundred times all the built-in corpora (150 KB). BPE training with a
// vocabulary of 1000 takes about 50 ms on those corpora and 0.1 s on 1 MB
// of them repeated (BenchmarkTrainBPEAllCorpora, BenchmarkTrainBPE1MB, on
// a 2-core server), so the limit keeps a student's request to seconds.
const MaxTrainBytes = 16 << 20

// Config sets how a tokenizer is trained. The zero value is usable.
type Config struct {
	// VocabSize is the largest number of vocabulary entries, [PAD] and [UNK]
	// included, at most MaxVocabSize. Zero means: char, every character
	// seen; word, 5000; bpe, 1000. The most frequent characters or words
	// are kept. A BPE vocabulary holds every kept character and then one
	// entry per merge; it stops growing early when no pair is common
	// enough to merge (see MinCount).
	VocabSize int `json:"vocab_size"`
	// MinCount is a frequency cutoff. char and word: a character or word
	// seen fewer times in the training text is left out of the vocabulary
	// (and becomes [UNK]); zero means 1, keep everything. bpe: a pair of
	// pieces is merged only if it occurs at least this many times; zero
	// means 2, since merging a pair seen once only memorises that one word.
	MinCount int `json:"min_count"`
	// Alphabet lists characters a BPE vocabulary holds from the start even
	// if its training text lacks them, after the characters it does hold
	// and within VocabSize: a text in another script is then cut into
	// letters rather than lost as [UNK], as byte-level tokenizers of large
	// models keep every byte. Ignored by char and word.
	Alphabet string `json:"alphabet,omitempty"`
}

// Defaults used when Config fields are zero.
const (
	// DefaultWordVocab is the word vocabulary size when VocabSize is 0:
	// 5000 entries cover most words of a few hundred school sentences.
	DefaultWordVocab = 5000
	// DefaultBPEVocab is the BPE vocabulary size when VocabSize is 0:
	// 1000, about the size at which BPE on a small Kazakh, Russian and
	// English corpus has learnt the common endings and short words.
	DefaultBPEVocab = 1000
	// DefaultBPEMinCount is the smallest pair count worth merging when
	// MinCount is 0.
	DefaultBPEMinCount = 2
)

// withDefaults returns c with zero fields replaced by kind's defaults, or
// an error if a field is invalid.
func (c Config) withDefaults(kind string) (Config, error) {
	if c.VocabSize < 0 || c.VocabSize > MaxVocabSize {
		return c, fmt.Errorf("tokenize: the vocabulary size must be between 3 and %d, got %d", MaxVocabSize, c.VocabSize)
	}
	if c.VocabSize != 0 && c.VocabSize < 3 {
		// [PAD], [UNK] and at least one real entry.
		return c, fmt.Errorf("tokenize: the vocabulary size must be between 3 and %d, got %d", MaxVocabSize, c.VocabSize)
	}
	if c.MinCount < 0 {
		return c, fmt.Errorf("tokenize: the minimum count must not be negative, got %d", c.MinCount)
	}
	switch kind {
	case KindChar:
		if c.VocabSize == 0 {
			c.VocabSize = MaxVocabSize
		}
		if c.MinCount == 0 {
			c.MinCount = 1
		}
	case KindWord:
		if c.VocabSize == 0 {
			c.VocabSize = DefaultWordVocab
		}
		if c.MinCount == 0 {
			c.MinCount = 1
		}
	case KindBPE:
		if c.VocabSize == 0 {
			c.VocabSize = DefaultBPEVocab
		}
		if c.MinCount == 0 {
			c.MinCount = DefaultBPEMinCount
		}
	default:
		return c, fmt.Errorf("tokenize: unknown kind %q, want char, word or bpe", kind)
	}
	return c, nil
}

// Normalize returns s as every tokenizer sees it: invalid UTF-8 replaced by
// U+FFFD, then in Unicode normalisation form C (NFC), where a letter and
// its combining marks are composed into one code point wherever Unicode
// has one (е + ̈  becomes ё).
func Normalize(s string) string {
	return norm.NFC.String(strings.ToValidUTF8(s, unkText))
}

// Visible returns s with its invisible characters made visible, for
// showing tokens: a space becomes '▁' (U+2581, as SentencePiece writes
// it), a line break '↵', a tab '→' and a carriage return '←'.
func Visible(s string) string {
	return visibleReplacer.Replace(s)
}

var visibleReplacer = strings.NewReplacer(" ", "▁", "\n", "↵", "\t", "→", "\r", "←")

// Train builds a tokenizer of the given kind ("char", "word" or "bpe")
// from texts. It returns an error if the kind or config is invalid, if
// there is no text, or if ctx is cancelled.
func Train(ctx context.Context, kind string, texts []string, cfg Config) (Tokenizer, error) {
	switch kind {
	case KindChar:
		return TrainChar(ctx, texts, cfg)
	case KindWord:
		return TrainWord(ctx, texts, cfg)
	case KindBPE:
		return TrainBPE(ctx, texts, cfg)
	}
	return nil, fmt.Errorf("tokenize: unknown kind %q, want char, word or bpe", kind)
}

// checkTexts reports a problem that makes texts unusable for training.
func checkTexts(texts []string) error {
	if len(texts) == 0 {
		return errors.New("tokenize: no training texts")
	}
	total := 0
	for _, t := range texts {
		total += len(t)
		if total > MaxTrainBytes {
			return fmt.Errorf("tokenize: the training texts are larger than %d bytes", MaxTrainBytes)
		}
	}
	if total == 0 {
		return errors.New("tokenize: the training texts are all empty")
	}
	return nil
}

// ctxEvery is how many texts training reads between checks of its
// context: often enough to stop within milliseconds, rarely enough to cost
// nothing.
const ctxEvery = 256

// vocab is a list of pieces (index = id) and its reverse lookup.
type vocab struct {
	pieces []string
	ids    map[string]int
}

// newVocab returns a vocabulary holding [PAD] and [UNK] and then pieces.
func newVocab(pieces []string) vocab {
	v := vocab{pieces: make([]string, 0, len(pieces)+2), ids: make(map[string]int, len(pieces)+2)}
	v.add(Pad)
	v.add(Unk)
	for _, p := range pieces {
		v.add(p)
	}
	return v
}

// add appends p if it is new and returns its id.
func (v *vocab) add(p string) int {
	if id, ok := v.ids[p]; ok {
		return id
	}
	v.ids[p] = len(v.pieces)
	v.pieces = append(v.pieces, p)
	return len(v.pieces) - 1
}

// decode writes the pieces of ids to a string.
func (v *vocab) decode(ids []int) string {
	var b strings.Builder
	for _, id := range ids {
		switch {
		case id == PadID:
		case id == UnkID || id < 0 || id >= len(v.pieces):
			b.WriteString(unkText)
		default:
			b.WriteString(v.pieces[id])
		}
	}
	return b.String()
}

// fromPieces rebuilds a vocabulary from a saved list, checking that it
// starts with the special tokens and holds no piece twice or empty.
func fromPieces(pieces []string) (vocab, error) {
	if len(pieces) < 2 || pieces[PadID] != Pad || pieces[UnkID] != Unk {
		return vocab{}, errors.New("tokenize: the vocabulary must start with [PAD] and [UNK]")
	}
	if len(pieces) > MaxVocabSize {
		return vocab{}, fmt.Errorf("tokenize: the vocabulary has %d entries, more than %d", len(pieces), MaxVocabSize)
	}
	v := vocab{pieces: pieces, ids: make(map[string]int, len(pieces))}
	for id, p := range pieces {
		if p == "" {
			return vocab{}, fmt.Errorf("tokenize: vocabulary entry %d is empty", id)
		}
		if _, dup := v.ids[p]; dup {
			return vocab{}, fmt.Errorf("tokenize: vocabulary entry %q appears twice", p)
		}
		v.ids[p] = id
	}
	return v, nil
}

// TextStats measures how a tokenizer cuts some texts.
type TextStats struct {
	// Tokens is the number of tokens, spaces and punctuation included.
	Tokens int `json:"tokens"`
	// Characters is the number of characters (code points) after
	// normalisation.
	Characters int `json:"characters"`
	// Words is the number of words: runs of letters or of digits.
	Words int `json:"words"`
	// Unknown is the number of [UNK] tokens.
	Unknown int `json:"unknown"`
	// TokensPerWord is Tokens / Words; 0 if there are no words.
	TokensPerWord float64 `json:"tokens_per_word"`
	// CharactersPerToken is Characters / Tokens; 0 if there are no tokens.
	CharactersPerToken float64 `json:"characters_per_token"`
}

// Stats encodes every text with t and counts tokens, characters and words.
func Stats(t Tokenizer, texts []string) TextStats {
	var s TextStats
	for _, text := range texts {
		n := Normalize(text)
		s.Characters += utf8.RuneCountInString(n)
		s.Words += countWords(n)
		for _, tok := range t.Encode(n) {
			s.Tokens++
			if tok.ID == UnkID {
				s.Unknown++
			}
		}
	}
	if s.Words > 0 {
		s.TokensPerWord = float64(s.Tokens) / float64(s.Words)
	}
	if s.Tokens > 0 {
		s.CharactersPerToken = float64(s.Characters) / float64(s.Tokens)
	}
	return s
}
