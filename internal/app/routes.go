package app

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/account"
	"residens/internal/actor"
	"residens/internal/actoredit"
	"residens/internal/admin"
	"residens/internal/application"
	"residens/internal/auth"
	"residens/internal/booking"
	"residens/internal/content"
	"residens/internal/db"
	"residens/internal/devui"
	"residens/internal/event"
	"residens/internal/eventedit"
	"residens/internal/funding"
	"residens/internal/guide"
	"residens/internal/httpx"
	"residens/internal/image"
	"residens/internal/mail"
	"residens/internal/municipality"
	"residens/internal/opencall"
	"residens/internal/pagecache"
	"residens/internal/proposal"
	"residens/internal/question"
	"residens/internal/registry"
	"residens/internal/residency"
	"residens/internal/residencyedit"
	"residens/internal/review"
	"residens/web/static"
	"residens/web/ui"
)

// Deps are what the route table needs to build every area's handler.
type Deps struct {
	Pool   *pgxpool.Pool
	Log    *slog.Logger
	Config Config
	// Now tells the time; time.Now in production.
	Now func() time.Time
	// Ready reports whether the database is reachable and migrated, for
	// /readyz.
	Ready func(context.Context) error
	// Cache, when not nil, serves anonymous public pages from memory.
	Cache *pagecache.Cache
	// Sessions knows who is signed in.
	Sessions *auth.Manager
	// Mail queues e-mail in the transaction of the change it reports (from
	// jobs.Runner.Mail); nil refuses to send, which only tests that send
	// nothing may leave it.
	Mail *mail.Queue
	// Registry gives incoming items their registration numbers; nil gets
	// one with Config.RegistryPrefix (or the default prefix).
	Registry *registry.Registry
}

// extraRoutes are registered by files built only with certain tags (the
// benchmark's ceiling route, in bench_ceiling.go); empty in a normal build.
var extraRoutes []func(chi.Router)

// Policy says who may use a route. The router mounts each policy's routes
// once, behind the one check that policy names; finer rules (an officer's
// own municipality, a juror's own calls, an artist's own applications) are
// the areas' and answer 404 to anyone else.
type Policy string

// The policies of the route table.
const (
	// Public: anyone, signed in or not; pages behind a token included (a
	// bad token gives the page's own 404 or 410).
	Public Policy = "public"
	// SignedIn: any enabled account of any role.
	SignedIn Policy = "signed-in"
	// Admin: admins.
	Admin Policy = "admin"
	// Consultant: consultants and admins.
	Consultant Policy = "consultant"
	// Reviewer: consultants, admins and jurors (a juror only for the calls
	// they review).
	Reviewer Policy = "reviewer"
	// Artist: artist accounts.
	Artist Policy = "artist"
	// Officer: municipality officers (their own municipality's proposals).
	Officer Policy = "officer"
)

// policies are the sections in the order they are mounted and listed.
var policies = []Policy{Public, SignedIn, Admin, Consultant, Reviewer, Artist, Officer}

// guard is the middleware that enforces p, or nil for Public.
func (p Policy) guard() func(http.Handler) http.Handler {
	switch p {
	case SignedIn:
		return auth.Require()
	case Admin:
		return auth.Require(auth.RoleAdmin)
	case Consultant:
		return auth.Require(auth.RoleConsultant, auth.RoleAdmin)
	case Reviewer:
		return auth.Require(auth.RoleConsultant, auth.RoleAdmin, auth.RoleJuror)
	case Artist:
		return auth.Require(auth.RoleArtist)
	case Officer:
		return auth.Require(auth.RoleMunicipality)
	}
	return nil
}

// Route is one line of the route table.
type Route struct {
	Method  string
	Pattern string
	Policy  Policy
	// Handler answers the route; the areas supply it.
	Handler http.Handler
}

// areas are the areas' handlers, which supply the table's.
type areas struct {
	content       *content.Handler
	residency     *residency.Handler
	municipality  *municipality.Handler
	actor         *actor.Handler
	image         *image.Handler
	admin         *admin.Handler
	account       *account.Handler
	residencyEdit *residencyedit.Handler
	actorEdit     *actoredit.Handler
	registry      *registry.Handler
	proposal      *proposal.Handler
	openCall      *opencall.Handler
	application   *application.Handler
	bookingAdmin  *booking.Admin
	bookingWeb    *booking.Public
	review        *review.Handler
	funding       *funding.Handler
	eventEdit     *eventedit.Handler
	guide         *guide.Handler
	// eventStore is the events' seat rules, shared by the public pages and
	// the consultants' (package eventedit).
	eventStore *event.Store
	events     *event.Public
	question   *question.Handler
}

