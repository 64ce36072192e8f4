package question_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/question"
	"residens/internal/secret"
	"residens/internal/testutil"
)

func stockholm(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, civil.Stockholm)
}

// TestOverdue checks the working-day clock with three working days: a
// weekend, midsummer and New Year do not count.
func TestOverdue(t *testing.T) {
	for _, c := range []struct {
		name       string
		asked, now time.Time
		wantDue    time.Time
		overdue    bool
		state      question.State
	}{
		// Friday 27 November 2026: Monday, Tuesday, Wednesday.
		{"weekend, due day", stockholm(2026, 11, 27, 16), stockholm(2026, 12, 2, 17), testutil.Date(2026, 12, 2), false, question.StateNew},
		{"weekend, day after", stockholm(2026, 11, 27, 16), stockholm(2026, 12, 3, 8), testutil.Date(2026, 12, 2), true, question.StateNew},
		{"weekend, Monday", stockholm(2026, 11, 27, 16), stockholm(2026, 11, 30, 9), testutil.Date(2026, 12, 2), false, question.StateOngoing},
		// Thursday 18 June 2026: midsummer's eve (Friday 19th) is no
		// working day, nor the weekend: Monday, Tuesday, Wednesday.
		{"midsummer, due day", stockholm(2026, 6, 18, 10), stockholm(2026, 6, 24, 15), testutil.Date(2026, 6, 24), false, question.StateNew},
		{"midsummer, day after", stockholm(2026, 6, 18, 10), stockholm(2026, 6, 25, 9), testutil.Date(2026, 6, 24), true, question.StateNew},
		// Wednesday 30 December 2026: New Year's Eve is treated as no
		// working day, New Year's Day is a holiday, then the weekend:
		// Monday 4, Tuesday 5, and Twelfth Day (6th) is a holiday: Thursday 7.
		{"new year, due day", stockholm(2026, 12, 30, 10), stockholm(2027, 1, 7, 12), newYearDue(), false, question.StateNew},
		{"new year, day after", stockholm(2026, 12, 30, 10), newYearDue().AddDate(0, 0, 1).Add(9 * time.Hour), newYearDue(), true, question.StateNew},
		// Only an open question is overdue.
		{"answered", stockholm(2026, 11, 27, 16), stockholm(2026, 12, 10, 8), testutil.Date(2026, 12, 2), false, question.StateAnswered},
		{"waiting", stockholm(2026, 11, 27, 16), stockholm(2026, 12, 10, 8), testutil.Date(2026, 12, 2), false, question.StateWaiting},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := question.Due(c.asked, 3); !got.Equal(c.wantDue) {
				t.Errorf("Due(%s) = %s, want %s", c.asked, civil.ISODate(got), civil.ISODate(c.wantDue))
			}
			if got := question.Overdue(c.state, c.asked, c.now, 3); got != c.overdue {
				t.Errorf("Overdue(%s, asked %s, now %s) = %v, want %v", c.state, c.asked, c.now, got, c.overdue)
			}
		})
	}
}

// newYearDue is three working days after Wednesday 30 December 2026:
// New Year's Eve and Day, the weekend and Twelfth Day (6 January) skipped,
// Monday 4, Tuesday 5 and Thursday 7 January count.
func newYearDue() time.Time { return testutil.Date(2027, 1, 7) }

