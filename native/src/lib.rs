//! Native kernels of the analysis core.
//!
//! Each function here has a Python reference implementation in `monitor.analysis` and must give
//! exactly its results (the tests compare both on the same texts): the Python code stays the
//! specification, and the package works without this module. The hot loops that are pure token
//! work live here, and (`actions`) the logic that reads an action's actors and targets; lexicons,
//! vocabularies and patterns stay in Python, which hands them over.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

mod actions;
mod topics;

use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PySet, PyString};
use xxhash_rust::xxh32::xxh32;
use xxhash_rust::xxh64::xxh64;

const NUM_PERM: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = NUM_PERM / BANDS;

// --------------------------------------------------------------------------- fingerprints

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// Spans of the tokens of lower-cased text, as `re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*")`
/// finds them (`monitor.analysis.text.word_tokens`). Bytes of UTF-8 above 0x7f never match.
fn word_spans(low: &[u8]) -> Vec<(usize, usize)> {
    let n = low.len();
    let mut out = Vec::with_capacity(n / 6);
    let mut i = 0;
    while i < n {
        if !is_word_byte(low[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && is_word_byte(low[i]) {
            i += 1;
        }
        while i + 1 < n && (low[i] == b'\'' || low[i] == b'-') && is_word_byte(low[i + 1]) {
            i += 1;
            while i < n && is_word_byte(low[i]) {
                i += 1;
            }
        }
        out.push((start, i));
    }
    out
}

/// MinHash fingerprints with the hash functions of `monitor.analysis.dedup`.
#[pyclass(frozen, module = "monitor_native")]
struct MinHasher {
    a: [u64; NUM_PERM],
    b: [u64; NUM_PERM],
}

#[pymethods]
impl MinHasher {
    #[new]
    fn new(a: Vec<u64>, b: Vec<u64>) -> PyResult<Self> {
        let a: [u64; NUM_PERM] = a
            .try_into()
            .map_err(|_| PyValueError::new_err(format!("MinHasher needs {NUM_PERM} multipliers")))?;
        let b: [u64; NUM_PERM] = b
            .try_into()
            .map_err(|_| PyValueError::new_err(format!("MinHasher needs {NUM_PERM} offsets")))?;
        Ok(MinHasher { a, b })
    }

    /// `(body_key, band_keys, packed_signature)` of a lower-cased body: the same values as
    /// `body_key`, `band_keys` and `minhash(...).tobytes()` of its `word_tokens`.
    fn fingerprint<'py>(&self, py: Python<'py>, lowered: &str) -> (u64, Vec<u64>, Bound<'py, PyBytes>) {
        let bytes = lowered.as_bytes();
        let spans = word_spans(bytes);
        let mut joined = Vec::with_capacity(bytes.len());
        let mut hashes = Vec::with_capacity(spans.len());
        for (k, &(s, e)) in spans.iter().enumerate() {
            if k > 0 {
                joined.push(b' ');
            }
            joined.extend_from_slice(&bytes[s..e]);
            hashes.push(u64::from(xxh32(&bytes[s..e], 0)));
        }
        let body_key = xxh64(&joined, 0);
        let shingles: Vec<u64> = if hashes.len() < 3 {
            if hashes.is_empty() {
                vec![0]
            } else {
                hashes
            }
        } else {
            hashes
                .windows(3)
                .map(|w| {
                    w[0].wrapping_mul(0x9E37_79B1)
                        .wrapping_add(w[1].wrapping_mul(0x85EB_CA77))
                        .wrapping_add(w[2])
                        & 0xFFFF_FFFF
                })
                .collect()
        };
        let mut mins = [u64::MAX; NUM_PERM];
        for &h in &shingles {
            for k in 0..NUM_PERM {
                let v = self.a[k].wrapping_mul(h).wrapping_add(self.b[k]) >> 32;
                mins[k] = mins[k].min(v);
            }
        }
        let mut sig = [0u8; NUM_PERM * 4];
        for (k, m) in mins.iter().enumerate() {
            // numpy's tobytes(): the machine's byte order.
            sig[k * 4..k * 4 + 4].copy_from_slice(&(*m as u32).to_ne_bytes());
        }
        let bands = (0..BANDS)
            .map(|b| xxh64(&sig[b * ROWS * 4..(b + 1) * ROWS * 4], b as u64))
            .collect();
        (body_key, bands, PyBytes::new(py, &sig))
    }
}

// --------------------------------------------------------------------------- story terms

/// FNV-1a: short keys (words), no need for a DoS-resistant hash; several times faster than SipHash.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastSet = HashSet<String, BuildHasherDefault<Fnv>>;
type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// `str.isspace()`: Unicode White_Space plus the four ASCII separators Python also counts.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn is_tok_char(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '\'' || c == '-'
}

