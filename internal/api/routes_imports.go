package api

// registerImports adds the operations on imports and reports.
func registerImports(a *API) {
}
