// Package residency is the residency area: the public list, search and page
// of residencies, and the store behind them.
//
// Status. A residency is ongoing (pågående), upcoming (kommande) or completed
// (avslutad) by its dates on today's date in Europe/Stockholm (StatusOf); the
// time zone database is compiled into the binary, so the answer never
// depends on the server's.
//
// Search. The list's free text uses PostgreSQL full-text search with the
// swedish configuration over a generated tsvector of the title, summary,
// body and the names of the linked municipality, art forms, target groups,
// venue types and actors (RefreshSearchTerms keeps the names current), so
// "dansare" finds dance. Every filter value is checked against the shared
// vocabularies (package vocab); an unknown one is dropped with a notice,
// never an error.
package residency