/// Spans of `[A-Za-z][A-Za-z'-]*` (`capital`: `(?<![A-Za-z'-])[A-Z][A-Za-z'-]*`).
fn letter_tokens(s: &[char], capital: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let starts = if capital {
            c.is_ascii_uppercase() && (i == 0 || !is_tok_char(s[i - 1]))
        } else {
            c.is_ascii_alphabetic()
        };
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < s.len() && is_tok_char(s[i]) {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// `_title_case`: no `(?<![A-Za-z'-])[a-z][a-z'-]{3,}` and at least three tokens longer than 3.
fn title_case(s: &[char]) -> bool {
    let low = |c: char| c.is_ascii_lowercase() || c == '\'' || c == '-';
    for i in 0..s.len() {
        if s[i].is_ascii_lowercase()
            && (i == 0 || !is_tok_char(s[i - 1]))
            && s.len() >= i + 4
            && s[i + 1..i + 4].iter().all(|&c| low(c))
        {
            return false;
        }
    }
    letter_tokens(s, false).iter().filter(|(a, b)| b - a > 3).count() >= 3
}

/// `monitor.analysis.stories._stem` for an ASCII lower-case word.
fn stem(word: &str) -> Cow<'_, str> {
    let w = word.strip_suffix("'s").unwrap_or(word);
    let w = w.trim_matches(|c| c == '\'' || c == '-');
    let n = w.len();
    if n > 5 && w.ends_with("ing") {
        Cow::Borrowed(&w[..n - 3])
    } else if n > 4 && (w.ends_with("ied") || w.ends_with("ies")) {
        Cow::Owned(format!("{}y", &w[..n - 3]))
    } else if n > 4 && w.ends_with("ed") {
        Cow::Borrowed(&w[..n - 2])
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") {
        Cow::Borrowed(&w[..n - 1])
    } else {
        Cow::Borrowed(w)
    }
}

/// An insertion-ordered map, as Python's dict.
struct Ordered<V> {
    keys: Vec<String>,
    values: Vec<V>,
    index: FastMap<usize>,
}

impl<V: Copy> Ordered<V> {
    fn new() -> Self {
        Ordered { keys: Vec::new(), values: Vec::new(), index: FastMap::default() }
    }
    fn get(&self, key: &str) -> Option<V> {
        self.index.get(key).map(|&i| self.values[i])
    }
    fn set(&mut self, key: &str, value: V) {
        match self.index.get(key) {
            Some(&i) => self.values[i] = value,
            None => {
                self.index.insert(key.to_string(), self.keys.len());
                self.keys.push(key.to_string());
                self.values.push(value);
            }
        }
    }
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// The salient terms of an article: `monitor.analysis.stories.StoryGrouper.terms`.
#[pyclass(frozen, module = "monitor_native")]
struct TermReader {
    stop: FastSet,
    actor_roles: FastSet,
    lead_sentences: usize,
    max_terms: usize,
    /// A name in the lead, a name in the body only, a lead word, an actor.
    weights: (f64, f64, f64, f64),
}

fn record_name(run: &[String], opens: bool, names: &mut Ordered<bool>, openers: &mut Ordered<bool>, lead: bool) {
    if run.is_empty() {
        return;
    }
    let joined = run.join(" ").replace('-', " ");
    let words: Vec<&str> = joined.split_whitespace().collect();
    let Some(last) = words.last() else { return };
    let mut keys = Vec::with_capacity(2);
    if words.len() > 1 {
        keys.push(words.join(" "));
    }
    keys.push((*last).to_string());
    let found = if run.len() == 1 && opens { openers } else { names };
    for key in keys {
        let was = found.get(&key).unwrap_or(false);
        found.set(&key, was || lead);
    }
}

#[pymethods]
impl TermReader {
    #[new]
    fn new(stop: HashSet<String>, actor_roles: HashSet<String>, lead_sentences: usize, max_terms: usize,
           weights: (f64, f64, f64, f64)) -> Self {
        TermReader {
            stop: stop.into_iter().collect(),
            actor_roles: actor_roles.into_iter().collect(),
            lead_sentences,
            max_terms,
            weights,
        }
    }

    /// Terms of `units` (the title, when there is one, then the sentences; `titled` says which),
    /// with `find(unit)` giving each unit's entity mentions (objects with `entity`, `start`, `end`
    /// and `role`, offsets in characters).
    fn terms<'py>(
        &self,
        py: Python<'py>,
        units: Vec<Bound<'py, PyString>>,
        titled: bool,
        find: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let mut names: Ordered<bool> = Ordered::new();
        let mut openers: Ordered<bool> = Ordered::new();
        let mut lead: Ordered<bool> = Ordered::new();
        let mut actors: Ordered<bool> = Ordered::new();
        let lead_units = self.lead_sentences + usize::from(titled);
        let stop = &self.stop;
        let mut lower = String::new();
        let mut actor_key = String::new();
        let mut covered: Vec<(usize, usize)> = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            chars.clear();
            chars.extend(unit.to_str()?.chars());
            covered.clear();
            for mention in find.call1((unit,))?.try_iter()? {
                let mention = mention?;
                let role = mention.getattr(intern!(py, "role"))?;
                if self.actor_roles.contains(role.downcast::<PyString>()?.to_str()?) {
                    covered.push((
                        mention.getattr(intern!(py, "start"))?.extract()?,
                        mention.getattr(intern!(py, "end"))?.extract()?,
                    ));
                }
                let entity = mention.getattr(intern!(py, "entity"))?;
                actor_key.clear();
                actor_key.push('@');
                actor_key.push_str(entity.downcast::<PyString>()?.to_str()?);
                actors.set(&actor_key, true);
            }
            let inside = |pos: usize| covered.iter().any(|&(a, b)| a <= pos && pos < b);
            let in_lead = i < lead_units;
            if in_lead {
                for (start, end) in letter_tokens(&chars, false) {
                    if inside(start) {
                        continue;
                    }
                    lower.clear();
                    lower.extend(chars[start..end].iter().map(|c| c.to_ascii_lowercase()));
                    let key = stem(&lower);
                    if key.len() > 3 && !stop.contains(lower.as_str()) && !stop.contains(key.as_ref()) {
                        lead.set(&key, true);
                    }
                }
            }
            if title_case(&chars) {
                continue;
            }
            // Names: runs of capitalised words joined by a space or a hyphen.
            let mut run: Vec<String> = Vec::new();
            let mut run_opens = false;
            let mut last_end: Option<usize> = None;
            for (start, end) in letter_tokens(&chars, true) {
                lower.clear();
                lower.extend(chars[start..end].iter().map(|c| c.to_ascii_lowercase()));
                let key = stem(&lower);
                if inside(start) || key.len() <= 2 || stop.contains(lower.as_str()) || stop.contains(key.as_ref()) {
                    record_name(&run, run_opens, &mut names, &mut openers, in_lead);
                    run.clear();
                    continue;
                }
                let joins = matches!(last_end, Some(e) if start == e + 1 && (chars[e] == ' ' || chars[e] == '-'));
                if !run.is_empty() && joins {
                    run.push(key.into_owned());
                } else {
                    record_name(&run, run_opens, &mut names, &mut openers, in_lead);
                    run.clear();
                    run.push(key.into_owned());
                    run_opens = chars[..start].iter().all(|&c| py_isspace(c)) || {
                        let before = &chars[start.saturating_sub(2)..start];
                        // strip() then endswith(): the window's last non-space character.
                        before.iter().rev().find(|&&c| !py_isspace(c))
                            .is_some_and(|c| matches!(c, ':' | '"' | '(' | '\''))
                    };
                }
                last_end = Some(end);
            }
            record_name(&run, run_opens, &mut names, &mut openers, in_lead);
        }
        let out: Ordered<f64> = {
            let mut out = Ordered::new();
            for (key, &in_lead) in names.keys.iter().zip(&names.values) {
                let weight = if in_lead || openers.get(key).unwrap_or(false) {
                    self.weights.0
                } else {
                    self.weights.1
                };
                out.set(key, weight);
            }
            for key in &lead.keys {
                if out.get(key).is_none() {
                    out.set(key, self.weights.2);
                }
                if out.len() >= self.max_terms {
                    break;
                }
            }
            out.keys.truncate(self.max_terms);
            out.values.truncate(self.max_terms);
            out
        };
        let dict = PyDict::new(py);
        for (key, value) in out.keys.iter().zip(&out.values) {
            dict.set_item(key, value)?;
        }
        for key in &actors.keys {
            dict.set_item(key, self.weights.3)?;
        }
        Ok(dict)
    }
}

