package tokenize

// # How BPE learns its vocabulary
//
// 1. Cut every training text into pieces (see Pieces): a word with the space
//    before it (" кітап"), a number, a run of punctuation. Count how often
//    each distinct piece occurs.
// 2. Spell every piece as characters. The vocabulary starts as [PAD], [UNK]
//    and every character seen.
// 3. Count every pair of neighbouring symbols over all pieces, each piece
//    weighted by its count: in " кітап" ×3 and " кітабы" ×2 the pair
//    (к, і) occurs 5 times.
// 4. Merge the most frequent pair everywhere: (к, і) → "кі" becomes a new
//    vocabulary entry and every " к і т а п" becomes " кі т а п". Remember
//    the merge and its rank (1st, 2nd, ...).
// 5. Repeat from 3 until the vocabulary is as large as asked, or no pair
//    occurs at least MinCount times.
//
// Encoding a new piece replays the merges: spell it as characters, then
// repeatedly merge the neighbouring pair whose merge was learnt earliest
// (lowest rank), leftmost first, until no learnt merge applies. Common
// words end as one token; rare ones as a few common parts.
//
// A tie between pairs of equal count is broken by the pieces' byte order,
// so the same texts always give the same merges.
//
// # Why not github.com/sugarme/tokenizer
//
// The project planned to train with sugarme/tokenizer v0.3.0. Measured on
// that version: its BpeTrainer.Train breaks ties between equally frequent
// pairs by time.Now() and map order, so the same word counts gave
// different merges in 4 of 5 runs; it never lowers a pair's count after a
// merge takes its symbols (trainer.go keeps only positive changes), so it
// does not merge the most frequent pair; it prints its steps and a
// progress bar to standard output, which is the server's log; and its
// model/bpe package needs github.com/emirpasic/gods, which is not in our
// go.sum. Training is the lesson, so it is written out here, about 200
// lines. bpe_sugarme_test.go (build tag sugarme) checks that the library's
// BPE encoder, given our vocabulary and merges, cuts text exactly as
// Encode does.

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/models"
)

// Merge is one rule BPE learnt: two neighbouring pieces that become one.
type Merge struct {
	// Left and Right are the two pieces; Left+Right is the new one.
	Left  string `json:"left"`
	Right string `json:"right"`
	// Count is how often the pair occurred in the training text when it
	// was merged.
	Count int `json:"count"`
}

// rule is a learnt merge as the encoder uses it.
type rule struct {
	rank int32 // order in which it was learnt, from 0
	id   int32 // id of the merged piece
}

// pairKey packs the ids of a pair of neighbouring symbols into one map key.
func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

func unpair(k uint64) (a, b int32) { return int32(k >> 32), int32(uint32(k)) }

// BPE is a byte-pair-encoding tokenizer (on characters; see the package
// documentation).
type BPE struct {
	cfg    Config
	v      vocab
	merges []Merge
	rules  map[uint64]rule
}

// TrainBPE learns a BPE vocabulary from texts (see BPETrainer) until it
// has cfg.VocabSize entries or no pair occurs cfg.MinCount times. It
// checks ctx between merges.
func TrainBPE(ctx context.Context, texts []string, cfg Config) (*BPE, error) {
	tr, err := NewBPETrainer(ctx, texts, cfg)
	if err != nil {
		return nil, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("tokenize: training stopped after %d merges: %w", len(tr.merges), err)
		}
		if _, ok := tr.Step(); !ok {
			break
		}
	}
	return tr.Tokenizer(), nil
}

// BPETrainer learns BPE merges one at a time, so that a lesson can watch
// the vocabulary grow. It is not safe for concurrent use.
type BPETrainer struct {
	cfg    Config
	v      vocab
	merges []Merge
	rules  map[uint64]rule

	words []trainWord
	// pairs counts each pair of neighbouring symbols over all words,
	// weighted by the words' counts; where lists the words that may hold a
	// pair (it can also list words that no longer do).
	pairs map[uint64]int
	where map[uint64][]int32
	queue pairQueue
	// seen[w] is the step at which word w was last rewritten, so that a
	// word listed twice in where is rewritten once.
	seen []int
	done bool
}

// trainWord is one distinct piece of the training text, spelt as the ids
// of its current symbols, and how often it occurs.
type trainWord struct {
	syms  []int32
	count int
}

