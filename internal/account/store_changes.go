package account

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/mail"
)

// The store's changes. Each runs in one transaction with its audit entry,
// its throttle count and its e-mail, so a message goes out if and only if
// the change commits. by is who acts and from where
// (audit.FromRequest(r, audit.Entry{})): its address also counts against
// the throttles.

// record writes e with by's address, and by's actor unless e names one
// (as audit.FromRequest would).
func record(ctx context.Context, tx pgx.Tx, by audit.Entry, e audit.Entry) error {
	if e.ActorID == nil {
		e.ActorID, e.ActorName = by.ActorID, by.ActorName
	}
	if e.IP == "" {
		e.IP = by.IP
	}
	return audit.Record(ctx, tx, e)
}

// link is the absolute URL of path on this site, for e-mail.
func (s *Store) link(path string) string {
	return s.base.JoinPath(path).String()
}

// send renders body as an e-mail (heading = subject) and queues it in tx.
// key names the change the message reports: the same key is sent once.
func (s *Store) send(ctx context.Context, tx pgx.Tx, to, key, subject string, body templ.Component) error {
	if s.mail == nil {
		return errors.New("account: no mail queue configured")
	}
	text, html, err := mail.Render(ctx, subject, body)
	if err != nil {
		return err
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: subject, Text: text, HTML: html, Key: key})
}

// sendVerify makes a verification token for id and mails its link to
// email, in tx.
func (s *Store) sendVerify(ctx context.Context, tx pgx.Tx, id int64, email string, now time.Time) error {
	token, err := auth.NewToken(ctx, tx, id, auth.PurposeVerify, "", now)
	if err != nil {
		return err
	}
	return s.send(ctx, tx, email, tokenKey("verify", token), "Bekräfta din e-postadress",
		VerifyMail(s.link("/registrera/bekrafta/"+token), validFor(auth.PurposeVerify)))
}

// Reauth checks pw, the current password of u that a change on /konto
// asks for, under the sign-in throttle: a stolen session must not become a
// way to guess the password. ok is false when the throttle refused (th
// says so, and no password was checked) or pw is wrong (the failure is
// counted).
func (s *Store) Reauth(ctx context.Context, by audit.Entry, u *auth.User, pw string) (th auth.Throttle, ok bool, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		var err error
		if th, err = auth.CheckThrottle(ctx, tx, u.Email, by.IP, now); err != nil || !th.Allowed() {
			return err
		}
		c, err := s.byID(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if ok, err = checkPassword(c, pw); err != nil || ok {
			return err
		}
		return auth.RecordFailure(ctx, tx, u.Email, by.IP, now)
	})
	return th, ok, err
}

// Export collects the data of u's account; logged records the download
// first, so that the export shows it too (a HEAD request, which sends no
// data, records nothing).
func (s *Store) Export(ctx context.Context, by audit.Entry, u *auth.User, logged bool) (*Export, error) {
	var e *Export
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if logged {
			if err := record(ctx, tx, by, audit.Entry{Action: audit.DataExported,
				TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)}); err != nil {
				return err
			}
		}
		var err error
		e, err = s.export(ctx, tx, u.ID, s.now())
		return err
	})
	return e, err
}

// Delete deletes u's account (its sessions and links go with it), records
// it and tells the address: errLastAdmin for the only enabled admin,
// errReviewer for a reviewer with a review on file.
func (s *Store) Delete(ctx context.Context, by audit.Entry, u *auth.User) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := s.byID(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if c.Role == auth.RoleAdmin && c.DisabledAt == nil {
			n, err := s.otherEnabledAdmins(ctx, tx, u.ID, true)
			if err != nil {
				return err
			}
			if n == 0 {
				return errLastAdmin
			}
		}
		if reviewer, err := s.hasReviews(ctx, tx, c.ID); err != nil {
			return err
		} else if reviewer {
			return errReviewer
		}
		if err := record(ctx, tx, by, audit.Entry{Action: audit.AccountDeleted,
			TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email), Detail: map[string]any{"role": string(c.Role)}}); err != nil {
			return err
		}
		if err := s.delete(ctx, tx, c.ID); err != nil {
			return err
		}
		return s.send(ctx, tx, c.Email, "account-deleted:"+strconv.FormatInt(c.ID, 10), "Ditt konto är raderat", DeletedMail())
	})
}

