//! The optional features of the page API a server can offer (docs/publishing-api.md,
//! *Versions and features*), and which of them this server offers.

use std::fmt;
use std::str::FromStr;

/// The API's major version: what `GET /` says in `version`. Additions never change it.
pub const API_VERSION: u32 = 1;

/// One optional part of the page API, named in `GET /`'s `features` list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// `PUT` and `GET /pages/{slug}/share-card`, and the page resource's `share_card` field.
    ShareCard,
    /// `PUT /media/{hash}/{name}`: the image files pages show, stored and served beside them.
    Media,
}

impl Feature {
    /// Every feature this server can offer, in the order `GET /` lists them.
    pub fn all() -> Vec<Feature> {
        vec![Feature::ShareCard, Feature::Media]
    }

    /// The feature's name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Feature::ShareCard => "share-card",
            Feature::Media => "media",
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Feature {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Feature::all()
            .into_iter()
            .find(|f| f.name() == s.trim())
            .ok_or_else(|| {
                format!(
                    "unknown feature `{}` (expected one of: {})",
                    s.trim(),
                    Feature::all()
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

/// Reads the binary's `--features` list: feature names separated by commas, or `none` for the
/// base API alone (a server written to the first version of the document).
pub fn parse_list(s: &str) -> Result<Vec<Feature>, String> {
    let s = s.trim();
    if s.is_empty() || s == "none" {
        return Ok(Vec::new());
    }
    let mut features = s
        .split(',')
        .map(str::parse)
        .collect::<Result<Vec<Feature>, String>>()?;
    features.sort();
    features.dedup();
    Ok(features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_the_binary_takes_them() {
        assert_eq!(parse_list("none"), Ok(vec![]));
        assert_eq!(parse_list(""), Ok(vec![]));
        assert_eq!(
            parse_list("share-card, share-card"),
            Ok(vec![Feature::ShareCard])
        );
        assert_eq!(
            parse_list("media,share-card"),
            Ok(vec![Feature::ShareCard, Feature::Media])
        );
        let err = parse_list("share-card,gallery").unwrap_err();
        assert!(
            err.contains("`gallery`") && err.contains("share-card, media"),
            "{err}"
        );
        for f in Feature::all() {
            assert_eq!(f.to_string().parse::<Feature>(), Ok(f));
        }
    }
}
