package web

import "github.com/creatorops/creatorops/internal/access"

// outreachRoutes are templates, sequences, enrollments, the quota planner, sender mailboxes
// and suppressions (issue 6), and the public unsubscribe page. Reading is for every member;
// changing templates, sequences and enrollments needs outreach.run; mailboxes, quotas and
// lifting a suppression need outreach.configure.
func (h *handler) outreachRoutes() []route {
	return []route{
		// The unsubscribe link of every outreach email: public, keyed by a signed token.
		{pattern: "GET /u/{token}", public: true, handler: h.unsubscribeShow},
		{pattern: "POST /u/{token}", public: true, handler: h.unsubscribeConfirm},
		{pattern: "GET /w/{ws}/outreach", perm: access.ViewData, handler: h.outreachHome},
		{pattern: "GET /w/{ws}/outreach/sequences.csv", perm: access.ExportData, handler: h.outreachSequencesCSV},
		{pattern: "POST /w/{ws}/outreach/sequences", perm: access.RunOutreach, handler: h.outreachSequenceCreate},
		{pattern: "GET /w/{ws}/outreach/sequences/{sequence}", perm: access.ViewData, handler: h.outreachSequenceShow},
		{pattern: "POST /w/{ws}/outreach/sequences/{sequence}", perm: access.RunOutreach, handler: h.outreachSequenceSave},
		{pattern: "POST /w/{ws}/outreach/sequences/{sequence}/steps", perm: access.RunOutreach, handler: h.outreachSequenceSteps},
		{pattern: "POST /w/{ws}/outreach/sequences/{sequence}/status", perm: access.RunOutreach, handler: h.outreachSequenceStatus},
		{pattern: "POST /w/{ws}/outreach/sequences/{sequence}/enroll", perm: access.RunOutreach, handler: h.outreachSequenceEnroll},
		{pattern: "GET /w/{ws}/outreach/sequences/{sequence}/enrollments", perm: access.ViewData, handler: h.outreachEnrollments},
		{pattern: "GET /w/{ws}/outreach/sequences/{sequence}/enrollments.csv", perm: access.ExportData, handler: h.outreachEnrollmentsCSV},
		{pattern: "GET /w/{ws}/outreach/sequences/{sequence}/results", perm: access.ViewData, handler: h.outreachResults},
		{pattern: "POST /w/{ws}/outreach/enrollments/{enrollment}/status", perm: access.RunOutreach, handler: h.outreachEnrollmentStatus},
		{pattern: "GET /w/{ws}/outreach/templates", perm: access.ViewData, handler: h.outreachTemplates},
		{pattern: "GET /w/{ws}/outreach/templates.csv", perm: access.ExportData, handler: h.outreachTemplatesCSV},
		{pattern: "GET /w/{ws}/outreach/templates/new", perm: access.RunOutreach, handler: h.outreachTemplateNew},
		{pattern: "POST /w/{ws}/outreach/templates", perm: access.RunOutreach, handler: h.outreachTemplateCreate},
		{pattern: "GET /w/{ws}/outreach/templates/{template}", perm: access.ViewData, handler: h.outreachTemplateShow},
		{pattern: "POST /w/{ws}/outreach/templates/{template}", perm: access.RunOutreach, handler: h.outreachTemplateSave},
		{pattern: "POST /w/{ws}/outreach/templates/{template}/archive", perm: access.RunOutreach, handler: h.outreachTemplateArchive},
		{pattern: "GET /w/{ws}/outreach/planner", perm: access.ViewData, handler: h.outreachPlanner},
		{pattern: "POST /w/{ws}/outreach/planner", perm: access.RunOutreach, handler: h.outreachPlannerFill},
		{pattern: "GET /w/{ws}/outreach/settings", perm: access.ConfigureOutreach, handler: h.outreachSettings},
		{pattern: "POST /w/{ws}/outreach/settings", perm: access.ConfigureOutreach, handler: h.outreachSettingsSave},
		{pattern: "GET /w/{ws}/outreach/mailboxes/new", perm: access.ConfigureOutreach, handler: h.outreachMailboxNew},
		{pattern: "POST /w/{ws}/outreach/mailboxes", perm: access.ConfigureOutreach, handler: h.outreachMailboxSave},
		{pattern: "GET /w/{ws}/outreach/mailboxes/{mailbox}", perm: access.ConfigureOutreach, handler: h.outreachMailboxShow},
		{pattern: "POST /w/{ws}/outreach/mailboxes/{mailbox}", perm: access.ConfigureOutreach, handler: h.outreachMailboxSave},
		{pattern: "POST /w/{ws}/outreach/mailboxes/{mailbox}/test", perm: access.ConfigureOutreach, handler: h.outreachMailboxTest},
		{pattern: "GET /w/{ws}/outreach/suppressions", perm: access.ViewData, handler: h.outreachSuppressions},
		{pattern: "GET /w/{ws}/outreach/suppressions.csv", perm: access.ExportData, handler: h.outreachSuppressionsCSV},
		{pattern: "POST /w/{ws}/outreach/suppressions", perm: access.RunOutreach, handler: h.outreachSuppressionAdd},
		{pattern: "POST /w/{ws}/outreach/suppressions/{suppression}/remove", perm: access.ConfigureOutreach, handler: h.outreachSuppressionRemove},
		// "Enroll all matching" from the Directory, past a thousand creators, runs in the background.
		{pattern: "GET /w/{ws}/directory/enroll/{enrolljob}", perm: access.RunOutreach, handler: h.directoryEnrollJob},
	}
}
