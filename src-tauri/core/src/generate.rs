//! Deterministic synthetic content for benchmarks (`verdict generate`): same options, same bytes.
//!
//! Everything is drawn from a seeded ChaCha8 generator and timestamps count from a fixed base,
//! so a seed names one exact data set. Each kind of content draws from its own ChaCha stream:
//! asking for more comparisons or reviewers leaves the generated tools unchanged, which keeps
//! benchmark runs at different sizes comparable.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::bundle::{Bundle, BundleError, BUNDLE_FORMAT, BUNDLE_VERSION};
use crate::model::{
    Call, Comparison, ComparisonStatus, EntryPrice, PricePeriod, Reviewer, SiteSettings, Tool,
    ToolLinks, Verdict, VerdictStatus,
};
use crate::store::Store;
use crate::validate::slugify;

/// How much content to generate, and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub tools: usize,
    pub comparisons: usize,
    pub reviewers: usize,
    pub seed: u64,
}

/// How many of each kind were generated and imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GenerateReport {
    pub tools: usize,
    pub reviewers: usize,
    pub verdicts: usize,
    pub comparisons: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "--reviewers must be at least 1: every verdict and every comparison panel needs a reviewer"
    )]
    NoReviewers,
    #[error(
        "--comparisons {comparisons} needs at least 2 tools (a comparison puts two tools side \
         by side), but --tools is {tools}"
    )]
    TooFewTools { tools: usize, comparisons: usize },
    #[error(
        "--comparisons {requested} is more than the {available} distinct pairs that --tools \
         {tools} allows (tools × (tools − 1) / 2); ask for fewer comparisons or more tools"
    )]
    TooManyComparisons {
        requested: usize,
        available: u128,
        tools: usize,
    },
    #[error(transparent)]
    Bundle(#[from] BundleError),
}

/// Generates the content and imports it in one transaction: all of it lands, or nothing does.
///
/// Content is upserted by slug like any bundle import. The desk's own site settings are kept:
/// the generator makes content, not configuration.
pub fn generate(
    store: &mut Store,
    opts: &GenerateOptions,
) -> Result<GenerateReport, GenerateError> {
    let mut bundle = generate_bundle(opts)?;
    bundle.site = store.site().map_err(BundleError::from)?;
    store.import_bundle(&bundle)?;
    Ok(GenerateReport {
        tools: bundle.tools.len(),
        reviewers: bundle.reviewers.len(),
        verdicts: bundle.verdicts.len(),
        comparisons: bundle.comparisons.len(),
    })
}

/// Builds the content without touching a database. Pure: the same options give an identical
/// bundle, down to the bytes of [`Bundle::to_json`].
pub fn generate_bundle(opts: &GenerateOptions) -> Result<Bundle, GenerateError> {
    check_options(opts)?;
    let reviewers = gen_reviewers(&mut stream(opts.seed, Stream::Reviewers), opts.reviewers);
    let (tools, quality) = gen_tools(&mut stream(opts.seed, Stream::Tools), opts.tools);
    let verdicts = gen_verdicts(
        &mut stream(opts.seed, Stream::Verdicts),
        &tools,
        &quality,
        &reviewers,
    );
    let comparisons = gen_comparisons(
        &mut stream(opts.seed, Stream::Comparisons),
        &tools,
        &reviewers,
        opts.comparisons,
    );
    Ok(Bundle {
        format: BUNDLE_FORMAT.to_string(),
        version: BUNDLE_VERSION,
        site: SiteSettings::default(),
        reviewers,
        tools,
        verdicts,
        comparisons,
        community_votes: Vec::new(),
    })
}

fn check_options(opts: &GenerateOptions) -> Result<(), GenerateError> {
    if opts.reviewers == 0 {
        return Err(GenerateError::NoReviewers);
    }
    if opts.comparisons > 0 && opts.tools < 2 {
        return Err(GenerateError::TooFewTools {
            tools: opts.tools,
            comparisons: opts.comparisons,
        });
    }
    let available = pair_count(opts.tools);
    if opts.comparisons as u128 > available {
        return Err(GenerateError::TooManyComparisons {
            requested: opts.comparisons,
            available,
            tools: opts.tools,
        });
    }
    Ok(())
}

/// Distinct unordered pairs of `n` tools; u128 so that no `--tools` value can overflow it.
fn pair_count(n: usize) -> u128 {
    let n = n as u128;
    n * n.saturating_sub(1) / 2
}

// ----- randomness -----

/// One ChaCha stream per kind of content (see the module docs for why).
#[derive(Clone, Copy)]
enum Stream {
    Reviewers = 1,
    Tools = 2,
    Verdicts = 3,
    Comparisons = 4,
}

fn stream(seed: u64, which: Stream) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(which as u64);
    rng
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Picks by integer weights, so the distribution does not depend on float rounding.
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, choices: &[(u32, T)]) -> T {
    let total: u32 = choices.iter().map(|(w, _)| w).sum();
    let mut roll = rng.random_range(0..total);
    for &(w, value) in choices {
        if roll < w {
            return value;
        }
        roll -= w;
    }
    choices[choices.len() - 1].1
}

/// A permutation of `0..len` as `i ↦ (a·i + b) mod len` with `gcd(a, len) = 1`: visits distinct
/// values in a scattered order in O(1) memory, where shuffling all values would need O(len).
struct AffineWalk {
    a: u128,
    b: u128,
    len: u128,
}

impl AffineWalk {
    fn new(rng: &mut ChaCha8Rng, len: u128) -> Self {
        if len <= 1 {
            return AffineWalk { a: 1, b: 0, len };
        }
        // Drawn from u64 (plenty of spread); coprime multipliers are dense, so this ends quickly.
        let bound = len.min(u128::from(u64::MAX)) as u64;
        let a = loop {
            let a = u128::from(rng.random_range(1..bound));
            if gcd(a, len) == 1 {
                break a;
            }
        };
        let b = u128::from(rng.random_range(0..bound));
        AffineWalk { a, b, len }
    }

