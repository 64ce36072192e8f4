package eventedit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/speeddate"
)

// Errors of the speed-dating schedule.
var (
	// ErrNotSpeedDating says the event is of another format.
	ErrNotSpeedDating = errors.New("event is not a speed-dating event")
	// ErrNoRounds says the event has no number of rounds or minutes yet.
	ErrNoRounds = errors.New("speed-dating event without rounds or minutes")
	// ErrTooFew says a side has no seated participant.
	ErrTooFew = errors.New("speed-dating needs a seated participant on each side")
	// ErrNoSchedule says there is no schedule to send.
	ErrNoSchedule = errors.New("no speed-dating schedule")
)

// SpeedParticipant is a seated participant of a speed-dating event.
type SpeedParticipant struct {
	Participant
	ArtForms []int64
	Wants    []int64
}

// Speed is an event's speed-dating: who takes part, the schedule and
// whether it was sent.
type Speed struct {
	Participants []SpeedParticipant
	// Plan is the schedule; nil before one was made.
	Plan        *speeddate.Schedule
	GeneratedAt *time.Time
	SentAt      *time.Time
	// Changed are who would be mailed if the plan were sent now.
	Changed []int64
}

// Names are the participants by id, as the schedule names them.
func (sp *Speed) Names() map[int64]string {
	m := map[int64]string{}
	for _, p := range sp.Participants {
		n := p.Name
		if p.Organisation != "" {
			n += " (" + p.Organisation + ")"
		}
		m[p.ID] = n
	}
	return m
}

// Side is the participants of one side.
func (sp *Speed) Side(side string) []SpeedParticipant {
	var out []SpeedParticipant
	for _, p := range sp.Participants {
		if p.Side == side {
			out = append(out, p)
		}
	}
	return out
}

func side(s string) speeddate.Side {
	if s == event.SideHost {
		return speeddate.HostSide
	}
	return speeddate.ActorSide
}

// Speed reads event id's speed-dating: the seated with a side, their art
// forms (what they work in and look for) and wishes, and the schedule.
func (s *Store) Speed(ctx context.Context, id int64) (*Speed, error) {
	return speedOf(ctx, s.pool, id)
}

func speedOf(ctx context.Context, q db.Querier, id int64) (*Speed, error) {
	rows, err := q.Query(ctx, `SELECT `+participantCols+`,
			ARRAY(SELECT x FROM (SELECT s.art_form_id AS x WHERE s.art_form_id IS NOT NULL
				UNION SELECT art_form_id FROM event_signup_art_forms WHERE signup_id = s.id) u ORDER BY x),
			ARRAY(SELECT wants_id FROM event_speed_wishes WHERE signup_id = s.id ORDER BY wants_id)
		FROM event_signups s LEFT JOIN art_forms a ON a.id = s.art_form_id LEFT JOIN municipalities m ON m.id = s.municipality_id
		WHERE s.event_id = $1 AND s.state = 'seated' AND s.speed_side IS NOT NULL ORDER BY s.speed_side, s.name, s.id`, id)
	if err != nil {
		return nil, fmt.Errorf("eventedit: speed %d: %w", id, err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SpeedParticipant, error) {
		var p SpeedParticipant
		var state string
		err := r.Scan(&p.ID, &state, &p.Name, &p.Email, &p.Organisation, &p.Role, &p.ArtForm, &p.Municipality,
			&p.Needs, &p.LineNo, &p.Code, &p.CheckedInAt, &p.Side, &p.LookingFor, &p.PersonalPurged, &p.CreatedAt, &p.ArtForms, &p.Wants)
		p.State = event.State(state)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("eventedit: speed %d: %w", id, err)
	}
	sp := &Speed{Participants: ps}
	var plan, sent []byte
	err = q.QueryRow(ctx, `SELECT plan, sent_plan, generated_at, sent_at FROM event_speed_schedules WHERE event_id = $1`, id).
		Scan(&plan, &sent, &sp.GeneratedAt, &sp.SentAt)
	if db.IsNoRows(err) {
		return sp, nil
	}
	if err != nil {
		return nil, fmt.Errorf("eventedit: speed schedule %d: %w", id, err)
	}
	var p speeddate.Schedule
	if err := json.Unmarshal(plan, &p); err != nil {
		return nil, fmt.Errorf("eventedit: speed schedule %d: %w", id, err)
	}
	sp.Plan = &p
	if sent != nil {
		var old speeddate.Schedule
		if err := json.Unmarshal(sent, &old); err != nil {
			return nil, fmt.Errorf("eventedit: speed schedule %d: %w", id, err)
		}
		sp.Changed = speeddate.Diff(old, p)
	}
	return sp, nil
}

// SaveWishes stores who asked to meet whom at event id (wants maps a
// seated participant to participants of the other side); a wish naming
// someone not seated or on the same side is dropped.
func (s *Store) SaveWishes(ctx context.Context, by audit.Entry, id int64, wants map[int64][]int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		title, _, err := lockStatus(ctx, tx, id)
		if err != nil {
			return err
		}
		sp, err := speedOf(ctx, tx, id)
		if err != nil {
			return err
		}
		sides := map[int64]string{}
		for _, p := range sp.Participants {
			sides[p.ID] = p.Side
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_speed_wishes WHERE event_id = $1`, id); err != nil {
			return fmt.Errorf("eventedit: wishes %d: %w", id, err)
		}
		var froms, tos []int64
		for from, want := range wants {
			for _, to := range want {
				if sides[from] != "" && sides[to] != "" && sides[from] != sides[to] {
					froms, tos = append(froms, from), append(tos, to)
				}
			}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO event_speed_wishes (event_id, signup_id, wants_id)
			SELECT $1, f, t FROM unnest($2::bigint[], $3::bigint[]) AS w (f, t) ON CONFLICT DO NOTHING`, id, froms, tos)
		if err != nil {
			return fmt.Errorf("eventedit: wishes %d: %w", id, err)
		}
		return record(ctx, tx, by, audit.EventSpeedWishes, id, title, map[string]any{"wishes": tag.RowsAffected()})
	})
}

