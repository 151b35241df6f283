// Shapes exchanged with the Rust core over Tauri `invoke`.
// These will later be generated from the Rust types; keep them in this one file.

export type EntityKind = 'site' | 'tool' | 'reviewer' | 'verdict' | 'comparison';
export type ComparisonStatus = 'draft' | 'in_review' | 'approved' | 'scheduled' | 'published';

export interface ApiError {
  code: string;
  message: string;
  field?: string | null;
}

/** `percent` is null when `total` is 0. */
export interface PanelShip {
  ship: number;
  total: number;
  percent: number | null;
}

export interface ToolCard {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  tagline: string;
  entry: string;
  panel_ship: PanelShip;
  community_percent: number | null;
}

export interface ComparisonSummary {
  slug: string;
  title: string;
  dek: string;
  status: ComparisonStatus;
  tools: ToolCard[];
  updated_at: string;
}

export interface ToolSummary {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  tagline: string;
  entry: string;
  pricing_checked_on: string | null;
}

export interface ReviewerSummary {
  slug: string;
  name: string;
  persona: string;
  verdict_count: number;
}

export interface SiteSummary {
  site_name: string;
  kicker: string;
}

export interface Overview {
  site: SiteSummary;
  comparisons: ComparisonSummary[];
  tools: ToolSummary[];
  reviewers: ReviewerSummary[];
  data_dir: string;
}

export interface SearchHit {
  entity: EntityKind;
  key: string;
  title: string;
  snippet: string;
}
