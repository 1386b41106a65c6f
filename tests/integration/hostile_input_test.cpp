// End-to-end: hostile input never crashes a run and never vanishes. One
// bucket holds every kind of bad object next to good ones; the run exits 0,
// counts the good records exactly, names every bad thing (object key and
// line) in the snapshot's warnings, and --quarantine holds exactly the
// offending lines. Hostile config, price, snapshot and manifest files stop the
// run with a clear message and are never overwritten.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "boostburn/ingest/quarantine.hpp"
#include "support/hostile_text.hpp"
#include "support/s3_server.hpp"
#include "support/workspace.hpp"

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using testing::repeated;
using testing::slurp;
using Json = nlohmann::json;

constexpr const char* k_hour = "2026/11/30/10/";
const std::string k_root = "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/";

std::string record(const std::string& id, const std::string& timestamp = "2026-11-30T10:00:00Z") {
  std::string line = testing::log_record(id, timestamp, 1000, 100);
  line.pop_back();  // the '\n'
  return line;
}

// gzip of `flushed`, flushed to a byte boundary, then `rest`, cut right after
// the flush: a stream that inflates to exactly `flushed` and then ends early.
std::string truncated_gzip(const std::string& flushed, const std::string& rest) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(flushed.size() + rest.size() + 1024, '\0');
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(flushed.data()));
  stream.avail_in = static_cast<uInt>(flushed.size());
  deflate(&stream, Z_FULL_FLUSH);
  const std::size_t cut = out.size() - stream.avail_out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest.data()));
  stream.avail_in = static_cast<uInt>(rest.size());
  deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  return out.substr(0, cut);
}

