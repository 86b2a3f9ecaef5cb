#include "lib/io/sheet_layout.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"
#include "lib/io/sheet_labels.h"
#include "lib/io/workbook.h"

namespace hdsc::io {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

using FieldPath = std::vector<const FieldDescriptor*>;

bool IsTimestamp(const Descriptor* type) { return type->full_name() == "google.protobuf.Timestamp"; }
bool IsDuration(const Descriptor* type) { return type->full_name() == "google.protobuf.Duration"; }
bool IsWellKnown(const Descriptor* type) { return type->file()->package() == "google.protobuf"; }

std::string FrenchLabel(const FieldDescriptor* field) {
  const std::string_view label = FrenchFieldLabel(field->containing_type()->full_name(), field->name());
  return label.empty() ? field->name() : std::string(label);
}

std::string JoinNames(const FieldPath& path, std::string_view separator, bool french) {
  std::string joined;
  for (const FieldDescriptor* field : path) {
    if (!joined.empty()) joined += separator;
    joined += french ? FrenchLabel(field) : field->name();
  }
  return joined;
}

ValueKind KindOf(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return field->type() == FieldDescriptor::TYPE_BYTES ? ValueKind::kBytes : ValueKind::kString;
    case FieldDescriptor::CPPTYPE_BOOL:
      return ValueKind::kBool;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return ValueKind::kInt;
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return ValueKind::kUint;
    case FieldDescriptor::CPPTYPE_FLOAT:
      return ValueKind::kFloat;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return ValueKind::kDouble;
    case FieldDescriptor::CPPTYPE_ENUM:
      return ValueKind::kEnum;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return IsTimestamp(field->message_type()) ? ValueKind::kTimestamp : ValueKind::kDuration;
  }
  return ValueKind::kString;
}

class LayoutBuilder {
 public:
  explicit LayoutBuilder(const Descriptor* root) : root_(root) {}

