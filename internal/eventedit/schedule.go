package eventedit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/a-h/templ"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/speeddate"
)

// SpeedLine is one round of a participant's speed-dating schedule, as
// their e-mail and their manage page show it.
type SpeedLine struct {
	Round int
	At    time.Time
	Table int
	// With is whom one meets: their name and organisation.
	With  string
	Pause bool
}

// Text is the line in Swedish: "Omgång 2, kl. 10.08: bord 3, Anna Berg
// (Nacka kommun)".
func (l SpeedLine) Text() string {
	at := l.At.In(civil.Stockholm).Format("15.04")
	if l.Pause {
		return fmt.Sprintf("Omgång %d, kl. %s: paus", l.Round, at)
	}
	return fmt.Sprintf("Omgång %d, kl. %s: bord %d, %s", l.Round, at, l.Table, l.With)
}

// SpeedLines are participant id's rounds in plan, the first starting at
// start and each minutes long; names holds whom they meet.
func SpeedLines(plan speeddate.Schedule, id int64, start time.Time, minutes int, names map[int64]string) []SpeedLine {
	var out []SpeedLine
	for _, sl := range plan.For(id) {
		out = append(out, SpeedLine{Round: sl.Round, At: start.Add(time.Duration((sl.Round-1)*minutes) * time.Minute),
			Table: sl.Table, With: names[sl.With], Pause: sl.Pause})
	}
	return out
}

// SentSchedule is seated sign-up id's schedule as last sent to the
// participants; none before it was sent.
func (s *Store) SentSchedule(ctx context.Context, id int64) ([]SpeedLine, error) {
	var raw []byte
	var event int64
	var start time.Time
	var minutes *int16
	err := s.pool.QueryRow(ctx, `SELECT s.sent_plan, e.id, e.starts_at, e.speed_minutes FROM event_signups su
		JOIN events e ON e.id = su.event_id JOIN event_speed_schedules s ON s.event_id = e.id
		WHERE su.id = $1 AND s.sent_plan IS NOT NULL AND su.state = 'seated'`, id).Scan(&raw, &event, &start, &minutes)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("eventedit: schedule of %d: %w", id, err)
	}
	var plan speeddate.Schedule
	if err := json.Unmarshal(raw, &plan); err != nil {
		return nil, fmt.Errorf("eventedit: schedule of %d: %w", id, err)
	}
	sp, err := s.Speed(ctx, event)
	if err != nil {
		return nil, err
	}
	names := sp.Names()
	if err := s.leftNames(ctx, event, names); err != nil {
		return nil, err
	}
	m := 0
	if minutes != nil {
		m = int(*minutes)
	}
	return SpeedLines(plan, id, start, m, names), nil
}

// leftNames adds to names the participants of event who are no longer
// seated (a sent plan may still name them).
func (s *Store) leftNames(ctx context.Context, event int64, names map[int64]string) error {
	rows, err := s.pool.Query(ctx, `SELECT id, name, organisation FROM event_signups WHERE event_id = $1`, event)
	if err != nil {
		return fmt.Errorf("eventedit: names of %d: %w", event, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, org string
		if err := rows.Scan(&id, &name, &org); err != nil {
			return fmt.Errorf("eventedit: names of %d: %w", event, err)
		}
		if _, ok := names[id]; !ok {
			if org != "" {
				name += " (" + org + ")"
			}
			names[id] = name
		}
	}
	return rows.Err()
}

// ManageSection is the participant's speed-dating schedule on their manage
// page (event.Public.AddManageSection): nothing until it was sent, and
// nothing for a sign-up without a seat (one who cancelled has no table).
func (s *Store) ManageSection(ctx context.Context, su *event.Signup) (templ.Component, error) {
	if su.State != event.Seated {
		return nil, nil
	}
	lines, err := s.SentSchedule(ctx, su.ID)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return SpeedSchedule(lines), nil
}

// Store is the handler's store, for the route table to add the manage
// page's section.
func (h *Handler) Store() *Store { return h.store }
