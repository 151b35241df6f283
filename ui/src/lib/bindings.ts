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
