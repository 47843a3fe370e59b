package activities

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

//go:embed builtin/*.json
var builtinFS embed.FS

// Builtin returns the activities embedded in the program, sorted by
// subject (in the order of Subjects) and then by id. An error means an
// embedded file does not parse: the tests rule that out.
func Builtin() ([]*Activity, error) {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		return nil, fmt.Errorf("activities: built-in activities: %w", err)
	}
	var as []*Activity
	var errs []error
	for _, e := range entries {
		name := path.Join("builtin", e.Name())
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("activities: %w", err))
			continue
		}
		a, err := Parse(data, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		as = append(as, a)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	Sort(as)
	return as, nil
}

// BuiltinSource returns the embedded JSON of the built-in activity that
// was parsed with the given name (its File), and false when there is none.
func BuiltinSource(name string) ([]byte, bool) {
	data, err := builtinFS.ReadFile(name)
	return data, err == nil
}

// Sort sorts activities by subject, in the order of Subjects, and then by
// id.
func Sort(as []*Activity) {
	rank := func(s Subject) int {
		if i := slices.Index(Subjects, s); i >= 0 {
			return i
		}
		return len(Subjects)
	}
	slices.SortStableFunc(as, func(a, b *Activity) int {
		if d := rank(a.Subject) - rank(b.Subject); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// MaxFileSize is the largest activity file LoadDir reads, in bytes: a
// 45-minute activity in three languages is about 30 KB.
const MaxFileSize = 1 << 20

// LoadDir reads the activities in the files of dir (see Files), in name
// order. It returns those that parse, and an error for each file that
// does not (a Problems, for one whose JSON is wrong) or that cannot be
// read. It does not validate: see Validate and ValidateSet.
func LoadDir(dir string) ([]*Activity, []error) {
	names, err := Files(dir)
	if err != nil {
		return nil, []error{err}
	}
	var as []*Activity
	var errs []error
	for _, name := range names {
		a, err := LoadFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		as = append(as, a)
	}
	return as, errs
}

// Files lists the activity files of dir, in name order: those whose names
// end in ".json", in any case, and do not start with "." (editors'
// temporary files); subdirectories are not read.
func Files(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".json") {
			continue
		}
		names = append(names, filepath.Join(dir, name))
	}
	return names, nil
}

// LoadFile reads and parses one activity file of at most MaxFileSize
// bytes.
func LoadFile(name string) (*Activity, error) {
	data, err := readFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(data, name)
}

// CheckFile reads one activity file and checks it as Check does; a file
// that cannot be read is reported as a problem of the whole file.
func CheckFile(name string, cat Catalog) (*Activity, []Problem) {
	data, err := readFile(name)
	if err != nil {
		return nil, []Problem{{File: name, Message: msgf(i18n.Text{
			KK: "файлды оқу мүмкін болмады: %s",
			RU: "файл не удалось прочитать: %s",
			EN: "the file could not be read: %s",
		}, strings.TrimPrefix(err.Error(), "activities: "))}}
	}
	return Check(data, name, cat)
}

// readFile reads a file of at most MaxFileSize bytes.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("activities: %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("activities: %s is larger than %d bytes: is it an activity?", name, MaxFileSize)
	}
	return data, nil
}
