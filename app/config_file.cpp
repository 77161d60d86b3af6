#include "config_file.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <functional>
#include <map>

namespace gavel::app {

std::string apply_config_file(const std::filesystem::path& file, const CLI::App& cmd, ServeOptions& serve) {
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    return fmt::format("{}: line {}: {}", file.string(), e.source().begin.line, e.description());
  }
  using Setter = std::function<bool(const toml::node&)>;
  auto text = [](std::string& field) {
    return Setter([&field](const toml::node& n) {
      if (!n.is_string()) return false;
      field = n.value<std::string>().value();
      return true;
    });
  };
  auto path = [](std::filesystem::path& field) {
    return Setter([&field](const toml::node& n) {
      if (!n.is_string()) return false;
      field = n.value<std::string>().value();
      return true;
    });
  };
  auto integer = [](int& field) {
    return Setter([&field](const toml::node& n) {
      if (!n.is_integer()) return false;
      field = static_cast<int>(n.value<std::int64_t>().value());
      return true;
    });
  };
  auto number = [](double& field) {
    return Setter([&field](const toml::node& n) {
      if (!n.is_number()) return false;
      field = n.value<double>().value();
      return true;
    });
  };
  // trusted-proxy = ["10.0.0.5", "10.0.0.6"] (or one string)
  auto texts = [](std::vector<std::string>& field) {
    return Setter([&field](const toml::node& n) {
      if (n.is_string()) {
        field = {n.value<std::string>().value()};
        return true;
      }
      const auto* list = n.as_array();
      if (!list || !list->is_homogeneous(toml::node_type::string)) return false;
      field.clear();
      for (const auto& item : *list) field.push_back(item.value<std::string>().value());
      return true;
    });
  };
  const std::map<std::string, Setter> keys = {
      {"data", path(serve.data)},
      {"listen", text(serve.listen)},
      {"workers", integer(serve.workers)},
      {"web", path(serve.web_root)},
      {"io-threads", integer(serve.io_threads)},
      {"handler-threads", integer(serve.handler_threads)},
      {"max-connections", integer(serve.max_connections)},
      {"max-upload-gb", number(serve.max_upload_gb)},
      {"upload-expiry-hours", number(serve.upload_expiry_hours)},
      {"clip-cache-gb", number(serve.clip_cache_gb)},
      {"idle-timeout-seconds", number(serve.idle_timeout_seconds)},
      {"trusted-proxy", texts(serve.trusted_proxies)},
      {"tls-cert", path(serve.tls_cert)},
      {"tls-key", path(serve.tls_key)},
      {"access-log", Setter([&serve](const toml::node& n) {
         if (!n.is_boolean()) return false;
         serve.access_log = n.value<bool>().value();
         return true;
       })},
  };
  for (const auto& [key, node] : table) {
    // tls_cert reads as tls-cert: TOML files often spell keys with underscores.
    std::string name(key.str());
    std::replace(name.begin(), name.end(), '_', '-');
    auto it = keys.find(name);
    if (it == keys.end()) return fmt::format("{}: unknown setting '{}'", file.string(), key.str());
    const CLI::Option* option = cmd.get_option_no_throw("--" + name);
    if (option && option->count() > 0) continue;  // a flag or GAVEL_* variable said otherwise
    if (!it->second(node)) return fmt::format("{}: '{}' has the wrong type", file.string(), key.str());
  }
  return {};
}

}  // namespace gavel::app
