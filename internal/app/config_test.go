package app_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"residens/internal/app"
	"residens/internal/db"
)

func TestLoadConfigDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatalf("LoadConfig with nothing set: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"DatabaseURL", cfg.DatabaseURL, db.DefaultURL},
		{"Addr", cfg.Addr, "127.0.0.1:8080"},
		{"BaseURL", cfg.BaseURL.String(), "http://127.0.0.1:8080"},
		{"LogLevel", cfg.LogLevel, slog.LevelInfo},
		{"LogFormat", cfg.LogFormat, "text"},
		{"PageCache", cfg.PageCache, true},
		{"ShutdownTimeout", cfg.ShutdownTimeout, 15 * time.Second},
		{"DrainTime", cfg.DrainTime, 5 * time.Second},
		{"RegistryPrefix", cfg.RegistryPrefix, "RS"},
		{"Limits.BookingsPerIP", cfg.Limits.BookingsPerIP, 10},
		{"Limits.FormsPerIP", cfg.Limits.FormsPerIP, 20},
		{"Limits.MailsPerAddress", cfg.Limits.MailsPerAddress, 3},
		{"TrustedProxies", len(cfg.TrustedProxies), 0},
		{"DevPages", cfg.DevPages, false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !strings.Contains(db.DefaultURL, "dbname=residens") {
		t.Errorf("default database %q is not residens", db.DefaultURL)
	}
}

func TestLoadConfigReadsEachVariable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		env   map[string]string
		check func(app.Config) (got, want any)
	}{
		{"DATABASE_URL", map[string]string{"DATABASE_URL": "postgres://u@db.example:5433/portal"},
			func(c app.Config) (any, any) { return c.DatabaseURL, "postgres://u@db.example:5433/portal" }},
		{"ADDR", map[string]string{"ADDR": ":9090"},
			func(c app.Config) (any, any) { return c.Addr, ":9090" }},
		{"ADDR sets the default BASE_URL", map[string]string{"ADDR": "0.0.0.0:9090"},
			func(c app.Config) (any, any) { return c.BaseURL.String(), "http://0.0.0.0:9090" }},
		{"BASE_URL", map[string]string{"BASE_URL": "https://residens.example.se", "SESSION_KEY": "abababababababababababababababababababababababababababababababab"},
			func(c app.Config) (any, any) { return c.BaseURL.String(), "https://residens.example.se" }},
		{"BASE_URL trailing slash dropped", map[string]string{"BASE_URL": "https://example.se/residens/", "SESSION_KEY": "abababababababababababababababababababababababababababababababab"},
			func(c app.Config) (any, any) { return c.BaseURL.String(), "https://example.se/residens" }},
		{"LOG_LEVEL debug", map[string]string{"LOG_LEVEL": "debug"},
			func(c app.Config) (any, any) { return c.LogLevel, slog.LevelDebug }},
		{"LOG_LEVEL WARN", map[string]string{"LOG_LEVEL": "WARN"},
			func(c app.Config) (any, any) { return c.LogLevel, slog.LevelWarn }},
		{"LOG_LEVEL error", map[string]string{"LOG_LEVEL": "error"},
			func(c app.Config) (any, any) { return c.LogLevel, slog.LevelError }},
		{"LOG_FORMAT json", map[string]string{"LOG_FORMAT": "json"},
			func(c app.Config) (any, any) { return c.LogFormat, "json" }},
		{"LOG_FORMAT text", map[string]string{"LOG_FORMAT": "text"},
			func(c app.Config) (any, any) { return c.LogFormat, "text" }},
		{"PAGE_CACHE off", map[string]string{"PAGE_CACHE": "off"},
			func(c app.Config) (any, any) { return c.PageCache, false }},
		{"PAGE_CACHE false", map[string]string{"PAGE_CACHE": "false"},
			func(c app.Config) (any, any) { return c.PageCache, false }},
		{"PAGE_CACHE ON", map[string]string{"PAGE_CACHE": "ON"},
			func(c app.Config) (any, any) { return c.PageCache, true }},
		{"DEV_PAGES on", map[string]string{"DEV_PAGES": "on"},
			func(c app.Config) (any, any) { return c.DevPages, true }},
		{"DEV_PAGES off", map[string]string{"DEV_PAGES": "off"},
			func(c app.Config) (any, any) { return c.DevPages, false }},
		{"SHUTDOWN_TIMEOUT", map[string]string{"SHUTDOWN_TIMEOUT": "2m30s"},
			func(c app.Config) (any, any) { return c.ShutdownTimeout, 150 * time.Second }},
		{"DRAIN_TIME", map[string]string{"DRAIN_TIME": "0"},
			func(c app.Config) (any, any) { return c.DrainTime, time.Duration(0) }},
		{"REGISTRY_PREFIX", map[string]string{"REGISTRY_PREFIX": "KUR2"},
			func(c app.Config) (any, any) { return c.RegistryPrefix, "KUR2" }},
		{"LIMIT_BOOKINGS_PER_IP_HOUR", map[string]string{"LIMIT_BOOKINGS_PER_IP_HOUR": "4"},
			func(c app.Config) (any, any) { return c.Limits.BookingsPerIP, 4 }},
		{"LIMIT_FORMS_PER_IP_HOUR", map[string]string{"LIMIT_FORMS_PER_IP_HOUR": "50"},
			func(c app.Config) (any, any) { return c.Limits.FormsPerIP, 50 }},
		{"LIMIT_MAILS_PER_ADDRESS_HOUR", map[string]string{"LIMIT_MAILS_PER_ADDRESS_HOUR": "1"},
			func(c app.Config) (any, any) { return c.Limits.MailsPerAddress, 1 }},
		{"TRUSTED_PROXIES", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10, fd00::/8"},
			func(c app.Config) (any, any) {
				return fmt.Sprint(c.TrustedProxies), "[10.0.0.0/8 192.0.2.10/32 fd00::/8]"
			}},
		{"TRUSTED_PROXIES used for the client", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8"},
			func(c app.Config) (any, any) {
				return c.TrustedProxies.Client("10.1.1.1:80", []string{"203.0.113.5"}), "203.0.113.5"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := app.LoadConfig(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if got, want := tt.check(cfg); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestLoadConfigBadValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		variable, value string
	}{
		{"ADDR", "127.0.0.1"},
		{"ADDR", "localhost"},
		{"BASE_URL", "/residens"},
		{"BASE_URL", "residens.example.se"},
		{"BASE_URL", "ftp://residens.example.se"},
		{"BASE_URL", "https://"},
		{"BASE_URL", "http://[::1"},
		{"LOG_LEVEL", "loud"},
		{"LOG_FORMAT", "xml"},
		{"PAGE_CACHE", "maybe"},
		{"ORG_URL", "ftp://region.example.se"},
		{"ORG_URL", "region.example.se"},
		{"ORG_EMAIL", "kultur(at)region.example.se"},
		{"ORG_LOGO", "finns-inte.svg"},
		{"DEV_PAGES", "yes please"},
		{"DRAIN_TIME", "-1s"},
		{"DRAIN_TIME", "5"},
		{"SHUTDOWN_TIMEOUT", "-1s"},
		{"SHUTDOWN_TIMEOUT", "0s"},
		{"SHUTDOWN_TIMEOUT", "15"},
		{"SHUTDOWN_TIMEOUT", "soon"},
		{"REGISTRY_PREFIX", "rs"},
		{"REGISTRY_PREFIX", "2RS"},
		{"REGISTRY_PREFIX", "RS-"},
		{"REGISTRY_PREFIX", "ABCDEFGHIJK"},
		{"LIMIT_BOOKINGS_PER_IP_HOUR", "0"},
		{"LIMIT_BOOKINGS_PER_IP_HOUR", "ten"},
		{"LIMIT_FORMS_PER_IP_HOUR", "-5"},
		{"LIMIT_MAILS_PER_ADDRESS_HOUR", "2.5"},
		{"LIMIT_MAILS_PER_ADDRESS_HOUR", "1000001"},
		{"TRUSTED_PROXIES", "10.0.0.0/33"},
		{"TRUSTED_PROXIES", "lb.example.se"},
	}
	for _, tt := range tests {
		t.Run(tt.variable+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{tt.variable: tt.value}
			_, err := app.LoadConfig(func(k string) string { return env[k] })
			if err == nil {
				t.Fatal("LoadConfig accepted the value")
			}
			if !strings.Contains(err.Error(), tt.variable) {
				t.Errorf("error %q does not name %s", err, tt.variable)
			}
		})
	}
}

func TestNewLogger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, format, level string
		wantInfo            bool
		prefix              string // how a line starts
	}{
		{"json at info", "json", "info", true, `{"time":`},
		{"text at info", "text", "info", true, "time="},
		{"json at warn drops info", "json", "warn", false, `{"time":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, map[string]string{"LOG_FORMAT": tt.format, "LOG_LEVEL": tt.level})
			var buf strings.Builder
			log := app.NewLogger(cfg, &buf)
			log.Info("informativ")
			log.Warn("varning")
			out := buf.String()
			if strings.Contains(out, "informativ") != tt.wantInfo {
				t.Errorf("info line written = %v, want %v:\n%s", !tt.wantInfo, tt.wantInfo, out)
			}
			if !strings.Contains(out, "varning") {
				t.Errorf("warning not written:\n%s", out)
			}
			if !strings.HasPrefix(out, tt.prefix) {
				t.Errorf("output %q does not start with %q", out, tt.prefix)
			}
		})
	}
}

func TestHTTPSNeedsASessionKey(t *testing.T) {
	t.Parallel()
	_, err := app.LoadConfig(func(k string) string {
		return map[string]string{"BASE_URL": "https://residens.example.se"}[k]
	})
	if err == nil || !strings.Contains(err.Error(), "SESSION_KEY") {
		t.Fatalf("LoadConfig with https and no key: %v, want an error naming SESSION_KEY", err)
	}
	cfg, err := app.LoadConfig(func(k string) string { return "" })
	if err != nil || !cfg.SessionKeyEphemeral || len(cfg.SessionKeys) != 1 {
		t.Fatalf("plain http without a key: %v, ephemeral=%v; want a made-up key", err, cfg.SessionKeyEphemeral)
	}
}
