//! Award statements grouped by place, year, awarding body or kind, each person counted
//! once: a group adds the statements that stand on their own, and counts its breakdowns
//! among its statements.

use std::collections::{BTreeMap, HashSet};

use crate::corpus::Document;

use super::{AwardTable, RowRef, Totals};

/// What statements can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Key {
    Place,
    Year,
    By,
    Kind,
}

impl Key {
    pub fn label(self) -> &'static str {
        match self {
            Key::Place => "place",
            Key::Year => "year",
            Key::By => "by",
            Key::Kind => "kind",
        }
    }

    pub fn value(self, r: &RowRef) -> Option<String> {
        match self {
            Key::Place => r.place().map(str::to_string),
            Key::Year => r.award.year.map(|y| y.to_string()),
            Key::By => r.award.by.as_deref().map(str::to_string),
            Key::Kind => r.award.kind.as_deref().map(str::to_string),
        }
    }
}

/// One group: its key values (in the order asked) and its totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub values: Vec<Option<String>>,
    pub totals: Totals,
}

/// Key values as they sort: known values first (`false` < `true`), then by the value.
type Order = Vec<(bool, String)>;

/// The shown rows of `t` (read from `docs`) grouped by `keys`. A breakdown belongs to the
/// group of the statement it breaks down (its total's place, year, body and kind decide).
/// Groups come in key order, unknown values last.
pub fn groups(t: &AwardTable, docs: &[Document], keys: &[Key]) -> Vec<Group> {
    let mut g = Grouper::new(keys);
    g.add(t, docs);
    g.finish()
}

/// Groups counted table by table (as [`groups`] counts one), so a library can be grouped
/// one document at a time. A document's statements must all be in one table.
pub struct Grouper {
    keys: Vec<Key>,
    by_values: BTreeMap<Order, usize>,
    groups: Vec<Group>,
}

impl Grouper {
    pub fn new(keys: &[Key]) -> Grouper {
        Grouper {
            keys: keys.to_vec(),
            by_values: BTreeMap::new(),
            groups: Vec::new(),
        }
    }

    /// Count the shown rows of `t`, read from `docs`.
    pub fn add(&mut self, t: &AwardTable, docs: &[Document]) {
        // (group, document) pairs counted in this table.
        let mut seen = HashSet::new();
        for r in t.rows(docs) {
            let top = t.top(&r, docs);
            let values: Vec<Option<String>> = self.keys.iter().map(|k| k.value(&top)).collect();
            // Sort: known values first (false < true), then by the value.
            let order = values
                .iter()
                .map(|v| (v.is_none(), v.clone().unwrap_or_default()))
                .collect();
            let groups = &mut self.groups;
            let g = *self.by_values.entry(order).or_insert_with(|| {
                groups.push(Group {
                    values,
                    totals: Totals::default(),
                });
                groups.len() - 1
            });
            let totals = &mut self.groups[g].totals;
            totals.add(&r);
            totals.documents += usize::from(seen.insert((g, r.doc)));
        }
    }

    /// The groups in key order, unknown values last.
    pub fn finish(self) -> Vec<Group> {
        let mut groups: Vec<Option<Group>> = self.groups.into_iter().map(Some).collect();
        self.by_values
            .into_values()
            .filter_map(|g| groups[g].take())
            .collect()
    }
}

/// Sort groups by a count, largest first when `descending`.
pub fn sort(groups: &mut [Group], count: Count, descending: bool) {
    groups.sort_by(|a, b| {
        let o = count.of(&a.totals).cmp(&count.of(&b.totals));
        if descending {
            o.reverse()
        } else {
            o
        }
    });
}

/// The counts a group has, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Count {
    Documents,
    Statements,
    Collectives,
    Individuals,
    Combined,
    All,
}

impl Count {
    pub const ALL: [Count; 6] = [
        Count::Documents,
        Count::Statements,
        Count::Collectives,
        Count::Individuals,
        Count::Combined,
        Count::All,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Count::Documents => "documents",
            Count::Statements => "statements",
            Count::Collectives => "collectives",
            Count::Individuals => "individuals",
            Count::Combined => "combined",
            Count::All => "all",
        }
    }

    pub fn of(self, t: &Totals) -> u64 {
        match self {
            Count::Documents => t.documents as u64,
            Count::Statements => t.rows as u64,
            Count::Collectives => t.collectives,
            Count::Individuals => t.individuals,
            Count::Combined => t.combined,
            Count::All => t.all,
        }
    }
}