// SetName changes u's name.
func (s *Store) SetName(ctx context.Context, by audit.Entry, u *auth.User, name string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.setName(ctx, tx, u.ID, name, s.now()); err != nil {
			return err
		}
		return record(ctx, tx, by, audit.Entry{Action: audit.NameChanged,
			TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)})
	})
}

// RequestEmailChange sends a confirmation link for u's new address email.
// When another account has that address, it gets a notice instead (at most
// one an hour), and the caller cannot tell the difference.
func (s *Store) RequestEmailChange(ctx context.Context, u *auth.User, email string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		taken, err := s.emailTaken(ctx, tx, email, u.ID)
		if err != nil {
			return err
		}
		if taken {
			key := "email-change-taken:" + strconv.FormatInt(u.ID, 10) + ":" + strconv.FormatInt(now.Unix()/3600, 10)
			return s.send(ctx, tx, email, key, "Försök att byta till din e-postadress",
				EmailTakenMail(s.link("/glomt-losenord")))
		}
		token, err := auth.NewToken(ctx, tx, u.ID, auth.PurposeEmailChange, email, now)
		if err != nil {
			return err
		}
		return s.send(ctx, tx, email, tokenKey("email-change", token), "Bekräfta din nya e-postadress",
			EmailChangeMail(s.link("/konto/epost/bekrafta/"+token), validFor(auth.PurposeEmailChange)))
	})
}

// ConfirmEmail uses the address-change link token: the account gets the
// new address, the reset links sent to the old one stop working, and the
// old address is told. ErrEmailTaken when another account took the address
// meanwhile; a link that cannot be used is the token's error.
func (s *Store) ConfirmEmail(ctx context.Context, by audit.Entry, token string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeEmailChange, now)
		if err != nil {
			return err
		}
		old, err := s.byID(ctx, tx, t.UserID)
		if err != nil {
			return err
		}
		// Reset links went to the old address: they must not work after it
		// stopped being the account's.
		if err := auth.RetireTokens(ctx, tx, old.ID, now, auth.PurposeReset); err != nil {
			return err
		}
		if err := s.setEmail(ctx, tx, old.ID, t.NewEmail, now); err != nil {
			return err
		}
		if err := record(ctx, tx, by, audit.Entry{Action: audit.EmailChanged,
			ActorID: &old.ID, ActorName: old.Name, TargetUserID: &old.ID, Target: mail.MaskAddress(t.NewEmail),
			Detail: map[string]any{"from": mail.MaskAddress(old.Email), "to": mail.MaskAddress(t.NewEmail)}}); err != nil {
			return err
		}
		return s.send(ctx, tx, old.Email, tokenKey("email-changed", token), "Din e-postadress är ändrad",
			EmailChangedMail(mail.MaskAddress(t.NewEmail), s.link("/glomt-losenord")))
	})
}

// ChangePassword stores hash as u's password, ends every other session of
// the account and the links still out, and tells the address.
func (s *Store) ChangePassword(ctx context.Context, by audit.Entry, u *auth.User, hash string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		c, err := s.setPassword(ctx, tx, u.ID, hash, false, now)
		if err != nil {
			return err
		}
		if err := auth.EndSessions(ctx, tx, u.ID, u.SessionHash); err != nil {
			return err
		}
		if err := auth.RetireTokens(ctx, tx, u.ID, now, auth.PurposeReset, auth.PurposeEmailChange); err != nil {
			return err
		}
		if err := record(ctx, tx, by, audit.Entry{Action: audit.PasswordChanged,
			TargetUserID: &u.ID, Target: mail.MaskAddress(c.Email)}); err != nil {
			return err
		}
		key := "password-changed:" + strconv.FormatInt(u.ID, 10) + ":" + strconv.FormatInt(now.UnixNano(), 10)
		return s.send(ctx, tx, c.Email, key, "Ditt lösenord är bytt", PasswordChangedMail(s.link("/glomt-losenord")))
	})
}

// EndSession ends u's session ref, recorded as a sign-out when it is the
// current one; db.ErrNotFound for someone else's session or one already
// ended.
func (s *Store) EndSession(ctx context.Context, by audit.Entry, u *auth.User, ref string) error {
	current := ref == hex.EncodeToString(u.SessionHash)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		ok, err := auth.EndSession(ctx, tx, u.ID, ref)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("session of %d: %w", u.ID, db.ErrNotFound)
		}
		entry := audit.Entry{Action: audit.SessionsEnded, TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email),
			Detail: map[string]any{"count": 1}}
		if current {
			entry = audit.Entry{Action: audit.SignOut, TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)}
		}
		return record(ctx, tx, by, entry)
	})
}

