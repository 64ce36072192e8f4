// Package question is the support desk's question part: the public form at
// /fraga whose questions are registered (kind question) and routed to a
// consultant or the shared inbox, the asker's private thread at
// /fraga/{token}, the consultants' inbox and actions at /konsulent/fragor,
// the daily digest of overdue questions, and the common questions at
// /fraga/vanliga-fragor.
package question