    fn at(&self, i: u128) -> u128 {
        if self.len == 0 {
            return 0;
        }
        // a, i < 2^64 in practice, so the product cannot overflow u128.
        (self.a % self.len * (i % self.len) + self.b) % self.len
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The `k`-th unordered pair of `n` tools, for `k < n(n−1)/2`, without listing the pairs.
///
/// Pairs are numbered by distance around a circle: block `d−1` holds `{i, i+d mod n}` for every
/// `i`. Distances below n/2 give n distinct pairs each; when n is even the last distance, n/2,
/// gives only n/2, and exactly n/2 indices remain for it.
fn unrank_pair(k: u128, n: usize) -> (usize, usize) {
    let n128 = n as u128;
    let d = (k / n128 + 1) as usize;
    let i = (k % n128) as usize;
    (i, (i + d) % n)
}

// ----- text -----

/// Values for `{key}` placeholders in the sentence templates.
#[derive(Default, Clone, Copy)]
struct Vars<'a> {
    name: &'a str,
    vendor: &'a str,
    category: &'a str,
    other: &'a str,
    price: &'a str,
    cmd: &'a str,
    docs: &'a str,
}

impl Vars<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        Some(match key {
            "name" => self.name,
            "vendor" => self.vendor,
            "category" => self.category,
            "other" => self.other,
            "price" => self.price,
            "cmd" => self.cmd,
            "docs" => self.docs,
            _ => return None,
        })
    }
}

/// Appends `template` with its known `{key}`s filled in. Unknown braces (JSON in code blocks)
/// are copied as they are, so templates need no escaping.
fn expand(out: &mut String, template: &str, vars: &Vars) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after
            .find('}')
            .and_then(|close| Some((vars.get(&after[..close])?, close)));
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The templates of `pool` in a seeded order, so a text never repeats a sentence.
fn shuffled<'a>(rng: &mut ChaCha8Rng, pool: &[&'a str]) -> Vec<&'a str> {
    let mut order = pool.to_vec();
    order.shuffle(rng);
    order
}

/// Appends templates, separated by spaces, until `out` is at least `target` bytes long or the
/// templates run out.
fn fill_to<'a>(
    out: &mut String,
    templates: impl IntoIterator<Item = &'a str>,
    target: usize,
    vars: &Vars,
) {
    for template in templates {
        if out.len() >= target {
            break;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        expand(out, template, vars);
    }
}

/// Generated timestamps count from here rather than from the clock, so output is reproducible.
fn base_time() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("2026-01-01T00:00:00Z is representable")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("constant date is valid")
}

// ----- reviewers -----

struct Persona {
    lens: &'static str,
    /// Makes reviewers of this lens a little harsher or kinder; averages out near zero.
    ship_bias: i32,
    rubric: [&'static str; 3],
    bios: &'static [&'static str],
    ship_open: &'static [&'static str],
    skip_open: &'static [&'static str],
    body: &'static [&'static str],
    ship_close: &'static [&'static str],
    skip_close: &'static [&'static str],
}

