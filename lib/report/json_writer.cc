#include "lib/report/json_writer.h"

#include <cstdio>

namespace hdsc::report::internal {
namespace {

// Length of the valid UTF-8 sequence starting at `text[i]`, or 0 if it is not valid.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&text](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong three- and four-byte forms, surrogates, and code points above U+10FFFF.
  if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(i + 1) > 0x9F) return 0;
  if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(i + 1) > 0x8F) return 0;
  return length;
}

void AppendIndent(std::string* out, int indent) { out->append(static_cast<size_t>(indent) * 2, ' '); }

}  // namespace

Json Json::Bool(bool value) {
  Json json;
  json.kind_ = Kind::kBool;
  json.bool_ = value;
  return json;
}

Json Json::Int(int64_t value) {
  Json json;
  json.kind_ = Kind::kInt;
  json.int_ = value;
  return json;
}

Json Json::String(std::string_view value) {
  Json json;
  json.kind_ = Kind::kString;
  json.string_ = std::string(value);
  return json;
}

Json Json::Array() {
  Json json;
  json.kind_ = Kind::kArray;
  return json;
}

Json Json::Object() {
  Json json;
  json.kind_ = Kind::kObject;
  return json;
}

Json& Json::Push(Json value) {
  items_.emplace_back(std::string(), std::move(value));
  return items_.back().second;
}

Json& Json::Set(std::string_view key, Json value) {
  for (auto& item : items_) {
    if (item.first == key) {
      item.second = std::move(value);
      return item.second;
    }
  }
  items_.emplace_back(std::string(key), std::move(value));
  return items_.back().second;
}

std::string Json::Serialize() const {
  std::string out;
  AppendTo(&out, 0);
  out.push_back('\n');
  return out;
}

void Json::AppendTo(std::string* out, int indent) const {
  switch (kind_) {
    case Kind::kNull:
      out->append("null");
      return;
    case Kind::kBool:
      out->append(bool_ ? "true" : "false");
      return;
    case Kind::kInt:
      out->append(std::to_string(int_));
      return;
    case Kind::kString:
      out->append(JsonQuote(string_));
      return;
    case Kind::kArray:
    case Kind::kObject: {
      const bool object = kind_ == Kind::kObject;
      if (items_.empty()) {
        out->append(object ? "{}" : "[]");
        return;
      }
      out->push_back(object ? '{' : '[');
      for (size_t i = 0; i < items_.size(); ++i) {
        out->append(i == 0 ? "\n" : ",\n");
        AppendIndent(out, indent + 1);
        if (object) {
          out->append(JsonQuote(items_[i].first));
          out->append(": ");
        }
        items_[i].second.AppendTo(out, indent + 1);
      }
      out->push_back('\n');
      AppendIndent(out, indent);
      out->push_back(object ? '}' : ']');
      return;
    }
  }
}

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out.append("\\ufffd");
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
          out.append(escaped);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
  return out;
}

}  // namespace hdsc::report::internal
