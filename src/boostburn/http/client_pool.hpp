// An HttpClient that sends concurrent requests in parallel: each send()
// borrows an idle inner client (creating one when none is idle) and returns
// it afterwards, so connections are reused and never shared by two requests
// at once. The number of inner clients grows to the largest number of
// concurrent send() calls seen (the callers' concurrency bounds it, e.g.
// --s3-concurrency). Thread-safe; never throws except std::bad_alloc.
#pragma once

#include <functional>
#include <memory>

#include "boostburn/http/http_client.hpp"

namespace boostburn {

using MakeHttpClient = std::function<std::unique_ptr<HttpClient>()>;

std::unique_ptr<HttpClient> make_http_client_pool(MakeHttpClient make_client);

}  // namespace boostburn
