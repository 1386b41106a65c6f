#include "boostburn/workflow/parallel_ingest.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace boostburn {
namespace {

struct Slot {
  std::optional<ObjectBatch> batch;  // set once read
  std::uint64_t bytes_fetched = 0;
};

class Pipeline {
 public:
  Pipeline(ObjectStore& store, std::string_view region, const std::vector<ObjectInfo>& objects,
           DayAccumulator& accumulator, const ParallelIngestOptions& options)
      : m_store(store),
        m_region(region),
        m_objects(objects),
        m_slots(objects.size()),
        m_window(static_cast<std::size_t>(options.fetchers) + options.readers),
        m_fetch_limit(options.fetchers) {
    for (unsigned i = 0; i < options.readers; ++i) {
      m_idle_readers.push_back(std::make_unique<ObjectReader>(accumulator.make_reader()));
    }
    // Room for the spares up front (about one per object in the window), so
    // that the merging thread need not allocate for them.
    m_spare_records.reserve(m_window + 1);
  }

  Status run(DayAccumulator& accumulator, unsigned workers_wanted, const OnMerged& on_merged) {
    std::vector<std::jthread> workers;
    const std::size_t count = std::min<std::size_t>(workers_wanted, m_objects.size());
    workers.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      workers.emplace_back([this] { work(); });
    }
    for (std::size_t index = 0; index < m_objects.size(); ++index) {
      Slot slot;
      {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_slots[index].batch.has_value() || m_error; });
        if (!m_slots[index].batch) {
          break;  // a fetch failed before this object was read
        }
        slot = std::move(m_slots[index]);
      }
      ObjectOutcome outcome = accumulator.merge(std::move(*slot.batch));
      on_merged(index, std::move(outcome), slot.bytes_fetched);
      {
        const std::lock_guard lock(m_mutex);
        m_merged = index + 1;
        // Its records' storage goes to a later object (ObjectReader::read).
        m_spare_records.push_back(std::move(slot.batch->records));
      }
      m_changed.notify_all();
    }
    stop();
    workers.clear();  // joins
    if (m_error) {
      return tl::unexpected(*m_error);
    }
    return {};
  }

 private:
  void work() {
    FetchBuffer download;  // reused from object to object
    for (;;) {
      std::size_t index = 0;
      {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] {
          return m_stopped || m_next >= m_objects.size() ||
                 (m_next < m_merged + m_window && m_fetching < m_fetch_limit);
        });
        if (m_stopped || m_next >= m_objects.size()) {
          return;
        }
        index = m_next++;
        ++m_fetching;
      }
      const ObjectInfo& object = m_objects[index];
      auto bytes = m_store.get_into(object.key, download);
      {
        const std::lock_guard lock(m_mutex);
        --m_fetching;
      }
      m_changed.notify_all();
      if (!bytes) {
        fail(bytes.error());
        return;
      }
      auto [reader, storage] = take_reader();
      if (!reader) {
        return;  // stopped
      }
      ObjectBatch batch = reader->read(m_region, object.key, *bytes, std::move(storage));
      if (!download.intact()) {
        // The file was mapped and shrank while it was read: throw that
        // reading away and read what the file holds now, into memory (a
        // second GET, counted as such).
        download.allow_mapping(false);
        bytes = m_store.get_into(object.key, download);
        download.allow_mapping(true);
        if (!bytes) {
          fail(bytes.error());
          return;
        }
        batch = reader->read(m_region, object.key, *bytes, std::move(batch.records));
      }
      const std::uint64_t fetched = bytes->size();
      if (m_store.is_remote()) {
        // Many fetchers, each given a new buffer per download: free it before
        // waiting for the merge rather than hold one object per fetcher.
        download.release();
      }
      {
        const std::lock_guard lock(m_mutex);
        m_idle_readers.push_back(std::move(reader));
        m_slots[index].batch = std::move(batch);
        m_slots[index].bytes_fetched = fetched;
      }
      m_changed.notify_all();
    }
  }

  // An idle reader, and the records storage of a merged batch if there is
  // one; no reader once stopped.
  std::pair<std::unique_ptr<ObjectReader>, std::vector<DayRecord>> take_reader() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_stopped || !m_idle_readers.empty(); });
    if (m_stopped) {
      return {};
    }
    std::unique_ptr<ObjectReader> reader = std::move(m_idle_readers.back());
    m_idle_readers.pop_back();
    std::vector<DayRecord> storage;
    if (!m_spare_records.empty()) {
      storage = std::move(m_spare_records.back());
      m_spare_records.pop_back();
    }
    return {std::move(reader), std::move(storage)};
  }

  void fail(const Error& error) {
    {
      const std::lock_guard lock(m_mutex);
      if (!m_error) {
        m_error = error;
      }
      m_stopped = true;
    }
    m_changed.notify_all();
  }

  void stop() {
    {
      const std::lock_guard lock(m_mutex);
      m_stopped = true;
    }
    m_changed.notify_all();
  }

  ObjectStore& m_store;
  std::string_view m_region;
  const std::vector<ObjectInfo>& m_objects;
  std::vector<Slot> m_slots;
  const std::size_t m_window;
  const std::size_t m_fetch_limit;  // downloads in flight at most

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<std::unique_ptr<ObjectReader>> m_idle_readers;
  // Records storage of merged batches, for the next reads: at most one per
  // object in the window.
  std::vector<std::vector<DayRecord>> m_spare_records;
  std::size_t m_next = 0;      // the next object to fetch
  std::size_t m_merged = 0;    // objects merged so far
  std::size_t m_fetching = 0;  // downloads in flight
  bool m_stopped = false;
  std::optional<Error> m_error;
};

}  // namespace

Status ingest_in_parallel(ObjectStore& store, std::string_view region,
                          const std::vector<ObjectInfo>& objects, DayAccumulator& accumulator,
                          const ParallelIngestOptions& options, const OnMerged& on_merged) {
  ParallelIngestOptions sane = options;
  sane.readers = std::max(1U, sane.readers);
  sane.fetchers = std::max(1U, sane.fetchers);
  Pipeline pipeline(store, region, objects, accumulator, sane);
  // Each worker fetches then reads one object at a time: enough of them to
  // keep every download slot and every reader busy.
  return pipeline.run(accumulator, std::max(sane.readers, sane.fetchers), on_merged);
}

}  // namespace boostburn
