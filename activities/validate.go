package activities

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/aisandbox/aisandbox/i18n"
)

// Catalog is what Validate needs to know about the datasets and models
// that exist. The sandbox's catalog is adapted to it by whoever wires the
// two together (the command line and the server).
type Catalog interface {
	// Dataset reports whether a built-in dataset has this name.
	Dataset(name string) bool
	// Model reports whether a model family has this name.
	Model(name string) bool
	// Setting reports whether a step that trains the named model on the
	// named dataset may preset key: "dataset.NAME" (a setting of the
	// dataset, such as dataset.noise), "model.NAME" (a setting of the
	// model, such as model.lr) or a setting of the training itself (such
	// as test_split). Validate asks about dataset.* keys only with a
	// dataset and about model.* keys only with a model; otherwise either
	// name may be "" when no step has chosen one yet.
	Setting(dataset, model, key string) bool
}

// CatalogDetails is an optional ability of a Catalog: knowing the values
// each setting takes and which models learn from which datasets. With it,
// Validate also checks preset values and the model of each step.
type CatalogDetails interface {
	// Range returns the values the setting key takes in a step training
	// model on dataset (as for Catalog.Setting), and false when it cannot
	// tell. The Choices of "attributes" and "drop" are the dataset's group
	// and feature columns (none when nil): Validate checks the columns
	// that panel settings name (groups.by, probe.feature, ...) against
	// them. "train_group" is a GroupValue whose Groups are the dataset's
	// attributes with their values; a catalog that cannot tell them has
	// the attribute checked against "attributes" and its value not at all.
	Range(dataset, model, key string) (Range, bool)
	// Learns reports whether the model can learn from the dataset.
	Learns(model, dataset string) bool
}

// A step's own keys for the dataset and the model it trains.
const (
	// KeyDataset chooses the dataset: its name, or a name for each
	// language, {"kk": NAME, "ru": NAME, "en": NAME}, so that the student
	// gets the dataset in the language they use, as a text setting may be
	// given (see TextValue). Validate checks each language's dataset, and
	// the settings of later keys (dataset.*, model.*, ...) against each.
	KeyDataset = "dataset"
	// KeyModel chooses the model: its name.
	KeyModel = "model"
	// KeyTrainGroup trains on one group of the data only (a GroupValue,
	// sandbox.TrainSpec.TrainGroup): a panel that trains may preset it
	// whatever the catalog's Setting says, and it is checked against the
	// dataset's attributes when the catalog can tell them.
	KeyTrainGroup = "train_group"
)

// maxIDLength is the longest id, in characters (ids are ASCII).
const maxIDLength = 64

// slug is the form of every id: lowercase letters and digits in words
// joined by single hyphens.
var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks an activity against the schema and the catalog and
// returns every problem found, each with its place in a's file (when a was
// parsed), in the order of the file. A nil cat skips the checks that need
// one: that datasets, models and settings exist.
func Validate(a *Activity, cat Catalog) []Problem {
	v := &validator{a: a, cat: cat}
	v.activity()
	sortProblems(v.probs)
	return v.probs
}

// sortProblems puts problems in the order of their places in the file.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(p, q Problem) int {
		if p.Line != q.Line {
			return p.Line - q.Line
		}
		return p.Column - q.Column
	})
}

// ValidateSet validates each activity and checks that no two share an id
// (see DuplicateIDs).
func ValidateSet(as []*Activity, cat Catalog) []Problem {
	var probs []Problem
	for _, a := range as {
		probs = append(probs, Validate(a, cat)...)
	}
	return append(probs, DuplicateIDs(as)...)
}

// DuplicateIDs reports each activity whose id an earlier one in as has
// already, naming the file of the earlier one.
func DuplicateIDs(as []*Activity) []Problem {
	var probs []Problem
	first := map[string]*Activity{}
	for _, a := range as {
		if a.ID == "" {
			continue
		}
		b, ok := first[a.ID]
		if !ok {
			first[a.ID] = a
			continue
		}
		where := b.file
		if where == "" {
			where = "?"
		}
		v := &validator{a: a}
		v.add("id", msgf(i18n.Text{
			KK: "«%s» идентификаторы %s файлындағы сабақта бұрыннан бар: әр сабақтың идентификаторы өзгеше болсын",
			RU: "идентификатор «%s» уже есть у занятия в %s: у каждого занятия должен быть свой",
			EN: "the id %q is already used by the activity in %s: every activity needs its own",
		}, a.ID, where))
		probs = append(probs, v.probs...)
	}
	return probs
}

type validator struct {
	a     *Activity
	cat   Catalog
	probs []Problem
}

func (v *validator) add(path string, msg i18n.Text) {
	line, col := v.a.src.locate(path)
	v.probs = append(v.probs, Problem{File: v.a.file, Path: path, Line: line, Column: col, Message: msg})
}

