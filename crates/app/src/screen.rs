//! [`Screen`]: the screen under the pop-ups — the product menu, a product's page, the NATS
//! accounts and an account's page — with the lists they show.

use mnq_api::ApiError;
use mnq_api::model::{
    NatsAccount, NatsCredentials, Product, Service, ServiceCredentials, ServiceInfo,
};

use crate::call::RequestId;
use crate::list::ListView;

/// The tabs of the Queues and Topics and Events pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceTab {
    Overview,
    Credentials,
}

/// The service status shown on the Overview tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Info {
    Loading(RequestId),
    Loaded(ServiceInfo),
    Failed(ApiError),
}

/// The Queues or Topics and Events page.
#[derive(Debug, Clone)]
pub struct ServicePage {
    pub service: Service,
    pub tab: ServiceTab,
    pub credentials: ListView<ServiceCredentials>,
    pub info: Info,
}

/// A NATS account's page: its information and its credentials.
#[derive(Debug, Clone)]
pub struct NatsAccountPage {
    pub account: NatsAccount,
    pub credentials: ListView<NatsCredentials>,
    /// The accounts list it was opened from, to go back to as it was.
    pub accounts: ListView<NatsAccount>,
}

// One screen exists at a time, so the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Screen {
    /// The product menu; `selected` indexes [`Product::ALL`].
    Products {
        selected: usize,
    },
    Service(ServicePage),
    NatsAccounts(ListView<NatsAccount>),
    NatsAccount(NatsAccountPage),
}

impl Screen {
    /// The product the screen belongs to.
    pub fn product(&self) -> Option<Product> {
        match self {
            Screen::Products { .. } => None,
            Screen::Service(page) => Some(page.service.product()),
            Screen::NatsAccounts(_) | Screen::NatsAccount(_) => Some(Product::Nats),
        }
    }
}
