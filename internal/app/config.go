package app

import (
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/throttle"
	"residens/web/ui"
)

// Config is everything the portal reads from its environment. It is read once
// at start, checked, and passed explicitly from there on.
type Config struct {
	// DatabaseURL is a libpq-style URL or keyword string (DATABASE_URL).
	DatabaseURL string
	// Addr is the TCP address to listen on (ADDR).
	Addr string
	// BaseURL is the public origin of the site, used for absolute links
	// (BASE_URL); it defaults to http:// plus Addr.
	BaseURL *url.URL
	// LogLevel is the minimum level logged (LOG_LEVEL: debug, info, warn, error).
	LogLevel slog.Level
	// LogFormat is "text" or "json" (LOG_FORMAT).
	LogFormat string
	// PageCache turns the cache of rendered public pages on or off
	// (PAGE_CACHE: on or off).
	PageCache bool
	// SessionKeys sign and encrypt the session cookie, newest first
	// (SESSION_KEY, or SESSION_KEY_FILE naming a file with one key a line).
	SessionKeys [][]byte
	// SessionKeyEphemeral says no key was configured and one was made up at
	// start: sessions then end with the process and are not shared between
	// instances, which is fine for development only.
	SessionKeyEphemeral bool
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after SIGINT or SIGTERM (SHUTDOWN_TIMEOUT, a Go duration).
	ShutdownTimeout time.Duration
	// DrainTime is how long an instance keeps serving after SIGINT or
	// SIGTERM, with /readyz answering 503, so that a load balancer stops
	// sending it requests before it stops listening (DRAIN_TIME, a Go
	// duration; 0 stops at once).
	DrainTime time.Duration
	// SMTP is where e-mail is handed over (SMTP_URL: smtp://host:port,
	// smtps://user:password@host:465 or smtp+starttls://user:password@host:587);
	// it defaults to Mailpit on 127.0.0.1:1025, for development.
	SMTP mail.SMTPConfig
	// MailFrom is the sender of every e-mail (MAIL_FROM).
	MailFrom netmail.Address
	// RegistryPrefix starts every registration number, as in RS-2026-0001
	// (REGISTRY_PREFIX).
	RegistryPrefix string
	// Limits bound how often the anonymous forms that send e-mail or
	// register something may be used, per client address and per typed
	// e-mail address and hour (LIMIT_BOOKINGS_PER_IP_HOUR,
	// LIMIT_EVENT_SIGNUPS_PER_IP_HOUR, LIMIT_FORMS_PER_IP_HOUR, LIMIT_MAILS_PER_ADDRESS_HOUR).
	Limits throttle.Limits
	// EventRetentionMonths is how many months after an event the names and
	// e-mail addresses of its sign-ups are kept (EVENT_RETENTION, a whole
	// number of months; 12 by default); the needs go after 30 days.
	EventRetentionMonths int
	// TrustedProxies are the proxies whose X-Forwarded-For names the
	// client (TRUSTED_PROXIES, comma-separated CIDR prefixes); none by
	// default, when the connection's address is the client's.
	TrustedProxies auth.Proxies
	// Identity is the organisation that runs the site, named in the header
	// and the footer with its logotype and contact details (ORG_NAME,
	// ORG_URL, ORG_LOGO (a file with an SVG), ORG_ADDRESS, ORG_PHONE,
	// ORG_EMAIL, ORG_NUMBER).
	Identity ui.Identity
	// DevPages mounts the pages meant for development only, such as the
	// UI kit's gallery at /dev/ui (DEV_PAGES: on or off; off by default,
	// and on under make run).
	DevPages bool
}

