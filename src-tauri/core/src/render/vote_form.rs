//! A page's reader vote form (docs/votes.md): where it posts, and what the page's CSP allows.

use serde::Serialize;

use crate::model::SiteSettings;

/// The vote form of one comparison page, when the site has a vote service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteForm {
    /// `<vote service>/v/<page slug>`: the form's `action`.
    pub action: String,
    /// The service's origin (`https://votes.example.com`), for the CSP's `form-action`.
    pub origin: String,
}

/// The form of page `slug`, or `None` when the site has no (usable) vote service address.
pub fn for_page(site: &SiteSettings, slug: &str) -> Option<VoteForm> {
    let service = site.vote_service.as_deref()?.trim();
    let url = url::Url::parse(service).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    let origin = url.origin().ascii_serialization();
    let base = format!("{}{}", origin, url.path().trim_end_matches('/'));
    Some(VoteForm {
        action: format!("{base}/v/{slug}"),
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_to_the_service_under_the_page_slug() {
        let mut site = SiteSettings::default();
        assert_eq!(for_page(&site, "a-vs-b"), None);
        site.vote_service = Some("https://example.com/votes/".into());
        assert_eq!(
            for_page(&site, "a-vs-b"),
            Some(VoteForm {
                action: "https://example.com/votes/v/a-vs-b".into(),
                origin: "https://example.com".into(),
            })
        );
        site.vote_service = Some("http://127.0.0.1:8788".into());
        let form = for_page(&site, "x").unwrap();
        assert_eq!(form.action, "http://127.0.0.1:8788/v/x");
        assert_eq!(form.origin, "http://127.0.0.1:8788");
    }
}
