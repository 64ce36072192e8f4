package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxInput bounds what Parse reads; an invitation is a few kilobytes.
const maxInput = 1 << 20

// Parse reads one VCALENDAR and returns its METHOD and its VEVENTs. It unfolds lines, reads times with
// TZID=<IANA name> (Europe/Stockholm among them), in UTC ("Z") and floating (taken as Europe/Stockholm), unescapes
// text and turns a VALARM trigger relative to the start into Event.AlarmBefore. It is strict where our own output
// could be wrong: unbalanced BEGIN/END, a bad escape, an unescaped comma or semicolon in text, a missing UID,
// DTSTAMP or DTSTART, and a VERSION other than 2.0 are errors.
func Parse(r io.Reader) (method string, events []Event, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return "", nil, fmt.Errorf("ical: read: %w", err)
	}
	if len(data) > maxInput {
		return "", nil, errors.New("ical: input too large")
	}
	cal, err := parseTree(string(data))
	if err != nil {
		return "", nil, err
	}
	if cal.name != "VCALENDAR" {
		return "", nil, fmt.Errorf("ical: top component %s, want VCALENDAR", cal.name)
	}
	if v, ok := cal.get("VERSION"); !ok || v.value != "2.0" {
		return "", nil, errors.New("ical: VERSION is not 2.0")
	}
	if m, ok := cal.get("METHOD"); ok {
		method = m.value
	}
	for _, c := range cal.children {
		if c.name != "VEVENT" {
			continue
		}
		e, err := readEvent(c)
		if err != nil {
			return "", nil, err
		}
		events = append(events, e)
	}
	return method, events, nil
}

// component is one BEGIN/END block.
type component struct {
	name     string
	props    []property
	children []*component
}

// property is one unfolded content line.
type property struct {
	name   string
	params map[string]string // upper-case names; the first value of each
	value  string            // raw, still escaped
}

// get returns the first property called name.
func (c *component) get(name string) (property, bool) {
	for _, p := range c.props {
		if p.name == name {
			return p, true
		}
	}
	return property{}, false
}

// child returns the first sub-component called name.
func (c *component) child(name string) *component {
	for _, k := range c.children {
		if k.name == name {
			return k
		}
	}
	return nil
}

// unfold splits s into logical lines: CRLF (or a bare LF, which some tools write) ends a line, and a line that
// starts with a space or tab continues the one before it.
func unfold(s string) ([]string, error) {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 4096), maxInput+1)
	for sc.Scan() {
		l := strings.TrimSuffix(sc.Text(), "\r")
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			if len(lines) == 0 {
				return nil, errors.New("ical: continuation line before any content line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		if l == "" {
			continue
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ical: scan: %w", err)
	}
	return lines, nil
}

// parseTree unfolds s and builds the component tree of the one top-level component.
func parseTree(s string) (*component, error) {
	lines, err := unfold(s)
	if err != nil {
		return nil, err
	}
	var stack []*component
	var top *component
	for _, l := range lines {
		if !utf8.ValidString(l) {
			return nil, errors.New("ical: invalid UTF-8")
		}
		p, err := parseLine(l)
		if err != nil {
			return nil, err
		}
		switch p.name {
		case "BEGIN":
			if top != nil && len(stack) == 0 {
				return nil, errors.New("ical: content after the end of the calendar")
			}
			c := &component{name: strings.ToUpper(p.value)}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, c)
			} else {
				top = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != strings.ToUpper(p.value) {
				return nil, fmt.Errorf("ical: END:%s does not close an open component", p.value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, fmt.Errorf("ical: property %s outside a component", p.name)
			}
			c := stack[len(stack)-1]
			c.props = append(c.props, p)
		}
	}
	if top == nil {
		return nil, errors.New("ical: no component")
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("ical: %s is not closed", stack[len(stack)-1].name)
	}
	return top, nil
}

// parseLine splits a content line into name, parameters and value: name *(";" param) ":" value, where a
// parameter value may be quoted and then contain ";" and ":".
func parseLine(l string) (property, error) {
	i := strings.IndexAny(l, ";:")
	if i <= 0 {
		return property{}, fmt.Errorf("ical: bad content line %q", truncate(l))
	}
	p := property{name: strings.ToUpper(l[:i])}
	if !isName(p.name) {
		return property{}, fmt.Errorf("ical: bad property name %q", truncate(p.name))
	}
	rest := l[i:]
	for rest[0] == ';' {
		rest = rest[1:]
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return property{}, fmt.Errorf("ical: bad parameter in %q", truncate(l))
		}
		name := strings.ToUpper(rest[:eq])
		if !isName(name) {
			return property{}, fmt.Errorf("ical: bad parameter name %q", truncate(name))
		}
		rest = rest[eq+1:]
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return property{}, fmt.Errorf("ical: unclosed quote in %q", truncate(l))
			}
			val, rest = rest[1:1+end], rest[2+end:]
		} else {
			end := strings.IndexAny(rest, ";:")
			if end < 0 {
				return property{}, fmt.Errorf("ical: no value in %q", truncate(l))
			}
			val, rest = rest[:end], rest[end:]
		}
		if p.params == nil {
			p.params = map[string]string{}
		}
		// A parameter may hold a list; only the first value matters to us.
		if _, dup := p.params[name]; !dup {
			p.params[name], _, _ = strings.Cut(val, ",")
		}
		if rest == "" {
			return property{}, fmt.Errorf("ical: no value in %q", truncate(l))
		}
		if rest[0] != ';' && rest[0] != ':' {
			return property{}, fmt.Errorf("ical: bad parameter in %q", truncate(l))
		}
	}
	p.value = rest[1:]
	return p, nil
}

