// Package guide answers the support desk's most common question without
// asking it: "who do I contact?". At /vem-kontaktar-jag a visitor chooses
// a topic (amne, one of vocab.Topics), an art form (konstform) and a
// municipality (kommun), each optional, in a GET form; the answer is a page
// whose address can be sent to someone. It lists, in this order, the
// municipality's own culture contact (kept on the municipality), the
// region's consultants for that art form and municipality (package
// consultant's rules, the same the bookings and the questions follow), and
// the organisations and functions of the directory kept by the consultants
// that help with it (funding.Store.Helping says how they match). Each
// answer ends with a link to /fraga with the same choices filled in, for
// when none of them fits.
//
// The guide only reads: it has no store of its own, and asks the areas that
// keep each kind of contact.
package guide

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/consultant"
	"residens/internal/funding"
	"residens/internal/httpx"
	"residens/internal/municipality"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Path is the guide's address.
const Path = "/vem-kontaktar-jag"

// AskPath is the question form the guide sends those it could not help.
const AskPath = "/fraga"

// Handler serves the guide.
type Handler struct {
	pool           *pgxpool.Pool
	directory      *funding.Store
	municipalities *municipality.Store
}

// NewHandler returns the guide over pool; now tells the time (the
// directory's store wants it, though the guide changes nothing).
func NewHandler(pool *pgxpool.Pool, now func() time.Time) *Handler {
	return &Handler{pool: pool, directory: funding.NewStore(pool, now), municipalities: municipality.NewStore(pool)}
}

// Choice is what the visitor chose; nil or "" for what they left open.
type Choice struct {
	Topic        *ui.Option
	ArtForm      *vocab.Term
	Municipality *vocab.Term
}

// Empty reports whether nothing was chosen: the page is then just the form.
func (c Choice) Empty() bool { return c.Topic == nil && c.ArtForm == nil && c.Municipality == nil }

// Values are the choice as the query parameters of the guide and of the
// question form: only what was chosen.
func (c Choice) Values() url.Values {
	v := url.Values{}
	if c.Topic != nil {
		v.Set("amne", c.Topic.Value)
	}
	if c.ArtForm != nil {
		v.Set("konstform", c.ArtForm.Slug)
	}
	if c.Municipality != nil {
		v.Set("kommun", c.Municipality.Slug)
	}
	return v
}

// AskHref is the question form with the choice filled in.
func (c Choice) AskHref() string {
	if enc := c.Values().Encode(); enc != "" {
		return AskPath + "?" + enc
	}
	return AskPath
}

// View is the model of the guide's page.
type View struct {
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	Choice         Choice
	// Typed are the values as sent, so that a form sent back keeps what
	// could be kept.
	Typed  url.Values
	Errors ui.FieldErrors
	// Answer is nil unless something valid was chosen.
	Answer *Answer
}

// Answer is the guide's answer to a choice.
type Answer struct {
	// Contact is the chosen municipality with its culture contact (nil when
	// no municipality was chosen).
	Contact     *municipality.Municipality
	Consultants []consultant.Consultant
	// The directory's organisations by the area they serve, nearest first.
	Local, County, Country []funding.Organisation
}

// Organisations counts the organisations of the answer.
func (a *Answer) Organisations() int { return len(a.Local) + len(a.County) + len(a.Country) }

// Show handles GET /vem-kontaktar-jag: the form, and the answer to what it
// asks when something is chosen. An unknown value answers 422 with the
// form's error summary, never an answer built on half the question.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	artForms, err := vocab.ArtForms(ctx, h.pool)
	if err != nil {
		return err
	}
	munis, err := vocab.Municipalities(ctx, h.pool)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	v := View{ArtForms: artForms, Municipalities: munis, Typed: q.Values}
	if s := q.String("amne", 40); s != "" {
		if o, ok := ui.FindOption(vocab.Topics, s); ok {
			v.Choice.Topic = &o
		} else {
			v.Errors.Add("amne", "Välj ett av ämnena i listan.")
		}
	}
	if s := q.String("konstform", 80); s != "" {
		if t, ok := vocab.Find(artForms, s); ok {
			v.Choice.ArtForm = &t
		} else {
			v.Errors.Add("konstform", "Välj en av konstformerna i listan.")
		}
	}
	if s := q.String("kommun", 80); s != "" {
		if t, ok := vocab.Find(munis, s); ok {
			v.Choice.Municipality = &t
		} else {
			v.Errors.Add("kommun", "Välj en av kommunerna i listan.")
		}
	}
	page := ui.Page{Title: "Vem kontaktar jag?", Notices: q.Notices,
		Description: "Hitta rätt kontakt i kommunen, regionen och hos andra organisationer för det du behöver hjälp med."}
	if v.Errors.Any() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, page, GuidePage(v))
		return nil
	}
	if !v.Choice.Empty() {
		if v.Answer, err = h.answer(ctx, v.Choice); err != nil {
			return err
		}
		page.Title = "Vem kontaktar jag? " + v.Choice.Summary()
	}
	httpx.Render(w, r, http.StatusOK, page, GuidePage(v))
	return nil
}

func (h *Handler) answer(ctx context.Context, c Choice) (*Answer, error) {
	var a Answer
	var need funding.Need
	if c.Topic != nil {
		need.Topic = c.Topic.Value
	}
	if c.ArtForm != nil {
		need.ArtFormID = c.ArtForm.ID
	}
	if c.Municipality != nil {
		need.MunicipalityID = c.Municipality.ID
		m, err := h.municipalities.BySlug(ctx, c.Municipality.Slug)
		if err != nil {
			return nil, err
		}
		a.Contact = m
	}
	var err error
	// The consultants the support desk would route this very question to.
	if a.Consultants, err = consultant.ForDesk(ctx, h.pool, need.Topic, need.ArtFormID, need.MunicipalityID); err != nil {
		return nil, err
	}
	orgs, err := h.directory.Helping(ctx, need)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		switch o.Area {
		case funding.AreaMunicipalities:
			a.Local = append(a.Local, o)
		case funding.AreaCounty:
			a.County = append(a.County, o)
		default:
			a.Country = append(a.Country, o)
		}
	}
	return &a, nil
}

// Summary says the choice in words: "Textil · Nykvarn · Lokaler".
func (c Choice) Summary() string {
	s := ""
	add := func(part string) {
		if s != "" {
			s += " · "
		}
		s += part
	}
	if c.ArtForm != nil {
		add(c.ArtForm.Name)
	}
	if c.Municipality != nil {
		add(c.Municipality.Name)
	}
	if c.Topic != nil {
		add(c.Topic.Label)
	}
	return s
}