// Messages used in several places.
var (
	msgMissing = i18n.Text{
		KK: "бұл өріс жоқ: оны толтырыңыз",
		RU: "этого поля нет: его нужно заполнить",
		EN: "this is missing: fill it in",
	}
	msgEmptyList = i18n.Text{
		KK: "тізім бос: кемінде бір элемент керек",
		RU: "список пуст: нужен хотя бы один элемент",
		EN: "the list is empty: at least one item is needed",
	}
	msgBadSlug = i18n.Text{
		KK: "«%s» идентификатор бола алмайды: кіші латын әріптері, цифрлар және жалғыз дефистер ғана (мысалы, fit-a-line), %d таңбадан аспасын",
		RU: "«%s» не годится как идентификатор: только строчные латинские буквы, цифры и одиночные дефисы (например, fit-a-line), не длиннее %d символов",
		EN: "%q cannot be an id: use lowercase Latin letters, digits and single hyphens (such as fit-a-line), at most %d characters",
	}
	msgDuplicate = i18n.Text{
		KK: "«%s» бұрын да кездесті: әрқайсысы бір рет қана болсын",
		RU: "«%s» уже встречалось выше: каждое значение может быть только один раз",
		EN: "%q appears earlier too: each may appear only once",
	}
)

// oneOf says that a value is not one of the allowed ones.
func (v *validator) oneOf(path, got string, allowed []string) {
	if got == "" {
		v.add(path, msgf(i18n.Text{
			KK: "бұл өріс жоқ: мыналардың бірі болсын: %s",
			RU: "этого поля нет: нужно одно из значений: %s",
			EN: "this is missing: it should be one of %s",
		}, strings.Join(allowed, ", ")))
		return
	}
	v.add(path, msgf(i18n.Text{
		KK: "«%s» болмайды: мыналардың бірі болсын: %s",
		RU: "«%s» не подходит: нужно одно из значений: %s",
		EN: "%q is not allowed: it should be one of %s",
	}, got, strings.Join(allowed, ", ")))
}

