-- +goose Up
-- One row per e-mail sent, by the key of the change it reports (e.g.
-- 'verify:<token hash>'). The mail worker writes it once the SMTP server has
-- taken the message, and a job for a key found here sends nothing, so a change's
-- message goes out once even when its job runs again. Rows go after 90 days
-- (the hourly clean-up job).
CREATE TABLE mail_sent (
    key      text PRIMARY KEY CHECK (key <> '' AND length(key) <= 200),
    sent_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_sent_sent_at_idx ON mail_sent (sent_at);

-- +goose Down
DROP TABLE mail_sent;
