package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// resultSale is one order line of a creator: when it was created (UTC) and its payment in cents.
type resultSale struct {
	creator string
	at      string // "2006-01-02 15:04:05" UTC
	cents   int64
	status  string // Processing when empty
}

// resultMessage is one delivered (or failed) message of a step. Each creator has its own
// variant label, so each result row is one creator's.
type resultMessage struct {
	creator string
	step    int
	at      string // UTC
	status  string // sent when empty
}

// TestSequenceResultsByWorkspaceDay checks that results count days in the workspace's zone: GMV
// is that of the days [message day, message day + N) in the zone (a sale earlier on the
// message's zone day counts, one later than N×24h but on the window's last zone day too, one
// past midnight of the last day does not), and a creator is activated when their first sale
// day (a zone day) is on or after the message's zone day — message and sale on different UTC
// days but the same zone day, and vice versa. Zones on both sides of UTC.
func TestSequenceResultsByWorkspaceDay(t *testing.T) {
	type want struct {
		step      int
		gmv       int64
		activated int
		delivered int
	}
	cases := []struct {
		zone     string
		messages []resultMessage
		sales    []resultSale
		want     map[string]want // by creator (variant) and step
	}{{
		zone: "Asia/Ho_Chi_Minh", // UTC+7
		messages: []resultMessage{
			{creator: "ann", step: 1, at: "2030-06-11 02:00:00"}, // 09:00 on 11 June in the zone
			{creator: "ann", step: 2, at: "2030-06-14 03:00:00"}, // 10:00 on 14 June
			{creator: "bob", step: 1, at: "2030-06-11 18:00:00"}, // 01:00 on 12 June (11 June in UTC)
			{creator: "cat", step: 1, at: "2030-06-11 18:00:00"},
			{creator: "dan", step: 1, at: "2030-06-11 02:00:00", status: "failed"},
		},
		sales: []resultSale{
			{creator: "ann", at: "2030-06-10 16:00:00", cents: 100},  // 23:00 on 10 June: before the message's day
			{creator: "ann", at: "2030-06-10 18:00:00", cents: 1000}, // 01:00 on 11 June: the message's day, earlier UTC day
			{creator: "ann", at: "2030-06-17 16:59:00", cents: 2000}, // 23:59 on 17 June: the 7th day
			{creator: "ann", at: "2030-06-17 17:30:00", cents: 4000}, // 00:30 on 18 June: past the window of step 1, inside step 2's
			{creator: "ann", at: "2030-06-12 00:00:00", cents: 9000, status: "Cancelled"},
			// bob's first sale is on 11 June in the zone, the day before his message's zone day,
			// though both fall on 11 June in UTC: not activated.
			{creator: "bob", at: "2030-06-11 10:00:00", cents: 500},
			// cat's sale is 30 minutes before the message, on its zone day (12 June) but the UTC
			// day before: activated, and its GMV counts.
			{creator: "cat", at: "2030-06-11 17:30:00", cents: 700},
			{creator: "dan", at: "2030-06-12 10:00:00", cents: 800}, // his message failed
			{creator: "zed", at: "2030-06-12 10:00:00", cents: 300}, // never messaged
		},
		want: map[string]want{
			"ann|1": {step: 1, gmv: 1000 + 2000, activated: 0, delivered: 1},
			"ann|2": {step: 2, gmv: 2000 + 4000, activated: 0, delivered: 1},
			"bob|1": {step: 1, gmv: 0, activated: 0, delivered: 1},
			"cat|1": {step: 1, gmv: 700, activated: 1, delivered: 1},
			"dan|1": {step: 1, gmv: 0, activated: 0, delivered: 0},
		},
	}, {
		zone: "America/Los_Angeles", // UTC−7 in June
		messages: []resultMessage{
			{creator: "ann", step: 1, at: "2030-06-11 03:00:00"}, // 20:00 on 10 June in the zone
			{creator: "bob", step: 1, at: "2030-06-12 03:00:00"}, // 20:00 on 11 June (12 June in UTC)
		},
		sales: []resultSale{
			{creator: "ann", at: "2030-06-10 06:00:00", cents: 50},   // 23:00 on 9 June: the day before
			{creator: "ann", at: "2030-06-10 08:00:00", cents: 200},  // 01:00 on 10 June: the message's day
			{creator: "ann", at: "2030-06-11 05:00:00", cents: 1000}, // 22:00 on 10 June, 11 June in UTC
			{creator: "ann", at: "2030-06-17 06:59:00", cents: 2000}, // 23:59 on 16 June: the 7th day
			{creator: "ann", at: "2030-06-17 07:30:00", cents: 4000}, // 00:30 on 17 June: within 7×24h, past the 7th day
			// bob first sold at 22:00 on 11 June in the zone, after his message: activated, though
			// his first sale day (11 June) is before the message's UTC day.
			{creator: "bob", at: "2030-06-12 05:00:00", cents: 600},
		},
		want: map[string]want{
			// ann's first sale (9 June) is before the message's day: not activated.
			"ann|1": {step: 1, gmv: 200 + 1000 + 2000, activated: 0, delivered: 1},
			"bob|1": {step: 1, gmv: 600, activated: 1, delivered: 1},
		},
	}}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i, c := range cases {
			t.Run(c.zone, func(t *testing.T) {
				ws, q := resultsWorkspace(t, s, fmt.Sprintf("zone%d", i), c.zone, c.messages, c.sales)
				got, err := s.SequenceResults(ctx, ws.ID, q.ID, 7*24*time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(c.want) {
					t.Errorf("%d result rows, want %d", len(got), len(c.want))
				}
				for _, r := range got {
					key := fmt.Sprint(r.Variant, "|", r.Position)
					w, ok := c.want[key]
					if !ok {
						t.Errorf("unexpected row %s: %+v", key, r)
						continue
					}
					if r.Sent != 1 || r.Delivered != w.delivered || r.Activated != w.activated || r.GMV["USD"] != w.gmv {
						t.Errorf("%s: sent %d delivered %d activated %d GMV %v, want delivered %d activated %d GMV %d",
							key, r.Sent, r.Delivered, r.Activated, r.GMV, w.delivered, w.activated, w.gmv)
					}
					if len(r.GMV) > 1 || (w.gmv == 0 && len(r.GMV) != 0) {
						t.Errorf("%s: GMV %v has other currencies or zero entries", key, r.GMV)
					}
				}
				// A one-day window counts the message's zone day only.
				got, err = s.SequenceResults(ctx, ws.ID, q.ID, 24*time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range got {
					if r.Variant == "ann" && r.Position == 1 {
						if want := map[string]int64{"Asia/Ho_Chi_Minh": 1000, "America/Los_Angeles": 1200}[c.zone]; r.GMV["USD"] != want {
							t.Errorf("one-day window: ann's GMV %d, want %d", r.GMV["USD"], want)
						}
					}
				}
				if _, err := s.SequenceResults(ctx, ws.ID+1000, q.ID, 7*24*time.Hour); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("another workspace's sequence: %v", err)
				}
			})
		}
	})
}