// Generate plans event id's schedule from its seated participants with
// speeddate.Plan and stores it over any earlier one (a sent one stays as
// sent until Send).
func (s *Store) Generate(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var title, format string
		var rounds *int16
		if err := tx.QueryRow(ctx, `SELECT title, format, speed_rounds FROM events WHERE id = $1 FOR UPDATE`, id).Scan(&title, &format, &rounds); err != nil {
			if db.IsNoRows(err) {
				return fmt.Errorf("eventedit: generate %d: %w", id, db.ErrNotFound)
			}
			return fmt.Errorf("eventedit: generate %d: %w", id, err)
		}
		if format != event.FormatSpeedDating {
			return fmt.Errorf("eventedit: generate %d: %w", id, ErrNotSpeedDating)
		}
		if rounds == nil {
			return fmt.Errorf("eventedit: generate %d: %w", id, ErrNoRounds)
		}
		sp, err := speedOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(sp.Side(event.SideActor)) == 0 || len(sp.Side(event.SideHost)) == 0 {
			return fmt.Errorf("eventedit: generate %d: %w", id, ErrTooFew)
		}
		ps := make([]speeddate.Participant, len(sp.Participants))
		for i, p := range sp.Participants {
			ps[i] = speeddate.Participant{ID: p.ID, Side: side(p.Side), ArtForms: p.ArtForms, Wants: p.Wants}
		}
		plan, err := speeddate.Plan(ps, int(*rounds))
		if err != nil {
			return fmt.Errorf("eventedit: generate %d: %w", id, err)
		}
		raw, err := json.Marshal(plan)
		if err != nil {
			return fmt.Errorf("eventedit: generate %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO event_speed_schedules (event_id, rounds, plan, generated_at, generated_by)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (event_id) DO UPDATE SET rounds = $2, plan = $3, generated_at = $4, generated_by = $5`,
			id, *rounds, raw, s.now(), by.ActorID); err != nil {
			return fmt.Errorf("eventedit: generate %d: %w", id, err)
		}
		return record(ctx, tx, by, audit.EventSpeedScheduled, id, title, map[string]any{"participants": len(ps), "rounds": *rounds})
	})
}

