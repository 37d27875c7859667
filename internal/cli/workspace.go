package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

func checkSlug(what, slug string) error {
	if !model.ValidSlug(slug) {
		return fmt.Errorf("--%s %q: use lowercase letters, digits, '-' and '_' (at most 63)", what, slug)
	}
	return nil
}

func checkZone(tz string) error {
	if _, err := time.LoadLocation(tz); err != nil {
		return fmt.Errorf("--tz %q is not a time zone (want an IANA name such as UTC, America/Los_Angeles, Asia/Jakarta)", tz)
	}
	return nil
}

// ensureWorkspace returns the workspace, creating it (with a notice) when it does not exist yet,
// so a first import needs no other step.
func (a *app) ensureWorkspace(ctx context.Context, s *store.Store, slug, tz string) (*model.Workspace, error) {
	if err := checkSlug("workspace", slug); err != nil {
		return nil, err
	}
	if err := checkZone(tz); err != nil {
		return nil, err
	}
	ws, created, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Name: slug, Timezone: tz})
	if err != nil {
		return nil, err
	}
	if created {
		a.notice("created workspace %q (reports use time zone %s)", slug, ws.Timezone)
	}
	return ws, nil
}

// openWorkspace opens the database and finds a workspace that must exist; the caller closes
// the store.
func (a *app) openWorkspace(ctx context.Context, slug string) (*store.Store, *model.Workspace, error) {
	s, err := a.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	ws, err := s.WorkspaceBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("there is no workspace %q (an import creates it)", slug)
	}
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, ws, nil
}

// shopOptions say how to create a shop the command line names for the first time.
type shopOptions struct {
	slug, platform, currency, locale, tz string
}

// ensureShop returns the workspace's shop, creating it (with a notice) when it does not exist.
// A new shop takes its currency from --currency or else from the file's Currency column, and its
// number format from --locale or else the usual one for that currency (see ingest.PlanShop,
// which uploads in the web app use too).
func (a *app) ensureShop(ctx context.Context, s *store.Store, ws *model.Workspace, o shopOptions, firstFile string) (*model.Shop, error) {
	if err := checkSlug("shop", o.slug); err != nil {
		return nil, err
	}
	if err := checkZone(o.tz); err != nil {
		return nil, err
	}
	shop, isNew, err := ingest.PlanShop(ctx, s, ws, ingest.ShopSpec{Slug: o.slug, Platform: o.platform,
		Currency: o.currency, Locale: o.locale, Timezone: o.tz}, firstFile)
	var se *ingest.ShopError
	switch {
	case errors.As(err, &se) && se.Field == "currency" && se.Value == "":
		return nil, fmt.Errorf("%w; pass --currency", err)
	case errors.As(err, &se):
		return nil, fmt.Errorf("--%w", err)
	case err != nil:
		return nil, err
	case !isNew:
		return shop, nil
	}
	shop, created, err := s.CreateShop(ctx, *shop)
	if err != nil {
		return nil, err
	}
	if created {
		a.notice("created shop %q in workspace %q: %s, currency %s, numbers read as %s, export times read in %s",
			o.slug, ws.Slug, o.platform, shop.Currency, shop.Locale, o.tz)
	}
	return shop, nil
}
