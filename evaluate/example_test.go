package evaluate_test

import (
	"encoding/json"
	"fmt"

	"github.com/aisandbox/aisandbox/evaluate"
)

// A hiring model judged group by group. Of 4 city and 4 village
// applicants, 2 of each deserved the job (label 1); the model hired 2 city
// applicants (both deserving) but only 1 village applicant (deserving).
// A third group, "other", has nobody in the test set.
func ExampleByGroup() {
	truth := []int{1, 1, 0, 0, 1, 1, 0, 0}
	pred := []int{1, 1, 0, 0, 1, 0, 0, 0}
	groups := []int{0, 0, 0, 0, 1, 1, 1, 1}
	names := []string{"city", "village", "other"}

	byGroup, err := evaluate.ByGroup(truth, pred, groups, names, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range byGroup {
		fmt.Printf("%-7s selected %-17s TPR %s\n", g.Group, g.SelectionRate, g.TPR)
	}
	gaps := evaluate.GapsOf(byGroup)
	fmt.Println("demographic-parity difference:", gaps.DemographicParityDiff)
	fmt.Println("demographic-parity ratio:", gaps.DemographicParityRatio)
	fmt.Println("equal-opportunity difference:", gaps.EqualOpportunityDiff)

	// In JSON an undefined rate is null, never NaN.
	b, _ := json.Marshal(byGroup[2].TPR)
	fmt.Println(string(b))
	// Output:
	// city    selected 2/4 = 0.500       TPR 2/2 = 1.000
	// village selected 1/4 = 0.250       TPR 1/2 = 0.500
	// other   selected 0/0 (not defined) TPR 0/0 (not defined)
	// demographic-parity difference: 0.250
	// demographic-parity ratio: 0.500
	// equal-opportunity difference: 0.500
	// {"num":0,"den":0,"value":null}
}

// Ten test examples say little: 8 right of 10 is 80 %, but anything from
// about 49 % to 94 % fits that count at 95 % confidence; 80 of 100 narrows
// it to about 71–87 %.
func ExampleWilson() {
	for _, n := range []int{10, 100} {
		iv, ok := evaluate.Wilson(8*n/10, n, 1.96)
		fmt.Printf("%d/%d: [%.3f, %.3f] %v\n", 8*n/10, n, iv.Low, iv.High, ok)
	}
	_, ok := evaluate.Wilson(0, 0, 1.96)
	fmt.Println("0/0:", ok)
	// Output:
	// 8/10: [0.490, 0.943] true
	// 80/100: [0.711, 0.867] true
	// 0/0: false
}

// Per-group thresholds, a mitigation a student can try: the village group
// is held to 0.4 instead of 0.6.
func ExampleDecide() {
	p := []float64{0.7, 0.5, 0.5, 0.3}
	groups := []int{0, 0, 1, 1}
	d, err := evaluate.Decide(p, groups, []float64{0.6, 0.4})
	fmt.Println(d, err)
	// Output:
	// [1 0 1 0] <nil>
}
