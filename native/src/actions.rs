//! `monitor.analysis.actions`: finding diplomatic actions in an article's sentences and reading
//! their actors and targets, for sentences of printable ASCII.
//!
//! Python finds the triggers (their patterns use look-arounds, which Python's engine runs fast and
//! the `regex` crate lacks); this file holds the rest of `_sentence_actions` and `_resolve`, step
//! for step. Every other regular expression comes from the Python module (its `.pattern`,
//! case-insensitive ones prefixed with `(?i)`, none with a look-around), so the vocabulary and the
//! rules stay written once. `tests/unit/test_native.py` runs both on the same articles and compares.

use std::collections::HashMap;

/// A helper pattern. The sentences the kernel reads are printable ASCII, where an ASCII-only
/// automaton (bytes, no Unicode classes) finds exactly what Python's engine finds, with far smaller
/// automata than Unicode `\w` and `\b` need; a pattern with a non-ASCII character (`charg[eé]`)
/// keeps the Unicode engine.
enum Regex {
    Ascii(regex::bytes::Regex),
    Unicode(regex::Regex),
}

impl Regex {
    fn new(pattern: &str) -> Result<Self, regex::Error> {
        match regex::bytes::RegexBuilder::new(pattern).unicode(false).build() {
            Ok(rx) => Ok(Regex::Ascii(rx)),
            Err(_) => regex::Regex::new(pattern).map(Regex::Unicode),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            Regex::Ascii(rx) => rx.is_match(text.as_bytes()),
            Regex::Unicode(rx) => rx.is_match(text),
        }
    }

    /// The first match's span.
    fn find(&self, text: &str) -> Option<(usize, usize)> {
        match self {
            Regex::Ascii(rx) => rx.find(text.as_bytes()).map(|m| (m.start(), m.end())),
            Regex::Unicode(rx) => rx.find(text).map(|m| (m.start(), m.end())),
        }
    }

    /// Every match: its span and where the named group starts, when it took part.
    fn matches(&self, text: &str, group: &str) -> Vec<(usize, usize, Option<usize>)> {
        match self {
            Regex::Ascii(rx) => rx.captures_iter(text.as_bytes())
                .map(|c| { let m = c.get(0).expect("match"); (m.start(), m.end(), c.name(group).map(|g| g.start())) })
                .collect(),
            Regex::Unicode(rx) => rx.captures_iter(text)
                .map(|c| { let m = c.get(0).expect("match"); (m.start(), m.end(), c.name(group).map(|g| g.start())) })
                .collect(),
        }
    }
}
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Python's `_RIGHT_BEFORE_VERB`: the words between a subject named after ", and" and its verb.
const RIGHT_BEFORE_VERB: [&str; 12] = ["", "also", "now", "too", "again", "has", "have", "also has", "has also",
                                       "strongly", "firmly", "also strongly"];

/// Python's `_AND_WORD`: "and" as a word, or "&".
fn has_and(text: &str) -> bool {
    text.contains('&') || text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == "and")
}

/// The first `n` bytes of `text` at most, cut on a character boundary: where a pattern anchored at the start
/// (Python's `match`) can end, so `find` need not scan the rest.
fn head(text: &str, n: usize) -> &str {
    let mut end = n.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Python's `_MEMBERS_CLAUSE`: a relative clause that names the subject's members.
const MEMBERS_CLAUSE: [&str; 3] = ["include", "comprise", "are "];

/// Python's `_DEED_REACH`: characters from a condemnation to the doer of the deed it names.
const DEED_REACH: usize = 100;

/// Python's `_AGENT_REACH`: characters after "by" within which a visitor is named.
const AGENT_REACH: usize = 30;

/// Python's `_agent_after`: an actor named right after `at` (after "by"), not a means of travel.
fn agent_after(sentence: &str, mentions: &[Mention], at: usize) -> bool {
    match mentions.iter().find(|m| m.start >= at && !m.non_actor) {
        Some(first) if first.start - at <= AGENT_REACH => {
            let gap = &sentence[at..first.start];
            !gap.contains(',') && !gap.contains(" and ")
        }
        _ => false,
    }
}

/// The counts that stand for a list just named (Python's `_COUNT_WORDS`).
const COUNT_WORDS: [(&str, usize); 10] = [("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8),
                                          ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12)];

/// The clause breaks that open what someone reported, or a clause of time or cause (Python's `_REPORT_BREAKS`).
const REPORT_BREAKS: [&str; 24] = ["that", "said", "says", "reported", "reports", "added", "noted", "confirmed", "believes",
                                   "estimated", "told", "while", "as ", "after", "before", "when", "because", "since",
                                   "until", "once", "although", "though", "whereas", "but"];

/// The regex crate never gives up on a search; the Result keeps the code's shape if one ever may.
#[derive(Debug)]
pub struct RxError;
type Rx = Result<bool, RxError>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Object,
    None,
    Place,
    Envoy,
}

struct ActionType {
    name: String,
    cameo: String,
    mode: Mode,
    min_actors: usize,
    collective: Vec<String>, // actors of several members: one alone meets min_actors
}

#[derive(Clone)]
struct Mention {
    entity: String,
    start: usize,
    end: usize,
    person: bool,
    capital: bool,
    name: bool,
    country: bool, // a demonym, a name or a capital
    institution: bool, // a ministry or office of a country's ("DFAT")
    non_actor: bool, // troops, companies, "in Brussels, where ...", a summit's host: never an actor
    text: String, // a person's name as written (empty for others): its words are remembered for "Kim"
    woman: bool, // a person the vocabulary's `women` names: "she" and "her" stand for her
}

impl Mention {
    /// Python's `_gender`: b'f' for one of the `women`, b'm' for a person named who is not, 0 when only described.
    fn gender(&self) -> u8 {
        if self.woman { b'f' } else if !self.text.is_empty() { b'm' } else { 0 }
    }
}

/// What the article said so far (`_Context`; the surnames are kept beside it).
#[derive(Default)]
struct Context {
    last_person: Option<String>, // whose the person named last is: for "he", "she"
    last_gender: u8, // that person's: b'f' (one of the vocabulary's `women`), b'm' (named, not one) or 0
    last_woman: Option<String>, // whose the woman named last is: for "she" after a man was named
    last_man: Option<String>, // whose the person named last who is none of the `women` is: for "he"
    opening_person: Option<String>, // whose the person a sentence opened on is: for "He" opening the next
    opening_gender: u8,
    opening_actor: Option<String>, // whose the actor a sentence opened on is: for "the foreign ministry" in the next
    last_actors: Vec<String>,
    last_pair: Vec<String>, // the last action's actors that were two or more
    last_two: Vec<String>, // the last action's actors that were exactly two
    last_targets: Vec<String>,
    by_type: HashMap<usize, (Vec<String>, Vec<String>)>,
    recent: Vec<String>, // actors named so far, the latest first: for "the two leaders"
    named_last: HashMap<String, String>, // a name's word -> whose person bore it last
    lists: HashMap<usize, Vec<String>>, // the last list of each length (three or more): for "the four"
    document_before: bool, // whether the sentence before named a joint text: for "It condemned"
}

/// Python's `_joined_before`: the last two actors joined by "and" before `at`.
fn joined_before(sentence: &str, mentions: &[Mention], at: usize) -> Vec<String> {
    mentions.windows(2).rev()
        .find(|w| w[1].end <= at && &sentence[w[0].end..w[1].start] == " and " && w[0].entity != w[1].entity
              && !w[0].non_actor && !w[1].non_actor)
        .map(|w| vec![w[0].entity.clone(), w[1].entity.clone()])
        .unwrap_or_default()
}

/// `_VERB_BETWEEN`: a word between two actors that is a verb ("regarded", "is"), so they are no list.
fn verb_between(between: &str) -> bool {
    const NOT_VERBS: [&str; 12] = ["united", "armed", "based", "related", "unnamed", "joined", "accompanied", "flanked",
                                   "backed", "supported", "represented", "chaired"];
    const VERBS: [&str; 24] = ["regards", "sees", "saw", "thinks", "believes", "is", "are", "was", "were", "has", "have",
                               "had", "captures", "sends", "deploys", "warns", "vows", "seeks", "plans", "loses", "fires",
                               "launches", "kills", "hits"];
    between.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| {
        VERBS.contains(&w) || (w.len() >= 4 && w.ends_with("ed") && w.bytes().all(|b| b.is_ascii_lowercase())
                               && !NOT_VERBS.contains(&w))
    })
}

impl Context {
    /// `_pair`: those who acted last when they were two or more, else the last two actors named.
    fn pair(&self) -> Vec<String> {
        // More than two who acted last: the last two who acted together are "the two".
        if self.last_actors.len() > 2 && !self.last_two.is_empty() {
            self.last_two.clone()
        } else if self.last_actors.len() >= 2 {
            self.last_actors.clone()
        } else if !self.last_pair.is_empty() {
            self.last_pair.clone()
        } else {
            self.recent.iter().take(2).cloned().collect()
        }
    }
}

struct Helpers {
    negation: Regex,
    modal: Regex,
    cessation: Regex,
    prefilter: Regex,
    appeal_kinds: Vec<(String, Regex)>,
    pronoun_subject: Regex,
    pronoun_object: Regex,
    pair_object: Regex,
    appositive_end: Regex,
    relative_span: Regex,
    own_group: Regex,
    purpose: Regex,
    opening_he: Regex,
    personal_lead: Regex,
    relation_with: Regex,
    the_talks: Regex,
    remit_before: Regex,
    summoned_before: Regex,
    travelled_before: Regex,
    pair_agent: Regex,
    agent_title: Regex,
    when_before: Regex,
    their_talks: Regex,
    force_subject: Regex,
    plural_parties: Regex,
    issued_passive: Regex,
    participle: Regex,
    passive_aux: Regex,
    passive_span: Regex,
    said_before_passive: Regex,
    from_after: Regex,
    relative_opening: Regex,
    title_words: Regex,
    statement_with: Regex,
    statement_by: Regex,
    subordinate_lead: Regex,
    relative_now: Regex,
    country_apposition: Regex,
    owned_title_lead: Regex,
    envoy_word: Regex,
    women: Regex,
    he_word: Regex,
    said_that_it: Regex,
    national_body: Regex,
    journey_to_come: Regex,
    by_means: Regex,
    visit_of: Regex,
    document_noun: Regex,
    it_document: Regex,
    text_that: Regex,
    joint_text_before: Regex,
    that_before_first: Regex,
    coming_after: Regex,
    coming_before: Regex,
    modal_clause: Regex,
    readiness: Regex,
    journey_purpose: Regex,
    similar_after: Regex,
    it_object: Regex,
    third_venue: Regex,
    he_before: Regex,
    during_visit: Regex,
    by_later: Regex,
    signing_noun: Regex,
    clause_break: Regex,
    relative: Regex,
    conj: Regex,
    owned_and: Regex,
    and_tie: Regex,
    sides_gap: Regex,
    package_subject: Regex,
    gathering_after_sides: Regex,
    owned_with: Regex,
    owned_before: Regex,
    posted_at: Regex,
    war_cause: Regex,
    superlative: Regex,
    to_be: Regex,
    finite_past: Regex,
    auxiliary: Regex,
    proper_word: Regex,
    title_gap: Regex,
    pair_after: Regex,
    apposition_span: Regex,
    pulled_from: Regex,
    negation_break: Regex,
    he_signed: Regex,
    place_after: Regex,
    talks: Regex,
    by: Regex,
    passive_summoned: Regex,
    possessive: Regex,
    meeting_object: Regex,
    host_place: Regex,
    partner: Regex,
    request_to: Regex,
    posted: Regex,
    summoned_to: Regex,
    leading_phrase: Regex,
    reporting: Regex,
    mission_after: Regex,
    and_clause: Regex,
    in_before: Regex,
    name_token: Regex,
    participle_before: Regex,
    and_before: Regex,
    list_join: Regex,
    joined_verb_before: Regex,
    sanctions_object: Regex,
    place_by: Regex,
    troops_owner_after: Regex,
    personal_subject: Regex,
    definite_subject: Regex,
    envoy_cut: Regex,
    opening_lead: Regex,
    plural_says: Regex,
    similar_before: Regex,
    we_before: Regex,
    between_before: Regex,
    list_end: Regex,
    singular_title: Regex,
    requester_before: Regex,
    named_body: Regex,
    place_after_agent: Regex,
    noun_gap: Regex,
    pronoun_lead: Regex,
    gerund_clause: Regex,
    pair_subject: Regex,
    given_name_after: Regex,
    not_a_name_after: Regex,
    modal_coord: Regex,
    inflected: Regex,
    new_clause: Regex,
    quote_cut: Regex,
    manner: Regex,
    said_before_gerund: Regex,
    agreement_first: Regex,
    pair_words: Regex,
    noun_phrase_gap: Regex,
    pair_join: Regex,
    present_visit: Regex,
    who_before: Regex,
    destination_before: Regex,
    deed_by: Regex,
    continued: Regex,
    decision_to: Regex,
    at_place: Regex,
    between_before_pair: Regex,
    them: Regex,
    source_after: Regex,
    own_verb_after: Regex,
    joined_subject_after: Regex,
    members_word: Regex,
    lead_he: Regex,
    definite_lead: Regex,
    for_end: Regex,
    cessation_noun: Regex,
}

#[pyclass(frozen, module = "monitor_native")]
pub struct ActionKernel {
    types: Vec<ActionType>,
    index: HashMap<String, usize>,
    rx: Helpers,
    subject_reach: usize, // characters from the clause start within which its subject is named
    modal_reach: usize,   // characters before a trigger searched for a modal
    negation_reach: usize, // and for a negation
}

/// Python's `Mention`: entity, start, end, role, text.
type MentionIn = (String, usize, usize, String, String);

/// One sentence of the article: its text, its trigger matches (start, end, type index) when it holds
/// a keyword (None: it only teaches surnames), its mentions.
type SentenceIn = (String, Option<Vec<(usize, usize, usize)>>, Vec<MentionIn>);

/// One action found: sentence index, type index, actors, targets, CAMEO code, trigger start.
type Found = (usize, usize, Vec<String>, Vec<String>, String, usize, usize);

fn compile(pattern: &str) -> PyResult<Regex> {
    Regex::new(pattern).map_err(|e| PyValueError::new_err(format!("pattern {pattern:?}: {e}")))
}

/// Python's `str.strip()` on ASCII text.
/// The last run of two or more actors named before `start` joined by commas or "and", the subject left out
/// (`_last_list`).
fn last_list(sentence: &str, mentions: &[Mention], start: usize, subject: &[String]) -> Vec<String> {
    let before = mentions.iter().filter(|m| m.end <= start && !subject.contains(&m.entity));
    let mut best: Vec<String> = Vec::new();
    let joined = |gap: &str| Ok(matches!(py_strip(gap), "," | "and" | ", and"));
    // The test never fails: nothing to propagate.
    let _ = list_runs(sentence, before, joined, |run| if run.len() >= 2 { best = run.to_vec() });
    best
}

