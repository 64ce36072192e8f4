package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/throttle"
)

// Sign-in throttling. Failed sign-ins are events of the rule "sign-in" in
// package throttle, so the throttle holds across every instance that shares
// the database. Each attempt is counted under two keys: the account (the
// typed address, hashed and in lower case, whether or not an account has it)
// and the client address (an IPv6 address cut to its /64). A key with few
// recent failures lets attempts through; past ThrottleRule.Free each further
// failure doubles the wait before the next attempt; at ThrottleRule.Lock the
// key is locked for LockDuration. Attempts during a wait are refused before
// any password is checked and are not counted, so waiting is all it takes.
//
// Nothing here depends on whether the account exists: the keys come from
// what was typed, and failures are recorded for unknown addresses too.

// ThrottleWindow is how far back failures count.
const ThrottleWindow = 15 * time.Minute

// LockDuration is how long a key stays locked once it reaches its Lock
// count, counted from its last failure.
const LockDuration = 15 * time.Minute

// ThrottleRule is how one kind of key is throttled.
type ThrottleRule struct {
	// Free is how many failures within ThrottleWindow cost no wait.
	Free int
	// Base is the wait after the Free-th failure; it doubles with each
	// further one, up to MaxDelay.
	Base, MaxDelay time.Duration
	// Lock is the number of failures within ThrottleWindow that locks
	// the key for LockDuration.
	Lock int
}

// The rules. An account gets few tries (a person mistyping needs two or
// three); an address gets many more, since an office or a school may sign in
// many people from one address, but not enough to try many passwords across
// many accounts.
var (
	// AccountRule: five free failures; then waits of 30 s, 1, 2, 4 and
	// 8 min; the tenth failure locks the account key for 15 min.
	AccountRule = ThrottleRule{Free: 5, Base: 30 * time.Second, MaxDelay: 8 * time.Minute, Lock: 10}
	// AddressRule: twenty free failures; then waits of 2, 4, 8 … s, at
	// most 2 min; the fiftieth failure locks the address for 15 min.
	AddressRule = ThrottleRule{Free: 20, Base: 2 * time.Second, MaxDelay: 2 * time.Minute, Lock: 50}
)

// Wait is how long after the last of n failures (within ThrottleWindow)
// the next attempt must wait, and whether that is a lock.
func (r ThrottleRule) Wait(n int) (time.Duration, bool) {
	switch {
	case n >= r.Lock:
		return LockDuration, true
	case n < r.Free:
		return 0, false
	}
	d := r.Base
	for i := r.Free; i < n && d < r.MaxDelay; i++ {
		d *= 2
	}
	return min(d, r.MaxDelay), false
}

// The sign-in throttle's two rules in package throttle: both named
// "sign-in", one per kind of key.
var (
	accountRule = throttle.Rule{Name: "sign-in", Kind: throttle.ByEmail, Window: ThrottleWindow, Delay: AccountRule.Wait}
	addressRule = throttle.Rule{Name: "sign-in", Kind: throttle.ByIP, Window: ThrottleWindow, Delay: AddressRule.Wait}
)

// hits are the two keys a sign-in with email from ip counts under, the
// account first (the order CheckThrottle locks them in).
func hits(email, ip string) []throttle.Hit {
	return []throttle.Hit{{Rule: accountRule, Value: email}, {Rule: addressRule, Value: ip}}
}

// AccountKey is the throttle key of a typed e-mail address (see
// throttle.Key).
func AccountKey(email string) string { return throttle.Key(throttle.ByEmail, email) }

// AddressKey is the throttle key of a client address (see throttle.Key).
func AddressKey(ip string) string { return throttle.Key(throttle.ByIP, ip) }

// Throttle is the answer of CheckThrottle.
type Throttle struct {
	// Until is when the next attempt may be made; zero when it may be made
	// now.
	Until time.Time
	// Locked says the wait is a lock rather than a growing delay.
	Locked bool
	// Now is the time the check was made, for the message.
	Now time.Time
}

// Allowed reports whether an attempt may be made now.
func (t Throttle) Allowed() bool { return t.Until.IsZero() }

// Message says in Swedish why the attempt was refused and when to try again,
// or "" when it was allowed.
func (t Throttle) Message() string {
	if t.Allowed() {
		return ""
	}
	when := throttle.When(t.Until, t.Now)
	if t.Locked {
		return "Inloggningen är tillfälligt spärrad efter för många misslyckade försök. Du kan försöka igen " + when + "."
	}
	return "För många misslyckade inloggningar i rad. Vänta en stund: du kan försöka igen " + when + "."
}

// CheckThrottle says whether a sign-in with email from ip may be tried at
// now. It takes a transaction-scoped advisory lock on both keys (always the
// account first, so two attempts never wait on each other in a cycle), so
// attempts on one key are checked and recorded one at a time: a burst of
// parallel requests cannot all see the same count and all get through. Call
// it first in the sign-in transaction, and RecordFailure or ClearFailures
// in the same transaction.
func CheckThrottle(ctx context.Context, tx pgx.Tx, email, ip string, now time.Time) (Throttle, error) {
	v, err := throttle.Check(ctx, tx, now, hits(email, ip)...)
	if err != nil {
		return Throttle{}, fmt.Errorf("auth: throttle: %w", err)
	}
	return Throttle{Until: v.Until, Locked: v.Locked, Now: now}, nil
}

// RecordFailure counts a failed sign-in with email from ip at now, under
// both keys.
func RecordFailure(ctx context.Context, q db.Querier, email, ip string, now time.Time) error {
	if err := throttle.Record(ctx, q, now, hits(email, ip)...); err != nil {
		return fmt.Errorf("auth: record failure: %w", err)
	}
	return nil
}

// ClearFailures forgets the failures of the account key of email, after a
// successful sign-in or a password reset. The address's failures stay: one
// good sign-in must not excuse an address's failures on other accounts.
func ClearFailures(ctx context.Context, q db.Querier, email string) error {
	if err := throttle.Clear(ctx, q, throttle.Hit{Rule: accountRule, Value: email}); err != nil {
		return fmt.Errorf("auth: clear failures: %w", err)
	}
	return nil
}
