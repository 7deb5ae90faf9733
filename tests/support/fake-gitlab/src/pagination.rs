//! Offset pagination as GitLab does it (lib/gitlab/pagination/offset_pagination.rb and
//! offset_header_builder.rb, checked in source):
//!
//! - `page` (default 1) and `per_page` (default 20, at most 100; out-of-range values fall back);
//! - headers `X-Per-Page`, `X-Page`, `X-Next-Page`, `X-Prev-Page` always, empty when there is none;
//! - `Link` with `rel="prev"`/`"next"` when they exist, `rel="first"` always, and `rel="last"`
//!   only when counting;
//! - `X-Total`, `X-Total-Pages` only when counting, and left out above 10,000 items (the
//!   "Omit X-Total when count > 10k" change, MR 153438), as is `rel="last"` then.
//! - Some endpoints never count (project jobs): `data_without_counts`.

use crate::http::{ApiRequest, ApiResponse};

const DEFAULT_PER_PAGE: usize = 20;
const MAX_PER_PAGE: usize = 100;
const COUNT_LIMIT: usize = 10_000;

pub(crate) struct Page {
    pub page: usize,
    pub per_page: usize,
}

impl Page {
    pub fn from_request(request: &ApiRequest) -> Page {
        let page = request
            .integer("page")
            .ok()
            .flatten()
            .filter(|p| *p > 0)
            .unwrap_or(1) as usize;
        let per_page = request
            .integer("per_page")
            .ok()
            .flatten()
            .filter(|p| *p > 0)
            .map(|p| (p as usize).min(MAX_PER_PAGE))
            .unwrap_or(DEFAULT_PER_PAGE);
        Page { page, per_page }
    }
}

/// Slices `items` to the requested page and answers it with GitLab's headers.
pub(crate) fn paginate<T: serde::Serialize>(
    request: &ApiRequest,
    base_url: &str,
    items: Vec<T>,
    counted: bool,
) -> ApiResponse {
    let Page { page, per_page } = Page::from_request(request);
    let total = items.len();
    let start = (page - 1).saturating_mul(per_page);
    let has_next = start.saturating_add(per_page) < total;
    let page_items: Vec<T> = items.into_iter().skip(start).take(per_page).collect();
    let total_pages = total.div_ceil(per_page).max(1);
    let counting = counted && total <= COUNT_LIMIT;
    let next_page = has_next.then_some(page + 1);
    let prev_page = (page > 1).then_some(page - 1);

    let href = |target: usize| {
        let mut pairs: Vec<(String, String)> = request
            .query_pairs()
            .into_iter()
            .filter(|(k, _)| k != "page" && k != "per_page")
            .collect();
        pairs.push(("page".to_string(), target.to_string()));
        pairs.push(("per_page".to_string(), per_page.to_string()));
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("{base_url}{}?{query}", request.raw_path)
    };
    let mut links = Vec::new();
    if let Some(prev) = prev_page {
        links.push(format!("<{}>; rel=\"prev\"", href(prev)));
    }
    if let Some(next) = next_page {
        links.push(format!("<{}>; rel=\"next\"", href(next)));
    }
    links.push(format!("<{}>; rel=\"first\"", href(1)));
    if counting {
        links.push(format!("<{}>; rel=\"last\"", href(total_pages)));
    }

    let text = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut response = ApiResponse::json(200, &page_items)
        .with_header("x-per-page", per_page.to_string())
        .with_header("x-page", page.to_string())
        .with_header("x-next-page", text(next_page))
        .with_header("x-prev-page", text(prev_page))
        .with_header("link", links.join(", "));
    if counting {
        response = response
            .with_header("x-total", total.to_string())
            .with_header("x-total-pages", total_pages.to_string());
    }
    response
}
