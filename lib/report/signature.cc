#include "lib/report/signature.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/base/hash.h"
#include "openssl/bio.h"
#include "openssl/core_names.h"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "openssl/x509.h"

namespace hdsc::report {
namespace {

constexpr char kBegin[] = "-----BEGIN HDSC REPORT SIGNATURE-----";
constexpr char kEnd[] = "-----END HDSC REPORT SIGNATURE-----";
constexpr char kEd25519[] = "Ed25519";
constexpr char kEcdsaP256[] = "ECDSA-P256-SHA256";

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Refuses to prompt for a passphrase: an encrypted key is an error, never a terminal prompt.
int NoPassphrase(char*, int, int, void*) { return -1; }

std::unique_ptr<BIO, BioFree> MemoryBio(std::string_view text) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// The algorithm name of a signature made with `key`, or "" when hdsc does not sign with that key type.
std::string AlgorithmOf(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519")) return kEd25519;
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {0};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &length) == 1 &&
        (std::string(group) == "prime256v1" || std::string(group) == "P-256")) {
      return kEcdsaP256;
    }
  }
  return "";
}

// A person's name for `key`'s type: "Ed25519", "ECDSA P-384", "RSA".
std::string KeyTypeName(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519")) return "Ed25519";
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {0};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &length) == 1) {
      return absl::StrCat("EC ", group);
    }
    return "EC";
  }
  const char* name = EVP_PKEY_get0_type_name(key);
  return name == nullptr ? "unknown" : name;
}

// SHA-256 of the key's DER SubjectPublicKeyInfo, hex.
std::string KeyFingerprint(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return "";
  std::string fingerprint =
      base::Sha256Hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(length)));
  OPENSSL_free(der);
  return fingerprint;
}

const EVP_MD* DigestFor(const std::string& algorithm) {
  return algorithm == kEcdsaP256 ? EVP_sha256() : nullptr;  // Ed25519 hashes internally
}

struct SignatureFile {
  std::string algorithm;
  std::string report_sha256;
  std::string key_sha256;
  std::string signature;  // raw bytes
};

absl::StatusOr<SignatureFile> ParseSignatureFile(std::string_view text) {
  std::vector<std::string> lines = absl::StrSplit(absl::string_view(text.data(), text.size()), '\n');
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
  }
  size_t i = 0;
  while (i < lines.size() && lines[i].empty()) ++i;
  if (i == lines.size() || lines[i] != kBegin) {
    return absl::InvalidArgumentError(absl::StrCat("signature file: does not start with ", kBegin));
  }
  SignatureFile file;
  for (++i; i < lines.size() && !lines[i].empty(); ++i) {
    absl::string_view line = lines[i];
    if (absl::ConsumePrefix(&line, "Algorithm: ")) {
      file.algorithm = std::string(line);
    } else if (absl::ConsumePrefix(&line, "Report-SHA256: ")) {
      file.report_sha256 = std::string(line);
    } else if (absl::ConsumePrefix(&line, "Key-SHA256: ")) {
      file.key_sha256 = std::string(line);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("signature file: line ", i + 1, ": unknown header \"", line, "\""));
    }
  }
  if (file.algorithm != kEd25519 && file.algorithm != kEcdsaP256) {
    return absl::InvalidArgumentError(absl::StrCat("signature file: unknown Algorithm \"", file.algorithm, "\" (",
                                                   kEd25519, " or ", kEcdsaP256, ")"));
  }
  std::string base64;
  for (++i; i < lines.size() && lines[i] != kEnd; ++i) base64 += lines[i];
  if (i == lines.size()) return absl::InvalidArgumentError(absl::StrCat("signature file: no ", kEnd, " line"));
  if (base64.empty() || !absl::Base64Unescape(base64, &file.signature)) {
    return absl::InvalidArgumentError("signature file: the signature is not valid base64");
  }
  return file;
}

absl::StatusOr<Pkey> ReadPrivateKey(std::string_view pem) {
  auto bio = MemoryBio(pem);
  Pkey key(bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        "private key: not an unencrypted PEM private key (make one with `openssl genpkey -algorithm ed25519`)");
  }
  return key;
}