// isName reports whether s is an iana-token or x-name: letters, digits and "-".
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// readEvent turns a VEVENT into an Event.
func readEvent(c *component) (Event, error) {
	var e Event
	var err error
	uid, ok := c.get("UID")
	if !ok {
		return e, errors.New("ical: VEVENT without UID")
	}
	if e.UID, err = unescapeText(uid.value); err != nil {
		return e, err
	}
	stamp, ok := c.get("DTSTAMP")
	if !ok {
		return e, errors.New("ical: VEVENT without DTSTAMP")
	}
	if e.Stamp, err = parseTime(stamp); err != nil {
		return e, err
	}
	start, ok := c.get("DTSTART")
	if !ok {
		return e, errors.New("ical: VEVENT without DTSTART")
	}
	if e.Start, err = parseTime(start); err != nil {
		return e, err
	}
	e.End = e.Start
	if end, ok := c.get("DTEND"); ok {
		if e.End, err = parseTime(end); err != nil {
			return e, err
		}
	} else if dur, ok := c.get("DURATION"); ok {
		d, err := parseDuration(dur.value)
		if err != nil {
			return e, err
		}
		e.End = e.Start.Add(d)
	}
	if e.End.Before(e.Start) {
		return e, errors.New("ical: DTEND before DTSTART")
	}
	if p, ok := c.get("SEQUENCE"); ok {
		if e.Sequence, err = strconv.Atoi(p.value); err != nil || e.Sequence < 0 {
			return e, fmt.Errorf("ical: bad SEQUENCE %q", truncate(p.value))
		}
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"SUMMARY", &e.Summary}, {"DESCRIPTION", &e.Description}, {"LOCATION", &e.Location}} {
		if p, ok := c.get(f.name); ok {
			if *f.dst, err = unescapeText(p.value); err != nil {
				return e, fmt.Errorf("%w in %s", err, f.name)
			}
		}
	}
	if p, ok := c.get("ORGANIZER"); ok {
		e.Organizer = stripMailto(p.value)
	}
	if p, ok := c.get("ATTENDEE"); ok {
		e.Attendees = append(e.Attendees, stripMailto(p.value))
	}
	if p, ok := c.get("STATUS"); ok {
		e.Status = strings.ToUpper(p.value)
	}
	if a := c.child("VALARM"); a != nil {
		if e.AlarmBefore, err = alarmBefore(a, e); err != nil {
			return e, err
		}
	}
	return e, nil
}

// alarmBefore returns how long before the start the alarm's TRIGGER fires.
func alarmBefore(a *component, e Event) (time.Duration, error) {
	trig, ok := a.get("TRIGGER")
	if !ok {
		return 0, errors.New("ical: VALARM without TRIGGER")
	}
	if strings.EqualFold(trig.params["VALUE"], "DATE-TIME") {
		t, err := parseTime(trig)
		if err != nil {
			return 0, err
		}
		return e.Start.Sub(t), nil
	}
	d, err := parseDuration(trig.value)
	if err != nil {
		return 0, err
	}
	if strings.EqualFold(trig.params["RELATED"], "END") {
		return e.Start.Sub(e.End.Add(d)), nil
	}
	return -d, nil
}

