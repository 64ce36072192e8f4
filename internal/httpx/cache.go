package httpx

import "net/http"

// ClockBoundCacheControl is the Cache-Control of pages whose content follows
// the clock rather than a change the page cache hears of: a call opening or
// closing at the minute, time left, an event leaving the list when it ends.
// The page cache, and any shared cache, keeps them a minute at most;
// browsers ask again each time.
const ClockBoundCacheControl = "public, max-age=0, s-maxage=60"

// ClockBound marks every answer of next as clock-bound.
func ClockBound(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", ClockBoundCacheControl)
		next.ServeHTTP(w, r)
	})
}

// NoStore marks every answer of next as one no cache may keep: pages that
// carry a form's key (the manage secret a double click finds again), show
// what only the holder of a link may see, or change with every request
// without a trigger the page cache hears (a booking's free times).
func NoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
