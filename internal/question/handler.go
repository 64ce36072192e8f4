package question

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/funding"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/throttle"
	"residens/internal/vocab"
)

// Handler serves the question pages: the public form and thread, the
// common questions and the consultants' inbox.
type Handler struct {
	store *Store
	pool  *pgxpool.Pool
	orgs  *funding.Store
	now   func() time.Time
}

// NewHandler returns the question pages over pool: questions numbered by
// reg, mail queued on queue with links under base, the form bounded by
// limits, an answer due within days working days, now telling the time.
func NewHandler(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL *url.URL, limits throttle.Limits, days int, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	limit := limits.Form("fraga", limits.QuestionsPerIP)
	base := ""
	if baseURL != nil {
		base = baseURL.String()
	}
	return &Handler{store: NewStore(pool, reg, queue, base, limit, days, now), pool: pool,
		orgs: funding.NewStore(pool, now), now: now}
}

const (
	askPath   = "/fraga"
	faqPath   = "/fraga/vanliga-fragor"
	inboxPath = "/konsulent/fragor"
	faqAdmin  = "/konsulent/fragor/vanliga"
)

func consultantPath(id int64) string { return inboxPath + "/" + strconv.FormatInt(id, 10) }
func faqEditPath(id int64) string    { return faqAdmin + "/" + strconv.FormatInt(id, 10) }

// flashes are the confirmations a redirect names by code.
var flashes = map[string]string{
	"skickad":    "Tack! Din fråga är skickad. Du får ett kvitto med en länk till den här sidan per e-post.",
	"foljdfraga": "Din följdfråga är skickad.",
	"stangd":     "Frågan är stängd. Skriv en följdfråga om du vill öppna den igen.",
	"besvarad":   "Svaret är skickat till frågeställaren.",
	"anteckning": "Anteckningen är sparad. Den syns bara för konsulenter.",
	"hanvisad":   "Hänvisningen är skickad till frågeställaren.",
	"lamnad":     "Frågan är lämnad till kollegan.",
	"vantar":     "Frågan väntar på frågeställaren.",
	"stangd-k":   "Frågan är stängd.",
	"oppnad":     "Frågan är öppnad igen.",
	"faq-skapad": "Den vanliga frågan är sparad.",
	"faq-sparad": "Ändringarna är sparade.",
}

// vocabs are the art forms and municipalities.
func (h *Handler) vocabs(ctx context.Context) (artForms, municipalities []vocab.Term, err error) {
	if artForms, err = vocab.ArtForms(ctx, h.pool); err != nil {
		return nil, nil, err
	}
	municipalities, err = vocab.Municipalities(ctx, h.pool)
	return artForms, municipalities, err
}