std::string gzip(const std::string& text) {
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

using Place = std::tuple<std::string, std::uint64_t>;  // object key, line

// The hostile bucket, with what a run must make of it.
class HostileBucket : public testing::Workspace {
 public:
  HostileBucket() {
    add("good.json", {record("g1"), record("g2")});
    // Truncated gzip: the two records before the cut count; the object is corrupt.
    add_raw("truncated.json.gz",
            truncated_gzip(record("t1") + "\n" + record("t2") + "\n", record("t3") + "\n"));
    m_good += 2;
    m_corrupt.insert(key("truncated.json.gz"));
    // Over --max-object-bytes (64 KiB): 512-byte lines, so exactly 128 fit.
    std::string many;
    for (int i = 0; i < 1000; ++i) {
      std::string line = record("cap-" + std::to_string(i));
      line.insert(line.size() - 1, R"(,"pad":")" + std::string(512 - line.size() - 10, 'p') + "\"");
      many += line + "\n";
    }
    EXPECT_EQ(many.size(), 512000U);
    add_raw("over-the-cap.json.gz", gzip(many));
    m_good += 128;
    m_corrupt.insert(key("over-the-cap.json.gz"));
    // A gzip bomb: 20 MiB of blanks; nothing to count, flagged.
    add_raw("bomb.json.gz", gzip(std::string(20 << 20, ' ')));
    m_corrupt.insert(key("bomb.json.gz"));
    add("utf8.json", {invalid_utf8(), record("u2")}, {{1, "malformed"}});
    const std::string long_line =
        R"({"requestId":"long","pad":")" + std::string(5000, 'x') + "\"}";
    add("long-line.json", {record("l1"), long_line, record("l3")}, {{2, "malformed"}});
    std::vector<std::string> typed;
    for (const char* value : {"\"12\"", "1.5", "{}", "-1", "4294967296", "18446744073709551616",
                              "true", "[]", "1e3"}) {
      std::string line = record(std::string("type-") + value);
      line.replace(line.find("\"inputTokenCount\":1000"), 22,
                   std::string("\"inputTokenCount\":") + value);
      typed.push_back(line);
    }
    typed.push_back(record("type-ok"));
    add("types.json", typed,
        {{1, "malformed"}, {2, "malformed"}, {3, "malformed"}, {4, "malformed"},
         {5, "malformed"}, {6, "malformed"}, {7, "malformed"}, {8, "malformed"},
         {9, "malformed"}});
    add("future.json", {record("f1", "2099-01-01T00:00:00Z"), record("f2")}, {{1, "invalid"}});
    std::string no_timestamp = record("s2");
    no_timestamp.erase(no_timestamp.find("\"timestamp\""), 35);
    add("timestamps.json",
        {record("s1", "yesterday"), no_timestamp, record("s3", "2026-11-30T25:00:00Z")},
        {{1, "invalid"}, {2, "invalid"}, {3, "invalid"}});
    // Not a log at all: every non-blank line is malformed.
    std::string binary = "\x89PNG\r\n\x1a\n";
    for (int i = 0; i < 300; ++i) {
      binary += static_cast<char>(i % 256 == '\n' ? 'n' : i % 256);
    }
    add_raw("not-a-log.png", binary);
    m_malformed.insert({key("not-a-log.png"), 1});
    m_malformed.insert({key("not-a-log.png"), 2});
    m_malformed.insert({key("not-a-log.png"), 3});
    m_quarantined[key("not-a-log.png")] = {{1, "\x89PNG\r"}, {2, "\x1a"}, {3, binary.substr(8)}};
    add_raw("empty.json", "");
    add("odd key +%20 \xc3\xbc #?.json", {record("odd"), "not json"}, {{2, "malformed"}});
    const std::string deep = R"({"requestId":"deep","timestamp":"2026-11-30T10:00:00Z","x":)" +
                             repeated("[", 1900) + repeated("]", 1900) +
                             R"(,"input":{"inputTokenCount":1000},"output":{"outputTokenCount":100}})";
    add("deep.json", {deep, R"({"requestId":"deeper","input":)" + repeated("[", 3000)},
        {{2, "malformed"}});
    add_raw("damaged-array.json", "[" + record("a1") + ",\n" + record("a2") + ",\n" +
                                      record("a3").substr(0, 60));
    m_good += 2;
    m_malformed.insert({key("damaged-array.json"), 3});
    m_quarantined[key("damaged-array.json")] = {{3, record("a3").substr(0, 60)}};
    const std::string no_counts =
        R"({"timestamp":"2026-11-30T10:00:00Z","requestId":"nc","modelId":"anthropic.claude-3-haiku-20240307-v1:0"})";
    add("no-counts.json", {no_counts}, {{1, "missing"}});
  }

  static std::string key(const std::string& name) { return k_root + k_hour + name; }

  // Writes `lines`; the lines not named in `bad` are good records.
  void add(const std::string& name, const std::vector<std::string>& lines,
           const std::map<std::uint64_t, std::string>& bad = {}) {
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::uint64_t line = i + 1;
      text += lines[i] + "\n";
      const auto found = bad.find(line);
      if (found == bad.end()) {
        ++m_good;
        continue;
      }
      m_quarantined[key(name)].emplace_back(line, lines[i]);
      if (found->second == "malformed") {
        m_malformed.insert({key(name), line});
      } else if (found->second == "invalid") {
        m_invalid.insert({key(name), line});
      } else {
        m_missing.insert({key(name), line});
        ++m_good;  // counted as one request with zero tokens
      }
    }
    add_raw(name, text);
  }
  void add_raw(const std::string& name, const std::string& bytes) {
    add_object(k_hour + name, bytes);
  }

  static std::string invalid_utf8() {
    std::string line = record("u1");
    line.replace(line.find("user/dev"), 8, "user/d\xff\xfev");
    return line;
  }

  std::uint64_t m_good = 0;  // requests that must count (missing-count records included)
  std::set<Place> m_malformed, m_invalid, m_missing;
  std::set<std::string> m_corrupt;
  std::map<std::string, std::vector<std::pair<std::uint64_t, std::string>>> m_quarantined;
};

std::set<Place> places(const Json& list) {
  std::set<Place> out;
  for (const Json& item : list) {
    out.insert({item.at("object").get<std::string>(), item.value("line", 0ULL)});
  }
  return out;
}

const std::vector<std::string> k_small_caps = {"--max-object-bytes", "64KiB", "--json"};

