package residencyedit

import (
	"slices"
	"strconv"

	"residens/internal/httpx"
	"residens/internal/vocab"
)

// The form's field names; each is also its input's id, so the error summary
// links to it.
const (
	fTitle        = "titel"
	fSlug         = "adress"
	fKind         = "typ"
	fMunicipality = "kommun"
	fDistrict     = "omrade"
	fVenueName    = "plats"
	fVenueTypes   = "platstyp"
	fTargetGroups = "malgrupp"
	fArtForms     = "konstform"
	fStartsOn     = "borjar"
	fEndsOn       = "slutar"
	fSummary      = "sammanfattning"
	fBody         = "text"
	fActor        = "aktor"
	fRole         = "roll"
	fNewName      = "ny-aktor-namn"
	fNewKind      = "ny-aktor-typ"
	fNewRole      = "ny-aktor-roll"
	fParticipants = "deltagare"
	fSessions     = "tillfallen"
	fOutcome      = "resultat"
	fPublished    = "publicerad"
	fImage        = "bild"
	fImageAlt     = "bildtext"
	fImageRemove  = "ta-bort-bild"
	fVersion      = "version"
	fPreview      = "forhandsgranska"
)

// Limits on what the fields take, in characters.
const (
	maxTitle   = 200
	maxShort   = 200
	maxSummary = 600
	maxBody    = 20000
	maxOutcome = 4000
	maxRole    = 100
	maxFigure  = 10_000_000
)

// maxFormBytes bounds a residency form: a long Markdown body fits with room
// to spare.
const maxFormBytes = 256 << 10

// parsed is a submitted residency form.
type parsed struct {
	Values   Values
	New      NewActor
	Version  int
	Preview  bool
	SlugSent string
	// CurrentImage is the stored image the form shows (0 for none) and
	// RemoveImage the editor's wish to remove it; a newly chosen file is
	// not part of the model, since a form cannot show it again.
	CurrentImage int64
	RemoveImage  bool
	// ActorRows are the actor rows as sent (the chosen actor's id as text,
	// and the role), so that a form that comes back shows them as typed.
	ActorRows []actorRow
}

// actorRow is one row of the actors table in the form.
type actorRow struct {
	ActorID string
	Role    string
}

