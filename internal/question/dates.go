package question

import (
	"time"

	"residens/internal/civil"
)

// dateOf is a civil date in words ("26 november 2026").
func dateOf(d time.Time) string { return civil.Date(d) }

// when is an instant as Stockholm date and time.
func when(t time.Time) string { return civil.DateTime(t) }
