//! Just enough of PDF to sign a report and check its signatures: objects parsed and
//! written back, the classic cross-reference tables krilla writes and the incremental
//! updates psr appends, revision by revision.
//!
//! psr reads only what it wrote: a file with a cross-reference stream (what a PDF
//! rewritten by another program may have) is refused with [`PdfError::Unsupported`],
//! never half-read.

use std::collections::BTreeMap;

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// Not a PDF, or a damaged one.
    #[error("not a PDF psr can read: {0}")]
    Malformed(String),
    /// A PDF written in a way psr does not read (and never writes).
    #[error("{0}")]
    Unsupported(String),
}

fn malformed(why: impl Into<String>) -> PdfError {
    PdfError::Malformed(why.into())
}

/// A PDF object, kept close enough to its text to be written back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A real number, as written.
    Real(String),
    /// A name, without its `/`, escapes as written.
    Name(Vec<u8>),
    /// A string as written, delimiters included: `(…)` or `<…>`.
    Str(Vec<u8>),
    /// An array.
    Array(Vec<Object>),
    /// A dictionary.
    Dict(Dict),
    /// A reference `n g R`.
    Ref(u32, u16),
    /// A stream: its dictionary, and where its data lies in the file.
    Stream(Dict, std::ops::Range<usize>),
}

/// A dictionary, its keys in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    /// The value of a key (given without its `/`).
    pub fn get(&self, key: &str) -> Option<&Object> {
        self.0
            .iter()
            .find(|(k, _)| k == key.as_bytes())
            .map(|(_, v)| v)
    }

    /// Sets a key, replacing its value in place or adding it at the end.
    pub fn set(&mut self, key: &str, value: Object) {
        match self.0.iter_mut().find(|(k, _)| k == key.as_bytes()) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.as_bytes().to_vec(), value)),
        }
    }

    /// The dictionary less some keys.
    pub fn without(&self, keys: &[&str]) -> Dict {
        Dict(
            self.0
                .iter()
                .filter(|(k, _)| !keys.iter().any(|key| key.as_bytes() == k.as_slice()))
                .cloned()
                .collect(),
        )
    }

    /// Whether the name at `key` is `name`.
    pub fn is(&self, key: &str, name: &str) -> bool {
        matches!(self.get(key), Some(Object::Name(n)) if n == name.as_bytes())
    }
}

impl Object {
    /// The dictionary of a dictionary or a stream.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) | Object::Stream(d, _) => Some(d),
            _ => None,
        }
    }

    /// An integer.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// A reference's object number.
    pub fn as_ref_id(&self) -> Option<u32> {
        match self {
            Object::Ref(n, _) => Some(*n),
            _ => None,
        }
    }

    /// A name, with `#xx` escapes undone.
    pub fn as_name(&self) -> Option<String> {
        match self {
            Object::Name(raw) => Some(String::from_utf8_lossy(&unescape_name(raw)).into_owned()),
            _ => None,
        }
    }

    /// The bytes a string holds, escapes undone.
    pub fn string_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Object::Str(raw) => Some(decode_string(raw)),
            _ => None,
        }
    }

    /// A text string (PDFDocEncoding taken as Latin-1, or UTF-16 with its mark).
    pub fn as_text(&self) -> Option<String> {
        let bytes = self.string_bytes()?;
        Some(text_of(&bytes))
    }

    /// The object written as PDF.
    pub fn write(&self, out: &mut Vec<u8>) {
        match self {
            Object::Null => out.extend_from_slice(b"null"),
            Object::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Object::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Object::Real(r) => out.extend_from_slice(r.as_bytes()),
            Object::Name(n) => {
                out.push(b'/');
                out.extend_from_slice(n);
            }
            Object::Str(s) => out.extend_from_slice(s),
            Object::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    item.write(out);
                }
                out.push(b']');
            }
            Object::Dict(dict) => dict.write(out),
            Object::Ref(n, g) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
            // psr never writes a stream back: it copies no content.
            Object::Stream(dict, _) => dict.write(out),
        }
    }
}

impl Dict {
    /// The dictionary written as PDF.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"<<");
        for (key, value) in &self.0 {
            out.push(b'/');
            out.extend_from_slice(key);
            out.push(b' ');
            value.write(out);
        }
        out.extend_from_slice(b">>");
    }
}

