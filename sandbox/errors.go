package sandbox

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

// Error codes. They are stable: the web layer translates them and pages may
// act on them. docs/protocol.md lists them with their meaning.
const (
	CodeMissingField   = "missing_field"
	CodeBadField       = "bad_field"
	CodeOutOfRange     = "out_of_range"
	CodeBadChoice      = "bad_choice"
	CodeUnknownDataset = "unknown_dataset"
	CodeUnknownModel   = "unknown_model"
	CodeIncompatible   = "incompatible"
	CodeUnknownRun     = "unknown_run"
	CodeRunExists      = "run_exists"
	CodeNotReady       = "not_ready"
	CodeTooManyRuns    = "too_many_runs"
	CodeDiverged       = "diverged"
	CodeShuttingDown   = "shutting_down"
	CodeInternal       = "internal"
)

// Error is an error a person can act on: a stable Code, the Field at fault
// and the Params a message about it needs. Its Error method gives an English
// sentence for logs and the command line; the web layer translates by Code.
//
// Params values are numbers, strings, or i18n.Text (a label to show in the
// reader's language). Err, when set, is the underlying cause: it is logged,
// never shown to students.
type Error struct {
	Code   string
	Field  string
	Params map[string]any
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sandbox: ")
	b.WriteString(e.Code)
	if e.Field != "" {
		fmt.Fprintf(&b, " (%s)", e.Field)
	}
	keys := make([]string, 0, len(e.Params))
	for k := range e.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := e.Params[k]
		if t, ok := v.(i18n.Text); ok {
			v = t.EN
		}
		fmt.Fprintf(&b, " %s=%v", k, v)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the Code of the first *Error in err's chain, or
// CodeInternal when there is none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

func errorf(code, field string, params map[string]any) *Error {
	return &Error{Code: code, Field: field, Params: params}
}