func newAreas(d Deps) areas {
	residencies := residency.NewStore(d.Pool)
	events := newEventStore(d)
	a := areas{
		eventStore:    events,
		events:        event.NewPublic(events, d.Now),
		content:       content.NewHandler(residencies, opencall.NewStore(d.Pool), d.Now).WithEvents(events),
		residency:     residency.NewHandler(residencies, d.Now),
		municipality:  municipality.NewHandler(municipality.NewStore(d.Pool), residencies, d.Now).WithEvents(events),
		actor:         actor.NewHandler(actor.NewStore(d.Pool), residencies, d.Now).WithEvents(events),
		image:         image.NewHandler(d.Pool),
		admin:         admin.NewHandler(d.Pool, d.Sessions, d.Mail, d.Config.BaseURL, d.Now),
		account:       account.NewHandler(d.Pool, d.Sessions, d.Mail, d.Config.BaseURL, d.Config.Limits, d.Now),
		residencyEdit: residencyedit.NewHandler(d.Pool, d.Now),
		actorEdit:     actoredit.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now),
		registry:      registry.NewHandler(d.Pool),
		proposal:      proposal.NewHandler(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Now),
		openCall:      opencall.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now),
		application:   application.NewHandler(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Now),
		bookingAdmin:  booking.NewAdmin(d.Pool, d.Mail, d.Config.BaseURL, d.Config.MailFrom.Address, d.Now),
		bookingWeb:    booking.NewPublic(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Config.MailFrom.Address, d.Config.Limits, d.Now),
		review:        review.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now),
		funding:       funding.NewHandler(d.Pool, d.Config.BaseURL, d.Now),
		eventEdit:     eventedit.NewHandler(d.Pool, events, d.Mail, d.Now),
		guide:         guide.NewHandler(d.Pool, d.Now),
		question: question.NewHandler(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Config.Limits,
			d.Config.QuestionAnswerDays, d.Now),
	}
	// A speed-dating participant's manage page shows their schedule.
	a.events.AddManageSection(a.eventEdit.Store().ManageSection)
	return a
}

// siteBase is the site's address as text, for the areas that take it so
// ("" while the route table is only listed).
func siteBase(d Deps) string {
	if d.Config.BaseURL == nil {
		return ""
	}
	return d.Config.BaseURL.String()
}

// newEventStore is the events' store over d, with the sign-up form's limits.
func newEventStore(d Deps) *event.Store {
	s := event.NewStore(d.Pool, d.Mail, siteBase(d), d.Now)
	s.SetLimits(d.Config.Limits)
	return s
}

const (
	get  = http.MethodGet
	post = http.MethodPost
)

func handle(fn httpx.HandlerFunc) http.Handler { return httpx.Handle(fn) }

