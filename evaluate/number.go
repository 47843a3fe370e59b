package evaluate

// This file holds the two kinds of result every score is made of, a counted
// share (Rate) and a derived number that may be undefined (Number), and the
// Wilson interval of a share.

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Why codes say why a Number is not defined. They are stable strings meant
// for programs (the web page translates them); new codes may be added.
const (
	// WhyNotDefined is the code of a Number nobody explained (the zero Number).
	WhyNotDefined = "not_defined"
	// WhyNoExamples: nothing was counted at all (macro F1 or accuracy of no
	// examples, mean change of no pairs).
	WhyNoExamples = "no_examples"
	// WhyEmptyGroup: the group has no examples, so its accuracy, base rate
	// and selection rate are shares of nothing.
	WhyEmptyGroup = "empty_group"
	// WhyNoPositives: there are no truly positive examples, so recall, TPR
	// and FNR (shares of the positives) are not defined.
	WhyNoPositives = "no_positives"
	// WhyNoNegatives: there are no truly negative examples, so FPR (a share
	// of the negatives) is not defined.
	WhyNoNegatives = "no_negatives"
	// WhyNoPredictedPositives: the model never predicted the class, so
	// precision (a share of its predictions) is not defined.
	WhyNoPredictedPositives = "no_predicted_positives"
	// WhyClassAbsent: the class occurs neither in the truth nor in the
	// predictions, so its F1 is not defined.
	WhyClassAbsent = "class_absent"
	// WhyFewerThanTwoGroups: a gap needs the rate in at least two groups.
	WhyFewerThanTwoGroups = "fewer_than_two_groups"
	// WhyZeroSelection: no group was selected at all (the highest selection
	// rate is 0), so the ratio min/max is 0/0.
	WhyZeroSelection = "zero_selection"
	// WhyNoProbabilities: the model gave decisions without probabilities, so
	// a change of probability cannot be measured.
	WhyNoProbabilities = "no_probabilities"
	// WhyNotFinite: a computed value overflowed to ±Inf or became NaN; it is
	// shown as undefined rather than as a wrong number.
	WhyNotFinite = "not_finite"
)

// Rate is a share Num/Den of counted examples, e.g. the true-positive rate
// 7/9. It is not defined when Den is 0 (or, for a malformed Rate, negative).
type Rate struct {
	Num int // examples counted in the share, e.g. positives found
	Den int // examples the share is taken of, e.g. all positives
}

// Value returns Num/Den, a number in [0,1] for a well-formed rate; ok is
// false when the rate is not defined (Den ≤ 0), and v is then 0.
func (r Rate) Value() (v float64, ok bool) {
	if r.Den <= 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Number turns the rate into a Number, undefined with the code why when the
// rate is not defined (see the package comment for the code of each rate).
func (r Rate) Number(why string) Number {
	v, ok := r.Value()
	if !ok {
		return undefined(why)
	}
	return Number{Value: v, Defined: true}
}

// String shows the rate as "7/9 = 0.778", or "0/0 (not defined)".
func (r Rate) String() string {
	v, ok := r.Value()
	if !ok {
		return fmt.Sprintf("%d/%d (not defined)", r.Num, r.Den)
	}
	return fmt.Sprintf("%d/%d = %.3f", r.Num, r.Den, v)
}

// rateJSON is the wire form of a Rate; Value is nil when undefined.
type rateJSON struct {
	Num   int      `json:"num"`
	Den   int      `json:"den"`
	Value *float64 `json:"value"`
}

// MarshalJSON writes {"num":7,"den":9,"value":0.7777777777777778}, with
// "value":null when the rate is not defined.
func (r Rate) MarshalJSON() ([]byte, error) {
	w := rateJSON{Num: r.Num, Den: r.Den}
	if v, ok := r.Value(); ok {
		w.Value = &v
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes; the value is recomputed from
// num and den, so a "value" that disagrees with them is ignored.
func (r *Rate) UnmarshalJSON(b []byte) error {
	var w rateJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("evaluate: rate: %w", err)
	}
	*r = Rate{Num: w.Num, Den: w.Den}
	return nil
}

// Number is a derived score (F1, a gap, a ratio) that may be undefined.
// The zero Number is undefined.
type Number struct {
	Value   float64 // the score when Defined; 0 otherwise
	Defined bool    // false when the score cannot be computed
	Why     string  // when !Defined, a Why code (WhyNoPositives, ...)
}

// undefined returns an undefined Number with the code why.
func undefined(why string) Number { return Number{Why: why} }

// defined returns a defined Number of value v.
func defined(v float64) Number { return Number{Value: v, Defined: true} }

// ok reports whether n holds a usable, finite value.
func (n Number) ok() bool {
	return n.Defined && !math.IsNaN(n.Value) && !math.IsInf(n.Value, 0)
}

// why returns the code to show for an unusable n.
func (n Number) why() string {
	switch {
	case n.Defined:
		return WhyNotFinite
	case n.Why == "":
		return WhyNotDefined
	default:
		return n.Why
	}
}

// String shows the number with three decimals, or "not defined (why)".
func (n Number) String() string {
	if !n.ok() {
		return "not defined (" + n.why() + ")"
	}
	return strconv.FormatFloat(n.Value, 'f', 3, 64)
}

// numberJSON is the wire form of a Number.
type numberJSON struct {
	Value *float64 `json:"value"`
	Why   string   `json:"why,omitempty"`
}

// MarshalJSON writes {"value":x} or {"value":null,"why":"no_positives"}. A
// Number marked Defined whose value is NaN or infinite is written as
// undefined with WhyNotFinite, so the JSON never holds NaN.
func (n Number) MarshalJSON() ([]byte, error) {
	if !n.ok() {
		return json.Marshal(numberJSON{Why: n.why()})
	}
	v := n.Value
	return json.Marshal(numberJSON{Value: &v})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (n *Number) UnmarshalJSON(b []byte) error {
	var w numberJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("evaluate: number: %w", err)
	}
	if w.Value == nil {
		why := w.Why
		if why == "" {
			why = WhyNotDefined
		}
		*n = undefined(why)
		return nil
	}
	*n = defined(*w.Value)
	return nil
}

// Interval is a confidence interval of a share, both ends in [0,1] and
// Low ≤ High.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Wilson returns the Wilson score interval of the share successes/n for the
// normal quantile z (1.96 for 95 %, 2.576 for 99 %); the formula is in the
// package comment. ok is false when n is 0, and also when the inputs make
// no sense (n or successes negative, successes > n, z negative or not
// finite). Unlike p ± z·√(p(1−p)/n), it never leaves [0,1] and does not
// shrink to a single point at 0/n or n/n.
func Wilson(successes, n int, z float64) (Interval, bool) {
	if n <= 0 || successes < 0 || successes > n || z < 0 || math.IsNaN(z) || math.IsInf(z, 0) {
		return Interval{}, false
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z * z
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	// Clamp: rounding can put an end a hair outside [0,1] (at 0/n the
	// centre and the half-width are equal in exact arithmetic).
	low := max(0, centre-half)
	high := min(1, centre+half)
	if successes == 0 {
		low = 0
	}
	if successes == n {
		high = 1
	}
	return Interval{Low: low, High: high}, true
}