func TestRouting(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	dance := s.consultant(t, "Anna Dans", []string{"dans"}, nil, true)
	north := s.consultant(t, "Johan Norr", []string{"musik", "textil"}, []string{"taby"}, false)
	south1 := s.consultant(t, "Bo Syd", []string{"textil"}, []string{"nykvarn"}, false)
	south2 := s.consultant(t, "Cecilia Syd", []string{"textil"}, []string{"nykvarn"}, false, "avtal")
	textil, dans, musik := s.termID(t, "art_forms", "textil"), s.termID(t, "art_forms", "dans"), s.termID(t, "art_forms", "musik")
	nykvarn, taby := s.termID(t, "municipalities", "nykvarn"), s.termID(t, "municipalities", "taby")
	assignee := func(id int64) int64 {
		return testutil.Scalar[int64](t, s.pool, `SELECT coalesce(assignee_id, 0) FROM questions WHERE id = $1`, id)
	}
	t.Run("art form and municipality", func(t *testing.T) {
		q, _ := s.ask(t, question.Ask{ArtFormID: musik, MunicipalityID: taby})
		if got := assignee(q.ID); got != north {
			t.Errorf("music in Täby went to %d, want %d", got, north)
		}
	})
	t.Run("all municipalities", func(t *testing.T) {
		q, _ := s.ask(t, question.Ask{ArtFormID: dans, MunicipalityID: nykvarn})
		if got := assignee(q.ID); got != dance {
			t.Errorf("dance in Nykvarn went to %d, want %d", got, dance)
		}
	})
	t.Run("several match: fewest open, then name", func(t *testing.T) {
		// Bo and Cecilia both cover textiles in Nykvarn and have nothing
		// open: Bo by name; then Cecilia, who has fewer.
		q1, _ := s.ask(t, question.Ask{ArtFormID: textil, MunicipalityID: nykvarn})
		q2, _ := s.ask(t, question.Ask{ArtFormID: textil, MunicipalityID: nykvarn})
		if a1, a2 := assignee(q1.ID), assignee(q2.ID); a1 != south1 || a2 != south2 {
			t.Errorf("textiles in Nykvarn went to %d and %d, want %d then %d", a1, a2, south1, south2)
		}
	})
	t.Run("topic", func(t *testing.T) {
		// Only Cecilia lists contracts among her topics.
		s.ask(t, question.Ask{ArtFormID: textil, MunicipalityID: nykvarn})
		q, _ := s.ask(t, question.Ask{Topic: "finansiering", ArtFormID: textil, MunicipalityID: nykvarn})
		if got := assignee(q.ID); got != south1 {
			t.Errorf("a funding question went to %d, want %d (the other lists no funding)", got, south1)
		}
	})
	t.Run("shared inbox: nobody matches", func(t *testing.T) {
		q2, _ := s.ask(t, question.Ask{ArtFormID: s.termID(t, "art_forms", "film"), MunicipalityID: nykvarn})
		if got := assignee(q2.ID); got != 0 {
			t.Errorf("film in Nykvarn went to %d, want the shared inbox", got)
		}
	})
	t.Run("shared inbox: nothing to match on", func(t *testing.T) {
		q, _ := s.ask(t, question.Ask{})
		if got := assignee(q.ID); got != 0 {
			t.Errorf("a question without art form or municipality went to %d, want the shared inbox", got)
		}
	})
	t.Run("shared inbox is in everyone's list", func(t *testing.T) {
		list, total, err := s.store.Inbox(ctx, question.Filter{Scope: question.ScopeShared})
		if err != nil {
			t.Fatal(err)
		}
		if total < 2 || len(list) != total {
			t.Errorf("shared inbox lists %d of %d, want the 2 unrouted", len(list), total)
		}
		for _, q := range list {
			if q.AssigneeID != 0 {
				t.Errorf("shared inbox lists %s, held by %d", q.Number, q.AssigneeID)
			}
		}
	})
}

