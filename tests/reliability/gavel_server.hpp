#pragma once
// `gavel serve` as the reliability tests run it: the real binary on a data
// dir and a fresh port, with workers, environment and flags chosen by the
// test.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "process.hpp"

namespace gavel::test {

class GavelServer {
 public:
  // Logs to serve.log beside `data`; no access log. `flags` are added to
  // the command line, `env` to the environment.
  GavelServer(const std::filesystem::path& data, int workers,
              std::vector<std::pair<std::string, std::string>> env = {}, std::vector<std::string> flags = {});

  // Waits until /healthz answers; false if the process ended first or it
  // never answered.
  bool healthy();

  unsigned short port() const { return port_; }
  Process& process() { return process_; }

 private:
  unsigned short port_;
  Process process_;
};

}  // namespace gavel::test
