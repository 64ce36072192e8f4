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
	MaxLength    int
}
