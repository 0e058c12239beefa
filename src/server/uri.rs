//! `file:` URIs and paths. Documents of other schemes (`untitled:`, ...) have no path of
//! their own; they are checked as a file of that name in the first workspace folder.

use std::path::PathBuf;

use lsp_types::Uri;

/// The path of a `file:` URI, percent-decoded; `None` for other schemes.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///path` (empty authority) or `file://localhost/path`.
    let path = match rest.find('/') {
        Some(slash) => &rest[slash..],
        None => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `file:///C:/x` names `C:/x` on Windows.
    if cfg!(windows) && decoded.as_bytes().get(2) == Some(&b':') {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
#[cfg(test)]
pub fn from_path(path: &std::path::Path) -> Option<Uri> {
    let mut text = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    std::str::FromStr::from_str(&text).ok()
}

/// The last segment of any URI (`untitled:Untitled-1` gives `Untitled-1`).
pub fn file_name(uri: &Uri) -> String {
    let text = uri.as_str();
    let last = text.rsplit(['/', ':']).next().unwrap_or(text);
    percent_decode(last).unwrap_or_else(|| last.to_string())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            decoded.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::str::FromStr;

    #[test]
    fn paths_round_trip_through_uris() {
        let path = Path::new("/tmp/a dir/ünï code#1.py");
        let uri = from_path(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/a%20dir/%C3%BCn%C3%AF%20code%231.py"
        );
        assert_eq!(to_path(&uri).unwrap(), path);
    }

    #[test]
    fn other_schemes_have_no_path() {
        let uri = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(to_path(&uri), None);
        assert_eq!(file_name(&uri), "Untitled-1");
        let host = Uri::from_str("file://localhost/srv/x.py").unwrap();
        assert_eq!(to_path(&host).unwrap(), PathBuf::from("/srv/x.py"));
    }
}
