package account

import (
	"strconv"
	"time"

	"residens/internal/auth"
	"residens/web/ui"
)

// EmailForm is a form that asks only for an address (a new verification
// link, a forgotten password).
type EmailForm struct {
	Email  string
	Errors ui.FieldErrors
}

// SignInView is the model of /logga-in.
type SignInView struct {
	Email string
	// Next is where to go after signing in, already checked by
	// auth.SafeNext.
	Next string
	// Alert says why the last attempt did not sign in.
	Alert string
	// Unverified offers a new verification link.
	Unverified bool
	// SignedInAs names the visitor when they are signed in already.
	SignedInAs string
	Errors     ui.FieldErrors
}

// ResetView is the model of the new-password form.
type ResetView struct {
	Token  string
	Errors ui.FieldErrors
}

// TokenErrorView is the page for a link that cannot be used.
type TokenErrorView struct {
	Heading, Message string
	// Again is where to get a new link, AgainText the link's text.
	Again, AgainText string
}

// AccountView is the model of /konto.
type AccountView struct {
	Account  Account
	Sessions []auth.SessionInfo
	Errors   ui.FieldErrors
	// Name and NewEmail are the values of the name and address fields.
	Name, NewEmail string
}

// DeleteView is the model of /konto/radera.
type DeleteView struct {
	// LastAdmin says the user is the last enabled admin and cannot delete
	// the account.
	LastAdmin bool
	// Reviewer says the user has scored or declared conflicts in a call's
	// review: that is part of the case file, so the account stays.
	Reviewer bool
	Errors   ui.FieldErrors
}

// validFor says in Swedish how long a link of purpose works: "en timme",
// "48 timmar", "7 dagar".
func validFor(purpose string) string {
	switch d := auth.TokenTTL[purpose]; {
	case d == time.Hour:
		return "en timme"
	case d > 48*time.Hour && d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + " dagar"
	default:
		return strconv.Itoa(int(d/time.Hour)) + " timmar"
	}
}

// agent is how the session list names a browser: its user agent, cut to a
// readable length.
func agent(ua string) string {
	if ua == "" {
		return "Okänd webbläsare"
	}
	if r := []rune(ua); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return ua
}
