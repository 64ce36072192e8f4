// Command residens is the Residens portal: one binary with the subcommands
// serve, migrate, seed, user and routes. Configuration comes from the environment
// (see the README); a bad value stops the start with a message naming the
// variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/registry"
	"residens/internal/seed"
)

const usage = `Användning: residens <kommando> [flaggor]

Kommandon:
  serve                   starta webbservern (kör väntande migreringar först)
  migrate [up]            kör väntande migreringar
  migrate status          visa migreringarnas läge
  migrate down            backa den senaste migreringen
  seed --demo [--accounts]
                          lägg in demoinnehållet (kan köras flera gånger);
                          --accounts ger ett demokonto per roll ett känt
                          lösenord (bara för utveckling, aldrig med https)
  seed --synthetic N      lägg till N genererade residens och N/2 kulturaktörer
  user create --email E --name N --role R [--municipality SLUG]
                          skapa ett konto som kan logga in direkt (R: admin,
                          consultant, municipality eller artist); lösenordet
                          läses från terminalen, eller från första raden på
                          standard in, aldrig från ett argument
  user list               lista alla konton
  user disable --email E  spärra ett konto och avsluta dess sessioner
  user enable --email E   öppna ett spärrat konto igen
  routes                  lista webbplatsens alla adresser och vem som får använda dem

Konfiguration sker med miljövariabler: DATABASE_URL, ADDR, BASE_URL,
LOG_LEVEL, LOG_FORMAT, PAGE_CACHE, DRAIN_TIME, SHUTDOWN_TIMEOUT, SESSION_KEY,
SESSION_KEY_FILE, SMTP_URL, MAIL_FROM (se README).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "residens:", err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprint(os.Stderr, "\n"+usage)
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// run runs the command in args. stdin is read by `user create` for the
// password (a terminal is asked without echo).
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"inget kommando angivet"}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := app.LoadConfig(getenv)
	if err != nil {
		return fmt.Errorf("konfiguration: %w", err)
	}
	log := app.NewLogger(cfg, stderr)
	slog.SetDefault(log)

	switch args[0] {
	case "serve":
		return app.Serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, args[1:], stdout)
	case "seed":
		return runSeed(ctx, cfg, args[1:], stdout)
	case "user":
		return runUser(ctx, cfg, args[1:], stdin, stdout, stderr)
	case "routes":
		return app.WriteRoutes(stdout, cfg)
	default:
		return usageError{fmt.Sprintf("okänt kommando %q", args[0])}
	}
}

func migrate(ctx context.Context, cfg app.Config, args []string, stdout io.Writer) error {
	m, err := db.NewMigrator(cfg.DatabaseURL, nil)
	if err != nil {
		return err
	}
	defer m.Close()
	action := "up"
	if len(args) > 0 {
		action = args[0]
	}
	switch action {
	case "up":
		n, err := m.Up(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d migreringar körda\n", n)
		return nil
	case "status":
		return m.Status(ctx, stdout)
	case "down":
		if err := m.Down(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "senaste migreringen backad")
		return nil
	}
	return usageError{fmt.Sprintf("okänt migrate-kommando %q", action)}
}

func runSeed(ctx context.Context, cfg app.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	demo := fs.Bool("demo", false, "demo content")
	accounts := fs.Bool("accounts", false, "demo accounts with known passwords")
	synthetic := fs.Int("synthetic", 0, "generated residencies")
	if err := fs.Parse(args); err != nil {
		return usageError{"seed: " + err.Error()}
	}
	if !*demo && *synthetic <= 0 {
		return usageError{"seed: ange --demo eller --synthetic N (N > 0)"}
	}
	if *accounts && !*demo {
		return usageError{"seed: --accounts hör till --demo"}
	}
	// Refused before anything is written: a production database gets no
	// demo content by mistake on the way to the refusal either.
	if *accounts {
		if err := seed.CheckAccountsAllowed(cfg.BaseURL); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	// Seeding is what make run does before serving, so it migrates first:
	// a fresh database needs no separate step.
	pool, err := migratedPool(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if *demo {
		start := time.Now()
		if err := seed.Demo(ctx, pool, start); err != nil {
			return err
		}
		if err := seed.Calls(ctx, pool, start); err != nil {
			return err
		}
		if err := seed.Activity(ctx, pool, registry.New(cfg.RegistryPrefix), start); err != nil {
			return err
		}
		if *accounts {
			if err := seed.Accounts(ctx, pool, cfg.BaseURL, start); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		fmt.Fprintf(stdout, "demoinnehåll inlagt (%d kommuner, %d residens, %d kulturaktörer, %d utlysningar, "+
			"%d konsulenter, %d förslag, %d ansökningar, %d bokningar, %d organisationer, %d finansieringskällor) på %s\n",
			len(seed.StockholmMunicipalities), len(seed.DemoResidencies), len(seed.DemoActors), len(seed.DemoCalls),
			len(seed.DemoConsultants), len(seed.DemoProposals), len(seed.DemoApplications), len(seed.DemoBookings),
			len(seed.DemoOrganisations), len(seed.DemoSources), time.Since(start).Round(time.Millisecond))
		if *accounts {
			writeAccounts(stdout, cfg)
		}
	}
	if *synthetic > 0 {
		start := time.Now()
		if err := seed.Synthetic(ctx, pool, *synthetic, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d genererade residens och %d kulturaktörer inlagda på %s\n",
			*synthetic, *synthetic/2, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// writeAccounts prints the demo accounts as a table, for make run to show
// at start.
func writeAccounts(stdout io.Writer, cfg app.Config) {
	fmt.Fprintf(stdout, "\nDemokonton (bara för utveckling), logga in på %s/logga-in:\n", cfg.BaseURL)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  E-post\tLösenord\tRoll")
	for _, a := range seed.DemoAccounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Email, a.Password, auth.Role(a.Role).Label())
	}
	tw.Flush()
}

// migratedPool applies the pending migrations to the database at url (a
// fresh database needs no separate migrate step before seeding or its first
// admin) and opens a pool on it.
func migratedPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	m, err := db.NewMigrator(url, nil)
	if err != nil {
		return nil, err
	}
	_, err = m.Up(ctx)
	m.Close()
	if err != nil {
		return nil, err
	}
	return db.Open(ctx, url)
}
