//! Signing keys: a private key and its X.509 certificate in a PKCS#12 file
//! (`.p12`/`.pfx`), as services issue them and as `psr keys new` makes them.
//!
//! PKCS#12 is read by `p12-keystore`: the files OpenSSL 3 writes by default (PBES2 with
//! PBKDF2 and AES-256-CBC, an HMAC-SHA256 MAC) and its `-legacy` ones (RC2-40, 3DES,
//! SHA-1 MAC). The key signs with one of the two algorithms every verifier we tried
//! accepts (docs/signatures.md): ECDSA on P-256, or RSA with PKCS#1 v1.5; both with
//! SHA-256, and both deterministic (RFC 6979 for ECDSA), so that the same report signed
//! with the same key at the same time gives the same bytes. Ed25519 is refused: poppler's
//! `pdfsig` cannot verify it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use der::asn1::{
    BmpString, Ia5StringRef, ObjectIdentifier, PrintableStringRef, TeletexStringRef, Utf8StringRef,
};
use der::referenced::OwnedToRef;
use der::{Decode, Encode, EncodePem};
use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy, PrivateKeyChain};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use sha2::{Digest, Sha256};
use signature::{SignatureEncoding as _, Signer as _};
use spki::SubjectPublicKeyInfoRef;
use x509_cert::Certificate;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use zeroize::Zeroizing;

