-- +goose Up
-- Images live in PostgreSQL so that any instance can serve them. An image is
-- stored as the re-encoded variants only (never the uploaded original, which may
-- carry EXIF and GPS data); a variant's bytes never change once written, so they
-- can be served with an immutable cache header.
CREATE TABLE images (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    width       int NOT NULL CHECK (width > 0),
    height      int NOT NULL CHECK (height > 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE image_variants (
    image_id      bigint NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    width         int NOT NULL CHECK (width > 0),
    height        int NOT NULL CHECK (height > 0),
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    data          bytea NOT NULL,
    PRIMARY KEY (image_id, width)
);

-- +goose Down
DROP TABLE image_variants;
DROP TABLE images;
