//! The TypeScript types the UI uses for IPC are generated from these Rust types. This test
//! fails when the committed `ui/src/lib/bindings.ts` differs from a fresh generation;
//! `UPDATE_BINDINGS=1 cargo test -p verdict-core --test bindings` rewrites it.

use ts_rs::{Config, TS};
use verdict_core::checks::{Check, Severity};
use verdict_core::desk::{
    ComparisonSummary, Coverage, CoverageCell, CoverageReviewer, CoverageTool, DeskInfo, DiffPart,
    DiffPartKind, DraftPreview, FieldChange, MyWork, Overview, PageRef, ReviewerSummary,
    RevisionView, SiteSummary, ToolCard, ToolPreview, ToolSummary, VerdictDraft, WorkItem,
    WorkKind, WorkPlace,
};
use verdict_core::desk::{
    ConflictView, ImportEntity, ImportPlan, ImportReplacement, PublishPlan, VotesReport,
};
use verdict_core::desk::{DeskRows, SiteRow};
use verdict_core::model::{
    Call, Comparison, ComparisonStatus, EntityKind, EntryPrice, Newsletter, PricePeriod, Reviewer,
    Screenshot, SiteSettings, Tool, ToolLinks, Verdict, VerdictStatus,
};
use verdict_core::notices::{NoticeKind, NoticeSwitch};
use verdict_core::publish::{
    JobState, JobView, Op, PageState, Progress, PublishingView, TargetConfig, TargetKind,
    TargetView,
};
use verdict_core::score::PanelShip;
use verdict_core::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat, DeskChanges};
use verdict_core::team::{
    AddedMember, Conflict as TeamConflict, ConflictField, JoinReport, LiveStatus, Member,
    NewMember, Presence, PresencePlace, SignInReport, SyncState, TeamEdit, TeamLink,
};
use verdict_core::workflow::{
    ActionAvailability, ActionBlock, PageAction, PageActionKind, Profile, Role, VerdictAction,
};
use verdict_core::{ApiError, ErrorCode, ErrorDetails, SearchHit};
use verdict_core::{FieldError, ImportReport};

