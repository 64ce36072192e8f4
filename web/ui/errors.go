package ui

// FieldErrors are a form's validation messages in the order the fields come
// on the page, which is the order the error summary lists them in. A form
// struct embeds or returns one; the view asks For(field) beside each field.
type FieldErrors []FieldError

// Add records msg for field. The first message for a field wins: one
// message a field is what a person can act on.
func (e *FieldErrors) Add(field, msg string) {
	if e.For(field) != "" {
		return
	}
	*e = append(*e, FieldError{Field: field, Message: msg})
}

// Check adds msg for field unless ok, and reports ok, so validation reads
// as a list of rules: errs.Check(name != "", "namn", "Skriv ditt namn.").
func (e *FieldErrors) Check(ok bool, field, msg string) bool {
	if !ok {
		e.Add(field, msg)
	}
	return ok
}

// For is the message for field, or "".
func (e FieldErrors) For(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// Any reports whether there is at least one message.
func (e FieldErrors) Any() bool { return len(e) > 0 }
