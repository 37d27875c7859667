package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/platformsync"
)

type sendMessageInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		ConnectionID  int64  `json:"connection_id,omitempty" required:"false" doc:"The shop connection to write from; omit when the workspace has only one"`
		Kind          string `json:"kind" required:"false" doc:"text, product_card, target_collaboration_card or free_sample_card" example:"text"`
		Text          string `json:"text,omitempty" required:"false" maxLength:"2000" doc:"For text" example:"Hi! We loved your last video."`
		ProductID     string `json:"product_id,omitempty" required:"false" maxLength:"30" doc:"For product and free sample cards: the TikTok Shop product id"`
		Collaboration string `json:"collaboration,omitempty" required:"false" maxLength:"30" doc:"For target collaboration cards: the collaboration's id here (list-collaborations) or on TikTok Shop"`
	}
}

type sendMessageOutput struct {
	Body struct {
		MessageID      string `json:"message_id" doc:"TikTok Shop's id of the message"`
		ConversationID string `json:"conversation_id"`
		ConnectionID   int64  `json:"connection_id"`
		Body           string `json:"body" doc:"What the creator's timeline says was sent"`
	}
}

// registerMessages adds sending a message to a creator.
func registerMessages(a *API) {
	register(a, huma.Operation{OperationID: "send-creator-message", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/creators/{creator}/messages",
		Summary: "Send a creator a TikTok Shop message", Tags: []string{"Creators"}, DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity, http.StatusBadGateway, http.StatusServiceUnavailable},
		Description: "Text, or a product, free sample or target collaboration card, in the creator's TikTok Shop inbox; recorded on the creator's timeline. " +
			"A creator without a TikTok user id yet (found by no marketplace search) is a 409, one in do-not-contact or banned a 422. " +
			"Never retried: when TikTok Shop does not confirm it (502), the message may still have been delivered — check before sending again."},
		access.RunOutreach, a.sendCreatorMessage)
}

func (a *API) sendCreatorMessage(ctx context.Context, in *sendMessageInput) (*sendMessageOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	sent, err := platformsync.SendCreatorMessage(ctx, a.Store, a.platformClients(), st.principal.Actor(), st.workspace.ID, p.ID,
		platformsync.CreatorMessage{ConnectionID: in.Body.ConnectionID, Kind: in.Body.Kind, Text: in.Body.Text, ProductID: in.Body.ProductID,
			CollaborationID: in.Body.Collaboration})
	if err != nil && sent == nil {
		return nil, a.actionProblem(err, "connection")
	}
	if err != nil {
		// Sent, but not recorded: the creator got it, so this is a success with a warning in the log.
		a.Log.Error("api: a message went out but was not recorded", "creator", p.ID, "err", err)
	}
	out := &sendMessageOutput{}
	out.Body.MessageID, out.Body.ConversationID, out.Body.ConnectionID, out.Body.Body = sent.MessageID, sent.ConversationID, sent.Connection.ID, sent.Body
	return out, nil
}
