package mail

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// QueueName is the River queue that mail jobs run in, apart from other
// background work so that a slow clean-up never holds up a sign-in link.
const QueueName = "mail"

// MaxAttempts is how often a message is tried before River gives up on it.
// With River's default backoff (attempt⁴ seconds) ten attempts span about
// four hours, long enough to ride out an SMTP server's restart or outage.
const MaxAttempts = 10

// SendArgs is the River job that sends one Message; its fields are the
// Message's. Only Key counts for uniqueness: a second job for the same change
// is not inserted while the first is still queued, running, retrying or
// recently completed.
type SendArgs struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	Key     string `json:"key" river:"unique"`
	// Attachments is omitted when empty, so jobs without any keep their
	// earlier args (and unique keys).
	Attachments []Attachment `json:"attachments,omitempty"`
	// MessageID is omitted when empty: a job queued before Message-IDs were
	// random has none, and is sent with one derived from its key.
	MessageID string `json:"message_id,omitempty"`
}

// Kind names the job in river_job.kind.
func (SendArgs) Kind() string { return "mail.send" }

// InsertOpts puts the job on the mail queue, unique by its key.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       QueueName,
		MaxAttempts: MaxAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	}
}

func (a SendArgs) message() Message {
	return Message(a)
}

// Queue puts messages on the job queue in the caller's transaction, so a
// message is sent if and only if the change it reports commits.
type Queue struct {
	client *river.Client[pgx.Tx]
	host   string
}

// NewQueue returns a Queue that inserts through client (package jobs builds
// it, with the Worker registered) and gives each message a Message-ID at
// host, the site's host name.
func NewQueue(client *river.Client[pgx.Tx], host string) *Queue {
	return &Queue{client: client, host: host}
}

// Enqueue queues msg inside tx. It checks the message first (one valid
// recipient, a one-line subject, a text body, a key). Enqueueing a Key that is
// already queued or was recently sent does nothing; one sent long ago is
// caught by the Worker, which sends each Key once.
func (q *Queue) Enqueue(ctx context.Context, tx pgx.Tx, msg Message) error {
	if msg.MessageID == "" {
		msg.MessageID = NewMessageID(q.host)
	}
	if err := msg.validate(); err != nil {
		return err
	}
	args := SendArgs(msg)
	if _, err := q.client.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("mail: enqueue %q to %s: %w", keyKind(msg.Key), MaskAddress(msg.To), err)
	}
	return nil
}
