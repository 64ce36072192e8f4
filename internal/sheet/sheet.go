// Package sheet writes the CSV files staff open in a spreadsheet program:
// ';'-separated (the list separator of Swedish spreadsheets), CRLF, UTF-8
// with a byte order mark so that å, ä and ö read right, and every cell
// neutralised so that text someone typed into a form never runs as a
// formula in the case officer's spreadsheet.
package sheet

import (
	"encoding/csv"
	"io"
)

// Writer writes the rows of one file.
type Writer struct {
	cw *csv.Writer
}

// New starts a file on w with its byte order mark.
func New(w io.Writer) (*Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	return &Writer{cw: cw}, nil
}

// Row writes one row, each cell made safe (SafeCell).
func (w *Writer) Row(cells ...string) error {
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = SafeCell(c)
	}
	return w.cw.Write(safe)
}

// Flush writes what is buffered and reports any error of the whole file.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// SafeCell neutralises a cell a spreadsheet would read as a formula (one
// starting with = + - @, or a tab or carriage return that hides one) by
// putting an apostrophe in front.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