// NewBPETrainer counts the pieces of texts (after Normalize) and prepares
// the first merge. The vocabulary starts as [PAD], [UNK] and every
// character of texts, most frequent first (ties in code-point order); if
// there are more than cfg.VocabSize-2 characters, only the most frequent
// are kept and the others become [UNK].
func NewBPETrainer(ctx context.Context, texts []string, cfg Config) (*BPETrainer, error) {
	cfg, err := cfg.withDefaults(KindBPE)
	if err != nil {
		return nil, err
	}
	if err := checkTexts(texts); err != nil {
		return nil, err
	}
	counts := make(map[string]int)
	for i, t := range texts {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("tokenize: training stopped: %w", err)
			}
		}
		t = Normalize(t)
		start := 0
		for _, end := range pieceEnds(t) {
			counts[t[start:end]]++
			start = end
		}
	}
	// Sorting the pieces makes the order of the words, and so of
	// everything after, the same on every run.
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	chars := make(map[string]int)
	for _, k := range keys {
		for _, r := range k {
			chars[string(r)] += counts[k]
		}
	}
	alphabet := mostFrequentChars(chars, cfg.VocabSize-2)
	alphabet = withAlphabet(alphabet, cfg.Alphabet, cfg.VocabSize-2)

	t := &BPETrainer{
		cfg:   cfg,
		v:     newVocab(alphabet),
		rules: make(map[uint64]rule),
		words: make([]trainWord, len(keys)),
		pairs: make(map[uint64]int),
		where: make(map[uint64][]int32),
		seen:  make([]int, len(keys)),
	}
	t.queue.v = &t.v
	for wi, k := range keys {
		w := trainWord{count: counts[k]}
		for _, r := range k {
			id, ok := t.v.ids[string(r)]
			if !ok {
				id = UnkID
			}
			w.syms = append(w.syms, int32(id))
		}
		t.words[wi] = w
		for j := 0; j+1 < len(w.syms); j++ {
			if key, ok := mergeable(w.syms[j], w.syms[j+1]); ok {
				t.pairs[key] += w.count
				t.addWhere(key, int32(wi))
			}
		}
		t.seen[wi] = -1
	}
	for key, n := range t.pairs {
		a, b := unpair(key)
		t.queue.items = append(t.queue.items, queued{count: n, a: a, b: b})
	}
	heap.Init(&t.queue)
	return t, nil
}

// mostFrequentChars returns up to limit characters of counts, most
// frequent first, ties in code-point order (which for one-rune strings is
// byte order).
func mostFrequentChars(counts map[string]int, limit int) []string {
	return mostFrequent(counts, 1, limit)
}

// withAlphabet returns chars followed by the characters of extra they
// lack, in the order of extra, up to limit entries in all.
func withAlphabet(chars []string, extra string, limit int) []string {
	have := make(map[string]bool, len(chars))
	for _, c := range chars {
		have[c] = true
	}
	for _, r := range extra {
		if len(chars) >= limit {
			break
		}
		if c := string(r); !have[c] {
			have[c] = true
			chars = append(chars, c)
		}
	}
	return chars
}

// mergeable returns the key of the pair (a, b), and false if the pair may
// not be merged because one side is unknown.
func mergeable(a, b int32) (uint64, bool) {
	if a == UnkID || b == UnkID {
		return 0, false
	}
	return pairKey(a, b), true
}

// addWhere records that word wi holds the pair key.
func (t *BPETrainer) addWhere(key uint64, wi int32) {
	list := t.where[key]
	if len(list) > 0 && list[len(list)-1] == wi {
		return
	}
	t.where[key] = append(list, wi)
}

