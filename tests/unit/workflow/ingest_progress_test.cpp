#include "boostburn/workflow/ingest_progress.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/pty.hpp"

namespace boostburn {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr std::string_view k_erase = "\r\033[K";

// What the progress wrote, through open_memstream.
class Captured {
 public:
  Captured() : m_file(::open_memstream(&m_buffer, &m_size)) {}
  ~Captured() {
    std::fclose(m_file);
    std::free(m_buffer);
  }
  Captured(const Captured&) = delete;
  Captured& operator=(const Captured&) = delete;

  [[nodiscard]] std::FILE* file() const { return m_file; }
  [[nodiscard]] std::string text() {
    std::fflush(m_file);
    return {m_buffer, m_size};
  }

 private:
  char* m_buffer = nullptr;
  std::size_t m_size = 0;
  std::FILE* m_file;
};

// A clock the test moves by hand.
class FakeClock {
 public:
  [[nodiscard]] IngestProgress::Clock clock() {
    return [this] { return m_now; };
  }
  void advance(std::chrono::steady_clock::duration by) { m_now += by; }

 private:
  std::chrono::steady_clock::time_point m_now{std::chrono::hours(1)};
};

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

class IngestProgressTest : public ::testing::Test {
 protected:
  Captured m_out;
  FakeClock m_clock;
};

TEST_F(IngestProgressTest, ShowsObjectsBytesRateAndTimeLeftAfterOneSecond) {
  IngestProgress progress(m_out.file(), true, m_clock.clock());
  progress.start("us-east-1", 40, 1'100'000'000);
  m_clock.advance(500ms);
  for (int i = 0; i < 11; ++i) {
    progress.advance(26'000'000);
  }
  EXPECT_EQ(m_out.text(), "");  // not yet a second
  m_clock.advance(1000ms);
  progress.advance(26'000'000);
  // 312 MB in 1.5 s is 208 MB/s; 788 MB to go takes 3.8 s.
  EXPECT_EQ(m_out.text(),
            "\r\033[Kingest us-east-1: 12/40 objects, 312 MB of 1.1 GB, 208 MB/s, ~4 s left");
}

TEST_F(IngestProgressTest, ShortIngestShowsNothing) {
  IngestProgress progress(m_out.file(), true, m_clock.clock());
  progress.start("us-east-1", 3, 3000);
  for (int i = 0; i < 3; ++i) {
    m_clock.advance(300ms);
    progress.advance(1000);
  }
  progress.finish();
  EXPECT_EQ(m_out.text(), "");
}

TEST_F(IngestProgressTest, DisabledWritesNothingAtAll) {
  {
    IngestProgress progress(m_out.file(), false, m_clock.clock());
    progress.start("us-east-1", 100, 100'000);
    for (int i = 0; i < 100; ++i) {
      m_clock.advance(1s);
      progress.advance(1000);
    }
    progress.finish();
  }
  EXPECT_EQ(m_out.text(), "");
}

TEST_F(IngestProgressTest, RedrawsAtMostTenTimesASecond) {
  IngestProgress progress(m_out.file(), true, m_clock.clock());
  progress.start("eu-west-1", 1000, 1'000'000);
  m_clock.advance(1s);
  for (int i = 0; i < 100; ++i) {  // 100 objects in the next second
    progress.advance(1000);
    m_clock.advance(10ms);
  }
  const std::string text = m_out.text();
  EXPECT_EQ(count(text, k_erase), 10u) << text;
  EXPECT_THAT(text, HasSubstr("ingest eu-west-1: 1/1000 objects"));
  EXPECT_THAT(text, HasSubstr("ingest eu-west-1: 11/1000 objects"));
  EXPECT_THAT(text, Not(HasSubstr("ingest eu-west-1: 10/1000 objects")));
  EXPECT_THAT(text, Not(HasSubstr("\n")));  // one line, rewritten in place
}

TEST_F(IngestProgressTest, FinishErasesTheLineOnce) {
  IngestProgress progress(m_out.file(), true, m_clock.clock());
  progress.start("us-east-1", 2, 2000);
  m_clock.advance(2s);
  progress.advance(1000);
  progress.advance(1000);
  const std::string shown = m_out.text();
  ASSERT_THAT(shown, HasSubstr("1/2 objects"));
  progress.finish();
  progress.finish();
  EXPECT_EQ(m_out.text(), shown + std::string(k_erase));
}

TEST_F(IngestProgressTest, AFailedIngestStillErasesTheLine) {
  std::string shown;
  {
    IngestProgress progress(m_out.file(), true, m_clock.clock());
    progress.start("us-east-1", 5, 5000);
    m_clock.advance(2s);
    progress.advance(1000);
    shown = m_out.text();
  }  // an error return leaves the scope without finish()
  EXPECT_THAT(shown, HasSubstr("1/5 objects"));
  EXPECT_THAT(m_out.text(), EndsWith(std::string(shown) + std::string(k_erase)));
}

TEST_F(IngestProgressTest, NoTimeLeftOnceAllBytesAreInAndNoRateBeforeAnyByte) {
  IngestProgress progress(m_out.file(), true, m_clock.clock());
  progress.start("us-east-1", 3, 2000);
  m_clock.advance(2s);
  progress.advance(0);  // an empty object
  m_clock.advance(1s);
  progress.advance(2500);  // more than the listing said
  const std::string text = m_out.text();
  EXPECT_THAT(text, HasSubstr("ingest us-east-1: 1/3 objects, 0 B of 2.0 kB\r"));
  EXPECT_THAT(text, EndsWith("ingest us-east-1: 2/3 objects, 2.5 kB of 2.5 kB, 833 B/s"));
}

TEST_F(IngestProgressTest, RegionNamesCannotCarryTerminalCodes) {
  IngestProgress progress(m_out.file(), true, m_clock.clock());
  progress.start("us-east-1\033[2J\n", 1, 10);
  m_clock.advance(2s);
  progress.advance(10);
  const std::string text = m_out.text();
  EXPECT_THAT(text, HasSubstr("ingest us-east-1?[2J?: 1/1 objects"));
  EXPECT_EQ(count(text, "\033"), 1u);  // only the erase
}

// On a real (pseudo-)terminal the line is cut to its width, so it never wraps.
TEST_F(IngestProgressTest, LineFitsTheTerminalWidth) {
  testing::Pty pty(40);
  std::FILE* terminal = ::fdopen(::dup(pty.terminal()), "w");
  ASSERT_NE(terminal, nullptr);
  {
    IngestProgress progress(terminal, true, m_clock.clock());
    progress.start("ap-southeast-2", 40, 1'100'000'000);
    m_clock.advance(2s);
    progress.advance(26'000'000);
  }
  std::fclose(terminal);
  // 39 of "ingest ap-southeast-2: 1/40 objects, 26.0 MB of 1.1 GB, 13.0 MB/s, ~1 min 23 s left"
  EXPECT_EQ(pty.written(), std::string(k_erase) + "ingest ap-southeast-2: 1/40 objects, 26" +
                               std::string(k_erase));
}

TEST(FormatBytesTest, DecimalUnitsWithOneDecimalBelowAHundred) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(999), "999 B");
  EXPECT_EQ(format_bytes(1000), "1.0 kB");
  EXPECT_EQ(format_bytes(12'345), "12.3 kB");
  EXPECT_EQ(format_bytes(312'400'000), "312 MB");
  EXPECT_EQ(format_bytes(999'600), "1.0 MB");  // not "1000 kB"
  EXPECT_EQ(format_bytes(1'100'000'000), "1.1 GB");
  EXPECT_EQ(format_bytes(45'000'000'000'000), "45.0 TB");
}

TEST(FormatDurationTest, SecondsMinutesHours) {
  EXPECT_EQ(format_duration(0), "0 s");
  EXPECT_EQ(format_duration(59), "59 s");
  EXPECT_EQ(format_duration(150), "2 min 30 s");
  EXPECT_EQ(format_duration(7300), "2 h 1 min");
}

}  // namespace
}  // namespace boostburn
