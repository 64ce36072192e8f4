package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	stdimage "image"
	"image/color"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/image/draw"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/image"
	"residens/internal/residency"
)

// Demo writes the demo content: the county's municipalities, the
// vocabularies, and the demo residencies and actors with dates relative to
// now. Running it again brings the demo rows back to the same state (the
// ongoing ones stay ongoing) and never touches rows that are not demo
// content. It runs in one transaction.
func Demo(ctx context.Context, pool *pgxpool.Pool, now time.Time) error {
	today := civil.Today(now)
	return db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := vocabularies(ctx, tx); err != nil {
			return err
		}
		actorIDs := map[string]int64{}
		for _, a := range DemoActors {
			id, err := upsertActor(ctx, tx, a)
			if err != nil {
				return err
			}
			actorIDs[a.Slug] = id
		}
		var ids []int64
		for _, r := range DemoResidencies {
			id, err := upsertResidency(ctx, tx, r, today, actorIDs)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if err := upsertFunding(ctx, tx, today); err != nil {
			return err
		}
		if err := upsertEvents(ctx, tx, now); err != nil {
			return err
		}
		return residency.RefreshSearchTerms(ctx, tx, ids)
	})
}

func vocabularies(ctx context.Context, tx pgx.Tx) error {
	for _, m := range StockholmMunicipalities {
		if _, err := tx.Exec(ctx, `
			INSERT INTO municipalities (code, name, slug, county) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, slug = excluded.slug, county = excluded.county
			WHERE (municipalities.name, municipalities.slug, municipalities.county) IS DISTINCT FROM (excluded.name, excluded.slug, excluded.county)`,
			m.Code, m.Name, m.Slug, m.County); err != nil {
			return fmt.Errorf("seed: municipality %s: %w", m.Code, err)
		}
	}
	for table, terms := range map[string][]Vocab{"art_forms": ArtForms, "target_groups": TargetGroups, "venue_types": VenueTypes} {
		for i, t := range terms {
			if _, err := tx.Exec(ctx, `
				INSERT INTO `+table+` (slug, name, position) VALUES ($1, $2, $3)
				ON CONFLICT (slug) DO UPDATE SET name = excluded.name, position = excluded.position
				WHERE (`+table+`.name, `+table+`.position) IS DISTINCT FROM (excluded.name, excluded.position)`,
				t.Slug, t.Name, i+1); err != nil {
				return fmt.Errorf("seed: %s %s: %w", table, t.Slug, err)
			}
		}
	}
	return nil
}

