//! The page's IPC calls, seen from inside the webview: which command, when it was sent, when
//! its answer arrived, when that answer was read (parsed) and when the frame painted after it
//! ended; and the desk-change probe built on it, a change answered and the lists' re-reads
//! after it painted. Tauri's custom-protocol IPC sends each command through `fetch`
//! (`ipc://localhost/<command>`), which [`record`] wraps.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};

use super::harness::{until, Desk};

/// Wraps `fetch` once per page: arguments[0] lists the commands to record (empty: all).
/// The frame's end is a `requestAnimationFrame`, then a message: it arrives after the
/// frame's layout and paint.
const INSTALL_JS: &str = r#"
    if (window.__e2eIpc) return true;
    const only = arguments[0] || [];
    const st = (window.__e2eIpc = { calls: [] });
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
        const url = typeof input === 'string' ? input : input.url;
        if (!url.startsWith('ipc:') && !url.includes('ipc.localhost')) return original(input, init);
        const cmd = decodeURIComponent(url.split('/').pop().split('?')[0]);
        if (only.length > 0 && !only.includes(cmd)) return original(input, init);
        const body = init && typeof init.body === 'string' ? init.body : '';
        const call = { cmd, body, sent: performance.now(), answered: null, read: null, painted: null };
        st.calls.push(call);
        const response = await original(input, init);
        call.answered = performance.now();
        for (const how of ['json', 'text', 'arrayBuffer']) {
            const read = response[how].bind(response);
            response[how] = async () => {
                const value = await read();
                call.read = performance.now();
                requestAnimationFrame(() => {
                    const channel = new MessageChannel();
                    channel.port1.onmessage = () => { call.painted = performance.now(); };
                    channel.port2.postMessage(0);
                });
                return value;
            };
        }
        return response;
    };
    return true;
"#;

/// The calls recorded so far; forgets them when arguments[0] is true.
const CALLS_JS: &str = r#"
    const st = window.__e2eIpc;
    if (!st) return null;
    const calls = st.calls.slice();
    if (arguments[0]) st.calls = [];
    return calls;
"#;

/// One IPC call, in the webview's clock (ms since the page's navigation started).
#[derive(Debug, Clone, Deserialize)]
pub struct IpcCall {
    /// The command's name (`save_comparison`, `desk_rows`, `search`…).
    pub cmd: String,
    /// Its arguments as sent (JSON text), empty when the body was not text.
    pub body: String,
    /// When the page sent it (read by the figures that time a call, as perf_desk.rs's).
    pub sent: f64,
    /// When its answer arrived; `None` while it is under way.
    pub answered: Option<f64>,
    /// When the page read (parsed) the answer.
    pub read: Option<f64>,
    /// When the frame painted after that read ended.
    pub painted: Option<f64>,
}

impl IpcCall {
    /// Its arguments, parsed (`Null` when there were none).
    pub fn args(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// Starts recording the page's IPC calls of `commands` (none named: every call); once per
/// page, a second call keeps the first's recording. Anything sent before is not seen.
pub async fn record(desk: &Desk, commands: &[&str]) {
    let installed = desk.script(INSTALL_JS, vec![json!(commands)]).await;
    assert_eq!(installed, json!(true), "the IPC probe is installed");
}

/// The calls recorded since [`record`] or the last forget; `forget` starts afresh.
pub async fn calls(desk: &Desk, forget: bool) -> Vec<IpcCall> {
    let value = desk.script(CALLS_JS, vec![json!(forget)]).await;
    assert!(
        !value.is_null(),
        "the IPC probe is not installed: call ipc_probe::record first"
    );
    serde_json::from_value(value).expect("the recorded calls")
}

/// How many of `calls` are of `cmd`.
pub fn count(calls: &[IpcCall], cmd: &str) -> usize {
    calls.iter().filter(|c| c.cmd == cmd).count()
}

/// The desk-change probe: waits until a `change` call (`save_comparison`…) was answered and
/// at least one call of `rereads` (`desk_rows`, `desk_overview`…) followed it, every one of
/// them read and painted; gives all calls since the last forget. At most `timeout`.
pub async fn settled_after(
    desk: &Desk,
    change: &str,
    rereads: &[&str],
    timeout: Duration,
) -> Vec<IpcCall> {
    until(
        &format!("{change} and the re-reads after it ({rereads:?}) to be painted"),
        timeout,
        || async {
            let calls = calls(desk, false).await;
            let Some(changed) = calls
                .iter()
                .position(|c| c.cmd == change && c.answered.is_some())
            else {
                return Err(format!("no answered {change} yet: {calls:?}"));
            };
            let after: Vec<&IpcCall> = calls[changed..]
                .iter()
                .filter(|c| rereads.contains(&c.cmd.as_str()))
                .collect();
            if after.is_empty() {
                return Err("no re-read yet".to_string());
            }
            if after.iter().any(|c| c.painted.is_none()) {
                return Err("a re-read is not painted yet".to_string());
            }
            Ok(calls)
        },
    )
    .await
}

/// From a settled change's calls (see [`settled_after`]): when `change` was answered, and
/// when the last frame painted after a re-read of `rereads` ended.
pub fn change_to_painted(calls: &[IpcCall], change: &str, rereads: &[&str]) -> (f64, f64) {
    let answered = calls
        .iter()
        .find(|c| c.cmd == change)
        .and_then(|c| c.answered)
        .unwrap_or_else(|| panic!("{change} was answered: {calls:?}"));
    let painted = calls
        .iter()
        .filter(|c| rereads.contains(&c.cmd.as_str()))
        .filter_map(|c| c.painted)
        .fold(answered, f64::max);
    (answered, painted)
}
