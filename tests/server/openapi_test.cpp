// /api/v1/openapi.json against the router it describes: every documented
// operation is sent, with a real meeting's id, and must be answered.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <regex>
#include <set>

#include "gavel/transcode/transcoder.hpp"
#include "gavel/worker/captions.hpp"
#include "router.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class OpenApiTest : public RouterFixture {
 protected:
  void SetUp() override {
    RouterFixture::SetUp();
    for (const char* page : {"index.html", "search.html", "clerk.html", "embed.html"})
      test::write_text(dir_ / "web" / page, "<!doctype html><title>page</title>");
    fs::create_directories(dir_ / "web" / "assets");
    test::write_text(dir_ / "web" / "assets" / "gavel.css", "body {}");
  }

  json::object document() {
    auto res = get("/api/v1/openapi.json");
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
    return json::parse(res.body()).as_object();
  }

  // A meeting as the engine packages it, with captions published: every
  // kind of media file the document names exists.
  std::int64_t add_packaged_meeting() {
    const auto clip = test::make_clip(dir_ / "clip.mp4", 2);
    const auto id = *index_->archive().create_meeting(
        {"plenary", std::nullopt, 1, "regular", 1, "2026-01-02", "제1차 본회의"});
    transcode::Options options;
    options.ladder = {{240, 300}};
    options.x264_preset = "ultrafast";
    auto summary = transcode::transcode({clip}, data_.media(id), options);
    EXPECT_TRUE(summary) << (summary ? "" : summary.error().message);
    index_->archive().set_status(id, "ready", std::nullopt, 2.0);
    index_->captions().replace_captions(id, "ko", {{0.5, 1.5, "개의하겠습니다."}});
    EXPECT_TRUE(worker::publish_captions(index_->archive(), index_->captions(), data_, id));
    return id;
  }
};

// Every "$ref" in `v`, wherever it is.
void collect_refs(const json::value& v, std::vector<std::string>& out) {
  if (v.is_object()) {
    for (const auto& [key, child] : v.as_object()) {
      if (key == "$ref" && child.is_string()) out.emplace_back(child.as_string());
      collect_refs(child, out);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) collect_refs(child, out);
  }
}

http::verb verb_of(std::string_view method) {
  if (method == "get") return http::verb::get;
  if (method == "head") return http::verb::head;
  if (method == "post") return http::verb::post;
  if (method == "put") return http::verb::put;
  if (method == "patch") return http::verb::patch;
  if (method == "delete") return http::verb::delete_;
  if (method == "options") return http::verb::options;
  ADD_FAILURE() << "unexpected method " << method;
  return http::verb::unknown;
}