// id checks an identifier that must be a slug.
func (v *validator) id(path, id string) {
	switch {
	case id == "":
		v.add(path, msgMissing)
	case !slug.MatchString(id) || len(id) > maxIDLength:
		v.add(path, msgf(msgBadSlug, id, maxIDLength))
	}
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func (v *validator) activity() {
	a := v.a
	v.id("id", a.ID)
	if a.Version < 1 {
		v.add("version", msgf(i18n.Text{
			KK: "нұсқа 1-ден басталатын бүтін сан болсын (қазір %d)",
			RU: "версия — целое число от 1 (сейчас %d)",
			EN: "the version is a whole number from 1 (it is %d)",
		}, a.Version))
	}
	if !slices.Contains(Subjects, a.Subject) {
		v.oneOf("subject", string(a.Subject), strs(Subjects))
	}
	if len(a.Grades) == 0 {
		v.oneOf("grades", "", strs(Grades))
	}
	for i, g := range a.Grades {
		p := index("grades", i)
		if !slices.Contains(Grades, g) {
			v.oneOf(p, string(g), strs(Grades))
		} else if slices.Contains(a.Grades[:i], g) {
			v.add(p, msgf(msgDuplicate, string(g)))
		}
	}
	if a.Minutes < MinMinutes || a.Minutes > MaxMinutes {
		v.add("minutes", msgf(i18n.Text{
			KK: "ұзақтығы ең азы %d, ең көбі %d минут болсын (қазір %d)",
			RU: "длительность — от %d до %d минут (сейчас %d)",
			EN: "the length is from %d to %d minutes (it is %d)",
		}, MinMinutes, MaxMinutes, a.Minutes))
	}
	if len(a.Objectives) == 0 {
		v.add("objectives", msgEmptyList)
	}
	if len(a.Competencies) == 0 {
		v.add("competencies", msgEmptyList)
	}
	for i, c := range a.Competencies {
		p := index("competencies", i)
		if !slices.Contains(Dimensions, c.Dimension) {
			v.oneOf(p+".dimension", string(c.Dimension), strs(Dimensions))
		}
		if !slices.Contains(Levels, c.Level) {
			v.oneOf(p+".level", string(c.Level), strs(Levels))
		}
		if slices.Contains(a.Competencies[:i], c) {
			v.add(p, msgf(msgDuplicate, string(c.Dimension)+"/"+string(c.Level)))
		}
	}
	for i, d := range a.Datasets {
		p := index("datasets", i)
		switch {
		case d == "":
			v.add(p, msgMissing)
		case slices.Contains(a.Datasets[:i], d):
			v.add(p, msgf(msgDuplicate, d))
		case v.cat != nil && !v.cat.Dataset(d):
			v.add(p, unknownDataset(d))
		}
	}
	if len(a.Steps) == 0 {
		v.add("steps", msgEmptyList)
	}
	st := &stepState{}
	for i := range a.Steps {
		v.step(i, st)
	}
	v.texts()
}

func unknownDataset(name string) i18n.Text {
	return msgf(i18n.Text{
		KK: "«%s» деген деректер жиыны жоқ (бар жиындарды «aisandbox datasets» көрсетеді)",
		RU: "набора данных «%s» нет (имеющиеся наборы показывает «aisandbox datasets»)",
		EN: "there is no dataset %q (\"aisandbox datasets\" lists them)",
	}, name)
}

func unknownModel(name string) i18n.Text {
	return msgf(i18n.Text{
		KK: "«%s» деген модель жоқ (бар модельдерді «aisandbox models» көрсетеді)",
		RU: "модели «%s» нет (имеющиеся модели показывает «aisandbox models»)",
		EN: "there is no model %q (\"aisandbox models\" lists them)",
	}, name)
}

// stepState is what the steps so far have chosen: a step's settings of
// the dataset and the model stay in force in the steps after it.
type stepState struct {
	stepIDs []string
	// datasets are the datasets in force: one, or with a dataset given for
	// each language the distinct ones, in the order of i18n.All; none when
	// no step has preset one, or one it names does not exist. Settings
	// that depend on the dataset are checked against each.
	datasets []string
	model    string
	// badDataset and badModel are set when the latest preset names one that
	// does not exist: settings that depend on it are then not checked, as
	// the name is reported already.
	badDataset, badModel bool
}

func (v *validator) step(i int, st *stepState) {
	s := &v.a.Steps[i]
	sp := index("steps", i)
	v.id(sp+".id", s.ID)
	if s.ID != "" && slices.Contains(st.stepIDs, s.ID) {
		v.add(sp+".id", msgf(msgDuplicate, s.ID))
	}
	st.stepIDs = append(st.stepIDs, s.ID)
	if !slices.Contains(Panels, s.Panel) {
		v.oneOf(sp+".panel", string(s.Panel), strs(Panels))
	} else {
		v.settings(sp, s, st)
	}
	if s.Checkpoint != nil {
		v.checkpoint(sp+".checkpoint", s.Checkpoint)
	}
}

// settings checks the presets of step s, at path sp, and moves st on.
func (v *validator) settings(sp string, s *Step, st *stepState) {
	keys := slices.Sorted(maps.Keys(s.Settings))
	// The dataset and the model first: the other keys depend on them.
	slices.SortStableFunc(keys, func(x, y string) int {
		rank := func(k string) int {
			if k == KeyDataset || k == KeyModel {
				return 0
			}
			return 1
		}
		return rank(x) - rank(y)
	})
	details, _ := v.cat.(CatalogDetails)
	chose := false
	vals := map[string]any{}
	for _, key := range keys {
		pr := s.Settings[key]
		p := member(sp+".settings", key)
		vp := p + ".value"
		val, hasVal := v.presetValue(p, pr)
		if hasVal {
			vals[key] = val
		}

		if panel, r, ok := PanelSetting(key); ok {
			if panel != s.Panel {
				v.add(p, msgf(i18n.Text{
					KK: "«%s» баптауы %s панеліне жатады, ал бұл қадам %s панелін көрсетеді",
					RU: "настройка «%s» относится к панели %s, а этот шаг показывает панель %s",
					EN: "the setting %q belongs to the %s panel, but this step shows the %s panel",
				}, key, string(panel), string(s.Panel)))
			} else if hasVal {
				if msg, bad := r.check(val); bad {
					v.add(vp, msg)
				} else if !st.badDataset {
					v.perDataset(st, func(dataset string) {
						v.columnNames(vp, panelSettings[key].columns, val, details, dataset, st.model)
					})
				}
			}
			continue
		}
		if !s.Panel.Trains() {
			v.add(p, msgf(i18n.Text{
				KK: "%s панелінде «%s» баптауы жоқ (оқытылған модельмен жұмыс істейтін панельдерде ғана деректер мен модель баптаулары бар)",
				RU: "на панели %s нет настройки «%s» (настройки данных и модели есть только на панелях, работающих с обученной моделью)",
				EN: "the %s panel has no setting %q (only the panels that work on a trained model have data and model settings)",
			}, string(s.Panel), key))
			continue
		}
		switch {
		case key == KeyDataset:
			if hasVal {
				chose = true
				v.datasetPreset(vp, val, st)
			}
			continue
		case key == KeyModel:
			name, isStr := val.(string)
			if hasVal && !isStr {
				v.add(vp, msgf(i18n.Text{
					KK: "мұнда атау тырнақшада жазылсын",
					RU: "здесь нужно название в кавычках",
					EN: "this should be a name in quotes",
				}))
				continue
			}
			if !hasVal {
				continue
			}
			chose = true
			st.model, st.badModel = "", false
			if v.cat != nil && !v.cat.Model(name) {
				v.add(vp, unknownModel(name))
				st.badModel = true
				continue
			}
			st.model = name
			continue
		case st.badDataset && !strings.HasPrefix(key, KeyModel+"."), st.badModel && !strings.HasPrefix(key, KeyDataset+"."):
			continue
		case strings.HasPrefix(key, KeyDataset+".") && len(st.datasets) == 0:
			v.add(p, msgf(i18n.Text{
				KK: "«%s» үшін деректер жиыны керек: «dataset» баптауын осы қадамда немесе алдыңғы қадамда беріңіз",
				RU: "для «%s» нужен набор данных: задайте «dataset» в этом шаге или в одном из предыдущих",
				EN: "%q needs a dataset: preset \"dataset\" in this step or an earlier one",
			}, key))
			continue
		case strings.HasPrefix(key, KeyModel+".") && st.model == "":
			v.add(p, msgf(i18n.Text{
				KK: "«%s» үшін модель керек: «model» баптауын осы қадамда немесе алдыңғы қадамда беріңіз",
				RU: "для «%s» нужна модель: задайте «model» в этом шаге или в одном из предыдущих",
				EN: "%q needs a model: preset \"model\" in this step or an earlier one",
			}, key))
			continue
		}
		if key == KeyTrainGroup {
			if hasVal {
				v.perDataset(st, func(dataset string) {
					if msg, bad := v.trainGroupRange(details, dataset, st.model).check(val); bad {
						v.add(vp, msg)
					}
				})
			}
			continue
		}
		if v.cat == nil {
			continue
		}
		var lacking []string
		for _, d := range st.each() {
			if !v.cat.Setting(d, st.model, key) {
				lacking = append(lacking, d)
			}
		}
		if len(lacking) > 0 {
			v.add(p, unknownSetting(key, lacking, st.model))
			continue
		}
		if hasVal && details != nil {
			v.perDataset(st, func(dataset string) {
				if r, ok := details.Range(dataset, st.model, key); ok {
					if msg, bad := r.check(val); bad {
						v.add(vp, msg)
					}
				}
			})
		}
	}
	v.autogradNames(sp, vals)
	if chose && details != nil && st.model != "" {
		var cannot []string
		for _, d := range st.datasets {
			if !details.Learns(st.model, d) {
				cannot = append(cannot, d)
			}
		}
		if len(cannot) > 0 {
			p := member(sp+".settings", KeyModel)
			if _, ok := s.Settings[KeyModel]; !ok {
				p = member(sp+".settings", KeyDataset)
			}
			if len(cannot) == 1 {
				v.add(p, msgf(i18n.Text{
					KK: "«%s» моделі «%s» деректер жиынынан үйрене алмайды (деректер түрі басқа)",
					RU: "модель «%s» не может учиться на наборе данных «%s» (другой вид данных)",
					EN: "the model %q cannot learn from the dataset %q (another kind of data)",
				}, st.model, cannot[0]))
			} else {
				v.add(p, msgf(i18n.Text{
					KK: "«%s» моделі %s деректер жиындарынан үйрене алмайды (деректер түрі басқа)",
					RU: "модель «%s» не может учиться на наборах данных %s (другой вид данных)",
					EN: "the model %q cannot learn from the datasets %s (another kind of data)",
				}, st.model, nameList(cannot)))
			}
		}
	}
}

// datasetPreset checks the value val of a step's "dataset" preset, at vp:
// a name, or a name for each language (see KeyDataset); each must be
// listed in the activity's datasets and exist. It puts the datasets in
// force in st, or marks them bad when a name is wrong, so that the
// settings that depend on them are not checked.
func (v *validator) datasetPreset(vp string, val any, st *stepState) {
	st.datasets, st.badDataset = nil, false
	type named struct{ path, name string }
	var names []named
	switch x := val.(type) {
	case string:
		names = append(names, named{vp, x})
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if !slices.Contains(i18n.All, i18n.Lang(k)) {
				v.add(member(vp, k), msgf(i18n.Text{
					KK: "«%s» тіл емес: тілдер — %s",
					RU: "«%s» — не язык: языки — %s",
					EN: "%q is not a language: the languages are %s",
				}, k, strings.Join(strs(i18n.All), ", ")))
				st.badDataset = true
			}
		}
		for _, l := range i18n.All {
			name, ok := x[string(l)].(string)
			if !ok || name == "" {
				v.add(member(vp, string(l)), msgf(i18n.Text{
					KK: "бұл тілдің (%s) деректер жиыны берілмеген: оның атауын тырнақшада жазыңыз",
					RU: "для этого языка (%s) не указан набор данных: напишите его название в кавычках",
					EN: "no dataset is given for this language (%s): write its name in quotes",
				}, languageNames[l]))
				st.badDataset = true
				continue
			}
			names = append(names, named{member(vp, string(l)), name})
		}
	default:
		v.add(vp, msgf(i18n.Text{KK: "мұнда %s болуы керек", RU: "здесь ожидается %s", EN: "this should be %s"}, wantDataset))
		st.badDataset = true
		return
	}
	var ok []string
	for _, n := range names {
		if !slices.Contains(v.a.Datasets, n.name) {
			v.add(n.path, msgf(i18n.Text{
				KK: "«%s» деректер жиыны сабақтың datasets тізімінде жоқ: оны сонда қосыңыз",
				RU: "набора данных «%s» нет в списке datasets занятия: добавьте его туда",
				EN: "the dataset %q is not in the activity's datasets: add it there",
			}, n.name))
		}
		if v.cat != nil && !v.cat.Dataset(n.name) {
			v.add(n.path, unknownDataset(n.name))
			st.badDataset = true
			continue
		}
		if !slices.Contains(ok, n.name) {
			ok = append(ok, n.name)
		}
	}
	if !st.badDataset {
		st.datasets = ok
	}
}

