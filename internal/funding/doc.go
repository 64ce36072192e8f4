// Package funding is the support desk's directory and funding finder: the
// organisations and functions that help cultural actors (what they help
// with, where, how to reach them) and the funding sources they run, with
// their deadlines. Anyone searches the sources at /finansiering;
// consultants keep both lists under /konsulent/finansiering and
// /konsulent/organisationer.
//
// A source's deadline is one of three kinds: dated rounds (a child table of
// last days to apply), a yearly recurring day (month and day, never 29
// February, so that every year has it), or löpande (apply any time). Its
// next deadline at a day is the first round on or after that day, or this
// year's recurring day if it has not passed, else next year's; löpande has
// none. The finder sorts by next deadline, soonest first; löpande sources
// follow those with a date (they can be applied for at any time, so they
// are never the urgent ones), and sources whose every round has passed
// come last. "Öppen nu" means one can apply today: löpande, yearly, or a
// dated round still ahead. Days are counted in Europe/Stockholm.
//
// A source with no art forms is open to every art form, and one without
// an amount range (or without one end of it) matches any amount on that
// side: the filters keep what they cannot rule out.
//
// /finansiering.ics is the coming deadlines as all-day events (every dated
// round from today on, and each yearly source's next day; löpande sources
// have none), with a UID per source and day so that a subscribed calendar
// updates rather than duplicates. /finansiering.atom is the sources added
// or changed last (FeedSize of them, newest first) as an Atom feed: each
// entry's id is a tag URI of the source's number, so a change updates the
// entry a reader has instead of adding one, and moves it to the top.
package funding
