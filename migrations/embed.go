// Package migrations holds the goose SQL migrations, embedded into the binary so
// that every instance migrates from the same files it was built with.
package migrations

import "embed"

// FS holds every *.sql migration in this folder.
//
//go:embed *.sql
var FS embed.FS
