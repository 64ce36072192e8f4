package proposal_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// newProposalForm opens the new-proposal page and returns the complete
// form with the page's key.
func (s *site) newProposalForm(t *testing.T, u user, title string) url.Values {
	t.Helper()
	page := s.get(t, "/kommun/forslag/nytt", u)
	if page.Status != http.StatusOK {
		t.Fatalf("GET /kommun/forslag/nytt: status %d", page.Status)
	}
	form := s.validForm(t, title)
	form.Set("nyckel", inputValue(page, "nyckel"))
	if form.Get("nyckel") == "" {
		t.Fatal("the new-proposal form has no key")
	}
	return form
}

// proposalIDFrom reads the proposal id out of a /kommun/forslag/{id}/… or
// /konsulent/forslag/{id} address.
func proposalIDFrom(t *testing.T, loc string) string {
	t.Helper()
	rest := loc[strings.Index(loc, "/forslag/")+len("/forslag/"):]
	id, _, _ := strings.Cut(rest, "/")
	id, _, _ = strings.Cut(id, "?")
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		t.Fatalf("no proposal id in %q", loc)
	}
	return id
}

// TestJourney follows one proposal through the portal over HTTP: the
// officer submits, the consultant takes it and asks for completion, the
// officer completes and resubmits (keeping the number), the consultant
// accepts, and the draft residency carries the proposal's facts.
func TestJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	officer := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")
	consultant := s.account(t, auth.RoleConsultant, "Karin Konsult", "")
	colleague := s.account(t, auth.RoleConsultant, "Kim Kollega", "")

	// The form: every field, limits stated, the public-record notice
	// before the send button.
	page := s.get(t, "/kommun/forslag/nytt", officer)
	testutil.CheckPage(t, "/kommun/forslag/nytt", page)
	if got := page.Text("limit-syfte-text"); got != "Högst 2 000 tecken." {
		t.Errorf("limit of the purpose text = %q", got)
	}
	notice := page.TestID("proposal-form").Find(`[data-testid="public-record-notice"]`)
	if notice.Length() != 1 || notice.NextAllFiltered("p").Find(`[data-testid="submit"]`).Length() != 1 {
		t.Error("the public-record notice is not right before the send button")
	}
	if page.Doc.Find(`header a[href="/kommun"]`).Length() == 0 {
		t.Error("the header offers the officer no link to /kommun")
	}

	form := s.newProposalForm(t, officer, "Dans på Fisksätra bibliotek")
	form.Set("atgard", "skicka")
	loc := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/")
	if !strings.HasSuffix(loc, "/kvitto") {
		t.Fatalf("submission redirects to %q, want the receipt", loc)
	}
	id := proposalIDFrom(t, loc)
	receipt := s.get(t, loc, officer)
	testutil.CheckPage(t, loc, receipt)
	number := receipt.Text("registration-number")
	if !strings.HasPrefix(number, "TEST-2026-") {
		t.Fatalf("receipt shows number %q", number)
	}
	mails := s.mailsTo(t, officer.Email)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, number) || !strings.Contains(mails[0].Text, number) {
		t.Fatalf("receipt e-mails to the officer: %+v", mails)
	}
	for _, c := range []user{consultant, colleague} {
		if m := s.mailsTo(t, c.Email); len(m) != 1 || !strings.Contains(m[0].Text, "/konsulent/forslag/"+id) {
			t.Errorf("unassigned new proposal: mails to %s = %+v, want one notice with the link", c.Name, m)
		}
	}

	dash := s.get(t, "/kommun", officer)
	testutil.CheckPage(t, "/kommun", dash)
	if got := dash.Text("row-number"); got != number {
		t.Errorf("dashboard number %q, want %q", got, number)
	}

	inbox := s.get(t, "/konsulent/forslag", consultant)
	testutil.CheckPage(t, "/konsulent/forslag", inbox)
	if got := inbox.Text("waiting"); !strings.HasPrefix(got, "1 ") {
		t.Errorf("waiting = %q, want 1", got)
	}
	if got := inbox.Text("row-number"); got != number {
		t.Errorf("inbox number %q, want %q", got, number)
	}

	// The consultant takes it.
	base := "/konsulent/forslag/" + id
	wantRedirect(t, s.post(t, base+"/ta", consultant, url.Values{}), base)
	review := s.get(t, base, consultant)
	testutil.CheckPage(t, base, review)
	if review.Text("state") != "Under handläggning" || review.Text("assigned") != "Karin Konsult" {
		t.Errorf("after taking: state %q, assigned %q", review.Text("state"), review.Text("assigned"))
	}

	// Completion requested: the officer sees the request on the form.
	wantRedirect(t, s.post(t, base+"/komplettering", consultant, url.Values{"komplettering": {"Beskriv lokalerna närmare."}}), base)
	if m := s.mailsTo(t, officer.Email); len(m) != 3 || !strings.Contains(m[2].Text, "Beskriv lokalerna närmare.") {
		t.Errorf("mails to the officer after the completion request: %+v", m)
	}
	edit := s.get(t, "/kommun/forslag/"+id+"/andra", officer)
	testutil.CheckPage(t, "edit", edit)
	if !strings.Contains(edit.Text("completion-request"), "Beskriv lokalerna närmare.") {
		t.Errorf("the form does not show the request: %q", edit.Text("completion-request"))
	}
	again := formOf(t, edit, "proposal-form")
	again.Set("lokaler", "Bibliotekets hörsal, 120 platser, med dansmatta.")
	again.Set("atgard", "skicka")
	loc = wantRedirect(t, s.post(t, "/kommun/forslag/"+id+"/andra", officer, again), "/kommun/forslag/"+id+"/kvitto")
	if got := s.get(t, loc, officer).Text("registration-number"); got != number {
		t.Errorf("resubmission shows number %q, want the same %q", got, number)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM registrations`); n != 1 {
		t.Errorf("%d registrations after a resubmission, want 1", n)
	}
	// Now assigned: only the consultant handling it hears of it.
	if m := s.mailsTo(t, colleague.Email); len(m) != 1 {
		t.Errorf("the colleague got %d mails, want only the first notice", len(m))
	}

	// Accepted: a draft residency with the facts.
	wantRedirect(t, s.post(t, base+"/godkann", consultant, url.Values{"godkann-meddelande": {"Välkomna!"}}), base)
	review = s.get(t, base, consultant)
	href, _ := review.TestID("residency-link").Attr("href")
	if !strings.HasPrefix(href, "/konsulent/residens/") {
		t.Fatalf("no link to the residency editor: %q", href)
	}
	var (
		title, kind, muni, venue, district, starts, ends string
		published                                        bool
		arts, groups, venues                             []string
	)
	err := s.pool.QueryRow(t.Context(), `
		SELECT r.title, r.kind, m.slug, r.venue_name, r.district, r.starts_on::text, r.ends_on::text, r.published,
			ARRAY(SELECT a.slug FROM residency_art_forms x JOIN art_forms a ON a.id = x.art_form_id WHERE x.residency_id = r.id ORDER BY 1),
			ARRAY(SELECT g.slug FROM residency_target_groups x JOIN target_groups g ON g.id = x.target_group_id WHERE x.residency_id = r.id ORDER BY 1),
			ARRAY(SELECT v.slug FROM residency_venue_types x JOIN venue_types v ON v.id = x.venue_type_id WHERE x.residency_id = r.id ORDER BY 1)
		FROM residencies r JOIN municipalities m ON m.id = r.municipality_id
		WHERE r.proposal_id = $1 AND '/konsulent/residens/' || r.id = $2`, id, href).Scan(
		&title, &kind, &muni, &venue, &district, &starts, &ends, &published, &arts, &groups, &venues)
	if err != nil {
		t.Fatalf("the residency linked to the proposal: %v", err)
	}
	got := []string{title, kind, muni, venue, district, starts, ends, strings.Join(arts, ","), strings.Join(groups, ","), strings.Join(venues, ",")}
	want := []string{"Dans på Fisksätra bibliotek", "kommunresidens", "nacka", "Fisksätra bibliotek", "Fisksätra",
		"2027-03-01", "2027-05-31", "dans", "barn", "bibliotek"}
	if strings.Join(got, "|") != strings.Join(want, "|") || published {
		t.Errorf("residency = %v (published %v), want %v as a draft", got, published, want)
	}
	if r := s.get(t, href, consultant); r.Status != http.StatusOK {
		t.Errorf("GET %s: status %d", href, r.Status)
	}

	// The officer's page: state, the timeline, no more editing or
	// withdrawing.
	show := s.get(t, "/kommun/forslag/"+id, officer)
	testutil.CheckPage(t, "show", show)
	if show.Text("state") != "Godkänt" || show.TestID("withdraw").Length() != 0 || show.TestID("edit-link").Length() != 0 {
		t.Errorf("accepted proposal: state %q, withdraw %d, edit %d", show.Text("state"),
			show.TestID("withdraw").Length(), show.TestID("edit-link").Length())
	}
	var kinds []string
	show.TestID("event").Each(func(_ int, e *goquery.Selection) { kinds = append(kinds, e.AttrOr("data-to", "")) })
	if strings.Join(kinds, ",") != "submitted,in_review,completion_requested,submitted,accepted" {
		t.Errorf("officer's timeline = %v", kinds)
	}
	if r := s.post(t, "/kommun/forslag/"+id+"/aterkalla", officer, nil); r.Status != http.StatusConflict {
		t.Errorf("withdrawing an accepted proposal: status %d, want 409", r.Status)
	}
	audits := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action LIKE 'proposal_%' AND (detail->>'proposal_id') = $1`, id)
	if audits < 6 {
		t.Errorf("%d audit entries for the proposal, want one per change", audits)
	}
}

