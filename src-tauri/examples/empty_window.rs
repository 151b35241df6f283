//! An empty window of the same build as the desk: the memory floor the desk's own figures
//! are read against (the e2e perf suite measures it beside them). Same Tauri config,
//! window, protocol and WebKit cache model; the page is one line of text and no script.

use std::borrow::Cow;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};

const PATH: &str = "/index.html";
const PAGE: &[u8] = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Empty window</title></head><body><p>Empty window</p></body></html>";

/// Serves the one page in place of the desk's bundled UI.
struct EmptyPage;

impl<R: tauri::Runtime> tauri::Assets<R> for EmptyPage {
    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        (key.as_ref() == PATH).then_some(Cow::Borrowed(PAGE))
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::once((Cow::Borrowed(PATH), Cow::Borrowed(PAGE))))
    }

    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

fn main() {
    let mut context = tauri::generate_context!();
    context.set_assets(Box::new(EmptyPage));
    tauri::Builder::default()
        .build(context)
        .expect("the empty window starts")
        .run(|app, event| {
            if let tauri::RunEvent::Ready = event {
                verdict_desk_lib::document_viewer_cache(app);
            }
        });
}