const PERSONAS: [Persona; 4] = [
    Persona {
        lens: "Developer experience",
        ship_bias: 5,
        rubric: [
            "What is the primitive?",
            "What is the DX bet?",
            "What is the moment of truth?",
        ],
        bios: &[
            "{name} has shipped SDKs and CLIs for a decade and judges every tool by its first ten minutes: install, first call, first error message.",
            "{name} ran developer relations at two API companies and still reads changelogs before launch posts.",
            "{name} maintains a popular open-source build tool and cares most about what happens when the happy path ends.",
        ],
        ship_open: &[
            "The primitive is clear: {name} does one job and exposes it as something you can script.",
            "The DX bet pays off here: {vendor} put the effort into defaults instead of into the dashboard.",
            "The moment of truth is the first real task, and {name} gets through it without a detour into the docs.",
        ],
        skip_open: &[
            "The primitive is muddled: {name} wraps three ideas in one command and explains none of them well.",
            "The DX bet is that you will tolerate a long setup for a good demo, and I don't think you will.",
            "The moment of truth comes at the first error message, and {name} answers it with a stack trace.",
        ],
        body: &[
            "Install took one command and the quick start in the [docs]({docs}) matched what actually happened.",
            "The CLI is `{cmd}`, its flags are consistent, and `--help` is written for people rather than for parsers.",
            "Errors name the field that is wrong, which sounds basic until you compare it with other {category} products.",
            "Configuration lives in one file, so the setup can be reviewed in a pull request like any other change.",
            "The SDK is typed and the examples compile, which is rarer than it should be.",
            "Streaming works out of the box, and cancelling a request actually stops the work on the server.",
            "Rate limits are documented with numbers, not adjectives, and the headers tell you where you stand.",
            "Local development does not need a network connection for anything but the model call itself.",
            "The moment of truth for me was a retry after a timeout, and the result was idempotent.",
        ],
        ship_close: &[
            "**Ship it:** the DX bet is the right one, and it shows in the first hour.",
            "**Ship:** this is the kind of primitive teams build on rather than around.",
        ],
        skip_close: &[
            "**Skip for now:** fix the moment of truth and I will look again.",
            "**Skip:** the primitive is fine, but the DX bet has not been paid for yet.",
        ],
    },
    Persona {
        lens: "Skeptic",
        ship_bias: -12,
        rubric: [
            "Who are the direct competitors?",
            "What is the scenario where this breaks?",
            "What kills this in 12 months?",
        ],
        bios: &[
            "{name} reviews launches for a living and assumes the demo is the best case. The question is always what already does this, and what breaks it.",
            "{name} spent years in incident response and reads every benchmark as a claim to be reproduced.",
            "{name} has watched three hype cycles come and go and keeps a list of the tools that outlived them.",
        ],
        ship_open: &[
            "I came in expecting another thin wrapper, and {name} is more than that, if not by as much as the launch post says.",
            "Against its direct competitors, {name} holds up better than I expected.",
            "I went looking for the scenario where this breaks and had to work harder than usual to find it.",
        ],
        skip_open: &[
            "The direct competitors, {other} among them, already do this, and do it for less.",
            "The scenario where this breaks is not exotic: it is an ordinary Tuesday with a large input.",
            "{name} demos well, and the demo is the best case it will ever have.",
        ],
        body: &[
            "Measured against {other}, the gap is smaller than the marketing implies.",
            "The scenario where this breaks is a long session: quality drifts after the first hour of use.",
            "Pricing at {price} looks friendly until usage grows, and then the direct competitors look friendlier.",
            "The benchmarks in the launch post were run by {vendor}, on tasks {vendor} chose.",
            "There is no export path worth the name, so leaving later will cost more than joining does now.",
            "Support answered within a day, which counts for something when a product is this young.",
            "Nothing here is hard to copy, and the direct competitors have larger teams to copy it with.",
            "I could not reproduce the headline number, although I got within shouting distance of it.",
            "The failure mode is quiet: wrong answers come back with the same confidence as right ones.",
        ],
        ship_close: &[
            "**Ship, with eyes open:** know the scenario where this breaks before you depend on it.",
            "**Ship, narrowly:** it beats the direct competitors on the one thing that matters here.",
        ],
        skip_close: &[
            "**Skip:** the direct competitors are cheaper, older and good enough.",
            "**Skip** until someone other than {vendor} has found the scenario where this breaks.",
        ],
    },
    Persona {
        lens: "Strategist",
        ship_bias: 4,
        rubric: [
            "What is the thesis?",
            "What is the second-order effect?",
            "What has to go right?",
        ],
        bios: &[
            "{name} tracks how AI labs position themselves and reads every release as a bet about where the market is going.",
            "{name} advised two platform companies through their API launches and writes a newsletter on market structure.",
            "{name} models adoption curves for a living and is suspicious of any chart that only goes up.",
        ],
        ship_open: &[
            "The thesis behind {name} is that the {category} market is about to commoditise, and {vendor} wants to own the layer above it.",
            "{vendor} is making a clear bet with {name}, and the thesis is sound.",
            "The thesis is simple and I think correct: whoever owns the workflow owns the customer.",
        ],
        skip_open: &[
            "I can't find the thesis behind {name}; it reads as a feature looking for a company.",
            "The thesis behind {name} made sense a year ago, before {other} changed what customers expect.",
            "{vendor} is playing for a market that is shrinking under it, and {name} does not change that.",
        ],
        body: &[
            "The second-order effect is on pricing: if {name} succeeds, every {category} vendor has to follow it down.",
            "What has to go right is distribution, and {vendor} has not shown it can sell outside its home market.",
            "The second-order effect I would watch is on hiring: teams that adopt this need fewer specialists.",
            "Open formats make the thesis stronger, because switching in becomes as easy as switching out.",
            "The timing matters more than the features; six months later, this would be a footnote.",
            "Partnerships will decide this, not benchmarks, and {vendor} has signed the right ones so far.",
            "If {other} answers with a free tier, the thesis has to survive a price war it did not plan for.",
            "The second-order effect on the ecosystem is mostly positive: more integrations, fewer walled gardens.",
        ],
        ship_close: &[
            "**Ship:** the thesis holds and the second-order effect works in its favour.",
            "**Ship:** the bet is early, but it is the right bet.",
        ],
        skip_close: &[
            "**Skip:** without a thesis, the second-order effect is somebody else's gain.",
            "**Skip:** the strategy depends on too many things going right at once.",
        ],
    },
    Persona {
        lens: "Business",
        ship_bias: 3,
        rubric: [
            "Who is the buyer?",
            "Where does the budget come from?",
            "What is the moat question?",
        ],
        bios: &[
            "{name} has run product and go-to-market teams at developer-tool companies and follows the money: who pays, from which budget, and why they stay.",
            "{name} spent a decade in enterprise sales and reads pricing pages the way others read source code.",
            "{name} invests in early-stage software companies and asks every founder the same three questions.",
        ],
        ship_open: &[
            "The buyer is obvious, the budget already exists, and {name} fits into both.",
            "{vendor} knows who the buyer is, and at {price} the entry point sits below the approval threshold.",
            "The buyer for {name} is the team lead with a credit card, and that is a very good buyer to have.",
        ],
        skip_open: &[
            "I can't tell who the buyer is: {name} is priced for enterprises and packaged for hobbyists.",
            "At {price}, {name} asks for a budget line that most teams do not have yet.",
            "The buyer is real, but {other} already owns the relationship with them.",
        ],
        body: &[
            "The moat question is the hard one: the model is rented, so the moat has to be the workflow.",
            "Pricing at {price} lands in the budget a team lead can approve without a procurement review.",
            "Expansion revenue looks plausible, because usage grows with the size of the team rather than with headcount alone.",
            "Churn is the risk: nothing stops a customer leaving for {other} next quarter.",
            "The sales motion is bottom-up, which is cheap to start and expensive to scale into large accounts.",
            "On the moat question, integrations are the best answer {vendor} has, and it is a decent one.",
            "Gross margins depend on inference costs that {vendor} does not control.",
            "The buyer cares about audit logs and SSO long before they care about the next model upgrade.",
        ],
        ship_close: &[
            "**Ship:** the buyer is real and the moat question has a credible answer.",
            "**Ship:** this will find a budget, and it will keep it.",
        ],
        skip_close: &[
            "**Skip:** until the moat question is answered, this is a feature someone else will bundle.",
            "**Skip:** the buyer exists, but not at this price.",
        ],
    },
];

const FIRST_NAMES: &[&str] = &[
    "Devon", "Sam", "Priya", "Marcus", "Ana", "Kenji", "Lena", "Tomás", "Amara", "Felix", "Ines",
    "Jonah", "Mei", "Rafael", "Sofia", "Theo", "Yara", "Nikolai", "Zoe", "Idris",
];

const LAST_NAMES: &[&str] = &[
    "Reyes",
    "Whitlock",
    "Natarajan",
    "Hale",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Brennan",
    "Castillo",
    "Haddad",
    "Novak",
    "Osei",
    "Petrov",
    "Quinn",
    "Sato",
    "Varga",
    "Weiss",
];

fn gen_reviewers(rng: &mut ChaCha8Rng, count: usize) -> Vec<Reviewer> {
    let space = (FIRST_NAMES.len() * LAST_NAMES.len()) as u128;
    let walk = AffineWalk::new(rng, space);
    (0..count)
        .map(|i| {
            let persona = &PERSONAS[i % PERSONAS.len()];
            let combo = walk.at(i as u128) as usize;
            let first = FIRST_NAMES[combo % FIRST_NAMES.len()];
            let last = LAST_NAMES[combo / FIRST_NAMES.len()];
            // Past the name space, names come round again; a number keeps them (and slugs) unique.
            let round = i as u128 / space;
            let name = if round == 0 {
                format!("{first} {last}")
            } else {
                format!("{first} {last} {}", round + 1)
            };
            let vars = Vars {
                name: first,
                ..Vars::default()
            };
            let mut bio = String::with_capacity(200);
            expand(&mut bio, pick(rng, persona.bios), &vars);
            Reviewer {
                slug: slugify(&name),
                name,
                persona: persona.lens.to_string(),
                bio,
                rubric: persona.rubric.iter().map(|q| q.to_string()).collect(),
            }
        })
        .collect()
}

// ----- tools -----

