//! Sorted sets: the value ([`ZSetValue`]) and Redis's sorted-set command
//! semantics as typed `Store` methods.
//!
//! The structure is an order-statistics treap keyed by `(score, member)`
//! (each node knows its subtree's size) plus a `member → score` hash map.
//! The map answers `ZSCORE`/`ZADD`'s "is it there, with what score" in
//! O(1); the treap answers rank (`ZRANK`), select-by-rank (`ZRANGE`),
//! range bounds by score or by member (`ZRANGEBYSCORE`, `ZCOUNT`,
//! `ZLEXCOUNT`) and insertion/removal in expected O(log n), as Redis's skip
//! list does. Why a treap and not a skip list or a counted B-tree: its
//! nodes live in one `Vec` linked by `u32` indices — no `unsafe`, no
//! per-node allocation, no pointers to fix on clone (copy-on-write clones
//! the two arrays) — and split/merge by rank makes `ZREMRANGEBYRANK` and
//! friends a single cut. Removal swaps the last node into the freed slot,
//! so the arena stays dense and its capacity is the honest size.
//!
//! Memory: a node is 40 bytes (score, member `Arc`, two child indices,
//! size, priority), a map bucket 24 bytes plus a control byte; the member
//! bytes are one allocation shared by both (charged once, as its malloc
//! chunk). [`ZSetValue::cost`] charges capacities and buckets, not lengths,
//! so what the weigher sees is what the allocator holds.

use super::entry::{array_charge, blob_cost};
use super::{Blob, Change, Entry, Store, StoreError, Value};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

const NIL: u32 = u32::MAX;
/// Bytes of one treap node.
const NODE_BYTES: u64 = 40;
/// Bytes of one map slot: the member `Arc` (16), the score (8), a control byte.
const SLOT_BYTES: u64 = 25;
/// The `Arc<ZSetValue>` box (112 bytes), the malloc headers of its three
/// allocations and the map's trailing control group. Calibrated with the
/// buckets below against the RSS of a store filled to eviction with
/// ZADDs (see ARCHITECTURE.md, `src/cache/`).
const ZSET_OVERHEAD: u64 = 176;

#[derive(Clone, Debug)]
struct Node {
    score: f64,
    member: Blob,
    left: u32,
    right: u32,
    size: u32,
    prio: u32,
}

/// Total order of `(score, member)`: scores never hold NaN.
fn cmp_key(a_score: f64, a_member: &[u8], b_score: f64, b_member: &[u8]) -> Ordering {
    a_score
        .partial_cmp(&b_score)
        .unwrap_or(Ordering::Equal)
        .then_with(|| a_member.cmp(b_member))
}

/// One end of a score range (`(1.5`, `inf`, `-inf`, `3`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreBound {
    pub value: f64,
    pub exclusive: bool,
}

/// One end of a lexicographic range (`[a`, `(a`, `-`, `+`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexBound {
    NegInf,
    PosInf,
    Incl(Vec<u8>),
    Excl(Vec<u8>),
}

impl ScoreBound {
    /// Parses `(x` or `x` as Redis's `zslParseRange`.
    pub fn parse(arg: &[u8]) -> Option<ScoreBound> {
        let (exclusive, rest) = match arg.split_first() {
            Some((b'(', rest)) => (true, rest),
            _ => (false, arg),
        };
        let value = super::parse_f64(rest)?;
        Some(ScoreBound { value, exclusive })
    }
    /// True when `score` lies above this lower bound.
    fn above(&self, score: f64) -> bool {
        if self.exclusive {
            score > self.value
        } else {
            score >= self.value
        }
    }
    /// True when `score` lies below this upper bound.
    fn below(&self, score: f64) -> bool {
        if self.exclusive {
            score < self.value
        } else {
            score <= self.value
        }
    }
}