fn generate() -> String {
    let cfg = Config::new();
    let decls = [
        ErrorCode::decl(&cfg),
        ErrorDetails::decl(&cfg),
        ApiError::decl(&cfg),
        EntityKind::decl(&cfg),
        ComparisonStatus::decl(&cfg),
        PanelShip::decl(&cfg),
        ToolCard::decl(&cfg),
        ComparisonSummary::decl(&cfg),
        ToolSummary::decl(&cfg),
        ReviewerSummary::decl(&cfg),
        SiteSummary::decl(&cfg),
        Overview::decl(&cfg),
        ChangeKind::decl(&cfg),
        ChangeWhat::decl(&cfg),
        Change::decl(&cfg),
        ChangeOrigin::decl(&cfg),
        DeskChanges::decl(&cfg),
        SiteRow::decl(&cfg),
        DeskRows::decl(&cfg),
        SearchHit::decl(&cfg),
        Comparison::decl(&cfg),
        Severity::decl(&cfg),
        Check::decl(&cfg),
        DraftPreview::decl(&cfg),
        Role::decl(&cfg),
        Profile::decl(&cfg),
        PageAction::decl(&cfg),
        PageActionKind::decl(&cfg),
        ActionBlock::decl(&cfg),
        ActionAvailability::decl(&cfg),
        VerdictAction::decl(&cfg),
        FieldError::decl(&cfg),
        PricePeriod::decl(&cfg),
        EntryPrice::decl(&cfg),
        ToolLinks::decl(&cfg),
        Screenshot::decl(&cfg),
        Tool::decl(&cfg),
        verdict_core::facts::FactSource::decl(&cfg),
        verdict_core::facts::PriceSource::decl(&cfg),
        verdict_core::facts::ToolFacts::decl(&cfg),
        verdict_core::facts::check::LinkState::decl(&cfg),
        verdict_core::desk::CheckedLink::decl(&cfg),
        verdict_core::desk::LinkReport::decl(&cfg),
        PageRef::decl(&cfg),
        ToolPreview::decl(&cfg),
        Reviewer::decl(&cfg),
        Call::decl(&cfg),
        VerdictStatus::decl(&cfg),
        Verdict::decl(&cfg),
        VerdictDraft::decl(&cfg),
        CoverageReviewer::decl(&cfg),
        CoverageTool::decl(&cfg),
        CoverageCell::decl(&cfg),
        Coverage::decl(&cfg),
        DiffPartKind::decl(&cfg),
        DiffPart::decl(&cfg),
        FieldChange::decl(&cfg),
        RevisionView::decl(&cfg),
        Newsletter::decl(&cfg),
        SiteSettings::decl(&cfg),
        DeskInfo::decl(&cfg),
        ImportReport::decl(&cfg),
        ImportEntity::decl(&cfg),
        ImportReplacement::decl(&cfg),
        ImportPlan::decl(&cfg),
        TargetKind::decl(&cfg),
        TargetConfig::decl(&cfg),
        TargetView::decl(&cfg),
        Op::decl(&cfg),
        JobState::decl(&cfg),
        JobView::decl(&cfg),
        PageState::decl(&cfg),
        PublishingView::decl(&cfg),
        PublishPlan::decl(&cfg),
        ConflictView::decl(&cfg),
        VotesReport::decl(&cfg),
        verdict_core::backup::BackupInfo::decl(&cfg),
        Progress::decl(&cfg),
        verdict_core::store::receipts::ReceiptState::decl(&cfg),
        verdict_core::store::receipts::Place::decl(&cfg),
        verdict_core::store::receipts::Difference::decl(&cfg),
        verdict_core::store::receipts::PublishedThere::decl(&cfg),
        verdict_core::store::receipts::Receipt::decl(&cfg),
        verdict_core::desk::MarkedUnpublished::decl(&cfg),
        verdict_core::publish::verify::NotChecked::decl(&cfg),
        verdict_core::publish::verify::VerifyReport::decl(&cfg),
        verdict_core::desk::MissedSchedule::decl(&cfg),
        WorkKind::decl(&cfg),
        WorkPlace::decl(&cfg),
        WorkItem::decl(&cfg),
        verdict_core::desk::Assignment::decl(&cfg),
        verdict_core::desk::CalendarQuery::decl(&cfg),
        verdict_core::desk::CalendarEntryKind::decl(&cfg),
        verdict_core::desk::CalendarEntry::decl(&cfg),
        verdict_core::desk::Calendar::decl(&cfg),
        MyWork::decl(&cfg),
        NoticeKind::decl(&cfg),
        NoticeSwitch::decl(&cfg),
        verdict_core::desk::NewsletterPreview::decl(&cfg),
        TeamLink::decl(&cfg),
        Member::decl(&cfg),
        JoinReport::decl(&cfg),
        SignInReport::decl(&cfg),
        SyncState::decl(&cfg),
        LiveStatus::decl(&cfg),
        TeamEdit::decl(&cfg),
        PresencePlace::decl(&cfg),
        Presence::decl(&cfg),
        TeamConflict::decl(&cfg),
        ConflictField::decl(&cfg),
        NewMember::decl(&cfg),
        AddedMember::decl(&cfg),
        verdict_core::media::VariantInfo::decl(&cfg),
        verdict_core::media::MediaItem::decl(&cfg),
        verdict_core::media::MediaUse::decl(&cfg),
        verdict_core::media::Added::decl(&cfg),
        verdict_core::media::catalog::MediaEntry::decl(&cfg),
        verdict_core::media::replace::Replaced::decl(&cfg),
        verdict_core::comments::Anchor::decl(&cfg),
        verdict_core::comments::CommentTarget::decl(&cfg),
        verdict_core::comments::Comment::decl(&cfg),
        verdict_core::comments::CommentThread::decl(&cfg),
        verdict_core::comments::NewComment::decl(&cfg),
        verdict_core::comments::PageCommentCount::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in verdict-core by\n\
         // `UPDATE_BINDINGS=1 cargo test -p verdict-core --test bindings`. Do not edit.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn committed_bindings_match_the_rust_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings.ts is out of date with the Rust types; run \
         `UPDATE_BINDINGS=1 cargo test -p verdict-core --test bindings` and commit the result"
    );
}
