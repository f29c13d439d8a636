//! The binary cache of the `docket/` files under `.zhijian/docket/cache.bin`: the whole dataset
//! in a compact form that loads in a fraction of the time the CSV files take to parse.
//!
//! It records the size and modification time of every file it was built from; when any of
//! them differs (an import, a hand edit, a `git pull`), the files are read again. A cache that
//! cannot be read is rebuilt, never trusted: it is derived data.

use jiff::civil::Date;

use crate::model::{Case, Category, Dataset, Duty, Event, EventKind, Source, Strings, Sym};

/// The first bytes of a cache file; the last two digits are the format version.
const MAGIC: &[u8; 8] = b"ZJDKT001";

/// What a file looked like when the cache was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The file name under `docket/cases/`.
    pub name: String,
    /// Its size in bytes.
    pub len: u64,
    /// Its modification time, in nanoseconds since the epoch.
    pub mtime_ns: u64,
}

/// Encodes the dataset and the stamps of the files it came from.
pub fn encode(data: &Dataset, stamps: &[Stamp]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + data.cases.len() * 80);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, stamps.len());
    for stamp in stamps {
        put_str(&mut out, &stamp.name);
        out.extend_from_slice(&stamp.len.to_le_bytes());
        out.extend_from_slice(&stamp.mtime_ns.to_le_bytes());
    }
    put_u32(&mut out, data.strings.all().len());
    for text in data.strings.all() {
        put_str(&mut out, text);
    }
    put_u32(&mut out, data.cases.len());
    for case in &data.cases {
        put_str(&mut out, &case.number);
        put_str(&mut out, &case.suspect);
        for sym in [case.unit, case.dept, case.handler] {
            out.extend_from_slice(&sym.0.to_le_bytes());
        }
        put_name(
            &mut out,
            known_index(Category::KNOWN, &case.category),
            other_sym(&case.category),
        );
        put_date(&mut out, case.received);
        out.push(u8::from(case.detained));
        put_name(
            &mut out,
            known_index(Source::KNOWN, &case.source),
            other_sym(&case.source),
        );
        put_name(
            &mut out,
            known_index(Duty::KNOWN, &case.duty),
            other_sym(&case.duty),
        );
        put_u32(&mut out, case.events.len());
        for event in &case.events {
            put_date(&mut out, event.date);
            put_name(
                &mut out,
                known_index(EventKind::KNOWN, &event.kind),
                other_sym(&event.kind),
            );
        }
    }
    out
}

/// A cache whose header (stamps and strings) has been read; the cases follow.
#[derive(Debug)]
pub struct Header<'a> {
    /// The files it was built from.
    pub stamps: Vec<Stamp>,
    /// The string table.
    pub strings: Strings,
    reader: Reader<'a>,
    cases: u32,
}