impl LexBound {
    /// Parses `[x`, `(x`, `-` or `+` as Redis's `zslParseLexRangeItem`.
    pub fn parse(arg: &[u8]) -> Option<LexBound> {
        match arg.split_first() {
            Some((b'+', [])) => Some(LexBound::PosInf),
            Some((b'-', [])) => Some(LexBound::NegInf),
            Some((b'[', rest)) => Some(LexBound::Incl(rest.to_vec())),
            Some((b'(', rest)) => Some(LexBound::Excl(rest.to_vec())),
            _ => None,
        }
    }
    fn above(&self, m: &[u8]) -> bool {
        match self {
            LexBound::NegInf => true,
            LexBound::PosInf => false,
            LexBound::Incl(v) => m >= v.as_slice(),
            LexBound::Excl(v) => m > v.as_slice(),
        }
    }
    fn below(&self, m: &[u8]) -> bool {
        match self {
            LexBound::NegInf => false,
            LexBound::PosInf => true,
            LexBound::Incl(v) => m <= v.as_slice(),
            LexBound::Excl(v) => m < v.as_slice(),
        }
    }
}

/// A sorted set. See the module docs.
#[derive(Clone, Debug, Default)]
pub struct ZSetValue {
    nodes: Vec<Node>,
    root: u32,
    index: HashMap<Blob, f64>,
    /// Malloc chunks of the member bytes.
    payload: u64,
    seed: u32,
}

impl PartialEq for ZSetValue {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.range(0, self.len()) == other.range(0, other.len())
    }
}

impl Eq for ZSetValue {}

impl ZSetValue {
    pub fn new() -> Self {
        ZSetValue {
            nodes: Vec::new(),
            root: NIL,
            index: HashMap::new(),
            payload: 0,
            seed: 0x9E37_79B9,
        }
    }
    pub fn len(&self) -> usize {
        self.index.len()
    }
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
    pub fn score(&self, member: &[u8]) -> Option<f64> {
        self.index.get(member).copied()
    }

    /// Bytes this value holds (see the module docs).
    pub fn cost(&self) -> u64 {
        // The map allocates buckets, a power of two holding 8/7 of its
        // usable capacity.
        let buckets = if self.index.capacity() == 0 {
            0
        } else {
            (self.index.capacity() as u64 * 8 / 7 + 1).next_power_of_two()
        };
        ZSET_OVERHEAD
            + array_charge(self.nodes.capacity() as u64 * NODE_BYTES + buckets * SLOT_BYTES)
            + self.payload
    }

    /// What adding a new member of `len` bytes costs at most (the arrays
    /// grow by doubling; charged per member as the amortised share).
    pub fn member_cost(len: usize) -> u64 {
        blob_cost(len) + array_charge(2 * (NODE_BYTES + SLOT_BYTES))
    }

    /// The most this set can cost while `members` new members holding
    /// `bytes` (their malloc chunks) are added: when the arrays must grow,
    /// the new ones (doubled as `Vec` and the map double) are allocated
    /// while the old ones are still held. The amortised
    /// [`ZSetValue::member_cost`] let one ZADD past a doubling build a set
    /// heavier than the largest entry, which quick_cache then dropped.
    pub fn cost_while_adding(&self, members: usize, bytes: u64) -> u64 {
        let len = self.len() + members;
        let mut grown = 0;
        if len > self.nodes.capacity() {
            let mut cap = self.nodes.capacity().max(4);
            while cap < len {
                cap *= 2;
            }
            grown += cap as u64 * NODE_BYTES;
        }
        if len > self.index.capacity() {
            grown += (len as u64 * 8 / 7 + 1).next_power_of_two() * SLOT_BYTES;
        }
        // The new arrays are held with the old ones, then charged as
        // arrays themselves.
        self.cost() + bytes + array_charge(grown)
    }

    fn size(&self, t: u32) -> u32 {
        self.nodes.get(t as usize).map_or(0, |n| n.size)
    }

    fn fix(&mut self, t: u32) {
        let (l, r) = {
            let n = &self.nodes[t as usize];
            (n.left, n.right)
        };
        let size = 1 + self.size(l) + self.size(r);
        self.nodes[t as usize].size = size;
    }

    fn next_prio(&mut self) -> u32 {
        // xorshift32: priorities only need to look random.
        let mut x = self.seed;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.seed = x;
        x
    }