// table is every route of the site: method, pattern, who may use it, and
// the area's handler. This is the one place where every URL of the portal
// can be read; `residens routes` prints it.
func table(d Deps, a areas) []Route {
	routes := []Route{
		// The plumbing.
		{get, "/healthz", Public, http.HandlerFunc(healthz)},
		{get, "/readyz", Public, readyz(d.Ready)},
		{get, static.Prefix + "*", Public, static.Handler()},
		// Browsers ask for /favicon.ico whatever the page says.
		{get, "/favicon.ico", Public, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, static.Path("favicon.svg"), http.StatusMovedPermanently)
		})},

		// The start page (the fixed pages are below it).
		{get, "/", Public, handle(a.content.Home)},
		{get, "/om-residens", Public, content.About},
		{get, "/tillganglighet", Public, content.Accessibility},
		{get, "/personuppgifter", Public, content.Privacy},
		{get, "/kakor", Public, content.Cookies},

		// Residencies.
		{get, "/residens", Public, handle(a.residency.List)},
		{get, "/residens/{slug}", Public, handle(a.residency.Show)},

		// Municipalities.
		{get, "/kommuner", Public, handle(a.municipality.List)},
		{get, "/kommuner/{slug}", Public, handle(a.municipality.Show)},

		// Cultural actors.
		{get, "/kulturaktorer", Public, handle(a.actor.List)},
		{get, "/kulturaktorer/{slug}", Public, handle(a.actor.Show)},

		// Images.
		{get, "/bilder/{id}/{width}", Public, handle(a.image.Show)},

		// Open calls, and their management.
		{get, "/konsulent/utlysningar", Consultant, handle(a.openCall.List)},
		{get, "/konsulent/utlysningar/ny", Consultant, handle(a.openCall.NewForm)},
		{post, "/konsulent/utlysningar/ny", Consultant, handle(a.openCall.Create)},
		{get, "/konsulent/utlysningar/{id}", Consultant, handle(a.openCall.Show)},
		{get, "/konsulent/utlysningar/{id}/andra", Consultant, handle(a.openCall.Edit)},
		{post, "/konsulent/utlysningar/{id}/andra", Consultant, handle(a.openCall.Update)},
		{post, "/konsulent/utlysningar/{id}/publicera", Consultant, handle(a.openCall.Publish)},
		{post, "/konsulent/utlysningar/{id}/granskare", Consultant, handle(a.openCall.AddReviewer)},
		{post, "/konsulent/utlysningar/{id}/granskare/{user}/ta-bort", Consultant, handle(a.openCall.RemoveReviewer)},
		{get, "/utlysningar", Public, httpx.ClockBound(handle(a.openCall.PublicList))},
		{get, "/utlysningar/{slug}", Public, httpx.ClockBound(handle(a.openCall.PublicShow))},
		{get, "/kommunkoreograf", Public, httpx.ClockBound(handle(a.openCall.Kommunkoreograf))},

		// Events: the list (clock-bound: an event that ends leaves it), the
		// feeds, each event with its sign-up form (which carries a key, so
		// no cache keeps it) and the manage page behind a sign-up's link.
		{get, "/evenemang", Public, httpx.ClockBound(handle(a.events.List))},
		{get, "/evenemang.ics", Public, httpx.ClockBound(handle(a.events.Feed))},
		{get, "/evenemang/{slug}", Public, httpx.NoStore(handle(a.events.Show))},
		{get, "/evenemang/{slug}.ics", Public, httpx.ClockBound(handle(a.events.Calendar))},
		{post, "/evenemang/{slug}/anmal", Public, httpx.NoStore(handle(a.events.SignUp))},
		{get, "/evenemang/anmalan/{token}", Public, httpx.NoStore(handle(a.events.Manage))},
		{post, "/evenemang/anmalan/{token}/avboka", Public, httpx.NoStore(handle(a.events.Cancel))},
		{post, "/evenemang/anmalan/{token}/tacka-ja", Public, httpx.NoStore(handle(a.events.Accept))},
		{post, "/evenemang/anmalan/{token}/tacka-nej", Public, httpx.NoStore(handle(a.events.Decline))},
		{post, "/evenemang/anmalan/{token}/behov", Public, httpx.NoStore(handle(a.events.Needs))},

		// Advisory meetings: booking, for anyone.
		{get, "/radgivning", Public, httpx.NoStore(handle(a.bookingWeb.Start))},
		{get, "/radgivning/tider", Public, httpx.NoStore(handle(a.bookingWeb.Times))},
		{post, "/radgivning/boka", Public, httpx.NoStore(handle(a.bookingWeb.Book))},
		{get, "/radgivning/bokning/{token}", Public, httpx.NoStore(handle(a.bookingWeb.Show))},
		{get, "/radgivning/bokning/{token}/kalender.ics", Public, httpx.NoStore(handle(a.bookingWeb.Calendar))},
		{post, "/radgivning/bokning/{token}/avboka", Public, httpx.NoStore(handle(a.bookingWeb.Cancel))},
		{get, "/radgivning/bokning/{token}/flytta", Public, httpx.NoStore(handle(a.bookingWeb.MoveForm))},
		{post, "/radgivning/bokning/{token}/flytta", Public, httpx.NoStore(handle(a.bookingWeb.Move))},

		// The register of incoming items.
		{get, "/diarium", Public, handle(a.registry.List)},

		// Accounts: registration, sign-in, one's own account.
		{get, "/registrera", Public, handle(a.account.RegisterForm)},
		{post, "/registrera", Public, handle(a.account.Register)},
		{get, "/registrera/skickat", Public, handle(a.account.RegisterSent)},
		{get, "/registrera/bekrafta/{token}", Public, handle(a.account.VerifyForm)},
		{post, "/registrera/bekrafta/{token}", Public, handle(a.account.Verify)},
		{get, "/registrera/ny-lank", Public, handle(a.account.ResendForm)},
		{post, "/registrera/ny-lank", Public, handle(a.account.Resend)},
		{get, "/registrera/ny-lank/skickat", Public, handle(a.account.ResendSent)},
		{get, "/logga-in", Public, handle(a.account.SignInForm)},
		{post, "/logga-in", Public, handle(a.account.SignIn)},
		{get, "/logga-ut", Public, handle(a.account.SignOutForm)},
		{post, "/logga-ut", Public, handle(a.account.SignOut)},
		{get, "/glomt-losenord", Public, handle(a.account.ForgotForm)},
		{post, "/glomt-losenord", Public, handle(a.account.Forgot)},
		{get, "/glomt-losenord/skickat", Public, handle(a.account.ForgotSent)},
		{get, "/aterstall/{token}", Public, handle(a.account.ResetForm)},
		{post, "/aterstall/{token}", Public, handle(a.account.Reset)},
		{get, "/konto/epost/bekrafta/{token}", Public, handle(a.account.EmailConfirmForm)},
		{post, "/konto/epost/bekrafta/{token}", Public, handle(a.account.EmailConfirm)},
		{get, "/konto/raderat", Public, handle(a.account.Deleted)},
		{get, "/konto", SignedIn, handle(a.account.Show)},
		{post, "/konto/namn", SignedIn, handle(a.account.UpdateName)},
		{post, "/konto/epost", SignedIn, handle(a.account.UpdateEmail)},
		{post, "/konto/losenord", SignedIn, handle(a.account.UpdatePassword)},
		{post, "/konto/sessioner/{ref}/avsluta", SignedIn, handle(a.account.EndSession)},
		{get, "/konto/data", SignedIn, handle(a.account.Export)},
		{get, "/konto/radera", SignedIn, handle(a.account.DeleteForm)},
		{post, "/konto/radera", SignedIn, handle(a.account.Delete)},

		// Users and invitations.
		{get, "/admin/anvandare", Admin, handle(a.admin.List)},
		{get, "/admin/anvandare/bjud-in", Admin, handle(a.admin.NewInvite)},
		{post, "/admin/anvandare/bjud-in", Admin, handle(a.admin.CreateInvite)},
		{get, "/admin/anvandare/{id}", Admin, handle(a.admin.Show)},
		{post, "/admin/anvandare/{id}/roll", Admin, handle(a.admin.UpdateRole)},
		{post, "/admin/anvandare/{id}/sparra", Admin, handle(a.admin.Disable)},
		{post, "/admin/anvandare/{id}/oppna", Admin, handle(a.admin.Enable)},
		{post, "/admin/anvandare/{id}/avsluta-sessioner", Admin, handle(a.admin.EndSessions)},
		{post, "/admin/anvandare/{id}/bjud-in-igen", Admin, handle(a.admin.Reinvite)},
		{get, "/admin/logg", Admin, handle(a.admin.Log)},
		{get, "/konsulent/inbjudan", Consultant, handle(a.admin.NewMunicipalityInvite)},
		{post, "/konsulent/inbjudan", Consultant, handle(a.admin.CreateMunicipalityInvite)},
		{get, "/inbjudan/{token}", Public, handle(a.admin.ShowInvitation)},
		{post, "/inbjudan/{token}", Public, handle(a.admin.AcceptInvitation)},

		// Editing residencies.
		{get, "/konsulent/residens", Consultant, handle(a.residencyEdit.List)},
		{get, "/konsulent/residens/ny", Consultant, handle(a.residencyEdit.NewForm)},
		{post, "/konsulent/residens/ny", Consultant, handle(a.residencyEdit.Create)},
		{get, "/konsulent/residens/{id}", Consultant, handle(a.residencyEdit.Edit)},
		{post, "/konsulent/residens/{id}", Consultant, handle(a.residencyEdit.Update)},
		{post, "/konsulent/residens/{id}/avpublicera", Consultant, handle(a.residencyEdit.Unpublish)},
		{get, "/konsulent/residens/{id}/radera", Admin, handle(a.residencyEdit.ConfirmDelete)},
		{post, "/konsulent/residens/{id}/radera", Admin, handle(a.residencyEdit.Delete)},

		// Editing cultural actors; an artist's own profile.
		{get, "/konsulent/kulturaktorer", Consultant, handle(a.actorEdit.List)},
		{get, "/konsulent/kulturaktorer/ny", Consultant, handle(a.actorEdit.New)},
		{post, "/konsulent/kulturaktorer/ny", Consultant, handle(a.actorEdit.Create)},
		{get, "/konsulent/kulturaktorer/{id}", Consultant, handle(a.actorEdit.Edit)},
		{post, "/konsulent/kulturaktorer/{id}", Consultant, handle(a.actorEdit.Update)},
		{get, "/konsulent/granskning", Consultant, handle(a.actorEdit.Queue)},
		{post, "/konsulent/granskning/{id}/godkann", Consultant, handle(a.actorEdit.Approve)},
		{post, "/konsulent/granskning/{id}/skicka-tillbaka", Consultant, handle(a.actorEdit.SendBack)},
		{get, "/konsulent/kommuner", Consultant, handle(a.actorEdit.Municipalities)},
		{get, "/konsulent/kommuner/{slug}", Consultant, handle(a.actorEdit.EditMunicipality)},
		{post, "/konsulent/kommuner/{slug}", Consultant, handle(a.actorEdit.UpdateMunicipality)},
		{get, "/konto/profil", Artist, handle(a.actorEdit.Profile)},
		{post, "/konto/profil", Artist, handle(a.actorEdit.SaveProfile)},
		{post, "/konto/profil/ansprak", Artist, handle(a.actorEdit.Claim)},

		// Residency proposals: the municipality's and the consultants' side.
		{get, "/kommun", Officer, handle(a.proposal.Dashboard)},
		{get, "/kommun/forslag/nytt", Officer, handle(a.proposal.NewForm)},
		{post, "/kommun/forslag/nytt", Officer, handle(a.proposal.Create)},
		{get, "/kommun/forslag/{id}", Officer, handle(a.proposal.Show)},
		{get, "/kommun/forslag/{id}/andra", Officer, handle(a.proposal.Edit)},
		{post, "/kommun/forslag/{id}/andra", Officer, handle(a.proposal.Update)},
		{get, "/kommun/forslag/{id}/kvitto", Officer, handle(a.proposal.Receipt)},
		{post, "/kommun/forslag/{id}/meddelande", Officer, handle(a.proposal.Answer)},
		{post, "/kommun/forslag/{id}/aterkalla", Officer, handle(a.proposal.Withdraw)},
		{get, "/konsulent/forslag", Consultant, handle(a.proposal.Inbox)},
		{get, "/konsulent/forslag/{id}", Consultant, handle(a.proposal.Review)},
		{post, "/konsulent/forslag/{id}/ta", Consultant, handle(a.proposal.Take)},
		{post, "/konsulent/forslag/{id}/meddelande", Consultant, handle(a.proposal.Message)},
		{post, "/konsulent/forslag/{id}/anteckning", Consultant, handle(a.proposal.Note)},
		{post, "/konsulent/forslag/{id}/komplettering", Consultant, handle(a.proposal.RequestCompletion)},
		{post, "/konsulent/forslag/{id}/godkann", Consultant, handle(a.proposal.Accept)},
		{post, "/konsulent/forslag/{id}/avsla", Consultant, handle(a.proposal.Decline)},

		// An artist's applications to open calls.
		{get, "/utlysningar/{slug}/ansokan", Artist, handle(a.application.Edit)},
		{post, "/utlysningar/{slug}/ansokan", Artist, handle(a.application.Update)},
		{post, "/utlysningar/{slug}/ansokan/bilagor", Artist, handle(a.application.Upload)},
		{post, "/utlysningar/{slug}/ansokan/bilagor/{file}/ta-bort", Artist, handle(a.application.RemoveFile)},
		{get, "/utlysningar/{slug}/ansokan/kvitto", Artist, handle(a.application.Receipt)},
		{post, "/utlysningar/{slug}/ansokan/aterkalla", Artist, handle(a.application.Withdraw)},
		{get, "/mina-ansokningar", Artist, handle(a.application.List)},
		{get, "/mina-ansokningar/{id}", Artist, handle(a.application.Show)},
		{get, "/mina-ansokningar/{id}/bilagor/{file}", Artist, handle(a.application.Download)},

		// The review of applications.
		{get, "/jury", Reviewer, handle(a.review.Jury)},
		{get, "/konsulent/utlysningar/{id}/ansokningar", Reviewer, handle(a.review.List)},
		{get, "/konsulent/utlysningar/{id}/ansokningar/{app}", Reviewer, handle(a.review.Show)},
		{post, "/konsulent/utlysningar/{id}/ansokningar/{app}/jav", Reviewer, handle(a.review.Declare)},
		{post, "/konsulent/utlysningar/{id}/ansokningar/{app}/poang", Reviewer, handle(a.review.Score)},
		{get, "/konsulent/utlysningar/{id}/ansokningar/{app}/bilagor/{file}", Reviewer, handle(a.review.File)},
		{get, "/konsulent/utlysningar/{id}/rangordning", Consultant, handle(a.review.Ranking)},
		{post, "/konsulent/utlysningar/{id}/ansokningar/{app}/kortlista", Consultant, handle(a.review.Shortlist)},
		{post, "/konsulent/utlysningar/{id}/ansokningar/{app}/beslut", Consultant, handle(a.review.Decide)},
		{get, "/konsulent/utlysningar/{id}/besked", Consultant, handle(a.review.Outcome)},
		{post, "/konsulent/utlysningar/{id}/besked", Consultant, handle(a.review.SaveTexts)},
		{post, "/konsulent/utlysningar/{id}/besked/skicka", Consultant, handle(a.review.Send)},
		{get, "/konsulent/utlysningar/{id}/export.csv", Consultant, handle(a.review.Export)},

		// Advisory meetings: the consultants' hours and bookings.
		{get, "/konsulent/tillganglighet", Consultant, handle(a.bookingAdmin.AvailabilityPage)},
		{post, "/konsulent/tillganglighet", Consultant, handle(a.bookingAdmin.SaveAvailability)},
		{get, "/konsulent/bokningar", Consultant, handle(a.bookingAdmin.Inbox)},
		{get, "/konsulent/bokningar/{id}", Consultant, handle(a.bookingAdmin.Show)},
		{post, "/konsulent/bokningar/{id}/bekrafta", Consultant, handle(a.bookingAdmin.Confirm)},
		{post, "/konsulent/bokningar/{id}/avboj", Consultant, handle(a.bookingAdmin.Decline)},
		{post, "/konsulent/bokningar/{id}/avboka", Consultant, handle(a.bookingAdmin.Cancel)},
		{post, "/konsulent/bokningar/{id}/genomford", Consultant, handle(a.bookingAdmin.Held)},
		{post, "/konsulent/bokningar/{id}/uteblev", Consultant, handle(a.bookingAdmin.NoShow)},
		{post, "/konsulent/bokningar/{id}/anteckning", Consultant, handle(a.bookingAdmin.Note)},
		{get, "/konsulent/bokningar/{id}/ny-tid", Consultant, handle(a.bookingAdmin.ProposeForm)},
		{post, "/konsulent/bokningar/{id}/ny-tid", Consultant, handle(a.bookingAdmin.Propose)},

		// The funding finder, and the consultants' sources and directory.
		{get, "/finansiering", Public, handle(a.funding.List)},
		{get, "/finansiering.ics", Public, handle(a.funding.Calendar)},
		{get, "/finansiering.atom", Public, handle(a.funding.Atom)},
		{get, "/finansiering/{slug}", Public, handle(a.funding.Show)},
		{get, "/konsulent/finansiering", Consultant, handle(a.funding.Sources)},
		{get, "/konsulent/finansiering/ny", Consultant, handle(a.funding.NewSource)},
		{post, "/konsulent/finansiering/ny", Consultant, handle(a.funding.CreateSource)},
		{get, "/konsulent/finansiering/{id}", Consultant, handle(a.funding.EditSource)},
		{post, "/konsulent/finansiering/{id}", Consultant, handle(a.funding.UpdateSource)},
		{get, "/konsulent/finansiering/{id}/radera", Consultant, handle(a.funding.ConfirmDeleteSource)},
		{post, "/konsulent/finansiering/{id}/radera", Consultant, handle(a.funding.DeleteSource)},
		{get, "/konsulent/organisationer", Consultant, handle(a.funding.Organisations)},
		{get, "/konsulent/organisationer/ny", Consultant, handle(a.funding.NewOrganisation)},
		{post, "/konsulent/organisationer/ny", Consultant, handle(a.funding.CreateOrganisation)},
		{get, "/konsulent/organisationer/{id}", Consultant, handle(a.funding.EditOrganisation)},
		{post, "/konsulent/organisationer/{id}", Consultant, handle(a.funding.UpdateOrganisation)},
		{get, "/konsulent/organisationer/{id}/radera", Consultant, handle(a.funding.ConfirmDeleteOrganisation)},
		{post, "/konsulent/organisationer/{id}/radera", Consultant, handle(a.funding.DeleteOrganisation)},

		// Events: the consultants' side.
		{get, "/konsulent/evenemang", Consultant, handle(a.eventEdit.List)},
		{get, "/konsulent/evenemang/ny", Consultant, handle(a.eventEdit.New)},
		{post, "/konsulent/evenemang/ny", Consultant, handle(a.eventEdit.Create)},
		{get, "/konsulent/evenemang/{id}", Consultant, handle(a.eventEdit.Edit)},
		{post, "/konsulent/evenemang/{id}", Consultant, handle(a.eventEdit.Update)},
		{post, "/konsulent/evenemang/{id}/publicera", Consultant, handle(a.eventEdit.Publish)},
		{post, "/konsulent/evenemang/{id}/kopiera", Consultant, handle(a.eventEdit.Copy)},
		{get, "/konsulent/evenemang/{id}/stall-in", Consultant, handle(a.eventEdit.CancelForm)},
		{post, "/konsulent/evenemang/{id}/stall-in", Consultant, handle(a.eventEdit.Cancel)},
		{post, "/konsulent/evenemang/{id}/program", Consultant, handle(a.eventEdit.AddItem)},
		{post, "/konsulent/evenemang/{id}/program/{item}", Consultant, handle(a.eventEdit.UpdateItem)},
		{post, "/konsulent/evenemang/{id}/program/{item}/ta-bort", Consultant, handle(a.eventEdit.RemoveItem)},
		{get, "/konsulent/evenemang/{id}/deltagare", Consultant, handle(a.eventEdit.Participants)},
		{get, "/konsulent/evenemang/{id}/deltagare.csv", Consultant, handle(a.eventEdit.Export)},
		{get, "/konsulent/evenemang/{id}/namnbrickor", Consultant, handle(a.eventEdit.Badges)},
		{post, "/konsulent/evenemang/{id}/incheckning", Consultant, handle(a.eventEdit.CheckIn)},
		{post, "/konsulent/evenemang/{id}/deltagare/{signup}/incheckning", Consultant, handle(a.eventEdit.CheckInSignup)},
		{post, "/konsulent/evenemang/{id}/meddelande", Consultant, handle(a.eventEdit.Message)},
		{get, "/konsulent/evenemang/{id}/speed-dejting", Consultant, handle(a.eventEdit.Speed)},
		{post, "/konsulent/evenemang/{id}/speed-dejting/onskemal", Consultant, handle(a.eventEdit.SaveWishes)},
		{post, "/konsulent/evenemang/{id}/speed-dejting/schema", Consultant, handle(a.eventEdit.Generate)},
		{post, "/konsulent/evenemang/{id}/speed-dejting/skicka", Consultant, handle(a.eventEdit.Send)},
		{get, "/konsulent/evenemang/{id}/speed-dejting/bordsplan", Consultant, handle(a.eventEdit.TablePlan)},

		// The contact guide: who to ask, by topic, art form and municipality.
		{get, "/vem-kontaktar-jag", Public, handle(a.guide.Show)},
		// The support desk's questions: asking, the asker's thread, the
		// common questions, and the consultants' inbox.
		{get, "/fraga", Public, httpx.NoStore(handle(a.question.New))},
		{post, "/fraga", Public, httpx.NoStore(handle(a.question.Create))},
		{get, "/fraga/tack", Public, handle(a.question.Thanks)},
		{get, "/fraga/vanliga-fragor", Public, handle(a.question.FAQList)},
		{get, "/fraga/{token}", Public, httpx.NoStore(handle(a.question.Thread))},
		{post, "/fraga/{token}/foljdfraga", Public, httpx.NoStore(handle(a.question.FollowUp))},
		{post, "/fraga/{token}/stang", Public, httpx.NoStore(handle(a.question.Close))},
		{get, "/konsulent/fragor", Consultant, handle(a.question.Inbox)},
		{get, "/konsulent/fragor/vanliga", Consultant, handle(a.question.FAQAdmin)},
		{get, "/konsulent/fragor/vanliga/ny", Consultant, handle(a.question.NewFAQ)},
		{post, "/konsulent/fragor/vanliga/ny", Consultant, handle(a.question.CreateFAQ)},
		{get, "/konsulent/fragor/vanliga/{id}", Consultant, handle(a.question.EditFAQ)},
		{post, "/konsulent/fragor/vanliga/{id}", Consultant, handle(a.question.UpdateFAQ)},
		{get, "/konsulent/fragor/{id}", Consultant, handle(a.question.Show)},
		{post, "/konsulent/fragor/{id}/svar", Consultant, handle(a.question.Answer)},
		{post, "/konsulent/fragor/{id}/anteckning", Consultant, handle(a.question.Note)},
		{post, "/konsulent/fragor/{id}/hanvisning", Consultant, handle(a.question.Refer)},
		{post, "/konsulent/fragor/{id}/overlamna", Consultant, handle(a.question.HandOver)},
		{post, "/konsulent/fragor/{id}/vanta", Consultant, handle(a.question.Wait)},
		{post, "/konsulent/fragor/{id}/stang", Consultant, handle(a.question.CloseQuestion)},
		{post, "/konsulent/fragor/{id}/oppna", Consultant, handle(a.question.Reopen)},
	}
	if d.Config.DevPages {
		// Development only: a production site has no such page at all.
		routes = append(routes, Route{get, "/dev/ui", Public, http.HandlerFunc(devui.Gallery)})
	}
	return routes
}

