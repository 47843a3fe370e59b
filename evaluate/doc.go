// Package evaluate scores a trained model's answers: how often it is right,
// for which classes, and for which groups of people or things. It is pure
// arithmetic on labels and probabilities (no I/O, no models, no randomness)
// so that the engine, the command line and the tests all count the same way.
//
// # Counting, and "not defined"
//
// A share such as "7 of 9 sick people were found" is kept as a [Rate]
// (Num 7, Den 9), never as a bare 0.778, so a student can always see how
// many examples stand behind a number. A share of nothing (Den 0) is not
// defined: it is not 0 %, it is "we cannot say". Derived scores (F1, gaps,
// ratios) are kept as a [Number], which carries Defined=false and a Why code
// instead of NaN. JSON of either never holds NaN: an undefined value is
// null, with its Why (see the Why constants).
//
// # One model, all classes: the confusion matrix
//
// For a task with K classes, [Confusion] counts examples by true class (row)
// and predicted class (column); the diagonal is what the model got right.
// For one class k, against all the others:
//
//	TP = examples of k predicted k            (true positives)
//	FN = examples of k predicted as another   (false negatives, missed)
//	FP = others predicted as k                (false positives, false alarms)
//	accuracy  = (sum of the diagonal) / (all examples): how often it is right
//	precision = TP / (TP + FP): when it says "k", how often that is true
//	recall    = TP / (TP + FN): of the real k, how many it finds
//	F1        = 2·TP / (2·TP + FP + FN): the harmonic mean of precision
//	            and recall, high only when both are high
//	macro F1  = the plain mean of F1 over the classes, so a small class
//	            counts as much as a big one
//
// F1 is written with counts so that it is defined whenever the class occurs
// at all (in the truth or in the predictions): a class the model never
// predicts gets F1 = 0, which is what it deserves, rather than dropping out
// of macro F1. F1 is undefined only for a class that appears nowhere.
//
// How sure is an accuracy of 8/10? [Wilson] gives the Wilson score
// interval: the shares that would not be surprising given the count. With
// p = successes/n and z the normal quantile (1.96 for 95 %):
//
//	centre = (p + z²/(2n)) / (1 + z²/n)
//	half   = z / (1 + z²/n) · √( p(1−p)/n + z²/(4n²) )
//	interval = [centre − half, centre + half]
//
// For 8 of 10 it is [0.49, 0.94]: ten test examples say little.
//
// # One decision, several groups: bias probing
//
// For a yes/no decision (hiring, a diagnosis) one class is called positive.
// [ByGroup] scores each group (e.g. city and village applicants) apart:
//
//	base rate      = truly positive / all in the group  (who deserved "yes")
//	selection rate = predicted positive / all           (who got "yes")
//	accuracy       = (TP + TN) / all
//	TPR = TP / (TP + FN)  true-positive rate: deserving people who got "yes"
//	FPR = FP / (FP + TN)  false-positive rate: undeserving who got "yes"
//	FNR = FN / (TP + FN)  false-negative rate: deserving who got "no"
//
// [GapsOf] compares the groups, over the groups where the rate is defined
// (it needs at least two):
//
//	demographic-parity difference = max − min selection rate
//	                                (0 = every group is selected equally often)
//	demographic-parity ratio      = min / max selection rate
//	                                (1 = equal; below 0.8 is the "four-fifths
//	                                rule" warning sign)
//	equal-opportunity difference  = max − min TPR
//	                                (do deserving people of every group get "yes"
//	                                equally often?)
//	equalized-odds difference     = the larger of the TPR gap and the FPR gap
//
// [Decide] turns probabilities into decisions with one threshold or one per
// group (a mitigation to try), and [Sweep] scores a list of thresholds to
// plot how accuracy and the gaps move together.
//
// # Probes
//
// [CountFlips] compares a model's decisions before and after a change that
// should not matter (another name in a sentence, another background behind
// a shape, the group column switched): each changed decision is a flip, and
// the mean change of P(positive) shows the direction. [Residuals] gives
// truth − prediction for a regression, to plot where it misses.
//
// # Why codes
//
// When a Number is not defined its Why is one of the Why constants of this
// package. For a [Rate], which carries no Why of its own, [Rate.Number]
// attaches one; the codes that go with each rate are:
//
//	accuracy, base rate, selection rate of a group   WhyEmptyGroup
//	recall, TPR, FNR                                 WhyNoPositives
//	FPR                                              WhyNoNegatives
//	precision                                        WhyNoPredictedPositives
package evaluate
