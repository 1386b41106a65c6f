// RawSocketServer: a loopback TCP server that answers every connection with
// the same canned bytes and then closes it, for responses a well-behaved HTTP
// server never sends (a Content-Length longer than the body, a 100 Continue
// nobody asked for, no response at all).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace boostburn::testing {

class RawSocketServer {
 public:
  // `response` is written after the request's header block has been read.
  explicit RawSocketServer(std::string response) : m_response(std::move(response)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(m_listen, 8) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      std::abort();
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~RawSocketServer() {
    m_stop = true;
    m_thread.join();
    ::close(m_listen);
  }
  RawSocketServer(const RawSocketServer&) = delete;
  RawSocketServer& operator=(const RawSocketServer&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] int connections() const { return m_connections; }
  // The request line and headers of the last connection.
  [[nodiscard]] std::string last_request() const {
    const std::lock_guard lock(m_mutex);
    return m_last_request;
  }

 private:
  void serve() {
    while (!m_stop) {
      pollfd ready{m_listen, POLLIN, 0};
      if (::poll(&ready, 1, 20) <= 0) {
        continue;
      }
      const int connection = ::accept(m_listen, nullptr, nullptr);
      if (connection < 0) {
        continue;
      }
      ++m_connections;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t got = ::recv(connection, buffer, sizeof(buffer), 0);
        if (got <= 0) {
          break;
        }
        request.append(buffer, static_cast<std::size_t>(got));
      }
      {
        const std::lock_guard lock(m_mutex);
        m_last_request = request.substr(0, request.find("\r\n\r\n") + 2);
      }
      std::size_t sent = 0;
      while (sent < m_response.size()) {
        const ssize_t put =
            ::send(connection, m_response.data() + sent, m_response.size() - sent, MSG_NOSIGNAL);
        if (put <= 0) {
          break;
        }
        sent += static_cast<std::size_t>(put);
      }
      ::close(connection);
    }
  }

  std::string m_response;
  int m_listen = -1;
  int m_port = 0;
  mutable std::mutex m_mutex;
  std::string m_last_request;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_connections{0};
  std::thread m_thread;
};

// A loopback port on which nothing listens (bound once, then released).
inline int unused_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::abort();
  }
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

// True when something accepts TCP connections on the loopback `port`.
inline bool can_connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool connected =
      fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  if (fd >= 0) {
    ::close(fd);
  }
  return connected;
}

}  // namespace boostburn::testing
