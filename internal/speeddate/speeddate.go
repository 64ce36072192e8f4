// Package speeddate plans the rounds of a speed-dating event: in each
// round every cultural actor meets a municipality or organisation (a host)
// at a numbered table, or sits the round out.
//
// The plan is made round by round. Each round is the best matching of the
// pairs that have not met yet, judged in this order:
//
//  1. as many meetings as the round can hold (the smaller side all seated,
//     unless the pairs not yet met no longer allow it);
//  2. fair pauses: those who have sat out most rounds so far are seated
//     first, so that the pause counts of the larger side differ by at most
//     one wherever the unmet pairs allow;
//  3. pairs where one asked to meet the other (Wants, either direction;
//     both ways counts double);
//  4. pairs that share an art form;
//  5. any pair.
//
// Each round is an assignment problem solved exactly (the Hungarian
// method) over weights that keep those tiers apart, so a lower tier can
// never outweigh a higher one. No pair meets twice, nobody sits at two
// tables in a round, and tables are numbered 1..n in each round in the
// order of the hosts' IDs, so that a host keeps its table from round to
// round while every host is seated.
//
// The plan depends only on the participants, not on the order they are
// given in: they are sorted by ID, and nothing iterates over a map or
// draws a random number. A Wants entry naming someone who is not a
// participant of the other side is ignored (a sign-up may have been
// cancelled since).
package speeddate

import (
	"errors"
	"fmt"
	"slices"
)

// Side is which side of the table a participant sits on.
type Side int

// The two sides.
const (
	// ActorSide is a cultural actor (kulturaktör).
	ActorSide Side = iota + 1
	// HostSide is a municipality or an organisation.
	HostSide
)

// MaxRounds bounds the rounds of one event; no event has time for more,
// and the bound keeps the weights far from overflowing.
const MaxRounds = 100

// MaxSide bounds the participants of one side: far above any room's
// tables, and where the weights still stay far from overflowing.
const MaxSide = 1000

// Errors of Plan, wrapped with the details.
var (
	ErrTooMany   = errors.New("speeddate: too many participants")
	ErrRounds    = errors.New("speeddate: rounds out of range")
	ErrDuplicate = errors.New("speeddate: duplicate participant")
	ErrSide      = errors.New("speeddate: unknown side")
)

// Participant is one sign-up of the event.
type Participant struct {
	// ID is the sign-up id.
	ID   int64
	Side Side
	// ArtForms are the art form ids the participant works in or looks for.
	ArtForms []int64
	// Wants are the IDs of participants of the other side they asked to
	// meet.
	Wants []int64
}

// Meeting is one table of a round.
type Meeting struct {
	// Table is numbered from 1 in each round.
	Table       int
	Actor, Host int64
}

// Round is one round of the schedule.
type Round struct {
	Number   int
	Meetings []Meeting
	// Pauses are who sit this round out, by ID.
	Pauses []int64
}

// Schedule is every round of an event.
type Schedule struct {
	Rounds []Round
}

// Slot is one round of a participant's personal schedule: the table and
// whom they meet there, or a pause.
type Slot struct {
	Round, Table int
	With         int64
	Pause        bool
}

// The weights of a pair, one tier apart each (see the package
// documentation); plan scales the tiers above these to the event's size.
const (
	wantWeight = 100 // per direction
	artWeight  = 10
	maxPref    = 2*wantWeight + artWeight
)

