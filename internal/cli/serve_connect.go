package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
)

// connectFlags are serve's options for connecting shops through the TikTok Shop Open API.
type connectFlags struct {
	apiURL, authURL, authorizeURL, serviceID, publicURL string
	// The Shopee Open Platform app (docs/platform-shopee.md).
	shopeePartnerID             int64
	shopeePartnerKey, shopeeAPI string
}

func (f *connectFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.apiURL, "tiktok-api-url", tiktokshop.DefaultAPIBaseURL, "TikTok Shop Open API host (a regional host, or a fake's URL)")
	fl.StringVar(&f.authURL, "tiktok-auth-url", tiktokshop.DefaultAuthBaseURL, "TikTok Shop auth host, for the token exchange and refresh")
	fl.StringVar(&f.authorizeURL, "tiktok-authorize-url", tiktokshop.DefaultAuthorizeBase, "the page sellers authorize the app on (US sellers: "+tiktokshop.USAuthorizeBase+")")
	fl.StringVar(&f.serviceID, "tiktok-service-id", "", "the app's service id in TikTok Shop Partner Center (needed to connect shops)")
	fl.Int64Var(&f.shopeePartnerID, "shopee-partner-id", 0, "Shopee Open Platform partner id (needed to connect Shopee shops)")
	// A secret on the command line shows in ps: the help points to the environment instead.
	fl.StringVar(&f.shopeePartnerKey, "shopee-partner-key", "", "Shopee partner key (prefer CREATOROPS_SHOPEE_PARTNER_KEY or the config file: flags show in ps)")
	fl.StringVar(&f.shopeeAPI, "shopee-api-url", shopee.DefaultBaseURL, "Shopee Open Platform host (the sandbox "+shopee.SandboxBaseURL+", or a fake's URL)")
	fl.StringVar(&f.publicURL, "public-url", "", "where browsers reach this server, e.g. https://creatorops.example.com: the redirect URL to register is this + "+connect.CallbackPath)
}

// connectService builds the service that connects shops. Without an encryption key it still
// serves (imports need none), unless connections already exist: their tokens could not be
// opened, so the start fails with the way to fix it.
func (a *app) connectService(ctx context.Context, s *store.Store, f connectFlags, appKey, appSecret string) (*connect.Service, error) {
	keys, err := secrets.Load()
	if err != nil && !errors.Is(err, secrets.ErrNoKey) {
		return nil, err
	}
	svc := &connect.Service{Store: s, Keys: keys, ServiceID: f.serviceID, AuthorizeBase: f.authorizeURL, PublicURL: f.publicURL, Logger: a.log,
		TikTok: tiktokshop.Config{AppKey: appKey, AppSecret: appSecret, APIBaseURL: f.apiURL, AuthBaseURL: f.authURL},
		Shopee: shopee.Config{PartnerID: f.shopeePartnerID, PartnerKey: f.shopeePartnerKey, BaseURL: f.shopeeAPI}}
	if err := svc.CheckReady(ctx); err != nil {
		return nil, err
	}
	if keys == nil && (svc.Configured() || svc.ShopeeConfigured()) {
		a.log.Warn("no encryption key: connecting shops will be refused until one is set", "env", secrets.KeyEnv)
	}
	return svc, nil
}
