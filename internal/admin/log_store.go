package admin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
	"residens/internal/db"
)

// LogPageSize is the number of entries on one page of the audit log.
const LogPageSize = 50

// LogFilter is a parsed request for the audit log.
type LogFilter struct {
	// Action is one of audit's action constants, or "" for all.
	Action string
	// Actor and Target match part of the name or e-mail address of who
	// acted and of whom it concerned.
	Actor  string
	Target string
	// From and To are calendar days in Europe/Stockholm (as civil.Today
	// gives them), both included; zero means no bound.
	From, To time.Time
	Page     int
}

// LogEntry is one line of the audit log as the log page shows it. The
// e-mail addresses are the accounts' current ones, when they still exist.
type LogEntry struct {
	ID           int64
	At           time.Time
	Action       string
	ActorID      *int64
	ActorName    string
	ActorEmail   string
	TargetUserID *int64
	Target       string
	TargetName   string
	TargetEmail  string
	Detail       map[string]any
	IP           string
}

// dayStart is the instant a Stockholm calendar day begins; time.Date
// normalises across daylight-saving changes, so a day is 23, 24 or 25 hours.
func dayStart(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, civil.Stockholm)
}

func (f LogFilter) where(args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"true"}
	if f.Action != "" {
		conds = append(conds, "l.action = "+arg(f.Action))
	}
	if f.Actor != "" {
		p := arg("%" + db.LikeEscape(f.Actor) + "%")
		conds = append(conds, "(l.actor_name ILIKE "+p+" OR a.name ILIKE "+p+" OR a.email ILIKE "+p+")")
	}
	if f.Target != "" {
		p := arg("%" + db.LikeEscape(f.Target) + "%")
		conds = append(conds, "(l.target ILIKE "+p+" OR t.name ILIKE "+p+" OR t.email ILIKE "+p+")")
	}
	if !f.From.IsZero() {
		conds = append(conds, "l.at >= "+arg(dayStart(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "l.at < "+arg(dayStart(f.To.AddDate(0, 0, 1))))
	}
	return strings.Join(conds, " AND ")
}

const logFrom = ` FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON t.id = l.target_user_id `

const logColumns = `l.id, l.at, l.action, l.actor_id, l.actor_name, coalesce(a.email, ''), l.target_user_id, l.target,
	coalesce(t.name, ''), coalesce(t.email, ''), l.detail, l.ip`

func scanLogEntry(row pgx.CollectableRow) (LogEntry, error) {
	var e LogEntry
	err := row.Scan(&e.ID, &e.At, &e.Action, &e.ActorID, &e.ActorName, &e.ActorEmail, &e.TargetUserID, &e.Target,
		&e.TargetName, &e.TargetEmail, &e.Detail, &e.IP)
	return e, err
}

// CountLog returns how many entries match f.
func (s *Store) CountLog(ctx context.Context, f LogFilter) (int, error) {
	var args []any
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*)`+logFrom+`WHERE `+f.where(&args), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("admin: count log: %w", err)
	}
	return n, nil
}

// Log returns page f.Page of the entries matching f, newest first.
func (s *Store) Log(ctx context.Context, f LogFilter) ([]LogEntry, error) {
	var args []any
	where := f.where(&args)
	page := max(f.Page, 1)
	args = append(args, LogPageSize, (page-1)*LogPageSize)
	rows, err := s.pool.Query(ctx, `SELECT `+logColumns+logFrom+`WHERE `+where+`
		ORDER BY l.at DESC, l.id DESC
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("admin: log: %w", err)
	}
	return pgx.CollectRows(rows, scanLogEntry)
}

// LogAbout returns the newest limit entries that concern the user or that
// the user made.
func (s *Store) LogAbout(ctx context.Context, id int64, limit int) ([]LogEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+logColumns+logFrom+`WHERE l.target_user_id = $1 OR l.actor_id = $1
		ORDER BY l.at DESC, l.id DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("admin: log about %d: %w", id, err)
	}
	return pgx.CollectRows(rows, scanLogEntry)
}