/// A text string for PDF: a literal string when it is printable ASCII, else UTF-16BE
/// with its byte order mark, in hex.
pub fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        let mut raw = vec![b'('];
        for b in text.bytes() {
            if matches!(b, b'(' | b')' | b'\\') {
                raw.push(b'\\');
            }
            raw.push(b);
        }
        raw.push(b')');
        Object::Str(raw)
    } else {
        let mut raw = b"<FEFF".to_vec();
        for unit in text.encode_utf16() {
            raw.extend_from_slice(format!("{unit:04X}").as_bytes());
        }
        raw.push(b'>');
        Object::Str(raw)
    }
}

/// A name object from plain ASCII letters.
pub fn name(text: &str) -> Object {
    Object::Name(text.as_bytes().to_vec())
}

fn text_of(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(byte) = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// The bytes of a string as written (`(…)` or `<…>`).
fn decode_string(raw: &[u8]) -> Vec<u8> {
    if raw.first() == Some(&b'<') {
        return hex_decode(&raw[1..raw.len().saturating_sub(1)]);
    }
    let inner = &raw[1..raw.len().saturating_sub(1)];
    let mut out = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        if b != b'\\' {
            // An end of line in a literal string is a line feed.
            if b == b'\r' {
                out.push(b'\n');
                if inner.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            } else {
                out.push(b);
            }
            i += 1;
            continue;
        }
        i += 1;
        let Some(&c) = inner.get(i) else { break };
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut value = 0u32;
                let mut n = 0;
                while n < 3 && matches!(inner.get(i), Some(b'0'..=b'7')) {
                    value = value * 8 + u32::from(inner[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push((value & 0xff) as u8);
                continue;
            }
            b'\r' => {
                if inner.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
        i += 1;
    }
    out
}

/// Hex digits to bytes, whitespace skipped, an odd last digit taken as followed by 0.
pub fn hex_decode(hex: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = hex
        .iter()
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect()
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A reader of objects from a position in the file.
pub struct Parser<'a> {
    bytes: &'a [u8],
    /// The position.
    pub pos: usize,
}

/// How deep arrays and dictionaries may nest: a hostile file must not overflow the stack.
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    /// A parser at `pos`.
    pub fn new(bytes: &'a [u8], pos: usize) -> Parser<'a> {
        Parser { bytes, pos }
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.bytes.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A keyword or number: the regular characters from here.
    fn word(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.pos;
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_white(b) || is_delimiter(b) {
                break;
            }
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    /// Expects a keyword.
    pub fn keyword(&mut self, expected: &str) -> Result<(), PdfError> {
        let at = self.pos;
        let word = self.word();
        if word == expected.as_bytes() {
            Ok(())
        } else {
            Err(malformed(format!(
                "expected `{expected}` at byte {at}, found `{}`",
                String::from_utf8_lossy(&word[..word.len().min(20)])
            )))
        }
    }

    /// An unsigned integer.
    pub fn integer(&mut self) -> Result<u64, PdfError> {
        let at = self.pos;
        let word = self.word();
        std::str::from_utf8(word)
            .ok()
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| malformed(format!("expected a number at byte {at}")))
    }

    /// The object starting here.
    pub fn object(&mut self) -> Result<Object, PdfError> {
        self.object_at_depth(0)
    }

    fn object_at_depth(&mut self, depth: usize) -> Result<Object, PdfError> {
        if depth > MAX_DEPTH {
            return Err(malformed("objects nested too deep"));
        }
        self.skip_space();
        let rest = &self.bytes[self.pos.min(self.bytes.len())..];
        match rest.first() {
            None => Err(malformed("the file ends inside an object")),
            Some(b'<') if rest.get(1) == Some(&b'<') => {
                self.pos += 2;
                let dict = self.dict_body(depth)?;
                // A stream follows its dictionary.
                let save = self.pos;
                if self.word() == b"stream" {
                    return self.stream(dict);
                }
                self.pos = save;
                Ok(Object::Dict(dict))
            }
            Some(b'<') => self.hex_string(),
            Some(b'(') => self.literal_string(),
            Some(b'/') => {
                self.pos += 1;
                let start = self.pos;
                while let Some(&b) = self.bytes.get(self.pos) {
                    if is_white(b) || is_delimiter(b) {
                        break;
                    }
                    self.pos += 1;
                }
                Ok(Object::Name(self.bytes[start..self.pos].to_vec()))
            }
            Some(b'[') => self.array(depth),
            Some(_) => self.keyword_or_number(),
        }
    }

    /// `<…>`, kept as written.
    fn hex_string(&mut self) -> Result<Object, PdfError> {
        let rest = &self.bytes[self.pos..];
        let end = rest
            .iter()
            .position(|&b| b == b'>')
            .ok_or_else(|| malformed("an unterminated hex string"))?;
        self.pos += end + 1;
        Ok(Object::Str(rest[..=end].to_vec()))
    }

    /// `(…)`, balanced parentheses and escapes included, kept as written.
    fn literal_string(&mut self) -> Result<Object, PdfError> {
        let rest = &self.bytes[self.pos..];
        let mut nesting = 0usize;
        let mut i = 0;
        loop {
            match rest.get(i) {
                None => return Err(malformed("an unterminated string")),
                Some(b'\\') => i += 2,
                Some(b'(') => {
                    nesting += 1;
                    i += 1;
                }
                Some(b')') => {
                    nesting -= 1;
                    i += 1;
                    if nesting == 0 {
                        break;
                    }
                }
                Some(_) => i += 1,
            }
        }
        self.pos += i;
        Ok(Object::Str(rest[..i].to_vec()))
    }

    /// `[…]`, its items one level deeper.
    fn array(&mut self, depth: usize) -> Result<Object, PdfError> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Object::Array(items));
                }
                None => return Err(malformed("an unterminated array")),
                _ => items.push(self.object_at_depth(depth + 1)?),
            }
        }
    }

    /// `true`, `false`, `null`, a number, or a reference `n g R`.
    fn keyword_or_number(&mut self) -> Result<Object, PdfError> {
        let at = self.pos;
        let word = self.word();
        match word {
            b"true" => return Ok(Object::Bool(true)),
            b"false" => return Ok(Object::Bool(false)),
            b"null" => return Ok(Object::Null),
            _ => {}
        }
        let text = std::str::from_utf8(word).unwrap_or("");
        if let Ok(n) = text.parse::<i64>() {
            // `n g R` is a reference.
            let save = self.pos;
            if n >= 0
                && let Ok(g) = std::str::from_utf8(self.word())
                    .unwrap_or("")
                    .parse::<u16>()
                && self.word() == b"R"
            {
                return Ok(Object::Ref(n as u32, g));
            }
            self.pos = save;
            Ok(Object::Int(n))
        } else if !text.is_empty()
            && text.parse::<f64>().is_ok()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.".contains(&b))
        {
            Ok(Object::Real(text.to_string()))
        } else {
            Err(malformed(format!("unexpected `{}` at byte {at}", text)))
        }
    }

    fn dict_body(&mut self, depth: usize) -> Result<Dict, PdfError> {
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            match self.bytes.get(self.pos..self.pos + 2) {
                Some(b">>") => {
                    self.pos += 2;
                    return Ok(Dict(entries));
                }
                None => return Err(malformed("an unterminated dictionary")),
                _ => {}
            }
            let Object::Name(key) = self.object_at_depth(depth + 1)? else {
                return Err(malformed(format!(
                    "a dictionary key that is not a name at byte {}",
                    self.pos
                )));
            };
            let value = self.object_at_depth(depth + 1)?;
            entries.push((key, value));
        }
    }

    fn stream(&mut self, dict: Dict) -> Result<Object, PdfError> {
        // The data starts after the end of line that follows `stream`.
        if self.bytes.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        let start = self.pos;
        let end = match dict.get("Length").and_then(Object::as_int) {
            Some(len) if len >= 0 => start + len as usize,
            // An indirect length: find the end by its keyword.
            _ => {
                let found = find(&self.bytes[start..], b"endstream")
                    .ok_or_else(|| malformed("a stream without `endstream`"))?;
                start + found
            }
        };
        if end > self.bytes.len() {
            return Err(malformed("a stream runs past the end of the file"));
        }
        self.pos = end;
        let save = self.pos;
        if self.word() != b"endstream" {
            self.pos = save;
            let found = find(&self.bytes[start..], b"endstream")
                .ok_or_else(|| malformed("a stream without `endstream`"))?;
            self.pos = start + found + b"endstream".len();
        }
        Ok(Object::Stream(dict, start..end))
    }
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// One revision: the original file, or an incremental update.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Where its cross-reference table starts.
    pub xref: usize,
    /// Its trailer.
    pub trailer: Dict,
    /// The objects it writes (in use): number → offset.
    pub objects: BTreeMap<u32, usize>,
    /// The objects it frees.
    pub freed: Vec<u32>,
    /// Where it ends: after its `%%EOF` and the end of line that follows.
    pub end: usize,
}

