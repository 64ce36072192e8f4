package speeddate_test

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"residens/internal/speeddate"
)

// event makes nActors actors (IDs 1..) and nHosts hosts (IDs 101..), each
// with art form (ID mod arts)+1 when arts > 0.
func event(nActors, nHosts, arts int) []speeddate.Participant {
	var ps []speeddate.Participant
	for i := range nActors {
		p := speeddate.Participant{ID: int64(1 + i), Side: speeddate.ActorSide}
		if arts > 0 {
			p.ArtForms = []int64{int64(i%arts) + 1}
		}
		ps = append(ps, p)
	}
	for i := range nHosts {
		p := speeddate.Participant{ID: int64(101 + i), Side: speeddate.HostSide}
		if arts > 0 {
			p.ArtForms = []int64{int64(i%arts) + 1}
		}
		ps = append(ps, p)
	}
	return ps
}

func mustPlan(t *testing.T, ps []speeddate.Participant, rounds int) speeddate.Schedule {
	t.Helper()
	s, err := speeddate.Plan(ps, rounds)
	if err != nil {
		t.Fatal(err)
	}
	check(t, ps, s, rounds)
	return s
}

// check holds every schedule to the rules that never bend: the rounds
// numbered, everyone once a round (at a table or pausing), actors meeting
// hosts, tables 1..n, no pair twice, and as many tables as the pairs not yet
// met allow.
func check(t *testing.T, ps []speeddate.Participant, s speeddate.Schedule, rounds int) {
	t.Helper()
	side := map[int64]speeddate.Side{}
	for _, p := range ps {
		side[p.ID] = p.Side
	}
	if len(s.Rounds) != rounds {
		t.Fatalf("%d rounds, want %d", len(s.Rounds), rounds)
	}
	type pair struct{ a, h int64 }
	met := map[pair]int{}
	for ri, r := range s.Rounds {
		if r.Number != ri+1 {
			t.Errorf("round %d numbered %d", ri+1, r.Number)
		}
		seen := map[int64]bool{}
		sit := func(id int64) {
			if seen[id] {
				t.Errorf("round %d: %d twice", r.Number, id)
			}
			seen[id] = true
		}
		for k, m := range r.Meetings {
			if m.Table != k+1 {
				t.Errorf("round %d: table %d at position %d", r.Number, m.Table, k+1)
			}
			if side[m.Actor] != speeddate.ActorSide || side[m.Host] != speeddate.HostSide {
				t.Errorf("round %d: %d meets %d, not an actor and a host", r.Number, m.Actor, m.Host)
			}
			sit(m.Actor)
			sit(m.Host)
			if n := met[pair{m.Actor, m.Host}]; n > 0 {
				t.Errorf("round %d: %d and %d meet again", r.Number, m.Actor, m.Host)
			}
			met[pair{m.Actor, m.Host}]++
		}
		for _, id := range r.Pauses {
			sit(id)
		}
		if len(seen) != len(ps) {
			t.Errorf("round %d seats or pauses %d of %d", r.Number, len(seen), len(ps))
		}
		if !slices.IsSorted(r.Pauses) {
			t.Errorf("round %d: pauses not by ID: %v", r.Number, r.Pauses)
		}
	}
}

// pauseCounts are how many rounds each participant of side sits out.
func pauseCounts(ps []speeddate.Participant, s speeddate.Schedule, side speeddate.Side) map[int64]int {
	out := map[int64]int{}
	for _, p := range ps {
		if p.Side == side {
			out[p.ID] = 0
		}
	}
	for _, r := range s.Rounds {
		for _, id := range r.Pauses {
			if _, ok := out[id]; ok {
				out[id]++
			}
		}
	}
	return out
}

func spread(counts map[int64]int) (lo, hi int) {
	lo, hi = 1<<30, -1
	for _, n := range counts {
		lo, hi = min(lo, n), max(hi, n)
	}
	return lo, hi
}