// --------------------------------------------------------------------------- entity mentions

/// One surface form of the lexicon: its bytes, and whether letters after the first must match case.
struct Form {
    bytes: Vec<u8>,
    case_sensitive: bool,
    index: usize, // its place in the list given
}

/// Where lexicon forms occur in ASCII text, as `EntityLexicon`'s regular expression finds them:
/// `(?<![\w.])` form `(?!\w)`, forms tried longest first (the order given), a space in a form
/// matching a run of whitespace, the first letter always matching case, and matches not
/// overlapping, left to right.
#[pyclass(frozen, module = "monitor_native")]
struct FormMatcher {
    by_first: Vec<Vec<Form>>, // by first byte, in priority order
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Python's `\s` on ASCII: space, \t \n \v \f \r and the separators \x1c-\x1f.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f)
}

impl Form {
    /// The end of this form's match at `at`, if it matches there.
    fn match_at(&self, text: &[u8], at: usize) -> Option<usize> {
        let form = &self.bytes;
        let (mut i, mut j) = (0, at);
        while i < form.len() {
            if form[i] == b' ' {
                // k spaces in the form: at least k whitespace characters (greedy; the next form
                // character is not a space, so giving some back never helps).
                let mut k = 0;
                while i < form.len() && form[i] == b' ' {
                    k += 1;
                    i += 1;
                }
                let mut n = 0;
                while j < text.len() && is_space(text[j]) {
                    n += 1;
                    j += 1;
                }
                if n < k {
                    return None;
                }
                continue;
            }
            let t = *text.get(j)?;
            let same = if self.case_sensitive || i == 0 { t == form[i] } else { t.eq_ignore_ascii_case(&form[i]) };
            if !same {
                return None;
            }
            i += 1;
            j += 1;
        }
        Some(j)
    }
}

