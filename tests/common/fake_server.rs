//! A raw TCP server that misbehaves on purpose: hangs, resets, sends half a response, or answers with
//! whatever bytes a test scripts. Records the request lines it saw.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does with the n-th request (0-based).
#[derive(Clone)]
pub enum Behavior {
    /// Send these bytes and close.
    Respond(Vec<u8>),
    /// Read the request, then never answer (until the test ends).
    Hang,
    /// Close the connection with a TCP reset.
    Reset,
}

/// A complete HTTP/1.1 response with a JSON or other body.
pub fn http(status: &str, content_type: &str, extra_headers: &str, body: &str) -> Behavior {
    Behavior::Respond(
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n{extra_headers}\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

pub struct FakeServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    /// Each request's whole head: request line and headers.
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl FakeServer {
    /// A server answering every request `200 OK` with the JSON `body`.
    pub fn answering(body: &'static str) -> FakeServer {
        FakeServer::start(move |_, _| http("200 OK", "application/json", "", body))
    }

    /// Serves until the process ends; `script` picks the behaviour for each request.
    pub fn start(script: impl Fn(usize, &str) -> Behavior + Send + Sync + 'static) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let seen_heads = heads.clone();
        let script = Arc::new(script);
        std::thread::spawn(move || {
            for (index, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                let seen = seen.clone();
                let seen_heads = seen_heads.clone();
                let script = script.clone();
                std::thread::spawn(move || handle(stream, index, &*script, &seen, &seen_heads));
            }
        });
        FakeServer {
            base_url,
            requests,
            heads,
        }
    }

    pub fn request_lines(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// Each request's head (request line and headers), in the order received.
    pub fn request_heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

fn handle(
    mut stream: TcpStream,
    index: usize,
    script: &(dyn Fn(usize, &str) -> Behavior + Send + Sync),
    seen: &Mutex<Vec<String>>,
    heads: &Mutex<Vec<String>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buffer = vec![0u8; 64 * 1024];
    let mut received = Vec::new();
    // A TLS ClientHello (first byte 0x16) never ends in a blank line: answer it straight away.
    while !received.windows(4).any(|window| window == b"\r\n\r\n")
        && received.first() != Some(&0x16)
    {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
    let head = String::from_utf8_lossy(&received).to_string();
    let line = head.lines().next().unwrap_or_default().to_string();
    seen.lock().unwrap().push(line.clone());
    heads.lock().unwrap().push(head.clone());
    match script(index, &line) {
        Behavior::Respond(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            let _ = stream.shutdown(Shutdown::Both);
        }
        Behavior::Hang => std::thread::sleep(Duration::from_secs(120)),
        Behavior::Reset => {
            socket2_linger_zero(&stream);
            drop(stream);
        }
    }
}

/// Closing with SO_LINGER = 0 makes the kernel send RST instead of FIN.
fn socket2_linger_zero(stream: &TcpStream) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let linger = [1i32, 0i32];
        // SAFETY: setsockopt on a valid socket with a correctly sized `struct linger`.
        unsafe {
            setsockopt(
                stream.as_raw_fd(),
                1,  /* SOL_SOCKET */
                13, /* SO_LINGER */
                linger.as_ptr().cast(),
                8,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = stream;
}

#[cfg(target_os = "linux")]
unsafe extern "C" {
    fn setsockopt(
        socket: i32,
        level: i32,
        name: i32,
        value: *const std::ffi::c_void,
        len: u32,
    ) -> i32;
}
