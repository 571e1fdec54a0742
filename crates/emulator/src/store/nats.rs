//! The store's NATS accounts and their credentials: what each operation changes, answers or
//! refuses.

use super::*;

impl Store {
    pub fn list_nats_accounts(
        &self,
        region: Region,
        params: &ListParams,
    ) -> ListNatsAccountsResponse {
        let matching = self
            .nats_accounts
            .iter()
            .map(|record| &record.account)
            .filter(|account| account.region == region)
            .filter(|account| matches_project(&params.project_id, &account.project_id));
        let (total_count, nats_accounts) = page_of(matching, params);
        ListNatsAccountsResponse {
            total_count,
            nats_accounts,
        }
    }

    fn nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<&NatsAccountRecord, Refusal> {
        self.nats_accounts
            .iter()
            .find(|record| record.account.id == *id && record.account.region == region)
            .ok_or_else(|| Refusal::not_found("namespace", id.as_str()))
    }

    fn nats_account_mut(
        &mut self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<&mut NatsAccountRecord, Refusal> {
        self.nats_accounts
            .iter_mut()
            .find(|record| record.account.id == *id && record.account.region == region)
            .ok_or_else(|| Refusal::not_found("namespace", id.as_str()))
    }

    pub fn get_nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<NatsAccount, Refusal> {
        Ok(self.nats_account(region, id)?.account.as_read())
    }

    pub fn create_nats_account(
        &mut self,
        region: Region,
        project_id: ProjectId,
        name: String,
        now: Timestamp,
        entropy: &Entropy,
    ) -> NatsAccount {
        let (id, keys) = AccountKeys::from_entropy(entropy.bytes);
        let account = NatsAccount {
            id,
            name,
            endpoint: nats_endpoint(region),
            project_id,
            region,
            created_at: Some(now),
            updated_at: Some(now),
        };
        let at = self.nats_accounts.partition_point(|record| {
            compare(OrderBy::CreatedAtAsc, &record.account, &account) != Ordering::Greater
        });
        self.nats_accounts.insert(
            at,
            NatsAccountRecord {
                account: account.clone(),
                keys,
                users: Vec::new(),
                revocations: BTreeMap::new(),
            },
        );
        account
    }

    pub fn rename_nats_account(
        &mut self,
        region: Region,
        id: &NatsAccountId,
        name: Option<String>,
        now: Timestamp,
    ) -> Result<NatsAccount, Refusal> {
        let record = self.nats_account_mut(region, id)?;
        if let Some(name) = name {
            record.account.name = name;
            record.account.updated_at = Some(now);
        }
        Ok(record.account.as_read())
    }

    /// Deletes the account and all its credentials.
    pub fn delete_nats_account(
        &mut self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<(), Refusal> {
        self.nats_account(region, id)?;
        self.nats_accounts
            .retain(|record| !(record.account.id == *id && record.account.region == region));
        self.nats_credentials
            .retain(|credentials| credentials.nats_account_id != *id);
        Ok(())
    }

    // NATS credentials

    pub fn list_nats_credentials(
        &self,
        region: Region,
        params: &ListParams,
    ) -> ListNatsCredentialsResponse {
        let matching = self
            .nats_credentials
            .iter()
            .filter(|credentials| credentials.region == Some(region))
            .filter(|credentials| {
                params
                    .nats_account_id
                    .as_ref()
                    .is_none_or(|account| credentials.nats_account_id == *account)
            })
            .filter(|credentials| {
                params.project_id.as_ref().is_none_or(|project| {
                    self.nats_accounts.iter().any(|record| {
                        record.account.id == credentials.nats_account_id
                            && record.account.project_id == *project
                    })
                })
            });
        let (total_count, nats_credentials) = page_of(matching, params);
        ListNatsCredentialsResponse {
            total_count,
            nats_credentials,
        }
    }

    /// Creates credentials; the answer carries the `.creds` file, which is not kept.
    pub fn create_nats_credentials(
        &mut self,
        region: Region,
        account_id: &NatsAccountId,
        name: String,
        now: Timestamp,
        entropy: &Entropy,
    ) -> Result<NatsCredentials, Refusal> {
        let record = self.nats_account_mut(region, account_id)?;
        let (content, user_public_key) = record
            .keys
            .issue_user_creds(account_id, &name, now.0.as_second(), entropy.first_32())
            .map_err(|message| Refusal::Internal { message })?;
        record.account.updated_at = Some(now);
        let id = CredentialsId(entropy.uuid.to_string());
        record.users.push(NatsUser {
            credentials_id: id.clone(),
            public_key: user_public_key,
        });
        // As observed on the real API: updated_at is a few hundred nanoseconds after created_at.
        let updated_at = now
            .0
            .checked_add(jiff::SignedDuration::from_nanos(286))
            .map(Timestamp)
            .unwrap_or(now);
        let stored = NatsCredentials {
            id,
            name,
            nats_account_id: account_id.clone(),
            region: Some(region),
            created_at: Some(now),
            updated_at: Some(updated_at),
            credentials: None,
            checksum: sha1_hex(content.expose()),
        };
        insert_by_creation(&mut self.nats_credentials, stored.clone());
        Ok(NatsCredentials {
            credentials: Some(CredsFile {
                name: "user.creds".to_owned(),
                content,
            }),
            ..stored
        })
    }

    fn nats_credentials_index(&self, region: Region, id: &CredentialsId) -> Result<usize, Refusal> {
        self.nats_credentials
            .iter()
            .position(|credentials| credentials.id == *id && credentials.region == Some(region))
            .ok_or_else(|| Refusal::not_found("credentials", id.as_str()))
    }

    pub fn get_nats_credentials(
        &self,
        region: Region,
        id: &CredentialsId,
    ) -> Result<NatsCredentials, Refusal> {
        let index = self.nats_credentials_index(region, id)?;
        Ok(self.nats_credentials[index].as_read())
    }

    /// Deletes credentials and revokes their user: the account JWT a live nats-server gets
    /// next refuses it. Answers the account, whose JWT changed.
    pub fn delete_nats_credentials(
        &mut self,
        region: Region,
        id: &CredentialsId,
        now: Timestamp,
    ) -> Result<NatsAccountId, Refusal> {
        let index = self.nats_credentials_index(region, id)?;
        let removed = self.nats_credentials.remove(index);
        if let Ok(record) = self.nats_account_mut(region, &removed.nats_account_id) {
            record.account.updated_at = Some(now);
            if let Some(at) = record
                .users
                .iter()
                .position(|user| user.credentials_id == *id)
            {
                let user = record.users.remove(at);
                record
                    .revocations
                    .insert(user.public_key, now.0.as_second());
            }
        }
        Ok(removed.nats_account_id)
    }
}
