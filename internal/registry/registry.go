// Package registry is the register (diariet): every item that comes in from
// outside (a proposal, an application, a booking request, a question) gets a
// registration number in the same transaction that receives it, and the
// public register at /diarium lists what came in, with personal data masked.
package registry

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
)

// The kinds of incoming item.
const (
	KindProposal    = "proposal"
	KindApplication = "application"
	KindBooking     = "booking"
	KindQuestion    = "question"
)

// Kinds gives each kind its Swedish label.
var Kinds = map[string]string{
	KindProposal:    "Intresseanmälan",
	KindApplication: "Ansökan",
	KindBooking:     "Bokningsförfrågan",
	KindQuestion:    "Fråga",
}

// kindOrder is the order in which the kinds are offered in the filter, and
// kindSlugs their names in the URL (typ=...), Swedish like every public URL.
var (
	kindOrder = []string{KindProposal, KindApplication, KindBooking, KindQuestion}
	kindSlugs = map[string]string{
		KindProposal:    "intresseanmalan",
		KindApplication: "ansokan",
		KindBooking:     "bokning",
		KindQuestion:    "fraga",
	}
)

// Limits of the recorded text, in characters; Register shortens longer text
// rather than fail the submission it is part of.
const (
	MaxDescription = 500
	MaxSender      = 200
	MaxEmail       = 254
)

// DefaultPrefix is the number prefix when none is configured.
const DefaultPrefix = "RS"

var prefixRE = regexp.MustCompile(`^[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9}$`)

// ValidPrefix reports whether s may prefix registration numbers: one to ten
// upper-case letters or digits, starting with a letter, so that a number
// reads unambiguously as <PREFIX>-<YYYY>-<NNNN>.
func ValidPrefix(s string) bool { return prefixRE.MatchString(s) }

// Entry is one incoming item for the register (diariet).
type Entry struct {
	// Kind is KindProposal, KindApplication, KindBooking or KindQuestion.
	Kind string
	// Description is short and holds no personal data beyond what the
	// public may see; the public register masks e-mail addresses and a
	// private sender's name in it all the same.
	Description string
	// SenderName is the sender's name as given.
	SenderName string
	// SenderIsPerson marks a private person: the name is never shown in the
	// public register.
	SenderIsPerson bool
	// SenderOrg is the organisation (a municipality's name, a company),
	// shown publicly.
	SenderOrg string
	// SenderEmail is never shown publicly.
	SenderEmail string
	// ReceivedAt is when the item came in; its calendar year in
	// Europe/Stockholm is the year of the number. Required.
	ReceivedAt time.Time
}

// Registration is the number an entry was given.
type Registration struct {
	ID         int64
	Number     string
	Year       int
	Seq        int
	ReceivedAt time.Time
}

// Registry hands out registration numbers with its prefix.
type Registry struct {
	prefix string
}

// New returns a registry numbering with prefix (DefaultPrefix when empty).
// The configuration checks the prefix with ValidPrefix; an invalid one here
// is a programming error and panics.
func New(prefix string) *Registry {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if !ValidPrefix(prefix) {
		panic(fmt.Sprintf("registry: invalid prefix %q", prefix))
	}
	return &Registry{prefix: prefix}
}

// Format returns the registration number of the seq'th item of year.
func (r *Registry) Format(year, seq int) string {
	return fmt.Sprintf("%s-%04d-%04d", r.prefix, year, seq)
}

// ErrInvalidEntry is wrapped by Register's errors about the entry itself.
var ErrInvalidEntry = errors.New("registry: invalid entry")

// Register assigns the next number <PREFIX>-<YYYY>-<NNNN> (counting from 1
// each calendar year in Europe/Stockholm, no gaps, no duplicates, also under
// concurrency across instances) in the caller's transaction and records the
// entry.
//
// The number comes from the year's row in registration_counters: updating it
// locks it until tx ends, so a concurrent submitter on any instance waits for
// this one to commit (and then takes the next number) or roll back (and then
// takes the same number). Call Register late in the transaction: the lock is
// held until commit. tx must be READ COMMITTED (PostgreSQL's default): under
// REPEATABLE READ or SERIALIZABLE a submitter that waited would fail with a
// serialisation error instead of taking the next number.
func (r *Registry) Register(ctx context.Context, tx pgx.Tx, e Entry) (Registration, error) {
	if _, ok := Kinds[e.Kind]; !ok {
		return Registration{}, fmt.Errorf("%w: kind %q", ErrInvalidEntry, e.Kind)
	}
	if e.ReceivedAt.IsZero() {
		return Registration{}, fmt.Errorf("%w: no ReceivedAt", ErrInvalidEntry)
	}
	desc := clean(e.Description, MaxDescription)
	if desc == "" {
		return Registration{}, fmt.Errorf("%w: no description", ErrInvalidEntry)
	}
	year := e.ReceivedAt.In(civil.Stockholm).Year()

	// Inserting into registrations bumps content_version (for the page
	// cache). Locking that row first, before the counter, makes every
	// transaction that holds both take them in the same order, whatever it
	// changed before calling Register; otherwise a content edit followed by
	// a registration could deadlock with a plain registration.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM content_version FOR UPDATE`); err != nil {
		return Registration{}, fmt.Errorf("registry: lock content version: %w", err)
	}
	var seq int
	err := tx.QueryRow(ctx, `
		INSERT INTO registration_counters (year, last) VALUES ($1, 1)
		ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1
		RETURNING last`, year).Scan(&seq)
	if err != nil {
		return Registration{}, fmt.Errorf("registry: next number for %d: %w", year, err)
	}
	// PostgreSQL keeps microseconds; the caller gets the time as stored.
	received := e.ReceivedAt.Truncate(time.Microsecond)
	reg := Registration{Number: r.Format(year, seq), Year: year, Seq: seq, ReceivedAt: received}
	err = tx.QueryRow(ctx, `
		INSERT INTO registrations (year, seq, number, kind, description, sender_name, sender_is_person,
			sender_org, sender_email, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`,
		year, seq, reg.Number, e.Kind, desc, clean(e.SenderName, MaxSender), e.SenderIsPerson,
		clean(e.SenderOrg, MaxSender), clean(e.SenderEmail, MaxEmail), received).Scan(&reg.ID)
	if err != nil {
		return Registration{}, fmt.Errorf("registry: record %s: %w", reg.Number, err)
	}
	return reg, nil
}

// clean makes s one trimmed line of valid UTF-8 without control characters
// (PostgreSQL refuses NUL), at most max characters long.
func clean(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		s = strings.TrimSpace(string([]rune(s)[:max-1])) + "…"
	}
	return s
}