#[pymethods]
impl FormMatcher {
    /// `forms`: (form, case_sensitive) in the order the regular expression tries them. Forms must
    /// not start or end with a space (the lexicon strips them).
    #[new]
    fn new(forms: Vec<(String, bool)>) -> PyResult<Self> {
        let mut by_first: Vec<Vec<Form>> = (0..256).map(|_| Vec::new()).collect();
        for (index, (form, case_sensitive)) in forms.into_iter().enumerate() {
            if form.is_empty() || form.starts_with(' ') || form.ends_with(' ') {
                return Err(PyValueError::new_err(format!("form {form:?}: empty or space at an end")));
            }
            let bytes = form.into_bytes();
            by_first[bytes[0] as usize].push(Form { bytes, case_sensitive, index });
        }
        Ok(FormMatcher { by_first })
    }

    /// `(start, end, form)` of every mention in `text`, which must be ASCII (offsets are then
    /// characters; `form` is the matching form's place in the list given).
    fn spans(&self, text: &str) -> PyResult<Vec<(usize, usize, usize)>> {
        if !text.is_ascii() {
            return Err(PyValueError::new_err("FormMatcher.spans needs ASCII text"));
        }
        let t = text.as_bytes();
        let mut out = Vec::new();
        let mut p = 0;
        while p < t.len() {
            let forms = &self.by_first[t[p] as usize];
            if !forms.is_empty() && (p == 0 || !(is_word(t[p - 1]) || t[p - 1] == b'.')) {
                let hit = forms
                    .iter()
                    .filter_map(|f| f.match_at(t, p).map(|e| (e, f.index)))
                    .find(|&(e, _)| e == t.len() || !is_word(t[e]));
                if let Some((e, index)) = hit {
                    out.push((p, e, index));
                    p = e;
                    continue;
                }
            }
            p += 1;
        }
        Ok(out)
    }
}

