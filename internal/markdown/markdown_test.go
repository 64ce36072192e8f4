package markdown

import (
	"context"
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

func TestRenderKeepsWhatBodiesNeed(t *testing.T) {
	tests := []struct {
		name, in        string
		want, forbidden []string
	}{
		{"links say nothing about the portal", "[Region](https://example.com/a)", []string{`href="https://example.com/a"`, `noreferrer"`}, nil},
		{"bare URLs become links", "Se https://example.com/sida för mer.", []string{`<a href="https://example.com/sida"`}, nil},
		{"mailto allowed", "[Skriv](mailto:registrator@example.se)", []string{`href="mailto:registrator@example.se"`}, nil},
		{"data URL removed", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
		{"vbscript removed", "[x](vbscript:msgbox)", nil, []string{"vbscript:"}},
		{"lists", "- ett\n- två", []string{"<ul>", "<li>ett</li>"}, nil},
		{"tables", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"raw HTML with handlers dropped", `<div onclick="evil()" style="color:red">x</div>`, nil, []string{"onclick", "style=", "evil"}},
		{"iframe dropped", `<iframe src="https://example.com"></iframe>`, nil, []string{"<iframe"}},
		{"style element dropped", "<style>body{display:none}</style>", nil, []string{"<style", "display:none"}},
		{"inline HTML in a paragraph dropped", `Text <span onmouseover="x()">här</span>`, []string{"Text"}, []string{"onmouseover", "<span"}},
		{"text is escaped", "1 < 2 & 3 > 2", []string{"1 &lt; 2 &amp; 3 &gt; 2"}, nil},
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

func TestRenderHeadingShift(t *testing.T) {
	src := "# Ett\n\n## Två\n\n##### Fem"
	tests := []struct {
		shift int
		want  []string
	}{
		{0, []string{"<h1>Ett</h1>", "<h2>Två</h2>", "<h5>Fem</h5>"}},
		{1, []string{"<h2>Ett</h2>", "<h3>Två</h3>", "<h6>Fem</h6>"}},
		{2, []string{"<h3>Ett</h3>", "<h4>Två</h4>", "<h6>Fem</h6>"}},
	}
	for _, tt := range tests {
		got, err := Render(src, tt.shift)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("shift %d: %q lacks %q", tt.shift, got, w)
			}
		}
	}
}

func TestHTMLComponent(t *testing.T) {
	var b strings.Builder
	if err := HTML("# Rubrik\n\n<script>x()</script>**fet**").Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if strings.Contains(got, "<h1") || strings.Contains(got, "<script") || !strings.Contains(got, "<h2>Rubrik</h2>") {
		t.Errorf("HTML rendered %q", got)
	}
}
