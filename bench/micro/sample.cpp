#include "sample.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include <fmt/format.h>
#include <libdeflate.h>

#include "boostburn/ingest/gunzip.hpp"
#include "boostburn/util/time.hpp"

namespace boostburn::bench {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "bench_micro: %s\n", message.c_str());
  std::exit(1);
}

// Three record shapes Bedrock writes (Converse, InvokeModel on an Anthropic
// model, a streamed Converse), with bodies, as one JSON line each.
std::string built_in_line(std::uint64_t i, const std::string& day) {
  const auto second = i % 86'400;
  const auto when =
      fmt::format("{}T{:02}:{:02}:{:02}Z", day, second / 3600, second / 60 % 60, second % 60);
  const auto id = fmt::format("{:08x}-1234-4abc-8def-{:012x}", i * 2654435761u % 0xffffffffu, i);
  const auto input = 200 + i % 5000;
  const auto output = 50 + i % 900;
  const auto cached = (i % 3) * 1000;
  switch (i % 3) {
    case 0:
      return fmt::format(
          R"({{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"{}","accountId)"
          R"(":"111122223333",)"
          R"("identity":{{"arn":"arn:aws:sts::111122223333:assumed-role/AgentRuntimeRole/agent-000)"
          R"(3"}},"region":"us-east-1",)"
          R"("requestId":"{}","operation":"Converse","modelId":"us.anthropic.claude-sonnet-4-5-202)"
          R"(50929-v1:0",)"
          R"("input":{{"inputContentType":"application/json","inputBodyJson":{{"messages":[{{"role)"
          R"(":"user","content":)"
          R"([{{"text":"Summarise the customer ticket below in three bullet points. The customer r)"
          R"(eports that the nightly )"
          R"(export failed twice and asks for a refund of the storage fees."}}]}}],"inferenceConfi)"
          R"(g":{{"maxTokens":1024}}}},)"
          R"("inputTokenCount":{},"cacheReadInputTokenCount":{},"cacheWriteInputTokenCount":0}},)"
          R"("output":{{"outputContentType":"application/json","outputBodyJson":{{"output":{{"mess)"
          R"(age":{{"role":"assistant",)"
          R"("content":[{{"text":"Here is a summary of the main points: the export failed twice; a)"
          R"( refund is requested."}}]}}}},)"
          R"("stopReason":"end_turn","usage":{{"inputTokens":{},"outputTokens":{},"cacheReadInputT)"
          R"(okens":{},)"
          R"("cacheWriteInputTokens":0}},"metrics":{{"latencyMs":1840}}}},"outputTokenCount":{}}},)"
          R"("inferenceRegion":"us-east-2","requestMetadata":{{"team":"support"}}}})",
          when, id, input, cached, input, output, cached, output);
    case 1:
      return fmt::format(
          R"({{"timestamp":"{}","accountId":"111122223333","identity":{{"arn":"arn:aws:iam::111122)"
          R"(223333:user/ci-bot"}},)"
          R"("region":"us-east-1","requestId":"{}","operation":"InvokeModel",)"
          R"("modelId":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-202)"
          R"(41022-v1:0",)"
          R"("input":{{"inputContentType":"application/json","inputBodyJson":{{"anthropic_version")"
          R"(:"bedrock-2023-05-31",)"
          R"("max_tokens":512,"messages":[{{"role":"user","content":"List the failing tests and th)"
          R"(e most likely cause for each."}}]}},)"
          R"("inputTokenCount":{}}},"output":{{"outputContentType":"application/json","outputBodyJ)"
          R"(son":{{"id":"msg_bdrk_0123",)"
          R"("type":"message","role":"assistant","content":[{{"type":"text","text":"The most likel)"
          R"(y cause is a stale cache."}}],)"
          R"("stop_reason":"end_turn","usage":{{"input_tokens":{},"output_tokens":{}}}}},"outputTo)"
          R"(kenCount":{}}},)"
          R"("schemaType":"ModelInvocationLog","schemaVersion":"1.0"}})",
          when, id, input, input, output, output);
    default:
      return fmt::format(
          R"({{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"{}","accountId)"
          R"(":"111122223333",)"
          R"("identity":{{"arn":"arn:aws:iam::111122223333:user/alice"}},"region":"us-east-1","req)"
          R"(uestId":"{}",)"
          R"("operation":"ConverseStream","modelId":"amazon.nova-pro-v1:0","input":{{"inputContent)"
          R"(Type":"application/json",)"
          R"("inputBodyJson":{{"messages":[{{"role":"user","content":[{{"text":"Explain why the ni)"
          R"(ghtly build took twice as long."}}]}}]}},)"
          R"("inputTokenCount":{}}},"output":{{"outputContentType":"application/json","outputBodyJ)"
          R"(son":[)"
          R"({{"messageStart":{{"role":"assistant"}}}},{{"contentBlockDelta":{{"delta":{{"text":"T)"
          R"(he build spent most"}},"contentBlockIndex":0}}}},)"
          R"({{"contentBlockDelta":{{"delta":{{"text":" of its time re-downloading dependencies."})"
          R"(},"contentBlockIndex":0}}}},)"
          R"({{"messageStop":{{"stopReason":"end_turn"}}}},{{"metadata":{{"usage":{{"inputTokens":)"
          R"({},"outputTokens":{}}}}}}}],)"
          R"("outputTokenCount":{}}}}})",
          when, id, input, input, output, output);
  }
}

std::string gzip_of(const std::string& text) {
  std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> compressor(
      libdeflate_alloc_compressor(6), &libdeflate_free_compressor);
  std::string out(libdeflate_gzip_compress_bound(compressor.get(), text.size()), '\0');
  out.resize(
      libdeflate_gzip_compress(compressor.get(), text.data(), text.size(), out.data(), out.size()));
  return out;
}

Sample load() {
  Sample s;
  const char* day_text = std::getenv("BOOSTBURN_BENCH_DAY");
  const std::string day = day_text ? day_text : "2025-06-15";
  auto parsed_day = parse_date(day);
  if (!parsed_day)
    die("BOOSTBURN_BENCH_DAY: " + parsed_day.error().message);
  s.day = *parsed_day;
  if (const char* path = std::getenv("BOOSTBURN_BENCH_SAMPLE"); path && *path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      die(std::string("cannot read BOOSTBURN_BENCH_SAMPLE=") + path);
    s.gzip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    auto decoded = gunzip_object(s.gzip);
    if (decoded.damage)
      die(std::string(path) + ": " + *decoded.damage);
    s.text = std::string(decoded.data.view());
    s.name = path;
  } else {
    for (std::uint64_t i = 0; s.text.size() < (std::size_t{8} << 20); ++i) {
      s.text += built_in_line(i, day);
      s.text += '\n';
    }
    s.gzip = gzip_of(s.text);
    s.name = "built-in";
  }
  s.lines = static_cast<std::uint64_t>(std::count(s.text.begin(), s.text.end(), '\n'));
  std::fprintf(stderr, "bench_micro: sample %s: %zu bytes gzip, %zu bytes JSON, %llu lines\n",
               s.name.c_str(), s.gzip.size(), s.text.size(),
               static_cast<unsigned long long>(s.lines));
  return s;
}

}  // namespace

const Sample& sample() {
  static const Sample loaded = load();
  return loaded;
}

}  // namespace boostburn::bench