// --------------------------------------------------------------------------- sentences

/// Splits ASCII lines into sentences as `monitor.analysis.text._split_line` does.
#[pyclass(frozen, module = "monitor_native")]
struct SentenceSplitter {
    abbreviations: HashSet<String>,
}

fn is_initials(token: &[u8]) -> bool {
    // (?:[a-z]\.)+[a-z]?  as a full match
    let mut i = 0;
    let mut pairs = 0;
    while i + 1 < token.len() && token[i].is_ascii_lowercase() && token[i + 1] == b'.' {
        i += 2;
        pairs += 1;
    }
    if pairs == 0 {
        return false;
    }
    i == token.len() || (i + 1 == token.len() && token[i].is_ascii_lowercase())
}

fn strip_py(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&c| !is_space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| !is_space(c)).map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

#[pymethods]
impl SentenceSplitter {
    #[new]
    fn new(abbreviations: HashSet<String>) -> Self {
        SentenceSplitter { abbreviations }
    }

    /// The sentences of one ASCII line.
    fn split_line(&self, line: &str) -> PyResult<Vec<String>> {
        if !line.is_ascii() {
            return Err(PyValueError::new_err("SentenceSplitter.split_line needs an ASCII line"));
        }
        let b = line.as_bytes();
        let n = b.len();
        let mut out = Vec::new();
        let mut start = 0;
        let mut p = 0;
        while p < n {
            // ([.!?])([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9])
            let c = b[p];
            if !matches!(c, b'.' | b'!' | b'?') {
                p += 1;
                continue;
            }
            let mut q = p + 1;
            while q < n && matches!(b[q], b'"' | b'\'' | b')' | b']') {
                q += 1;
            }
            let closers_end = q;
            while q < n && is_space(b[q]) {
                q += 1;
            }
            let mut r = q;
            if r < n && matches!(b[r], b'"' | b'\'' | b'(' | b'[') {
                r += 1;
            }
            let boundary = q > closers_end && r < n && (b[r].is_ascii_uppercase() || b[r].is_ascii_digit());
            if !boundary {
                p += 1;
                continue;
            }
            if c == b'.' {
                let from = b[start..p].iter().rposition(|&x| x == b' ').map_or(start, |i| start + i + 1);
                let lowered = b[from..p].to_ascii_lowercase();
                let skip = lowered.iter().position(|&x| !matches!(x, b'"' | b'\'' | b'(')).unwrap_or(lowered.len());
                let token = &lowered[skip..];
                // "then-U.S. President": the word after the hyphen.
                let token = &token[token.iter().rposition(|&x| x == b'-').map_or(0, |i| i + 1)..];
                let abbreviation = std::str::from_utf8(token).is_ok_and(|t| self.abbreviations.contains(t));
                if abbreviation
                    || (token.len() == 1 && token[0].is_ascii_alphabetic())
                    || (token.contains(&b'.') && is_initials(token))
                {
                    p = q; // the regex goes on after this match
                    continue;
                }
            }
            let sentence = strip_py(&b[start..closers_end]);
            if !sentence.is_empty() {
                out.push(String::from_utf8_lossy(sentence).into_owned());
            }
            start = q;
            p = q;
        }
        let tail = strip_py(&b[start..]);
        if !tail.is_empty() {
            out.push(String::from_utf8_lossy(tail).into_owned());
        }
        Ok(out)
    }
}

