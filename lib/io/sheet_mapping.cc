#include "lib/io/sheet_mapping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/strings.h"
#include "lib/base/suggest.h"
#include "lib/base/utf8.h"
#include "lib/io/cell_syntax.h"
#include "lib/io/sheet_labels.h"
#include "lib/io/xml.h"

namespace hdsc::io {
namespace {

using base::AsAbsl;
using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Timestamps a google.protobuf.Timestamp may hold: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
constexpr int64_t kMinTimestampSeconds = -62'135'596'800;
constexpr int64_t kMaxTimestampSeconds = 253'402'300'799;
// The widest column a written sheet gets, in characters.
constexpr int kMaxColumnWidth = 50;

SecondsAndNanos GetSecondsAndNanos(const Message& message) {
  const Reflection* reflection = message.GetReflection();
  const Descriptor* type = message.GetDescriptor();
  return SecondsAndNanos{reflection->GetInt64(message, type->FindFieldByName("seconds")),
                         reflection->GetInt32(message, type->FindFieldByName("nanos"))};
}

void SetSecondsAndNanos(Message* message, SecondsAndNanos value) {
  const Reflection* reflection = message->GetReflection();
  const Descriptor* type = message->GetDescriptor();
  reflection->SetInt64(message, type->FindFieldByName("seconds"), value.seconds);
  reflection->SetInt32(message, type->FindFieldByName("nanos"), value.nanos);
}

// The singular string field `id` of `type`, if it has one: what child sheets name a record by.
const FieldDescriptor* IdField(const Descriptor* type) {
  const FieldDescriptor* id = type->FindFieldByName("id");
  if (id == nullptr || id->is_repeated() || id->type() != FieldDescriptor::TYPE_STRING) return nullptr;
  return id;
}

// The names children use for each of `records` (siblings in one list): its id when that is set, unique among them
// and not of the `#N` form, else `#N`, its position from 1 among those that have a row (`written`).
std::vector<std::string> OwnKeys(const std::vector<const Message*>& records, const std::vector<bool>& written) {
  std::vector<std::string> keys(records.size());
  if (records.empty()) return keys;
  const FieldDescriptor* id = IdField(records.front()->GetDescriptor());
  std::map<std::string, int> counts;
  if (id != nullptr) {
    for (const Message* record : records) ++counts[record->GetReflection()->GetString(*record, id)];
  }
  int position = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    if (!written[i]) continue;
    ++position;
    const std::string value = id != nullptr ? records[i]->GetReflection()->GetString(*records[i], id) : "";
    keys[i] = !value.empty() && value[0] != '#' && counts[value] == 1 ? value : absl::StrCat("#", position);
  }
  return keys;
}

std::string Indexed(const std::string& path, size_t index) { return absl::StrCat(path, "[", index, "]"); }

std::string JoinPath(const std::string& base, const std::vector<const FieldDescriptor*>& fields) {
  std::string path = base;
  for (const FieldDescriptor* field : fields) path = JoinFieldPath(path, field->name());
  return path;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

class Writer {
 public:
  Writer(const SheetLayout& layout, SheetLanguage language, std::string_view file, std::vector<Diagnostic>* problems)
      : layout_(layout), language_(language), file_(file), problems_(problems) {}

  Workbook Write(const Message& root) {
    CheckUnsupported(root, "", "");
    records_.resize(layout_.tables.size());
    for (size_t t = 0; t < layout_.tables.size(); ++t) CollectRecords(root, static_cast<int>(t));
    CollectLists();
    Workbook workbook;
    for (int t : layout_.sheet_order) workbook.sheets.push_back(WriteTable(layout_.tables[t], records_[t]));
    if (!lists_.empty()) workbook.sheets.push_back(ListsSheet());
    return workbook;
  }

 private:
  struct Record {
    const Message* message = nullptr;  // nullptr: a single-record sheet whose message is not set
    std::string path;
    std::vector<std::string> keys;  // the enclosing records' keys, outermost first
    std::string own_key;
    // Whether it has a row: a record of a table without keys whose columns are all empty has none (a reader skips
    // blank rows).
    bool written = true;
  };

  // Whether a column of `table` has a value in `record`.
  static bool HasOwnValues(const Message& record, const SheetTable& table) {
    for (const SheetColumn& column : table.columns) {
      const Message* message = Follow(&record, column.path, column.path.size() - 1);
      if (message == nullptr) continue;
      const Reflection* reflection = message->GetReflection();
      if (column.repeated() ? reflection->FieldSize(*message, column.field()) > 0
                            : reflection->HasField(*message, column.field())) {
        return true;
      }
    }
    return false;
  }

  void Problem(const std::string& path, std::string message) {
    AddDiagnostic(problems_, Diagnostic{std::string(file_), 0, 0, path, std::move(message)});
  }

  // Reports values in fields that no sheet shows.
  void CheckUnsupported(const Message& message, const std::string& path, const std::string& path_name) {
    if (layout_.unsupported.empty()) return;
    std::vector<const FieldDescriptor*> fields;
    message.GetReflection()->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string field_path = JoinFieldPath(path, field->name());
      const std::string field_name = path_name.empty() ? field->name() : absl::StrCat(path_name, ".", field->name());
      if (std::find(layout_.unsupported.begin(), layout_.unsupported.end(), field_name) != layout_.unsupported.end()) {
        Problem(field_path, "a workbook has no sheet or column for this field; write the dossier as JSON, textproto "
                            "or binary instead");
        continue;
      }
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      const Reflection* reflection = message.GetReflection();
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          CheckUnsupported(reflection->GetRepeatedMessage(message, field, i), Indexed(field_path, i), field_name);
        }
      } else {
        CheckUnsupported(reflection->GetMessage(message, field), field_path, field_name);
      }
    }
  }

  // The message at the end of singular `fields` from `message`, or nullptr when one of them is unset.
  static const Message* Follow(const Message* message, const std::vector<const FieldDescriptor*>& fields,
                               size_t count) {
    for (size_t i = 0; i < count && message != nullptr; ++i) {
      if (!message->GetReflection()->HasField(*message, fields[i])) return nullptr;
      message = &message->GetReflection()->GetMessage(*message, fields[i]);
    }
    return message;
  }

  void CollectRecords(const Message& root, int t) {
    const SheetTable& table = layout_.tables[t];
    if (table.single_record) {
      Record record;
      record.message = Follow(&root, table.path, table.path.size());
      record.path = JoinPath("", table.path);
      records_[t].push_back(std::move(record));
      return;
    }
    std::vector<Record> containers;
    if (table.parent < 0) {
      containers.push_back(Record{&root, "", {}, ""});
    } else {
      containers = records_[table.parent];
    }
    const FieldDescriptor* list = table.path.back();
    for (const Record& container : containers) {
      const Message* holder = Follow(container.message, table.path, table.path.size() - 1);
      if (holder == nullptr) continue;
      const Reflection* reflection = holder->GetReflection();
      std::vector<const Message*> elements;
      for (int i = 0; i < reflection->FieldSize(*holder, list); ++i) {
        elements.push_back(&reflection->GetRepeatedMessage(*holder, list, i));
      }
      if (!elements.empty() && !container.written) {
        Problem(container.path, absl::StrCat("has no value of its own, so that the rows of sheet '", table.english,
                                             "' cannot name it in a workbook: give it an id"));
        continue;
      }
      std::vector<bool> written;
      for (const Message* element : elements) written.push_back(table.parent >= 0 || HasOwnValues(*element, table));
      const std::vector<std::string> own_keys = OwnKeys(elements, written);
      const std::string list_path = JoinPath(container.path, table.path);
      for (size_t i = 0; i < elements.size(); ++i) {
        Record record;
        record.message = elements[i];
        record.path = Indexed(list_path, i);
        record.keys = container.keys;
        if (table.parent >= 0) record.keys.push_back(container.own_key);
        record.own_key = own_keys[i];
        record.written = written[i];
        records_[t].push_back(std::move(record));
      }
    }
  }

  // The enumerations the columns use, each a column of the hidden lists sheet.
  void CollectLists() {
    for (int t : layout_.sheet_order) {
      for (const SheetColumn& column : layout_.tables[t].columns) {
        if (column.kind != ValueKind::kEnum || list_columns_.count(column.field()->enum_type()) > 0) continue;
        std::vector<std::string> values;
        for (int i = 0; i < column.field()->enum_type()->value_count(); ++i) {
          const EnumValueDescriptor* value = column.field()->enum_type()->value(i);
          if (value->number() != 0) values.push_back(ShortEnumName(value));
        }
        if (values.empty()) continue;
        list_columns_[column.field()->enum_type()] = static_cast<int>(lists_.size());
        lists_.push_back({column.field()->enum_type()->name(), std::move(values)});
      }
    }
  }

  Sheet ListsSheet() const {
    Sheet sheet;
    sheet.name = std::string(language_ == SheetLanguage::kFrench ? kListsSheetFrench : kListsSheetEnglish);
    sheet.hidden = true;
    sheet.frozen_rows = 1;
    for (size_t c = 0; c < lists_.size(); ++c) {
      sheet.At(0, static_cast<int>(c)) = Cell::Text(lists_[c].first);
      for (size_t r = 0; r < lists_[c].second.size(); ++r) {
        sheet.At(static_cast<int>(r) + 1, static_cast<int>(c)) = Cell::Text(lists_[c].second[r]);
      }
      sheet.columns.push_back({ColumnFormat::Kind::kText, 0});
    }
    return sheet;
  }

  // A drop-down list of the values of `column`'s enumeration on rows [first_row, last_row] of column `at`.
  std::optional<ListValidation> Validation(const SheetColumn& column, int at, int first_row, int last_row) const {
    if (column.kind != ValueKind::kEnum) return std::nullopt;
    const auto list = list_columns_.find(column.field()->enum_type());
    if (list == list_columns_.end()) return std::nullopt;
    ListValidation validation;
    validation.column = at;
    validation.first_row = first_row;
    validation.last_row = last_row;
    validation.source_sheet = std::string(language_ == SheetLanguage::kFrench ? kListsSheetFrench : kListsSheetEnglish);
    validation.source_column = list->second;
    validation.source_first_row = 1;
    validation.source_last_row = static_cast<int>(lists_[list->second].second.size());
    // A list of values cannot be checked against a list of allowed ones: offer them only.
    validation.strict = !column.repeated();
    return validation;
  }

  Sheet WriteTable(const SheetTable& table, const std::vector<Record>& records) {
    Sheet sheet;
    sheet.name = table.name(language_);
    sheet.frozen_rows = 1;
    std::vector<int> widths;
    auto widen = [&widths](int column, const Cell& cell) {
      if (column >= static_cast<int>(widths.size())) widths.resize(column + 1, 0);
      int width = 10;
      if (cell.kind == Cell::Kind::kText) {
        width = 0;
        int line = 0;
        for (char c : cell.text) {
          if (c == '\n') {
            line = 0;
          } else if (!base::IsUtf8ContinuationByte(c)) {
            width = std::max(width, ++line);
          }
        }
      } else if (cell.kind == Cell::Kind::kDate) {
        width = 19;
      }
      widths[column] = std::max(widths[column], std::min(width + 2, kMaxColumnWidth));
    };
    if (table.single_record) {
      const std::string_view field = language_ == SheetLanguage::kFrench ? kFieldHeaderFrench : kFieldHeaderEnglish;
      const std::string_view value = language_ == SheetLanguage::kFrench ? kValueHeaderFrench : kValueHeaderEnglish;
      sheet.At(0, 0) = Cell::Text(std::string(field));
      sheet.At(0, 1) = Cell::Text(std::string(value));
      const Record& record = records.front();
      for (size_t i = 0; i < table.columns.size(); ++i) {
        const SheetColumn& column = table.columns[i];
        const int row = static_cast<int>(i) + 1;
        sheet.At(row, 0) = Cell::Text(column.header(language_));
        widen(0, sheet.At(row, 0));
        if (record.message != nullptr) {
          sheet.At(row, 1) = ValueCell(*record.message, column, JoinFieldPath(record.path, column.english));
          widen(1, sheet.At(row, 1));
        }
        if (std::optional<ListValidation> validation = Validation(column, 1, row, row)) {
          sheet.validations.push_back(*validation);
        }
      }
      sheet.columns = {{ColumnFormat::Kind::kText, 0}, {ColumnFormat::Kind::kGeneral, kMaxColumnWidth}};
      sheet.columns[0].width = widths.empty() ? 20 : widths[0];
      return sheet;
    }
    int c = 0;
    for (const SheetKey& key : table.keys) {
      sheet.At(0, c) = Cell::Text(key.header(language_));
      sheet.columns.push_back({ColumnFormat::Kind::kText, 0});
      widen(c, sheet.At(0, c));
      ++c;
    }
    for (const SheetColumn& column : table.columns) {
      sheet.At(0, c) = Cell::Text(column.header(language_));
      widen(c, sheet.At(0, c));
      ColumnFormat format;
      if (column.kind == ValueKind::kString || column.kind == ValueKind::kEnum || column.kind == ValueKind::kBytes ||
          column.kind == ValueKind::kDuration || column.repeated()) {
        format.kind = ColumnFormat::Kind::kText;
      } else if (column.kind == ValueKind::kTimestamp) {
        format.kind = ColumnFormat::Kind::kDate;
      }
      sheet.columns.push_back(format);
      if (std::optional<ListValidation> validation = Validation(column, c, 1, -1)) {
        sheet.validations.push_back(*validation);
      }
      ++c;
    }
    int row = 0;
    for (const Record& record : records) {
      if (!record.written) continue;
      ++row;
      c = 0;
      for (const std::string& key : record.keys) {
        sheet.At(row, c) = Cell::Text(key);
        widen(c, sheet.At(row, c));
        ++c;
      }
      for (const SheetColumn& column : table.columns) {
        Cell cell = ValueCell(*record.message, column, JoinFieldPath(record.path, column.english));
        widen(c, cell);
        if (!cell.empty()) sheet.At(row, c) = std::move(cell);
        ++c;
      }
    }
    for (size_t i = 0; i < sheet.columns.size() && i < widths.size(); ++i) sheet.columns[i].width = widths[i];
    return sheet;
  }

  // A text cell, or a problem when a cell cannot hold `text`.
  Cell TextCell(std::string text, const std::string& path) {
    if (!IsXmlText(text)) {
      Problem(path, "holds a control character (other than tab and line end), which a spreadsheet cell cannot hold");
      return Cell();
    }
    const int64_t chars = CountCodePoints(text);
    if (chars > WorkbookLimits().max_cell_chars) {
      Problem(path, absl::StrCat("is ", chars, " characters long, more than a spreadsheet cell holds (",
                                 WorkbookLimits().max_cell_chars, ")"));
      return Cell();
    }
    return Cell::Text(std::move(text));
  }

  // Whether `value` is a possible google.protobuf.Timestamp; a problem otherwise.
  bool CheckTimestamp(SecondsAndNanos value, const std::string& path) {
    if (value.seconds < kMinTimestampSeconds || value.seconds > kMaxTimestampSeconds || value.nanos < 0 ||
        value.nanos > 999'999'999) {
      Problem(path, "is not a possible timestamp (years 0001 to 9999)");
      return false;
    }
    return true;
  }

  // One value of `field` (element `index` when it is repeated) as a text, for a list.
  std::string ItemText(const Message& message, const FieldDescriptor* field, int index, ValueKind kind,
                       const std::string& path) {
    const Reflection* reflection = message.GetReflection();
    switch (kind) {
      case ValueKind::kString:
        return reflection->GetRepeatedString(message, field, index);
      case ValueKind::kBytes:
        return absl::Base64Escape(reflection->GetRepeatedString(message, field, index));
      case ValueKind::kBool:
        return reflection->GetRepeatedBool(message, field, index) ? "true" : "false";
      case ValueKind::kInt:
        return field->cpp_type() == FieldDescriptor::CPPTYPE_INT32
                   ? absl::StrCat(reflection->GetRepeatedInt32(message, field, index))
                   : absl::StrCat(reflection->GetRepeatedInt64(message, field, index));
      case ValueKind::kUint:
        return field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32
                   ? absl::StrCat(reflection->GetRepeatedUInt32(message, field, index))
                   : absl::StrCat(reflection->GetRepeatedUInt64(message, field, index));
      case ValueKind::kFloat:
        return FormatNumber(reflection->GetRepeatedFloat(message, field, index));
      case ValueKind::kDouble:
        return FormatNumber(reflection->GetRepeatedDouble(message, field, index));
      case ValueKind::kEnum: {
        const int number = reflection->GetRepeatedEnumValue(message, field, index);
        const EnumValueDescriptor* value = field->enum_type()->FindValueByNumber(number);
        return value != nullptr ? ShortEnumName(value) : absl::StrCat(number);
      }
      case ValueKind::kTimestamp: {
        const SecondsAndNanos value = GetSecondsAndNanos(reflection->GetRepeatedMessage(message, field, index));
        if (!CheckTimestamp(value, Indexed(path, index))) return "";
        return FormatDateTime(value, /*date_only_at_midnight=*/true, /*zone=*/true);
      }
      case ValueKind::kDuration:
        return FormatDurationText(GetSecondsAndNanos(reflection->GetRepeatedMessage(message, field, index)));
    }
    return "";
  }

  // The cell of `column` for `record`: empty when the value is unset.
  Cell ValueCell(const Message& record, const SheetColumn& column, const std::string& path) {
    const Message* message = Follow(&record, column.path, column.path.size() - 1);
    if (message == nullptr) return Cell();
    const FieldDescriptor* field = column.field();
    const Reflection* reflection = message->GetReflection();
    if (field->is_repeated()) {
      const int size = reflection->FieldSize(*message, field);
      if (size == 0) return Cell();
      std::vector<std::string> items;
      for (int i = 0; i < size; ++i) items.push_back(ItemText(*message, field, i, column.kind, path));
      return TextCell(JoinList(items), path);
    }
    if (!reflection->HasField(*message, field)) return Cell();
    switch (column.kind) {
      case ValueKind::kString:
        return TextCell(reflection->GetString(*message, field), path);
      case ValueKind::kBytes:
        return TextCell(absl::Base64Escape(reflection->GetString(*message, field)), path);
      case ValueKind::kBool:
        return Cell::Bool(reflection->GetBool(*message, field));
      case ValueKind::kInt:
      case ValueKind::kUint: {
        // Spreadsheet numbers are doubles: integers beyond 2^53 go as text, exactly.
        constexpr double kExact = 9007199254740992.0;
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32) return Cell::Number(reflection->GetInt32(*message, field));
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) {
          return Cell::Number(reflection->GetUInt32(*message, field));
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
          const int64_t value = reflection->GetInt64(*message, field);
          return std::fabs(static_cast<double>(value)) < kExact ? Cell::Number(static_cast<double>(value))
                                                                : Cell::Text(absl::StrCat(value));
        }
        const uint64_t value = reflection->GetUInt64(*message, field);
        return static_cast<double>(value) < kExact ? Cell::Number(static_cast<double>(value))
                                                   : Cell::Text(absl::StrCat(value));
      }
      case ValueKind::kFloat:
        return Cell::Number(reflection->GetFloat(*message, field));
      case ValueKind::kDouble:
        return Cell::Number(reflection->GetDouble(*message, field));
      case ValueKind::kEnum: {
        const int number = reflection->GetEnumValue(*message, field);
        const EnumValueDescriptor* value = field->enum_type()->FindValueByNumber(number);
        return Cell::Text(value != nullptr ? ShortEnumName(value) : absl::StrCat(number));
      }
      case ValueKind::kTimestamp: {
        const SecondsAndNanos value = GetSecondsAndNanos(reflection->GetMessage(*message, field));
        return CheckTimestamp(value, path) ? Cell::Date(value) : Cell();
      }
      case ValueKind::kDuration:
        return Cell::Text(FormatDurationText(GetSecondsAndNanos(reflection->GetMessage(*message, field))));
    }
    return Cell();
  }

  const SheetLayout& layout_;
  SheetLanguage language_;
  std::string_view file_;
  std::vector<Diagnostic>* problems_;
  std::vector<std::vector<Record>> records_;
  std::vector<std::pair<std::string, std::vector<std::string>>> lists_;
  std::map<const google::protobuf::EnumDescriptor*, int> list_columns_;
};

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

