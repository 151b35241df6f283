//! Who checked a fact: recorded by the desk when a save moves the fact's checked-on date.

use super::Fact;
use crate::model::Tool;

/// Records `who` as the checker of every fact whose checked-on date `new` moves (against
/// `old`, the tool as stored; `None` for a new tool), unless the save names a checker of its
/// own for it.
pub fn stamp_checkers(old: Option<&Tool>, new: &mut Tool, who: &str) {
    for fact in Fact::ALL {
        let date = fact.checked_on(new);
        let (old_date, old_by) = match old {
            Some(t) => (fact.checked_on(t), fact.checked_by(t).map(str::to_string)),
            None => (None, None),
        };
        if date.is_none() || date == old_date || fact.checked_by(new).map(str::to_string) != old_by
        {
            continue;
        }
        let by = Some(who.to_string());
        match new.facts.dated_mut(fact) {
            Some(source) => source.checked_by = by,
            None => new.facts.price.checked_by = by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntryPrice;

    fn tool() -> Tool {
        serde_json::from_value(serde_json::json!({
            "slug": "t", "name": "T", "entry_price": {"kind": "free"}
        }))
        .unwrap()
    }

    #[test]
    fn a_moved_date_is_signed_by_the_saver_unless_the_save_names_someone() {
        let old = tool();
        let mut new = old.clone();
        new.pricing_checked_on = "2026-12-01".parse().ok();
        new.facts.license.checked_on = "2026-12-02".parse().ok();
        new.facts.docs.checked_on = "2026-12-02".parse().ok();
        new.facts.docs.checked_by = Some("ada".into());
        stamp_checkers(Some(&old), &mut new, "ines");
        assert_eq!(new.facts.price.checked_by.as_deref(), Some("ines"));
        assert_eq!(new.facts.license.checked_by.as_deref(), Some("ines"));
        assert_eq!(new.facts.docs.checked_by.as_deref(), Some("ada"));
        assert_eq!(new.facts.weights.checked_by, None);
        // Saved again unchanged: nobody new is recorded.
        let again = new.clone();
        let mut same = new.clone();
        stamp_checkers(Some(&again), &mut same, "pat");
        assert_eq!(same, new);
        assert_eq!(new.entry_price, EntryPrice::Free);
    }
}
