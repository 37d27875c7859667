package jobs

// KindCRMRefresh is the CRM's recurring refresh of precomputed creator figures, stages and
// tiers after syncs and imports; the CRM registers its handler and schedule. The kinds of
// platform syncs are in internal/platformsync, token refreshes in internal/connect.
const KindCRMRefresh = "crm.refresh"