// A cell with nothing in it (an empty text too).
bool Blank(const Cell* cell) {
  return cell == nullptr || cell->empty() || (cell->kind == Cell::Kind::kText && cell->text.empty());
}

// "text", "a number", ... for messages.
std::string Describe(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      return "an empty cell";
    case Cell::Kind::kText:
      return absl::StrCat("'", cell.text.size() > 60 ? cell.text.substr(0, 57) + "..." : cell.text, "'");
    case Cell::Kind::kNumber:
      return absl::StrCat("the number ", FormatNumber(cell.number));
    case Cell::Kind::kBool:
      return cell.boolean ? "TRUE" : "FALSE";
    case Cell::Kind::kDate:
      return absl::StrCat("the date ", FormatDateTime(cell.date, true, false));
    case Cell::Kind::kError:
      return absl::StrCat("the error ", cell.text);
  }
  return "";
}

// Where a row's values go: a column of the layout, or a key.
struct Target {
  enum class Kind { kColumn, kKey };
  Kind kind;
  int index;
};

class Reader {
 public:
  Reader(const SheetLayout& layout, std::string_view file, const SheetReadOptions& options, SourceMap* source_map,
         std::vector<Diagnostic>* diagnostics)
      : layout_(layout), file_(file), options_(options), source_map_(source_map), diagnostics_(diagnostics) {
    has_children_.resize(layout_.tables.size(), false);
    for (const SheetTable& table : layout_.tables) {
      if (table.parent >= 0) has_children_[table.parent] = true;
    }
  }

