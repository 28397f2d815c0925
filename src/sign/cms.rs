//! The signature itself: a CMS SignedData (RFC 5652) of the PAdES baseline B-B profile
//! (ETSI EN 319 142-1), detached from the document it signs.
//!
//! What is signed is the SHA-256 of the PDF's bytes less the `/Contents` gap. The
//! SignerInfo signs three attributes, the set pyHanko writes: content-type (id-data),
//! message-digest, and signing-certificate-v2 (the SHA-256 of the signer's
//! certificate, which binds the certificate into what is signed). PAdES forbids the
//! signing-time attribute: the time is the signature dictionary's `/M`.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::referenced::OwnedToRef;
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

use super::keys::{ECDSA_WITH_SHA256, SHA256_WITH_RSA, Signer};

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    }
}

/// A DER element of `tag` around `content`.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, der::Error> {
    let mut values = SetOfVec::new();
    values.insert(value)?;
    Ok(Attribute { oid, values })
}

/// The signed attributes for a document digest and a certificate.
fn signed_attributes(
    digest: &[u8],
    certificate: &Certificate,
) -> Result<SetOfVec<Attribute>, der::Error> {
    let content_type = Any::encode_from(&DATA)?;
    let message_digest = Any::encode_from(&OctetString::new(digest)?)?;
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, ESSCertIDv2 ::=
    // SEQUENCE { certHash OCTET STRING } (hashAlgorithm left out: SHA-256 is its DEFAULT).
    let cert_hash = Sha256::digest(certificate.to_der()?);
    let ess = tlv(0x30, &tlv(0x30, &tlv(0x30, &tlv(0x04, &cert_hash))));
    let signing_certificate = Any::from_der(&ess)?;
    let attributes = vec![
        attribute(CONTENT_TYPE, content_type)?,
        attribute(MESSAGE_DIGEST, message_digest)?,
        attribute(SIGNING_CERTIFICATE_V2, signing_certificate)?,
    ];
    // DER sorts a SET OF by encoding.
    SetOfVec::try_from(attributes)
}

/// The CMS SignedData (DER) signing a document whose SHA-256 is `digest`.
pub fn sign(digest: &[u8], signer: &Signer) -> Result<Vec<u8>, der::Error> {
    let attributes = signed_attributes(digest, &signer.certificate)?;
    // The signature covers the attributes' DER with the SET tag, not the [0] they are
    // stored under (RFC 5652 5.4).
    let signature = signer.key.sign(&attributes.to_der()?);
    signed_data(attributes, signature, signer)
}

/// The SignedData of some attributes and their signature.
fn signed_data(
    attributes: SetOfVec<Attribute>,
    signature: Vec<u8>,
    signer: &Signer,
) -> Result<Vec<u8>, der::Error> {
    let tbs = &signer.certificate.tbs_certificate();
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(attributes),
        signature_algorithm: signer.key.signature_algorithm(),
        signature: OctetString::new(signature)?,
        unsigned_attrs: None,
    };
    let mut certificates = SetOfVec::new();
    for certificate in std::iter::once(&signer.certificate).chain(&signer.chain) {
        certificates.insert(CertificateChoices::Certificate(certificate.clone()))?;
    }
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(sha256_algorithm())?;
    let mut signer_infos = SetOfVec::new();
    signer_infos.insert(signer_info)?;
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(certificates)),
        crls: None,
        signer_infos: SignerInfos(signer_infos),
    };
    ContentInfo {
        content_type: SIGNED_DATA,
        content: Any::encode_from(&signed)?,
    }
    .to_der()
}

/// The longest DER [`sign`] can make for this signer: the space to reserve.
pub fn max_len(signer: &Signer) -> Result<usize, der::Error> {
    let attributes = signed_attributes(&[0; 32], &signer.certificate)?;
    let signature = vec![0xff; signer.key.max_signature_len()];
    Ok(signed_data(attributes, signature, signer)?.len())
}

/// What checking a CMS signature found.
#[derive(Debug)]
pub struct Checked {
    /// The signer's certificate, when the signature names one it carries.
    pub certificate: Option<Certificate>,
    /// Every certificate the signature carries.
    pub certificates: Vec<Certificate>,
    /// `Ok` when the digest matches and the signature verifies; else why not.
    pub verdict: Result<(), String>,
}