func upsertActor(ctx context.Context, tx pgx.Tx, a DemoActor) (int64, error) {
	var id int64
	var demo bool
	err := tx.QueryRow(ctx, `
		INSERT INTO cultural_actors (slug, name, kind, home_municipality_id, description, website, published, demo)
		VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = nullif($4, '')), $5, $6, true, true)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name, kind = excluded.kind,
			home_municipality_id = excluded.home_municipality_id, description = excluded.description,
			website = excluded.website
		WHERE cultural_actors.demo
		RETURNING id, demo`,
		a.Slug, a.Name, a.Kind, a.Home, a.Description, a.Website).Scan(&id, &demo)
	if db.IsNoRows(err) {
		// The slug belongs to a real actor: leave it alone and link to it.
		err = tx.QueryRow(ctx, `SELECT id FROM cultural_actors WHERE slug = $1`, a.Slug).Scan(&id)
		return id, err
	}
	if err != nil {
		return 0, fmt.Errorf("seed: actor %s: %w", a.Slug, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM actor_art_forms WHERE actor_id = $1`, id); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO actor_art_forms (actor_id, art_form_id)
		SELECT $1, id FROM art_forms WHERE slug = ANY($2)`, id, a.ArtForms); err != nil {
		return 0, fmt.Errorf("seed: actor %s art forms: %w", a.Slug, err)
	}
	return id, nil
}

func upsertResidency(ctx context.Context, tx pgx.Tx, r DemoResidency, today time.Time, actorIDs map[string]int64) (int64, error) {
	starts := today.AddDate(0, 0, r.StartDays)
	ends := today.AddDate(0, 0, r.EndDays)
	var id int64
	var imageID *int64
	err := tx.QueryRow(ctx, `
		INSERT INTO residencies (slug, title, kind, municipality_id, district, venue_name, starts_on, ends_on,
			summary, body, participants, sessions, outcome, published, demo)
		VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = $4), $5, $6, $7, $8, $9, $10,
			nullif($11, 0), nullif($12, 0), $13, true, true)
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title, kind = excluded.kind,
			municipality_id = excluded.municipality_id, district = excluded.district, venue_name = excluded.venue_name,
			starts_on = excluded.starts_on, ends_on = excluded.ends_on, summary = excluded.summary, body = excluded.body,
			participants = excluded.participants, sessions = excluded.sessions, outcome = excluded.outcome
		WHERE residencies.demo
		RETURNING id, image_id`,
		r.Slug, r.Title, r.Kind, r.Municipality, r.District, r.VenueName, starts, ends,
		r.Summary, r.Body, r.Participants, r.Sessions, r.Outcome).Scan(&id, &imageID)
	if db.IsNoRows(err) {
		return 0, fmt.Errorf("seed: residency %s: the slug is taken by content that is not demo content", r.Slug)
	}
	if err != nil {
		return 0, fmt.Errorf("seed: residency %s: %w", r.Slug, err)
	}
	for table, col := range map[string]string{"residency_art_forms": "art_form_id", "residency_target_groups": "target_group_id",
		"residency_venue_types": "venue_type_id", "residency_actors": "actor_id"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE residency_id = $1`, id); err != nil {
			return 0, fmt.Errorf("seed: residency %s: clear %s (%s): %w", r.Slug, table, col, err)
		}
	}
	links := []struct {
		table, col, vocab string
		slugs             []string
	}{
		{"residency_art_forms", "art_form_id", "art_forms", r.ArtForms},
		{"residency_target_groups", "target_group_id", "target_groups", r.TargetGroups},
		{"residency_venue_types", "venue_type_id", "venue_types", r.VenueTypes},
	}
	for _, l := range links {
		if _, err := tx.Exec(ctx, `INSERT INTO `+l.table+` (residency_id, `+l.col+`) SELECT $1, id FROM `+l.vocab+` WHERE slug = ANY($2)`,
			id, l.slugs); err != nil {
			return 0, fmt.Errorf("seed: residency %s: %s: %w", r.Slug, l.table, err)
		}
	}
	for i, role := range r.Actors {
		actorID, ok := actorIDs[role.Actor]
		if !ok {
			return 0, fmt.Errorf("seed: residency %s: unknown actor %s", r.Slug, role.Actor)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO residency_actors (residency_id, actor_id, role, position) VALUES ($1, $2, $3, $4)`,
			id, actorID, role.Role, i); err != nil {
			return 0, fmt.Errorf("seed: residency %s: actor %s: %w", r.Slug, role.Actor, err)
		}
	}
	if imageID == nil {
		art := ""
		if len(r.ArtForms) > 0 {
			art = r.ArtForms[0]
		}
		img := Scene(art, r.Slug, 960, 540)
		variants, err := image.Encode(img)
		if err != nil {
			return 0, err
		}
		newID, err := image.Insert(ctx, tx, 960, 540, variants)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `UPDATE residencies SET image_id = $2, image_alt = $3 WHERE id = $1`, id, newID, r.ImageAlt); err != nil {
			return 0, fmt.Errorf("seed: residency %s: image: %w", r.Slug, err)
		}
	} else if _, err := tx.Exec(ctx, `UPDATE residencies SET image_alt = $2 WHERE id = $1`, id, r.ImageAlt); err != nil {
		return 0, fmt.Errorf("seed: residency %s: image alt: %w", r.Slug, err)
	}
	return id, nil
}

// Abstract draws a soft, abstract picture whose colours follow from name, for
// demo content that has no photographs of its own. The pattern is computed on
// a small grid and scaled up: it is smooth anyway, and this keeps a demo seed
// fast.
func Abstract(name string, w, h int) stdimage.Image {
	f := fnv.New32a()
	f.Write([]byte(name))
	seed := f.Sum32()
	hue := float64(seed%360) / 360
	sw, sh := max(1, w/8), max(1, h/8)
	small := stdimage.NewRGBA(stdimage.Rect(0, 0, sw, sh))
	cx := []float64{float64(seed%97) / 97 * float64(sw), float64(seed%89) / 89 * float64(sw), float64(seed%83) / 83 * float64(sw)}
	cy := []float64{float64(seed%61) / 61 * float64(sh), float64(seed%67) / 67 * float64(sh), float64(seed%71) / 71 * float64(sh)}
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			v := 0.0
			for i := range cx {
				d := math.Hypot(float64(x)-cx[i], float64(y)-cy[i]) / float64(sw)
				v += math.Cos(d*9 + float64(i))
			}
			small.SetRGBA(x, y, hsl(hue+0.08*v, 0.55, 0.45+0.12*v))
		}
	}
	img := stdimage.NewRGBA(stdimage.Rect(0, 0, w, h))
	draw.BiLinear.Scale(img, img.Bounds(), small, small.Bounds(), draw.Src, nil)
	return img
}

func hsl(h, s, l float64) color.RGBA {
	h = h - math.Floor(h)
	l = math.Max(0.1, math.Min(0.9, l))
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h*6, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch int(h * 6) {
	case 0:
		r, g, b = c, x, 0
	case 1:
		r, g, b = x, c, 0
	case 2:
		r, g, b = 0, c, x
	case 3:
		r, g, b = 0, x, c
	case 4:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	return color.RGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}
