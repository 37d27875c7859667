package demo

import (
	"context"
	"fmt"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// FillOutreach gives the demo workspace what an outreach specialist would have built after
// a week: two templates (the first with A/B and Vietnamese variants), a mailbox without a
// password (so nothing can be sent from the demo), and a three-step sequence with the
// prospects that have an email address enrolled. The sequence is left paused: the demo
// shows the pages, it never emails anybody.
func FillOutreach(ctx context.Context, s *store.Store, workspaceID int64) error {
	first := &store.OutreachTemplate{WorkspaceID: workspaceID, Name: "First touch", Variants: []store.TemplateVariant{
		{Label: "A", Weight: 1, Subject: "{{creator.first_name | \"Hi\"}}, a collab with {{sender.company}}?",
			Body: "Hi {{creator.first_name | \"there\"}},\n\nI'm {{sender.name}} from {{sender.company}}. We love your videos and would like to send you our bestseller to try — free, no strings.\n\nOur affiliates earn {{commission.rate | \"a generous commission\"}} on every sale. Interested?"},
		{Label: "B", Weight: 1, Subject: "Free sample for @{{creator.handle}}",
			Body: "Hey {{creator.first_name | \"there\"}}! {{sender.company}} here. Can we send you a free sample? You'd earn {{commission.rate | \"commission\"}} on every sale from your videos."},
		{Language: "vi", Label: "A", Weight: 1, Subject: "Hợp tác cùng {{sender.company}}?",
			Body: "Chào {{creator.first_name | \"bạn\"}},\n\nMình là {{sender.name}} từ {{sender.company}}. Bên mình muốn gửi bạn sản phẩm dùng thử miễn phí. Bạn có quan tâm không?"},
	}}
	follow := &store.OutreachTemplate{WorkspaceID: workspaceID, Name: "Follow-up", Variants: []store.TemplateVariant{
		{Label: "A", Weight: 1, Subject: "Re: a collab with {{sender.company}}",
			Body: "Hi {{creator.first_name | \"there\"}}, just checking you saw my note — the sample offer still stands. Reply with your address and it ships this week."},
	}}
	for _, t := range []*store.OutreachTemplate{first, follow} {
		if err := s.CreateTemplate(ctx, demoActor, t); err != nil {
			return fmt.Errorf("demo: outreach template: %w", err)
		}
	}
	mb := &store.Mailbox{WorkspaceID: workspaceID, Name: "Partnerships", FromName: "Linh at Glow Lab", FromAddress: "partners@glowlab.example",
		SMTPHost: "smtp.glowlab.example", DailyCap: 200, WarmupInitial: 20, WarmupStep: 10}
	if err := s.SaveMailbox(ctx, demoActor, mb, nil); err != nil {
		return fmt.Errorf("demo: mailbox: %w", err)
	}
	q := &store.Sequence{WorkspaceID: workspaceID, Name: "US beauty prospects — spring", MailboxID: &mb.ID, StopOnReply: true, StopOnSample: true,
		StopStages: []model.Stage{model.StageOnboarded}, Campaign: "Spring glow", CommissionBps: 1500,
		Steps: []store.SequenceStep{
			{Channel: store.ChannelEmail, TemplateID: first.ID},
			{Channel: store.ChannelEmail, TemplateID: follow.ID, DelayMinutes: 2 * 9 * 60},
			{Channel: store.ChannelEmail, TemplateID: follow.ID, DelayMinutes: 5 * 9 * 60},
		}}
	if err := s.CreateSequence(ctx, demoActor, q); err != nil {
		return fmt.Errorf("demo: sequence: %w", err)
	}
	hasEmail := true
	page, err := s.Directory(ctx, workspaceID, store.DirectoryQuery{Stages: []model.Stage{model.StageProspect}, HasEmail: &hasEmail,
		Sort: store.DirSortScore, Desc: true, Limit: 40, SkipCount: true})
	if err != nil {
		return err
	}
	ids := make([]int64, len(page.Rows))
	for i, r := range page.Rows {
		ids[i] = r.ID
	}
	if _, err := s.EnrollCreators(ctx, demoActor, workspaceID, q.ID, ids, "manual"); err != nil {
		return fmt.Errorf("demo: enroll: %w", err)
	}
	// Active, then paused: the demo shows a sequence that has run, and sends nothing.
	for _, status := range []string{store.SequenceActive, store.SequencePaused} {
		if err := s.SetSequenceStatus(ctx, demoActor, workspaceID, q.ID, status); err != nil {
			return fmt.Errorf("demo: sequence %s: %w", status, err)
		}
	}
	return nil
}
