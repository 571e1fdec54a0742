//! Real NATS material for the emulator: account keys are nkeys, and credentials are `.creds`
//! files holding a user JWT signed (ed25519) by the account's signing key, and the user's seed.
//! With a live nats-server (`live.rs`) the emulator is also the operator: it signs each
//! account's JWT, which lists the account's signing key and its revoked users.

use std::collections::BTreeMap;

use data_encoding::{BASE32_NOPAD, BASE64URL_NOPAD, HEXLOWER};
use nkeys::{KeyPair, KeyPairType};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha1::{Digest, Sha1};
use sha2::Sha256;

use mnq_api::model::{NatsAccountId, Secret};

/// The private keys of a NATS account: its own identity key and the signing key that issues
/// user JWTs (the real API signs with a signing key too: `iss` ≠ the account id).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountKeys {
    account_seed: Secret,
    signing_seed: Secret,
}

impl std::fmt::Debug for AccountKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccountKeys(<seeds hidden>)")
    }
}

impl AccountKeys {
    /// Keys from 64 bytes of entropy: random for new accounts, derived from the seed data for
    /// seeded ones (so that their ids are stable).
    pub fn from_entropy(entropy: [u8; 64]) -> (NatsAccountId, AccountKeys) {
        let (account_half, signing_half) = entropy.split_at(32);
        let account = key_pair(KeyPairType::Account, account_half);
        let signing = key_pair(KeyPairType::Account, signing_half);
        let id = NatsAccountId(account.public_key());
        let keys = AccountKeys {
            account_seed: Secret::new(seed_of(&account)),
            signing_seed: Secret::new(seed_of(&signing)),
        };
        (id, keys)
    }

    pub fn random() -> (NatsAccountId, AccountKeys) {
        let mut entropy = [0u8; 64];
        for chunk in entropy.chunks_mut(16) {
            chunk.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        }
        Self::from_entropy(entropy)
    }

    /// Issues credentials for a new user of this account: the `.creds` file's text and the
    /// user's public key (which a revocation names). Fails only when the keys were read from a
    /// damaged state file.
    pub fn issue_user_creds(
        &self,
        account_id: &NatsAccountId,
        name: &str,
        issued_at: i64,
        user_entropy: [u8; 32],
    ) -> Result<(Secret, String), String> {
        let (jwt, user) = self.issue_user(account_id, name, issued_at, user_entropy)?;
        Ok((
            Secret::new(creds_file(&jwt, &seed_of(&user))),
            user.public_key(),
        ))
    }

    /// A new user of this account: its JWT, signed by the account's signing key, and its keys.
    fn issue_user(
        &self,
        account_id: &NatsAccountId,
        name: &str,
        issued_at: i64,
        user_entropy: [u8; 32],
    ) -> Result<(String, KeyPair), String> {
        let user = key_pair(KeyPairType::User, &user_entropy);
        let signing = KeyPair::from_seed(self.signing_seed.expose())
            .map_err(|_| format!("the signing key of NATS account {account_id} is damaged"))?;
        let claims = json!({
            "iat": issued_at,
            "name": name,
            "sub": user.public_key(),
            "nats": {
                "pub": {}, "sub": {}, "subs": -1, "data": -1, "payload": -1,
                "issuer_account": account_id.as_str(),
                "type": "user", "version": 2
            }
        });
        Ok((encode_jwt(&signing, claims)?, user))
    }

    /// The account's JWT, signed by the operator: the server trusts the account's signing key
    /// because it is listed here, and refuses the users listed in `revocations` (user public
    /// key → a Unix time: their JWTs issued at or before it are refused).
    pub fn account_jwt(
        &self,
        operator: &OperatorKeys,
        name: &str,
        revocations: &BTreeMap<String, i64>,
        issued_at: i64,
    ) -> Result<String, String> {
        let signing = KeyPair::from_seed(self.signing_seed.expose())
            .map_err(|_| format!("the signing key of NATS account {name:?} is damaged"))?;
        let claims = json!({
            "iat": issued_at,
            "name": name,
            "sub": self.account_id()?,
            "nats": {
                // Absent limits decode as 0, which would refuse every connection.
                "limits": {
                    "subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1,
                    "wildcards": true, "conn": -1, "leaf": -1
                },
                "default_permissions": {"pub": {}, "sub": {}},
                "signing_keys": [signing.public_key()],
                "revocations": revocations,
                "type": "account", "version": 2
            }
        });
        encode_jwt(&operator.operator()?, claims)
    }

    fn account_id(&self) -> Result<String, String> {
        KeyPair::from_seed(self.account_seed.expose())
            .map(|account| account.public_key())
            .map_err(|_| "the keys of a NATS account are damaged".to_owned())
    }
}

/// The emulator's NATS operator: the key the nats-server trusts, and the system account the
/// emulator connects with to push account JWTs. Kept in the state file, so that a restart on
/// the same file runs a server with the same trust.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorKeys {
    operator_seed: Secret,
    system: AccountKeys,
}

