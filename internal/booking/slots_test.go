package booking

import (
	"slices"
	"strings"
	"testing"
	"time"

	"residens/internal/civil"
)

// local is a wall-clock time in Stockholm.
func local(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15.04", s, civil.Stockholm)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// date is a calendar date as midnight UTC.
func date(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// show writes slots as "2026-03-03 09.00–09.45" in Stockholm time, with the
// real length appended when it is not the meeting length, so a shifted hour
// or a stretched slot shows in the diff.
func show(slots []Slot, meeting time.Duration) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		a, b := s.Start.In(civil.Stockholm), s.End.In(civil.Stockholm)
		out[i] = a.Format("2006-01-02 15.04") + "–" + b.Format("15.04")
		if d := s.End.Sub(s.Start); d != meeting {
			out[i] += " (" + d.String() + ")"
		}
	}
	return out
}

// on prefixes each "09.00–09.45" with the date.
func on(day string, spans ...string) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = day + " " + s
	}
	return out
}

var (
	weekdays = []int{1, 2, 3, 4, 5}
	allWeek  = []int{1, 2, 3, 4, 5, 6, 7}
	// morning is 09.00–12.00 in 45-minute meetings without buffer.
	morning = []string{"09.00–09.45", "09.45–10.30", "10.30–11.15", "11.15–12.00"}
	// buffered is the same morning with 15 minutes between meetings.
	buffered = []string{"09.00–09.45", "10.00–10.45", "11.00–11.45"}
)

func hours(days []int, from, to Clock) []Hours {
	out := make([]Hours, len(days))
	for i, d := range days {
		out[i] = Hours{Weekday: d, Starts: from, Ends: to}
	}
	return out
}

func avail(meeting, buffer, notice, horizon int, h []Hours, ex ...Exception) Availability {
	return Availability{
		Profile: Profile{UserID: 1, MeetingMinutes: meeting, BufferMinutes: buffer, MinNoticeDays: notice,
			HorizonWeeks: horizon},
		Hours:      h,
		Exceptions: ex,
	}
}

func concat(parts ...[]string) []string { return slices.Concat(parts...) }