    /// Splits `t` into the nodes for which `goes_left` holds (a prefix of
    /// the order) and the rest.
    fn split_by(&mut self, t: u32, goes_left: &dyn Fn(&Node) -> bool) -> (u32, u32) {
        if t == NIL {
            return (NIL, NIL);
        }
        if goes_left(&self.nodes[t as usize]) {
            let r = self.nodes[t as usize].right;
            let (a, b) = self.split_by(r, goes_left);
            self.nodes[t as usize].right = a;
            self.fix(t);
            (t, b)
        } else {
            let l = self.nodes[t as usize].left;
            let (a, b) = self.split_by(l, goes_left);
            self.nodes[t as usize].left = b;
            self.fix(t);
            (a, t)
        }
    }

    /// Splits `t` into its first `k` nodes and the rest.
    fn split_at(&mut self, t: u32, k: u32) -> (u32, u32) {
        if t == NIL {
            return (NIL, NIL);
        }
        let l = self.nodes[t as usize].left;
        let ls = self.size(l);
        if k <= ls {
            let (a, b) = self.split_at(l, k);
            self.nodes[t as usize].left = b;
            self.fix(t);
            (a, t)
        } else {
            let r = self.nodes[t as usize].right;
            let (a, b) = self.split_at(r, k - ls - 1);
            self.nodes[t as usize].right = a;
            self.fix(t);
            (t, b)
        }
    }

    fn merge(&mut self, a: u32, b: u32) -> u32 {
        if a == NIL {
            return b;
        }
        if b == NIL {
            return a;
        }
        if self.nodes[a as usize].prio > self.nodes[b as usize].prio {
            let r = self.nodes[a as usize].right;
            let m = self.merge(r, b);
            self.nodes[a as usize].right = m;
            self.fix(a);
            a
        } else {
            let l = self.nodes[b as usize].left;
            let m = self.merge(a, l);
            self.nodes[b as usize].left = m;
            self.fix(b);
            b
        }
    }

    /// Number of nodes for which `before` holds (a prefix of the order).
    fn count_prefix(&self, before: impl Fn(&Node) -> bool) -> usize {
        let mut t = self.root;
        let mut n = 0usize;
        while let Some(node) = self.nodes.get(t as usize) {
            if before(node) {
                n += self.size(node.left) as usize + 1;
                t = node.right;
            } else {
                t = node.left;
            }
        }
        n
    }

    /// Sets `member`'s score; true when the member is new.
    pub fn insert(&mut self, member: &[u8], score: f64) -> bool {
        // Redis's small sets store -0 as 0; keep one zero.
        let score = if score == 0.0 { 0.0 } else { score };
        if let Some(old) = self.index.get(member).copied() {
            if old != score {
                let blob = self.detach(old, member);
                self.index.insert(blob.clone(), score);
                self.attach(blob, score);
            }
            return false;
        }
        let blob: Blob = Arc::from(member);
        self.payload += blob_cost(member.len());
        self.index.insert(blob.clone(), score);
        self.attach(blob, score);
        true
    }

    /// Removes `member`; true when it was there.
    pub fn remove(&mut self, member: &[u8]) -> bool {
        let Some(score) = self.index.remove(member) else {
            return false;
        };
        self.payload -= blob_cost(member.len());
        self.detach(score, member);
        true
    }

    fn attach(&mut self, member: Blob, score: f64) {
        let prio = self.next_prio();
        let i = self.nodes.len() as u32;
        let (a, b) = {
            let m = member.clone();
            self.split_by(self.root, &move |n: &Node| {
                cmp_key(n.score, &n.member, score, &m) == Ordering::Less
            })
        };
        self.nodes.push(Node {
            score,
            member,
            left: NIL,
            right: NIL,
            size: 1,
            prio,
        });
        let left = self.merge(a, i);
        self.root = self.merge(left, b);
    }

    /// Takes the node `(score, member)` out of the tree and the arena;
    /// returns its member. The map is not touched.
    fn detach(&mut self, score: f64, member: &[u8]) -> Blob {
        let rank =
            self.count_prefix(|n| cmp_key(n.score, &n.member, score, member) == Ordering::Less);
        let (a, rest) = self.split_at(self.root, rank as u32);
        let (mid, b) = self.split_at(rest, 1);
        self.root = self.merge(a, b);
        self.free(mid)
    }

