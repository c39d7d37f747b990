//! Paged lists: the page a client asks for (`page_num`, or the `page_index` cozepy sends for bots and
//! apps; `page_size` within the endpoint's limit), and one page of the answer with what tells the SDKs
//! whether more follow: the count of all items under the endpoint's key, or `has_more`. The SDKs page on
//! until told to stop, so a list that ignored the page asked for, or always said more follow, would keep
//! them asking forever.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::reply::{BizError, Reply};
use super::validate::optional_param;

/// How a page tells the client whether more follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum More {
    /// `{key: count of all}`: the SDKs page on until they have that many.
    Total(&'static str),
    /// `has_more`: the SDKs page on while it is true.
    HasMore,
}

/// The page a client asked for: its number (from 1) and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    number: usize,
    size: usize,
}

impl Page {
    /// `page_num` (or `page_index`, default 1) and `page_size` (1..=`max_size`, default `default_size`),
    /// else 4000; an empty value counts as absent, as for every optional parameter.
    pub fn read(
        query: &HashMap<String, String>,
        default_size: usize,
        max_size: usize,
    ) -> Result<Page, BizError> {
        let number = match optional_param(query, "page_num")
            .or_else(|| optional_param(query, "page_index"))
        {
            None => 1,
            Some(text) => match text.trim().parse::<usize>() {
                Ok(number) if number >= 1 => number,
                _ => {
                    return Err(BizError::invalid_param(
                        "page_num",
                        "must be a positive integer",
                    ));
                }
            },
        };
        let size = match optional_param(query, "page_size") {
            None => default_size,
            Some(text) => match text.trim().parse::<usize>() {
                Ok(size) if (1..=max_size).contains(&size) => size,
                _ => {
                    return Err(BizError::invalid_param(
                        "page_size",
                        &format!("must be between 1 and {max_size}"),
                    ));
                }
            },
        };
        Ok(Page { number, size })
    }

    /// This page of `items` under `items_key`, with whether more follow.
    pub fn answer(self, items: &[Value], items_key: &str, more: More) -> Reply {
        let mut data = Map::new();
        data.insert(items_key.to_string(), Value::Array(self.of(items)));
        match more {
            More::Total(key) => data.insert(key.to_string(), Value::from(items.len())),
            More::HasMore => data.insert(
                "has_more".to_string(),
                Value::from(self.number.saturating_mul(self.size) < items.len()),
            ),
        };
        Reply::Data(Value::Object(data))
    }

    /// This page of `items`.
    fn of<T: Clone>(self, items: &[T]) -> Vec<T> {
        items
            .iter()
            .skip((self.number - 1).saturating_mul(self.size))
            .take(self.size)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(number: usize, size: usize) -> Page {
        Page { number, size }
    }

    fn data(reply: Reply) -> Value {
        match reply {
            Reply::Data(data) => data,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pages_accept_page_index_and_bound_sizes() {
        let query: HashMap<String, String> = [("page_index".to_string(), "2".to_string())].into();
        assert_eq!(Page::read(&query, 20, 50).unwrap(), page(2, 20));
        let query: HashMap<String, String> = [("page_size".to_string(), "0".to_string())].into();
        assert!(Page::read(&query, 20, 50).is_err());
        let query: HashMap<String, String> = [
            ("page_size".to_string(), String::new()),
            ("page_num".to_string(), String::new()),
        ]
        .into();
        assert_eq!(
            Page::read(&query, 10, 300).unwrap(),
            page(1, 10),
            "empty is absent; the endpoint's default size"
        );
        assert_eq!(page(2, 2).of(&[1, 2, 3]), vec![3]);
        assert!(page(usize::MAX, 2).of(&[1, 2, 3]).is_empty());
    }

    #[test]
    fn pages_say_whether_more_follow() {
        let items = [json!(1), json!(2), json!(3)];
        assert_eq!(
            data(page(1, 2).answer(&items, "items", More::HasMore)),
            json!({"items": [1, 2], "has_more": true})
        );
        assert_eq!(
            data(page(2, 2).answer(&items, "items", More::HasMore)),
            json!({"items": [3], "has_more": false})
        );
        assert_eq!(
            data(page(usize::MAX, usize::MAX).answer(&items, "list", More::Total("total"))),
            json!({"list": [], "total": 3})
        );
    }
}
