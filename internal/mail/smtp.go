package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Security is how the connection to the SMTP server is protected.
type Security int

const (
	// SecurityNone is plain SMTP, for a local sink such as Mailpit
	// (smtp://).
	SecurityNone Security = iota
	// SecurityTLS is TLS from the first byte, usually on port 465 (smtps://).
	SecurityTLS
	// SecurityStartTLS is plain SMTP upgraded with STARTTLS, which must
	// succeed, usually on port 587 (smtp+starttls://).
	SecurityStartTLS
)

// DefaultSMTPURL is Mailpit's default SMTP address, the sink that make run
// starts; production sets SMTP_URL.
const DefaultSMTPURL = "smtp://127.0.0.1:1025"

// DefaultFrom is the sender when MAIL_FROM is unset.
const DefaultFrom = "Residens <noreply@residens.invalid>"

// SMTPConfig says where and how to hand mail over: the parsed SMTP_URL.
type SMTPConfig struct {
	// Host is the server's name or address.
	Host string
	// Port is the server's TCP port.
	Port int
	// Security is plain, implicit TLS or STARTTLS.
	Security Security
	// Username and Password authenticate, when Username is set (only over
	// TLS: a password never crosses the network in clear).
	Username string
	// Password goes with Username.
	Password string
}

// String is the configuration as a URL with the password hidden, for logs.
func (c SMTPConfig) String() string {
	u := url.URL{Scheme: schemes[c.Security], Host: hostPort(c.Host, c.Port)}
	if c.Username != "" {
		u.User = url.UserPassword(c.Username, "xxxxx")
	}
	return u.String()
}

var schemes = map[Security]string{SecurityNone: "smtp", SecurityTLS: "smtps", SecurityStartTLS: "smtp+starttls"}

func hostPort(host string, port int) string {
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + strconv.Itoa(port)
}

// ParseSMTPURL reads an SMTP_URL: smtp://host:port (no TLS, no password: for
// a local sink), smtps://user:pass@host:465 (implicit TLS) or
// smtp+starttls://user:pass@host:587 (STARTTLS required). The port defaults
// to 25, 465 and 587. The errors never repeat the password.
func ParseSMTPURL(s string) (SMTPConfig, error) {
	var c SMTPConfig
	u, err := url.Parse(s)
	if err != nil {
		// url.Parse's error quotes the whole input, password and all.
		return c, errors.New("not a valid URL; want smtp://host:port, smtps://user:password@host:465 or smtp+starttls://user:password@host:587")
	}
	defaultPort := 0
	switch u.Scheme {
	case "smtp":
		c.Security, defaultPort = SecurityNone, 25
	case "smtps":
		c.Security, defaultPort = SecurityTLS, 465
	case "smtp+starttls":
		c.Security, defaultPort = SecurityStartTLS, 587
	default:
		return c, fmt.Errorf("scheme %q: want smtp://, smtps:// or smtp+starttls://", u.Scheme)
	}
	c.Host = u.Hostname()
	if c.Host == "" || u.Opaque != "" {
		return c, fmt.Errorf("%s: no host; want e.g. %s://mail.example.se", u.Redacted(), u.Scheme)
	}
	c.Port = defaultPort
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return c, fmt.Errorf("%s: port %q: want 1 to 65535", u.Redacted(), p)
		}
		c.Port = n
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return c, fmt.Errorf("%s: want no path, query or fragment", u.Redacted())
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
		if c.Username == "" || c.Password == "" {
			return c, fmt.Errorf("%s: give both user name and password, or neither", u.Redacted())
		}
		if c.Security == SecurityNone {
			return c, fmt.Errorf("%s: a password needs TLS; use smtps:// or smtp+starttls://", u.Redacted())
		}
	}
	return c, nil
}

// ParseFrom reads a MAIL_FROM: one address, with or without a display name
// ("Residens <noreply@region.se>").
func ParseFrom(s string) (netmail.Address, error) {
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return netmail.Address{}, errors.New("want one address, such as Residens <noreply@region.se>")
	}
	if at := strings.LastIndexByte(a.Address, '@'); at <= 0 || at == len(a.Address)-1 {
		return netmail.Address{}, errors.New("want one address, such as Residens <noreply@region.se>")
	}
	return *a, nil
}

