package app_test

import (
	"strings"
	"testing"

	"residens/internal/app"
	"residens/internal/mail"
)

func TestLoadConfigMail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		env      map[string]string
		wantSMTP mail.SMTPConfig
		wantFrom string // "Name <address>" as net/mail writes it
	}{
		{"defaults: Mailpit and noreply", nil,
			mail.SMTPConfig{Host: "127.0.0.1", Port: 1025, Security: mail.SecurityNone},
			`"Residens" <noreply@residens.invalid>`},
		{"smtps with login", map[string]string{"SMTP_URL": "smtps://residens:hemligt@smtp.region.se:465"},
			mail.SMTPConfig{Host: "smtp.region.se", Port: 465, Security: mail.SecurityTLS, Username: "residens", Password: "hemligt"},
			`"Residens" <noreply@residens.invalid>`},
		{"starttls", map[string]string{"SMTP_URL": "smtp+starttls://residens:hemligt@smtp.region.se:587"},
			mail.SMTPConfig{Host: "smtp.region.se", Port: 587, Security: mail.SecurityStartTLS, Username: "residens", Password: "hemligt"},
			`"Residens" <noreply@residens.invalid>`},
		{"MAIL_FROM with name", map[string]string{"MAIL_FROM": "Region Stockholm <residens@regionstockholm.se>"},
			mail.SMTPConfig{Host: "127.0.0.1", Port: 1025},
			`"Region Stockholm" <residens@regionstockholm.se>`},
		{"MAIL_FROM bare", map[string]string{"MAIL_FROM": "residens@regionstockholm.se"},
			mail.SMTPConfig{Host: "127.0.0.1", Port: 1025},
			`<residens@regionstockholm.se>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := app.LoadConfig(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if cfg.SMTP != tt.wantSMTP {
				t.Errorf("SMTP = %+v, want %+v", cfg.SMTP, tt.wantSMTP)
			}
			if got := cfg.MailFrom.String(); got != tt.wantFrom {
				t.Errorf("MailFrom = %s, want %s", got, tt.wantFrom)
			}
		})
	}
}

func TestLoadConfigMailRefusesBadValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, variable, value, wantErr string
	}{
		{"SMTP_URL scheme", "SMTP_URL", "http://smtp.region.se", "smtp://"},
		{"SMTP_URL no host", "SMTP_URL", "smtp://", "no host"},
		{"SMTP_URL bad port", "SMTP_URL", "smtp://smtp.region.se:99999", "port"},
		{"SMTP_URL password in clear", "SMTP_URL", "smtp://residens:hemligt@smtp.region.se", "TLS"},
		{"SMTP_URL unparsable", "SMTP_URL", "smtps://residens:hem%zzligt@smtp.region.se", "valid URL"},
		{"MAIL_FROM no domain", "MAIL_FROM", "noreply", "one address"},
		{"MAIL_FROM two addresses", "MAIL_FROM", "a@region.se, b@region.se", "one address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := app.LoadConfig(func(k string) string {
				if k == tt.variable {
					return tt.value
				}
				return ""
			})
			if err == nil {
				t.Fatalf("LoadConfig accepted %s=%q", tt.variable, tt.value)
			}
			if !strings.HasPrefix(err.Error(), tt.variable) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q should start with %s and say %q", err, tt.variable, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hemligt") || strings.Contains(err.Error(), "zzligt") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