// Plan makes the schedule of rounds rounds for ps.
func Plan(ps []Participant, rounds int) (Schedule, error) {
	if rounds < 1 || rounds > MaxRounds {
		return Schedule{}, fmt.Errorf("%w: %d (want 1 to %d)", ErrRounds, rounds, MaxRounds)
	}
	sorted := slices.Clone(ps)
	slices.SortFunc(sorted, func(a, b Participant) int { return cmpInt64(a.ID, b.ID) })
	var actors, hosts []Participant
	for i, p := range sorted {
		if i > 0 && sorted[i-1].ID == p.ID {
			return Schedule{}, fmt.Errorf("%w: %d", ErrDuplicate, p.ID)
		}
		switch p.Side {
		case ActorSide:
			actors = append(actors, p)
		case HostSide:
			hosts = append(hosts, p)
		default:
			return Schedule{}, fmt.Errorf("%w: %d for participant %d", ErrSide, p.Side, p.ID)
		}
	}

	if len(actors) > MaxSide || len(hosts) > MaxSide {
		return Schedule{}, fmt.Errorf("%w: %d actors and %d hosts (at most %d a side)", ErrTooMany, len(actors), len(hosts), MaxSide)
	}

	// rows are the smaller side, so that the assignment gives each row a
	// column; cols the larger.
	rows, cols := actors, hosts
	if len(rows) > len(cols) {
		rows, cols = cols, rows
	}
	pref := preferences(rows, cols)
	// A tier above all preferences of a round, and one above all pause
	// bonuses: the weights of an event of 1,000 a side and 100 rounds
	// stay below 2^50.
	n := int64(len(rows))
	pauseUnit := n*maxPref + 1
	meetUnit := n*(2*int64(rounds)*pauseUnit+maxPref) + 1

	met := make([][]bool, len(rows))
	for i := range met {
		met[i] = make([]bool, len(cols))
	}
	rowPauses := make([]int64, len(rows))
	colPauses := make([]int64, len(cols))
	cost := make([][]int64, len(rows))
	for i := range cost {
		cost[i] = make([]int64, len(cols))
	}

	s := Schedule{Rounds: make([]Round, 0, rounds)}
	for r := 1; r <= rounds; r++ {
		for i := range rows {
			for j := range cols {
				if met[i][j] {
					// Zero: no better than leaving both unseated.
					cost[i][j] = 0
					continue
				}
				cost[i][j] = -(meetUnit + (rowPauses[i]+colPauses[j])*pauseUnit + pref[i][j])
			}
		}
		assign := hungarian(cost)
		round := Round{Number: r}
		seatedCol := make([]bool, len(cols))
		for i, j := range assign {
			if j < 0 || met[i][j] {
				rowPauses[i]++
				round.Pauses = append(round.Pauses, rows[i].ID)
				continue
			}
			met[i][j] = true
			seatedCol[j] = true
			m := Meeting{}
			if rows[i].Side == ActorSide {
				m.Actor, m.Host = rows[i].ID, cols[j].ID
			} else {
				m.Actor, m.Host = cols[j].ID, rows[i].ID
			}
			round.Meetings = append(round.Meetings, m)
		}
		for j := range cols {
			if !seatedCol[j] {
				colPauses[j]++
				round.Pauses = append(round.Pauses, cols[j].ID)
			}
		}
		slices.SortFunc(round.Meetings, func(a, b Meeting) int { return cmpInt64(a.Host, b.Host) })
		for k := range round.Meetings {
			round.Meetings[k].Table = k + 1
		}
		slices.Sort(round.Pauses)
		s.Rounds = append(s.Rounds, round)
	}
	return s, nil
}

// preferences weighs each pair of a row and a column: wants in either
// direction, then a shared art form.
func preferences(rows, cols []Participant) [][]int64 {
	out := make([][]int64, len(rows))
	for i, a := range rows {
		out[i] = make([]int64, len(cols))
		for j, b := range cols {
			var w int64
			if slices.Contains(a.Wants, b.ID) {
				w += wantWeight
			}
			if slices.Contains(b.Wants, a.ID) {
				w += wantWeight
			}
			if slices.ContainsFunc(a.ArtForms, func(f int64) bool { return slices.Contains(b.ArtForms, f) }) {
				w += artWeight
			}
			out[i][j] = w
		}
	}
	return out
}

// hungarian solves the assignment problem for cost (rows no more than
// columns): the column of each row, at the least total cost. It is the
// classic O(n²m) method with potentials; deterministic for a given matrix.
func hungarian(cost [][]int64) []int {
	n := len(cost)
	out := make([]int, n)
	if n == 0 {
		return out
	}
	m := len(cost[0])
	const inf = int64(1) << 62
	u := make([]int64, n+1)
	v := make([]int64, m+1)
	p := make([]int, m+1) // p[j]: the row (1-based) in column j
	way := make([]int, m+1)
	minv := make([]int64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = inf, false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	for i := range out {
		out[i] = -1
	}
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			out[p[j]-1] = j - 1
		}
	}
	return out
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// For is participant id's personal schedule, one slot a round; nil for
// someone not in the schedule.
func (s Schedule) For(id int64) []Slot {
	var out []Slot
	for _, r := range s.Rounds {
		slot, ok := r.slot(id)
		if !ok {
			return nil
		}
		out = append(out, slot)
	}
	return out
}

func (r Round) slot(id int64) (Slot, bool) {
	for _, m := range r.Meetings {
		switch id {
		case m.Actor:
			return Slot{Round: r.Number, Table: m.Table, With: m.Host}, true
		case m.Host:
			return Slot{Round: r.Number, Table: m.Table, With: m.Actor}, true
		}
	}
	if slices.Contains(r.Pauses, id) {
		return Slot{Round: r.Number, Pause: true}, true
	}
	return Slot{}, false
}

// participants are everyone in s, by ID.
func (s Schedule) participants() []int64 {
	var out []int64
	for _, r := range s.Rounds {
		for _, m := range r.Meetings {
			out = append(out, m.Actor, m.Host)
		}
		out = append(out, r.Pauses...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Diff lists, by ID, the participants whose personal schedule differs
// between old and new: those to tell what changed, including anyone only
// one of them has.
func Diff(old, new Schedule) []int64 {
	ids := append(old.participants(), new.participants()...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out []int64
	for _, id := range ids {
		if !slices.Equal(old.For(id), new.For(id)) {
			out = append(out, id)
		}
	}
	return out
}