TEST_F(OpenApiTest, DocumentIsOpenApi3AndEveryReferenceResolves) {
  const auto doc = document();
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 4), "3.0.");
  EXPECT_TRUE(doc.at("info").at("title").is_string());
  std::vector<std::string> refs;
  collect_refs(doc, refs);
  EXPECT_GT(refs.size(), 20u);
  for (const auto& ref : refs) {
    ASSERT_EQ(ref.substr(0, 2), "#/") << ref;
    const json::value* at = &doc.at("components");  // every ref points into components
    std::string_view rest = std::string_view(ref).substr(2);
    ASSERT_EQ(rest.substr(0, 11), "components/") << ref;
    rest.remove_prefix(11);
    while (!rest.empty()) {
      const auto slash = rest.find('/');
      const auto* next = at->as_object().if_contains(rest.substr(0, slash));
      ASSERT_NE(next, nullptr) << ref << " does not resolve";
      at = next;
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    }
  }
  // Path templates and path parameters agree, and each parameter has an example.
  const std::regex templated(R"(\{(\w+)\})");
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    const std::string p(path);
    for (const auto& [method, op] : item.as_object()) {
      std::set<std::string> declared;
      if (const auto* params = op.as_object().if_contains("parameters"))
        for (const auto& param : params->as_array())
          if (param.at("in") == "path") {
            declared.insert(std::string(param.at("name").as_string()));
            EXPECT_TRUE(param.as_object().contains("example")) << p << " " << param.at("name");
          }
      std::set<std::string> named;
      for (auto it = std::sregex_iterator(p.begin(), p.end(), templated); it != std::sregex_iterator(); ++it)
        named.insert((*it)[1]);
      EXPECT_EQ(declared, named) << method << " " << p;
      EXPECT_FALSE(op.at("responses").as_object().empty()) << method << " " << p;
    }
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsAnsweredAndWritesNeedASession) {
  const auto id = add_packaged_meeting();
  const auto doc = document();
  int public_ops = 0, clerk_ops = 0;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op_value] : item.as_object()) {
      const auto& op = op_value.as_object();
      std::string target(path);
      Request req{verb_of(method), "", 11};
      req.set(http::field::host, "archive.example");
      std::string query;
      if (const auto* params = op.if_contains("parameters")) {
        for (const auto& param_value : params->as_array()) {
          const auto& param = param_value.as_object();
          const std::string name(param.at("name").as_string());
          const auto* example = param.if_contains("example");
          std::string value;
          if (name == "id" && param.at("in") == "path")
            value = std::to_string(id);
          else if (example)
            value = example->is_string() ? std::string(example->as_string()) : json::serialize(*example);
          if (param.at("in") == "path") {
            target.replace(target.find("{" + name + "}"), name.size() + 2, value);
          } else if (param.at("in") == "query" && param.at("required").as_bool()) {
            query += (query.empty() ? "?" : "&") + name + "=" + value;
          } else if (param.at("in") == "header" && param.at("required").as_bool()) {
            req.set(name, value);
          }
        }
      }
      target += query;
      req.target(target);
      if (op.contains("requestBody")) {
        req.set(http::field::content_type, "application/json");
        req.body() = "{}";
      }
      req.prepare_payload();
      auto res = render(router_->handle(req, {"203.0.113.9", false, ""}));
      const auto status = res.result();
      const std::string what = std::string(method) + " " + target + " -> " +
                               std::to_string(res.result_int()) + " " + res.body().substr(0, 200);
      EXPECT_NE(status, http::status::not_found) << what;
      EXPECT_NE(status, http::status::method_not_allowed) << what;
      EXPECT_LT(res.result_int(), 500) << what;
      if (op.contains("security")) {
        ++clerk_ops;
        EXPECT_EQ(status, http::status::unauthorized) << what;
      } else {
        ++public_ops;
        if (method == "get" && target.find("/api/") == 0) {
          EXPECT_EQ(status, http::status::ok) << what;
        }
      }
    }
  }
  EXPECT_GT(public_ops, 25);
  EXPECT_GT(clerk_ops, 12);
  // Nothing a write was refused for happened.
  EXPECT_TRUE(index_->archive().meeting(id)->has_value());
}

TEST_F(OpenApiTest, DocumentsTheRoutesClientsDependOn) {
  const auto doc = document();
  const auto& paths = doc.at("paths").as_object();
  const std::pair<const char*, const char*> expected[] = {{"/api/v1/meetings", "get"},
                                                          {"/api/v1/meetings", "post"},
                                                          {"/api/v1/meetings/{id}", "get"},
                                                          {"/api/v1/meetings/{id}", "patch"},
                                                          {"/api/v1/meetings/{id}", "delete"},
                                                          {"/api/v1/meetings/{id}/agenda", "put"},
                                                          {"/api/v1/meetings/{id}/speakers", "put"},
                                                          {"/api/v1/meetings/{id}/captions", "post"},
                                                          {"/api/v1/search", "get"},
                                                          {"/api/v1/session", "post"},
                                                          {"/api/v1/uploads", "post"},
                                                          {"/api/v1/uploads/{upload_id}", "patch"},
                                                          {"/api/v1/jobs/{id}", "get"},
                                                          {"/feeds/meetings.atom", "get"},
                                                          {"/feeds/podcast.xml", "get"},
                                                          {"/api/v1/export/captions.csv", "get"},
                                                          {"/media/{id}/master.m3u8", "get"},
                                                          {"/media/{id}/podcast.m4a", "get"},
                                                          {"/healthz", "get"},
                                                          {"/metrics", "get"},
                                                          {"/embed/{id}", "get"}};
  for (const auto& [path, method] : expected) {
    const auto* item = paths.if_contains(path);
    ASSERT_NE(item, nullptr) << path;
    EXPECT_TRUE(item->as_object().contains(method)) << method << " " << path;
  }
  const auto& create = paths.at("/api/v1/meetings").at("post").as_object();
  EXPECT_TRUE(create.contains("security"));
  EXPECT_EQ(create.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/MeetingInput");
}

}  // namespace
}  // namespace gavel::server
