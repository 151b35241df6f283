//! Receipts from a real WordPress (`.ci/wordpress`): posts read back through the REST API
//! (`context=edit`) and at their public address as the theme serves them; a post edited in
//! WordPress, a post deleted there and a filter that strips the structured data are found and
//! named, and verifying sends WordPress nothing but reads.

mod wordpress_site;

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::Selection;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::run_until_settled;
use verdict_core::publish::verify::{Due, VerifyOptions, VerifyReport};
use verdict_core::publish::{TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::receipts::{Receipt, ReceiptState};
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};
use wordpress_site::proxy::Proxy;
use wordpress_site::{options, Site};

/// A filter as a site owner might install one: it takes every JSON-LD script out of the
/// posts readers get (WordPress loads hooks set before its plugin API in `$wp_filter`). It is
/// in the settings from the start and acts once the file `strip-json-ld` is in the site's
/// state folder: PHP's opcache may keep serving a settings file changed seconds ago.
const STRIP_JSON_LD: &str = r#"
$GLOBALS['wp_filter']['the_content'][99][] = array(
    'function' => function ($content) {
        if (!file_exists(__DIR__ . '/strip-json-ld')) {
            return $content;
        }
        return preg_replace('#<script type="application/ld\+json">.*?</script>#s', '', $content);
    },
    'accepted_args' => 1,
);
"#;

/// The site's theme. Debian's WordPress ships none (themes are packages of their own), so
/// the test site gets the smallest one that still renders a post as a theme does: the
/// document title, `wp_head()` (canonical and the rest), the title and `the_content` with
/// every filter WordPress applies on display (wpautop, wptexturize, …), inside a header,
/// main and footer of its own.
const MINIMAL_THEME: &str = r#"
$GLOBALS['wp_filter']['template_redirect'][10][] = array(
    'function' => function () {
        if (!is_singular()) {
            return;
        }
        the_post();
        echo '<!doctype html><html><head><meta charset="utf-8"><title>'
            . esc_html(wp_get_document_title()) . '</title>';
        wp_head();
        echo '</head><body><header><p>A WordPress site</p><nav><a href="/">Home</a></nav></header>'
            . '<main><article><h1 class="entry-title">' . get_the_title() . '</h1>';
        the_content();
        echo '</article></main><footer><p>Proudly powered by WordPress</p></footer></body></html>';
        exit;
    },
    'accepted_args' => 1,
);
"#;

/// Adds PHP to the site's settings file (`.ci/wordpress start` writes it afresh), before
/// the first request.
fn add_to_settings(site: &Site, php: &str) {
    let file = site.state.path().join("wp-config.php");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(php);
    std::fs::write(&file, text).unwrap();
}

fn receipt<'a>(report: &'a VerifyReport, slug: &str) -> &'a Receipt {
    report
        .receipts
        .iter()
        .find(|r| r.slug == slug)
        .unwrap_or_else(|| panic!("no receipt for {slug}: {report:#?}"))
}

fn said(r: &Receipt) -> Vec<&str> {
    r.differences.iter().map(|d| d.said.as_str()).collect()
}

#[test]
fn wordpress_posts_are_read_back_and_edits_deletions_and_stripped_structured_data_are_named() {
    let site = Site::start();
    add_to_settings(&site, &format!("{MINIMAL_THEME}{STRIP_JSON_LD}"));
    // The API through a proxy that counts what verifying sends.
    let proxy = Proxy::start(site.port, Box::new(|_, _, _| false));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: 12,
            comparisons: 5,
            reviewers: 3,
            seed: 5,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    let slugs: Vec<String> = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| c.slug)
        .collect();
    assert!(slugs.len() >= 3, "{slugs:?}");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "wp".into(),
        kind: TargetKind::Wordpress,
        url: proxy.url.clone(),
        user: Some(site.user.clone()),
    };
    desk.add_target("publisher", &config, Some(&site.password), secrets.as_ref())
        .unwrap();
    desk.queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    let summary = rt
        .block_on(run_until_settled(
            desk.data_dir(),
            secrets.clone(),
            options(),
            |_| {},
        ))
        .unwrap();
    assert_eq!(summary.done, slugs.len(), "{summary}");
    let verify = |due: Due| {
        let options = VerifyOptions {
            due,
            timeout: Duration::from_secs(20),
            ..VerifyOptions::default()
        };
        rt.block_on(desk.verify_published(secrets.clone(), options))
            .unwrap()
    };

    // As published: the raw post and the themed page readers get both carry the page.
    let report = verify(Due::Unchecked);
    assert_eq!(report.receipts.len(), slugs.len(), "{report:#?}");
    for r in &report.receipts {
        assert_eq!(r.state, ReceiptState::Verified, "{r:#?}");
        assert!(
            r.public_url.as_deref().unwrap().starts_with(&site.url),
            "{r:#?}"
        );
    }

    // In WordPress: one post's title edited, another post deleted (to the trash), and a
    // filter installed that strips JSON-LD from what readers get.
    let held = desk.publishing_view().unwrap().pages;
    let id_of = |slug: &str| {
        held.iter()
            .find(|p| p.slug == slug)
            .and_then(|p| p.remote_id.clone())
            .unwrap()
    };
    std::thread::sleep(Duration::from_millis(1100)); // modified_gmt counts whole seconds
    rt.block_on(site.edit_title(&id_of(&slugs[0]), "Edited in WordPress"));
    let status = rt.block_on(async {
        reqwest::Client::new()
            .delete(format!(
                "{}wp-json/wp/v2/posts/{}",
                site.url,
                id_of(&slugs[1])
            ))
            .basic_auth(&site.user, Some(&site.password))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(status.is_success(), "{status}");
    std::fs::write(site.state.path().join("strip-json-ld"), b"on").unwrap();

    let writes = |p: &Proxy| p.requests().iter().filter(|(m, _)| m != "GET").count();
    let before = writes(&proxy);
    let report = verify(Due::All);
    assert_eq!(
        writes(&proxy),
        before,
        "verifying sent WordPress nothing but reads"
    );

    let r = receipt(&report, &slugs[0]);
    assert_eq!(r.state, ReceiptState::Differs, "{r:#?}");
    assert!(
        said(r).contains(&"the title was changed on WordPress to “Edited in WordPress”"),
        "{:?}",
        said(r)
    );
    assert!(
        said(r).contains(&"the post was edited in WordPress since the desk published it"),
        "{:?}",
        said(r)
    );
    let r = receipt(&report, &slugs[1]);
    assert_eq!(r.state, ReceiptState::Missing, "{r:#?}");
    assert_eq!(said(r), ["the page is gone from WordPress"]);
    for slug in &slugs[2..] {
        let r = receipt(&report, slug);
        assert_eq!(r.state, ReceiptState::Differs, "{r:#?}");
        assert!(
            said(r).contains(
                &"WordPress removed the page's structured data (JSON-LD) in what readers get"
            ),
            "{:?}",
            said(r)
        );
    }
}
