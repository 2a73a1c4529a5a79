//! The last word on unsubscribe: a connection leaving a topic first gets what
//! delivery still holds for it and a final heartbeat, in the ack's frame, so
//! a client can notice a last delta that was dropped or held back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const TOPIC: &str = "metrics:Image:1";

/// Sends an unsubscribe and returns its ack's frame (which must be the next
/// frame: nothing else is emitted).
async fn unsubscribe_frame(ws: &mut Ws, topics: &[&str]) -> Vec<Value> {
    send(ws, json!({ "type": "unsubscribe", "topics": topics })).await;
    let frame = next_frame(ws).await.as_array().unwrap().clone();
    assert_eq!(frame.last().unwrap()["type"], "subscribed", "{frame:?}");
    frame
}

async fn version(addr: std::net::SocketAddr, key: &str) -> u64 {
    get_json(addr, "/api/versions").await[key].as_u64().unwrap()
}

fn like(id: u32) -> Value {
    json!({ "entityType": "Image", "entityId": id, "updates": { "Like": 1 } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_after_a_dropped_last_delta_hears_the_current_version() {
    let server = quiet_server().await;
    let addr = server.addr;
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &[TOPIC, "metrics:Model:2"]).await;

    control(addr, json!({ "gap": 1.0 })).await;
    assert_eq!(post_json(addr, "/api/events", like(1)).await.status, 200);
    assert_eq!(get_json(addr, "/api/control").await["dropped"], 1);
    assert!(
        try_next_frame(&mut ws, Duration::from_millis(200))
            .await
            .is_none(),
        "the delta was dropped"
    );

    let frame = unsubscribe_frame(&mut ws, &[TOPIC, "metrics:Video:1"]).await;
    let current = version(addr, "Image:1").await;
    assert_eq!(current, 1);
    assert_eq!(frame.len(), 2, "one heartbeat, then the ack: {frame:?}");
    let beat = &frame[0];
    assert!(is_heartbeat(beat), "{beat}");
    assert_eq!(beat["topic"], TOPIC);
    assert_eq!(
        beat["data"],
        json!({ "entityType": "Image", "entityId": 1, "version": current })
    );
    assert_eq!(frame[1]["data"]["topics"], json!(["metrics:Model:2"]));

    // Leaving a topic it does not follow (any more) says nothing but the ack.
    let frame = unsubscribe_frame(&mut ws, &[TOPIC]).await;
    assert_eq!(frame.len(), 1, "{frame:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_gets_the_held_message_first_and_others_still_get_it() {
    let server = start(|c| {
        c.rate = 0.0;
        c.heartbeat_ms = 0;
        c.tick_ms = 500;
    })
    .await;
    let addr = server.addr;
    let (mut leaving, _) = ws_connect(addr).await;
    let (mut staying, _) = ws_connect(addr).await;
    command(&mut leaving, "subscribe", &[TOPIC]).await;
    command(&mut staying, "subscribe", &[TOPIC]).await;

    control(addr, json!({ "reorder": 1.0 })).await;
    assert_eq!(post_json(addr, "/api/events", like(1)).await.status, 200);
    let frame = unsubscribe_frame(&mut leaving, &[TOPIC]).await;
    let current = version(addr, "Image:1").await;
    assert_eq!(frame.len(), 3, "held delta, heartbeat, ack: {frame:?}");
    let held = &frame[0];
    assert_eq!(held["topic"], TOPIC);
    assert_eq!(held["data"]["seq"].as_u64(), Some(current), "{held}");
    assert_eq!(held["data"]["Like"], 1, "{held}");
    assert_eq!(frame[1]["data"]["version"].as_u64(), Some(current));

    // The one still subscribed gets the held delta when delivery releases it.
    let got = next_frame(&mut staying).await;
    assert_eq!(got, json!([held.clone()]));
    assert!(
        try_next_frame(&mut leaving, Duration::from_millis(300))
            .await
            .is_none(),
        "the leaving connection gets it once"
    );
}
