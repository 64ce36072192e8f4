package question_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"residens/internal/audit"
	"residens/internal/question"
	"residens/internal/secret"
	"residens/internal/testutil"
)

// validForm is a complete question form with a fresh key.
func validForm(email string) url.Values {
	key, _ := secret.New()
	return url.Values{"amne": {"lokaler"}, "konstform": {"textil"}, "kommun": {"nykvarn"},
		"fraga": {"Var kan jag ställa ut textil i Nykvarn?"}, "namn": {"Tova Textil"}, "epost": {email},
		"som": {"privatperson"}, "nyckel": {key}}
}

func selected(r *testutil.Response, name string) string {
	return r.Doc.Find(`select[name="`+name+`"] option[selected]`).AttrOr("value", "")
}

func TestFormPrefilledFromQuery(t *testing.T) {
	s := newSite(t)
	r := testutil.GetOK(t, s.h, "/fraga?amne=lokaler&konstform=textil&kommun=nykvarn")
	for name, want := range map[string]string{"amne": "lokaler", "konstform": "textil", "kommun": "nykvarn"} {
		if got := selected(r, name); got != want {
			t.Errorf("%s preselected %q, want %q", name, got, want)
		}
	}
	if r.TestID("public-record-notice").Length() != 1 || r.Doc.Find(`[data-testid="privacy-link"] a[href="/personuppgifter"]`).Length() != 1 {
		t.Error("the form lacks the public-record notice or the link to /personuppgifter")
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the form (with its one-time key) may be cached: %q", r.Header.Get("Cache-Control"))
	}
	// An unknown value is dropped, with a notice.
	r = testutil.GetOK(t, s.h, "/fraga?amne=nej&konstform=okand")
	if selected(r, "amne") != "" || selected(r, "konstform") != "" || len(r.Notices()) != 1 {
		t.Errorf("unknown values: amne %q, konstform %q, notices %v", selected(r, "amne"), selected(r, "konstform"), r.Notices())
	}
}

func TestFormErrorsKeepInput(t *testing.T) {
	s := newSite(t)
	form := validForm("inte-en-adress")
	form.Set("namn", "")
	form.Set("fraga", strings.Repeat("å", question.MaxBody+1))
	r := s.do(t, http.MethodPost, "/fraga", nil, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	summary := r.Text("error-summary")
	for _, want := range []string{"Högst 4000 tecken", "Skriv ditt namn", "Skriv en e-postadress"} {
		if !strings.Contains(summary, want) {
			t.Errorf("error summary %q lacks %q", summary, want)
		}
	}
	if got := r.Doc.Find(`textarea[name="fraga"]`).Text(); got != form.Get("fraga") {
		t.Errorf("the question came back %d characters long, want what was typed", len([]rune(got)))
	}
	if got := r.Doc.Find(`input[name="epost"]`).AttrOr("value", ""); got != "inte-en-adress" {
		t.Errorf("e-mail came back %q", got)
	}
	if selected(r, "kommun") != "nykvarn" || r.Doc.Find(`input[name="nyckel"]`).AttrOr("value", "") != form.Get("nyckel") {
		t.Error("the municipality or the form's key was lost")
	}
	if !strings.HasPrefix(r.Doc.Find("title").Text(), "Fel: ") {
		t.Errorf("title %q does not start with Fel:", r.Doc.Find("title").Text())
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM questions`); n != 0 {
		t.Errorf("a refused form saved %d questions", n)
	}
	// A question for an organisation needs its name.
	form = validForm("tova@example.se")
	form.Set("som", "organisation")
	r = s.do(t, http.MethodPost, "/fraga", nil, form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-summary"), "organisationens namn") {
		t.Errorf("for an organisation without a name: %d %q", r.Status, r.Text("error-summary"))
	}
}

func TestHoneypot(t *testing.T) {
	s := newSite(t)
	form := validForm("robot@example.se")
	form.Set("webbplats", "https://spam.example")
	r := s.do(t, http.MethodPost, "/fraga", nil, form)
	wantRedirect(t, r, "/fraga/tack")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM questions`); n != 0 {
		t.Errorf("the honeypot let %d questions in", n)
	}
	if m := s.mails(t); len(m) != 0 {
		t.Errorf("the honeypot sent %d mails", len(m))
	}
	testutil.GetOK(t, s.h, "/fraga/tack")
}

func TestThrottlePerAddress(t *testing.T) {
	s := newSite(t)
	// Three a typed address an hour (LIMIT_MAILS_PER_ADDRESS_HOUR).
	for range 2 {
		wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, validForm("samma@example.se")), "/fraga/")
	}
	// The third form's second click still goes to its thread.
	third := validForm("samma@example.se")
	wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, third), "/fraga/")
	wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, third), "/fraga/")
	r := s.do(t, http.MethodPost, "/fraga", nil, validForm("samma@example.se"))
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("the fourth question from one address: %d (Retry-After %q), want 429", r.Status, r.Header.Get("Retry-After"))
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM questions`); n != 3 {
		t.Errorf("%d questions saved, want 3", n)
	}
}

func TestThrottlePerIP(t *testing.T) {
	s := newSiteAt(t, testutil.Now, map[string]string{"LIMIT_QUESTIONS_PER_IP_HOUR": "2"})
	wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, validForm("a@example.se")), "/fraga/")
	wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, validForm("b@example.se")), "/fraga/")
	if r := s.do(t, http.MethodPost, "/fraga", nil, validForm("c@example.se")); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the third question from one connection: %d, want 429", r.Status)
	}
}

func TestDoubleClickSendsOnce(t *testing.T) {
	s := newSite(t)
	form := validForm("tova@example.se")
	first := wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, form), "/fraga/")
	second := wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, form), "/fraga/")
	if first != second {
		t.Errorf("two clicks went to %s and %s", first, second)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM questions`); n != 1 {
		t.Errorf("two clicks saved %d questions", n)
	}
}

