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
