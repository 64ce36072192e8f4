package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/residency"
)

var (
	synthVerbs   = []string{"Möten", "Rörelse", "Berättelser", "Verkstad", "Ljud", "Spår", "Rum", "Lek", "Röster", "Bilder"}
	synthThemes  = []string{"vid vattnet", "i skogen", "på torget", "mellan generationer", "i biblioteket", "efter skolan", "i förorten", "på landet", "i staden", "under natten"}
	synthPhrases = []string{
		"Konstnären arbetar tillsammans med deltagarna i workshoppar varje vecka.",
		"Residenset avslutas med en gemensam visning för familjer och grannar.",
		"Arbetet utgår från platsens historia och de människor som bor där.",
		"Barn och unga prövar själva att skapa, leda och visa.",
		"Dansare och musiker möter äldre på boendet i samtal och rörelse.",
		"Slöjd, textil och återbruk blir material för nya berättelser.",
		"Filmerna visas på kulturhuset och på skolans skärmar.",
		"Kommunens bibliotek och fritidsgårdar är samarbetspartner.",
		"Cirkus och akrobatik tar plats på lekplatser och i parker.",
		"Deltagarna skriver texter som blir en del av föreställningen.",
	}
	synthFirst = []string{"Anna", "Erik", "Sara", "Johan", "Maja", "Ali", "Leila", "Oskar", "Ida", "Noah", "Elsa", "Amir", "Tove", "Hugo", "Nora"}
	synthLast  = []string{"Lind", "Berg", "Ek", "Holm", "Strand", "Sjöberg", "Nyström", "Åberg", "Öst", "Dahl", "Karimi", "Fors", "Wikström"}
	synthGroup = []string{"Kompani", "Ensemble", "Kollektiv", "Teatern", "Studio", "Gruppen"}
)

