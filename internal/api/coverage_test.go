package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// apiCall is one request of the walk through the API.
type apiCall struct {
	op     string // the operationId the request exercises
	method string
	path   string // under /api/v1, with {placeholders} from the walk's values
	body   string // JSON; "upload" for the multipart upload of a sample export
	status int
	keep   map[string]string // values to read from the JSON answer for later calls: name → top-level field path
}

// apiWalk calls every operation once, in an order where each call finds what it needs. Values
// in {braces} come from the fixture or from earlier answers.
var apiWalk = []apiCall{
	{op: "list-workspaces", method: "GET", path: "/workspaces", status: 200},
	{op: "get-workspace", method: "GET", path: "/workspaces/acme", status: 200},
	{op: "list-shops", method: "GET", path: "/workspaces/acme/shops", status: 200},
	{op: "create-shop", method: "POST", path: "/workspaces/acme/shops", status: 201,
		body: `{"slug":"id","name":"Glow Lab ID","platform":"tiktok_shop","currency":"IDR","timezone":"Asia/Jakarta"}`},
	{op: "get-shop", method: "GET", path: "/workspaces/acme/shops/id", status: 200},
	{op: "update-shop", method: "PATCH", path: "/workspaces/acme/shops/id", status: 200, body: `{"region":"ID"}`},
	{op: "upload-import", method: "POST", path: "/workspaces/acme/imports", body: "upload", status: 202, keep: map[string]string{"run": "id"}},
	{op: "list-imports", method: "GET", path: "/workspaces/acme/imports?limit=5", status: 200},
	{op: "get-import", method: "GET", path: "/workspaces/acme/imports/{run}", status: 200},
	{op: "list-rejected-rows", method: "GET", path: "/workspaces/acme/imports/{firstrun}/rejected", status: 200},
	{op: "list-creators", method: "GET", path: "/workspaces/acme/creators?sort=gmv&limit=3", status: 200},
	{op: "get-creator", method: "GET", path: "/workspaces/acme/creators/{creator}", status: 200},
	{op: "set-creator-stage", method: "PUT", path: "/workspaces/acme/creators/{creator}/stage", status: 200, body: `{"stage":"contacted"}`},
	{op: "set-creator-owner", method: "PUT", path: "/workspaces/acme/creators/{creator}/owner", status: 200, body: `{"owner_id":0}`},
	{op: "update-creator-tags", method: "POST", path: "/workspaces/acme/creators/{creator}/tags", status: 200, body: `{"add":["vip"]}`},
	{op: "update-creator-profile", method: "PATCH", path: "/workspaces/acme/creators/{creator}/profile", status: 200,
		body: `{"email":"pixie@example.com","followers":1200,"time_zone":"America/New_York"}`},
	{op: "create-creator-note", method: "POST", path: "/workspaces/acme/creators/{creator}/notes", status: 201, body: `{"body":"Prefers Discord."}`},
	{op: "list-creator-notes", method: "GET", path: "/workspaces/acme/creators/{creator}/notes", status: 200},
	{op: "create-task", method: "POST", path: "/workspaces/acme/tasks", status: 201, body: `{"title":"Send the brief","due":"2026-11-20"}`,
		keep: map[string]string{"task": "id"}},
	{op: "list-tasks", method: "GET", path: "/workspaces/acme/tasks?status=open", status: 200},
	{op: "get-task", method: "GET", path: "/workspaces/acme/tasks/{task}", status: 200},
	{op: "update-task", method: "PUT", path: "/workspaces/acme/tasks/{task}", status: 200, body: `{"title":"Send the brief today"}`},
	{op: "complete-task", method: "POST", path: "/workspaces/acme/tasks/{task}/complete", status: 200},
	{op: "reopen-task", method: "POST", path: "/workspaces/acme/tasks/{task}/reopen", status: 200},
	{op: "delete-task", method: "DELETE", path: "/workspaces/acme/tasks/{task}", status: 204},
	{op: "get-creator-timeline", method: "GET", path: "/workspaces/acme/creators/{creator}/timeline?limit=5", status: 200},
	{op: "get-pipeline", method: "GET", path: "/workspaces/acme/pipeline?tag=vip&per_column=5", status: 200},
	{op: "list-sla-views", method: "GET", path: "/workspaces/acme/pipeline/sla", status: 200},
	{op: "list-sla-creators", method: "GET", path: "/workspaces/acme/pipeline/sla/creators?view=engaged", status: 200},
	{op: "list-directory", method: "GET", path: "/workspaces/acme/directory?sort=gmv_30d&limit=2&stage=prospect,active", status: 200},
	{op: "get-creator-profile", method: "GET", path: "/workspaces/acme/creators/{creator}/profile", status: 200},
	{op: "create-creator", method: "POST", path: "/workspaces/acme/creators", status: 201,
		body: `{"handle":"@new_prospect","verticals":["Beauty"],"stage":"contacted"}`},
	{op: "bulk-update-creators", method: "POST", path: "/workspaces/acme/directory/bulk", status: 200,
		body: `{"action":"tag_add","ids":[{creator}],"tag":"vip"}`},
	{op: "save-view", method: "POST", path: "/workspaces/acme/views", status: 200,
		body: `{"page":"directory","name":"US","query":"region=US"}`, keep: map[string]string{"view": "id"}},
	{op: "list-saved-views", method: "GET", path: "/workspaces/acme/views?page=directory", status: 200},
	{op: "delete-view", method: "DELETE", path: "/workspaces/acme/views/{view}", status: 204},
	{op: "list-products", method: "GET", path: "/workspaces/acme/products?limit=3", status: 200},
	{op: "get-product", method: "GET", path: "/workspaces/acme/products/1729000000000158380", status: 200},
	{op: "list-order-lines", method: "GET", path: "/workspaces/acme/orders?limit=3", status: 200},
	{op: "get-order", method: "GET", path: "/workspaces/acme/orders/576684019603000065", status: 200},
	{op: "report-overview", method: "GET", path: "/workspaces/acme/reports/overview?days=90", status: 200},
	{op: "report-creators", method: "GET", path: "/workspaces/acme/reports/creators?days=30&limit=5", status: 200},
	{op: "list-members", method: "GET", path: "/workspaces/acme/members", status: 200},
	{op: "set-member-role", method: "PUT", path: "/workspaces/acme/members/{member}", status: 200, body: `{"role":"finance"}`},
	{op: "remove-member", method: "DELETE", path: "/workspaces/acme/members/{member}", status: 204},
	{op: "create-token", method: "POST", path: "/workspaces/acme/tokens", status: 201, body: `{"name":"nightly export","role":"viewer"}`,
		keep: map[string]string{"token": "token.id"}},
	{op: "list-tokens", method: "GET", path: "/workspaces/acme/tokens", status: 200},
	{op: "revoke-token", method: "DELETE", path: "/workspaces/acme/tokens/{token}", status: 204},
	{op: "list-audit", method: "GET", path: "/workspaces/acme/audit?limit=10", status: 200},
	{op: "list-connections", method: "GET", path: "/workspaces/acme/connections", status: 200},
	{op: "get-connection", method: "GET", path: "/workspaces/acme/connections/{connection}", status: 200},
	{op: "list-collaborations", method: "GET", path: "/workspaces/acme/collaborations?kind=open&limit=5", status: 200},
	{op: "get-collaboration", method: "GET", path: "/workspaces/acme/collaborations/{collaboration}", status: 200},
	{op: "create-target-collaboration", method: "POST", path: "/workspaces/acme/collaborations", status: 422, // {creator} has no TikTok user id
		body: `{"name":"Launch","end_time":"2099-01-01T00:00:00Z","creator_ids":[{creator}],"products":[{"product_id":"1729000000000158380","commission_bp":1500}]}`},
	{op: "list-promotion-links", method: "GET", path: "/workspaces/acme/promotion-links?limit=5", status: 200},
	{op: "send-creator-message", method: "POST", path: "/workspaces/acme/creators/{creator}/messages", status: 409, body: `{"kind":"text","text":"Hi!"}`},
	{op: "start-creator-search", method: "POST", path: "/workspaces/acme/creator-searches", status: 202, body: `{"keyword":"glow","limit":40}`},
	{op: "disconnect-connection", method: "DELETE", path: "/workspaces/acme/connections/{connection}", status: 204},
	{op: "list-duplicates", method: "GET", path: "/workspaces/acme/duplicates?limit=5", status: 200},
	{op: "preview-creator-list", method: "POST", path: "/workspaces/acme/imports/creators/preview", body: "creatorlist", status: 200},
	{op: "merge-creators", method: "POST", path: "/workspaces/acme/merges", status: 201,
		body: `{"kept_id":{kept},"merged_id":{merged},"reason":"one person"}`, keep: map[string]string{"merge": "id"}},
	{op: "list-merges", method: "GET", path: "/workspaces/acme/merges?limit=5", status: 200},
	{op: "list-creator-merges", method: "GET", path: "/workspaces/acme/creators/{kept}/merges", status: 200},
	{op: "unmerge-creators", method: "POST", path: "/workspaces/acme/merges/{merge}/undo", status: 200},
	{op: "dismiss-duplicate", method: "POST", path: "/workspaces/acme/duplicates/dismiss", status: 204,
		body: `{"creator_ids":[{kept},{merged}]}`},
	{op: "get-crm-settings", method: "GET", path: "/workspaces/acme/crm/settings", status: 200},
	{op: "update-crm-settings", method: "PUT", path: "/workspaces/acme/crm/settings", status: 200,
		body: `{"at_risk_days":21,"target_verticals":["Beauty"]}`},
	{op: "create-tier-rule", method: "POST", path: "/workspaces/acme/crm/tier-rules", status: 201,
		body: `{"tier":"Gold","window_days":30,"min_gmv":{"amount":100000,"currency":"USD"},"min_orders":5}`, keep: map[string]string{"rule": "id"}},
	{op: "list-tier-rules", method: "GET", path: "/workspaces/acme/crm/tier-rules", status: 200},
	{op: "update-tier-rule", method: "PUT", path: "/workspaces/acme/crm/tier-rules/{rule}", status: 200,
		body: `{"tier":"Gold","window_days":90,"min_gmv":{"amount":50000,"currency":"USD"}}`},
	{op: "run-crm-refresh", method: "POST", path: "/workspaces/acme/crm/refresh", status: 200},
	{op: "set-creator-tier-override", method: "PUT", path: "/workspaces/acme/creators/{creator}/tier-override", status: 200,
		body: `{"tier":"Gold","reason":"launch partner"}`},
	{op: "clear-creator-tier-override", method: "DELETE", path: "/workspaces/acme/creators/{creator}/tier-override", status: 200},
	{op: "list-best-prospects", method: "GET", path: "/workspaces/acme/crm/prospects?limit=5", status: 200},
	{op: "delete-tier-rule", method: "DELETE", path: "/workspaces/acme/crm/tier-rules/{rule}", status: 204},
	// Outreach (issue 6): {creator} has an email address since update-creator-profile.
	{op: "create-outreach-template", method: "POST", path: "/workspaces/acme/outreach/templates", status: 201,
		body: `{"name":"First touch","variants":[{"label":"A","subject":"Hi {{creator.first_name | \"there\"}}","body":"Hello {{creator.handle}}"}]}`,
		keep: map[string]string{"template": "id"}},
	{op: "list-outreach-templates", method: "GET", path: "/workspaces/acme/outreach/templates?limit=5", status: 200},
	{op: "get-outreach-template", method: "GET", path: "/workspaces/acme/outreach/templates/{template}", status: 200},
	{op: "update-outreach-template", method: "PATCH", path: "/workspaces/acme/outreach/templates/{template}", status: 200, body: `{"name":"First touch v2"}`},
	{op: "create-sequence", method: "POST", path: "/workspaces/acme/outreach/sequences", status: 201,
		body: `{"name":"API sequence","stop_stages":[],"steps":[{"channel":"email","template_id":{template}}]}`, keep: map[string]string{"sequence": "id"}},
	{op: "list-sequences", method: "GET", path: "/workspaces/acme/outreach/sequences", status: 200},
	{op: "get-sequence", method: "GET", path: "/workspaces/acme/outreach/sequences/{sequence}", status: 200},
	{op: "update-sequence", method: "PATCH", path: "/workspaces/acme/outreach/sequences/{sequence}", status: 200,
		body: `{"campaign":"Summer glow","commission_bps":1500,"hours":{"business_days":["mon","tue","wed"]}}`},
	{op: "replace-sequence-steps", method: "PUT", path: "/workspaces/acme/outreach/sequences/{sequence}/steps", status: 200,
		body: `{"steps":[{"channel":"email","template_id":{template}},{"channel":"email","template_id":{template},"delay_minutes":1080}]}`},
	{op: "preview-outreach-template", method: "GET", path: "/workspaces/acme/outreach/templates/{template}/preview?creator={creator}&sequence={sequence}", status: 200},
	{op: "enroll-creators", method: "POST", path: "/workspaces/acme/outreach/sequences/{sequence}/enrollments", status: 200,
		body: `{"creator_ids":[{creator}]}`},
	// A saved view past the request's threshold (lowered to 1 for the walk) is a background enrollment.
	{op: "save-view", method: "POST", path: "/workspaces/acme/views", status: 200,
		body: `{"page":"directory","name":"Everyone","query":"sort=handle"}`, keep: map[string]string{"bigview": "id"}},
	{op: "enroll-creators", method: "POST", path: "/workspaces/acme/outreach/sequences/{sequence}/enrollments", status: 202,
		body: `{"view_id":{bigview}}`, keep: map[string]string{"enrolljob": "enroll_job.id"}},
	{op: "get-enroll-job", method: "GET", path: "/workspaces/acme/outreach/enroll-jobs/{enrolljob}", status: 200},
	{op: "list-enrollments", method: "GET", path: "/workspaces/acme/outreach/sequences/{sequence}/enrollments?status=active", status: 200,
		keep: map[string]string{"enrollment": "items.0.id"}},
	{op: "set-enrollment-status", method: "PUT", path: "/workspaces/acme/outreach/enrollments/{enrollment}/status", status: 200, body: `{"status":"paused"}`},
	{op: "get-sequence-results", method: "GET", path: "/workspaces/acme/outreach/sequences/{sequence}/results?days=30", status: 200},
	{op: "get-outreach-quotas", method: "GET", path: "/workspaces/acme/outreach/quotas", status: 200},
	{op: "add-suppression", method: "POST", path: "/workspaces/acme/outreach/suppressions", status: 201,
		body: `{"kind":"email","value":"Nobody@Example.com","note":"asked by phone"}`, keep: map[string]string{"suppression": "id"}},
	{op: "list-suppressions", method: "GET", path: "/workspaces/acme/outreach/suppressions", status: 200},
	{op: "remove-suppression", method: "DELETE", path: "/workspaces/acme/outreach/suppressions/{suppression}", status: 204},
	{op: "set-sequence-status", method: "PUT", path: "/workspaces/acme/outreach/sequences/{sequence}/status", status: 200, body: `{"status":"archived"}`},
	{op: "list-samples", method: "GET", path: "/workspaces/acme/samples?status=approved&limit=5", status: 200},
	{op: "get-sample", method: "GET", path: "/workspaces/acme/samples/{sample}", status: 200},
	{op: "review-sample", method: "POST", path: "/workspaces/acme/samples/{sample}/review", status: 200, body: `{"decision":"approve"}`},
	{op: "review-samples", method: "POST", path: "/workspaces/acme/samples/review", status: 200, body: `{"ids":[{sample}],"decision":"approve"}`},
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// TestEveryOperationIsCalled walks the API with an owner's token: every operation of the
// OpenAPI document is called at least once, answers its expected status, and its JSON answer
// validates against the schema the document gives for it.
func TestEveryOperationIsCalled(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(t.Output(), nil))
		ws, _ := storetest.USDShop(t, s)
		enrollSyncMax(t, 1)
		hash, _ := auth.HashPassword("correct horse battery")
		owner, err := s.CreateUser(ctx, "owner@acme.example", "", hash)
		if err != nil {
			t.Fatal(err)
		}
		member, err := s.CreateUser(ctx, "member@acme.example", "", hash)
		if err != nil {
			t.Fatal(err)
		}
		for id, role := range map[int64]string{owner: "owner", member: "viewer"} {
			if err := s.AddMember(ctx, id, ws.ID, role); err != nil {
				t.Fatal(err)
			}
		}
		secret, _, err := auth.New(s, log).NewAPIToken(ctx, store.Actor{UserID: owner}, ws.ID, "walk", access.Owner)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(web.New(s, log))
		defer srv.Close()
		doc := loadDocument(t, srv.URL)
		values := map[string]string{"member": fmt.Sprint(member)}
		conn := &store.Connection{WorkspaceID: ws.ID, Platform: "tiktok_shop", ExternalShopID: "7494000000000000001", ShopName: "Acme US"}
		if err := s.SaveConnection(ctx, store.CLIActor, conn); err != nil {
			t.Fatal(err)
		}
		values["connection"] = fmt.Sprint(conn.ID)
		values["collaboration"] = collaborationFixture(t, s, conn)
		values["sample"] = approvedSample(t, s, conn)
		called := map[string]bool{}
		for _, c := range apiWalk {
			if c.op == "get-import" || c.op == "list-rejected-rows" {
				waitForRun(t, srv.URL, secret, values["run"])
				values["firstrun"] = values["run"]
			}
			if c.op == "get-creator" {
				values["creator"] = firstCreator(t, srv.URL, secret)
			}
			if c.op == "merge-creators" {
				values["kept"], values["merged"] = twoCreators(t, srv.URL, secret)
			}
			c.body = placeholder.ReplaceAllStringFunc(c.body, func(m string) string {
				if v, ok := values[m[1:len(m)-1]]; ok {
					return v
				}
				return m
			})
			path := placeholder.ReplaceAllStringFunc(c.path, func(m string) string {
				v, ok := values[m[1:len(m)-1]]
				if !ok {
					t.Fatalf("%s: no value for %s yet", c.op, m)
				}
				return v
			})
			status, body, ctype := send(t, srv.URL, secret, c.method, path, c.body)
			if status != c.status {
				t.Errorf("%s %s %s: status %d, want %d: %s", c.op, c.method, path, status, c.status, body)
				continue
			}
			called[c.op] = true
			validateAnswer(t, doc, c, status, ctype, body)
			for name, field := range c.keep {
				values[name] = jsonField(t, body, field)
			}
		}
		for p, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if !called[op.OperationID] {
					t.Errorf("%s %s (%s) is documented but the walk does not call it: add it to apiWalk", method, p, op.OperationID)
				}
			}
		}
	})
}

