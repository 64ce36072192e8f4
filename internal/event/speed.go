package event

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/speeddate"
)

// SpeedLine is one round of a participant's speed-dating schedule. The
// consultants make and send the schedule (package eventedit); the
// participant's e-mail and manage page show these lines.
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

// SentSpeedSchedule is the schedule of sign-up id as last sent to the
// participants (none before it was sent), for the manage page.
func SentSpeedSchedule(ctx context.Context, q db.Querier, id int64) ([]SpeedLine, error) {
	var raw []byte
	var start time.Time
	var minutes *int16
	err := q.QueryRow(ctx, `SELECT s.sent_plan, e.starts_at, e.speed_minutes FROM event_signups su
		JOIN events e ON e.id = su.event_id JOIN event_speed_schedules s ON s.event_id = e.id
		WHERE su.id = $1 AND s.sent_plan IS NOT NULL AND su.state = 'seated'`, id).Scan(&raw, &start, &minutes)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("event: speed schedule of %d: %w", id, err)
	}
	var plan speeddate.Schedule
	if err := json.Unmarshal(raw, &plan); err != nil {
		return nil, fmt.Errorf("event: speed schedule of %d: %w", id, err)
	}
	names, err := SpeedNames(ctx, q, id)
	if err != nil {
		return nil, err
	}
	m := 0
	if minutes != nil {
		m = int(*minutes)
	}
	return SpeedLines(plan, id, start, m, names), nil
}

// SpeedNames are the participants of sign-up id's event as the schedule
// names them: name, and organisation in brackets.
func SpeedNames(ctx context.Context, q db.Querier, id int64) (map[int64]string, error) {
	rows, err := q.Query(ctx, `SELECT o.id, o.name, o.organisation FROM event_signups o
		WHERE o.event_id = (SELECT event_id FROM event_signups WHERE id = $1)`, id)
	if err != nil {
		return nil, fmt.Errorf("event: speed names: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var sid int64
		var name, org string
		if err := rows.Scan(&sid, &name, &org); err != nil {
			return nil, fmt.Errorf("event: speed names: %w", err)
		}
		if org != "" {
			name += " (" + org + ")"
		}
		names[sid] = name
	}
	return names, rows.Err()
}
