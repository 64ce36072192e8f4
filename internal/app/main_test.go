package app

import (
	"log/slog"
	"os"
	"testing"
)

// TestMain quiets the process-wide logger, which the error pages and the
// panic recovery write to, so that the test output shows only what fails.
// Tests that check log lines give the handler a logger of their own.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}
