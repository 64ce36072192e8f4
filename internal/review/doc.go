// Package review is the review of the applications to an open call, after
// it closes: the reviewers' (consultants' and jurors') declarations of
// conflict of interest (jäv) and scores, the progress of each reviewer, the
// Ranking by weighted average, the shortlist and the decisions, the outcome
// e-mails and the CSV export for the case file. Calls are read through
// package opencall; applications through SQL of their own here, so the
// review does not depend on the artists' pages.
//
// Reviewers see nothing before the closing time; each first declares a
// conflict of interest or none, which is logged, and a conflict hides that
// application from them. Scores (1–5 per criterion, with a comment) of the
// other reviewers show only once one has scored all criteria oneself. The
// ranking is the mean over the reviewers of each one's weighted average;
// equal values share a rank. Sending the outcome locks the call, queues one
// e-mail per applicant and marks it sent in the same transaction, so
// repeating the action, or two instances at once, tell each applicant once.
// The export is CSV with semicolons, UTF-8 with a BOM, formulas neutralised.
// A reviewer who has scored or declared keeps the account: the review
// belongs to the case file.
package review