absl::StatusOr<Pkey> ReadPublicKey(std::string_view pem) {
  auto bio = MemoryBio(pem);
  Pkey key(bio == nullptr ? nullptr : PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        "public key: not a PEM public key (export one with `openssl pkey -in KEY.pem -pubout`)");
  }
  return key;
}

}  // namespace

absl::StatusOr<std::string> SignReport(std::string_view report_bytes, std::string_view private_key_pem) {
  absl::StatusOr<Pkey> key = ReadPrivateKey(private_key_pem);
  if (!key.ok()) return key.status();
  const std::string algorithm = AlgorithmOf(key->get());
  if (algorithm.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("private key: ", KeyTypeName(key->get()),
                                                   " keys are not supported (Ed25519 or ECDSA P-256)"));
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> context(EVP_MD_CTX_new());
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(report_bytes.data());
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, DigestFor(algorithm), nullptr, key->get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, data, report_bytes.size()) != 1) {
    return absl::InternalError("signing failed: OpenSSL could not start the signature");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     report_bytes.size()) != 1) {
    return absl::InternalError("signing failed: OpenSSL could not compute the signature");
  }
  signature.resize(length);

  std::string base64 = absl::Base64Escape(signature);
  std::string out = absl::StrCat(kBegin, "\nAlgorithm: ", algorithm, "\nReport-SHA256: ", base::Sha256Hex(report_bytes),
                                 "\nKey-SHA256: ", KeyFingerprint(key->get()), "\n\n");
  for (size_t i = 0; i < base64.size(); i += 64) absl::StrAppend(&out, base64.substr(i, 64), "\n");
  absl::StrAppend(&out, kEnd, "\n");
  return out;
}

absl::Status VerifyReportSignature(std::string_view report_bytes, std::string_view signature_file,
                                   std::string_view public_key_pem) {
  absl::StatusOr<SignatureFile> file = ParseSignatureFile(signature_file);
  if (!file.ok()) return file.status();
  absl::StatusOr<Pkey> key = ReadPublicKey(public_key_pem);
  if (!key.ok()) return key.status();
  const std::string key_algorithm = AlgorithmOf(key->get());
  if (key_algorithm.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("wrong key type: the public key is ", KeyTypeName(key->get()),
                                                   "; the signature is ", file->algorithm));
  }
  if (key_algorithm != file->algorithm) {
    return absl::FailedPreconditionError(absl::StrCat("wrong key type: the public key is ", KeyTypeName(key->get()),
                                                      "; the signature is ", file->algorithm));
  }

  std::unique_ptr<EVP_MD_CTX, MdCtxFree> context(EVP_MD_CTX_new());
  if (context == nullptr ||
      EVP_DigestVerifyInit(context.get(), nullptr, DigestFor(file->algorithm), nullptr, key->get()) != 1) {
    return absl::InternalError("verification failed: OpenSSL could not start the verification");
  }
  const int verified = EVP_DigestVerify(
      context.get(), reinterpret_cast<const unsigned char*>(file->signature.data()), file->signature.size(),
      reinterpret_cast<const unsigned char*>(report_bytes.data()), report_bytes.size());
  if (verified == 1) return absl::OkStatus();

  // Why it failed: the report, the key or the signature.
  const std::string report_sha256 = base::Sha256Hex(report_bytes);
  if (!file->report_sha256.empty() && file->report_sha256 != report_sha256) {
    return absl::DataLossError(absl::StrCat("report modified: its SHA-256 is ", report_sha256,
                                            ", the signed report's was ", file->report_sha256));
  }
  const std::string fingerprint = KeyFingerprint(key->get());
  if (!file->key_sha256.empty() && file->key_sha256 != fingerprint) {
    return absl::UnauthenticatedError(absl::StrCat("bad signature: signed with another key (key SHA-256 ",
                                                   file->key_sha256, ", given ", fingerprint, ")"));
  }
  return absl::UnauthenticatedError("bad signature: the signature does not match the report and the key");
}

}  // namespace hdsc::report