    /// Removes the (detached) node `i` from the arena by moving the last
    /// node into its slot and repointing that node's parent.
    fn free(&mut self, i: u32) -> Blob {
        if i as usize >= self.nodes.len() {
            return Arc::from(&[][..]);
        }
        let last = self.nodes.len() as u32 - 1;
        if i != last {
            let (score, member) = {
                let n = &self.nodes[last as usize];
                (n.score, n.member.clone())
            };
            // Find the last node's parent by its key.
            let mut parent = NIL;
            let mut t = self.root;
            while t != last && t != NIL {
                parent = t;
                let n = &self.nodes[t as usize];
                t = if cmp_key(score, &member, n.score, &n.member) == Ordering::Less {
                    n.left
                } else {
                    n.right
                };
            }
            if parent == NIL {
                self.root = i;
            } else if self.nodes[parent as usize].left == last {
                self.nodes[parent as usize].left = i;
            } else {
                self.nodes[parent as usize].right = i;
            }
            self.nodes.swap(i as usize, last as usize);
        }
        let node = self.nodes.pop();
        if self.nodes.capacity() > 64 && self.nodes.len() < self.nodes.capacity() / 4 {
            self.nodes.shrink_to(self.nodes.len() * 2);
            self.index.shrink_to(self.index.len() * 2);
        }
        node.map_or_else(|| Arc::from(&[][..]), |n| n.member)
    }

    /// 0-based rank of `member` in ascending order.
    pub fn rank(&self, member: &[u8]) -> Option<usize> {
        let score = self.score(member)?;
        Some(self.count_prefix(|n| cmp_key(n.score, &n.member, score, member) == Ordering::Less))
    }

    /// The element at `rank` (ascending).
    pub fn nth(&self, rank: usize) -> Option<(Blob, f64)> {
        let mut t = self.root;
        let mut k = rank;
        while let Some(n) = self.nodes.get(t as usize) {
            let ls = self.size(n.left) as usize;
            match k.cmp(&ls) {
                Ordering::Less => t = n.left,
                Ordering::Equal => return Some((n.member.clone(), n.score)),
                Ordering::Greater => {
                    k -= ls + 1;
                    t = n.right;
                }
            }
        }
        None
    }

    /// Elements with ranks `start..end` in ascending order: O(log n + k).
    pub fn range(&self, start: usize, end: usize) -> Vec<(Blob, f64)> {
        let mut out = Vec::with_capacity(end.saturating_sub(start).min(self.len()));
        if start >= end {
            return out;
        }
        // Descend to `start`, keeping the nodes whose left we took.
        let mut stack = Vec::new();
        let mut t = self.root;
        let mut k = start;
        while let Some(n) = self.nodes.get(t as usize) {
            let ls = self.size(n.left) as usize;
            match k.cmp(&ls) {
                Ordering::Less => {
                    stack.push(t);
                    t = n.left;
                }
                Ordering::Equal => {
                    stack.push(t);
                    break;
                }
                Ordering::Greater => {
                    k -= ls + 1;
                    t = n.right;
                }
            }
        }
        while out.len() < end - start {
            let Some(t) = stack.pop() else { break };
            let n = &self.nodes[t as usize];
            out.push((n.member.clone(), n.score));
            let mut c = n.right;
            while let Some(cn) = self.nodes.get(c as usize) {
                stack.push(c);
                c = cn.left;
            }
        }
        out
    }

    /// Rank range `[first, last)` of the scores within `min..=max`.
    pub fn score_ranks(&self, min: ScoreBound, max: ScoreBound) -> (usize, usize) {
        let first = self.count_prefix(|n| !min.above(n.score));
        let last = self.count_prefix(|n| max.below(n.score));
        (first, last.max(first))
    }

    /// Rank range `[first, last)` of the members within `min..=max`
    /// (meaningful when all scores are equal, as in Redis).
    pub fn lex_ranks(&self, min: &LexBound, max: &LexBound) -> (usize, usize) {
        let first = self.count_prefix(|n| !min.above(&n.member));
        let last = self.count_prefix(|n| max.below(&n.member));
        (first, last.max(first))
    }

    /// Removes ranks `start..end`; the number removed.
    pub fn remove_ranks(&mut self, start: usize, end: usize) -> usize {
        if start >= end {
            return 0;
        }
        let doomed: Vec<Blob> = self.range(start, end).into_iter().map(|(m, _)| m).collect();
        for m in &doomed {
            self.remove(m);
        }
        doomed.len()
    }

