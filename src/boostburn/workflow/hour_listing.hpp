// list_hour_objects: the log objects of one hour prefix, without listing the
// body folders Bedrock writes beside them.
//
// Bedrock puts request and response bodies over 100 KB under
// "{hour prefix}/data/" (often thousands of keys an hour) and never a record
// there. The hour is listed one folder level at a time
// (ObjectStore::list_folder); a sub-folder whose last segment is "data" is
// never listed, at any depth, and every other sub-folder is. So on S3 an hour
// costs one LIST request per 1,000 log objects (and per other sub-folder),
// however many bodies it holds.
//
// Failure behaviour: the first listing error is returned as the store gave it
// (its message names the prefix), never a partial listing. A store that names
// a folder not strictly below the prefix it listed is an ErrorKind::service
// error (descending into it could loop forever).
#pragma once

#include <string_view>
#include <vector>

#include "boostburn/store/object_store.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// Every object below `hour_prefix` except those in body folders, sorted by
// key. A missing hour lists as empty (as ObjectStore::list_folder does).
Result<std::vector<ObjectInfo>> list_hour_objects(ObjectStore& store, std::string_view hour_prefix);

}  // namespace boostburn
