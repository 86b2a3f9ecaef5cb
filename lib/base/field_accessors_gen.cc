// Writes the C++ source that registers the generated accessors of the fields of some .proto files
// (see lib/base/field_accessors.h). Run by `hdsc_proto_library(..., field_accessors = True)`.
//
// Usage: field_accessors_gen DESCRIPTOR_SET OUTPUT.cc FILE.proto...
// DESCRIPTOR_SET is a FileDescriptorSet with imports (protoc --include_imports); accessors are
// written for the messages of the FILE.proto named (as in the set: "lib/model/breach.proto"),
// whose generated headers are FILE.pb.h.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// protoc appends an underscore to field accessors named after these; such fields are left to
// reflection rather than guessed at.
bool IsCppKeyword(const std::string& name) {
  static const std::set<std::string> kKeywords = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "class", "compl", "const", "constexpr", "const_cast", "continue",
      "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit",
      "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
      "mutable", "namespace", "new", "noexcept", "not", "not_eq", "NULL", "nullptr", "operator",
      "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "return",
      "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
      "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor",
      "xor_eq", "char8_t", "char16_t", "char32_t", "concept", "consteval", "constinit",
      "co_await", "co_return", "co_yield", "requires"};
  return kKeywords.count(name) > 0;
}

// "::hdsc::v1::Breach", "::hdsc::v1::Outer_Inner".
std::string ClassName(const Descriptor* type) {
  std::string name = type->name();
  for (const Descriptor* outer = type->containing_type(); outer != nullptr;
       outer = outer->containing_type()) {
    name = outer->name() + "_" + name;
  }
  std::string package = type->file()->package();
  std::string qualified = "::";
  for (char c : package) {
    if (c == '.') {
      qualified += "::";
    } else {
      qualified += c;
    }
  }
  if (!package.empty()) qualified += "::";
  return qualified + name;
}

// Whether a field's accessor is its lower-case name as protoc writes it.
bool HasPlainAccessor(const FieldDescriptor* field) {
  const std::string& name = field->name();
  for (char c : name) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return !IsCppKeyword(name);
}

bool ReadsInt(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_ENUM:
      return true;
    default:
      return false;
  }
}

struct Output {
  std::ostringstream functions;
  std::ostringstream entries;
  int count = 0;
};

// A function `name` that applies the accessor `one` (defined before it, inlined) to each of a batch of messages.
void WriteEach(const std::string& name, const std::string& value_type, const std::string& one, Output* out) {
  out->functions << "void " << name << "(const Message* const* messages, size_t count, " << value_type
                 << "* values) {\n  for (size_t i = 0; i < count; ++i) values[i] = " << one << "(*messages[i]);\n}\n";
}