  bool Read(const Workbook& workbook, Message* root) {
    root->Clear();
    std::vector<const Sheet*> sheets = MatchSheets(workbook);
    records_.resize(layout_.tables.size());
    for (size_t t = 0; t < layout_.tables.size() && !stopped_; ++t) {
      if (sheets[t] == nullptr) continue;
      if (layout_.tables[t].single_record) {
        ReadRecordSheet(*sheets[t], static_cast<int>(t), root);
      } else {
        ReadTableSheet(*sheets[t], static_cast<int>(t), root);
      }
    }
    DropEmptyNestedMessages(root);
    return !stopped_;
  }

  // A record read, as children find it.
  struct Record {
    Message* message;
    std::string path;
  };

  void Problem(const std::string& path, const std::string& cell, std::string message) {
    if (!AddDiagnostic(diagnostics_, Diagnostic{std::string(file_), 0, 0, path,
                                                cell.empty() ? std::move(message) : absl::StrCat(cell, ": ", message)})) {
      stopped_ = true;
    }
  }

  // The sheet of each table (nullptr: none), after reporting sheets no table has.
  std::vector<const Sheet*> MatchSheets(const Workbook& workbook) {
    std::map<std::string, int> by_name;
    std::vector<std::string> names;
    for (size_t t = 0; t < layout_.tables.size(); ++t) {
      for (SheetLanguage language : {SheetLanguage::kEnglish, SheetLanguage::kFrench}) {
        by_name.emplace(NormalizeHeader(layout_.tables[t].name(language)), static_cast<int>(t));
        names.push_back(layout_.tables[t].name(language));
      }
    }
    std::vector<const Sheet*> sheets(layout_.tables.size(), nullptr);
    for (const Sheet& sheet : workbook.sheets) {
      const std::string name = NormalizeHeader(sheet.name);
      if (name == NormalizeHeader(kListsSheetEnglish) || name == NormalizeHeader(kListsSheetFrench)) continue;
      const auto found = by_name.find(name);
      if (found == by_name.end()) {
        bool empty = true;
        for (const std::vector<Cell>& row : sheet.rows) {
          for (const Cell& cell : row) empty = empty && Blank(&cell);
        }
        if (empty || options_.allow_unknown_fields) continue;
        std::string message = absl::StrCat("unknown sheet '", sheet.name, "'");
        if (std::optional<std::string> suggestion = base::SuggestName(sheet.name, names)) {
          absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
        } else {
          absl::StrAppend(&message, " (its values are not read)");
        }
        Problem("", CellReference(sheet.name, 0, 0), message);
        continue;
      }
      if (sheets[found->second] != nullptr) {
        Problem(layout_.tables[found->second].path_name, CellReference(sheet.name, 0, 0),
                absl::StrCat("sheet '", sheets[found->second]->name, "' already holds these records (one sheet per "
                             "table, in English or in French)"));
        continue;
      }
      sheets[found->second] = &sheet;
    }
    return sheets;
  }

