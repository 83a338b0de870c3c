//! `monitor.analysis.topics.TopicSet.scores`, the part after the text searches: which groups each
//! sentence names, the enumerations that name them only side by side, and the co-occurrence rules.
//!
//! Python finds the aliases, the exclusions and the keywords (patterns with look-arounds) and
//! hands over the alias spans; the lexicon mentions come as Python finds them. Scores are summed
//! in the same order as the Python code, so they are the same floating-point numbers.
//! `tests/unit/test_native.py` runs both on the same articles and compares.

use std::collections::{HashMap, HashSet};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use regex::Regex;

struct Rule {
    need: u64,
    within: usize,
    score: f64,
    max_count: f64,
}

struct Topic {
    entity_groups: HashMap<String, u64>,
    not_before: HashSet<String>,
    entities: HashSet<String>,
    rules: Vec<Rule>,
    title_weight: f64,
}

#[pyclass(frozen, module = "monitor_native")]
pub struct TopicKernel {
    topics: Vec<Topic>,
    list_gap: Regex, // anchored at both ends: Python's fullmatch
}

/// A topic as Python describes it: its group names (in order), each lexicon actor's groups, the
/// words that must not follow a name, its lexicon actors, its rules (groups, within, score,
/// max count) and the title's weight.
type TopicIn = (Vec<String>, HashMap<String, Vec<String>>, HashSet<String>, HashSet<String>,
                Vec<(Vec<String>, usize, f64, i64)>, f64);

/// Python's `Mention`: entity, start, end, role, text (only the first three are read).
type MentionIn<'py> = (Bound<'py, PyString>, usize, usize, Bound<'py, PyAny>, Bound<'py, PyAny>);

/// Python's `\s` on ASCII text.
fn py_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f)
}

fn py_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `_next_word`: the word after `end` (past an optional "'s" and at least one space), lower-cased.
fn next_word(text: &[u8], end: usize) -> String {
    let word_after = |mut p: usize| -> Option<String> {
        let from = p;
        while p < text.len() && py_space(text[p]) {
            p += 1;
        }
        if p == from {
            return None;
        }
        let w = p;
        while p < text.len() && py_word(text[p]) {
            p += 1;
        }
        (p > w).then(|| String::from_utf8_lossy(&text[w..p]).to_ascii_lowercase())
    };
    if text[end..].starts_with(b"'s") {
        if let Some(w) = word_after(end + 2) {
            return w;
        }
    }
    word_after(end).unwrap_or_default()
}

fn group_bits(groups: &[String], names: &[String]) -> PyResult<u64> {
    let mut bits = 0;
    for name in names {
        let i = groups.iter().position(|g| g == name)
            .ok_or_else(|| PyValueError::new_err(format!("unknown group {name:?}")))?;
        bits |= 1 << i;
    }
    Ok(bits)
}

impl TopicKernel {
    /// `_only_listed`: every topic mention among `spans` (start, end, names a topic group) is an item
    /// of an enumeration of three or more.
    fn only_listed(&self, text: &str, mut spans: Vec<(usize, usize, bool)>) -> bool {
        spans.sort();
        let mut kept: Vec<(usize, usize, bool)> = Vec::new();
        for sp in spans {
            match kept.last_mut() {
                Some(last) if sp.0 < last.1 => *last = (last.0, last.1.max(sp.1), last.2 || sp.2),
                _ => kept.push(sp),
            }
        }
        let topical = kept.iter().filter(|sp| sp.2).count();
        let mut listed = 0;
        let mut chain: Vec<(usize, usize, bool)> = Vec::new();
        kept.push((text.len() + 1, text.len() + 1, false));
        for sp in kept {
            if let Some(last) = chain.last() {
                let (a, b) = (last.1.min(text.len()), sp.0.min(text.len()));
                if a <= b && self.list_gap.is_match(&text[a..b]) {
                    chain.push(sp);
                    continue;
                }
            }
            if chain.len() >= 3 {
                listed += chain.iter().filter(|c| c.2).count();
            }
            chain = vec![sp];
        }
        listed == topical && topical > 0
    }
}

