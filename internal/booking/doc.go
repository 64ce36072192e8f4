// Package booking holds advisory meetings: the consultants' profiles and
// availability, the slot engine that turns availability into free times in
// Europe/Stockholm, and the bookings whose times PostgreSQL keeps from ever
// overlapping. Its two handlers serve the two audiences: Public the pages
// under /radgivning (the routed list of free times, the booking form and the
// booker's manage link), Admin the consultants' availability page and
// booking inbox under /konsulent. Both read and change through one Store:
// each change (a request, the booker's cancel or move, the consultant's
// state changes, proposals, notes and availability) is one Store method
// (store_changes.go) that runs its transaction with the throttle count, the
// registration number, the audit entry and the e-mails, built from the
// package-level steps of store.go and bookings.go; the handlers open none.
// Reminders is the day-before reminder job; every e-mail about a booking
// and its calendar file are made in mails.go.
//
// No double booking: PostgreSQL refuses two requested or confirmed bookings
// of one consultant whose times overlap (an exclusion constraint with
// btree_gist), whatever the application does. The slot engine (slots.go)
// turns the weekly hours, written as Stockholm wall-clock times, into
// instants date by date, so the clock changes move nothing.
//
// Calendar files: one builder (invitation, in mails.go) makes every event,
// with a time zone, an alarm and a SEQUENCE that grows with each change. The
// portal (MAIL_FROM) is the ORGANIZER and the booker and the consultant are
// ATTENDEEs; the booker's copy is METHOD:REQUEST (CANCEL when declined or
// cancelled) and the consultant's own copy METHOD:PUBLISH, as neither of
// them organises the meeting in the calendar's sense and the consultant
// answers in the portal, not by a calendar reply. The UID is the booking's
// random key at BASE_URL's host (CalendarUID). The manage page offers the
// .ics too. A consultant can propose another time: the booking moves there,
// confirmed, and the booker gets the new time and a fresh manage link.
package booking
