// Package audit writes and reads the audit log: who did what to which
// account, when and from where. Entries are written in the same transaction
// as the change they record.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"residens/internal/auth"
	"residens/internal/db"
)

// The actions recorded.
const (
	SignIn          = "sign_in"
	SignInFailed    = "sign_in_failed"
	SignOut         = "sign_out"
	Registered      = "registered"
	EmailVerified   = "email_verified"
	Invited         = "invited"
	InviteAccepted  = "invite_accepted"
	RoleChanged     = "role_changed"
	Disabled        = "disabled"
	Enabled         = "enabled"
	SessionsEnded   = "sessions_ended"
	PasswordReset   = "password_reset"
	PasswordChanged = "password_changed"
	EmailChanged    = "email_changed"
	NameChanged     = "name_changed"
	AccountDeleted  = "account_deleted"
	DataExported    = "data_exported"
	UserCreated     = "user_created"
	// Cultural actors, artist profiles and municipality contacts.
	ActorCreated               = "actor_created"
	ActorUpdated               = "actor_updated"
	ProfileSubmitted           = "profile_submitted"
	ProfileApproved            = "profile_approved"
	ProfileReturned            = "profile_returned"
	MunicipalityContactUpdated = "municipality_contact_updated"
	// Residencies.
	ResidencyCreated     = "residency_created"
	ResidencyUpdated     = "residency_updated"
	ResidencyPublished   = "residency_published"
	ResidencyUnpublished = "residency_unpublished"
	ResidencyDeleted     = "residency_deleted"
	// Proposals from municipalities.
	ProposalCreated             = "proposal_created"
	ProposalUpdated             = "proposal_updated"
	ProposalSubmitted           = "proposal_submitted"
	ProposalAssigned            = "proposal_assigned"
	ProposalCompletionRequested = "proposal_completion_requested"
	ProposalAccepted            = "proposal_accepted"
	ProposalDeclined            = "proposal_declined"
	ProposalWithdrawn           = "proposal_withdrawn"
	ProposalMessage             = "proposal_message"
	ProposalNote                = "proposal_note"
	// Advisory meetings, the consultants' side.
	BookingAvailabilitySaved = "booking_availability_saved"
	BookingStateChanged      = "booking_state_changed"
	BookingNote              = "booking_note"

	// Applications to open calls.
	ApplicationCreated     = "application_created"
	ApplicationUpdated     = "application_updated"
	ApplicationSubmitted   = "application_submitted"
	ApplicationWithdrawn   = "application_withdrawn"
	ApplicationFileAdded   = "application_file_added"
	ApplicationFileRemoved = "application_file_removed"
	ApplicationsPurged     = "applications_purged"

	// Open calls and their review.
	CallCreated         = "call_created"
	CallUpdated         = "call_updated"
	CallPublished       = "call_published"
	CallReviewerAdded   = "call_reviewer_added"
	CallReviewerRemoved = "call_reviewer_removed"
	ReviewDeclared      = "review_declared"
	ReviewScored        = "review_scored"
	ReviewShortlisted   = "review_shortlisted"
	ReviewDecided       = "review_decided"
	ReviewOutcomeTexts  = "review_outcome_texts_saved"
	ReviewOutcomeSent   = "review_outcome_sent"
	ReviewExported      = "review_exported"

	// The support desk's directory and funding sources.
	OrganisationCreated  = "organisation_created"
	OrganisationUpdated  = "organisation_updated"
	OrganisationDeleted  = "organisation_deleted"
	FundingSourceCreated = "funding_source_created"
	FundingSourceUpdated = "funding_source_updated"
	FundingSourceDeleted = "funding_source_deleted"
	// Events, the consultants' side.
	EventCreated        = "event_created"
	EventUpdated        = "event_updated"
	EventPublished      = "event_published"
	EventCancelled      = "event_cancelled"
	EventCopied         = "event_copied"
	EventProgramme      = "event_programme_changed"
	EventCheckedIn      = "event_checked_in"
	EventMessageSent    = "event_message_sent"
	EventExported       = "event_participants_exported"
	EventSpeedWishes    = "event_speed_wishes_saved"
	EventSpeedScheduled = "event_speed_scheduled"
	EventSpeedSent      = "event_speed_schedule_sent"
	// Events, the participants' side.
	EventSignedUp      = "event_signed_up"
	EventSignupChanged = "event_signup_changed"
	EventSignupsPurged = "event_signups_purged"

	// The support desk's questions and common questions.
	QuestionAsked      = "question_asked"
	QuestionFollowedUp = "question_followed_up"
	QuestionAnswered   = "question_answered"
	QuestionNoted      = "question_noted"
	QuestionReferred   = "question_referred"
	QuestionHandedOver = "question_handed_over"
	QuestionWaiting    = "question_waiting"
	QuestionClosed     = "question_closed"
	QuestionReopened   = "question_reopened"
	FAQCreated         = "faq_created"
	FAQUpdated         = "faq_updated"
)

