#include "lib/io/read.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/io/binary_reader.h"
#include "lib/io/json_reader.h"
#include "lib/io/spreadsheet.h"
#include "lib/io/text_reader.h"

namespace hdsc::io {
namespace {

absl::Status ErrnoStatus(int error, const std::string& path) {
  const std::string message = absl::StrCat(path, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case EISDIR:
      return absl::FailedPreconditionError(message);
    default:
      return absl::UnavailableError(message);
  }
}

std::string TooLarge(std::string_view name, uint64_t size, int64_t max_bytes) {
  std::string message =
      absl::StrCat(std::string(name), ": input is ", size, " bytes, more than the limit of ", max_bytes, " bytes");
  if (max_bytes > 0 && max_bytes % (int64_t{1} << 30) == 0) {
    absl::StrAppend(&message, " (", max_bytes >> 30, " GiB)");
  } else if (max_bytes > 0 && max_bytes % (int64_t{1} << 20) == 0) {
    absl::StrAppend(&message, " (", max_bytes >> 20, " MiB)");
  }
  return message;
}

// The values of `message` counted as the readers count them (each set field, list element and map entry, and
// those of nested messages), stopping once past `limit`.
int64_t CountValues(const google::protobuf::Message& message, int64_t limit, int64_t count = 0) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const int size = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    count += size;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      for (int i = 0; i < size && count <= limit; ++i) {
        count = CountValues(field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                                 : reflection->GetMessage(message, field),
                            limit, count);
      }
    }
    if (count > limit) break;
  }
  return count;
}

}  // namespace

bool FitsLimit(size_t size, int64_t max_bytes) {
  return max_bytes >= 0 && static_cast<uint64_t>(size) <= static_cast<uint64_t>(max_bytes);
}

int64_t MaxValues(const LoadOptions& options) {
  if (options.max_values > 0) return options.max_values;
  return std::max(options.max_bytes / kBytesPerValue, kMinMaxValues);
}

namespace {

// Closes a file descriptor on every path out of `ReadFileContents`.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<std::string> ReadFileContents(const std::string& path, int64_t max_bytes) {
  FileDescriptor fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus(errno, path);
  struct stat info;
  if (fstat(fd.get(), &info) != 0) return ErrnoStatus(errno, path);
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file"));
  }
  if (info.st_size > max_bytes) return absl::ResourceExhaustedError(TooLarge(path, info.st_size, max_bytes));
  std::string contents;
  // One byte past the size stat() gave, to notice a file that grew meanwhile: made room for now, so that reading up
  // to the end does not copy what was read into a larger buffer.
  contents.resize(static_cast<size_t>(info.st_size) + 1);
  size_t filled = 0;
  while (true) {
    if (filled == contents.size()) {
      if (static_cast<int64_t>(contents.size()) >= max_bytes + 1) break;
      contents.resize(contents.size() + 1);
    }
    const ssize_t n = read(fd.get(), &contents[filled], contents.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, path);
    }
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  contents.resize(filled);
  if (!FitsLimit(filled, max_bytes)) {
    return absl::ResourceExhaustedError(TooLarge(path, filled, max_bytes));
  }
  return contents;
}

void ReleaseMemoryBefore(std::string* bytes, size_t offset) {
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(bytes->data());
  const uintptr_t first = (begin + page - 1) / page * page;
  const uintptr_t end = (begin + std::min(offset, bytes->size())) / page * page;
  // Best effort: where the system refuses, the memory simply stays.
  if (end > first) madvise(reinterpret_cast<void*>(first), end - first, MADV_DONTNEED);
}

absl::StatusOr<ReadResult> ReadMessage(std::string_view bytes, std::string_view name, const LoadOptions& options,
                                       google::protobuf::Message* message) {
  if (!FitsLimit(bytes.size(), options.max_bytes)) {
    return absl::ResourceExhaustedError(TooLarge(name, bytes.size(), options.max_bytes));
  }
  absl::StatusOr<Format> format = ResolveFormat(options.format, name);
  if (!format.ok()) return format.status();
  message->Clear();
  ReadResult result;
  if (bytes.empty()) {
    result.diagnostics.push_back(Diagnostic{std::string(name), 0, 0, "", "empty input"});
    return result;
  }
  switch (*format) {
    case Format::kJson: {
      JsonReadOptions json;
      json.allow_unknown_fields = options.allow_unknown_fields;
      json.max_depth = options.max_depth;
      json.max_values = MaxValues(options);
      json.release_text = options.release_input;
      result.complete = ReadJson(bytes, name, json, message, &result.source_map, &result.diagnostics);
      break;
    }
    case Format::kTextproto:
      result.complete = ReadTextproto(bytes, name,
                                      TextReadOptions{options.allow_unknown_fields, options.max_depth, MaxValues(options)},
                                      message, &result.source_map, &result.diagnostics);
      break;
    case Format::kBinary:
      result.complete = ReadBinary(bytes, name,
                                   BinaryReadOptions{options.allow_unknown_fields, options.max_depth, MaxValues(options)},
                                   message, &result.diagnostics);
      break;
    case Format::kXlsx:
    case Format::kOds: {
      SpreadsheetReadOptions spreadsheet;
      spreadsheet.allow_unknown_fields = options.allow_unknown_fields;
      result.complete = ReadSpreadsheet(bytes, *format, name, spreadsheet, message, &result.source_map,
                                        &result.diagnostics, &result.warnings);
      // Counted after reading: the workbook's cell limit bounds what reading could build.
      if (const int64_t max_values = MaxValues(options); CountValues(*message, max_values) > max_values) {
        message->Clear();
        result.source_map = SourceMap();
        result.complete = false;
        AddDiagnostic(&result.diagnostics, TooManyValues(name, SourceLocation(), max_values));
      }
      break;
    }
    case Format::kAuto:
      break;
  }
  return result;
}

absl::StatusOr<ReadResult> ReadMessageFile(const std::string& path, const LoadOptions& options,
                                           google::protobuf::Message* message) {
  // Resolve the format first so that a file with an unknown extension is refused before it is opened.
  absl::StatusOr<Format> format = ResolveFormat(options.format, path);
  if (!format.ok()) return format.status();
  absl::StatusOr<std::string> contents = ReadFileContents(path, options.max_bytes);
  if (!contents.ok()) return contents.status();
  LoadOptions resolved = options;
  resolved.format = *format;
  return ReadMessage(*contents, path, resolved, message);
}

}  // namespace hdsc::io
