//! Decoding under limits, and re-encoding an image into its served
//! variants. Pure functions over bytes: the worker and the upload check call
//! them on blocking threads.
//!
//! The limits are checked from the header before any pixel buffer exists:
//! `image`'s decoders read the dimensions first and `Limits` refuses a width,
//! height or allocation over ours there, and we refuse a pixel count over
//! [`MAX_PIXELS`] before decoding. A decompression bomb therefore costs a
//! header read.

use std::io::{BufRead, Seek};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{
    DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, RgbImage, RgbaImage,
};

use crate::db::{MediaKind, VariantFormat};

/// Widest and tallest image accepted (either side).
pub const MAX_SIDE: u32 = 12_000;
/// Most pixels accepted: 40 megapixels (a 7,700 × 5,200 camera frame).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most memory a decoder may allocate: a 40 MP RGBA frame plus headroom.
pub const MAX_ALLOC: u64 = 256 << 20;
/// The widths served; never upscaled.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// JPEG quality of the fallback variants.
pub const JPEG_QUALITY: u8 = 82;
/// Quality of the lossy WebP variants (libwebp's 0–100 scale; its default
/// is 75). Alpha, when there is any, is kept losslessly.
pub const WEBP_QUALITY: f32 = 78.0;
/// libwebp's effort (0 fastest – 6 smallest; its default is 4).
const WEBP_METHOD: i32 = 4;

/// Why an image is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Over the dimension, pixel or memory limits (413).
    TooLarge(String),
    /// Not decodable: corrupt, truncated, unsupported inside (422).
    Undecodable(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::TooLarge(m) | Refused::Undecodable(m) => f.write_str(m),
        }
    }
}

fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

fn refused(e: image::ImageError) -> Refused {
    match e {
        image::ImageError::Limits(l) => Refused::TooLarge(format!(
            "The image is too large (at most {MAX_SIDE} pixels a side and {} megapixels): {l}.",
            MAX_PIXELS / 1_000_000
        )),
        other => Refused::Undecodable(format!("The image cannot be decoded: {other}.")),
    }
}

fn format_of(kind: MediaKind) -> Result<ImageFormat, Refused> {
    match kind {
        MediaKind::Jpeg => Ok(ImageFormat::Jpeg),
        MediaKind::Png => Ok(ImageFormat::Png),
        MediaKind::Webp => Ok(ImageFormat::WebP),
        MediaKind::Pdf => Err(Refused::Undecodable("A PDF is not an image.".into())),
    }
}

/// A decoded image, upright and in sRGB, without any metadata.
pub struct Decoded {
    pub image: DynamicImage,
    /// Whether an ICC profile was found but could not be applied (a CMYK
    /// or grey profile, or a malformed one): the pixels are then taken as
    /// sRGB.
    pub profile_ignored: bool,
}

/// The header's dimensions, checked against the limits, without decoding.
pub fn dimensions(input: impl BufRead + Seek, kind: MediaKind) -> Result<(u32, u32), Refused> {
    let mut reader = ImageReader::with_format(input, format_of(kind)?);
    reader.limits(limits());
    let decoder = reader.into_decoder().map_err(refused)?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h)?;
    Ok((w, h))
}

fn check_pixels(w: u32, h: u32) -> Result<(), Refused> {
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Refused::TooLarge(format!(
            "The image is too large: {w} × {h} pixels (at most {} megapixels).",
            MAX_PIXELS / 1_000_000
        )));
    }
    if w == 0 || h == 0 {
        return Err(Refused::Undecodable("The image has no pixels.".into()));
    }
    Ok(())
}

/// Decodes the whole image under the limits, applies its EXIF orientation
/// and converts its ICC profile's colours to sRGB. What comes out has no
/// metadata: EXIF, GPS, XMP and comments stay behind in the original.
/// A JPEG's end is checked separately ([`check_end`]): the decoder fills a
/// truncated one with grey instead of failing.
pub fn decode(input: impl BufRead + Seek, kind: MediaKind) -> Result<Decoded, Refused> {
    let mut reader = ImageReader::with_format(input, format_of(kind)?);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    let mut profile_ignored = false;
    let image = match icc {
        None => eight_bit(image),
        Some(icc) => {
            let image = eight_bit(image);
            match to_srgb(&icc, image) {
                Ok(converted) => converted,
                Err(unchanged) => {
                    profile_ignored = true;
                    unchanged
                }
            }
        }
    };
    Ok(Decoded {
        image,
        profile_ignored,
    })
}

