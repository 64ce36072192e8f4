package review_test

import (
	"math/big"
	"testing"

	"residens/internal/review"
)

// TestRank checks the ranking arithmetic with weights 2 and 1: each
// reviewer's weighted average Σ(weight·score)/Σweight, the mean over the
// reviewers who scored every criterion without a conflict, ties sharing a
// rank and listed by registration number, and an application nobody
// scored last without a rank.
func TestRank(t *testing.T) {
	const c1, c2 = 11, 12
	weights := []review.Weight{{CriterionID: c1, Weight: 2}, {CriterionID: c2, Weight: 1}}
	const r1, r2, r3 = 1, 2, 3
	apps := []review.RankInput{
		{ApplicationID: 100, Number: "R-2026-0001"}, // B
		{ApplicationID: 200, Number: "R-2026-0002"}, // A
		{ApplicationID: 300, Number: "R-2026-0003"}, // C
		{ApplicationID: 400, Number: "R-2026-0004"}, // W
		{ApplicationID: 500, Number: "R-2026-0005"}, // D, never scored
		{ApplicationID: 600, Number: "R-2026-0006"}, // E
	}
	var scores []review.Score
	add := func(app, reviewer int64, s1, s2 int) {
		if s1 > 0 {
			scores = append(scores, review.Score{ApplicationID: app, ReviewerID: reviewer, CriterionID: c1, Score: s1})
		}
		if s2 > 0 {
			scores = append(scores, review.Score{ApplicationID: app, ReviewerID: reviewer, CriterionID: c2, Score: s2})
		}
	}
	add(400, r1, 5, 5) // W: 5
	add(200, r1, 5, 2) // A: (10+2)/3 = 4
	add(200, r2, 4, 4) //    4
	add(200, r3, 1, 1) //    in conflict: does not count
	add(100, r1, 3, 3) // B: 3
	add(100, r2, 5, 5) //    5 → mean 4, a tie with A
	add(300, r1, 4, 1) // C: (8+1)/3 = 3
	add(300, r2, 5, 0) //    incomplete: does not count
	add(600, r1, 2, 5) // E: (4+5)/3 = 3
	add(600, r2, 3, 4) //    (6+4)/3 = 10/3 → mean 19/6
	conflicts := map[[2]int64]bool{{200, r3}: true}

	got := review.Rank(apps, weights, []int64{r1, r2, r3}, scores, conflicts)
	want := []struct {
		app   int64
		rank  int
		value string
	}{
		{400, 1, "5/1"},
		{100, 2, "4/1"},
		{200, 2, "4/1"},
		{600, 4, "19/6"},
		{300, 5, "3/1"},
		{500, 0, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d ranked, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		value := ""
		if g.Value != nil {
			value = g.Value.RatString()
			if g.Value.IsInt() {
				value += "/1"
			}
		}
		if g.ApplicationID != w.app || g.Rank != w.rank || value != w.value {
			t.Errorf("place %d: application %d rank %d value %q, want %d rank %d value %q",
				i, g.ApplicationID, g.Rank, value, w.app, w.rank, w.value)
		}
	}
	// Each reviewer's own weighted averages, as the ranking page shows them.
	e := got[3]
	if avg := e.Reviewers[1].Average; avg == nil || avg.Cmp(big.NewRat(10, 3)) != 0 || review.Decimal(avg) != "3,33" {
		t.Errorf("r2's weighted average of E is %v, want 10/3 shown as 3,33", avg)
	}
	if review.Decimal(e.Value) != "3,17" {
		t.Errorf("E shown as %s, want 3,17", review.Decimal(e.Value))
	}
	a := got[2]
	if !a.Reviewers[2].Conflict || a.Reviewers[2].Complete || a.Reviewers[2].Average != nil {
		t.Errorf("r3 in conflict with A counts: %+v", a.Reviewers[2])
	}
	c := got[4]
	if c.Reviewers[1].Complete || len(c.Reviewers[1].Scores) != 1 {
		t.Errorf("r2's incomplete scores of C count: %+v", c.Reviewers[1])
	}
	if review.Decimal(got[5].Value) != "–" || review.RankLabel(got[5].Rank) != "–" {
		t.Errorf("an application nobody scored shows %s, rank %s", review.Decimal(got[5].Value), review.RankLabel(got[5].Rank))
	}
}

// TestRankAllTied: three applications with the same value all rank 1 and
// the next gets 4.
func TestRankAllTied(t *testing.T) {
	weights := []review.Weight{{CriterionID: 1, Weight: 1}}
	// Ties go by registration number as a number: 9999 before 10000.
	apps := []review.RankInput{{ApplicationID: 3, Number: "RS-2026-10000"}, {ApplicationID: 1, Number: "RS-2026-0998"},
		{ApplicationID: 2, Number: "RS-2026-9999"}, {ApplicationID: 4, Number: "RS-2026-0001"}}
	var scores []review.Score
	for _, a := range []int64{1, 2, 3} {
		scores = append(scores, review.Score{ApplicationID: a, ReviewerID: 9, CriterionID: 1, Score: 4})
	}
	scores = append(scores, review.Score{ApplicationID: 4, ReviewerID: 9, CriterionID: 1, Score: 2})
	got := review.Rank(apps, weights, []int64{9}, scores, nil)
	var order []string
	var ranks []int
	for _, g := range got {
		order = append(order, g.Number)
		ranks = append(ranks, g.Rank)
	}
	if want := "RS-2026-0998 RS-2026-9999 RS-2026-10000 RS-2026-0001"; join(order) != want || ranks[0] != 1 || ranks[1] != 1 || ranks[2] != 1 || ranks[3] != 4 {
		t.Errorf("order %v ranks %v, want %s with ranks 1 1 1 4", order, ranks, want)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
