//! A small JSON reader for remote payloads: well-formed JSON in, scalars
//! out, anything nested skipped (depth-limited: no input can exhaust the
//! stack). It replaces a serde deserializer with a fraction of the code.
//! Number text is converted exactly when it can be (integers, and decimals
//! with ≤ 15 significant digits and a small exponent: one correctly rounded
//! float operation); anything else goes to the caller's parser (JavaScript's
//! own in wasm, Rust's natively), so the module needs no float parser.

use std::borrow::Cow;

/// Converts number text the fast path can't.
pub type NumberParser<'a> = &'a dyn Fn(&str) -> Option<f64>;

/// Nesting deeper than this is refused.
const MAX_DEPTH: u32 = 64;

/// A JSON value as the payload reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Number(f64),
    Text(Cow<'a, str>),
    /// null, true, false, or an object/array that was skipped.
    Other,
}

pub struct Reader<'a> {
    s: &'a str,
    at: usize,
    depth: u32,
    number: NumberParser<'a>,
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl<'a> Reader<'a> {
    pub fn new(s: &'a str, number: NumberParser<'a>) -> Self {
        Reader {
            s,
            at: 0,
            depth: 0,
            number,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.s.as_bytes().get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    pub fn ws(&mut self) {
        while matches!(self.byte(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// The next non-space byte, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.byte()
    }

    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// The byte offset of the next non-space byte.
    pub fn offset(&mut self) -> usize {
        self.ws();
        self.at
    }

    /// The input between two offsets (a value's raw text).
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        self.s.get(start..end)
    }

    /// Consumes `b` if it is next (`None` otherwise).
    fn consume(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.bump())
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let rest = self.s.get(self.at..)?;
        rest.starts_with(word)
            .then(|| self.at = self.at.saturating_add(word.len()))
    }

    /// A string (the opening quote next).
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        self.consume(b'"')?;
        let start = self.at;
        // Fast path: no escapes, borrow the slice.
        loop {
            match self.byte()? {
                b'"' => {
                    let text = self.s.get(start..self.at)?;
                    self.bump();
                    return Some(Cow::Borrowed(text));
                }
                b'\\' => break,
                c if c < 0x20 => return None,
                _ => self.bump(),
            }
        }
        let mut out = String::from(self.s.get(start..self.at)?);
        loop {
            let rest = self.s.get(self.at..)?;
            let c = rest.chars().next()?;
            self.at = self.at.saturating_add(c.len_utf8());
            match c {
                '"' => return Some(Cow::Owned(out)),
                '\\' => out.push(self.escape()?),
                c if (c as u32) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Option<char> {
        let b = self.byte()?;
        self.bump();
        Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A surrogate pair; a lone half becomes U+FFFD, as JS would show it.
                    if self.s.get(self.at..)?.starts_with("\\u") {
                        self.at = self.at.saturating_add(2);
                        let lo = self.hex4()?;
                        let code = 0x10000u32
                            .checked_add(hi.checked_sub(0xD800)? << 10)?
                            .checked_add(lo.checked_sub(0xDC00)?)?;
                        return char::from_u32(code).or(Some('\u{FFFD}'));
                    }
                    '\u{FFFD}'
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.at..self.at.checked_add(4)?)?;
        self.at = self.at.saturating_add(4);
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number: exact fast path, else the caller's parser.
    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        let mut mantissa: u64 = 0;
        let mut digits = 0u32;
        let mut scale: i32 = 0;
        let negative = self.byte() == Some(b'-');
        if negative {
            self.bump();
        }
        let mut seen_dot = false;
        let mut any = false;
        while let Some(b) = self.byte() {
            match b {
                b'0'..=b'9' => {
                    any = true;
                    if digits < 19 {
                        mantissa = mantissa
                            .wrapping_mul(10)
                            .wrapping_add(u64::from(b.wrapping_sub(b'0')));
                        if mantissa != 0 {
                            digits = digits.saturating_add(1);
                        }
                        if seen_dot {
                            scale = scale.saturating_sub(1);
                        }
                    } else if !seen_dot {
                        scale = scale.saturating_add(1);
                    }
                }
                b'.' if !seen_dot => seen_dot = true,
                b'e' | b'E' | b'+' | b'-' => {
                    // Exponents take the general path.
                    self.bump();
                    while matches!(self.byte(), Some(b'0'..=b'9' | b'+' | b'-')) {
                        self.bump();
                    }
                    return (self.number)(self.s.get(start..self.at)?);
                }
                _ => break,
            }
            self.bump();
        }
        if !any {
            return None;
        }
        let exact = digits <= 15 && scale.unsigned_abs() <= 22;
        if !exact {
            return (self.number)(self.s.get(start..self.at)?);
        }
        let m = mantissa as f64;
        let power = POW10
            .get(scale.unsigned_abs() as usize)
            .copied()
            .unwrap_or(1.0);
        let v = if scale < 0 { m / power } else { m * power };
        Some(if negative { -v } else { v })
    }

    /// Any value, as a scalar (objects and arrays are skipped).
    pub fn scalar(&mut self) -> Option<Scalar<'a>> {
        Some(match self.peek()? {
            b'"' => Scalar::Text(self.string()?),
            b'-' | b'0'..=b'9' => Scalar::Number(self.number()?),
            b'{' | b'[' => {
                self.skip()?;
                Scalar::Other
            }
            b't' => self.literal("true").map(|()| Scalar::Other)?,
            b'f' => self.literal("false").map(|()| Scalar::Other)?,
            b'n' => self.literal("null").map(|()| Scalar::Other)?,
            _ => return None,
        })
    }

    /// Skips any value.
    pub fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(|r, _| r.skip()),
            b'[' => self.array(Reader::skip),
            _ => self.scalar().map(|_| ()),
        }
    }

    /// An object: `each(reader, key)` must consume the value.
    pub fn object(
        &mut self,
        mut each: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        self.consume(b'{')?;
        self.enter()?;
        if self.peek()? == b'}' {
            self.bump();
            return self.leave();
        }
        loop {
            let key = self.string()?;
            self.consume(b':')?;
            each(self, key)?;
            match self.peek()? {
                b',' => self.bump(),
                b'}' => {
                    self.bump();
                    return self.leave();
                }
                _ => return None,
            }
        }
    }

    /// An array: `each(reader)` must consume one element.
    pub fn array(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.consume(b'[')?;
        self.enter()?;
        if self.peek()? == b']' {
            self.bump();
            return self.leave();
        }
        loop {
            each(self)?;
            match self.peek()? {
                b',' => self.bump(),
                b']' => {
                    self.bump();
                    return self.leave();
                }
                _ => return None,
            }
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth = self.depth.saturating_add(1);
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn leave(&mut self) -> Option<()> {
        self.depth = self.depth.saturating_sub(1);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn std_number(s: &str) -> Option<f64> {
        s.parse().ok()
    }

    fn scalar(text: &str) -> Option<Scalar<'_>> {
        let mut r = Reader::new(text, &std_number);
        r.scalar()
    }

    #[test]
    fn numbers_match_the_standard_parser() {
        for text in [
            "0",
            "-0",
            "1",
            "-17",
            "0.1",
            "12.5",
            "1e3",
            "-2.5E-3",
            "123456789012345678901",
            "9007199254740993",
            "0.30000000000000004",
            "1.7976931348623157e308",
            "5e-324",
        ] {
            let want: f64 = text.parse().unwrap();
            assert_eq!(scalar(text), Some(Scalar::Number(want)), "{text}");
        }
        assert_eq!(scalar("-"), None);
        assert_eq!(scalar("+1"), None);
    }

    #[test]
    fn strings_decode_escapes_and_surrogates() {
        assert_eq!(
            scalar(r#""plain""#),
            Some(Scalar::Text(Cow::Borrowed("plain")))
        );
        assert_eq!(
            scalar(r#""a\"b\\c\n\u00e9\ud83d\ude00""#),
            Some(Scalar::Text(Cow::Owned("a\"b\\c\n\u{e9}\u{1F600}".into())))
        );
        assert_eq!(
            scalar("\"lone \\udc00\""),
            Some(Scalar::Text(Cow::Owned("lone \u{FFFD}".into())))
        );
        assert_eq!(scalar("\"tab\tinside\""), None);
        assert_eq!(scalar("\"unterminated"), None);
    }

    #[test]
    fn nesting_is_skipped_and_bounded() {
        assert_eq!(
            scalar(r#"{"a":[1,{"b":null}],"c":true}"#),
            Some(Scalar::Other)
        );
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(scalar(&deep), None);
        assert_eq!(scalar("[1,2"), None);
        assert_eq!(scalar(r#"{"a" 1}"#), None);
    }
}
