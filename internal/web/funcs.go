package web

import (
	"html/template"
	"time"
)

// templateFuncs are the helpers every template may call.
var templateFuncs = template.FuncMap{
	// inZone shows an instant in a time zone (the workspace's), the way every page shows times.
	"inZone": func(t time.Time, tz string) string {
		if t.IsZero() {
			return "—"
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			loc = time.UTC
		}
		return t.In(loc).Format("2 Jan 2006 15:04")
	},
	// wsPath is the address of a workspace page: wsPath "acme" "creators" → /w/acme/creators.
	"wsPath": func(slug, path string) string { return "/w/" + slug + "/" + path },
}
