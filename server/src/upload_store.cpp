#include "upload_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <ctime>
#include <fstream>
#include <sstream>

#include "tus_metadata.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// `what` is one of the Upload* actions below, named in both languages.
struct Action {
  const char* en;
  const char* ko;
};
constexpr Action kWriting{"writing the upload", "업로드를 쓰는 중"};
constexpr Action kSaving{"saving the upload", "업로드 기록을 저장하는 중"};
constexpr Action kOpening{"opening the upload", "업로드를 여는 중"};
constexpr Action kUndoing{"undoing a damaged chunk", "손상된 조각을 되돌리는 중"};

Error io_error(const Action& what, int err) {
  if (err == ENOSPC)
    return make_error(Errc::disk_full, "the disk is full; the upload can resume once space is freed",
                      "디스크가 가득 찼습니다. 공간을 비우면 이어서 올릴 수 있습니다");
  return make_error(Errc::io, fmt::format("{}: {}", what.en, std::strerror(err)),
                    fmt::format("{} 오류가 났습니다: {}", what.ko, std::strerror(err)));
}

}  // namespace

bool is_upload_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void UploadAppend::Sha1Free::operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }

UploadAppend::UploadAppend(UploadStore* store, std::string id, unique_fd fd, std::uint64_t start,
                           std::string expected_sha1)
    : store_(store),
      id_(std::move(id)),
      fd_(std::move(fd)),
      start_(start),
      expected_sha1_(std::move(expected_sha1)) {
  if (!expected_sha1_.empty()) {
    sha1_.reset(EVP_MD_CTX_new());
    EVP_DigestInit_ex(sha1_.get(), EVP_sha1(), nullptr);
  }
}

UploadAppend::UploadAppend(UploadAppend&& o) noexcept
    : store_(std::exchange(o.store_, nullptr)),
      id_(std::move(o.id_)),
      fd_(std::move(o.fd_)),
      start_(o.start_),
      written_(o.written_),
      expected_sha1_(std::move(o.expected_sha1_)),
      sha1_(std::move(o.sha1_)) {}

UploadAppend::~UploadAppend() {
  fd_.reset();  // closed before another PATCH may open the upload
  if (store_) store_->release(id_);
}

Result<void> UploadAppend::write(const char* data, std::size_t size) {
  if (sha1_) EVP_DigestUpdate(sha1_.get(), data, size);
  while (size > 0) {
    const ssize_t n = ::write(fd_.get(), data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(kWriting, errno);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
    written_ += static_cast<std::uint64_t>(n);
  }
  return {};
}

UploadStore::UploadStore(index::Archive& archive, worker::Recordings& recordings, worker::DataDir data,
                         UploadLimits limits)
    : archive_(archive), recordings_(recordings), data_(std::move(data)), limits_(limits) {}

fs::path UploadStore::part_path(const std::string& id) const { return data_.uploads() / (id + ".part"); }
fs::path UploadStore::info_path(const std::string& id) const { return data_.uploads() / (id + ".json"); }

Result<void> UploadStore::save(const UploadInfo& u) {
  const json::object o{{"meeting", u.meeting},
                       {"filename", u.filename},
                       {"length", u.length},
                       {"metadata", u.metadata},
                       {"expires", u.expires}};
  const auto tmp = info_path(u.id).string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << json::serialize(o);
    if (!out.flush()) return io_error(kSaving, errno ? errno : EIO);
  }
  std::error_code ec;
  fs::rename(tmp, info_path(u.id), ec);
  if (ec) return io_error(kSaving, ec.value());
  return {};
}

Result<UploadInfo> UploadStore::create(std::uint64_t length, const std::string& metadata) {
  if (length == 0)
    return make_error(Errc::bad_input, "an empty file is not a recording", "빈 파일은 녹화 파일이 아닙니다");
  if (length > limits_.max_size)
    return make_error(Errc::too_large,
                      fmt::format("the file is larger than the {:.3g} GiB limit", gib(limits_.max_size)),
                      fmt::format("파일이 올릴 수 있는 크기({:.3g} GiB)보다 큽니다", gib(limits_.max_size)));
  std::error_code ec;
  fs::create_directories(data_.uploads(), ec);
  const auto space = fs::space(data_.uploads(), ec);
  if (!ec && space.available < length + limits_.keep_free)
    return make_error(Errc::disk_full, fmt::format("not enough free disk for {} MB", length >> 20),
                      fmt::format("{} MB를 받을 디스크 공간이 없습니다", length >> 20));
  const auto meeting_text = metadata_value(metadata, "meeting");
  const auto filename = metadata_value(metadata, "filename");
  if (!meeting_text || meeting_text->empty())
    return make_error(Errc::bad_input, "Upload-Metadata needs 'meeting' (the meeting id, base64)",
                      "Upload-Metadata에 회의 번호(meeting)가 없습니다");
  std::int64_t meeting = 0;
  try {
    meeting = std::stoll(*meeting_text);
  } catch (const std::exception&) {
    return make_error(Errc::bad_input, "the meeting in Upload-Metadata is not a number",
                      "Upload-Metadata의 회의 번호가 숫자가 아닙니다");
  }
  if (auto replace = metadata_value(metadata, "replace"); replace && !replace->empty()) {
    const int seq = std::atoi(replace->c_str());
    if (seq < 1 || std::to_string(seq) != *replace)
      return make_error(Errc::bad_input, "replace in Upload-Metadata is a part number, e.g. 2",
                        "Upload-Metadata의 replace는 파트 번호(예: 2)입니다");
  }
  auto m = archive_.meeting(meeting);
  if (!m) return m.error();
  if (!*m)
    return make_error(Errc::not_found, fmt::format("there is no meeting {}", meeting),
                      fmt::format("{}번 회의가 없습니다", meeting));

  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  UploadInfo u{hex,
               meeting,
               filename.value_or("recording"),
               length,
               0,
               metadata,
               now_seconds() + limits_.expire_after.count()};
  std::ofstream(part_path(u.id), std::ios::binary);  // empty: offset 0
  if (auto r = save(u); !r) return r.error();
  spdlog::info("upload {} started: {} ({} bytes) for meeting {}", u.id, u.filename, length, meeting);
  return u;
}