    /// Every member with its score, ascending.
    pub fn iter(&self) -> impl Iterator<Item = (Blob, f64)> + '_ {
        self.range(0, self.len()).into_iter()
    }
}

/// A double as redis-server 7.0 prints it (`%.17g`; `inf`, `-inf`).
pub fn format_double(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // 17 significant digits, correctly rounded, then %g's layout.
    let e = format!("{:.16e}", v.abs());
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let sign = if v < 0.0 { "-" } else { "" };
    let trim = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    let text = |d: &[u8]| String::from_utf8_lossy(d).into_owned();
    if !(-4..17).contains(&exp) {
        let m = trim(format!("{}.{}", text(&digits[..1]), text(&digits[1..])));
        let es = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{es}{:02}", exp.unsigned_abs())
    } else if exp >= 0 {
        let split = exp as usize + 1;
        trim(format!(
            "{sign}{}.{}",
            text(&digits[..split]),
            text(&digits[split..])
        ))
    } else {
        let zeros = "0".repeat(exp.unsigned_abs() as usize - 1);
        trim(format!("{sign}0.{zeros}{}", text(&digits)))
    }
}

/// The sorted set in an entry, or `WRONGTYPE`.
fn zset_of(entry: Option<&Entry>) -> Result<Option<&Arc<ZSetValue>>, StoreError> {
    match entry.map(|e| &e.value) {
        None => Ok(None),
        Some(Value::ZSet(z)) => Ok(Some(z)),
        Some(_) => Err(StoreError::WrongType),
    }
}

/// An input of the `ZUNION` family: a sorted set, or a plain set whose
/// members all score 1, as redis-server accepts.
#[derive(Debug, Clone)]
pub enum ZSource {
    ZSet(Arc<ZSetValue>),
    Set(Arc<super::SetValue>),
}

impl ZSource {
    pub fn len(&self) -> usize {
        match self {
            ZSource::ZSet(z) => z.len(),
            ZSource::Set(s) => s.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn score(&self, member: &[u8]) -> Option<f64> {
        match self {
            ZSource::ZSet(z) => z.score(member),
            ZSource::Set(s) => s.contains(member).then_some(1.0),
        }
    }
    /// Members with their scores (1 for a plain set's).
    pub fn iter(&self) -> Box<dyn Iterator<Item = (Blob, f64)> + '_> {
        match self {
            ZSource::ZSet(z) => Box::new(z.iter()),
            ZSource::Set(s) => Box::new(s.iter().map(|m| (m.clone(), 1.0))),
        }
    }
}

/// `ZADD`'s flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZAddFlags {
    pub nx: bool,
    pub xx: bool,
    pub gt: bool,
    pub lt: bool,
    pub incr: bool,
}

/// What `ZADD` did.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZAddOutcome {
    pub added: usize,
    pub updated: usize,
    /// With `INCR`: the new score, `None` when a flag prevented it.
    pub score: Option<f64>,
}

impl Store {
    /// The sorted set at `key` (shared, not copied).
    pub fn zset(&self, db: u8, key: &[u8]) -> Result<Option<Arc<ZSetValue>>, StoreError> {
        let entry = self.lookup(db, key);
        Ok(zset_of(entry.as_ref())?.cloned())
    }

    /// An input of the `ZUNION` family at `key`: a sorted set or a plain
    /// set; `WRONGTYPE` for anything else.
    pub fn zset_source(&self, db: u8, key: &[u8]) -> Result<Option<ZSource>, StoreError> {
        let entry = self.lookup(db, key);
        match entry.as_ref().map(|e| &e.value) {
            None => Ok(None),
            Some(Value::ZSet(z)) => Ok(Some(ZSource::ZSet(z.clone()))),
            Some(Value::Set(s)) => Ok(Some(ZSource::Set(s.clone()))),
            Some(_) => Err(StoreError::WrongType),
        }
    }

