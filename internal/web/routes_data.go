package web

import "github.com/creatorops/creatorops/internal/access"

// dataRoutes are the creators, products and order lines pages and their CSV exports.
func (h *handler) dataRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/creators", perm: access.ViewData, handler: h.creatorsList},
		{pattern: "GET /w/{ws}/creators.csv", perm: access.ExportData, handler: h.creatorsCSV},
		{pattern: "GET /w/{ws}/creators/{creator}", perm: access.ViewData, handler: h.creatorShow},
		{pattern: "GET /w/{ws}/products", perm: access.ViewData, handler: h.productsList},
		{pattern: "GET /w/{ws}/products.csv", perm: access.ExportData, handler: h.productsCSV},
		{pattern: "GET /w/{ws}/orders", perm: access.ViewData, handler: h.ordersList},
		{pattern: "GET /w/{ws}/orders.csv", perm: access.ExportData, handler: h.ordersCSV},
	}
}
