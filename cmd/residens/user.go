package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"residens/internal/admin"
	"residens/internal/app"
	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/httpx"
	"residens/internal/mail"
)

// cliDetail marks audit entries made from the command line.
var cliDetail = map[string]any{"via": "cli"}

// runUser runs `residens user create|list|disable|enable`.
func runUser(ctx context.Context, cfg app.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"user: ange create, list, disable eller enable"}
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, cfg, args[1:], stdin, stdout, stderr)
	case "list":
		return userList(ctx, cfg, args[1:], stdout)
	case "disable":
		return userSetDisabled(ctx, cfg, args[1:], true, stdout)
	case "enable":
		return userSetDisabled(ctx, cfg, args[1:], false, stdout)
	}
	return usageError{fmt.Sprintf("okänt user-kommando %q", args[0])}
}

// userCreate makes an account that can sign in at once: the first admin on
// a new installation, or anyone an operator must add by hand. The password
// is read from the terminal or standard input, never from an argument or
// the environment, where other users of the machine and the shell's history
// would see it.
func userCreate(ctx context.Context, cfg app.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "e-mail address")
	name := fs.String("name", "", "name")
	role := fs.String("role", "", "admin, consultant, municipality or artist")
	municipality := fs.String("municipality", "", "municipality slug (role municipality)")
	if err := fs.Parse(args); err != nil {
		return usageError{"user create: " + err.Error()}
	}
	if fs.NArg() > 0 {
		// The argument is not repeated: it may well be a password.
		return usageError{"user create: tar inga argument utöver flaggorna; lösenordet läses från terminalen eller standard in"}
	}
	*email, *name = strings.TrimSpace(*email), strings.TrimSpace(*name)
	r := auth.Role(*role)
	switch {
	case !mail.ValidAddress(*email):
		return usageError{"user create: ange en giltig e-postadress med --email"}
	case *name == "" || utf8.RuneCountInString(*name) > admin.MaxNameLength:
		return usageError{fmt.Sprintf("user create: ange ett namn med --name (högst %d tecken)", admin.MaxNameLength)}
	case !r.Valid():
		return usageError{"user create: ange --role admin, consultant, municipality, artist eller juror"}
	case r == auth.RoleMunicipality && *municipality == "":
		return usageError{"user create: en kommunhandläggare behöver --municipality <kommunens slug>, till exempel nacka"}
	case r != auth.RoleMunicipality && *municipality != "":
		return usageError{"user create: --municipality hör bara till rollen municipality"}
	}

	// A new installation needs no separate migrate step before its first
	// admin.
	pool, err := migratedPool(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := admin.NewStore(pool, time.Now)

	nu := admin.NewUser{Email: *email, Name: *name, Role: r}
	if r == auth.RoleMunicipality {
		mu, err := store.MunicipalityBySlug(ctx, *municipality)
		if errors.Is(err, admin.ErrUnknownMunicipality) {
			return fmt.Errorf("ingen kommun har sluggen %q (se /kommuner)", *municipality)
		}
		if err != nil {
			return err
		}
		nu.MunicipalityID = &mu.ID
	}
	// Checked before the password is asked for, so nobody types one for
	// nothing; the insert checks again.
	if taken, err := store.EmailTaken(ctx, *email); err != nil {
		return err
	} else if taken {
		return fmt.Errorf("det finns redan ett konto med e-postadressen %s", *email)
	}

	pw, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	if msg := auth.CheckPassword(pw, *email); msg != "" {
		return fmt.Errorf("lösenordet godtas inte: %s", msg)
	}
	if nu.PasswordHash, err = auth.HashPassword(pw); err != nil {
		return err
	}
	id, err := store.CreateUser(ctx, audit.Entry{}, nu, cliDetail)
	if errors.Is(err, admin.ErrEmailTaken) {
		return fmt.Errorf("det finns redan ett konto med e-postadressen %s", *email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "konto %d skapat: %s, %s\n", id, *email, r.Label())
	return nil
}

// readPassword reads a password from the terminal without echo, asked twice,
// or else the first line of stdin (for scripts: `printf '%s\n' "$PW" |
// residens user create ...`).
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(stderr, "Lösenord: ")
		p1, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("läs lösenord: %w", err)
		}
		fmt.Fprint(stderr, "Lösenordet igen: ")
		p2, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("läs lösenord: %w", err)
		}
		if string(p1) != string(p2) {
			return "", errors.New("lösenorden är inte lika")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("läs lösenord från standard in: %w", err)
	}
	// Only the line ending goes: spaces may be part of a password.
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("inget lösenord: skriv det på första raden av standard in, eller kör kommandot i en terminal")
	}
	return line, nil
}

// userList prints every account as a table.
func userList(ctx context.Context, cfg app.Config, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("user list: oväntat argument %q", args[0])}
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	users, err := admin.NewStore(pool, time.Now).AllUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-POST\tNAMN\tROLL\tKOMMUN\tLÄGE")
	for _, u := range users {
		mun := u.MunicipalitySlug
		if mun == "" {
			mun = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, mun, u.State())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d konton\n", len(users))
	return nil
}

// userSetDisabled disables an account (ending its sessions) or enables it.
func userSetDisabled(ctx context.Context, cfg app.Config, args []string, disabled bool, stdout io.Writer) error {
	cmd := "user enable"
	if disabled {
		cmd = "user disable"
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "e-mail address")
	if err := fs.Parse(args); err != nil {
		return usageError{cmd + ": " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: oväntat argument %q", cmd, fs.Arg(0))}
	}
	if strings.TrimSpace(*email) == "" {
		return usageError{cmd + ": ange kontots e-postadress med --email"}
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := admin.NewStore(pool, time.Now)
	u, err := store.UserByEmail(ctx, strings.TrimSpace(*email))
	if httpx.ErrorCode(err) == httpx.CodeNotFound {
		return fmt.Errorf("inget konto har e-postadressen %s", *email)
	}
	if err != nil {
		return err
	}
	changed, err := store.SetDisabled(ctx, audit.Entry{}, u.ID, disabled, cliDetail)
	if errors.Is(err, admin.ErrLastAdmin) {
		return fmt.Errorf("%s är det sista aktiva administratörskontot och kan inte spärras; skapa en annan administratör först", u.Email)
	}
	if err != nil {
		return err
	}
	switch {
	case !changed && disabled:
		fmt.Fprintf(stdout, "%s var redan spärrat\n", u.Email)
	case !changed:
		fmt.Fprintf(stdout, "%s var inte spärrat\n", u.Email)
	case disabled:
		fmt.Fprintf(stdout, "%s är spärrat och alla dess sessioner är avslutade\n", u.Email)
	default:
		fmt.Fprintf(stdout, "%s är öppnat igen\n", u.Email)
	}
	return nil
}
