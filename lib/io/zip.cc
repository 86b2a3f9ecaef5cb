#include "lib/io/zip.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "minizip/unzip.h"
#include "minizip/zip.h"

namespace hdsc::io {
namespace {

// A file in memory for minizip's I/O callbacks: read from `input`, or written to `*output` (seeking back and
// overwriting, as minizip does to complete a local header).
struct MemoryFile {
  std::string_view input;
  std::string* output = nullptr;
  uint64_t position = 0;
  bool failed = false;

  uint64_t size() const { return output != nullptr ? output->size() : input.size(); }
};

voidpf Open(voidpf opaque, const void* /*filename*/, int /*mode*/) { return opaque; }

uLong Read(voidpf /*opaque*/, voidpf stream, void* buffer, uLong size) {
  MemoryFile* file = static_cast<MemoryFile*>(stream);
  if (file->output != nullptr || file->position >= file->input.size()) return 0;
  const uint64_t count = std::min<uint64_t>(size, file->input.size() - file->position);
  std::memcpy(buffer, file->input.data() + file->position, count);
  file->position += count;
  return static_cast<uLong>(count);
}

uLong Write(voidpf /*opaque*/, voidpf stream, const void* buffer, uLong size) {
  MemoryFile* file = static_cast<MemoryFile*>(stream);
  if (file->output == nullptr) {
    file->failed = true;
    return 0;
  }
  if (file->position + size > file->output->size()) file->output->resize(file->position + size);
  std::memcpy(&(*file->output)[file->position], buffer, size);
  file->position += size;
  return size;
}

ZPOS64_T Tell(voidpf /*opaque*/, voidpf stream) { return static_cast<MemoryFile*>(stream)->position; }

long Seek(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  MemoryFile* file = static_cast<MemoryFile*>(stream);
  uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = file->position;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = file->size();
      break;
    default:
      return -1;
  }
  if (offset > file->size() || base > file->size() - offset) return -1;
  file->position = base + offset;
  return 0;
}

int Close(voidpf /*opaque*/, voidpf /*stream*/) { return 0; }

int Error(voidpf /*opaque*/, voidpf stream) { return static_cast<MemoryFile*>(stream)->failed ? 1 : 0; }

zlib_filefunc64_def MemoryFunctions(MemoryFile* file) {
  zlib_filefunc64_def functions;
  functions.zopen64_file = Open;
  functions.zread_file = Read;
  functions.zwrite_file = Write;
  functions.ztell64_file = Tell;
  functions.zseek64_file = Seek;
  functions.zclose_file = Close;
  functions.zerror_file = Error;
  functions.opaque = file;
  return functions;
}

// Entry names longer than this are refused (a spreadsheet's are under 50 bytes).
constexpr size_t kMaxNameBytes = 1024;

std::string Mib(int64_t bytes) {
  if (bytes % (int64_t{1} << 20) == 0) return absl::StrCat(bytes >> 20, " MiB");
  return absl::StrCat(bytes, " bytes");
}

}  // namespace

struct ZipReader::Archive {
  MemoryFile file;
  unzFile handle = nullptr;
  // Where each entry's directory record is, by name.
  std::map<std::string, unz64_file_pos, std::less<>> positions;

  ~Archive() {
    if (handle != nullptr) unzClose(handle);
  }
};

ZipReader::ZipReader(std::unique_ptr<Archive> archive, const ZipLimits& limits)
    : archive_(std::move(archive)), limits_(limits) {}

ZipReader::~ZipReader() = default;

absl::StatusOr<std::unique_ptr<ZipReader>> ZipReader::Open(std::string_view bytes, const ZipLimits& limits) {
  auto archive = std::make_unique<Archive>();
  archive->file.input = bytes;
  zlib_filefunc64_def functions = MemoryFunctions(&archive->file);
  archive->handle = unzOpen2_64(nullptr, &functions);
  if (archive->handle == nullptr) {
    return absl::InvalidArgumentError("not a zip archive, or its central directory is damaged");
  }
  unz_global_info64 global;
  if (unzGetGlobalInfo64(archive->handle, &global) != UNZ_OK) {
    return absl::InvalidArgumentError("the zip archive's central directory is damaged");
  }
  if (global.number_entry > static_cast<ZPOS64_T>(limits.max_entries)) {
    return absl::ResourceExhaustedError(absl::StrCat("the zip archive has ", global.number_entry,
                                                     " entries, more than the limit of ", limits.max_entries));
  }
  std::unique_ptr<ZipReader> reader(new ZipReader(std::move(archive), limits));
  Archive& a = *reader->archive_;
  int status = unzGoToFirstFile(a.handle);
  while (status == UNZ_OK) {
    unz_file_info64 info;
    char name[kMaxNameBytes + 1];
    if (unzGetCurrentFileInfo64(a.handle, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return absl::InvalidArgumentError("the zip archive's central directory is damaged");
    }
    if (info.size_filename > kMaxNameBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("the zip archive has an entry name longer than ", kMaxNameBytes, " bytes"));
    }
    std::string entry(name, info.size_filename);
    unz64_file_pos position;
    if (unzGetFilePos64(a.handle, &position) != UNZ_OK) {
      return absl::InvalidArgumentError("the zip archive's central directory is damaged");
    }
    if (a.positions.emplace(entry, position).second) reader->names_.push_back(std::move(entry));
    if (static_cast<int64_t>(reader->names_.size()) > limits.max_entries) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the zip archive has more than the limit of ", limits.max_entries, " entries"));
    }
    status = unzGoToNextFile(a.handle);
  }
  if (status != UNZ_END_OF_LIST_OF_FILE) {
    return absl::InvalidArgumentError("the zip archive's central directory is damaged");
  }
  return reader;
}

