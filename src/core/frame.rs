//! Transport frames as received: the text of one socket frame (or several,
//! separated by whitespace), each a message `{ type, topic?, data }` or an
//! array of them. `metric:update` payloads are read straight into signals
//! — one parse, here, for what used to be parsed, re-serialized and parsed
//! again — and every other message is handed back as its raw JSON text for
//! the app's handlers. Lenient like all remote input: never fails.

use super::json::{NumberParser, Reader};
use super::signal::{read_payload, SignalPayload};

/// The message type of metric deltas (the seed's `SignalMessages.MetricUpdate`).
pub const METRIC_UPDATE: &str = "metric:update";

/// What a frame held.
#[derive(Debug, Default, PartialEq)]
pub struct Frame<'a> {
    /// The `metric:update` payloads, in order.
    pub signals: Vec<SignalPayload>,
    /// Every other message's raw JSON (kept only when asked for).
    pub others: Vec<&'a str>,
}

/// One message: its type, and its data read as payloads (the common case,
/// read as it goes by; dropped if the type turns out to be another).
fn read_message<'a>(r: &mut Reader<'a>, frame: &mut Frame<'a>, keep_others: bool) -> Option<()> {
    if r.peek()? != b'{' {
        // Not a message: a payload with no entity (rejected and counted).
        r.skip()?;
        frame.signals.push(SignalPayload::default());
        return Some(());
    }
    let start = r.offset();
    let mut is_metric = false;
    let mut payloads = Vec::new();
    r.object(|r, key| {
        match &*key {
            "type" => match r.scalar()? {
                super::json::Scalar::Text(t) => is_metric = t == METRIC_UPDATE,
                _ => is_metric = false,
            },
            "data" if r.peek()? == b'[' => r.array(|r| {
                payloads.push(read_payload(r)?);
                Some(())
            })?,
            "data" => payloads.push(read_payload(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    if is_metric {
        frame.signals.append(&mut payloads);
    } else if keep_others {
        let end = r.offset();
        frame.others.push(r.slice(start, end)?);
    }
    Some(())
}

/// Reads a frame's text. Malformed text counts as one payload with no
/// entity (rejected and counted), after whatever was read before it.
pub fn parse_frames<'a>(text: &'a str, numbers: NumberParser<'a>, keep_others: bool) -> Frame<'a> {
    let mut r = Reader::new(text, numbers);
    let mut frame = Frame::default();
    while !r.at_end() {
        let read = if r.peek() == Some(b'[') {
            r.array(|r| read_message(r, &mut frame, keep_others))
        } else {
            read_message(&mut r, &mut frame, keep_others)
        };
        if read.is_none() {
            frame.signals.push(SignalPayload::default());
            break;
        }
    }
    frame
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::signal::{std_numbers, RawId};

    #[test]
    fn metric_updates_become_signals_and_other_messages_stay_text() {
        let text = r#"[{"type":"welcome","data":{"connectionId":3}},
            {"type":"metric:update","topic":"metrics:Image:1","data":{"entityType":"Image","entityId":1,"seq":4,"likeCount":1}},
            {"data":{"entityType":"Model","entityId":"m","updates":{"downloadCount":2}},"type":"metric:update"}]
            {"type":"projectStatsUpdate","data":{"projectId":"p"}}"#;
        let f = parse_frames(text, &std_numbers, true);
        assert_eq!(f.signals.len(), 2);
        assert_eq!(f.signals[0].entity_id, RawId::Number(1.0));
        assert_eq!(f.signals[0].seq, Some(4.0));
        assert_eq!(
            f.signals[1].fields,
            vec![("downloadCount".to_string(), Some(2.0))]
        );
        assert_eq!(f.others.len(), 2);
        assert_eq!(
            f.others[0],
            r#"{"type":"welcome","data":{"connectionId":3}}"#
        );
        assert!(f.others[1].starts_with(r#"{"type":"projectStatsUpdate""#));
        assert!(parse_frames(text, &std_numbers, false).others.is_empty());
    }

    #[test]
    fn a_broken_frame_is_one_rejected_payload_after_what_was_read() {
        let f = parse_frames(
            r#"{"type":"metric:update","data":{"entityType":"Image","entityId":2}} {"type":"#,
            &std_numbers,
            true,
        );
        assert_eq!(f.signals.len(), 2);
        assert_eq!(f.signals[1], SignalPayload::default());
        let f = parse_frames("[1, \"x\"]", &std_numbers, true);
        assert_eq!(
            f.signals,
            vec![SignalPayload::default(), SignalPayload::default()]
        );
    }
}