func loadDocument(t *testing.T, base string) *openapi3.T {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// send makes one request with the token; "upload" sends the first sample export as multipart.
func send(t *testing.T, base, token, method, path, body string) (int, []byte, string) {
	t.Helper()
	var r io.Reader
	ctype := "application/json"
	if body == "creatorlist" {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("mapping", `{"Agency":"ignore"}`)
		fw, _ := mw.CreateFormFile("file", "creators-sample.csv")
		f, err := os.ReadFile(filepath.Join("..", "..", "testdata", "creators-sample.csv"))
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(f)
		mw.Close()
		r, ctype = &buf, mw.FormDataContentType()
	} else if body == "upload" {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("kind", "tiktok_orders")
		mw.WriteField("shop", "us")
		fw, _ := mw.CreateFormFile("file", "tiktok-affiliate-orders-1.csv")
		f, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-1.csv"))
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(f)
		mw.Close()
		r, ctype = &buf, mw.FormDataContentType()
	} else if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+"/api/v1"+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if r != nil {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header.Get("Content-Type")
}

// validateAnswer checks a JSON answer against the schema the document gives for its status.
func validateAnswer(t *testing.T, doc *openapi3.T, c apiCall, status int, ctype string, body []byte) {
	t.Helper()
	route, _, _ := strings.Cut(c.path, "?")
	var op *openapi3.Operation
	for p, item := range doc.Paths.Map() {
		if o := item.GetOperation(c.method); o != nil && o.OperationID == c.op {
			op = o
			_ = p
		}
	}
	if op == nil {
		t.Errorf("%s: not in the document", c.op)
		return
	}
	resp := op.Responses.Value(fmt.Sprint(status))
	if resp == nil {
		t.Errorf("%s %s: status %d is not documented", c.op, route, status)
		return
	}
	if len(body) == 0 {
		return
	}
	mt := resp.Value.Content.Get(strings.TrimSpace(strings.Split(ctype, ";")[0]))
	if mt == nil || mt.Schema == nil {
		t.Errorf("%s: answer of type %q is not documented for %d", c.op, ctype, status)
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("%s: answer is not JSON: %v", c.op, err)
		return
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("%s: answer does not match its schema: %v\n%s", c.op, err, body)
	}
}

// jsonField reads a dotted path of an answer ("token.id") as a string.
func jsonField(t *testing.T, body []byte, path string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range strings.Split(path, ".") {
		if list, ok := v.([]any); ok { // "items.0.id": an index into a list
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(list) {
				t.Fatalf("no %s in %s", path, body)
			}
			v = list[i]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no %s in %s", path, body)
		}
		v = m[k]
	}
	switch x := v.(type) {
	case float64:
		return fmt.Sprint(int64(x))
	case string:
		return x
	}
	t.Fatalf("%s is %v in %s", path, v, body)
	return ""
}

// waitForRun waits for a background import to finish.
func waitForRun(t *testing.T, base, token, run string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		_, body, _ := send(t, base, token, "GET", "/workspaces/acme/imports/"+run, "")
		var r struct{ Status string }
		json.Unmarshal(body, &r)
		if r.Status == "done" {
			return
		}
		if r.Status == "failed" {
			t.Fatalf("import %s failed: %s", run, body)
		}
	}
	t.Fatalf("import %s did not finish", run)
}

// firstCreator returns the id of the first creator of the list.
func firstCreator(t *testing.T, base, token string) string {
	t.Helper()
	_, body, _ := send(t, base, token, "GET", "/workspaces/acme/creators?limit=1", "")
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil || len(page.Items) == 0 {
		t.Fatalf("no creator: %s", body)
	}
	return fmt.Sprint(page.Items[0].ID)
}

// twoCreators returns the ids of the first two creators of the list, for the merge calls.
func twoCreators(t *testing.T, base, token string) (string, string) {
	t.Helper()
	_, body, _ := send(t, base, token, "GET", "/workspaces/acme/creators?limit=2", "")
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil || len(page.Items) < 2 {
		t.Fatalf("not two creators: %s", body)
	}
	return fmt.Sprint(page.Items[0].ID), fmt.Sprint(page.Items[1].ID)
}
