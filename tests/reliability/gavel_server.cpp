#include "gavel_server.hpp"

#include <fmt/format.h>

namespace gavel::test {
namespace {

std::vector<std::string> serve_command(const std::filesystem::path& data, unsigned short port, int workers,
                                       std::vector<std::string> flags) {
  std::vector<std::string> args = {GAVEL_BINARY,     "serve",
                                   "--data",         data.string(),
                                   "--listen",       fmt::format("127.0.0.1:{}", port),
                                   "--workers",      std::to_string(workers),
                                   "--no-access-log"};
  args.insert(args.end(), std::make_move_iterator(flags.begin()), std::make_move_iterator(flags.end()));
  return args;
}

}  // namespace

GavelServer::GavelServer(const std::filesystem::path& data, int workers,
                         std::vector<std::pair<std::string, std::string>> env, std::vector<std::string> flags)
    : port_(free_port()),
      process_(serve_command(data, port_, workers, std::move(flags)), data.parent_path() / "serve.log",
               std::move(env)) {}

bool GavelServer::healthy() {
  using namespace std::chrono_literals;
  return eventually(
             [&] {
               if (!process_.running()) return true;
               auto r = http(port_, "GET", "/healthz");
               return r && r->status == 200;
             },
             20s) &&
         process_.running();
}

}  // namespace gavel::test