// SignOut deletes u's current session row and records the sign-out; the
// cookie is the session manager's.
func (s *Store) SignOut(ctx context.Context, by audit.Entry, u *auth.User) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := auth.EndSession(ctx, tx, u.ID, hex.EncodeToString(u.SessionHash)); err != nil {
			return err
		}
		return record(ctx, tx, by, audit.Entry{Action: audit.SignOut,
			TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)})
	})
}

// SignIn checks one sign-in with email and pw: the throttle first (a
// refused attempt checks no password and is not counted), then the
// password, against a dummy hash when the address has no account so that
// both cost the same. A failure is counted under the typed address whether
// or not it has an account; a success clears the account's failures and
// calls start, in the same transaction, to start the session (which sets
// the cookie).
func (s *Store) SignIn(ctx context.Context, by audit.Entry, email, pw string,
	start func(tx pgx.Tx, userID int64) error) (res outcome, th auth.Throttle, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		res, th, err = s.attempt(ctx, tx, by, email, pw, start)
		return err
	})
	return res, th, err
}

func (s *Store) attempt(ctx context.Context, tx pgx.Tx, by audit.Entry, email, pw string,
	start func(tx pgx.Tx, userID int64) error) (outcome, auth.Throttle, error) {
	now, ip := s.now(), by.IP
	th, err := auth.CheckThrottle(ctx, tx, email, ip, now)
	if err != nil || !th.Allowed() {
		return throttled, th, err
	}
	c, err := s.byEmail(ctx, tx, email)
	if err != nil && !errors.Is(err, ErrNoAccount) {
		return failed, th, err
	}
	ok, err := checkPassword(c, pw)
	if err != nil {
		return failed, th, err
	}
	if !ok || c.DisabledAt != nil {
		entry := audit.Entry{Action: audit.SignInFailed, Target: mail.MaskAddress(email)}
		switch {
		case c == nil:
			entry.Detail = map[string]any{"reason": "unknown address"}
		case !ok:
			entry.TargetUserID, entry.Detail = &c.ID, map[string]any{"reason": "wrong password"}
		default:
			entry.TargetUserID, entry.Detail = &c.ID, map[string]any{"reason": "account disabled"}
		}
		if err := auth.RecordFailure(ctx, tx, email, ip, now); err != nil {
			return failed, th, err
		}
		return failed, th, record(ctx, tx, by, entry)
	}
	if c.EmailVerifiedAt == nil {
		return unverified, th, nil
	}
	if err := auth.ClearFailures(ctx, tx, email); err != nil {
		return failed, th, err
	}
	if err := start(tx, c.ID); err != nil {
		return failed, th, err
	}
	return signedIn, th, record(ctx, tx, by, audit.Entry{Action: audit.SignIn,
		ActorID: &c.ID, ActorName: c.Name, TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email)})
}

// Register counts a registration against its limits (before the password
// hash, so a refused one costs no hashing), then makes an unverified artist
// account for a new address and mails its verification link; an address
// that has an account gets a notice instead (at most one an hour). Both
// cost the same work.
func (s *Store) Register(ctx context.Context, by audit.Entry, name, email, pw string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		if err := s.registerLimit.Take(ctx, tx, by.IP, email, now); err != nil {
			return err
		}
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return err
		}
		id, created, err := s.createArtist(ctx, tx, name, email, hash, now)
		if err != nil {
			return err
		}
		entry := audit.Entry{Action: audit.Registered, TargetUserID: &id, Target: mail.MaskAddress(email)}
		if !created {
			c, err := s.byID(ctx, tx, id)
			if err != nil {
				return err
			}
			entry.Detail = map[string]any{"outcome": "address already has an account; notice sent"}
			if err := record(ctx, tx, by, entry); err != nil {
				return err
			}
			// One notice an hour at most: repeated attempts must not
			// become a way to flood the mailbox.
			key := "register-exists:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(now.Unix()/3600, 10)
			return s.send(ctx, tx, c.Email, key, "Försök att skapa ett konto med din adress",
				RegisterExistsMail(s.link("/glomt-losenord"), s.link("/registrera/ny-lank"), c.EmailVerifiedAt == nil))
		}
		if err := record(ctx, tx, by, entry); err != nil {
			return err
		}
		return s.sendVerify(ctx, tx, id, email, now)
	})
}