// LoadConfig reads the configuration from getenv (os.Getenv in production). A
// bad value is an error that names the variable.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:     db.DefaultURL,
		Addr:            "127.0.0.1:8080",
		LogLevel:        slog.LevelInfo,
		LogFormat:       "text",
		PageCache:       true,
		ShutdownTimeout: 15 * time.Second,
		DrainTime:       5 * time.Second,
		RegistryPrefix:  registry.DefaultPrefix,
		Limits:          throttle.DefaultLimits,
	}
	if v := getenv("DATABASE_URL"); v != "" {
		c.DatabaseURL = v
	}
	if v := getenv("ADDR"); v != "" {
		if _, _, err := net.SplitHostPort(v); err != nil {
			return c, fmt.Errorf("ADDR=%q: want host:port, such as 127.0.0.1:8080", v)
		}
		c.Addr = v
	}
	base := getenv("BASE_URL")
	if base == "" {
		base = "http://" + c.Addr
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("BASE_URL=%q: want an absolute http or https URL, such as https://residens.example.se", base)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	c.BaseURL = u
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return c, fmt.Errorf("LOG_LEVEL=%q: want debug, info, warn or error", v)
		}
	}
	if v := getenv("LOG_FORMAT"); v != "" {
		if v != "text" && v != "json" {
			return c, fmt.Errorf("LOG_FORMAT=%q: want text or json", v)
		}
		c.LogFormat = v
	}
	if v := getenv("PAGE_CACHE"); v != "" {
		switch strings.ToLower(v) {
		case "on", "true", "1":
			c.PageCache = true
		case "off", "false", "0":
			c.PageCache = false
		default:
			return c, fmt.Errorf("PAGE_CACHE=%q: want on or off", v)
		}
	}
	if v := getenv("DEV_PAGES"); v != "" {
		switch strings.ToLower(v) {
		case "on", "true", "1":
			c.DevPages = true
		case "off", "false", "0":
			c.DevPages = false
		default:
			return c, fmt.Errorf("DEV_PAGES=%q: want on or off", v)
		}
	}
	switch key, file := getenv("SESSION_KEY"), getenv("SESSION_KEY_FILE"); {
	case key != "" && file != "":
		return c, fmt.Errorf("SESSION_KEY and SESSION_KEY_FILE are both set: set one")
	case key != "":
		keys, err := auth.ParseKeys(key)
		if err != nil {
			return c, fmt.Errorf("SESSION_KEY: %v", err)
		}
		c.SessionKeys = keys
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return c, fmt.Errorf("SESSION_KEY_FILE=%q: %v", file, err)
		}
		keys, err := auth.ParseKeys(string(b))
		if err != nil {
			return c, fmt.Errorf("SESSION_KEY_FILE=%q: %v", file, err)
		}
		c.SessionKeys = keys
	case c.BaseURL.Scheme == "https":
		// A public site must not make up its key: sessions would end at
		// every restart and differ between instances.
		return c, fmt.Errorf("SESSION_KEY: required when BASE_URL is https (or set SESSION_KEY_FILE)")
	default:
		k := make([]byte, 32)
		if _, err := rand.Read(k); err != nil {
			return c, fmt.Errorf("SESSION_KEY: none set and none could be made: %v", err)
		}
		c.SessionKeys, c.SessionKeyEphemeral = [][]byte{k}, true
	}
	smtpURL := mail.DefaultSMTPURL
	if v := getenv("SMTP_URL"); v != "" {
		smtpURL = v
	}
	smtp, err := mail.ParseSMTPURL(smtpURL)
	if err != nil {
		// The value itself is not repeated: it may hold a password.
		return c, fmt.Errorf("SMTP_URL: %v", err)
	}
	c.SMTP = smtp
	from := mail.DefaultFrom
	if v := getenv("MAIL_FROM"); v != "" {
		from = v
	}
	if c.MailFrom, err = mail.ParseFrom(from); err != nil {
		return c, fmt.Errorf("MAIL_FROM=%q: %v", from, err)
	}
	if v := getenv("REGISTRY_PREFIX"); v != "" {
		if !registry.ValidPrefix(v) {
			return c, fmt.Errorf("REGISTRY_PREFIX=%q: want 1 to 10 upper-case letters or digits, starting with a letter, such as RS", v)
		}
		c.RegistryPrefix = v
	}
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("SHUTDOWN_TIMEOUT=%q: want a positive duration, such as 15s", v)
		}
		c.ShutdownTimeout = d
	}
	if v := getenv("DRAIN_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return c, fmt.Errorf("DRAIN_TIME=%q: want a duration of 0 or more, such as 5s", v)
		}
		c.DrainTime = d
	}
	for _, l := range []struct {
		name string
		n    *int
	}{
		{"LIMIT_BOOKINGS_PER_IP_HOUR", &c.Limits.BookingsPerIP},
		{"LIMIT_EVENT_SIGNUPS_PER_IP_HOUR", &c.Limits.EventSignupsPerIP},
		{"LIMIT_FORMS_PER_IP_HOUR", &c.Limits.FormsPerIP},
		{"LIMIT_MAILS_PER_ADDRESS_HOUR", &c.Limits.MailsPerAddress},
	} {
		if v := getenv(l.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100000 {
				return c, fmt.Errorf("%s=%q: want a whole number from 1 to 100000", l.name, v)
			}
			*l.n = n
		}
	}
	c.EventRetentionMonths = 12
	if v := getenv("EVENT_RETENTION"); v != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), "m"))
		if err != nil || n < 1 || n > 120 {
			return c, fmt.Errorf("EVENT_RETENTION=%q: want a whole number of months from 1 to 120, such as 12", v)
		}
		c.EventRetentionMonths = n
	}
	c.Identity = ui.Identity{Name: getenv("ORG_NAME"), URL: getenv("ORG_URL"), Address: getenv("ORG_ADDRESS"),
		Phone: getenv("ORG_PHONE"), Email: getenv("ORG_EMAIL"), OrgNumber: getenv("ORG_NUMBER")}
	if u := c.Identity.URL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return c, fmt.Errorf("ORG_URL=%q: want an http or https address, such as https://www.region.example.se", u)
		}
	}
	if e := c.Identity.Email; e != "" && !mail.ValidAddress(e) {
		return c, fmt.Errorf("ORG_EMAIL=%q: want one e-mail address", e)
	}
	if path := getenv("ORG_LOGO"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("ORG_LOGO: %w", err)
		}
		if c.Identity.Logo, err = ui.ParseLogo(string(b)); err != nil {
			return c, fmt.Errorf("ORG_LOGO=%q: %w", path, err)
		}
	}
	if c.TrustedProxies, err = auth.ParseProxies(getenv("TRUSTED_PROXIES")); err != nil {
		return c, fmt.Errorf("TRUSTED_PROXIES: %v", err)
	}
	return c, nil
}

// NewLogger builds the process logger the configuration asks for, writing to
// w (standard error in production).
func NewLogger(c Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
