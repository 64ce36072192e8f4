package proposal_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/proposal"
	"residens/internal/testutil"
)

// people are the accounts the store tests act as.
type people struct {
	officer, consultant user
}

func (s *site) people(t *testing.T) people {
	t.Helper()
	return people{
		officer:    s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka"),
		consultant: s.account(t, auth.RoleConsultant, "Karin Konsult", ""),
	}
}

// inState makes a complete proposal of Nacka and takes it to state the way
// the portal does, through the store.
func (s *site) inState(t *testing.T, p people, state proposal.State) int64 {
	t.Helper()
	ctx := context.Background()
	res, err := s.store.Create(ctx, p.officer.Actor, "", s.validValues(t, "Koreograf i Nacka "+string(state)), state != proposal.Draft)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	id, c := res.ID, p.consultant.Actor
	switch state {
	case proposal.Draft, proposal.Submitted:
	case proposal.InReview:
		err = s.store.Take(ctx, c, id, 0)
	case proposal.CompletionRequested:
		err = s.store.RequestCompletion(ctx, c, id, "Beskriv lokalerna närmare.")
	case proposal.Accepted:
		_, err = s.store.Accept(ctx, c, id, "")
	case proposal.Declined:
		err = s.store.Decline(ctx, c, id, "Budgeten räcker inte i år.")
	case proposal.Withdrawn:
		err = s.store.Withdraw(ctx, p.officer.Actor, id)
	}
	if err != nil {
		t.Fatalf("to %s: %v", state, err)
	}
	if got := s.state(t, id); got != state {
		t.Fatalf("set-up reached %s, want %s", got, state)
	}
	return id
}

func (s *site) state(t *testing.T, id int64) proposal.State {
	t.Helper()
	return proposal.State(testutil.Scalar[string](t, s.pool, `SELECT state FROM proposals WHERE id = $1`, id))
}

// trace is what a refused request must leave as it was.
type trace struct {
	State            proposal.State
	Version          int
	Events, Audit    int
	Mails, Residency int
}

