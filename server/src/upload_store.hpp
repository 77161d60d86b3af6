#pragma once
// Resumable uploads (tus 1.0.0) on disk: DATA/uploads/{id}.part holds the
// bytes received so far (its size is the offset, so an upload survives a
// restart or a crash), {id}.json what the upload is for. A finished upload
// is delivered to its meeting (worker::Recordings).

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "gavel/index/archive.hpp"
#include "gavel/result.hpp"
#include "gavel/unique_fd.hpp"
#include "gavel/worker/data_dir.hpp"
#include "gavel/worker/recordings.hpp"

// OpenSSL's EVP_MD_CTX, named without including OpenSSL here.
struct evp_md_ctx_st;

namespace gavel::server {

struct UploadLimits {
  std::uint64_t max_size = 20ull << 30;          // 20 GiB
  std::uint64_t keep_free = 1ull << 30;          // refuse what would leave less free on the disk
  std::chrono::seconds expire_after{24 * 3600};  // since the last byte arrived
};

struct UploadInfo {
  std::string id;
  std::int64_t meeting = 0;
  std::string filename;
  std::uint64_t length = 0;
  std::uint64_t offset = 0;
  std::string metadata;      // the Upload-Metadata header as received, echoed on HEAD
  std::int64_t expires = 0;  // Unix seconds
};

// One PATCH in progress: appends at the offset it started from, hashing as
// it goes when the client sent a checksum.
class UploadStore;

class UploadAppend {
 public:
  UploadAppend(UploadAppend&&) noexcept;
  UploadAppend& operator=(UploadAppend&&) = delete;
  ~UploadAppend();  // gives the upload back to the store for another PATCH
  Result<void> write(const char* data, std::size_t size);
  std::uint64_t start() const { return start_; }
  std::uint64_t written() const { return written_; }
  const std::string& id() const { return id_; }

 private:
  friend class UploadStore;
  UploadAppend(UploadStore* store, std::string id, unique_fd fd, std::uint64_t start,
               std::string expected_sha1);

  struct Sha1Free {
    void operator()(evp_md_ctx_st* ctx) const;  // EVP_MD_CTX_free
  };

  UploadStore* store_ = nullptr;  // released back to when this ends
  std::string id_;
  unique_fd fd_;
  std::uint64_t start_ = 0;
  std::uint64_t written_ = 0;
  std::string expected_sha1_;                      // raw 20 bytes, empty when no checksum was sent
  std::unique_ptr<evp_md_ctx_st, Sha1Free> sha1_;  // when hashing
};

class UploadStore {
 public:
  // Finished uploads are delivered to `recordings` (kept, numbered, probed,
  // queued); Upload-Metadata `replace` (a part number) puts the file in that
  // part's place instead of after the last.
  UploadStore(index::Archive& archive, worker::Recordings& recordings, worker::DataDir data,
              UploadLimits limits);

  const UploadLimits& limits() const { return limits_; }

  // POST: `metadata` is the Upload-Metadata header (filename, meeting).
  Result<UploadInfo> create(std::uint64_t length, const std::string& metadata);
  Result<UploadInfo> info(const std::string& id);
  // PATCH: fails with "conflict" when `offset` is not where the upload is,
  // or another PATCH of the same upload is under way. `checksum` is the
  // Upload-Checksum header ("sha1 BASE64") or empty.
  Result<UploadAppend> begin(const std::string& id, std::uint64_t offset, const std::string& checksum);
  // Ends a PATCH: verifies the checksum (undoing the chunk on a mismatch:
  // code "checksum_mismatch") and, when the last byte is in, hands the file
  // to its meeting. Returns the upload as it now stands.
  Result<UploadInfo> finish(UploadAppend append, bool body_complete);
  Result<void> remove(const std::string& id);
  // Deletes uploads idle past their expiry; returns how many.
  int sweep_expired();

 private:
  std::filesystem::path part_path(const std::string& id) const;
  std::filesystem::path info_path(const std::string& id) const;
  Result<void> save(const UploadInfo& info);
  Result<void> complete(const UploadInfo& info);
  void release(const std::string& id);
  friend class UploadAppend;

  index::Archive& archive_;
  worker::Recordings& recordings_;
  const worker::DataDir data_;
  const UploadLimits limits_;
  std::mutex mutex_;            // guards busy_
  std::set<std::string> busy_;  // uploads with a PATCH under way
};

bool is_upload_id(std::string_view id);

// Bytes in GiB, for messages about the upload limit (which may be under 1).
inline double gib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1ull << 30); }

}  // namespace gavel::server
