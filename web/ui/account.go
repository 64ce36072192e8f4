package ui

import "context"

// Account is what the layout shows of a signed-in visitor: the header then
// offers their pages and signing out instead of signing in.
type Account struct {
	Name string
	// Links are the role's own areas, in menu order.
	Links []NavItem
}

type accountKey struct{}

// WithAccount stores the signed-in visitor for the layout.
func WithAccount(ctx context.Context, a *Account) context.Context {
	return context.WithValue(ctx, accountKey{}, a)
}

// AccountFrom returns the signed-in visitor, or nil.
func AccountFrom(ctx context.Context) *Account {
	a, _ := ctx.Value(accountKey{}).(*Account)
	return a
}

type konsulentNavKey struct{}

// WithKonsulentNav marks the request as a consultant's page whose area is
// active (a Key of KonsulentNavItems, or "" for none): the layout then draws
// the consultants' menu above the content.
func WithKonsulentNav(ctx context.Context, active string) context.Context {
	return context.WithValue(ctx, konsulentNavKey{}, &active)
}

// KonsulentNavFrom is the active area of a consultant's page, and whether the
// page is one.
func KonsulentNavFrom(ctx context.Context) (string, bool) {
	a, ok := ctx.Value(konsulentNavKey{}).(*string)
	if !ok {
		return "", false
	}
	return *a, true
}

// KonsulentArea is the Key of KonsulentNavItems whose page path is under, or
// "".
func KonsulentArea(path string) string {
	for _, it := range KonsulentNavItems {
		if path == it.Href || len(path) > len(it.Href) && path[:len(it.Href)+1] == it.Href+"/" {
			return it.Key
		}
	}
	return ""
}
