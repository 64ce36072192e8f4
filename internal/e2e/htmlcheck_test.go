package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"residens/internal/auth"
)

// TestHTMLValid checks the portal's HTML with the Nu HTML Checker (vnu.jar,
// from `make browser-deps`, run on Java): every page of a crawl as each role,
// the forms sent back empty (their error state), and the HTML of the e-mails
// those forms queue. Zero errors are allowed; axe-core does not look for
// invalid HTML (an empty aria-describedby, a required select whose first
// option has a value), and browsers repair it each their own way.
func TestHTMLValid(t *testing.T) {
	t.Parallel()
	jar := vnuJar(t)
	ctx := t.Context()
	cs := newCrawlSite(t, nil)
	h, pool := cs.h, cs.pool

	dir := t.TempDir()
	n := 0
	save := func(name, html string) {
		n++
		name = fmt.Sprintf("%03d-%s.html", n, strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(name))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(html), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	get := func(path string, cookie *http.Cookie) (int, string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	post := func(path string, form url.Values, cookie *http.Cookie) (int, string) {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = "192.0.2.77:4000"
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}

	// The pages, as every role sees them; each page once.
	seen := map[string]bool{}
	for _, role := range crawlRoles {
		cookie := cs.signIn(t, role)
		for _, p := range crawl(t, h, cookie, 60) {
			if seen[p] {
				continue
			}
			seen[p] = true
			if _, body := get(p, cookie); body != "" {
				save(string(role)+p, body)
			}
		}
	}
	// The event pages, with their JSON-LD data block and the sign-up form
	// (speed-dating's has the most fields), which a crawl may not reach.
	for _, p := range []string{"/evenemang", "/evenemang/kulturforum-2027", "/evenemang/speed-dejting-kultur-moter-kommun",
		"/evenemang/kulturfrukost-i-nacka", "/evenemang/workshop-teater-i-botkyrka"} {
		if status, body := get(p, nil); status == http.StatusOK {
			save("event"+p, body)
		} else {
			t.Errorf("GET %s: %d", p, status)
		}
	}
	// Error pages, and public forms sent back empty.
	for _, p := range []string{"/finns-inte", "/residens/finns-inte"} {
		_, body := get(p, nil)
		save("error"+p, body)
	}
	for _, p := range []string{"/registrera", "/glomt-losenord", "/logga-in", "/registrera/ny-lank", "/radgivning/boka",
		"/evenemang/speed-dejting-kultur-moter-kommun/anmal"} {
		status, body := post(p, url.Values{}, nil)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("POST %s empty: %d, want 422", p, status)
		}
		save("invalid"+p, body)
	}
	// Forms that queue e-mail, for the HTML of the messages.
	post("/registrera", url.Values{"namn": {"Vera Validerad"}, "epost": {"vera@html.example.se"},
		"losenord": {"ett-langt-losenord-2026"}, "losenord2": {"ett-langt-losenord-2026"}, "samtycke": {"ja"}}, nil)
	hash, err := auth.HashPassword("ett-langt-losenord-2026")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE email = 'artist@crawl.example.se'`, hash); err != nil {
		t.Fatal(err)
	}
	post("/glomt-losenord", url.Values{"epost": {"artist@crawl.example.se"}}, nil)
	rows, err := pool.Query(ctx, `SELECT args->>'subject', args->>'html' FROM river_job WHERE kind = 'mail.send' AND args->>'html' <> ''`)
	if err != nil {
		t.Fatal(err)
	}
	mails := 0
	for rows.Next() {
		var subject, html string
		if err := rows.Scan(&subject, &html); err != nil {
			t.Fatal(err)
		}
		mails++
		save("mail-"+subject, html)
	}
	rows.Close()
	if mails == 0 {
		t.Error("no HTML e-mail was queued to check")
	}

	out, err := exec.Command("java", "-jar", jar, "--format", "json", "--errors-only", "--skip-non-html", dir).CombinedOutput()
	var report struct {
		Messages []struct {
			Type      string `json:"type"`
			URL       string `json:"url"`
			Message   string `json:"message"`
			Extract   string `json:"extract"`
			FirstLine int    `json:"firstLine"`
			LastLine  int    `json:"lastLine"`
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v (%v):\n%s", err, jerr, out)
	}
	for _, m := range report.Messages {
		if m.Type == "error" {
			t.Errorf("%s:%d: %s\n\t%s", filepath.Base(m.URL), m.LastLine, m.Message, m.Extract)
		}
	}
	t.Logf("%d documents checked (%d e-mails)", n, mails)
}

// vnuJar finds the Nu HTML Checker and Java: VNU_JAR, or the copy that
// `make browser-deps` installs under .cache.
func vnuJar(t *testing.T) string {
	t.Helper()
	p := os.Getenv("VNU_JAR")
	if p == "" {
		p = filepath.Join(repoRoot(t), ".cache", "node", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	}
	if _, err := os.Stat(p); err != nil {
		missing(t, "vnu.jar not found (run `make browser-deps` or set VNU_JAR): %v", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing(t, "java not found (Debian: apt-get install default-jre-headless): %v", err)
	}
	return p
}
