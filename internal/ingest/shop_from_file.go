package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// ShopSpec names the shop an import goes to, and says how to create it when it is new. Empty
// Currency and Locale are taken from the export and its currency.
type ShopSpec struct {
	Slug     string
	Platform string
	Currency string
	Locale   string
	Timezone string // the zone the shop's exports write times in
}

// ShopError is a shop setting an import cannot use; the command line and the web name the
// setting their own way (a flag, a form field).
type ShopError struct {
	Field  string // "slug", "currency", "locale" or "timezone"
	Value  string // as given; "" when it was missing
	Reason string
}

func (e *ShopError) Error() string {
	if e.Value == "" {
		return e.Field + " " + e.Reason
	}
	return fmt.Sprintf("%s %q %s", e.Field, e.Value, e.Reason)
}

// PlanShop returns the workspace's shop spec.Slug, or, when there is none, the shop spec
// describes (isNew, not saved yet: create it with store.CreateShop once the rest of the import
// is checked). A new shop takes its currency from spec or else from the Currency column of the
// export at firstFile, and its number format from spec or else the usual one of its currency.
func PlanShop(ctx context.Context, s *store.Store, ws *model.Workspace, spec ShopSpec, firstFile string) (shop *model.Shop, isNew bool, err error) {
	if !model.ValidSlug(spec.Slug) {
		return nil, false, &ShopError{Field: "slug", Value: spec.Slug, Reason: "is not a shop slug: use lowercase letters, digits, '-' and '_' (at most 63)"}
	}
	shop, err = s.ShopBySlug(ctx, ws.ID, spec.Slug)
	if err == nil {
		if spec.Currency != "" && !strings.EqualFold(spec.Currency, shop.Currency) {
			return nil, false, &ShopError{Field: "currency", Value: strings.ToUpper(spec.Currency),
				Reason: fmt.Sprintf("does not match shop %q, which sells in %s", shop.Slug, shop.Currency)}
		}
		return shop, false, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, false, err
	}
	currency := strings.ToUpper(strings.TrimSpace(spec.Currency))
	if currency == "" {
		if currency, err = PeekCurrency(firstFile); err != nil {
			return nil, false, &ShopError{Field: "currency", Reason: fmt.Sprintf("of new shop %q is unknown: %v", spec.Slug, err)}
		}
	}
	if _, ok := intl.LookupCurrency(currency); !ok {
		return nil, false, &ShopError{Field: "currency", Value: currency,
			Reason: "is not a currency creatorops knows (want an ISO 4217 code such as USD, IDR, VND)"}
	}
	locale := spec.Locale
	if locale == "" {
		locale = intl.DefaultLocale(currency).Tag
	} else if l, ok := intl.LookupLocale(locale); ok {
		locale = l.Tag
	} else {
		return nil, false, &ShopError{Field: "locale", Value: spec.Locale, Reason: "is not a number format creatorops knows (e.g. en-US, id-ID, vi-VN)"}
	}
	tz := cmp.Or(spec.Timezone, "UTC")
	if _, err := time.LoadLocation(tz); err != nil {
		return nil, false, &ShopError{Field: "timezone", Value: tz, Reason: "is not a time zone (want an IANA name such as UTC, America/Los_Angeles, Asia/Jakarta)"}
	}
	return &model.Shop{WorkspaceID: ws.ID, Slug: spec.Slug, Name: spec.Slug, Platform: cmp.Or(spec.Platform, model.PlatformTikTokShop),
		Currency: currency, Locale: locale, Timezone: tz}, true, nil
}
