#include "upload_store.hpp"

#include "gavel/utf8.hpp"

#include <boost/json.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <fstream>
#include <sstream>

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string base64_decode(std::string_view in) {
  std::string out(in.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  out.resize(len);
  return out;
}

// "filename ZmlsZS5tcDQ=,meeting MQ==" -> value of `key`.
std::optional<std::string> metadata_value(std::string_view metadata, std::string_view key) {
  while (!metadata.empty()) {
    const auto comma = metadata.find(',');
    auto pair = metadata.substr(0, comma);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto space = pair.find(' ');
    if (pair.substr(0, space) == key)
      return space == std::string_view::npos ? std::string() : base64_decode(pair.substr(space + 1));
    if (comma == std::string_view::npos) break;
    metadata.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

// Keeps the uploaded name readable but safe as one path component.
// Characters that would hide or reorder a name when a clerk reads it:
// C1 controls, zero-width and bidirectional marks, the byte-order mark.
bool is_invisible(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}


Error io_error(const std::string& what, int err) {
  if (err == ENOSPC) return make_error("disk_full", "the disk is full; the upload can resume once space is freed");
  return make_error("io", fmt::format("{}: {}", what, std::strerror(err)));
}

}  // namespace

// The uploaded file's name as one path component a clerk can still read
// ("제290회 본회의.mp4" -> "제290회_본회의.mp4"): ASCII letters, digits and
// . - _ and any other well-formed, visible UTF-8 character; the rest
// (separators, spaces, controls, broken bytes) become '_'. At most 100 bytes,
// cut between characters.
std::string safe_filename(const std::string& name) {
  constexpr std::size_t kMaxBytes = 100;
  const std::string base = fs::path(name).filename().string();
  std::string out;
  for (std::size_t pos = 0; pos < base.size();) {
    const auto c = decode_utf8(base, pos);
    const bool ascii_ok = c.valid && c.codepoint < 0x80 &&
                          (std::isalnum(static_cast<int>(c.codepoint)) || c.codepoint == '.' || c.codepoint == '-' ||
                           c.codepoint == '_');
    const bool unicode_ok = c.valid && c.codepoint >= 0x80 && !is_invisible(c.codepoint);
    const std::string_view piece = ascii_ok || unicode_ok ? std::string_view(base).substr(pos, c.length) : "_";
    if (out.size() + piece.size() > kMaxBytes) break;
    out += piece;
    pos += c.length;
  }
  if (out.empty() || out.front() == '.') out = "recording" + out;
  return out;
}

bool is_upload_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

UploadAppend::UploadAppend(UploadStore* store, std::string id, int fd, std::uint64_t start, std::string expected_sha1)
    : store_(store), id_(std::move(id)), fd_(fd), start_(start), expected_sha1_(std::move(expected_sha1)) {
  if (!expected_sha1_.empty()) {
    auto* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
    sha1_ = ctx;
  }
}

UploadAppend::UploadAppend(UploadAppend&& o) noexcept
    : store_(std::exchange(o.store_, nullptr)),
      id_(std::move(o.id_)),
      fd_(std::exchange(o.fd_, -1)),
      start_(o.start_),
      written_(o.written_),
      expected_sha1_(std::move(o.expected_sha1_)),
      sha1_(std::exchange(o.sha1_, nullptr)) {}

UploadAppend::~UploadAppend() {
  if (sha1_) EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(sha1_));
  if (fd_ >= 0) ::close(fd_);
  if (store_) store_->release(id_);
}

Result<void> UploadAppend::write(const char* data, std::size_t size) {
  if (sha1_) EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(sha1_), data, size);
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("writing the upload", errno);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
    written_ += static_cast<std::uint64_t>(n);
  }
  return {};
}

UploadStore::UploadStore(index::Index& index, worker::DataDir data, UploadLimits limits)
    : index_(index), data_(std::move(data)), limits_(limits) {}

fs::path UploadStore::part_path(const std::string& id) const { return data_.uploads() / (id + ".part"); }
fs::path UploadStore::info_path(const std::string& id) const { return data_.uploads() / (id + ".json"); }

Result<void> UploadStore::save(const UploadInfo& u) {
  const json::object o{{"meeting", u.meeting}, {"filename", u.filename}, {"length", u.length},
                       {"metadata", u.metadata}, {"expires", u.expires}};
  const auto tmp = info_path(u.id).string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << json::serialize(o);
    if (!out.flush()) return io_error("saving the upload", errno ? errno : EIO);
  }
  std::error_code ec;
  fs::rename(tmp, info_path(u.id), ec);
  if (ec) return io_error("saving the upload", ec.value());
  return {};
}

Result<UploadInfo> UploadStore::create(std::uint64_t length, const std::string& metadata) {
  if (length == 0) return make_error("bad_input", "an empty file is not a recording");
  if (length > limits_.max_size)
    return make_error("too_large", fmt::format("the file is larger than the {} GiB limit", limits_.max_size >> 30));
  std::error_code ec;
  fs::create_directories(data_.uploads(), ec);
  const auto space = fs::space(data_.uploads(), ec);
  if (!ec && space.available < length + limits_.keep_free)
    return make_error("disk_full", fmt::format("not enough free disk for {} MB", length >> 20));
  const auto meeting_text = metadata_value(metadata, "meeting");
  const auto filename = metadata_value(metadata, "filename");
  if (!meeting_text || meeting_text->empty())
    return make_error("bad_input", "Upload-Metadata needs 'meeting' (the meeting id, base64)");
  std::int64_t meeting = 0;
  try {
    meeting = std::stoll(*meeting_text);
  } catch (const std::exception&) {
    return make_error("bad_input", "the meeting in Upload-Metadata is not a number");
  }
  auto m = index_.meeting(meeting);
  if (!m) return m.error();
  if (!*m) return make_error("not_found", fmt::format("there is no meeting {}", meeting));

  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  UploadInfo u{hex, meeting, filename.value_or("recording"), length, 0, metadata,
               now_seconds() + limits_.expire_after.count()};
  std::ofstream(part_path(u.id), std::ios::binary);  // empty: offset 0
  if (auto r = save(u); !r) return r.error();
  spdlog::info("upload {} started: {} ({} bytes) for meeting {}", u.id, u.filename, length, meeting);
  return u;
}

