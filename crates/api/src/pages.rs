//! Listings page by page: [`Pages`], a listing's pages as they arrive, and [`WholeList`], which
//! puts them back in the API's order.

use std::collections::HashSet;
use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{BoxStream, FuturesUnordered, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::account::ListProjectsResponse;
use super::error::ApiError;
use super::model::*;

/// The page size the client asks for; the API's maximum.
pub const PAGE_SIZE: u32 = 100;
/// The most items a listing reserves room for before they arrive: what `total_count`
/// announces, unless it is more than this.
const RESERVE_AT_MOST: usize = 100_000;

/// One page of a list answer, as the API sends it.
pub trait ListPage: DeserializeOwned + Send + 'static {
    type Item: Resource + Send + 'static;
    fn total_count(&self) -> u64;
    fn is_empty(&self) -> bool;
    fn into_items(self) -> Vec<Self::Item>;
}

macro_rules! list_page {
    ($response:ty, $item:ty, $items:ident) => {
        impl ListPage for $response {
            type Item = $item;
            fn total_count(&self) -> u64 {
                self.total_count
            }
            fn is_empty(&self) -> bool {
                self.$items.is_empty()
            }
            fn into_items(self) -> Vec<$item> {
                self.$items
            }
        }
    };
}

list_page!(ListNatsAccountsResponse, NatsAccount, nats_accounts);
list_page!(
    ListNatsCredentialsResponse,
    NatsCredentials,
    nats_credentials
);
list_page!(
    ListSqsCredentialsResponse,
    ServiceCredentials,
    sqs_credentials
);
list_page!(
    ListSnsCredentialsResponse,
    ServiceCredentials,
    sns_credentials
);
list_page!(ListProjectsResponse, super::account::Project, projects);

/// One page of a listing, as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// Its place in the listing, from 1.
    pub number: u64,
    pub items: Vec<T>,
    /// The largest `total_count` the pages read so far announced.
    pub total: u64,
}

/// A listing: a [`Stream`] of its pages as they arrive, or, awaited, the whole list (gathered
/// by a [`WholeList`]).
///
/// Page 1 (with `page_size=100`) tells `total_count`; the other pages are then asked for
/// together, at most `list_concurrency` at a time, the next one as soon as one arrives, and
/// each is yielded when it arrives: one slow page holds back no other. Pages are not a
/// snapshot: when items are added or removed between two reads, a page can repeat items of
/// the one before or skip some ([`WholeList`] keeps an item seen twice once). A page that
/// announces a larger total brings the pages beyond into the listing; an empty page ends it
/// early, whatever `total_count` promised: no page after it is asked for. An item added during
/// the listing may be missed, and one removed may still be listed: a reload shows them right.
///
/// The stream ends after its first error, and once ended gives `None` again if asked. Dropping
/// it stops the listing: the pages in flight are abandoned and no more are asked for.
pub struct Pages<T> {
    stream: BoxStream<'static, Result<Page<T>, ApiError>>,
}

impl<T: Send + 'static> Pages<T> {
    /// The pages `fetch` reads, at most `concurrency` at once. `fetch` starts reading a page
    /// when it is called; what it returns finishes the read.
    pub(crate) fn new<P, Fetch>(concurrency: usize, fetch: Fetch) -> Pages<T>
    where
        P: ListPage<Item = T>,
        Fetch: Fn(u64) -> BoxFuture<'static, Result<P, ApiError>> + Send + 'static,
    {
        let paging = Paging {
            fetch,
            concurrency: concurrency.max(1),
            in_flight: FuturesUnordered::new(),
            next: 1,
            announced: 1,
            ended_after: u64::MAX,
            total: 0,
        };
        let stream = futures::stream::unfold(paging, |mut paging| async move {
            let page = paging.next_page().await?;
            Some((page, paging))
        });
        Pages {
            stream: stream.fuse().boxed(),
        }
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>, ApiError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.poll_next_unpin(cx)
    }
}

/// Awaiting a listing reads it to its end and gives the whole list, in the API's order.
impl<T: Resource + Send + 'static> IntoFuture for Pages<T> {
    type Output = Result<Vec<T>, ApiError>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(mut self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut whole = WholeList::default();
            while let Some(page) = self.next().await {
                whole.add(page?);
            }
            Ok(whole.finish())
        })
    }
}

/// What a listing has asked for and learnt so far.
struct Paging<P, Fetch> {
    fetch: Fetch,
    concurrency: usize,
    in_flight: FuturesUnordered<BoxFuture<'static, (u64, Result<P, ApiError>)>>,
    /// The next page to ask for.
    next: u64,
    /// How many pages the largest total announced so far fills (1 until page 1 tells).
    announced: u64,
    /// The number of a page that came back empty: no page after it is asked for (0 once the
    /// listing failed).
    ended_after: u64,
    total: u64,
}

