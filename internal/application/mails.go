package application

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/mail"
	"residens/internal/opencall"
	"residens/web/ui"
)

// formPath is the application form of the call with slug.
func formPath(slug string) string { return "/utlysningar/" + slug + "/ansokan" }

// minePath is the artist's page of application id.
func minePath(id int64) string { return "/mina-ansokningar/" + ui.ID(id) }

// filePath is where the owner downloads a file of application appID.
func filePath(appID, fileID int64) string { return minePath(appID) + "/bilagor/" + ui.ID(fileID) }

// mailView is the content of the receipt e-mail.
type mailView struct {
	Subject string
	Intro   string
	Outro   string
	Link    string
}

// sendReceipt queues the receipt of app, just sent in to call, to the
// artist's account address, keyed by the application so it goes once.
func (s *Store) sendReceipt(ctx context.Context, tx pgx.Tx, a Actor, app *Application, call *opencall.Call) error {
	to := a.Email
	if to == "" {
		to = app.Values.ContactEmail
	}
	if s.mail == nil || to == "" {
		return nil
	}
	m := mailView{
		Subject: "Kvitto: din ansökan " + app.Number + " är mottagen",
		Intro: "Vi har tagit emot din ansökan till utlysningen ”" + call.Title + "”. Diarienumret är " +
			app.Number + ".",
		Outro: "Ansökan är en allmän handling. Du kan återkalla den fram till att ansökningstiden går ut, " +
			call.ClosesLabel() + ". Du får besked om resultatet med e-post och på sidan nedan.",
		Link: s.baseURL + minePath(app.ID),
	}
	text, html, err := mail.Render(ctx, m.Subject, ReceiptMail(m))
	if err != nil {
		return fmt.Errorf("application: mail: %w", err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: m.Subject, Text: text, HTML: html,
		Key: "application-receipt:" + ui.ID(app.ID)})
}
