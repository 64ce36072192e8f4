# syntax=docker/dockerfile:1
# Residens: one static binary on a slim Debian, run as an unprivileged user.
#   docker build -t residens .
#   docker compose up            (with the database; see docker-compose.yml)

FROM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# The generated *_templ.go files are committed, so no generation step here.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/residens ./cmd/residens

FROM debian:bookworm-slim
# CA roots for outgoing TLS (SMTP); the time zone data is compiled into the binary.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/residens /usr/local/bin/residens
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin residens
USER residens:residens
ENV ADDR=0.0.0.0:8080 \
    LOG_FORMAT=json
EXPOSE 8080
# serve runs pending migrations before it listens.
CMD ["residens", "serve"]