func TestFortyEvenSides(t *testing.T) {
	ps := event(20, 20, 4)
	s := mustPlan(t, ps, 8)
	for _, r := range s.Rounds {
		if len(r.Meetings) != 20 || len(r.Pauses) != 0 {
			t.Errorf("round %d: %d tables, %d pauses; want 20 and none", r.Number, len(r.Meetings), len(r.Pauses))
		}
	}
}

func TestFortyUnevenSides(t *testing.T) {
	ps := event(25, 15, 4)
	s := mustPlan(t, ps, 8)
	for _, r := range s.Rounds {
		if len(r.Meetings) != 15 || len(r.Pauses) != 10 {
			t.Errorf("round %d: %d tables, %d pauses; want 15 and 10", r.Number, len(r.Meetings), len(r.Pauses))
		}
	}
	// 80 pauses over 25 actors: 3 or 4 each; the hosts never pause.
	if lo, hi := spread(pauseCounts(ps, s, speeddate.ActorSide)); lo != 3 || hi != 4 {
		t.Errorf("actors pause %d to %d rounds, want 3 to 4", lo, hi)
	}
	if _, hi := spread(pauseCounts(ps, s, speeddate.HostSide)); hi != 0 {
		t.Errorf("a host pauses %d rounds", hi)
	}
}

func TestPausesSpreadFairly(t *testing.T) {
	for _, tt := range []struct{ actors, hosts, rounds int }{
		{21, 20, 6}, {3, 7, 5}, {7, 3, 5}, {10, 1, 4}, {15, 25, 8}, {9, 4, 3},
	} {
		ps := event(tt.actors, tt.hosts, 3)
		s := mustPlan(t, ps, tt.rounds)
		larger := speeddate.ActorSide
		if tt.hosts > tt.actors {
			larger = speeddate.HostSide
		}
		if lo, hi := spread(pauseCounts(ps, s, larger)); hi-lo > 1 {
			t.Errorf("%d/%d over %d rounds: the larger side pauses %d to %d rounds", tt.actors, tt.hosts, tt.rounds, lo, hi)
		}
	}
}

// More rounds than pairs: once everyone has met everyone, the rest are
// pauses.
func TestRoundsBeyondThePairs(t *testing.T) {
	ps := event(3, 1, 0)
	s := mustPlan(t, ps, 5)
	for i, want := range []int{1, 1, 1, 0, 0} {
		if got := len(s.Rounds[i].Meetings); got != want {
			t.Errorf("round %d: %d tables, want %d", i+1, got, want)
		}
	}
	ps = event(2, 2, 0)
	s = mustPlan(t, ps, 3)
	if len(s.Rounds[0].Meetings) != 2 || len(s.Rounds[1].Meetings) != 2 || len(s.Rounds[2].Meetings) != 0 {
		t.Errorf("2/2 over 3 rounds: %+v", s.Rounds)
	}
	// One side alone: everyone pauses.
	s = mustPlan(t, event(4, 0, 0), 2)
	if len(s.Rounds[0].Pauses) != 4 {
		t.Errorf("actors alone: %+v", s.Rounds[0])
	}
	mustPlan(t, nil, 1)
}

func TestNoSharedArtForms(t *testing.T) {
	ps := event(20, 20, 0)
	for i := range ps {
		// Actors in 1..20, hosts in 21..40: nothing in common.
		ps[i].ArtForms = []int64{ps[i].ID%20 + 1 + map[speeddate.Side]int64{speeddate.ActorSide: 0, speeddate.HostSide: 20}[ps[i].Side]}
	}
	s := mustPlan(t, ps, 8)
	for _, r := range s.Rounds {
		if len(r.Meetings) != 20 {
			t.Errorf("round %d: %d tables, want 20 even with nothing shared", r.Number, len(r.Meetings))
		}
	}
}

func meets(s speeddate.Schedule, actor, host int64) int {
	for _, r := range s.Rounds {
		for _, m := range r.Meetings {
			if m.Actor == actor && m.Host == host {
				return r.Number
			}
		}
	}
	return 0
}

