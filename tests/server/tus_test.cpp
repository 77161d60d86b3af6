// tus 1.0.0 over real sockets: create, patch, head, resume after a server
// restart, terminate, checksum mismatch, and refusals without a session.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <boost/json.hpp>

#include "beast.hpp"
#include "fixtures.hpp"
#include "gavel/server/accounts.hpp"
#include "gavel/server/server.hpp"
#include "router.hpp"
#include "upload_store.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
using Response = http::response<http::string_body>;

std::string b64(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string sha1(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha1(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), len);
}

class TusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.create();
    open_index();
    ASSERT_TRUE(add_account(index_->accounts(), "clerk1", "clerk", "correct horse battery"));
    meeting_ = *index_->archive().create_meeting(
        {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
    start_server();
    auto login = call(http::verb::post, "/api/v1/session",
                      R"({"username":"clerk1","password":"correct horse battery"})",
                      {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.result(), http::status::ok);
    token_ = std::string(boost::json::parse(login.body()).at("token").as_string());
    // A real recording: a finished upload is probed before its transcode is queued.
    payload_ = test::read_text(test::make_clip(dir_ / "clip.mp4", 3, "320x240", "25"));
    ASSERT_GT(payload_.size(), 100000u);
  }

  void open_index() {
    auto opened = index::open_sqlite(data_.database());
    ASSERT_TRUE(opened);
    index_ = std::move(*opened);
  }

  void start_server() {
    ServerConfig config;
    config.port = 0;
    server_ = std::make_unique<Server>(config, *index_, data_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  Response call(http::verb verb, const std::string& target, const std::string& body = "",
                std::vector<std::pair<std::string, std::string>> headers = {}, bool auth = true) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    Request req{verb, target, 11};
    req.set(http::field::host, "localhost");
    if (auth && !token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.skip(verb == http::verb::head);
    http::read(stream, buffer, parser);
    return parser.release();
  }

  std::string create(std::size_t length) {
    auto res = call(http::verb::post, "/api/v1/uploads", "",
                    {{"Tus-Resumable", "1.0.0"},
                     {"Upload-Length", std::to_string(length)},
                     {"Upload-Metadata",
                      "filename " + b64("본회의 녹화.mp4") + ",meeting " + b64(std::to_string(meeting_))}});
    EXPECT_EQ(res.result(), http::status::created) << res.body();
    return std::string(res[http::field::location]);
  }

  Response patch(const std::string& url, std::size_t offset, std::string_view chunk,
                 const std::string& checksum = "") {
    std::vector<std::pair<std::string, std::string>> h = {
        {"Tus-Resumable", "1.0.0"},
        {"Upload-Offset", std::to_string(offset)},
        {"Content-Type", "application/offset+octet-stream"}};
    if (!checksum.empty()) h.emplace_back("Upload-Checksum", checksum);
    return call(http::verb::patch, url, std::string(chunk), h);
  }

  std::uint64_t offset_of(const std::string& url) {
    auto head = call(http::verb::head, url, "", {{"Tus-Resumable", "1.0.0"}});
    EXPECT_EQ(head.result(), http::status::ok);
    return std::stoull(std::string(head["Upload-Offset"]));
  }

  test::TempDir dir_;
  worker::DataDir data_{dir_.path() / "data"};
  std::unique_ptr<index::Store> index_;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::string token_;
  std::int64_t meeting_ = 0;
  std::string payload_;
};

TEST_F(TusTest, OptionsAdvertisesTheExtensions) {
  auto res = call(http::verb::options, "/api/v1/uploads", "", {}, false);
  EXPECT_EQ(res.result(), http::status::no_content);
  EXPECT_EQ(res["Tus-Version"], "1.0.0");
  EXPECT_EQ(res["Tus-Extension"], "creation,termination,checksum,expiration");
  EXPECT_EQ(res["Tus-Checksum-Algorithm"], "sha1");
}

TEST_F(TusTest, ChunksAddUpToAPartOfTheMeetingAndQueueTheTranscode) {
  const auto url = create(payload_.size());
  ASSERT_EQ(url.rfind("/api/v1/uploads/", 0), 0u);
  const std::size_t half = payload_.size() / 2;
  auto first = patch(url, 0, std::string_view(payload_).substr(0, half));
  ASSERT_EQ(first.result(), http::status::no_content) << first.body();
  EXPECT_EQ(first["Upload-Offset"], std::to_string(half));
  EXPECT_EQ(offset_of(url), half);
  // Resuming at the wrong offset is refused; nothing is written.
  EXPECT_EQ(patch(url, half + 1, "x").result(), http::status::conflict);
  auto rest = patch(url, half, std::string_view(payload_).substr(half));
  ASSERT_EQ(rest.result(), http::status::no_content) << rest.body();
  auto meeting = index_->archive().meeting(meeting_);
  ASSERT_EQ((*meeting)->parts.size(), 1u);
  const auto stored = data_.originals(meeting_) / (*meeting)->parts[0].filename;
  EXPECT_EQ(test::read_text(stored), payload_);
  EXPECT_EQ((*meeting)->parts[0].filename, "01-본회의_녹화.mp4") << "the clerk's Korean name is kept";
  EXPECT_EQ((*index_->jobs().latest_job_for(meeting_))->state, "queued");
  EXPECT_EQ(call(http::verb::head, url, "", {{"Tus-Resumable", "1.0.0"}}).result(), http::status::not_found);
}

TEST_F(TusTest, AnUploadThatIsNoRecordingIsKeptAndFailsItsMeetingAtOnce) {
  const std::string junk(50000, 'j');
  const auto url = create(junk.size());
  ASSERT_EQ(patch(url, 0, junk).result(), http::status::no_content);
  auto meeting = index_->archive().meeting(meeting_);
  ASSERT_EQ((*meeting)->parts.size(), 1u);
  EXPECT_EQ(test::read_text(data_.originals(meeting_) / (*meeting)->parts[0].filename), junk);
  EXPECT_EQ((*meeting)->status, "failed");
  EXPECT_NE((*meeting)->error.value_or("").find("not a recording"), std::string::npos);
  EXPECT_FALSE(*index_->jobs().latest_job_for(meeting_))
      << "no transcode is queued for a file that cannot play";
}

TEST_F(TusTest, ReplaceInTheMetadataPutsTheUploadInThatPartsPlace) {
  const std::string junk(50000, 'j');
  const auto bad = create(junk.size());
  ASSERT_EQ(patch(bad, 0, junk).result(), http::status::no_content);
  auto res = call(http::verb::post, "/api/v1/uploads", "",
                  {{"Tus-Resumable", "1.0.0"},
                   {"Upload-Length", std::to_string(payload_.size())},
                   {"Upload-Metadata", "meeting " + b64(std::to_string(meeting_)) + ",filename " +
                                           b64("good.mp4") + ",replace " + b64("1")}});
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  ASSERT_EQ(patch(std::string(res[http::field::location]), 0, payload_).result(), http::status::no_content);
  auto meeting = index_->archive().meeting(meeting_);
  ASSERT_EQ((*meeting)->parts.size(), 1u);
  EXPECT_EQ((*meeting)->parts[0].filename, "01-good.mp4");
  EXPECT_EQ((*meeting)->status, "pending");
  EXPECT_EQ((*index_->jobs().latest_job_for(meeting_))->state, "queued");
  auto refused =
      call(http::verb::post, "/api/v1/uploads", "",
           {{"Tus-Resumable", "1.0.0"},
            {"Upload-Length", "10"},
            {"Upload-Metadata", "meeting " + b64(std::to_string(meeting_)) + ",replace " + b64("first")}});
  EXPECT_EQ(refused.result(), http::status::bad_request);
}

TEST_F(TusTest, ChunksLargerThanOrdinaryBodiesStreamThrough) {
  std::string big(20 * 1024 * 1024 + 5, 'q');  // above the 16 MB limit of other requests
  const auto url = create(big.size());
  auto res = patch(url, 0, big);
  ASSERT_EQ(res.result(), http::status::no_content) << res.body();
  auto meeting = index_->archive().meeting(meeting_);
  ASSERT_EQ((*meeting)->parts.size(), 1u);
  EXPECT_EQ(fs::file_size(data_.originals(meeting_) / (*meeting)->parts[0].filename), big.size());
}

TEST_F(TusTest, AnUploadResumesAfterTheServerRestarts) {
  const auto url = create(payload_.size());
  ASSERT_EQ(patch(url, 0, std::string_view(payload_).substr(0, 100000)).result(), http::status::no_content);
  server_->stop();
  server_.reset();
  start_server();  // same data dir, new process state
  EXPECT_EQ(offset_of(url), 100000u);
  ASSERT_EQ(patch(url, 100000, std::string_view(payload_).substr(100000)).result(), http::status::no_content);
  auto meeting = index_->archive().meeting(meeting_);
  EXPECT_EQ(sha1(test::read_text(data_.originals(meeting_) / (*meeting)->parts[0].filename)), sha1(payload_));
}

TEST_F(TusTest, AChunkFailingItsChecksumIsNotKept) {
  const auto url = create(payload_.size());
  const auto chunk = std::string_view(payload_).substr(0, 50000);
  auto bad = patch(url, 0, chunk, "sha1 " + b64(sha1("something else")));
  EXPECT_EQ(bad.result_int(), 460);
  EXPECT_EQ(offset_of(url), 0u);
  auto good = patch(url, 0, chunk, "sha1 " + b64(sha1(chunk)));
  EXPECT_EQ(good.result(), http::status::no_content) << good.body();
  EXPECT_EQ(offset_of(url), 50000u);
  EXPECT_EQ(patch(url, 50000, "x", "md5 AAAA").result(), http::status::bad_request);
}

// The PATCH body's seam without a socket: the router opens a sink that
// knows the upload's room, takes chunks, and answers as tus says.
TEST_F(TusTest, APatchBodyStreamsIntoTheSinkTheRouterOpens) {
  const auto url = create(10);
  Router router(*index_, data_, dir_ / "web");
  RequestHeader header;
  header.method(http::verb::patch);
  header.target(url);
  header.version(11);
  header.set("Tus-Resumable", "1.0.0");
  header.set("Upload-Offset", "0");
  header.set(http::field::content_type, "application/offset+octet-stream");
  header.set(http::field::authorization, "Bearer " + token_);
  ASSERT_TRUE(router.streams_body(header));
  auto started = router.stream_for(header, {});
  auto* sink = std::get_if<std::unique_ptr<BodySink>>(&started);
  ASSERT_TRUE(sink && *sink);
  EXPECT_EQ((*sink)->body_limit(), 10u) << "the bytes the upload has left";
  ASSERT_TRUE((*sink)->write("01234"));
  ASSERT_TRUE((*sink)->write("56"));
  auto reply = (*sink)->finish();
  EXPECT_EQ(reply.status(), 204u);
  sink->reset();
  EXPECT_EQ(offset_of(url), 7u);

  header.set("Upload-Offset", "7");
  started = router.stream_for(header, {});
  sink = std::get_if<std::unique_ptr<BodySink>>(&started);
  ASSERT_TRUE(sink && *sink);
  ASSERT_TRUE((*sink)->write("7"));
  auto failed = (*sink)->fail(make_error(gavel::Errc::too_large, "more than the body limit"));
  EXPECT_EQ(failed.status(), 413u);
  sink->reset();
  EXPECT_EQ(offset_of(url), 8u) << "what arrived before the failure is kept";

  header.erase(http::field::authorization);
  started = router.stream_for(header, {});
  auto* refused = std::get_if<Reply>(&started);
  ASSERT_TRUE(refused) << "no session: an answer instead of a sink";
  EXPECT_EQ(refused->status(), 401u);
  header.method(http::verb::head);
  EXPECT_FALSE(router.streams_body(header));
}

TEST_F(TusTest, TerminationRemovesTheUpload) {
  const auto url = create(1000);
  ASSERT_EQ(patch(url, 0, std::string(10, 'a')).result(), http::status::no_content);
  EXPECT_EQ(call(http::verb::delete_, url, "", {{"Tus-Resumable", "1.0.0"}}).result(),
            http::status::no_content);
  EXPECT_EQ(call(http::verb::head, url, "", {{"Tus-Resumable", "1.0.0"}}).result(), http::status::not_found);
  EXPECT_TRUE(fs::is_empty(data_.uploads()));
}

TEST_F(TusTest, RefusalsWithoutSessionVersionOrRoom) {
  auto anonymous = call(http::verb::post, "/api/v1/uploads", "",
                        {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "10"}}, false);
  EXPECT_EQ(anonymous.result(), http::status::unauthorized);
  const auto url = create(100);
  auto anonymous_patch = call(http::verb::patch, url, "0123456789",
                              {{"Tus-Resumable", "1.0.0"},
                               {"Upload-Offset", "0"},
                               {"Content-Type", "application/offset+octet-stream"}},
                              false);
  EXPECT_EQ(anonymous_patch.result(), http::status::unauthorized);
  EXPECT_EQ(offset_of(url), 0u);
  EXPECT_EQ(call(http::verb::post, "/api/v1/uploads", "", {{"Upload-Length", "10"}}).result(),
            http::status::precondition_failed);
  auto huge = call(http::verb::post, "/api/v1/uploads", "",
                   {{"Tus-Resumable", "1.0.0"},
                    {"Upload-Length", std::to_string(1ull << 50)},
                    {"Upload-Metadata", "meeting " + b64(std::to_string(meeting_))}});
  EXPECT_EQ(huge.result(), http::status::payload_too_large);
  auto no_meeting = call(
      http::verb::post, "/api/v1/uploads", "",
      {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "10"}, {"Upload-Metadata", "meeting " + b64("999")}});
  EXPECT_EQ(no_meeting.result(), http::status::not_found);
  // Too many bytes for the declared length.
  auto overflow = patch(url, 0, std::string(200, 'z'));
  EXPECT_EQ(overflow.result(), http::status::payload_too_large);
}

}  // namespace
}  // namespace gavel::server