/// Python's `_list_runs`: the run of actors named side by side (`joined` says whether the words between two join
/// them), handed to `each` as it stands after each mention.
fn list_runs<'m>(sentence: &str, mentions: impl Iterator<Item = &'m Mention>,
                 joined: impl Fn(&str) -> Result<bool, RxError>, mut each: impl FnMut(&[String]))
                 -> Result<(), RxError> {
    let mut run: Vec<String> = Vec::new();
    let mut previous: Option<&Mention> = None;
    for m in mentions {
        let together = match previous {
            Some(p) if p.end <= m.start => joined(&sentence[p.end..m.start])?,
            _ => false,
        };
        if !together {
            run.clear();
        }
        if !run.contains(&m.entity) {
            run.push(m.entity.clone());
        }
        each(&run);
        previous = Some(m);
    }
    Ok(())
}


fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'))
}

fn is_s_or_empty(s: &str) -> bool {
    let t = py_strip(s);
    t.is_empty() || t == "'s"
}

fn uniq(items: Vec<String>) -> Vec<String> {
    let mut v = items;
    v.sort();
    v.dedup();
    v
}

fn found(rx: &Regex, text: &str) -> Rx {
    Ok(rx.is_match(text))
}

#[pymethods]
impl ActionKernel {
    /// `types`: (name, cameo, target mode, min actors, collective actors), in the vocabulary's order;
    /// `helpers`: the patterns, by the name of the Python constant (lower-case, no leading `_`);
    /// `subject_reach`, `modal_reach`, `negation_reach`: Python's `_SUBJECT_REACH`, `_MODAL_REACH`, `_NEGATION_REACH`.
    #[new]
    fn new(types: Vec<(String, String, String, usize, Vec<String>)>, helpers: HashMap<String, String>,
           appeal_kinds: Vec<(String, String)>, subject_reach: usize, modal_reach: usize,
           negation_reach: usize) -> PyResult<Self> {
        let mut out = Vec::with_capacity(types.len());
        let mut index = HashMap::new();
        for (i, (name, cameo, mode, min_actors, collective)) in types.into_iter().enumerate() {
            let mode = match mode.as_str() {
                "object" => Mode::Object,
                "none" => Mode::None,
                "place" => Mode::Place,
                "envoy" => Mode::Envoy,
                other => return Err(PyValueError::new_err(format!("unknown target mode {other:?}"))),
            };
            index.insert(name.clone(), i);
            out.push(ActionType { name, cameo, mode, min_actors, collective });
        }
        let get = |key: &str| -> PyResult<Regex> {
            let p = helpers.get(key).ok_or_else(|| PyValueError::new_err(format!("missing pattern {key:?}")))?;
            compile(p)
        };
        let rx = Helpers {
            negation: get("negation")?,
            modal: get("modal")?,
            cessation: get("cessation")?,
            prefilter: get("prefilter")?,
            appeal_kinds: appeal_kinds.iter().map(|(c, p)| Ok((c.clone(), compile(p)?))).collect::<PyResult<_>>()?,
            pronoun_subject: get("pronoun_subject")?,
            pronoun_object: get("pronoun_object")?,
            pair_object: get("pair_object")?,
            appositive_end: get("appositive_end")?,
            relative_span: get("relative_span")?,
            own_group: get("own_group")?,
            purpose: get("purpose")?,
            opening_he: get("opening_he")?,
            personal_lead: get("personal_lead")?,
            relation_with: get("relation_with")?,
            the_talks: get("the_talks")?,
            remit_before: get("remit_before")?,
            summoned_before: get("summoned_before")?,
            travelled_before: get("travelled_before")?,
            pair_agent: get("pair_agent")?,
            agent_title: get("agent_title")?,
            when_before: get("when_before")?,
            their_talks: get("their_talks")?,
            force_subject: get("force_subject")?,
            plural_parties: get("plural_parties")?,
            issued_passive: get("issued_passive")?,
            participle: get("participle")?,
            passive_aux: get("passive_aux")?,
            passive_span: get("passive_span")?,
            said_before_passive: get("said_before_passive")?,
            from_after: get("from_after")?,
            relative_opening: get("relative_opening")?,
            title_words: get("title_words")?,
            statement_with: get("statement_with")?,
            statement_by: get("statement_by")?,
            subordinate_lead: get("subordinate_lead")?,
            relative_now: get("relative_now")?,
            country_apposition: get("country_apposition")?,
            owned_title_lead: get("owned_title_lead")?,
            envoy_word: get("envoy_word")?,
            women: get("women")?,
            he_word: get("he_word")?,
            said_that_it: get("said_that_it")?,
            national_body: get("national_body")?,
            journey_to_come: get("journey_to_come")?,
            journey_purpose: get("journey_purpose")?,
            readiness: get("readiness")?,
            modal_clause: get("modal_clause")?,
            by_means: get("by_means")?,
            visit_of: get("visit_of")?,
            document_noun: get("document_noun")?,
            it_document: get("it_document")?,
            text_that: get("text_that")?,
            joint_text_before: get("joint_text_before")?,
            that_before_first: get("that_before_first")?,
            coming_after: get("coming_after")?,
            coming_before: get("coming_before")?,
            similar_after: get("similar_after")?,
            it_object: get("it_object")?,
            third_venue: get("third_venue")?,
            he_before: get("he_before")?,
            during_visit: get("during_visit")?,
            by_later: get("by_later")?,
            signing_noun: get("signing_noun")?,
            clause_break: get("clause_break")?,
            relative: get("relative")?,
            conj: get("conj")?,
            owned_and: get("owned_and")?,
            and_tie: get("and_tie")?,
            sides_gap: get("sides_gap")?,
            package_subject: get("package_subject")?,
            gathering_after_sides: get("gathering_after_sides")?,
            owned_with: get("owned_with")?,
            owned_before: get("owned_before")?,
            posted_at: get("posted_at")?,
            war_cause: get("war_cause")?,
            superlative: get("superlative")?,
            to_be: get("to_be")?,
            finite_past: get("finite_past")?,
            auxiliary: get("auxiliary")?,
            proper_word: get("proper_word")?,
            title_gap: get("title_gap")?,
            pair_after: get("pair_after")?,
            apposition_span: get("apposition_span")?,
            pulled_from: get("pulled_from")?,
            negation_break: get("negation_break")?,
            he_signed: get("he_signed")?,
            place_after: get("place_after")?,
            talks: get("talks")?,
            by: get("by")?,
            passive_summoned: get("passive_summoned")?,
            possessive: get("possessive")?,
            meeting_object: get("meeting_object")?,
            host_place: get("host_place")?,
            partner: get("partner")?,
            request_to: get("request_to")?,
            posted: get("posted")?,
            summoned_to: get("summoned_to")?,
            leading_phrase: get("leading_phrase")?,
            reporting: get("reporting")?,
            mission_after: get("mission_after")?,
            and_clause: get("and_clause")?,
            in_before: get("in_before")?,
            name_token: get("name_token")?,
            participle_before: get("participle_before")?,
            and_before: get("and_before")?,
            list_join: get("list_join")?,
            joined_verb_before: get("joined_verb_before")?,
            sanctions_object: get("sanctions_object")?,
            place_by: get("place_by")?,
            troops_owner_after: get("troops_owner_after")?,
            personal_subject: get("personal_subject")?,
            definite_subject: get("definite_subject")?,
            envoy_cut: get("envoy_cut")?,
            opening_lead: get("opening_lead")?,
            plural_says: get("plural_says")?,
            similar_before: get("similar_before")?,
            we_before: get("we_before")?,
            between_before: get("between_before")?,
            list_end: get("list_end")?,
            singular_title: get("singular_title")?,
            requester_before: get("requester_before")?,
            named_body: get("named_body")?,
            place_after_agent: get("place_after_agent")?,
            noun_gap: get("noun_gap")?,
            pronoun_lead: get("pronoun_lead")?,
            gerund_clause: get("gerund_clause")?,
            pair_subject: get("pair_subject")?,
            given_name_after: get("given_name_after")?,
            not_a_name_after: get("not_a_name_after")?,
            modal_coord: get("modal_coord")?,
            inflected: get("inflected")?,
            new_clause: get("new_clause")?,
            quote_cut: get("quote_cut")?,
            manner: get("manner")?,
            said_before_gerund: get("said_before_gerund")?,
            agreement_first: get("agreement_first")?,
            pair_words: get("pair_words")?,
            noun_phrase_gap: get("noun_phrase_gap")?,
            pair_join: get("pair_join")?,
            present_visit: get("present_visit")?,
            who_before: get("who_before")?,
            destination_before: get("destination_before")?,
            deed_by: get("deed_by")?,
            continued: get("continued")?,
            decision_to: get("decision_to")?,
            at_place: get("at_place")?,
            between_before_pair: get("between_before_pair")?,
            them: get("them")?,
            source_after: get("source_after")?,
            own_verb_after: get("own_verb_after")?,
            joined_subject_after: get("joined_subject_after")?,
            members_word: get("members_word")?,
            lead_he: get("lead_he")?,
            definite_lead: get("definite_lead")?,
            for_end: get("for_end")?,
            cessation_noun: get("cessation_noun")?,
        };
        Ok(ActionKernel { types: out, index, rx, subject_reach, modal_reach, negation_reach })
    }

    /// The actions of an article's sentences that hold a trigger: each item is (sentence, its
    /// trigger matches as (start, end, type index) in the order Python found them, its mentions).
    /// Every sentence must be printable ASCII. None if a search ever gave up: the caller runs the
    /// Python code then.
    fn extract(&self, sentences: Vec<SentenceIn>) -> PyResult<Option<Vec<Found>>> {
        let mut ctx = Context::default();
        let mut surnames: HashMap<String, Option<String>> = HashMap::new();
        let mut out = Vec::new();
        // Surnames from the whole article first: a headline names people by surname before the text
        // names them in full ("Zelensky meets Yoon at NATO summit").
        for (_, _, raw) in &sentences {
            learn_surnames(&mut surnames, raw);
        }
        for (i, (sentence, hits, raw)) in sentences.iter().enumerate() {
            let mut mentions: Vec<Mention> = raw.iter().map(|(entity, start, end, role, text)| Mention {
                entity: entity.clone(),
                start: *start,
                end: *end,
                person: role == "person",
                capital: role == "capital",
                name: role == "name",
                country: role == "demonym" || role == "name" || role == "capital",
                institution: role == "institution",
                non_actor: role == "non_actor",
                text: if role == "person" { text.clone() } else { String::new() }, // only a person's is read
                woman: role == "person" && self.rx.women.is_match(text),
            }).collect();
            let Some(hits) = hits else {
                if self.lists_named(sentence, &mentions, &mut ctx.lists).is_err() {
                    return Ok(None);
                }
                let continuing = self.continues_subject(sentence, &mentions);
                remember(&mut ctx, &mentions, self.subject_reach, continuing);
                ctx.document_before = self.document_before(sentence);
                continue;
            };
            if !sentence.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                return Err(PyValueError::new_err("sentences with triggers must be printable ASCII"));
            }
            if hits.iter().any(|&(s, e, k)| k >= self.types.len() || s > e || e > sentence.len())
                || mentions.iter().any(|m| m.start > m.end || m.end > sentence.len()) {
                return Err(PyValueError::new_err("trigger match or mention out of range"));
            }
            self.add_surnames(sentence, &surnames, &ctx.named_last, &mut mentions);
            match self.sentence_actions(sentence, hits.clone(), &mentions, &mut ctx) {
                Ok(list) => out.extend(list.into_iter().map(|(t, a, g, c, s, e)| (i, t, a, g, c, s, e))),
                Err(_) => return Ok(None),
            }
            if self.lists_named(sentence, &mentions, &mut ctx.lists).is_err() {
                return Ok(None);
            }
            let continuing = self.continues_subject(sentence, &mentions);
            remember(&mut ctx, &mentions, self.subject_reach, continuing);
            ctx.document_before = self.document_before(sentence);
        }
        Ok(Some(out))
    }

    /// The index of an action type by name (for tests).
    fn type_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

type Hit = (usize, Vec<String>, Vec<String>, String, usize, usize);

/// Python's `str.isspace` for the characters `str.split()` splits on.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `_learn_surnames`: each word (2 characters or more, not a particle) of a person's name, and whose it is; a word
/// two people share is ambiguous (None).
/// `_remember`: what a sentence names, for the sentences after it.
/// Python's `_HE_REACH`: how far into a sentence "he" may open it.
const HE_REACH: usize = 60;

/// Python's `_by_pronoun`: whose the person a pronoun stands for, `person` (of `gender`, as `Mention::gender`)
/// unless the pronoun says otherwise and the article named someone who fits.
fn by_pronoun(ctx: &Context, she: bool, person: Option<String>, gender: u8) -> Option<String> {
    if she {
        if gender == b'm' && ctx.last_woman.is_some() { ctx.last_woman.clone() } else { person }
    } else if gender == b'f' && ctx.last_man.is_some() {
        ctx.last_man.clone()
    } else {
        person
    }
}

/// Python's `_named_by`: whose the person "he" or "she" at `before` stands for.
fn named_by(ctx: &Context, she: bool, mentions: &[Mention], before: usize, opens: bool) -> Option<String> {
    let people: Vec<&Mention> = mentions.iter().filter(|m| m.end <= before && m.person).collect();
    if let Some(last) = people.last() {
        // ("Cho Hyun thanked Kallas, and he urged": the man named before the woman.)
        if last.gender() == (if she { b'm' } else { b'f' }) {
            if let Some(fits) = people.iter().rev().find(|m| m.gender() != 0 && m.gender() != last.gender()) {
                return Some(fits.entity.clone());
            }
        }
        return by_pronoun(ctx, she, Some(last.entity.clone()), last.gender());
    }
    if opens && ctx.opening_person.is_some() {
        return by_pronoun(ctx, she, ctx.opening_person.clone(), ctx.opening_gender);
    }
    by_pronoun(ctx, she, ctx.last_person.clone(), ctx.last_gender)
}

/// Whether a pronoun's words open on "she" or "her".
fn is_she(pronoun: &str) -> bool {
    let p = pronoun.trim_start().to_ascii_lowercase();
    p.starts_with("she") || p.starts_with("her")
}

