package ui

// FieldError is a validation message tied to a form field (by its name,
// which is also the input's id).
type FieldError struct {
	Field   string
	Message string
}

// Field describes one input for the Input component.
type Field struct {
	Name         string
	Label        string
	Value        string
	Type         string // text when empty; email, password, tel, url, search
	Hint         string
	Error        string
	Autocomplete string
	Required     bool
	// EitherOr drops the "(frivilligt)" mark from a field that is not
	// required on its own but is one of a pair of which one must be filled
	// in (an e-mail address or a phone number); the hint says so.
	EitherOr  bool
	MaxLength int
}
