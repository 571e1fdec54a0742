//! Queues and Topics and Events credentials issued through the emulator's API, and the data
//! plane endpoint they sign for.

use mnq_tui::api::data_plane::Endpoint;
use mnq_tui::api::model::{
    CreateServiceCredentialsRequest, Permissions, PermissionsPatch, ProjectId, Region, Service,
    ServiceCredentials, UpdateServiceCredentialsRequest,
};
use mnq_tui::api::{ApiError, Client, ClientConfig};
use mnq_tui::emulator::Emulator;

/// The API's client, with the emulator's key.
pub fn api_client(emulator: &Emulator) -> Client {
    mnq_tui::api::install_tls_provider();
    Client::new(ClientConfig::new(
        emulator.url(),
        emulator.api_key().secret_key.clone(),
    ))
    .expect("the client builds")
}

/// Credentials as the API issued them, and the endpoint `*-info` names for them.
pub struct Issued {
    pub credentials: ServiceCredentials,
    pub endpoint: Endpoint,
}

/// Activates the product in the project and region (if it is not yet) and creates credentials
/// with these permissions; their endpoint is the one `*-info` answers.
pub async fn issue(
    client: &Client,
    service: Service,
    region: Region,
    project_id: &ProjectId,
    permissions: Permissions,
) -> Issued {
    match client.activate(service, region, project_id).await {
        Ok(_) | Err(ApiError::AlreadyExists { .. }) => {}
        Err(error) => panic!("activation fails: {error}"),
    }
    let info = client
        .get_info(service, region, project_id)
        .await
        .expect("the info reads");
    let credentials = client
        .create_credentials(
            service,
            region,
            &CreateServiceCredentialsRequest {
                project_id: project_id.clone(),
                name: format!("data-plane-{}", permissions.labels().join("-")),
                permissions,
            },
        )
        .await
        .expect("the credentials are created");
    let endpoint = Endpoint {
        service,
        url: info.endpoint_url,
        region,
        access_key: credentials.access_key.clone(),
        secret_key: credentials.secret_key.clone(),
    };
    Issued {
        credentials,
        endpoint,
    }
}

/// Sets the credentials' permissions through the API.
pub async fn set_permissions(client: &Client, issued: &Issued, permissions: Permissions) {
    client
        .update_credentials(
            issued.endpoint.service,
            issued.endpoint.region,
            &issued.credentials.id,
            &UpdateServiceCredentialsRequest {
                name: None,
                permissions: Some(PermissionsPatch::set(permissions)),
            },
        )
        .await
        .expect("the update is answered");
}

/// Revokes the credentials through the API.
pub async fn revoke(client: &Client, issued: &Issued) {
    client
        .delete_credentials(
            issued.endpoint.service,
            issued.endpoint.region,
            &issued.credentials.id,
        )
        .await
        .expect("the revoke is answered");
}

/// Every combination of the three permissions, none included.
pub fn every_permission_set() -> Vec<Permissions> {
    (0..8)
        .map(|bits| Permissions::new(bits & 1 != 0, bits & 2 != 0, bits & 4 != 0))
        .collect()
}