func TestFreeSlots(t *testing.T) {
	t.Parallel()
	morningHours := hours(weekdays, At(9, 0), At(12, 0))
	// Monday 2 March 2026, before opening.
	monday := "2026-03-02 08.00"
	tests := []struct {
		name string
		a    Availability
		busy [][2]string // local start and end
		now  string
		want []string
	}{
		{
			name: "ordinary week: from tomorrow through one week ahead",
			a:    avail(45, 0, 1, 1, morningHours),
			now:  monday,
			want: concat(on("2026-03-03", morning...), on("2026-03-04", morning...), on("2026-03-05", morning...),
				on("2026-03-06", morning...), on("2026-03-09", morning...)),
		},
		{
			name: "buffer between meetings",
			a:    avail(45, 15, 1, 1, hours([]int{2}, At(9, 0), At(12, 0))),
			now:  monday,
			want: on("2026-03-03", buffered...),
		},
		{
			name: "booking overlapping but not identical, widened by the buffer",
			a:    avail(45, 15, 1, 1, hours([]int{2}, At(9, 0), At(12, 0))),
			// 10.10–10.40 plus 15 minutes each side blocks 09.55–10.55.
			busy: [][2]string{{"2026-03-03 10.10", "2026-03-03 10.40"}},
			now:  monday,
			want: on("2026-03-03", "09.00–09.45", "11.00–11.45"),
		},
		{
			name: "booking ending inside the buffer blocks the next slot",
			a:    avail(45, 15, 1, 1, hours([]int{2}, At(9, 0), At(12, 0))),
			// Ends 10.50: the 11.00 slot would leave only ten minutes.
			busy: [][2]string{{"2026-03-03 10.05", "2026-03-03 10.50"}},
			now:  monday,
			want: on("2026-03-03", "09.00–09.45"),
		},
		{
			name: "booking touching a slot without buffer leaves it free",
			a:    avail(45, 0, 1, 1, hours([]int{2}, At(9, 0), At(12, 0))),
			busy: [][2]string{{"2026-03-03 09.30", "2026-03-03 09.45"}},
			now:  monday,
			want: on("2026-03-03", "09.45–10.30", "10.30–11.15", "11.15–12.00"),
		},
		{
			name: "booking spanning two slots takes both",
			a:    avail(45, 0, 1, 1, hours([]int{2}, At(9, 0), At(12, 0))),
			busy: [][2]string{{"2026-03-03 09.30", "2026-03-03 09.50"}},
			now:  monday,
			want: on("2026-03-03", "10.30–11.15", "11.15–12.00"),
		},
		{
			name: "closed day",
			a:    avail(45, 0, 1, 1, morningHours, Exception{Day: date(t, "2026-03-04"), Kind: Closed}),
			now:  monday,
			want: concat(on("2026-03-03", morning...), on("2026-03-05", morning...), on("2026-03-06", morning...),
				on("2026-03-09", morning...)),
		},
		{
			name: "extra slot on a Saturday and on a closed day",
			a: avail(45, 0, 1, 1, hours([]int{2}, At(9, 0), At(12, 0)),
				Exception{Day: date(t, "2026-03-07"), Kind: Extra, Starts: At(14, 0), Ends: At(14, 45)},
				Exception{Day: date(t, "2026-03-05"), Kind: Closed},
				Exception{Day: date(t, "2026-03-05"), Kind: Extra, Starts: At(13, 0), Ends: At(13, 45)}),
			now: monday,
			want: concat(on("2026-03-03", morning...), on("2026-03-05", "13.00–13.45"),
				on("2026-03-07", "14.00–14.45")),
		},
		{
			name: "extra opening overlapping the weekly hours is merged",
			a: avail(45, 0, 1, 1, hours([]int{2}, At(9, 0), At(10, 30)),
				Exception{Day: date(t, "2026-03-03"), Kind: Extra, Starts: At(10, 0), Ends: At(12, 0)}),
			now:  monday,
			want: on("2026-03-03", morning...),
		},
		{
			name: "one working day's notice on Friday: Monday, weekend hours skipped",
			a:    avail(45, 0, 1, 1, hours(allWeek, At(9, 0), At(10, 0))),
			now:  "2026-03-06 15.00",
			want: concat(on("2026-03-09", "09.00–09.45"), on("2026-03-10", "09.00–09.45"),
				on("2026-03-11", "09.00–09.45"), on("2026-03-12", "09.00–09.45"), on("2026-03-13", "09.00–09.45")),
		},
		{
			name: "one working day's notice on Saturday night: Monday",
			a:    avail(45, 0, 1, 1, hours([]int{1, 2}, At(9, 0), At(10, 0))),
			now:  "2026-03-07 23.30",
			want: concat(on("2026-03-09", "09.00–09.45"), on("2026-03-10", "09.00–09.45")),
		},
		{
			name: "two working days' notice on Friday: Tuesday",
			a:    avail(45, 0, 2, 1, hours(allWeek, At(9, 0), At(10, 0))),
			now:  "2026-03-06 08.00",
			want: concat(on("2026-03-10", "09.00–09.45"), on("2026-03-11", "09.00–09.45"),
				on("2026-03-12", "09.00–09.45"), on("2026-03-13", "09.00–09.45")),
		},
		{
			name: "a closed Monday does not count as notice",
			a: avail(45, 0, 1, 1, hours(weekdays, At(9, 0), At(10, 0)),
				Exception{Day: date(t, "2026-03-09"), Kind: Closed}),
			now: "2026-03-06 08.00",
			want: concat(on("2026-03-10", "09.00–09.45"), on("2026-03-11", "09.00–09.45"),
				on("2026-03-12", "09.00–09.45"), on("2026-03-13", "09.00–09.45")),
		},
		{
			name: "no notice: today's remaining slots",
			a:    avail(45, 0, 0, 1, hours([]int{5}, At(9, 0), At(12, 0))),
			now:  "2026-03-06 10.00",
			want: concat(on("2026-03-06", "10.30–11.15", "11.15–12.00"), on("2026-03-13", morning...)),
		},
		{
			name: "horizon of two weeks ends on the same weekday",
			a:    avail(45, 0, 1, 2, hours([]int{1}, At(9, 0), At(9, 45))),
			now:  monday,
			want: concat(on("2026-03-09", "09.00–09.45"), on("2026-03-16", "09.00–09.45")),
		},
		{
			name: "opening until midnight",
			a:    avail(60, 0, 1, 1, hours([]int{2}, At(22, 0), EndOfDay)),
			now:  monday,
			want: on("2026-03-03", "22.00–23.00", "23.00–00.00"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var busy []Slot
			for _, b := range tt.busy {
				busy = append(busy, Slot{local(t, b[0]), local(t, b[1])})
			}
			meeting := time.Duration(tt.a.Profile.MeetingMinutes) * time.Minute
			got := show(FreeSlots(tt.a, busy, local(t, tt.now)), meeting)
			if !slices.Equal(got, tt.want) {
				t.Errorf("FreeSlots:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

// TestFreeSlotsClockChanges checks the weeks around the spring and autumn
// clock changes of 2026 and 2027: every day, the Sunday of the change
// included, opens at 09.00 Stockholm time, and the instants move by the
// offset change and nothing else.
func TestFreeSlotsClockChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		change        string // the Sunday of the change
		before, after int    // UTC offset in hours before and after
	}{
		{"2026-03-29", 1, 2},
		{"2026-10-25", 2, 1},
		{"2027-03-28", 1, 2},
		{"2027-10-31", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.change, func(t *testing.T) {
			t.Parallel()
			sunday := date(t, tt.change)
			// From the Wednesday before, one week ahead: Thursday to the
			// following Wednesday, the change in the middle.
			now := local(t, sunday.AddDate(0, 0, -4).Format("2006-01-02")+" 12.00")
			a := avail(45, 15, 1, 1, hours(allWeek, At(9, 0), At(12, 0)))
			got := FreeSlots(a, nil, now)
			var want []string
			for d := sunday.AddDate(0, 0, -3); !d.After(sunday.AddDate(0, 0, 3)); d = d.AddDate(0, 0, 1) {
				want = append(want, on(d.Format("2006-01-02"), buffered...)...)
			}
			if s := show(got, 45*time.Minute); !slices.Equal(s, want) {
				t.Fatalf("FreeSlots:\n got %s\nwant %s", strings.Join(s, "\n     "), strings.Join(want, "\n     "))
			}
			for _, s := range got {
				// The change happens in the night, so the Sunday's
				// meetings already have the new offset.
				want := tt.before
				if !civil.Today(s.Start).Before(sunday) {
					want = tt.after
				}
				_, off := s.Start.In(civil.Stockholm).Zone()
				wantUTC := s.Start.In(civil.Stockholm).Hour() - want
				if off != want*3600 || s.Start.UTC().Hour() != wantUTC {
					t.Errorf("slot %s starts %s UTC (offset %ds), want %02d UTC (offset +%dh)", s.Label(),
						s.Start.UTC().Format("15:04"), off, wantUTC, want)
				}
			}
		})
	}
}

// TestFreeSlotsShortAndLongDay lays hourly meetings across the night of the
// change: the 23-hour day has five hours between 00.00 and 06.00 and the
// 25-hour day seven, each meeting a real hour long.
func TestFreeSlotsShortAndLongDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, day string
		want      []string
	}{
		{"23-hour day", "2026-03-29", on("2026-03-29", "00.00–01.00", "01.00–03.00", "03.00–04.00", "04.00–05.00",
			"05.00–06.00")},
		{"25-hour day", "2026-10-25", on("2026-10-25", "00.00–01.00", "01.00–02.00", "02.00–02.00", "02.00–03.00",
			"03.00–04.00", "04.00–05.00", "05.00–06.00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := local(t, date(t, tt.day).AddDate(0, 0, -3).Format("2006-01-02")+" 12.00")
			a := avail(60, 0, 0, 1, hours([]int{7}, At(0, 0), At(6, 0)))
			got := FreeSlots(a, nil, now)
			if s := show(got, time.Hour); !slices.Equal(s, tt.want) {
				t.Fatalf("FreeSlots:\n got %s\nwant %s", strings.Join(s, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

func TestSlotLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		start, end, want string
	}{
		{"2026-03-03 10.00", "2026-03-03 10.45", "tisdag 3 mars kl. 10.00–10.45"},
		{"2026-07-05 09.15", "2026-07-05 10.00", "söndag 5 juli kl. 09.15–10.00"},
		{"2026-03-30 09.00", "2026-03-30 09.45", "måndag 30 mars kl. 09.00–09.45"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			// The label is in Stockholm time whatever location the slot is in.
			s := Slot{local(t, tt.start).UTC(), local(t, tt.end).UTC()}
			if got := s.Label(); got != tt.want {
				t.Errorf("Label = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := avail(45, 0, 1, 8, hours(weekdays, At(9, 0), At(12, 0)))
	tests := []struct {
		name   string
		change func(a *Availability)
		bad    bool
	}{
		{"default is valid", func(*Availability) {}, false},
		{"meeting too short", func(a *Availability) { a.Profile.MeetingMinutes = 10 }, true},
		{"horizon zero", func(a *Availability) { a.Profile.HorizonWeeks = 0 }, true},
		{"hours ending before start", func(a *Availability) { a.Hours[0].Ends = At(8, 0) }, true},
		{"weekday 0", func(a *Availability) { a.Hours[0].Weekday = 0 }, true},
		{"until midnight", func(a *Availability) { a.Hours[0].Ends = EndOfDay }, false},
		{"unknown topic", func(a *Availability) { a.Profile.Topics = []Topic{"x"} }, true},
		{"extra without times", func(a *Availability) {
			a.Exceptions = []Exception{{Day: date(t, "2026-03-03"), Kind: Extra}}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := ok
			a.Hours = slices.Clone(ok.Hours)
			tt.change(&a)
			if msg := a.Validate(); (msg != "") != tt.bad {
				t.Errorf("Validate = %q, want bad=%v", msg, tt.bad)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		a        Availability
		now      string
		from, to string
	}{
		{"one day's notice, one week, no buffer", avail(45, 0, 1, 1, nil), "2026-03-02 08.00",
			"2026-03-03 00.00", "2026-03-10 00.00"},
		{"buffer widens both ends", avail(45, 15, 1, 1, nil), "2026-03-02 08.00",
			"2026-03-02 23.45", "2026-03-10 00.15"},
		{"notice over the weekend, across the spring change", avail(45, 0, 1, 2, nil), "2026-03-27 08.00",
			"2026-03-30 00.00", "2026-04-11 00.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from, to := Window(tt.a, local(t, tt.now))
			if !from.Equal(local(t, tt.from)) || !to.Equal(local(t, tt.to)) {
				t.Errorf("Window = %v – %v, want %s – %s", from.In(civil.Stockholm), to.In(civil.Stockholm), tt.from, tt.to)
			}
		})
	}
}
