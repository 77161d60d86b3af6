#pragma once
// What route handlers share: the stores, the data dir, the web assets and
// the login throttle; plus the per-request facts the socket knows.

#include <atomic>
#include <boost/url/params_view.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "auth.hpp"
#include "clip_cache.hpp"
#include "gavel/index/store.hpp"
#include "gavel/worker/data_dir.hpp"
#include "gavel/worker/recordings.hpp"
#include "hot_files.hpp"
#include "media_files.hpp"
#include "metrics.hpp"
#include "upload_store.hpp"

namespace gavel::server {

struct RequestContext {
  // Who asked: the connection's peer, or behind a trusted proxy the client
  // its X-Forwarded-For names (client_address.hpp).
  std::string remote_address;
  bool secure = false;  // arrived over TLS
  // The connection's own peer when it differs (the proxy); empty otherwise.
  std::string peer_address;
  const std::string& peer() const { return peer_address.empty() ? remote_address : peer_address; }
};

struct Services {
  Services(index::Store& store, worker::DataDir data_, std::filesystem::path web_root_, UploadLimits limits)
      : archive(store.archive()),
        captions(store.captions()),
        search(store.search()),
        accounts(store.accounts()),
        jobs(store.jobs()),
        data(std::move(data_)),
        web_root(std::move(web_root_)),
        recordings(archive, jobs, data),
        uploads(archive, recordings, data, limits) {}

  // Each route uses the stores it needs (gavel/index/store.hpp).
  index::Archive& archive;
  index::CaptionStore& captions;
  index::SearchIndex& search;
  index::Accounts& accounts;
  index::JobQueue& jobs;
  const worker::DataDir data;
  const std::filesystem::path web_root;
  LoginThrottle throttle;
  worker::Recordings recordings;  // parts kept, numbered, probed, queued
  UploadStore uploads;
  Metrics metrics{};
  MeetingStates meeting_states{};
  MediaTree media_tree{data.media_root()};
  HotFiles hot_files{};
  ClipCache clips{data.root() / "clips", 4ull << 30};
  std::atomic<bool> shutting_down{false};
  bool access_log = true;
  std::vector<std::string> trusted_proxies;  // besides loopback: whose X-Forwarded-For is believed
};

}  // namespace gavel::server
