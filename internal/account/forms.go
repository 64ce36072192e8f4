package account

import (
	"residens/internal/mail"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/web/ui"
)

// Field limits, the same as the users table's checks.
const (
	MaxName  = 200
	MaxEmail = 254
)

// maxNext bounds the nasta parameter, a path on this site.
const maxNext = 2000

// Checkbox value: a ticked box sends "ja".
const yes = "ja"

// readEmail reads an e-mail address field, recording an error on key when
// it is empty or not one plain address.
func readEmail(f *httpx.Form, key string) string {
	email := f.Get(key, MaxEmail, false)
	switch {
	case email == "":
		f.Add(key, "Skriv en e-postadress.")
	case !mail.ValidAddress(email):
		f.Add(key, "Skriv e-postadressen i formen namn@exempel.se.")
	}
	return email
}

// readNewPassword reads a new password and its repetition, recording what
// is wrong with them on their fields. email is refused as a password.
func readNewPassword(f *httpx.Form, key, againKey, email string) string {
	pw := f.Raw(key)
	switch {
	case pw == "":
		f.Add(key, "Välj ett lösenord.")
	case auth.CheckPassword(pw, email) != "":
		f.Add(key, auth.CheckPassword(pw, email))
	case f.Raw(againKey) != pw:
		f.Add(againKey, "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.")
	}
	return pw
}

// RegisterForm is what /registrera asks for. Passwords are never shown
// again, so they are not kept here.
type RegisterForm struct {
	Name    string
	Email   string
	Consent bool
	Errors  ui.FieldErrors
}

// readRegister reads and checks the registration form.
func readRegister(f *httpx.Form) (RegisterForm, string) {
	v := RegisterForm{Name: f.Get("namn", MaxName, false)}
	f.Check(v.Name != "", "namn", "Skriv ditt namn eller gruppens namn.")
	v.Email = readEmail(f, "epost")
	pw := readNewPassword(f, "losenord", "losenord2", v.Email)
	v.Consent = f.Values.Get("samtycke") == yes
	f.Check(v.Consent, "samtycke", "Kryssa i rutan för att visa att du har läst hur vi behandlar dina personuppgifter.")
	v.Errors = f.Errors()
	return v, pw
}