// TestDoubleSubmitGetsOneNumber sends the same form twice, one after the
// other and at once, and the edit form twice: each time one proposal is
// sent in with one number, and the repeat shows the receipt.
func TestDoubleSubmitGetsOneNumber(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	officer := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")

	t.Run("the new form twice", func(t *testing.T) {
		form := s.newProposalForm(t, officer, "Två klick")
		form.Set("atgard", "skicka")
		first := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/")
		second := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/")
		if first != second {
			t.Errorf("the repeat went to %q, want the same receipt %q", second, first)
		}
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals WHERE title = 'Två klick'`); n != 1 {
			t.Errorf("%d proposals", n)
		}
	})
	t.Run("the new form at once", func(t *testing.T) {
		form := s.newProposalForm(t, officer, "Samtidigt")
		form.Set("atgard", "skicka")
		var wg sync.WaitGroup
		status := make([]int, 4)
		for i := range status {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status[i] = s.post(t, "/kommun/forslag/nytt", officer, form).Status
			}()
		}
		wg.Wait()
		for _, st := range status {
			if st != http.StatusSeeOther {
				t.Errorf("statuses %v, want all 303", status)
				break
			}
		}
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals p JOIN registrations r ON r.id = p.registration_id WHERE p.title = 'Samtidigt'`); n != 1 {
			t.Errorf("%d numbered proposals, want 1", n)
		}
	})
	t.Run("the edit form twice", func(t *testing.T) {
		form := s.newProposalForm(t, officer, "Utkast först")
		form.Set("atgard", "spara")
		loc := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/")
		id := proposalIDFrom(t, loc)
		edit := formOf(t, s.get(t, loc, officer), "proposal-form")
		edit.Set("atgard", "skicka")
		first := wantRedirect(t, s.post(t, "/kommun/forslag/"+id+"/andra", officer, edit), "/kommun/forslag/"+id+"/kvitto")
		second := wantRedirect(t, s.post(t, "/kommun/forslag/"+id+"/andra", officer, edit), "/kommun/forslag/"+id+"/kvitto")
		if first != second {
			t.Errorf("%q then %q", first, second)
		}
		n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposal_events WHERE proposal_id = $1 AND to_state = 'submitted'`, id)
		if n != 1 {
			t.Errorf("%d submissions on the timeline, want 1", n)
		}
	})
	regs := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM registrations`)
	numbered := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals WHERE registration_id IS NOT NULL`)
	if regs != 3 || numbered != 3 {
		t.Errorf("%d registrations for %d proposals sent in, want 3 and 3", regs, numbered)
	}
	if n := len(s.mailsTo(t, officer.Email)); n != 3 {
		t.Errorf("%d receipts, want 3", n)
	}
}

// TestValidation: a submission lacking what is required, or with wrong
// values, comes back with 422, the summary and every value as typed; a
// draft may be partial but not wrong; the counters show after a save.
func TestValidation(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	officer := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")

	form := s.newProposalForm(t, officer, "")
	form.Set("slutar", "2027-03-10") // ten days
	form.Set("kontakt-epost", "nora-at-nacka")
	form.Del("malgrupp")
	form.Set("atgard", "skicka")
	r := s.post(t, "/kommun/forslag/nytt", officer, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	testutil.CheckPage(t, "422", r)
	for _, field := range []string{"titel", "slutar", "kontakt-epost", "malgrupp"} {
		if r.TestID("error-"+field).Length() != 1 {
			t.Errorf("no error shown for %s", field)
		}
		if r.Doc.Find(`[data-testid="error-summary"] a[href="#`+field+`"]`).Length() != 1 {
			t.Errorf("the summary does not link to #%s", field)
		}
		if r.Doc.Find("#"+field).Length() != 1 {
			t.Errorf("the summary links to #%s, which is not on the page", field)
		}
	}
	for _, name := range []string{"slutar", "kontakt-epost", "platser", "syfte-text", "personal", "nyckel"} {
		if got := inputValue(r, name); got != form.Get(name) {
			t.Errorf("%s = %q after 422, want %q", name, got, form.Get(name))
		}
	}
	if _, on := r.Doc.Find(`input[name="syfte"][value="group"]`).Attr("checked"); !on {
		t.Error("the chosen purpose is not checked after 422")
	}
	if _, on := r.Doc.Find(`input[name="typ"][value="kommunresidens"]`).Attr("checked"); !on {
		t.Error("the chosen kind is not checked after 422")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals`); n != 0 {
		t.Errorf("an invalid form saved %d proposals", n)
	}

	t.Run("a partial draft is saved", func(t *testing.T) {
		draft := url.Values{"nyckel": {"utkast-1"}, "titel": {"Bara en titel"}, "syfte-text": {"Åtta ord om syftet med residenset här."},
			"atgard": {"spara"}}
		loc := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, draft), "/kommun/forslag/")
		page := s.get(t, loc, officer)
		if page.Text("flash") == "" {
			t.Error("no confirmation after saving")
		}
		if got := page.Text("count-syfte-text"); got != "Du har skrivit 38 av 2 000 tecken." {
			t.Errorf("counter = %q", got)
		}
		if page.TestID("count-personal").Length() != 0 {
			t.Error("a counter shows for an empty field")
		}
	})
	t.Run("a wrong value refuses even a draft", func(t *testing.T) {
		draft := url.Values{"nyckel": {"utkast-2"}, "titel": {"Fel period"}, "borjar": {"2027-01-01"}, "slutar": {"2028-01-01"},
			"atgard": {"spara"}}
		r := s.post(t, "/kommun/forslag/nytt", officer, draft)
		if r.Status != http.StatusUnprocessableEntity || r.TestID("error-slutar").Length() != 1 {
			t.Errorf("a period over a year: status %d, error %q", r.Status, r.Text("error-slutar"))
		}
	})
	t.Run("too long a text", func(t *testing.T) {
		draft := url.Values{"nyckel": {"utkast-3"}, "personal": {strings.Repeat("å", 2001)}, "atgard": {"spara"}}
		r := s.post(t, "/kommun/forslag/nytt", officer, draft)
		if r.Status != http.StatusUnprocessableEntity || r.TestID("error-personal").Length() != 1 {
			t.Fatalf("2001 characters: status %d", r.Status)
		}
		if got := r.Text("count-personal"); got != "Du har skrivit 2 001 av 2 000 tecken." {
			t.Errorf("counter = %q", got)
		}
	})
	t.Run("a draft needs its title", func(t *testing.T) {
		before := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals`)
		for name, draft := range map[string]url.Values{
			"empty":       {"atgard": {"spara"}},
			"blank title": {"titel": {"   "}, "omrade": {"Fisksätra"}, "atgard": {"spara"}},
		} {
			r := s.post(t, "/kommun/forslag/nytt", officer, draft)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-titel"), "även för ett utkast") {
				t.Errorf("%s: status %d, title error %q", name, r.Status, r.Text("error-titel"))
			}
			if got := inputValue(r, "omrade"); got != draft.Get("omrade") {
				t.Errorf("%s: area after 422 = %q, want what was typed", name, got)
			}
		}
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals`); n != before {
			t.Errorf("an untitled draft saved %d proposals", n-before)
		}

		// Nor does an empty save blank a draft that has one.
		loc := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, url.Values{"nyckel": {"utkast-4"},
			"titel": {"Dans i Fisksätra"}, "omrade": {"Fisksätra"}, "atgard": {"spara"}}), "/kommun/forslag/")
		id := proposalIDFrom(t, loc)
		version := testutil.Scalar[string](t, s.pool, `SELECT version::text FROM proposals WHERE id = $1::bigint`, id)
		r := s.post(t, "/kommun/forslag/"+id+"/andra", officer, url.Values{"version": {version}, "atgard": {"spara"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("an empty save of a draft: status %d, want 422", r.Status)
		}
		if got := testutil.Scalar[string](t, s.pool, `SELECT title || '|' || district FROM proposals WHERE id = $1::bigint`, id); got != "Dans i Fisksätra|Fisksätra" {
			t.Errorf("after an empty save the draft holds %q", got)
		}
	})
}