// wantDataset is what a "dataset" preset takes.
var wantDataset = i18n.Text{
	KK: `тырнақшадағы деректер жиынының атауы немесе әр тілге бір атау берілген {"kk": …, "ru": …, "en": …} нысаны`,
	RU: `название набора данных в кавычках или объект {"kk": …, "ru": …, "en": …} с названием для каждого языка`,
	EN: `a dataset's name in quotes, or an object {"kk": …, "ru": …, "en": …} with a name for each language`,
}

// each returns the datasets in force, or "" alone when none is, for the
// checks that ask the catalog about a step's settings.
func (st *stepState) each() []string {
	if len(st.datasets) == 0 {
		return []string{""}
	}
	return st.datasets
}

// perDataset runs check, which reports problems with v.add, once for each
// dataset in force (see stepState.each). With a dataset for each
// language, a problem that every one of them has is reported once, and
// one that only some have is reported for each of those, its message
// starting with the dataset's name unless it names it already.
func (v *validator) perDataset(st *stepState, check func(dataset string)) {
	ds := st.each()
	if len(ds) == 1 {
		check(ds[0])
		return
	}
	type found struct {
		p        Problem
		datasets []string
	}
	var all []*found
	for _, d := range ds {
		start := len(v.probs)
		check(d)
		for _, p := range v.probs[start:] {
			i := slices.IndexFunc(all, func(f *found) bool { return f.p == p })
			if i < 0 {
				all = append(all, &found{p: p})
				i = len(all) - 1
			}
			all[i].datasets = append(all[i].datasets, d)
		}
		v.probs = v.probs[:start]
	}
	for _, f := range all {
		if len(f.datasets) == len(ds) {
			v.probs = append(v.probs, f.p)
			continue
		}
		for _, d := range f.datasets {
			p := f.p
			if !strings.Contains(p.Message.EN, d) {
				p.Message = msgf(i18n.Text{KK: "%s: %s", RU: "%s: %s", EN: "%s: %s"}, d, p.Message)
			}
			v.probs = append(v.probs, p)
		}
	}
}

