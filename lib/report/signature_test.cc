#include "lib/report/signature.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "openssl/bio.h"
#include "openssl/evp.h"
#include "openssl/pem.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

// A fresh key pair: "ED25519", "P-256", "P-384" or "RSA".
KeyPair Generate(const std::string& kind) {
  EVP_PKEY* key = nullptr;
  if (kind == "ED25519") {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  } else if (kind == "RSA") {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
  } else {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kind.c_str());
  }
  EXPECT_NE(key, nullptr) << kind;
  KeyPair pair;
  BIO* private_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(private_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  pair.private_pem = BioText(private_bio);
  BIO_free(private_bio);
  BIO* public_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(public_bio, key);
  pair.public_pem = BioText(public_bio);
  BIO_free(public_bio);
  EVP_PKEY_free(key);
  return pair;
}

constexpr char kReport[] = "{\n  \"language\": \"en\"\n}\n";

class SignatureTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SignatureTest, SignsAndVerifies) {
  const KeyPair keys = Generate(GetParam());
  absl::StatusOr<std::string> signature = SignReport(kReport, keys.private_pem);
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_THAT(*signature, HasSubstr("-----BEGIN HDSC REPORT SIGNATURE-----\nAlgorithm: "));
  EXPECT_TRUE(VerifyReportSignature(kReport, *signature, keys.public_pem).ok());
}

TEST_P(SignatureTest, AModifiedReportFails) {
  const KeyPair keys = Generate(GetParam());
  const std::string signature = *SignReport(kReport, keys.private_pem);
  std::string modified = kReport;
  modified[5] = 'X';
  const absl::Status status = VerifyReportSignature(modified, signature, keys.public_pem);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(status.message()), HasSubstr("report modified"));
}

TEST_P(SignatureTest, AnotherKeyFails) {
  const KeyPair keys = Generate(GetParam());
  const KeyPair other = Generate(GetParam());
  const std::string signature = *SignReport(kReport, keys.private_pem);
  const absl::Status status = VerifyReportSignature(kReport, signature, other.public_pem);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(status.message()), HasSubstr("signed with another key"));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, SignatureTest, ::testing::Values("ED25519", "P-256"));

TEST(SignatureTest, AnAlteredSignatureFails) {
  const KeyPair keys = Generate("ED25519");
  std::string signature = *SignReport(kReport, keys.private_pem);
  const size_t body = signature.find("\n\n") + 2;
  signature[body] = signature[body] == 'A' ? 'B' : 'A';
  const absl::Status status = VerifyReportSignature(kReport, signature, keys.public_pem);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(status.message()), HasSubstr("bad signature"));
}

TEST(SignatureTest, WrongKeyType) {
  const std::string signature = *SignReport(kReport, Generate("ED25519").private_pem);
  const absl::Status ecdsa = VerifyReportSignature(kReport, signature, Generate("P-256").public_pem);
  EXPECT_EQ(ecdsa.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(ecdsa.message()), HasSubstr("wrong key type: the public key is EC prime256v1"));
  const absl::Status p384 = VerifyReportSignature(kReport, signature, Generate("P-384").public_pem);
  EXPECT_THAT(std::string(p384.message()), HasSubstr("wrong key type"));
  const absl::Status rsa = VerifyReportSignature(kReport, signature, Generate("RSA").public_pem);
  EXPECT_EQ(rsa.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(rsa.message()), HasSubstr("wrong key type: the public key is RSA"));
}

TEST(SignatureTest, UnsupportedOrUnreadableKeys) {
  const absl::StatusOr<std::string> rsa = SignReport(kReport, Generate("RSA").private_pem);
  EXPECT_EQ(rsa.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(rsa.status().message()), HasSubstr("RSA keys are not supported"));
  EXPECT_EQ(SignReport(kReport, "not a key").status().code(), absl::StatusCode::kInvalidArgument);
  const std::string signature = *SignReport(kReport, Generate("ED25519").private_pem);
  const absl::Status status = VerifyReportSignature(kReport, signature, "garbage");
  EXPECT_THAT(std::string(status.message()), HasSubstr("public key: not a PEM public key"));
}

TEST(SignatureTest, MalformedSignatureFiles) {
  const KeyPair keys = Generate("ED25519");
  EXPECT_THAT(std::string(VerifyReportSignature(kReport, "hello", keys.public_pem).message()),
              HasSubstr("does not start with"));
  std::string signature = *SignReport(kReport, keys.private_pem);
  std::string no_end = signature.substr(0, signature.find("-----END"));
  EXPECT_THAT(std::string(VerifyReportSignature(kReport, no_end, keys.public_pem).message()), HasSubstr("no -----END"));
  std::string other_algorithm = signature;
  other_algorithm.replace(other_algorithm.find("Ed25519"), 7, "RSA-PSS");
  EXPECT_THAT(std::string(VerifyReportSignature(kReport, other_algorithm, keys.public_pem).message()),
              HasSubstr("unknown Algorithm"));
}

}  // namespace
}  // namespace hdsc::report
