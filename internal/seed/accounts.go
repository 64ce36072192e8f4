package seed

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
)

// DemoAccount is an account of `seed --demo --accounts`: a demo person who
// can sign in with a password that is written here and in the README.
type DemoAccount struct {
	DemoPerson
	Password string
}

// DemoAccounts are one account per role, for development only. All but the
// administrator are people of the demo who already have cases: the
// consultant handles proposals and bookings and reviews the closed call, the
// officer has proposals, the artist has applications, the juror reviews the
// closed call.
var DemoAccounts = []DemoAccount{
	{DemoPerson{Email: "admin@region.example.se", Name: "Lena Forsberg", Role: "admin"}, "demo-admin-2026"},
	{DemoConsultants[0].DemoPerson, "demo-konsulent-2026"},
	{DemoOfficers[0], "demo-kommun-2026"},
	{DemoArtists[0], "demo-konstnar-2026"},
	{DemoJurors[0], "demo-jury-2026"},
}

// ErrAccountsInProduction refuses demo accounts on a site served over
// https: a password written in the README must never open a real portal.
var ErrAccountsInProduction = errors.New("demokonton med kända lösenord får bara skapas för utveckling, och BASE_URL är en https-adress: kör seed --demo utan --accounts")

// CheckAccountsAllowed answers ErrAccountsInProduction unless baseURL is a
// plain http address: an https one is the mark of a site others can reach.
func CheckAccountsAllowed(baseURL *url.URL) error {
	if baseURL != nil && baseURL.Scheme == "http" {
		return nil
	}
	return ErrAccountsInProduction
}

// Accounts gives each of DemoAccounts its password, making the account when
// it is not there (the administrator; the others when Activity has not run)
// and verifying its e-mail address, so that every role can sign in at once.
// A password that already verifies is kept, so running it again is quick.
// It refuses, before writing anything, when baseURL is not an http address
// (see CheckAccountsAllowed).
func Accounts(ctx context.Context, pool *pgxpool.Pool, baseURL *url.URL, now time.Time) error {
	if err := CheckAccountsAllowed(baseURL); err != nil {
		return err
	}
	return db.InTx(ctx, pool, func(tx pgx.Tx) error {
		for _, a := range DemoAccounts {
			id, err := upsertPerson(ctx, tx, a.DemoPerson, now)
			if err != nil {
				return err
			}
			var current *string
			if err := tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&current); err != nil {
				return fmt.Errorf("seed: account %s: %w", a.Email, err)
			}
			if current != nil {
				if ok, _ := auth.VerifyPassword(*current, a.Password); ok {
					continue
				}
			}
			hash, err := auth.HashPassword(a.Password)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, email_verified_at = coalesce(email_verified_at, $3),
				disabled_at = NULL, updated_at = $3 WHERE id = $1`, id, hash, now); err != nil {
				return fmt.Errorf("seed: account %s: %w", a.Email, err)
			}
		}
		return nil
	})
}