struct Category {
    name: &'static str,
    /// The singular noun phrase used inside sentences.
    phrase: &'static str,
    nouns: [&'static str; 4],
    taglines: &'static [&'static str],
    features: &'static [&'static str],
}

const CATEGORIES: [Category; 7] = [
    Category {
        name: "Developer Tools",
        phrase: "coding assistant",
        nouns: ["Coder", "Pilot", "Forge", "Patch"],
        taglines: &[
            "An AI pair programmer that keeps the diff small",
            "Code review that reads the whole repository, not just the diff",
            "Turns issues into pull requests you would actually merge",
        ],
        features: &[
            "Inline completions that respect the project's lint rules",
            "Repository-wide refactors previewed as a single diff",
            "A `{cmd} review` command that comments on pull requests",
            "Test generation for the functions you touched",
            "Editor plugins for VS Code, JetBrains IDEs and Neovim",
            "Self-hosted mode that keeps code on your own machines",
        ],
    },
    Category {
        name: "Writing Assistants",
        phrase: "writing assistant",
        nouns: ["Scribe", "Quill", "Draft", "Prose"],
        taglines: &[
            "A writing partner that keeps your house style",
            "Drafts, edits and fact-checks long-form copy",
            "Turns rough notes into a first draft in minutes",
        ],
        features: &[
            "Style guides that apply to every suggestion",
            "Tracked changes that editors can accept one at a time",
            "Citations checked against the sources you attach",
            "Tone controls from *plain* to *persuasive*",
            "Export to Google Docs, Word and Markdown",
            "A shared glossary for product names and terms",
        ],
    },
    Category {
        name: "Image Generation",
        phrase: "image generator",
        nouns: ["Canvas", "Lens", "Palette", "Frame"],
        taglines: &[
            "Images on brand, from a prompt and a reference",
            "Product shots without the photo studio",
            "Fast image generation with fine control over layout",
        ],
        features: &[
            "Reference images that lock style and colour",
            "Inpainting and outpainting in the same editor",
            "Upscaling to print resolution",
            "Commercial-use licence on every output",
            "Batch generation through the `{cmd} render` command",
            "Layer export for further editing in design tools",
        ],
    },
    Category {
        name: "Speech",
        phrase: "speech model",
        nouns: ["Voice", "Echo", "Tone", "Chorus"],
        taglines: &[
            "Natural text-to-speech in thirty languages",
            "Transcription that tells speakers apart",
            "Real-time voice for support lines and assistants",
        ],
        features: &[
            "Streaming synthesis with low first-byte latency",
            "Speaker diarisation and word-level timestamps",
            "Custom voices from a few minutes of audio",
            "Pronunciation dictionaries for names and jargon",
            "On-device models for offline use",
            "SSML support for pauses, emphasis and pitch",
        ],
    },
    Category {
        name: "Agents",
        phrase: "agent platform",
        nouns: ["Agent", "Runner", "Relay", "Operator"],
        taglines: &[
            "Agents that finish multi-step tasks and show their work",
            "A runtime for agents with budgets, tools and audit logs",
            "Automates the busywork between your SaaS tools",
        ],
        features: &[
            "Tool calls defined as plain JSON schemas",
            "Per-task budgets for tokens, time and money",
            "Human approval steps for risky actions",
            "Replayable traces of every run",
            "Connectors for email, calendars, tickets and CRMs",
            "A `{cmd} run` command for scripted tasks",
        ],
    },
    Category {
        name: "Search",
        phrase: "search engine",
        nouns: ["Search", "Scout", "Finder", "Index"],
        taglines: &[
            "Answers with sources, not just links",
            "Search across your company's documents and chat",
            "A research assistant that reads the whole web page",
        ],
        features: &[
            "Citations for every claim in an answer",
            "Connectors for wikis, drives and ticket trackers",
            "Permissions that follow the source systems",
            "An API for retrieval-augmented generation",
            "Saved searches with change alerts",
            "Filters by date, domain and document type",
        ],
    },
    Category {
        name: "Data Analysis",
        phrase: "data analysis tool",
        nouns: ["Analyst", "Query", "Insight", "Ledger"],
        taglines: &[
            "Ask questions of your warehouse in plain English",
            "Notebooks that write the first draft of the analysis",
            "Charts and SQL from a sentence, with the query shown",
        ],
        features: &[
            "Natural-language questions translated to SQL you can inspect",
            "Connections to Postgres, BigQuery, Snowflake and DuckDB",
            "Charts that update when the data does",
            "A semantic layer for metric definitions",
            "Scheduled reports delivered to chat",
            "Row-level security inherited from the warehouse",
        ],
    },
];

const NAME_PREFIXES: &[&str] = &[
    "Nimbus",
    "Quill",
    "Lumen",
    "Vector",
    "Atlas",
    "Cobalt",
    "Ember",
    "Helix",
    "Orbit",
    "Prism",
    "Sable",
    "Tandem",
    "Vela",
    "Zephyr",
    "Kestrel",
    "Mosaic",
    "Northwind",
    "Pylon",
    "Rune",
    "Strata",
    "Juniper",
    "Meridian",
    "Onyx",
];

const NAME_SUFFIXES: &[&str] = &["", "2", "3", "3.5", "4", "Pro", "Mini", "Max", "Lite"];

const VENDORS: &[&str] = &[
    "Northwind Labs",
    "Bluefin AI",
    "Cedar & Pine",
    "Lattice Systems",
    "Open Meadow",
    "Parallax Research",
    "Redwood Compute",
    "Signal Harbor",
    "Tidewater AI",
    "Umbra Labs",
    "Wren Technologies",
    "Yonder Intelligence",
];

/// (weight, (licence, whether the weights can be downloaded)).
const LICENSES: &[(u32, (&str, bool))] = &[
    (50, ("Proprietary", false)),
    (15, ("Apache-2.0", true)),
    (10, ("MIT", true)),
    (10, ("Llama Community License", true)),
    (8, ("CC BY-NC 4.0", true)),
    (7, ("Research and non-commercial license", true)),
];

#[derive(Clone, Copy)]
enum PriceKind {
    Free,
    UsdMonth,
    UsdYear,
    EurMonth,
    UsageBased,
    Contact,
}

const PRICE_KINDS: &[(u32, PriceKind)] = &[
    (20, PriceKind::Free),
    (35, PriceKind::UsdMonth),
    (10, PriceKind::UsdYear),
    (10, PriceKind::EurMonth),
    (15, PriceKind::UsageBased),
    (10, PriceKind::Contact),
];

