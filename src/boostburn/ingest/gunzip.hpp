// Turns the bytes of a log object into text ready for the record parser.
//
// Gzip is recognised by its magic bytes (1f 8b), never by the key: a `.gz`
// key holding plain text is read as text, gzip under any key is inflated.
// Concatenated gzip members are all inflated, and each member's CRC-32 and
// size are checked (gzip_member.hpp). The last trailer's size is only a hint
// for the buffer (it is mod 2^32 and untrusted); the output grows as needed
// up to GunzipOptions::max_output_bytes, which also caps a plain-text object.
//
// Never throws (except std::bad_alloc) and never gives up on an object: a
// truncated or corrupt stream is inflated with zlib as far as it goes, so the
// complete lines before the damage still count, and the damage is described
// in the result for the caller to report. Output always has
// PaddedBuffer::k_padding readable bytes after it (simdjson's requirement).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/ingest/gzip_member.hpp"  // is_gzip
#include "boostburn/ingest/padded_buffer.hpp"

struct libdeflate_decompressor;

namespace boostburn {

inline constexpr std::size_t k_default_max_decompressed_bytes = std::size_t{1} << 30;  // 1 GiB

struct GunzipOptions {
  // Decompressed bytes kept per object (gzip or plain); the rest is dropped
  // and reported as damage (--max-object-bytes).
  std::size_t max_output_bytes = k_default_max_decompressed_bytes;
};

// A member inflated whole, whose text the caller must still compare with
// its CRC-32 (CrcCheck::by_caller).
struct UncheckedMember {
  std::size_t offset = 0;  // of its text in the output
  std::size_t size = 0;
  std::uint32_t crc = 0;  // the trailer's

  friend bool operator==(const UncheckedMember&, const UncheckedMember&) = default;
};

struct DecodeReport {
  bool was_gzip = false;
  // With CrcCheck::by_caller: the members inflated by libdeflate, in order.
  // Those salvaged with zlib after damage are checked by zlib itself.
  std::vector<UncheckedMember> unchecked;
  // Set when the object could not be fully decoded (corrupt or truncated
  // stream, trailing garbage, size over the cap): what happened and how much
  // was kept. The decoded output then holds what could be recovered.
  std::optional<std::string> damage;
};

// Reusable decoder: owns one libdeflate decompressor. Not thread-safe; use
// one per worker.
class Gunzipper {
 public:
  explicit Gunzipper(GunzipOptions options = {});
  ~Gunzipper();
  Gunzipper(Gunzipper&&) noexcept;
  Gunzipper& operator=(Gunzipper&&) noexcept;
  Gunzipper(const Gunzipper&) = delete;
  Gunzipper& operator=(const Gunzipper&) = delete;

  // Decodes an object's bytes into `out`, replacing its contents and reusing
  // its storage: inflated when gzip, copied as they are otherwise. With
  // CrcCheck::by_caller, a member whose text does not match its CRC-32 is
  // not damage here: the caller checks DecodeReport::unchecked, and when one
  // does not match, decodes again with CrcCheck::inflating, which keeps the
  // text up to the end of that member and says where the damage is.
  DecodeReport decode(std::string_view bytes, PaddedBuffer& out,
                      CrcCheck check = CrcCheck::inflating);

 private:
  struct Deleter {
    void operator()(libdeflate_decompressor* decompressor) const;
  };
  GunzipOptions m_options;
  std::unique_ptr<libdeflate_decompressor, Deleter> m_decompressor;
};

struct GunzipResult {
  PaddedBuffer data;
  bool was_gzip = false;
  std::optional<std::string> damage;  // as DecodeReport::damage
};

// One-shot convenience over Gunzipper::decode.
GunzipResult gunzip_object(std::string_view bytes, const GunzipOptions& options = {});

}  // namespace boostburn
