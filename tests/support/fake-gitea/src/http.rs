//! Requests and responses as the handlers see them.

use bytes::Bytes;
use http::HeaderMap;
use serde::Serialize;
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

    pub fn content_type_is_json(&self) -> bool {
        self.header("content-type")
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"))
    }

    /// The last value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .last()
    }

    /// Every value of a repeated query parameter (`status=a&status=b`), as Go's `FormStrings`.
    pub fn query_params(&self, name: &str) -> Vec<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .collect()
    }

    /// `http://host` as the client addressed the server, for absolute `Link` URLs.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.header("host").unwrap_or("127.0.0.1"))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ApiResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub content_type: &'static str,
}

impl ApiResponse {
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> ApiResponse {
        let body = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
        ApiResponse {
            status,
            headers: Vec::new(),
            body,
            content_type: "application/json;charset=utf-8",
        }
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

    pub fn empty(status: u16) -> ApiResponse {
        ApiResponse {
            status,
            headers: Vec::new(),
            body: String::new(),
            content_type: "application/json;charset=utf-8",
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
        if self.status != 204 {
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
                    b"{\"message\":\"500 Internal Server Error\"}",
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
