#include "fixtures.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace gavel::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          fmt::format("gavel-test-{:016x}", (std::uint64_t{rd()} << 32) | rd());
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

int run_command(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf{};
  std::string captured;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) captured.append(buf.data(), n);
  const int status = pclose(pipe);
  if (output) *output = captured;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ffmpeg(const std::string& args) {
  std::string out;
  const int rc =
      run_command(fmt::format("{} -nostdin -hide_banner -loglevel error -y {}", GAVEL_FFMPEG, args), &out);
  ASSERT_EQ(rc, 0) << "ffmpeg " << args << "\n" << out;
}

std::filesystem::path make_clip(const std::filesystem::path& file, double seconds, const std::string& size,
                                const std::string& rate, const std::string& output_args) {
  ffmpeg(fmt::format("-f lavfi -i testsrc2=s={}:r={} -f lavfi -i sine=f=440:r=48000 -t {} {} -shortest '{}'",
                     size, rate, seconds, output_args, file.string()));
  return file;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace gavel::test
