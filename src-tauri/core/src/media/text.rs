//! An image's text as a person gives it and as its revisions keep it (alt, credit,
//! decorative), and what is wrong with it: plain types, saved by store/media_text.rs.

use serde::{Deserialize, Serialize};

use crate::validate::FieldError;

/// What a person gives with a new image, or changes later (`None`: leave as it is).
#[derive(Debug, Clone, Default)]
pub struct MediaText {
    pub alt: Option<String>,
    pub credit: Option<String>,
    pub decorative: Option<bool>,
}

/// What is wrong with the text a person gives: alt and credit are single lines of bounded
/// length (the team's server holds them to the same).
pub(crate) fn text_problems(text: &MediaText) -> Vec<FieldError> {
    let mut problems = Vec::new();
    for (field, value, max) in [("alt", &text.alt, 1000), ("credit", &text.credit, 300)] {
        let Some(value) = value else { continue };
        if value.chars().count() > max {
            problems.push(FieldError::new(field, format!("at most {max} characters")));
        }
        if value.chars().any(char::is_control) {
            problems.push(FieldError::new(
                field,
                "one line, without control characters",
            ));
        }
    }
    problems
}

/// An image's text, as its revisions keep it and the team's log carries it. The bytes and
/// their facts (type, size, name) are not in it: they never change under the hash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MediaDoc {
    pub alt: String,
    pub credit: String,
    pub decorative: bool,
}

impl MediaDoc {
    /// The JSON text a revision keeps (compared as text: an unchanged save keeps none).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain strings and a boolean serialise")
    }

    /// This document with what a person changed (`None`: left as it is), trimmed.
    pub fn with(&self, text: &MediaText) -> MediaDoc {
        MediaDoc {
            alt: text
                .alt
                .as_deref()
                .map_or_else(|| self.alt.clone(), |a| a.trim().to_string()),
            credit: text
                .credit
                .as_deref()
                .map_or_else(|| self.credit.clone(), |c| c.trim().to_string()),
            decorative: text.decorative.unwrap_or(self.decorative),
        }
    }
}
