// Package auth holds who the visitor is and what they may do: password
// hashing, sessions stored in PostgreSQL behind an opaque cookie, the current
// user in the request context, and the role checks.
//
// Five roles: admin, consultant, municipality officer (bound to one
// municipality), artist, jury member. The session cookie (residens_session,
// HttpOnly, SameSite=Lax, Secure over https) carries only a random 256-bit
// ID, signed and encrypted; the session is a row stored by the ID's SHA-256,
// so any instance can read it, and signing out, a password change or an
// admin really ends it. A session ends after 2 hours without a request and in
// any case 12 hours after sign-in; signing in always makes a new ID.
// Passwords are hashed with argon2id (19 MiB, 2 passes, 1 lane, 16-byte
// salt): 10 to 128 characters, no composition rules, the common passwords in
// common-passwords.txt refused. Failed sign-ins wait longer with each one
// (five free per account, then 30 s doubling, a 15-minute lock at ten), on
// package throttle. Cross-site state changes are refused by
// http.CrossOriginProtection (package app); no GET changes anything.
package auth
