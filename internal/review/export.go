package review

import (
	"bytes"
	"net/http"
	"strconv"

	"residens/internal/httpx"
	"residens/internal/opencall"
	"residens/internal/sheet"
)

// CSVHeader is the first row of the export.
var CSVHeader = []string{"Rang", "Diarienummer", "Sökande", "Viktat medelvärde", "Kortlista", "Beslut", "Motivering",
	"Granskare", "Jäv", "Granskarens viktade medelvärde", "Kriterium", "Vikt", "Poäng", "Kommentar"}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nej"
}

// WriteCSV writes the ranking and every score of call c: one row per
// application, reviewer and criterion (a reviewer in conflict, or who has
// not scored, gets one row without scores; an application the exporting
// consultant declared a conflict with, one row without its assessment),
// as a package sheet file (';'-separated UTF-8 with a byte order mark, every
// cell safe from formulas).
func WriteCSV(buf *bytes.Buffer, c *opencall.Call, rk Ranking) error {
	sw, err := sheet.New(buf)
	if err != nil {
		return err
	}
	write := sw.Row
	if err := write(CSVHeader...); err != nil {
		return err
	}
	for _, row := range rk.Rows {
		value := ""
		if row.Value != nil {
			value = Decimal(row.Value)
		}
		rank := ""
		if row.Rank > 0 {
			rank = strconv.Itoa(row.Rank)
		}
		app := []string{rank, row.Number, row.Applicant(), value, yesNo(row.Shortlisted), decisionCell(row.Decision), row.DecisionReason}
		if row.MyConflict {
			// The one exporting declared a conflict with it: as on the
			// ranking page, its assessment stays hidden from them.
			app[3], app[6] = "jäv", ""
			if err := write(append(app, "", "", "", "", "", "", "")...); err != nil {
				return err
			}
			continue
		}
		if len(row.Reviewers) == 0 {
			if err := write(append(app, "", "", "", "", "", "", "")...); err != nil {
				return err
			}
		}
		for i, res := range row.Reviewers {
			name := rk.Reviewers[i].Name
			avg := ""
			if res.Average != nil {
				avg = Decimal(res.Average)
			}
			if res.Conflict || len(res.Scores) == 0 {
				if err := write(append(append([]string{}, app...), name, yesNo(res.Conflict), avg, "", "", "", "")...); err != nil {
					return err
				}
				continue
			}
			for _, cr := range c.Criteria {
				sc, ok := res.Scores[cr.ID]
				score, comment := "", ""
				if ok {
					score, comment = strconv.Itoa(sc.Score), sc.Comment
				}
				if err := write(append(append([]string{}, app...), name, "nej", avg, cr.Name, strconv.Itoa(cr.Weight), score, comment)...); err != nil {
					return err
				}
			}
		}
	}
	return sw.Flush()
}

func decisionCell(d Decision) string {
	if d == "" {
		return ""
	}
	return d.Label()
}

// Export handles GET /konsulent/utlysningar/{id}/export.csv: the ranking
// and every score as CSV for the case file, logged.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	rk, err := h.store.Ranking(r.Context(), s.Call, s.User.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s.Call, rk); err != nil {
		return err
	}
	if err := h.store.LogExport(r.Context(), s.actor(r), s.Call); err != nil {
		return err
	}
	httpx.Download(w, "text/csv; charset=utf-8", "bedomning-"+s.Call.Slug+".csv", buf.Bytes())
	return nil
}