/// The hash of some byte ranges with the algorithm of `oid`.
fn digest_of(oid: ObjectIdentifier, parts: &[&[u8]]) -> Option<Vec<u8>> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut hasher = D::new();
        for part in parts {
            hasher.update(part);
        }
        hasher.finalize().to_vec()
    }
    match oid {
        SHA256 => Some(run::<Sha256>(parts)),
        SHA384 => Some(run::<Sha384>(parts)),
        SHA512 => Some(run::<Sha512>(parts)),
        _ => None,
    }
}

/// Checks a detached CMS signature (`der`, trailing padding allowed) over the byte
/// ranges `parts` of a document.
pub fn check(der: &[u8], parts: &[&[u8]]) -> Result<Checked, String> {
    let info = ContentInfo::from_der(der_prefix(der)?)
        .map_err(|e| format!("the signature is not CMS: {e}"))?;
    if info.content_type != SIGNED_DATA {
        return Err("the signature is not a CMS SignedData".into());
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("the signature's SignedData does not decode: {e}"))?;
    let certificates: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let infos: Vec<&SignerInfo> = signed.signer_infos.0.iter().collect();
    let [info] = infos.as_slice() else {
        return Err(format!(
            "the signature has {} signers: PDF signatures have one",
            infos.len()
        ));
    };
    let certificate = certificates
        .iter()
        .find(|c| identifies(&info.sid, c))
        .cloned();
    let verdict = verify(info, certificate.as_ref(), parts);
    Ok(Checked {
        certificate,
        certificates,
        verdict,
    })
}

/// The length of the DER element at the start of `bytes`.
pub fn der_len(bytes: &[u8]) -> Result<usize, String> {
    der_prefix(bytes).map(<[u8]>::len)
}

/// The DER element at the start of `bytes` (a `/Contents` is padded with zeros).
fn der_prefix(bytes: &[u8]) -> Result<&[u8], String> {
    use der::Reader;
    let not_der = || "the signature is not DER".to_string();
    let mut reader = der::SliceReader::new(bytes).map_err(|_| not_der())?;
    let header = der::Header::decode(&mut reader).map_err(|_| not_der())?;
    let start = usize::try_from(u32::from(reader.position())).map_err(|_| not_der())?;
    let len = usize::try_from(u32::from(header.length())).map_err(|_| not_der())?;
    bytes
        .get(..start + len)
        .ok_or_else(|| "the signature is cut short".to_string())
}

fn identifies(sid: &SignerIdentifier, certificate: &Certificate) -> bool {
    let tbs = &certificate.tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            isn.issuer == *tbs.issuer() && isn.serial_number == *tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
            .get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, own)| own == *ski),
    }
}

