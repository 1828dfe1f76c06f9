//! The browser's side of `POST /api/runs`: sends a run and hands each NDJSON event to the
//! caller as it arrives, so results appear case by case.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Reflect, Uint8Array};
use web_sys::{ReadableStreamDefaultReader, RequestInit, Response};

use crate::domain::error::AppError;
use crate::problems::types::{RunEvent, RunRequest};

fn network(_: JsValue) -> AppError {
    AppError::Unavailable("The server could not be reached; check your connection and try again.".into())
}

/// Runs `request`, calling `on_event` for every event of the stream. An error before the run
/// starts (sign-in, validation, rate limit, network) is returned; one during the run arrives
/// as a `Failed` event.
pub async fn stream_run(request: &RunRequest, mut on_event: impl FnMut(RunEvent)) -> Result<(), AppError> {
    let body = serde_json::to_string(request).map_err(|_| AppError::Internal)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("content-type", "application/json").map_err(network)?;
    headers.set("accept", "application/x-ndjson").map_err(network)?;
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| network(JsValue::NULL))?;
    let response: Response =
        JsFuture::from(window.fetch_with_str_and_init("/api/runs", &init)).await.map_err(network)?.unchecked_into();
    if !response.ok() {
        let text = JsFuture::from(response.text().map_err(network)?).await.map_err(network)?;
        let text = text.as_string().unwrap_or_default();
        return Err(serde_json::from_str::<AppError>(&text)
            .unwrap_or_else(|_| AppError::Unavailable(format!("The run failed (HTTP {}).", response.status()))));
    }
    let Some(stream) = response.body() else { return Err(network(JsValue::NULL)) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) {
            if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
                buffer.extend(bytes.to_vec());
            }
        }
        while let Some(end) = buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=end).collect();
            if let Ok(event) = serde_json::from_slice::<RunEvent>(&line) {
                on_event(event);
            }
        }
        if done {
            break;
        }
    }
    if let Ok(event) = serde_json::from_slice::<RunEvent>(&buffer) {
        on_event(event);
    }
    Ok(())
}
