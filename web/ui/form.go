package ui

import "strconv"

// FieldError is a validation message tied to a form field (by its name,
// which is also the input's id).
type FieldError struct {
	Field   string
	Message string
}

// Field describes one input for the Input and DateInput components (and,
// with Rows, for Textarea).
type Field struct {
	Name string
	// ID is the control's id (and the stem of its hint's and error's) when
	// it differs from Name: the rows of a repeated group share one name
	// ("aktor") and each has its own id ("aktor-0").
	ID    string
	Label string
	Value string
	Type  string // text when empty; email, password, tel, url, search, time, file
	// Accept, for a file input, names the types of file it takes.
	Accept       string
	Hint         string
	Error        string
	Autocomplete string
	Required     bool
	// EitherOr drops the "(frivilligt)" mark from a field that is not
	// required on its own but is one of a pair of which one must be filled
	// in (an e-mail address or a phone number); the hint says so.
	EitherOr bool
	// Unmarked drops the "(frivilligt)" mark where saying so on each
	// control would be noise: a search or filter form, where everything is
	// optional, and the rows of a repeated group whose legend says it once.
	Unmarked bool
	// ReadOnly shows a value that cannot be changed now (the criteria of a
	// call that has applications), still sent with the form.
	ReadOnly bool
	// Numeric asks for the digits keyboard (inputmode numeric) on a text
	// box for a whole number: type=number would round, spin on scrolling
	// and drop what it cannot parse before the server could say why.
	Numeric   bool
	MaxLength int
	// Rows is the height of a Textarea, in lines (5 when zero).
	Rows int
	// Counter, for a Textarea, is its limit in characters, stated in the
	// hint with, once it holds text, how many are typed: a count that needs
	// no script. The box itself takes more (no maxlength), so that a pasted
	// text is not cut unseen; the server refuses it, and the count shows by
	// how much it is over.
	Counter int
	// Width narrows an input to about this many characters (CSS class
	// width-N; 0 is the full width): a postcode or a year need not span
	// the page, and a narrow box says a short answer is wanted.
	Width int
}

// Option is one choice of a Select, Checkboxes or Radios.
type Option struct {
	Value string
	Label string
	// Hint explains the choice under its label (Checkboxes and Radios).
	Hint string
}

// FindOption is the option among opts whose value is v: what a form or a
// filter checks a sent value against.
func FindOption(opts []Option, v string) (Option, bool) {
	for _, o := range opts {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// HasOption reports whether v is the value of one of opts.
func HasOption(opts []Option, v string) bool { _, ok := FindOption(opts, v); return ok }

// OptionLabel is the label of the option among opts whose value is v, or v
// itself when there is none.
func OptionLabel(opts []Option, v string) string {
	if o, ok := FindOption(opts, v); ok {
		return o.Label
	}
	return v
}

// Choice describes a Select (one value) or a group of Checkboxes or Radios.
type Choice struct {
	// Name is the form field; for a Select also its id, for a group the id
	// of its fieldset, which the error summary links to.
	Name string
	// ID is a Select's id when it differs from Name, as for Field.ID.
	ID    string
	Label string // the Select's label, or the group's legend
	Hint  string
	Error string
	// Options are the choices in order.
	Options []Option
	// Selected holds the chosen values (one for a Select or Radios).
	Selected []string
	// Empty, for a Select, labels a first option with the value "" (such as
	// "Alla kommuner" in a filter). A required Select without it gets
	// "Välj …", so that nothing is chosen for the person.
	Empty    string
	Required bool
	// Unmarked drops the "(frivilligt)" mark, as for Field.Unmarked.
	Unmarked bool
	// Inline lays a short group out in a row (Ja / Nej).
	Inline bool
}

// id is the control's id: ID, or Name.
func (f Field) id() string {
	if f.ID != "" {
		return f.ID
	}
	return f.Name
}

// id is the control's id: ID, or Name.
func (c Choice) id() string {
	if c.ID != "" {
		return c.ID
	}
	return c.Name
}

// Chosen reports whether value is among the selected ones.
func (c Choice) Chosen(value string) bool {
	for _, s := range c.Selected {
		if s == value {
			return true
		}
	}
	return false
}

// optionID is the id of the i-th checkbox or radio of a group.
func optionID(name string, i int) string { return name + "-" + strconv.Itoa(i+1) }

// describedByIDs joins the ids that describe a control (its hint and its
// error), or "" when there are none, so that no empty aria-describedby is
// ever written.
func describedByIDs(name, hint, err string) string {
	s := ""
	if hint != "" {
		s = name + "-hint"
	}
	if err != "" {
		if s != "" {
			s += " "
		}
		s += name + "-error"
	}
	return s
}
