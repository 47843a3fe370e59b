package evaluate

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// near reports whether a and b differ by at most tol.
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRateValue(t *testing.T) {
	tests := []struct {
		r      Rate
		want   float64
		wantOK bool
		str    string
	}{
		{Rate{7, 9}, 7.0 / 9, true, "7/9 = 0.778"},
		{Rate{0, 4}, 0, true, "0/4 = 0.000"},
		{Rate{4, 4}, 1, true, "4/4 = 1.000"},
		{Rate{0, 0}, 0, false, "0/0 (not defined)"},
		{Rate{1, -2}, 0, false, "1/-2 (not defined)"}, // malformed: never defined
	}
	for _, tt := range tests {
		v, ok := tt.r.Value()
		if ok != tt.wantOK || v != tt.want {
			t.Errorf("%#v.Value() = %v, %v; want %v, %v", tt.r, v, ok, tt.want, tt.wantOK)
		}
		if s := tt.r.String(); s != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.r, s, tt.str)
		}
	}
}

func TestRateNumber(t *testing.T) {
	if n := (Rate{3, 4}).Number(WhyNoPositives); !n.Defined || n.Value != 0.75 || n.Why != "" {
		t.Errorf("Rate{3,4}.Number = %#v, want defined 0.75", n)
	}
	if n := (Rate{0, 0}).Number(WhyNoPositives); n.Defined || n.Why != WhyNoPositives || n.Value != 0 {
		t.Errorf("Rate{0,0}.Number = %#v, want undefined %q", n, WhyNoPositives)
	}
}

