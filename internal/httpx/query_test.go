package httpx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNewQuery(t *testing.T) {
	tests := []struct {
		name, raw string
		want      map[string]string
		notice    bool
	}{
		{"plain", "a=1&q=dans", map[string]string{"a": "1", "q": "dans"}, false},
		{"escaped", "q=sl%C3%B6jd+och+dans", map[string]string{"q": "slöjd och dans"}, false},
		{"empty", "", map[string]string{}, false},
		// What can be read is kept; the bad pair is dropped with a notice.
		{"invalid escape", "a=1&q=%zz&b=2", map[string]string{"a": "1", "b": "2", "q": ""}, true},
		{"lone per cent", "q=100%", map[string]string{"q": ""}, true},
		{"semicolon", "a=1;b=2", map[string]string{"a": ""}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewQuery(tt.raw)
			for k, v := range tt.want {
				if got := q.Values.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if (len(q.Notices) > 0) != tt.notice {
				t.Errorf("notices %q, want a notice: %v", q.Notices, tt.notice)
			}
		})
	}
}

func TestQueryString(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
		notice   string // part of the notice; "" for none
	}{
		{"trimmed", "  dans  ", 50, "dans", ""},
		{"invalid UTF-8 removed", "sl\xc3\xb6jd\xff\xfe", 50, "slöjd", "tecken"},
		{"NUL and control characters removed", "cir\x00kus\t\x7f", 50, "cirkus", ""},
		{"cut to max characters, not bytes", strings.Repeat("ö", 250), 200, strings.Repeat("ö", 200), "200 tecken"},
		{"exactly max is kept", strings.Repeat("a", 200), 200, strings.Repeat("a", 200), ""},
		{"space at the cut is trimmed", strings.Repeat("a", 9) + " bcd", 10, strings.Repeat("a", 9), "10 tecken"},
		{"missing", "", 50, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &Query{Values: map[string][]string{"q": {tt.in}}}
			got := q.String("q", tt.max)
			if got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("String = %q is not valid UTF-8", got)
			}
			notices := strings.Join(q.Notices, " ")
			if tt.notice == "" && notices != "" {
				t.Errorf("unexpected notice %q", notices)
			}
			if tt.notice != "" && !strings.Contains(notices, tt.notice) {
				t.Errorf("notices %q, want one mentioning %q", notices, tt.notice)
			}
		})
	}
	t.Run("absent key", func(t *testing.T) {
		q := NewQuery("")
		if got := q.String("q", 10); got != "" || len(q.Notices) != 0 {
			t.Errorf("got %q %q", got, q.Notices)
		}
	})
}

func TestQueryPage(t *testing.T) {
	tests := []struct {
		in     string
		want   int
		notice bool
	}{
		{"", 1, false},
		{"1", 1, false},
		{"7", 7, false},
		{" 3 ", 3, false},
		{"abc", 1, true},
		{"-3", 1, true},
		{"0", 1, true},
		{"2.5", 1, true},
		{"1e3", 1, true},
		// Past any list: the highest page, which the handler turns into its last.
		{"99999999999999999999999", MaxPage, false},
		{"368934881474191034", MaxPage, false},
		{"-99999999999999999999999", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q := &Query{Values: map[string][]string{"sida": {tt.in}}}
			if got := q.Page("sida"); got != tt.want {
				t.Errorf("Page(%q) = %d, want %d", tt.in, got, tt.want)
			}
			if (len(q.Notices) > 0) != tt.notice {
				t.Errorf("notices %q, want a notice: %v", q.Notices, tt.notice)
			}
		})
	}
	t.Run("the notice quotes the value cut short", func(t *testing.T) {
		q := &Query{Values: map[string][]string{"sida": {strings.Repeat("x", 500)}}}
		q.Page("sida")
		if len(q.Notices) != 1 || strings.Contains(q.Notices[0], strings.Repeat("x", 21)) {
			t.Errorf("notice %q", q.Notices)
		}
	})
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"kort", 10, "kort"},
		{"exakt", 5, "exakt"},
		{"Österåker", 3, "Öst…"},
		{"a\xffb", 10, "ab"},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.max); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestValidSlug(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"kommunkoreograf-i-nacka-2024", true},
		{"a", true},
		{"2024", true},
		{"", false},
		{"-a", false},
		{"a-", false},
		{"a--b", false},
		{"A", false},
		{"Nacka", false},
		{"ö", false},
		{"a b", false},
		{"a_b", false},
		{"../x", false},
		{"a/b", false},
		{"a\x00", false},
		{"%ff", false},
		{strings.Repeat("a", 200), true},
		{strings.Repeat("a", 201), false},
	}
	for _, tt := range tests {
		if got := ValidSlug(tt.in); got != tt.want {
			t.Errorf("ValidSlug(%q) = %v, want %v", Clip(tt.in, 30), got, tt.want)
		}
	}
}
