// Writes the JSON Schema (draft 2020-12) of a message's protobuf JSON form, as hdsc reads it, from a
// FileDescriptorSet made by `protoc --include_imports --include_source_info --descriptor_set_out=...`.
//
//   json_schema_main DESCRIPTOR_SET ROOT_MESSAGE TITLE > dossier.schema.json
//
// The schema follows lib/io/json_reader.h: every field by its proto name or its lowerCamelCase json_name (the
// latter hidden from editor completion), at most one of those two and at most one member of a oneof; enums by
// value name or number; integers as JSON numbers or strings of digits; floating point as numbers, numeric
// strings, "NaN", "Infinity" or "-Infinity"; bytes as base64; Timestamp as an RFC 3339 string, Duration as
// "1.5s"; the wrapper types as their bare value; unknown fields refused (`additionalProperties: false`). The
// proto comments become `description`s, so that editors show them. The root message may also carry a `$schema`
// key naming this schema, which hdsc ignores.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "lib/report/json_writer.h"

namespace hdsc {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::SourceLocation;
using report::internal::Json;

// A proto comment as one paragraph per blank-line-separated block, each line's leading space removed.
std::string CommentText(const std::string& comment) {
  std::vector<std::string> paragraphs(1);
  for (absl::string_view line : absl::StrSplit(comment, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) {
      if (!paragraphs.back().empty()) paragraphs.emplace_back();
      continue;
    }
    if (!paragraphs.back().empty()) paragraphs.back() += ' ';
    absl::StrAppend(&paragraphs.back(), line);
  }
  if (paragraphs.back().empty()) paragraphs.pop_back();
  return absl::StrJoin(paragraphs, "\n\n");
}

template <typename D>
std::string Comment(const D* descriptor) {
  SourceLocation location;
  if (!descriptor->GetSourceLocation(&location)) return "";
  return CommentText(location.leading_comments);
}

// Sets `description` on `schema` when `text` is not empty.
void Describe(Json& schema, const std::string& text) {
  if (!text.empty()) schema.Set("description", text);
}

Json Strings(const std::vector<std::string>& values) {
  Json array = Json::Array();
  for (const std::string& value : values) array.Push(Json::String(value));
  return array;
}

Json Type(std::string_view type) {
  Json schema = Json::Object();
  schema.Set("type", type);
  return schema;
}

Json AnyOf(std::vector<Json> schemas) {
  Json any_of = Json::Array();
  for (Json& schema : schemas) any_of.Push(std::move(schema));
  Json schema = Json::Object();
  schema.Set("anyOf", std::move(any_of));
  return schema;
}

// A string matching `pattern`.
Json Pattern(std::string_view pattern) {
  Json schema = Type("string");
  schema.Set("pattern", pattern);
  return schema;
}

// An integer as a JSON number or a string of digits, within the range of a 32-bit type when `bits` is 32.
Json Integer(bool is_unsigned, int bits) {
  Json number = Type("integer");
  if (is_unsigned) number.SetInt("minimum", 0);
  if (bits == 32) {
    if (!is_unsigned) number.SetInt("minimum", INT32_MIN);
    number.SetInt("maximum", is_unsigned ? int64_t{UINT32_MAX} : INT32_MAX);
  }
  return AnyOf({std::move(number), Pattern(is_unsigned ? "^[0-9]+$" : "^-?[0-9]+$")});
}

class SchemaWriter {
 public:
  // The whole schema document for `root`.
  Json Document(const Descriptor* root, std::string_view title) {
    Json document = Json::Object();
    document.Set("$schema", "https://json-schema.org/draft/2020-12/schema");
    document.Set("title", title);
    Describe(document, Comment(root));
    document.Set("$ref", Ref(root->full_name()));
    root_ = root;
    pending_.push_back(root);
    Json defs = Json::Object();
    while (!pending_.empty()) {
      const Descriptor* message = pending_.front();
      pending_.erase(pending_.begin());
      defs.Set(message->full_name(), Message(message));
    }
    for (const EnumDescriptor* type : enums_) defs.Set(type->full_name(), Enum(type));
    document.Set("$defs", std::move(defs));
    return document;
  }