#[pymethods]
impl TopicKernel {
    #[new]
    fn new(topics: Vec<TopicIn>, list_gap: &str) -> PyResult<Self> {
        let mut out = Vec::with_capacity(topics.len());
        for (groups, entity_groups, not_before, entities, rules, title_weight) in topics {
            if groups.len() > 64 {
                return Err(PyValueError::new_err("more than 64 groups in a topic"));
            }
            let mut by_entity = HashMap::new();
            for (entity, names) in entity_groups {
                by_entity.insert(entity, group_bits(&groups, &names)?);
            }
            let mut compiled = Vec::with_capacity(rules.len());
            for (names, within, score, max_count) in rules {
                compiled.push(Rule { need: group_bits(&groups, &names)?, within, score, max_count: max_count as f64 });
            }
            out.push(Topic { entity_groups: by_entity, not_before, entities, rules: compiled, title_weight });
        }
        let list_gap = Regex::new(&format!("^(?:{list_gap})$"))
            .map_err(|e| PyValueError::new_err(format!("list gap pattern: {e}")))?;
        Ok(TopicKernel { topics: out, list_gap })
    }

    /// Each topic's score before its keywords, for an article's units (ASCII text): `mentions[i]`
    /// are unit i's lexicon mentions (Python's `Mention`), `aliases[t]` topic t's alias matches as
    /// (unit, start, end, group index), `skip[t]` whether topic t is excluded (its score is 0).
    fn scores(&self, units: Vec<Bound<'_, PyString>>,
              mentions: Vec<Vec<MentionIn<'_>>>,
              aliases: Vec<Vec<(usize, usize, usize, usize)>>, skip: Vec<bool>, title_idx: isize) -> PyResult<Vec<f64>> {
        if mentions.len() != units.len() || aliases.len() != self.topics.len() || skip.len() != self.topics.len() {
            return Err(PyValueError::new_err("one list of mentions per unit, one list of aliases per topic"));
        }
        let texts: Vec<&str> = units.iter().map(|u| u.to_str()).collect::<PyResult<_>>()?;
        let mut entity_of: Vec<Vec<(&str, usize, usize)>> = Vec::with_capacity(mentions.len());
        for (i, ms) in mentions.iter().enumerate() {
            let mut v = Vec::with_capacity(ms.len());
            for (entity, start, end, _, _) in ms {
                if *start > *end || *end > texts[i].len() {
                    return Err(PyValueError::new_err("mention out of range"));
                }
                v.push((entity.to_str()?, *start, *end));
            }
            entity_of.push(v);
        }
        let mut out = Vec::with_capacity(self.topics.len());
        for (t, topic) in self.topics.iter().enumerate() {
            if skip[t] {
                out.push(0.0);
                continue;
            }
            let mut named: Vec<u64> = vec![0; texts.len()];
            for (i, ms) in entity_of.iter().enumerate() {
                for &(entity, _, end) in ms {
                    if let Some(&bits) = topic.entity_groups.get(entity) {
                        if !topic.not_before.is_empty() && topic.not_before.contains(&next_word(texts[i].as_bytes(), end)) {
                            continue;
                        }
                        named[i] |= bits;
                    }
                }
            }
            let mut alias_spans: Vec<Vec<(usize, usize, bool)>> = vec![Vec::new(); texts.len()];
            for &(i, a, b, g) in &aliases[t] {
                if i >= texts.len() || g >= 64 || a > b || b > texts[i].len() {
                    return Err(PyValueError::new_err("alias span out of range"));
                }
                named[i] |= 1 << g;
                alias_spans[i].push((a, b, true));
            }
            let doc_groups = named.iter().fold(0, |acc, g| acc | g);
            let present: Vec<usize> = (0..named.len()).filter(|&i| named[i] != 0).collect();
            let mut near = named.clone();
            for &i in &present {
                if named[i].count_ones() >= 2 && entity_of[i].len() + alias_spans[i].len() >= 3 {
                    let mut spans: Vec<(usize, usize, bool)> = entity_of[i].iter()
                        .map(|&(e, s, en)| (s, en, topic.entities.contains(e))).collect();
                    spans.extend(alias_spans[i].iter().copied());
                    if self.only_listed(texts[i], spans) {
                        near[i] = 0;
                    }
                }
            }
            let mut score = 0.0;
            for rule in &topic.rules {
                if rule.within == 0 {
                    if rule.need & !doc_groups == 0 {
                        score += rule.score;
                    }
                    continue;
                }
                if rule.need & !doc_groups != 0 {
                    continue;
                }
                let mut count = 0.0;
                for &i in &present {
                    let groups = near[i];
                    if rule.need & groups == 0 {
                        continue;
                    }
                    let mut window = groups;
                    for g in near.iter().take((i + rule.within).min(near.len())).skip(i + 1) {
                        window |= g;
                    }
                    if rule.need & !window == 0 {
                        count += if i as isize == title_idx { topic.title_weight } else { 1.0 };
                    }
                }
                score += rule.score * if count <= rule.max_count { count } else { rule.max_count };
            }
            out.push(score);
        }
        Ok(out)
    }
}
