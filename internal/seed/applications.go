package seed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/registry"
)

// DemoApplication is an artist's application to a demo call.
type DemoApplication struct {
	Call   string // the call's slug (DemoCalls)
	Artist string // the applicant's e-mail (DemoArtists)
	State  string // draft, submitted, withdrawn
	// GroupName is set when the artist applies for a group.
	GroupName, Members string
	Phone              string
	Practice           string
	Experience         string
	Idea               string
	Languages          string
	// SubmittedDays is when it was sent in, in days from the call's
	// opening.
	SubmittedDays int
	Shortlisted   bool
}

// DemoApplications are the applications of the demo: on the open call (which
// the consultants cannot read before it closes) and on the closed one,
// which the jury is reviewing.
var DemoApplications = []DemoApplication{
	{
		Call: "kommunkoreograf-i-varmdo-2027", Artist: "elin.bjork@konstnar.example.se", State: "submitted",
		Phone: "070-123 45 67", Languages: "svenska, engelska",
		Practice:   "Jag är koreograf och dansare med bas i Gustavsberg och arbetar med dans i vardagliga rum.",
		Experience: "Sex år som dansledare i kulturskolan och tre dansprojekt med förskolor på Värmdö.",
		Idea: "Barnen kartlägger sina skolgårdar med rörelse: varje skola får en dans som bara går att dansa " +
			"just där. Året slutar med en vandringsföreställning längs skärgårdsbussens hållplatser.",
		SubmittedDays: 6,
	},
	{
		Call: "kommunkoreograf-i-varmdo-2027", Artist: "tove.sjoberg@konstnar.example.se", State: "submitted",
		Phone: "073-555 12 34", Languages: "svenska",
		Practice:      "Koreograf som arbetar med improvisation och live-musik.",
		Experience:    "Kommunkoreograf i Nacka 2024 och turnéer med skolföreställningar i hela länet.",
		Idea:          "Dans och musik på fritidsgårdarna, där ungdomarna själva bestämmer vad föreställningen ska handla om.",
		SubmittedDays: 10,
	},
	{
		Call: "kommunkoreograf-i-varmdo-2027", Artist: "samir.khalil@konstnar.example.se", State: "draft",
		Phone: "076-222 33 44", Languages: "svenska, arabiska, engelska",
		Practice: "Dansare och koreograf inom streetdans och samtida dans.",
	},
	{
		Call: "kommunkoreograf-i-nacka-2026", Artist: "samir.khalil@konstnar.example.se", State: "submitted",
		Phone: "076-222 33 44", Languages: "svenska, arabiska, engelska",
		Practice:   "Dansare och koreograf inom streetdans och samtida dans.",
		Experience: "Har lett breakingkurser i Fisksätra och Orminge i fem år och gjort två föreställningar med unga.",
		Idea: "Ett år av battles och workshoppar där unga i Fisksätra och Orminge gör en gemensam föreställning " +
			"på Dieselverkstaden.",
		SubmittedDays: 12, Shortlisted: true,
	},
	{
		Call: "kommunkoreograf-i-nacka-2026", Artist: "hanna.oberg@kompanifjaril.example.se", State: "submitted",
		GroupName: "Kompani Fjäril", Members: "Hanna Öberg (koreograf), Jonas Wik (dansare), Sara Lund (musiker)",
		Phone: "070-987 65 43", Languages: "svenska, engelska",
		Practice:   "Kompani Fjäril gör dansföreställningar för de yngsta barnen, ofta med levande musik.",
		Experience: "Föreställningar för förskolor sedan 2018, bland annat på Dansens hus och i tolv kommuner.",
		Idea: "Förskolebarn i Nacka bjuder sina familjer på dans: vi arbetar med tio förskolor under året " +
			"och avslutar med en dansfest i Nacka strand.",
		SubmittedDays: 20, Shortlisted: true,
	},
	{
		Call: "kommunkoreograf-i-nacka-2026", Artist: "tove.sjoberg@konstnar.example.se", State: "submitted",
		Phone: "073-555 12 34", Languages: "svenska",
		Practice:      "Koreograf som arbetar med improvisation och live-musik.",
		Experience:    "Turnéer med skolföreställningar i hela länet.",
		Idea:          "Dans i skolornas matsalar: korta föreställningar som eleverna sedan tar över och gör till sina egna.",
		SubmittedDays: 35,
	},
	{
		Call: "kommunkoreograf-i-nacka-2026", Artist: "marcus.ekstrom@konstnar.example.se", State: "submitted",
		Phone: "072-444 98 76", Languages: "svenska, engelska",
		Practice:      "Danskonstnär som arbetar med dans för kamera.",
		Experience:    "Dansfilmer för SVT och för Kulturrådets satsning på dans i skolan.",
		Idea:          "Högstadieelever gör dansfilmer på platser i Nacka som de tycker om, och filmerna visas i Nacka forum.",
		SubmittedDays: 50,
	},
	{
		Call: "kommunkoreograf-i-nacka-2026", Artist: "elin.bjork@konstnar.example.se", State: "withdrawn",
		Phone: "070-123 45 67", Languages: "svenska, engelska",
		Practice:      "Koreograf och dansare med bas i Gustavsberg.",
		Experience:    "Sex år som dansledare i kulturskolan.",
		Idea:          "Dans på Nackas skolgårdar.",
		SubmittedDays: 8,
	},
}

