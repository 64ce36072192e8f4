-- +goose Up
-- A reviewer's scores and conflict declarations are part of the call's case
-- file: deleting the reviewer's account must not take them (and so change a
-- ranking already decided). The account deletion refuses for a reviewer
-- who has them; the database refuses too, whatever deletes the user.
ALTER TABLE review_scores DROP CONSTRAINT review_scores_reviewer_id_fkey,
    ADD CONSTRAINT review_scores_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users (id);
ALTER TABLE review_declarations DROP CONSTRAINT review_declarations_reviewer_id_fkey,
    ADD CONSTRAINT review_declarations_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users (id);

-- +goose Down
ALTER TABLE review_scores DROP CONSTRAINT review_scores_reviewer_id_fkey,
    ADD CONSTRAINT review_scores_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE review_declarations DROP CONSTRAINT review_declarations_reviewer_id_fkey,
    ADD CONSTRAINT review_declarations_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users (id) ON DELETE CASCADE;
