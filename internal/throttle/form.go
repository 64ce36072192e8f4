package throttle

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
)

// FormWindow is how far back the uses of a form count.
const FormWindow = time.Hour

// Limits are the sizes of the limits on anonymous forms, from the
// configuration (the LIMIT_* variables). Zero means no limit.
type Limits struct {
	// BookingsPerIP is how many advisory bookings one client address may
	// request within FormWindow.
	BookingsPerIP int
	// EventSignupsPerIP is how many event sign-ups one client address may
	// make within FormWindow: a colleague may sign a team up, but a script
	// may not fill an event's seats.
	EventSignupsPerIP int
	// FormsPerIP is how many times one client address may send each other
	// anonymous form (registering, a forgotten password, a new
	// verification link, and the forms to come) within FormWindow.
	FormsPerIP int
	// MailsPerAddress is how many times each form may be sent with one
	// typed e-mail address within FormWindow, so that no inbox is flooded.
	MailsPerAddress int
}

// DefaultLimits are the limits when the configuration sets none.
var DefaultLimits = Limits{BookingsPerIP: 10, EventSignupsPerIP: 20, FormsPerIP: 20, MailsPerAddress: 3}

// Form returns the limits of the form called name (unique per form, such as
// "registrera"): perIP uses per client address (l.BookingsPerIP or
// l.FormsPerIP) and l.MailsPerAddress per typed e-mail address.
func (l Limits) Form(name string, perIP int) Form {
	return Form{
		PerIP:    Rule{Name: "form:" + name, Kind: ByIP, Window: FormWindow, Limit: perIP},
		PerEmail: Rule{Name: "form:" + name, Kind: ByEmail, Window: FormWindow, Limit: l.MailsPerAddress},
	}
}

// Form is the limits of one anonymous form that sends e-mail or registers
// something: one rule per client address and one per typed e-mail address.
type Form struct {
	PerIP, PerEmail Rule
}

// Take counts one use of the form from ip with the typed address email, in
// tx, or returns a *Limited error (answered with 429) and counts nothing.
// Call it in the transaction that does what the form asks, after the input
// is found valid and before anything depends on whether an account exists:
// what it counts must be the same for every address, and a use that fails or
// rolls back is not counted. An empty email counts the address only.
func (f Form) Take(ctx context.Context, tx pgx.Tx, ip, email string, now time.Time) error {
	hits := []Hit{{Rule: f.PerIP, Value: ip}}
	if email != "" {
		hits = append(hits, Hit{Rule: f.PerEmail, Value: email})
	}
	return Take(ctx, tx, now, hits...)
}

// Limited is the error of a refused use: a limit was reached.
type Limited struct {
	Verdict
}

func (l *Limited) Error() string {
	return fmt.Sprintf("throttle: %s by %s: limited until %s", l.Rule, l.Kind, l.Until.Format(time.RFC3339))
}

// RetryAfter is how long until the next use may be made, in whole seconds
// rounded up (at least one), for the Retry-After header.
func (l *Limited) RetryAfter() time.Duration {
	return time.Duration(max(seconds(l.Until.Sub(l.Now)), 1)) * time.Second
}

// Explain says in Swedish why the use was refused and when to try again.
// It names what reached its limit (the connection or the typed address),
// which tells nothing about any account: the address is counted whether or
// not an account has it.
func (l *Limited) Explain() string {
	why := "Formuläret har skickats för många gånger från din anslutning på kort tid."
	if l.Kind == ByEmail {
		why = "Formuläret har skickats för många gånger med den e-postadressen på kort tid."
	}
	return why + " Du kan försöka igen " + When(l.Until, l.Now) + "."
}

// When says when until is, seen from now, in Swedish and Stockholm time:
// "klockan 12.00.34 (om 20 sekunder)".
func When(until, now time.Time) string {
	at := until.In(civil.Stockholm)
	return fmt.Sprintf("klockan %02d.%02d.%02d (%s)", at.Hour(), at.Minute(), at.Second(), waitText(until.Sub(now)))
}

// waitText says how long d is, rounded up: "om 30 sekunder", "om 2 minuter".
func waitText(d time.Duration) string {
	switch s := seconds(d); {
	case s <= 1:
		return "om 1 sekund"
	case s < 60:
		return fmt.Sprintf("om %d sekunder", s)
	case s <= 60:
		return "om 1 minut"
	default:
		return fmt.Sprintf("om %d minuter", (s+59)/60)
	}
}

// seconds is d in whole seconds, rounded up.
func seconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }
