// Package image stores pictures in PostgreSQL as re-encoded variants of a few
// widths and serves them, so any instance can answer and the browser can pick
// the size it needs from a srcset.
//
// Re-encoding from decoded pixels drops any EXIF or GPS data the original
// carried. Variants never change once written, so an image that published
// content shows is served with a one-year immutable cache; any other (a
// draft's) only to those who may see the draft, and never cached.
package image
