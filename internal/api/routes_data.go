package api

// registerData adds the operations on creators, products and order lines.
func registerData(a *API) {
	registerCreators(a)
	registerProducts(a)
	registerOrders(a)
}
