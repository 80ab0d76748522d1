//! What a file is, by its first bytes (never its name or declared type),
//! and the cheap structural checks made before any decoding.

use crate::db::MediaKind;

/// The kind the magic bytes at the start of a file say, if any we accept.
pub fn kind(head: &[u8]) -> Option<MediaKind> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(MediaKind::Png)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(MediaKind::Webp)
    } else if head.starts_with(b"%PDF-") {
        Some(MediaKind::Pdf)
    } else {
        None
    }
}

/// How far from the end a PDF's `%%EOF` may be (PDF 1.7 §7.5.5 says "the
/// last line"; writers append a newline or a few bytes of padding).
pub const PDF_TRAILER_WINDOW: usize = 1024;

/// Whether `tail` (the last bytes of a PDF) holds the `%%EOF` marker.
pub fn pdf_has_trailer(tail: &[u8]) -> bool {
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// How far from the end a JPEG's end-of-image marker may be: some cameras
/// append a few bytes after it; a truncated file has none there.
pub const JPEG_EOI_WINDOW: usize = 4096;

/// Whether `tail` (the last bytes of a JPEG) holds the EOI marker `FF D9`.
/// The decoder tolerates a missing end (it fills the rest grey), so a
/// truncated upload is recognised here.
pub fn jpeg_has_end(tail: &[u8]) -> bool {
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_sniff_kinds() {
        assert_eq!(kind(b"\xFF\xD8\xFF\xE0rest"), Some(MediaKind::Jpeg));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\nrest"), Some(MediaKind::Png));
        assert_eq!(kind(b"RIFF\0\0\0\0WEBPVP8 "), Some(MediaKind::Webp));
        assert_eq!(kind(b"%PDF-1.7\n"), Some(MediaKind::Pdf));
        assert_eq!(kind(b"MZ\x90\0"), None);
        assert_eq!(kind(b"\x7fELF\x02\x01"), None);
        assert_eq!(kind(b"GIF89a"), None);
        assert_eq!(kind(b""), None);
    }

    #[test]
    fn media_sniff_trailers() {
        assert!(pdf_has_trailer(b"xref\n%%EOF\n"));
        assert!(!pdf_has_trailer(b"stream data"));
        assert!(jpeg_has_end(&[1, 2, 0xFF, 0xD9]));
        assert!(!jpeg_has_end(&[1, 2, 0xFF]));
    }
}