func TestSharedArtFormPreferred(t *testing.T) {
	ps := []speeddate.Participant{
		{ID: 1, Side: speeddate.ActorSide, ArtForms: []int64{7}},
		{ID: 2, Side: speeddate.ActorSide, ArtForms: []int64{8}},
		{ID: 10, Side: speeddate.HostSide, ArtForms: []int64{8}},
		{ID: 11, Side: speeddate.HostSide, ArtForms: []int64{9, 7}},
	}
	s := mustPlan(t, ps, 2)
	if meets(s, 1, 11) != 1 || meets(s, 2, 10) != 1 {
		t.Errorf("round 1 should pair the shared art forms: %+v", s.Rounds[0].Meetings)
	}
	if meets(s, 1, 10) != 2 || meets(s, 2, 11) != 2 {
		t.Errorf("round 2 should pair the rest: %+v", s.Rounds[1].Meetings)
	}
}

func TestWantsHonoured(t *testing.T) {
	// A wish beats a shared art form, in either direction.
	ps := []speeddate.Participant{
		{ID: 1, Side: speeddate.ActorSide, ArtForms: []int64{7}, Wants: []int64{10}},
		{ID: 2, Side: speeddate.ActorSide, ArtForms: []int64{8}},
		{ID: 3, Side: speeddate.ActorSide, ArtForms: []int64{9}},
		{ID: 10, Side: speeddate.HostSide, ArtForms: []int64{8}},
		{ID: 11, Side: speeddate.HostSide, ArtForms: []int64{7}},
		{ID: 12, Side: speeddate.HostSide, ArtForms: []int64{1}, Wants: []int64{3, 999, 11}},
	}
	s := mustPlan(t, ps, 3)
	if meets(s, 1, 10) != 1 || meets(s, 3, 12) != 1 || meets(s, 2, 11) != 1 {
		t.Errorf("round 1: %+v", s.Rounds[0].Meetings)
	}

	// Forty, with every actor wanting two hosts and some hosts wanting an
	// actor: every wish is met within the first rounds, before any pair
	// that only shares an art form.
	ps = event(20, 20, 4)
	type pair struct{ a, h int64 }
	var wished []pair
	for i := range 20 {
		a := &ps[i]
		a.Wants = []int64{101 + int64((i*7)%20), 101 + int64((i*7+3)%20)}
		wished = append(wished, pair{a.ID, a.Wants[0]}, pair{a.ID, a.Wants[1]})
	}
	for j := 20; j < 40; j += 4 {
		h := &ps[j]
		h.Wants = []int64{int64((j*3)%20) + 1}
		wished = append(wished, pair{h.Wants[0], h.ID})
	}
	s = mustPlan(t, ps, 8)
	for _, w := range wished {
		if r := meets(s, w.a, w.h); r == 0 || r > 3 {
			t.Errorf("wished pair %d–%d meets in round %d, want in the first three", w.a, w.h, r)
		}
	}
}

func TestDeterministic(t *testing.T) {
	ps := event(25, 15, 3)
	for i := range ps {
		if i%3 == 0 && ps[i].Side == speeddate.ActorSide {
			ps[i].Wants = []int64{101 + int64(i%15), 101 + int64((i+5)%15)}
		}
	}
	a := mustPlan(t, ps, 8)
	b := mustPlan(t, ps, 8)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same input gave two schedules")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := slices.Clone(ps)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for k := range shuffled {
			w := slices.Clone(shuffled[k].Wants)
			slices.Reverse(w)
			shuffled[k].Wants = w
		}
		if c := mustPlan(t, shuffled, 8); !reflect.DeepEqual(a, c) {
			t.Fatal("the order of the input changed the schedule")
		}
	}
}

