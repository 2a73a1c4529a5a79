//! The SignalR JSON hub protocol at `/hub`: negotiate and skip-negotiation,
//! the handshake, record separators, invocations and completions, pings,
//! close, presence counts, and bad input answered with clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

const RS: char = '\u{1e}';

/// A raw hub connection: the records received and not yet read.
struct Hub {
    ws: Ws,
    pending: Vec<Value>,
}

async fn open(addr: SocketAddr, query: &str) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/hub{query}"))
        .await
        .unwrap();
    ws
}

/// Opens `/hub`, sends the json handshake and checks the empty answer.
async fn connect(addr: SocketAddr, query: &str) -> Hub {
    let mut ws = open(addr, query).await;
    send_text(
        &mut ws,
        &format!("{{\"protocol\":\"json\",\"version\":1}}{RS}"),
    )
    .await;
    let mut hub = Hub {
        ws,
        pending: Vec::new(),
    };
    assert_eq!(hub.next().await, json!({}), "handshake response");
    let welcome = hub.next().await;
    assert_eq!(
        (welcome["type"].as_u64(), welcome["target"].as_str()),
        (Some(1), Some("welcome")),
        "{welcome}"
    );
    assert!(welcome["arguments"][0]["connectionId"].as_u64().unwrap() >= 1);
    hub
}

async fn send_text(ws: &mut Ws, text: &str) {
    ws.send(Message::Text(text.to_owned().into()))
        .await
        .unwrap();
}

impl Hub {
    async fn send(&mut self, message: Value) {
        send_text(&mut self.ws, &format!("{message}{RS}")).await;
    }