func TestUnknownToken404(t *testing.T) {
	s := newSite(t)
	s.ask(t, question.Ask{})
	fake, _ := secret.New()
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/fraga/" + fake},
		{http.MethodGet, "/fraga/kort"},
		{http.MethodPost, "/fraga/" + fake + "/foljdfraga"},
		{http.MethodPost, "/fraga/" + fake + "/stang"},
	} {
		r := s.do(t, c.method, c.path, nil, url.Values{"fraga": {"Hej"}})
		if r.Status != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", c.method, c.path, r.Status)
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM question_events`); n != 0 {
		t.Errorf("an unknown token added %d events", n)
	}
}

var linkRE = regexp.MustCompile(`/fraga/([A-Za-z0-9_-]{43})`)

// TestThreadAndNotes sends a question through the form, answers it with a
// note and a referral besides, and checks that the note reaches neither the
// asker's page, nor any mail, nor the public register.
func TestThreadAndNotes(t *testing.T) {
	s := newSite(t)
	anna := s.consultant(t, "Anna Textil", []string{"textil"}, nil, true)
	ac := s.cookie(t, anna)
	loc := wantRedirect(t, s.do(t, http.MethodPost, "/fraga", nil, validForm("tova@example.se")), "/fraga/")
	receipt := testutil.GetOK(t, s.h, loc)
	number := receipt.Text("number")
	if !strings.HasPrefix(number, "TEST-2026-") || !strings.Contains(receipt.Body, "Din fråga är skickad") {
		t.Fatalf("receipt shows number %q", number)
	}
	mails := s.mailsTo(t, "tova@example.se")
	if len(mails) != 1 || !strings.Contains(mails[0].Text, number) ||
		!strings.Contains(mails[0].Text, strings.Split(loc, "?")[0]) {
		t.Fatalf("receipt mail: %+v", mails)
	}
	id := testutil.Scalar[int64](t, s.pool, `SELECT id FROM questions`)
	if got := testutil.Scalar[int64](t, s.pool, `SELECT assignee_id FROM questions`); got != anna {
		t.Errorf("routed to %d, want Anna (%d)", got, anna)
	}
	path := "/konsulent/fragor/" + itoa(id)
	const note = "HEMLIG-ANTECKNING-om-frågeställaren"
	wantRedirect(t, s.do(t, http.MethodPost, path+"/anteckning", ac, url.Values{"anteckning": {note}}), path)
	org := testutil.Scalar[string](t, s.pool, `SELECT id::text FROM support_organisations WHERE slug = 'kulturradet-exempel'`)
	wantRedirect(t, s.do(t, http.MethodPost, path+"/hanvisning", ac, url.Values{"kontakt": {"org-" + org}, "meddelande": {"De kan hjälpa dig."}}), path)
	wantRedirect(t, s.do(t, http.MethodPost, path+"/svar", ac, url.Values{"svar": {"Fråga biblioteket i Nykvarn."}}), path)

	// A double click on the answer sends it once.
	page := s.do(t, http.MethodGet, path, ac, nil)
	answerKey := page.Doc.Find(`[data-testid="answer-form"] input[name="nyckel"]`).AttrOr("value", "")
	for range 2 {
		wantRedirect(t, s.do(t, http.MethodPost, path+"/svar", ac, url.Values{"svar": {"Ett tillägg."}, "nyckel": {answerKey}}), path)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM question_events WHERE body = 'Ett tillägg.'`); n != 1 || answerKey == "" {
		t.Errorf("a double click (key %q) added %d answers", answerKey, n)
	}
	staff := s.do(t, http.MethodGet, path, ac, nil)
	testutil.CheckPage(t, path, staff)
	if !strings.Contains(staff.Text("thread"), note) {
		t.Error("the consultants' page lacks the note")
	}
	asker := testutil.GetOK(t, s.h, strings.Split(loc, "?")[0])
	thread := asker.Text("thread")
	if strings.Contains(asker.Body, note) || asker.Doc.Find(`[data-kind="note"]`).Length() != 0 {
		t.Error("the asker's page shows the internal note")
	}
	if !strings.Contains(thread, "Fråga biblioteket i Nykvarn.") || !strings.Contains(thread, "Kulturrådet") {
		t.Errorf("the asker's thread lacks the answer or the referral's contact: %q", thread)
	}
	mails = s.mailsTo(t, "tova@example.se")
	if len(mails) != 4 {
		t.Fatalf("%d mails to the asker, want the receipt, the referral, the answer and the addition", len(mails))
	}
	for _, m := range s.mails(t) {
		if strings.Contains(m.Text, note) || strings.Contains(m.HTML, note) || strings.Contains(m.Subject, note) {
			t.Errorf("mail %q carries the note", m.Subject)
		}
	}
	if !strings.Contains(mails[1].Text, "bidrag@kulturradet.example.se") {
		t.Errorf("the referral mail lacks the contact's details: %s", mails[1].Text)
	}
	// The answer's link works and opens the same thread.
	m := linkRE.FindStringSubmatch(mails[2].Text)
	if m == nil {
		t.Fatalf("the answer mail has no thread link: %s", mails[2].Text)
	}
	fromMail := testutil.GetOK(t, s.h, "/fraga/"+m[1])
	if fromMail.Text("number") != number {
		t.Errorf("the answer's link opens %q", fromMail.Text("number"))
	}
	for _, p := range []string{"/diarium", "/diarium?q=" + url.QueryEscape("HEMLIG")} {
		reg := testutil.GetOK(t, s.h, p)
		if strings.Contains(reg.Body, note) || strings.Contains(reg.Body, "Tova") || strings.Contains(reg.Body, "tova@example.se") {
			t.Errorf("%s shows the note or the private asker", p)
		}
	}
	reg := testutil.GetOK(t, s.h, "/diarium")
	if !strings.Contains(reg.Text("register"), number) || !strings.Contains(reg.Text("register"), "Fråga om lokaler") {
		t.Errorf("the register lacks %s: %q", number, reg.Text("register"))
	}
	// A follow-up on the answered question reopens it.
	token := strings.TrimPrefix(strings.Split(loc, "?")[0], "/fraga/")
	wantRedirect(t, s.do(t, http.MethodPost, "/fraga/"+token+"/foljdfraga", nil, url.Values{"fraga": {"Och i Södertälje?"}}), "/fraga/"+token)
	if st := testutil.Scalar[string](t, s.pool, `SELECT state FROM questions`); st != "pagar" {
		t.Errorf("after a follow-up the question is %s, want pagar", st)
	}
	var subjects []string
	for _, m := range s.mailsTo(t, "anna.textil@region.example.se") {
		subjects = append(subjects, m.Subject)
	}
	if len(subjects) != 2 || !strings.HasPrefix(subjects[0], "Ny fråga "+number) || !strings.HasPrefix(subjects[1], "Följdfråga på "+number) {
		t.Errorf("the consultant was mailed %q, want the new question and the follow-up", subjects)
	}
	// A double click on the follow-up adds it once.
	key, _ := secret.New()
	for range 2 {
		wantRedirect(t, s.do(t, http.MethodPost, "/fraga/"+token+"/foljdfraga", nil, url.Values{"fraga": {"En gång till?"}, "nyckel": {key}}), "/fraga/"+token)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM question_events WHERE body = 'En gång till?'`); n != 1 {
		t.Errorf("a double click added %d follow-ups", n)
	}
	// An empty follow-up is refused with the form's error.
	r := s.do(t, http.MethodPost, "/fraga/"+token+"/foljdfraga", nil, url.Values{"fraga": {""}})
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Errorf("an empty follow-up: %d", r.Status)
	}
	// The hand-over mails the colleague who holds it now, and nobody else:
	// the asker is not told twice.
	johan := s.consultant(t, "Johan Musik", []string{"musik"}, nil, true)
	before := s.mails(t)
	wantRedirect(t, s.do(t, http.MethodPost, path+"/overlamna", ac, url.Values{"kollega": {itoa(johan)}}), path)
	after := s.mails(t)
	if len(after) != len(before)+1 {
		t.Fatalf("the hand-over sent %d mails, want 1 to the colleague", len(after)-len(before))
	}
	got := s.mailsTo(t, "johan.musik@region.example.se")
	if len(got) != 1 || !strings.HasPrefix(got[0].Subject, "Fråga "+number+" har lämnats över till dig") ||
		!strings.Contains(got[0].Text, "/konsulent/fragor/") {
		t.Errorf("the colleague was mailed %+v", got)
	}
}

func itoa[T int | int64](n T) string { return strconv.FormatInt(int64(n), 10) }

func TestConsultantActionsRefuseEmpty(t *testing.T) {
	s := newSite(t)
	anna := s.consultant(t, "Anna Dans", []string{"dans"}, nil, true)
	q, _ := s.ask(t, question.Ask{})
	path := "/konsulent/fragor/" + itoa(q.ID)
	for _, action := range []string{"svar", "anteckning", "hanvisning", "overlamna", "vanta", "stang"} {
		r := s.do(t, http.MethodPost, path+"/"+action, s.cookie(t, anna), url.Values{})
		if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
			t.Errorf("empty %s: %d", action, r.Status)
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM question_events`); n != 0 {
		t.Errorf("empty posts added %d events", n)
	}
	// Reopening an open question is refused with the page's message.
	r := s.do(t, http.MethodPost, path+"/oppna", s.cookie(t, anna), url.Values{"bekrafta": {"ja"}})
	if r.Status != http.StatusConflict || r.Text("problem") == "" {
		t.Errorf("reopening a new question: %d", r.Status)
	}
}

