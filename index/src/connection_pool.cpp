#include "connection_pool.hpp"

namespace gavel::index::sql {

ConnectionPool::ConnectionPool(Opener open, int max_connections)
    : open_(std::move(open)), max_(std::max(1, max_connections)) {}

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_; });
  if (!idle_.empty()) {
    Connection connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_count_;
  lock.unlock();
  // Opened outside the lock: opening touches the file, other callers need not wait for it.
  auto opened = open_();
  if (!opened) {
    lock.lock();
    --open_count_;
    returned_.notify_one();
    return opened.error();
  }
  return Lease(this, std::move(*opened));
}

void ConnectionPool::give_back(Connection connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace gavel::index::sql
