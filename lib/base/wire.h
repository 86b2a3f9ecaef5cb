// Protobuf messages as bytes that do not depend on the run: what is digested into reports and written as binary
// dossiers.
#ifndef HDSC_LIB_BASE_WIRE_H_
#define HDSC_LIB_BASE_WIRE_H_

#include <string>

#include "google/protobuf/message_lite.h"

namespace hdsc::base {

// `message` in the protobuf wire format with deterministic serialization (map entries sorted by key), so that
// the same message always gives the same bytes.
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_WIRE_H_
