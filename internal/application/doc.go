// Package application is the artists' side of an open call: the
// application form with its drafts and PDF attachments, the submission
// (registration number, receipt page and e-mail), the withdrawal, and the
// artist's own list at /mina-ansokningar. The calls themselves are read
// through package opencall; their review is package review.
//
// An artist saves a draft at any time and sees what is still missing;
// submitting gives a registration number, a receipt page and a receipt
// e-mail, and makes the application read-only (it can be withdrawn until the
// call closes). Attachments are PDFs recognised by their content (the %PDF-
// header and the %%EOF trailer, so a renamed program or a truncated file is
// refused), at most 10 MB each and 5 per application, stored in PostgreSQL
// and served as downloads only to the applicant and the call's reviewers.
//
// Retention: the personal details, texts and files of a call's applications
// (and the reviewers' comments) are removed by the hourly job (package jobs)
// once the call's retention period (default 24 months, set per call) has
// passed after the outcome was sent, or after the closing time for a call
// that never sent one, together with what the audit log copied; the
// registration entries stay. An artist's data download includes their
// applications; deleting the account deletes drafts and keeps submitted
// applications without the account link.
package application
