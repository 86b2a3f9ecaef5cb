#include "lib/expr/field_accessors.h"

#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace hdsc::expr {
namespace {

struct Registry {
  std::mutex mutex;
  // By the field's full name; the names and accessors are the generated code's static data.
  absl::flat_hash_map<absl::string_view, const GeneratedFieldAccessors*> by_name;
};

// Built on first use: registration runs from static initializers in any order.
Registry& TheRegistry() {
  static Registry* const registry = new Registry;
  return *registry;
}

}  // namespace

bool RegisterGeneratedFieldAccessors(const GeneratedFieldAccessorsEntry* entries, size_t count) {
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (size_t i = 0; i < count; ++i) {
    registry.by_name.emplace(entries[i].full_name, &entries[i].accessors);
  }
  return true;
}

const GeneratedFieldAccessors* FindGeneratedFieldAccessors(
    const google::protobuf::FieldDescriptor* field) {
  // A pool other than the generated one may define the same name for another class.
  if (field->file()->pool() != google::protobuf::DescriptorPool::generated_pool()) return nullptr;
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto it = registry.by_name.find(absl::string_view(field->full_name()));
  return it == registry.by_name.end() ? nullptr : it->second;
}

}  // namespace hdsc::expr