/// `id-ecPublicKey`.
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `rsaEncryption`.
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-Ed25519`.
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// The attributes of a subject that name a person: common name, organization, title.
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const TITLE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.12");

/// A passphrase, wiped from memory when dropped. Never printed: `Debug` hides it.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// A passphrase from its text.
    pub fn new(text: String) -> Passphrase {
        Passphrase(Zeroizing::new(text))
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many characters a passphrase has.
pub fn passphrase_len(passphrase: &Passphrase) -> usize {
    passphrase.as_str().chars().count()
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Why a key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The passphrase does not open the file (its MAC does not verify).
    #[error("the passphrase does not open this key file")]
    Passphrase,
    /// The file is not PKCS#12, or uses an encryption psr does not read.
    #[error("not a PKCS#12 key file psr can read: {0}")]
    Unreadable(String),
    /// The file has no private key with its certificate.
    #[error("the file holds no private key with its certificate")]
    NoKey,
    /// A key of an algorithm psr does not sign with.
    #[error("{0}")]
    Algorithm(String),
    /// A certificate that does not decode.
    #[error("a certificate in the file does not decode: {0}")]
    Certificate(String),
    /// Making a key or certificate failed (the system's random numbers, an encoding).
    #[error("{0}")]
    Make(String),
    /// The certificate is not valid at the time of signing: expired, or not yet valid.
    /// A signature made with it would not be trusted.
    #[error(
        "the key's certificate is valid from {from} to {until}, not at the time of signing ({at}): a signature made with it would not be trusted; make a new key (`psr keys new`) or ask your service for one"
    )]
    NotValidAt {
        /// The first moment it is valid, `YYYY-MM-DDTHH:MM:SSZ`.
        from: String,
        /// The last moment it is valid.
        until: String,
        /// The time of signing.
        at: String,
    },
}

/// Who a certificate names: what a court reads in a signature panel.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Identity {
    /// The subject's common name (CN): the person.
    pub name: String,
    /// The subject's title: their role.
    pub role: Option<String>,
    /// The subject's organization (O).
    pub organisation: Option<String>,
    /// The whole subject, as RFC 4514 writes it.
    pub subject: String,
    /// The issuer, as RFC 4514 writes it.
    pub issuer: String,
    /// Whether the certificate is its own issuer (made by `psr keys new`, or a root).
    pub self_signed: bool,
    /// SHA-256 of the certificate's DER, lowercase hex pairs joined by `:`.
    pub fingerprint: String,
    /// The first day the certificate is valid, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_before: String,
    /// The last moment it is valid, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_after: String,
    /// The key's algorithm, in words.
    pub algorithm: String,
}

impl Identity {
    /// Who `certificate` names.
    pub fn of(certificate: &Certificate) -> Identity {
        let tbs = &certificate.tbs_certificate();
        let subject = &tbs.subject();
        let der = certificate.to_der().unwrap_or_default();
        Identity {
            name: attribute(subject, COMMON_NAME).unwrap_or_else(|| subject.to_string()),
            role: attribute(subject, TITLE),
            organisation: attribute(subject, ORGANIZATION),
            subject: subject.to_string(),
            issuer: tbs.issuer().to_string(),
            self_signed: tbs.issuer() == tbs.subject(),
            fingerprint: fingerprint(&der),
            not_before: time_text(tbs.validity().not_before.to_unix_duration()),
            not_after: time_text(tbs.validity().not_after.to_unix_duration()),
            algorithm: algorithm_words(&tbs.subject_public_key_info().owned_to_ref()),
        }
    }

    /// "Name, Role, Organisation" as far as the certificate says.
    pub fn describe(&self) -> String {
        let mut words = vec![self.name.clone()];
        words.extend(self.role.clone());
        words.extend(self.organisation.clone());
        words.join(", ")
    }
}

/// SHA-256 of some DER, as `ab:cd:…`: how certificate viewers show a fingerprint.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A Unix time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn time_text(since_epoch: Duration) -> String {
    let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    chrono::DateTime::from_timestamp(seconds, 0)
        .map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn algorithm_words(spki: &SubjectPublicKeyInfoRef<'_>) -> String {
    match spki.algorithm.oid {
        EC_PUBLIC_KEY => {
            let p256 = spki
                .algorithm
                .parameters_oid()
                .is_ok_and(|curve| curve == P256_CURVE);
            if p256 {
                "ECDSA P-256".into()
            } else {
                "ECDSA (a curve other than P-256)".into()
            }
        }
        RSA_ENCRYPTION => {
            let bits = rsa::PublicKey::try_from(spki.clone())
                .map(|key| rsa::traits::PublicKeyParts::size(&key) * 8)
                .unwrap_or(0);
            format!("RSA-{bits}")
        }
        ED25519 => "Ed25519".into(),
        other => format!("the algorithm {other}"),
    }
}

/// `secp256r1` (P-256).
const P256_CURVE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// The text of the first attribute of `oid` in a name.
fn attribute(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.iter_rdn()
        .flat_map(|rdn| rdn.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| directory_string(&atv.value))
}

/// A DirectoryString's text, whichever of its string types it uses.
fn directory_string(value: &der::Any) -> Option<String> {
    if let Ok(s) = Utf8StringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    if let Ok(s) = PrintableStringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    if let Ok(s) = Ia5StringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    if let Ok(s) = TeletexStringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    if let Ok(s) = value.decode_as::<BmpString>() {
        return Some(s.to_string());
    }
    None
}

/// The private half of a signing key.
pub enum SigningKey {
    /// ECDSA on P-256, SHA-256 (RFC 6979: deterministic).
    P256(p256::ecdsa::SigningKey),
    /// RSA, PKCS#1 v1.5 with SHA-256 (deterministic).
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningKey::P256(_) => f.write_str("SigningKey::P256(…)"),
            SigningKey::Rsa(_) => f.write_str("SigningKey::Rsa(…)"),
        }
    }
}

/// `ecdsa-with-SHA256`.
pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// `sha256WithRSAEncryption`.
pub const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

impl SigningKey {
    /// The key of a PKCS#8 DER.
    fn from_pkcs8(der: &[u8], algorithm: ObjectIdentifier) -> Result<SigningKey, KeyError> {
        match algorithm {
            EC_PUBLIC_KEY => p256::ecdsa::SigningKey::from_pkcs8_der(der)
                .map(SigningKey::P256)
                .map_err(|_| {
                    KeyError::Algorithm(
                        "an elliptic-curve key on a curve other than P-256: psr signs with P-256 or RSA"
                            .into(),
                    )
                }),
            RSA_ENCRYPTION => {
                let key = rsa::PrivateKey::from_pkcs8_der(der)
                    .map_err(|e| KeyError::Algorithm(format!("an RSA key psr cannot read: {e}")))?;
                let bits = rsa::traits::PublicKeyParts::size(&key) * 8;
                if bits < 2048 {
                    return Err(KeyError::Algorithm(format!(
                        "an RSA key of {bits} bits: a signature needs 2048 bits at least"
                    )));
                }
                Ok(SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))))
            }
            ED25519 => Err(KeyError::Algorithm(
                "an Ed25519 key: poppler's pdfsig (and so many court systems) cannot verify it; \
                 use an ECDSA P-256 or RSA key"
                    .into(),
            )),
            other => Err(KeyError::Algorithm(format!(
                "a key of the algorithm {other}: psr signs with ECDSA P-256 or RSA"
            ))),
        }
    }

    /// The signature of `message` (hashed with SHA-256 by the algorithm itself), as
    /// CMS stores it: DER `Ecdsa-Sig-Value` or the RSA block.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            SigningKey::P256(key) => {
                let signature: p256::ecdsa::DerSignature = key.sign(message);
                signature.as_bytes().to_vec()
            }
            SigningKey::Rsa(key) => {
                let signature: rsa::pkcs1v15::Signature = key.sign(message);
                signature.to_vec()
            }
        }
    }

    /// The algorithm identifier of the signature, for the SignerInfo: parameters
    /// absent for ECDSA, NULL for RSA (RFC 5754, RFC 4055).
    pub fn signature_algorithm(&self) -> spki::AlgorithmIdentifierOwned {
        match self {
            SigningKey::P256(_) => spki::AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            },
            SigningKey::Rsa(_) => spki::AlgorithmIdentifierOwned {
                oid: SHA256_WITH_RSA,
                parameters: Some(der::asn1::Null.into()),
            },
        }
    }

    /// The longest signature this key makes, for the space reserved in the PDF.
    pub fn max_signature_len(&self) -> usize {
        match self {
            // SEQUENCE { INTEGER r, INTEGER s }, each up to 33 bytes.
            SigningKey::P256(_) => 72,
            SigningKey::Rsa(key) => {
                let private: &rsa::PrivateKey = key.as_ref().as_ref();
                rsa::traits::PublicKeyParts::size(private)
            }
        }
    }

    /// The DER of the public key's SubjectPublicKeyInfo.
    fn public_key_der(&self) -> Option<Vec<u8>> {
        use spki::EncodePublicKey;
        match self {
            SigningKey::P256(key) => key.verifying_key().to_public_key_der().ok(),
            SigningKey::Rsa(key) => {
                let private: &rsa::PrivateKey = key.as_ref().as_ref();
                private.to_public_key().to_public_key_der().ok()
            }
        }
        .map(|doc| doc.as_bytes().to_vec())
    }
}

/// A signer: the key, its certificate, and the certificates that issued it.
#[derive(Debug)]
pub struct Signer {
    /// The private key.
    pub key: SigningKey,
    /// The signer's certificate.
    pub certificate: Certificate,
    /// The issuers' certificates, nearest first (none for a self-signed one).
    pub chain: Vec<Certificate>,
}

impl Signer {
    /// Who the certificate names.
    pub fn identity(&self) -> Identity {
        Identity::of(&self.certificate)
    }

    /// Whether the certificate is valid at `when`, the time a signature states: a
    /// signature made with an expired certificate (or one not yet valid) verifies,
    /// but no verifier trusts it, so psr refuses to make one.
    pub fn valid_at(&self, when: chrono::DateTime<chrono::Utc>) -> Result<(), KeyError> {
        let validity = self.certificate.tbs_certificate().validity();
        let seconds = |t: Duration| i64::try_from(t.as_secs()).unwrap_or(i64::MAX);
        let from = seconds(validity.not_before.to_unix_duration());
        let until = seconds(validity.not_after.to_unix_duration());
        if (from..=until).contains(&when.timestamp()) {
            return Ok(());
        }
        Err(KeyError::NotValidAt {
            from: time_text(validity.not_before.to_unix_duration()),
            until: time_text(validity.not_after.to_unix_duration()),
            at: when.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        })
    }
}

/// Opens a PKCS#12 file's bytes with its passphrase: the first private key and its
/// certificate chain.
pub fn open(bytes: &[u8], passphrase: &Passphrase) -> Result<Signer, KeyError> {
    let store = KeyStore::from_pkcs12(bytes, passphrase.as_str(), Pkcs12ImportPolicy::Strict)
        .map_err(|error| match error {
            p12_keystore::error::Error::MacError(_) => KeyError::Passphrase,
            // A wrong passphrase on a file without a MAC shows as bad padding.
            p12_keystore::error::Error::UnpadError => KeyError::Passphrase,
            other => KeyError::Unreadable(other.to_string()),
        })?;
    let (_, chain) = store.private_key_chain().ok_or(KeyError::NoKey)?;
    let key = SigningKey::from_pkcs8(chain.key().as_der(), chain.key().oid())?;
    let mut certificates = chain.certs().iter().map(|c| {
        Certificate::from_der(c.as_der()).map_err(|e| KeyError::Certificate(e.to_string()))
    });
    let certificate = certificates.next().ok_or(KeyError::NoKey)??;
    let chain = certificates.collect::<Result<Vec<_>, _>>()?;
    // The key must be the certificate's: a file that pairs them wrongly would sign
    // with a name it cannot prove.
    let certified = certificate
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .ok();
    if key.public_key_der() != certified {
        return Err(KeyError::Unreadable(
            "the private key is not the one the certificate certifies".into(),
        ));
    }
    Ok(Signer {
        key,
        certificate,
        chain,
    })
}

/// Who a new key names and for how long.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// The person's full name (the certificate's CN).
    pub name: String,
    /// Their role (title).
    pub role: String,
    /// Their organisation (O).
    pub organisation: Option<String>,
    /// Days of validity from now.
    pub days: u32,
}

/// A new key: the PKCS#12 file's bytes (PBES2 AES-256-CBC, HMAC-SHA256, as OpenSSL 3
/// writes), and the certificate as PEM, to give to those who will check signatures.
#[derive(Debug)]
pub struct MadeKey {
    /// The `.p12` file.
    pub pkcs12: Vec<u8>,
    /// The certificate, PEM.
    pub certificate_pem: String,
    /// Who it names.
    pub identity: Identity,
}

/// The certificate profile of `psr keys new`: self-signed, CA:TRUE with keyCertSign,
/// digitalSignature and nonRepudiation. CA:TRUE and keyCertSign are what NSS (poppler's
/// `pdfsig`) needs to trust a self-signed signer imported with the S/MIME trust flag;
/// nonRepudiation is what signing tools such as pyHanko look for in a signer.
struct SelfSigned {
    subject: Name,
}

impl BuilderProfile for SelfSigned {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &x509_cert::TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut extensions = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        extensions.push(
            BasicConstraints {
                ca: true,
                path_len_constraint: Some(0),
            }
            .to_extension(tbs.subject(), &extensions)?,
        );
        extensions.push(
            KeyUsage(
                KeyUsages::DigitalSignature | KeyUsages::NonRepudiation | KeyUsages::KeyCertSign,
            )
            .to_extension(tbs.subject(), &extensions)?,
        );
        extensions.push(
            AuthorityKeyIdentifier {
                key_identifier: Some(ski.0.clone()),
                ..Default::default()
            }
            .to_extension(tbs.subject(), &extensions)?,
        );
        extensions.push(ski.to_extension(tbs.subject(), &extensions)?);
        Ok(extensions)
    }
}

/// An RFC 4514 attribute value with its special characters escaped.
fn escaped(value: &str) -> String {
    let mut out = String::new();
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Makes a new ECDSA P-256 key and a self-signed certificate naming `who`, in a
/// PKCS#12 file protected by `passphrase`. The key and the certificate's serial
/// number come from the system's random numbers.
pub fn make(who: &NewKey, passphrase: &Passphrase) -> Result<MadeKey, KeyError> {
    let make = |e: &dyn fmt::Display| KeyError::Make(e.to_string());
    let mut parts = Vec::new();
    if let Some(org) = who.organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        parts.push(format!("O={}", escaped(org.trim())));
    }
    parts.push(format!("title={}", escaped(who.role.trim())));
    parts.push(format!("CN={}", escaped(who.name.trim())));
    // RFC 4514 writes the last RDN first.
    parts.reverse();
    let subject = Name::from_str(&parts.join(",")).map_err(|e| make(&e))?;
    let mut seed = [0u8; 32];
    let key = loop {
        getrandom::fill(&mut seed).map_err(|e| make(&e))?;
        if let Ok(key) = p256::ecdsa::SigningKey::from_slice(&seed) {
            break key;
        }
    };
    seed.fill(0);
    let mut serial = [0u8; 16];
    getrandom::fill(&mut serial).map_err(|e| make(&e))?;
    // A positive INTEGER that does not start with a zero byte.
    serial[0] = (serial[0] & 0x7f) | 0x40;
    let serial = SerialNumber::new(&serial).map_err(|e| make(&e))?;
    let validity = Validity::from_now(Duration::from_secs(u64::from(who.days) * 86_400))
        .map_err(|e| make(&e))?;
    let public =
        spki::SubjectPublicKeyInfoOwned::from_key(key.verifying_key()).map_err(|e| make(&e))?;
    let builder = CertificateBuilder::new(SelfSigned { subject }, serial, validity, public)
        .map_err(|e| make(&e))?;
    let certificate = builder
        .build::<_, p256::ecdsa::DerSignature>(&key)
        .map_err(|e| make(&e))?;
    let certificate_der = certificate.to_der().map_err(|e| make(&e))?;
    let key_der = key.to_pkcs8_der().map_err(|e| make(&e))?;
    let identity = Identity::of(&certificate);
    let local_key_id = Sha256::digest(&certificate_der)[..20].to_vec();
    let chain = PrivateKeyChain::new(
        local_key_id,
        p12_keystore::PrivateKey::from_der(key_der.as_bytes()).map_err(|e| make(&e))?,
        [p12_keystore::Certificate::from_der(&certificate_der).map_err(|e| make(&e))?],
    );
    let mut store = KeyStore::new();
    store.add_entry(&identity.name, KeyStoreEntry::PrivateKeyChain(chain));
    let pkcs12 = store
        .writer(passphrase.as_str())
        .write()
        .map_err(|e| make(&e))?;
    let certificate_pem = certificate
        .to_pem(der::pem::LineEnding::LF)
        .map_err(|e| make(&e))?;
    Ok(MadeKey {
        pkcs12,
        certificate_pem,
        identity,
    })
}

/// A certificate as PEM text.
pub fn certificate_pem(certificate: &Certificate) -> Result<String, KeyError> {
    certificate
        .to_pem(der::pem::LineEnding::LF)
        .map_err(|e| KeyError::Make(e.to_string()))
}

/// Certificates from a file's bytes: PEM (one or more `CERTIFICATE` blocks) or DER.
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, String> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN CERTIFICATE-----")
    {
        return Certificate::load_pem_chain(bytes).map_err(|e| e.to_string());
    }
    Certificate::from_der(bytes)
        .map(|c| vec![c])
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passphrase() -> Passphrase {
        Passphrase::new("correct horse battery".into())
    }

    #[test]
    fn a_new_key_names_its_owner_and_opens_with_its_passphrase() {
        let made = make(
            &NewKey {
                name: "Grace Achieng".into(),
                role: "Probation officer".into(),
                organisation: Some("Riverside Probation, North".into()),
                days: 30,
            },
            &passphrase(),
        )
        .unwrap();
        assert_eq!(made.identity.name, "Grace Achieng");
        assert_eq!(made.identity.role.as_deref(), Some("Probation officer"));
        assert_eq!(
            made.identity.organisation.as_deref(),
            Some("Riverside Probation, North")
        );
        assert!(made.identity.self_signed);
        assert_eq!(made.identity.algorithm, "ECDSA P-256");
        let signer = open(&made.pkcs12, &passphrase()).unwrap();
        assert_eq!(signer.identity(), made.identity);
        assert!(matches!(
            open(&made.pkcs12, &Passphrase::new("wrong".into())),
            Err(KeyError::Passphrase)
        ));
        let certs = read_certificates(made.certificate_pem.as_bytes()).unwrap();
        assert_eq!(certs, vec![signer.certificate]);
    }
}
