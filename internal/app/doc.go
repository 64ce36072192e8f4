// Package app puts the portal together: the configuration (LoadConfig, from
// the environment), the route table (routes.go: every route, who may use it
// and the area's handler, mounted one policy at a time behind its one check;
// `residens routes` prints it), the middleware, and the server's lifecycle
// (Serve).
//
// Caching headers are decided in one place, cachecontrol.go, for every
// response: a request with a session cookie, or a response that sets one,
// gets "private, no-store" whatever the handler said; anonymous pages get an
// explicit public header; every answer but a content-addressed file says
// "Vary: Cookie". Anonymous GET pages are also kept in memory by package
// pagecache.
//
// Database outages: a request that fails because PostgreSQL cannot be
// reached answers 503 with Retry-After and a Swedish page (package httpx);
// the page cache serves what it holds, marked stale; one db.Outage per site
// logs the outage when it begins and when it ends, not every request.
//
// Shutdown, on SIGINT or SIGTERM: /readyz answers 503 at once while pages are
// still served for DRAIN_TIME, so a load balancer takes the instance out;
// then the listener closes and requests in flight finish within
// SHUTDOWN_TIMEOUT; then the background jobs stop within their own timeout.
package app