// nameList writes names for a message: «a», «b» in Kazakh and Russian,
// "a", "b" in English.
func nameList(names []string) i18n.Text {
	var t i18n.Text
	for i, n := range names {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		t.KK += sep + "«" + n + "»"
		t.RU += sep + "«" + n + "»"
		t.EN += sep + strconv.Quote(n)
	}
	return t
}

// columns returns the group columns (key "attributes") or feature
// columns ("drop") of dataset, trained with model, as the catalog gives
// them; false when it cannot tell (no catalog details, or no dataset
// chosen yet).
func (v *validator) columns(details CatalogDetails, dataset, model, key string) ([]string, bool) {
	if details == nil || dataset == "" {
		return nil, false
	}
	r, ok := details.Range(dataset, model, key)
	if !ok {
		return nil, false
	}
	return r.Choices, true
}

// columnNames checks that the columns a panel setting's value val names
// (kind: attributeName, featureName or featureNumbers) are those of
// dataset, the step's dataset, when the catalog can tell them.
func (v *validator) columnNames(vp string, kind int, val any, details CatalogDetails, dataset, model string) {
	var names []string
	key := "drop"
	switch kind {
	case attributeName:
		key = "attributes"
		fallthrough
	case featureName:
		if s, ok := val.(string); ok {
			names = []string{s}
		}
	case featureNumbers:
		if m, ok := val.(map[string]any); ok {
			names = slices.Sorted(maps.Keys(m))
		}
	}
	if len(names) == 0 {
		return
	}
	have, ok := v.columns(details, dataset, model, key)
	if !ok {
		return
	}
	for _, name := range names {
		switch {
		case slices.Contains(have, name):
			continue
		case kind == attributeName && len(have) == 0:
			v.add(vp, msgNoGroups)
		case kind == attributeName:
			v.add(vp, msgf(i18n.Text{
				KK: "«%s» деректер жиынында «%s» деген топ бағаны жоқ: мыналардың бірі болсын: %s",
				RU: "в наборе данных «%s» нет столбца групп «%s»: нужно одно из значений: %s",
				EN: "the dataset %q has no group column %q: it should be one of %s",
			}, dataset, name, strings.Join(have, ", ")))
		default:
			at := vp
			if kind == featureNumbers {
				at = member(vp, name)
			}
			v.add(at, msgf(i18n.Text{
				KK: "«%s» деректер жиынында «%s» деген белгі жоқ: мыналардың бірі болсын: %s",
				RU: "в наборе данных «%s» нет признака «%s»: нужно одно из значений: %s",
				EN: "the dataset %q has no feature %q: it should be one of %s",
			}, dataset, name, strings.Join(have, ", ")))
		}
	}
}