/// Refuses a JPEG whose last bytes (`tail`) hold no end-of-image marker.
pub fn check_end(tail: &[u8], kind: MediaKind) -> Result<(), Refused> {
    if kind == MediaKind::Jpeg && !super::sniff::jpeg_has_end(tail) {
        return Err(Refused::Undecodable(
            "The JPEG is truncated (no end-of-image marker).".into(),
        ));
    }
    Ok(())
}

/// Opens `path` and decodes it (ends checked, limits applied).
pub fn decode_file(path: &std::path::Path, kind: MediaKind) -> Result<Decoded, DecodeFileError> {
    use std::io::{Read, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let window = super::sniff::JPEG_EOI_WINDOW as u64;
    file.seek(SeekFrom::Start(len.saturating_sub(window)))?;
    let mut tail = Vec::new();
    (&mut file).take(window).read_to_end(&mut tail)?;
    check_end(&tail, kind)?;
    file.seek(SeekFrom::Start(0))?;
    let mut input = std::io::BufReader::new(file);
    dimensions(&mut input, kind)?;
    input.seek(SeekFrom::Start(0))?;
    Ok(decode(input, kind)?)
}

/// Why a file could not be decoded.
#[derive(Debug)]
pub enum DecodeFileError {
    Io(std::io::Error),
    Refused(Refused),
}

impl From<std::io::Error> for DecodeFileError {
    fn from(e: std::io::Error) -> Self {
        DecodeFileError::Io(e)
    }
}

impl From<Refused> for DecodeFileError {
    fn from(r: Refused) -> Self {
        DecodeFileError::Refused(r)
    }
}

/// RGB8, or RGBA8 when some pixel is not opaque.
fn eight_bit(image: DynamicImage) -> DynamicImage {
    if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        if rgba.pixels().any(|p| p.0[3] != 255) {
            return DynamicImage::ImageRgba8(rgba);
        }
        return DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).to_rgb8());
    }
    match image {
        DynamicImage::ImageRgb8(_) => image,
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// Converts RGB(A)8 pixels from the ICC profile's colours to sRGB
/// (moxcms, pure Rust). `Err` gives the image back unchanged when the
/// profile is not an RGB profile or cannot be read.
fn to_srgb(icc: &[u8], image: DynamicImage) -> Result<DynamicImage, DynamicImage> {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return Err(image);
    };
    let srgb = ColorProfile::new_srgb();
    let layout = if image.color().has_alpha() {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let Ok(transform) =
        source.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return Err(image);
    };
    match image {
        DynamicImage::ImageRgb8(buf) => {
            let (w, h) = buf.dimensions();
            let mut out = vec![0u8; buf.as_raw().len()];
            if transform.transform(buf.as_raw(), &mut out).is_err() {
                return Err(DynamicImage::ImageRgb8(buf));
            }
            match RgbImage::from_raw(w, h, out) {
                Some(img) => Ok(DynamicImage::ImageRgb8(img)),
                None => Err(DynamicImage::ImageRgb8(buf)),
            }
        }
        DynamicImage::ImageRgba8(buf) => {
            let (w, h) = buf.dimensions();
            let mut out = vec![0u8; buf.as_raw().len()];
            if transform.transform(buf.as_raw(), &mut out).is_err() {
                return Err(DynamicImage::ImageRgba8(buf));
            }
            match RgbaImage::from_raw(w, h, out) {
                Some(img) => Ok(DynamicImage::ImageRgba8(img)),
                None => Err(DynamicImage::ImageRgba8(buf)),
            }
        }
        other => Err(other),
    }
}

/// The widths an image of width `w` is served at: each of [`WIDTHS`] it
/// reaches, and its own width once if it is narrower than the widest.
pub fn target_widths(w: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().map(|&t| t.min(w)).collect();
    out.dedup();
    out
}

/// One encoded variant.
pub struct Encoded {
    pub format: VariantFormat,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// Every variant of a decoded image at each target width: the fallback
/// (JPEG; PNG when the image has transparency), then a lossy WebP (with an
/// alpha channel when the image has transparency).
pub fn variants(decoded: &DynamicImage) -> Result<Vec<Encoded>, String> {
    let (w, h) = (decoded.width(), decoded.height());
    let mut out = Vec::new();
    for width in target_widths(w) {
        let height = ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w))
            .clamp(1, u64::from(u32::MAX)) as u32;
        let resized = if width == w {
            decoded.clone()
        } else {
            decoded.resize_exact(width, height, FilterType::Lanczos3)
        };
        out.push(encode_fallback(&resized)?);
        out.push(encode_webp(&resized)?);
    }
    Ok(out)
}

