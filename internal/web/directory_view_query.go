package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/store"
)

// DirectoryViewQuery reads a saved directory view's query string as the directory page reads
// it for the member userID who saved it ("owner=me" is theirs), for work done outside a
// request: the outreach rule job enrolls the creators of a sequence's saved view with it.
func DirectoryViewQuery(query string, userID int64) (store.DirectoryQuery, error) {
	st := &requestState{principal: &auth.Principal{User: &store.User{ID: userID}}}
	r := (&http.Request{Method: http.MethodGet, URL: &url.URL{RawQuery: query}}).
		WithContext(context.WithValue(context.Background(), stateKey{}, st))
	q, err := parseDirectoryQuery(r)
	q.After = nil
	return q, err
}
