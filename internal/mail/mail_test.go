package mail

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

func TestMaskAddress(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "anna.svensson@example.se", "a***@example.se"},
		{"one letter", "a@example.se", "a***@example.se"},
		{"display name dropped", "Anna Svensson <anna@example.se>", "a***@example.se"},
		{"non-ASCII first letter kept whole", "åsa@example.se", "å***@example.se"},
		{"quoted local part", `"anna svensson"@example.se`, "a***@example.se"},
		{"unbalanced quote", `"anna@example.se`, "***@example.se"},
		{"empty local part", "@example.se", "***@example.se"},
		{"not an address", "anna", "***"},
		{"empty", "", "***"},
		{"surrounding space", "  bo@example.se ", "b***@example.se"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MaskAddress(tt.in); got != tt.want {
				t.Errorf("MaskAddress(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactMasksEveryAddress(t *testing.T) {
	t.Parallel()
	in := "550 5.1.1 <anna.svensson@example.se>: Recipient address rejected, affected recipient(s): bo@example.com"
	got := redact(in)
	for _, leak := range []string{"anna.svensson@", "bo@example.com"} {
		if strings.Contains(got, leak) {
			t.Errorf("redact left %q in %q", leak, got)
		}
	}
	if !strings.Contains(got, "a***@example.se") || !strings.Contains(got, "b***@example.com") {
		t.Errorf("redact(%q) = %q, want the masked addresses in it", in, got)
	}
}

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	good := []struct {
		name, in string
		want     SMTPConfig
	}{
		{"mailpit", "smtp://127.0.0.1:1025", SMTPConfig{Host: "127.0.0.1", Port: 1025, Security: SecurityNone}},
		{"smtp default port", "smtp://mail.example.se", SMTPConfig{Host: "mail.example.se", Port: 25}},
		{"smtps", "smtps://resid:hemligt@mail.example.se:465",
			SMTPConfig{Host: "mail.example.se", Port: 465, Security: SecurityTLS, Username: "resid", Password: "hemligt"}},
		{"smtps default port", "smtps://resid:hemligt@mail.example.se",
			SMTPConfig{Host: "mail.example.se", Port: 465, Security: SecurityTLS, Username: "resid", Password: "hemligt"}},
		{"starttls", "smtp+starttls://resid:hemligt@mail.example.se:587",
			SMTPConfig{Host: "mail.example.se", Port: 587, Security: SecurityStartTLS, Username: "resid", Password: "hemligt"}},
		{"starttls default port, no login", "smtp+starttls://relay.example.se",
			SMTPConfig{Host: "relay.example.se", Port: 587, Security: SecurityStartTLS}},
		{"escaped password", "smtps://resid%40region.se:h%C3%A4mligt%2F1@mail.example.se",
			SMTPConfig{Host: "mail.example.se", Port: 465, Security: SecurityTLS, Username: "resid@region.se", Password: "hämligt/1"}},
		{"trailing slash", "smtp://127.0.0.1:1025/", SMTPConfig{Host: "127.0.0.1", Port: 1025}},
		{"IPv6", "smtp://[::1]:1025", SMTPConfig{Host: "::1", Port: 1025}},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSMTPURL(tt.in)
			if err != nil {
				t.Fatalf("ParseSMTPURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseSMTPURL(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if strings.Contains(got.String(), "hemligt") || strings.Contains(got.String(), "hämligt") {
				t.Errorf("String() = %q shows the password", got.String())
			}
		})
	}

	bad := []struct{ name, in, wantErr string }{
		{"empty", "", "scheme"},
		{"other scheme", "http://mail.example.se", "scheme"},
		{"no host", "smtp://", "no host"},
		{"opaque", "smtp:mail.example.se", "no host"},
		{"port not a number", "smtp://mail.example.se:smtp", "valid URL"},
		{"port zero", "smtp://mail.example.se:0", "port"},
		{"port too big", "smtp://mail.example.se:70000", "port"},
		{"path", "smtp://mail.example.se/inbox", "no path"},
		{"query", "smtp://mail.example.se?tls=on", "no path"},
		{"password without TLS", "smtp://resid:hemligt@mail.example.se", "needs TLS"},
		{"user without password", "smtps://resid@mail.example.se", "both"},
		{"broken escape, password not echoed", "smtps://resid:hem%zzligt@mail.example.se", "valid URL"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseSMTPURL(tt.in)
			if err == nil {
				t.Fatalf("ParseSMTPURL(%q) succeeded, want an error", tt.in)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSMTPURL(%q) = %v, want an error saying %q", tt.in, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hemligt") || strings.Contains(err.Error(), "zzligt") {
				t.Errorf("the error %q shows the password", err)
			}
		})
	}
}

func TestParseFrom(t *testing.T) {
	t.Parallel()
	good := []struct{ in, name, addr string }{
		{DefaultFrom, "Residens", "noreply@residens.invalid"},
		{"noreply@region.se", "", "noreply@region.se"},
		{"Region Stockholm – Residens <residens@regionstockholm.se>", "Region Stockholm – Residens", "residens@regionstockholm.se"},
	}
	for _, tt := range good {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			a, err := ParseFrom(tt.in)
			if err != nil {
				t.Fatalf("ParseFrom(%q): %v", tt.in, err)
			}
			if a.Name != tt.name || a.Address != tt.addr {
				t.Errorf("ParseFrom(%q) = %q <%s>, want %q <%s>", tt.in, a.Name, a.Address, tt.name, tt.addr)
			}
		})
	}
	for _, in := range []string{"", "noreply", "Residens", "a@b.se, c@d.se", "Residens <noreply@>", "<@region.se>"} {
		t.Run("bad "+in, func(t *testing.T) {
			t.Parallel()
			if a, err := ParseFrom(in); err == nil {
				t.Errorf("ParseFrom(%q) = %v, want an error", in, a)
			}
		})
	}
}

