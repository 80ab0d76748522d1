//! Lower-case hexadecimal, the one encoding of digests, tokens, MACs and
//! ids in the appliance.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `bytes` as lower-case hex, two digits per byte.
pub fn encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Bytes from lower- or upper-case hex; `None` for an odd length or a
/// character that is not a hex digit.
pub fn decode(hex: &[u8]) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    hex.chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        assert_eq!(encode(&[]), "");
        assert_eq!(encode(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(encode(&all).as_bytes()), Some(all.clone()));
        assert_eq!(decode(b"000FA5ff"), Some(vec![0x00, 0x0f, 0xa5, 0xff]));
        assert_eq!(decode(b"abc"), None, "odd length");
        assert_eq!(decode(b"zz"), None, "not hex");
        assert_eq!(decode(b"+1"), None, "no signs");
        assert_eq!(decode(b""), Some(Vec::new()));
        // The same digits as the formatter, byte for byte.
        let n = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210_u128;
        assert_eq!(encode(&n.to_be_bytes()), format!("{n:032x}"));
    }
}