 private:
  static std::string Ref(const std::string& full_name) { return "#/$defs/" + full_name; }

  Json RefTo(const std::string& full_name) {
    Json schema = Json::Object();
    schema.Set("$ref", Ref(full_name));
    return schema;
  }

  Json Message(const Descriptor* message) {
    Json schema = Type("object");
    Describe(schema, Comment(message));
    Json properties = Json::Object();
    if (message == root_) {
      Json self = Type("string");
      self.Set("description", "The JSON Schema this document follows (this file), for editors; hdsc ignores it.");
      properties.Set("$schema", std::move(self));
    }
    // Names that exclude each other: a field's two names, and the members of a oneof.
    std::map<std::string, std::vector<std::string>> exclusive;
    auto exclude = [&exclusive](const std::vector<std::string>& names) {
      for (const std::string& name : names) {
        for (const std::string& other : names) {
          if (other != name) exclusive[name].push_back(other);
        }
      }
    };
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      Json property = Field(field);
      Describe(property, Comment(field));
      properties.Set(field->name(), std::move(property));
      if (field->json_name() != field->name()) {
        Json alias = Field(field);
        alias.Set("description", absl::StrCat("Same as `", field->name(), "` (its lowerCamelCase JSON name)."));
        alias.Set("doNotSuggest", Json::Bool(true));
        properties.Set(field->json_name(), std::move(alias));
        exclude({field->name(), field->json_name()});
      }
    }
    for (int i = 0; i < message->oneof_decl_count(); ++i) {
      const google::protobuf::OneofDescriptor* oneof = message->oneof_decl(i);
      if (oneof->is_synthetic()) continue;  // a proto3 `optional` field
      std::vector<std::string> names;
      for (int j = 0; j < oneof->field_count(); ++j) {
        const FieldDescriptor* field = oneof->field(j);
        names.push_back(field->name());
        if (field->json_name() != field->name()) names.push_back(field->json_name());
      }
      exclude(names);
    }
    schema.Set("properties", std::move(properties));
    schema.Set("additionalProperties", Json::Bool(false));
    if (!exclusive.empty()) {
      Json dependent = Json::Object();
      for (const auto& [name, others] : exclusive) {
        std::vector<Json> required;
        for (const std::string& other : others) {
          Json one = Json::Object();
          one.Set("required", Strings({other}));
          required.push_back(std::move(one));
        }
        Json not_schema = Json::Object();
        not_schema.Set("not", AnyOf(std::move(required)));
        dependent.Set(name, std::move(not_schema));
      }
      schema.Set("dependentSchemas", std::move(dependent));
    }
    return schema;
  }

  // The schema of one field's value: an array of them for a repeated field, an object for a map.
  Json Field(const FieldDescriptor* field) {
    if (field->is_map()) {
      Json schema = Type("object");
      const FieldDescriptor* key = field->message_type()->map_key();
      if (key->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
        Json names = Json::Object();
        names.Set("enum", Strings({"true", "false"}));
        schema.Set("propertyNames", std::move(names));
      } else if (key->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
        schema.Set("propertyNames", Pattern(key->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                                                    key->cpp_type() == FieldDescriptor::CPPTYPE_UINT64
                                                ? "^[0-9]+$"
                                                : "^-?[0-9]+$"));
      }
      schema.Set("additionalProperties", Value(field->message_type()->map_value()));
      return schema;
    }
    if (field->is_repeated()) {
      Json schema = Type("array");
      schema.Set("items", Value(field));
      return schema;
    }
    return Value(field);
  }

