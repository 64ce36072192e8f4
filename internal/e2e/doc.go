// Package e2e holds the browser tests of the portal, driven in Debian's
// Chromium through the DevTools protocol (github.com/chromedp/chromedp): the
// main public journey, an artist's account journey (register, verify through
// the e-mail link, sign in, change the password, sign out; the e-mail goes
// through the site's job runner to a Mailpit of the test, see package
// mailtest), a consultant's editing journey (create a residency with an
// image, publish it, find it on the public pages, unpublish it), a proposal's
// journey (an officer submits, a consultant asks for completion, the officer
// completes, the consultant accepts, the draft residency exists), and an
// axe-core accessibility audit of every public page and of
// every page of the journeys. The package has no code of its own; everything
// is in its _test.go files.
//
// The tests need Chromium (CHROME_PATH, default /usr/bin/chromium) and the npm
// package axe-core (AXE_CORE_JS, default .cache/node/node_modules/axe-core/
// axe.min.js under the repository root, installed by `make browser-deps`).
// The account journey also needs Mailpit, which package mailtest builds from
// the module's Go tool. Without them the tests skip, unless CI is set: then a
// missing prerequisite is a failure.
//
// With E2E_SCREENSHOTS set to a folder, the tests also save a full-page PNG of
// each page they audit there, for a person to look at the layout.
package e2e
