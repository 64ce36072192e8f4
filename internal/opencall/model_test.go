package opencall_test

import (
	"context"
	"testing"
	"time"

	"residens/internal/opencall"
	"residens/internal/testutil"
)

func TestLoadAndPhase(t *testing.T) {
	pool := testutil.DemoDB(t)
	ctx := context.Background()
	closes := time.Date(2027, 3, 29, 0, 0, 0, 0, time.UTC) // 02.00 in Stockholm, after the clock change
	id := testutil.InsertCall(t, pool, testutil.Call{Slug: "kommunkoreograf-nacka-2027", Title: "Kommunkoreograf i Nacka 2027",
		Municipalities: []string{"nacka", "varmdo"}, OpensAt: testutil.Now.Add(-time.Hour), ClosesAt: closes})
	testutil.InsertCall(t, pool, testutil.Call{Slug: "utkast", Title: "Utkast", OpensAt: testutil.Now, ClosesAt: closes, Draft: true})

	c, err := opencall.Load(ctx, pool, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Municipalities) != 2 || len(c.Criteria) != 2 || c.TotalWeight() != 3 || len(c.Attachments) != 2 {
		t.Fatalf("parts: %+v %+v %+v", c.Municipalities, c.Criteria, c.Attachments)
	}
	if a, ok := c.Asks(opencall.AttachCV); !ok || !a.Required {
		t.Errorf("CV asked = %v %v, want required", a, ok)
	}
	if _, ok := c.Asks(opencall.AttachPortfolio); ok {
		t.Error("portfolio asked, want not")
	}
	for _, tc := range []struct {
		at   time.Time
		want opencall.Phase
	}{
		{testutil.Now.Add(-2 * time.Hour), opencall.Upcoming},
		{testutil.Now, opencall.Open},
		{closes.Add(-time.Second), opencall.Open},
		{closes, opencall.Closed},
	} {
		if got := c.PhaseAt(tc.at); got != tc.want {
			t.Errorf("PhaseAt(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
	if got := c.ClosesLabel(); got == "" {
		t.Error("no closing label")
	}
	if _, err := opencall.LoadPublished(ctx, pool, "utkast"); err == nil {
		t.Error("a draft call loaded as published")
	}
	if _, err := opencall.LoadPublished(ctx, pool, c.Slug); err != nil {
		t.Error(err)
	}
}