    /// The next record, or `None` when the socket closes or `wait` passes.
    async fn try_next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            if !self.pending.is_empty() {
                return Some(self.pending.remove(0));
            }
            let msg = tokio::time::timeout(wait, self.ws.next()).await.ok()??;
            match msg.ok()? {
                Message::Text(text) => {
                    let text = text.as_str();
                    assert!(
                        text.ends_with(RS),
                        "every frame ends with a record separator: {text:?}"
                    );
                    for record in text.split(RS).filter(|r| !r.is_empty()) {
                        self.pending.push(serde_json::from_str(record).unwrap());
                    }
                }
                Message::Close(_) => return None,
                _ => {}
            }
        }
    }

    async fn next(&mut self) -> Value {
        self.try_next(Duration::from_secs(5))
            .await
            .expect("no record within 5 s")
    }

    /// The next record that is not a keep-alive ping or a heartbeat.
    async fn next_message(&mut self) -> Value {
        loop {
            let record = self.next().await;
            let heartbeat = record["target"] == "metric:update"
                && record["arguments"][0].get("version").is_some();
            if record["type"] != 6 && !heartbeat {
                return record;
            }
        }
    }

    async fn invoke(&mut self, id: &str, target: &str, arguments: Value) -> Value {
        self.send(
            json!({ "type": 1, "invocationId": id, "target": target, "arguments": arguments }),
        )
        .await;
        let completion = self.next_message().await;
        assert_eq!(
            (
                completion["type"].as_u64(),
                completion["invocationId"].as_str()
            ),
            (Some(3), Some(id)),
            "{completion}"
        );
        completion
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skip_negotiation_with_or_without_an_access_token_subscribes_and_receives_deltas() {
    let server = quiet_server().await;
    let addr = server.addr;
    let mut anonymous = connect(addr, "").await;
    let mut signed_in = connect(addr, "?access_token=eyJhbGciOi.x.y").await;

    let done = anonymous
        .invoke("0", "subscribe", json!(["metrics:Image:5"]))
        .await;
    assert_eq!(
        done,
        json!({ "type": 3, "invocationId": "0", "result": ["metrics:Image:5"] })
    );
    let done = signed_in
        .invoke(
            "7",
            "Subscribe",
            json!([["metrics:Image:5", "metrics:Model:2"]]),
        )
        .await;
    assert_eq!(
        done["result"],
        json!(["metrics:Image:5", "metrics:Model:2"])
    );

    let body = json!({ "entityType": "Image", "entityId": 5, "updates": { "Like": 1 } });
    assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
    let want = json!({ "type": 1, "target": "metric:update",
        "arguments": [{ "entityType": "Image", "entityId": 5, "seq": 1, "eventId": "e1", "Like": 1 }] });
    assert_eq!(anonymous.next_message().await, want);
    assert_eq!(signed_in.next_message().await, want);

    let done = anonymous
        .invoke("1", "unsubscribe", json!(["metrics:Image:5"]))
        .await;
    assert_eq!(done["result"], json!([]));
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (status["connections"].as_u64(), status["topics"].as_u64()),
        (Some(2), Some(2))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negotiate_hands_out_a_token_that_opens_the_hub() {
    let server = quiet_server().await;
    let addr = server.addr;
    let reply = http(addr, "POST", "/hub/negotiate?negotiateVersion=1", Some("")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let n = reply.json();
    assert_eq!(n["negotiateVersion"], 1);
    assert_eq!(
        n["availableTransports"],
        json!([{ "transport": "WebSockets", "transferFormats": ["Text"] }])
    );
    let (id, token) = (
        n["connectionId"].as_str().unwrap(),
        n["connectionToken"].as_str().unwrap(),
    );
    assert!(!id.is_empty() && token.len() > id.len());
    let mut hub = connect(addr, &format!("?id={token}&access_token=t")).await;
    assert_eq!(
        hub.invoke("0", "subscribe", json!(["metrics:Post:1"]))
            .await["result"],
        json!(["metrics:Post:1"])
    );

    let v0 = http(addr, "POST", "/hub/negotiate", Some("")).await.json();
    assert_eq!(
        (v0["negotiateVersion"].as_u64(), v0.get("connectionToken")),
        (Some(0), None)
    );
    connect(
        addr,
        &format!("?id={}", v0["connectionId"].as_str().unwrap()),
    )
    .await;

    let unknown = http(addr, "GET", "/hub?id=nope", None).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert!(unknown.json()["error"]
        .as_str()
        .unwrap()
        .contains("No Connection with that ID"));
    let bad = http(addr, "POST", "/hub/negotiate?negotiateVersion=x", Some("")).await;
    assert_eq!(
        (bad.status, bad.json()["field"].as_str()),
        (400, Some("negotiateVersion"))
    );
    let plain = http(addr, "GET", "/hub", None).await;
    assert_eq!(plain.status, 400);
    assert!(plain.json()["error"]
        .as_str()
        .unwrap()
        .contains("WebSockets only"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsupported_protocol_or_version_gets_a_handshake_error_and_the_socket_closes() {
    let server = quiet_server().await;
    for (request, says) in [
        (
            r#"{"protocol":"messagepack","version":1}"#,
            "'messagepack' is not supported",
        ),
        (r#"{"protocol":"json","version":2}"#, "version 2"),
        ("not json", "not JSON"),
    ] {
        let mut ws = open(server.addr, "").await;
        send_text(&mut ws, &format!("{request}{RS}")).await;
        let mut hub = Hub {
            ws,
            pending: Vec::new(),
        };
        let answer = hub.next().await;
        assert!(
            answer["error"].as_str().unwrap().contains(says),
            "{request}: {answer}"
        );
        assert!(
            hub.try_next(Duration::from_secs(2)).await.is_none(),
            "closed after the error"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_is_answered_with_pong_and_every_invocation_error_is_a_clear_completion() {
    let server = quiet_server().await;
    let mut hub = connect(server.addr, "").await;
    hub.send(json!({ "type": 1, "invocationId": "p", "target": "Ping", "arguments": [] }))
        .await;
    assert_eq!(
        hub.next_message().await,
        json!({ "type": 1, "target": "Pong", "arguments": [] })
    );
    assert_eq!(
        hub.next_message().await,
        json!({ "type": 3, "invocationId": "p" })
    );

    let cases = [
        (
            json!({ "type": 1, "invocationId": "1", "target": "dance", "arguments": [] }),
            "Unknown hub method 'dance'",
        ),
        (
            json!({ "type": 1, "invocationId": "2", "target": "subscribe", "arguments": [] }),
            "takes one argument",
        ),
        (
            json!({ "type": 1, "invocationId": "3", "target": "subscribe", "arguments": [5] }),
            "arguments[0] must be a topic",
        ),
        (
            json!({ "type": 1, "invocationId": "4", "target": "subscribe", "arguments": [""] }),
            "1 to 256 bytes",
        ),
        (
            json!({ "type": 1, "invocationId": "5", "target": "subscribe", "arguments": ["t"], "streamIds": ["s"] }),
            "streams are not supported",
        ),
        (
            json!({ "type": 4, "invocationId": "6", "target": "subscribe", "arguments": ["t"] }),
            "streaming invocations are not supported",
        ),
        (
            json!({ "type": 5, "invocationId": "7" }),
            "nothing to cancel",
        ),
        (
            json!({ "type": 1, "invocationId": "8", "arguments": [] }),
            "needs a `target`",
        ),
    ];
    for (message, says) in cases {
        let id = message["invocationId"].as_str().unwrap().to_owned();
        hub.send(message.clone()).await;
        let completion = hub.next_message().await;
        assert_eq!(completion["invocationId"], id.as_str(), "{completion}");
        assert!(completion.get("result").is_none());
        assert!(
            completion["error"].as_str().unwrap().contains(says),
            "{message}: {completion}"
        );
    }
    // Without an invocationId nothing completes; a failure is told as `error`.
    hub.send(json!({ "type": 1, "target": "subscribe", "arguments": ["metrics:Image:1"] }))
        .await;
    hub.send(json!({ "type": 1, "target": "subscribe", "arguments": [1, 2] }))
        .await;
    let told = hub.next_message().await;
    assert_eq!(told["target"], "error", "{told}");
    assert!(told["arguments"][0]["message"]
        .as_str()
        .unwrap()
        .contains("takes one argument"));
    // Pings, acks and unknown types are ignored; the connection stays usable.
    for message in [
        json!({ "type": 6 }),
        json!({ "type": 8, "sequenceId": 1 }),
        json!({ "type": 42 }),
    ] {
        hub.send(message).await;
    }
    let done = hub
        .invoke("9", "unsubscribe", json!(["metrics:Image:1"]))
        .await;
    assert_eq!(done["result"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_may_arrive_batched_or_split_across_frames() {
    let server = quiet_server().await;
    let mut hub = connect(server.addr, "").await;
    let a = json!({ "type": 1, "invocationId": "a", "target": "subscribe", "arguments": ["x"] })
        .to_string();
    let b = json!({ "type": 1, "invocationId": "b", "target": "subscribe", "arguments": ["y"] })
        .to_string();
    let (head, tail) = b.split_at(10);
    send_text(&mut hub.ws, &format!("{a}{RS}{head}")).await;
    send_text(&mut hub.ws, &format!("{tail}{RS}")).await;
    assert_eq!(hub.next_message().await["result"], json!(["x"]));
    assert_eq!(hub.next_message().await["result"], json!(["x", "y"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_record_or_a_binary_frame_closes_with_the_reason() {
    let server = quiet_server().await;
    for bad in [
        Message::Text(format!("nope{RS}").into()),
        Message::Binary(vec![1, 2].into()),
    ] {
        let mut hub = connect(server.addr, "").await;
        hub.ws.send(bad.clone()).await.unwrap();
        let close = hub.next_message().await;
        assert_eq!(close["type"], 7, "{close}");
        assert!(
            close.get("allowReconnect").is_none(),
            "a broken client must not reconnect into the same error"
        );
        assert!(!close["error"].as_str().unwrap().is_empty());
        assert!(hub.try_next(Duration::from_secs(2)).await.is_none());
    }
    // The engine is fine.
    let mut hub = connect(server.addr, "").await;
    hub.invoke("0", "subscribe", json!(["z"])).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_pings_a_quiet_connection_on_its_keep_alive_interval() {
    let server = start(|c| {
        c.rate = 0.0;
        c.heartbeat_ms = 0;
        c.hub_keep_alive_ms = 150;
    })
    .await;
    let mut hub = connect(server.addr, "").await;
    let started = Instant::now();
    for _ in 0..3 {
        assert_eq!(hub.next().await, json!({ "type": 6 }));
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(3),
        "3 pings took {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_sends_close_with_allow_reconnect() {
    let server = start(|c| c.rate = 0.0).await;
    let mut hub = connect(server.addr, "").await;
    hub.invoke("0", "subscribe", json!(["metrics:Model:1"]))
        .await;
    server.stop();
    let close = hub.next_message().await;
    assert_eq!(
        close,
        json!({ "type": 7, "error": "the engine is shutting down", "allowReconnect": true })
    );
    assert!(hub.try_next(Duration::from_secs(3)).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribe_notify_tells_the_topic_connection_count_as_it_changes() {
    let server = quiet_server().await;
    let addr = server.addr;
    let topic = "metrics:Image:3";
    let mut watcher = connect(addr, "").await;
    watcher.send(json!({ "type": 1, "invocationId": "0", "target": "subscribeNotify", "arguments": [topic] })).await;
    let count = |n: u64| json!({ "type": 1, "target": "topic:connections", "arguments": [{ "topic": topic, "count": n }] });
    assert_eq!(watcher.next_message().await, count(1));
    assert_eq!(watcher.next_message().await["invocationId"], "0");

    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &[topic]).await;
    assert_eq!(watcher.next_message().await, count(2));
    ws.close(None).await.unwrap();
    drop(ws);
    assert_eq!(watcher.next_message().await, count(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_followed_over_ws_and_hub_is_one_topic() {
    let server = quiet_server().await;
    let addr = server.addr;
    let mut hub = connect(addr, "").await;
    let (mut ws, _) = ws_connect(addr).await;
    hub.invoke("0", "subscribe", json!(["metrics:Post:4"]))
        .await;
    command(&mut ws, "subscribe", &["metrics:Post:4"]).await;
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (status["connections"].as_u64(), status["topics"].as_u64()),
        (Some(2), Some(1))
    );
    let body = json!({ "entityType": "Post", "entityId": 4, "updates": { "commentCount": 2 } });
    post_json(addr, "/api/events", body).await;
    let via_hub = hub.next_message().await;
    let via_ws = next_frame(&mut ws).await;
    assert_eq!(via_hub["arguments"][0], via_ws[0]["data"]);
    assert_eq!(via_hub["arguments"][0]["commentCount"], 2);
}
