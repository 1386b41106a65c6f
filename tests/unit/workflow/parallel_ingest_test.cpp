#include "boostburn/workflow/parallel_ingest.hpp"

#include <atomic>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>
#include <unistd.h>

#include "boostburn/store/local_store.hpp"
#include "support/temp_dir.hpp"
#include "support/workspace.hpp"

namespace boostburn {
namespace {

using namespace std::chrono;

constexpr sys_days k_day = sys_days{year{2026} / 11 / 30};

// 40 objects whose records repeat requestIds across objects (so the order of
// the merge decides which copy counts), with a malformed line in some and a
// record of another day in others.
class Objects {
 public:
  Objects() : m_store(m_dir.path()) {
    for (int i = 0; i < 40; ++i) {
      std::string body;
      for (int r = 0; r < 50; ++r) {
        const std::string id = "req-" + std::to_string((i * 50 + r) % 1500);  // duplicates
        body += testing::log_record(id, "2026-11-30T10:00:00Z", i + r, r);
      }
      if (i % 7 == 0) {
        body += "{not json\n";
      }
      if (i % 5 == 0) {
        body += testing::log_record("other-" + std::to_string(i), "2026-12-01T10:00:00Z", 1, 1);
      }
      const std::string key = "k/" + std::to_string(1000 + i) + ".json";
      m_dir.write(key, body);
      m_objects.push_back(ObjectInfo{key, body.size(), "e"});
    }
  }

  struct Result {
    Aggregate usage;
    DataWarnings warnings;
    IngestStats stats;
    std::vector<std::size_t> order;
    Status status;
  };

  Result ingest(unsigned readers, unsigned fetchers, ObjectStore* store = nullptr) {
    NoLongContext policy;
    DayAccumulator day(k_day, policy);
    Result result;
    result.status = ingest_in_parallel(
        store != nullptr ? *store : m_store, "us-east-1", m_objects, day, {readers, fetchers},
        [&](std::size_t index, ObjectOutcome&&, std::uint64_t) { result.order.push_back(index); });
    result.usage = day.aggregate();
    result.warnings = day.warnings();
    result.stats = day.stats();
    return result;
  }

  [[nodiscard]] const std::vector<ObjectInfo>& objects() const { return m_objects; }
  LocalStore& store() { return m_store; }

 private:
  testing::TempDir m_dir;
  LocalStore m_store;
  std::vector<ObjectInfo> m_objects;
};

TEST(ParallelIngest, TheResultIsTheSameForAnyNumberOfThreads) {
  Objects objects;
  const auto one = objects.ingest(1, 1);
  ASSERT_TRUE(one.status);
  EXPECT_EQ(one.stats.duplicate_records, 2000U - 1500U);
  for (const auto& [readers, fetchers] :
       std::vector<std::pair<unsigned, unsigned>>{{2, 2}, {4, 4}, {3, 16}, {8, 32}}) {
    const auto many = objects.ingest(readers, fetchers);
    ASSERT_TRUE(many.status);
    EXPECT_TRUE(many.usage.rows() == one.usage.rows()) << readers << " readers";
    EXPECT_EQ(many.warnings, one.warnings) << readers << " readers";
    EXPECT_EQ(many.stats, one.stats) << readers << " readers";
    std::vector<std::size_t> in_order(objects.objects().size());
    for (std::size_t i = 0; i < in_order.size(); ++i) {
      in_order[i] = i;
    }
    EXPECT_EQ(many.order, in_order);
  }
}

// A store whose 13th get fails: the run stops with that error after merging
// exactly the objects before it.
class FailingStore final : public ObjectStore {
 public:
  explicit FailingStore(LocalStore& inner) : m_inner(inner) {}
  [[nodiscard]] std::string describe() const override { return "failing"; }
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override {
    return m_inner.list(prefix);
  }
  Result<FolderListing> list_folder(std::string_view prefix) override {
    return m_inner.list_folder(prefix);
  }
  Result<std::string> get(std::string_view key) override {
    if (key == "k/1012.json") {
      return fail(ErrorKind::service, "GET k/1012.json: HTTP 503 SlowDown (gave up)");
    }
    return m_inner.get(key);
  }
  Result<ObjectInfo> head(std::string_view key) override { return m_inner.head(key); }
  Result<std::string> put(std::string_view key, std::string_view body,
                          const PutCondition& condition) override {
    return m_inner.put(key, body, condition);
  }
  [[nodiscard]] StoreRequestStats request_stats() const override { return {}; }

 private:
  LocalStore& m_inner;
};

TEST(ParallelIngest, AFetchErrorStopsTheIngestAfterTheObjectsBeforeIt) {
  Objects objects;
  FailingStore failing(objects.store());
  for (unsigned threads : {1U, 4U}) {
    const auto result = objects.ingest(threads, threads * 2, &failing);
    ASSERT_FALSE(result.status);
    EXPECT_NE(result.status.error().message.find("503"), std::string::npos);
    ASSERT_LE(result.order.size(), 12U);
    for (std::size_t i = 0; i < result.order.size(); ++i) {
      EXPECT_EQ(result.order[i], i);
    }
  }
}

// Counts the downloads in flight (each takes 2 ms).
class InFlightStore final : public ObjectStore {
 public:
  explicit InFlightStore(LocalStore& inner) : m_inner(inner) {}
  [[nodiscard]] std::string describe() const override { return "in-flight"; }
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override {
    return m_inner.list(prefix);
  }
  Result<FolderListing> list_folder(std::string_view prefix) override {
    return m_inner.list_folder(prefix);
  }
  Result<std::string> get(std::string_view key) override {
    const int now = ++m_in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    auto bytes = m_inner.get(key);
    --m_in_flight;
    return bytes;
  }
  Result<ObjectInfo> head(std::string_view key) override { return m_inner.head(key); }
  Result<std::string> put(std::string_view key, std::string_view body,
                          const PutCondition& condition) override {
    return m_inner.put(key, body, condition);
  }
  [[nodiscard]] StoreRequestStats request_stats() const override { return {}; }