Result<UploadInfo> UploadStore::info(const std::string& id) {
  if (!is_upload_id(id)) return make_error(Errc::not_found, "no such upload", "그런 업로드가 없습니다");
  std::ifstream in(info_path(id));
  if (!in)
    return make_error(Errc::not_found, "no such upload (finished, deleted or expired)",
                      "그런 업로드가 없습니다 (끝났거나 삭제되었거나 기한이 지났습니다)");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(text.str(), ec);
  if (ec || !v.is_object())
    return make_error(Errc::io, "the upload's record is damaged", "업로드 기록이 손상되었습니다");
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
  if (fec) return make_error(Errc::not_found, "no such upload", "그런 업로드가 없습니다");
  return u;
}

Result<UploadAppend> UploadStore::begin(const std::string& id, std::uint64_t offset,
                                        const std::string& checksum) {
  std::string expected;
  if (!checksum.empty()) {
    const auto space = checksum.find(' ');
    if (checksum.substr(0, space) != "sha1")
      return make_error(Errc::bad_checksum_algorithm, "only sha1 checksums are supported",
                        "sha1 체크섬만 받습니다");
    expected = base64_decode(space == std::string::npos ? "" : checksum.substr(space + 1));
    if (expected.size() != 20)
      return make_error(Errc::bad_input, "Upload-Checksum is not a base64 sha1 digest",
                        "Upload-Checksum이 base64 sha1 값이 아닙니다");
  }
  {
    std::lock_guard lock(mutex_);
    if (!busy_.insert(id).second)
      return make_error(Errc::conflict, "this upload is already receiving data",
                        "이 업로드는 이미 받는 중입니다");
  }
  auto u = info(id);
  if (!u) {
    release(id);
    return u.error();
  }
  if (u->offset != offset) {
    release(id);
    return make_error(Errc::conflict,
                      fmt::format("Upload-Offset is {}, the upload is at {}", offset, u->offset),
                      fmt::format("Upload-Offset은 {}인데 업로드는 {}까지 와 있습니다", offset, u->offset));
  }
  unique_fd fd(::open(part_path(id).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
  if (!fd) {
    release(id);
    return io_error(kOpening, errno);
  }
  return UploadAppend(this, id, std::move(fd), offset, std::move(expected));
}

Result<UploadInfo> UploadStore::finish(UploadAppend append, bool body_complete) {
  if (!append.expected_sha1_.empty()) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(append.sha1_.get(), digest, &len);
    const bool match =
        body_complete && len == 20 && std::memcmp(digest, append.expected_sha1_.data(), 20) == 0;
    if (!match) {
      // tus checksum extension: a chunk that fails its checksum is not kept.
      if (::ftruncate(append.fd_.get(), static_cast<off_t>(append.start_)) != 0)
        return io_error(kUndoing, errno);
      return make_error(Errc::checksum_mismatch,
                        "the chunk's sha1 does not match Upload-Checksum; send it again",
                        "조각의 sha1이 Upload-Checksum과 다릅니다. 다시 보내 주세요");
    }
  }
  ::fdatasync(append.fd_.get());
  auto u = info(append.id_);
  if (!u) return u.error();
  u->expires = now_seconds() + limits_.expire_after.count();
  if (auto r = save(*u); !r) return r.error();
  if (u->offset == u->length)
    if (auto r = complete(*u); !r) return r.error();
  return u;
}

Result<void> UploadStore::complete(const UploadInfo& u) {
  std::optional<int> replaces;
  if (auto text = metadata_value(u.metadata, "replace"); text && !text->empty())
    replaces = std::atoi(text->c_str());
  auto delivered =
      recordings_.deliver(u.meeting, {{part_path(u.id), u.filename, replaces}}, worker::Handover::move);
  if (!delivered) return delivered.error();
  std::error_code ec;
  fs::remove(info_path(u.id), ec);
  spdlog::info(
      "upload {} complete: meeting {} part {}{}", u.id, u.meeting, delivered->parts.front(),
      delivered->job ? fmt::format(", transcode job {}", *delivered->job) : std::string(", not a recording"));
  return {};
}

Result<void> UploadStore::remove(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (busy_.count(id))
      return make_error(Errc::conflict, "this upload is receiving data", "이 업로드는 받는 중입니다");
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