// --------------------------------------------------------------------------- time expressions

/// Where a pattern may start in a lower-cased ASCII sentence: at a word start (after no `[a-z0-9_]`)
/// whose word (the run of `[a-z0-9_]` there) starts with a digit, is one of `words` or starts with
/// one of `prefixes`; or anywhere one of `anywhere` begins followed by whitespace. The Python
/// modules that use it (time expressions, numbers) list these so that every match of their
/// pattern starts at one of these places; the pattern is then tried there only.
#[pyclass(frozen, module = "monitor_native")]
struct StartFinder {
    words: FastSet,
    prefixes: Vec<Vec<u8>>,
    anywhere: Vec<Vec<u8>>,
}

#[pymethods]
impl StartFinder {
    #[new]
    #[pyo3(signature = (words, anywhere, prefixes = Vec::new()))]
    fn new(words: Vec<String>, anywhere: Vec<String>, prefixes: Vec<String>) -> Self {
        StartFinder {
            words: words.into_iter().collect(),
            prefixes: prefixes.into_iter().map(String::into_bytes).collect(),
            anywhere: anywhere.into_iter().map(String::into_bytes).collect(),
        }
    }

    /// The candidate positions, in increasing order.
    fn starts(&self, low: &str) -> Vec<usize> {
        let b = low.as_bytes();
        let mut out = Vec::new();
        for p in 0..b.len() {
            let mut hit = false;
            if is_word(b[p]) && (p == 0 || !is_word(b[p - 1])) {
                let mut word_end = p;
                while word_end < b.len() && is_word(b[word_end]) {
                    word_end += 1;
                }
                hit = b[p].is_ascii_digit()
                    || self.words.contains(&low[p..word_end])
                    || self.prefixes.iter().any(|w| b[p..word_end].starts_with(w));
            }
            if !hit && !self.anywhere.is_empty() {
                let rest = &b[p..];
                hit = self.anywhere.iter().any(|w| {
                    rest.starts_with(w) && rest.get(w.len()).is_some_and(|&c| is_space(c))
                });
            }
            if hit {
                out.push(p);
            }
        }
        out
    }
}

/// `StoryGrouper.similarity`: the cosine of an article's and a story's term vectors weighted by
/// rarity, with the same floating-point operations in the same order (so the same value).
/// `cache` memoises rarities (term -> float) and is filled as the Python code fills it.
#[pyfunction]
fn story_similarity(
    terms: &Bound<'_, PyDict>,
    story_terms: &Bound<'_, PyDict>,
    df: &Bound<'_, PyDict>,
    docs: f64,
    cache: &Bound<'_, PyDict>,
) -> PyResult<f64> {
    let idf = |t: &Bound<'_, PyAny>| -> PyResult<f64> {
        if let Some(i) = cache.get_item(t)? {
            return i.extract();
        }
        let seen: f64 = match df.get_item(t)? {
            Some(n) => n.extract()?,
            None => 0.0,
        };
        let i = (docs / (seen + 1.0)).ln() + 1.0;
        cache.set_item(t, i)?;
        Ok(i)
    };
    let (mut dot, mut art, mut sto) = (0.0f64, 0.0f64, 0.0f64);
    for (t, kind) in terms.iter() {
        let i = idf(&t)?;
        let w = kind.extract::<f64>()? * i;
        art += w * w;
        if let Some(units) = story_terms.get_item(&t)? {
            let units: f64 = units.extract()?;
            if units != 0.0 {
                dot += w * units * i;
            }
        }
    }
    if dot == 0.0 {
        return Ok(0.0);
    }
    for (t, units) in story_terms.iter() {
        let i = idf(&t)?;
        let w = units.extract::<f64>()? * i;
        sto += w * w;
    }
    Ok(dot / (art * sto).sqrt())
}

