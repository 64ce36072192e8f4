package actor

import "net/url"

// Values returns the filter as URL parameters, without the page.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.ArtForm != nil {
		v.Set("konstform", f.ArtForm.Slug)
	}
	if f.Municipality != nil {
		v.Set("kommun", f.Municipality.Slug)
	}
	if f.Name != "" {
		v.Set("q", f.Name)
	}
	return v
}

// Active reports whether any filter is set.
func (f Filter) Active() bool { return f.ArtForm != nil || f.Municipality != nil || f.Name != "" }

// Without returns the directory URL with the named parameter removed.
func (f Filter) Without(key string) string {
	v := f.Values()
	v.Del(key)
	if enc := v.Encode(); enc != "" {
		return "/kulturaktorer?" + enc
	}
	return "/kulturaktorer"
}
