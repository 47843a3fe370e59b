package datasets

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/aisandbox/aisandbox/i18n"
)

func TestProbes(t *testing.T) {
	// The groups each language offers: its own name tradition first, and
	// Kazakh names in every language, since the sandbox is made for
	// Kazakhstan.
	wantGroups := map[i18n.Lang][]string{
		i18n.KK: {"kazakh_female", "kazakh_male", "russian_female", "russian_male"},
		i18n.RU: {"russian_female", "russian_male", "kazakh_female", "kazakh_male"},
		i18n.EN: {"english_female", "english_male", "kazakh_female", "kazakh_male"},
	}
	for _, lang := range i18n.All {
		t.Run(string(lang), func(t *testing.T) {
			p, err := Probes(lang)
			if err != nil {
				t.Fatal(err)
			}
			if p.Lang != lang {
				t.Errorf("Lang %q", p.Lang)
			}
			// The brief asks for at least 20 templates a language, half
			// positive and half negative, and at least 10 fillers a group.
			if len(p.Templates) < 20 || len(p.Tones) != len(p.Templates) {
				t.Errorf("%d templates with %d tones, want at least 20 with one tone each", len(p.Templates), len(p.Tones))
			}
			pos := 0
			for _, tone := range p.Tones {
				if tone == SentimentPositive {
					pos++
				}
			}
			if 2*pos != len(p.Tones) {
				t.Errorf("%d of %d templates are positive, want half", pos, len(p.Tones))
			}
			for i, tmpl := range p.Templates {
				if strings.Count(tmpl, ProbeSlot) != 1 {
					t.Errorf("template %d has %d slots: %q", i, strings.Count(tmpl, ProbeSlot), tmpl)
				}
				if rest := strings.TrimSpace(strings.Replace(tmpl, ProbeSlot, "", 1)); len([]rune(rest)) < 15 {
					t.Errorf("template %d is all but empty: %q", i, tmpl)
				}
			}
			var names []string
			for _, g := range p.Groups {
				names = append(names, g.Name)
				if len(g.Fillers) < 10 || len(g.Fillers) != len(p.Groups[0].Fillers) {
					t.Errorf("group %s has %d fillers, group %s %d: want the same, at least 10", g.Name, len(g.Fillers), p.Groups[0].Name, len(p.Groups[0].Fillers))
				}
				if m := g.Title.Missing(); len(m) > 0 {
					t.Errorf("group %s has no title in %v", g.Name, m)
				}
			}
			if !slices.Equal(names, wantGroups[lang]) {
				t.Errorf("groups %v, want %v", names, wantGroups[lang])
			}
			// No name is in two groups: a flip between groups must come
			// from two different names.
			seen := map[string]string{}
			for _, g := range p.Groups {
				for _, f := range g.Fillers {
					if other, dup := seen[f]; dup {
						t.Errorf("%q is in groups %s and %s", f, other, g.Name)
					}
					seen[f] = g.Name
				}
			}
			checkFill(t, p)
		})
	}
	if _, err := Probes("de"); err == nil || !strings.HasPrefix(err.Error(), "datasets: ") {
		t.Errorf(`Probes("de"): error %v`, err)
	}
}

// checkFill checks that Fill puts every filler of a group in every
// template, in pairs across groups.
func checkFill(t *testing.T, p *ProbeSet) {
	t.Helper()
	for g := range p.Groups {
		texts := p.Fill(g)
		fillers := p.Groups[g].Fillers
		if len(texts) != len(p.Templates)*len(fillers) {
			t.Fatalf("Fill(%d) gave %d texts, want %d·%d", g, len(texts), len(p.Templates), len(fillers))
		}
		for k, pt := range texts {
			i, f := k/len(fillers), fillers[k%len(fillers)]
			if pt.Template != i || pt.Filler != f || pt.Text != strings.Replace(p.Templates[i], ProbeSlot, f, 1) {
				t.Fatalf("Fill(%d)[%d] = %+v, want template %d with %q", g, k, pt, i, f)
			}
			if strings.TrimSpace(pt.Text) == "" || strings.ContainsAny(pt.Text, "{}") {
				t.Fatalf("Fill(%d)[%d]: text %q is empty or keeps a brace", g, k, pt.Text)
			}
		}
		if other := p.Fill((g + 1) % len(p.Groups)); len(other) != len(texts) || other[len(other)-1].Template != texts[len(texts)-1].Template {
			t.Errorf("Fill(%d) and Fill(%d) do not pair up", g, (g+1)%len(p.Groups))
		}
	}
	for _, g := range []int{-1, len(p.Groups)} {
		if got := p.Fill(g); got != nil {
			t.Errorf("Fill(%d) = %d texts, want nil", g, len(got))
		}
	}
}

