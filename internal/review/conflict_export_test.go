package review_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

// TestExportHidesMyConflict: a consultant who declared a conflict with an
// application gets the export without its scores, comments and values, as
// the ranking page shows it to them; the other applications keep theirs.
func TestExportHidesMyConflict(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna", "Bo")
	other := s.account(t, "consultant", "Karl Jävig")
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO call_reviewers (call_id, user_id) VALUES ($1, $2)`, f.call, other.ID); err != nil {
		t.Fatal(err)
	}
	s.score(t, f, 0, f.juror, 5, 4)
	s.score(t, f, 1, f.juror, 3, 3)
	s.declare(t, f, 0, other, true)

	r := s.get(t, f.path("/export.csv"), other)
	if r.Status != http.StatusOK {
		t.Fatalf("export: status %d", r.Status)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix([]byte(r.Body), []byte("\xef\xbb\xbf"))))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var anna, bo int
	for _, rec := range records[1:] {
		switch {
		case strings.HasPrefix(rec[2], "Anna"):
			anna++
			if rec[3] != "jäv" || rec[12] != "" || rec[13] != "" || rec[9] != "" {
				t.Errorf("a row of the application in conflict shows its scores: %q", rec)
			}
		case strings.HasPrefix(rec[2], "Bo"):
			bo++
		}
	}
	if anna == 0 || bo == 0 {
		t.Fatalf("rows of Anna %d, of Bo %d; want both:\n%q", anna, bo, records)
	}
}
