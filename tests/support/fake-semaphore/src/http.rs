//! Requests and responses as the handlers see them.

use bytes::Bytes;
use http::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub(crate) struct ApiRequest {
    pub method: String,
    pub raw_path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl ApiRequest {
    pub fn new(method: &str, uri: &http::Uri, headers: HeaderMap, body: Bytes) -> ApiRequest {
        ApiRequest {
            method: method.to_ascii_uppercase(),
            raw_path: uri.path().to_string(),
            query: uri.query().unwrap_or("").to_string(),
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json_body(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Decodes the body as Go's `json.NewDecoder(r.Body).Decode(&out)` does (what Semaphore's
    /// `helpers.Bind` calls): the first JSON value counts, anything after it is ignored, unknown
    /// fields are ignored, and an empty body is an error.
    pub fn bind<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::Deserializer::from_slice(&self.body)
            .into_iter::<T>()
            .next()?
            .ok()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ApiResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Empty: no `Content-Type` header at all.
    pub content_type: &'static str,
}

/// What Semaphore's `JSONMiddleware` and `helpers.WriteJSON` set.
pub(crate) const JSON: &str = "application/json";

impl ApiResponse {
    /// As Go's `json.NewEncoder(w).Encode(out)`: compact, with a trailing newline.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> ApiResponse {
        let mut body = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
        body.push('\n');
        ApiResponse {
            status,
            headers: Vec::new(),
            body,
            content_type: JSON,
        }
    }

    /// `helpers.WriteErrorStatus`: `{"error": message}`.
    pub fn error(status: u16, message: &str) -> ApiResponse {
        ApiResponse::json(status, &serde_json::json!({ "error": message }))
    }

    pub fn text(status: u16, text: &str) -> ApiResponse {
        ApiResponse {
            status,
            headers: Vec::new(),
            body: text.to_string(),
            content_type: "text/plain; charset=utf-8",
        }
    }

    pub fn html(status: u16, page: &str) -> ApiResponse {
        ApiResponse {
            status,
            headers: Vec::new(),
            body: page.to_string(),
            content_type: "text/html; charset=utf-8",
        }
    }

    /// `w.WriteHeader(status)` behind `JSONMiddleware`: no body, JSON content type.
    pub fn empty(status: u16) -> ApiResponse {
        ApiResponse {
            status,
            headers: Vec::new(),
            body: String::new(),
            content_type: JSON,
        }
    }

    pub fn with_header(mut self, name: &str, value: String) -> ApiResponse {
        self.headers.push((name.to_string(), value));
        self
    }

    /// The response for hyper, its body made by `make_body` (a plain body, or one that a fault
    /// cuts or stalls).
    pub fn into_hyper<B>(self, make_body: impl FnOnce(Bytes) -> B) -> hyper::Response<B> {
        let mut builder = hyper::Response::builder().status(self.status);
        if self.status != 204 && !self.content_type.is_empty() {
            builder = builder.header(http::header::CONTENT_TYPE, self.content_type);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = if self.status == 204 {
            Bytes::new()
        } else {
            Bytes::from(self.body)
        };
        match builder.body(()) {
            Ok(response) => response.map(|()| make_body(body)),
            // Only a header value with forbidden bytes gets here, which the fake never builds;
            // answer 500 rather than panic if it ever does.
            Err(_) => {
                let mut response = hyper::Response::new(make_body(Bytes::from_static(
                    b"{\"error\":\"Internal Server Error\"}\n",
                )));
                *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
                response
            }
        }
    }
}

pub(crate) fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}