  std::atomic<int> most{0};

 private:
  LocalStore& m_inner;
  std::atomic<int> m_in_flight{0};
};

TEST(ParallelIngest, DownloadsInFlightNeverExceedTheFetchers) {
  Objects objects;
  for (const auto& [readers, fetchers] :
       std::vector<std::pair<unsigned, unsigned>>{{2, 1}, {1, 1}, {2, 8}}) {
    InFlightStore store(objects.store());
    ASSERT_TRUE(objects.ingest(readers, fetchers, &store).status);
    EXPECT_LE(store.most.load(), static_cast<int>(fetchers));
    if (fetchers == 8) {
      EXPECT_GT(store.most.load(), 2);  // really concurrent
    }
  }
}

// Rewrites one object in place, shorter, right after the worker mapped it, as
// a writer that does not replace files atomically might: the worker's reading
// of the mapping hits pages past the new end.
class ShrinkingStore final : public ObjectStore {
 public:
  ShrinkingStore(LocalStore& inner, std::string key, std::string shorter)
      : m_inner(inner), m_key(std::move(key)), m_shorter(std::move(shorter)) {}
  [[nodiscard]] std::string describe() const override { return "shrinking"; }
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override {
    return m_inner.list(prefix);
  }
  Result<FolderListing> list_folder(std::string_view prefix) override {
    return m_inner.list_folder(prefix);
  }
  Result<std::string> get(std::string_view key) override { return m_inner.get(key); }
  Result<std::string_view> get_into(std::string_view key, FetchBuffer& buffer) override {
    auto bytes = m_inner.get_into(key, buffer);
    if (bytes && key == m_key && !std::exchange(m_shrunk, true)) {
      std::ofstream(m_inner.root() / m_key, std::ios::binary | std::ios::trunc) << m_shorter;
    }
    return bytes;
  }
  Result<ObjectInfo> head(std::string_view key) override { return m_inner.head(key); }
  Result<std::string> put(std::string_view key, std::string_view body,
                          const PutCondition& condition) override {
    return m_inner.put(key, body, condition);
  }
  [[nodiscard]] StoreRequestStats request_stats() const override { return m_inner.request_stats(); }

 private:
  LocalStore& m_inner;
  std::string m_key;
  std::string m_shorter;
  bool m_shrunk = false;
};

// The worker does not die of SIGBUS, throws its reading of the mapping away
// and reads the object again: the day is counted as if the object had been
// short from the start. Cut to one record (pages past the new end fault), or
// by its last line only (within its last page: no fault, the size tells).
TEST(ParallelIngest, AnObjectCutShortWhileMappedIsReadAgain) {
  for (const bool within_the_last_page : {false, true}) {
    SCOPED_TRACE(within_the_last_page ? "within the last page" : "by pages");
    Objects objects;
    const auto whole = objects.ingest(2, 2);
    ASSERT_TRUE(whole.status);
    const ObjectInfo& object = objects.objects()[7];  // 50 records and a malformed line
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    ASSERT_GT(object.size, 4 * page);  // pages past the new end
    std::string shorter;
    if (within_the_last_page) {
      auto body = objects.store().get(object.key);
      ASSERT_TRUE(body);
      ASSERT_TRUE(body->ends_with("}\n{not json\n"));
      shorter = body->substr(0, body->size() - std::string_view("{not json\n").size());
      ASSERT_EQ(shorter.size() / page, body->size() / page);  // the same last page
    } else {
      shorter = testing::log_record("short-1", "2026-11-30T11:00:00Z", 3, 4) + "{cut";
    }

    ShrinkingStore shrinking(objects.store(), object.key, shorter);
    const auto gets_before = objects.store().request_stats().get_requests;
    const auto cut = objects.ingest(2, 2, &shrinking);
    ASSERT_TRUE(cut.status);
    EXPECT_EQ(objects.store().request_stats().get_requests - gets_before, 41U);  // read twice

    const auto short_from_the_start = objects.ingest(1, 1);  // the file is short now
    ASSERT_TRUE(short_from_the_start.status);
    EXPECT_TRUE(cut.usage.rows() == short_from_the_start.usage.rows());
    EXPECT_EQ(cut.warnings, short_from_the_start.warnings);
    EXPECT_EQ(cut.stats, short_from_the_start.stats);
    EXPECT_FALSE(cut.stats == whole.stats);
  }
}

TEST(ParallelIngest, NoObjectsNothingToDo) {
  testing::TempDir dir;
  LocalStore store(dir.path());
  NoLongContext policy;
  DayAccumulator day(k_day, policy);
  EXPECT_TRUE(ingest_in_parallel(store, "us-east-1", {}, day, {4, 8},
                                 [](std::size_t, ObjectOutcome&&, std::uint64_t) {}));
}

}  // namespace
}  // namespace boostburn
