package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/web/ui"
)

// LogView is the model of the audit log page.
type LogView struct {
	Filter  LogFilter
	Actions []ui.Option
	Items   []LogEntry
	Total   int
	Pager   ui.Pager
}

// Values are the log's filters as query parameters, without the page.
func (f LogFilter) Values() url.Values {
	v := url.Values{}
	if f.Action != "" {
		v.Set("handling", f.Action)
	}
	if f.Actor != "" {
		v.Set("utforare", f.Actor)
	}
	if f.Target != "" {
		v.Set("galler", f.Target)
	}
	if !f.From.IsZero() {
		v.Set("fran", civil.ISODate(f.From))
	}
	if !f.To.IsZero() {
		v.Set("till", civil.ISODate(f.To))
	}
	return v
}

// Active reports whether any filter narrows the log.
func (f LogFilter) Active() bool {
	return f.Action != "" || f.Actor != "" || f.Target != "" || !f.From.IsZero() || !f.To.IsZero()
}

// DateValue is a bound as the date field shows it.
func DateValue(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return civil.ISODate(d)
}

// actionOptions are the actions of audit.Labels, by their Swedish names.
var actionOptions = func() []ui.Option {
	var out []ui.Option
	for k, v := range audit.Labels {
		out = append(out, ui.Option{Value: k, Label: v})
	}
	c := collate.New(language.Swedish)
	sort.Slice(out, func(i, j int) bool { return c.CompareString(out[i].Label, out[j].Label) < 0 })
	return out
}()

// Log handles GET /admin/logg: the audit log, newest first, filtered by
// action (handling), by who acted (utforare) and whom it concerned (galler),
// both matched on name or e-mail address, and by Stockholm dates (fran,
// till, both included), with paging (sida).
func (h *Handler) Log(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := httpx.NewQuery(r.URL.RawQuery)
	f := LogFilter{Actor: q.String("utforare", MaxQueryLength), Target: q.String("galler", MaxQueryLength), Page: q.Page("sida")}
	if s := q.String("handling", 40); s != "" {
		if _, ok := audit.Labels[s]; ok {
			f.Action = s
		} else {
			q.Notef("Händelsen ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	f.From = dateParam(q, "fran")
	f.To = dateParam(q, "till")
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		f.From, f.To = f.To, f.From
		q.Notef("Från-datumet var senare än till-datumet; de har bytt plats.")
	}
	total, err := h.store.CountLog(ctx, f)
	if err != nil {
		return err
	}
	pages := (total + LogPageSize - 1) / LogPageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte; du ser den sista sidan.")
		f.Page = max(pages, 1)
	}
	var items []LogEntry
	if total > 0 {
		if items, err = h.store.Log(ctx, f); err != nil {
			return err
		}
	}
	v := LogView{Filter: f, Actions: actionOptions, Items: items, Total: total,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/admin/logg", Query: f.Values(), Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Logg", Notices: q.Notices}, LogPage(v))
	return nil
}

// dateParam reads a YYYY-MM-DD date, or notes that it could not.
func dateParam(q *httpx.Query, key string) time.Time {
	s := q.String(key, 20)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		q.Notef("Datumet ”" + httpx.Clip(s, 20) + "” kunde inte läsas och har hoppats över. Skriv det som 2026-03-01.")
		return time.Time{}
	}
	return d
}

// ActionLabel is the action in Swedish.
func ActionLabel(action string) string {
	if l, ok := audit.Labels[action]; ok {
		return l
	}
	return action
}

// ActorText says who acted: their name and address, or "Systemet" when
// nobody signed in did (the command line, a background job).
func (e LogEntry) ActorText() string {
	switch {
	case e.ActorID == nil && e.ActorName == "":
		return "Systemet"
	case e.ActorEmail != "":
		return e.ActorName + " (" + e.ActorEmail + ")"
	}
	return e.ActorName
}

// TargetText says whom the entry concerns.
func (e LogEntry) TargetText() string {
	name := e.Target
	if name == "" {
		name = e.TargetName
	}
	switch {
	case e.TargetEmail != "":
		return name + " (" + e.TargetEmail + ")"
	case name == "":
		return "–"
	}
	return name
}

// detailLabels name the detail keys in Swedish, in the order shown.
var detailLabels = []struct{ key, label string }{
	{"from", "Från roll"},
	{"to", "Till roll"},
	{"from_municipality", "Från kommun"},
	{"to_municipality", "Till kommun"},
	{"role", "Roll"},
	{"municipality", "Kommun"},
	{"resend", "Ny inbjudan"},
	{"count", "Antal"},
	{"via", "Via"},
}

// roleKeys hold role codes, shown by their Swedish names.
var roleKeys = map[string]bool{"from": true, "to": true, "role": true}

// DetailText renders an entry's detail as "Label: value" parts joined by
// "; ", known keys first in a fixed order, then any others by key.
func DetailText(d map[string]any) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range detailLabels {
		if v, ok := d[l.key]; ok {
			seen[l.key] = true
			parts = append(parts, l.label+": "+detailValue(l.key, v))
		}
	}
	var rest []string
	for k := range d {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		parts = append(parts, k+": "+detailValue(k, d[k]))
	}
	return strings.Join(parts, "; ")
}

func detailValue(key string, v any) string {
	switch x := v.(type) {
	case string:
		if roleKeys[key] {
			return auth.Role(x).Label()
		}
		return x
	case bool:
		if x {
			return "ja"
		}
		return "nej"
	case float64:
		return fmt.Sprint(x)
	case nil:
		return "–"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
