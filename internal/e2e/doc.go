// Package e2e holds the browser tests of the public portal: the main journey
// driven in Debian's Chromium through the DevTools protocol
// (github.com/chromedp/chromedp), and an axe-core accessibility audit of every
// public page. The package has no code of its own; everything is in its
// _test.go files.
//
// The tests need Chromium (CHROME_PATH, default /usr/bin/chromium) and the npm
// package axe-core (AXE_CORE_JS, default .cache/node/node_modules/axe-core/
// axe.min.js under the repository root, installed by `make browser-deps`).
// Without them the tests skip, unless CI is set: then a missing prerequisite is
// a failure.
//
// With E2E_SCREENSHOTS set to a folder, the tests also save a full-page PNG of
// each page they audit there, for a person to look at the layout.
package e2e