func TestInbox(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	anna := s.consultant(t, "Anna Dans", []string{"dans"}, nil, true)
	dans := s.termID(t, "art_forms", "dans")
	old, _ := s.ask(t, question.Ask{ArtFormID: dans})
	*s.now = s.now.AddDate(0, 0, 14)
	s.ask(t, question.Ask{ArtFormID: dans, Topic: "finansiering"})
	shared, _ := s.ask(t, question.Ask{})
	by := audit.Entry{ActorID: &anna}
	if err := s.store.Do(ctx, by, shared.ID, question.Step{Kind: question.EventWaiting}); err != nil {
		t.Fatal(err)
	}
	c := s.cookie(t, anna)
	r := s.do(t, http.MethodGet, "/konsulent/fragor", c, nil)
	if r.Status != http.StatusOK || r.TestID("question-row").Length() != 3 || r.Text("result-count") != "3 frågor" {
		t.Fatalf("inbox: %d with %d rows (%q)", r.Status, r.TestID("question-row").Length(), r.Text("result-count"))
	}
	if n := r.Doc.Find(`[data-testid="question-row"] [data-testid="overdue"]`).Length(); n != 1 {
		t.Errorf("%d overdue marks, want 1 (the fortnight-old one)", n)
	}
	if got := r.Doc.Find(`[data-testid="question-row"][data-id="` + itoa(old.ID) + `"] [data-testid="overdue"]`).Length(); got != 1 {
		t.Error("the old question is not marked overdue")
	}
	if got := testutil.Squash(r.Doc.Find(`[data-state="ny"]`).Text()); got != "Ny (2)" {
		t.Errorf("count of new: %q", got)
	}
	if got := testutil.Squash(r.Doc.Find(`[data-state="vantar"]`).Text()); got != "Väntar på frågeställaren (1)" {
		t.Errorf("count of waiting: %q", got)
	}
	for q, want := range map[string]int{"status=ny": 2, "amne=finansiering": 1, "vy=mina": 3, "vy=delade": 0, "konstform=dans": 2} {
		r := s.do(t, http.MethodGet, "/konsulent/fragor?"+q, c, nil)
		if got := r.TestID("question-row").Length(); got != want {
			t.Errorf("?%s: %d rows, want %d", q, got, want)
		}
	}
	r = s.do(t, http.MethodGet, "/konsulent/fragor?status=ny&amne=finansiering", c, nil)
	chips := r.TestID("chip")
	if chips.Length() != 2 || chips.First().AttrOr("href", "") != "/konsulent/fragor?amne=finansiering" {
		t.Errorf("chips %q, the first removing the state: %q", testutil.Texts(chips), chips.First().AttrOr("href", ""))
	}
	r = s.do(t, http.MethodGet, "/konsulent/fragor?status=stangd", c, nil)
	if r.TestID("empty-state").Length() != 1 {
		t.Error("no empty state for a filter without questions")
	}
	if r := s.do(t, http.MethodGet, "/konsulent/fragor/999999", c, nil); r.Status != http.StatusNotFound {
		t.Errorf("an unknown question: %d", r.Status)
	}
}

