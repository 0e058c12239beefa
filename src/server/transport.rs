//! JSON-RPC framing over standard input and output: `Content-Length` headers, then a JSON
//! body. `lsp-server`'s own stdio transport stops at the first body that is not valid JSON;
//! this one answers it with a parse error (as JSON-RPC asks) and goes on reading, so one
//! bad message from a client never takes the server down.
//!
//! A reader thread turns standard input into [`Incoming`] events on the main loop's
//! channel; a writer thread owns standard output, so workers can answer requests without
//! passing through the main loop.

use std::io::{self, BufRead, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message};
use serde_json::Value;

/// What the reader saw.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame whose body is not a JSON-RPC message: answered with this error, to this id
    /// (`null` when the body is not even JSON).
    Malformed {
        id: Value,
        code: ErrorCode,
        reason: String,
    },
    /// Standard input is closed (the client exited or was killed), or cannot be read.
    Closed,
}

/// What goes out: a message, or an error answer to a request that could not be read.
pub enum Outgoing {
    Message(Message),
    Raw(Value),
}

/// Reads frames from `input` until it closes, sending each to `events`.
pub fn read_loop<E: From<Incoming>>(mut input: impl BufRead, events: Sender<E>) {
    loop {
        let incoming = match read_frame(&mut input) {
            Ok(Some(body)) => parse(&body),
            Ok(None) => Incoming::Closed,
            Err(error) if error.kind() == io::ErrorKind::InvalidData => Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError,
                reason: error.to_string(),
            },
            Err(_) => Incoming::Closed,
        };
        let closed = matches!(incoming, Incoming::Closed);
        if events.send(incoming.into()).is_err() || closed {
            return;
        }
    }
}

/// Writes every outgoing message to `output`, flushing each (the client waits for it).
/// Returns when every sender is gone or the client stops reading.
pub fn write_loop(mut output: impl Write, outgoing: Receiver<Outgoing>) {
    for message in outgoing {
        let written = match message {
            Outgoing::Message(message) => message.write(&mut output),
            Outgoing::Raw(value) => write_frame(&mut output, &value.to_string()),
        };
        if written.is_err() {
            return;
        }
    }
}

/// The JSON-RPC error answer to a frame that could not be read as a message.
pub fn error_answer(id: Value, code: ErrorCode, reason: &str) -> Value {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": reason },
    })
}

fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError,
                reason: format!("the message is not valid JSON: {error}"),
            }
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(error) => Incoming::Malformed {
            id,
            code: ErrorCode::InvalidRequest,
            reason: format!("not a JSON-RPC request, response or notification: {error}"),
        },
    }
}

/// One frame's body; `None` at the end of the input. A header block without a usable
/// `Content-Length` is invalid data (the body that follows cannot be delimited, so the
/// reader looks for the next header block).
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    let mut saw_header = false;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message header without a valid Content-Length",
        ));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn write_frame(output: &mut impl Write, body: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(body.as_bytes())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Incoming> {
        let (sender, receiver) = crossbeam_channel::unbounded::<Incoming>();
        read_loop(io::Cursor::new(input.as_bytes().to_vec()), sender);
        receiver.into_iter().collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_messages_and_survives_bad_json() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":3}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        let seen = frames(&input);
        assert!(
            matches!(&seen[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown")
        );
        assert!(matches!(
            &seen[1],
            Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(matches!(
            &seen[2],
            Incoming::Malformed { id, code: ErrorCode::InvalidRequest, .. } if id == 7
        ));
        assert!(
            matches!(&seen[3], Incoming::Message(Message::Notification(n)) if n.method == "exit")
        );
        assert!(matches!(seen[4], Incoming::Closed));
    }

    #[test]
    fn a_header_without_length_is_reported_and_reading_goes_on() {
        let input = format!(
            "X-Nothing: 1\r\n\r\n{}",
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let seen = frames(&input);
        assert!(matches!(
            &seen[0],
            Incoming::Malformed {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(matches!(&seen[1], Incoming::Message(_)));
    }
}
