//! Real NATS material for the emulator: account keys are nkeys, and credentials are `.creds`
//! files holding a user JWT signed (ed25519) by the account's signing key, and the user's seed.

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

    /// Issues credentials for a new user of this account: the `.creds` file's text. Fails only
    /// when the keys were read from a damaged state file.
    pub fn issue_user_creds(
        &self,
        account_id: &NatsAccountId,
        name: &str,
        issued_at: i64,
        user_entropy: [u8; 32],
    ) -> Result<Secret, String> {
        let user = key_pair(KeyPairType::User, &user_entropy);
        let signing = KeyPair::from_seed(self.signing_seed.expose())
            .map_err(|_| format!("the signing key of NATS account {account_id} is damaged"))?;
        let jwt = user_jwt(&signing, account_id, &user.public_key(), name, issued_at)?;
        Ok(Secret::new(creds_file(&jwt, &seed_of(&user))))
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

/// A NATS v2 user JWT, as nats-io/jwt encodes it: `jti` is the base32 SHA-256 of the claims
/// without it, and the signature covers `header.claims`.
fn user_jwt(
    signing: &KeyPair,
    account_id: &NatsAccountId,
    user_public_key: &str,
    name: &str,
    issued_at: i64,
) -> Result<String, String> {
    let header = json!({"typ": "JWT", "alg": "ed25519-nkey"});
    let mut claims = json!({
        "jti": "",
        "iat": issued_at,
        "iss": signing.public_key(),
        "name": name,
        "sub": user_public_key,
        "nats": {
            "pub": {}, "sub": {}, "subs": -1, "data": -1, "payload": -1,
            "issuer_account": account_id.as_str(),
            "type": "user", "version": 2
        }
    });
    let jti = BASE32_NOPAD.encode(&Sha256::digest(claims.to_string().as_bytes()));
    claims["jti"] = json!(jti);
    let signed = format!(
        "{}.{}",
        BASE64URL_NOPAD.encode(header.to_string().as_bytes()),
        BASE64URL_NOPAD.encode(claims.to_string().as_bytes())
    );
    let signature = signing
        .sign(signed.as_bytes())
        .map_err(|error| format!("cannot sign a user JWT: {error}"))?;
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
        let creds = keys
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
        let issuer = KeyPair::from_public_key(claims["iss"].as_str().unwrap()).unwrap();
        let signature = BASE64URL_NOPAD.decode(signature.as_bytes()).unwrap();
        issuer.verify(signed.as_bytes(), &signature).unwrap();
    }

    #[test]
    fn creds_follow_the_decorated_layout() {
        let (account_id, keys) = AccountKeys::from_entropy([1; 64]);
        let creds = keys.issue_user_creds(&account_id, "w", 0, [2; 32]).unwrap();
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