  // The schema of one value of `field` (an element, for a repeated field).
  Json Value(const FieldDescriptor* field) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return Integer(false, 32);
      case FieldDescriptor::CPPTYPE_UINT32:
        return Integer(true, 32);
      case FieldDescriptor::CPPTYPE_INT64:
        return Integer(false, 64);
      case FieldDescriptor::CPPTYPE_UINT64:
        return Integer(true, 64);
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        Json special = Type("string");
        special.Set("enum", Strings({"NaN", "Infinity", "-Infinity"}));
        return AnyOf({Type("number"), std::move(special),
                      Pattern("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$")});
      }
      case FieldDescriptor::CPPTYPE_BOOL:
        return Type("boolean");
      case FieldDescriptor::CPPTYPE_STRING:
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          Json schema = Pattern("^[A-Za-z0-9+/_-]*={0,2}$");
          schema.Set("contentEncoding", "base64");
          return schema;
        }
        return Type("string");
      case FieldDescriptor::CPPTYPE_ENUM:
        if (enum_names_.insert(field->enum_type()->full_name()).second) enums_.push_back(field->enum_type());
        return RefTo(field->enum_type()->full_name());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return MessageValue(field->message_type());
    }
    return Json::Object();
  }

  // A message-typed value: the special JSON forms of the well-known types, else a reference to its definition.
  Json MessageValue(const Descriptor* message) {
    const std::string& name = message->full_name();
    if (name == "google.protobuf.Timestamp") {
      Json schema = Type("string");
      schema.Set("format", "date-time");
      return schema;
    }
    if (name == "google.protobuf.Duration") return Pattern("^-?[0-9]+(\\.[0-9]{1,9})?s$");
    if (name == "google.protobuf.FieldMask") return Type("string");
    if (name == "google.protobuf.Struct") return Type("object");
    if (name == "google.protobuf.ListValue") return Type("array");
    if (name == "google.protobuf.Value") return Json::Object();
    if (name == "google.protobuf.Any") return Json::Bool(false);  // hdsc does not read Any
    if (absl::StartsWith(name, "google.protobuf.") && absl::EndsWith(name, "Value")) {
      return Value(message->FindFieldByName("value"));  // the wrapper types
    }
    if (message_names_.insert(name).second) pending_.push_back(message);
    return RefTo(name);
  }

  Json Enum(const EnumDescriptor* type) {
    std::vector<std::string> lines = {Comment(type)};
    std::vector<std::string> names;
    Json numbers = Json::Array();
    for (int i = 0; i < type->value_count(); ++i) {
      names.push_back(type->value(i)->name());
      numbers.Push(Json::Int(type->value(i)->number()));
      const std::string comment = Comment(type->value(i));
      if (!comment.empty()) lines.push_back(absl::StrCat("- ", type->value(i)->name(), ": ", comment));
    }
    if (lines.front().empty()) lines.erase(lines.begin());
    Json by_name = Type("string");
    by_name.Set("enum", Strings(names));
    Json by_number = Type("integer");
    by_number.Set("enum", std::move(numbers));
    Json schema = AnyOf({std::move(by_name), std::move(by_number)});
    Describe(schema, absl::StrJoin(lines, "\n"));
    return schema;
  }

  const Descriptor* root_ = nullptr;
  std::vector<const Descriptor*> pending_;
  std::set<std::string> message_names_;
  std::vector<const EnumDescriptor*> enums_;
  std::set<std::string> enum_names_;
};

int Main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: json_schema_main DESCRIPTOR_SET ROOT_MESSAGE TITLE\n";
    return 64;
  }
  std::ifstream input(argv[1], std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  if (!input || !set.ParseFromIstream(&input)) {
    std::cerr << "json_schema_main: " << argv[1] << ": cannot read a FileDescriptorSet\n";
    return 1;
  }
  google::protobuf::DescriptorPool pool;
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    if (pool.BuildFile(file) == nullptr) {
      std::cerr << "json_schema_main: " << argv[1] << ": cannot build " << file.name() << "\n";
      return 1;
    }
  }
  const Descriptor* root = pool.FindMessageTypeByName(argv[2]);
  if (root == nullptr) {
    std::cerr << "json_schema_main: no message " << argv[2] << " in " << argv[1] << "\n";
    return 1;
  }
  SchemaWriter writer;
  std::cout << writer.Document(root, argv[3]).Serialize();
  return std::cout ? 0 : 1;
}

}  // namespace
}  // namespace hdsc

int main(int argc, char** argv) { return hdsc::Main(argc, argv); }