  // The header candidates of a table: the columns (English, lowerCamelCase, French) and the keys.
  std::map<std::string, Target> Headers(const SheetTable& table, std::vector<std::string>* shown) const {
    std::map<std::string, Target> headers;
    for (size_t k = 0; k < table.keys.size(); ++k) {
      for (const std::string* header : {&table.keys[k].english, &table.keys[k].french}) {
        headers.emplace(NormalizeHeader(*header), Target{Target::Kind::kKey, static_cast<int>(k)});
        shown->push_back(*header);
      }
    }
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const SheetColumn& column = table.columns[c];
      std::vector<std::string> camel;
      for (const FieldDescriptor* field : column.path) camel.push_back(field->json_name());
      for (const std::string& header : {column.english, column.french, absl::StrJoin(camel, ".")}) {
        headers.emplace(NormalizeHeader(header), Target{Target::Kind::kColumn, static_cast<int>(c)});
      }
      shown->push_back(column.english);
      shown->push_back(column.french);
    }
    return headers;
  }

  std::optional<Target> MatchHeader(const std::map<std::string, Target>& headers, const std::vector<std::string>& shown,
                                    const Cell& cell, const std::string& where, const std::string& path,
                                    std::string_view what) {
    const std::string text = CellAsText(cell);
    const auto found = headers.find(NormalizeHeader(text));
    if (found != headers.end()) return found->second;
    if (!options_.allow_unknown_fields) {
      std::string message = absl::StrCat("unknown ", std::string(what), " '", text, "'");
      if (std::optional<std::string> suggestion = base::SuggestName(text, shown)) {
        absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
      }
      Problem(path, where, message);
    }
    return std::nullopt;
  }

  // Follows singular `fields` from `message`, creating the messages on the way.
  static Message* MutableFollow(Message* message, const std::vector<const FieldDescriptor*>& fields, size_t count) {
    for (size_t i = 0; i < count; ++i) message = message->GetReflection()->MutableMessage(message, fields[i]);
    return message;
  }

  void ReadRecordSheet(const Sheet& sheet, int t, Message* root) {
    const SheetTable& table = layout_.tables[t];
    std::vector<std::string> shown;
    const std::map<std::string, Target> headers = Headers(table, &shown);
    size_t first = 0;
    if (const Cell* a1 = sheet.Find(0, 0); a1 != nullptr) {
      const std::string header = NormalizeHeader(CellAsText(*a1));
      if (header == NormalizeHeader(kFieldHeaderEnglish) || header == NormalizeHeader(kFieldHeaderFrench)) first = 1;
    }
    const std::string record_path = JoinPath("", table.path);
    std::map<int, std::string> seen;
    for (size_t r = first; r < sheet.rows.size() && !stopped_; ++r) {
      const int row = static_cast<int>(r);
      const Cell* key = sheet.Find(row, 0);
      const Cell* value = sheet.Find(row, 1);
      for (size_t c = 2; c < sheet.rows[r].size(); ++c) {
        if (!Blank(&sheet.rows[r][c]) && !options_.allow_unknown_fields) {
          Problem(record_path, CellReference(sheet.name, row, static_cast<int>(c)),
                  "a value beyond the two columns of this sheet (field and value)");
        }
      }
      if (Blank(key)) {
        if (!Blank(value)) {
          Problem(record_path, CellReference(sheet.name, row, 1), "a value with no field name in column A");
        }
        continue;
      }
      std::optional<Target> target = MatchHeader(headers, shown, *key, CellReference(sheet.name, row, 0),
                                                 record_path, "field");
      if (!target || target->kind != Target::Kind::kColumn) continue;
      const SheetColumn& column = table.columns[target->index];
      const std::string path = JoinFieldPath(record_path, column.english);
      if (auto [earlier, added] = seen.emplace(target->index, CellReference(sheet.name, row, 0)); !added) {
        Problem(path, CellReference(sheet.name, row, 0), absl::StrCat("this field is already given in ", earlier->second));
        continue;
      }
      if (Blank(value)) continue;
      Message* record = MutableFollow(root, table.path, table.path.size());
      if (!table.path.empty()) source_map_->AddCell(record_path, CellReference(sheet.name, 0, 0));
      SetValue(record, column, *value, CellReference(sheet.name, row, 1), path);
    }
  }

  void ReadTableSheet(const Sheet& sheet, int t, Message* root) {
    const SheetTable& table = layout_.tables[t];
    std::vector<std::string> shown;
    const std::map<std::string, Target> headers = Headers(table, &shown);
    // What each column of the sheet holds.
    std::vector<std::optional<Target>> targets;
    std::map<std::pair<int, int>, int> seen;  // (kind, index) -> column
    if (!sheet.rows.empty()) {
      for (size_t c = 0; c < sheet.rows[0].size(); ++c) {
        const Cell& cell = sheet.rows[0][c];
        std::optional<Target> target;
        const std::string where = CellReference(sheet.name, 0, static_cast<int>(c));
        if (!Blank(&cell)) target = MatchHeader(headers, shown, cell, where, table.path_name, "column");
        if (target) {
          auto [earlier, added] = seen.emplace(std::make_pair(static_cast<int>(target->kind), target->index),
                                               static_cast<int>(c));
          if (!added) {
            Problem(table.path_name, where,
                    absl::StrCat("column '", CellAsText(cell), "' is already in ",
                                 CellReference(sheet.name, 0, earlier->second)));
            target.reset();
          }
        }
        targets.push_back(target);
      }
    }
    std::vector<int> key_columns(table.keys.size(), -1);
    for (size_t c = 0; c < targets.size(); ++c) {
      if (targets[c] && targets[c]->kind == Target::Kind::kKey) key_columns[targets[c]->index] = static_cast<int>(c);
    }
    bool missing_key_reported = false;
    const FieldDescriptor* list = table.path.back();
    Message* holder = nullptr;  // for tables reached from the root: created with the first row
    std::map<const Message*, int> positions;  // how many records each holder has had
    for (size_t r = 1; r < sheet.rows.size() && !stopped_; ++r) {
      const int row = static_cast<int>(r);
      const std::vector<Cell>& cells = sheet.rows[r];
      bool blank = true;
      for (const Cell& cell : cells) blank = blank && Blank(&cell);
      if (blank) continue;
      // Which record this row belongs to.
      Message* container = nullptr;
      const Message* parent_message = nullptr;
      std::string container_path;
      if (table.parent < 0) {
        if (holder == nullptr) holder = MutableFollow(root, table.path, table.path.size() - 1);
        container = holder;
        container_path = JoinPath("", std::vector<const FieldDescriptor*>(table.path.begin(), table.path.end() - 1));
      } else {
        std::vector<std::string> keys;
        bool found_keys = true;
        for (size_t k = 0; k < key_columns.size(); ++k) {
          if (key_columns[k] < 0) {
            if (!missing_key_reported) {
              Problem(table.path_name, CellReference(sheet.name, 0, static_cast<int>(targets.size())),
                      absl::StrCat("missing column '", table.keys[k].english, "' ('", table.keys[k].french,
                                   "'), which says which record each row belongs to"));
              missing_key_reported = true;
            }
            found_keys = false;
            break;
          }
          const Cell* cell = sheet.Find(row, key_columns[k]);
          if (Blank(cell)) {
            Problem(table.path_name, CellReference(sheet.name, row, key_columns[k]),
                    absl::StrCat("expected the id of the record this row belongs to (column '",
                                 table.keys[k].header(SheetLanguage::kEnglish), "'), or #N for the Nth"));
            found_keys = false;
            break;
          }
          keys.push_back(std::string(absl::StripAsciiWhitespace(CellAsText(*cell))));
        }
        if (!found_keys) continue;
        const auto parent = records_[table.parent].find(keys);
        if (parent == records_[table.parent].end()) {
          const int last = key_columns.back();
          std::string message = absl::StrCat("no record of sheet '", layout_.tables[table.parent].english, "' ('",
                                             layout_.tables[table.parent].french, "') has the key '",
                                             absl::StrJoin(keys, " / "), "'");
          std::vector<std::string> known;
          for (const auto& [record_keys, record] : records_[table.parent]) {
            if (record_keys.size() == keys.size() && !record_keys.back().empty() && record_keys.back()[0] != '#') {
              known.push_back(record_keys.back());
            }
          }
          if (std::optional<std::string> suggestion = base::SuggestName(keys.back(), known)) {
            absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
          }
          Problem(table.path_name, CellReference(sheet.name, row, last), message);
          continue;
        }
        parent_message = parent->second.message;
        container = MutableFollow(parent->second.message, table.path, table.path.size() - 1);
        container_path = JoinPath(parent->second.path,
                                  std::vector<const FieldDescriptor*>(table.path.begin(), table.path.end() - 1));
      }
      const int index = positions[container]++;
      Message* record = container->GetReflection()->AddMessage(container, list);
      const std::string path = Indexed(JoinFieldPath(container_path, list->name()), index);
      for (size_t c = 0; c < cells.size() && !stopped_; ++c) {
        const std::string where = CellReference(sheet.name, row, static_cast<int>(c));
        if (Blank(&cells[c])) continue;
        if (c >= targets.size() || !targets[c]) {
          if (!options_.allow_unknown_fields && (c >= targets.size() || Blank(sheet.Find(0, static_cast<int>(c))))) {
            Problem(path, where, "a value under a column with no header");
          }
          continue;
        }
        if (targets[c]->kind != Target::Kind::kColumn) continue;
        const SheetColumn& column = table.columns[targets[c]->index];
        SetValue(record, column, cells[c], where, JoinFieldPath(path, column.english));
      }
      DropEmptyNestedMessages(record);
      if (table.parent < 0 && record->ByteSizeLong() == 0) {
        // Only default values (UNSPECIFIED, 0): a record a sheet cannot show, as a writer leaves it out.
        container->GetReflection()->RemoveLast(container, list);
        --positions[container];
        continue;
      }
      source_map_->AddCell(path, CellReference(sheet.name, row, 0));
      Register(t, record, path, index, parent_message);
    }
  }

  // Makes `record` (the `index`th of its list, held by record `parent` or by the root) findable by the rows of
  // tables it holds: under every spelling of its enclosing records' keys followed by its id or #N.
  void Register(int t, Message* record, const std::string& path, int index, const Message* parent) {
    if (!has_children_[t]) return;
    std::vector<std::string> own = {absl::StrCat("#", index + 1)};
    if (const FieldDescriptor* id = IdField(record->GetDescriptor())) {
      std::string value = record->GetReflection()->GetString(*record, id);
      if (!value.empty() && value[0] != '#') own.push_back(std::move(value));
    }
    std::vector<std::vector<std::string>> prefixes = {{}};
    if (parent != nullptr) prefixes = chains_[parent];
    std::vector<std::vector<std::string>>& chains = chains_[record];
    for (const std::vector<std::string>& prefix : prefixes) {
      for (const std::string& key : own) {
        std::vector<std::string> chain = prefix;
        chain.push_back(key);
        chains.push_back(chain);
        // The first record with a key keeps it.
        records_[t].emplace(std::move(chain), Record{record, path});
      }
    }
  }

  // Sets `column` of `record` from `cell` (a list: every item), or reports why it cannot.
  void SetValue(Message* record, const SheetColumn& column, const Cell& cell, const std::string& where,
                const std::string& path) {
    if (cell.kind == Cell::Kind::kError) {
      Problem(path, where, absl::StrCat("the cell holds the error ", cell.text, ", not a value"));
      return;
    }
    Message* message = MutableFollow(record, column.path, column.path.size() - 1);
    if (!column.repeated()) {
      if (std::optional<std::string> problem = FromCell(message, column, cell)) {
        Problem(path, where, *problem);
      } else {
        source_map_->AddCell(path, where);
      }
      return;
    }
    std::vector<std::string> items;
    if (cell.kind == Cell::Kind::kText) {
      absl::StatusOr<std::vector<std::string>> split = SplitList(cell.text);
      if (!split.ok()) {
        Problem(path, where, std::string(split.status().message()));
        return;
      }
      items = *std::move(split);
    } else {
      items.push_back(CellAsText(cell));
    }
    source_map_->AddCell(path, where);
    for (size_t i = 0; i < items.size() && !stopped_; ++i) {
      if (std::optional<std::string> problem = FromText(message, column, items[i])) {
        Problem(Indexed(path, i), where,
                items.size() > 1 ? absl::StrCat("item ", i + 1, ": ", *problem) : *problem);
      }
    }
  }

  // What a column expects, for messages.
  static std::string Expected(const SheetColumn& column) {
    switch (column.kind) {
      case ValueKind::kString:
        return "a text";
      case ValueKind::kBytes:
        return "base64 data";
      case ValueKind::kBool:
        return "true or false (or oui, non)";
      case ValueKind::kInt:
      case ValueKind::kUint:
        return "an integer";
      case ValueKind::kFloat:
      case ValueKind::kDouble:
        return "a number";
      case ValueKind::kEnum:
        return absl::StrCat("a value of ", column.field()->enum_type()->name());
      case ValueKind::kTimestamp:
        return "a date such as 2026-03-10 or 2026-03-10T09:30:00Z";
      case ValueKind::kDuration:
        return "a duration such as 30d, 72h, 90m or 45s";
    }
    return "a value";
  }

  // Sets the field, or adds to it when it is repeated.
  template <typename T>
  static void Store(Message* message, const FieldDescriptor* field, T value) {
    const Reflection* reflection = message->GetReflection();
    if constexpr (std::is_same_v<T, bool>) {
      field->is_repeated() ? reflection->AddBool(message, field, value) : reflection->SetBool(message, field, value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      field->is_repeated() ? reflection->AddString(message, field, std::move(value))
                           : reflection->SetString(message, field, std::move(value));
    } else if constexpr (std::is_same_v<T, SecondsAndNanos>) {
      SetSecondsAndNanos(field->is_repeated() ? reflection->AddMessage(message, field)
                                              : reflection->MutableMessage(message, field),
                         value);
    } else if constexpr (std::is_same_v<T, const EnumValueDescriptor*>) {
      field->is_repeated() ? reflection->AddEnumValue(message, field, value->number())
                           : reflection->SetEnumValue(message, field, value->number());
    }
  }

  // Stores a number in an integer or floating-point field, or says why it does not fit.
  static std::optional<std::string> StoreNumber(Message* message, const FieldDescriptor* field, double number,
                                                std::optional<int64_t> exact_signed,
                                                std::optional<uint64_t> exact_unsigned) {
    const Reflection* reflection = message->GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_FLOAT:
        if (std::isfinite(number) && std::fabs(number) > std::numeric_limits<float>::max()) {
          return "out of range for a 32-bit floating-point number";
        }
        repeated ? reflection->AddFloat(message, field, static_cast<float>(number))
                 : reflection->SetFloat(message, field, static_cast<float>(number));
        return std::nullopt;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        repeated ? reflection->AddDouble(message, field, number) : reflection->SetDouble(message, field, number);
        return std::nullopt;
      default:
        break;
    }
    if (!exact_signed && !exact_unsigned) {
      if (!std::isfinite(number) || number != std::trunc(number)) return "expected an integer";
      if (number >= -9223372036854775808.0 && number < 9223372036854775808.0) {
        exact_signed = static_cast<int64_t>(number);
      }
      if (number >= 0 && number < 18446744073709551616.0) exact_unsigned = static_cast<uint64_t>(number);
    }
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        if (!exact_signed || *exact_signed < std::numeric_limits<int32_t>::min() ||
            *exact_signed > std::numeric_limits<int32_t>::max()) {
          return "out of range for a 32-bit integer";
        }
        repeated ? reflection->AddInt32(message, field, static_cast<int32_t>(*exact_signed))
                 : reflection->SetInt32(message, field, static_cast<int32_t>(*exact_signed));
        return std::nullopt;
      case FieldDescriptor::CPPTYPE_INT64:
        if (!exact_signed) return "out of range for a 64-bit integer";
        repeated ? reflection->AddInt64(message, field, *exact_signed)
                 : reflection->SetInt64(message, field, *exact_signed);
        return std::nullopt;
      case FieldDescriptor::CPPTYPE_UINT32:
        if (!exact_unsigned || *exact_unsigned > std::numeric_limits<uint32_t>::max()) {
          return "out of range for an unsigned 32-bit integer";
        }
        repeated ? reflection->AddUInt32(message, field, static_cast<uint32_t>(*exact_unsigned))
                 : reflection->SetUInt32(message, field, static_cast<uint32_t>(*exact_unsigned));
        return std::nullopt;
      case FieldDescriptor::CPPTYPE_UINT64:
        if (!exact_unsigned) return "out of range for an unsigned 64-bit integer";
        repeated ? reflection->AddUInt64(message, field, *exact_unsigned)
                 : reflection->SetUInt64(message, field, *exact_unsigned);
        return std::nullopt;
      default:
        return "not a number field";
    }
  }

  // "'HIHG' is not a value of RiskLevel; did you mean 'HIGH'?" (or the values, when they are few).
  static std::string NotAnEnumValue(const SheetColumn& column, std::string_view text) {
    const google::protobuf::EnumDescriptor* type = column.field()->enum_type();
    std::vector<std::string> shorts;
    std::vector<std::string> fulls;
    for (int i = 0; i < type->value_count(); ++i) {
      if (type->value(i)->number() == 0) continue;
      shorts.push_back(ShortEnumName(type->value(i)));
      fulls.push_back(type->value(i)->name());
    }
    std::string message = absl::StrCat("'", std::string(text), "' is not a value of ", type->name());
    std::optional<std::string> suggestion = base::SuggestName(text, shorts);
    if (!suggestion) {
      if (std::optional<std::string> full = base::SuggestEnumValueName(text, fulls)) {
        suggestion = ShortEnumName(type->FindValueByName(*full));
      }
    }
    if (suggestion) {
      absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
    } else if (shorts.size() <= 12) {
      absl::StrAppend(&message, " (expected one of ", absl::StrJoin(shorts, ", "), ")");
    }
    return message;
  }

  // Sets (a list: adds) `column`'s field of `message` from `text`; the problem otherwise.
  static std::optional<std::string> FromText(Message* message, const SheetColumn& column, std::string_view text) {
    const FieldDescriptor* field = column.field();
    const std::string trimmed(absl::StripAsciiWhitespace(AsAbsl(text)));
    const std::string got = absl::StrCat("expected ", Expected(column), ", got '", trimmed, "'");
    switch (column.kind) {
      case ValueKind::kString:
        Store(message, field, std::string(text));
        return std::nullopt;
      case ValueKind::kBytes: {
        std::string bytes;
        if (!absl::Base64Unescape(trimmed, &bytes) && !absl::WebSafeBase64Unescape(trimmed, &bytes)) return got;
        Store(message, field, std::move(bytes));
        return std::nullopt;
      }
      case ValueKind::kBool: {
        std::optional<bool> value = ParseBoolText(trimmed);
        if (!value) return got;
        Store(message, field, *value);
        return std::nullopt;
      }
      case ValueKind::kInt: {
        int64_t value = 0;
        if (!absl::SimpleAtoi(trimmed, &value)) return got;
        return StoreNumber(message, field, static_cast<double>(value), value, std::nullopt);
      }
      case ValueKind::kUint: {
        uint64_t value = 0;
        if (!absl::SimpleAtoi(trimmed, &value)) return got;
        return StoreNumber(message, field, static_cast<double>(value), std::nullopt, value);
      }
      case ValueKind::kFloat:
      case ValueKind::kDouble: {
        double value = 0;
        if (trimmed == "NaN") {
          value = std::numeric_limits<double>::quiet_NaN();
        } else if (trimmed == "Infinity" || trimmed == "-Infinity") {
          value = trimmed[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        } else if (!absl::SimpleAtod(trimmed, &value) || !std::isfinite(value)) {
          return got;
        }
        return StoreNumber(message, field, value, std::nullopt, std::nullopt);
      }
      case ValueKind::kEnum: {
        const EnumValueDescriptor* value = FindEnumValue(field->enum_type(), trimmed);
        if (value == nullptr) return NotAnEnumValue(column, trimmed);
        Store(message, field, value);
        return std::nullopt;
      }
      case ValueKind::kTimestamp: {
        std::optional<SecondsAndNanos> value = ParseDateTime(trimmed);
        if (!value) return got;
        Store(message, field, *value);
        return std::nullopt;
      }
      case ValueKind::kDuration: {
        std::optional<SecondsAndNanos> value = ParseDurationText(trimmed);
        if (!value) return got;
        Store(message, field, *value);
        return std::nullopt;
      }
    }
    return got;
  }

  // Sets `column`'s singular field of `message` from `cell`; the problem otherwise.
  static std::optional<std::string> FromCell(Message* message, const SheetColumn& column, const Cell& cell) {
    const FieldDescriptor* field = column.field();
    const std::string got = absl::StrCat("expected ", Expected(column), ", got ", Describe(cell));
    switch (cell.kind) {
      case Cell::Kind::kText:
        return FromText(message, column, cell.text);
      case Cell::Kind::kNumber:
        switch (column.kind) {
          case ValueKind::kInt:
          case ValueKind::kUint:
          case ValueKind::kFloat:
          case ValueKind::kDouble:
            if (std::optional<std::string> problem =
                    StoreNumber(message, field, cell.number, std::nullopt, std::nullopt)) {
              return absl::StrCat(*problem, ", got ", Describe(cell));
            }
            return std::nullopt;
          case ValueKind::kBool:
            if (cell.number != 0 && cell.number != 1) return got;
            Store(message, field, cell.number == 1);
            return std::nullopt;
          case ValueKind::kTimestamp: {
            std::optional<SecondsAndNanos> value = SerialToTime(cell.number);
            if (!value) return got;
            Store(message, field, *value);
            return std::nullopt;
          }
          case ValueKind::kString:
          case ValueKind::kEnum:
            return FromText(message, column, CellAsText(cell));
          default:
            return got;
        }
      case Cell::Kind::kBool:
        if (column.kind == ValueKind::kBool) {
          Store(message, field, cell.boolean);
          return std::nullopt;
        }
        if (column.kind == ValueKind::kString) return FromText(message, column, CellAsText(cell));
        return got;
      case Cell::Kind::kDate:
        if (column.kind == ValueKind::kTimestamp) {
          Store(message, field, cell.date);
          return std::nullopt;
        }
        if (column.kind == ValueKind::kString) return FromText(message, column, CellAsText(cell));
        return got;
      case Cell::Kind::kEmpty:
      case Cell::Kind::kError:
        return got;
    }
    return got;
  }

  const SheetLayout& layout_;
  std::string_view file_;
  const SheetReadOptions& options_;
  SourceMap* source_map_;
  std::vector<Diagnostic>* diagnostics_;
  bool stopped_ = false;
  // Whether each table holds others.
  std::vector<bool> has_children_;
  // Per table, its records by key chain (each record under every spelling of its keys).
  std::vector<std::map<std::vector<std::string>, Record>> records_;
  // The key chains of each record that holds others.
  std::map<const Message*, std::vector<std::vector<std::string>>> chains_;
};

}  // namespace

