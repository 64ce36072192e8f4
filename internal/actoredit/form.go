package actoredit

import (
	"errors"
	stdimage "image"
	"net/http"
	"net/url"
	"residens/internal/mail"
	"slices"
	"strings"

	"residens/internal/httpx"
	"residens/internal/image"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Field limits, in characters.
const (
	MaxName        = 120
	MaxDescription = 10000
	MaxWebsite     = 300
	MaxEmail       = 254
	MaxPhone       = 40
	MaxTitle       = 120
	MaxMuniText    = 1000
	MaxComment     = 2000
	MaxAlt         = 300
)

// FormView is the model of an actor form: the consultants' editor and an
// artist's own profile share it.
type FormView struct {
	Action string
	// Artist is the artist's own form, which has no published box: a
	// consultant decides that.
	Artist bool
	New    bool
	// Version is the version the form was opened with.
	Version   int
	Slug      string
	Published bool
	P         Profile
	ArtForms  []vocab.Term
	Munis     []vocab.Term
	Errors    ui.FieldErrors
	// Conflict is set when someone else saved since the form was opened.
	Conflict *Conflict
	Submit   string
}

// readForm reads an actor form. The browser sends it as multipart with a
// picture, bounded by image.MaxFormBytes, and the picture is decoded here;
// a form sent without a file part (a script, a test) is read as an ordinary
// form with no picture. fileErr is the Swedish reason a picture was refused.
func readForm(w http.ResponseWriter, r *http.Request) (f *httpx.Form, img stdimage.Image, fileErr string, err error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, err = httpx.ParseForm(w, r, 0)
		return f, nil, "", err
	}
	r.Body = http.MaxBytesReader(w, r.Body, image.MaxFormBytes)
	img, err = image.FromRequest(r, "bild")
	var up *image.UploadError
	switch {
	case errors.As(err, &up) && r.MultipartForm == nil:
		// Over the limit before the other fields were read: nothing to
		// show again.
		return nil, nil, "", &httpx.Error{Code: httpx.CodeTooLarge, Message: "för stort"}
	case errors.As(err, &up):
		fileErr = up.Message
	case err != nil:
		return nil, nil, "", err
	}
	f, err = httpx.ParseForm(w, r, image.MaxFormBytes)
	return f, img, fileErr, err
}

// readImage reads the picture fields into p, whose ImageID is the current
// picture (nil for none): a new one replaces it, the remove box drops it,
// and any picture needs its alt text.
func readImage(f *httpx.Form, p *Profile, img stdimage.Image, fileErr string) {
	if fileErr != "" {
		f.Add("bild", fileErr)
	}
	if f.Values.Get("ta-bort-bild") == "ja" && img == nil {
		p.ImageID = nil
	}
	p.ImageAlt = f.Get("bildtext", MaxAlt, false)
	if img != nil || p.ImageID != nil {
		f.Check(p.ImageAlt != "", "bildtext", "Skriv en alternativtext som beskriver bilden.")
	}
}

// readProfile reads and checks the actor fields of f against the known
// vocabularies; current is the picture the actor has now (nil for none).
func readProfile(f *httpx.Form, forms, munis []vocab.Term, current *int64, img stdimage.Image, fileErr string) Profile {
	p := Profile{ImageID: current}
	p.Kind = f.Get("typ", 20, false)
	f.Check(slices.ContainsFunc(Kinds, func(o Option) bool { return o.Value == p.Kind }), "typ", "Välj vilken sorts kulturaktör det är.")
	p.Name = f.Get("namn", MaxName, false)
	f.Check(p.Name != "", "namn", "Skriv namnet.")
	for _, raw := range f.Values["konstform"] {
		id, ok := vocab.ID(raw, forms)
		if !ok {
			f.Add("konstform", "Välj bland konstformerna i listan.")
			continue
		}
		if !slices.Contains(p.ArtForms, id) {
			p.ArtForms = append(p.ArtForms, id)
		}
	}
	if raw := f.Get("kommun", 20, false); raw != "" {
		if id, ok := vocab.ID(raw, munis); !ok {
			f.Add("kommun", "Välj en kommun i listan.")
		} else {
			p.MunicipalityID = &id
		}
	}
	p.Description = f.Get("beskrivning", MaxDescription, true)
	p.Website = f.Get("webbplats", MaxWebsite, false)
	f.Check(p.Website == "" || ValidWebsite(p.Website), "webbplats", "Skriv en hel webbadress som börjar med https:// eller http://, till exempel https://exempel.se.")
	p.ContactEmail = f.Get("epost", MaxEmail, false)
	f.Check(p.ContactEmail == "" || mail.ValidAddress(p.ContactEmail), "epost", "Skriv en giltig e-postadress, till exempel namn@exempel.se.")
	readImage(f, &p, img, fileErr)
	return p
}

