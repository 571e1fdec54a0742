//! Hand-written HTTP/1.1 servers for answers the emulator never gives: what they share.

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// Reads one HTTP/1.1 request, its head and (if it says so) its body, as text; `None` when the
/// client closed the connection first.
pub async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let message = read_message(stream).await?;
    Some(String::from_utf8_lossy(&message).into_owned())
}

/// Reads one HTTP/1.1 message (a request or an answer): its head and the `content-length`
/// bytes of body it announces, as bytes; `None` when the other side closed first.
pub async fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(buffer)
}
