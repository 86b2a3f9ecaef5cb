// Detached signatures of reports (OpenSSL 3): Ed25519, or ECDSA on P-256 with SHA-256. The signature file is
// text, so it can travel in an e-mail or a ticket:
//
//   -----BEGIN HDSC REPORT SIGNATURE-----
//   Algorithm: Ed25519
//   Report-SHA256: <64 hex digits: the SHA-256 of the signed bytes>
//   Key-SHA256: <64 hex digits: the SHA-256 of the public key's DER SubjectPublicKeyInfo>
//
//   <base64 of the raw signature (Ed25519: 64 bytes; ECDSA: DER-encoded ECDSA-Sig-Value)>
//   -----END HDSC REPORT SIGNATURE-----
//
// The signature covers the report's bytes only; the two digests let `VerifyReportSignature` say why a
// verification failed (report modified, another key) instead of just "bad signature".
#ifndef HDSC_LIB_REPORT_SIGNATURE_H_
#define HDSC_LIB_REPORT_SIGNATURE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace hdsc::report {

// Signs `report_bytes` with the PEM private key `private_key_pem` (PKCS#8 or traditional, unencrypted) and
// returns the signature file's text. INVALID_ARGUMENT when the key cannot be read, is encrypted, or is neither
// Ed25519 nor ECDSA P-256.
absl::StatusOr<std::string> SignReport(std::string_view report_bytes, std::string_view private_key_pem);

// Verifies `signature_file` (as `SignReport` writes it) over `report_bytes` with the PEM public key
// `public_key_pem`. OK when the signature holds. Otherwise, with a one-line message that says what failed:
// INVALID_ARGUMENT (the signature file or the key cannot be read), FAILED_PRECONDITION (the key's type is not the
// signature's algorithm, or not one hdsc signs with), DATA_LOSS (the report was modified after
// signing), UNAUTHENTICATED (signed with another key, or the signature itself was altered).
absl::Status VerifyReportSignature(std::string_view report_bytes, std::string_view signature_file,
                                   std::string_view public_key_pem);

}  // namespace hdsc::report

#endif  // HDSC_LIB_REPORT_SIGNATURE_H_
