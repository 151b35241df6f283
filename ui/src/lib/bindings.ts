// Generated from the Rust types in verdict-core by
// `UPDATE_BINDINGS=1 cargo test -p verdict-core --test bindings`. Do not edit.

export type ApiError = { code: string, message: string, field?: string, };

export type EntityKind = "site" | "tool" | "reviewer" | "verdict" | "comparison";

export type ComparisonStatus = "draft" | "in_review" | "approved" | "scheduled" | "published";

export type PanelShip = { ship: number, total: number, 
/**
 * Whole percent, rounded half up; `None` when no panel verdict is accepted yet.
 */
percent: number | null, };

export type ToolCard = { slug: string, name: string, vendor: string, category: string, tagline: string, entry: string, panel_ship: PanelShip, community_percent: number | null, };

export type ComparisonSummary = { slug: string, title: string, dek: string, status: ComparisonStatus, tools: Array<ToolCard>, updated_at: string, };

export type ToolSummary = { slug: string, name: string, vendor: string, category: string, tagline: string, entry: string, pricing_checked_on: string | null, };

export type ReviewerSummary = { slug: string, name: string, persona: string, verdict_count: number, };

export type SiteSummary = { site_name: string, kicker: string, };

export type Overview = { site: SiteSummary, comparisons: Array<ComparisonSummary>, tools: Array<ToolSummary>, reviewers: Array<ReviewerSummary>, data_dir: string, };

export type SearchHit = { entity: EntityKind, key: string, title: string, 
/**
 * Plain text around the match; never HTML.
 */
snippet: string, };

export type Comparison = { slug: string, title: string, dek: string, 
/**
 * Markdown.
 */
intro: string, 
/**
 * Tool slugs in page order.
 */
tools: Array<string>, 
/**
 * Reviewer slugs in scorecard order: the panel whose verdicts the page shows.
 */
panel: Array<string>, status: ComparisonStatus, scheduled_for: string | null, published_at: string | null, };

export type Severity = "blocker" | "warning";

export type Check = { severity: Severity, 
/**
 * Stable identifier of the kind of check, e.g. `missing_verdict`.
 */
code: string, 
/**
 * Where to fix it: a field of the comparison (`dek`, `tools[1]`) or of a tool or verdict
 * (`tool:SLUG.tagline`, `verdict:REVIEWER/TOOL`).
 */
field: string, message: string, };

export type DraftPreview = { html: string, checks: Array<Check>, };

export type Role = "editor" | "reviewer" | "publisher";

export type Profile = { slug: string, name: string, roles: Array<Role>, 
/**
 * The reviewer this person writes verdicts as, when they review.
 */
reviewer: string | null, };

export type PageAction = { "action": "submit_for_review" } | { "action": "return_to_draft" } | { "action": "approve" } | { "action": "schedule", at: string, } | { "action": "publish" } | { "action": "unpublish" };

export type VerdictAction = { "action": "submit" } | { "action": "accept" } | { "action": "return", comment: string, };
