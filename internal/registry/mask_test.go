package registry

import "testing"

func TestMaskEmails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain address", "från anna.berg@example.se idag", "från [e-postadress] idag"},
		{"in angle brackets", "Anna <anna@example.se>", "Anna <[e-postadress]>"},
		{"in parentheses, then a full stop", "skriv (info@kultur.nacka.se).", "skriv ([e-postadress])."},
		{"plus and sub-domains", "a.b+c@mail.x.example.com", "[e-postadress]"},
		{"without a dot", "root@localhost", "[e-postadress]"},
		{"two addresses", "a@x.se, b@y.se", "[e-postadress], [e-postadress]"},
		{"no address", "Möte kl. 10 @ Kulturhuset", "Möte kl. 10 @ Kulturhuset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MaskEmails(tt.in); got != tt.want {
				t.Errorf("MaskEmails(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, person, want string
	}{
		{"whole name", "Fråga från Anna Berg om dans", "Anna Berg", "Fråga från [namn] om dans"},
		{"ignores case", "fråga från ANNA BERG", "Anna Berg", "fråga från [namn]"},
		{"one part alone", "Berg undrar", "Anna Berg", "[namn] undrar"},
		{"parts apart", "Anna, Anna och Berg", "Anna Berg", "[namn], [namn] och [namn]"},
		{"Swedish letters at the edge", "Åsa Öberg: fråga", "Åsa Öberg", "[namn]: fråga"},
		{"not inside a word", "Klåsa Bergsgatan", "Åsa Berg", "Klåsa Bergsgatan"},
		{"no name", "Fråga", "", "Fråga"},
		{"regexp characters in the name", "Fråga från A.B. (x)", "A.B. (x)", "Fråga från [namn]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := maskName(tt.in, tt.person); got != tt.want {
				t.Errorf("maskName(%q, %q) = %q, want %q", tt.in, tt.person, got, tt.want)
			}
		})
	}
}

func TestPublicSender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  Row
		want string
	}{
		{"private person", Row{SenderName: "Anna Berg", SenderIsPerson: true}, "Privatperson"},
		{"private person with an organisation", Row{SenderName: "Anna Berg", SenderIsPerson: true, SenderOrg: "Dansgruppen"}, "Dansgruppen"},
		{"a firm in a private person's name", Row{SenderName: "Anna Berg", SenderIsPerson: true, SenderOrg: "Anna Berg Dans"}, "Anna Berg Dans"},
		{"municipality officer", Row{SenderName: "Karin Ek", SenderOrg: "Nacka kommun"}, "Nacka kommun"},
		{"organisation as the name", Row{SenderName: "Cirkus Cirkör"}, "Cirkus Cirkör"},
		{"address as the name", Row{SenderName: "info@cirkus.se"}, "[e-postadress]"},
		{"address as the organisation", Row{SenderOrg: "info@cirkus.se"}, "[e-postadress]"},
		{"nothing given", Row{}, "Uppgift saknas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.row.PublicSender(); got != tt.want {
				t.Errorf("PublicSender = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPublicDescription(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  Row
		want string
	}{
		{"address masked", Row{Description: "Fråga från kontakt@nacka.se", SenderName: "Karin Ek"}, "Fråga från [e-postadress]"},
		{"private name masked", Row{Description: "Ansökan från Anna Berg", SenderName: "Anna Berg", SenderIsPerson: true}, "Ansökan från [namn]"},
		{"an official's name stays", Row{Description: "Förslag av Karin Ek", SenderName: "Karin Ek", SenderOrg: "Nacka kommun"}, "Förslag av Karin Ek"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.row.PublicDescription(); got != tt.want {
				t.Errorf("PublicDescription = %q, want %q", got, tt.want)
			}
		})
	}
}