// parseValues reads and checks the residency form against the directory,
// recording errors on f.
func parseValues(f *httpx.Form, d Directory) parsed {
	var p parsed
	v := &p.Values
	v.Title = f.Get(fTitle, maxTitle, false)
	f.Check(v.Title != "", fTitle, "Skriv en titel.")
	p.SlugSent = f.Get(fSlug, maxTitle, false)
	v.Slug = Slugify(p.SlugSent)
	v.Kind = f.Get(fKind, 40, false)
	f.Check(slices.ContainsFunc(Kinds, func(o Option) bool { return o.Value == v.Kind }), fKind, "Välj vilken sorts residens det är.")
	if id, ok := vocab.ID(f.Get(fMunicipality, 20, false), d.Municipalities); ok {
		v.MunicipalityID = id
	} else {
		f.Add(fMunicipality, "Välj en kommun.")
	}
	v.District = f.Get(fDistrict, maxShort, false)
	v.VenueName = f.Get(fVenueName, maxShort, false)
	v.VenueTypes = vocab.IDs(f.Values[fVenueTypes], d.VenueTypes)
	v.TargetGroups = vocab.IDs(f.Values[fTargetGroups], d.TargetGroups)
	v.ArtForms = vocab.IDs(f.Values[fArtForms], d.ArtForms)

	v.StartsOn = f.Get(fStartsOn, 10, false)
	v.EndsOn = f.Get(fEndsOn, 10, false)
	starts, okStart := date(v.StartsOn)
	ends, okEnd := date(v.EndsOn)
	f.Check(v.StartsOn != "", fStartsOn, "Ange när residenset börjar.")
	f.Check(okStart || v.StartsOn == "", fStartsOn, "Ange startdatum som ÅÅÅÅ-MM-DD, till exempel 2026-03-01.")
	f.Check(v.EndsOn != "", fEndsOn, "Ange när residenset slutar.")
	f.Check(okEnd || v.EndsOn == "", fEndsOn, "Ange slutdatum som ÅÅÅÅ-MM-DD, till exempel 2026-06-30.")
	if okStart && okEnd {
		f.Check(!ends.Before(starts), fEndsOn, "Slutdatum kan inte vara före startdatum.")
	}

	v.Summary = f.Get(fSummary, maxSummary, true)
	v.Body = f.Get(fBody, maxBody, true)

	ids, roles := f.Values[fActor], f.Values[fRole]
	seen := map[int64]bool{}
	for i := range max(len(ids), len(roles)) {
		var row actorRow
		if i < len(ids) {
			row.ActorID = ids[i]
		}
		if i < len(roles) {
			row.Role = httpx.NewForm(map[string][]string{"r": {roles[i]}}).Get("r", maxRole, false)
		}
		if row.ActorID == "" && row.Role == "" {
			continue
		}
		p.ActorRows = append(p.ActorRows, row)
		key := fActor + "-" + strconv.Itoa(len(p.ActorRows)-1)
		if row.ActorID == "" {
			f.Add(key, "Välj vilken kulturaktör rollen gäller, eller töm rollen.")
			continue
		}
		id, ok := vocab.ID(row.ActorID, d.Actors)
		if !ok {
			f.Add(key, "Välj en kulturaktör i listan.")
			continue
		}
		if seen[id] {
			f.Add(key, "Kulturaktören finns redan med; ta bort den ena raden.")
			continue
		}
		if len([]rune(row.Role)) > maxRole {
			f.Add(fRole+"-"+strconv.Itoa(len(p.ActorRows)-1), "Högst "+strconv.Itoa(maxRole)+" tecken.")
		}
		seen[id] = true
		v.Actors = append(v.Actors, ActorLink{ActorID: id, Role: row.Role})
	}
	p.New = NewActor{Name: f.Get(fNewName, maxShort, false), Kind: f.Get(fNewKind, 40, false), Role: f.Get(fNewRole, maxRole, false)}
	if p.New.Name != "" {
		f.Check(slices.ContainsFunc(ActorKinds, func(o Option) bool { return o.Value == p.New.Kind }), fNewKind, "Välj vad den nya kulturaktören är.")
	} else {
		f.Check(p.New.Role == "", fNewName, "Skriv namnet på den nya kulturaktören, eller töm rollen.")
	}

	v.Participants = figure(f, fParticipants)
	v.Sessions = figure(f, fSessions)
	v.Outcome = f.Get(fOutcome, maxOutcome, true)
	v.Published = f.Values.Get(fPublished) != ""
	p.Version, _ = strconv.Atoi(f.Values.Get(fVersion))
	p.Preview = f.Values.Get(fPreview) != ""
	return p
}

// parseImage reads the image part of the form: current is the stored image
// (0 for none), chosen whether a new file came with the form and uploadErr
// why that file was refused ("" when it was not).
func parseImage(f *httpx.Form, p *parsed, current int64, chosen bool, uploadErr string) {
	v := &p.Values
	p.CurrentImage = current
	p.RemoveImage = f.Values.Get(fImageRemove) != ""
	v.ImageAlt = f.Get(fImageAlt, maxShort, false)
	v.ImageID = current
	if p.RemoveImage && !chosen {
		v.ImageID, v.ImageAlt = 0, ""
	}
	if uploadErr != "" {
		f.Add(fImage, uploadErr)
	}
	if (chosen || v.ImageID != 0) && v.ImageAlt == "" {
		f.Add(fImageAlt, "Skriv en alternativtext som beskriver bilden.")
	}
}

// figure reads a non-negative whole number, or "" for none.
func figure(f *httpx.Form, key string) string {
	s := f.Get(key, 12, false)
	if s == "" {
		return ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxFigure {
		f.Add(key, "Ange ett heltal, 0 eller mer, eller lämna fältet tomt.")
		return s
	}
	return strconv.Itoa(n)
}

// formFrom fills a form model from stored values.
func formFrom(v Values) parsed {
	p := parsed{Values: v, SlugSent: v.Slug, CurrentImage: v.ImageID}
	for _, a := range v.Actors {
		p.ActorRows = append(p.ActorRows, actorRow{ActorID: strconv.FormatInt(a.ActorID, 10), Role: a.Role})
	}
	return p
}