/// `dedup.similarity`'s numerator: how many 4-byte values two packed MinHash signatures share,
/// position by position (the caller checks that their lengths are equal).
#[pyfunction]
fn signature_matches(a: &[u8], b: &[u8]) -> usize {
    a.chunks_exact(4).zip(b.chunks_exact(4)).filter(|(x, y)| x == y).count()
}

// --------------------------------------------------------------------------- whitespace

/// Every line of `text` (split at "\n") with its runs of whitespace made one space and its ends
/// stripped, empty lines dropped: `"\n".join(l for l in (" ".join(line.split()) for line in
/// text.split("\n")) if l)`, whitespace being what `str.split()` splits at.
#[pyfunction]
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let mut line_start = true; // nothing of this line written yet
        let mut pending_space = false;
        for c in line.chars() {
            if py_isspace(c) {
                pending_space = !line_start;
                continue;
            }
            if line_start {
                if !out.is_empty() {
                    out.push('\n');
                }
                line_start = false;
            } else if pending_space {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

// --------------------------------------------------------------------------- markers

/// Whether a text holds any of a set of substrings (an Aho-Corasick automaton over UTF-8 bytes:
/// a byte match of a whole pattern is a character match).
#[pyclass(frozen, module = "monitor_native")]
struct MarkerScan {
    automaton: aho_corasick::AhoCorasick,
}

#[pymethods]
impl MarkerScan {
    #[new]
    fn new(markers: Vec<String>) -> PyResult<Self> {
        let automaton = aho_corasick::AhoCorasick::new(&markers)
            .map_err(|e| PyValueError::new_err(format!("markers: {e}")))?;
        Ok(MarkerScan { automaton })
    }

    /// Whether `text` holds one of the markers.
    fn any(&self, text: &str) -> bool {
        self.automaton.is_match(text)
    }
}

/// A pattern without look-arounds, tested for a match anywhere (Python's `search(...) is not None`):
/// the `regex` crate's automata, where Python's backtracking tries every alternative at every position.
/// Callers hand it ASCII text only: there `\w`, `\s`, `\b` and case folding mean what they mean in Python.
#[pyclass(frozen, module = "monitor_native")]
struct Pattern {
    regex: regex::Regex,
}

#[pymethods]
impl Pattern {
    #[new]
    fn new(pattern: &str) -> PyResult<Self> {
        let regex = regex::Regex::new(pattern).map_err(|e| PyValueError::new_err(format!("pattern: {e}")))?;
        Ok(Pattern { regex })
    }

    fn search(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

/// The distinct `\w+` words of lower-cased ASCII text, as a frozenset (`topics._words`).
#[pyfunction]
fn word_set<'py>(py: Python<'py>, low: &str) -> PyResult<Bound<'py, pyo3::types::PyFrozenSet>> {
    if !low.is_ascii() {
        return Err(PyValueError::new_err("word_set needs ASCII text"));
    }
    let b = low.as_bytes();
    let mut seen: HashSet<&str, BuildHasherDefault<Fnv>> = HashSet::default();
    let mut words: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        let word = &low[start..i];
        if seen.insert(word) {
            words.push(word);
        }
    }
    pyo3::types::PyFrozenSet::new(py, &words)
}

// --------------------------------------------------------------------------- keyword scan

/// `monitor.analysis.keywords.KeywordScan.scan` for ASCII sentences: every occurrence of every
/// keyword stem in the lower-cased article (overlapping ones included) that opens a word, confirmed
/// by the keyword's full pattern there, marks its group in that sentence.
#[pyclass(frozen, module = "monitor_native")]
struct KeywordScanner {
    automaton: aho_corasick::AhoCorasick,
    checks: Vec<Vec<(regex::Regex, usize)>>, // per stem: anchored pattern, group
    groups: Vec<Py<PyString>>,
}

#[pymethods]
impl KeywordScanner {
    /// `stems[k]` is checked by `checks[k]`: (pattern, group index) pairs, the patterns for
    /// lower-cased text (a word boundary is added after each, as the Python scan does).
    #[new]
    fn new(stems: Vec<String>, checks: Vec<Vec<(String, usize)>>, groups: Vec<Py<PyString>>) -> PyResult<Self> {
        if stems.len() != checks.len() {
            return Err(PyValueError::new_err("one list of checks per stem"));
        }
        let automaton = aho_corasick::AhoCorasick::new(&stems)
            .map_err(|e| PyValueError::new_err(format!("stems: {e}")))?;
        let mut compiled = Vec::with_capacity(checks.len());
        for list in checks {
            let mut out = Vec::with_capacity(list.len());
            for (pattern, group) in list {
                if group >= groups.len() {
                    return Err(PyValueError::new_err(format!("group {group} out of range")));
                }
                let rx = regex::Regex::new(&format!("^(?:{pattern})\\b"))
                    .map_err(|e| PyValueError::new_err(format!("keyword {pattern:?}: {e}")))?;
                out.push((rx, group));
            }
            compiled.push(out);
        }
        Ok(KeywordScanner { automaton, checks: compiled, groups })
    }

    /// For each sentence, the set of groups whose keywords it holds; None when a sentence is not
    /// ASCII (the caller scans with Python then).
    fn scan<'py>(&self, py: Python<'py>, sentences: Vec<Bound<'py, PyString>>) -> PyResult<Option<Vec<Bound<'py, PySet>>>> {
        let mut low: Vec<u8> = Vec::new();
        let mut starts: Vec<usize> = Vec::with_capacity(sentences.len());
        for (k, sentence) in sentences.iter().enumerate() {
            let text = sentence.to_str()?;
            if !text.is_ascii() {
                return Ok(None);
            }
            if k > 0 {
                low.push(b'\n');
            }
            starts.push(low.len());
            low.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        }
        let text = std::str::from_utf8(&low).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let mut found: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
        for m in self.automaton.find_overlapping_iter(&low[..]) {
            let i = m.start();
            if i > 0 && is_word(low[i - 1]) {
                continue;
            }
            for (rx, group) in &self.checks[m.pattern().as_usize()] {
                if rx.is_match(&text[i..]) {
                    let sentence = starts.partition_point(|&s| s <= i) - 1;
                    if !found[sentence].contains(group) {
                        found[sentence].push(*group);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(found.len());
        for groups in found {
            out.push(PySet::new(py, groups.iter().map(|&g| self.groups[g].bind(py)))?);
        }
        Ok(Some(out))
    }
}

#[pymodule]
fn monitor_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MinHasher>()?;
    m.add_class::<TermReader>()?;
    m.add_class::<FormMatcher>()?;
    m.add_class::<SentenceSplitter>()?;
    m.add_class::<StartFinder>()?;
    m.add_class::<MarkerScan>()?;
    m.add_class::<Pattern>()?;
    m.add_function(wrap_pyfunction!(story_similarity, m)?)?;
    m.add_function(wrap_pyfunction!(signature_matches, m)?)?;
    m.add_function(wrap_pyfunction!(collapse_whitespace, m)?)?;
    m.add_function(wrap_pyfunction!(word_set, m)?)?;
    m.add_class::<KeywordScanner>()?;
    m.add_class::<actions::ActionKernel>()?;
    m.add_class::<topics::TopicKernel>()?;
    Ok(())
}
