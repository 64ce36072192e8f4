package registry

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/httpx"
	"residens/web/ui"
)

// Handler serves the public register.
type Handler struct {
	store *Store
}

// NewHandler returns the handler of the public register over pool.
func NewHandler(pool *pgxpool.Pool) *Handler { return &Handler{store: NewStore(pool)} }

// KindOption is one kind in the filter.
type KindOption struct {
	Slug, Label string
}

// KindOptions are the kinds in the filter's order.
func KindOptions() []KindOption {
	out := make([]KindOption, 0, len(kindOrder))
	for _, k := range kindOrder {
		out = append(out, KindOption{Slug: kindSlugs[k], Label: Kinds[k]})
	}
	return out
}

// ListView is the model of the public register page.
type ListView struct {
	Filter Filter
	Years  []int
	Rows   []Row
	Total  int
	Pager  ui.Pager
}

// KindSlug is the URL name of the filtered kind, "" for all.
func (v ListView) KindSlug() string { return kindSlugs[v.Filter.Kind] }

// Values returns the filter as URL parameters, without the page.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.Kind != "" {
		v.Set("typ", kindSlugs[f.Kind])
	}
	if f.Year != 0 {
		v.Set("ar", strconv.Itoa(f.Year))
	}
	return v
}

// Active reports whether any filter is set.
func (f Filter) Active() bool { return f.Kind != "" || f.Year != 0 }

// Without returns the register's URL with the named parameter removed.
func (f Filter) Without(key string) string {
	v := f.Values()
	v.Del(key)
	if enc := v.Encode(); enc != "" {
		return "/diarium?" + enc
	}
	return "/diarium"
}

// List handles GET /diarium: the public register, newest first, filtered by
// kind (typ) and year (ar), paged (sida). A filter value it does not know is
// dropped with a notice.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := httpx.NewQuery(r.URL.RawQuery)
	f := Filter{Kind: kindParam(q), Year: yearParam(q), Page: q.Page("sida")}
	years, err := h.store.Years(ctx)
	if err != nil {
		return err
	}
	rows, total, err := h.store.List(ctx, f)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		f.Page = max(pages, 1)
		if rows, total, err = h.store.List(ctx, f); err != nil {
			return err
		}
	}
	if f.Year != 0 && !slices.Contains(years, f.Year) {
		// The chosen year stays selectable even when it has nothing.
		years = append(years, f.Year)
		slices.SortFunc(years, func(a, b int) int { return b - a })
	}
	v := ListView{Filter: f, Years: years, Rows: rows, Total: total,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/diarium", Query: f.Values(), Param: "sida"}}
	page := ui.Page{Title: "Diarium", Notices: q.Notices,
		Description: "Diariet över allmänna handlingar som har kommit in till residensverksamheten: intresseanmälningar, ansökningar, bokningsförfrågningar och frågor."}
	httpx.Render(w, r, http.StatusOK, page, ListPage(v))
	return nil
}

func kindParam(q *httpx.Query) string {
	s := q.String("typ", 40)
	if s == "" {
		return ""
	}
	for k, slug := range kindSlugs {
		if slug == s {
			return k
		}
	}
	q.Notef("Typen ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
	return ""
}

func yearParam(q *httpx.Query) int {
	s := q.String("ar", 20)
	if s == "" {
		return 0
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 9999 {
		q.Notef("Året ”" + httpx.Clip(s, 20) + "” går inte att visa och filtret har tagits bort.")
		return 0
	}
	return y
}

// kindOptions are the kinds of document as the filter's options.
func kindOptions() []ui.Option {
	var out []ui.Option
	for _, k := range KindOptions() {
		out = append(out, ui.Option{Value: k.Slug, Label: k.Label})
	}
	return out
}

// yearOptions are the years of the register as the filter's options.
func yearOptions(years []int) []ui.Option {
	out := make([]ui.Option, len(years))
	for i, y := range years {
		out[i] = ui.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)}
	}
	return out
}

// yearValue is a chosen year as the filter's value: "" for none.
func yearValue(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
