package tiktokshop

import (
	"context"
	"fmt"
	"net/http"
)

// GeneratePromotionLink returns the affiliate promotion link for a product.
func (cl *Client) GeneratePromotionLink(ctx context.Context, shop ShopAuth, productID string) (string, error) {
	tmpl := "/affiliate_seller/202405/products/{id}/promotion_link/generate"
	if err := checkID(http.MethodPost, tmpl, "product id", productID); err != nil {
		return "", err
	}
	var d struct {
		ProductPromotionLink string `json:"product_promotion_link"`
	}
	path := "/affiliate_seller/202405/products/" + productID + "/promotion_link/generate"
	if err := cl.do(ctx, cl.shopCall(http.MethodPost, path, shop, nil, false), &d); err != nil {
		return "", err
	}
	if d.ProductPromotionLink == "" {
		return "", fmt.Errorf("tiktokshop: POST %s: response has no product_promotion_link", path)
	}
	return d.ProductPromotionLink, nil
}