// trainGroupRange returns the groups a step's train_group may name, for
// dataset and model: the catalog's, or the dataset's attributes with any
// value when the catalog tells only those, or any group at all when it
// tells nothing.
func (v *validator) trainGroupRange(details CatalogDetails, dataset, model string) Range {
	r := Range{Type: GroupValue}
	if details == nil || dataset == "" {
		return r
	}
	if cr, ok := details.Range(dataset, model, KeyTrainGroup); ok && cr.Type == GroupValue {
		return cr
	}
	if attrs, ok := v.columns(details, dataset, model, "attributes"); ok {
		r.Groups = map[string][]string{}
		for _, a := range attrs {
			r.Groups[a] = nil
		}
	}
	return r
}

// autogradNames checks that the parameters an autograd step presets are
// among the names it gives values to.
func (v *validator) autogradNames(sp string, vals map[string]any) {
	values, ok1 := vals["autograd.values"].(map[string]any)
	params, ok2 := vals["autograd.params"].([]any)
	if !ok1 || !ok2 {
		return
	}
	for i, x := range params {
		name, ok := x.(string)
		if _, has := values[name]; ok && !has {
			v.add(index(member(sp+".settings", "autograd.params")+".value", i), msgf(i18n.Text{
				KK: "«%s» параметрінің мәні autograd.values ішінде жоқ",
				RU: "у параметра «%s» нет значения в autograd.values",
				EN: "the parameter %q has no value in autograd.values",
			}, name))
		}
	}
}

// unknownSetting says that key is not a setting of a step training model
// on the datasets lacking it.
func unknownSetting(key string, lacking []string, model string) i18n.Text {
	switch {
	case strings.HasPrefix(key, KeyDataset+".") && len(lacking) > 1:
		return msgf(i18n.Text{
			KK: "%s деректер жиындарында «%s» баптауы жоқ",
			RU: "у наборов данных %s нет настройки «%s»",
			EN: "the datasets %s have no setting %q",
		}, nameList(lacking), strings.TrimPrefix(key, KeyDataset+"."))
	case strings.HasPrefix(key, KeyDataset+"."):
		return msgf(i18n.Text{
			KK: "«%s» деректер жиынында «%s» баптауы жоқ",
			RU: "у набора данных «%s» нет настройки «%s»",
			EN: "the dataset %q has no setting %q",
		}, lacking[0], strings.TrimPrefix(key, KeyDataset+"."))
	case strings.HasPrefix(key, KeyModel+"."):
		return msgf(i18n.Text{
			KK: "«%s» моделінде «%s» баптауы жоқ (баптауларды «aisandbox models» көрсетеді)",
			RU: "у модели «%s» нет настройки «%s» (настройки показывает «aisandbox models»)",
			EN: "the model %q has no setting %q (\"aisandbox models\" lists them)",
		}, model, strings.TrimPrefix(key, KeyModel+"."))
	}
	return msgf(i18n.Text{
		KK: "«%s» деген баптау жоқ (деректер баптаулары dataset., модель баптаулары model. деп басталады)",
		RU: "настройки «%s» нет (настройки данных начинаются с dataset., настройки модели — с model.)",
		EN: "there is no setting %q (data settings start with dataset., model settings with model.)",
	}, key)
}

// presetValue checks what a preset does and decodes its value: a JSON
// number becomes a float64, a list a []any, an object a map[string]any.
func (v *validator) presetValue(p string, pr Preset) (any, bool) {
	if len(pr.Value) == 0 {
		if !pr.Locked && !pr.Hidden {
			v.add(p, msgf(i18n.Text{
				KK: "бұл баптау ештеңе істемейді: value, locked немесе hidden беріңіз, не оны алып тастаңыз",
				RU: "эта настройка ничего не делает: задайте value, locked или hidden либо уберите её",
				EN: "this preset does nothing: give it a value, locked or hidden, or remove it",
			}))
		}
		return nil, false
	}
	var val any
	dec := json.NewDecoder(bytes.NewReader(pr.Value))
	if err := dec.Decode(&val); err != nil {
		// Parse has checked the JSON; a value built in Go may be broken.
		v.add(p+".value", msgf(i18n.Text{
			KK: "мәнді оқу мүмкін емес: %s",
			RU: "значение не читается: %s",
			EN: "the value cannot be read: %s",
		}, err.Error()))
		return nil, false
	}
	if val == nil {
		v.add(p+".value", msgf(i18n.Text{
			KK: "мән null болмайды: ағымдағы мәнді қалдыру үшін value өрісін мүлде жазбаңыз",
			RU: "значение не может быть null: чтобы оставить текущее значение, уберите поле value",
			EN: "the value cannot be null: to keep the current value, leave value out",
		}))
		return nil, false
	}
	return val, true
}

