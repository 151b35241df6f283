//! Comments on the words: anchored to a range of one text field of one entity, in threads
//! with replies, resolved or open, mentioning members. The anchor follows the words as the
//! text is edited (`anchor`); the store keeps them (store/comments.rs), the desk checks who
//! writes them (`desk`), the team shares them (team/comments.rs).

pub mod anchor;
mod desk;

use serde::{Deserialize, Serialize};

pub use anchor::{Anchor, AnchorError};

use crate::model::EntityKind;

/// The longest comment, in characters.
pub const MAX_BODY: usize = 10_000;

/// The text fields a comment may sit on, by kind of entity.
pub fn commentable(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Verdict => &["quote"],
        EntityKind::Tool => &["tagline", "description"],
        EntityKind::Comparison => &["title", "dek", "intro"],
        EntityKind::Reviewer => &["bio"],
        EntityKind::Site | EntityKind::Media => &[],
    }
}

/// Where a comment sits: one field of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CommentTarget {
    pub kind: EntityKind,
    pub key: String,
    pub field: String,
}

/// One comment of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Comment {
    pub id: String,
    /// The author's profile slug (a member's login on a team desk).
    pub author: String,
    pub body: String,
    /// The members it mentions (`@login` in the body), each once.
    pub mentions: Vec<String>,
    pub created_at: String,
    /// Not yet on the team (made offline, or on a desk alone: a note).
    pub pending: bool,
    /// Why the team refused it, when it did.
    pub refused: Option<String>,
}

/// A thread: the anchor, its comments (the first opened it) and whether it is resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CommentThread {
    /// The first comment's id.
    pub id: String,
    pub target: CommentTarget,
    pub anchor: Anchor,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    pub comments: Vec<Comment>,
}

/// A new thread on a selection of a field's text, as the UI sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct NewComment {
    pub target: CommentTarget,
    /// The selection in UTF-16 code units of the field's text as saved.
    pub start: u32,
    pub end: u32,
    pub body: String,
}

/// Open threads per page (on the page's own fields, its tools' and their verdicts').
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PageCommentCount {
    pub slug: String,
    pub open: u32,
}

/// The `@login` mentions in `body`, each once, in order: an `@` not preceded by a letter or
/// digit (so an e-mail address is none), then a login (lower-case letters and digits with
/// single hyphens, as members are named).
pub fn mentions(body: &str) -> Vec<String> {
    let chars: Vec<char> = body.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i] == '@' && (i == 0 || !chars[i - 1].is_alphanumeric());
        if starts {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_lowercase()
                    || chars[j].is_ascii_digit()
                    || (chars[j] == '-'
                        && j + 1 < chars.len()
                        && (chars[j + 1].is_ascii_lowercase() || chars[j + 1].is_ascii_digit())))
            {
                j += 1;
            }
            if j > i + 1 && chars[i + 1].is_ascii_lowercase() {
                let login: String = chars[i + 1..j].iter().collect();
                if !out.contains(&login) {
                    out.push(login);
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The document sent for a comment (see verdict.put_comment).
pub(crate) fn wire(
    id: &str,
    parent: Option<&str>,
    target: &CommentTarget,
    anchor: Option<&Anchor>,
    body: &str,
    mentions: &[String],
    resolved: bool,
) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "parent": parent,
        "kind": target.kind.as_str(),
        "key": target.key,
        "field": target.field,
        "anchor": anchor,
        "body": body,
        "mentions": mentions,
        "resolved": resolved,
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_are_logins_after_an_at() {
        assert_eq!(
            mentions("@ana-lee see this, and @bob. Mail me at x@example.com; @ana-lee again"),
            vec!["ana-lee", "bob"]
        );
        assert_eq!(mentions("@ @9 @Bob (@c-)"), vec!["c"]);
        assert!(mentions("café@home").is_empty());
    }
}