impl std::fmt::Debug for OperatorKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OperatorKeys(<seeds hidden>)")
    }
}

impl OperatorKeys {
    pub fn random() -> OperatorKeys {
        let (_, system) = AccountKeys::random();
        let operator = key_pair(
            KeyPairType::Operator,
            uuid::Uuid::new_v4().as_bytes().repeat(2).as_slice(),
        );
        OperatorKeys {
            operator_seed: Secret::new(seed_of(&operator)),
            system,
        }
    }

    fn operator(&self) -> Result<KeyPair, String> {
        KeyPair::from_seed(self.operator_seed.expose())
            .map_err(|_| "the NATS operator key is damaged".to_owned())
    }

    pub fn system_account_id(&self) -> Result<String, String> {
        self.system.account_id()
    }

    /// The operator's self-signed JWT, naming the system account.
    pub fn operator_jwt(&self, issued_at: i64) -> Result<String, String> {
        let operator = self.operator()?;
        let claims = json!({
            "iat": issued_at,
            "name": "mnq-emulator",
            "sub": operator.public_key(),
            "nats": {
                "system_account": self.system_account_id()?,
                "type": "operator", "version": 2
            }
        });
        encode_jwt(&operator, claims)
    }

    pub fn system_account_jwt(&self, issued_at: i64) -> Result<String, String> {
        self.system
            .account_jwt(self, "SYS", &BTreeMap::new(), issued_at)
    }

    /// A new user of the system account, for the emulator's own connection: its JWT and keys.
    pub fn system_user(&self, issued_at: i64) -> Result<(String, KeyPair), String> {
        let id = NatsAccountId(self.system_account_id()?);
        let mut entropy = [0u8; 32];
        entropy.copy_from_slice(&uuid::Uuid::new_v4().as_bytes().repeat(2));
        self.system
            .issue_user(&id, "mnq-emulator", issued_at, entropy)
    }

    /// The request that deletes accounts from the server's resolver: a generic JWT the operator
    /// signs for itself (`$SYS.REQ.CLAIMS.DELETE` accepts nothing else).
    pub fn delete_request(&self, accounts: &[&str], issued_at: i64) -> Result<String, String> {
        let operator = self.operator()?;
        let claims = json!({
            "iat": issued_at,
            "sub": operator.public_key(),
            "nats": {"accounts": accounts, "type": "generic", "version": 2}
        });
        encode_jwt(&operator, claims)
    }
}

fn key_pair(kind: KeyPairType, entropy: &[u8]) -> KeyPair {
    let mut raw = [0u8; 32];
    raw.copy_from_slice(&entropy[..32]);
    KeyPair::new_from_raw(kind, raw).expect("32 bytes always make an ed25519 key")
}

fn seed_of(key_pair: &KeyPair) -> String {
    key_pair
        .seed()
        .expect("a key pair made from raw bytes has a seed")
}

/// A NATS v2 JWT of any kind, signed by `signer` (its `iss`), as nats-io/jwt lays it out: the
/// signature covers `header.claims`, and `jti` is a hash of the claims without it. nats-io/jwt
/// hashes with SHA-512/256 and we with SHA-256: nats-server 2.9 never checks `jti`, it only
/// skips a pushed JWT whose `jti` equals the stored one's, and any change of the claims changes
/// ours.
fn encode_jwt(signer: &KeyPair, mut claims: serde_json::Value) -> Result<String, String> {
    let header = json!({"typ": "JWT", "alg": "ed25519-nkey"});
    claims["iss"] = json!(signer.public_key());
    claims["jti"] = json!("");
    let jti = BASE32_NOPAD.encode(&Sha256::digest(claims.to_string().as_bytes()));
    claims["jti"] = json!(jti);
    let signed = format!(
        "{}.{}",
        BASE64URL_NOPAD.encode(header.to_string().as_bytes()),
        BASE64URL_NOPAD.encode(claims.to_string().as_bytes())
    );
    let signature = signer
        .sign(signed.as_bytes())
        .map_err(|error| format!("cannot sign a NATS JWT: {error}"))?;
    Ok(format!("{signed}.{}", BASE64URL_NOPAD.encode(&signature)))
}

/// The decorated credentials file, byte for byte in the layout the API returns.
fn creds_file(jwt: &str, user_seed: &str) -> String {
    format!(
        "-----BEGIN NATS USER JWT-----\n{jwt}\n------END NATS USER JWT------\n\n\
         ************************* IMPORTANT *************************\n\
         NKEY Seed printed below can be used to sign and prove identity.\n\
         NKEYs are sensitive and should be treated as secrets.\n\n\
         -----BEGIN USER NKEY SEED-----\n{user_seed}\n------END USER NKEY SEED------\n\n\
         *************************************************************\n"
    )
}

