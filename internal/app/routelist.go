package app

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"text/tabwriter"

	"github.com/go-chi/chi/v5"
)

// WriteRoutes prints every route the router of cfg's site answers, with the
// policy the route table gives it, sorted by path: `residens routes`. It
// walks the router itself (chi.Walk), so what it prints is what is served;
// a route the table does not know would show as "?". It needs no database.
func WriteRoutes(w io.Writer, cfg Config) error {
	d := Deps{Config: cfg, Log: slog.New(slog.DiscardHandler)}
	policy := map[string]Policy{}
	for _, rt := range Routes(d) {
		policy[rt.Method+" "+rt.Pattern] = rt.Policy
	}
	h, ok := NewHandler(d).(chi.Routes)
	if !ok {
		return fmt.Errorf("routes: the site is not a chi router")
	}
	type line struct{ method, pattern, policy string }
	var lines []line
	err := chi.Walk(h, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodHead {
			return nil // answered by GET
		}
		p, ok := policy[method+" "+route]
		name := string(p)
		if !ok {
			name = "?"
		}
		lines = append(lines, line{method, route, name})
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(lines, func(i, j int) bool {
		if lines[i].pattern != lines[j].pattern {
			return lines[i].pattern < lines[j].pattern
		}
		return lines[i].method < lines[j].method
	})
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "METOD\tSÖKVÄG\tVEM")
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", l.method, l.pattern, l.policy)
	}
	return tw.Flush()
}