// DemoScore is a reviewer's scores of one application, one per criterion of
// the call (the demo calls' three criteria, in their order), or a declared
// conflict of interest.
type DemoScore struct {
	Call, Artist string // the application
	Reviewer     string // e-mail of a consultant or juror
	Conflict     string // the reason of a declared conflict; no scores then
	Scores       []int
	Comment      string
}

// DemoScores are the review of the closed demo call so far: the consultant
// has scored every application; the juror has declared one conflict and
// scored one of the other three, so two are left to review.
var DemoScores = []DemoScore{
	{Call: "kommunkoreograf-i-nacka-2026", Artist: "samir.khalil@konstnar.example.se", Reviewer: "anna.lindqvist@region.example.se",
		Scores: []int{4, 5, 4}, Comment: "Stark förankring bland unga i kommundelen."},
	{Call: "kommunkoreograf-i-nacka-2026", Artist: "hanna.oberg@kompanifjaril.example.se", Reviewer: "anna.lindqvist@region.example.se",
		Scores: []int{5, 4, 3}, Comment: "Erfaret kompani, genomarbetad idé för de yngsta."},
	{Call: "kommunkoreograf-i-nacka-2026", Artist: "tove.sjoberg@konstnar.example.se", Reviewer: "anna.lindqvist@region.example.se",
		Scores: []int{3, 3, 2}},
	{Call: "kommunkoreograf-i-nacka-2026", Artist: "marcus.ekstrom@konstnar.example.se", Reviewer: "anna.lindqvist@region.example.se",
		Scores: []int{4, 2, 3}, Comment: "Intressant med dansfilm, men lite erfarenhet av att leda grupper."},
	{Call: "kommunkoreograf-i-nacka-2026", Artist: "samir.khalil@konstnar.example.se", Reviewer: "maria.sandberg@jury.example.se",
		Scores: []int{4, 4, 5}},
	{Call: "kommunkoreograf-i-nacka-2026", Artist: "hanna.oberg@kompanifjaril.example.se", Reviewer: "maria.sandberg@jury.example.se",
		Conflict: "Jag har arbetat i Kompani Fjäril under 2023."},
}

// demoReviewers are the reviewers of each demo call that has scores.
var demoReviewers = map[string][]string{
	"kommunkoreograf-i-nacka-2026": {"anna.lindqvist@region.example.se", "maria.sandberg@jury.example.se"},
}

// upsertApplications writes the demo applications that are not there yet,
// each with its CV attached, and adds to pending the registration of each
// that was sent in, which moves it to its state. Like the proposals, an
// application once made is left as the demo's visitors change it.
func upsertApplications(ctx context.Context, tx pgx.Tx, pending *[]pendingRegistration, people map[string]int64, names map[string]string) error {
	for _, a := range DemoApplications {
		var callID int64
		var callTitle string
		var opens time.Time
		err := tx.QueryRow(ctx, `SELECT id, title, opens_at FROM calls WHERE slug = $1 AND demo`, a.Call).Scan(&callID, &callTitle, &opens)
		if db.IsNoRows(err) {
			continue // the slug belongs to a real call: nothing of the demo goes there
		}
		if err != nil {
			return fmt.Errorf("seed: application to %s: %w", a.Call, err)
		}
		applicant := people[a.Artist]
		kind := "person"
		if a.GroupName != "" {
			kind = "group"
		}
		created := opens.Add(time.Duration(max(a.SubmittedDays-2, 0))*24*time.Hour + 9*time.Hour)
		var id int64
		err = tx.QueryRow(ctx, `
			INSERT INTO applications (call_id, applicant_id, applicant_kind, group_name, members, contact_name,
				contact_email, contact_phone, practice, experience, idea, languages, declaration, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
			ON CONFLICT (applicant_id, call_id) WHERE applicant_id IS NOT NULL DO NOTHING
			RETURNING id`,
			callID, applicant, kind, a.GroupName, a.Members, names[a.Artist], a.Artist, a.Phone, a.Practice,
			a.Experience, a.Idea, a.Languages, a.State != "draft", created).Scan(&id)
		if db.IsNoRows(err) {
			continue // made by an earlier run
		}
		if err != nil {
			return fmt.Errorf("seed: application of %s to %s: %w", a.Artist, a.Call, err)
		}
		cv := PDF("CV – "+names[a.Artist], a.Practice, a.Experience)
		sum := sha256.Sum256(cv)
		if _, err := tx.Exec(ctx, `
			INSERT INTO application_files (application_id, kind, filename, size, sha256, data, created_at)
			VALUES ($1, 'cv', $2, $3, $4, $5, $6)`,
			id, "cv-"+strings.ReplaceAll(strings.ToLower(names[a.Artist]), " ", "-")+".pdf", len(cv), sum[:], cv, created); err != nil {
			return fmt.Errorf("seed: application of %s to %s: cv: %w", a.Artist, a.Call, err)
		}
		if a.State == "draft" {
			continue
		}
		submitted := opens.Add(time.Duration(a.SubmittedDays)*24*time.Hour + 14*time.Hour)
		var withdrawn *time.Time
		if a.State == "withdrawn" {
			w := submitted.Add(4 * 24 * time.Hour)
			withdrawn = &w
		}
		state, shortlisted := a.State, a.Shortlisted
		*pending = append(*pending, pendingRegistration{
			entry: registry.Entry{Kind: registry.KindApplication, Description: "Ansökan till utlysningen ”" + callTitle + "”",
				SenderName: names[a.Artist], SenderIsPerson: true, SenderOrg: a.GroupName, SenderEmail: a.Artist,
				ReceivedAt: submitted},
			apply: func(regID int64) error {
				_, err := tx.Exec(ctx, `
					UPDATE applications SET state = $2, registration_id = $3, submitted_at = $4, withdrawn_at = $5,
						shortlisted = $6, version = version + 1, updated_at = coalesce($5::timestamptz, $4::timestamptz)
					WHERE id = $1`, id, state, regID, submitted, withdrawn, shortlisted)
				return err
			},
		})
	}
	return nil
}