// Routes is the route table of the site d describes, for `residens routes`.
func Routes(d Deps) []Route {
	d = d.withDefaults()
	return table(d, newAreas(d))
}

func (d Deps) withDefaults() Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Sessions == nil {
		// Tests that do not care about sessions get a working manager with
		// a key of its own.
		d.Sessions = auth.EphemeralManager(d.Pool, d.Now)
	}
	if d.Registry == nil {
		d.Registry = registry.New(d.Config.RegistryPrefix)
	}
	return d
}

// NewHandler returns the whole site: the middleware, then the route table
// mounted one policy at a time, each behind its one check.
func NewHandler(d Deps) http.Handler {
	d = d.withDefaults()
	r := chi.NewRouter()
	// First, so that everything after sees the client's address rather
	// than a proxy's.
	r.Use(d.Config.TrustedProxies.Middleware)
	// cacheHeaders sits outside everything that answers (the recoverer's
	// error page and the page cache's hits included), so no response
	// leaves without its caching headers decided from who asked.
	r.Use(requestID, requestLog(d.Log), cacheHeaders, recoverer,
		securityHeaders(d.Config.BaseURL != nil && d.Config.BaseURL.Scheme == "https"))
	// What every request carries for the pages it may render: the
	// organisation that runs the site (every page's header and footer), and
	// the site's one Outage, to which the error page of a request that fails
	// because the database is down reports, so that the outage is logged
	// once, not every request.
	identity := d.Config.Identity
	var outage *db.Outage
	if d.Pool != nil {
		outage = db.NewOutage(d.Log, d.Pool.Ping)
	}
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := ui.WithIdentity(r.Context(), &identity)
			if outage != nil {
				ctx = db.WithOutage(ctx, outage)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	})
	// Cross-origin protection refuses state-changing requests that a browser
	// marks as coming from another site; GET and HEAD pass.
	r.Use(http.NewCrossOriginProtection().Handler)
	if d.Cache != nil {
		r.Use(d.Cache.Middleware)
	}
	// After the cache, which never serves a request that carries a session
	// cookie: those come here to learn who is signed in.
	r.Use(d.Sessions.Middleware)
	// A consultant's or admin's page under /konsulent gets their menu from
	// the layout (a juror reviewing there does not: its links are not
	// theirs).
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			staff := auth.UserFrom(r.Context()).Is(auth.RoleConsultant, auth.RoleAdmin)
			switch {
			case staff && strings.HasPrefix(r.URL.Path, "/konsulent/"):
				r = r.WithContext(ui.WithKonsulentNav(r.Context(), ui.KonsulentArea(r.URL.Path)))
			case staff && r.URL.Path == "/jury":
				// The calls a consultant reviews belong with the calls.
				r = r.WithContext(ui.WithKonsulentNav(r.Context(), "utlysningar"))
			}
			next.ServeHTTP(w, r)
		})
	})
	r.Use(compress)
	// HEAD is answered by the GET handler (without the body), as HTTP asks.
	r.Use(middleware.GetHead)

	routes := table(d, newAreas(d))
	for _, p := range policies {
		r.Group(func(r chi.Router) {
			if g := p.guard(); g != nil {
				r.Use(g)
			}
			for _, rt := range routes {
				if rt.Policy == p {
					r.Method(rt.Method, rt.Pattern, rt.Handler)
				}
			}
		})
	}
	for _, add := range extraRoutes {
		add(r)
	}

	r.NotFound(httpx.NotFoundPage)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		httpx.Render(w, r, http.StatusMethodNotAllowed, ui.Page{Title: "Otillåten metod"},
			ui.ErrorPage(http.StatusMethodNotAllowed, "Det går inte att göra så här",
				"Sidan finns, men inte för den här sortens anrop."))
	})
	return r
}

// healthz handles GET /healthz: the process is up and serving.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz handles GET /readyz: 200 when the database answers and every
// migration is applied, 503 otherwise, so a load balancer sends no traffic to
// an instance that cannot serve it.
func readyz(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if ready == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready: no readiness check\n"))
			return
		}
		if err := ready(ctx); err != nil {
			slog.WarnContext(r.Context(), "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	}
}