fn remember(ctx: &mut Context, mentions: &[Mention], subject_reach: usize, continuing: bool) {
    for m in mentions.iter().filter(|m| m.person) {
        ctx.last_gender = m.gender();
        if ctx.last_gender == b'f' {
            ctx.last_woman = Some(m.entity.clone());
        } else if ctx.last_gender == b'm' {
            ctx.last_man = Some(m.entity.clone());
        }
    }
    if let Some(m) = mentions.iter().rfind(|m| m.person) {
        ctx.last_person = Some(m.entity.clone());
    }
    // Three or more people named: whom "the three leaders" stand for (Python's `_remember`).
    let people: Vec<String> = mentions.iter().filter(|m| m.person).map(|m| m.entity.clone()).collect();
    if people.len() >= 3 {
        ctx.lists.insert(people.len(), uniq(people));
    }
    // "Russian Security Council Secretary Sergei Shoigu arrived ...": a title of the same country before the person
    // (opening the sentence: not "Asked about U.S. President Donald Trump's offer, Lavrov said").
    let opening = mentions.iter().find(|m| !m.non_actor);
    let person = match opening {
        Some(o) if !o.person && o.start <= 4 => mentions.iter().find(|m| m.person),
        Some(o) if !o.person => None,
        other => other,
    };
    // ("In June 2019 he met his South Korean counterpart": "he" goes on with the person the sentences before opened on.)
    if !continuing {
        ctx.opening_person = match (opening, person) {
            (Some(o), Some(p)) if p.entity == o.entity && p.start <= subject_reach => Some(p.entity.clone()),
            _ => None,
        };
        ctx.opening_gender = match person {
            Some(p) if ctx.opening_person.is_some() => p.gender(),
            _ => 0,
        };
    }
    // Python's `opening_actor` (not a body without ministries of its own, `_NO_MINISTRIES`).
    // (Only of a sentence about that actor alone.)
    ctx.opening_actor = opening.filter(|o| o.start <= subject_reach && (o.name || o.capital || o.person)
        && !NO_MINISTRIES.contains(&o.entity.as_str())
        && mentions.iter().all(|m| m.non_actor || m.entity == o.entity)).map(|o| o.entity.clone());
    for m in mentions {
        if ctx.recent.first() != Some(&m.entity) {
            ctx.recent.retain(|e| *e != m.entity);
            ctx.recent.insert(0, m.entity.clone());
            ctx.recent.truncate(4);
        }
        if m.person {
            for token in m.text.replace('-', " ").split(py_isspace).filter(|t| t.chars().count() >= 3) {
                ctx.named_last.insert(token.to_string(), m.entity.clone());
            }
        }
    }
}

const NO_MINISTRIES: [&str; 6] = ["EU", "UN", "NATO", "G7", "ASEAN", "CSTO"];
// Bodies whose members meet among themselves (`_MEMBERS_GATHER`): where they meet is no side of the meeting.
/// Python's `_OWNER_JOINED_REACH`: characters from the object to an owner joined to its phrase.
const OWNER_JOINED_REACH: usize = 80;
/// Python's `_TIE_JOINED_REACH`: characters from the object to the first side of a tie joined to it.
const TIE_JOINED_REACH: usize = 100;
const MEMBERS_GATHER: [&str; 10] = ["EU", "UN", "NATO", "G7", "ASEAN", "CSTO", "G20", "OSCE", "Council of Europe", "BRICS"];

const PARTICLES: [&str; 39] = ["Al", "El", "Le", "La", "De", "Da", "Di", "Du", "Jr", "St", "Mr", "Ms", "Dr", "Mc", "Ed",
                               "No", "To", "In", "On", "At", "As", "If", "It", "Of", "By", "An", "So", "Do", "Go",
                               "He", "We", "Be", "Or", "Us", "Up", "My", "Me", "Is", "Am"];

fn learn_surnames(surnames: &mut HashMap<String, Option<String>>, raw: &[MentionIn]) {
    for (entity, _, _, role, text) in raw {
        if role != "person" {
            continue;
        }
        for token in text.replace('-', " ").split(py_isspace).filter(|t| !t.is_empty()) {
            // Two letters are a surname ("Xi", "Li", "Wu"), not a particle ("Al", "De"): `_PARTICLES`.
            let n = token.chars().count();
            if n < 2 || (n == 2 && PARTICLES.contains(&token)) {
                continue;
            }
            let same = match surnames.get(token) {
                None => true,
                Some(known) => known.as_deref() == Some(entity.as_str()),
            };
            surnames.insert(token.to_string(), if same { Some(entity.clone()) } else { None });
        }
    }
}

impl ActionKernel {
    /// Whether a sentence names a joint text (Python's `_DOCUMENT_STEMS` then `_DOCUMENT_NOUN`): most name none,
    /// which a substring test tells without the pattern.
    fn document_before(&self, sentence: &str) -> bool {
        const STEMS: [&str; 6] = ["tatement", "eclaration", "ommuniqu", "TATEMENT", "ECLARATION", "OMMUNIQU"];
        STEMS.iter().any(|w| sentence.contains(w)) && self.rx.document_noun.find(sentence).is_some()
    }

    /// `_mentions_with_surnames`: a person named earlier by full name, now by surname alone.
    fn add_surnames(&self, sentence: &str, surnames: &HashMap<String, Option<String>>,
                    named_last: &HashMap<String, String>, mentions: &mut Vec<Mention>) {
        if !surnames.iter().any(|(name, entity)| (entity.is_some() || named_last.contains_key(name))
            && sentence.contains(name.as_str())) {
            return;
        }
        let mut extra = Vec::new();
        for (start, end, _) in self.rx.name_token.matches(sentence, "") {
            let token = &sentence[start..end];
            // A word two people's names share ("Kim") is the one named last before this sentence.
            let entity = match surnames.get(token) {
                Some(Some(e)) => Some(e),
                _ => named_last.get(token),
            };
            if let Some(entity) = entity {
                // "Kim Hong-kyun": another person of that family name.
                let rest = &sentence[end..];
                if self.rx.given_name_after.find(rest).is_some_and(|m| m.0 == 0)
                    && !self.rx.not_a_name_after.find(rest).is_some_and(|m| m.0 == 0) {
                    continue;
                }
                if !mentions.iter().any(|m| m.start <= start && start < m.end) {
                    extra.push(Mention { entity: entity.clone(), start, end, person: true, capital: false,
                                         name: false, country: false, institution: false, non_actor: false,
                                         text: token.to_string(), woman: self.rx.women.is_match(token) });
                }
            }
        }
        if !extra.is_empty() {
            mentions.extend(extra);
            mentions.sort_by_key(|m| m.start);
        }
    }

    fn sentence_actions(&self, sentence: &str, mut hits: Vec<(usize, usize, usize)>, mentions: &[Mention],
                        ctx: &mut Context) -> Result<Vec<Hit>, RxError> {
        let rx = &self.rx;
        // A demand to withdraw outranks the appeal found at the same words.
        let withdrawals: Vec<(usize, usize)> =
            hits.iter().filter(|h| self.types[h.2].name == "demand_withdrawal").map(|h| (h.0, h.1)).collect();
        hits.retain(|&(s, e, k)| {
            !(self.types[k].name == "appeal" && withdrawals.iter().any(|&(ws, we)| (ws <= s && s < we) || (s <= ws && ws < e)))
        });
        hits.sort_by_key(|h| h.0); // stable, as Python's sort
        let mut relative = Vec::new();
        for (start, _, _) in rx.relative.matches(sentence, "") {
            relative.push(start);
        }
        let mut results = Vec::new();
        // The actors of the trigger read last, an action or a demand left out (no type of the vocabulary).
        let mut previous: Option<Vec<String>> = None;
        // Of those, the side that acted: a meeting's subject without whom it met.
        let mut side: Option<Vec<String>> = None;
        let mut subjectless = false; // the act read last had no actor (Python's `subjectless`)
        for (start, end, k) in hits {
            let t = &self.types[k];
            // "will visit Pyongyang and sign a treaty": a bare verb joined to one a modal governs.
            let bare = !rx.inflected.find(&sentence[start..]).is_some_and(|m| m.0 == 0);
            if self.negated(sentence, start, mentions)
                || self.modal_before(sentence, start, end)?
                || (bare && found(&rx.modal_coord, &sentence[start.saturating_sub(self.modal_reach)..start])?) {
                continue;
            }
            // Relative clauses (", who has been on a visit ...") describe background, not the news.
            // Not a present visit: "Lavrov, who is on an official visit to the DPRK, met Kim".
            // Only one in the present or the perfect: one in the simple past tells an act done before.
            let mut in_relative = false;
            for &r in relative.iter() {
                if r < start && !sentence[r + 1..start].contains(',')
                    && !rx.present_visit.find(&sentence[r..]).is_some_and(|m| m.0 == 0)
                    && found(&rx.relative_now, &sentence[r..start])? {
                    in_relative = true;
                    break;
                }
            }
            if in_relative {
                continue;
            }
            // "called on Pyongyang to stop", "called for their immediate halt": a demand, not an appeal.
            if t.name == "appeal" && (found(&rx.cessation, self.after_object(sentence, mentions, end)?)?
                || (found(&rx.for_end, &sentence[start..end])?
                    && rx.cessation_noun.find(&sentence[end..]).is_some_and(|m| m.0 == 0))) {
                // Who made the demand still makes what is joined to it ("urged Moscow to cease ... and
                // called on China to ...").
                let inherited = match &previous {
                    Some(actors) if self.is_participle(sentence, start, end)? => Some(actors),
                    _ => None,
                };
                let (mut acting, aimed) = self.resolve(sentence, mentions, start, end, k, ctx, inherited)?;
                acting.retain(|a| !aimed.contains(a));
                previous = Some(acting.clone());
                side = Some(acting);
                continue;
            }
            // "Russia was in Syria": a country being somewhere is no official's visit.
            if t.name == "visit" && ["was ", "were ", "is "].iter().any(|w| sentence[start..].starts_with(w)) {
                if let Some(m) = mentions.iter().rfind(|m| m.end <= start) {
                    if m.country && sentence[m.end..start].trim().is_empty()
                        && !["I", "We", "we"].contains(&&sentence[m.start..m.end]) {
                        continue;
                    }
                }
            }
            // A meeting joined to another goes on from its subject's side ("held talks with Putin ..., and met Xi").
            let handed = if t.mode != Mode::None || t.name == "meeting" { &side } else { &previous };
            let joined = self.is_participle(sentence, start, end)?;
            if subjectless && joined {
                // "The statement condemned ..., and called on Pyongyang to return": the chain's subject is no actor.
                continue;
            }
            let inherited = match handed {
                Some(actors) if joined => Some(actors),
                _ => None,
            };
            let (mut actors, mut targets) = self.resolve(sentence, mentions, start, end, k, ctx, inherited)?;
            if t.mode != Mode::None {
                actors.retain(|a| !targets.contains(a));
            }
            if actors.is_empty() && t.name == "sanctions"
                && (sentence[start..].starts_with("those ") || sentence[..start].to_ascii_lowercase().ends_with("also ")
                    || &sentence[..start] == "It ") {
                // "Among those sanctioned is ...", "Also blacklisted were ...": by those who sanctioned last.
                if let Some((a, _)) = ctx.by_type.get(&k) {
                    actors = a.iter().filter(|x| !targets.contains(x)).cloned().collect();
                }
            }
            subjectless = actors.is_empty();
            if actors.len() == 1 && (t.name == "joint_statement" || t.name == "sign_agreement")
                && ctx.last_pair.contains(&actors[0]) {
                // "We adopted a joint statement" at a joint press conference (Python's `_WE_BEFORE`): the speaker's
                // side with the side it met.
                let mut lo = start.saturating_sub(40);
                while !sentence.is_char_boundary(lo) {
                    lo -= 1;
                }
                if let Some((ws, we)) = rx.we_before.find(&sentence[lo..start]) {
                    if t.min_actors >= 2 || sentence[lo + ws..lo + we].contains("ur ") {
                        actors = ctx.last_pair.clone();
                    }
                }
            }
            if actors.is_empty()
                || (actors.len() < t.min_actors && !(actors.len() == 1 && t.collective.contains(&actors[0]))) {
                continue;
            }
            if matches!(t.mode, Mode::Object | Mode::Envoy | Mode::Place) && targets.is_empty() {
                match ctx.by_type.get(&k) {
                    Some((a, g)) if *a == actors => targets = g.clone(),
                    _ if matches!(t.mode, Mode::Place | Mode::Envoy) => continue,
                    _ => {}
                }
            }
            let mut cameo = t.cameo.clone();
            if t.name == "appeal" {
                let request = &sentence[end..(end + 120).min(sentence.len())];
                for (code, kind) in &rx.appeal_kinds {
                    if found(kind, request)? {
                        cameo = code.clone();
                        break;
                    }
                }
            } else if t.name == "meeting" && found(&rx.talks, &sentence[start..end])? {
                cameo = "046".to_string();
            }
            // (Not an act told to compare: "The EU signed a similar partnership with Japan" (`_SIMILAR_AFTER`).)
            // (Nor "a similar partnership the EU signed with Japan" (`_SIMILAR_BEFORE`).)
            if !rx.similar_after.find(&sentence[end..]).is_some_and(|m| m.0 == 0)
                && rx.similar_before.find(&sentence[..start]).is_none() {
                ctx.last_actors = actors.clone();
                if actors.len() >= 2 {
                    ctx.last_pair = actors.clone();
                } else if t.name == "visit" && actors.len() == 1 && targets.len() == 1 && actors != targets
                    && ctx.last_pair.is_empty() {
                    // "Costa welcomed Lee to Brussels ... The leaders held a summit": guest and host are the pair,
                    // when no two acted together before.
                    ctx.last_pair = vec![actors[0].clone(), targets[0].clone()];
                }
                if actors.len() == 2 {
                    ctx.last_two = actors.clone();
                }
                ctx.last_targets = targets.clone();
            }
            ctx.by_type.insert(k, (actors.clone(), targets.clone()));
            // An act owned in passing ("their first meeting since Putin's visit to Pyongyang, and met Xi") is not
            // the clause whose subject a joined verb takes (as Python).
            if !found(&rx.owned_before, &sentence[start.saturating_sub(40)..start])?
                || rx.finite_past.find(&sentence[start..]).is_some_and(|m| m.0 == 0) {
            previous = Some(actors.clone());
            side = Some(if t.name == "meeting" {
                let before: Vec<&String> =
                    mentions.iter().filter(|m| m.end <= start && !m.non_actor).map(|m| &m.entity).collect();
                let named: Vec<String> = actors.iter().filter(|a| before.contains(a)).cloned().collect();
                if named.is_empty() { actors.clone() } else { named }
            } else {
                actors.clone()
            });
            }
            results.push((k, actors, targets, cameo, start, end));
        }
        Ok(results)
    }

