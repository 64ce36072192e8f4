package application

import (
	"bytes"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FileError is an attachment refused for a reason the artist can act on;
// Message is Swedish and shown next to the file field.
type FileError struct {
	Message string
}

func (e *FileError) Error() string { return e.Message }

// The refusals of an attachment. Compare with errors.Is.
var (
	// ErrNotPDF: the content is not a PDF, whatever the file is called.
	ErrNotPDF = &FileError{Message: "Filen är inte en PDF-fil. Spara dokumentet som PDF och försök igen."}
	// ErrTruncatedPDF: it starts like a PDF but does not end like one
	// (cut short while saving or sending).
	ErrTruncatedPDF = &FileError{Message: "PDF-filen verkar vara ofullständig eller skadad: den slutar inte som en PDF-fil ska. Spara den på nytt och försök igen."}
	// ErrFileTooLarge: the file is over MaxFileBytes.
	ErrFileTooLarge = &FileError{Message: "Filen är för stor. En bilaga får vara högst 10 MB."}
	// ErrEmptyFile: the file has no content.
	ErrEmptyFile = &FileError{Message: "Filen är tom. Välj en annan fil."}
	// ErrNoFile: an upload without a chosen file.
	ErrNoFile = &FileError{Message: "Välj en PDF-fil att ladda upp."}
)

// pdfTail is how far from the end a PDF's end-of-file marker may be: writers
// put a line break or a little padding after it, never much.
const pdfTail = 1024

// checkPDF recognises a PDF by its content: it starts with the "%PDF-"
// header and has the "%%EOF" marker within its last KiB, so a renamed
// executable and a file cut short are both refused.
func checkPDF(data []byte) error {
	switch {
	case len(data) == 0:
		return ErrEmptyFile
	case len(data) > MaxFileBytes:
		return ErrFileTooLarge
	case !bytes.HasPrefix(data, []byte("%PDF-")):
		return ErrNotPDF
	}
	tail := data[max(0, len(data)-pdfTail):]
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return ErrTruncatedPDF
	}
	return nil
}

// cleanFilename makes the name a browser sent something safe to store and
// to offer back in a Content-Disposition header: the base name only, no
// control characters, at most 200 characters, ending in .pdf.
func cleanFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.ToValidUTF8(name, ""))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" {
		name = "bilaga.pdf"
	}
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	if utf8.RuneCountInString(name) > 200 {
		// Shorten the stem, keeping the extension.
		name = string([]rune(name)[:196]) + ".pdf"
	}
	return name
}
