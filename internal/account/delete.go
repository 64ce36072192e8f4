package account

import (
	"encoding/json"
	"errors"
	"net/http"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
)

// Export handles GET /konto/data: the user's own data as a JSON download
// (the right of access, GDPR article 15). Reading it is recorded in the
// audit log, in the same transaction as the read.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	// No data leaves on HEAD, so nothing is recorded.
	e, err := h.store.Export(ctx, audit.FromRequest(r, audit.Entry{}), u, r.Method != http.MethodHead)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	name := "residens-mina-uppgifter-" + e.ExportedAt.Format("2006-01-02") + ".json"
	httpx.Download(w, "application/json; charset=utf-8", name, append(b, '\n'))
	return nil
}

// errLastAdmin refuses to delete the only enabled admin: nobody could then
// manage users.
var errLastAdmin = errors.New("account: last enabled admin")

// lastAdminMessage says why the last admin cannot delete their account.
const lastAdminMessage = "Du är den enda aktiva administratören och kan därför inte radera ditt konto: då skulle ingen kunna hantera användarna. Gör först någon annan till administratör."

// errReviewer refuses to delete the account of a reviewer whose scores or
// conflict declarations are part of a call's case file.
var errReviewer = errors.New("account: reviewer with a review on file")

// reviewerMessage says why a reviewer cannot delete their account.
const reviewerMessage = "Du har bedömt ansökningar i en utlysning. Bedömningarna hör till ärendet och är allmänna handlingar, så ditt konto kan inte raderas här. Kontakta en administratör, som kan stänga av kontot."

// DeleteForm handles GET /konto/radera: what deletion removes, what is kept
// as a public record, and the form.
func (h *Handler) DeleteForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.deleteView(r)
	if err != nil {
		return err
	}
	render(w, r, http.StatusOK, "Radera ditt konto", DeletePage(v))
	return nil
}

func (h *Handler) deleteView(r *http.Request) (DeleteView, error) {
	u := auth.UserFrom(r.Context())
	v := DeleteView{}
	if u.Role == auth.RoleAdmin {
		n, err := h.store.otherEnabledAdmins(r.Context(), h.store.Pool(), u.ID, false)
		if err != nil {
			return v, err
		}
		v.LastAdmin = n == 0
	}
	reviewer, err := h.store.hasReviews(r.Context(), h.store.Pool(), u.ID)
	if err != nil {
		return v, err
	}
	v.Reviewer = reviewer
	return v, nil
}

// Delete handles POST /konto/radera: with the password and the box ticked,
// deletes the account (its sessions and links go with it), records it,
// signs out and shows the confirmation.
func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	pw := f.Raw("losenord")
	f.Check(pw != "", "losenord", "Skriv ditt lösenord.")
	f.Check(f.Values.Get("bekrafta") == yes, "bekrafta", "Kryssa i rutan för att bekräfta att kontot ska raderas.")
	if f.Valid() {
		msg, err := h.reauth(ctx, r, u, pw)
		if err != nil {
			return err
		}
		f.Check(msg == "", "losenord", msg)
	}
	if !f.Valid() {
		v, err := h.deleteView(r)
		if err != nil {
			return err
		}
		v.Errors = f.Errors()
		render(w, r, http.StatusUnprocessableEntity, "Radera ditt konto", DeletePage(v))
		return nil
	}
	err = h.store.Delete(ctx, audit.FromRequest(r, audit.Entry{}), u)
	if errors.Is(err, errLastAdmin) {
		render(w, r, http.StatusConflict, "Radera ditt konto", DeletePage(DeleteView{LastAdmin: true}))
		return nil
	}
	if errors.Is(err, errReviewer) {
		render(w, r, http.StatusConflict, "Radera ditt konto", DeletePage(DeleteView{Reviewer: true}))
		return nil
	}
	if err != nil {
		return err
	}
	if err := h.sessions.SignOut(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/konto/raderat", http.StatusSeeOther)
	return nil
}

// Deleted handles GET /konto/raderat, the confirmation after deletion.
func (h *Handler) Deleted(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Kontot är raderat", DeletedPage())
	return nil
}