func TestFor(t *testing.T) {
	ps := event(5, 3, 2)
	s := mustPlan(t, ps, 4)
	for _, p := range ps {
		slots := s.For(p.ID)
		if len(slots) != 4 {
			t.Fatalf("%d: %d slots", p.ID, len(slots))
		}
		for i, sl := range slots {
			if sl.Round != i+1 {
				t.Errorf("%d: slot %d is round %d", p.ID, i, sl.Round)
			}
			r := s.Rounds[i]
			if sl.Pause {
				if !slices.Contains(r.Pauses, p.ID) || sl.Table != 0 {
					t.Errorf("%d: a pause in round %d the round does not have", p.ID, sl.Round)
				}
				continue
			}
			m := r.Meetings[sl.Table-1]
			if !(m.Actor == p.ID && m.Host == sl.With) && !(m.Host == p.ID && m.Actor == sl.With) {
				t.Errorf("%d: round %d table %d with %d, the round says %+v", p.ID, sl.Round, sl.Table, sl.With, m)
			}
		}
	}
	if s.For(12345) != nil {
		t.Error("a schedule for someone not in it")
	}
}

func TestDiff(t *testing.T) {
	ps := event(6, 6, 3)
	old := mustPlan(t, ps, 4)
	if d := speeddate.Diff(old, old); len(d) != 0 {
		t.Errorf("Diff of a schedule with itself: %v", d)
	}
	// Actor 6 cancels: they, and whoever's rounds moved, are told.
	changed := mustPlan(t, ps[1:], 4)
	d := speeddate.Diff(old, changed)
	if !slices.Contains(d, 1) {
		t.Errorf("Diff %v lacks the participant who left", d)
	}
	for _, p := range ps {
		differs := !slices.Equal(old.For(p.ID), changed.For(p.ID))
		if differs != slices.Contains(d, p.ID) {
			t.Errorf("%d: schedule differs %v, in Diff %v", p.ID, differs, slices.Contains(d, p.ID))
		}
	}
	if !slices.IsSorted(d) {
		t.Errorf("Diff not by ID: %v", d)
	}
	// A new round added changes everyone's schedule.
	longer := mustPlan(t, ps, 5)
	if d := speeddate.Diff(old, longer); len(d) != len(ps) {
		t.Errorf("one round more changes %d of %d", len(d), len(ps))
	}
}

func TestPlanErrors(t *testing.T) {
	ok := event(2, 2, 0)
	for _, tt := range []struct {
		name   string
		ps     []speeddate.Participant
		rounds int
		want   error
	}{
		{"no rounds", ok, 0, speeddate.ErrRounds},
		{"negative rounds", ok, -3, speeddate.ErrRounds},
		{"too many rounds", ok, speeddate.MaxRounds + 1, speeddate.ErrRounds},
		{"duplicate", append(slices.Clone(ok), speeddate.Participant{ID: 1, Side: speeddate.HostSide}), 2, speeddate.ErrDuplicate},
		{"no side", append(slices.Clone(ok), speeddate.Participant{ID: 50}), 2, speeddate.ErrSide},
		{"too many", func() []speeddate.Participant {
			ps := make([]speeddate.Participant, speeddate.MaxSide+1)
			for i := range ps {
				ps[i] = speeddate.Participant{ID: int64(i + 1), Side: speeddate.HostSide}
			}
			return ps
		}(), 1, speeddate.ErrTooMany},
		{"odd side", append(slices.Clone(ok), speeddate.Participant{ID: 50, Side: 7}), 2, speeddate.ErrSide},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := speeddate.Plan(tt.ps, tt.rounds); !errors.Is(err, tt.want) {
				t.Errorf("err %v, want %v", err, tt.want)
			}
		})
	}
}

func BenchmarkPlanForty(b *testing.B) {
	ps := event(25, 15, 4)
	for i := range ps {
		if ps[i].Side == speeddate.ActorSide {
			ps[i].Wants = []int64{101 + int64(i%15)}
		}
	}
	for b.Loop() {
		if _, err := speeddate.Plan(ps, 8); err != nil {
			b.Fatal(err)
		}
	}
}