void DropEmptyNestedMessages(Message* message) {
  const Reflection* reflection = message->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        field->message_type()->file()->package() == "google.protobuf") {
      continue;
    }
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
        DropEmptyNestedMessages(reflection->MutableRepeatedMessage(message, field, i));
      }
      continue;
    }
    Message* nested = reflection->MutableMessage(message, field);
    DropEmptyNestedMessages(nested);
    if (nested->ByteSizeLong() == 0) reflection->ClearField(message, field);
  }
}

std::string NormalizeHeader(std::string_view header) {
  std::string out;
  bool space = false;
  for (char c : header) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += absl::ascii_tolower(static_cast<unsigned char>(c));
  }
  return out;
}

Workbook MessageToWorkbook(const Message& message, SheetLanguage language, std::string_view file,
                           std::vector<Diagnostic>* problems) {
  return Writer(LayoutFor(message.GetDescriptor()), language, file, problems).Write(message);
}

bool HasLayoutSheets(const Workbook& workbook, const Descriptor* type) {
  const SheetLayout& layout = LayoutFor(type);
  std::set<std::string> names;
  for (const SheetTable& table : layout.tables) {
    names.insert(NormalizeHeader(table.english));
    names.insert(NormalizeHeader(table.french));
  }
  for (const Sheet& sheet : workbook.sheets) {
    if (names.count(NormalizeHeader(sheet.name)) > 0) return true;
  }
  return false;
}

bool WorkbookToMessage(const Workbook& workbook, std::string_view file, const SheetReadOptions& options,
                       Message* message, SourceMap* source_map, std::vector<Diagnostic>* diagnostics) {
  return Reader(LayoutFor(message->GetDescriptor()), file, options, source_map, diagnostics).Read(workbook, message);
}

}  // namespace hdsc::io