// TestStateMachine walks a question through every step and checks what
// each allows.
func TestStateMachine(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	anna := s.consultant(t, "Anna Dans", []string{"dans"}, nil, true)
	johan := s.consultant(t, "Johan Norr", []string{"musik"}, []string{"taby"}, false)
	by := audit.Entry{ActorID: &anna, ActorName: "Anna Dans"}
	q, token := s.ask(t, question.Ask{})
	state := func() question.State {
		got, err := s.store.Get(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.State
	}
	step := func(st question.Step, want question.State) {
		t.Helper()
		if err := s.store.Do(ctx, by, q.ID, st); err != nil {
			t.Fatalf("%s: %v", st.Kind, err)
		}
		if got := state(); got != want {
			t.Fatalf("after %s: %s, want %s", st.Kind, got, want)
		}
	}
	refuse := func(st question.Step) {
		t.Helper()
		before := state()
		if err := s.store.Do(ctx, by, q.ID, st); !errors.Is(err, question.ErrState) {
			t.Fatalf("%s in %s: %v, want ErrState", st.Kind, before, err)
		}
	}
	if state() != question.StateNew {
		t.Fatalf("a new question is %s", state())
	}
	refuse(question.Step{Kind: question.EventReopened})
	step(question.Step{Kind: question.EventNote, Body: "Kollar."}, question.StateOngoing)
	if a := testutil.Scalar[int64](t, s.pool, `SELECT assignee_id FROM questions WHERE id = $1`, q.ID); a != anna {
		t.Errorf("working on a shared question did not take it: held by %d", a)
	}
	step(question.Step{Kind: question.EventWaiting}, question.StateWaiting)
	refuse(question.Step{Kind: question.EventWaiting})
	// The asker's follow-up on a waiting question sets it going again.
	if err := s.store.FollowUp(ctx, audit.Entry{}, token, "Det gäller hösten.", ""); err != nil {
		t.Fatal(err)
	}
	if got := state(); got != question.StateOngoing {
		t.Fatalf("a follow-up on a waiting question left it %s", got)
	}
	step(question.Step{Kind: question.EventHandOver, ToUserID: johan}, question.StateOngoing)
	if err := s.store.Do(ctx, by, q.ID, question.Step{Kind: question.EventHandOver, ToUserID: 999999}); !errors.Is(err, question.ErrNoColleague) {
		t.Errorf("hand-over to nobody: %v", err)
	}
	step(question.Step{Kind: question.EventAnswer, Body: "Svar."}, question.StateAnswered)
	step(question.Step{Kind: question.EventReopened}, question.StateOngoing)
	org := testutil.Scalar[int64](t, s.pool, `SELECT id FROM support_organisations ORDER BY id LIMIT 1`)
	step(question.Step{Kind: question.EventReferral, OrganisationID: org}, question.StateReferred)
	step(question.Step{Kind: question.EventClosed}, question.StateClosed)
	refuse(question.Step{Kind: question.EventClosed})
	refuse(question.Step{Kind: question.EventAnswer, Body: "Sent svar."})
	refuse(question.Step{Kind: question.EventWaiting})
	// A follow-up on a closed question reopens it and restarts the clock.
	*s.now = s.now.Add(48 * time.Hour)
	if err := s.store.FollowUp(ctx, audit.Entry{}, token, "En sak till.", ""); err != nil {
		t.Fatal(err)
	}
	got, _ := s.store.Get(ctx, q.ID)
	if got.State != question.StateOngoing || !got.AwaitingSince.Equal(s.now.Truncate(time.Microsecond)) {
		t.Errorf("a follow-up on a closed question: %s, waiting since %s; want pågår since %s", got.State, got.AwaitingSince, *s.now)
	}
	if err := s.store.CloseByAsker(ctx, audit.Entry{}, token); err != nil {
		t.Fatal(err)
	}
	if state() != question.StateClosed {
		t.Errorf("the asker's close left it %s", state())
	}
	// Every step is in the audit log, and every event belongs to the
	// question's registration.
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE target = $1`, q.Number); n != 11 {
		t.Errorf("%d audit entries for %s, want 11: the question and one a step", n, q.Number)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM question_events e JOIN questions q ON q.id = e.question_id
		WHERE q.id = $1 AND e.registration_id <> q.registration_id`, q.ID); n != 0 {
		t.Errorf("%d events not linked to the question's registration", n)
	}
	// The asker's thread never holds the note or the hand-over.
	evs, err := s.store.Events(ctx, q.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if !e.Kind.Public() {
			t.Errorf("the asker's thread holds a %s", e.Kind)
		}
	}
}

// TestFiftyAtOnce sends 50 questions at the same time: 50 numbers of one
// year, consecutive, none twice.
func TestFiftyAtOnce(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	before := testutil.Scalar[int](t, s.pool, `SELECT coalesce(max(seq), 0) FROM registrations WHERE year = 2026`)
	const n = 50
	var wg sync.WaitGroup
	numbers := make([]string, n)
	errs := make([]error, n)
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key, _ := secret.New()
			got, err := s.store.Ask(ctx, audit.Entry{IP: "192.0.2.9"}, question.Ask{Topic: "annat", Body: "Fråga i mängden.",
				Name: "Sam Samtidig", Email: "sam@example.se", Key: key})
			numbers[i], errs[i] = got.Number, err
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("question %d: %v", i, err)
		}
	}
	seqs := testutil.Scalar[[]int32](t, s.pool, `
		SELECT array_agg(r.seq ORDER BY r.seq) FROM questions q JOIN registrations r ON r.id = q.registration_id
		WHERE q.name = 'Sam Samtidig'`)
	sort.Strings(numbers)
	seen := map[string]bool{}
	for _, num := range numbers {
		if seen[num] {
			t.Errorf("number %s given twice", num)
		}
		seen[num] = true
	}
	if len(seqs) != n {
		t.Fatalf("%d questions registered, want %d", len(seqs), n)
	}
	for i, seq := range seqs {
		if int(seq) != before+1+i {
			t.Fatalf("sequence %v: a gap or a repeat at %d (want %d)", seqs, seq, before+1+i)
		}
	}
	t.Logf("50 questions sent at once in %s: %d numbers, %s to %s, %d distinct, no gap (seq %d–%d)",
		elapsed.Round(time.Millisecond), len(numbers), numbers[0], numbers[n-1], len(seen), seqs[0], seqs[n-1])
}