/// A PDF as its revisions, oldest first.
#[derive(Debug)]
pub struct Document<'a> {
    /// The file.
    pub bytes: &'a [u8],
    /// Its revisions, oldest first.
    pub revisions: Vec<Revision>,
}

/// How many revisions psr follows: a report has the original and one per signature.
const MAX_REVISIONS: usize = 64;

impl<'a> Document<'a> {
    /// Reads the cross-reference tables of a PDF.
    pub fn parse(bytes: &'a [u8]) -> Result<Document<'a>, PdfError> {
        if !bytes.starts_with(b"%PDF-") {
            return Err(malformed("it does not start with %PDF-"));
        }
        let tail_from = bytes.len().saturating_sub(1024);
        let at = rfind(&bytes[tail_from..], b"startxref")
            .map(|i| tail_from + i)
            .ok_or_else(|| malformed("no `startxref` at its end"))?;
        let mut parser = Parser::new(bytes, at + b"startxref".len());
        let mut next = Some(parser.integer()? as usize);
        let mut revisions = Vec::new();
        while let Some(offset) = next {
            if revisions.len() == MAX_REVISIONS {
                return Err(malformed("too many revisions"));
            }
            if revisions.iter().any(|r: &Revision| r.xref == offset) {
                return Err(malformed("its revisions loop"));
            }
            let revision = read_xref(bytes, offset)?;
            next = match revision.trailer.get("Prev") {
                Some(Object::Int(prev)) if *prev >= 0 => Some(*prev as usize),
                Some(_) => return Err(malformed("a /Prev that is not an offset")),
                None => None,
            };
            revisions.push(revision);
        }
        revisions.reverse();
        // Each later revision starts where the one before it ended.
        for pair in revisions.windows(2) {
            if pair[1].xref < pair[0].end {
                return Err(PdfError::Unsupported(
                    "its revisions are not in file order".into(),
                ));
            }
        }
        Ok(Document { bytes, revisions })
    }

    /// The trailer of the last revision.
    pub fn trailer(&self) -> &Dict {
        &self
            .revisions
            .last()
            .expect("a document has a revision")
            .trailer
    }

    /// Where object `n` is as of revision `upto` (inclusive): the offset, or `None`
    /// when it is free or was never written.
    pub fn offset_as_of(&self, n: u32, upto: usize) -> Option<usize> {
        for revision in self.revisions[..=upto].iter().rev() {
            if let Some(&offset) = revision.objects.get(&n) {
                return Some(offset);
            }
            if revision.freed.contains(&n) {
                return None;
            }
        }
        None
    }

    /// Object `n` as of revision `upto`.
    pub fn object_as_of(&self, n: u32, upto: usize) -> Result<Option<Object>, PdfError> {
        let Some(offset) = self.offset_as_of(n, upto) else {
            return Ok(None);
        };
        self.object_at(n, offset).map(Some)
    }

    /// Object `n` in the last revision.
    pub fn object(&self, n: u32) -> Result<Option<Object>, PdfError> {
        self.object_as_of(n, self.revisions.len() - 1)
    }

    /// The object written at `offset` as `n 0 obj`.
    pub fn object_at(&self, n: u32, offset: usize) -> Result<Object, PdfError> {
        if offset >= self.bytes.len() {
            return Err(malformed(format!(
                "object {n} lies past the end of the file"
            )));
        }
        let mut parser = Parser::new(self.bytes, offset);
        let number = parser.integer()?;
        let _generation = parser.integer()?;
        parser.keyword("obj")?;
        if number != u64::from(n) {
            return Err(malformed(format!(
                "the table says object {n} is at byte {offset}, where object {number} is"
            )));
        }
        parser.object()
    }

    /// What a value is, references followed (in the last revision).
    pub fn resolve(&self, value: &Object) -> Result<Object, PdfError> {
        self.resolve_as_of(value, self.revisions.len() - 1)
    }

    /// What a value is as of a revision, references followed.
    pub fn resolve_as_of(&self, value: &Object, upto: usize) -> Result<Object, PdfError> {
        let mut value = value.clone();
        for _ in 0..8 {
            match value {
                Object::Ref(n, _) => {
                    value = self.object_as_of(n, upto)?.unwrap_or(Object::Null);
                }
                other => return Ok(other),
            }
        }
        Err(malformed("references that lead in a circle"))
    }

    /// The dictionary at a key of a dictionary, references followed.
    pub fn dict_at(&self, dict: &Dict, key: &str) -> Result<Option<Dict>, PdfError> {
        match dict.get(key) {
            None => Ok(None),
            Some(value) => Ok(self.resolve(value)?.as_dict().cloned()),
        }
    }
}

/// Reads the classic cross-reference table and trailer at `offset`.
fn read_xref(bytes: &[u8], offset: usize) -> Result<Revision, PdfError> {
    let mut parser = Parser::new(bytes, offset);
    if parser.word() != b"xref" {
        // `n 0 obj` here is a cross-reference stream.
        return Err(PdfError::Unsupported(
            "it uses a cross-reference stream, which psr neither writes nor reads: \
             it was rewritten by another program"
                .into(),
        ));
    }
    let mut objects = BTreeMap::new();
    let mut freed = Vec::new();
    loop {
        parser.skip_space();
        if bytes[parser.pos..].starts_with(b"trailer") {
            parser.keyword("trailer")?;
            break;
        }
        let first = parser.integer()?;
        let count = parser.integer()?;
        if count > 10_000_000 {
            return Err(malformed("an impossible cross-reference table"));
        }
        for i in 0..count {
            let at = parser.integer()? as usize;
            let _generation = parser.integer()?;
            let n = u32::try_from(first + i).map_err(|_| malformed("object number too large"))?;
            match parser.word() {
                b"n" => {
                    objects.insert(n, at);
                }
                b"f" => {
                    if n != 0 {
                        freed.push(n);
                    }
                }
                _ => return Err(malformed("a cross-reference entry neither n nor f")),
            }
        }
    }
    let Object::Dict(trailer) = parser.object()? else {
        return Err(malformed("a trailer that is not a dictionary"));
    };
    if trailer.get("XRefStm").is_some() {
        return Err(PdfError::Unsupported(
            "it has a hybrid cross-reference (`/XRefStm`), which psr neither writes nor reads"
                .into(),
        ));
    }
    // The revision ends at the `%%EOF` after its table, and the end of line after it.
    let eof = find(&bytes[parser.pos..], b"%%EOF")
        .map(|i| parser.pos + i + b"%%EOF".len())
        .ok_or_else(|| malformed("a revision without `%%EOF`"))?;
    let mut end = eof;
    if bytes.get(end) == Some(&b'\r') {
        end += 1;
    }
    if bytes.get(end) == Some(&b'\n') {
        end += 1;
    }
    Ok(Revision {
        xref: offset,
        trailer,
        objects,
        freed,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_written_back_as_read() {
        let text = b"<</Type/Page/Kids[1 0 R 2 0 R]/N -3/R 1.5/S(a\\)b)/H<FEFF0041>/B true>>";
        let object = Parser::new(text, 0).object().unwrap();
        let dict = object.as_dict().unwrap();
        assert!(dict.is("Type", "Page"));
        assert_eq!(
            dict.get("Kids"),
            Some(&Object::Array(vec![Object::Ref(1, 0), Object::Ref(2, 0)]))
        );
        assert_eq!(dict.get("S").unwrap().string_bytes().unwrap(), b"a)b");
        assert_eq!(dict.get("H").unwrap().as_text().unwrap(), "A");
        let mut out = Vec::new();
        object.write(&mut out);
        let again = Parser::new(&out, 0).object().unwrap();
        assert_eq!(again, object);
    }

    #[test]
    fn text_strings_are_ascii_or_utf16() {
        assert_eq!(text_string("a(b)").as_text().unwrap(), "a(b)");
        assert_eq!(text_string("Zoë Ngũgĩ").as_text().unwrap(), "Zoë Ngũgĩ");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(1000);
        assert!(Parser::new(text.as_bytes(), 0).object().is_err());
    }
}