// TestOtherMunicipalityGets404: the pages of a proposal answer 404 to an
// officer of another municipality, and its dashboard does not list it.
func TestOtherMunicipalityGets404(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	nacka := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")
	varmdo := s.account(t, auth.RoleMunicipality, "Vera Värmdö", "varmdo")
	form := s.newProposalForm(t, nacka, "Nackas eget")
	form.Set("atgard", "skicka")
	id := proposalIDFrom(t, wantRedirect(t, s.post(t, "/kommun/forslag/nytt", nacka, form), "/kommun/forslag/"))
	base := "/kommun/forslag/" + id
	for _, tc := range []struct{ method, path string }{
		{"GET", base}, {"GET", base + "/andra"}, {"GET", base + "/kvitto"},
		{"POST", base + "/andra"}, {"POST", base + "/meddelande"}, {"POST", base + "/aterkalla"},
	} {
		var r *testutil.Response
		if tc.method == "GET" {
			r = s.get(t, tc.path, varmdo)
		} else {
			r = s.post(t, tc.path, varmdo, url.Values{"meddelande": {"Hej"}, "atgard": {"skicka"}})
		}
		if r.Status != http.StatusNotFound {
			t.Errorf("%s %s as Värmdö: status %d, want 404", tc.method, tc.path, r.Status)
		}
	}
	if r := s.get(t, "/kommun", varmdo); r.TestID("row").Length() != 0 {
		t.Error("Värmdö's dashboard lists Nacka's proposal")
	}
}