const MONTHLY_CENTS: &[u64] = &[900, 1000, 1500, 1900, 2000, 2500, 2999, 3000, 4900, 9900];

fn gen_price(rng: &mut ChaCha8Rng) -> EntryPrice {
    let amount = |rng: &mut ChaCha8Rng, currency: &str, period| EntryPrice::Amount {
        amount_cents: pick(rng, MONTHLY_CENTS) * if period == PricePeriod::Year { 10 } else { 1 },
        currency: currency.to_string(),
        period,
    };
    match weighted(rng, PRICE_KINDS) {
        PriceKind::Free => EntryPrice::Free,
        PriceKind::UsdMonth => amount(rng, "USD", PricePeriod::Month),
        PriceKind::UsdYear => amount(rng, "USD", PricePeriod::Year),
        PriceKind::EurMonth => amount(rng, "EUR", PricePeriod::Month),
        PriceKind::UsageBased => EntryPrice::UsageBased,
        PriceKind::Contact => EntryPrice::Contact,
    }
}

const OPENINGS: &[&str] = &[
    "{name} is the {category} from {vendor}, aimed at teams that want results in the first week rather than after a pilot.",
    "{vendor} built {name} for people who already know what they want from their {category} and are tired of waiting for it.",
    "{name} is {vendor}'s answer to the crowded {category} market: fewer knobs, better defaults.",
];

const PARAGRAPH_SENTENCES: &[&str] = &[
    "Setup takes a few minutes, and the defaults are sensible enough that most teams never change them.",
    "The hosted version runs in the EU and the US, and data is not used for training unless you opt in.",
    "Quality is strongest on everyday tasks; on unusual inputs it is more cautious, which is mostly a good thing.",
    "{vendor} ships updates every few weeks and publishes a changelog that says what actually changed.",
    "The free tier is enough to evaluate it properly, which not every {category} can say.",
    "Admins get usage reports per person and per project, and can cap spending at either level.",
    "Latency is competitive, and the status page has been honest about the incidents it has had.",
    "The API mirrors the app, so anything you can click you can also automate.",
    "Larger organisations can bring their own model keys and keep traffic inside their own cloud account.",
    "Accessibility has had real attention: keyboard navigation and screen-reader labels work throughout.",
    "Community forums are active, and {vendor} staff answer there as well as in the support queue.",
    "Migration guides cover the two or three products most teams are switching from.",
];

const EMPHASIS: &[&str] = &[
    "Pricing moved from ~~per seat~~ to per workspace at the last update, and the *free tier* is **generous** for solo use.",
    "The older plugin is ~~still supported~~ deprecated; the new one is *faster* and **the only one getting fixes**.",
    "Note that the *beta* features are **off by default** and can be switched on per project.",
];

const CODE_BLOCKS: &[&str] = &[
    "```bash\n# install and run the first task\ncurl -fsSL https://get.example.com/{cmd} | sh\n{cmd} login\n{cmd} run --project demo --dry-run\n```",
    "```json\n{\n  \"model\": \"{cmd}-default\",\n  \"temperature\": 0.2,\n  \"max_output_tokens\": 2048\n}\n```",
    "```python\nfrom {cmd} import Client\n\nclient = Client()  # reads the API key from the environment\nresult = client.run(\"Summarise the attached report in five bullets\")\nprint(result.text)\n```",
];

/// The size of the tool-name space: 23 prefixes × 28 nouns × 9 suffixes.
///
/// The three counts are pairwise coprime, so by the Chinese remainder theorem a number below
/// their product is identified by its three remainders. Taking each part by remainder (rather
/// than as digits) means consecutive tools differ in every part of the name.
fn name_space() -> u128 {
    (NAME_PREFIXES.len() * CATEGORIES.len() * 4 * NAME_SUFFIXES.len()) as u128
}

/// The `i`-th tool's name, category and name prefix; names are unique for any `i`.
fn tool_name(walk: &AffineWalk, i: usize) -> (String, &'static Category, &'static str) {
    let combo = walk.at(i as u128) as usize;
    let prefix = NAME_PREFIXES[combo % NAME_PREFIXES.len()];
    let noun_index = combo % (CATEGORIES.len() * 4);
    let suffix = NAME_SUFFIXES[combo % NAME_SUFFIXES.len()];
    let category = &CATEGORIES[noun_index / 4];
    let noun = category.nouns[noun_index % 4];
    let mut name = String::with_capacity(40);
    name.push_str(prefix);
    name.push(' ');
    name.push_str(noun);
    if !suffix.is_empty() {
        name.push(' ');
        name.push_str(suffix);
    }
    // Past the name space, names come round again; a generation number keeps them distinct.
    let round = i as u128 / walk.len;
    if round > 0 {
        name.push_str(&format!(" Gen {}", round + 1));
    }
    (name, category, prefix)
}

/// The tools, and each tool's quality (a nudge to the reviewers' ship odds, in percent), so the
/// panel tends to agree about a tool the way real panels do.
fn gen_tools(rng: &mut ChaCha8Rng, count: usize) -> (Vec<Tool>, Vec<i32>) {
    let walk = AffineWalk::new(rng, name_space());
    let mut tools = Vec::with_capacity(count);
    let mut quality = Vec::with_capacity(count);
    for i in 0..count {
        let (name, category, prefix) = tool_name(&walk, i);
        // The index keeps slugs unique whatever the names; it also keeps the URLs unique.
        let slug = format!("{}-{}", slugify(&name), i + 1);
        let vendor = pick(rng, VENDORS);
        let (license, open_weights) = weighted(rng, LICENSES);
        let entry_price = gen_price(rng);
        let homepage = format!("https://{slug}.example.com/");
        let docs = format!("https://docs.{slug}.example.com/getting-started");
        let weights = open_weights.then(|| format!("https://weights.example.org/{slug}"));
        let release_date = date(2023, 1, 1) + TimeDelta::days(rng.random_range(0..1095));
        let checked = date(2025, 6, 1) + TimeDelta::days(rng.random_range(0..214));
        let cmd = prefix.to_ascii_lowercase();
        let price = entry_price.label();
        let vars = Vars {
            name: &name,
            vendor,
            category: category.phrase,
            price: &price,
            cmd: &cmd,
            docs: &docs,
            ..Vars::default()
        };
        let mut tagline = String::with_capacity(80);
        expand(&mut tagline, pick(rng, category.taglines), &vars);
        let description = gen_description(rng, category, &entry_price, &vars);
        quality.push(rng.random_range(-25..=25));
        tools.push(Tool {
            slug,
            name,
            vendor: vendor.to_string(),
            category: category.name.to_string(),
            tagline,
            description,
            entry_price,
            license: license.to_string(),
            links: ToolLinks {
                homepage: Some(homepage),
                weights,
                docs: Some(docs),
            },
            release_date: Some(release_date),
            pricing_checked_on: Some(checked.max(release_date)),
        });
    }
    (tools, quality)
}

