package review

import (
	"strconv"

	"residens/web/ui"
)

// conflictOptions are the answers of the declaration of a conflict of
// interest.
var conflictOptions = []ui.Option{{Value: "nej", Label: "Jag har inte jäv"}, {Value: "ja", Label: "Jag har jäv"}}

// scoreOptions are the points a criterion may get, from 1 to 5.
var scoreOptions = func() []ui.Option {
	out := make([]ui.Option, 5)
	for n := 1; n <= 5; n++ {
		out[n-1] = ui.Option{Value: strconv.Itoa(n), Label: scoreLabel(n)}
	}
	return out
}()

// scoreChosen is a stored score as the radios' choice: none for 0.
func scoreChosen(n int) []string {
	if n == 0 {
		return nil
	}
	return []string{strconv.Itoa(n)}
}

// decisionOptions are the decisions as the ranking's radios.
func decisionOptions() []ui.Option {
	out := make([]ui.Option, len(Decisions))
	for i, d := range Decisions {
		out[i] = ui.Option{Value: string(d), Label: d.Label()}
	}
	return out
}