// Step learns one merge: it finds the most frequent pair of neighbouring
// symbols, adds their concatenation to the vocabulary, and rewrites every
// word that holds the pair. It returns false, and learns nothing, once
// the vocabulary is full or no pair occurs MinCount times.
func (t *BPETrainer) Step() (Merge, bool) {
	if t.done || len(t.v.pieces) >= t.cfg.VocabSize {
		t.done = true
		return Merge{}, false
	}
	// The queue may hold out-of-date entries: a pair whose count changed
	// was queued again with its new count. Skip entries whose count is no
	// longer the pair's.
	var best queued
	for {
		if t.queue.Len() == 0 {
			t.done = true
			return Merge{}, false
		}
		best = heap.Pop(&t.queue).(queued)
		if t.pairs[pairKey(best.a, best.b)] == best.count {
			break
		}
	}
	if best.count < t.cfg.MinCount {
		t.done = true
		return Merge{}, false
	}
	key := pairKey(best.a, best.b)
	m := Merge{Left: t.v.pieces[best.a], Right: t.v.pieces[best.b], Count: best.count}
	// If another pair of pieces already spelt the same text, the merge
	// gives that entry's id again.
	id := int32(t.v.add(m.Left + m.Right))
	t.rules[key] = rule{rank: int32(len(t.merges)), id: id}
	t.merges = append(t.merges, m)
	step := len(t.merges)

	// Rewrite every word holding the pair, and note how each pair's count
	// changes: the word's old pairs no longer count, its new ones do.
	delta := make(map[uint64]int)
	for _, wi := range t.where[key] {
		if t.seen[wi] == step {
			continue
		}
		t.seen[wi] = step
		w := &t.words[wi]
		if !holds(w.syms, best.a, best.b) {
			continue
		}
		for j := 0; j+1 < len(w.syms); j++ {
			if k, ok := mergeable(w.syms[j], w.syms[j+1]); ok {
				delta[k] -= w.count
			}
		}
		w.syms = mergePair(w.syms, best.a, best.b, id)
		for j := 0; j+1 < len(w.syms); j++ {
			if k, ok := mergeable(w.syms[j], w.syms[j+1]); ok {
				delta[k] += w.count
				if w.syms[j] == id || w.syms[j+1] == id {
					t.addWhere(k, wi)
				}
			}
		}
	}
	delete(t.where, key)
	for k, d := range delta {
		if d == 0 {
			continue
		}
		n := t.pairs[k] + d
		if n <= 0 {
			delete(t.pairs, k)
			continue
		}
		t.pairs[k] = n
		a, b := unpair(k)
		heap.Push(&t.queue, queued{count: n, a: a, b: b})
	}
	return m, true
}

// holds reports whether a is followed by b somewhere in syms.
func holds(syms []int32, a, b int32) bool {
	for j := 0; j+1 < len(syms); j++ {
		if syms[j] == a && syms[j+1] == b {
			return true
		}
	}
	return false
}

// mergePair replaces, from left to right, every a followed by b in syms
// with id, in place, and returns the shortened slice. In "a a a" the pair
// (a, a) becomes "aa a".
func mergePair(syms []int32, a, b, id int32) []int32 {
	out := syms[:0]
	for i := 0; i < len(syms); i++ {
		if i+1 < len(syms) && syms[i] == a && syms[i+1] == b {
			out = append(out, id)
			i++
			continue
		}
		out = append(out, syms[i])
	}
	return out
}

// Merges returns the merges learnt so far, in order.
func (t *BPETrainer) Merges() []Merge { return slices.Clone(t.merges) }

// VocabSize returns the current number of vocabulary entries.
func (t *BPETrainer) VocabSize() int { return len(t.v.pieces) }

// Tokenizer returns a tokenizer with the merges learnt so far. Training may
// go on afterwards without changing it.
func (t *BPETrainer) Tokenizer() *BPE {
	return &BPE{
		cfg:    t.cfg,
		v:      vocab{pieces: slices.Clone(t.v.pieces), ids: maps.Clone(t.v.ids)},
		merges: slices.Clone(t.merges),
		rules:  maps.Clone(t.rules),
	}
}

// queued is a pair waiting in the queue with the count it had when queued.
type queued struct {
	count int
	a, b  int32
}

// pairQueue is a max-heap of pairs by count, ties broken by the pieces'
// byte order, left piece first.
type pairQueue struct {
	items []queued
	v     *vocab
}

func (q *pairQueue) Len() int { return len(q.items) }

func (q *pairQueue) Less(i, j int) bool {
	x, y := q.items[i], q.items[j]
	if x.count != y.count {
		return x.count > y.count
	}
	if c := cmp.Compare(q.v.pieces[x.a], q.v.pieces[y.a]); c != 0 {
		return c < 0
	}
	return q.v.pieces[x.b] < q.v.pieces[y.b]
}

func (q *pairQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }

func (q *pairQueue) Push(x any) { q.items = append(q.items, x.(queued)) }

func (q *pairQueue) Pop() any {
	last := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return last
}

// Kind returns "bpe".
func (b *BPE) Kind() string { return KindBPE }

// VocabSize returns the number of vocabulary entries, specials included.
func (b *BPE) VocabSize() int { return len(b.v.pieces) }