    /// Applies `f` to the sorted set at `key` (an empty one when absent);
    /// stores the result, deleting the key when it ends empty. `grow` is
    /// the most members `f` can add and their bytes: the set's cost while
    /// they are added ([`ZSetValue::cost_while_adding`]) is checked
    /// against the entry limit first.
    pub(crate) fn zset_update<T>(
        &self,
        db: u8,
        key: &[u8],
        grow: (usize, u64),
        f: impl FnOnce(&mut ZSetValue) -> Result<(bool, T), StoreError>,
    ) -> Result<T, StoreError> {
        let limit = self.max_entry_weight_in(db);
        let (members, bytes) = grow;
        self.modify(db, key, |current| match current {
            None => {
                if ZSetValue::new().cost_while_adding(members, bytes) > limit {
                    return Err(StoreError::OutOfMemory);
                }
                let mut z = ZSetValue::new();
                let (_, t) = f(&mut z)?;
                if z.is_empty() {
                    Ok((Change::None, t))
                } else {
                    Ok((Change::Set(Entry::new(Value::ZSet(Arc::new(z)), None)), t))
                }
            }
            Some(entry) => {
                let Value::ZSet(z) = &mut entry.value else {
                    return Err(StoreError::WrongType);
                };
                if members > 0 && z.cost_while_adding(members, bytes) > limit {
                    return Err(StoreError::OutOfMemory);
                }
                let z = Arc::make_mut(z);
                let (changed, t) = f(z)?;
                let change = if !changed {
                    Change::None
                } else if z.is_empty() {
                    Change::Removed
                } else {
                    Change::Updated
                };
                Ok((change, t))
            }
        })
    }

    /// `ZADD` (and `ZINCRBY` as `INCR`).
    pub fn zadd(
        &self,
        db: u8,
        key: &[u8],
        flags: ZAddFlags,
        pairs: &[(f64, &[u8])],
    ) -> Result<ZAddOutcome, StoreError> {
        let grow = if flags.xx {
            (0, 0)
        } else {
            let bytes = pairs.iter().map(|(_, m)| blob_cost(m.len())).sum();
            (pairs.len(), bytes)
        };
        self.zset_update(db, key, grow, |z| {
            let mut out = ZAddOutcome::default();
            for &(score, member) in pairs {
                match z.score(member) {
                    Some(cur) => {
                        if flags.nx {
                            continue;
                        }
                        let new = if flags.incr { cur + score } else { score };
                        if new.is_nan() {
                            return Err(StoreError::ScoreNan);
                        }
                        if (flags.gt && new <= cur) || (flags.lt && new >= cur) {
                            continue;
                        }
                        out.score = Some(new);
                        if new != cur {
                            z.insert(member, new);
                            out.updated += 1;
                        }
                    }
                    None => {
                        if flags.xx {
                            continue;
                        }
                        z.insert(member, score);
                        out.added += 1;
                        out.score = Some(score);
                    }
                }
            }
            Ok((out.added + out.updated > 0, out))
        })
    }

    /// `ZREM`: the number removed.
    pub fn zrem(&self, db: u8, key: &[u8], members: &[&[u8]]) -> Result<usize, StoreError> {
        self.zset_update(db, key, (0, 0), |z| {
            let n = members.iter().filter(|m| z.remove(m)).count();
            Ok((n > 0, n))
        })
    }

    /// `ZPOPMIN`/`ZPOPMAX`: up to `count` elements from one end.
    pub fn zpop(
        &self,
        db: u8,
        key: &[u8],
        max: bool,
        count: usize,
    ) -> Result<Vec<(Blob, f64)>, StoreError> {
        self.zset_update(db, key, (0, 0), |z| {
            let n = count.min(z.len());
            let mut popped = if max {
                z.range(z.len() - n, z.len())
            } else {
                z.range(0, n)
            };
            if max {
                popped.reverse();
            }
            for (m, _) in &popped {
                z.remove(m);
            }
            Ok((n > 0, popped))
        })
    }

    /// `ZREMRANGEBY*`: removes ranks `start..end` as `pick` computes them
    /// from the set; the number removed.
    pub fn zremrange(
        &self,
        db: u8,
        key: &[u8],
        pick: impl FnOnce(&ZSetValue) -> (usize, usize),
    ) -> Result<usize, StoreError> {
        self.zset_update(db, key, (0, 0), |z| {
            let (start, end) = pick(z);
            let n = z.remove_ranks(start, end);
            Ok((n > 0, n))
        })
    }

