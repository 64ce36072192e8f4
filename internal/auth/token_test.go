package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/db/dbtest"
)

func TestTokens(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	uid := mustUser(t, pool, "dora@example.se", auth.RoleArtist)
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

	tok, err := auth.NewToken(ctx, pool, uid, auth.PurposeReset, "", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.PeekToken(ctx, pool, tok, auth.PurposeReset, now); err != nil {
		t.Fatalf("Peek: %v", err)
	}
	if _, err := auth.PeekToken(ctx, pool, tok, auth.PurposeVerify, now); !errors.Is(err, auth.ErrTokenUnknown) {
		t.Fatalf("token of another purpose: %v", err)
	}
	if _, err := auth.UseToken(ctx, pool, tok, auth.PurposeReset, now.Add(auth.TokenTTL[auth.PurposeReset])); !errors.Is(err, auth.ErrTokenExpired) {
		t.Fatalf("expired: %v", err)
	}
	got, err := auth.UseToken(ctx, pool, tok, auth.PurposeReset, now.Add(time.Minute))
	if err != nil || got.UserID != uid {
		t.Fatalf("Use = %+v, %v", got, err)
	}
	if _, err := auth.UseToken(ctx, pool, tok, auth.PurposeReset, now.Add(2*time.Minute)); !errors.Is(err, auth.ErrTokenUsed) {
		t.Fatalf("second use: %v", err)
	}
	for _, bad := range []string{"", "x", "!!!!", tok + "A"} {
		if _, err := auth.PeekToken(ctx, pool, bad, auth.PurposeReset, now); !errors.Is(err, auth.ErrTokenUnknown) {
			t.Errorf("Peek(%q) = %v, want unknown", bad, err)
		}
	}

	t.Run("a new link retires the old one", func(t *testing.T) {
		first, _ := auth.NewToken(ctx, pool, uid, auth.PurposeVerify, "", now)
		second, _ := auth.NewToken(ctx, pool, uid, auth.PurposeVerify, "", now)
		if _, err := auth.PeekToken(ctx, pool, first, auth.PurposeVerify, now); err == nil {
			t.Fatal("old link still works")
		}
		if _, err := auth.PeekToken(ctx, pool, second, auth.PurposeVerify, now); err != nil {
			t.Fatalf("new link: %v", err)
		}
	})

	t.Run("e-mail change carries the new address", func(t *testing.T) {
		tk, _ := auth.NewToken(ctx, pool, uid, auth.PurposeEmailChange, "ny@example.se", now)
		got, err := auth.UseToken(ctx, pool, tk, auth.PurposeEmailChange, now)
		if err != nil || got.NewEmail != "ny@example.se" {
			t.Fatalf("%+v, %v", got, err)
		}
	})
}
