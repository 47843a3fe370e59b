package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// listActivities prints the built-in activities, and those of --dir, or
// runs "activities check".
func listActivities(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "check" {
		return checkActivities(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("activities", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the list as JSON")
	lang := fs.String("lang", "en", "language of the titles: kk, ru or en")
	dir := fs.String("dir", "", "also list the activities in the files of `DIR`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("activities: unexpected argument %q (to check files: aisandbox activities check FILE|DIR...)", fs.Arg(0))
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("activities: unknown language %q (kk, ru or en)", *lang)
	}
	as, err := activities.Builtin()
	if err != nil {
		return err
	}
	var loadErrs []error
	if *dir != "" {
		own, errs := activities.LoadDir(*dir)
		activities.Sort(own)
		as, loadErrs = append(as, own...), errs
	}

	if *asJSON {
		type entry struct {
			ID        string             `json:"id"`
			Version   int                `json:"version"`
			Subject   activities.Subject `json:"subject"`
			Grades    []activities.Grade `json:"grades"`
			Minutes   int                `json:"minutes"`
			Languages []i18n.Lang        `json:"languages"`
			Title     i18n.Text          `json:"title"`
			Summary   i18n.Text          `json:"summary"`
			Steps     int                `json:"steps"`
			Builtin   bool               `json:"builtin"`
			File      string             `json:"file"`
		}
		list := []entry{}
		for _, a := range as {
			list = append(list, entry{
				ID: a.ID, Version: a.Version, Subject: a.Subject, Grades: a.Grades, Minutes: a.Minutes,
				Languages: a.Languages(), Title: a.Title, Summary: a.Summary, Steps: len(a.Steps),
				Builtin: isBuiltin(a), File: a.File(),
			})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(list); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		head := []i18n.Text{
			{KK: "ID", RU: "ID", EN: "ID"},
			{KK: "ПӘН", RU: "ПРЕДМЕТ", EN: "SUBJECT"},
			{KK: "СЫНЫПТАР", RU: "КЛАССЫ", EN: "GRADES"},
			{KK: "МИНУТ", RU: "МИНУТ", EN: "MINUTES"},
			{KK: "ТІЛДЕР", RU: "ЯЗЫКИ", EN: "LANGUAGES"},
			{KK: "АТАУЫ", RU: "НАЗВАНИЕ", EN: "TITLE"},
		}
		if *dir != "" {
			head = append(head, i18n.Text{KK: "ФАЙЛ", RU: "ФАЙЛ", EN: "FILE"})
		}
		row := make([]string, len(head))
		for i, h := range head {
			row[i] = h.In(l)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
		for _, a := range as {
			langs := make([]string, 0, 3)
			for _, x := range a.Languages() {
				langs = append(langs, string(x))
			}
			grades := make([]string, len(a.Grades))
			for i, g := range a.Grades {
				grades[i] = string(g)
			}
			row := []string{a.ID, string(a.Subject), strings.Join(grades, ","), fmt.Sprint(a.Minutes),
				strings.Join(langs, ","), a.Title.In(l)}
			if *dir != "" {
				f := a.File()
				if isBuiltin(a) {
					f = "-"
				}
				row = append(row, f)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(loadErrs) > 0 {
		for _, err := range loadErrs {
			var ps activities.Problems
			if errors.As(err, &ps) {
				for _, p := range ps {
					fmt.Fprintln(stderr, p.In(l))
				}
				continue
			}
			fmt.Fprintln(stderr, err)
		}
		fmt.Fprintln(stderr, msgf(i18n.Text{
			KK: "%[1]s ішінде оқылмаған файлдар: %[2]d. Барлық қатені «aisandbox activities check %[1]s» көрсетеді.",
			RU: "Не прочитано файлов в %[1]s: %[2]d. Все ошибки покажет «aisandbox activities check %[1]s».",
			EN: "Files in %[1]s that could not be read: %[2]d. \"aisandbox activities check %[1]s\" shows every problem.",
		}, l, *dir, len(loadErrs)))
		return errReported
	}
	return nil
}

// serveActivities returns the activities a server offers: the built-in
// ones and, when dir is not "", those in the files of dir, all validated
// against cat. A file of dir that cannot be read or has a problem stops
// the server from starting: every problem is printed to stderr with its
// place, as "aisandbox activities check" prints it, and the error says
// what to do. A built-in activity with a problem (the tests rule that out;
// it can happen while one is being written) is left out with a warning in
// the log.
func serveActivities(dir string, cat sandbox.Catalog, stderr io.Writer, logger *slog.Logger) ([]*activities.Activity, error) {
	builtin, err := activities.Builtin()
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	var own []*activities.Activity
	var loadErrs []error
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("serve: --activities %s is not a folder", dir)
		}
		own, loadErrs = activities.LoadDir(dir)
		activities.Sort(own)
	}
	all := append(slices.Clone(builtin), own...)
	problems := activities.ValidateSet(all, activityCatalog{cat})
	ownFiles := map[string]bool{}
	for _, a := range own {
		ownFiles[a.File()] = true
	}
	badBuiltin := map[string]bool{}
	var ownProblems []activities.Problem
	for _, p := range problems {
		if !ownFiles[p.File] {
			badBuiltin[p.File] = true
			logger.Warn("a built-in activity has a problem and is left out", "problem", p.String())
			continue
		}
		ownProblems = append(ownProblems, p)
	}
	if n := len(loadErrs) + len(ownProblems); n > 0 {
		for _, err := range loadErrs {
			var ps activities.Problems
			if errors.As(err, &ps) {
				for _, p := range ps {
					fmt.Fprintln(stderr, p.String())
				}
				continue
			}
			fmt.Fprintln(stderr, err)
		}
		for _, p := range ownProblems {
			fmt.Fprintln(stderr, p.String())
		}
		return nil, fmt.Errorf("serve: the activities in %s have problems (listed above): fix them, check them with \"aisandbox activities check %s\", and start the server again", dir, dir)
	}
	if dir != "" && len(own) == 0 {
		logger.Warn("no activity files (*.json) in the --activities folder", "dir", dir)
	}
	out := own
	for _, a := range builtin {
		if !badBuiltin[a.File()] {
			out = append(out, a)
		}
	}
	activities.Sort(out)
	return out, nil
}

// isBuiltin reports whether a is one of the embedded activities.
func isBuiltin(a *activities.Activity) bool {
	_, ok := activities.BuiltinSource(a.File())
	return ok
}

// checkActivities checks activity files and folders and prints every
// problem; it fails (exit status 1) when there is any.
func checkActivities(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("activities check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the problems as JSON")
	lang := fs.String("lang", "en", "language of the messages: kk, ru or en")
	// Flags may come before, between or after the files.
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		paths, args = append(paths, fs.Arg(0)), fs.Args()[1:]
	}
	if len(paths) == 0 {
		fs.Usage()
		return errors.New("activities check: name the files or folders to check")
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return fmt.Errorf("activities check: unknown language %q (kk, ru or en)", *lang)
	}

	cat := activityCatalog{sandbox.New(sandbox.Config{}).Catalog()}
	var names []string
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			files, err := activities.Files(p)
			if err != nil {
				return err
			}
			names = append(names, files...)
			continue
		}
		names = append(names, p) // a file, or a path CheckFile reports
	}
	names = dedupe(names)
	var (
		problems []activities.Problem
		given    []*activities.Activity
	)
	for _, name := range names {
		a, ps := activities.CheckFile(name, cat)
		problems = append(problems, ps...)
		if a != nil {
			given = append(given, a)
		}
	}
	// The ids of the built-in activities are taken, as they are served
	// next to these; a built-in activity given itself (the same bytes, as
	// when checking the built-in folder) does not clash with itself.
	builtin, err := activities.Builtin()
	if err != nil {
		return err
	}
	var set []*activities.Activity
	for _, b := range builtin {
		src, _ := activities.BuiltinSource(b.File())
		if !slices.ContainsFunc(given, func(a *activities.Activity) bool {
			data, err := os.ReadFile(a.File())
			return err == nil && bytes.Equal(data, src)
		}) {
			set = append(set, b)
		}
	}
	problems = append(problems, activities.DuplicateIDs(append(set, given...))...)
	files := len(names)
	order := map[string]int{}
	for i, name := range names {
		order[name] = i
	}
	slices.SortStableFunc(problems, func(p, q activities.Problem) int {
		if d := order[p.File] - order[q.File]; d != 0 {
			return d
		}
		if p.Line != q.Line {
			return p.Line - q.Line
		}
		return p.Column - q.Column
	})

	bad := map[string]bool{}
	for _, p := range problems {
		bad[p.File] = true
	}
	if *asJSON {
		out := struct {
			Files    int                  `json:"files"`
			Problems []activities.Problem `json:"problems"`
		}{files, problems}
		if out.Problems == nil {
			out.Problems = []activities.Problem{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		if len(problems) > 0 {
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, i18n.Text{KK: "ҚАЙДА\tJSON ЖОЛЫ\tҚАТЕ", RU: "ГДЕ\tПУТЬ\tПРОБЛЕМА", EN: "WHERE\tPATH\tPROBLEM"}.In(l))
			for _, p := range problems {
				path := p.Path
				if path == "" {
					path = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Place(), path, p.Message.In(l))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(stdout, msgf(i18n.Text{
				KK: "Тексерілген файлдар: %d, қатесі барлары: %d. Қателер саны: %d.",
				RU: "Проверено файлов: %d, с проблемами: %d. Проблем: %d.",
				EN: "Files checked: %d, with problems: %d. Problems: %d.",
			}, l, files, len(bad), len(problems)))
		} else {
			fmt.Fprintln(stdout, msgf(i18n.Text{
				KK: "Тексерілген файлдар: %d. Қате жоқ.",
				RU: "Проверено файлов: %d. Проблем нет.",
				EN: "Files checked: %d. No problems.",
			}, l, files))
		}
	}
	if len(problems) > 0 {
		return errReported
	}
	return nil
}

// dedupe drops the names of files already named (twice, or as a file and
// within its folder).
func dedupe(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, name := range names {
		key, err := filepath.Abs(name)
		if err != nil {
			key = filepath.Clean(name)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	return out
}

// msgf formats a message in language l.
func msgf(t i18n.Text, l i18n.Lang, args ...any) string {
	return fmt.Sprintf(t.In(l), args...)
}

// activityCatalog adapts the sandbox's catalog to what activities.Validate
// asks: which datasets, models and settings exist, the values each
// setting takes, and which models learn from which datasets.
type activityCatalog struct{ c sandbox.Catalog }

func (a activityCatalog) Dataset(name string) bool { _, ok := a.c.Dataset(name); return ok }
func (a activityCatalog) Model(name string) bool   { _, ok := a.c.Model(name); return ok }

func (a activityCatalog) Learns(model, dataset string) bool {
	m, ok1 := a.c.Model(model)
	d, ok2 := a.c.Dataset(dataset)
	return ok1 && ok2 && m.Learns(d.Kind)
}

// trainingKeys are the settings of a training run besides its dataset
// and model, as sandbox.TrainSpec has them and its errors name them.
var trainingKeys = []string{"test_split", "validation_split", "attributes", "drop", "mitigation", "mitigate_by"}

func (a activityCatalog) Setting(dataset, model, key string) bool {
	if slices.Contains(trainingKeys, key) {
		return true
	}
	_, ok := a.Range(dataset, model, key)
	return ok
}

func (a activityCatalog) Range(dataset, model, key string) (activities.Range, bool) {
	d, hasD := a.c.Dataset(dataset)
	m, hasM := a.c.Model(model)
	if name, ok := strings.CutPrefix(key, "dataset."); ok && hasD {
		i := slices.IndexFunc(d.Settings, func(s sandbox.Setting) bool { return s.Name == name })
		if i < 0 {
			return activities.Range{}, false
		}
		return settingRange(d.Settings[i]), true
	}
	if name, ok := strings.CutPrefix(key, "model."); ok && hasM {
		s, ok := m.Setting(name)
		if !ok {
			return activities.Range{}, false
		}
		return settingRange(s), true
	}
	attrs := func() []string {
		var names []string
		for _, at := range d.Attributes {
			names = append(names, at.Name)
		}
		return names
	}
	switch key {
	case "test_split":
		return settingRange(a.c.TestSplit), true
	case "validation_split":
		return settingRange(a.c.ValidationSplit), true
	case "attributes":
		if hasD {
			return activities.Range{Type: activities.StringsValue, MaxLen: len(d.Attributes), Choices: attrs()}, true
		}
	case activities.KeyTrainGroup:
		if hasD {
			g := make(map[string][]string, len(d.Attributes))
			for _, at := range d.Attributes {
				g[at.Name] = slices.Clone(at.Values)
			}
			return activities.Range{Type: activities.GroupValue, Groups: g}, true
		}
	case "drop":
		if hasD {
			return activities.Range{Type: activities.StringsValue, MaxLen: len(d.Features), Choices: slices.Clone(d.Features)}, true
		}
	case "mitigation":
		if hasM {
			return activities.Range{Type: activities.ChoiceValue, Choices: append([]string{""}, m.Mitigations...)}, true
		}
	case "mitigate_by":
		if hasD {
			return activities.Range{Type: activities.ChoiceValue, Choices: attrs()}, true
		}
	}
	return activities.Range{}, false
}

// settingRange turns a sandbox setting into the values it takes.
func settingRange(s sandbox.Setting) activities.Range {
	r := activities.Range{Min: s.Min, Max: s.Max, MinLen: s.MinLen, MaxLen: s.MaxLen, Choices: slices.Clone(s.Choices)}
	switch s.Type {
	case sandbox.Int:
		r.Type = activities.IntValue
	case sandbox.Float:
		r.Type = activities.FloatValue
	case sandbox.Choice:
		r.Type = activities.ChoiceValue
	case sandbox.Ints:
		r.Type = activities.IntsValue
	default:
		r.Type = activities.ValueType(s.Type)
	}
	return r
}