void WriteMessage(const Descriptor* type, Output* out) {
  if (type->options().map_entry()) return;
  const std::string cls = ClassName(type);
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->is_extension() || !HasPlainAccessor(field) || field->options().weak()) continue;
    const std::string& name = field->name();
    const std::string id = std::to_string(out->count);
    // The entry's accessors, in the order of `GeneratedFieldAccessors`.
    auto entry = [&](const std::string& get_int, const std::string& has, const std::string& get_message,
                     const std::string& get_bool, const std::string& get_string, const std::string& size,
                     const std::string& repeated_int32 = "nullptr", const std::string& repeated_string = "nullptr") {
      // The batch forms of `get_int` and `has`, where there are those.
      const std::string get_int_each = get_int == "nullptr" ? "nullptr" : "&GetIntEach" + id;
      const std::string has_each = has == "nullptr" ? "nullptr" : "&HasEach" + id;
      if (get_int != "nullptr") WriteEach(get_int_each.substr(1), "int64_t", get_int.substr(1), out);
      if (has != "nullptr") WriteEach(has_each.substr(1), "bool", has.substr(1), out);
      out->entries << "    {\"" << field->full_name() << "\", {" << get_int << ", " << has << ", "
                   << get_message << ", " << get_bool << ", " << get_string << ", " << size << ", "
                   << repeated_int32 << ", " << repeated_string << ", " << get_int_each << ", " << has_each
                   << "}},\n";
    };
    const std::string cast = "static_cast<const " + cls + "&>(m).";
    if (field->is_repeated()) {
      // Map fields too: protoc writes `name_size()` for both.
      out->functions << "int Size" << id << "(const Message& m) {\n  return " << cast << name
                     << "_size();\n}\n"
                     << "bool Has" << id << "(const Message& m) {\n  return " << cast << name
                     << "_size() > 0;\n}\n";
      std::string repeated_int32 = "nullptr", repeated_string = "nullptr";
      if (field->is_map()) {
        // Only the size.
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                 field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        // An enum field's elements are a RepeatedField<int>.
        out->functions << "const int32_t* Ints" << id << "(const Message& m) {\n  return " << cast << name
                       << "().data();\n}\n";
        repeated_int32 = "&Ints" + id;
      } else if (field->type() == FieldDescriptor::TYPE_STRING &&
                 field->options().ctype() == google::protobuf::FieldOptions::STRING) {
        // Not bytes: an element compared with them must be bytes, not a string.
        out->functions << "const std::string& String" << id << "(const Message& m, int i) {\n  return " << cast
                       << name << "(i);\n}\n";
        repeated_string = "&String" + id;
      }
      entry("nullptr", "&Has" + id, "nullptr", "nullptr", "nullptr", "&Size" + id, repeated_int32, repeated_string);
    } else if (ReadsInt(field)) {
      out->functions << "int64_t GetInt" << id << "(const Message& m) {\n  return " << cast << name
                     << "();\n}\n";
      entry("&GetInt" + id, "nullptr", "nullptr", "nullptr", "nullptr", "nullptr");
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
      out->functions << "bool GetBool" << id << "(const Message& m) {\n  return " << cast << name
                     << "();\n}\n";
      entry("nullptr", "nullptr", "nullptr", "&GetBool" + id, "nullptr", "nullptr");
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
               field->options().ctype() == google::protobuf::FieldOptions::STRING) {
      out->functions << "const std::string& GetString" << id << "(const Message& m) {\n  return "
                     << cast << name << "();\n}\n";
      entry("nullptr", "nullptr", "nullptr", "nullptr", "&GetString" + id, "nullptr");
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      out->functions << "bool Has" << id << "(const Message& m) {\n  return " << cast << "has_" << name
                     << "();\n}\n"
                     << "const Message& GetMessage" << id << "(const Message& m) {\n  return " << cast
                     << name << "();\n}\n";
      entry("nullptr", "&Has" + id, "&GetMessage" + id, "nullptr", "nullptr", "nullptr");
    } else {
      continue;
    }
    ++out->count;
  }
  for (int i = 0; i < type->nested_type_count(); ++i) WriteMessage(type->nested_type(i), out);
}

int Run(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: field_accessors_gen DESCRIPTOR_SET OUTPUT.cc FILE.proto...\n";
    return 2;
  }
  google::protobuf::FileDescriptorSet set;
  std::ifstream input(argv[1], std::ios::binary);
  if (!input || !set.ParseFromIstream(&input)) {
    std::cerr << "cannot read the descriptor set " << argv[1] << "\n";
    return 1;
  }
  google::protobuf::DescriptorPool pool;
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    if (pool.BuildFile(file) == nullptr) {
      std::cerr << "cannot build " << file.name() << "\n";
      return 1;
    }
  }
  std::ostringstream includes;
  Output out;
  for (int i = 3; i < argc; ++i) {
    const std::string name = argv[i];
    const google::protobuf::FileDescriptor* file = pool.FindFileByName(name);
    if (file == nullptr || name.size() < 6 || name.substr(name.size() - 6) != ".proto") {
      std::cerr << "no file " << name << " in " << argv[1] << "\n";
      return 1;
    }
    includes << "#include \"" << name.substr(0, name.size() - 6) << ".pb.h\"\n";
    for (int m = 0; m < file->message_type_count(); ++m) WriteMessage(file->message_type(m), &out);
  }
  std::ofstream output(argv[2]);
  output << "// Generated by //lib/base:field_accessors_gen: do not edit.\n";
  if (out.count > 0) {
    output << "#include <cstddef>\n#include <cstdint>\n#include <string>\n\n#include \"lib/base/field_accessors.h\"\n"
           << includes.str() << "\nnamespace {\n\nusing ::google::protobuf::Message;\n\n"
           << out.functions.str()
           << "\nconst ::hdsc::base::GeneratedFieldAccessorsEntry kEntries[] = {\n"
           << out.entries.str() << "};\n\n"
           << "[[maybe_unused]] const bool kRegistered =\n"
           << "    ::hdsc::base::RegisterGeneratedFieldAccessors(kEntries, " << out.count
           << ");\n\n}  // namespace\n";
  }
  output.close();
  if (!output) {
    std::cerr << "cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