/// Reads a cache's header; `None` when it is damaged or of another version.
pub fn header(bytes: &[u8]) -> Option<Header<'_>> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let stamps = (0..r.u32()?)
        .map(|_| {
            Some(Stamp {
                name: r.string()?.to_string(),
                len: r.u64()?,
                mtime_ns: r.u64()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let mut strings = Strings::default();
    let count = r.u32()?;
    for expected in 0..count {
        let text = r.string()?;
        // Interning must give back the same symbols, or every Sym below would be wrong.
        if strings.intern(text).0 != expected {
            return None;
        }
    }
    let cases = r.u32()?;
    Some(Header {
        stamps,
        strings,
        reader: r,
        cases,
    })
}

impl Header<'_> {
    /// Hands every case row to `f`, in order, without keeping them; gives back the strings, or
    /// `None` when the cache turns out damaged (the caller then starts over from the files).
    pub fn for_each(mut self, mut f: impl FnMut(Case, &Strings)) -> Option<Strings> {
        let limit = u32::try_from(self.strings.all().len()).ok()?;
        let r = &mut self.reader;
        let sym = |r: &mut Reader| r.u32().filter(|&s| s < limit).map(Sym);
        for _ in 0..self.cases {
            let number: Box<str> = r.string()?.into();
            let suspect: Box<str> = r.string()?.into();
            let (unit, dept, handler) = (sym(r)?, sym(r)?, sym(r)?);
            let category = r.name(Category::KNOWN, Category::Other, limit)?;
            let received = r.date()?;
            let detained = r.take(1)?[0] == 1;
            let source = r.name(Source::KNOWN, Source::Other, limit)?;
            let duty = r.name(Duty::KNOWN, Duty::Other, limit)?;
            let n = r.u32()?;
            let mut events = Vec::with_capacity(n.min(1024) as usize);
            for _ in 0..n {
                let date = r.date()?;
                let kind = r.name(EventKind::KNOWN, EventKind::Other, limit)?;
                events.push(Event { date, kind });
            }
            let case = Case {
                number,
                suspect,
                unit,
                dept,
                handler,
                category,
                received,
                detained,
                source,
                duty,
                events,
            };
            f(case, &self.strings);
        }
        (r.at == r.bytes.len()).then_some(self.strings)
    }

    /// How many case rows follow.
    pub fn len(&self) -> usize {
        self.cases as usize
    }

    /// Whether no case row follows.
    pub fn is_empty(&self) -> bool {
        self.cases == 0
    }
}

/// Decodes a whole cache; `None` when it is damaged or of another version.
pub fn decode(bytes: &[u8]) -> Option<(Vec<Stamp>, Dataset)> {
    let head = header(bytes)?;
    let stamps = head.stamps.clone();
    let mut cases = Vec::with_capacity(head.len().min(1 << 24));
    let strings = head.for_each(|case, _| cases.push(case))?;
    Some((stamps, Dataset { strings, cases }))
}

/// Other names are tagged 255 and followed by their symbol.
const OTHER: u8 = 255;

fn known_index<T: PartialEq>(known: &[T], value: &T) -> u8 {
    known
        .iter()
        .position(|k| k == value)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(OTHER)
}

trait OtherSym {
    fn other(&self) -> Option<Sym>;
}

macro_rules! other_sym {
    ($($t:ident),*) => {$(impl OtherSym for $t {
        fn other(&self) -> Option<Sym> {
            match self {
                $t::Other(sym) => Some(*sym),
                _ => None,
            }
        }
    })*};
}
other_sym!(Category, Source, Duty, EventKind);

fn other_sym(value: &impl OtherSym) -> Option<Sym> {
    value.other()
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn put_date(out: &mut Vec<u8>, date: Date) {
    out.extend_from_slice(&date.year().to_le_bytes());
    out.push(date.month() as u8);
    out.push(date.day() as u8);
}

fn put_name(out: &mut Vec<u8>, tag: u8, other: Option<Sym>) {
    out.push(tag);
    if let (OTHER, Some(sym)) = (tag, other) {
        out.extend_from_slice(&sym.0.to_le_bytes());
    }
}

#[derive(Debug)]
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn date(&mut self) -> Option<Date> {
        let b = self.take(4)?;
        let year = i16::from_le_bytes([b[0], b[1]]);
        Date::new(year, b[2] as i8, b[3] as i8).ok()
    }

    fn name<T: Copy>(&mut self, known: &[T], other: fn(Sym) -> T, limit: u32) -> Option<T> {
        let tag = self.take(1)?[0];
        if tag == OTHER {
            let sym = self.u32().filter(|&s| s < limit)?;
            return Some(other(Sym(sym)));
        }
        known.get(tag as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn sample() -> Dataset {
        let mut data = Dataset::default();
        let unit = data.strings.intern("甲院");
        let other = Category::parse("羁押必要性审查", &mut data.strings);
        let odd = EventKind::parse("听证", &mut data.strings);
        data.cases.push(Case {
            number: "A1".into(),
            suspect: "".into(),
            unit,
            dept: unit,
            handler: unit,
            category: other,
            received: date(2024, 2, 29),
            detained: false,
            source: Source::OwnInitiative,
            duty: Duty::PublicInterest,
            events: vec![
                Event {
                    date: date(2024, 3, 1),
                    kind: EventKind::Concluded,
                },
                Event {
                    date: date(2024, 3, 2),
                    kind: odd,
                },
            ],
        });
        data
    }

    #[test]
    fn round_trips() {
        let data = sample();
        let stamps = vec![Stamp {
            name: "2024-02.csv".into(),
            len: 10,
            mtime_ns: 7,
        }];
        let bytes = encode(&data, &stamps);
        let (back_stamps, back) = decode(&bytes).expect("decodes");
        assert_eq!(back_stamps, stamps);
        assert_eq!(back.cases, data.cases);
        assert_eq!(back.strings.all(), data.strings.all());
    }

    #[test]
    fn damage_and_other_versions_are_refused() {
        let bytes = encode(&sample(), &[]);
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let mut old = bytes;
        old[7] = b'0';
        assert!(decode(&old).is_none());
    }
}
