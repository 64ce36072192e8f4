-- +goose Up
-- The Message-ID a sent mail went out with: random per message since this
-- migration (see mail.NewMessageID), so a question about one delivery can be
-- answered from the record. Rows from before have none.
ALTER TABLE mail_sent ADD COLUMN message_id text CHECK (length(message_id) <= 250);

-- +goose Down
ALTER TABLE mail_sent DROP COLUMN message_id;
