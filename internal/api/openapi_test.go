package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// TestOpenAPIDocumentValidates fetches the document as a client does and validates it as
// OpenAPI 3.1 with an independent implementation.
func TestOpenAPIDocumentValidates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := httptest.NewServer(web.New(s, slog.New(slog.NewTextHandler(t.Output(), nil))))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/api/v1/openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc, err := openapi3.NewLoader().LoadFromData(body)
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if !doc.IsOpenAPI31OrLater() {
			t.Errorf("version %s, want 3.1", doc.OpenAPI)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Errorf("the OpenAPI document does not validate: %v", err)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if op.OperationID == "" || op.Summary == "" {
					t.Errorf("%s %s lacks an operationId or a summary", method, path)
				}
				if op.Responses.Value("401") == nil {
					t.Errorf("%s %s does not document 401", method, path)
				}
			}
		}
	})
}
