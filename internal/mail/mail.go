package mail

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Message is one e-mail: Swedish plain text and HTML bodies.
type Message struct {
	// To is the one recipient, an address such as anna@example.se.
	To string
	// Subject is the subject line (one line).
	Subject string
	// Text is the plain-text body.
	Text string
	// HTML is the HTML body, a whole document; empty sends text only.
	HTML string
	// Key identifies the change the message reports (e.g.
	// "verify:<token-hash-hex>"); the same Key is sent once only.
	Key string
	// Attachments are files sent along, such as a calendar invitation.
	Attachments []Attachment
	// MessageID is the Message-ID header without angle brackets. Enqueue
	// fills it with a random part at the site's host name, so no two
	// installations (a reset, a staging copy) ever reuse one; it travels in
	// the job, so every attempt of one message carries the same.
	MessageID string
}

// Attachment is one file attached to a Message.
type Attachment struct {
	// Name is the file name the recipient sees, e.g. "mote.ics".
	Name string `json:"name"`
	// ContentType is the MIME type, e.g. `text/calendar; charset=utf-8; method=REQUEST`.
	ContentType string `json:"content_type"`
	// Data is the file's content (JSON-encoded as base64 in the job's args).
	Data []byte `json:"data"`
}

// maxAttachmentBytes bounds the attachments of one message: they travel in
// the job's args row, which is no place for large files.
const maxAttachmentBytes = 256 << 10

// maxKeyLen bounds Message.Key; mail_sent.key checks the same limit.
const maxKeyLen = 200

// validate checks what Enqueue needs before a message may be queued. Its
// errors mask the address: they may end up in a log.
func (m Message) validate() error {
	if m.To == "" {
		return errors.New("mail: no recipient")
	}
	if _, err := netmail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("mail: recipient %s is not one valid address", MaskAddress(m.To))
	}
	if strings.TrimSpace(m.Subject) == "" {
		return errors.New("mail: empty subject")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return errors.New("mail: subject has a line break")
	}
	if strings.TrimSpace(m.Text) == "" {
		return errors.New("mail: empty text body")
	}
	if m.Key == "" {
		return errors.New("mail: empty key (it keeps a message from being sent twice)")
	}
	if len(m.Key) > maxKeyLen {
		return fmt.Errorf("mail: key longer than %d bytes", maxKeyLen)
	}
	total := 0
	for _, a := range m.Attachments {
		if a.Name == "" || strings.ContainsAny(a.Name, "\r\n/\\") {
			return errors.New("mail: attachment without a plain file name")
		}
		if a.ContentType == "" || strings.ContainsAny(a.ContentType, "\r\n") {
			return errors.New("mail: attachment without a one-line content type")
		}
		total += len(a.Data)
	}
	if total > maxAttachmentBytes {
		return fmt.Errorf("mail: attachments larger than %d bytes", maxAttachmentBytes)
	}
	if m.MessageID != "" && !validMessageID(m.MessageID) {
		return errors.New("mail: malformed Message-ID")
	}
	return nil
}

// validMessageID accepts what NewMessageID makes and any other
// dot-atom@domain without spaces or brackets.
func validMessageID(id string) bool {
	left, right, ok := strings.Cut(id, "@")
	return ok && left != "" && right != "" && len(id) <= 250 && !strings.ContainsAny(id, "<> \t\r\n\"")
}

// NewMessageID returns a Message-ID (without angle brackets) that no other
// message has: 128 random bits, at host (the site's host name, from
// BASE_URL).
func NewMessageID(host string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "@" + host
}

// keyKind is the part of a key before its first colon ("verify" of
// "verify:ab12…"): enough to tell messages apart in the log without writing
// whatever identifies the change.
func keyKind(key string) string {
	kind, _, _ := strings.Cut(key, ":")
	return kind
}

// MaskAddress hides most of an e-mail address for logs: the first character
// of the local part stays, the rest of it becomes "***", and the domain
// stays ("anna.svensson@example.se" gives "a***@example.se"). A display name
// is dropped. Something that is not an address gives "***".
func MaskAddress(addr string) string {
	if a, err := netmail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	addr = strings.TrimSpace(addr)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "***"
	}
	local, domain := addr[:at], addr[at+1:]
	if local == "" {
		return "***@" + domain
	}
	r, _ := utf8.DecodeRuneInString(local)
	if r == utf8.RuneError || r == '"' {
		// A quoted local part: its first character tells nothing useful.
		return "***@" + domain
	}
	return string(r) + "***@" + domain
}

// addressInText finds what looks like an e-mail address inside free text,
// such as an SMTP server's reply.
var addressInText = regexp.MustCompile(`[^\s<>()\[\]"',;:]+@[^\s<>()\[\]"',;:]+`)

// redact masks every address in s, for error texts that may reach a log.
func redact(s string) string {
	return addressInText.ReplaceAllStringFunc(s, MaskAddress)
}