// resultsWorkspace makes a workspace in zone with a USD shop (whose exports write UTC), a
// sequence with every creator of messages enrolled and the messages as recorded by the engine,
// imports the sales through the real importer and refreshes the creators' sales columns.
func resultsWorkspace(t *testing.T, s *store.Store, slug, zone string, messages []resultMessage, sales []resultSale) (*model.Workspace, *store.Sequence) {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Timezone: zone})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	q := outreachFixture(t, s, ws.ID)
	if err := s.SetSequenceStatus(ctx, store.CLIActor, ws.ID, q.ID, store.SequenceActive); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, m := range messages {
		if ids[m.creator] != 0 {
			continue
		}
		id, err := s.AddCreator(ctx, store.CLIActor, ws.ID, store.NewCreator{Username: m.creator, Email: m.creator + "@x.example"})
		if err != nil {
			t.Fatal(err)
		}
		ids[m.creator] = id
	}
	list := make([]int64, 0, len(ids))
	for _, id := range ids {
		list = append(list, id)
	}
	if r, err := s.EnrollCreators(ctx, store.CLIActor, ws.ID, q.ID, list, "manual"); err != nil || r.Enrolled != len(ids) {
		t.Fatalf("EnrollCreators = %+v, %v", r, err)
	}
	es, err := s.ListEnrollments(ctx, ws.ID, store.EnrollmentFilter{SequenceID: q.ID})
	if err != nil {
		t.Fatal(err)
	}
	enrollment := map[int64]int64{}
	for _, e := range es {
		enrollment[e.CreatorID] = e.ID
	}
	for i, m := range messages {
		at := utc(t, m.at)
		status := m.status
		var sentAt any = at.Unix()
		if status == "" {
			status = store.OutboxSent
		} else {
			sentAt = nil
		}
		// Each creator's variant is their handle, so each result row is one creator's.
		err := store.ExecCRMEngineTest(s, `INSERT INTO outreach_outbox (workspace_id, enrollment_id, sequence_id, step_position,
			creator_id, idem_key, status, next_attempt_at, sender_key, channel, to_email, body, variant, created_at, sent_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'mailbox:1', 'email', $9, 'Hi', $10, $8, $11)`,
			ws.ID, enrollment[ids[m.creator]], q.ID, m.step, ids[m.creator], fmt.Sprintf("%s-%d", slug, i), status, at.Unix(),
			m.creator+"@x.example", m.creator, sentAt)
		if err != nil {
			t.Fatal(err)
		}
	}
	importSales(t, s, ws, shop, sales)
	if _, err := s.RefreshCreatorSales(ctx, ws.ID, 20300630); err != nil {
		t.Fatal(err)
	}
	return ws, q
}

// importSales writes the sales as a Seller Center export and imports it.
func importSales(t *testing.T, s *store.Store, ws *model.Workspace, shop *model.Shop, sales []resultSale) {
	t.Helper()
	var b strings.Builder
	b.WriteString("Order ID,Product ID,Product Name,SKU ID,Seller SKU,Price,Payment Amount,Currency,Quantity,Payment method,Order Status," +
		"Creator Username,Content Type,Content ID,commission model,Standard commission rate,Est. Commission Base," +
		"Est. standard commission payment,Actual Commission Base,Actual Commission Payment,Shop Ads commission rate," +
		"Est. Shop Ads commission payment,Actual Shop Ads commission payment,Est. co-funded creator bonus," +
		"Actual co-funded creator bonus,Fully returned or refunded,Time Created,Payment time,Order Delivery Time,Time Commission Paid,Platform\n")
	for i, x := range sales {
		status := x.status
		if status == "" {
			status = "Processing"
		}
		amount := fmt.Sprintf("%d.%02d", x.cents/100, x.cents%100)
		fmt.Fprintf(&b, "5766840196%08d,1729000000000158380,Wide Leg Jeans,1729000000000158397,SKU-8380,%s,%s,USD,1,Credit card,%s,"+
			"%s,Video,7901938748693369258,Standard,10%%,%s,0.00,,,0%%,0.00,,0.00,,No,%s,%s,,,TikTok\n",
			i+1, amount, amount, status, x.creator, amount, x.at, x.at)
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.ImportOrders(context.Background(), s, ws, shop, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 0 {
		t.Fatalf("import rejected rows: %+v", sum)
	}
}

func utc(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.DateTime, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
