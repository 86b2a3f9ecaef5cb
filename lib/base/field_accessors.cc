#include "lib/base/field_accessors.h"

#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace hdsc::base {
namespace {

struct Registered {
  const GeneratedFieldAccessors* accessors;  // the generated code's static data
  // The generated class's reflection, asked of the generated factory on first use (not while
  // static initializers run).
  const google::protobuf::Reflection* reflection = nullptr;
};

struct Registry {
  std::mutex mutex;
  absl::flat_hash_map<absl::string_view, Registered> by_name;  // by the field's full name
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
    registry.by_name.emplace(entries[i].full_name, Registered{&entries[i].accessors});
  }
  return true;
}

const GeneratedFieldAccessors* FindGeneratedFieldAccessors(
    const google::protobuf::FieldDescriptor* field,
    const google::protobuf::Reflection** reflection) {
  // A pool other than the generated one may define the same name for another class.
  if (field->file()->pool() != google::protobuf::DescriptorPool::generated_pool()) return nullptr;
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto it = registry.by_name.find(absl::string_view(field->full_name()));
  if (it == registry.by_name.end()) return nullptr;
  Registered& registered = it->second;
  if (registered.reflection == nullptr) {
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            field->containing_type());
    if (prototype == nullptr) return nullptr;
    registered.reflection = prototype->GetReflection();
  }
  if (reflection != nullptr) *reflection = registered.reflection;
  return registered.accessors;
}

}  // namespace hdsc::base