bool ZipReader::Has(std::string_view name) const {
  return archive_->positions.find(name) != archive_->positions.end();
}

absl::StatusOr<std::string> ZipReader::Read(std::string_view name) {
  const auto found = archive_->positions.find(name);
  const std::string quoted = absl::StrCat("zip entry '", std::string(name), "'");
  if (found == archive_->positions.end()) return absl::NotFoundError(absl::StrCat("no ", quoted));
  unz64_file_pos position = found->second;
  unzFile handle = archive_->handle;
  unz_file_info64 info;
  if (unzGoToFilePos64(handle, &position) != UNZ_OK ||
      unzGetCurrentFileInfo64(handle, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, ": damaged directory record"));
  }
  if ((info.flag & 1) != 0) return absl::InvalidArgumentError(absl::StrCat(quoted, " is encrypted"));
  if (info.compression_method != 0 && info.compression_method != Z_DEFLATED) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, " is compressed with method ", info.compression_method,
                                                   " (only stored and deflated entries are read)"));
  }
  const int64_t remaining = limits_.max_total_bytes - total_bytes_read_;
  if (info.uncompressed_size > static_cast<ZPOS64_T>(remaining)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        quoted, " expands to ", info.uncompressed_size, " bytes: the archive would exceed the limit of ",
        Mib(limits_.max_total_bytes), " uncompressed (a zip bomb?)"));
  }
  if (static_cast<int64_t>(info.uncompressed_size) > limits_.ratio_floor_bytes &&
      info.uncompressed_size / std::max<ZPOS64_T>(info.compressed_size, 1) >
          static_cast<ZPOS64_T>(limits_.max_ratio)) {
    return absl::ResourceExhaustedError(absl::StrCat(quoted, " expands ", info.compressed_size, " bytes to ",
                                                     info.uncompressed_size, ", more than ", limits_.max_ratio,
                                                     " times (a zip bomb?)"));
  }
  if (unzOpenCurrentFile(handle) != UNZ_OK) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, ": damaged local header"));
  }
  std::string contents;
  contents.reserve(static_cast<size_t>(info.uncompressed_size));
  char buffer[1 << 16];
  while (true) {
    const int n = unzReadCurrentFile(handle, buffer, sizeof buffer);
    if (n < 0) {
      unzCloseCurrentFile(handle);
      return absl::InvalidArgumentError(absl::StrCat(quoted, " is damaged (cannot inflate it)"));
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
    // minizip stops at the declared size; this only guards against a reader that would not.
    if (static_cast<int64_t>(contents.size()) > remaining) {
      unzCloseCurrentFile(handle);
      return absl::ResourceExhaustedError(
          absl::StrCat(quoted, ": the archive exceeds the limit of ", Mib(limits_.max_total_bytes), " uncompressed"));
    }
  }
  const int closed = unzCloseCurrentFile(handle);
  if (closed == UNZ_CRCERROR) return absl::InvalidArgumentError(absl::StrCat(quoted, " is damaged (CRC mismatch)"));
  if (closed != UNZ_OK || contents.size() != info.uncompressed_size) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, " is damaged (truncated)"));
  }
  total_bytes_read_ += static_cast<int64_t>(contents.size());
  return contents;
}

struct ZipWriter::Archive {
  std::string bytes;
  MemoryFile file;
  zipFile handle = nullptr;
  bool finished = false;

  ~Archive() {
    if (handle != nullptr) zipClose(handle, nullptr);
  }
};

ZipWriter::ZipWriter() : archive_(std::make_unique<Archive>()) {
  archive_->file.output = &archive_->bytes;
  zlib_filefunc64_def functions = MemoryFunctions(&archive_->file);
  archive_->handle = zipOpen2_64(nullptr, APPEND_STATUS_CREATE, nullptr, &functions);
}

ZipWriter::~ZipWriter() = default;

absl::Status ZipWriter::Add(std::string_view name, std::string_view data, bool compress) {
  if (archive_->handle == nullptr || archive_->finished) return absl::InternalError("zip writer is not open");
  if (data.size() > 0xffffffffu - 1) return absl::ResourceExhaustedError("zip entry larger than 4 GiB");
  zip_fileinfo info;
  std::memset(&info, 0, sizeof info);
  info.dosDate = (1u << 21) | (1u << 16);  // 1980-01-01 00:00:00, the earliest DOS date
  const std::string entry(name);
  if (zipOpenNewFileInZip64(archive_->handle, entry.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                            compress ? Z_DEFLATED : 0, compress ? Z_DEFAULT_COMPRESSION : 0, /*zip64=*/0) != ZIP_OK ||
      (!data.empty() &&
       zipWriteInFileInZip(archive_->handle, data.data(), static_cast<unsigned>(data.size())) != ZIP_OK) ||
      zipCloseFileInZip(archive_->handle) != ZIP_OK) {
    return absl::InternalError(absl::StrCat("cannot write zip entry '", entry, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ZipWriter::Finish() {
  if (archive_->handle == nullptr || archive_->finished) return absl::InternalError("zip writer is not open");
  archive_->finished = true;
  const int status = zipClose(archive_->handle, nullptr);
  archive_->handle = nullptr;
  if (status != ZIP_OK) return absl::InternalError("cannot finish the zip archive");
  return std::move(archive_->bytes);
}

}  // namespace hdsc::io
