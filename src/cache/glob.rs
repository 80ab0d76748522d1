//! Redis's glob-style patterns (`KEYS`, `SCAN MATCH`, `CONFIG GET`):
//! `*`, `?`, `[abc]`, `[^abc]`, `[a-z]`, and `\` escapes.

/// redis-server's matcher gives up on a branch nested deeper than this
/// many `*` (its protection against abusive patterns), so a pattern with
/// more non-trailing `*` groups than this matches nothing there.
const MAX_NESTING: usize = 1000;

/// `*` groups (runs of `*`) followed by more pattern: how deep
/// redis-server's recursive matcher would nest to match the pattern.
fn star_nesting(pattern: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' => i += 2,
            b'[' => {
                i += 1;
                while i < pattern.len() && pattern[i] != b']' {
                    i += if pattern[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'*' => {
                while pattern.get(i) == Some(&b'*') {
                    i += 1;
                }
                if i < pattern.len() {
                    n += 1;
                }
            }
            _ => i += 1,
        }
    }
    n
}

/// True if `text` matches `pattern` (case-sensitive), with redis-server's
/// nesting limit: a pattern needing more than [`MAX_NESTING`] `*` groups
/// matches nothing, as there. Linear-space, O(pattern × text) time even for
/// hostile patterns: on a mismatch only the most recent `*` is retried,
/// which is exact for single-character tokens.
pub fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    // The nesting count is O(pattern): taken only for a long pattern that
    // did match, never per key for the hostile ones that do not.
    matches(pattern, text)
        && (pattern.len() <= 2 * MAX_NESTING || star_nesting(pattern) <= MAX_NESTING)
}

fn matches(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if pattern.get(p) == Some(&b'*') {
            p += 1;
            star = Some((p, t));
            continue;
        }
        if let Some((matched, next)) = token(pattern, p, text[t])
            && matched
        {
            p = next;
            t += 1;
            continue;
        }
        match star {
            Some((sp, st)) => {
                p = sp;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*')
}

/// Matches one pattern token at `p` against `c`: whether it matched and
/// where the next token starts; `None` at the end of the pattern.
fn token(pattern: &[u8], p: usize, c: u8) -> Option<(bool, usize)> {
    match *pattern.get(p)? {
        b'?' => Some((true, p + 1)),
        b'\\' if p + 1 < pattern.len() => Some((pattern[p + 1] == c, p + 2)),
        b'[' => {
            let mut i = p + 1;
            let negate = pattern.get(i) == Some(&b'^');
            if negate {
                i += 1;
            }
            let mut hit = false;
            while i < pattern.len() && pattern[i] != b']' {
                if pattern[i] == b'\\' && i + 1 < pattern.len() {
                    hit |= pattern[i + 1] == c;
                    i += 2;
                } else if i + 2 < pattern.len() && pattern[i + 1] == b'-' && pattern[i + 2] != b']'
                {
                    let (a, b) = (pattern[i], pattern[i + 2]);
                    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                    hit |= (lo..=hi).contains(&c);
                    i += 3;
                } else {
                    hit |= pattern[i] == c;
                    i += 1;
                }
            }
            // An unterminated class ends the pattern, as in Redis.
            Some((hit != negate, (i + 1).min(pattern.len())))
        }
        x => Some((x == c, p + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn redis_examples() {
        for (p, t, want) in [
            ("*", "anything", true),
            ("h?llo", "hello", true),
            ("h?llo", "hllo", false),
            ("h*llo", "heeeello", true),
            ("h[ae]llo", "hallo", true),
            ("h[ae]llo", "hillo", false),
            ("h[^e]llo", "hallo", true),
            ("h[^e]llo", "hello", false),
            ("h[a-b]llo", "hbllo", true),
            ("h\\*llo", "h*llo", true),
            ("h\\*llo", "hello", false),
            ("key:*", "key:1", true),
            ("key:*", "other", false),
            ("", "", true),
            ("a*b*c", "aXbYc", true),
        ] {
            assert_eq!(glob_match(p.as_bytes(), t.as_bytes()), want, "{p} vs {t}");
        }
    }

    #[test]
    fn nesting_is_limited_as_in_redis_server() {
        let text = "a".repeat(1100);
        let ok = "*a".repeat(1000);
        assert!(glob_match(ok.as_bytes(), text.as_bytes()));
        let deep = "*a".repeat(1001);
        assert!(!glob_match(deep.as_bytes(), text.as_bytes()));
        let trailing = "*a".repeat(1000) + "*";
        assert!(glob_match(trailing.as_bytes(), text.as_bytes()));
    }

    #[test]
    fn hostile_pattern_terminates() {
        let p = "*a".repeat(100) + "b";
        assert!(!glob_match(p.as_bytes(), "a".repeat(200).as_bytes()));
    }
}