// sendTimeout bounds one SMTP conversation (connect, greet, send), so that a
// server that hangs fails the attempt and River retries it later.
const sendTimeout = 30 * time.Second

// Sender hands messages to an SMTP server.
type Sender struct {
	smtp SMTPConfig
	from netmail.Address
	// tlsConfig, when set, replaces the default (verify the server against
	// the system roots): the tests use it to trust their own certificate.
	tlsConfig *tls.Config
}

// NewSender returns a Sender that delivers through the server cfg names, as
// from.
func NewSender(cfg SMTPConfig, from netmail.Address) *Sender {
	return &Sender{smtp: cfg, from: from}
}

// Send delivers msg in one SMTP conversation, with msg.MessageID (the same on
// every attempt of one job, so that should a message ever go out twice, mail
// systems can see that it is the same one). A message queued before
// Message-IDs were random has none and gets one derived from its key. Errors
// have every address in them masked.
func (s *Sender) Send(ctx context.Context, msg Message) error {
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(&s.from)
	if err := m.To(msg.To); err != nil {
		return fmt.Errorf("mail: recipient %s: %s", MaskAddress(msg.To), redact(err.Error()))
	}
	m.Subject(msg.Subject)
	m.SetDate()
	id := msg.MessageID
	if id == "" {
		id = s.messageID(msg.Key)
	}
	m.SetMessageIDWithValue(id)
	// RFC 3834: tells auto-responders (out of office) not to answer.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	for _, a := range msg.Attachments {
		m.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
	}

	// go-mail heeds ctx only while connecting; closing the connection when
	// ctx ends also stops a conversation with a server that has gone quiet,
	// so that a shutdown need not wait for the timeout.
	var unwatch []func() bool
	defer func() {
		for _, f := range unwatch {
			f()
		}
	}()
	dial := func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var conn net.Conn
		var err error
		if s.smtp.Security == SecurityTLS {
			conn, err = (&tls.Dialer{NetDialer: d, Config: s.tls()}).DialContext(dialCtx, network, addr)
		} else {
			conn, err = d.DialContext(dialCtx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		unwatch = append(unwatch, context.AfterFunc(ctx, func() { _ = conn.Close() }))
		return conn, nil
	}
	opts := []gomail.Option{
		gomail.WithPort(s.smtp.Port),
		gomail.WithTimeout(sendTimeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(s.tls()),
	}
	switch s.smtp.Security {
	case SecurityNone, SecurityTLS:
		// For smtps the dialer above has made the connection TLS already.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case SecurityStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.smtp.Username != "" {
		// Only over TLS (ParseSMTPURL sees to that), where PLAIN and LOGIN
		// are safe; go-mail's own choice would refuse them on a connection
		// it did not dial itself.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.smtp.Username),
			gomail.WithPassword(s.smtp.Password))
	}
	c, err := gomail.NewClient(s.smtp.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: smtp client for %s: %s", s.smtp, redact(err.Error()))
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		if cerr := context.Cause(ctx); cerr != nil {
			return fmt.Errorf("mail: send to %s via %s: %w (%s)", MaskAddress(msg.To), s.smtp, cerr, sendErrorText(err))
		}
		return fmt.Errorf("mail: send to %s via %s: %s", MaskAddress(msg.To), s.smtp, sendErrorText(err))
	}
	return nil
}

// tls is the TLS configuration for the server: verified against the system's
// roots unless a test has set its own.
func (s *Sender) tls() *tls.Config {
	if s.tlsConfig != nil {
		return s.tlsConfig
	}
	return &tls.Config{ServerName: s.smtp.Host, MinVersion: tls.VersionTLS12}
}

// messageID is <hash of key>@<sender's domain>: only for jobs queued before
// the Queue gave every message a random one.
func (s *Sender) messageID(key string) string {
	sum := sha256.Sum256([]byte(key))
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	return hex.EncodeToString(sum[:16]) + "@" + domain
}

// sendErrorText describes a failed delivery without the addresses that
// go-mail's errors (the affected recipients) and servers' replies carry.
func sendErrorText(err error) string {
	return redact(err.Error())
}
