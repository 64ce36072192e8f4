package event_test

import (
	"slices"
	"testing"

	"residens/internal/testutil"
)

func TestOtherPagesShowEvents(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	home := testutil.GetOK(t, s.h, "/")
	if got := testutil.Attrs(home.TestID("event-teaser").Find(`[data-testid="event"]`), "data-slug"); !slices.Equal(got,
		[]string{"natverkstraff-slojd-och-textil", "kulturfrukost-i-nacka", "seminarium-residens-pa-landsbygden"}) {
		t.Errorf("start page: %v", got)
	}
	nacka := testutil.GetOK(t, s.h, "/kommuner/nacka")
	if got := testutil.Attrs(nacka.TestID("event"), "data-slug"); !slices.Equal(got, []string{"kulturfrukost-i-nacka", "kulturforum-2027"}) {
		t.Errorf("Nacka: %v", got)
	}
	if href, _ := nacka.TestID("more-events").Attr("href"); href != "/evenemang?kommun=nacka" {
		t.Errorf("more link %q", href)
	}
	actor := testutil.GetOK(t, s.h, "/kulturaktorer/ramverk-dansfilm")
	if got := testutil.Attrs(actor.TestID("event"), "data-slug"); !slices.Equal(got, []string{"kurs-dansfilm-for-nyborjare"}) {
		t.Errorf("actor: %v", got)
	}
	if r := testutil.GetOK(t, s.h, "/kulturaktorer/jelnek"); r.TestID("event-teaser").Length() != 0 {
		t.Errorf("an actor without events shows the section")
	}
	if r := testutil.GetOK(t, s.h, "/personuppgifter"); r.TestID("privacy-events").Length() != 1 {
		t.Errorf("the privacy page says nothing of sign-ups")
	}
}