impl<P, Fetch> Paging<P, Fetch>
where
    P: ListPage,
    Fetch: Fn(u64) -> BoxFuture<'static, Result<P, ApiError>>,
{
    /// The next page to arrive; `None` when the listing is over.
    async fn next_page(&mut self) -> Option<Result<Page<P::Item>, ApiError>> {
        self.ask();
        let (number, answer) = self.in_flight.next().await?;
        let page = match answer {
            Ok(page) => page,
            Err(error) => {
                // The listing failed: what is still in flight is abandoned.
                self.in_flight.clear();
                self.ended_after = 0;
                return Some(Err(error));
            }
        };
        self.total = self.total.max(page.total_count());
        self.announced = self
            .announced
            .max(self.total.div_ceil(u64::from(PAGE_SIZE)));
        if page.is_empty() {
            self.ended_after = self.ended_after.min(number);
        }
        // The pages after are asked for now, not when the reader comes back for them.
        self.ask();
        Some(Ok(Page {
            number,
            items: page.into_items(),
            total: self.total,
        }))
    }

    /// Asks for the next pages, as many as may be in flight.
    fn ask(&mut self) {
        let last = self.announced.min(self.ended_after);
        while self.in_flight.len() < self.concurrency && self.next <= last {
            let number = self.next;
            let read = (self.fetch)(number);
            self.in_flight
                .push(Box::pin(async move { (number, read.await) }));
            self.next += 1;
        }
    }
}

/// A listing's items in the API's order, whatever order its pages arrived in; an item two
/// pages both hold (the list changed between the two reads) is kept once, at its first place.
pub struct WholeList<T> {
    items: Vec<T>,
    /// The pages added, by number, each with where its items end in `items`.
    pages: Vec<(u64, usize)>,
}

impl<T> Default for WholeList<T> {
    fn default() -> Self {
        WholeList {
            items: Vec::new(),
            pages: Vec::new(),
        }
    }
}

impl<T: Resource> WholeList<T> {
    /// Puts a page's items at the place of its number among the pages added so far.
    pub fn add(&mut self, page: Page<T>) {
        if self.pages.is_empty() {
            // Items go into one vector as their pages arrive: holding every page until the
            // end and then copying them all added a third to the peak memory of a long
            // listing. The room reserved is what the pages announce, within reason (it came
            // over the wire).
            let announced = usize::try_from(page.total).unwrap_or(usize::MAX);
            self.items.reserve(announced.min(RESERVE_AT_MOST));
        }
        let at = self
            .pages
            .partition_point(|&(number, _)| number < page.number);
        let start = at.checked_sub(1).map_or(0, |before| self.pages[before].1);
        let count = page.items.len();
        self.items.extend(page.items);
        // Most pages come in order; a late one moves back past those that overtook it.
        self.items[start..].rotate_right(count);
        for (_, end) in &mut self.pages[at..] {
            *end += count;
        }
        self.pages.insert(at, (page.number, start + count));
    }

    /// The whole list.
    pub fn finish(mut self) -> Vec<T> {
        // Keep the first of items seen twice, finding them by borrowed ids rather than copies.
        let mut seen = HashSet::with_capacity(self.items.len());
        let first_seen: Vec<bool> = self
            .items
            .iter()
            .map(|item| seen.insert(item.id()))
            .collect();
        drop(seen);
        let mut first_seen = first_seen.into_iter();
        self.items.retain(|_| first_seen.next().unwrap_or(true));
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Item(&'static str);

    impl Resource for Item {
        type Id = &'static str;
        fn id(&self) -> &&'static str {
            &self.0
        }
        fn name(&self) -> &str {
            self.0
        }
    }

    fn page(number: u64, ids: &[&'static str]) -> Page<Item> {
        Page {
            number,
            items: ids.iter().map(|&id| Item(id)).collect(),
            total: 9,
        }
    }

    #[test]
    fn pages_that_arrive_out_of_order_give_the_api_order() {
        let mut whole = WholeList::default();
        for (number, ids) in [
            (3, &["g", "h"][..]),
            (1, &["a", "b", "c"][..]),
            (4, &["i"][..]),
            (2, &["d", "e", "f"][..]),
        ] {
            whole.add(page(number, ids));
        }
        let ids: Vec<&str> = whole.finish().into_iter().map(|item| item.0).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
    }

    #[test]
    fn an_item_two_pages_hold_is_kept_once_at_its_first_place() {
        let mut whole = WholeList::default();
        whole.add(page(2, &["c", "d", "e"]));
        whole.add(page(1, &["a", "b", "c"]));
        whole.add(page(3, &["e", "f"]));
        let ids: Vec<&str> = whole.finish().into_iter().map(|item| item.0).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
    }
}