func TestFAQ(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	anna := s.consultant(t, "Anna Dans", []string{"dans"}, nil, true)
	c := s.cookie(t, anna)
	r := testutil.GetOK(t, s.h, "/fraga/vanliga-fragor")
	if n := r.TestID("faq-entry").Length(); n != 6 {
		t.Errorf("%d common questions, want the demo's 6", n)
	}
	if n := r.TestID("faq-group").Length(); n != 6 {
		t.Errorf("%d topic groups", n)
	}
	// Swedish stemming: "lokalen" finds "lokal".
	r = testutil.GetOK(t, s.h, "/fraga/vanliga-fragor?q=lokalen")
	if n := r.TestID("faq-entry").Length(); n != 1 || !strings.Contains(r.Text("faq-entry"), "lokal") {
		t.Errorf("search lokalen: %d entries %q", n, r.Text("faq-entry"))
	}
	if testutil.GetOK(t, s.h, "/fraga/vanliga-fragor?q=zzzxqy").TestID("empty-state").Length() != 1 {
		t.Error("no empty state for a search without hits")
	}
	// From a closed question: the form starts empty.
	q, _ := s.ask(t, question.Ask{Body: "Jag heter Tova och undrar om lokaler."})
	r = s.do(t, http.MethodGet, "/konsulent/fragor/vanliga/ny?fran="+itoa(q.ID), c, nil)
	if r.Status != http.StatusNotFound {
		t.Errorf("a common question from an open question: %d, want 404", r.Status)
	}
	if err := s.store.Do(ctx, audit.Entry{ActorID: &anna}, q.ID, question.Step{Kind: question.EventClosed}); err != nil {
		t.Fatal(err)
	}
	r = s.do(t, http.MethodGet, "/konsulent/fragor/vanliga/ny?fran="+itoa(q.ID), c, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("new from closed: %d", r.Status)
	}
	if v := r.Doc.Find(`textarea[name="fragan"]`).Text() + r.Doc.Find(`textarea[name="svaret"]`).Text(); v != "" || strings.Contains(r.Text("faq-form"), "Tova") {
		t.Errorf("the form copied the question: %q", v)
	}
	loc := wantRedirect(t, s.do(t, http.MethodPost, "/konsulent/fragor/vanliga/ny", c, url.Values{"fran": {itoa(q.ID)},
		"amne": {"kompetens"}, "fragan": {"Hur lär jag mig ljusdesign?"}, "svaret": {"Studieförbunden har kurser."}, "publicerad": {"ja"}}),
		"/konsulent/fragor/vanliga/")
	if !strings.Contains(testutil.GetOK(t, s.h, "/fraga/vanliga-fragor").Body, "ljusdesign") {
		t.Error("the published entry is not on the public page")
	}
	// Unpublished, it leaves the public page.
	wantRedirect(t, s.do(t, http.MethodPost, strings.Split(loc, "?")[0], c, url.Values{"amne": {"kompetens"},
		"fragan": {"Hur lär jag mig ljusdesign?"}, "svaret": {"Studieförbunden har kurser."}}), "/konsulent/fragor/vanliga/")
	if strings.Contains(testutil.GetOK(t, s.h, "/fraga/vanliga-fragor").Body, "ljusdesign") {
		t.Error("the unpublished entry is still on the public page")
	}
}
