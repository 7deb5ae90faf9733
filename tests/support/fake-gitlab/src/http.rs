//! Requests and responses as the handlers see them, with Grape's way of reading parameters.

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
    /// Query and body parameters merged, as Grape's `params`; body values win.
    params: Vec<(String, Value)>,
}

/// A parameter that does not have the type the endpoint declares: Grape answers 400
/// `{"error": "<name> is invalid"}`.
pub(crate) struct Invalid(pub String);

impl Invalid {
    pub fn response(&self) -> ApiResponse {
        ApiResponse::error(400, &format!("{} is invalid", self.0))
    }
}

impl ApiRequest {
    pub fn new(method: &str, uri: &http::Uri, headers: HeaderMap, body: Bytes) -> ApiRequest {
        let raw_path = uri.path().to_string();
        let query = uri.query().unwrap_or("").to_string();
        let mut params: Vec<(String, Value)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("application/json") {
            if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&body) {
                params.extend(map);
            }
        } else if content_type.starts_with("application/x-www-form-urlencoded")
            || (!body.is_empty() && content_type.is_empty())
        {
            params.extend(
                form_urlencoded::parse(&body)
                    .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned()))),
            );
        }
        ApiRequest {
            method: method.to_ascii_uppercase(),
            raw_path,
            query,
            headers,
            body,
            params,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json_body(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The last value given under `name` (or `name[]`).
    fn raw(&self, name: &str) -> Option<&Value> {
        let bracketed = format!("{name}[]");
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == name || *k == bracketed)
            .map(|(_, v)| v)
    }

    pub fn has(&self, name: &str) -> bool {
        self.raw(name).is_some()
    }

    pub fn string(&self, name: &str) -> Option<String> {
        match self.raw(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// Grape's Boolean coercion: true/false/1/0 (and t/f, yes/no); anything else is invalid.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, Invalid> {
        match self.raw(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
            Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
            Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
                "true" | "t" | "1" | "yes" | "y" => Ok(Some(true)),
                "false" | "f" | "0" | "no" | "n" => Ok(Some(false)),
                _ => Err(Invalid(name.to_string())),
            },
            Some(_) => Err(Invalid(name.to_string())),
        }
    }

    pub fn integer(&self, name: &str) -> Result<Option<i64>, Invalid> {
        match self.raw(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| Invalid(name.to_string())),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Invalid(name.to_string())),
            Some(_) => Err(Invalid(name.to_string())),
        }
    }

    /// `Array[String]` with `CommaSeparatedToArray`: a JSON array, repeated `name[]=`, or `a,b`.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        let bracketed = format!("{name}[]");
        let repeated: Vec<&Value> = self
            .params
            .iter()
            .filter(|(k, _)| *k == bracketed)
            .map(|(_, v)| v)
            .collect();
        let values: Vec<String> = if !repeated.is_empty() {
            repeated
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        } else {
            match self.raw(name)? {
                Value::Array(items) => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect(),
                Value::String(s) => s.split(',').map(str::to_string).collect(),
                Value::Null => return None,
                other => vec![other.to_string()],
            }
        };
        Some(
            values
                .into_iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
        )
    }

    /// The pairs of the query string, for rebuilding pagination links.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
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
            content_type: "application/json",
        }
    }

    /// GitLab's `render_api_error!`: `{"message": "..."}`.
    pub fn message(status: u16, message: &str) -> ApiResponse {
        ApiResponse::json(status, &serde_json::json!({ "message": message }))
    }

    /// Grape's own errors (validation, unknown routes): `{"error": "..."}`.
    pub fn error(status: u16, error: &str) -> ApiResponse {
        ApiResponse::json(status, &serde_json::json!({ "error": error }))
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
            content_type: "application/json",
        }
    }

    pub fn with_header(mut self, name: &str, value: String) -> ApiResponse {
        self.headers.push((name.to_string(), value));
        self
    }

    /// The same body, labelled as an HTML page (a proxy's or a login page).
    pub fn labelled_html(mut self) -> ApiResponse {
        self.content_type = "text/html; charset=utf-8";
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
