//! The vote form's body: `application/x-www-form-urlencoded`, a `tool` and an empty honeypot.
//! Uses nothing else of the crate: the fuzz target (`fuzz/`) compiles this file on its own.

/// The largest body taken; the real form sends well under 200 bytes.
pub const FORM_LIMIT: usize = 1024;

/// The honeypot's field name: hidden from people (off-screen, out of the tab order, hidden
/// from screen readers), so only a script that fills every field fills it.
pub const HONEYPOT: &str = "website";

/// A parsed vote form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteForm {
    /// The tool's slug (the pressed button's value).
    pub tool: String,
}

/// Why a body is not a vote; `field` names the part at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn err(field: &'static str, message: impl Into<String>) -> FormError {
    FormError {
        field,
        message: message.into(),
    }
}

/// Whether `s` is a slug as the Page API defines it: `^[a-z0-9]+(-[a-z0-9]+)*$`, 1–120.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Parses a form body. Refuses what a browser submitting our form never sends: a body over
/// [`FORM_LIMIT`], bytes that are not UTF-8 once decoded, a repeated or missing `tool`, a
/// tool that is not a slug, a filled honeypot, and fields it does not know.
pub fn parse(body: &[u8]) -> Result<VoteForm, FormError> {
    if body.len() > FORM_LIMIT {
        return Err(err(
            "body",
            format!("larger than {FORM_LIMIT} bytes; the vote form sends a tool's name only"),
        ));
    }
    // form_urlencoded replaces bad percent-escapes' bytes lossily; check the raw text first
    // so a body that is not UTF-8 is refused rather than guessed at.
    let text = std::str::from_utf8(body).map_err(|_| err("body", "not UTF-8 text"))?;
    let mut tool = None;
    for (name, value) in form_urlencoded::parse(text.as_bytes()) {
        if value.contains('\u{FFFD}') {
            return Err(err("body", "a field is not UTF-8 once decoded"));
        }
        match name.as_ref() {
            "tool" => {
                if tool.is_some() {
                    return Err(err("tool", "given more than once"));
                }
                tool = Some(value.into_owned());
            }
            HONEYPOT => {
                if !value.is_empty() {
                    return Err(err(HONEYPOT, "must be left empty"));
                }
            }
            _ => return Err(err("body", format!("unknown field {:?}", truncate(&name)))),
        }
    }
    let tool = tool.ok_or_else(|| err("tool", "missing: press one tool's button"))?;
    if !is_slug(&tool) {
        return Err(err(
            "tool",
            format!("{:?} is not a tool's slug", truncate(&tool)),
        ));
    }
    Ok(VoteForm { tool })
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_form_a_browser_sends() {
        assert_eq!(
            parse(b"website=&tool=claude-3").unwrap(),
            VoteForm {
                tool: "claude-3".into()
            }
        );
        assert_eq!(parse(b"tool=gpt").unwrap().tool, "gpt");
    }

    #[test]
    fn refuses_everything_else_naming_the_field() {
        for (body, field) in [
            (&b""[..], "tool"),
            (b"tool=a&tool=b", "tool"),
            (b"tool=Not+A+Slug", "tool"),
            (b"tool=a--b", "tool"),
            (b"tool=x&website=http%3A%2F%2Fspam", "website"),
            (b"tool=x&extra=1", "body"),
            (b"tool=%FF", "body"),
            (b"tool=\xff", "body"),
        ] {
            assert_eq!(
                parse(body).unwrap_err().field,
                field,
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        let big = format!("tool={}", "a".repeat(FORM_LIMIT));
        assert_eq!(parse(big.as_bytes()).unwrap_err().field, "body");
    }
}
