//! The server's state: pages, media, idempotency records, votes, faults, and the statistics.

use super::*;

impl State {
    pub(super) fn new(faults: Faults) -> Self {
        State {
            pages: BTreeMap::new(),
            media: BTreeMap::new(),
            stats: Stats::default(),
            idempotency: HashMap::new(),
            last_prune: Instant::now(),
            votes: Vec::new(),
            votes_as_of: Utc::now(),
            rng: ChaCha8Rng::seed_from_u64(faults.seed),
            faults,
            seq: 0,
            scripted: std::collections::VecDeque::new(),
            arrivals: Vec::new(),
            stale: HashMap::new(),
        }
    }

    pub(crate) fn set_faults(&mut self, faults: Faults) {
        self.rng = ChaCha8Rng::seed_from_u64(faults.seed);
        self.faults = faults;
    }

    pub(crate) fn set_votes(&mut self, mut votes: Vec<(String, String, u64)>) {
        votes.sort();
        self.votes = votes;
        self.votes_as_of = Utc::now();
    }

    pub(crate) fn script_faults(&mut self, kinds: impl IntoIterator<Item = FaultKind>) {
        self.scripted.extend(kinds);
    }

    /// Count the request and decide its fault.
    pub(crate) fn pick_fault(&mut self, is_write: bool) -> Option<FaultKind> {
        self.stats.requests += 1;
        if !(is_write || self.faults.apply_to_reads) {
            return None;
        }
        if let Some(kind) = self.scripted.pop_front() {
            self.stats.faults += 1;
            return Some(kind);
        }
        if !self.faults.active() {
            return None;
        }
        if self.rng.random::<f64>() >= self.faults.rate.min(1.0) {
            return None;
        }
        let kind = self.faults.kinds[self.rng.random_range(0..self.faults.kinds.len())];
        self.stats.faults += 1;
        Some(kind)
    }

    pub(super) fn next_etag(
        &mut self,
        title: &str,
        content_hash: &str,
        html: &str,
        page: &Value,
    ) -> String {
        self.seq += 1;
        let mut hasher = Sha256::new();
        for part in [title, content_hash, html, &page.to_string()] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        format!("\"{}-{}\"", self.seq, &hex(&hasher.finalize())[..16])
    }

    pub(super) fn count_write(&mut self, slug: &str) {
        *self
            .stats
            .by_slug_writes
            .entry(slug.to_owned())
            .or_default() += 1;
    }

    pub(crate) fn edit_remote(&mut self, slug: &str, new_title: &str) -> Option<StoredPage> {
        let old = self.pages.get(slug)?.clone();
        let now = Utc::now();
        let mut html = if old.title.is_empty() {
            old.html.clone()
        } else {
            old.html.replace(&old.title, new_title)
        };
        let marker = format!("<!-- edited on the website at {} -->", rfc3339(now));
        match html.rfind("</body>") {
            Some(at) => html.insert_str(at, &marker),
            None => html.push_str(&marker),
        }
        let mut page = old.page.clone();
        if let Some(Value::String(title)) = page.get_mut("title") {
            *title = new_title.to_owned();
        }
        let content_hash = format!(
            "remote:{}",
            hex(&Sha256::digest(format!("{new_title}\0{html}").as_bytes()))
        );
        let etag = self.next_etag(new_title, &content_hash, &html, &page);
        let updated = StoredPage {
            slug: old.slug,
            title: new_title.to_owned(),
            content_hash,
            etag,
            html,
            page,
            updated_at: now,
            revision: old.revision + 1,
            share_card: old.share_card,
        };
        self.pages.insert(slug.to_owned(), updated.clone());
        Some(updated)
    }

    /// The stored response for `key`, or 422 when it was used for another request.
    pub(super) fn idempotency_lookup(
        &mut self,
        key: &str,
        method: &Method,
        path: &str,
    ) -> Option<Reply> {
        let entry = self.idempotency.get(key)?;
        if entry.at.elapsed() > IDEMPOTENCY_TTL {
            self.idempotency.remove(key);
            return None;
        }
        if entry.method != *method || entry.path != path {
            return Some(Reply::error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_mismatch",
                format!(
                    "Idempotency-Key was already used for {} {}",
                    entry.method, entry.path
                ),
            ));
        }
        let reply = Reply {
            status: entry.status,
            etag: entry.etag.clone(),
            content_type: entry.content_type,
            body: entry.body.clone(),
            replayed: true,
            extra: Vec::new(),
        };
        self.stats.replays += 1;
        Some(reply)
    }

    /// Remember a completed (non-5xx) response under `key`.
    pub(super) fn remember(&mut self, key: String, method: Method, path: &str, reply: &Reply) {
        if reply.status.is_server_error() {
            return;
        }
        if self.last_prune.elapsed() > Duration::from_secs(60) {
            self.idempotency
                .retain(|_, entry| entry.at.elapsed() <= IDEMPOTENCY_TTL);
            self.last_prune = Instant::now();
        }
        self.idempotency.insert(
            key,
            IdemEntry {
                method,
                path: path.to_owned(),
                status: reply.status,
                etag: reply.etag.clone(),
                content_type: reply.content_type,
                body: reply.body.clone(),
                at: Instant::now(),
            },
        );
    }
}
