#pragma once
// A few SQLite connections to one database, each used by one thread at a
// time. In WAL mode readers on different connections run side by side and
// never wait for the writer; writers take turns through SQLite's own lock
// (BEGIN IMMEDIATE, with a busy timeout). Connections open on demand, up to
// the limit; beyond it a caller waits for one to come back.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <type_traits>
#include <vector>

#include "sqlite.hpp"

namespace gavel::index::sql {

class ConnectionPool {
 public:
  // Opens one more connection (configured, tokenizer registered).
  using Opener = std::function<Result<Connection>()>;
  ConnectionPool(Opener open, int max_connections);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Runs f(sqlite3*) on a connection no other thread uses meanwhile and
  // returns what it returns (a Result); fails when no connection could be
  // opened. REQUIRES: f does not call run() or write() itself (with one
  // connection it would wait for itself).
  template <class F>
  auto run(F&& f) -> std::invoke_result_t<F, sqlite3*> {
    auto lease = acquire();
    if (!lease) return lease.error();
    return f(lease->get());
  }

  // The same inside a write transaction (BEGIN IMMEDIATE), committed when
  // f succeeds and rolled back when it fails; a BEGIN that cannot take the
  // lock in time fails with "busy" before f runs.
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F, sqlite3*> {
    return run([&](sqlite3* db) -> std::invoke_result_t<F, sqlite3*> {
      auto tx = Transaction::begin(db);
      if (!tx) return tx.error();
      auto result = f(db);
      if (!result) return result;
      if (auto committed = tx->commit(); !committed) return committed.error();
      return result;
    });
  }

 private:
  // A connection on loan; goes back to the pool when it ends.
  class Lease {
   public:
    Lease(ConnectionPool* pool, Connection connection) : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    sqlite3* get() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    Connection connection_;
  };

  Result<Lease> acquire();
  void give_back(Connection connection);

  const Opener open_;
  const int max_;
  std::mutex mutex_;  // guards idle_ and open_count_
  std::condition_variable returned_;
  std::vector<Connection> idle_;
  int open_count_ = 0;
};

}  // namespace gavel::index::sql