func TestNumberString(t *testing.T) {
	tests := []struct {
		n    Number
		want string
	}{
		{defined(0.25), "0.250"},
		{undefined(WhyZeroSelection), "not defined (zero_selection)"},
		{Number{}, "not defined (not_defined)"},
		{Number{Value: math.Inf(1), Defined: true}, "not defined (not_finite)"},
	}
	for _, tt := range tests {
		if got := tt.n.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"rate", Rate{7, 9}, `{"num":7,"den":9,"value":0.7777777777777778}`},
		{"empty rate", Rate{0, 0}, `{"num":0,"den":0,"value":null}`},
		{"number", defined(0.5), `{"value":0.5}`},
		{"zero value is still a value", defined(0), `{"value":0}`},
		{"undefined", undefined(WhyNoPositives), `{"value":null,"why":"no_positives"}`},
		{"zero Number", Number{}, `{"value":null,"why":"not_defined"}`},
		{"NaN marked defined", Number{Value: math.NaN(), Defined: true}, `{"value":null,"why":"not_finite"}`},
		{"Inf marked defined", Number{Value: math.Inf(-1), Defined: true}, `{"value":null,"why":"not_finite"}`},
		{"interval", Interval{Low: 0.25, High: 0.5}, `{"low":0.25,"high":0.5}`},
		{"flips", Flips{Count: 1, Total: 2, MeanChange: undefined(WhyNoProbabilities)},
			`{"count":1,"total":2,"mean_change":{"value":null,"why":"no_probabilities"}}`},
		// An empty group: every rate is null, never NaN.
		{"empty group", cells{}.metrics("village"),
			`{"group":"village","count":0,` +
				`"base_rate":{"num":0,"den":0,"value":null},` +
				`"selection_rate":{"num":0,"den":0,"value":null},` +
				`"accuracy":{"num":0,"den":0,"value":null},` +
				`"tpr":{"num":0,"den":0,"value":null},` +
				`"fpr":{"num":0,"den":0,"value":null},` +
				`"fnr":{"num":0,"den":0,"value":null}}`},
		{"gaps of nothing", GapsOf(nil),
			`{"demographic_parity_diff":{"value":null,"why":"fewer_than_two_groups"},` +
				`"demographic_parity_ratio":{"value":null,"why":"fewer_than_two_groups"},` +
				`"equal_opportunity_diff":{"value":null,"why":"fewer_than_two_groups"},` +
				`"equalized_odds_diff":{"value":null,"why":"fewer_than_two_groups"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := struct {
		R Rate
		E Rate
		N Number
		U Number
	}{Rate{3, 8}, Rate{0, 0}, defined(-0.125), undefined(WhyEmptyGroup)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := in
	out.R, out.E, out.N, out.U = Rate{}, Rate{5, 5}, Number{}, defined(1)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip of %s gave %#v, want %#v", b, out, in)
	}
	var n Number
	if err := json.Unmarshal([]byte(`{"value":null}`), &n); err != nil || n.Defined || n.Why != WhyNotDefined {
		t.Errorf(`{"value":null} read as %#v, %v; want undefined %q`, n, err, WhyNotDefined)
	}
	if err := json.Unmarshal([]byte(`{"value":"x"}`), &n); err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
		t.Errorf("bad number JSON: error %v, want one starting with evaluate:", err)
	}
	var r Rate
	if err := json.Unmarshal([]byte(`{"num":"x"}`), &r); err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
		t.Errorf("bad rate JSON: error %v, want one starting with evaluate:", err)
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		name        string
		s, n        int
		z           float64
		low, high   float64
		tol         float64
		wantOK      bool
		pointAtRate bool // z = 0: the interval is the single point s/n
	}{
		// Values given with the design, to three decimals; they
		// follow from the formula in the package comment by hand:
		// 8/10: centre 0.99208/1.38416 = 0.7167, half 1.41602·0.16001 = 0.2266.
		{"8/10", 8, 10, 1.96, 0.490, 0.943, 5e-4, true, false},
		// 0/10: centre = half = 0.19208/1.38416 = 0.1388, high 0.2775.
		{"0/10", 0, 10, 1.96, 0, 0.278, 5e-4, true, false},
		// Newcombe R.G. (1998) "Two-sided confidence intervals for the
		// single proportion: comparison of seven methods", Statistics in
		// Medicine 17:857-872, its worked examples for method 3 (Wilson
		// score, no continuity correction), to four decimals.
		{"81/263", 81, 263, 1.96, 0.2553, 0.3662, 5e-5, true, false},
		{"15/148", 15, 148, 1.96, 0.0624, 0.1605, 5e-5, true, false},
		{"0/20", 0, 20, 1.96, 0, 0.1611, 5e-5, true, false},
		{"1/29", 1, 29, 1.96, 0.0061, 0.1718, 5e-5, true, false},
		// All successes mirror no successes: 10/10 is [1−0.2775, 1].
		{"10/10", 10, 10, 1.96, 1 - 0.2775, 1, 5e-5, true, false},
		{"z=0 is the point 3/4", 3, 4, 0, 0.75, 0.75, 0, true, true},
		{"n=0", 0, 0, 1.96, 0, 0, 0, false, false},
		{"negative n", 0, -3, 1.96, 0, 0, 0, false, false},
		{"more successes than n", 11, 10, 1.96, 0, 0, 0, false, false},
		{"negative successes", -1, 10, 1.96, 0, 0, 0, false, false},
		{"negative z", 5, 10, -1.96, 0, 0, 0, false, false},
		{"NaN z", 5, 10, math.NaN(), 0, 0, 0, false, false},
		{"infinite z", 5, 10, math.Inf(1), 0, 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv, ok := Wilson(tt.s, tt.n, tt.z)
			if ok != tt.wantOK {
				t.Fatalf("Wilson(%d, %d, %v) ok = %v, want %v", tt.s, tt.n, tt.z, ok, tt.wantOK)
			}
			if !ok {
				if iv != (Interval{}) {
					t.Errorf("not ok but interval %v", iv)
				}
				return
			}
			if !near(iv.Low, tt.low, tt.tol) || !near(iv.High, tt.high, tt.tol) {
				t.Errorf("Wilson(%d, %d, %v) = [%.5f, %.5f], want [%.4f, %.4f] ± %g", tt.s, tt.n, tt.z, iv.Low, iv.High, tt.low, tt.high, tt.tol)
			}
		})
	}
}

// Every interval stays in [0,1], holds the measured share, and widens with
// z; 0/n starts at exactly 0 and n/n ends at exactly 1.
func TestWilsonBounds(t *testing.T) {
	for n := 1; n <= 40; n++ {
		for s := 0; s <= n; s++ {
			p := float64(s) / float64(n)
			a, ok1 := Wilson(s, n, 1.96)
			b, ok2 := Wilson(s, n, 2.576)
			if !ok1 || !ok2 {
				t.Fatalf("Wilson(%d, %d) not ok", s, n)
			}
			if a.Low < 0 || a.High > 1 || a.Low > p || a.High < p {
				t.Errorf("Wilson(%d, %d) = %v does not hold %v inside [0,1]", s, n, a, p)
			}
			if b.Low > a.Low || b.High < a.High {
				t.Errorf("Wilson(%d, %d): 99 %% interval %v narrower than 95 %% %v", s, n, b, a)
			}
			if (s == 0 && a.Low != 0) || (s == n && a.High != 1) {
				t.Errorf("Wilson(%d, %d) = %v, want the end at exactly 0 or 1", s, n, a)
			}
		}
	}
}