  SheetLayout Build() {
    // The root's own values.
    SheetTable root;
    root.single_record = true;
    root.message = root_;
    root.path_name = "";
    const int root_index = Add(std::move(root));
    std::vector<SheetColumn> columns;
    const std::set<const Descriptor*> ancestors = {root_};
    for (int i = 0; i < root_->field_count(); ++i) {
      const FieldDescriptor* field = root_->field(i);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated() &&
          !IsTimestamp(field->message_type()) && !IsDuration(field->message_type())) {
        if (!Supported(field, ancestors, field->name())) continue;
        // A singular message of the root: a single-record sheet of its own.
        SheetTable record;
        record.single_record = true;
        record.message = field->message_type();
        record.path = {field};
        record.path_name = field->name();
        const int index = Add(std::move(record));
        std::vector<SheetColumn> record_columns;
        std::set<const Descriptor*> inner = ancestors;
        inner.insert(field->message_type());
        Flatten(field->message_type(), {}, Context{-1, {field}, field->name()}, inner, &record_columns);
        layout_.tables[index].columns = std::move(record_columns);
        continue;
      }
      FlattenField(field, {}, Context{-1, {}, ""}, ancestors, &columns);
    }
    layout_.tables[root_index].columns = std::move(columns);
    Name();
    return std::move(layout_);
  }

 private:
  // Where the fields being flattened are: in the records of table `table` (-1: reached from the root), under
  // `container` (the singular fields from that record, or the root, to the message being flattened).
  struct Context {
    int table;
    FieldPath container;
    std::string path_name;  // `container` as a dotted path from the root
  };

  int Add(SheetTable table) {
    layout_.tables.push_back(std::move(table));
    return static_cast<int>(layout_.tables.size()) - 1;
  }

  // Whether the message type of `field` can be shown; records it as unsupported otherwise.
  bool Supported(const FieldDescriptor* field, const std::set<const Descriptor*>& ancestors,
                 const std::string& path_name) {
    const Descriptor* type = field->message_type();
    if ((IsWellKnown(type) && !IsTimestamp(type) && !IsDuration(type)) || ancestors.count(type) > 0) {
      layout_.unsupported.push_back(path_name);
      return false;
    }
    return true;
  }

  static std::string Dotted(const std::string& base, const std::string& name) {
    return base.empty() ? name : absl::StrCat(base, ".", name);
  }

  void Flatten(const Descriptor* message, const FieldPath& prefix, const Context& context,
               const std::set<const Descriptor*>& ancestors, std::vector<SheetColumn>* columns) {
    for (int i = 0; i < message->field_count(); ++i) FlattenField(message->field(i), prefix, context, ancestors, columns);
  }

  void FlattenField(const FieldDescriptor* field, const FieldPath& prefix, const Context& context,
                    const std::set<const Descriptor*>& ancestors, std::vector<SheetColumn>* columns) {
    FieldPath path = prefix;
    path.push_back(field);
    std::string path_name = context.path_name;
    for (const FieldDescriptor* each : path) path_name = Dotted(path_name, each->name());
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || IsTimestamp(field->message_type()) ||
        IsDuration(field->message_type())) {
      SheetColumn column;
      column.path = path;
      column.kind = KindOf(field);
      column.english = JoinNames(path, ".", false);
      column.french = JoinNames(path, " / ", true);
      columns->push_back(std::move(column));
      return;
    }
    if (!Supported(field, ancestors, path_name)) return;
    std::set<const Descriptor*> inner = ancestors;
    inner.insert(field->message_type());
    if (!field->is_repeated()) {
      Flatten(field->message_type(), path, context, inner, columns);
      return;
    }
    // A repeated message (or a map): a table of its own.
    SheetTable table;
    table.message = field->message_type();
    table.parent = context.table;
    table.path = context.container;
    table.path.insert(table.path.end(), path.begin(), path.end());
    table.path_name = path_name;
    if (context.table >= 0) {
      const SheetTable& parent = layout_.tables[context.table];
      table.keys = parent.keys;
      const FieldDescriptor* parent_field = parent.path.back();
      table.keys.push_back(SheetKey{absl::StrCat(parent_field->name(), ".id"),
                                    absl::StrCat(FrenchLabel(parent_field), " (identifiant)")});
    }
    const int index = Add(std::move(table));
    std::vector<SheetColumn> table_columns;
    Flatten(field->message_type(), {}, Context{index, {}, path_name}, inner, &table_columns);
    layout_.tables[index].columns = std::move(table_columns);
  }

  // Sheet names from the labels, else from the path (at most 31 characters, as Excel allows), each unique.
  void Name() {
    std::map<std::string, int> labelled;
    const std::vector<SheetLabel>& labels = SheetLabels();
    for (size_t i = 0; i < labels.size(); ++i) labelled[std::string(labels[i].path)] = static_cast<int>(i);
    std::vector<std::pair<int, int>> order;  // (label index or a large number, table index)
    std::set<std::string> used = {absl::AsciiStrToLower(base::AsAbsl(kListsSheetEnglish)),
                                  absl::AsciiStrToLower(base::AsAbsl(kListsSheetFrench))};
    for (size_t i = 0; i < layout_.tables.size(); ++i) {
      SheetTable& table = layout_.tables[i];
      const auto label = labelled.find(table.path_name);
      if (label != labelled.end()) {
        table.english = std::string(labels[label->second].english);
        table.french = std::string(labels[label->second].french);
        order.emplace_back(label->second, static_cast<int>(i));
      } else {
        std::string name = table.path_name.empty() ? root_->name() : table.path_name;
        table.english = table.french = ShortName(name);
        order.emplace_back(static_cast<int>(labels.size()), static_cast<int>(i));
      }
    }
    for (SheetTable& table : layout_.tables) {
      const bool same = table.french == table.english;
      table.english = Unique(table.english, &used);
      // A sheet may have the same name in both languages ("Attestations"), but no other sheet's.
      table.french = same ? table.english : Unique(table.french, &used);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [rank, index] : order) layout_.sheet_order.push_back(index);
  }

  static std::string ShortName(std::string name) {
    while (CountCodePoints(name) > 31) {
      while (!name.empty() && base::IsUtf8ContinuationByte(name.back())) name.pop_back();
      if (!name.empty()) name.pop_back();
    }
    return name;
  }

  // `name`, or `name ~2`, `name ~3`... when a sheet already has it (compared in lower case, as Excel does).
  static std::string Unique(const std::string& name, std::set<std::string>* used) {
    if (used->insert(absl::AsciiStrToLower(name)).second) return name;
    for (int n = 2;; ++n) {
      std::string candidate = absl::StrCat(ShortName(name.substr(0, 26)), " ~", n);
      if (used->insert(absl::AsciiStrToLower(candidate)).second) return candidate;
    }
  }

  const Descriptor* root_;
  SheetLayout layout_;
};

}  // namespace

absl::StatusOr<SheetLanguage> ParseSheetLanguage(std::string_view name) {
  if (name == "en") return SheetLanguage::kEnglish;
  if (name == "fr") return SheetLanguage::kFrench;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown language '", base::AsAbsl(name), "' (expected en or fr)"));
}

const SheetLayout& LayoutFor(const Descriptor* root) {
  static std::mutex mutex;
  static auto* const layouts = new std::map<const Descriptor*, std::unique_ptr<SheetLayout>>();
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<SheetLayout>& layout = (*layouts)[root];
  if (layout == nullptr) layout = std::make_unique<SheetLayout>(LayoutBuilder(root).Build());
  return *layout;
}

}  // namespace hdsc::io
