package db

import "strings"

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LikeEscape escapes the wildcards of a LIKE pattern (and the escape
// character itself), so that what a visitor types is matched literally.
func LikeEscape(s string) string { return likeEscaper.Replace(s) }