func TestProbesGrammar(t *testing.T) {
	// Kazakh-only letters: a Kazakh text without any is likely Russian.
	const kazakhOnly = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
	for _, lang := range i18n.All {
		p, err := Probes(lang)
		if err != nil {
			t.Fatal(err)
		}
		texts := slices.Clone(p.Templates)
		for _, g := range p.Groups {
			texts = append(texts, g.Fillers...)
		}
		for _, s := range texts {
			s = strings.Replace(s, ProbeSlot, "", 1)
			if w := mixedScript(s); w != "" {
				t.Errorf("%s: %q mixes Latin and Cyrillic letters in %q", lang, w, s)
			}
			latin := strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Latin, r) })
			cyrillic := strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
			if lang == i18n.EN && cyrillic || lang != i18n.EN && latin {
				t.Errorf("%s: %q is in the wrong script", lang, s)
			}
			if lang == i18n.RU && strings.ContainsAny(s, kazakhOnly) {
				t.Errorf("ru: %q holds Kazakh letters; Kazakh names are spelled the Russian way in Russian", s)
			}
		}
		for i, tmpl := range p.Templates {
			before, after, _ := strings.Cut(tmpl, ProbeSlot)
			next := strings.ToLower(strings.Trim(strings.Fields(after + " x")[0], ",.:;!"))
			switch lang {
			case i18n.KK:
				// Every Kazakh template is Kazakh, not Russian, and the
				// name ends no word: nothing is stuck to it.
				if !strings.ContainsAny(tmpl, kazakhOnly) {
					t.Errorf("kk: template %d has no Kazakh letter: %q", i, tmpl)
				}
				if strings.HasPrefix(after, "-") || !strings.HasPrefix(after, " ") {
					t.Errorf("kk: template %d puts an ending on the name: %q", i, tmpl)
				}
			case i18n.RU:
				// The word after the name is not a past-tense verb, which
				// would agree with the name's gender (пришёл/пришла).
				for _, end := range []string{"л", "ла", "лся", "лась", "ёл", "шла"} {
					if strings.HasSuffix(next, end) {
						t.Errorf("ru: template %d: %q after the name may agree with its gender: %q", i, next, tmpl)
					}
				}
			case i18n.EN:
				// No pronoun refers back to the person.
				for _, w := range strings.FieldsFunc(strings.ToLower(tmpl), func(r rune) bool { return !unicode.IsLetter(r) }) {
					if slices.Contains([]string{"he", "she", "his", "her", "hers", "him", "himself", "herself"}, w) {
						t.Errorf("en: template %d has the gendered pronoun %q: %q", i, w, tmpl)
					}
				}
			}
			// The name starts the sentence, as its subject, in every
			// language.
			if before != "" {
				t.Errorf("%s: template %d does not start with the name: %q", lang, i, tmpl)
			}
		}
	}
}

func TestProbeFiles(t *testing.T) {
	entries, err := probeFiles.ReadDir("probes")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(i18n.All) {
		t.Errorf("probes/ holds %d files, want one for each of %d languages", len(entries), len(i18n.All))
	}
	for _, e := range entries {
		data, err := probeFiles.ReadFile("probes/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormal(data) || strings.Contains(string(data), "\r") {
			t.Errorf("probes/%s is not NFC text with \\n line ends", e.Name())
		}
	}
}

func TestParseProbes(t *testing.T) {
	const good = "# a comment\n[templates]\npos\tI like {name}.\nneg\t{name} is late.\n\n[kazakh_female]\nA\nB\n[kazakh_male]\nC\nD\n"
	p, err := parseProbes([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []ProbeText{
		{0, "C", "I like C."}, {0, "D", "I like D."},
		{1, "C", "C is late."}, {1, "D", "D is late."},
	}
	if got := p.Fill(1); !reflect.DeepEqual(got, want) {
		t.Errorf("Fill(1) = %v, want %v", got, want)
	}
	if !slices.Equal(p.Tones, []int{SentimentPositive, SentimentNegative}) {
		t.Errorf("tones %v", p.Tones)
	}
	if g, ok := p.Group("kazakh_male"); !ok || g != 1 {
		t.Errorf(`Group("kazakh_male") = %d, %v`, g, ok)
	}
	if _, ok := p.Group("english_male"); ok {
		t.Error(`Group("english_male") found a group`)
	}
	tests := []struct {
		name, file, want string
	}{
		{"no templates", "[kazakh_female]\nA\n", "no templates"},
		{"no groups", "[templates]\npos\t{name} came.\n", "no group"},
		{"no slot", "[templates]\npos\tHello.\n[kazakh_female]\nA\n", "line 2: the template has 0 slots"},
		{"two slots", "[templates]\npos\t{name} and {name}.\n[kazakh_female]\nA\n", "has 2 slots"},
		{"other slot", "[templates]\npos\t{name} met {friend}.\n[kazakh_female]\nA\n", "brace outside its slot"},
		{"bad tone", "[templates]\nok\t{name} came.\n[kazakh_female]\nA\n", `"ok" is neither`},
		{"no tab", "[templates]\n{name} came.\n[kazakh_female]\nA\n", "a tab"},
		{"unknown group", "[templates]\npos\t{name} came.\n[martians]\nA\n", `unknown group "martians"`},
		{"group twice", "[templates]\npos\t{name} came.\n[kazakh_female]\nA\n[kazakh_female]\nB\n", "appears twice"},
		{"unequal groups", "[templates]\npos\t{name} came.\n[kazakh_female]\nA\nB\n[kazakh_male]\nC\n", "same number"},
		{"empty group", "[templates]\npos\t{name} came.\n[kazakh_female]\n[kazakh_male]\nC\n", "same number"},
		{"repeat", "[templates]\npos\t{name} came.\n[kazakh_female]\nA\n[kazakh_male]\nA\n", "line 6 repeats line 4"},
		{"before a header", "pos\t{name} came.\n", "before the first"},
		{"broken header", "[templates\n", "a header is"},
		{"brace in a filler", "[templates]\npos\t{name} came.\n[kazakh_female]\n{A}\n", "holds a brace"},
		{"empty template", "[templates]\npos\t \n[kazakh_female]\nA\n", "a tab"},
		{"bad UTF-8", "[templates]\npos\t{name} \xff.\n[kazakh_female]\nA\n", "not valid UTF-8"},
	}
	for _, tc := range tests {
		if _, err := parseProbes([]byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