// unescapeText undoes escapeText; a backslash before anything else, or a bare "," or ";" (which would make a
// list of a single-valued property), is an error.
func unescapeText(s string) (string, error) {
	if !strings.ContainsAny(s, `\,;`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ',', ';':
			return "", fmt.Errorf("ical: unescaped %q in text", c)
		case '\\':
			if i+1 == len(s) {
				return "", errors.New("ical: backslash at the end of text")
			}
			i++
			switch s[i] {
			case '\\', ';', ',':
				b.WriteByte(s[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("ical: bad escape \\%c in text", s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// parseTime reads a DATE-TIME (or DATE) property value with its TZID parameter.
func parseTime(p property) (time.Time, error) {
	v := p.value
	if strings.EqualFold(p.params["VALUE"], "DATE") || len(v) == 8 {
		d, err := time.ParseInLocation("20060102", v, stockholm)
		if err != nil {
			return time.Time{}, fmt.Errorf("ical: bad date %q in %s", truncate(v), p.name)
		}
		return d, nil
	}
	if strings.HasSuffix(v, "Z") {
		if _, ok := p.params["TZID"]; ok {
			return time.Time{}, fmt.Errorf("ical: UTC time with TZID in %s", p.name)
		}
		t, err := time.Parse(utcLayout, v)
		if err != nil {
			return time.Time{}, fmt.Errorf("ical: bad time %q in %s", truncate(v), p.name)
		}
		return t, nil
	}
	loc := stockholm // a floating time is read as Stockholm time: that is where our meetings are
	if tz, ok := p.params["TZID"]; ok && tz != TZID {
		l, err := time.LoadLocation(tz)
		if err != nil || tz == "" || tz == "Local" {
			return time.Time{}, fmt.Errorf("ical: unknown TZID %q in %s", truncate(tz), p.name)
		}
		loc = l
	}
	t, err := parseLocal(v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("ical: bad time %q in %s", truncate(v), p.name)
	}
	return t, nil
}

// parseLocal reads a wall-clock time in loc as RFC 5545 section 3.3.5 says: in a repeated hour it is the first
// occurrence, and in a skipped hour it is read with the offset in force before the gap (02.30 on the March
// change day is 03.30 summer time). time.Date leaves the choice in a repeated hour unspecified, hence this.
func parseLocal(v string, loc *time.Location) (time.Time, error) {
	w, err := time.Parse(localLayout, v) // the wall clock as if it were UTC
	if err != nil {
		return time.Time{}, err
	}
	_, before := w.Add(-48 * time.Hour).In(loc).Zone()
	_, after := w.Add(48 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		t := w.Add(-time.Duration(off) * time.Second)
		if t.In(loc).Format(localLayout) == v && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() {
		best = w.Add(-time.Duration(before) * time.Second)
	}
	return best, nil
}

// parseDuration reads an RFC 5545 dur-value such as "-PT24H", "P1D", "P1W" or "PT1H30M".
func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("ical: bad duration %q", truncate(s))
	v := s
	neg := false
	if v != "" && (v[0] == '+' || v[0] == '-') {
		neg = v[0] == '-'
		v = v[1:]
	}
	if !strings.HasPrefix(v, "P") || len(v) < 3 {
		return 0, bad
	}
	v = v[1:]
	var secs int64
	inTime := false
	units := 0
	for v != "" {
		if v[0] == 'T' {
			if inTime {
				return 0, bad
			}
			inTime = true
			v = v[1:]
			continue
		}
		n := 0
		for n < len(v) && v[n] >= '0' && v[n] <= '9' {
			n++
		}
		if n == 0 || n > 9 || n == len(v) {
			return 0, bad
		}
		num, _ := strconv.ParseInt(v[:n], 10, 64)
		var unit int64 // seconds
		switch u := v[n]; {
		case u == 'W' && !inTime:
			unit = 7 * 24 * 3600
		case u == 'D' && !inTime:
			unit = 24 * 3600
		case u == 'H' && inTime:
			unit = 3600
		case u == 'M' && inTime:
			unit = 60
		case u == 'S' && inTime:
			unit = 1
		default:
			return 0, bad
		}
		// Counted in seconds and capped (about 30 years) so that no input overflows a time.Duration.
		if secs += num * unit; secs > 1e9 {
			return 0, bad
		}
		units++
		v = v[n+1:]
	}
	if units == 0 {
		return 0, bad
	}
	d := time.Duration(secs) * time.Second
	if neg {
		d = -d
	}
	return d, nil
}
