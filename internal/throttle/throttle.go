// Package throttle counts events per key in PostgreSQL, so that a limit
// holds across every instance that shares the database. It is the one
// mechanism behind the sign-in throttle (package auth) and the limits on the
// anonymous forms that send e-mail or register something (Form).
//
// An event is a row in throttle_events: the name of a rule, a key and a
// time. A key is derived from what the visitor sent (their client address,
// or the e-mail address they typed), never from what the database knows, so
// a limit says nothing about whether an account exists. Check takes a
// transaction-scoped advisory lock on each key before it counts, so that
// requests on one key are checked and recorded one at a time: a burst of
// parallel requests cannot all see the same count and all get through. An
// event recorded in the caller's transaction counts only if that
// transaction commits.
package throttle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// Keep is how long events are kept (internal/jobs deletes older ones). No
// rule may look back further.
const Keep = 24 * time.Hour

// Kind is what a rule's keys are made from.
type Kind string

// The kinds of key.
const (
	// ByIP keys on the client address (an IPv6 address cut to its /64).
	ByIP Kind = "ip"
	// ByEmail keys on a typed e-mail address, case-blind and hashed.
	ByEmail Kind = "email"
)

// Key is the key of value under kind: "ip:" and the address, or "email:"
// and a hash of the address in lower case. A typed address is stored as a
// hash: it may be a mistyped password rather than an address, and the
// throttle needs only to tell equal ones apart. An IPv6 client usually has a
// whole /64 to pick addresses from, so the /64 is its key.
func Key(kind Kind, value string) string {
	if kind == ByEmail {
		sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(value))))
		return "email:" + hex.EncodeToString(sum[:16])
	}
	if p := net.ParseIP(value); p != nil && p.To4() == nil {
		return "ip:" + p.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return "ip:" + value
}

// Rule is one named count: events under Name, per key of Kind, looked at
// within Window. By default at most Limit events may fall within the window;
// Delay replaces that with a wait that grows with the count.
type Rule struct {
	// Name is stored with each event, so that rules never count each
	// other's events (two rules of one name differ in Kind).
	Name string
	// Kind is what the keys are made from.
	Kind Kind
	// Window is how far back events count; at most Keep.
	Window time.Duration
	// Limit is how many events a key may have within Window: the next
	// waits until the oldest of them leaves the window. Zero means no
	// limit.
	Limit int
	// Delay, when set, is used instead of Limit: after n events within
	// Window the next waits Delay(n) from the newest of them, and locked
	// says the wait is a lock rather than a growing delay.
	Delay func(n int) (wait time.Duration, locked bool)
}

// Hit is one key counted under one rule: Value is the client address or the
// typed e-mail address, as the rule's Kind says.
type Hit struct {
	Rule  Rule
	Value string
}

func (h Hit) key() string { return Key(h.Rule.Kind, h.Value) }

// Verdict is the answer of Check.
type Verdict struct {
	// Until is when the next event may be recorded; zero when it may be
	// now.
	Until time.Time
	// Locked says the longest wait is a Delay rule's lock.
	Locked bool
	// Now is the time the check was made.
	Now time.Time
	// Rule and Kind name the rule with the longest wait.
	Rule string
	Kind Kind
}

// Allowed reports whether an event may be recorded now.
func (v Verdict) Allowed() bool { return v.Until.IsZero() }

// Check says whether an event at now is allowed under every hit. It first
// takes a transaction-scoped advisory lock on each hit's key, in the order
// given (callers keep one order, so two requests never wait on each other in
// a cycle); the locks are held until tx ends, so record the event in the same
// transaction.
func Check(ctx context.Context, tx pgx.Tx, now time.Time, hits ...Hit) (Verdict, error) {
	v := Verdict{Now: now}
	if len(hits) == 0 {
		return v, nil
	}
	names, keys := make([]string, len(hits)), make([]string, len(hits))
	since, nth := make([]time.Time, len(hits)), make([]int, len(hits))
	for i, h := range hits {
		names[i], keys[i], since[i], nth[i] = h.Rule.Name, h.key(), now.Add(-h.Rule.Window), max(h.Rule.Limit, 1)
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, names[i]+" "+keys[i]); err != nil {
			return Verdict{}, fmt.Errorf("throttle: lock %s: %w", names[i], err)
		}
	}
	// Per hit: how many events fall within its window, the newest, and the
	// Limit-th newest (the one whose leaving the window frees a place).
	rows, err := tx.Query(ctx, `
		SELECT h.i, count(*), max(e.at), (array_agg(e.at ORDER BY e.at DESC))[h.nth]
		FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[]) WITH ORDINALITY AS h (rule, key, since, nth, i)
		JOIN throttle_events e ON e.rule = h.rule AND e.key = h.key AND e.at > h.since
		GROUP BY h.i, h.nth`, names, keys, since, nth)
	if err != nil {
		return Verdict{}, fmt.Errorf("throttle: count: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int
		var newest time.Time
		var nthAt *time.Time
		if err := rows.Scan(&i, &n, &newest, &nthAt); err != nil {
			return Verdict{}, fmt.Errorf("throttle: count: %w", err)
		}
		r := hits[i-1].Rule
		var until time.Time
		locked := false
		switch {
		case r.Delay != nil:
			var wait time.Duration
			wait, locked = r.Delay(n)
			until = newest.Add(wait)
		case r.Limit > 0 && n >= r.Limit && nthAt != nil:
			until = nthAt.Add(r.Window)
		}
		if until.After(now) && until.After(v.Until) {
			v.Until, v.Locked, v.Rule, v.Kind = until, locked, r.Name, r.Kind
		}
	}
	if err := rows.Err(); err != nil {
		return Verdict{}, fmt.Errorf("throttle: count: %w", err)
	}
	return v, nil
}

// Record counts one event at now under every hit.
func Record(ctx context.Context, q db.Querier, now time.Time, hits ...Hit) error {
	for _, h := range hits {
		if _, err := q.Exec(ctx, `INSERT INTO throttle_events (rule, key, at) VALUES ($1, $2, $3)`,
			h.Rule.Name, h.key(), now); err != nil {
			return fmt.Errorf("throttle: record %s: %w", h.Rule.Name, err)
		}
	}
	return nil
}

// Clear forgets every event of each hit's key under its rule.
func Clear(ctx context.Context, q db.Querier, hits ...Hit) error {
	for _, h := range hits {
		if _, err := q.Exec(ctx, `DELETE FROM throttle_events WHERE rule = $1 AND key = $2`,
			h.Rule.Name, h.key()); err != nil {
			return fmt.Errorf("throttle: clear %s: %w", h.Rule.Name, err)
		}
	}
	return nil
}

// Take checks the hits and, when the event is allowed, records it, all in
// tx. When it is not, it records nothing and returns a *Limited error, which
// the site's error handling answers with 429 and a page saying when to try
// again.
func Take(ctx context.Context, tx pgx.Tx, now time.Time, hits ...Hit) error {
	v, err := Check(ctx, tx, now, hits...)
	if err != nil {
		return err
	}
	if !v.Allowed() {
		return &Limited{Verdict: v}
	}
	return Record(ctx, tx, now, hits...)
}
