package application_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"residens/internal/testutil"
)

// TestAttachmentRules: only PDFs recognised by content, at most 10 MB and
// five files; each refusal is a 422 with a clear message at the file
// field, what was typed kept on the page and nothing saved.
func TestAttachmentRules(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "bilagor", Title: "Bilagor",
		OpensAt: testutil.Now.AddDate(0, -1, 0), ClosesAt: testutil.Now.AddDate(0, 1, 0),
		Attachments: map[string]bool{"cv": true, "portfolio": false}})
	ada := s.artist(t, "Ada Dansare")
	const form = "/utlysningar/bilagor/ansokan"
	const upload = form + "/bilagor"

	// The first upload makes the draft, with what was typed.
	r := s.upload(t, upload, ada, with(complete(), "typ", "cv"), "Mitt CV.pdf", pdf(5000))
	wantRedirect(t, r, form)
	if got := testutil.Scalar[string](t, s.pool, `SELECT a.state || '|' || a.practice || '|' || f.filename || '|' || f.size || '|' || f.kind
		FROM applications a JOIN application_files f ON f.application_id = a.id`); got != "draft|Samtida dans med fokus på improvisation.|Mitt CV.pdf|5000|cv" {
		t.Errorf("after the first upload: %q", got)
	}
	typed := with(with(complete(), "typ", "portfolio"), "ide", "En ny idé, inte sparad.")

	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 4000)...)
	big := pdf(10<<20 + 1)
	truncated := pdf(20000)[:15000]
	cases := []struct {
		name, filename string
		data           []byte
		want           string
	}{
		{"renamed executable", "portfolio.pdf", exe, "inte en PDF-fil"},
		{"over 10 MB", "stor.pdf", big, "högst 10 MB"},
		{"truncated", "halv.pdf", truncated, "ofullständig"},
		{"empty", "tom.pdf", nil, "tom"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.upload(t, upload, ada, typed, tc.filename, tc.data)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			testutil.CheckPage(t, upload, r)
			if got := r.Text("error-fil"); !strings.Contains(got, tc.want) {
				t.Errorf("refusal %q, want it to say %q", got, tc.want)
			}
			if got := errorFields(r); len(got) != 1 || got[0] != "fil" {
				t.Errorf("error summary links to %v, want the file field", got)
			}
			if got := inputValue(r, "ide"); got != "En ny idé, inte sparad." {
				t.Errorf("the form lost what was typed: %q", got)
			}
			if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM application_files`); n != 1 {
				t.Errorf("%d files after a refusal, want 1", n)
			}
			if got := testutil.Scalar[string](t, s.pool, `SELECT idea FROM applications`); got != "Ett år av dans i skolan och på biblioteket." {
				t.Errorf("a refused upload saved the texts: %q", got)
			}
		})
	}

	t.Run("kind not asked for", func(t *testing.T) {
		r := s.upload(t, upload, ada, with(complete(), "typ", "work_plan"), "plan.pdf", pdf(1000))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.Text("error-typ") == "" {
			t.Error("no error at the kind field")
		}
	})

	t.Run("body over the limit", func(t *testing.T) {
		r := s.upload(t, upload, ada, typed, "enorm.pdf", pdf(12<<20))
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		testutil.CheckPage(t, upload, r)
		if !strings.Contains(r.Text("error-fil"), "högst 10 MB") {
			t.Errorf("refusal %q", r.Text("error-fil"))
		}
		if r.TestID("application-form").Length() != 1 {
			t.Error("the form is not shown again")
		}
	})

	t.Run("no file chosen saves the texts", func(t *testing.T) {
		r := s.upload(t, upload, ada, with(complete(), "typ", "cv"), "", nil)
		wantRedirect(t, r, form)
		if !strings.Contains(r.Header.Get("Location"), "ingen-fil") {
			t.Errorf("redirect to %q", r.Header.Get("Location"))
		}
	})

	t.Run("a sixth file", func(t *testing.T) {
		for i := 2; i <= 5; i++ {
			wantRedirect(t, s.upload(t, upload, ada, with(complete(), "typ", "portfolio"), "del"+strconv.Itoa(i)+".pdf", pdf(800)), form)
		}
		r := s.get(t, form, ada)
		if r.TestID("files-full").Length() != 1 {
			t.Error("the form does not say the files are full")
		}
		r = s.upload(t, upload, ada, with(complete(), "typ", "portfolio"), "sjatte.pdf", pdf(800))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.Text("error-fil"), "redan 5 filer") {
			t.Errorf("sixth file refused with %q", r.Text("error-fil"))
		}
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM application_files`); n != 5 {
			t.Errorf("%d files, want 5", n)
		}
	})

	t.Run("remove a file", func(t *testing.T) {
		id := testutil.Scalar[int64](t, s.pool, `SELECT id FROM application_files WHERE filename = 'del5.pdf'`)
		r := s.post(t, form+"/bilagor/"+strconv.FormatInt(id, 10)+"/ta-bort", ada, with(complete(), "ide", "Ändrad när filen togs bort."))
		wantRedirect(t, r, form)
		got := testutil.Scalar[string](t, s.pool, `SELECT idea || '|' || (SELECT count(*) FROM application_files) FROM applications`)
		if got != "Ändrad när filen togs bort.|4" {
			t.Errorf("after removal: %q", got)
		}
		// The same click again finds nothing to remove and is no error.
		wantRedirect(t, s.post(t, form+"/bilagor/"+strconv.FormatInt(id, 10)+"/ta-bort", ada, nil), form)
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'application_file_removed'`); n != 1 {
			t.Errorf("%d removal entries, want 1", n)
		}
	})
}
