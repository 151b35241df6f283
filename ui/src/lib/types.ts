// Shapes exchanged with the Rust core over Tauri `invoke`. The wire types are generated from
// the Rust structs into `bindings.ts` (a Rust test fails when they drift); this file only adds
// the UI's own normalised error.

export type {
  BackupInfo,
  Call,
  Check,
  Comparison,
  ComparisonStatus,
  ComparisonSummary,
  Coverage,
  CoverageCell,
  CoverageReviewer,
  CoverageTool,
  DeskInfo,
  DiffPart,
  DiffPartKind,
  DraftPreview,
  EntityKind,
  EntryPrice,
  FieldChange,
  FieldError,
  ImportEntity,
  ImportPlan,
  ImportReplacement,
  ImportReport,
  Newsletter,
  Overview,
  PageAction,
  PageRef,
  PanelShip,
  PricePeriod,
  Profile,
  Reviewer,
  ReviewerSummary,
  RevisionView,
  Role,
  SearchHit,
  Severity,
  SiteSettings,
  SiteSummary,
  Tool,
  ToolCard,
  ToolLinks,
  ToolPreview,
  ToolSummary,
  Verdict,
  VerdictAction,
  VerdictDraft,
  VerdictStatus,
} from './bindings';

import type { ApiError as WireApiError, FieldError } from './bindings';

/** Any failure as the UI handles it: the core's `{code, message, field?, problems}`, or one
 * made from an unexpected rejection (where `field` is null and `problems` is empty). Each
 * entry of `problems` is shown under its field. */
export interface ApiError extends Omit<WireApiError, 'field' | 'problems'> {
  field?: string | null;
  problems: FieldError[];
}
