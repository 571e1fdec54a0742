//! The store's Queues and Topics and Events: their activation per project and region, and
//! their credentials.

use super::*;

impl Store {
    fn activation(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Option<&Activation> {
        self.activations.iter().find(|activation| {
            activation.service == service
                && activation.region == region
                && activation.project_id == *project_id
        })
    }

    fn info(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
        activation: Option<&Activation>,
    ) -> ServiceInfo {
        ServiceInfo {
            service,
            project_id: project_id.clone(),
            region,
            created_at: activation.map(|a| a.created_at),
            updated_at: activation.map(|a| a.updated_at),
            status: if activation.is_some() {
                ServiceStatus::Enabled
            } else {
                ServiceStatus::Disabled
            },
            // The routes answer the emulator's own data plane.
            endpoint_url: String::new(),
        }
    }

    pub fn get_info(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> ServiceInfo {
        let activation = self
            .activation(service, region, project_id)
            .map(|a| Activation {
                created_at: a.created_at.to_micros(),
                updated_at: a.updated_at.to_micros(),
                ..a.clone()
            });
        self.info(service, region, project_id, activation.as_ref())
    }

    pub fn activate(
        &mut self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
        now: Timestamp,
    ) -> Result<ServiceInfo, Refusal> {
        if self.activation(service, region, project_id).is_some() {
            return Err(Refusal::AlreadyExists {
                resource: namespace_resource(service),
                resource_id: project_id.to_string(),
                help: format!(
                    "{} is already enabled on this project",
                    service.api_name().to_uppercase()
                ),
            });
        }
        let activation = Activation {
            service,
            project_id: project_id.clone(),
            region,
            created_at: now,
            updated_at: now,
        };
        let info = self.info(service, region, project_id, Some(&activation));
        self.activations.push(activation);
        Ok(info)
    }

    /// Deactivates the service. Refused while credentials remain, as the API's description
    /// asks ("You must delete all queues and credentials before this call").
    pub fn deactivate(
        &mut self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Result<ServiceInfo, Refusal> {
        if self.activation(service, region, project_id).is_none() {
            return Err(Refusal::not_found(
                namespace_resource(service),
                project_id.as_str(),
            ));
        }
        let remaining = self
            .credentials(service)
            .iter()
            .filter(|c| c.region == region && c.project_id == *project_id)
            .count();
        let in_place = |item_region: Region, item_project: &ProjectId| {
            item_region == region && item_project == project_id
        };
        let (kept, what) = match service {
            Service::Sqs => (
                self.data_plane
                    .queues
                    .iter()
                    .filter(|queue| in_place(queue.region, &queue.project_id))
                    .count(),
                "queues",
            ),
            Service::Sns => (
                self.data_plane
                    .topics
                    .iter()
                    .filter(|topic| in_place(topic.region, &topic.project_id))
                    .count(),
                "topics",
            ),
        };
        if kept > 0 {
            return Err(Refusal::PreconditionFailed {
                precondition: "resource_still_in_use",
                help: format!("delete the {kept} {what} of this project in {region} first"),
            });
        }
        if remaining > 0 {
            return Err(Refusal::PreconditionFailed {
                precondition: "resource_still_in_use",
                help: format!(
                    "delete the {remaining} {} credentials of this project in {region} first",
                    service.product()
                ),
            });
        }
        self.activations.retain(|activation| {
            !(activation.service == service
                && activation.region == region
                && activation.project_id == *project_id)
        });
        Ok(self.info(service, region, project_id, None))
    }

    // Queues and Topics and Events credentials

    /// Where the credentials a list call matches are in the store, in creation order: the
    /// part of a list call that reads the whole store, which a client paging through a long
    /// list need not repeat for every page (see [`Store::credentials_page`]).
    pub fn matching_credentials(
        &self,
        service: Service,
        region: Region,
        project_id: &Option<ProjectId>,
    ) -> Vec<usize> {
        self.credentials(service)
            .iter()
            .enumerate()
            .filter(|(_, credentials)| {
                credentials.region == region && matches_project(project_id, &credentials.project_id)
            })
            .map(|(position, _)| position)
            .collect()
    }

    /// One page of a list call, from what [`Store::matching_credentials`] found (in this same
    /// state of the store).
    pub fn credentials_page(
        &self,
        service: Service,
        matching: &[usize],
        params: &ListParams,
    ) -> (u64, Vec<ServiceCredentials>) {
        let all = self.credentials(service);
        page_of(matching.iter().filter_map(|&at| all.get(at)), params)
    }

    /// Creates credentials; the answer carries the secret key, which is not kept. The service
    /// must be activated for the project in the region.
    pub fn create_credentials(
        &mut self,
        service: Service,
        region: Region,
        new: NewCredentials,
        now: Timestamp,
        entropy: &Entropy,
    ) -> Result<ServiceCredentials, Refusal> {
        if self.activation(service, region, &new.project_id).is_none() {
            return Err(Refusal::not_found(
                namespace_resource(service),
                new.project_id.as_str(),
            ));
        }
        let secret_key =
            uuid::Uuid::from_bytes(entropy.bytes[..16].try_into().unwrap_or([0; 16])).to_string();
        let stored = ServiceCredentials {
            id: CredentialsId(entropy.uuid.to_string()),
            name: new.name,
            project_id: new.project_id,
            region,
            created_at: Some(now),
            updated_at: Some(now),
            access_key: random_access_key(),
            secret_key: Secret::default(),
            secret_checksum: sha1_hex(&secret_key),
            permissions: Some(new.permissions),
        };
        insert_by_creation(self.credentials_mut(service), stored.clone());
        let secret_key = Secret::new(secret_key);
        self.data_plane
            .secrets
            .insert(stored.id.clone(), secret_key.clone());
        Ok(ServiceCredentials {
            secret_key,
            ..stored
        })
    }

    fn credentials_index(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<usize, Refusal> {
        self.credentials(service)
            .iter()
            .position(|credentials| credentials.id == *id && credentials.region == region)
            .ok_or_else(|| Refusal::not_found("credentials", id.as_str()))
    }

    pub fn get_credentials(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<ServiceCredentials, Refusal> {
        let index = self.credentials_index(service, region, id)?;
        Ok(self.credentials(service)[index].as_read())
    }

    pub fn update_credentials(
        &mut self,
        service: Service,
        region: Region,
        id: &CredentialsId,
        name: Option<String>,
        permissions: Option<PermissionsPatch>,
        now: Timestamp,
    ) -> Result<ServiceCredentials, Refusal> {
        let index = self.credentials_index(service, region, id)?;
        let credentials = &mut self.credentials_mut(service)[index];
        if let Some(name) = name {
            credentials.name = name;
        }
        if let Some(patch) = permissions {
            credentials.permissions = Some(patch.apply_to(credentials.permissions()));
        }
        credentials.updated_at = Some(now);
        Ok(credentials.as_read())
    }

    pub fn delete_credentials(
        &mut self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<(), Refusal> {
        let index = self.credentials_index(service, region, id)?;
        self.credentials_mut(service).remove(index);
        // The data planes refuse the key from now on: it is gone, and so is its secret.
        self.data_plane.secrets.remove(id);
        Ok(())
    }
}
