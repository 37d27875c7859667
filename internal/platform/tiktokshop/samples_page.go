package tiktokshop

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/intl"
)

// SamplesPage is one page of sample applications.
type SamplesPage struct {
	Applications []SampleApplication
	// Raw holds each application of Applications as the platform sent it, for the fields
	// creatorops does not map (shipping, content): Raw[i] is Applications[i].
	Raw []json.RawMessage
	// Errs are the page's applications that could not be read, as *LineError.
	Errs []error
	// NextPageToken asks for the page after this one; "" on the last page.
	NextPageToken string
}

// SampleApplicationsPage fetches one page of the shop's sample applications: the first when
// token is "", else the page the token names (a NextPageToken of the same query). A sync
// that stores each page before asking for the next keeps the token, and resumes from it
// after a crash.
func (cl *Client) SampleApplicationsPage(ctx context.Context, shop ShopAuth, q SampleQuery, token string) (*SamplesPage, error) {
	path := samplesPath + "/search"
	size, err := pageSize(path, q.PageSize)
	if err != nil {
		return nil, err
	}
	body := struct {
		Status string `json:"status,omitempty"`
	}{q.Status}
	c := cl.shopCall(http.MethodPost, path, shop, body, false)
	c.query.Set("page_size", strconv.Itoa(size))
	if token != "" {
		c.query.Set("page_token", token)
	}
	var w struct {
		SampleApplications []json.RawMessage `json:"sample_applications"`
		NextPageToken      string            `json:"next_page_token"`
	}
	if err := cl.do(ctx, c, &w); err != nil {
		return nil, err
	}
	p := &SamplesPage{NextPageToken: w.NextPageToken}
	for i, raw := range w.SampleApplications {
		var ws wireSample
		if err := json.Unmarshal(raw, &ws); err != nil {
			p.Errs = append(p.Errs, &LineError{Path: path, ID: "sample application #" + strconv.Itoa(i+1) + " of the page", Field: "(record)", Err: err})
			continue
		}
		sa := SampleApplication{
			ID: ws.ID, Status: ws.Status, CreatorUserID: ws.Creator.UserID, CreatorUsername: ws.Creator.Username,
			ProductID: ws.ProductID, SKUID: ws.SKUID, CreatedAt: unixUTC(ws.CreateTime),
		}
		if ws.CommissionRate != "" {
			bp, err := intl.ParseFractionRate(ws.CommissionRate)
			if err != nil {
				p.Errs = append(p.Errs, &LineError{Path: path, ID: "sample application " + ws.ID, Field: "commission_rate", Err: err})
				continue
			}
			sa.CommissionRateBP = bp
		}
		p.Applications = append(p.Applications, sa)
		p.Raw = append(p.Raw, raw)
	}
	return p, nil
}
