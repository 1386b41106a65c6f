// Parallel ingest of one region's new objects: at most `fetchers` downloads
// in flight (many against S3), at most `readers` objects decoded and parsed
// at once (one ObjectReader each, the CPU-bound part), and the
// calling thread merges the batches into the DayAccumulator strictly in the
// objects' order, so the day's result (de-duplication included) is the same
// for any number of threads.
//
// Memory stays bounded by the objects in flight: a fetch starts only while
// fewer than fetchers + readers objects are fetched or read but not merged.
// On a local store each worker maps its objects (ObjectStore::get_into), one
// at a time, or, where a file cannot be mapped, keeps a buffer from object to
// object: at most the largest object it read, per worker. A file that shrank
// while it was mapped and read is read again (FetchBuffer::intact). A remote
// store's downloads are freed once read. A merged batch's records storage
// goes to a later object's read (about one spare per object in the window),
// so that the workers write records to memory already faulted in.
// On the first fetch error (after the store's own retries) no new fetch
// starts, the objects merged so far stay merged and the error is returned;
// on_merged has then been called for exactly the merged prefix.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "boostburn/ingest/day_accumulator.hpp"
#include "boostburn/store/object_store.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

struct ParallelIngestOptions {
  unsigned readers = 1;   // decode + parse at once (--threads)
  unsigned fetchers = 1;  // downloads in flight at most (--s3-concurrency on S3)
};

// Called on the calling thread after each object was merged, in order:
// its index in `objects`, what it contributed, and its size as downloaded.
using OnMerged =
    std::function<void(std::size_t index, ObjectOutcome&& outcome, std::uint64_t bytes_fetched)>;

Status ingest_in_parallel(ObjectStore& store, std::string_view region,
                          const std::vector<ObjectInfo>& objects, DayAccumulator& accumulator,
                          const ParallelIngestOptions& options, const OnMerged& on_merged);

}  // namespace boostburn
