package review_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"residens/internal/app"
	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/review"
	"residens/internal/testutil"
)

func decision(d, reason string) url.Values {
	return url.Values{"beslut": {d}, "motivering": {reason}}
}

// TestRankingPage: the page ranks by the mean of the reviewers' weighted
// averages with ties sharing a place, shows each reviewer's average, and
// hides an application's scores from a consultant who declared a conflict
// with it, who may not decide it either.
func TestRankingPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna", "Bo", "Cia")
	s.score(t, f, 0, f.consultant, 5, 2) // (10+2)/3 = 4
	s.score(t, f, 0, f.juror, 4, 4)      // 4
	s.score(t, f, 1, f.consultant, 5, 5) // 5
	s.score(t, f, 1, f.juror, 3, 3)      // 3 → mean 4, a tie
	// Cia: nobody scores.

	r := s.getOK(t, f.path("/rangordning"), f.consultant)
	rows := r.TestID("rank-row")
	if rows.Length() != 3 {
		t.Fatalf("%d ranked rows, want 3", rows.Length())
	}
	var got []string
	rows.Each(func(_ int, row *goquery.Selection) {
		got = append(got, testutil.Squash(row.Find(`[data-testid="rank"]`).Text())+" "+
			testutil.Squash(row.Find(`[data-testid="rank-value"]`).Text())+" "+
			strings.Join(testutil.Texts(row.Find(`[data-testid="reviewer-average"]`)), "/"))
	})
	// Columns by reviewer name: the juror, then the consultant.
	want := []string{"1 4,00 4,00/4,00", "1 4,00 3,00/5,00", "– – –/–"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("ranking %q, want %q", got, want)
	}
	if r.TestID("decision-form").Length() != 3 || r.TestID("shortlist-form").Length() != 3 {
		t.Error("not every application has a decision and a shortlist form")
	}

	// A second consultant reviewing with a conflict on Anna's.
	other := s.account(t, "consultant", "Karl Jävig")
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO call_reviewers (call_id, user_id) VALUES ($1, $2)`, f.call, other.ID); err != nil {
		t.Fatal(err)
	}
	s.declare(t, f, 0, other, true)
	r = s.getOK(t, f.path("/rangordning"), other)
	anna := r.Doc.Find(`[data-testid="rank-detail"][data-id="` + strconv.FormatInt(f.apps[0], 10) + `"]`)
	if anna.Find(`[data-testid="my-conflict"]`).Length() != 1 || anna.Find(`[data-testid="decision-form"]`).Length() != 0 ||
		anna.Find(`[data-testid="criterion-scores"]`).Length() != 0 {
		t.Error("a consultant in conflict sees the scores or the decision form")
	}
	if res := s.post(t, f.app(0)+"/beslut", other, decision("selected", "Bra.")); res.Status != http.StatusConflict {
		t.Errorf("deciding in conflict: status %d, want 409", res.Status)
	}
}

// TestDecisions: a decision needs a choice and a reason (422 otherwise,
// keeping what was typed), is stored and logged, and the shortlist toggles.
func TestDecisions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna")
	c := f.consultant
	id := strconv.FormatInt(f.apps[0], 10)

	r := s.post(t, f.app(0)+"/beslut", c, decision("reserve", ""))
	if r.Status != http.StatusUnprocessableEntity || r.Text("error-motivering-"+id) == "" || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("a decision without a reason: status %d", r.Status)
	}
	if _, on := r.Doc.Find("#beslut-" + id + ` input[value="reserve"]`).Attr("checked"); !on {
		t.Error("the decision chosen was lost")
	}
	if r := s.post(t, f.app(0)+"/beslut", c, decision("maybe", "Kanske.")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown decision: status %d, want 422", r.Status)
	}
	decided := s.post(t, f.app(0)+"/beslut", c, decision("selected", "Stark idé för året."))
	wantRedirect(t, decided, f.path("/rangordning"))
	// The confirmation's code goes before the fragment, or the server never
	// sees it.
	if loc := decided.Header.Get("Location"); !strings.Contains(loc, "?klart=") || strings.Index(loc, "?klart=") > strings.Index(loc+"#", "#") {
		t.Errorf("redirect %q: the code must come before the fragment", loc)
	}
	d := testutil.Scalar[string](t, s.pool, `SELECT decision || ':' || decision_reason || ':' || decided_by FROM applications WHERE id = $1`, f.apps[0])
	if d != "selected:Stark idé för året.:"+strconv.FormatInt(c.ID, 10) {
		t.Errorf("stored decision %q", d)
	}
	if n := s.audits(t, audit.ReviewDecided, f.apps[0]); n != 1 {
		t.Errorf("%d decision audit entries, want 1", n)
	}
	wantRedirect(t, s.post(t, f.app(0)+"/kortlista", c, url.Values{"kortlista": {"ja"}}), f.path("/rangordning"))
	if !testutil.Scalar[bool](t, s.pool, `SELECT shortlisted FROM applications WHERE id = $1`, f.apps[0]) {
		t.Error("not shortlisted")
	}
	r = s.getOK(t, f.path("/rangordning"), c)
	if r.Text("rank-shortlisted") != "Ja" || r.Text("rank-decision") != "Antagen" {
		t.Errorf("ranking shows shortlist %q, decision %q", r.Text("rank-shortlisted"), r.Text("rank-decision"))
	}
	if n := s.audits(t, audit.ReviewShortlisted, f.apps[0]); n != 1 {
		t.Errorf("%d shortlist audit entries, want 1", n)
	}
}

// mailJob is an e-mail queued as a River job.
type mailJob struct{ To, Subject, Text, Key string }

func (s *site) mails(t *testing.T) []mailJob {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT args->>'to', args->>'subject', args->>'text', args->>'key'
		FROM river_job WHERE kind = 'mail.send' AND args->>'key' LIKE 'application-outcome:%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (mailJob, error) {
		var m mailJob
		return m, row.Scan(&m.To, &m.Subject, &m.Text, &m.Key)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOutcome: the texts are edited and previewed; sending is refused
// until every application has a decision; then each applicant gets one
// e-mail about their own result, however often sending is asked for, and
// the review of the call is final.
func TestOutcome(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna", "Bo", "Cia")
	c := f.consultant

	r := s.getOK(t, f.path("/besked"), c)
	if r.TestID("preview").Length() != 3 || !strings.Contains(r.Text("preview-body"), review.DefaultSelected) {
		t.Fatalf("%d previews, or the default text is missing", r.TestID("preview").Length())
	}
	r = s.post(t, f.path("/besked"), c, url.Values{"text-antagen": {"Grattis!"}, "text-reserv": {""}, "text-inte-antagen": {"Tyvärr."}})
	if r.Status != http.StatusUnprocessableEntity || r.Text("error-text-reserv") == "" {
		t.Fatalf("an empty text: status %d", r.Status)
	}
	if got := r.Doc.Find("textarea#text-antagen").Text(); got != "Grattis!" {
		t.Errorf("typed text came back as %q", got)
	}
	wantRedirect(t, s.post(t, f.path("/besked"), c, url.Values{"text-antagen": {"Grattis! Du är antagen."},
		"text-reserv": {"Du är reserv."}, "text-inte-antagen": {"Tyvärr inte den här gången."}}), f.path("/besked"))
	r = s.getOK(t, f.path("/besked"), c)
	if got := r.Doc.Find(`[data-testid="preview"][data-decision="selected"]`).Text(); !strings.Contains(got, "Grattis! Du är antagen.") {
		t.Errorf("the preview does not show the saved text: %q", testutil.Squash(got))
	}

	wantRedirect(t, s.post(t, f.app(0)+"/beslut", c, decision("selected", "Anna har den starkaste idén.")), f.path("/rangordning"))
	wantRedirect(t, s.post(t, f.app(1)+"/beslut", c, decision("reserve", "Bo är nära.")), f.path("/rangordning"))
	r = s.post(t, f.path("/besked/skicka"), c, nil)
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("problem"), "beslut") {
		t.Fatalf("sending with an undecided application: status %d, problem %q", r.Status, r.Text("problem"))
	}
	if n := len(s.mails(t)); n != 0 {
		t.Fatalf("%d outcome e-mails queued before every application had a decision", n)
	}
	wantRedirect(t, s.post(t, f.app(2)+"/beslut", c, decision("not_selected", "Cia saknar erfarenhet av barn.")), f.path("/rangordning"))

	wantRedirect(t, s.post(t, f.path("/besked/skicka"), c, nil), f.path("/besked?klart=skickat"))
	wantRedirect(t, s.post(t, f.path("/besked/skicka"), c, nil), f.path("/besked?klart=ingetnytt"))
	mails := s.mails(t)
	if len(mails) != 3 {
		t.Fatalf("%d outcome e-mails after sending twice, want 3", len(mails))
	}
	want := map[string][2]string{
		f.artists[0].Email: {"Beslut: Antagen", "Anna har den starkaste idén."},
		f.artists[1].Email: {"Beslut: Reserv", "Bo är nära."},
		f.artists[2].Email: {"Beslut: Inte antagen", "Cia saknar erfarenhet av barn."},
	}
	keys := map[string]bool{}
	for _, m := range mails {
		w, ok := want[m.To]
		if !ok {
			t.Errorf("an outcome e-mail to %s", m.To)
			continue
		}
		if !strings.Contains(m.Text, w[0]) || !strings.Contains(m.Text, w[1]) {
			t.Errorf("the e-mail to %s lacks %q or %q:\n%s", m.To, w[0], w[1], m.Text)
		}
		for other, ow := range want {
			if other != m.To && strings.Contains(m.Text, ow[1]) {
				t.Errorf("the e-mail to %s tells another applicant's reason", m.To)
			}
		}
		keys[m.Key] = true
	}
	for _, id := range f.apps {
		if !keys[review.OutcomeKey(id)] {
			t.Errorf("no e-mail keyed %s", review.OutcomeKey(id))
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM applications WHERE call_id = $1 AND outcome_sent_at IS NOT NULL`, f.call); n != 3 {
		t.Errorf("%d applications marked as told, want 3", n)
	}
	if !testutil.Scalar[bool](t, s.pool, `SELECT outcome_sent_at IS NOT NULL FROM calls WHERE id = $1`, f.call) {
		t.Error("the call's outcome_sent_at is not set")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = $1`, audit.ReviewOutcomeSent); n != 1 {
		t.Errorf("%d audit entries of sending, want 1 (the second sent nothing)", n)
	}

	// Final: no new decision, scores or texts.
	if r := s.post(t, f.app(2)+"/beslut", c, decision("selected", "Ändrat.")); r.Status != http.StatusConflict {
		t.Errorf("deciding after the outcome was sent: status %d, want 409", r.Status)
	}
	s.declare(t, f, 0, f.juror, false)
	if r := s.post(t, f.app(0)+"/poang", f.juror, scoreForm(f, 3, 3, "")); r.Status != http.StatusConflict {
		t.Errorf("scoring after the outcome was sent: status %d, want 409", r.Status)
	}
	if r := s.post(t, f.path("/besked"), c, url.Values{"text-antagen": {"x"}, "text-reserv": {"x"}, "text-inte-antagen": {"x"}}); r.Status != http.StatusConflict {
		t.Errorf("editing the texts after sending: status %d, want 409", r.Status)
	}
}

// TestOutcomeConcurrent triggers sending from many goroutines over two
// pools at once, as two instances would: each applicant's e-mail is queued
// exactly once.
func TestOutcomeConcurrent(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna", "Bo", "Cia", "Dan")
	for i := range f.apps {
		if err := s.store.Decide(context.Background(), f.consultant.actor(), mustLoad(t, s, f.call), f.apps[i],
			review.Decisions[i%3], fmt.Sprintf("Motivering %d.", i)); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	poolB, err := db.Open(ctx, s.pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(poolB.Close)
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	runnerB, err := jobs.New(poolB, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	stores := []*review.Store{s.store, review.NewStore(poolB, runnerB.Mail(), "", testutil.Clock)}

	const senders = 12
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		total   int
		errs    []error
		release = make(chan struct{})
	)
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-release
			n, err := stores[i%2].SendOutcome(ctx, f.consultant.actor(), f.call)
			mu.Lock()
			defer mu.Unlock()
			total += n
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d senders failed, first: %v", len(errs), errs[0])
	}
	if total != len(f.apps) {
		t.Errorf("the senders queued %d e-mails together, want %d", total, len(f.apps))
	}
	keys := map[string]int{}
	for _, m := range s.mails(t) {
		keys[m.Key]++
	}
	for _, id := range f.apps {
		if keys[review.OutcomeKey(id)] != 1 {
			t.Errorf("%d e-mails for application %d, want 1", keys[review.OutcomeKey(id)], id)
		}
	}
	if len(keys) != len(f.apps) {
		t.Errorf("%d outcome e-mails, want %d", len(keys), len(f.apps))
	}
}

// TestExportCSV: the export holds the ranking and every score, parses back
// as ';'-separated UTF-8 with a byte order mark, neutralises a formula,
// downloads under the call's slug and is logged.
func TestExportCSV(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Åsa", "Örjan")
	s.score(t, f, 0, f.consultant, 5, 2)
	s.declare(t, f, 0, f.juror, false)
	v := scoreForm(f, 4, 4, "=HYPERLINK(\"http://x\")")
	wantRedirect(t, s.post(t, f.app(0)+"/poang", f.juror, v), f.app(0))
	s.declare(t, f, 1, f.juror, true)
	wantRedirect(t, s.post(t, f.app(0)+"/beslut", f.consultant, decision("selected", "-Bäst")), f.path("/rangordning"))

	r := s.get(t, f.path("/export.csv"), f.consultant)
	if r.Status != http.StatusOK {
		t.Fatalf("export: status %d", r.Status)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, f.slug) {
		t.Errorf("Content-Disposition %q lacks attachment or the slug %s", cd, f.slug)
	}
	body := []byte(r.Body)
	if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte order mark")
	}
	cr := csv.NewReader(bytes.NewReader(body[3:]))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(records[0], ";") != strings.Join(review.CSVHeader, ";") {
		t.Errorf("header %q", records[0])
	}
	// Åsa: two reviewers × two criteria; Örjan: the consultant (no
	// scores) and the juror in conflict, one row each.
	if len(records) != 1+4+2 {
		t.Fatalf("%d rows, want 7:\n%q", len(records), records)
	}
	first := records[1]
	if first[0] != "1" || !strings.HasPrefix(first[2], "Åsa") || first[3] != "4,00" || first[5] != "Antagen" || first[6] != "'-Bäst" {
		t.Errorf("first row %q", first)
	}
	var comment, conflict bool
	for _, rec := range records[1:] {
		if rec[13] == `'=HYPERLINK("http://x")` {
			comment = true
		}
		if strings.HasPrefix(rec[2], "Örjan") && rec[7] == f.juror.Name && rec[8] == "ja" {
			conflict = true
		}
		if strings.HasPrefix(rec[13], "=") || strings.HasPrefix(rec[6], "-") {
			t.Errorf("a formula is left as it was: %q", rec)
		}
	}
	if !comment || !conflict {
		t.Errorf("neutralised comment found %v, conflict row found %v:\n%q", comment, conflict, records)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = $1`, audit.ReviewExported); n != 1 {
		t.Errorf("%d export audit entries, want 1", n)
	}
}