    /// The text after the object of a trigger, including actors joined to it ("Pyongyang and Moscow").
    fn after_object<'s>(&self, sentence: &'s str, mentions: &[Mention], end: usize) -> Result<&'s str, RxError> {
        if let Some((0, e)) = self.rx.pair_object.find(&sentence[end..]) {
            // "called on both governments to cease" ("both to cease": the "to" given back).
            let back = if sentence[end..end + e].ends_with(" to") { 3 } else { 0 };
            return Ok(&sentence[end + e - back..]);
        }
        let after: Vec<&Mention> = mentions.iter().filter(|m| m.start >= end).collect();
        if after.is_empty() || after[0].start - end > 40 {
            return Ok(&sentence[end..]);
        }
        let mut last = after[0];
        for m in &after[1..] {
            let between = &sentence[last.end..m.start];
            if !(found(&self.rx.conj, between)? || is_s_or_empty(between)) {
                break;
            }
            last = m;
        }
        Ok(&sentence[last.end..])
    }

    /// The first actor named after `start` (within `limit`), plus actors joined to it by "and".
    /// The first actor named after `start` (within `limit`), plus actors joined to it by "and";
    /// `actors_only`: skip mentions that cannot act (for a partner, not a target).
    fn object(&self, sentence: &str, mentions: &[Mention], start: usize, limit: usize, actors_only: bool)
              -> Result<Vec<String>, RxError> {
        let after: Vec<&Mention> =
            mentions.iter().filter(|m| m.start >= start && !(actors_only && m.non_actor)).collect();
        if after.is_empty() || after[0].start - start > limit
            || found(&self.rx.requester_before, &sentence[start..after[0].start])?
            || found(&self.rx.war_cause, &sentence[start..after[0].start])? {
            // "met on Wednesday at the request of the United States": who asked for it, not who met.
            return Ok(Vec::new());
        }
        let mut out = vec![after[0]];
        let mut last_end = after[0].end;
        for m in &after[1..] {
            let between = &sentence[last_end..m.start];
            if m.entity == out[out.len() - 1].entity && between.starts_with(", ") && between.len() <= 50
                && !between.contains(" and ") && !m.person {
                // "met Marco Rubio, Secretary of State of the United States, and Cho Tae-yul": an apposition naming
                // the same side; the list goes on after it.
                last_end = m.end;
                continue;
            }
            // "a summit with Putin, the NIS said": the source of the report, not one more object.
            // "urged China, North Korea's main ally, to": an apposition, not one more object.
            if between.contains(',') && (self.rx.source_after.find(&sentence[m.end..]).is_some_and(|x| x.0 == 0)
                || sentence[m.end..].starts_with("'s ")
                || self.rx.own_verb_after.find(head(&sentence[m.end..], 60)).is_some_and(|x| x.0 == 0)) {
                break;
            }
            // "expelled North Korea's ambassadors, and Brazil and Cuba are among ...": a subject of its own.
            if between.contains(", and")
                && self.rx.joined_subject_after.find(head(&sentence[m.end..], 60)).is_some_and(|x| x.0 == 0) {
                break;
            }
            // ("North Korea's and Russia's decision": both owners.)
            if found(&self.rx.conj, between)? || is_s_or_empty(between)
                || matches!(py_strip(between), "'s and" | "'s, and") {
                out.push(m);
                last_end = m.end;
            } else if out.len() == 1 && found(&self.rx.owned_with, between)? {
                // "North Korea's military cooperation with Russia": a tie is both sides' (`_OWNED_WITH`).
                out.push(m);
                break;
            } else {
                if out.len() == 1 && sentence[out[0].end..].starts_with("'s ") {
                    // "North Korea's dispatch of troops to Russia and Moscow's acceptance of them": the owners of
                    // the two things, past a place named inside the first (`_OWNED_AND`).
                    let first_end = out[0].end;
                    for x in after.iter().filter(|x| x.start >= m.start) {
                        if sentence[x.end..].starts_with("'s ")
                            && found(&self.rx.owned_and, &sentence[first_end..x.start])? {
                            out.push(*x);
                            break;
                        }
                    }
                }
                break;
            }
        }
        // "condemned the deployment of North Korean troops to Russia and Russia's use of them": an owner joined by
        // "and" to the object, within its phrase, is aimed at too (`_AND_OWNER`).
        if !actors_only {
            let last_end = out[out.len() - 1].end;
            let first_end = out[0].end;
            let nxt = after.iter().find(|m| m.start >= last_end && !out.iter().any(|o| o.entity == m.entity)
                && sentence[m.end..].starts_with("'s "));
            if let Some(n) = nxt {
                let gap = &sentence[last_end..n.start];
                let joined = gap.trim_end_matches(' ').ends_with(" and")
                    || gap.trim_end_matches(' ').ends_with(" and the");
                if n.start - first_end <= OWNER_JOINED_REACH && joined
                    && !gap.contains([',', ';', ':', '"', '(', ')']) {
                    out.push(*n);
                }
            }
            // "... to Russia and the deepening military cooperation between Pyongyang and Moscow": a tie joined to
            // the object is both sides' (`_tie_joined`).
            let end = out[out.len() - 1].end;
            let rest: Vec<&Mention> = if sentence[end..].contains(" between ") {
                after.iter().copied().filter(|m| m.start >= end).collect()
            } else {
                Vec::new() // (no tie named after the object: most sentences)
            };
            for pair in rest.windows(2) {
                if pair[0].start - end > TIE_JOINED_REACH {
                    break;
                }
                if py_strip(&sentence[pair[0].end..pair[1].start]) == "and"
                    && found(&self.rx.and_tie, &sentence[end..pair[0].start])? {
                    out.push(pair[0]);
                    out.push(pair[1]);
                    break;
                }
            }
        }
        Ok(out.iter().map(|m| m.entity.clone()).collect())
    }

    /// The run of actors that opens a clause: "South Korea and the EU", "Cho and Borrell".
    fn group(&self, sentence: &str, mentions: &[Mention], lo: usize, hi: usize) -> Result<Vec<String>, RxError> {
        let mut cand: Vec<&Mention> = mentions.iter().filter(|m| lo <= m.start && m.end <= hi && !m.non_actor).collect();
        if cand.is_empty() {
            return Ok(Vec::new());
        }
        // A subject the lexicon does not know: what its relative clause names is not it.
        // (Not one naming its members: "The 11 members, which include the United States, ...".)
        if let Some((_, rel_end)) = self.rx.relative.find(&sentence[lo..cand[0].start])
            .filter(|&(_, e)| !MEMBERS_CLAUSE.iter().any(|w| sentence[lo + e..].starts_with(w))) {
            let from = lo + rel_end;
            match sentence[from..hi].find(',') {
                Some(c) => cand.retain(|m| m.start > from + c),
                None => cand.clear(),
            }
            if cand.is_empty() {
                return Ok(Vec::new());
            }
        }
        let mut group = vec![cand[0]];
        // "Borrell, who is in Seoul on his final tour, and Cho": the relative clause is passed over.
        let mut skip = self.relative_span(sentence, cand[0].end)?;
        let mut aside = self.aside_end(sentence, cand[0])?;
        for m in &cand[1..] {
            if skip.is_some_and(|close| m.start < close) {
                continue;
            }
            // "Dmitry Medvedev, now deputy chairman of the Security Council, travelled": what describes him.
            if m.start < aside {
                continue;
            }
            // "Russia's ambassador to the UN, Vassily Nebenzia": where the subject serves (`_POSTED_AT`).
            if found(&self.rx.posted_at, &sentence[m.start.saturating_sub(45)..m.start])? {
                continue;
            }
            let between = &sentence[skip.unwrap_or(group[group.len() - 1].end)..m.start];
            if between.len() > 60 || found(&self.rx.reporting, between)?
                || found(&self.rx.prefilter, &between.to_ascii_lowercase())? || verb_between(between) {
                // "Ukraine captures two North Korean soldiers in Kursk, Paris condemns": a clause of its own.
                if verb_between(between) && sentence[..m.start].ends_with(", ") && sentence[m.end..hi].trim().is_empty() {
                    return Ok(vec![m.entity.clone()]);
                }
                break; // (a verb between: "Russia regarded the denuclearization of North Korea as closed")
            }
            group.push(m);
            skip = self.relative_span(sentence, m.end)?;
            aside = self.aside_end(sentence, m)?;
        }
        // An apposition ends before the last, joined by ", the", which opens the clause (a list joins with "and").
        let n = group.len();
        if n >= 2 && sentence[group[n - 2].end..group[n - 1].start].split_whitespace().collect::<String>() == ",the"
            && !group.windows(2).any(|w| has_and(&sentence[w[0].end..w[1].start]))
            && !sentence[group[n - 1].end..].starts_with(" and ") && !sentence[group[n - 1].end..].starts_with(", and ") {
            group.drain(..n - 1);
        }
        Ok(group.iter().map(|m| m.entity.clone()).collect())
    }

    /// Python's `_during_visit`: an agreement signed during a visit is the visitor's country's and the host's.
    fn during_visit(&self, sentence: &str, mentions: &[Mention], end: usize) -> Vec<String> {
        let Some((0, e, Some(visit))) = self.rx.during_visit.matches(&sentence[end..], "visit").into_iter().next()
        else { return Vec::new() };
        let visitor = mentions.iter().find(|m| end <= m.start && m.end <= end + visit && !m.non_actor);
        let host = mentions.iter().find(|m| m.start == end + e);
        match (visitor, host) {
            (Some(v), Some(h)) if v.entity != h.entity => vec![v.entity.clone(), h.entity.clone()],
            _ => Vec::new(),
        }
    }

    /// Python's `_RELATIVE_SPAN` matched at `at`: where the relative clause's closing comma is.
    /// Python's `_aside_end`: where the apposition after a person ends (0 when none follows).
    fn aside_end(&self, sentence: &str, m: &Mention) -> Result<usize, RxError> {
        if !(m.person || m.name || m.capital) || !sentence[m.end..].starts_with(',') {
            return Ok(0);
        }
        let rx = if m.person { &self.rx.apposition_span } else { &self.rx.country_apposition };
        Ok(match rx.find(&sentence[m.end..]) {
            Some((0, e)) if !sentence[m.end..m.end + e].contains(" and ") => m.end + e,
            _ => 0,
        })
    }

    fn relative_span(&self, sentence: &str, at: usize) -> Result<Option<usize>, RxError> {
        Ok(self.rx.relative_span.matches(&sentence[at..], "close").into_iter().next()
            .filter(|&(s, _, _)| s == 0).and_then(|(_, _, close)| close).map(|c| at + c))
    }

    /// The parties named in the words before an agreement's noun: "the North Korea-Russia treaty" (two or
    /// more, joined by a hyphen or "and").
    fn named_with(&self, sentence: &str, mentions: &[Mention], start: usize) -> Result<Vec<String>, RxError> {
        let before: Vec<&Mention> = mentions.iter().filter(|m| m.end <= start && start - m.end <= 50).collect();
        let Some(last) = before.last() else { return Ok(Vec::new()) };
        if !found(&self.rx.noun_phrase_gap, &sentence[last.end..start])? {
            return Ok(Vec::new());
        }
        let mut chain = vec![*last];
        for m in before[..before.len() - 1].iter().rev() {
            if m.end > chain[chain.len() - 1].start
                || !found(&self.rx.pair_join, &sentence[m.end..chain[chain.len() - 1].start])? {
                break;
            }
            chain.push(m);
        }
        if chain.len() < 2 {
            return Ok(Vec::new());
        }
        let mut out: Vec<String> = Vec::new();
        for m in chain.iter().rev() {
            if !out.contains(&m.entity) {
                out.push(m.entity.clone());
            }
        }
        Ok(out)
    }

    fn clause_start(&self, sentence: &str, pos: usize, mentions: &[Mention]) -> Result<usize, RxError> {
        let mut last = 0;
        // A verb joined after a comma or a closing quote goes on from the reporting clause, not from what was
        // reported ("told NATO that Pyongyang's support had erased ..., and urged the alliance").
        let joined = found(&self.rx.joined_verb_before, &sentence[pos.saturating_sub(20)..pos])?;
        // The pattern has a group `cut` where Python's has a look-ahead: the clause starts there.
        for (start, end, cut) in self.rx.clause_break.matches(&sentence[..pos], "cut") {
            if joined && REPORT_BREAKS.iter().any(|w| sentence[start..].starts_with(w)) {
                continue;
            }
            match cut {
                None => last = end,
                // Only before an actor, maybe after a title ("after President Putin visited"): an unknown name
                // leaves the sentence's subject the best reading.
                Some(c) if mentions.iter().any(|m| m.start == c || (m.start > c && self.rx.title_words
                    .find(&sentence[c..m.start]).is_some_and(|x| x == (0, m.start - c)))) => last = c,
                Some(_) => {}
            }
        }
        // What an opening quote names does not act past it (Python's `_clause_start`).
        if sentence.starts_with('"') {
            if let Some(c) = sentence[1..].find('"') {
                if c + 1 < pos {
                    last = last.max(c + 2);
                }
            }
        } else if let Some(c) = sentence.find(",\"").map(|c| c + 1).filter(|&c| c < pos
            && sentence.matches('"').count() % 2 == 1) {
            // The end of a quote opened in a sentence before ('... to kill Ukrainians," Tsahkna told ERR News').
            last = last.max(c + 1);
        } else if let Some(opened) = sentence[..pos].rfind('"') {
            // A quote opened inside the sentence is a clause of its own ('and stressed "we strongly condemn').
            if opened > last && sentence[..pos].matches('"').count() % 2 == 1
                && mentions.iter().any(|m| opened < m.start && m.end <= pos) {
                last = opened + 1;
            }
        }
        // An "and" before a name opens a new clause when the words before it hold an action or a verb of their own.
        let from = last;
        // The subject follows a leading phrase ("At Wednesday's EU-Republic of Korea summit, Lee, Costa and ...").
        let base = if last == 0 {
            self.rx.leading_phrase.find(sentence).map(|m| m.1).filter(|&e| e <= pos).unwrap_or(0)
        } else {
            last
        };
        for (start, _, cut) in self.rx.and_clause.matches(&sentence[from..pos], "cut") {
            let (at, cut) = (from + start, from + cut.unwrap_or(0));
            if let Some(subject) = mentions.iter().find(|m| m.start >= last.max(base)) {
                // The words of a relative clause that this "and" closes are not the subject's.
                let mut words = if subject.end <= at { &sentence[subject.end..at] } else { "" };
                if let Some((a, _)) = self.rx.appositive_end.find(words) {
                    words = &words[..a];
                }
                if subject.end <= at && (found(&self.rx.prefilter, &words.to_ascii_lowercase())?
                    || found(&self.rx.reporting, words)?)
                    && !found(&self.rx.between_before, &sentence[at.saturating_sub(60)..at])?
                    && !found(&self.rx.he_before, &sentence[at.saturating_sub(6)..at])?
                    && !self.listed(sentence, mentions, at, cut) {
                    last = cut;
                } else if sentence[at..].starts_with(',')
                    // (Not past a person's apposition: "Kaja Kallas, the EU foreign policy chief, and Cho met".)
                    && !self.rx.apposition_span.find(&sentence[subject.end..])
                        .is_some_and(|(s0, e0)| s0 == 0 && subject.end + e0 >= at)
                    && mentions.iter().any(|x| {
                    cut <= x.start && x.start <= cut + 4 && x.end <= pos
                        && RIGHT_BEFORE_VERB.contains(&py_strip(&sentence[x.end..pos]))
                }) {
                    // A name right before the verb after ", and" is its subject (Python's `_RIGHT_BEFORE_VERB`).
                    last = cut;
                }
            }
        }
        Ok(last)
    }

    /// Python's `_listed`: the "and" at `at` joins two names of a list ("a visit to Belgium and France, met").
    fn listed(&self, sentence: &str, mentions: &[Mention], at: usize, cut: usize) -> bool {
        let after = mentions.iter().find(|x| cut <= x.start && x.start <= cut + 4);
        let before = mentions.iter().find(|y| y.end == at);
        match (after, before) {
            // Or the last of a list of three or more: "warned Washington, Seoul and Tokyo against ...".
            // Or two names joined with no comma, one subject: "said that Moscow and Pyongyang were building".
            (Some(after), Some(before)) => matches!(self.rx.list_end.find(&sentence[after.end..]), Some((0, _)))
                || mentions.iter().any(|z| z.end < before.start && py_strip(&sentence[z.end..before.start]) == ",")
                || !sentence[at..].starts_with(','),
            _ => false,
        }
    }

    fn posted_before(&self, sentence: &str, at: usize) -> Rx {
        found(&self.rx.posted, &sentence[at.saturating_sub(40)..at])
    }

    /// Who did an act told in the passive without "by": who says so ("The Polish foreign ministry said that
    /// ..."; "..., the EU said"), the country it was done from ("were expelled from Poland"), else whoever did that
    /// act last (Python's `_passive_agent`).
    fn passive_agent(&self, sentence: &str, mentions: &[Mention], start: usize, end: usize, last: Vec<String>)
                     -> Result<Vec<String>, RxError> {
        if let Some((s, _)) = self.rx.said_before_passive.find(&sentence[..start]) {
            if let Some(m) = mentions.iter().find(|m| m.end <= s && !m.non_actor) {
                if m.start <= 40 {
                    return Ok(vec![m.entity.clone()]);
                }
            }
        }
        for m in mentions.iter().filter(|m| m.start >= end && !m.non_actor) {
            let gap = &sentence[end..m.start];
            if self.rx.from_after.find(gap).is_some_and(|x| x == (0, gap.len()))
                || (gap.contains(',') && self.rx.source_after.find(&sentence[m.end..]).is_some_and(|x| x.0 == 0)) {
                return Ok(vec![m.entity.clone()]);
            }
        }
        Ok(last)
    }

    /// Python's `_continues_subject`: the sentence's subject is "he" or "she", before any actor it names, or it names
    /// no actor.
    fn continues_subject(&self, sentence: &str, mentions: &[Mention]) -> bool {
        // "Noting that Foreign Minister Choe Son Hui had arrived in Moscow, she said": the speaker before (`_LEAD_HE`).
        if (sentence.contains(", he ") || sentence.contains(", she "))
            && self.rx.lead_he.find(sentence).is_some_and(|m| m.0 == 0) {
            return true;
        }
        let mut reach = HE_REACH.min(sentence.len());
        while !sentence.is_char_boundary(reach) {
            reach -= 1;
        }
        // (Or it names no actor at all.)
        let at = self.rx.he_word.find(&sentence[..reach]).map_or(sentence.len() + 1, |(he, _)| he);
        !mentions.iter().any(|m| m.start < at && !m.non_actor)
    }

    fn envoy_host(&self, sentence: &str, mentions: &[Mention], lo: usize, end: usize) -> Result<Option<String>, RxError> {
        for m in mentions {
            if lo <= m.start && m.start < end + 60 && m.country && self.posted_before(sentence, m.start)? {
                return Ok(Some(m.entity.clone()));
            }
        }
        for m in mentions {
            if end <= m.start && m.start <= end + 60 && (m.country || m.institution)
                && found(&self.rx.summoned_to, &sentence[end..m.start])? {
                return Ok(Some(m.entity.clone()));
            }
        }
        Ok(None)
    }

    /// Whether a negation governs the trigger at `start`; not a name that opens with one of its words
    /// ("Defence Minister No Kwang Chol arrived").
    /// Whether a modal governs the trigger at `start` ("will meet"); not "to" after a verb of going on
    /// ("continues to call on"), as `_modal_before`.
    fn modal_before(&self, sentence: &str, start: usize, end: usize) -> Result<bool, RxError> {
        // "voted to ratify the treaty, which Putin and Kim signed in June": the signing was done (`_SIGNED_WORDS`).
        let trigger = &sentence[start..end];
        if (trigger.ends_with("signed") || trigger.ends_with("inked") || trigger.ends_with("concluded"))
            && self.rx.agreement_first.find(trigger).is_some_and(|m| m.0 == 0) {
            return Ok(false);
        }
        // "when Borrell holds talks in Seoul this week": a time to come (`_PRESENT_VERBS`, `_WHEN_BEFORE`).
        const PRESENT_VERBS: [&str; 15] = ["holds ", "meets ", "visits ", "travels ", "signs ", "arrives ", "flies ",
                                           "hosts ", "heads ", "goes ", "comes ", "hold ", "meet ", "arrive ", "fly "];
        if PRESENT_VERBS.iter().any(|v| sentence[start..].starts_with(v)) && !sentence[..start].ends_with("to ")
            && found(&self.rx.when_before, &sentence[start.saturating_sub(80)..start])? {
            return Ok(true);
        }
        // "Lee travels to Berlin later today for talks with Merz": a trip to come (`_COMING_AFTER`, `_COMING_BEFORE`).
        if (PRESENT_VERBS.iter().any(|v| sentence[start..].starts_with(v))
            && self.rx.coming_after.find(&sentence[end..]).is_some_and(|m| m.0 == 0))
            || found(&self.rx.coming_before, &sentence[start.saturating_sub(100)..start])? {
            return Ok(true);
        }
        // "Putin is due to fly on to Hanoi later on Wednesday for a state visit": a trip to come (`_JOURNEY_TO_COME`).
        if found(&self.rx.journey_purpose, &sentence[start.saturating_sub(40)..start])?
            && found(&self.rx.journey_to_come, &sentence[start.saturating_sub(100)..start])? {
            return Ok(true);
        }
        // "Moscow remained open to a third round of direct talks with Kyiv": talks it would hold (`_READINESS`).
        if found(&self.rx.readiness, &sentence[start.saturating_sub(70)..start])? {
            return Ok(true);
        }
        // "will brief EU leaders at their summit on Thursday": a setting of what is to come (`_MODAL_CLAUSE`).
        if (sentence[start..].starts_with("at ") || sentence[start..].starts_with("during "))
            && found(&self.rx.modal_clause, &sentence[start.saturating_sub(60)..start])? {
            return Ok(true);
        }
        let window = &sentence[start.saturating_sub(30)..start];
        let Some((s, _)) = self.rx.modal.find(window) else { return Ok(false) };
        let rest = window[s..].trim_start_matches([' ', '\t', ',', ';', ':', '(', '"', '\'']);
        let at = window.len() - rest.len();
        // "On 20 May the Council adopted": a date, not "may".
        let here = start.saturating_sub(30) + at;
        if (sentence[here..].starts_with("may") || sentence[here..].starts_with("May"))
            && sentence[..here].trim_end().ends_with(|c: char| c.is_ascii_digit()) {
            return Ok(false);
        }
        let to = rest.starts_with("to ") || rest.starts_with("To ");
        // "South Korea's ambassador to the UN condemned": a preposition, not an infinitive (a verb in the past,
        // without "to have", "to be").
        if to && self.rx.finite_past.find(&sentence[start..]).is_some_and(|m| m.0 == 0)
            && !found(&self.rx.auxiliary, &window[at..])? && found(&self.rx.proper_word, &window[at + 3..])? {
            return Ok(false);
        }
        // "summoned Russian Ambassador Georgy Zinoviev last week to demand": the summons' purpose, done there.
        if to && sentence[here.saturating_sub(120)..here].contains("ummon")
            && found(&self.rx.summoned_before, &sentence[here.saturating_sub(120)..(here + 3).min(sentence.len())])? {
            return Ok(false);
        }
        // "Kim travelled to Russia's Far East to meet Putin": the purpose of a trip made, met (`_TRAVELLED_BEFORE`).
        if to && (sentence[start..].starts_with("meet") || sentence[start..].starts_with("hold talks")) {
            let lo = here.saturating_sub(80);
            let span = &sentence[lo..(here + 3).min(sentence.len())];
            if let Some((a, b)) = self.rx.travelled_before.find(span) {
                if !span[a..b].contains(" and ") {
                    return Ok(false);
                }
            }
        }
        // "the most senior Chinese official to travel to North Korea since 2019": one who did (`_SUPERLATIVE`).
        if to && found(&self.rx.superlative, &sentence[here.saturating_sub(50)..here])?
            && !found(&self.rx.to_be, &sentence[here.saturating_sub(80)..here])? {
            return Ok(false);
        }
        Ok(!(to && found(&self.rx.continued, &window[..at])?))
    }

    fn negated(&self, sentence: &str, start: usize, mentions: &[Mention]) -> bool {
        let lo = start.saturating_sub(self.negation_reach);
        match self.rx.negation.find(&sentence[lo..start]) {
            None => false,
            Some((s, e)) => {
                let at = lo + s;
                // "carries no mutual defence obligations, unlike the treaty Putin signed": another clause.
                if self.rx.negation_break.find(&sentence[lo + e..start]).is_some() {
                    return false;
                }
                let b = sentence.as_bytes()[at];
                // Past the pattern's leading non-word character.
                let word = if b.is_ascii_alphanumeric() || b == b'_' { at } else { at + 1 };
                !mentions.iter().any(|m| m.start == word)
            }
        }
    }

    /// Python's `_pair_between`: the pair the sentence named with "between" before `start`.
    fn pair_between(&self, sentence: &str, mentions: &[Mention], start: usize) -> Result<Vec<String>, RxError> {
        let named: Vec<&Mention> = mentions.iter().filter(|m| m.end <= start).collect();
        for pair in named.windows(2) {
            let (one, two) = (pair[0], pair[1]);
            if one.entity != two.entity && py_strip(&sentence[one.end..two.start]) == "and"
                && found(&self.rx.between_before_pair, &sentence[..one.start])? {
                return Ok(vec![one.entity.clone(), two.entity.clone()]);
            }
        }
        Ok(Vec::new())
    }

    /// Python's `_lists_named`: the runs of three or more actors a sentence names as a list, by length.
    fn lists_named(&self, sentence: &str, mentions: &[Mention], lists: &mut HashMap<usize, Vec<String>>)
                   -> Result<(), RxError> {
        // One actor named by title and name is one item: "Japanese Foreign Minister Takeshi Iwaya" (`_lists_named`).
        let mut merged: Vec<Mention> = Vec::new();
        for m in mentions {
            if let Some(last) = merged.last_mut() {
                if last.entity == m.entity && last.end <= m.start && found(&self.rx.title_gap, &sentence[last.end..m.start])? {
                    last.end = m.end;
                    continue;
                }
            }
            merged.push(m.clone());
        }
        // Only whole lists: "Australia, Japan, New Zealand and South Korea" is a list of four, not also of three.
        let mut last: Vec<String> = Vec::new();
        list_runs(sentence, merged.iter(), |gap| found(&self.rx.list_join, gap), |run| {
            if run.len() == 1 && last.len() >= 3 {
                lists.insert(last.len(), last.clone());
            }
            last = run.to_vec();
        })?;
        if last.len() >= 3 {
            lists.insert(last.len(), last);
        }
        Ok(())
    }

    /// Python's `_counted`: the list "the four" stands for, in this sentence before `start` or before it.
    fn counted(&self, words: &str, sentence: &str, mentions: &[Mention], start: usize, ctx: &Context)
               -> Result<Vec<String>, RxError> {
        let Some(count) = words.split(py_isspace).find_map(|w| COUNT_WORDS.iter()
            .find(|(name, _)| w.eq_ignore_ascii_case(name)).map(|(_, n)| *n)) else { return Ok(Vec::new()) };
        // In order and never overlapping: those that end before `start` come first.
        let before = mentions.iter().take_while(|m| m.end <= start).count();
        let mut here: HashMap<usize, Vec<String>> = HashMap::new();
        self.lists_named(sentence, &mentions[..before], &mut here)?;
        if let Some(list) = here.get(&count) {
            return Ok(list.clone());
        }
        // ("Takaichi held talks with Costa and von der Leyen, and the three issued": the people named before.)
        let people: Vec<String> = mentions[..before].iter().filter(|m| m.person).map(|m| m.entity.clone()).collect();
        if people.len() == count {
            return Ok(uniq(people));
        }
        Ok(ctx.lists.get(&count).cloned().unwrap_or_default())
    }

    /// Whether the trigger continues the sentence's subject: a verb after "and" or a participle after a comma.
    fn is_participle(&self, sentence: &str, start: usize, end: usize) -> Result<bool, RxError> {
        if found(&self.rx.and_before, &sentence[..start])? {
            return Ok(true);
        }
        // "Shoigu visited Pyongyang and was received by Kim": the guest goes on as the subject.
        if ["and was ", "and were ", "and is ", "and are "].iter().any(|w| sentence[..start].ends_with(w))
            && ["received by", "hosted by"].iter().any(|w| sentence[start..].starts_with(w)) {
            return Ok(true);
        }
        let Some(word) = sentence[start..end].split_ascii_whitespace().next() else { return Ok(false) };
        // A past verb that goes on a list of the subject's verbs (Python's `_LIST_VERB`): "condemned the presence of
        // troops in Russia, called on Pyongyang to return".
        let listed = (word.len() > 2 && word.ends_with("ed") && word.bytes().all(|b| b.is_ascii_lowercase()))
            || matches!(word, "met" | "held" | "spoke");
        if listed && sentence[..start].ends_with(", ") && !sentence[end..].starts_with(" by ")
            && !sentence[..start].contains(", who ") && !sentence[..start].contains(", which ") {
            return Ok(true);
        }
        Ok(word.to_ascii_lowercase().ends_with("ing") && found(&self.rx.participle_before, &sentence[..start])?)
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve(&self, sentence: &str, mentions: &[Mention], start: usize, end: usize, k: usize, ctx: &Context,
               inherited: Option<&Vec<String>>) -> Result<(Vec<String>, Vec<String>), RxError> {
        let rx = &self.rx;
        let t = &self.types[k];
        // "..., after meeting Kim": a gerund's clause has the sentence's subject.
        let gerund = rx.gerund_clause.find(&sentence[start..end]).is_some_and(|m| m.0 == 0);
        // "..., Shoigu said on Tuesday after meeting Kim": the speaker's (the match opens on ", ").
        let mut lo = if gerund {
            rx.said_before_gerund.find(&sentence[..start]).map_or(0, |(s, _)| {
                // (Past the comma, a closing quote and the spaces: ',"  Tsahkna told ERR News after the meeting'.)
                let rest = &sentence[s + 1..];
                let rest = rest.strip_prefix('"').unwrap_or(rest);
                sentence.len() - rest.trim_start().len()
            })
        } else {
            self.clause_start(sentence, start, mentions)?
        };
        // Python's `match(sentence, lo)` with a pattern opening on `^`: only at the sentence's start.
        let mut lead_end = if lo == 0 { rx.leading_phrase.find(sentence).map(|m| m.1) } else { None };
        // "On Tuesday Mr Putin held talks with Xi and Modi, and ...": a verb of its own makes no leading phrase.
        if matches!(lead_end, Some(e) if start < e) && rx.finite_past.find(&sentence[start..]).is_some_and(|m| m.0 == 0) {
            lead_end = None;
        }
        // "On Monday South Korea's first vice foreign minister, Kim Hong-kyun, summoned": the subject, no lead.
        if let Some(e) = lead_end {
            if rx.owned_title_lead.find(&sentence[..e]).is_some() {
                lead_end = None;
            }
        }
        let in_lead = matches!(lead_end, Some(e) if start < e);
        if let Some(e) = lead_end {
            if !in_lead {
                lo = e;
            }
        } else if let Some((0, e)) = rx.subordinate_lead.find(sentence) {
            // "When North Korea carried out its first nuclear test, the EU condemned it": the main clause (past a
            // "that" inside the leading clause).
            if lo < e && e <= start {
                lo = e;
            }
        }
        let after = &sentence[end..];
        // (Not the means: "held their strategic dialogue by video link", Python's `_BY_MEANS`.)
        let mut by_end = if rx.by_means.find(after).is_some_and(|m| m.0 == 0) { None } else { rx.by.find(after).map(|m| m.1) };
        let passive = by_end.is_some() || found(&rx.passive_summoned, &sentence[start..end])?;
        // "the visit of Sergei Shoigu to Pyongyang": the visitor after "of", as after "by" (Python's `_VISIT_OF`).
        let mut visit_of = false;
        if by_end.is_none() && t.name == "visit" {
            if let Some(m) = rx.visit_of.find(after) {
                if m.0 == 0 && agent_after(sentence, mentions, end + m.1) {
                    by_end = Some(m.1);
                    visit_of = true;
                }
            }
        }

        // Who acts.
        // "During the visit of Defence Minister Andrei Belousov to Pyongyang, Kim ...": the visitor is named after
        // the noun, title and all, even in a leading phrase (Python's `visit_agent`).
        let visit_agent = t.name == "visit" && by_end.is_some_and(|b| agent_after(sentence, mentions, end + b));
        let mut subject = if in_lead && !visit_agent {
            let e = lead_end.unwrap_or(0);
            // "In a joint statement, the two sides ...": those who acted last.
            if let Some((0, le)) = rx.personal_lead.find(&sentence[e..]) {
                // "After talks with Kim Jong Un, he announced ...": the person the sentence before opened on.
                named_by(ctx, is_she(&sentence[e..e + le]), &[], 0, true).into_iter().collect()
            } else {
            match rx.pronoun_lead.find(&sentence[e..]) {
                Some((0, pe)) if found(&rx.pair_subject, &sentence[e..e + pe])? => ctx.pair(),
                // "In a joint press statement released afterward, they ...": the pair, not the one who acted last.
                Some((0, pe)) if ctx.last_actors.len() < 2 && sentence[..e].to_ascii_lowercase().contains("joint") => {
                    Some(self.counted(&sentence[e..e + pe], sentence, mentions, start, ctx)?)
                        .filter(|c| !c.is_empty()).unwrap_or_else(|| ctx.pair())
                }
                // "In a joint statement, the four condemned": the list of four named last.
                Some((0, pe)) => Some(self.counted(&sentence[e..e + pe], sentence, mentions, start, ctx)?)
                    .filter(|c| !c.is_empty()).unwrap_or_else(|| ctx.last_actors.clone()),
                _ => {
                    let first = mentions.iter().find(|m| e <= m.start && !m.non_actor).map(|m| m.start);
                    let opening = match first { Some(f) => &sentence[e..f], None => "" };
                    if found(&rx.reporting, opening)? || found(&rx.prefilter, &opening.to_ascii_lowercase())? {
                        // 'In a joint statement, the leaders "strongly condemned" the DPRK's ...': a verb comes
                        // first, so the names after it are its objects; "the leaders" are those who acted last.
                        if rx.definite_lead.find(&sentence[e..]).is_some_and(|m| m.0 == 0) {
                            ctx.last_actors.clone()
                        } else {
                            Vec::new()
                        }
                    } else {
                        self.group(sentence, mentions, e, sentence.len())?
                    }
                }
            }
            }
        } else if let Some(b) = by_end {
            let mut agent = self.object(sentence, mentions, end + b, if visit_agent { AGENT_REACH } else { 5 }, true)?;
            // "was summoned by First Vice Foreign Minister Kim Hong-kyun": the person past the title (`_AGENT_TITLE`).
            if agent.is_empty() {
                if let Some(person) = mentions.iter().find(|m| m.start > end + b).filter(|m| m.person) {
                    let gap = &sentence[end + b..person.start];
                    if rx.agent_title.find(gap) == Some((0, gap.len())) {
                        agent = self.object(sentence, mentions, person.start, 0, true)?;
                    }
                }
            }
            // "the treaty signed by the leaders of the two countries": the pair named (`_PAIR_AGENT`).
            if agent.is_empty() && rx.pair_agent.find(&sentence[end + b..]).is_some_and(|m| m.0 == 0) {
                ctx.pair()
            } else {
                agent
            }
        } else if let Some(ie) = (if t.name == "joint_statement" { rx.issued_passive.find(after) } else { None })
            .filter(|&(s, _)| s == 0).map(|(_, e)| e) {
            // "After the dialogue a joint press statement was issued by the two ministers": those named after
            // "by", else the two who acted together last.
            let agent = if after[..ie].trim_end().ends_with(" by") {
                self.object(sentence, mentions, end + ie, 5, true)?
            } else {
                Vec::new()
            };
            // (Or one body of many members: "the Washington Summit Declaration, adopted by NATO leaders".)
            // (The two who acted together last only for a joint statement: "a summit declaration, adopted by the
            // heads of state of all 32 allies" names no pair.)
            let said = sentence[start..end].to_lowercase();
            if agent.len() >= 2 || (agent.len() == 1 && t.collective.contains(&agent[0])) {
                agent
            } else if said.contains("joint") || said.contains("trilateral") {
                ctx.pair()
            } else {
                Vec::new()
            }
        } else if let Some(ante) = (if t.name == "visit" { rx.who_before.find(&sentence[lo..start]) } else { None })
            .and_then(|(s, _)| mentions.iter().find(|m| m.end == lo + s && !m.non_actor)) {
            // "Polish President Andrzej Duda, who is in Seoul on a state visit": the visitor is whom "who" follows.
            vec![ante.entity.clone()]
        } else if let Some(pb) = (if t.name == "visit" { rx.place_by.find(after) } else { None })
            .filter(|&(s, e)| s == 0 && agent_after(sentence, mentions, end + e)).map(|(_, e)| e) {
            // "during a visit to Pyongyang by the Secretary of Russia's Security Council, Sergei Shoigu".
            self.object(sentence, mentions, end + pb, AGENT_REACH, true)?
        } else if t.name == "sanctions" && ctx.by_type.contains_key(&k) && sentence[lo..start].contains("package")
            && found(&rx.package_subject, &sentence[lo..start])? {
            // "Alongside ... of Moscow's 'shadow fleet', the package adds": the package of those who sanctioned last
            // (`_PACKAGE_SUBJECT`).
            ctx.by_type[&k].0.clone()
        } else {
            let group = self.group(sentence, mentions, lo, start)?;
            let first = mentions.iter().find(|m| lo <= m.start && m.end <= start && !m.non_actor).map(|m| m.start);
            let subject = if first.is_none_or(|f| f - lo > self.subject_reach)
                && found(&rx.definite_subject, &sentence[lo..start])?
                && !found(&rx.named_body, &sentence[lo..start])? {
                // "The Minister and the High Representative condemned ...": a subject the lexicon does not
                // name (an actor far into the clause is an object) stands for those who acted last; not a
                // body's proper name ("The Council of Europe condemned ..."), nor one person for two or more.
                let span = &sentence[lo..start];
                if ctx.last_actors.len() >= 2 && matches!(rx.singular_title.find(span), Some((0, _)))
                    && !span.contains(" and ") {
                    Vec::new()
                } else if ctx.last_actors.len() < 2 && matches!(rx.plural_parties.find(span), Some((0, _)))
                    && ctx.last_pair.len() >= 2 {
                    // "The leaders adopted a joint statement": those who met last, when one side acted last.
                    ctx.last_pair.clone()
                } else if matches!(rx.force_subject.find(span), Some((0, _))) {
                    Vec::new() // "The first contingent, some 12,000 soldiers, arrived in Russia": troops, no official
                } else if t.name == "sanctions" && span.contains("package") && ctx.by_type.contains_key(&k) {
                    // "The package also lists ...": the package of those who sanctioned last.
                    ctx.by_type[&k].0.clone()
                } else {
                    ctx.last_actors.clone()
                }
            } else if let Some(f) = first.filter(|&f| sentence[lo..f].contains("that ")) {
                // "The spokesperson demanded that Brussels stop ..., and called on the EU to": what the reported
                // clause names is not the verb's subject (Python's `_THAT_BEFORE_FIRST`).
                match rx.that_before_first.find(&sentence[lo..f]) {
                    Some((ts, _)) if found(&rx.definite_subject, &sentence[lo..lo + ts])?
                        && !found(&rx.named_body, &sentence[lo..lo + ts])? => ctx.last_actors.clone(),
                    _ => group,
                }
            } else {
                group
            };
            match mentions.iter().rfind(|m| lo <= m.start && m.end <= start) {
                // "Seoul says North Korean troops arrive in Russia": the troops right before the verb are
                // its subject, and they cannot act.
                // (Not a place: "The Russian Embassy in Seoul denounced", `_PLACE_BEFORE`.)
                Some(m) if m.non_actor && found(&rx.noun_gap, &sentence[m.end..start])?
                    && !sentence[..m.start].ends_with(" in ") && !sentence[..m.start].ends_with(" in the ")
                    && !found(&rx.remit_before, &sentence[m.start.saturating_sub(40)..m.start])? => Vec::new(),
                _ => subject,
            }
        };
        if in_lead && { let mut u = subject.clone(); u.sort(); u.dedup(); u.len() < 2 }
            && rx.plural_parties.find(&sentence[lead_end.unwrap_or(0)..]).is_some_and(|m| m.0 == 0)
            && ctx.last_pair.len() >= 2 {
            subject = ctx.last_pair.clone(); // "In a joint statement, the leaders said ...": the two who met last
        }
        if !in_lead && (subject.is_empty() || subject == ctx.last_actors)
            && rx.national_body.find(&sentence[lo..start]).is_some_and(|(s, e)| s == 0 && e == start - lo) {
            // "Seoul reacted within hours. The foreign ministry summoned ...": the country the sentence before
            // opened on (Python's `_NATIONAL_BODY`).
            if let Some(a) = &ctx.opening_actor {
                subject = vec![a.clone()];
            }
        }
        if subject.is_empty() && sentence[lo..start].contains("it ") {
            // "South Korea's foreign ministry said ... and that it had asked China to ...": "it" is who said so.
            if let Some((s, _)) = rx.said_that_it.find(&sentence[..start]) {
                if let Some(m) = mentions.iter().find(|m| m.end <= s && !m.non_actor) {
                    if m.start <= 40 {
                        subject = vec![m.entity.clone()];
                    }
                }
            }
        }
        if subject.is_empty() {
            // "The leaders adopted a joint statement. It condemned North Korea's launches", "issued a joint
            // statement that condemned ...": the text's authors (Python's `_IT_DOCUMENT`, `_TEXT_THAT`).
            if let Some(k) = self.index.get("joint_statement") {
                if let Some((a, _)) = ctx.by_type.get(k) {
                    let it = ctx.document_before
                        && rx.it_document.find(&sentence[lo..start]).is_some_and(|(s, e)| s == 0 && e == start - lo);
                    let that = lo > 0 && sentence[lo..start].trim().is_empty()
                        && found(&rx.text_that, &sentence[lo.saturating_sub(40)..lo])?;
                    if it || that {
                        subject = a.clone();
                    }
                }
            }
        }
        if t.name != "joint_statement" && sentence[start..end].ends_with("ing") {
            // "... issued a joint statement condemning the exercises": the joint text's authors, just named
            // (Python's `_JOINT_TEXT_BEFORE`).
            if let Some(k) = self.index.get("joint_statement") {
                if let Some((a, _)) = ctx.by_type.get(k) {
                    if found(&rx.joint_text_before, &sentence[start.saturating_sub(40)..start])? {
                        subject = a.clone();
                    }
                }
            }
        }
        let envoy_passive = passive && t.mode == Mode::Envoy;
        // (whether it matched, whether through a pronoun: "his", "their")
        let possessive: Option<bool> = if envoy_passive { None } else {
            rx.possessive.matches(&sentence[start.saturating_sub(20)..start], "pron").first().map(|m| m.2.is_some())
        };
        if let Some(pron) = possessive {
            let mut near: Vec<&Mention> = mentions.iter()
                .filter(|m| m.end <= start && (!pron || m.person))
                .filter(|m| pron || is_s_or_empty(&sentence[m.end..start]))
                .collect();
            if pron && near.len() >= 2 && t.name == "visit" {
                // "Kallas discussed it with Cho during her visit to Seoul": not the host's own visit to it.
                let last = &near[near.len() - 1].entity;
                if mentions.iter().any(|m| &m.entity == last && m.start >= end && m.start - end <= 5) {
                    near.pop();
                }
            }
            if let Some(m) = near.last() {
                subject = vec![m.entity.clone()];
            } else if pron && subject.is_empty() {
                // "During her visit to Seoul she met Cho": the person the sentences before named.
                let window = sentence[start.saturating_sub(20)..start].to_lowercase();
                let word = window.rsplit(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
                    .find(|w| matches!(*w, "his" | "her" | "their"));
                if matches!(word, Some("his") | Some("her")) {
                    if let Some(p) = named_by(ctx, word == Some("her"), &[], 0, true) {
                        subject = vec![p];
                    }
                }
            }
        } else if sentence[start.saturating_sub(60)..start].contains("decision") {
            // "welcomed the EU's decision in October to designate North Korean officials": whose decision acts.
            for m in mentions.iter().rev() {
                if m.end <= start && start - m.end <= 60
                    && rx.decision_to.find(&sentence[m.end..start]).is_some_and(|(a, b)| a == 0 && b == start - m.end) {
                    subject = vec![m.entity.clone()];
                    break;
                }
            }
        }
        // "..., Kim said after their talks": the two who acted last.
        if subject.iter().collect::<std::collections::HashSet<_>>().len() < 2 && t.name == "meeting"
            && found(&rx.their_talks, &sentence[start..end])? {
            subject = ctx.pair();
        } else if subject.iter().collect::<std::collections::HashSet<_>>().len() < 2 && t.name == "meeting"
            && found(&rx.the_talks, &sentence[start..end])?
            && ![" with ", " between ", " of "].iter().any(|w| sentence[end..].starts_with(w))
            && (ctx.last_actors.len() >= 2 || !ctx.last_pair.is_empty()) {
            // "..., Tsahkna told reporters after the meeting": the meeting told before (Python's `_THE_TALKS`).
            subject = if ctx.last_actors.len() >= 2 { ctx.last_actors.clone() } else { ctx.last_pair.clone() };
        }
        let pronoun = if possessive.is_none() { rx.pronoun_subject.find(&sentence[lo..start]) } else { None };
        if let Some((ps, pe)) = pronoun {
            let mut named: Vec<String> = Vec::new(); // in order, once each; not a dateline's city
            // (Nor a quote the sentence opens on: '"We urge the DPRK ...," the two said'.)
            let quoted = if sentence.starts_with('"') { sentence[1..].find('"').map_or(0, |q| q + 2) } else { 0 };
            let quoted = if quoted > 0 && quoted <= lo + ps { quoted } else { 0 };
            for m in mentions.iter().filter(|m| quoted <= m.start && m.end <= start && !(m.start == 0 && m.non_actor)) {
                if !named.contains(&m.entity) {
                    named.push(m.entity.clone());
                }
            }
            let pair = found(&rx.pair_subject, &sentence[lo + ps..lo + pe])?;
            let mut alone = false;
            if !pair {
                // "Kim and Putin met, and they signed": the sentence's opening subject; not the names after it.
                named.clear();
                let first = mentions.iter().find(|m| m.end <= start && !m.non_actor).map(|m| m.start);
                // Only names, capitals and "the" before it ("On Friday, Kim and Putin"): the whole lead matches.
                if first.is_some_and(|f| matches!(rx.opening_lead.find(&sentence[..f]), Some((0, _)))) {
                    for e in self.group(sentence, mentions, 0, start)? {
                        if !named.contains(&e) {
                            named.push(e);
                        }
                    }
                }
                if named.len() < 2 {
                    // "Seoul said Putin and Kim met, and they ...": the two named together last before "they".
                    let joined = joined_before(sentence, mentions, lo + ps);
                    if !joined.is_empty() {
                        named = joined;
                    }
                }
                // "The G7 foreign ministers said they condemn": one body's people, of themselves.
                if named.len() == 1 {
                    if let Some(f) = first.filter(|&f| f <= lo + ps) {
                        alone = matches!(rx.plural_says.find(&sentence[f..lo + ps]), Some((0, _)));
                    }
                }
            }
            if pair && ctx.last_actors.len() >= 2 && ctx.last_actors.iter().all(|a| named.contains(a)) {
                // "Ahn, on a visit to Belgium, met Sejourne, and the two signed": those who just met.
                named = ctx.last_actors.clone();
            } else if pair && ctx.last_actors.len() >= 2 && !named.is_empty() {
                // "The four ministers spent ... on the deployment of DPRK forces to Russia, and at the conclusion the
                // two sides released": names inside a clause that opens on no one are no sides.
                let first = mentions.iter()
                    .find(|m| quoted <= m.start && m.end <= start && !(m.start == 0 && m.non_actor))
                    .map_or(0, |m| m.start);
                if !matches!(rx.opening_lead.find(&sentence[..first]), Some((0, _))) {
                    named = ctx.last_actors.clone();
                }
            }
            let words = sentence[lo + ps..lo + pe].to_ascii_lowercase();
            if pair && ["leaders", "men", "presidents", "ministers"].iter().any(|w| {
                words.split(|c: char| !c.is_ascii_alphabetic()).any(|x| x == *w)
            }) {
                // "Beijing hosted Kim Jong Un and Vladimir Putin ..., and the two leaders held talks": the last two
                // people (Python's `_TWO_PEOPLE`).
                let mut people: Vec<String> = Vec::new();
                for m in mentions.iter().rev().filter(|m| m.end <= start && m.person) {
                    if !people.contains(&m.entity) {
                        people.push(m.entity.clone());
                    }
                }
                if people.len() >= 2 {
                    named = vec![people[1].clone(), people[0].clone()];
                }
            }
            let here = named.len() >= 2 || (!pair && alone);
            subject = if here {
                // "Kallas thanked Seoul for its support for Ukraine, and the two discussed": a pair is the first two.
                if pair { named.truncate(2); }
                named
            } else if pair {
                ctx.pair()
            } else {
                ctx.last_actors.clone()
            };
            if !here && !pair && t.mode == Mode::None && subject.len() == 1 && ctx.last_pair.len() >= 2
                && ctx.last_pair.contains(&subject[0]) {
                // "Lee arrived in Brussels on a visit ... They signed": an act of two or more sides, by the pair
                // that includes whoever acted last.
                subject = ctx.last_pair.clone();
            }
            // "the four condemned", "The eight countries also urged": the list of that length named last.
            let counted = self.counted(&sentence[lo + ps..lo + pe], sentence, mentions, start, ctx)?;
            if !counted.is_empty() {
                subject = counted;
            }
        } else if let Some((he, _)) = rx.personal_subject.find(&sentence[lo..start]).filter(|_| possessive.is_none()) {
            let he = lo + he;
            // "he met", "she also signed": the person named last, in this sentence or before it.
            // "He" opening the sentence continues the subject the sentence before opened on.
            let opens = rx.opening_he.find(sentence).is_some_and(|m| m.0 == 0)
                || (he <= HE_REACH && !mentions.iter().any(|m| m.start < he && !m.non_actor));
            let person = named_by(ctx, is_she(&sentence[he..]), mentions, he, opens);
            if let Some(p) = person.as_ref() {
                // "where he and Kim Jong Un signed": the others named with him act with him.
                subject = if sentence[he..start].contains(" and ") {
                    let joined = mentions.iter().filter(|m| he < m.start && m.end <= start && !m.non_actor);
                    std::iter::once(p.clone()).chain(joined.map(|m| m.entity.clone())).collect()
                } else {
                    vec![p.clone()]
                };
            }
        }
        // "Two North Korean diplomats were expelled", "the two men ... had been declared persona non grata": the
        // passive's subject is the target; who says so, the country it was done from or whoever did that act last
        // did it (Python's `agentless`).
        let agentless = by_end.is_none() && !in_lead && t.mode == Mode::Object && inherited.is_none()
            && ((rx.participle.find(&sentence[start..end]).is_some_and(|m| m.0 == 0)
                 && found(&rx.passive_aux, &sentence[start.saturating_sub(20)..start])?)
                || found(&rx.passive_span, &sentence[start..end])?);
        if agentless {
            let last = ctx.by_type.get(&k).map(|(a, _)| a.clone()).unwrap_or_default();
            subject = self.passive_agent(sentence, mentions, start, end, last)?;
        }
        if (envoy_passive || (t.mode == Mode::Envoy && subject.is_empty())) && by_end.is_none() {
            // "Russia's ambassador to Seoul was summoned", "The ministry summoned the Russian ambassador to
            // Korea": the country the envoy is posted to summoned them.
            subject = match self.envoy_host(sentence, mentions, lo, end)? {
                Some(s) => vec![s],
                None => ctx.by_type.get(&k).map(|(a, _)| a.clone()).unwrap_or_default(),
            };
        }
        if let Some(actors) = inherited {
            subject = actors.clone();
        }
        // '"We condemn the deployment," the ministry said': the speaker named after the quote acts, and
        // what the quote aims at is inside it.
        let close = if sentence.starts_with('"') { sentence[1..].find('"').map(|c| c + 1) } else { None };
        // (A quote opened in a sentence before that ends in this one: 'We condemn it," Kallas told reporters'.)
        let close = close.or_else(|| {
            if !sentence[..start].contains('"') && sentence.matches('"').count() % 2 == 1 {
                sentence[end..].find(",\"").map(|c| end + c + 1)
            } else {
                None
            }
        });
        let quoted = close.filter(|&c| c >= end);
        if subject.is_empty() {
            if let Some(c) = quoted {
                // Not past where the speaker's words end: '," a resident told reporters in Seoul'.
                let hi = rx.quote_cut.find(&sentence[c + 1..]).map_or(sentence.len(), |(s, _)| c + 1 + s);
                subject = self.group(sentence, mentions, c + 1, hi)?;
            }
        }

        // Whom it is aimed at.
        let mut targets: Vec<String> = Vec::new();
        match t.mode {
            Mode::Envoy => {
                if passive {
                    let mut named = None;
                    for m in mentions {
                        if lo <= m.start && m.end <= start && m.country && !self.posted_before(sentence, m.start)? {
                            named = Some(m);
                        }
                    }
                    targets.extend(named.map(|m| m.entity.clone()));
                } else {
                    let reach = sentence.len().min(end + 60);
                    let reach = (reach..=sentence.len()).find(|&i| sentence.is_char_boundary(i)).unwrap_or(sentence.len());
                    let by_name = !found(&rx.envoy_word, &sentence[start..reach])?;
                    for m in mentions {
                        // Not past a new clause: "summon envoys as North Korean missiles hit Ukraine".
                        // (Or the envoy by name right after the verb: "summoned Zinoviev on October 21"; with no
                        // envoy's word near, only that.)
                        if m.start >= start && (m.start as isize - end as isize) <= 60
                            && ((m.country && !by_name)
                                || (m.person && m.start >= end && sentence[end..m.start].trim().is_empty()))
                            && !self.posted_before(sentence, m.start)?
                            && !(m.start > end && found(&rx.envoy_cut, &sentence[end..m.start])?) {
                            targets.push(m.entity.clone());
                            break;
                        }
                    }
                }
            }
            Mode::Place => {
                for m in mentions {
                    if !visit_of && m.start >= end && found(&rx.place_after, &sentence[end..m.start])?
                        && !found(&rx.mission_after, &sentence[m.end..])? {
                        targets.push(m.entity.clone());
                        break;
                    }
                }
                if let (true, Some(b)) = (targets.is_empty(), by_end) {
                    // "the visit by Shoigu to Pyongyang": the place follows the visitor.
                    // (The visitor may take more than one name: "by Russian Defence Minister Andrei Belousov to".)
                    let at = end + b;
                    let mut agents: Vec<&Mention> =
                        mentions.iter().filter(|m| m.start >= at && m.start - at <= AGENT_REACH).collect();
                    if agents.is_empty() {
                        agents.extend(mentions.iter().find(|m| m.start >= at));
                    }
                    'place: for m in mentions {
                        for a in &agents {
                            if m.start >= a.end && found(&rx.place_after_agent, &sentence[a.end..m.start])? {
                                targets.push(m.entity.clone());
                                break 'place;
                            }
                        }
                    }
                }
                if targets.is_empty() && by_end.is_some() {
                    // "signed a partnership in Seoul during a visit by Borrell": the place is named before.
                    let mut before = None;
                    for m in mentions {
                        if m.end <= start && (m.capital || m.name)
                            && found(&rx.in_before, &sentence[m.start.saturating_sub(4)..m.start])? {
                            before = Some(m);
                        }
                    }
                    targets.extend(before.map(|m| m.entity.clone()));
                }
            }
            Mode::Object => {
                if agentless {
                    // The passive's subject: its first actor ("Several Chinese firms accused of supplying drone
                    // components to Russia's military"), not where it was ("at the North Korean embassy in
                    // Warsaw") nor who says so.
                    // (Past a relative clause that opens on the verb's subject: "Four Chinese firms that shipped".)
                    let rel = if lo > 0 { rx.relative_opening.find(&sentence[lo.saturating_sub(8)..lo]) } else { None };
                    let tlo = match rel {
                        Some((s, _)) => self.clause_start(sentence, lo.saturating_sub(8) + s, mentions)?,
                        None => lo,
                    };
                    let mut first: Option<&Mention> = None;
                    for m in mentions.iter().filter(|m| tlo <= m.start && m.end <= start && !subject.contains(&m.entity)) {
                        if !found(&rx.in_before, &sentence[m.start.saturating_sub(4)..m.start])? {
                            first = Some(m);
                            break;
                        }
                    }
                    match first {
                        Some(m) if start - m.end <= 100 => targets.push(m.entity.clone()),
                        // ("The two were expelled for espionage": whom that act was aimed at last.)
                        _ => targets.extend(ctx.by_type.get(&k).map(|(_, t)| t.clone()).unwrap_or_default()),
                    }
                } else if by_end.is_some() {
                    // "Three North Korean generals sanctioned by the EU": the passive's subject, named last
                    // before the verb, is the target.
                    if let Some(m) = mentions.iter().rfind(|m| lo <= m.start && m.end <= start && !m.non_actor) {
                        if start - m.end <= 60 {
                            targets.push(m.entity.clone());
                        }
                    }
                } else if found(&rx.pair_object, after)? {
                    // "condemned both Governments for the deployment of North Korean troops to Russia": the two
                    // named after it, else the two named last before this sentence; never the actor itself.
                    let mut named: Vec<String> = Vec::new();
                    for m in mentions.iter().filter(|m| m.start >= end) {
                        if !named.contains(&m.entity) && !subject.contains(&m.entity) {
                            named.push(m.entity.clone());
                        }
                    }
                    if named.len() < 2 {
                        // ("shared the information with South Korea and Japan and urged both countries".)
                        named = last_list(sentence, mentions, start, &subject);
                    }
                    if named.len() < 2 && ctx.last_two.len() == 2
                        && ctx.last_two.iter().all(|e| ctx.recent.contains(e) && !subject.contains(e)) {
                        // (The pair that acted together last, both named lately.)
                        named = ctx.last_two.clone();
                    }
                    if named.len() < 2 {
                        named = ctx.recent.iter().filter(|e| !subject.contains(e)).cloned().collect();
                    }
                    if named.len() >= 2 {
                        targets.extend(named.into_iter().take(2));
                    }
                } else if t.name == "condemn" && rx.it_object.find(after).is_some_and(|m| m.0 == 0) {
                    // '"We condemn it"': the event told before, whose owner `_condemned_events` finds.
                    targets = Vec::new();
                } else if found(&rx.pronoun_object, after)? && !found(&rx.own_group, after)?
                    && !(t.name == "appeal" && found(&rx.for_end, &sentence[start..end])?) {
                    // "demand their withdrawal": whose troops the sentence named, else what the article last aimed at.
                    let mut owner = None;
                    if t.name == "demand_withdrawal" {
                        for m in mentions {
                            if m.end <= start && found(&rx.troops_owner_after, &sentence[m.end..])? {
                                owner = Some(m.entity.clone());
                            }
                        }
                    }
                    // "warned Washington, Seoul and Tokyo against ..., and urged them not to": the list just named.
                    let listed = if rx.them.find(after).is_some_and(|m| m.0 == 0) {
                        last_list(sentence, mentions, start, &subject)
                    } else {
                        Vec::new()
                    };
                    targets = match owner {
                        Some(o) => vec![o],
                        None if !listed.is_empty() => listed,
                        None => ctx.last_targets.clone(),
                    };
                    if targets.is_empty() {
                        // Not "we" in "We condemn it": the subject is not its own object.
                        targets.extend(mentions.iter().rfind(|m| m.end <= start && !subject.contains(&m.entity))
                            .map(|m| m.entity.clone()));
                    }
                } else {
                    // "condemned in the strongest possible terms the deployment of ...": how strongly does not
                    // count towards how far the object may be.
                    let mut reach = 80 + rx.manner.find(after).filter(|&(s, _)| s == 0).map_or(0, |(_, e)| e);
                    if t.name == "appeal" {
                        // An appeal's addressee comes before the request's "to".
                        if let Some((request, _)) = rx.request_to.find(after) {
                            reach = reach.min(request);
                        } else if found(&rx.for_end, &sentence[start..end])? {
                            // "called for sanctions on Russia": what is asked, not whom.
                            reach = 0;
                        }
                    }
                    // The object is not past a new clause's subject ("the treaty, and Kaja Kallas ...").
                    // (One that opens within reach and runs past it counts: "..., and we will" at the 80th byte.)
                    if let Some((clause, _)) = rx.new_clause.find(head(after, reach + 24)) {
                        reach = reach.min(clause);
                    }
                    if let Some(c) = quoted {
                        reach = reach.min(c - end);
                    }
                    targets = self.object(sentence, mentions, end, reach, false)?;
                    if t.name == "demand_withdrawal" && !targets.is_empty() {
                        // "demands troop pull-out from Russia": where the troops leave, not who is asked.
                        if let Some(first) = mentions.iter().find(|m| m.start >= end) {
                            if found(&rx.pulled_from, &sentence[end..first.start])? {
                                targets = Vec::new();
                            }
                        }
                    }
                    if targets.is_empty() && t.name == "condemn" && found(&rx.sanctions_object, after)? {
                        // "Zakharova denounced the package as illegitimate": aimed at those who sanctioned last.
                        if let Some(ks) = self.types.iter().position(|x| x.name == "sanctions") {
                            if let Some((a, _)) = ctx.by_type.get(&ks) {
                                targets = a.clone();
                            }
                        }
                    }
                    if t.name == "condemn" && !targets.is_empty() {
                        // "condemned the deployment of troops to Russia": where they went is not whom it is
                        // aimed at; who sent them is, when "by" names them.
                        if let Some(first) = mentions.iter().find(|m| m.start >= end) {
                            if found(&rx.destination_before, &sentence[end..first.start])? {
                                targets = match mentions.iter().find(|m| m.start >= first.end) {
                                    Some(agent) if rx.by.find(&sentence[first.end..agent.start])
                                        .is_some_and(|(s, e)| s == 0 && e == agent.start - first.end) => {
                                        vec![agent.entity.clone()]
                                    }
                                    _ => Vec::new(),
                                };
                            }
                            // ("condemned the deployment of North Korean troops to Russia" is aimed at those who sent
                            // them: where they went is no target, as in Python.)
                        }
                        // "condemned the deportation of Ukrainian children by Russia": aimed at who did it.
                        let agent = mentions.iter()
                            .filter(|m| m.start > end && m.start <= end + DEED_REACH)
                            .find(|m| rx.deed_by.is_match(&sentence[end..m.start]));
                        if let Some(agent) = agent.filter(|_| !targets.is_empty()) {
                            targets = self.object(sentence, mentions, agent.start, 0, false)?;
                        }
                    }
                }
            }
            Mode::None => {
                let mut others: Vec<String> = Vec::new();
                if t.name == "meeting" {
                    // ("Cho and Lavrov met in Vientiane on Saturday": where, not whom, when both sides are named.)
                    // ("the first in-person talks between the two since they met in Riyadh": those just named.)
                    // ("OSCE ministers meet in Vienna": the body's members among themselves, `gathering`.)
                    let mut gathering = false;
                    for m in mentions.iter().filter(|m| m.end <= start && MEMBERS_GATHER.contains(&m.entity.as_str())) {
                        if rx.members_word.find(head(&sentence[m.end..], 60)).is_some_and(|x| x.0 == 0) {
                            gathering = true;
                            break;
                        }
                    }
                    let first = if found(&rx.meeting_object, &sentence[start..end])?
                        && !(sentence[start..end].ends_with("between") && found(&rx.pair_after, &sentence[end..])?) {
                        mentions.iter().find(|m| m.start >= end && !m.non_actor)
                    } else {
                        None
                    };
                    let object_first = match first {
                        // ("OSCE ministers meet in Vienna": a body's own gathering, `gathering`.)
                        Some(f) => !((uniq(subject.clone()).len() >= 2 || gathering)
                            && found(&rx.at_place, &sentence[end..f.start])?),
                        None => false,
                    };
                    if object_first {
                        // Whom the meeting was about comes after its purpose's verb ("met to consider reports that").
                        let window = &sentence[end..(end + 60).min(sentence.len())];
                        let reach = rx.purpose.find(window).map_or(60, |(p, _)| p);
                        // (Nor past a new clause: "close Sakhir summit with backing for a truce, call on Iran".)
                        let reach = rx.new_clause.find(window).map_or(reach, |(c, _)| reach.min(c));
                        others = self.object(sentence, mentions, end, reach, true)?;
                    } else if let Some((_, partner)) = rx.partner.find(after) {
                        // Not a relative clause: "a meeting in Beijing after the parade with which China marked";
                        // nor a relation's partner ("discussed North Korea's military cooperation with Russia").
                        if !(after[partner..].starts_with("which ") || after[partner..].starts_with("whom "))
                            && !found(&rx.relation_with, &after[..partner])? {
                            others = self.object(sentence, mentions, end + partner, 40, true)?;
                        }
                    }
                    if uniq(subject.iter().chain(others.iter()).cloned().collect()).len() < 2
                        && (sentence[start..end].ends_with("between") || sentence[start..end].ends_with(" of")) {
                        // "Talks were held between the top US diplomat and his counterpart Cho Tae-yul", "the
                        // meeting of EU and South Korean foreign ministers": one side on each side of the "and".
                        let hi = (end + 80).min(sentence.len());
                        let hi = (0..=hi).rev().find(|&i| sentence.is_char_boundary(i)).unwrap_or(end);
                        if let Some(c) = sentence[end..hi].find(" and ").map(|c| c + end) {
                            let one = mentions.iter().find(|m| end <= m.start && m.start < c && !m.non_actor);
                            let mut two = None;
                            for m in mentions {
                                if c < m.start && m.start <= c + 60 && !m.non_actor
                                    && !found(&rx.at_place, &sentence[m.start.saturating_sub(10)..m.start])? {
                                    two = Some(m);
                                    break;
                                }
                            }
                            if let (Some(a), Some(b)) = (one, two) {
                                others = vec![a.entity.clone(), b.entity.clone()];
                            }
                        }
                    }
                    if sentence[start..end].ends_with("between") && uniq(others.clone()).len() >= 2 {
                        // "India welcomed the talks between the United States and Russia": the sides are those named
                        // after "between", not the clause's subject.
                        subject = Vec::new();
                    }
                    if by_end.is_some() {
                        // "Choe Son Hui was received by Putin in Moscow": the guest, named last before the verb,
                        // is the other side.
                        // (Not where the guest went: "made his second visit to Pyongyang ... and was received by".)
                        let mut guest: Option<&Mention> = None;
                        for m in mentions.iter().rev().filter(|m| lo <= m.start && m.end <= start && !m.non_actor) {
                            if !found(&rx.at_place, &sentence[m.start.saturating_sub(10)..m.start])? {
                                guest = Some(m);
                                break;
                            }
                        }
                        if let Some(m) = guest {
                            if start - m.end <= 100 {
                                others.push(m.entity.clone());
                            }
                        }
                    }
                    // "held talks in Moscow": the host is the other side, when a side is missing ("NATO and
                    // South Korea held talks in Brussels" do not meet the EU).
                    // Nor a third country's venue: "the two leaders last met in Beijing".
                    let sides = uniq(subject.iter().chain(others.iter()).cloned().collect()).len();
                    // Nor the venue of a body's own gathering: "OSCE ministers meet in Vienna".
                    let third = found(&rx.third_venue, sentence)? || gathering;
                    for m in mentions.iter().filter(|_| !third) {
                        if sides < 2 && m.start >= end && m.capital && found(&rx.host_place, &sentence[end..m.start])? {
                            others.push(m.entity.clone());
                            break;
                        }
                    }
                    // "after the first EU-South Korea strategic dialogue": the two sides are named in it.
                    let inner: Vec<&Mention> =
                        mentions.iter().filter(|m| start <= m.start && m.end <= end && !m.non_actor).collect();
                    // (Or three: "held a Japan-U.S.-ROK Foreign Ministers' Meeting with ...".)
                    if let Some(i) = inner.windows(2)
                        .position(|w| &sentence[w[0].end..w[1].start] == "-" && w[0].entity != w[1].entity) {
                        let mut chain: Vec<&Mention> = vec![inner[i]];
                        for m in &inner[i + 1..] {
                            if &sentence[chain[chain.len() - 1].end..m.start] != "-" {
                                break;
                            }
                            chain.push(m);
                        }
                        subject = Vec::new();
                        for m in chain {
                            if !subject.contains(&m.entity) {
                                subject.push(m.entity.clone());
                            }
                        }
                        others = Vec::new();
                    } else {
                        // "as leaders met in Brussels for the first EU-Republic of Korea summit": the sides of the
                        // gathering named after the verb (`_sides_after`).
                        let dashed = sentence[end..].contains(['-', '\u{2013}']);
                        let near: Vec<&Mention> = mentions.iter()
                            .filter(|m| dashed && end <= m.start && m.start <= end + 80 && !m.non_actor).collect();
                        for w in near.windows(2) {
                            let dash = &sentence[w[0].end..w[1].start];
                            if (dash == "-" || dash == "\u{2013}") && w[0].entity != w[1].entity
                                && found(&rx.sides_gap, &sentence[end..w[0].start])?
                                && rx.gathering_after_sides.find(&sentence[w[1].end..]).is_some_and(|x| x.0 == 0) {
                                subject = vec![w[0].entity.clone(), w[1].entity.clone()];
                                others = Vec::new();
                                break;
                            }
                        }
                    }
                } else if t.name == "sign_agreement" {
                    if let Some((_, partner)) = rx.partner.find(after) {
                        others = self.object(sentence, mentions, end + partner, 5, true)?;
                    }
                    let trigger = &sentence[start..end];
                    if by_end.is_none() && rx.agreement_first.find(trigger).is_some_and(|m| m.0 == 0) {
                        // "the treaty Pyongyang and Moscow signed in June", "the North Korea-Russia treaty, signed
                        // in June": the parties are named with the agreement, not by the sentence's subject; else
                        // they are those who signed before.
                        // ("the treaty, which Mr Putin and Kim Jong Un signed": the signatories open the relative clause.)
                        let from = trigger.find(", which ").filter(|&w| !trigger[..w].contains(' '))
                            .map_or(start, |w| start + w + 8);
                        let mut inside = self.group(sentence, mentions, from, end)?;
                        if inside.is_empty() && found(&rx.pair_words, trigger)? {
                            // "the two sides": the pair named with "between" before, else those who just acted
                            // together.
                            inside = self.pair_between(sentence, mentions, start)?;
                            if inside.is_empty() {
                                inside = joined_before(sentence, mentions, start);
                            }
                            if inside.is_empty() && ctx.last_actors.len() >= 2 {
                                inside = ctx.last_actors.clone();
                            } else if inside.is_empty() {
                                inside = ctx.last_pair.clone(); // (the last two who acted together)
                            }
                        }
                        if inside.is_empty() && found(&rx.he_signed, trigger)? {
                            // "the treaty he signed with Putin": the person named last (`_HE_SIGNED`).
                            let person = mentions.iter().rev().find(|m| m.end <= start && m.person)
                                .map(|m| m.entity.clone()).or_else(|| ctx.last_person.clone());
                            inside = person.into_iter().collect();
                        }
                        if inside.is_empty() {
                            // "was signed in Seoul in November 2024 by then EU foreign policy chief Josep Borrell and"
                            if let Some((0, later)) = rx.by_later.find(&sentence[end..]) {
                                let from = end + later;
                                if mentions.iter().find(|m| from <= m.start && !m.non_actor)
                                    .is_some_and(|m| m.start - from <= 40) {
                                    inside = self.group(sentence, mentions, from, sentence.len())?;
                                }
                            }
                        }
                        if inside.is_empty() {
                            inside = self.named_with(sentence, mentions, start)?;
                        }
                        if inside.is_empty() {
                            inside = self.during_visit(sentence, mentions, end);
                        }
                        if inside.is_empty() {
                            // "Cooperation between Moscow and Pyongyang, including the treaty signed in June".
                            inside = self.pair_between(sentence, mentions, start)?;
                        }
                        if inside.is_empty() {
                            // Those who signed before, unless the sentence names another actor.
                            let before = ctx.by_type.get(&k).map(|(a, _)| a.clone()).unwrap_or_default();
                            if mentions.iter().all(|m| m.non_actor || before.contains(&m.entity)) {
                                inside = before;
                            }
                        }
                        // A signing named as a noun with no parties of its own is the two subjects'.
                        if !inside.is_empty() || !(rx.signing_noun.find(trigger).is_some_and(|m| m.0 == 0)
                            && uniq(subject.clone()).len() >= 2) {
                            subject = inside;
                        }
                    } else if subject.is_empty() {
                        // No subject: the names inside the match are the signatories, if any.
                        subject = self.group(sentence, mentions, start, end)?;
                    }
                } else if t.name == "joint_statement" {
                    // "slammed a joint statement issued by the European Union and South Korea": its parties.
                    if let Some((0, by)) = rx.statement_by.find(after) {
                        let issuers = self.object(sentence, mentions, end + by, 5, true)?;
                        if !issuers.is_empty() {
                            subject = issuers;
                        }
                    } else if let Some((0, partner)) = rx.statement_with.find(after) {
                        // "issued a joint statement with the United States and Japan": its other parties.
                        others = self.object(sentence, mentions, end + partner, 5, true)?;
                    }
                }
                subject.extend(others);
                subject = uniq(subject);
            }
        }
        Ok((uniq(subject), uniq(targets)))
    }
}