func (s *site) trace(t *testing.T, id int64) trace {
	t.Helper()
	var tr trace
	err := s.pool.QueryRow(context.Background(), `
		SELECT state, version,
			(SELECT count(*) FROM proposal_events WHERE proposal_id = $1),
			(SELECT count(*) FROM audit_log WHERE (detail->>'proposal_id')::bigint = $1),
			(SELECT count(*) FROM river_job WHERE kind = 'mail.send'),
			(SELECT count(*) FROM residencies WHERE proposal_id = $1)
		FROM proposals WHERE id = $1`, id).Scan(&tr.State, &tr.Version, &tr.Events, &tr.Audit, &tr.Mails, &tr.Residency)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestTransitions tries every action on a proposal in every state: the
// allowed ones (written out here, independently of the store's table) move
// it and leave a timeline event and an audit entry; the others are refused
// and change nothing.
func TestTransitions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.people(t)
	ctx := context.Background()
	all := proposal.States
	type action struct {
		name string
		// after maps each state the action is allowed in to the state it
		// leaves the proposal in.
		after map[proposal.State]proposal.State
		do    func(id int64) error
	}
	save := func(id int64, submit bool) error {
		cur, err := s.store.Get(ctx, p.officer.Actor, id)
		if err != nil {
			return err
		}
		v := cur.Values
		v.Title += " (ändrad)"
		_, err = s.store.Save(ctx, p.officer.Actor, id, cur.Version, v, submit)
		return err
	}
	c := p.consultant.Actor
	actions := []action{
		{"submit", map[proposal.State]proposal.State{proposal.Draft: proposal.Submitted, proposal.CompletionRequested: proposal.Submitted},
			func(id int64) error { return save(id, true) }},
		{"edit", map[proposal.State]proposal.State{proposal.Draft: proposal.Draft, proposal.CompletionRequested: proposal.CompletionRequested},
			func(id int64) error { return save(id, false) }},
		{"take", map[proposal.State]proposal.State{proposal.Submitted: proposal.InReview, proposal.InReview: proposal.InReview,
			proposal.CompletionRequested: proposal.CompletionRequested},
			func(id int64) error { return s.store.Take(ctx, c, id, 0) }},
		{"request completion", map[proposal.State]proposal.State{proposal.Submitted: proposal.CompletionRequested, proposal.InReview: proposal.CompletionRequested},
			func(id int64) error { return s.store.RequestCompletion(ctx, c, id, "Lägg till budgeten.") }},
		{"accept", map[proposal.State]proposal.State{proposal.Submitted: proposal.Accepted, proposal.InReview: proposal.Accepted},
			func(id int64) error { _, err := s.store.Accept(ctx, c, id, ""); return err }},
		{"decline", map[proposal.State]proposal.State{proposal.Submitted: proposal.Declined, proposal.InReview: proposal.Declined},
			func(id int64) error { return s.store.Decline(ctx, c, id, "Inte i år.") }},
		{"withdraw", map[proposal.State]proposal.State{proposal.Draft: proposal.Withdrawn, proposal.Submitted: proposal.Withdrawn,
			proposal.InReview: proposal.Withdrawn, proposal.CompletionRequested: proposal.Withdrawn},
			func(id int64) error { return s.store.Withdraw(ctx, p.officer.Actor, id) }},
	}
	for _, a := range actions {
		for _, from := range all {
			want, ok := a.after[from]
			name := a.name + " from " + string(from)
			if ok {
				name += " is allowed"
			} else {
				name += " is refused"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				id := s.inState(t, p, from)
				before := s.trace(t, id)
				err := a.do(id)
				after := s.trace(t, id)
				if !ok {
					refused := errors.Is(err, proposal.ErrNotAllowed) || errors.Is(err, proposal.ErrAlreadySubmitted) ||
						httpx.ErrorCode(err) == httpx.CodeNotFound
					if !refused {
						t.Fatalf("err = %v, want a refusal", err)
					}
					// Mails are counted site-wide, and parallel subtests
					// queue their own: compare only this proposal's rows.
					before.Mails, after.Mails = 0, 0
					if after != before {
						t.Errorf("a refused %s changed the proposal: %+v, was %+v", a.name, after, before)
					}
					return
				}
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				if after.State != want {
					t.Errorf("state %s, want %s", after.State, want)
				}
				if after.Version <= before.Version {
					t.Errorf("version %d after, %d before: want it bumped", after.Version, before.Version)
				}
				if after.Audit <= before.Audit {
					t.Error("no audit entry")
				}
				if want != from || a.name == "take" {
					if after.Events != before.Events+1 {
						t.Errorf("%d events after, %d before: want one more on the timeline", after.Events, before.Events)
					}
				}
				if from != want {
					got := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposal_events WHERE proposal_id = $1
						AND kind = 'transition' AND from_state = $2 AND to_state = $3`, id, string(from), string(want))
					if got != 1 {
						t.Errorf("%d timeline events %s → %s, want 1", got, from, want)
					}
				}
			})
		}
	}
}

// TestStateMachineTable checks the table itself against the issue: nothing
// leaves a decided or withdrawn proposal, a declined one cannot be
// accepted, only drafts and proposals sent back can be edited.
func TestStateMachineTable(t *testing.T) {
	t.Parallel()
	for _, from := range []proposal.State{proposal.Accepted, proposal.Declined, proposal.Withdrawn} {
		for _, to := range proposal.States {
			if proposal.Allowed(from, to) {
				t.Errorf("Allowed(%s, %s) = true: nothing leaves %s", from, to, from)
			}
		}
		if from.Editable() || from.Open() {
			t.Errorf("%s is editable or open", from)
		}
	}
	var editable []proposal.State
	for _, s := range proposal.States {
		if s.Editable() {
			editable = append(editable, s)
		}
	}
	if !slices.Equal(editable, []proposal.State{proposal.Draft, proposal.CompletionRequested}) {
		t.Errorf("editable states %v, want draft and completion_requested", editable)
	}
}

// TestDecisionRace sends an acceptance and a decline of one proposal at
// once: exactly one wins, and at most one residency is made.
func TestDecisionRace(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.people(t)
	ctx := context.Background()
	id := s.inState(t, p, proposal.InReview)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() { defer wg.Done(); _, errs[0] = s.store.Accept(ctx, p.consultant.Actor, id, "") }()
	go func() { defer wg.Done(); errs[1] = s.store.Decline(ctx, p.consultant.Actor, id, "Nej.") }()
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, proposal.ErrNotAllowed):
			t.Errorf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d decisions went through (%v), want exactly 1", won, errs)
	}
	st := s.state(t, id)
	residencies := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies WHERE proposal_id = $1`, id)
	if (st == proposal.Accepted) != (residencies == 1) || residencies > 1 {
		t.Errorf("state %s with %d residencies", st, residencies)
	}
}

// TestOwnersOnlyInStore: the store answers not found to an officer of
// another municipality, whatever the action, and a consultant never sees a
// draft.
func TestOwnersOnlyInStore(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.people(t)
	ctx := context.Background()
	other := s.account(t, auth.RoleMunicipality, "Vera Värmdö", "varmdo").Actor
	sent := s.inState(t, p, proposal.Submitted)
	draft := s.inState(t, p, proposal.Draft)
	tests := []struct {
		name string
		do   func() error
	}{
		{"get", func() error { _, err := s.store.Get(ctx, other, sent); return err }},
		{"save", func() error {
			_, err := s.store.Save(ctx, other, draft, 1, proposal.Values{Title: "Kapat"}, false)
			return err
		}},
		{"submit", func() error {
			_, err := s.store.Save(ctx, other, draft, 1, s.validValues(t, "Kapat"), true)
			return err
		}},
		{"message", func() error { return s.store.Message(ctx, other, sent, "Hej", false) }},
		{"withdraw", func() error { return s.store.Withdraw(ctx, other, sent) }},
		{"consultant sees no draft", func() error { _, err := s.store.Get(ctx, p.consultant.Actor, draft); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); httpx.ErrorCode(err) != httpx.CodeNotFound {
				t.Errorf("err = %v, want not found", err)
			}
		})
	}
	if st := s.state(t, sent); st != proposal.Submitted {
		t.Errorf("sent proposal is %s after the other municipality's requests", st)
	}
}

// TestInternalNotesNeverReachTheOfficer: a note is on the consultants'
// timeline only, the table itself refuses a visible note, and no e-mail
// goes out for it.
func TestInternalNotesNeverReachTheOfficer(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.people(t)
	ctx := context.Background()
	id := s.inState(t, p, proposal.InReview)
	mailsBefore := len(s.mails(t))
	if err := s.store.Message(ctx, p.consultant.Actor, id, "Hemlig bedömning: svag budget.", true); err != nil {
		t.Fatal(err)
	}
	if n := len(s.mails(t)); n != mailsBefore {
		t.Errorf("a note queued %d e-mails", n-mailsBefore)
	}
	if err := s.store.Message(ctx, p.officer.Actor, id, "Anteckning från kommunen", true); !errors.Is(err, proposal.ErrNotAllowed) {
		t.Errorf("an officer's note: err = %v, want ErrNotAllowed", err)
	}
	officerView, err := s.store.Events(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range officerView {
		if e.Kind == proposal.EventNote || !e.Visible {
			t.Errorf("the officer's timeline holds %+v", e)
		}
	}
	all, err := s.store.Events(ctx, id, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(all, func(e proposal.Event) bool { return e.Kind == proposal.EventNote }) {
		t.Error("the consultants' timeline lacks the note")
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO proposal_events (proposal_id, kind, body, visible_to_municipality)
		VALUES ($1, 'note', 'x', true)`, id)
	if err == nil {
		t.Error("the table took a note visible to the municipality")
	}
}