// upsertReviews writes the reviewers, declarations and scores of the demo
// that are missing, after the applications have been sent in.
func upsertReviews(ctx context.Context, tx pgx.Tx, people map[string]int64) error {
	for call, reviewers := range demoReviewers {
		for _, rv := range reviewers {
			if _, err := tx.Exec(ctx, `
				INSERT INTO call_reviewers (call_id, user_id, added_at)
				SELECT id, $2, closes_at FROM calls WHERE slug = $1 AND demo
				ON CONFLICT DO NOTHING`, call, people[rv]); err != nil {
				return fmt.Errorf("seed: reviewer %s of %s: %w", rv, call, err)
			}
		}
	}
	for _, s := range DemoScores {
		var appID int64
		var closes time.Time
		err := tx.QueryRow(ctx, `
			SELECT a.id, c.closes_at FROM applications a JOIN calls c ON c.id = a.call_id
			WHERE c.slug = $1 AND c.demo AND a.applicant_id = $2 AND a.state = 'submitted'`,
			s.Call, people[s.Artist]).Scan(&appID, &closes)
		if db.IsNoRows(err) {
			continue // withdrawn in the demo since
		}
		if err != nil {
			return fmt.Errorf("seed: review of %s: %w", s.Artist, err)
		}
		reviewer := people[s.Reviewer]
		at := closes.Add(3 * 24 * time.Hour)
		tag, err := tx.Exec(ctx, `
			INSERT INTO review_declarations (application_id, reviewer_id, conflict, reason, declared_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, appID, reviewer, s.Conflict != "", s.Conflict, at)
		if err != nil {
			return fmt.Errorf("seed: declaration of %s on %s: %w", s.Reviewer, s.Artist, err)
		}
		if tag.RowsAffected() == 0 || s.Conflict != "" {
			continue // declared (and scored or not) before, by the seed or in the demo
		}
		for i, score := range s.Scores {
			comment := ""
			if i == 0 {
				comment = s.Comment
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO review_scores (application_id, reviewer_id, criterion_id, score, comment, scored_at)
				SELECT $1, $2, cr.id, $4, $5, $6 FROM call_criteria cr JOIN applications a ON a.call_id = cr.call_id
				WHERE a.id = $1 AND cr.position = $3
				ON CONFLICT DO NOTHING`, appID, reviewer, i+1, score, comment, at.Add(time.Hour)); err != nil {
				return fmt.Errorf("seed: score of %s on %s: %w", s.Reviewer, s.Artist, err)
			}
		}
	}
	return nil
}

// PDF is a one-page PDF with a heading and paragraphs, enough for an
// attachment the review pages can offer and a PDF reader can open (the demo's
// CVs, and the browser tests' uploads). The text is written in
// WinAnsiEncoding, which holds the Swedish letters.
func PDF(title string, paragraphs ...string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 18 Tf 56 780 Td (" + pdfText(title) + ") Tj ET\n")
	y := 740
	for _, p := range paragraphs {
		for _, line := range wrap(p, 85) {
			fmt.Fprintf(&content, "BT /F1 11 Tf 56 %d Td (%s) Tj ET\n", y, pdfText(line))
			y -= 16
		}
		y -= 10
	}
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfText escapes s for a PDF string in WinAnsiEncoding: Latin-1 letters
// are single bytes, the en dash and the quotation marks have their places
// in the encoding, anything else becomes a question mark.
func pdfText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '–':
			b.WriteByte(0x96)
		case r == '”':
			b.WriteByte(0x94)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r >= 0xa0 && r <= 0xff:
			b.WriteByte(byte(r))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// wrap breaks s into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