// Labels are the actions in Swedish, for the log page.
var Labels = map[string]string{
	SignIn:          "Inloggning",
	SignInFailed:    "Misslyckad inloggning",
	SignOut:         "Utloggning",
	Registered:      "Registrering",
	EmailVerified:   "E-postadress bekräftad",
	Invited:         "Inbjudan skickad",
	InviteAccepted:  "Inbjudan antagen",
	RoleChanged:     "Roll eller kommun ändrad",
	Disabled:        "Konto spärrat",
	Enabled:         "Konto öppnat",
	SessionsEnded:   "Sessioner avslutade",
	PasswordReset:   "Lösenord återställt",
	PasswordChanged: "Lösenord bytt",
	EmailChanged:    "E-postadress ändrad",
	NameChanged:     "Namn ändrat",
	AccountDeleted:  "Konto raderat",
	DataExported:    "Egna uppgifter hämtade",
	UserCreated:     "Konto skapat",

	// Cultural actors, artist profiles and municipality contacts.
	ActorCreated:               "Kulturaktör skapad",
	ActorUpdated:               "Kulturaktör ändrad",
	ProfileSubmitted:           "Profiländring inskickad för granskning",
	ProfileApproved:            "Profiländring godkänd",
	ProfileReturned:            "Profiländring återskickad",
	MunicipalityContactUpdated: "Kommunens kontaktuppgifter ändrade",

	// Residencies.
	ResidencyCreated:     "Residens skapat",
	ResidencyUpdated:     "Residens ändrat",
	ResidencyPublished:   "Residens publicerat",
	ResidencyUnpublished: "Residens avpublicerat",
	ResidencyDeleted:     "Residens raderat",

	// Proposals from municipalities.
	ProposalCreated:             "Förslag skapat",
	ProposalUpdated:             "Förslag ändrat",
	ProposalSubmitted:           "Förslag inskickat",
	ProposalAssigned:            "Förslag tilldelat handläggare",
	ProposalCompletionRequested: "Komplettering av förslag begärd",
	ProposalAccepted:            "Förslag godkänt",
	ProposalDeclined:            "Förslag avslaget",
	ProposalWithdrawn:           "Förslag återkallat",
	ProposalMessage:             "Meddelande om förslag",
	ProposalNote:                "Intern anteckning om förslag",
	// Advisory meetings, the consultants' side.
	BookingAvailabilitySaved: "Tillgänglighet för rådgivning sparad",
	BookingStateChanged:      "Bokning av rådgivning ändrad",
	BookingNote:              "Intern anteckning om bokning",
	ApplicationCreated:       "Ansökan påbörjad",
	ApplicationUpdated:       "Ansökan ändrad",
	ApplicationSubmitted:     "Ansökan inskickad",
	ApplicationWithdrawn:     "Ansökan återkallad",
	ApplicationFileAdded:     "Bilaga tillagd i ansökan",
	ApplicationFileRemoved:   "Bilaga borttagen ur ansökan",
	ApplicationsPurged:       "Ansökningars personuppgifter gallrade",
	CallCreated:              "Utlysning skapad",
	CallUpdated:              "Utlysning ändrad",
	CallPublished:            "Utlysning publicerad",
	CallReviewerAdded:        "Granskare tillagd i utlysning",
	CallReviewerRemoved:      "Granskare borttagen ur utlysning",
	ReviewDeclared:           "Jäv deklarerat för ansökan",
	ReviewScored:             "Ansökan poängsatt",
	ReviewShortlisted:        "Kortlista för ansökan ändrad",
	ReviewDecided:            "Beslut om ansökan",
	ReviewOutcomeTexts:       "Beskedtexter för utlysning sparade",
	ReviewOutcomeSent:        "Besked om utlysning skickade",
	ReviewExported:           "Bedömning av utlysning exporterad",
	OrganisationCreated:      "Organisation skapad",
	OrganisationUpdated:      "Organisation ändrad",
	OrganisationDeleted:      "Organisation raderad",
	FundingSourceCreated:     "Finansieringskälla skapad",
	FundingSourceUpdated:     "Finansieringskälla ändrad",
	FundingSourceDeleted:     "Finansieringskälla raderad",
	EventSignedUp:            "Anmälan till evenemang",
	EventSignupChanged:       "Anmälan till evenemang ändrad",
	EventSignupsPurged:       "Anmälningars personuppgifter gallrade",
	QuestionAsked:            "Fråga ställd",
	QuestionFollowedUp:       "Följdfråga till fråga",
	QuestionAnswered:         "Fråga besvarad",
	QuestionNoted:            "Intern anteckning om fråga",
	QuestionReferred:         "Fråga hänvisad",
	QuestionHandedOver:       "Fråga lämnad till kollega",
	QuestionWaiting:          "Fråga väntar på frågeställaren",
	QuestionClosed:           "Fråga stängd",
	QuestionReopened:         "Fråga öppnad igen",
	FAQCreated:               "Vanlig fråga skapad",
	FAQUpdated:               "Vanlig fråga ändrad",
	// Events, the consultants' side.
	EventCreated:        "Evenemang skapat",
	EventUpdated:        "Evenemang ändrat",
	EventPublished:      "Evenemang publicerat",
	EventCancelled:      "Evenemang inställt",
	EventCopied:         "Evenemang kopierat",
	EventProgramme:      "Evenemangets program ändrat",
	EventCheckedIn:      "Deltagare incheckad",
	EventMessageSent:    "Meddelande till deltagare skickat",
	EventExported:       "Deltagarlista exporterad",
	EventSpeedWishes:    "Önskemål för speed-dejting sparade",
	EventSpeedScheduled: "Schema för speed-dejting skapat",
	EventSpeedSent:      "Schema för speed-dejting skickat",
}

// Entry is one line of the log.
type Entry struct {
	Action string
	// Actor is who acted; nil for the system or an anonymous visitor.
	ActorID   *int64
	ActorName string
	// TargetUserID is the account acted on, when there is one; Target
	// describes it in words (a masked address for an unknown account).
	TargetUserID *int64
	Target       string
	Detail       map[string]any
	IP           string
}

// FromRequest fills in the actor (the signed-in user) and address of r.
func FromRequest(r *http.Request, e Entry) Entry {
	if u := auth.UserFrom(r.Context()); u != nil && e.ActorID == nil {
		id := u.ID
		e.ActorID, e.ActorName = &id, u.Name
	}
	if e.IP == "" {
		e.IP = auth.ClientIP(r)
	}
	return e
}

// Record writes e with q, normally the transaction of the change.
func Record(ctx context.Context, q db.Querier, e Entry) error {
	detail := e.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit: detail: %w", err)
	}
	if _, err := q.Exec(ctx, `
		INSERT INTO audit_log (actor_id, actor_name, action, target_user_id, target, detail, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.ActorID, e.ActorName, e.Action, e.TargetUserID, e.Target, b, e.IP); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}
