// Package access is the permission matrix of creatorops: which role may do what in a workspace.
// It is the one place the rules live; the web app and the API ask Can before any handler runs,
// and docs/permissions.md is generated from Matrix so the two never disagree.
package access

// Role is what a member (or an API token) is allowed to be in one workspace.
type Role string

// The roles, from the most to the least trusted.
const (
	Owner      Role = "owner"
	Manager    Role = "manager"
	Specialist Role = "specialist"
	Finance    Role = "finance"
	Viewer     Role = "viewer"
)

// Roles lists every role, most trusted first.
var Roles = []Role{Owner, Manager, Specialist, Finance, Viewer}

// ParseRole returns the role named s and whether it exists.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Permission is one thing a route or API operation needs.
type Permission string

// The permissions. Each route declares exactly one.
const (
	// ViewData reads the program: overview, creators, products, order lines, shops, imports.
	ViewData Permission = "data.view"
	// ExportData downloads lists as CSV; kept apart from viewing because an export takes the
	// whole creator database out of the building.
	ExportData Permission = "data.export"
	// ImportData uploads Seller Center exports and creator lists.
	ImportData Permission = "imports.create"
	// EditCreators changes creators (CRM work).
	EditCreators Permission = "creators.edit"
	// ManageCreators is the lead's share of CRM work: assigning creators to other members,
	// bulk changes, merging duplicates and overriding tiers.
	ManageCreators Permission = "creators.manage"
	// ConfigureCRM sets the stage thresholds, tier rules and fit-score targets.
	ConfigureCRM Permission = "crm.configure"
	// RunOutreach is an outreach specialist's day: write templates and sequences, enroll
	// creators, pause and resume enrollments, send a creator a message.
	RunOutreach Permission = "outreach.run"
	// ConfigureOutreach sets what outreach may spend: sender mailboxes, quotas, quiet hours,
	// and lifting a suppression.
	ConfigureOutreach Permission = "outreach.configure"
	// ManageAffiliate commits the brand on the platform: approve or reject sample
	// applications (each costs a product and shipping) and create target collaborations.
	ManageAffiliate Permission = "affiliate.manage"
	// ManageShops adds and edits shops.
	ManageShops Permission = "shops.manage"
	// ManageMembers invites members, changes roles and resets passwords.
	ManageMembers Permission = "members.manage"
	// ManageSettings changes the workspace's name, time zone and other settings.
	ManageSettings Permission = "settings.manage"
	// ManageTokens creates and revokes API tokens.
	ManageTokens Permission = "tokens.manage"
	// ViewAudit reads the audit log.
	ViewAudit Permission = "audit.view"
)

// Rule is one row of the matrix: a permission, what it covers, and the roles that have it.
type Rule struct {
	Permission  Permission
	Description string
	Roles       []Role
}

// matrix is the permission matrix. Specialists are often an offshore team with limited rights:
// they work creators but cannot export the database, import money figures or change settings.
// Finance reconciles orders, so it imports and exports them but does not edit creators.
var matrix = []Rule{
	{ViewData, "see the overview, creators, products, order lines, shops and imports", []Role{Owner, Manager, Specialist, Finance, Viewer}},
	{ExportData, "download any list as CSV, including rejected rows", []Role{Owner, Manager, Finance}},
	{ImportData, "upload Seller Center exports and creator lists", []Role{Owner, Manager, Finance}},
	{EditCreators, "change creators: owner, stage, tags, notes", []Role{Owner, Manager, Specialist}},
	{ManageCreators, "assign creators to members, bulk changes, merge duplicates, override tiers", []Role{Owner, Manager}},
	{ConfigureCRM, "set stage thresholds, tier rules and fit-score targets", []Role{Owner, Manager}},
	{RunOutreach, "write templates and sequences, enroll creators, pause enrollments, message a creator", []Role{Owner, Manager, Specialist}},
	{ConfigureOutreach, "set sender mailboxes, quotas, quiet hours; lift a suppression", []Role{Owner, Manager}},
	{ManageAffiliate, "approve or reject sample applications, create target collaborations", []Role{Owner, Manager}},
	{ManageShops, "add shops and change their settings", []Role{Owner, Manager}},
	{ViewAudit, "read the audit log", []Role{Owner, Manager, Finance}},
	{ManageMembers, "add members, change roles, remove members, reset passwords", []Role{Owner}},
	{ManageSettings, "change the workspace's name and time zone", []Role{Owner}},
	{ManageTokens, "create and revoke API tokens", []Role{Owner}},
}

// RuleOf returns the rule of permission p: what it covers and who has it.
func RuleOf(p Permission) (Rule, bool) {
	for _, r := range matrix {
		if r.Permission == p {
			return r, true
		}
	}
	return Rule{}, false
}

// Matrix returns the rules in the order the docs show them.
func Matrix() []Rule { return append([]Rule(nil), matrix...) }

// allowed is the matrix as a set, built once.
var allowed = func() map[Permission]map[Role]bool {
	m := make(map[Permission]map[Role]bool, len(matrix))
	for _, rule := range matrix {
		m[rule.Permission] = map[Role]bool{}
		for _, r := range rule.Roles {
			m[rule.Permission][r] = true
		}
	}
	return m
}()

// Can reports whether role has permission p. An unknown permission is refused to everyone, so a
// typo fails closed.
func Can(role Role, p Permission) bool { return allowed[p][role] }

// Known reports whether p is a permission of the matrix.
func Known(p Permission) bool { _, ok := allowed[p]; return ok }

// AtMost reports whether a token of role r may be made by someone whose role is by: nobody
// hands out more than they have.
func AtMost(r, by Role) bool {
	for _, roles := range allowed {
		if roles[r] && !roles[by] {
			return false
		}
	}
	return true
}
