package review

import (
	"strconv"
	"strings"

	"residens/internal/opencall"
)

// OutcomeView is the content of the outcome e-mail to one applicant; the
// preview on the consultants' page shows the same.
type OutcomeView struct {
	Subject  string
	Greeting string
	Intro    string
	// Decision is the decision in words.
	Decision string
	// Text is the call's text for the decision; Reason the consultant's
	// reason for this application.
	Text   string
	Reason string
	Link   string
	// Preview is set for the consultants' preview, which shows the link as text.
	Preview bool
}

// outcomeMail is the e-mail that tells the applicant of ap the decision.
func outcomeMail(c *opencall.Call, ap *Application, t Texts, baseURL string) OutcomeView {
	name := ap.ContactName
	if name == "" {
		name = ap.Applicant()
	}
	return OutcomeView{
		Subject:  "Besked om din ansökan " + ap.Number + " till " + oneLine(c.Title),
		Greeting: "Hej " + name + "!",
		Intro:    "Här är beskedet om ansökan " + ap.Number + " (" + ap.Applicant() + ") till utlysningen ”" + c.Title + "”.",
		Decision: ap.Decision.Label(),
		Text:     t.For(ap.Decision),
		Reason:   ap.DecisionReason,
		Link:     baseURL + "/mina-ansokningar/" + strconv.FormatInt(ap.ID, 10),
	}
}

// PreviewOutcome is the e-mail an applicant with decision d would get, with
// a made-up applicant and reason, for the consultants' preview.
func PreviewOutcome(c *opencall.Call, d Decision, t Texts, baseURL string) OutcomeView {
	ap := &Application{ID: 0, Number: "RK-ÅÅÅÅ-NNNN", ApplicantKind: "person", ContactName: "Förnamn Efternamn",
		Decision: d, DecisionReason: "(Här står motiveringen till beslutet om just den ansökan.)"}
	v := outcomeMail(c, ap, t, baseURL)
	v.Link = baseURL + "/mina-ansokningar"
	v.Preview = true
	return v
}

// oneLine makes s fit a subject line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// paragraphs splits a text into its paragraphs at blank lines, and each
// paragraph into its lines.
func paragraphs(s string) [][]string {
	var out [][]string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, lines)
		}
	}
	return out
}

// safeHTTP reports whether u is an http or https address, the only kind
// the review pages make a link of.
func safeHTTP(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// sizeLabel is a file size in kB or MB, the Swedish way.
func sizeLabel(n int) string {
	if n < 1000*1000 {
		return strconv.Itoa((n+999)/1000) + " kB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64), ".", ",", 1) + " MB"
}