// Synthetic adds n generated, published residencies and n/2 cultural actors
// spread over the municipalities, art forms, target groups, venue types and
// the years 2015 to 2028, for benchmarks. It needs the vocabularies (seed
// --demo adds them) and runs in one transaction. The rows are marked as demo
// content.
func Synthetic(ctx context.Context, pool *pgxpool.Pool, n int, now time.Time) error {
	if n <= 0 {
		return nil
	}
	return db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := vocabularies(ctx, tx); err != nil {
			return err
		}
		ids := func(table string) ([]int64, error) {
			rows, err := tx.Query(ctx, `SELECT id FROM `+table+` ORDER BY id`)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, pgx.RowTo[int64])
		}
		munis, err := ids("municipalities")
		if err != nil {
			return fmt.Errorf("seed: synthetic: %w", err)
		}
		artForms, err := ids("art_forms")
		if err != nil {
			return fmt.Errorf("seed: synthetic: %w", err)
		}
		groups, err := ids("target_groups")
		if err != nil {
			return fmt.Errorf("seed: synthetic: %w", err)
		}
		venues, err := ids("venue_types")
		if err != nil {
			return fmt.Errorf("seed: synthetic: %w", err)
		}
		// A run number keeps the slugs of several runs apart.
		var run int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) + 1 FROM residencies`).Scan(&run); err != nil {
			return fmt.Errorf("seed: synthetic: %w", err)
		}
		rng := rand.New(rand.NewPCG(uint64(run), uint64(n)))
		pick := func(s []string) string { return s[rng.IntN(len(s))] }

		nActors := max(n/2, 1)
		actorRows := make([][]any, 0, nActors)
		actorSlugs := make([]string, 0, nActors)
		for i := range nActors {
			var name, kind string
			if i%3 == 0 {
				name, kind = pick(synthGroup)+" "+pick(synthLast), "company"
			} else {
				name, kind = pick(synthFirst)+" "+pick(synthLast), "artist"
			}
			slug := fmt.Sprintf("genererad-aktor-%d-%d", run, i+1)
			actorSlugs = append(actorSlugs, slug)
			actorRows = append(actorRows, []any{slug, name, kind, munis[rng.IntN(len(munis))],
				pick(synthPhrases) + " " + pick(synthPhrases), true, true})
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"cultural_actors"},
			[]string{"slug", "name", "kind", "home_municipality_id", "description", "published", "demo"},
			pgx.CopyFromRows(actorRows)); err != nil {
			return fmt.Errorf("seed: synthetic actors: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT id FROM cultural_actors WHERE slug = ANY($1) ORDER BY id`, actorSlugs)
		if err != nil {
			return fmt.Errorf("seed: synthetic actors: %w", err)
		}
		actorIDs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("seed: synthetic actors: %w", err)
		}
		var actorArt [][]any
		for _, id := range actorIDs {
			for _, af := range pickSome(rng, artForms, 1+rng.IntN(2)) {
				actorArt = append(actorArt, []any{id, af})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"actor_art_forms"}, []string{"actor_id", "art_form_id"}, pgx.CopyFromRows(actorArt)); err != nil {
			return fmt.Errorf("seed: synthetic actor art forms: %w", err)
		}

		first := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
		span := int(time.Date(2028, 6, 1, 0, 0, 0, 0, time.UTC).Sub(first).Hours() / 24)
		resRows := make([][]any, 0, n)
		slugs := make([]string, 0, n)
		for i := range n {
			starts := first.AddDate(0, 0, rng.IntN(span))
			ends := starts.AddDate(0, 0, 14+rng.IntN(350))
			title := fmt.Sprintf("%s %s %d", pick(synthVerbs), pick(synthThemes), i+1)
			slug := fmt.Sprintf("genererat-residens-%d-%d", run, i+1)
			slugs = append(slugs, slug)
			var body strings.Builder
			body.WriteString("## Om residenset\n\n")
			for range 6 {
				body.WriteString(pick(synthPhrases) + " ")
			}
			body.WriteString("\n\n## Så går det till\n\n")
			for range 6 {
				body.WriteString(pick(synthPhrases) + " ")
			}
			kind := "kommunresidens"
			if rng.IntN(10) == 0 {
				kind = "kommunkoreograf"
			}
			resRows = append(resRows, []any{slug, title, kind, munis[rng.IntN(len(munis))], "", "Kulturhuset",
				starts, ends, pick(synthPhrases), body.String(), true, true})
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"residencies"},
			[]string{"slug", "title", "kind", "municipality_id", "district", "venue_name", "starts_on", "ends_on", "summary", "body", "published", "demo"},
			pgx.CopyFromRows(resRows)); err != nil {
			return fmt.Errorf("seed: synthetic residencies: %w", err)
		}
		rows, err = tx.Query(ctx, `SELECT id FROM residencies WHERE slug = ANY($1) ORDER BY id`, slugs)
		if err != nil {
			return fmt.Errorf("seed: synthetic residencies: %w", err)
		}
		resIDs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("seed: synthetic residencies: %w", err)
		}
		var raf, rtg, rvt, ra [][]any
		for _, id := range resIDs {
			for _, x := range pickSome(rng, artForms, 1+rng.IntN(2)) {
				raf = append(raf, []any{id, x})
			}
			for _, x := range pickSome(rng, groups, 1+rng.IntN(2)) {
				rtg = append(rtg, []any{id, x})
			}
			for _, x := range pickSome(rng, venues, 1) {
				rvt = append(rvt, []any{id, x})
			}
			for j, x := range pickSome(rng, actorIDs, 1+rng.IntN(2)) {
				ra = append(ra, []any{id, x, "Konstnär", j})
			}
		}
		copies := []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"residency_art_forms", []string{"residency_id", "art_form_id"}, raf},
			{"residency_target_groups", []string{"residency_id", "target_group_id"}, rtg},
			{"residency_venue_types", []string{"residency_id", "venue_type_id"}, rvt},
			{"residency_actors", []string{"residency_id", "actor_id", "role", "position"}, ra},
		}
		for _, c := range copies {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				return fmt.Errorf("seed: synthetic %s: %w", c.table, err)
			}
		}
		if err := residency.RefreshSearchTerms(ctx, tx, resIDs); err != nil {
			return err
		}
		// Fresh statistics, so the planner sees the new rows at once.
		_, err = tx.Exec(ctx, `ANALYZE residencies, cultural_actors, residency_art_forms, residency_target_groups,
			residency_venue_types, residency_actors, actor_art_forms`)
		return err
	})
}

// pickSome returns k distinct elements of s (fewer when s is shorter).
func pickSome(rng *rand.Rand, s []int64, k int) []int64 {
	k = min(k, len(s))
	out := make([]int64, 0, k)
	for _, i := range rng.Perm(len(s))[:k] {
		out = append(out, s[i])
	}
	return out
}