func (v *validator) checkpoint(cp string, c *Checkpoint) {
	if !slices.Contains(CheckpointKinds, c.Kind) {
		v.oneOf(cp+".kind", string(c.Kind), strs(CheckpointKinds))
		return
	}
	notFor := func(field string, present bool) {
		if present {
			v.add(cp+"."+field, msgf(i18n.Text{
				KK: "%s түріндегі бақылау сұрағында %s өрісі қолданылмайды: оны алып тастаңыз",
				RU: "контрольный вопрос вида %s не использует поле %s: уберите его",
				EN: "a %s checkpoint does not use %s: remove it",
			}, string(c.Kind), field))
		}
	}
	switch c.Kind {
	case Choice:
		if len(c.Options) < 2 {
			v.add(cp+".options", msgf(i18n.Text{
				KK: "таңдау үшін кемінде екі жауап нұсқасы керек (қазір %d)",
				RU: "для выбора нужно хотя бы два варианта ответа (сейчас %d)",
				EN: "a choice needs at least two options (it has %d)",
			}, len(c.Options)))
		}
		if len(c.Correct) == 0 {
			v.add(cp+".correct", msgf(i18n.Text{
				KK: "дұрыс жауап белгіленбеген: correct тізіміне кемінде бір нұсқаның id-ін жазыңыз",
				RU: "правильный ответ не указан: впишите в correct id хотя бы одного варианта",
				EN: "no right answer is given: list the id of at least one option in correct",
			}))
		}
		for j, id := range c.Correct {
			p := index(cp+".correct", j)
			switch {
			case !slices.ContainsFunc(c.Options, func(o Option) bool { return o.ID == id }):
				v.add(p, msgf(i18n.Text{
					KK: "«%s» id-і бар жауап нұсқасы жоқ",
					RU: "варианта ответа с id «%s» нет",
					EN: "no option has the id %q",
				}, id))
			case slices.Contains(c.Correct[:j], id):
				v.add(p, msgf(msgDuplicate, id))
			}
		}
		notFor("answer", c.Answer != nil)
		notFor("tolerance", c.Tolerance != nil)
		notFor("relative", c.Relative)
		notFor("unit", c.Unit != nil)
		notFor("keywords", c.Keywords != nil)
	case Predict:
		if len(c.Options) == 1 {
			v.add(cp+".options", msgf(i18n.Text{
				KK: "болжам үшін не кемінде екі нұсқа, не мүлде нұсқа болмауы керек (сонда оқушы өзі жазады)",
				RU: "для предсказания нужно либо не меньше двух вариантов, либо ни одного (тогда ученик пишет сам)",
				EN: "a prediction needs at least two options, or none (then the student writes it)",
			}))
		}
		if c.Correct != nil {
			v.add(cp+".correct", msgf(i18n.Text{
				KK: "болжамның дұрыс жауабы жоқ: correct өрісін алып тастаңыз, ал не болатынын explanation өрісінде айтыңыз",
				RU: "у предсказания нет правильного ответа: уберите correct, а что происходит на самом деле, скажите в explanation",
				EN: "a prediction has no right answer: remove correct, and say what really happens in the explanation",
			}))
		}
		notFor("answer", c.Answer != nil)
		notFor("tolerance", c.Tolerance != nil)
		notFor("relative", c.Relative)
		notFor("unit", c.Unit != nil)
		notFor("keywords", c.Keywords != nil)
	case Number:
		if c.Answer == nil {
			v.add(cp+".answer", msgMissing)
		}
		switch {
		case c.Tolerance == nil:
			v.add(cp+".tolerance", msgf(i18n.Text{
				KK: "рұқсат етілген ауытқу жоқ: tolerance беріңіз (дәл сан үшін 0)",
				RU: "допуск не указан: задайте tolerance (0 — только точное число)",
				EN: "the tolerance is missing: give tolerance (0 for the exact number)",
			}))
		case *c.Tolerance < 0:
			v.add(cp+".tolerance", msgf(i18n.Text{
				KK: "ауытқу теріс болмайды (қазір %g)",
				RU: "допуск не может быть отрицательным (сейчас %g)",
				EN: "the tolerance cannot be negative (it is %g)",
			}, *c.Tolerance))
		case c.Relative && *c.Tolerance >= 1:
			v.add(cp+".tolerance", msgf(i18n.Text{
				KK: "салыстырмалы ауытқу — жауаптың үлесі: 0.05 дегеніміз 5 %%; %g тым көп жауапты дұрыс деп санайды",
				RU: "относительный допуск — доля ответа: 0.05 — это 5 %%; при %g верным считается почти любой ответ",
				EN: "a relative tolerance is a share of the answer: 0.05 is 5 %%; %g accepts almost anything",
			}, *c.Tolerance))
		case c.Relative && c.Answer != nil && *c.Answer == 0:
			v.add(cp+".relative", msgf(i18n.Text{
				KK: "жауап 0 болғанда салыстырмалы ауытқу тек дәл 0-ді қабылдайды: абсолюттік ауытқуды алыңыз",
				RU: "при ответе 0 относительный допуск принимает только точный 0: возьмите абсолютный допуск",
				EN: "with an answer of 0 a relative tolerance accepts only exactly 0: use an absolute tolerance",
			}))
		}
		notFor("options", c.Options != nil)
		notFor("correct", c.Correct != nil)
		notFor("keywords", c.Keywords != nil)
	case Text:
		notFor("options", c.Options != nil)
		notFor("correct", c.Correct != nil)
		notFor("answer", c.Answer != nil)
		notFor("tolerance", c.Tolerance != nil)
		notFor("relative", c.Relative)
		notFor("unit", c.Unit != nil)
	}
	for j, o := range c.Options {
		p := index(cp+".options", j) + ".id"
		v.id(p, o.ID)
		if o.ID != "" && slices.ContainsFunc(c.Options[:j], func(x Option) bool { return x.ID == o.ID }) {
			v.add(p, msgf(msgDuplicate, o.ID))
		}
	}
}