// Verify uses the verification link token and marks the address verified;
// a link that cannot be used is the token's error.
func (s *Store) Verify(ctx context.Context, by audit.Entry, token string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeVerify, now)
		if err != nil {
			return err
		}
		c, err := s.markVerified(ctx, tx, t.UserID, now)
		if err != nil {
			return err
		}
		return record(ctx, tx, by, audit.Entry{Action: audit.EmailVerified,
			ActorID: &c.ID, ActorName: c.Name, TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email)})
	})
}

// Resend counts a request against its limits (before the address is looked
// up: the limit must treat every address alike) and mails a new
// verification link to an enabled account of email whose address is not
// yet verified, unless a live link went out moments ago.
func (s *Store) Resend(ctx context.Context, by audit.Entry, email string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		if err := s.resendLimit.Take(ctx, tx, by.IP, email, now); err != nil {
			return err
		}
		c, err := s.byEmail(ctx, tx, email)
		if errors.Is(err, ErrNoAccount) || err == nil && (c.EmailVerifiedAt != nil || c.DisabledAt != nil) {
			return nil
		}
		if err != nil {
			return err
		}
		if recent, err := auth.RecentToken(ctx, tx, c.ID, auth.PurposeVerify, now); err != nil || recent {
			return err // a live link went out moments ago: no second message
		}
		return s.sendVerify(ctx, tx, c.ID, c.Email, now)
	})
}

// Forgot counts a request against its limits (before the address is looked
// up) and mails a reset link to an enabled account of email that has a
// password, unless a live link went out moments ago.
func (s *Store) Forgot(ctx context.Context, by audit.Entry, email string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		if err := s.forgotLimit.Take(ctx, tx, by.IP, email, now); err != nil {
			return err
		}
		c, err := s.byEmail(ctx, tx, email)
		// An invited account that never set a password gets nothing: a reset
		// link would let it in around an expired invitation.
		if errors.Is(err, ErrNoAccount) || err == nil && (c.DisabledAt != nil || c.PasswordHash == nil) {
			return nil
		}
		if err != nil {
			return err
		}
		if recent, err := auth.RecentToken(ctx, tx, c.ID, auth.PurposeReset, now); err != nil || recent {
			return err // a live link went out moments ago: no second message
		}
		token, err := auth.NewToken(ctx, tx, c.ID, auth.PurposeReset, "", now)
		if err != nil {
			return err
		}
		return s.send(ctx, tx, c.Email, tokenKey("reset", token), "Välj ett nytt lösenord",
			ResetMail(s.link("/aterstall/"+token), validFor(auth.PurposeReset)))
	})
}

// Reset uses the reset link token to store hash as the account's password
// (which also verifies its address), ends every session of the account,
// clears its failed sign-ins, retires the other links still out and tells
// the address; a link that cannot be used is the token's error.
func (s *Store) Reset(ctx context.Context, by audit.Entry, token, hash string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeReset, now)
		if err != nil {
			return err
		}
		c, err := s.setPassword(ctx, tx, t.UserID, hash, true, now)
		if err != nil {
			return err
		}
		if err := auth.EndSessions(ctx, tx, c.ID, nil); err != nil {
			return err
		}
		if err := auth.ClearFailures(ctx, tx, c.Email); err != nil {
			return err
		}
		// Any other link still out (a pending address change, an older
		// reset) must not undo what the owner just did.
		if err := auth.RetireTokens(ctx, tx, c.ID, now, auth.PurposeReset, auth.PurposeEmailChange); err != nil {
			return err
		}
		if err := record(ctx, tx, by, audit.Entry{Action: audit.PasswordReset,
			ActorID: &c.ID, ActorName: c.Name, TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email)}); err != nil {
			return err
		}
		key := "password-reset:" + strconv.FormatInt(c.ID, 10) + ":" + strconv.FormatInt(now.UnixNano(), 10)
		return s.send(ctx, tx, c.Email, key, "Ditt lösenord är bytt", PasswordChangedMail(s.link("/glomt-losenord")))
	})
}