// Send mails each participant their personal schedule: everyone the first
// time, and after that only those whose schedule changed since it was last
// sent, saying what changed. It returns how many were mailed.
func (s *Store) Send(ctx context.Context, by audit.Entry, id int64) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var title string
		var start time.Time
		var minutes *int16
		if err := tx.QueryRow(ctx, `SELECT title, starts_at, speed_minutes FROM events WHERE id = $1 FOR UPDATE`, id).Scan(&title, &start, &minutes); err != nil {
			if db.IsNoRows(err) {
				return fmt.Errorf("eventedit: send %d: %w", id, db.ErrNotFound)
			}
			return fmt.Errorf("eventedit: send %d: %w", id, err)
		}
		sp, err := speedOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if sp.Plan == nil {
			return fmt.Errorf("eventedit: send %d: %w", id, ErrNoSchedule)
		}
		var old *speeddate.Schedule
		var sent []byte
		if err := tx.QueryRow(ctx, `SELECT sent_plan FROM event_speed_schedules WHERE event_id = $1`, id).Scan(&sent); err != nil {
			return fmt.Errorf("eventedit: send %d: %w", id, err)
		}
		if sent != nil {
			old = &speeddate.Schedule{}
			if err := json.Unmarshal(sent, old); err != nil {
				return fmt.Errorf("eventedit: send %d: %w", id, err)
			}
		}
		m := 0
		if minutes != nil {
			m = int(*minutes)
		}
		names, emails := sp.Names(), map[int64]string{}
		rows, err := tx.Query(ctx, `SELECT id, name, email, organisation FROM event_signups WHERE event_id = $1 AND personal_purged_at IS NULL`, id)
		if err != nil {
			return fmt.Errorf("eventedit: send %d: %w", id, err)
		}
		plain := map[int64]string{}
		var sid int64
		var name, email, org string
		if _, err := pgx.ForEachRow(rows, []any{&sid, &name, &email, &org}, func() error {
			emails[sid], plain[sid] = email, name
			if _, ok := names[sid]; !ok {
				// Someone in the old plan who has since left.
				names[sid] = name
				if org != "" {
					names[sid] += " (" + org + ")"
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("eventedit: send %d: %w", id, err)
		}
		var to []int64
		if old == nil {
			for _, p := range sp.Participants {
				to = append(to, p.ID)
			}
		} else {
			to = speeddate.Diff(*old, *sp.Plan)
		}
		// The key names the plan sent, so a plan is mailed once to each
		// and a changed one again.
		raw, err := json.Marshal(sp.Plan)
		if err != nil {
			return fmt.Errorf("eventedit: send %d: %w", id, err)
		}
		sum := sha256.Sum256(raw)
		version := hex.EncodeToString(sum[:8])
		for _, pid := range to {
			if emails[pid] == "" {
				continue
			}
			lines := SpeedLines(*sp.Plan, pid, start, m, names)
			link, err := s.manageLink(ctx, tx, pid)
			if err != nil {
				return err
			}
			v := MailView{Name: plain[pid], Event: title, StartsAt: start, Link: link}
			var subject string
			if old == nil {
				v.Heading, subject = "Ditt schema för speed-dejtingen", "Ditt schema: "+title
				v.Paragraphs = []string{"Här är ditt schema. Varje omgång är " + strconv.Itoa(m) + " minuter; bordsnumren står på borden."}
			} else {
				v.Heading, subject = "Ditt schema är ändrat", "Ändrat schema: "+title
				v.Paragraphs = append([]string{"Ditt schema för speed-dejtingen är ändrat. Det här är nytt:"},
					changes(SpeedLines(*old, pid, start, m, names), lines)...)
				v.Paragraphs = append(v.Paragraphs, "Hela ditt schema nu:")
			}
			for _, l := range lines {
				v.Lines = append(v.Lines, l.Text())
			}
			if len(lines) == 0 {
				v.Lines = []string{"Du har inte längre någon plats i schemat."}
			}
			if err := s.send(ctx, tx, emails[pid], subject, fmt.Sprintf("speed:%d:%d:%s", id, pid, version), v); err != nil {
				return err
			}
			n++
		}
		if _, err := tx.Exec(ctx, `UPDATE event_speed_schedules SET sent_plan = plan, sent_at = $2 WHERE event_id = $1`, id, s.now()); err != nil {
			return fmt.Errorf("eventedit: send %d: %w", id, err)
		}
		return record(ctx, tx, by, audit.EventSpeedSent, id, title, map[string]any{"mailed": n, "first": old == nil})
	})
	return n, err
}

// changes says, round by round, how new differs from old.
func changes(old, new []SpeedLine) []string {
	byRound := func(ls []SpeedLine) map[int]SpeedLine {
		m := map[int]SpeedLine{}
		for _, l := range ls {
			m[l.Round] = l
		}
		return m
	}
	o, n := byRound(old), byRound(new)
	var rounds []int
	for r := range o {
		rounds = append(rounds, r)
	}
	for r := range n {
		if _, ok := o[r]; !ok {
			rounds = append(rounds, r)
		}
	}
	slices.Sort(rounds)
	var out []string
	for _, r := range rounds {
		a, inOld := o[r]
		b, inNew := n[r]
		switch {
		case !inNew:
			out = append(out, a.Text()+" gäller inte längre.")
		case !inOld:
			out = append(out, b.Text()+" (ny).")
		case a.Pause != b.Pause || a.Table != b.Table || a.With != b.With:
			out = append(out, b.Text()+" (tidigare: "+tail(a)+").")
		}
	}
	return out
}

// tail is a line without its round and time.
func tail(l SpeedLine) string {
	if l.Pause {
		return "paus"
	}
	return "bord " + strconv.Itoa(l.Table) + ", " + l.With
}