Result<UploadInfo> UploadStore::info(const std::string& id) {
  if (!is_upload_id(id)) return make_error("not_found", "no such upload");
  std::ifstream in(info_path(id));
  if (!in) return make_error("not_found", "no such upload (finished, deleted or expired)");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(text.str(), ec);
  if (ec || !v.is_object()) return make_error("io", "the upload's record is damaged");
  const auto& o = v.as_object();
  UploadInfo u;
  u.id = id;
  u.meeting = o.at("meeting").to_number<std::int64_t>();
  u.filename = std::string(o.at("filename").as_string());
  u.length = o.at("length").to_number<std::uint64_t>();
  u.metadata = std::string(o.at("metadata").as_string());
  u.expires = o.at("expires").to_number<std::int64_t>();
  std::error_code fec;
  u.offset = fs::file_size(part_path(id), fec);
  if (fec) return make_error("not_found", "no such upload");
  return u;
}

Result<UploadAppend> UploadStore::begin(const std::string& id, std::uint64_t offset, const std::string& checksum) {
  std::string expected;
  if (!checksum.empty()) {
    const auto space = checksum.find(' ');
    if (checksum.substr(0, space) != "sha1")
      return make_error("bad_checksum_algorithm", "only sha1 checksums are supported");
    expected = base64_decode(space == std::string::npos ? "" : checksum.substr(space + 1));
    if (expected.size() != 20) return make_error("bad_input", "Upload-Checksum is not a base64 sha1 digest");
  }
  {
    std::lock_guard lock(mutex_);
    if (!busy_.insert(id).second) return make_error("conflict", "this upload is already receiving data");
  }
  auto u = info(id);
  if (!u) {
    release(id);
    return u.error();
  }
  if (u->offset != offset) {
    release(id);
    return make_error("conflict", fmt::format("Upload-Offset is {}, the upload is at {}", offset, u->offset));
  }
  const int fd = ::open(part_path(id).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    release(id);
    return io_error("opening the upload", errno);
  }
  return UploadAppend(this, id, fd, offset, std::move(expected));
}

Result<UploadInfo> UploadStore::finish(UploadAppend append, bool body_complete) {
  if (!append.expected_sha1_.empty()) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(append.sha1_), digest, &len);
    const bool match = body_complete && len == 20 && std::memcmp(digest, append.expected_sha1_.data(), 20) == 0;
    if (!match) {
      // tus checksum extension: a chunk that fails its checksum is not kept.
      if (::ftruncate(append.fd_, static_cast<off_t>(append.start_)) != 0)
        return io_error("undoing a damaged chunk", errno);
      return make_error("checksum_mismatch", "the chunk's sha1 does not match Upload-Checksum; send it again");
    }
  }
  ::fdatasync(append.fd_);
  auto u = info(append.id_);
  if (!u) return u.error();
  u->expires = now_seconds() + limits_.expire_after.count();
  if (auto r = save(*u); !r) return r.error();
  if (u->offset == u->length)
    if (auto r = complete(*u); !r) return r.error();
  return u;
}

Result<void> UploadStore::complete(const UploadInfo& u) {
  std::lock_guard lock(mutex_);  // numbers the meeting's parts one at a time
  auto meeting = index_.meeting(u.meeting);
  if (!meeting) return meeting.error();
  if (!*meeting) return make_error("not_found", "the meeting was deleted during the upload");
  const int seq = static_cast<int>((*meeting)->parts.size()) + 1;
  const std::string name = fmt::format("{:02}-{}", seq, safe_filename(u.filename));
  const auto dir = data_.originals(u.meeting);
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::rename(part_path(u.id), dir / name, ec);
  if (ec) return io_error("keeping the finished upload", ec.value());
  fs::remove(info_path(u.id), ec);
  if (auto r = index_.add_part(u.meeting, {seq, name, static_cast<std::int64_t>(u.length)}); !r) return r;
  auto job = index_.requeue_transcode(u.meeting);
  if (!job) return job.error();
  spdlog::info("upload {} complete: meeting {} part {} ({}), transcode job {}", u.id, u.meeting, seq, name, *job);
  return {};
}

Result<void> UploadStore::remove(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (busy_.count(id)) return make_error("conflict", "this upload is receiving data");
  }
  auto u = info(id);
  if (!u) return u.error();
  std::error_code ec;
  fs::remove(part_path(id), ec);
  fs::remove(info_path(id), ec);
  spdlog::info("upload {} deleted", id);
  return {};
}

int UploadStore::sweep_expired() {
  int removed = 0;
  std::error_code ec;
  const auto now = now_seconds();
  for (const auto& entry : fs::directory_iterator(data_.uploads(), ec)) {
    if (entry.path().extension() != ".json") continue;
    const std::string id = entry.path().stem().string();
    auto u = info(id);
    if (u && u->expires < now && remove(id)) ++removed;
  }
  if (removed) spdlog::info("removed {} expired uploads", removed);
  return removed;
}

void UploadStore::release(const std::string& id) {
  std::lock_guard lock(mutex_);
  busy_.erase(id);
}

}  // namespace gavel::server