// ValidWebsite reports whether s is an absolute http or https URL with a
// host and nothing a browser would read otherwise (spaces, user info).
func ValidWebsite(s string) bool {
	if strings.ContainsAny(s, " \t\n<>\"") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return false
	}
	host := u.Hostname()
	return host != "" && strings.Contains(host, ".") && !strings.HasPrefix(host, ".") && !strings.HasSuffix(host, ".")
}

// termName returns the name of id among ts, or "".
func termName(ts []vocab.Term, id *int64) string {
	if id == nil {
		return ""
	}
	for _, t := range ts {
		if t.ID == *id {
			return t.Name
		}
	}
	return ""
}

// termNames returns the names of ids among ts, in the order of ts.
func termNames(ts []vocab.Term, ids []int64) string {
	var out []string
	for _, t := range ts {
		if slices.Contains(ids, t.ID) {
			out = append(out, t.Name)
		}
	}
	return strings.Join(out, ", ")
}

// kindLabel is the Swedish name of an actor kind.
func kindLabel(kind string) string {
	for _, k := range Kinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// Diff is one field of a proposed change: its value now and as proposed.
type Diff struct {
	Key, Label, Old, New string
	// OldImage and NewImage are the pictures, for the image field.
	OldImage, NewImage *int64
	OldAlt, NewAlt     string
}

// Diffs lists every field of the profile with its value in a and in b,
// marking with Changed the ones that differ.
func Diffs(a, b Profile, forms, munis []vocab.Term) []Diff {
	vals := func(p Profile) map[string]string {
		return map[string]string{
			"kind": kindLabel(p.Kind), "name": p.Name, "art_forms": termNames(forms, p.ArtForms),
			"municipality": termName(munis, p.MunicipalityID), "description": p.Description,
			"website": p.Website, "contact_email": p.ContactEmail, "image": imageText(p),
		}
	}
	old, nw := vals(a), vals(b)
	var out []Diff
	for _, key := range Changed(a, b, false, false) {
		d := Diff{Key: key, Label: FieldLabel(key), Old: old[key], New: nw[key]}
		if key == "image" {
			d.OldImage, d.NewImage, d.OldAlt, d.NewAlt = a.ImageID, b.ImageID, imageAlt(a), imageAlt(b)
		}
		out = append(out, d)
	}
	return out
}

// imageText describes p's picture in words: its alt text, or that there is
// none.
func imageText(p Profile) string {
	if p.ImageID == nil {
		return "Ingen bild"
	}
	return "Bild: " + p.ImageAlt
}

// kindOptions are the kinds of actor as the form's choices.
func kindOptions() []ui.Option {
	out := make([]ui.Option, len(Kinds))
	for i, k := range Kinds {
		out[i] = ui.Option{Value: k.Value, Label: k.Label}
	}
	return out
}

// publishedOptions are the list filter's choices of publication state.
var publishedOptions = []ui.Option{{Value: "ja", Label: "Publicerade"}, {Value: "nej", Label: "Utkast"}}
