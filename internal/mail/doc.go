// Package mail sends the portal's e-mail: a Message is put on the job queue
// in the same transaction as the change it reports (Queue.Enqueue), and a
// River worker (Worker) sends it over SMTP, retrying with backoff, at most once
// per Message.Key. Bodies are Swedish plain text and HTML, rendered from templ
// components (Render, Layout).
//
// A failed send is retried (MaxAttempts, about four hours). River refuses a
// second job for a key while the first is queued or recently done, and the
// worker records each key in mail_sent once the SMTP server has the message
// (trying again for a minute if the database is restarting just then) and
// sends nothing for a recorded key. Each message's Message-ID is random, at
// the host name of BASE_URL, made when it is queued and kept in the job and
// in mail_sent, so a reset or a staging copy never repeats one. Logs name the
// recipient masked (MaskAddress) and never hold bodies or links.
package mail