fn verify(
    info: &SignerInfo,
    certificate: Option<&Certificate>,
    parts: &[&[u8]],
) -> Result<(), String> {
    let certificate =
        certificate.ok_or("the signature does not carry the certificate of its signer")?;
    let digest = digest_of(info.digest_alg.oid, parts).ok_or_else(|| {
        format!(
            "the digest algorithm {} is not one psr checks (SHA-256, -384, -512)",
            info.digest_alg.oid
        )
    })?;
    let attributes = info
        .signed_attrs
        .as_ref()
        .ok_or("the signature signs no attributes, which PAdES requires")?;
    let value = |oid: ObjectIdentifier| {
        attributes
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let recorded = value(MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("the signature records no message digest")?;
    if recorded.as_bytes() != digest.as_slice() {
        return Err("the document's digest does not match the signature: it was changed".into());
    }
    if value(CONTENT_TYPE).and_then(|v| v.decode_as::<ObjectIdentifier>().ok()) != Some(DATA) {
        return Err("the signed content type is not id-data".into());
    }
    let signed = attributes.to_der().map_err(|e| e.to_string())?;
    verify_signature(
        certificate,
        &info.signature_algorithm,
        info.digest_alg.oid,
        &signed,
        info.signature.as_bytes(),
    )
}

/// Whether `signature` over `message` verifies with the certificate's key.
pub fn verify_signature(
    certificate: &Certificate,
    algorithm: &AlgorithmIdentifierOwned,
    digest: ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use signature::Verifier;
    let spki = &certificate.tbs_certificate().subject_public_key_info();
    let invalid = || "the signature value does not verify with the signer's key".to_string();
    match (spki.algorithm.oid, algorithm.oid) {
        (EC_PUBLIC_KEY, ECDSA_WITH_SHA256) if digest == SHA256 => {
            let key = p256::ecdsa::VerifyingKey::try_from(spki.owned_to_ref())
                .map_err(|_| "the signer's key is not a P-256 key psr checks".to_string())?;
            let signature =
                p256::ecdsa::DerSignature::from_bytes(signature).map_err(|_| invalid())?;
            key.verify(message, &signature).map_err(|_| invalid())
        }
        (RSA_ENCRYPTION, alg)
            if matches!(
                alg,
                RSA_ENCRYPTION | SHA256_WITH_RSA | SHA384_WITH_RSA | SHA512_WITH_RSA
            ) =>
        {
            let key = rsa::PublicKey::try_from(spki.owned_to_ref())
                .map_err(|_| "the signer's RSA key does not decode".to_string())?;
            let signature = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| invalid())?;
            let hash = match alg {
                SHA256_WITH_RSA => SHA256,
                SHA384_WITH_RSA => SHA384,
                SHA512_WITH_RSA => SHA512,
                _ => digest,
            };
            match hash {
                SHA256 => {
                    rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(message, &signature)
                }
                SHA384 => {
                    rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key).verify(message, &signature)
                }
                SHA512 => {
                    rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key).verify(message, &signature)
                }
                _ => return Err(invalid()),
            }
            .map_err(|_| invalid())
        }
        (key, alg) => Err(format!(
            "a signature of the algorithm {alg} by a key of {key}: psr checks ECDSA P-256 \
             with SHA-256 and RSA PKCS#1 v1.5"
        )),
    }
}

/// Whether `issuer` issued `certificate`: names chain and its signature verifies.
pub fn issued_by(certificate: &Certificate, issuer: &Certificate) -> bool {
    if certificate.tbs_certificate().issuer() != issuer.tbs_certificate().subject() {
        return false;
    }
    let Ok(tbs) = Encode::to_der(certificate.tbs_certificate()) else {
        return false;
    };
    let Some(signature) = certificate.signature().as_bytes() else {
        return false;
    };
    let digest = match certificate.signature_algorithm().oid {
        SHA384_WITH_RSA => SHA384,
        SHA512_WITH_RSA => SHA512,
        _ => SHA256,
    };
    verify_signature(
        issuer,
        certificate.signature_algorithm(),
        digest,
        &tbs,
        signature,
    )
    .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::keys::{NewKey, Passphrase, make, open};

    #[test]
    fn a_signature_verifies_and_a_changed_document_does_not() {
        let passphrase = Passphrase::new("a passphrase".into());
        let made = make(
            &NewKey {
                name: "Daniel Osei".into(),
                role: "Probation officer".into(),
                organisation: None,
                days: 1,
            },
            &passphrase,
        )
        .unwrap();
        let signer = open(&made.pkcs12, &passphrase).unwrap();
        let document: &[&[u8]] = &[b"first part", b"second part"];
        let digest = Sha256::digest(b"first partsecond part");
        let mut der = sign(&digest, &signer).unwrap();
        assert!(der.len() <= max_len(&signer).unwrap());
        der.extend([0; 40]);
        let checked = check(&der, document).unwrap();
        assert_eq!(checked.verdict, Ok(()));
        assert_eq!(checked.certificate.as_ref(), Some(&signer.certificate));
        assert!(issued_by(&signer.certificate, &signer.certificate));
        let changed = check(&der, &[b"first part", b"second parT"]).unwrap();
        assert!(changed.verdict.unwrap_err().contains("digest"));
        // The same input signs to the same bytes (RFC 6979).
        assert_eq!(
            sign(&digest, &signer).unwrap(),
            sign(&digest, &signer).unwrap()
        );
    }
}
