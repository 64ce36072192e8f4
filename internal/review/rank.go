package review

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Score is one reviewer's score for one criterion of one application.
type Score struct {
	ApplicationID int64
	ReviewerID    int64
	CriterionID   int64
	Score         int
	Comment       string
}

// Weight is a criterion's weight in the ranking.
type Weight struct {
	CriterionID int64
	Weight      int
}

// ReviewerResult is one reviewer's assessment of one application: their
// scores by criterion and, once every criterion is scored, their weighted
// average Σ(weight·score)/Σweight.
type ReviewerResult struct {
	ReviewerID int64
	Conflict   bool
	// Scores by criterion ID; missing criteria are not scored yet.
	Scores map[int64]Score
	// Complete: every criterion scored and no conflict declared; only
	// then does Average count.
	Complete bool
	Average  *big.Rat
}

// Ranked is an application's place in the ranking.
type Ranked struct {
	ApplicationID int64
	Number        string
	// Value is the mean over the complete reviewers of their weighted
	// averages; nil when nobody has scored the application completely.
	Value *big.Rat
	// Rank is 1 for the best; ties share it (1, 2, 2, 4); 0 for an
	// application without a value.
	Rank      int
	Reviewers []ReviewerResult
}

// RankInput is what Rank needs of one application.
type RankInput struct {
	ApplicationID int64
	Number        string
}

// Rank orders apps by their ranking value, the best first: for each
// reviewer who scored every criterion of an application (and declared no
// conflict), Σ(weight·score)/Σweight; the application's value is the mean
// of those. Exact rationals keep ties exact, so equal values share a rank
// (1, 2, 2, 4) and are listed by registration number; applications nobody
// has scored come last, without a rank. reviewers lists the call's
// reviewers in the order their results are returned; conflicts holds the
// pairs (application, reviewer) declared in conflict.
func Rank(apps []RankInput, weights []Weight, reviewers []int64, scores []Score, conflicts map[[2]int64]bool) []Ranked {
	byApp := map[int64]map[int64]map[int64]Score{}
	for _, s := range scores {
		if byApp[s.ApplicationID] == nil {
			byApp[s.ApplicationID] = map[int64]map[int64]Score{}
		}
		if byApp[s.ApplicationID][s.ReviewerID] == nil {
			byApp[s.ApplicationID][s.ReviewerID] = map[int64]Score{}
		}
		byApp[s.ApplicationID][s.ReviewerID][s.CriterionID] = s
	}
	totalWeight := 0
	for _, w := range weights {
		totalWeight += w.Weight
	}
	out := make([]Ranked, 0, len(apps))
	for _, a := range apps {
		r := Ranked{ApplicationID: a.ApplicationID, Number: a.Number}
		sum, n := new(big.Rat), 0
		for _, rv := range reviewers {
			res := ReviewerResult{ReviewerID: rv, Conflict: conflicts[[2]int64{a.ApplicationID, rv}],
				Scores: byApp[a.ApplicationID][rv]}
			if res.Scores == nil {
				res.Scores = map[int64]Score{}
			}
			if !res.Conflict && len(weights) > 0 && totalWeight > 0 {
				weighted, complete := 0, true
				for _, w := range weights {
					s, ok := res.Scores[w.CriterionID]
					if !ok {
						complete = false
						break
					}
					weighted += w.Weight * s.Score
				}
				if complete {
					res.Complete = true
					res.Average = big.NewRat(int64(weighted), int64(totalWeight))
					sum.Add(sum, res.Average)
					n++
				}
			}
			r.Reviewers = append(r.Reviewers, res)
		}
		if n > 0 {
			r.Value = sum.Quo(sum, big.NewRat(int64(n), 1))
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Value == nil && b.Value == nil:
			return numberBefore(a.Number, b.Number)
		case a.Value == nil:
			return false
		case b.Value == nil:
			return true
		}
		if c := a.Value.Cmp(b.Value); c != 0 {
			return c > 0
		}
		return numberBefore(a.Number, b.Number)
	})
	for i := range out {
		switch {
		case out[i].Value == nil:
			out[i].Rank = 0
		case i > 0 && out[i-1].Value != nil && out[i-1].Value.Cmp(out[i].Value) == 0:
			out[i].Rank = out[i-1].Rank
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}

// Decimal writes v with two decimals and a decimal comma, the Swedish way
// ("3,67"); "–" for nil.
func Decimal(v *big.Rat) string {
	if v == nil {
		return "–"
	}
	return strings.Replace(v.FloatString(2), ".", ",", 1)
}

// RankLabel is a rank as the pages show it ("–" for none).
func RankLabel(n int) string {
	if n == 0 {
		return "–"
	}
	return strconv.Itoa(n)
}

// numberBefore orders registration numbers (<PREFIX>-<YYYY>-<NNNN>) by
// prefix and year, then by the number itself: as text "RS-2026-10000"
// would come before "RS-2026-9999".
func numberBefore(a, b string) bool {
	pa, sa := numberParts(a)
	pb, sb := numberParts(b)
	if pa != pb {
		return pa < pb
	}
	return sa < sb
}

// numberParts splits a registration number into its prefix and year, and
// its sequence number.
func numberParts(n string) (string, int) {
	i := strings.LastIndexByte(n, '-')
	seq, err := strconv.Atoi(n[i+1:])
	if i < 0 || err != nil {
		return n, 0
	}
	return n[:i], seq
}
