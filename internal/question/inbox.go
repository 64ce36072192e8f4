package question

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/vocab"
	"residens/web/ui"
)

// InboxView is the model of /konsulent/fragor.
type InboxView struct {
	Filter         Filter
	ArtForm        string
	Municipality   string
	Questions      []Question
	Counts         map[State]int
	Total          int
	Pager          ui.Pager
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	Now            time.Time
	Days           int
}

// Overdue reports whether q is overdue now.
func (v InboxView) Overdue(q Question) bool { return Overdue(q.State, q.AwaitingSince, v.Now, v.Days) }

// Inbox handles GET /konsulent/fragor: the questions, filtered by state
// (status), topic (amne), art form, municipality and scope (vy: alla, mina,
// delade), paged, with counts per state and the overdue ones marked.
func (h *Handler) Inbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	artForms, munis, err := h.vocabs(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	f := Filter{Scope: ScopeAll, Page: q.Page("sida")}
	if u := auth.UserFrom(ctx); u != nil {
		f.Me = u.ID
	}
	vals := url.Values{}
	if s := q.String("status", 20); s != "" {
		if State(s).Valid() {
			f.State = State(s)
			vals.Set("status", s)
		} else {
			q.Notef("Läget ”" + httpx.Clip(s, 20) + "” finns inte och filtret har tagits bort.")
		}
	}
	if s := q.String(fTopic, 40); s != "" {
		if validTopic(s) {
			f.Topic = s
			vals.Set(fTopic, s)
		} else {
			q.Notef("Ämnet ”" + httpx.Clip(s, 20) + "” finns inte och filtret har tagits bort.")
		}
	}
	v := InboxView{ArtForms: artForms, Municipalities: munis, Now: h.now(), Days: h.store.Days()}
	if t := vocab.Param(q, fArtForm, artForms, "Konstformen"); t != nil {
		f.ArtFormID, v.ArtForm = t.ID, t.Slug
		vals.Set(fArtForm, t.Slug)
	}
	if t := vocab.Param(q, fMuni, munis, "Kommunen"); t != nil {
		f.MunicipalityID, v.Municipality = t.ID, t.Slug
		vals.Set(fMuni, t.Slug)
	}
	switch s := q.String("vy", 20); s {
	case "", ScopeAll:
	case ScopeMine, ScopeShared:
		f.Scope = s
		vals.Set("vy", s)
	default:
		q.Notef("Vyn ”" + httpx.Clip(s, 20) + "” finns inte och filtret har tagits bort.")
	}
	if v.Questions, v.Total, err = h.store.Inbox(ctx, f); err != nil {
		return err
	}
	pages := (v.Total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		f.Page = max(pages, 1)
		if v.Questions, v.Total, err = h.store.Inbox(ctx, f); err != nil {
			return err
		}
	}
	if v.Counts, err = h.store.Counts(ctx, f); err != nil {
		return err
	}
	v.Filter = f
	v.Pager = ui.Pager{Page: f.Page, Pages: pages, Base: inboxPath, Query: vals, Param: "sida"}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Frågor", Notices: q.Notices, Flash: httpx.Flash(r, flashes)}, InboxPage(v))
	return nil
}

// stateHref is the inbox filtered to state st, the other filters kept.
func (v InboxView) stateHref(st State) string {
	q := v.Pager.Query
	out := url.Values{}
	for k, vs := range q {
		if k != "status" {
			out[k] = vs
		}
	}
	if st != "" {
		out.Set("status", string(st))
	}
	if enc := out.Encode(); enc != "" {
		return inboxPath + "?" + enc
	}
	return inboxPath
}

func itoa(n int) string { return strconv.Itoa(n) }

// Chip is an active filter and the inbox without it.
type Chip struct {
	Label, Remove string
}

// Chips are the active filters, each with the link that removes it.
func (v InboxView) Chips() []Chip {
	f := v.Filter
	var out []Chip
	add := func(key, label string) {
		q := url.Values{}
		for k, vs := range v.Pager.Query {
			if k != key {
				q[k] = vs
			}
		}
		href := inboxPath
		if enc := q.Encode(); enc != "" {
			href += "?" + enc
		}
		out = append(out, Chip{Label: label, Remove: href})
	}
	if f.Scope != ScopeAll {
		for _, o := range scopeOptions {
			if o.Value == f.Scope {
				add("vy", o.Label)
			}
		}
	}
	if f.State != "" {
		add("status", "Läge: "+f.State.Label())
	}
	if f.Topic != "" {
		add(fTopic, "Ämne: "+TopicLabel(f.Topic))
	}
	for _, t := range v.ArtForms {
		if t.Slug == v.ArtForm && v.ArtForm != "" {
			add(fArtForm, "Konstform: "+t.Name)
		}
	}
	for _, t := range v.Municipalities {
		if t.Slug == v.Municipality && v.Municipality != "" {
			add(fMuni, "Kommun: "+t.Name)
		}
	}
	return out
}