class HostileInput : public ::testing::Test {
 protected:
  ProcessResult run(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = k_small_caps;
    args.insert(args.end(), extra.begin(), extra.end());
    return m_bucket.run_with_env({{"BOOSTBURN_MAX_LINE_BYTES", "4KiB"}}, args);
  }
  fs::path quarantine() const { return m_bucket.dir() / "quarantine"; }

  HostileBucket m_bucket;
};

TEST_F(HostileInput, TheRunSurvivesCountsTheGoodAndNamesTheBad) {
  const ProcessResult result = run({"--quarantine", quarantine().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Json snapshot = Json::parse(result.out);
  const Json& totals = snapshot.at("metrics").at("totals");
  EXPECT_EQ(totals.at("requests").get<std::uint64_t>(), m_bucket.m_good);
  const std::uint64_t zero_token_requests = m_bucket.m_missing.size();
  EXPECT_EQ(totals.at("input_tokens").get<std::uint64_t>(),
            1000 * (m_bucket.m_good - zero_token_requests));
  const Json& warnings = snapshot.at("warnings");
  EXPECT_EQ(places(warnings.at("malformed_records")), m_bucket.m_malformed);
  EXPECT_EQ(places(warnings.at("invalid_records")), m_bucket.m_invalid);
  EXPECT_EQ(places(warnings.at("missing_token_counts")), m_bucket.m_missing);
  std::set<std::string> corrupt;
  for (const Json& item : warnings.at("corrupt_objects")) {
    corrupt.insert(item.at("object").get<std::string>());
    if (item.at("object") != HostileBucket::key("truncated.json.gz")) {
      EXPECT_THAT(item.at("detail").get<std::string>(),
                  HasSubstr("cap of 65536 bytes (--max-object-bytes)"));
    }
  }
  EXPECT_EQ(corrupt, m_bucket.m_corrupt);
  const Json& stats = snapshot.at("stats");
  EXPECT_EQ(stats.at("objects_skipped").get<int>(), 1);  // the empty object
  EXPECT_EQ(stats.at("malformed_records").get<std::size_t>(), m_bucket.m_malformed.size());
  // Details say why, e.g. the line cap and the future timestamp.
  EXPECT_THAT(warnings.dump(), HasSubstr("over the cap of 4096 bytes (--max-line-bytes)"));
  EXPECT_THAT(warnings.dump(), HasSubstr("is in the future"));
  EXPECT_THAT(warnings.dump(), HasSubstr("implausible token count 18446744073709551616"));
  EXPECT_THAT(result.err, Not(HasSubstr("--quarantine")));
}

TEST_F(HostileInput, TheQuarantineHoldsExactlyTheOffendingLines) {
  const ProcessResult result = run({"--quarantine", quarantine().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const fs::path day = quarantine() / "2026-11-30";
  std::set<std::string> expected_files{"index.tsv"};
  std::string expected_index = "region\tkey\tline\treason\n";
  std::vector<std::string> rows;
  for (const auto& [key, lines] : m_bucket.m_quarantined) {
    std::string contents;
    for (const auto& [line, raw] : lines) {
      contents += raw + "\n";
      std::string escaped;
      for (const char c : key) {
        escaped += c == '\t' ? std::string("\\t") : std::string(1, c);
      }
      rows.push_back("us-east-1\t" + escaped + "\t" + std::to_string(line) + "\t");
    }
    const fs::path file = day / "us-east-1" / quarantine_object_path(key);
    expected_files.insert(fs::relative(file, day).string());
    EXPECT_EQ(slurp(file), contents) << key;
  }
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(day)) {
    if (entry.is_regular_file()) {
      files.insert(fs::relative(entry.path(), day).string());
    }
  }
  EXPECT_EQ(files, expected_files);
  const std::string index = slurp(day / "index.tsv");
  EXPECT_THAT(index, ::testing::StartsWith("region\tkey\tline\treason\n"));
  for (const std::string& row : rows) {
    EXPECT_THAT(index, HasSubstr("\n" + row)) << row;
  }
  EXPECT_EQ(static_cast<std::size_t>(std::count(index.begin(), index.end(), '\n')),
            rows.size() + 1);
  EXPECT_THAT(index, HasSubstr("\tmissing_token_counts: "));
  EXPECT_THAT(index, HasSubstr("\tinvalid_records: timestamp '2099-01-01T00:00:00Z' is in the future"));

  // Reading every object again replaces the copies: nothing is duplicated.
  const std::string first_index = index;
  const fs::path copy = day / "us-east-1" / quarantine_object_path(HostileBucket::key("types.json"));
  const std::string first_copy = slurp(copy);
  const ProcessResult again = run({"--quarantine", quarantine().string(), "--force-reprocess"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(slurp(day / "index.tsv"), first_index);
  EXPECT_EQ(slurp(copy), first_copy);
}

TEST_F(HostileInput, AQuarantineThatCannotBeWrittenIsOnlyANote) {
  const ProcessResult plain = run();
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  m_bucket.dir().write("not-a-folder", "x");
  const ProcessResult blocked = run({"--quarantine", (m_bucket.dir() / "not-a-folder").string(),
                                     "--force-reprocess"});
  ASSERT_EQ(blocked.exit_code, 0) << blocked.err;
  EXPECT_THAT(blocked.err, HasSubstr("--quarantine"));
  EXPECT_THAT(blocked.err, HasSubstr("the report is not affected"));
  Json a = Json::parse(plain.out);
  Json b = Json::parse(blocked.out);
  EXPECT_EQ(a.at("metrics"), b.at("metrics"));
  EXPECT_EQ(a.at("warnings"), b.at("warnings"));
}

TEST(HostileInputCaps, DefaultCapsReadLongLinesAndLargeObjects) {
  testing::Workspace ws;
  const std::string long_line = R"({"pad":")" + std::string(5000, 'x') + "\"," +
                                record("long").substr(1);
  ws.add_object(std::string(k_hour) + "a.json", long_line + "\n");
  const ProcessResult result = ws.run({"--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Json::parse(result.out).at("metrics").at("totals").at("requests"), 1);
}

TEST(HostileInputCaps, BadCapValuesAreUsageErrors) {
  testing::Workspace ws;
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--max-line-bytes", "lots"},
                                             {"--max-object-bytes", "12"},
                                             {"--max-line-bytes", "-5"}}) {
    const ProcessResult result = ws.run(args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << " " << args[1] << "\n" << result.err;
  }
  const ProcessResult sized = ws.run({"--max-object-bytes", "2GiB", "--max-line-bytes", "1MiB"});
  EXPECT_EQ(sized.exit_code, 0) << sized.err;
}

// Hostile regions config and price files: exit 3, a clear message, nothing written.
TEST(HostileFiles, ConfigAndPriceFilesAreRefusedClearly) {
  for (const auto& [name, text] : testing::hostile_yaml()) {
    for (const char* file : {"regions.yaml", "pricing.yaml"}) {
      testing::Workspace ws;
      ws.dir().write(file, text);
      const ProcessResult result = ws.run();
      EXPECT_EQ(result.exit_code, 3) << file << ": " << name << "\n" << result.err;
      EXPECT_THAT(result.err, HasSubstr(file)) << name;
      EXPECT_FALSE(fs::exists(ws.dir() / "state" / "bedrock-usage-2026-11-30.yaml")) << name;
    }
  }
  testing::Workspace bomb;
  bomb.dir().write("pricing.yaml", "schema_version: 2\n" + testing::yaml_alias_bomb({"rates"}));
  EXPECT_EQ(bomb.run().exit_code, 3);
  testing::Workspace deep;
  deep.dir().write("regions.yaml", repeated("[", 100000));
  EXPECT_THAT(deep.run().err, HasSubstr("nests more than 100 levels deep (line 1)"));
}

// A hostile or newer snapshot or manifest: refused (exit 4), never overwritten.
TEST(HostileFiles, SnapshotsAndManifestsAreRefusedAndKept) {
  const std::vector<std::string> snapshots = {
      repeated("[", 100000), repeated("- ", 50000), "schema_version: 99\nreport_date: x\n",
      testing::yaml_alias_bomb({"report_date"}), std::string("\0\xff\xfe", 3)};
  for (const std::string& text : snapshots) {
    testing::Workspace ws;
    ws.add_object(std::string(k_hour) + "a.json", record("r1") + "\n");
    ws.dir().write("state/bedrock-usage-2026-11-30.yaml", text);
    const ProcessResult result = ws.run();
    EXPECT_NE(result.exit_code, 0) << text.substr(0, 40);
    EXPECT_NE(result.exit_code, 1) << result.err;  // never an internal error or a crash
    EXPECT_THAT(result.err, HasSubstr("bedrock-usage-2026-11-30.yaml"));
    EXPECT_EQ(ws.snapshot(), text);
  }
  const std::vector<std::string> manifests = {
      repeated("[", 100000), R"({"schema_version": 99})", R"({"days": []})",
      std::string("\0\xff{{", 4)};
  for (const std::string& text : manifests) {
    testing::Workspace ws;
    ws.add_object(std::string(k_hour) + "a.json", record("r1") + "\n");
    const std::string manifest = "bucket/manifests/bedrock-usage/manifest.json";
    ws.dir().write(manifest, text);
    const ProcessResult result = ws.run();
    EXPECT_EQ(result.exit_code, 4) << text.substr(0, 40) << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr("manifest"));
    EXPECT_EQ(slurp(ws.dir() / manifest), text);
  }
}

// Keys with spaces, '+', '%', '#', '?', '&', '=', '~' and non-ASCII, over a
// signature-verifying S3 (moto): listed, fetched, counted and named exactly.
TEST(HostileKeys, OddKeysWorkOverS3) {
  const std::vector<std::string> names = {"a b.json", "plus+sign.json", "percent%20.json",
                                          "hash#and?query&x=y~.json", "\xc3\xbc\xe2\x82\xac.json",
                                          "sub folder/deeper %2F.json"};
  testing::TempDir logs;
  for (std::size_t i = 0; i < names.size(); ++i) {
    logs.write(k_root + k_hour + names[i],
               record("k" + std::to_string(i)) + "\nbroken " + std::to_string(i) + "\n");
  }
  testing::S3ServerOptions options;
  options.buckets = {{"bb-odd", logs.path()}};
  auto server = testing::S3Server::start(options);
  ASSERT_TRUE(server) << server.error().message;
  testing::TempDir dir;
  dir.write("regions.yaml", "account_id: \"111122223333\"\nregions:\n  us-east-1: s3://bb-odd\n");
  dir.write("pricing.yaml",
            "schema_version: 2\nrates:\n  anthropic.claude-3-haiku-20240307-v1:\n"
            "    default: {input: 0.25, output: 1.25}\n");
  const ProcessResult result = testing::run_process(
      {testing::k_binary, "--config", (dir / "regions.yaml").string(), "--pricing",
       (dir / "pricing.yaml").string(), "--state-dir", (dir / "state").string(), "--report-date",
       "2026-11-30", "--json", "--quarantine", (dir / "q").string()},
      {{"AWS_ACCESS_KEY_ID", (*server)->access_key_id()},
       {"AWS_SECRET_ACCESS_KEY", (*server)->secret_access_key()},
       {"AWS_ENDPOINT_URL_S3", (*server)->endpoint()},
       {"HOME", dir.path().string()},
       {"AWS_EC2_METADATA_DISABLED", "true"},
       {"BOOSTBURN_NOW", "2026-12-02T00:00:00Z"}},
      dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Json snapshot = Json::parse(result.out);
  EXPECT_EQ(snapshot.at("metrics").at("totals").at("requests"), names.size());
  std::set<Place> expected;
  std::set<std::string> sources;
  for (const std::string& name : names) {
    expected.insert({HostileBucket::key(name), 2});
    sources.insert(HostileBucket::key(name));
    const fs::path copy =
        dir / "q/2026-11-30/us-east-1" / quarantine_object_path(HostileBucket::key(name));
    EXPECT_THAT(slurp(copy), ::testing::StartsWith("broken ")) << name;
  }
  EXPECT_EQ(places(snapshot.at("warnings").at("malformed_records")), expected);
  std::set<std::string> counted;
  for (const auto& [key, etag] : snapshot.at("sources").at("us-east-1").items()) {
    counted.insert(key);
  }
  EXPECT_EQ(counted, sources);
}

}  // namespace
}  // namespace boostburn