// TestNotesAndMessages: a consultant's message reaches the officer (page
// and e-mail), an internal note never does; the officer's answer reaches
// the consultant handling it; empty texts come back with 422.
func TestNotesAndMessages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	officer := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")
	consultant := s.account(t, auth.RoleConsultant, "Karin Konsult", "")
	form := s.newProposalForm(t, officer, "Samtal")
	form.Set("atgard", "skicka")
	id := proposalIDFrom(t, wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/"))
	base := "/konsulent/forslag/" + id
	wantRedirect(t, s.post(t, base+"/ta", consultant, nil), base)

	wantRedirect(t, s.post(t, base+"/anteckning", consultant, url.Values{"anteckning": {"HEMLIGT: budgeten verkar tunn."}}), base)
	wantRedirect(t, s.post(t, base+"/meddelande", consultant, url.Values{"meddelande": {"Hur många barn kan delta?"}}), base)
	show := s.get(t, "/kommun/forslag/"+id, officer)
	if strings.Contains(show.Body, "HEMLIGT") || strings.Contains(show.Body, "Intern anteckning") {
		t.Error("the officer's page shows the internal note")
	}
	if !strings.Contains(show.Text("timeline"), "Hur många barn kan delta?") {
		t.Error("the officer's page lacks the consultant's message")
	}
	for _, m := range s.mails(t) {
		if strings.Contains(m.Text, "HEMLIGT") {
			t.Errorf("an e-mail to %s carries the note", m.To)
		}
	}
	if !strings.Contains(s.get(t, base, consultant).Text("timeline"), "HEMLIGT") {
		t.Error("the consultants' page lacks the note")
	}

	wantRedirect(t, s.post(t, "/kommun/forslag/"+id+"/meddelande", officer, url.Values{"meddelande": {"Ungefär 60 barn."}}), "/kommun/forslag/"+id)
	if m := s.mailsTo(t, consultant.Email); len(m) != 2 || !strings.Contains(m[1].Text, "Ungefär 60 barn.") {
		t.Errorf("mails to the consultant: %+v", m)
	}

	for _, tc := range []struct{ path, field string }{
		{base + "/avsla", "motivering"}, {base + "/komplettering", "komplettering"}, {base + "/meddelande", "meddelande"},
	} {
		r := s.post(t, tc.path, consultant, url.Values{tc.field: {"  "}})
		if r.Status != http.StatusUnprocessableEntity || r.TestID("error-"+tc.field).Length() != 1 {
			t.Errorf("POST %s without text: status %d", tc.path, r.Status)
		}
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT state FROM proposals WHERE id = $1`, id); got != "in_review" {
		t.Errorf("state %s after refused decisions", got)
	}
}

// TestInboxFilters: the inbox lists what was sent in (never drafts),
// filtered by state, municipality, kind and assigned consultant.
func TestInboxFilters(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	nacka := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")
	varmdo := s.account(t, auth.RoleMunicipality, "Vera Värmdö", "varmdo")
	consultant := s.account(t, auth.RoleConsultant, "Karin Konsult", "")
	send := func(u user, title, kind string, submit bool) string {
		form := s.newProposalForm(t, u, title)
		form.Set("typ", kind)
		form.Set("atgard", map[bool]string{true: "skicka", false: "spara"}[submit])
		return proposalIDFrom(t, wantRedirect(t, s.post(t, "/kommun/forslag/nytt", u, form), "/kommun/forslag/"))
	}
	taken := send(nacka, "Nacka residens", "kommunresidens", true)
	send(nacka, "Nacka koreograf", "kommunkoreograf", true)
	send(varmdo, "Värmdö residens", "kommunresidens", true)
	send(varmdo, "Värmdö utkast", "kommunresidens", false)
	wantRedirect(t, s.post(t, "/konsulent/forslag/"+taken+"/ta", consultant, nil), "/konsulent/forslag/")

	titles := func(q string) string {
		r := s.get(t, "/konsulent/forslag"+q, consultant)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", q, r.Status)
		}
		var out []string
		r.TestID("row-title").Each(func(_ int, e *goquery.Selection) { out = append(out, e.Text()) })
		slices.Sort(out)
		return strings.Join(out, ",")
	}
	me := strconv.FormatInt(consultant.ID, 10)
	tests := []struct{ query, want string }{
		{"", "Nacka koreograf,Nacka residens,Värmdö residens"},
		{"?kommun=varmdo", "Värmdö residens"},
		{"?typ=kommunkoreograf", "Nacka koreograf"},
		{"?tillstand=in_review", "Nacka residens"},
		{"?handlaggare=" + me, "Nacka residens"},
		{"?handlaggare=ingen", "Nacka koreograf,Värmdö residens"},
		{"?tillstand=draft", "Nacka koreograf,Nacka residens,Värmdö residens"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			if got := titles(tc.query); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if got := s.get(t, "/konsulent/forslag", consultant).Text("waiting"); !strings.HasPrefix(got, "2 ") {
		t.Errorf("waiting = %q, want 2", got)
	}
}

// TestNewFormSentAgainAfterADraft: a new-proposal form saved as a draft and
// then sent again (the back button) never makes a second proposal: sent in
// unchanged it submits the draft; changed, it comes back (409) as the
// draft's form with what was typed, and saving that form writes it.
func TestNewFormSentAgainAfterADraft(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	officer := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")

	t.Run("unchanged", func(t *testing.T) {
		form := s.newProposalForm(t, officer, "Först sparat")
		form.Set("atgard", "spara")
		loc := wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/")
		id := proposalIDFrom(t, loc)
		form.Set("atgard", "skicka")
		wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/"+id+"/kvitto")
	})
	t.Run("changed", func(t *testing.T) {
		form := s.newProposalForm(t, officer, "Första versionen")
		form.Set("atgard", "spara")
		id := proposalIDFrom(t, wantRedirect(t, s.post(t, "/kommun/forslag/nytt", officer, form), "/kommun/forslag/"))
		form.Set("titel", "Andra versionen")
		form.Set("atgard", "skicka")
		r := s.post(t, "/kommun/forslag/nytt", officer, form)
		if r.Status != http.StatusConflict || inputValue(r, "titel") != "Andra versionen" {
			t.Fatalf("status %d, title %q; want 409 with the new title kept", r.Status, inputValue(r, "titel"))
		}
		again := formOf(t, r, "proposal-form")
		again.Set("atgard", "skicka")
		action, _ := r.TestID("proposal-form").Attr("action")
		if action != "/kommun/forslag/"+id+"/andra" {
			t.Fatalf("the form now posts to %q, want the draft's", action)
		}
		wantRedirect(t, s.post(t, action, officer, again), "/kommun/forslag/"+id+"/kvitto")
		if got := testutil.Scalar[string](t, s.pool, `SELECT title FROM proposals WHERE id = $1`, id); got != "Andra versionen" {
			t.Errorf("title %q", got)
		}
	})
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM proposals`); n != 2 {
		t.Errorf("%d proposals, want 2", n)
	}
}
