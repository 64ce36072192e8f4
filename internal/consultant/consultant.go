// Package consultant holds the rules by which a question finds its
// consultant: the art forms, municipalities and topics each consultant's
// profile names (kept by the booking area's profile form; the support desk's
// topics map onto the profile's in DeskTopics). The advisory bookings, the
// support desk and the contact guide all ask it, so a consultant who changes
// what they cover changes it for every way in at once.
package consultant

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// Consultant is an active consultant as the public sees them.
type Consultant struct {
	ID             int64
	Name           string
	Email          string
	Title          string
	Text           string
	ArtForms       []string
	Municipalities []string
	All            bool
	// Photo is the consultant's portrait (ID 0: none); its alt text is the
	// name.
	Photo Photo
}

// Photo is a stored image with the size of its original, for the width and
// height attributes that keep the page from jumping as it loads.
type Photo struct {
	ID, Width, Height int64
}

// Active lists the active consultants, by name; with artFormID and
// municipalityID above zero only those who advise on that art form and
// cover that municipality (a profile covering all municipalities covers
// every one).
func Active(ctx context.Context, q db.Querier, artFormID, municipalityID int64) ([]Consultant, error) {
	return Matching(ctx, q, Match{ArtFormID: artFormID, MunicipalityID: municipalityID})
}

// Match is what a question is about, for Matching: an art form and a
// municipality (0: any) and a topic of the booking form (consultant_topics;
// "": any).
type Match struct {
	ArtFormID, MunicipalityID int64
	Topic                     string
}

// DeskTopics maps the support desk's topics (vocab.Topics) onto the topics
// a consultant's profile lists (consultant_topics, the booking form's), so
// that a consultant keeps one list for both ways in. A desk topic that no
// booking topic covers ("lokaler", "kontakt", "kompetens", "annat") maps to
// "": every consultant of the art form and municipality answers it.
var DeskTopics = map[string]string{
	"finansiering": "finansiering",
	"avtal":        "avtal",
	"kulturaktor":  "samarbete",
	"natverk":      "samarbete",
}

// ForDesk lists the active consultants for a question to the support desk
// on deskTopic (a vocab.Topics value; "": any) about an art form and a
// municipality (0: any), through DeskTopics: whom the desk routes such a
// question to, and whom the contact guide names for it.
func ForDesk(ctx context.Context, q db.Querier, deskTopic string, artFormID, municipalityID int64) ([]Consultant, error) {
	return Matching(ctx, q, Match{ArtFormID: artFormID, MunicipalityID: municipalityID, Topic: DeskTopics[deskTopic]})
}

// Matching lists the active consultants that m matches, by name: the rules
// of Active, and with a topic only those whose profile lists it.
func Matching(ctx context.Context, q db.Querier, m Match) ([]Consultant, error) {
	artFormID, municipalityID := m.ArtFormID, m.MunicipalityID
	rows, err := q.Query(ctx, `
		SELECT u.id, u.name, u.email, p.title, p.text, p.all_municipalities,
			coalesce(i.id, 0), coalesce(i.width, 0), coalesce(i.height, 0),
			ARRAY(SELECT a.name FROM consultant_art_forms ca JOIN art_forms a ON a.id = ca.art_form_id
				WHERE ca.user_id = u.id ORDER BY a.position, a.name),
			ARRAY(SELECT m.name FROM consultant_municipalities cm JOIN municipalities m ON m.id = cm.municipality_id
				WHERE cm.user_id = u.id ORDER BY m.name)
		FROM consultant_profiles p JOIN users u ON u.id = p.user_id
		LEFT JOIN images i ON i.id = p.photo_image_id
		WHERE p.active AND u.disabled_at IS NULL
			AND ($1 = 0 OR EXISTS (SELECT 1 FROM consultant_art_forms ca WHERE ca.user_id = u.id AND ca.art_form_id = $1))
			AND ($2 = 0 OR p.all_municipalities
				OR EXISTS (SELECT 1 FROM consultant_municipalities cm WHERE cm.user_id = u.id AND cm.municipality_id = $2))
			AND ($3 = '' OR EXISTS (SELECT 1 FROM consultant_topics ct WHERE ct.user_id = u.id AND ct.topic = $3))
		ORDER BY u.name, u.id`, artFormID, municipalityID, m.Topic)
	if err != nil {
		return nil, fmt.Errorf("consultant: active: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Consultant, error) {
		var c Consultant
		err := r.Scan(&c.ID, &c.Name, &c.Email, &c.Title, &c.Text, &c.All, &c.Photo.ID, &c.Photo.Width,
			&c.Photo.Height, &c.ArtForms, &c.Municipalities)
		return c, err
	})
}
