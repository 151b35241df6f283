// Shapes exchanged with the Rust core over Tauri `invoke`. The wire types are generated from
// the Rust structs into `bindings.ts` (a Rust test fails when they drift); this file only adds
// the UI's own normalised error.

export type {
  ActionAvailability,
  ActionBlock,
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
  ErrorDetails,
  FieldChange,
  FieldError,
  ImportEntity,
  ImportPlan,
  ImportReplacement,
  ImportReport,
  Newsletter,
  Overview,
  PageAction,
  PageActionKind,
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

import type { ErrorCode, ApiError as WireApiError, FieldError } from './bindings';

/**
 * Codes the UI gives errors of its own: an unexpected rejection (`error`, `unknown`), no core
 * behind the page (`no_backend`), a form that could not be saved first (`unsaved`).
 */
export type UiErrorCode = 'error' | 'unknown' | 'no_backend' | 'unsaved';

/** Any failure as the UI handles it: the core's `{code, message, field?, problems}`, or one
 * made from an unexpected rejection (where `field` is null and `problems` is empty). Each
 * entry of `problems` is shown under its field. */
export interface ApiError extends Omit<WireApiError, 'code' | 'field' | 'problems'> {
  code: ErrorCode | UiErrorCode;
  field?: string | null;
  problems: FieldError[];
}