/// Markdown of 600–2,500 characters: paragraphs, a list, a link and inline code always;
/// a code block, a pricing table and emphasis some of the time, as real descriptions vary.
fn gen_description(
    rng: &mut ChaCha8Rng,
    category: &Category,
    price: &EntryPrice,
    vars: &Vars,
) -> String {
    let mut md = String::with_capacity(2600);
    let mut prose = shuffled(rng, PARAGRAPH_SENTENCES).into_iter();
    expand(&mut md, pick(rng, OPENINGS), vars);
    let opening_end = md.len() + 1;
    fill_to(&mut md, prose.by_ref(), opening_end, vars);
    md.push_str("\n\n## What it does\n\n");
    let mut features: Vec<usize> = (0..category.features.len()).collect();
    features.shuffle(rng);
    for &f in features.iter().take(rng.random_range(3..=5)) {
        md.push_str("- ");
        expand(&mut md, category.features[f], vars);
        md.push('\n');
    }
    expand(
        &mut md,
        "\nStart with the [docs]({docs}); the command-line entry point is `{cmd}`, and \
         `{cmd} --help` lists the rest.",
        vars,
    );
    if rng.random_bool(0.35) {
        md.push_str("\n\n");
        expand(&mut md, pick(rng, CODE_BLOCKS), vars);
    }
    if rng.random_bool(0.3) {
        md.push_str("\n\n## Pricing\n\n| Plan | Entry | Includes |\n| --- | --- | --- |\n");
        md.push_str("| Starter | ");
        md.push_str(vars.price);
        md.push_str(" | Core features, community support |\n| Team | ");
        md.push_str(&team_price(price));
        md.push_str(
            " | Shared workspaces, admin controls |\n\
             | Enterprise | Contact sales | SSO, audit log, data residency |",
        );
    }
    if rng.random_bool(0.4) {
        md.push_str("\n\n");
        expand(&mut md, pick(rng, EMPHASIS), vars);
    }
    // Pad with prose, three sentences to a paragraph, to a drawn length so descriptions are
    // not all the same size.
    let target = md.len() + rng.random_range(200..=800);
    while md.len() < target {
        let before = md.len();
        md.push_str("\n\n");
        fill_to(&mut md, prose.by_ref().take(3), usize::MAX, vars);
        if md.len() == before + 2 {
            md.truncate(before);
            break;
        }
    }
    md
}

/// The table's Team row: the entry price stepped up, or a sales conversation.
fn team_price(price: &EntryPrice) -> String {
    match price {
        EntryPrice::Amount {
            amount_cents,
            currency,
            period,
        } => EntryPrice::Amount {
            amount_cents: amount_cents * 3,
            currency: currency.clone(),
            period: *period,
        }
        .label(),
        EntryPrice::Free => "$12/mo".to_string(),
        EntryPrice::UsageBased => "Usage-based, volume discounts".to_string(),
        EntryPrice::Contact => "Contact sales".to_string(),
    }
}

// ----- verdicts -----

const RETURN_COMMENTS: &[&str] = &[
    "The quote leans on the launch post; add what happened in your own test.",
    "Please name the competitor you are comparing against, with the price.",
    "Too long for the card: cut it to the two points that decide the call.",
    "The call says ship but the quote argues skip; make them agree.",
];

/// The persona of the `i`-th reviewer: reviewers cycle through the four lenses.
fn persona_of(i: usize) -> &'static Persona {
    &PERSONAS[i % PERSONAS.len()]
}

/// Every reviewer's verdict on every tool, so any comparison's panel has a full scorecard.
fn gen_verdicts(
    rng: &mut ChaCha8Rng,
    tools: &[Tool],
    quality: &[i32],
    reviewers: &[Reviewer],
) -> Vec<Verdict> {
    let base = base_time();
    let mut verdicts = Vec::with_capacity(tools.len() * reviewers.len());
    for (t, tool) in tools.iter().enumerate() {
        let price = tool.entry_price.label();
        let docs = tool.links.docs.as_deref().unwrap_or_default();
        let cmd = tool
            .name
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let category = CATEGORIES
            .iter()
            .find(|c| c.name == tool.category)
            .map_or("tool", |c| c.phrase);
        for (r, reviewer) in reviewers.iter().enumerate() {
            let persona = persona_of(r);
            let other = if tools.len() > 1 {
                let o = (t + rng.random_range(1..tools.len())) % tools.len();
                tools[o].name.as_str()
            } else {
                "the incumbents"
            };
            let vars = Vars {
                name: &tool.name,
                vendor: &tool.vendor,
                category,
                other,
                price: &price,
                cmd: &cmd,
                docs,
            };
            // About 60% ship overall; the tool's quality makes the panel lean the same way.
            let ship_percent = (60 + quality[t] + persona.ship_bias).clamp(5, 95);
            let call = if rng.random_range(0..100) < ship_percent {
                Call::Ship
            } else {
                Call::Skip
            };
            let status = weighted(
                rng,
                &[
                    (80, VerdictStatus::Accepted),
                    (10, VerdictStatus::Submitted),
                    (6, VerdictStatus::Draft),
                    (4, VerdictStatus::Returned),
                ],
            );
            let return_comment =
                (status == VerdictStatus::Returned).then(|| pick(rng, RETURN_COMMENTS).to_string());
            let quote = gen_quote(rng, persona, call, &vars);
            let created_at = base + TimeDelta::minutes(rng.random_range(0..90 * 24 * 60));
            let updated_at = created_at + TimeDelta::minutes(rng.random_range(0..14 * 24 * 60));
            verdicts.push(Verdict {
                reviewer: reviewer.slug.clone(),
                tool: tool.slug.clone(),
                call,
                quote,
                status,
                return_comment,
                created_at,
                updated_at,
            });
        }
    }
    verdicts
}