/// The `checksum` of NATS credentials and the `secret_checksum` of access keys: SHA-1, in hex.
pub fn sha1_hex(text: &str) -> String {
    HEXLOWER.encode(&Sha1::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt_of(creds: &str) -> &str {
        creds.lines().nth(1).unwrap()
    }

    #[test]
    fn account_ids_are_account_public_keys() {
        let (id, _) = AccountKeys::random();
        assert_eq!(id.as_str().len(), 56);
        assert!(id.as_str().starts_with('A'));
        assert!(KeyPair::from_public_key(id.as_str()).is_ok());
    }

    #[test]
    fn creds_hold_a_user_jwt_signed_by_the_accounts_signing_key() {
        let entropy: [u8; 64] = std::array::from_fn(|i| i as u8);
        let (account_id, keys) = AccountKeys::from_entropy(entropy);
        let (creds, user) = keys
            .issue_user_creds(&account_id, "worker-1", 1_775_818_753, [9; 32])
            .unwrap();
        let jwt = jwt_of(creds.expose());
        let (signed, signature) = jwt.rsplit_once('.').unwrap();
        let claims_b64 = signed.split('.').nth(1).unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&BASE64URL_NOPAD.decode(claims_b64.as_bytes()).unwrap())
                .unwrap();
        assert_eq!(claims["name"], "worker-1");
        assert_eq!(claims["nats"]["issuer_account"], account_id.as_str());
        assert_ne!(claims["iss"], account_id.as_str());
        assert!(claims["sub"].as_str().unwrap().starts_with('U'));
        assert_eq!(claims["sub"], user);
        let issuer = KeyPair::from_public_key(claims["iss"].as_str().unwrap()).unwrap();
        let signature = BASE64URL_NOPAD.decode(signature.as_bytes()).unwrap();
        issuer.verify(signed.as_bytes(), &signature).unwrap();
    }

    fn claims_of(jwt: &str) -> serde_json::Value {
        let claims = jwt.split('.').nth(1).unwrap();
        serde_json::from_slice(&BASE64URL_NOPAD.decode(claims.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn account_jwts_trust_the_signing_key_and_list_revoked_users() {
        let operator = OperatorKeys::random();
        let (account_id, keys) = AccountKeys::from_entropy([4; 64]);
        let (creds, user) = keys
            .issue_user_creds(&account_id, "w", 10, [5; 32])
            .unwrap();
        let revocations = BTreeMap::from([(user.clone(), 20)]);
        let jwt = keys
            .account_jwt(&operator, "orders", &revocations, 30)
            .unwrap();
        let claims = claims_of(&jwt);
        let user_claims = claims_of(jwt_of(creds.expose()));
        assert_eq!(claims["sub"], account_id.as_str());
        assert_eq!(claims["nats"]["signing_keys"][0], user_claims["iss"]);
        assert_eq!(claims["nats"]["revocations"][&user], 20);
        assert_eq!(claims["nats"]["limits"]["conn"], -1);

        let operator_claims = claims_of(&operator.operator_jwt(30).unwrap());
        assert_eq!(claims["iss"], operator_claims["sub"]);
        assert_eq!(
            operator_claims["nats"]["system_account"],
            operator.system_account_id().unwrap()
        );
        let (signed, signature) = jwt.rsplit_once('.').unwrap();
        let issuer = KeyPair::from_public_key(claims["iss"].as_str().unwrap()).unwrap();
        let signature = BASE64URL_NOPAD.decode(signature.as_bytes()).unwrap();
        issuer.verify(signed.as_bytes(), &signature).unwrap();
    }

    #[test]
    fn operator_keys_never_show_in_debug_output() {
        let operator = OperatorKeys::random();
        assert_eq!(format!("{operator:?}"), "OperatorKeys(<seeds hidden>)");
    }

    #[test]
    fn creds_follow_the_decorated_layout() {
        let (account_id, keys) = AccountKeys::from_entropy([1; 64]);
        let (creds, _) = keys.issue_user_creds(&account_id, "w", 0, [2; 32]).unwrap();
        let lines: Vec<&str> = creds.expose().split('\n').collect();
        assert_eq!(lines[0], "-----BEGIN NATS USER JWT-----");
        assert_eq!(lines[2], "------END NATS USER JWT------");
        assert_eq!(lines[8], "-----BEGIN USER NKEY SEED-----");
        assert!(lines[9].starts_with("SU") && lines[9].len() == 58);
        assert_eq!(lines[10], "------END USER NKEY SEED------");
        assert_eq!(
            lines[12],
            "*************************************************************"
        );
        assert_eq!(lines[13], "");
    }

    #[test]
    fn seeded_accounts_are_stable() {
        let (first, _) = AccountKeys::from_entropy([3; 64]);
        let (again, _) = AccountKeys::from_entropy([3; 64]);
        assert_eq!(first, again);
    }
}