    /// Stores `z` at `key` (replacing any value) or deletes the key when
    /// `z` is empty; the number of elements stored. `*STORE` commands run
    /// under the exclusive guard.
    pub fn zstore(&self, db: u8, key: &[u8], z: ZSetValue) -> Result<usize, StoreError> {
        let n = z.len();
        if n == 0 {
            self.take(db, key);
        } else {
            self.put(db, key, Entry::new(Value::ZSet(Arc::new(z)), None))?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(z: &ZSetValue) -> Vec<String> {
        z.iter()
            .map(|(m, _)| String::from_utf8_lossy(&m).into_owned())
            .collect()
    }

    #[test]
    fn order_rank_and_removal_agree_with_a_sorted_vec() {
        let mut z = ZSetValue::new();
        let mut model: Vec<(f64, Vec<u8>)> = Vec::new();
        let mut x: u32 = 12345;
        for step in 0..4000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let member = format!("m{}", x % 300).into_bytes();
            let score = f64::from(x % 17) - 8.0;
            if step % 3 == 2 {
                let was = model.iter().position(|(_, m)| *m == member);
                assert_eq!(z.remove(&member), was.is_some());
                if let Some(i) = was {
                    model.remove(i);
                }
            } else {
                let new = z.insert(&member, score);
                let was = model.iter().position(|(_, m)| *m == member);
                assert_eq!(new, was.is_none());
                if let Some(i) = was {
                    model.remove(i);
                }
                model.push((score, member));
            }
            model.sort_by(|a, b| cmp_key(a.0, &a.1, b.0, &b.1));
            if step % 97 == 0 {
                let got: Vec<(f64, Vec<u8>)> = z.iter().map(|(m, s)| (s, m.to_vec())).collect();
                assert_eq!(got, model);
                for (i, (s, m)) in model.iter().enumerate() {
                    assert_eq!(z.rank(m), Some(i));
                    assert_eq!(z.score(m), Some(*s));
                    assert_eq!(z.nth(i).map(|(m, _)| m.to_vec()), Some(m.clone()));
                }
            }
        }
        assert_eq!(z.len(), model.len());
        assert_eq!(z.nodes.len(), model.len());
    }

    #[test]
    fn doubles_print_as_redis_7_0() {
        for (v, want) in [
            (1.1, "1.1000000000000001"),
            (2.0, "2"),
            (0.1, "0.10000000000000001"),
            (1e20, "1e+20"),
            (1e16, "10000000000000000"),
            (1e17, "1e+17"),
            (-2.5e-5, "-2.5000000000000001e-05"),
            (0.0001, "0.0001"),
            (123.456, "123.456"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (-0.0, "-0"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ] {
            assert_eq!(format_double(v), want, "{v}");
        }
    }

    #[test]
    fn score_and_lex_ranges() {
        let mut z = ZSetValue::new();
        for (m, s) in [("a", 1.0), ("b", 2.0), ("c", 2.0), ("d", 3.0)] {
            z.insert(m.as_bytes(), s);
        }
        let b = |s: &str| ScoreBound::parse(s.as_bytes()).expect("bound");
        assert_eq!(z.score_ranks(b("2"), b("2")), (1, 3));
        assert_eq!(z.score_ranks(b("(1"), b("(3")), (1, 3));
        assert_eq!(z.score_ranks(b("-inf"), b("+inf")), (0, 4));
        assert_eq!(z.score_ranks(b("5"), b("1")), (4, 4));
        let l = |s: &str| LexBound::parse(s.as_bytes()).expect("bound");
        assert_eq!(z.lex_ranks(&l("-"), &l("+")), (0, 4));
        assert_eq!(z.lex_ranks(&l("[b"), &l("(d")), (1, 3));
        assert_eq!(z.remove_ranks(1, 3), 2);
        assert_eq!(members(&z), ["a", "d"]);
    }

    #[test]
    fn cost_follows_capacity_and_shrinks() {
        let mut z = ZSetValue::new();
        let empty = z.cost();
        for i in 0..10_000u32 {
            z.insert(&i.to_be_bytes(), f64::from(i));
        }
        let full = z.cost();
        assert!(full > empty + 10_000 * (NODE_BYTES + SLOT_BYTES + 32));
        for i in 0..9_990u32 {
            z.remove(&i.to_be_bytes());
        }
        assert!(z.cost() < full / 10, "{} of {full}", z.cost());
    }
}
