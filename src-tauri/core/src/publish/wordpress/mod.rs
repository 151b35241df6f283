//! The WordPress target: posts through the REST API (`/wp-json/wp/v2/posts`) with an
//! application password. WordPress has no conditional writes, so before an update the post's
//! `modified_gmt` is compared with the one we last published: a difference is a conflict.
//! Each post carries a marker with the hash of the content we sent, which lets a retried
//! create find the post an earlier, unanswered attempt made instead of making a second one.
//! The media library (share cards, the images pages show) is in `media.rs`.

use async_trait::async_trait;
use reqwest::{Client, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::reply::{self, Wording};
use super::{OutgoingPage, PublishError, RemoteCopy, RemoteRecord, Target, TargetError};

mod media;
pub use media::{image_slug, usable_address};

pub struct WordpressTarget {
    api: url::Url,
    user: String,
    password: String,
    client: Client,
}

#[derive(Debug, Deserialize)]
struct Rendered {
    #[serde(default)]
    raw: Option<String>,
    #[serde(default)]
    rendered: Option<String>,
}

impl Rendered {
    fn text(&self) -> String {
        self.raw
            .clone()
            .or_else(|| self.rendered.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
struct Post {
    id: u64,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    modified_gmt: String,
    title: Rendered,
    content: Rendered,
    /// The post's featured image (a media id; 0 for none): the share card we sent.
    #[serde(default)]
    featured_media: u64,
}

const MARKER_PREFIX: &str = "<!-- verdict-desk:";

fn marker(content_hash: &str) -> String {
    format!("{MARKER_PREFIX}{content_hash} -->")
}

/// The inside of the page's `<body>`: a post holds content, not a whole document.
pub fn body_of(html: &str) -> &str {
    let Some(open) = html.find("<body") else {
        return html;
    };
    let Some(start) = html[open..].find('>').map(|i| open + i + 1) else {
        return html;
    };
    let end = html[start..]
        .rfind("</body>")
        .map_or(html.len(), |i| start + i);
    html[start..end].trim()
}

fn post_content(page: &OutgoingPage) -> String {
    format!("{}\n{}", marker(&page.content_hash), post_body(page))
}

/// What a post holds of the page: its body, and its structured data (which the document
/// keeps in its head), so that readers and search engines get the same JSON-LD there. The
/// JSON-LD goes without its image addresses: they name the site's own media folder, which a
/// WordPress site does not have (the post shows the images from the media library).
pub fn post_body(page: &OutgoingPage) -> String {
    const LD: &str = "<script type=\"application/ld+json\">";
    let body = body_of(&page.html);
    let ld = page.html.find(LD).and_then(|start| {
        let end = page.html[start + LD.len()..].find("</script>")? + start + LD.len();
        serde_json::from_str::<serde_json::Value>(&page.html[start + LD.len()..end]).ok()
    });
    match ld {
        Some(mut ld) => {
            without_images(&mut ld);
            // Written back escaped as the renderer does, so no text in it can end the script.
            let json = ld.to_string().replace('<', "\\u003c");
            format!("{body}\n{LD}{json}</script>")
        }
        None => body.to_string(),
    }
}

fn without_images(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("image");
            map.values_mut().for_each(without_images);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_images),
        _ => {}
    }
}

/// The post's content without our marker line, as people edit it.
pub fn without_marker(content: &str) -> String {
    match content.strip_prefix(MARKER_PREFIX) {
        Some(rest) => rest
            .split_once("-->\n")
            .map_or(rest, |(_, r)| r)
            .to_string(),
        None => content.to_string(),
    }
}

/// How WordPress's failures read.
const WORDING: Wording = Wording {
    who: "WordPress",
    retry_timeout: false,
    refused: |status, detail| {
        format!("WordPress refused the user or application password ({status}): {detail}")
    },
    unreadable: "WordPress's reply cannot be read",
};

/// Reads a post, or a list of posts, the way the target does, down to the remote copy a
/// conflict would show: the entry point for fuzzing the parsers of untrusted replies.
pub fn read_posts_reply(bytes: &[u8]) -> Result<Vec<RemoteCopy>, TargetError> {
    let posts: Vec<Post> = match reply::parse::<Vec<Post>>(bytes, &WORDING) {
        Ok(list) => list,
        Err(_) => vec![reply::parse::<Post>(bytes, &WORDING)?],
    };
    Ok(posts.iter().map(copy_of).collect())
}

fn copy_of(post: &Post) -> RemoteCopy {
    RemoteCopy {
        remote_id: Some(post.id.to_string()),
        version: Some(post.modified_gmt.clone()),
        url: post.link.clone(),
        content_hash: None,
        fields: json!({
            "title": post.title.text(),
            "content": super::visible_text(&without_marker(&post.content.text())),
        }),
    }
}

impl WordpressTarget {
    pub fn new(
        site: &str,
        user: String,
        password: String,
    ) -> Result<WordpressTarget, PublishError> {
        let bad = |e: String| PublishError::Target {
            target: site.to_string(),
            source: TargetError::Permanent(e),
        };
        let mut base =
            url::Url::parse(site).map_err(|e| bad(format!("the URL cannot be read: {e}")))?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let api = base
            .join("wp-json/wp/v2/")
            .map_err(|e| bad(e.to_string()))?;
        let client = Client::builder()
            .user_agent(concat!("VerdictDesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| bad(e.to_string()))?;
        Ok(WordpressTarget {
            api,
            user,
            password,
            client,
        })
    }

    fn url(&self, path: &str) -> url::Url {
        self.api.join(path).expect("relative API paths join")
    }

    fn request(&self, method: reqwest::Method, url: url::Url) -> reqwest::RequestBuilder {
        self.client
            .request(method, url)
            .basic_auth(&self.user, Some(&self.password))
    }

    /// GETs `url` and reads its JSON; anything but 200 is the site's refusal, in words.
    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: url::Url,
    ) -> Result<T, TargetError> {
        let response = self
            .request(reqwest::Method::GET, url)
            .send()
            .await
            .map_err(reply::transport)?;
        if response.status() != StatusCode::OK {
            return Err(reply::unexpected(response, &WORDING).await);
        }
        reply::read_json(response, &WORDING).await
    }

    async fn post_by_id(&self, id: &str) -> Result<Option<Post>, TargetError> {
        let mut url = self.url(&format!("posts/{id}"));
        url.set_query(Some("context=edit"));
        let response = self
            .request(reqwest::Method::GET, url)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => {
                let post: Post = reply::read_json(response, &WORDING).await?;
                Ok((post.status != "trash").then_some(post))
            }
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(None),
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }

    async fn post_by_slug(&self, slug: &str) -> Result<Option<Post>, TargetError> {
        let mut url = self.url("posts");
        url.query_pairs_mut()
            .append_pair("slug", slug)
            .append_pair("status", "publish,future,draft,pending,private")
            .append_pair("context", "edit");
        let posts: Vec<Post> = self.get_json(url).await?;
        Ok(posts.into_iter().next())
    }

    fn record(&self, post: &Post, page: &OutgoingPage) -> RemoteRecord {
        RemoteRecord {
            remote_id: Some(post.id.to_string()),
            url: post.link.clone(),
            content_hash: page.content_hash.clone(),
            version: post.modified_gmt.clone(),
        }
    }

    fn copy(&self, post: &Post) -> RemoteCopy {
        copy_of(post)
    }

    async fn write(
        &self,
        id: Option<&str>,
        page: &OutgoingPage,
        card: u64,
    ) -> Result<Post, TargetError> {
        let url = match id {
            Some(id) => self.url(&format!("posts/{id}")),
            None => self.url("posts"),
        };
        let response = self
            .request(reqwest::Method::POST, url)
            .json(&json!({
                "title": page.title,
                "slug": page.slug,
                "status": "publish",
                "content": post_content(page),
                "featured_media": card,
            }))
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK | StatusCode::CREATED => reply::read_json(response, &WORDING).await,
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }
}

#[async_trait]
impl Target for WordpressTarget {
    /// The media library: each file a page shows is put there once, and the post names it
    /// at the address WordPress gives it.
    async fn media(&self) -> Result<super::media::MediaMode, TargetError> {
        Ok(super::media::MediaMode::Library)
    }

    async fn put_media(
        &self,
        file: &super::media::MediaFile,
    ) -> Result<super::media::MediaPut, TargetError> {
        self.put_image(file).await
    }

    /// A replaced logo's files leave the media library once no post shows them.
    fn removes_media(&self) -> bool {
        true
    }

    async fn remove_media(&self, hash: &str) -> Result<(), TargetError> {
        self.remove_image(hash).await
    }

    async fn check(&self) -> Result<String, TargetError> {
        let mut url = self.url("users/me");
        url.set_query(Some("context=edit"));
        let response = self
            .request(reqwest::Method::GET, url)
            .send()
            .await
            .map_err(reply::transport)?;
        if response.status() != StatusCode::OK {
            return Err(reply::unexpected(response, &WORDING).await);
        }
        #[derive(Deserialize)]
        struct Me {
            #[serde(default)]
            name: String,
        }
        let me: Me = reply::read_json(response, &WORDING).await?;
        Ok(format!(
            "WordPress at {}, signed in as {}",
            self.api, me.name
        ))
    }

    async fn put(
        &self,
        page: &OutgoingPage,
        last: Option<&RemoteRecord>,
        overwrite: bool,
        _key: &str,
    ) -> Result<RemoteRecord, TargetError> {
        let existing = match last.and_then(|l| l.remote_id.as_deref()) {
            Some(id) => match self.post_by_id(id).await? {
                Some(post) => Some(post),
                None if overwrite => None,
                None => return Err(TargetError::Conflict(None)),
            },
            None => self.post_by_slug(&page.slug).await?,
        };
        let card = self.card_media(page).await?;
        let Some(post) = existing else {
            let post = self.write(None, page, card).await?;
            return Ok(self.record(&post, page));
        };
        // This content is already there: an earlier attempt landed and its answer was lost.
        if post.content.text().trim() == post_content(page).trim()
            && post.title.text() == page.title
            && post.featured_media == card
        {
            return Ok(self.record(&post, page));
        }
        let changed_there = match last {
            Some(l) => post.modified_gmt != l.version,
            // A post with this slug that we never published: not ours to overwrite.
            None => true,
        };
        if changed_there && !overwrite {
            return Err(TargetError::Conflict(Some(Box::new(self.copy(&post)))));
        }
        let updated = self.write(Some(&post.id.to_string()), page, card).await?;
        self.remove_old_card(page, post.featured_media, card).await;
        Ok(self.record(&updated, page))
    }

    async fn delete(
        &self,
        _slug: &str,
        last: Option<&RemoteRecord>,
        _key: &str,
    ) -> Result<(), TargetError> {
        let Some((id, version)) = last.and_then(|l| Some((l.remote_id.as_deref()?, &l.version)))
        else {
            return Ok(());
        };
        // WordPress has no conditional delete: the post edited there since we last published
        // it is a conflict, as for an update.
        let Some(post) = self.post_by_id(id).await? else {
            return Ok(());
        };
        if &post.modified_gmt != version {
            return Err(TargetError::Conflict(Some(Box::new(self.copy(&post)))));
        }
        // Without `force`, WordPress moves the post to the trash, where it can be restored.
        let response = self
            .request(reqwest::Method::DELETE, self.url(&format!("posts/{id}")))
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK | StatusCode::NOT_FOUND | StatusCode::GONE => Ok(()),
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_marker() {
        let html = "<!doctype html><html><head><title>t</title></head><body class=\"x\">\n<p>Hi</p>\n</body></html>";
        assert_eq!(body_of(html), "<p>Hi</p>");
        assert_eq!(body_of("<p>plain</p>"), "<p>plain</p>");
        let content = format!("{}\n<p>Hi</p>", marker("abc"));
        assert_eq!(without_marker(&content), "<p>Hi</p>");
        assert_eq!(without_marker("<p>edited</p>"), "<p>edited</p>");
    }
}
