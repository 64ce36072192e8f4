package markdown

import (
	"strings"
	"testing"
)

func TestRenderSanitises(t *testing.T) {
	tests := []struct {
		name, in        string
		want, forbidden []string
	}{
		{"paragraph", "Hej **du**", []string{"<p>Hej <strong>du</strong></p>"}, nil},
		{"script removed", "a<script>alert(1)</script>b", nil, []string{"<script", "alert(1)</script>"}},
		{"event handler removed", `<a href="/x" onclick="evil()">x</a>`, nil, []string{"onclick"}},
		{"javascript link removed", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"image dropped", "![alt](http://example.com/x.png)", nil, []string{"<img"}},
		{"heading shifted below h1", "# Rubrik\n\n## Under", []string{"<h2", "<h3"}, []string{"<h1"}},
		{"h6 stays h6", "###### Liten", []string{"<h6"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.in, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(got, f) {
					t.Errorf("Render(%q) = %q, must not contain %q", tt.in, got, f)
				}
			}
		})
	}
}
