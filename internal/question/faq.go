package question

import (
	"errors"
	"net/http"
	"strconv"

	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/web/ui"
)

// TopicGroup is the common questions of one topic.
type TopicGroup struct {
	Topic, Label string
	Entries      []FAQ
}

// group puts entries under their topics, in the order of vocab.Topics.
func group(entries []FAQ) []TopicGroup {
	var out []TopicGroup
	for _, t := range topicOptions() {
		g := TopicGroup{Topic: t.Value, Label: t.Label}
		for _, e := range entries {
			if e.Topic == t.Value {
				g.Entries = append(g.Entries, e)
			}
		}
		if len(g.Entries) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// FAQView is the model of /fraga/vanliga-fragor.
type FAQView struct {
	Search string
	Groups []TopicGroup
}

// FAQList handles GET /fraga/vanliga-fragor: the published common questions
// grouped by topic, searched with q (Swedish full-text search).
func (h *Handler) FAQList(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r.URL.RawQuery)
	search := q.String("q", 200)
	entries, err := h.store.PublishedFAQ(r.Context(), search)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Vanliga frågor", Notices: q.Notices},
		FAQPage(FAQView{Search: search, Groups: group(entries)}))
	return nil
}

// FAQAdminView is the model of /konsulent/fragor/vanliga.
type FAQAdminView struct {
	Entries []FAQ
}

// FAQAdmin handles GET /konsulent/fragor/vanliga: every common question,
// published or not, to edit.
func (h *Handler) FAQAdmin(w http.ResponseWriter, r *http.Request) error {
	entries, err := h.store.AllFAQ(r.Context())
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Vanliga frågor", Flash: httpx.Flash(r, flashes)},
		FAQAdminPage(FAQAdminView{Entries: entries}))
	return nil
}

// FAQFormView is the model of the form that writes a common question.
type FAQFormView struct {
	ID     int64 // 0 for a new one
	From   *Question
	Form   FAQ
	Errors ui.FieldErrors
}

// fromParam reads the closed question a new entry is written from (fran).
func (h *Handler) fromParam(r *http.Request, raw string) (*Question, error) {
	if raw == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, httpx.NotFound("question %q", raw)
	}
	q, err := h.store.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if q.State != StateClosed {
		return nil, httpx.NotFound("question %d is not closed", id)
	}
	return q, nil
}

// NewFAQ handles GET /konsulent/fragor/vanliga/ny (?fran={id}: from a
// closed question). The fields start empty: nothing of the question, which
// holds personal data, is copied.
func (h *Handler) NewFAQ(w http.ResponseWriter, r *http.Request) error {
	from, err := h.fromParam(r, r.URL.Query().Get("fran"))
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Ny vanlig fråga"}, FAQFormPage(FAQFormView{From: from, Form: FAQ{Published: true}}))
	return nil
}

// readFAQ reads and checks the form.
func readFAQ(f *httpx.Form) FAQ {
	e := FAQ{Topic: f.Get(fTopic, 40, false), Question: f.Get("fragan", 1000, true), Answer: f.Get("svaret", 8000, true),
		Published: f.Get("publicerad", 10, false) == "ja"}
	f.Check(validTopic(e.Topic), fTopic, "Välj ett ämne.")
	f.Check(e.Question != "", "fragan", "Skriv frågan, utan namn eller annat som pekar ut någon.")
	f.Check(e.Answer != "", "svaret", "Skriv svaret.")
	return e
}

// CreateFAQ handles POST /konsulent/fragor/vanliga/ny.
func (h *Handler) CreateFAQ(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	from, err := h.fromParam(r, f.Get("fran", 20, false))
	if err != nil {
		return err
	}
	e := readFAQ(f)
	if !f.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Ny vanlig fråga"},
			FAQFormPage(FAQFormView{From: from, Form: e, Errors: f.Errors()}))
		return nil
	}
	if from != nil {
		e.FromQuestionID = from.ID
	}
	id, err := h.store.CreateFAQ(r.Context(), audit.FromRequest(r, audit.Entry{}), e)
	if errors.Is(err, ErrState) {
		return httpx.NotFound("question not closed")
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, faqEditPath(id), "faq-skapad")
}

func (h *Handler) faqFromPath(r *http.Request) (*FAQ, error) {
	id, err := httpx.PathID(r, "id", "question")
	if err != nil {
		return nil, err
	}
	return h.store.GetFAQ(r.Context(), id)
}

// EditFAQ handles GET /konsulent/fragor/vanliga/{id}.
func (h *Handler) EditFAQ(w http.ResponseWriter, r *http.Request) error {
	e, err := h.faqFromPath(r)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Ändra vanlig fråga", Flash: httpx.Flash(r, flashes)},
		FAQFormPage(FAQFormView{ID: e.ID, Form: *e}))
	return nil
}

// UpdateFAQ handles POST /konsulent/fragor/vanliga/{id}: its texts, topic
// and whether it is published (unticked: unpublished).
func (h *Handler) UpdateFAQ(w http.ResponseWriter, r *http.Request) error {
	old, err := h.faqFromPath(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	e := readFAQ(f)
	if !f.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Ändra vanlig fråga"},
			FAQFormPage(FAQFormView{ID: old.ID, Form: e, Errors: f.Errors()}))
		return nil
	}
	if err := h.store.UpdateFAQ(r.Context(), audit.FromRequest(r, audit.Entry{}), old.ID, e); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, faqEditPath(old.ID), "faq-sparad")
}