// texts checks every human text: written in every language, not blank,
// plain texts on one line without markup, markup that reads.
func (v *validator) texts() {
	for _, t := range v.a.texts() {
		missing := t.text.Missing()
		if len(missing) == len(i18n.All) {
			if !t.optional || t.text != (i18n.Text{}) {
				v.add(t.path, msgf(i18n.Text{
					KK: "мәтін жоқ: оны kk, ru және en тілдерінде жазыңыз",
					RU: "текста нет: напишите его на kk, ru и en",
					EN: "the text is missing: write it in kk, ru and en",
				}))
			}
			continue
		}
		for _, l := range missing {
			v.add(member(t.path, string(l)), msgf(i18n.Text{
				KK: "мәтін %s жазылмаған",
				RU: "нет текста на языке: %s",
				EN: "the %s text is missing",
			}, languageNames[l]))
		}
		for _, l := range i18n.All {
			s := textIn(t.text, l)
			if strings.TrimSpace(s) == "" {
				continue
			}
			p := member(t.path, string(l))
			if t.markup {
				if _, err := ParseMarkup(s); err != nil {
					v.add(p, markupProblem(err))
				}
				continue
			}
			if strings.ContainsAny(s, "\n\r") {
				v.add(p, msgf(i18n.Text{
					KK: "бұл мәтін бір жолда болсын",
					RU: "этот текст должен быть в одну строку",
					EN: "this text must be one line",
				}))
			}
			if strings.Contains(s, "**") {
				v.add(p, msgf(i18n.Text{
					KK: "бұл қарапайым мәтін: **қалың** мәтін тек нұсқауларда, сұрақтарда, түсіндірмелерде, кеңестер мен мұғалімге ескертпелерде болады",
					RU: "это простой текст: **жирный** бывает только в инструкциях, вопросах, объяснениях, подсказках и заметках для учителя",
					EN: "this is plain text: **bold** is only for instructions, questions, explanations, hints and teacher notes",
				}))
			}
		}
		if t.text.KK != "" && t.text.KK == t.text.RU && words(t.text.KK) >= 3 {
			v.add(member(t.path, "kk"), msgf(i18n.Text{
				KK: "қазақша мәтін орысшамен бірдей: аударылмай қалған жоқ па?",
				RU: "казахский текст совпадает с русским: не забыли перевести?",
				EN: "the Kazakh text is the same as the Russian: was it translated?",
			}))
		}
	}
}

// markupProblem says what is wrong with markup that ParseMarkup refused.
func markupProblem(err error) i18n.Text {
	var me *MarkupError
	if !errors.As(err, &me) {
		return msgf(i18n.Text{KK: "белгілеуде қате бар: %s", RU: "ошибка в разметке: %s", EN: "the markup is wrong: %s"}, err.Error())
	}
	if me.Empty {
		return msgf(i18n.Text{
			KK: "%d-азат жолда **** бар: бұл ішінде ештеңе жоқ қалың мәтін",
			RU: "в абзаце %d есть ****: это жирный текст, в котором ничего нет",
			EN: "paragraph %d has ****: bold text with nothing in it",
		}, me.Paragraph)
	}
	return msgf(i18n.Text{
		KK: "%d-азат жолда ** қалың мәтінді бастайды, бірақ азат жол біткенше екінші ** оны жаппайды (тек азат жолдар мен **қалың** мәтін болады)",
		RU: "в абзаце %d ** начинает жирный текст, но до конца абзаца его не закрывает второй ** (разметка — только абзацы и **жирный** текст)",
		EN: "in paragraph %d a ** starts bold text that no second ** closes before the paragraph ends (the markup is only paragraphs and **bold**)",
	}, me.Paragraph)
}

// words counts the words of s with at least two letters, so that
// formulas and numbers (the same in every language) are not counted.
func words(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		letters := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters >= 2 {
			n++
		}
	}
	return n
}