// Vocab returns the vocabulary: entry i is the text of id i. Pieces may
// start with a space; use Visible to show them.
func (b *BPE) Vocab() []string { return slices.Clone(b.v.pieces) }

// Merges returns the learnt merges in the order they were learnt.
func (b *BPE) Merges() []Merge { return slices.Clone(b.merges) }

// symbol is one symbol of a piece being encoded: a vocabulary id and the
// byte offsets of its text.
type symbol struct {
	id         int32
	start, end int
}

// Encode cuts Normalize(s) into pieces (see Pieces) and each piece into
// tokens by replaying the learnt merges.
func (b *BPE) Encode(s string) []Token {
	s = Normalize(s)
	var out []Token
	var syms []symbol
	start := 0
	for _, end := range pieceEnds(s) {
		syms = b.encodePiece(s, start, end, syms[:0])
		for _, sy := range syms {
			out = append(out, Token{ID: int(sy.id), Text: s[sy.start:sy.end], Start: sy.start, End: sy.end})
		}
		start = end
	}
	return out
}

// encodePiece spells s[start:end] as characters in syms and applies the
// learnt merges, earliest learnt first and leftmost first among equals,
// until none applies.
func (b *BPE) encodePiece(s string, start, end int, syms []symbol) []symbol {
	for i, r := range s[start:end] {
		from := start + i
		to := from + utf8.RuneLen(r)
		id, ok := b.v.ids[s[from:to]]
		if !ok {
			id = UnkID
		}
		syms = append(syms, symbol{id: int32(id), start: from, end: to})
	}
	for len(syms) > 1 {
		best, bestRank := -1, int32(math.MaxInt32)
		var bestID int32
		for j := 0; j+1 < len(syms); j++ {
			if r, ok := b.rules[pairKey(syms[j].id, syms[j+1].id)]; ok && r.rank < bestRank {
				best, bestRank, bestID = j, r.rank, r.id
			}
		}
		if best < 0 {
			break
		}
		syms[best] = symbol{id: bestID, start: syms[best].start, end: syms[best+1].end}
		syms = slices.Delete(syms, best+1, best+2)
	}
	return syms
}

// Decode returns the text of ids; see Tokenizer.
func (b *BPE) Decode(ids []int) string { return b.v.decode(ids) }

// Describe returns the kind "tokenizer" with settings type "bpe",
// vocab_size, min_count and merges; the parameters are the vocabulary
// entries plus the merge rules.
func (b *BPE) Describe() models.Description {
	d := describe(KindBPE, b.cfg, len(b.v.pieces), len(b.v.pieces)+len(b.merges))
	d.Settings["merges"] = len(b.merges)
	return d
}

// Save writes the tokenizer for Load: its vocabulary and its merges in
// order.
func (b *BPE) Save(w io.Writer) error {
	return save(w, saved{Type: KindBPE, Config: b.cfg, Vocab: b.v.pieces, Merges: b.merges})
}

// bpeFromSaved rebuilds a BPE tokenizer from its saved vocabulary and
// merges, checking that every merge joins two entries into a third.
func bpeFromSaved(cfg Config, v vocab, merges []Merge) (*BPE, error) {
	b := &BPE{cfg: cfg, v: v, merges: merges, rules: make(map[uint64]rule, len(merges))}
	for i, m := range merges {
		l, okL := v.ids[m.Left]
		r, okR := v.ids[m.Right]
		id, okID := v.ids[m.Left+m.Right]
		if !okL || !okR || !okID || l < 2 || r < 2 {
			return nil, fmt.Errorf("tokenize: merge %d (%q + %q) does not join two vocabulary entries into a third", i+1, m.Left, m.Right)
		}
		key := pairKey(int32(l), int32(r))
		if _, dup := b.rules[key]; dup {
			return nil, fmt.Errorf("tokenize: merge %d (%q + %q) appears twice", i+1, m.Left, m.Right)
		}
		b.rules[key] = rule{rank: int32(i), id: int32(id)}
	}
	made := make(map[string]bool, len(merges))
	for _, m := range merges {
		made[m.Left+m.Right] = true
	}
	for id, p := range v.pieces[2:] {
		if utf8.RuneCountInString(p) > 1 && !made[p] {
			return nil, fmt.Errorf("tokenize: vocabulary entry %d (%q) is neither one character nor the result of a merge", id+2, p)
		}
	}
	return b, nil
}