/// 400–1,200 characters in the persona's voice: an opening that states the call, evidence,
/// and a closing line with the call in bold.
fn gen_quote(rng: &mut ChaCha8Rng, persona: &Persona, call: Call, vars: &Vars) -> String {
    let (open, close) = match call {
        Call::Ship => (persona.ship_open, persona.ship_close),
        Call::Skip => (persona.skip_open, persona.skip_close),
    };
    let mut quote = String::with_capacity(1300);
    expand(&mut quote, pick(rng, open), vars);
    let mut body = shuffled(rng, persona.body).into_iter();
    fill_to(&mut quote, body.by_ref().take(2), usize::MAX, vars);
    let target = rng.random_range(360..=820);
    if quote.len() < target {
        quote.push_str("\n\n");
        fill_to(&mut quote, body, target, vars);
    }
    quote.push_str("\n\n");
    expand(&mut quote, pick(rng, close), vars);
    quote
}

// ----- comparisons -----

const DEKS_SAME_CATEGORY: &[&str] = &[
    "Two {category}s, one budget: where {name} and {other} differ on price, lock-in and the first week of use.",
    "{name} and {other} promise the same thing. The panel tested whether they deliver it.",
    "Which {category} should you ship with? Here is the side-by-side panel verdict, pricing read and reviewer split.",
];

const DEKS_CROSS_CATEGORY: &[&str] = &[
    "{name} and {other} come at the same job from different directions. The panel picked a side.",
    "Buyers keep putting {name} next to {other}. Here is what the panel made of the matchup.",
];

const INTROS: &[&str] = &[
    "Readers asked us to put {name} and {other} side by side, so we did.",
    "Both tools launched to loud claims, and both have had time to settle.",
    "We ran each tool through the same week of real work before anyone wrote a verdict.",
    "Pricing was checked on the vendors' own pages; where plans differ, we compared the entry tier.",
    "The panel's calls are independent: nobody saw the others' verdicts before submitting.",
];

const INTRO_POINTS: &[&str] = &[
    "**Setup**: how long from sign-up to the first useful result",
    "**Price**: the entry tier, and what the next tier costs",
    "**Lock-in**: how hard it is to leave with your data",
    "**Failure modes**: what happens on inputs the demo did not show",
    "**Team fit**: permissions, audit trails and shared workspaces",
];

