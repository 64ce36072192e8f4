package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/auth"
	"residens/internal/db/dbtest"
	"residens/internal/jobs"
	"residens/internal/seed"
	"residens/internal/testutil"
)

// TestNoSidewaysScrollAt320 loads the pages of a crawl of the site, as an
// anonymous visitor and as each signed-in role, in Chromium 320 CSS pixels
// wide (WCAG 1.4.10, reflow): none may scroll sideways. A wide table scrolls
// inside its own wrapper, which is allowed; the page itself may not. The
// crawl follows links from each role's start pages; each role's pages are
// loaded once (the public ones as the anonymous visitor).
func TestNoSidewaysScrollAt320(t *testing.T) {
	t.Parallel()
	prerequisites(t)
	cs := newCrawlSite(t, nil)
	h, srv := cs.h, httptest.NewServer(cs.h)
	t.Cleanup(srv.Close)

	loaded := map[string]bool{}
	const perRole = 45
	total := 0
	for _, role := range crawlRoles {
		cookie := cs.signIn(t, role)
		pages := crawl(t, h, cookie, perRole)
		tab := newTab(t)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(320, 640)); err != nil {
			t.Fatal(err)
		}
		if cookie != nil {
			httpOnly := true
			if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: cookie.Name, Value: cookie.Value,
				URL: srv.URL + "/", HTTPOnly: &httpOnly}); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range pages {
			if loaded[p] {
				continue
			}
			loaded[p] = true
			total++
			if _, err := chromedp.Run(tab, chromedp.NavigateResponse(srv.URL+p)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			wide, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => {
				const w = document.documentElement.clientWidth;
				if (document.documentElement.scrollWidth <= w) return [];
				const out = [];
				const clipped = (e) => {
					for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
						if (getComputedStyle(a).overflowX !== "visible") return true;
					}
					return false;
				};
				for (const e of document.querySelectorAll("body *")) {
					const r = e.getBoundingClientRect();
					if (r.right > w + 1 && !clipped(e)) {
						out.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " " + Math.round(r.right) + "px");
					}
					if (out.length >= 4) break;
				}
				return out.length ? out : ["(the page) " + document.documentElement.scrollWidth + "px"];
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if len(wide) > 0 {
				t.Errorf("%s as %q scrolls sideways at 320 px: %s", p, role, strings.Join(wide, ", "))
			}
		}
	}
	t.Logf("%d pages loaded at 320 px", total)
}

// crawl lists up to n pages of the site reachable by links from the start
// pages, as the visitor with cookie (nil: anonymous) sees them.
func crawl(t *testing.T, h http.Handler, cookie *http.Cookie, n int) []string {
	t.Helper()
	queue := []string{"/", "/konto", "/kommun", "/konsulent/residens", "/konsulent/bokningar", "/konsulent/forslag",
		"/admin/anvandare", "/admin/logg", "/jury", "/mina-ansokningar", "/radgivning", "/utlysningar"}
	seen := map[string]bool{}
	var pages []string
	for len(queue) > 0 && len(pages) < n {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		req := httptest.NewRequest(http.MethodGet, p, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		pages = append(pages, p)
		doc, err := goquery.NewDocumentFromReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			u, err := url.Parse(href)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") ||
				strings.HasPrefix(u.Path, "/bilder/") || strings.HasSuffix(u.Path, ".csv") || strings.Contains(u.Path, "/bilagor/") {
				return
			}
			target := u.Path
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
			if !seen[target] {
				queue = append(queue, target)
			}
		})
	}
	return pages
}

// crawlRoles are the visitors a crawl is made as: anonymous, then each role.
var crawlRoles = []auth.Role{"", auth.RoleArtist, auth.RoleMunicipality, auth.RoleConsultant, auth.RoleAdmin, auth.RoleJuror}

// crawlSite is the portal over the demo content and calls, with the
// sessions to sign a visitor of each role in, for the tests that crawl it.
type crawlSite struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
}

// newCrawlSite builds the site; mail, when set, is the queue its forms put
// their e-mail on.
func newCrawlSite(t *testing.T, mail *jobs.Runner) *crawlSite {
	t.Helper()
	ctx := t.Context()
	pool := dbtest.New(t)
	if err := seed.Demo(ctx, pool, now); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	if err := seed.Calls(ctx, pool, now); err != nil {
		t.Fatalf("seed calls: %v", err)
	}
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	runner := mail
	if runner == nil {
		if runner, err = jobs.New(pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}, log); err != nil {
			t.Fatal(err)
		}
	}
	cs := &crawlSite{pool: pool, sessions: auth.EphemeralManager(pool, clock)}
	cs.h = app.NewHandler(app.Deps{Pool: pool, Log: log, Config: cfg, Now: clock, Sessions: cs.sessions,
		Mail: runner.Mail(), Ready: func(context.Context) error { return nil }})
	return cs
}

// signIn makes an account of role (an officer of Nacka for a municipality)
// and returns its session cookie; nil for the anonymous visitor.
func (cs *crawlSite) signIn(t *testing.T, role auth.Role) *http.Cookie {
	t.Helper()
	if role == "" {
		return nil
	}
	var id int64
	if err := cs.pool.QueryRow(t.Context(), `
		INSERT INTO users (email, name, role, municipality_id, email_verified_at)
		VALUES ($1, $2, $3, CASE WHEN $3 = 'municipality' THEN (SELECT id FROM municipalities WHERE slug = 'nacka') END, now())
		RETURNING id`, string(role)+"@crawl.example.se", "Test "+string(role), role).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return testutil.SessionCookie(t, cs.pool, cs.sessions, id)
}
