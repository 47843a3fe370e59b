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

	// Evaluation and bias probing (evaluate.go, probe.go, mitigate.go).

	// CodeUnknownAttribute: the dataset has no attribute (group column)
	// of that name. Params: "name".
	CodeUnknownAttribute = "unknown_attribute"
	// CodeUnknownFeature: the dataset has no feature column of that name
	// (to leave out, or to probe as a proxy). Params: "name".
	CodeUnknownFeature = "unknown_feature"
	// CodeNoFeatures: leaving out the features asked for would leave the
	// model nothing to learn from.
	CodeNoFeatures = "no_features"
	// CodeMitigationUnsupported: the mitigation cannot be used with this
	// model or data. Params: "mitigation" ("reweight" or "resample"),
	// "model" (the family's title, i18n.Text) and "reason": "weights" (the
	// model cannot weigh examples: reweight needs mlp or logistic),
	// "not_classification" (only class labels can be balanced) or
	// "no_attributes" (the data has no group to balance).
	CodeMitigationUnsupported = "mitigation_unsupported"
	// CodeUnknownClass: the data has no class of that name (e.g. the class
	// called positive). Params: "name".
	CodeUnknownClass = "unknown_class"
	// CodeNeedsBinary: decision thresholds need a task with exactly two
	// classes. Params: "classes" (how many the task has).
	CodeNeedsBinary = "needs_binary"
	// CodeNotEvaluable: the run's model has no test answers to score (a
	// language model writes text). Params: "model" (i18n.Text).
	CodeNotEvaluable = "not_evaluable"
	// CodeProbeUnsupported: the probe cannot be run on this run's model or
	// data. Params: "kind" (the probe) and "reason", one of:
	// "not_table" (an attribute probe needs a table classifier),
	// "not_text" (a text probe needs a text classifier),
	// "no_templates" (no probe sentences in the corpus's language),
	// "no_backgrounds" (a background probe needs pictures that know where
	// their figure is: the shapes-bg set),
	// "not_regression" (an extrapolation probe needs a regression model),
	// "no_formula" (... on data whose formula is known),
	// "two_values" (the attribute to switch must have exactly two values),
	// "empty_group" (a group has no training rows, so it has no median of
	// the proxy to give the other).
	CodeProbeUnsupported = "probe_unsupported"
	// CodeGroupTooSmall: the training part holds too few rows of the group
	// TrainSpec.TrainGroup asks for. Params: "attribute", "value", "rows"
	// (how many it holds) and "min" (how many it needs).
	CodeGroupTooSmall = "group_too_small"
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

// Classroom and scheduler codes (class.go, sched.go).
const (
	// CodeUnknownCode: no class has that join code. Params: "code".
	CodeUnknownCode = "unknown_code"
	// CodeClassFull: the class has as many students as it takes. Params:
	// "limit".
	CodeClassFull = "class_full"
	// CodeNicknameTaken: another student of the class has that nickname
	// (compared without case). Params: "nickname".
	CodeNicknameTaken = "nickname_taken"
	// CodeBadNickname: a nickname must be 1 to 24 letters, digits, spaces,
	// hyphens or underscores. Params: "min", "max".
	CodeBadNickname = "bad_nickname"
	// CodeClassEnded: the teacher has ended the class.
	CodeClassEnded = "class_ended"
	// CodeNotTeacher: the action needs the class's teacher secret.
	CodeNotTeacher = "not_teacher"
	// CodeRemoved: the teacher removed this student from the class.
	CodeRemoved = "removed"
	// CodeBadToken: the rejoin token belongs to no student.
	CodeBadToken = "bad_token"
	// CodeUnknownStudent: the class has no student with that ID. Params:
	// "student".
	CodeUnknownStudent = "unknown_student"
	// CodeLimitParams: the model has more parameters than one run may
	// have. Params: "limit", "params".
	CodeLimitParams = "limit_params"
	// CodeLimitEpochs: more epochs than one run may take. Params: "limit".
	CodeLimitEpochs = "limit_epochs"
	// CodeLimitRows: more examples than one run may use. Params: "limit".
	CodeLimitRows = "limit_rows"
	// CodeLimitTime: the run trained longer than one run may, and was
	// stopped. Params: "limit" (seconds).
	CodeLimitTime = "limit_time"
)