/// `count` comparisons of distinct tool pairs, visited in a scattered order (see [`AffineWalk`]).
fn gen_comparisons(
    rng: &mut ChaCha8Rng,
    tools: &[Tool],
    reviewers: &[Reviewer],
    count: usize,
) -> Vec<Comparison> {
    let walk = AffineWalk::new(rng, pair_count(tools.len()));
    // A scorecard wider than eight reviewers stops being readable, whatever the desk's size.
    let panel: Vec<String> = reviewers.iter().take(8).map(|r| r.slug.clone()).collect();
    let base = base_time();
    let mut comparisons = Vec::with_capacity(count);
    for c in 0..count {
        let (i, j) = unrank_pair(walk.at(c as u128), tools.len());
        let (a, b) = if rng.random_bool(0.5) {
            (&tools[i], &tools[j])
        } else {
            (&tools[j], &tools[i])
        };
        let category = CATEGORIES
            .iter()
            .find(|cat| cat.name == a.category)
            .map_or("tool", |cat| cat.phrase);
        let vars = Vars {
            name: &a.name,
            other: &b.name,
            category,
            ..Vars::default()
        };
        let deks = if a.category == b.category {
            DEKS_SAME_CATEGORY
        } else {
            DEKS_CROSS_CATEGORY
        };
        let mut dek = String::with_capacity(160);
        expand(&mut dek, pick(rng, deks), &vars);
        let mut intro = String::with_capacity(700);
        let intro_target = rng.random_range(120..=320);
        fill_to(&mut intro, shuffled(rng, INTROS), intro_target, &vars);
        intro.push_str("\n\nWhat the panel looked at:\n\n");
        let mut points = shuffled(rng, INTRO_POINTS);
        points.truncate(3);
        for point in points {
            intro.push_str("- ");
            intro.push_str(point);
            intro.push('\n');
        }
        intro.pop();
        let status = weighted(
            rng,
            &[
                (70, ComparisonStatus::Published),
                (8, ComparisonStatus::Draft),
                (8, ComparisonStatus::InReview),
                (6, ComparisonStatus::Approved),
                (8, ComparisonStatus::Scheduled),
            ],
        );
        let published_at = (status == ComparisonStatus::Published)
            .then(|| base + TimeDelta::minutes(rng.random_range(0..180 * 24 * 60)));
        let scheduled_for = (status == ComparisonStatus::Scheduled).then(|| {
            base + TimeDelta::days(200) + TimeDelta::minutes(rng.random_range(0..60 * 24 * 60))
        });
        comparisons.push(Comparison {
            slug: format!("{}-vs-{}", a.slug, b.slug),
            title: format!("{} vs {}", a.name, b.name),
            dek,
            intro,
            tools: vec![a.slug.clone(), b.slug.clone()],
            panel: panel.clone(),
            status,
            scheduled_for,
            published_at,
        });
    }
    comparisons
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn opts(tools: usize, comparisons: usize, reviewers: usize, seed: u64) -> GenerateOptions {
        GenerateOptions {
            tools,
            comparisons,
            reviewers,
            seed,
        }
    }

    #[test]
    fn same_seed_gives_identical_bytes() {
        let o = opts(40, 60, 6, 7);
        let a = generate_bundle(&o).unwrap();
        let b = generate_bundle(&o).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_json(), b.to_json());
    }

    #[test]
    fn different_seed_gives_different_content() {
        let a = generate_bundle(&opts(40, 60, 6, 7)).unwrap();
        let b = generate_bundle(&opts(40, 60, 6, 8)).unwrap();
        assert_ne!(a.to_json(), b.to_json());
    }

    #[test]
    fn more_comparisons_leave_the_tools_unchanged() {
        let small = generate_bundle(&opts(30, 10, 4, 1)).unwrap();
        let large = generate_bundle(&opts(30, 200, 9, 1)).unwrap();
        assert_eq!(small.tools, large.tools);
    }

    #[test]
    fn generated_bundle_is_valid_and_imports() {
        let o = opts(24, 50, 5, 42);
        let bundle = generate_bundle(&o).unwrap();
        assert_eq!(bundle.check(), Vec::new());

        let mut store = Store::open_in_memory().unwrap();
        let report = generate(&mut store, &o).unwrap();
        assert_eq!(
            report,
            GenerateReport {
                tools: 24,
                reviewers: 5,
                verdicts: 24 * 5,
                comparisons: 50,
            }
        );
        assert_eq!(store.tools().unwrap().len(), 24);
        assert_eq!(store.reviewers().unwrap().len(), 5);
        assert_eq!(store.verdicts().unwrap().len(), 120);
        assert_eq!(store.comparisons().unwrap().len(), 50);
        // Generating the same data again changes nothing.
        generate(&mut store, &o).unwrap();
        assert_eq!(store.export_bundle().unwrap().tools.len(), 24);
    }

    #[test]
    fn impossible_options_are_refused_with_the_flag_named() {
        let err = generate_bundle(&opts(4, 7, 2, 0)).unwrap_err();
        assert!(matches!(
            err,
            GenerateError::TooManyComparisons { available: 6, .. }
        ));
        assert!(err.to_string().contains("--comparisons 7"), "{err}");

        let err = generate_bundle(&opts(1, 1, 2, 0)).unwrap_err();
        assert!(matches!(err, GenerateError::TooFewTools { .. }));
        assert!(err.to_string().contains("--tools"), "{err}");

        let err = generate_bundle(&opts(10, 5, 0, 0)).unwrap_err();
        assert!(matches!(err, GenerateError::NoReviewers));
        assert!(err.to_string().contains("--reviewers"), "{err}");

        // Edge cases that are fine: every pair, and tools without comparisons.
        assert_eq!(
            generate_bundle(&opts(4, 6, 1, 0))
                .unwrap()
                .comparisons
                .len(),
            6
        );
        assert_eq!(generate_bundle(&opts(1, 0, 1, 0)).unwrap().tools.len(), 1);
        assert!(generate_bundle(&opts(0, 0, 1, 0)).unwrap().tools.is_empty());
    }

    #[test]
    fn tool_names_are_unique_across_and_beyond_the_name_space() {
        let walk = AffineWalk::new(&mut stream(3, Stream::Tools), name_space());
        let count = name_space() as usize + 50;
        let names: HashSet<String> = (0..count).map(|i| tool_name(&walk, i).0).collect();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn pair_numbering_covers_every_pair_once() {
        for n in 2..40 {
            let mut seen = HashSet::new();
            for k in 0..pair_count(n) {
                let (i, j) = unrank_pair(k, n);
                assert!(i != j && i < n && j < n, "n={n} k={k}");
                assert!(seen.insert((i.min(j), i.max(j))), "n={n} k={k} repeats");
            }
            assert_eq!(seen.len() as u128, pair_count(n));
        }
    }

    #[test]
    fn no_duplicate_pairs_even_when_every_pair_is_used() {
        for (tools, comparisons) in [(30, 435), (31, 465), (200, 1500)] {
            let bundle = generate_bundle(&opts(tools, comparisons, 2, 3)).unwrap();
            let keys: HashSet<String> = bundle.comparisons.iter().map(|c| c.pair_key()).collect();
            assert_eq!(keys.len(), comparisons);
            let slugs: HashSet<&str> = bundle.comparisons.iter().map(|c| c.slug.as_str()).collect();
            assert_eq!(slugs.len(), comparisons);
        }
    }

    #[test]
    fn descriptions_are_realistic_markdown() {
        let bundle = generate_bundle(&opts(150, 0, 1, 11)).unwrap();
        for t in &bundle.tools {
            let d = &t.description;
            let len = d.chars().count();
            assert!((600..=2500).contains(&len), "{} is {len} chars", t.slug);
            assert!(d.contains("\n- "), "{} has no list", t.slug);
            assert!(d.contains("[docs](https://"), "{} has no link", t.slug);
            assert!(d.contains('`'), "{} has no inline code", t.slug);
            assert!(!d.contains("{name}") && !d.contains("{cmd}"), "{d}");
        }
        let some = |needle: &str| bundle.tools.iter().any(|t| t.description.contains(needle));
        assert!(some("| --- |"), "no tool has a table");
        assert!(some("```"), "no tool has a code block");
        assert!(some("~~"), "no tool has strikethrough");
        let names: HashSet<&str> = bundle.tools.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names.len(), bundle.tools.len(), "tool names repeat");
        for kind in ["free", "amount", "usage_based", "contact"] {
            assert!(
                bundle.to_json().contains(&format!("\"kind\": \"{kind}\"")),
                "{kind}"
            );
        }
    }

    #[test]
    fn verdicts_speak_in_their_persona_and_mostly_ship() {
        let bundle = generate_bundle(&opts(100, 20, 8, 5)).unwrap();
        let lens: std::collections::HashMap<&str, &str> = bundle
            .reviewers
            .iter()
            .map(|r| (r.slug.as_str(), r.persona.as_str()))
            .collect();
        for v in &bundle.verdicts {
            let len = v.quote.chars().count();
            assert!(
                (400..=1200).contains(&len),
                "quote of {len} chars: {}",
                v.quote
            );
            let q = v.quote.to_lowercase();
            let phrases: &[&str] = match lens[v.reviewer.as_str()] {
                "Developer experience" => &["the primitive", "the dx bet", "the moment of truth"],
                "Skeptic" => &["direct competitors", "the scenario where this breaks"],
                "Strategist" => &["the thesis", "the second-order effect"],
                _ => &["the buyer", "the moat question"],
            };
            assert!(
                phrases.iter().any(|p| q.contains(p)),
                "off-voice: {}",
                v.quote
            );
            assert_eq!(
                v.status == VerdictStatus::Returned,
                v.return_comment.is_some()
            );
        }
        let ships = bundle
            .verdicts
            .iter()
            .filter(|v| v.call == Call::Ship)
            .count();
        let share = ships as f64 / bundle.verdicts.len() as f64;
        assert!((0.5..0.7).contains(&share), "ship share {share}");
        let published = bundle
            .comparisons
            .iter()
            .filter(|c| c.published_at.is_some())
            .count();
        assert!(published > 0 && published < 20);
    }

    /// The benchmark size. Run with `cargo test -p verdict-core --release --lib generate -- --ignored`.
    #[test]
    #[ignore = "benchmark-sized; slow in debug builds"]
    fn benchmark_size_generates_and_imports() {
        let o = opts(1000, 2000, 8, 1);
        let started = std::time::Instant::now();
        let bundle = generate_bundle(&o).unwrap();
        let generated = started.elapsed();
        let mut store = Store::open_in_memory().unwrap();
        let report = generate(&mut store, &o).unwrap();
        eprintln!(
            "generate_bundle {generated:?}, generate+import {:?}, json {} bytes",
            started.elapsed() - generated,
            bundle.to_json().len()
        );
        assert_eq!(report.verdicts, 8000);
    }
}
