package funding_test

import "residens/internal/seed"

// demoRounds are the days from the seed's now of every dated round of the
// demo.
func demoRounds() []int {
	var out []int
	for _, s := range seed.DemoSources {
		out = append(out, s.Rounds...)
	}
	return out
}
