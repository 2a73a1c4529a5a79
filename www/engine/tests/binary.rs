//! The real binary: startup line on port 0, --help, bad flags, SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_livemetrics-engine");

#[test]
fn help_and_bad_flags() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--addr",
        "--static-dir",
        "--rate",
        "--tick-ms",
        "--seed",
        "--models",
        "--images",
        "--posts",
        "--projects",
        "--heartbeat-ms",
        "--replay",
        "--gap",
        "--reorder",
    ] {
        assert!(text.contains(flag), "usage mentions {flag}");
    }
    for args in [
        &["--bogus"][..],
        &["--rate"],
        &["--rate", "-5"],
        &["--tick-ms", "0"],
        &["--gap", "1.5"],
        &["--replay", "x"],
    ] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let out = Command::new(BIN)
        .env("LIVEMETRICS_RATE", "lots")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LIVEMETRICS_RATE"));
    let out = Command::new(BIN)
        .env("LIVEMETRICS_REORDER", "2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LIVEMETRICS_REORDER"));
}

#[test]
fn announces_its_port_and_stops_on_sigterm() {
    let mut child = Command::new(BIN)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--static-dir",
            "/nonexistent",
            "--models",
            "3",
        ])
        .env("LIVEMETRICS_POSTS", "2")
        .env("LIVEMETRICS_PROJECTS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("livemetrics engine listening on http://")
        .unwrap();
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);

    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /api/truth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"));
    assert!(
        reply.contains("\"Model:3\"")
            && !reply.contains("\"Model:4\"")
            && reply.contains("\"Post:2\"")
            && reply.contains("\"Project:project-1\"")
            && !reply.contains("\"Project:project-2\"")
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "graceful exit, got {status}");
            break;
        }
        assert!(Instant::now() < deadline, "engine did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}
