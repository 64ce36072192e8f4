// Package opencall holds the open calls (utlysningar): the call itself, its
// criteria, the attachments it asks for and its reviewers, the consultants'
// pages that create and publish calls and the public pages that list them.
// The applications to a call are in package application and their review in
// package review; both read calls through this package's loaders.
//
// A call accepts applications from its opening time up to, not including,
// its closing time, by the server's clock read in the submitting
// transaction; times are entered and shown in Stockholm time. The call
// pages show the time left, so they say httpx.ClockBoundCacheControl and the page
// cache keeps them a minute at most. Jury members have the role juror:
// invited from the call's page, they see only the review pages of their
// calls (/jury).
package opencall