fn encode_fallback(image: &DynamicImage) -> Result<Encoded, String> {
    let (width, height) = (image.width(), image.height());
    let mut bytes = Vec::new();
    let format = match image {
        DynamicImage::ImageRgba8(buf) => {
            PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, PngFilter::Adaptive)
                .write_image(buf.as_raw(), width, height, image::ExtendedColorType::Rgba8)
                .map_err(|e| format!("PNG encoding failed: {e}"))?;
            VariantFormat::Png
        }
        other => {
            let rgb = other.to_rgb8();
            JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
                .write_image(rgb.as_raw(), width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| format!("JPEG encoding failed: {e}"))?;
            VariantFormat::Jpeg
        }
    };
    Ok(Encoded {
        format,
        width,
        height,
        bytes,
    })
}

/// Lossy WebP through libwebp (the `webp` crate, its C sources vendored and
/// compiled into the binary). One thread: the worker's CPU stays bounded.
fn encode_webp(image: &DynamicImage) -> Result<Encoded, String> {
    let (width, height) = (image.width(), image.height());
    let rgb;
    let (pixels, layout): (&[u8], webp::PixelLayout) = match image {
        DynamicImage::ImageRgba8(buf) => (buf.as_raw(), webp::PixelLayout::Rgba),
        DynamicImage::ImageRgb8(buf) => (buf.as_raw(), webp::PixelLayout::Rgb),
        other => {
            rgb = other.to_rgb8();
            (rgb.as_raw(), webp::PixelLayout::Rgb)
        }
    };
    let mut config = webp::WebPConfig::new()
        .map_err(|()| "WebP encoding failed: bad configuration".to_string())?;
    config.lossless = 0;
    config.quality = WEBP_QUALITY;
    config.method = WEBP_METHOD;
    config.alpha_compression = 1;
    config.alpha_quality = 100;
    // Sharper colour edges (RGB → YUV 4:2:0 done iteratively) for little CPU.
    config.use_sharp_yuv = 1;
    config.thread_level = 0;
    let bytes = webp::Encoder::new(pixels, layout, width, height)
        .encode_advanced(&config)
        .map_err(|e| format!("WebP encoding failed: {e:?}"))?
        .to_vec();
    Ok(Encoded {
        format: VariantFormat::Webp,
        width,
        height,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_widths_never_upscale() {
        assert_eq!(target_widths(4000), vec![480, 960, 1600]);
        assert_eq!(target_widths(1000), vec![480, 960, 1000]);
        assert_eq!(target_widths(960), vec![480, 960]);
        assert_eq!(target_widths(300), vec![300]);
    }

    fn is_webp(bytes: &[u8]) -> bool {
        bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP"
    }

    #[test]
    fn media_variants_include_lossy_webp() {
        let photo = DynamicImage::ImageRgb8(RgbImage::from_fn(1000, 600, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        }));
        let out = variants(&photo).expect("encodes");
        let webps: Vec<_> = out
            .iter()
            .filter(|e| e.format == VariantFormat::Webp)
            .collect();
        assert_eq!(
            webps.iter().map(|e| e.width).collect::<Vec<_>>(),
            vec![480, 960, 1000]
        );
        for e in &webps {
            assert!(is_webp(&e.bytes));
            // Lossy (VP8), not lossless (VP8L), and no alpha chunk.
            assert_eq!(&e.bytes[12..16], b"VP8 ");
            let back =
                image::load_from_memory_with_format(&e.bytes, ImageFormat::WebP).expect("decodes");
            assert_eq!((back.width(), back.height()), (e.width, e.height));
        }
    }

    #[test]
    fn media_transparent_image_gets_webp_with_alpha() {
        let logo = DynamicImage::ImageRgba8(RgbaImage::from_fn(200, 100, |x, _| {
            image::Rgba([200, 30, 30, if x < 100 { 0 } else { 255 }])
        }));
        let out = variants(&logo).expect("encodes");
        assert_eq!(
            out.iter().map(|e| e.format).collect::<Vec<_>>(),
            vec![VariantFormat::Png, VariantFormat::Webp]
        );
        let webp = &out[1].bytes;
        assert!(is_webp(webp));
        // The extended format with an alpha chunk.
        assert_eq!(&webp[12..16], b"VP8X");
        let back = image::load_from_memory_with_format(webp, ImageFormat::WebP)
            .expect("decodes")
            .to_rgba8();
        assert_eq!(back.get_pixel(10, 50).0[3], 0);
        assert_eq!(back.get_pixel(190, 50).0[3], 255);
    }

    #[test]
    fn media_png_bomb_refused_from_header() {
        // A valid PNG header declaring 50,000 × 50,000 pixels, no data.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&50_000u32.to_be_bytes());
        ihdr.extend_from_slice(&50_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        assert!(matches!(
            decode(std::io::Cursor::new(&png), MediaKind::Png),
            Err(Refused::TooLarge(_))
        ));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