func TestMessageValidate(t *testing.T) {
	t.Parallel()
	ok := Message{To: "anna@example.se", Subject: "Välkommen", Text: "Hej", HTML: "<p>Hej</p>", Key: "verify:ab12"}
	if err := ok.validate(); err != nil {
		t.Fatalf("valid message: %v", err)
	}
	tests := []struct {
		name    string
		change  func(*Message)
		wantErr string
	}{
		{"no recipient", func(m *Message) { m.To = "" }, "no recipient"},
		{"two recipients", func(m *Message) { m.To = "anna@example.se, bo@example.se" }, "a***@example.se"},
		{"not an address", func(m *Message) { m.To = "anna.svensson" }, "not one valid address"},
		{"no subject", func(m *Message) { m.Subject = " " }, "subject"},
		{"subject with line break", func(m *Message) { m.Subject = "Hej\r\nBcc: x@example.se" }, "line break"},
		{"no text", func(m *Message) { m.Text = "" }, "text"},
		{"no key", func(m *Message) { m.Key = "" }, "key"},
		{"key too long", func(m *Message) { m.Key = strings.Repeat("k", maxKeyLen+1) }, "key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := ok
			tt.change(&m)
			// Enqueue checks before it touches the queue, so no River
			// client is needed to see the refusal.
			err := (&Queue{}).Enqueue(context.Background(), nil, m)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Enqueue = %v, want an error saying %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "anna@") || strings.Contains(err.Error(), "anna.svensson") {
				t.Errorf("the error %q shows the address", err)
			}
		})
	}
}

func TestHTMLToText(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>Hej Anna,</p>\n  <p>Välkommen   till\n Residens.</p>", "Hej Anna,\n\nVälkommen till Residens.\n"},
		{"entities decoded", "<p>Dans &amp; cirkus &lt;3</p>", "Dans & cirkus <3\n"},
		{"link with label", `<p>Klicka på <a href="https://residens.example.se/verifiera/abc">bekräfta</a>.</p>`,
			"Klicka på bekräfta <https://residens.example.se/verifiera/abc>.\n"},
		{"link that is its own label", `<p><a href="https://x.se/a">https://x.se/a</a></p>`, "https://x.se/a\n"},
		{"line break", "<p>Rad ett<br>rad två</p>", "Rad ett\nrad två\n"},
		{"list", "<p>Så här:</p><ul><li>ett</li><li>två <strong>tre</strong></li></ul><p>Slut</p>",
			"Så här:\n\n- ett\n- två tre\n\nSlut\n"},
		{"numbered list", "<ol><li>först</li><li>sedan</li></ol>", "1. först\n2. sedan\n"},
		{"nested list", "<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>", "- a\n  - a1\n- b\n"},
		{"head and style skipped", "<html><head><title>T</title><style>p{}</style></head><body><h1>Rubrik</h1><p>Text</p></body></html>",
			"Rubrik\n\nText\n"},
		{"rule", "<p>a</p><hr><p>b</p>", "a\n\n--\n\nb\n"},
		{"image alt", `<p><img src="x.png" alt="Logotyp"> Residens</p>`, "Logotyp Residens\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := HTMLToText(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("HTMLToText(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
		})
	}
}

// testBody is a message body as an area would write it in templ.
func testBody(name, link string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<p>Hej "+templ.EscapeString(name)+"!</p><p>Bekräfta din e-postadress: <a href=\""+
			templ.EscapeString(link)+"\">bekräfta adressen</a>.</p>")
		return err
	})
}

func TestRender(t *testing.T) {
	t.Parallel()
	text, html, err := Render(context.Background(), "Bekräfta din e-postadress", testBody("Åsa & Bo", "https://residens.example.se/verifiera/t0k3n"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "sv" {
		t.Errorf(`html lang = %q, want "sv"`, lang)
	}
	if got := doc.Find("h1"); got.Length() != 1 || got.Text() != "Bekräfta din e-postadress" {
		t.Errorf("h1 = %d × %q, want one with the heading", got.Length(), got.Text())
	}
	if got := doc.Find("title").Text(); got != "Bekräfta din e-postadress" {
		t.Errorf("title = %q", got)
	}
	if href, _ := doc.Find("a").Attr("href"); href != "https://residens.example.se/verifiera/t0k3n" {
		t.Errorf("link = %q", href)
	}
	// Nothing may be fetched from elsewhere when the message is opened.
	if n := doc.Find("img[src], link, script, iframe, [style*='url(']").Length(); n != 0 {
		t.Errorf("%d elements load external resources", n)
	}
	wantText := "Bekräfta din e-postadress\n\nHej Åsa & Bo!\n\n" +
		"Bekräfta din e-postadress: bekräfta adressen <https://residens.example.se/verifiera/t0k3n>.\n\n--\n\n" +
		"Det här meddelandet skickades automatiskt från Residens. Svar på det läses inte.\n"
	if text != wantText {
		t.Errorf("text =\n%s\nwant\n%s", text, wantText)
	}
}
