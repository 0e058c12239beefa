//! `--output-format gitlab`: a GitLab Code Quality report (a JSON array of issues), which
//! merge requests show inline. Each issue has a fingerprint that stays the same while the
//! finding does, even when lines above it move: it hashes the path, the code, the message
//! and how many identical findings came before it in the file, not the line number.
//! Severities: error is `critical`, warning `major`, advice `minor`.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Place, ReportOptions};
use crate::diagnostic::Severity;
use crate::linter::FileReport;

pub(super) fn write(
    files: &[FileReport],
    _options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut issues: Vec<Value> = Vec::new();
    for file in files {
        let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
        for d in &file.diagnostics {
            let occurrence = seen.entry((d.code(), d.message.as_str())).or_insert(0);
            let fingerprint = fingerprint(&file.path, d.code(), &d.message, *occurrence);
            *occurrence += 1;
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Advice => "minor",
            };
            // A notebook cell has no line in the file: line 1, and the cell in the text.
            let place = Place::of(file, d);
            let (begin, end) = match place.cell {
                Some(_) => (1, 1),
                None => (d.start.line, d.end.line),
            };
            issues.push(json!({
                "type": "issue",
                "check_name": d.code(),
                "description": format!("{} {}: {}{}", d.code(), d.name(), place.message_prefix(), d.message),
                "categories": ["Bug Risk"],
                "severity": severity,
                "fingerprint": fingerprint,
                "location": {
                    "path": file.path,
                    "lines": { "begin": begin, "end": end },
                },
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::from)?;
    writeln!(out)
}

/// FNV-1a (64 bits) over the parts, with a separator that cannot occur in them: stable
/// across platforms and releases, which a std `Hasher` does not promise.
fn fingerprint(path: &str, code: &str, message: &str, occurrence: u32) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let occurrence = occurrence.to_string();
    for part in [path, code, message, &occurrence] {
        for byte in part.bytes().chain([0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint("app.py", "PX0701", "slow", 0);
        assert_eq!(a, fingerprint("app.py", "PX0701", "slow", 0));
        assert_ne!(a, fingerprint("app.py", "PX0701", "slow", 1));
        assert_ne!(a, fingerprint("app.py", "PX0702", "slow", 0));
        assert_eq!(a.len(), 16);
    }
}
